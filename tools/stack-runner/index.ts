// Stack runner: runs a Pulumi program through the real Pulumi engine on a throwaway stack. The demo
// (examples/demo/run.ts), the benchmarks and the e2e tests (through test/e2e/kit.ts) share it.
//
//   const stack = await createStack({ program: path.join(__dirname, "fixtures/smoke"), emulator: true });
//   after(() => stack.dispose());
//   const up = await stack.up();
//   expect(up.changes.create).to.equal(2);
//   expect(up.calls.map((c) => c.action)).to.include("DescribeInstances");
//
// Every stack gets its own temp dir holding a copy of the program (with node_modules linked to this
// repository's, so `ecs-ops` and the SAME @pulumi/pulumi instance resolve), a file:// backend, and
// PULUMI_HOME. The CLI comes from scripts/ensure-pulumi.js: `ensureCli({ build: true })` finds or builds it
// (the demo does this first); otherwise createStack only reuses it (`npm test` builds it in pretest).
// Emulator endpoint and default credentials go in as stack config, never into program source.
import * as childProcess from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { CallRecord, Emulator, EmulatorOptions } from "../../emulator";
import { ensurePulumi, type EnsuredPulumi } from "../../scripts/ensure-pulumi";

const repoRoot = path.resolve(__dirname, "..", "..");

/** Default stack config: the emulator's credentials (the endpoints are added when an emulator is known). */
export const DEFAULT_CONFIG: Readonly<Record<string, ConfigValue>> = {
    "alicloud:accessKey": "LTAI5tEmulatorAccessKey",
    "alicloud:secretKey": { value: "emulator-access-key-secret", secret: true },
    "alicloud:region": "cn-hangzhou",
    "huaweicloud:accessKey": "EMULATORAK00000000000",
    "huaweicloud:secretKey": { value: "emulator-secret-key", secret: true },
    "huaweicloud:region": "cn-north-4",
    "huaweicloud:projectId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
};

/**
 * The endpoint config for an emulator at `url`: per-region templates, so each region is reached at
 * its own regional endpoint (`<url>/cn-hangzhou/`, `<url>/cn-north-4/v1/…`) as on the real clouds.
 */
export function emulatorEndpoints(url: string): Record<string, string> {
    return { "ecs-ops:alicloudEndpoint": `${url}/{region}`, "ecs-ops:huaweicloudEndpoint": `${url}/{region}` };
}

/**
 * A visibility grace for e2e stacks on an emulator with timeScale <= 0.05 (settling <= 150 ms, a reboot
 * <= 650 ms), whose scenario is not the grace itself: still many times the emulator's lag, so a loaded
 * machine cannot make a reboot look finished before it began.
 */
export const E2E_VISIBILITY_GRACE_MS = 3000;

/** Passphrase of every throwaway stack (file backend, passphrase secrets provider). */
export const E2E_PASSPHRASE = "ecs-ops-e2e-passphrase";

export type ConfigValue = string | { value: string; secret?: boolean };

export interface StackOptions {
    /** Folder of the Pulumi program. Copied (without node_modules); Pulumi.yaml/package.json added if missing. */
    program: string;
    /** Project name when the program has no Pulumi.yaml. Default "ecs-ops-e2e". */
    projectName?: string;
    /** Stack name. Default "e2e". */
    stackName?: string;
    /**
     * Emulator: `true` or options starts one for this stack (stopped by dispose), `{ url }` uses a running
     * one. Omitted: none, and no endpoint config is set.
     */
    emulator?: boolean | EmulatorOptions | { url: string };
    /** Extra stack config, applied after the defaults (a key set here wins). */
    config?: Record<string, ConfigValue>;
    /** Skip DEFAULT_CONFIG and the endpoint keys. */
    noDefaultConfig?: boolean;
    /** Extra environment for every pulumi run (program and providers inherit it). */
    env?: Record<string, string>;
    /**
     * `ECS_OPS_VISIBILITY_GRACE_MS` of every run: how long after a reboot its effect may still be invisible.
     * The default (20 s) covers a real cloud's lag; on a fast emulator (small timeScale, so a reboot lasts
     * well under a second and its transition is easily missed between polls) a scenario that is not about
     * that lag waits the whole grace per unseen reboot. `E2E_VISIBILITY_GRACE_MS` suits such stacks.
     */
    visibilityGraceMs?: number;
    /** Keep the temp dir after dispose (also ECS_OPS_E2E_KEEP=1), for debugging. */
    keep?: boolean;
    /** Type-check TypeScript programs while running them. Default false (tsc checks them already). */
    typeCheck?: boolean;
}

export interface VerbOptions {
    /** Extra CLI arguments, e.g. ["--target", urn] or ["--refresh"]. */
    args?: string[];
    /** Extra environment for this run. */
    env?: Record<string, string>;
    /** Resolve instead of throwing when pulumi exits non-zero. */
    allowFailure?: boolean;
    /** Kill the run after this many ms. Default 300000. */
    timeoutMs?: number;
    /**
     * Leave the emulator's call log as it is before the run (by default it is cleared, so `calls` holds this
     * run's calls only): for stacks sharing one emulator and running at once, where the caller clears it once.
     */
    keepCalls?: boolean;
}

/** One engine event from `--event-log` (see pulumi's apitype.EngineEvent). */
export interface EngineEvent {
    sequence: number;
    timestamp: number;
    [kind: string]: unknown;
}

export interface StepInfo {
    op: string;
    urn: string;
    type: string;
    /** Resource name (last URN segment). */
    name: string;
}

export interface Diagnostic {
    severity: string;
    message: string;
    urn?: string;
    prefix?: string;
}

export interface VerbResult {
    verb: string;
    exitCode: number;
    stdout: string;
    stderr: string;
    /** `--json` output: one document (preview) or the array of streamed JSON lines (up/refresh/destroy). */
    json: unknown;
    /** Engine events from `--event-log`. */
    events: EngineEvent[];
    /** Resource steps announced by the engine (resourcePreEvent), in order, `same` included. */
    steps: StepInfo[];
    /** Summary counts by op, e.g. { create: 2 } or { same: 2 }. */
    changes: Record<string, number>;
    /** Non-debug diagnostics: program and provider console output, warnings, errors. */
    diagnostics: Diagnostic[];
    /** Emulator calls made during this verb (the log is cleared before it). Empty without an emulator. */
    calls: CallRecord[];
    durationMs: number;
}

/** A throwaway stack. Call dispose() in after()/afterEach(), also when the test failed. */
export class TestStack {
    /** Temp dir holding everything. */
    readonly dir: string;
    /** Copy of the program: the Pulumi project dir (cwd of the program and of providers). */
    readonly projectDir: string;
    /** file:// backend dir. */
    readonly backendDir: string;
    readonly stackName: string;
    readonly projectName: string;
    readonly pulumi: EnsuredPulumi;
    /** Emulator base URL when one is in use. */
    readonly emulatorUrl?: string;

    private readonly env: NodeJS.ProcessEnv;
    private readonly emulator?: Emulator;
    private readonly keep: boolean;
    private readonly children = new Set<childProcess.ChildProcess>();
    private runCounter = 0;
    private disposed = false;

    /** @internal use createStack() */
    constructor(init: {
        dir: string;
        projectDir: string;
        backendDir: string;
        stackName: string;
        projectName: string;
        pulumi: EnsuredPulumi;
        env: NodeJS.ProcessEnv;
        emulator?: Emulator;
        emulatorUrl?: string;
        keep: boolean;
    }) {
        this.dir = init.dir;
        this.projectDir = init.projectDir;
        this.backendDir = init.backendDir;
        this.stackName = init.stackName;
        this.projectName = init.projectName;
        this.pulumi = init.pulumi;
        this.env = init.env;
        this.emulator = init.emulator;
        this.emulatorUrl = init.emulatorUrl;
        this.keep = init.keep;
    }

    preview(opts: VerbOptions = {}): Promise<VerbResult> {
        return this.verb("preview", ["preview", "--json"], opts);
    }

    up(opts: VerbOptions = {}): Promise<VerbResult> {
        return this.verb("up", ["up", "--yes", "--skip-preview", "--json"], opts);
    }

    refresh(opts: VerbOptions = {}): Promise<VerbResult> {
        return this.verb("refresh", ["refresh", "--yes", "--skip-preview", "--json"], opts);
    }

    destroy(opts: VerbOptions = {}): Promise<VerbResult> {
        return this.verb("destroy", ["destroy", "--yes", "--skip-preview", "--json"], opts);
    }

    /** Sets one stack config value. Keys without a namespace belong to the project. */
    async setConfig(key: string, value: string, opts: { secret?: boolean } = {}): Promise<void> {
        await this.setAllConfig({ [key]: { value, secret: opts.secret } });
    }

    /** Sets several stack config values in one CLI call. */
    async setAllConfig(config: Record<string, ConfigValue>): Promise<void> {
        const args = ["config", "set-all"];
        for (const [key, v] of Object.entries(config)) {
            const { value, secret } = typeof v === "string" ? { value: v, secret: false } : v;
            args.push(secret ? "--secret" : "--plaintext", `${key}=${value}`);
        }
        if (args.length > 2) await this.run(args);
    }

    /**
     * Sets list-typed project config through `config set-all --path`, e.g. { securityGroupIds: ["sg-1"] }
     * → `--plaintext 'securityGroupIds[0]=sg-1'`, with optional plain values in the same call.
     * Returns the CLI arguments it ran (the demo shows them).
     */
    async setListConfig(lists: Record<string, string[]>, plain: Record<string, string> = {}): Promise<string[]> {
        const pairs = [
            ...Object.entries(lists).flatMap(([key, values]) => values.map((v, i) => `${key}[${i}]=${v}`)),
            ...Object.entries(plain).map(([k, v]) => `${k}=${v}`),
        ];
        const args = ["config", "set-all", "--path", ...pairs.flatMap((p) => ["--plaintext", p])];
        await this.run(args);
        return args;
    }

    async removeConfig(key: string): Promise<void> {
        await this.run(["config", "rm", key]);
    }

    /** `pulumi stack export`: the checkpoint as JSON (secrets stay encrypted). */
    async exportState(): Promise<StackExport> {
        const r = await this.run(["stack", "export"]);
        return JSON.parse(r.stdout) as StackExport;
    }

    /** The raw text of the stack's state file in the file backend, for "is X in plaintext" assertions. */
    stateFileText(): string {
        const file = path.join(this.backendDir, ".pulumi", "stacks", this.projectName, `${this.stackName}.json`);
        return fs.readFileSync(file, "utf8");
    }

    /** Stack outputs, secrets shown. */
    async outputs(): Promise<Record<string, unknown>> {
        const r = await this.run(["stack", "output", "--json", "--show-secrets"]);
        return JSON.parse(r.stdout || "{}") as Record<string, unknown>;
    }

    /** Calls made to the emulator since the last clear. */
    async emulatorCalls(): Promise<CallRecord[]> {
        if (!this.emulatorUrl) return [];
        const body = (await this.emulatorRequest("GET", "/_emulator/calls")) as { calls?: CallRecord[] };
        return body.calls ?? [];
    }

    async clearEmulatorCalls(): Promise<void> {
        if (this.emulatorUrl) await this.emulatorRequest("DELETE", "/_emulator/calls");
    }

    /** Any emulator control request, e.g. ("POST", "/_emulator/faults", {...}) or ("GET", "/_emulator/state"). */
    async emulatorRequest(method: string, urlPath: string, body?: unknown): Promise<unknown> {
        if (!this.emulatorUrl) throw new Error("this stack has no emulator");
        const res = await fetch(this.emulatorUrl + urlPath, {
            method,
            headers: body === undefined ? undefined : { "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`emulator ${method} ${urlPath}: HTTP ${res.status} ${text}`);
        return text ? JSON.parse(text) : undefined;
    }

    /** Runs any pulumi command in the project dir with this stack's environment; throws on failure. */
    async run(
        args: string[],
        opts: { env?: Record<string, string>; allowFailure?: boolean; timeoutMs?: number } = {},
    ): Promise<{ exitCode: number; stdout: string; stderr: string }> {
        const r = await this.start(args, opts).done;
        if (r.exitCode !== 0 && !opts.allowFailure) {
            throw new PulumiError(`pulumi ${args.join(" ")} exited with ${r.exitCode}`, r);
        }
        return r;
    }

    /**
     * Starts a pulumi command like run() without waiting for it: `pid` is the CLI's process (the leader of
     * its own process group), `done` settles with its outputs when it ends (never rejects for a non-zero exit).
     */
    start(
        args: string[],
        opts: { env?: Record<string, string>; timeoutMs?: number } = {},
    ): { pid: number; done: Promise<{ exitCode: number; stdout: string; stderr: string }> } {
        if (this.disposed) throw new Error("stack already disposed");
        const fullArgs = [...args, "--stack", this.stackName, "--non-interactive", "--color", "never"];
        const env = { ...this.env, ...(opts.env ?? {}) };
        const timeoutMs = opts.timeoutMs ?? 300_000;
        const child = childProcess.spawn(this.pulumi.pulumi, fullArgs, {
            cwd: this.projectDir,
            env,
            stdio: ["ignore", "pipe", "pipe"],
            detached: true, // own process group, so dispose() can end it with its children
        });
        this.children.add(child);
        const done = new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve, reject) => {
            const out: Buffer[] = [];
            const err: Buffer[] = [];
            child.stdout!.on("data", (c: Buffer) => out.push(c));
            child.stderr!.on("data", (c: Buffer) => err.push(c));
            let timedOut = false;
            const timer = setTimeout(() => {
                timedOut = true;
                killGroup(child, "SIGINT");
                setTimeout(() => killGroup(child, "SIGKILL"), 5000).unref();
            }, timeoutMs);
            child.on("error", (e) => {
                clearTimeout(timer);
                this.children.delete(child);
                reject(e);
            });
            child.on("close", (code, signal) => {
                clearTimeout(timer);
                this.children.delete(child);
                const stderr = Buffer.concat(err).toString("utf8");
                resolve({
                    exitCode: code ?? (signal ? 128 : 1),
                    stdout: Buffer.concat(out).toString("utf8"),
                    stderr: timedOut ? `${stderr}\n[kit] killed after ${timeoutMs} ms` : stderr,
                });
            });
        });
        return { pid: child.pid ?? -1, done };
    }

    /** Pids of the processes still running for this stack (the CLI, the language host, programs, plugins). */
    stackProcesses(): number[] {
        return markedProcesses(this.dir);
    }

    /** The environment every pulumi run of this stack gets (PATH, PULUMI_HOME, passphrase, marker). */
    get environment(): NodeJS.ProcessEnv {
        return { ...this.env };
    }

    private async verb(verb: string, args: string[], opts: VerbOptions): Promise<VerbResult> {
        const eventLog = path.join(this.dir, "logs", `${++this.runCounter}-${verb}.events.jsonl`);
        fs.mkdirSync(path.dirname(eventLog), { recursive: true });
        if (!opts.keepCalls) await this.clearEmulatorCalls();
        const started = Date.now();
        const r = await this.run([...args, "--event-log", eventLog, ...(opts.args ?? [])], {
            env: opts.env,
            timeoutMs: opts.timeoutMs,
            allowFailure: true,
        });
        const durationMs = Date.now() - started;
        const events = readEvents(eventLog);
        const result: VerbResult = {
            verb,
            exitCode: r.exitCode,
            stdout: r.stdout,
            stderr: r.stderr,
            json: parseJsonOutput(r.stdout),
            events,
            steps: stepsOf(events),
            changes: changesOf(events),
            diagnostics: diagnosticsOf(events),
            calls: await this.emulatorCalls(),
            durationMs,
        };
        if (r.exitCode !== 0 && !opts.allowFailure) {
            const diags = result.diagnostics.map((d) => `  ${d.severity}: ${d.message.trim()}`).join("\n");
            throw new PulumiError(`pulumi ${verb} exited with ${r.exitCode}\n${diags}\nstderr:\n${r.stderr.trim()}`, r, result);
        }
        return result;
    }

    /** Ends every process this stack started, stops its emulator, removes the temp dir. Idempotent. */
    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        for (const child of this.children) killGroup(child, "SIGINT");
        if (this.children.size > 0) await sleep(2000);
        for (const child of this.children) killGroup(child, "SIGKILL");
        // Plugins run in process groups of their own; they all inherit ECS_OPS_E2E_STACK_DIR.
        killMarkedProcesses(this.dir);
        if (this.emulator) await this.emulator.stop().catch(() => undefined);
        if (!this.keep) fs.rmSync(this.dir, { recursive: true, force: true });
        else process.stderr.write(`[e2e kit] kept ${this.dir}\n`);
    }
}

/** Error from a failed pulumi run; carries the outputs. */
export class PulumiError extends Error {
    constructor(
        message: string,
        readonly run: { exitCode: number; stdout: string; stderr: string },
        readonly result?: VerbResult,
    ) {
        super(message);
        this.name = "PulumiError";
    }
}

/** What `pulumi stack export` prints (the parts tests use). */
export interface StackExport {
    version: number;
    deployment: {
        manifest?: unknown;
        secrets_providers?: unknown;
        resources?: StateResource[];
        pending_operations?: unknown[];
    };
}

export interface StateResource {
    urn: string;
    type: string;
    custom?: boolean;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    parent?: string;
    provider?: string;
    [k: string]: unknown;
}

let ensured: Promise<EnsuredPulumi> | undefined;

/**
 * The CLI, checked once per process: a `pulumi` on PATH, else the pinned build in .tools/bin. With
 * `build: true` a missing or stale build is built (printing progress); otherwise that is an error.
 */
export function ensureCli(opts: { build?: boolean } = {}): Promise<EnsuredPulumi> {
    ensured ??= ensurePulumi({ build: opts.build ?? false });
    ensured.catch(() => (ensured = undefined));
    return ensured;
}

function cli(): Promise<EnsuredPulumi> {
    return ensureCli();
}

/** Creates a throwaway stack for `opts.program`. */
export async function createStack(opts: StackOptions): Promise<TestStack> {
    const pulumi = await cli();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-e2e-"));
    let emulator: Emulator | undefined;
    try {
        const projectDir = path.join(dir, "project");
        const backendDir = path.join(dir, "backend");
        const home = path.join(dir, "pulumi-home");
        fs.mkdirSync(backendDir);
        fs.mkdirSync(home);
        const projectName = copyProgram(opts.program, projectDir, opts.projectName ?? "ecs-ops-e2e");
        const stackName = opts.stackName ?? "e2e";

        let emulatorUrl: string | undefined;
        if (opts.emulator && typeof opts.emulator === "object" && "url" in opts.emulator) {
            emulatorUrl = opts.emulator.url;
        } else if (opts.emulator) {
            // Loaded lazily: tests without an emulator do not load it.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const mod = require("../../emulator") as typeof import("../../emulator");
            emulator = await mod.startEmulator(opts.emulator === true ? {} : opts.emulator);
            emulatorUrl = emulator.url;
        }

        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PATH: pulumi.env.PATH,
            PULUMI_HOME: home,
            PULUMI_CONFIG_PASSPHRASE: E2E_PASSPHRASE,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
            PULUMI_DEBUG_COMMANDS: "true", // enables --event-log
            PULUMI_NODEJS_TRANSPILE_ONLY: opts.typeCheck ? "false" : "true",
            ECS_OPS_E2E_STACK_DIR: dir, // marks every process started for this stack (see dispose)
            ...(opts.visibilityGraceMs === undefined ? {} : { ECS_OPS_VISIBILITY_GRACE_MS: String(opts.visibilityGraceMs) }),
            ...(opts.env ?? {}),
        };
        // The ambient environment must not leak a real backend or access token into tests. The backend is
        // chosen by PULUMI_BACKEND_URL rather than a `pulumi login` (one CLI start less per stack).
        env.PULUMI_BACKEND_URL = `file://${backendDir}`;
        delete env.PULUMI_ACCESS_TOKEN;
        delete env.PULUMI_CONFIG_PASSPHRASE_FILE;

        const keep = !!opts.keep || process.env.ECS_OPS_E2E_KEEP === "1";
        const stack = new TestStack({
            dir,
            projectDir,
            backendDir,
            stackName,
            projectName,
            pulumi,
            env,
            emulator,
            emulatorUrl,
            keep,
        });
        emulator = undefined; // owned by the stack now
        try {
            // file backend: the default secrets provider is the passphrase one
            await runPlain(pulumi.pulumi, ["stack", "init", stackName, "--non-interactive"], projectDir, env);
            const config: Record<string, ConfigValue> = {};
            if (!opts.noDefaultConfig) {
                Object.assign(config, DEFAULT_CONFIG);
                if (emulatorUrl) Object.assign(config, emulatorEndpoints(emulatorUrl));
            }
            Object.assign(config, opts.config ?? {});
            await stack.setAllConfig(config);
        } catch (e) {
            await stack.dispose();
            throw e;
        }
        return stack;
    } catch (e) {
        if (emulator) await emulator.stop().catch(() => undefined);
        if (process.env.ECS_OPS_E2E_KEEP !== "1") fs.rmSync(dir, { recursive: true, force: true });
        throw e;
    }
}

/** Copies the program into projectDir, links node_modules, adds Pulumi.yaml/package.json if missing. */
function copyProgram(program: string, projectDir: string, defaultName: string): string {
    const src = path.resolve(program);
    if (!fs.statSync(src).isDirectory()) throw new Error(`program ${src} is not a directory`);
    fs.cpSync(src, projectDir, {
        recursive: true,
        filter: (p) => {
            const base = path.basename(p);
            return base !== "node_modules" && base !== ".pulumi" && !/^Pulumi\.[^.]+\.yaml$/.test(base);
        },
    });
    // Node resolves modules by real path, so the program, the SDK's runner and the dynamic-provider
    // process all load /<repo>/node_modules/@pulumi/pulumi, and `ecs-ops` is the working tree (self-link).
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(projectDir, "node_modules"), "dir");

    let projectName = defaultName;
    const pulumiYaml = path.join(projectDir, "Pulumi.yaml");
    if (fs.existsSync(pulumiYaml)) {
        const m = /^name:\s*["']?([^"'\s#]+)/m.exec(fs.readFileSync(pulumiYaml, "utf8"));
        if (m) projectName = m[1];
    } else {
        fs.writeFileSync(pulumiYaml, `name: ${projectName}\nruntime: nodejs\ndescription: ecs-ops e2e program\n`);
    }
    const packageJson = path.join(projectDir, "package.json");
    if (!fs.existsSync(packageJson)) {
        const main = fs.existsSync(path.join(projectDir, "index.ts")) ? "index.ts" : "index.js";
        fs.writeFileSync(packageJson, JSON.stringify({ name: projectName, private: true, main }, null, 2) + "\n");
    }
    return projectName;
}

function runPlain(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
    return new Promise((resolve, reject) => {
        childProcess.execFile(bin, args, { cwd, env, timeout: 60_000 }, (err, _stdout, stderr) => {
            if (err) reject(new Error(`${path.basename(bin)} ${args.join(" ")}: ${err.message}\n${stderr}`));
            else resolve();
        });
    });
}

function readEvents(file: string): EngineEvent[] {
    if (!fs.existsSync(file)) return [];
    const events: EngineEvent[] = [];
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
        if (!line.trim()) continue;
        try {
            events.push(JSON.parse(line) as EngineEvent);
        } catch {
            // a truncated last line after a kill
        }
    }
    return events;
}

function parseJsonOutput(stdout: string): unknown {
    const text = stdout.trim();
    if (!text) return undefined;
    try {
        return JSON.parse(text);
    } catch {
        const lines: unknown[] = [];
        for (const line of text.split("\n")) {
            try {
                lines.push(JSON.parse(line));
            } catch {
                return undefined;
            }
        }
        return lines;
    }
}

interface StepMetadata {
    op: string;
    urn: string;
    type: string;
}

function stepsOf(events: EngineEvent[]): StepInfo[] {
    const steps: StepInfo[] = [];
    for (const e of events) {
        const pre = e.resourcePreEvent as { metadata?: StepMetadata } | undefined;
        if (pre?.metadata) {
            const { op, urn, type } = pre.metadata;
            steps.push({ op, urn, type, name: urn.split("::").pop() ?? urn });
        }
    }
    return steps;
}

function changesOf(events: EngineEvent[]): Record<string, number> {
    for (let i = events.length - 1; i >= 0; i--) {
        const summary = events[i].summaryEvent as { resourceChanges?: Record<string, number> } | undefined;
        if (summary) return { ...(summary.resourceChanges ?? {}) };
    }
    return {};
}

const COLOR_TAG = /<\{%[^%]*%\}>/g;

function diagnosticsOf(events: EngineEvent[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const e of events) {
        const d = e.diagnosticEvent as { severity: string; message: string; urn?: string; prefix?: string; ephemeral?: boolean } | undefined;
        if (!d || d.severity === "debug" || d.ephemeral) continue;
        out.push({
            severity: d.severity,
            message: d.message.replace(COLOR_TAG, ""),
            urn: d.urn || undefined,
            prefix: d.prefix,
        });
    }
    return out;
}

function killGroup(child: childProcess.ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined || child.exitCode !== null) return;
    try {
        process.kill(-child.pid, signal);
    } catch {
        // already gone
    }
}

/** Pids of the processes whose environment carries this stack's marker (Linux /proc only). */
function markedProcesses(dir: string): number[] {
    if (process.platform !== "linux") return [];
    const marker = Buffer.from(`ECS_OPS_E2E_STACK_DIR=${dir}\0`);
    let pids: string[];
    try {
        pids = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p));
    } catch {
        return [];
    }
    const found: number[] = [];
    for (const pid of pids) {
        if (Number(pid) === process.pid) continue;
        try {
            const environ = fs.readFileSync(`/proc/${pid}/environ`);
            const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
            if (environ.includes(marker) && !/\) Z /.test(stat)) found.push(Number(pid));
        } catch {
            // not ours, or gone
        }
    }
    return found;
}

/** Kills processes whose environment carries this stack's marker (Linux /proc only). */
function killMarkedProcesses(dir: string): void {
    for (const pid of markedProcesses(dir)) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // gone
        }
    }
}

function sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
}
