// Test support for the Alibaba operation providers: an in-process emulator reached over real HTTP,
// the environment pointing the client at it, and its control API.
import { CallRecord, defaultFixture, EMULATOR_ALICLOUD_CREDENTIALS, EmulatorOptions, Fixture } from "../../emulator";
import { EmulatedCloud, startEmulatedCloud } from "../support/emulated-cloud";

/** Every variable the Alibaba settings resolution reads; cleared and restored around the tests that set them. */
export const ALICLOUD_ENV_KEYS = [
    "ECS_OPS_ALICLOUD_ENDPOINT",
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_REGION_ID",
    "ALICLOUD_ACCESS_KEY",
    "ALICLOUD_SECRET_KEY",
    "ALICLOUD_SECURITY_TOKEN",
    "ALICLOUD_REGION",
    "ALIBABA_CLOUD_ROLE_ARN",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
    "ALIBABA_CLOUD_ROLE_SESSION_NAME",
    "ALIBABA_CLOUD_CREDENTIALS_URI",
    "ALIBABA_CLOUD_PROFILE",
    "ALICLOUD_PROFILE",
    "ALICLOUD_SHARED_CREDENTIALS_FILE",
    "ALIBABA_CLOUD_ECS_METADATA",
    "ALIBABA_CLOUD_IMDSV1_DISABLED",
    "ALIBABA_CLOUD_STS_REGION",
    "ECS_OPS_ALICLOUD_STS_ENDPOINT",
    "ECS_OPS_ALICLOUD_METADATA_ENDPOINT",
] as const;

/** A running emulator with the environment pointed at it; `reset()` without a fixture reloads the default fixture. */
export type EmulatedAlicloud = EmulatedCloud<AlicloudStateView, Fixture>;

/** The parts of the emulator's alicloud state the tests read. */
export interface AlicloudStateView {
    instances: Array<Record<string, unknown> & { instanceId: string; regionId: string; status: string }>;
    disks: Array<Record<string, unknown> & { diskId: string; instanceId: string | null; type: string; status: string }>;
    [key: string]: unknown;
}

/** Starts the emulator on 127.0.0.1 (port 0) and points the Alibaba client at it through the environment. */
export function startEmulatedAlicloud(options: EmulatorOptions = { timeScale: 0.01 }): Promise<EmulatedAlicloud> {
    return startEmulatedCloud<AlicloudStateView, Fixture>({
        cloud: "alicloud",
        options,
        envKeys: ALICLOUD_ENV_KEYS,
        env: (url) => ({
            ECS_OPS_ALICLOUD_ENDPOINT: `${url}/{region}`, // each region at its regional endpoint
            ALIBABA_CLOUD_ACCESS_KEY_ID: EMULATOR_ALICLOUD_CREDENTIALS.accessKeyId,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: EMULATOR_ALICLOUD_CREDENTIALS.accessKeySecret,
            ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
        }),
        defaultReset: defaultFixture,
    });
}

/** The action names of calls, optionally marking dry runs (`RebootInstance(DryRun)`). */
export function actions(calls: CallRecord[]): string[] {
    return calls.map((c) => (c.params?.DryRun === "true" ? `${c.action}(DryRun)` : c.action));
}

/**
 * Polls `probe` (every 50 ms, up to `limitMs`) until it returns a value other than undefined: for a
 * test that reads the cloud right after a change, since Describe calls lag by the settling delay.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 15_000): Promise<T> {
    const until = Date.now() + limitMs;
    for (;;) {
        const v = await probe();
        if (v !== undefined) return v;
        if (Date.now() > until) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}
