// Test support for the Huawei Cloud provider: an in-process emulator reached over real HTTP, the
// environment pointing the client at it, its control API, and a capture of everything printed.
import { CallRecord, EMULATOR_HUAWEICLOUD_CREDENTIALS, EmulatorOptions, FaultConfig, startEmulator } from "../../emulator";
import { clearStackConfig } from "../../provider/core/stack-config";

/** Every variable the Huawei credential resolution reads; saved, cleared and restored around a test file. */
const ENV_KEYS = [
    "HW_ACCESS_KEY",
    "HW_SECRET_KEY",
    "HW_SECURITY_TOKEN",
    "HW_REGION_NAME",
    "HW_PROJECT_ID",
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "ECS_OPS_HUAWEICLOUD_ENDPOINT",
] as const;

/** Server ids of the default fixture (emulator/fixtures/default-huaweicloud.json). */
export const SERVERS = {
    /** ACTIVE Linux: a reinstall needs stopServer. */
    active: "7f3d9350-288d-41dd-9616-195bba332426",
    /** SHUTOFF Linux, ready. */
    shutoff: "277c9006-6084-45d6-9702-91a3349b38b8",
    /** Locked: reinstall answers Ecs.0605. */
    locked: "65098b1f-7bc2-4cbc-9b4a-9abbd2bd66e1",
    /** No system disk: Ecs.0105. */
    noSystemDisk: "9e58abf8-d523-4fda-9572-252c22a70df1",
    /** Its next reinstall job FAILs (scripted), the one after succeeds. */
    failsNext: "a6ff54cf-d08a-4a99-b87b-73e88c4bdb07",
    /** SHUTOFF Windows. */
    windows: "02e1e5a2-f0c0-407d-aa52-76a3e5a35920",
    /** Its next reinstall job stays RUNNING for 30 modelled minutes (scripted). */
    stuck: "c85a4d25-5d3a-4c81-84c4-7d973e1fd22d",
    /** ERROR (not from a failed reinstall): Ecs.0100. */
    error: "dfa65efd-830c-4860-b9f2-f0c26e8eb00b",
    /** Not in the fixture. */
    missing: "00000000-0000-4000-8000-000000000000",
} as const;

/** The IAM user id of the default credentials, and a key pair of the default project. */
export const USER_ID = "7e25b1da389f4697a79df3a0e5bd494e";
export const KEY_NAME = "KeyPair-350b";
/** An authorised and an unauthorised KMS key of the default project. */
export const CMK_AUTHORIZED = "83cdb52d-9ebf-4469-9cfa-e7b5b80da846";
export const CMK_NOT_GRANTED = "011b81fb-ab0a-4efd-a00f-95c9a513f509";

/** A running emulator with the process environment pointed at it. */
export interface EmulatedHuaweicloud {
    url: string;
    /** Huawei calls recorded since the last `clearCalls`, in order. */
    calls(): Promise<CallRecord[]>;
    clearCalls(): Promise<void>;
    faults(config: FaultConfig): Promise<void>;
    /** `GET /_emulator/state`, the huaweicloud section. */
    state(): Promise<Record<string, unknown>>;
    /** Reloads the fixture (or the given one) and clears calls and faults. */
    reset(fixture?: unknown): Promise<void>;
    /** Stops the emulator and restores the environment. */
    stop(): Promise<void>;
}

async function control(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${url}/_emulator/${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text);
}

/** Starts the emulator on 127.0.0.1 (port 0) and points the Huawei client at it through the environment. */
export async function startEmulatedHuaweicloud(options: EmulatorOptions = { timeScale: 0.01 }): Promise<EmulatedHuaweicloud> {
    const emulator = await startEmulator({ port: 0, ...options });
    const saved = new Map<string, string | undefined>(ENV_KEYS.map((k) => [k, process.env[k]]));
    for (const key of ENV_KEYS) delete process.env[key];
    process.env.ECS_OPS_HUAWEICLOUD_ENDPOINT = emulator.url;
    process.env.HW_ACCESS_KEY = EMULATOR_HUAWEICLOUD_CREDENTIALS.accessKey;
    process.env.HW_SECRET_KEY = EMULATOR_HUAWEICLOUD_CREDENTIALS.secretKey;
    process.env.HW_PROJECT_ID = EMULATOR_HUAWEICLOUD_CREDENTIALS.projectId;
    process.env.HW_REGION_NAME = "cn-north-4";
    clearStackConfig();
    return {
        url: emulator.url,
        calls: async () => ((await control(emulator.url, "GET", "calls")) as { calls: CallRecord[] }).calls.filter((c) => c.cloud === "huaweicloud"),
        clearCalls: async () => {
            await control(emulator.url, "DELETE", "calls");
        },
        faults: async (config) => {
            await control(emulator.url, "POST", "faults", config);
        },
        state: async () => ((await control(emulator.url, "GET", "state")) as { huaweicloud: Record<string, unknown> }).huaweicloud,
        reset: async (fixture) => {
            await control(emulator.url, "POST", "reset", fixture);
        },
        stop: async () => {
            await emulator.stop();
            for (const [key, value] of saved) {
                if (value === undefined) delete process.env[key];
                else process.env[key] = value;
            }
        },
    };
}

/** Everything written to console.log / console.error / console.warn while capturing. */
export class OutputCapture {
    readonly lines: string[] = [];
    private saved?: { log: typeof console.log; error: typeof console.error; warn: typeof console.warn };

    start(): void {
        this.lines.length = 0;
        this.saved = { log: console.log, error: console.error, warn: console.warn };
        const keep = (...args: unknown[]): void => {
            this.lines.push(args.map(String).join(" "));
        };
        console.log = keep;
        console.error = keep;
        console.warn = keep;
    }

    stop(): void {
        if (this.saved) {
            console.log = this.saved.log;
            console.error = this.saved.error;
            console.warn = this.saved.warn;
            this.saved = undefined;
        }
    }

    /** All captured text in one string. */
    text(): string {
        return this.lines.join("\n");
    }
}

/** Operation names of calls, in order. */
export function operations(calls: CallRecord[]): string[] {
    return calls.map((c) => c.action);
}
