// Test support for the Alibaba operation providers: an in-process emulator reached over real HTTP,
// the environment pointing the client at it, its control API, and a capture of everything printed.
import { CallRecord, defaultFixture, EMULATOR_ALICLOUD_CREDENTIALS, EmulatorOptions, FaultConfig, Fixture, startEmulator } from "../../emulator";
import { clearStackConfig } from "../../provider/core/stack-config";

const ENV_KEYS = [
    "ECS_OPS_ALICLOUD_ENDPOINT",
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_REGION_ID",
    "ALICLOUD_ACCESS_KEY",
    "ALICLOUD_SECRET_KEY",
    "ALICLOUD_SECURITY_TOKEN",
    "ALICLOUD_REGION",
] as const;

/** A running emulator with the process environment pointed at it. */
export interface EmulatedAlicloud {
    url: string;
    /** Alibaba calls recorded since the last `clearCalls`, in order. */
    calls(): Promise<CallRecord[]>;
    clearCalls(): Promise<void>;
    faults(config: FaultConfig): Promise<void>;
    /** `GET /_emulator/state`, the alicloud section. */
    state(): Promise<AlicloudStateView>;
    /** Reloads the given fixture (default: the default fixture) and clears calls and faults. */
    reset(fixture?: Fixture): Promise<void>;
    /** Stops the emulator and restores the environment. */
    stop(): Promise<void>;
}

/** The parts of the emulator's alicloud state the tests read. */
export interface AlicloudStateView {
    instances: Array<Record<string, unknown> & { instanceId: string; regionId: string; status: string }>;
    disks: Array<Record<string, unknown> & { diskId: string; instanceId: string | null; type: string; status: string }>;
    [key: string]: unknown;
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

/** Starts the emulator on 127.0.0.1 (port 0) and points the Alibaba client at it through the environment. */
export async function startEmulatedAlicloud(options: EmulatorOptions = { timeScale: 0.01 }): Promise<EmulatedAlicloud> {
    const emulator = await startEmulator({ port: 0, ...options });
    const saved = new Map<string, string | undefined>(ENV_KEYS.map((k) => [k, process.env[k]]));
    for (const key of ENV_KEYS) delete process.env[key];
    process.env.ECS_OPS_ALICLOUD_ENDPOINT = emulator.url;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = EMULATOR_ALICLOUD_CREDENTIALS.accessKeyId;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = EMULATOR_ALICLOUD_CREDENTIALS.accessKeySecret;
    process.env.ALIBABA_CLOUD_REGION_ID = "cn-hangzhou";
    clearStackConfig();
    return {
        url: emulator.url,
        calls: async () => ((await control(emulator.url, "GET", "calls")) as { calls: CallRecord[] }).calls.filter((c) => c.cloud === "alicloud"),
        clearCalls: async () => {
            await control(emulator.url, "DELETE", "calls");
        },
        faults: async (config) => {
            await control(emulator.url, "POST", "faults", config);
        },
        state: async () => ((await control(emulator.url, "GET", "state")) as { alicloud: AlicloudStateView }).alicloud,
        reset: async (fixture) => {
            await control(emulator.url, "POST", "reset", fixture ?? defaultFixture());
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

/** Everything written to console.log / console.error while capturing. */
export class ConsoleCapture {
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

/** The action names of calls, optionally marking dry runs (`RebootInstance(DryRun)`). */
export function actions(calls: CallRecord[]): string[] {
    return calls.map((c) => (c.params?.DryRun === "true" ? `${c.action}(DryRun)` : c.action));
}
