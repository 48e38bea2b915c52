// The exactly-once fault suite, under the real CLI against the emulator: every reboot, disk
// re-initialisation and reinstall runs exactly once per trigger change, whatever fails and whoever
// kills what. Each scenario counts the operations from the emulator (its call log and what took
// effect in the guest / on the disk), recovers with a fresh copy of the program and the same
// backend (the README's recovery command), and checks that a further `up` has nothing to do.
//
// The matrix is representative, to keep the run time modest: slow answers past the per-attempt
// limit and 5xx after acceptance for all three operations (one stack, one `up` each); SIGKILL of
// the CLI during the reboot wait; a double SIGINT during the re-initialisation wait; SIGKILL of the
// dynamic-provider process during the reinstall job; the emulator killed and restarted with its
// state file during the reboot wait.
import { expect } from "chai";
import * as childProcess from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";

import { CallRecord } from "../../emulator";
import { createStack, type TestStack } from "./kit";

const FIXTURE = path.join(__dirname, "fixtures", "exactly-once");
const PASSWORD = "E2e-Once-2026ab";
const INSTANCE = "i-bp1paygrunning00001";
const REINIT_INSTANCE = "i-bp1subsstopped00002";
const SERVER = "277c9006-6084-45d6-9702-91a3349b38b8";
const REPO = path.resolve(__dirname, "..", "..");

type Op = "reboot" | "reinit" | "reinstall";

interface World {
    alicloud: {
        instances: Array<{ instanceId: string; status: string; guest: { bootCount: number } }>;
        disks: Array<{ diskId: string; instanceId: string | null; type: string; reInitCount: number }>;
    };
    huaweicloud: { servers: Array<{ id: string; guest: { reinstallCount: number } }> };
}

/** How many times each operation took effect in the emulator's world. */
async function effects(stack: TestStack): Promise<Record<Op, number>> {
    const w = (await stack.emulatorRequest("GET", "/_emulator/state")) as World;
    return {
        reboot: w.alicloud.instances.find((i) => i.instanceId === INSTANCE)!.guest.bootCount,
        reinit: w.alicloud.disks.find((d) => d.instanceId === REINIT_INSTANCE && d.type === "system")!.reInitCount,
        reinstall: w.huaweicloud.servers.find((s) => s.id === SERVER)!.guest.reinstallCount,
    };
}

/** The operation calls that reached the emulator (every answer: a lost or late answer still ran). */
function sent(calls: CallRecord[], op: Op): CallRecord[] {
    switch (op) {
        case "reboot":
            return calls.filter((c) => c.action === "RebootInstance" && c.params?.DryRun !== "true" && c.params?.InstanceId === INSTANCE && c.code !== "Throttling.User");
        case "reinit":
            return calls.filter((c) => c.action === "ReInitDisk" && c.code !== "Throttling.User");
        case "reinstall":
            return calls.filter((c) => c.action.startsWith("ReinstallServer") && c.code !== "APIGW.0308");
    }
}

async function calls(stack: TestStack): Promise<CallRecord[]> {
    return ((await stack.emulatorRequest("GET", "/_emulator/calls")) as { calls: CallRecord[] }).calls;
}

interface Run {
    child: childProcess.ChildProcess;
    done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

/** Starts `pulumi <args>` in `cwd` with the stack's environment, in its own process group. */
function start(stack: TestStack, cwd: string, args: string[], env: Record<string, string> = {}): Run {
    const child = childProcess.spawn(stack.pulumi.pulumi, [...args, "--stack", stack.stackName, "--non-interactive", "--color", "never"], {
        cwd,
        env: { ...stack.environment, ...env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
    });
    const chunks: Buffer[] = [];
    child.stdout!.on("data", (c: Buffer) => chunks.push(c));
    child.stderr!.on("data", (c: Buffer) => chunks.push(c));
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
        child.on("close", (code, signal) => resolve({ code, signal, output: Buffer.concat(chunks).toString("utf8") })),
    );
    return { child, done };
}

async function run(stack: TestStack, cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
    const r = start(stack, cwd, args, env);
    const timer = setTimeout(() => r.child.pid !== undefined && process.kill(-r.child.pid, "SIGKILL"), 240_000);
    const out = await r.done;
    clearTimeout(timer);
    return out;
}

/** A fresh checkout of the program: the project files (stack config included), node_modules linked; same backend. */
function freshCopy(stack: TestStack, name: string): string {
    const dir = path.join(stack.dir, name);
    fs.mkdirSync(dir);
    for (const entry of fs.readdirSync(stack.projectDir)) {
        if (entry === "node_modules") continue;
        fs.cpSync(path.join(stack.projectDir, entry), path.join(dir, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/** The recovery the README documents after a hard stop: `pulumi cancel --yes` (frees the stack lock), then `pulumi up`. */
async function recover(stack: TestStack, cwd: string): Promise<string> {
    await run(stack, cwd, ["cancel", "--yes"]);
    const up = await run(stack, cwd, ["up", "--yes", "--skip-preview"]);
    expect(up.code, up.output).to.equal(0);
    return up.output;
}

/** A further `up` must find nothing to do and make no operation call. */
async function expectConverged(stack: TestStack, cwd: string): Promise<void> {
    await stack.emulatorRequest("DELETE", "/_emulator/calls");
    const up = await run(stack, cwd, ["up", "--yes", "--skip-preview", "--expect-no-changes"]);
    expect(up.code, up.output).to.equal(0);
    const log = await calls(stack);
    for (const op of ["reboot", "reinit", "reinstall"] as const) expect(sent(log, op), op).to.have.length(0);
}

async function until(what: string, check: () => Promise<boolean>, ms = 90_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await check())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

/** Pids of this stack's processes whose command line matches (Linux /proc). */
function pidsOf(stack: TestStack, match: (cmdline: string) => boolean): number[] {
    const marker = Buffer.from(`ECS_OPS_E2E_STACK_DIR=${stack.dir}\0`);
    const out: number[] = [];
    for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
        try {
            if (!fs.readFileSync(`/proc/${pid}/environ`).includes(marker)) continue;
            if (match(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " "))) out.push(Number(pid));
        } catch {
            // gone, or not ours
        }
    }
    return out;
}

const SLOW_ENV = { ECS_OPS_VISIBILITY_GRACE_MS: "3000" };

describe("e2e: exactly once, whatever fails and whoever kills what", function () {
    this.timeout(600_000);
    if (process.platform !== "linux") return;

    describe("slow answers and 5xx after acceptance, for each operation", () => {
        let stack: TestStack;
        before(async () => {
            stack = await createStack({
                program: FIXTURE,
                // Slow enough that each operation is still visibly under way when the 1 s attempt limit runs
                // out (StartTime has minute precision: a reboot over before anyone looks leaves no trace).
                emulator: { timeScale: 0.2 },
                config: { "exactly-once:password": { value: PASSWORD, secret: true }, "ecs-ops:attemptTimeout": "1s" },
                env: SLOW_ENV,
            });
            await stack.up();
        });
        after(() => stack?.dispose());

        it("answers arriving after the per-attempt limit: each operation sent once, the up succeeds, nothing is left to do", async () => {
            const before = await effects(stack);
            await stack.emulatorRequest("POST", "/_emulator/faults", {
                latency: [
                    { cloud: "alicloud", action: "RebootInstance", ms: 1500, after: true },
                    { cloud: "alicloud", action: "ReInitDisk", ms: 1500, after: true },
                    { cloud: "huaweicloud", action: "ReinstallServerWithoutCloudInit", ms: 1500, after: true },
                ],
            });
            await stack.setConfig("exactly-once:rev", "2");
            const up = await stack.up().finally(() => stack.emulatorRequest("POST", "/_emulator/faults", {}));
            const text = up.diagnostics.map((d) => d.message).join("\n");
            expect(text).to.match(/RebootInstance i-\w+: outcome unknown after 1 attempt — RequestTimeout: RebootInstance got no answer within 1s \(the per-attempt limit, ecs-ops:attemptTimeout\)/);
            expect(text).to.match(/the reboot was accepted/).and.match(/ReInitDisk was accepted/).and.match(/follows the server until the rebuild ends/);
            for (const op of ["reboot", "reinit", "reinstall"] as const) expect(sent(up.calls, op), op).to.have.length(1);
            const after = await effects(stack);
            expect(after).to.deep.equal({ reboot: before.reboot + 1, reinit: before.reinit + 1, reinstall: before.reinstall + 1 });
        });

        it("a 5xx answered after the operation took effect: each sent once, counted once", async () => {
            const before = await effects(stack);
            await stack.emulatorRequest("POST", "/_emulator/faults", {
                errors: [
                    { cloud: "alicloud", action: "RebootInstance", status: 503, count: 1, after: true },
                    { cloud: "alicloud", action: "ReInitDisk", status: 500, count: 1, after: true },
                    { cloud: "huaweicloud", action: "ReinstallServerWithoutCloudInit", status: 500, count: 1, after: true },
                ],
            });
            await stack.setConfig("exactly-once:rev", "3");
            const up = await stack.up();
            for (const op of ["reboot", "reinit", "reinstall"] as const) expect(sent(up.calls, op), op).to.have.length(1);
            const after = await effects(stack);
            expect(after.reinit).to.equal(before.reinit + 1);
            expect(after.reinstall).to.equal(before.reinstall + 1);
            expect(after.reboot).to.equal(before.reboot + 1);
            await expectConverged(stack, stack.projectDir);
        });
    });

    interface KillCase {
        title: string;
        op: Op;
        timeScale: number;
        /** When to strike: the operation was accepted and its wait is under way. */
        accepted: (log: CallRecord[]) => boolean;
        kill: (stack: TestStack, run: Run) => Promise<void>;
    }

    const acceptedOnce = (op: Op) => (log: CallRecord[]) => sent(log, op).some((c) => c.status === 200);

    const cases: KillCase[] = [
        {
            title: "SIGKILL of the pulumi CLI during the reboot wait",
            op: "reboot",
            timeScale: 0.3,
            accepted: acceptedOnce("reboot"),
            kill: async (_stack, r) => {
                process.kill(r.child.pid!, "SIGKILL");
            },
        },
        {
            title: "a double SIGINT (Ctrl-C twice) during the re-initialisation wait",
            op: "reinit",
            timeScale: 0.2,
            accepted: acceptedOnce("reinit"),
            kill: async (_stack, r) => {
                process.kill(-r.child.pid!, "SIGINT");
                await new Promise((res) => setTimeout(res, 300));
                process.kill(-r.child.pid!, "SIGINT");
            },
        },
        {
            title: "SIGKILL of the dynamic-provider process during the reinstall job",
            op: "reinstall",
            timeScale: 0.1,
            accepted: acceptedOnce("reinstall"),
            kill: async (stack) => {
                const pids = pidsOf(stack, (cmd) => cmd.includes("dynamic-provider"));
                expect(pids.length, "a dynamic-provider process").to.be.greaterThan(0);
                for (const pid of pids) process.kill(pid, "SIGKILL");
            },
        },
    ];

    for (const c of cases) {
        describe(c.title, () => {
            let stack: TestStack;
            before(async () => {
                stack = await createStack({
                    program: FIXTURE,
                    emulator: { timeScale: c.timeScale },
                    config: { "exactly-once:password": { value: PASSWORD, secret: true }, "exactly-once:ops": c.op },
                    env: SLOW_ENV,
                });
                await stack.up();
            });
            after(() => stack?.dispose());

            it(`runs the ${c.op} exactly once for the trigger change, and the recovery up from a fresh copy converges`, async () => {
                const before = await effects(stack);
                await stack.setConfig("exactly-once:rev", "2");
                await stack.emulatorRequest("DELETE", "/_emulator/calls");
                const r = start(stack, stack.projectDir, ["up", "--yes", "--skip-preview"]);
                await until(`the ${c.op} to be accepted`, async () => c.accepted(await calls(stack)));
                await c.kill(stack, r);
                const killed = await r.done;
                expect(killed.code, killed.output).to.not.equal(0);

                const recovery = await recover(stack, freshCopy(stack, "fresh-checkout"));
                expect(recovery).to.not.match(/rebooting instance|re-initialising system disk|reinstalling the OS/);
                const log = await calls(stack);
                expect(sent(log, c.op), `${c.op} calls since the trigger change`).to.have.length(1);
                const after = await effects(stack);
                expect(after[c.op] - before[c.op], `${c.op} effects`).to.equal(1);
                await expectConverged(stack, freshCopy(stack, "second-checkout"));
            });
        });
    }

    describe("the emulator killed and restarted with its state file during the reboot wait", () => {
        let stack: TestStack;
        let emulator: childProcess.ChildProcess | undefined;
        let port = 0;
        let stateFile = "";
        const startEmulator = async (): Promise<void> => {
            emulator = childProcess.spawn(process.execPath, [path.join(REPO, "dist", "emulator", "cli.js"), "--port", String(port), "--time-scale", "0.3", "--state-file", stateFile], {
                stdio: ["ignore", "pipe", "inherit"],
            });
            await new Promise<void>((resolve, reject) => {
                emulator!.stdout!.on("data", (d: Buffer) => d.toString().includes("listening") && resolve());
                emulator!.on("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
            });
        };
        before(async () => {
            port = await new Promise<number>((resolve) => {
                const srv = net.createServer().listen(0, "127.0.0.1", () => {
                    const p = (srv.address() as net.AddressInfo).port;
                    srv.close(() => resolve(p));
                });
            });
            stateFile = path.join(fs.mkdtempSync(path.join(REPO, "node_modules", ".cache-ecs-ops-state-")), "world.json");
            await startEmulator();
            stack = await createStack({
                program: FIXTURE,
                emulator: { url: `http://127.0.0.1:${port}` },
                config: { "exactly-once:password": { value: PASSWORD, secret: true }, "exactly-once:ops": "reboot" },
                env: SLOW_ENV,
            });
            await stack.up();
        });
        after(async () => {
            emulator?.kill("SIGKILL");
            await stack?.dispose();
            fs.rmSync(path.dirname(stateFile), { recursive: true, force: true });
        });

        it("the reboot accepted before the outage completes after it, once; the up succeeds; nothing is left to do", async () => {
            const before = await effects(stack);
            await stack.setConfig("exactly-once:rev", "2");
            await stack.emulatorRequest("DELETE", "/_emulator/calls");
            const r = start(stack, stack.projectDir, ["up", "--yes", "--skip-preview"]);
            await until("the reboot to be accepted", async () => acceptedOnce("reboot")(await calls(stack)));
            emulator!.removeAllListeners("exit");
            emulator!.kill("SIGKILL");
            await new Promise((res) => setTimeout(res, 1500));
            await startEmulator();
            const up = await r.done;
            expect(up.code, up.output).to.equal(0);
            expect(sent(await calls(stack), "reboot")).to.have.length(1);
            expect((await effects(stack)).reboot).to.equal(before.reboot + 1);
            await expectConverged(stack, stack.projectDir);
        });
    });
});
