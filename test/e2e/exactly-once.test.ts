// The exactly-once fault suite, under the real CLI against the emulator: every reboot, disk
// re-initialisation and reinstall runs exactly once per trigger change, whatever fails and whoever
// kills what. Each round counts the operations from the emulator (its call log and what took effect
// in the guest / on the disk), recovers with a fresh copy of the program and the same backend (the
// README's recovery command), and checks that a further `up` has nothing to do.
//
// One stack holds the three operations, and one emulator process (with a state file, so it can be
// killed and restarted) serves it. In every round the emulator's clock is held while the `up` runs,
// so the reboot, the re-initialisation and the reinstall are all accepted and all in their waits at
// the same moment (seen in the call log: each accepted call and the record written after it); one
// strike then covers the three operations, and releasing the clock lets them run out. Rounds, in
// order (each depends on the previous one having converged):
//
// | round | fault | operations |
// |---|---|---|
// | 1 | SIGKILL of the `pulumi` CLI (during the creates: the engine's pending CREATE) | reboot wait, reinit wait, reinstall job |
// | 2 | a double SIGINT (the second one once the CLI said it is cancelling) | the same, as updates |
// | 3 | SIGKILL of the dynamic-provider process | the same |
// | 4 | the emulator SIGKILLed and restarted with its state file | the same; the `up` itself survives |
// | 5 | 5xx answered after the operation took effect | RebootInstance, ReInitDisk, ReinstallServerWithoutCloudInit |
// | 6 | answers slower than the per-attempt limit | the same, and the re-initialisation's AutoStartInstance |
// | 7 | a 5xx before the operation reached the cloud | the same (no dry run, no auto start): settled from the cloud's records |
//
// Slow answers and lost answers of StopInstance / StartInstance and of the v2 (cloud-init)
// reinstall are covered without the CLI in test/provider/exactly-once-actions.test.ts.
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
/** A reboot takes 650 ms at this scale, a system-disk re-initialisation 2 s, a reinstall with stop 3.6 s; reads lag 150 ms. */
const TIME_SCALE = "0.05";
const OPS = ["reboot", "reinit", "reinstall"] as const;

type Op = (typeof OPS)[number];

interface World {
    alicloud: {
        instances: Array<{ instanceId: string; status: string; guest: { bootCount: number } }>;
        disks: Array<{ diskId: string; instanceId: string | null; type: string; reInitCount: number }>;
    };
    huaweicloud: { servers: Array<{ id: string; guest: { reinstallCount: number } }> };
}

/** The operation calls that reached the emulator (every answer: a lost or late answer still ran). */
function sent(calls: CallRecord[], op: Op): CallRecord[] {
    switch (op) {
        case "reboot":
            return calls.filter(
                (c) => c.action === "RebootInstance" && c.params?.DryRun !== "true" && c.params?.InstanceId === INSTANCE && c.code !== "Throttling.User",
            );
        case "reinit":
            return calls.filter((c) => c.action === "ReInitDisk" && c.code !== "Throttling.User");
        case "reinstall":
            return calls.filter((c) => c.action.startsWith("ReinstallServer") && c.code !== "APIGW.0308");
    }
}

/** Whether the provider wrote the *accepted* record of `op` (it does so once the cloud took the call, right before its wait). */
function recordedAccepted(calls: CallRecord[], op: Op): boolean {
    if (op === "reinstall") {
        return calls.some((c) => {
            const tags = (c.params as { tags?: Array<{ key?: string; value?: string }> } | undefined)?.tags ?? [];
            return c.action === "BatchCreateServerTags" && c.status < 300 && tags.some((t) => t.key === "ecs-ops-reinstall" && t.value?.startsWith("a_"));
        });
    }
    const key = op === "reboot" ? "ecs-ops-reboot" : "ecs-ops-reinit";
    return calls.some(
        (c) => c.action === "TagResources" && c.status === 200 && c.params?.["Tag.1.Key"] === key && String(c.params?.["Tag.1.Value"]).startsWith("a_"),
    );
}

interface Run {
    child: childProcess.ChildProcess;
    /** What the CLI printed so far. */
    output: () => string;
    done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await check())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

describe("e2e: exactly once, whatever fails and whoever kills what", function () {
    this.timeout(900_000);
    if (process.platform !== "linux") return;

    let stack: TestStack;
    let emulator: childProcess.ChildProcess | undefined;
    let port = 0;
    let stateDir = "";
    let rev = 1;
    let broken = false;
    let copies = 0;

    const startEmulator = async (): Promise<void> => {
        const child = childProcess.spawn(
            process.execPath,
            [
                path.join(REPO, "dist", "emulator", "cli.js"),
                "--port",
                String(port),
                "--time-scale",
                TIME_SCALE,
                "--state-file",
                path.join(stateDir, "world.json"),
            ],
            { stdio: ["ignore", "pipe", "inherit"] },
        );
        emulator = child;
        await new Promise<void>((resolve, reject) => {
            child.stdout!.on("data", (d: Buffer) => d.toString().includes("listening") && resolve());
            child.on("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
        });
    };

    const control = (method: string, urlPath: string, body?: unknown): Promise<unknown> => stack.emulatorRequest(method, urlPath, body);
    const calls = async (): Promise<CallRecord[]> => ((await control("GET", "/_emulator/calls")) as { calls: CallRecord[] }).calls;
    const hold = (on: boolean): Promise<unknown> => control("POST", "/_emulator/clock", { hold: on });

    /** How many times each operation took effect in the emulator's world. */
    const effects = async (): Promise<Record<Op, number>> => {
        const w = (await control("GET", "/_emulator/state")) as World;
        return {
            reboot: w.alicloud.instances.find((i) => i.instanceId === INSTANCE)!.guest.bootCount,
            reinit: w.alicloud.disks.find((d) => d.instanceId === REINIT_INSTANCE && d.type === "system")!.reInitCount,
            reinstall: w.huaweicloud.servers.find((s) => s.id === SERVER)!.guest.reinstallCount,
        };
    };

    /** Starts `pulumi <args>` in `cwd` with the stack's environment, in its own process group. */
    const start = (cwd: string, args: string[], env: Record<string, string> = {}): Run => {
        const child = childProcess.spawn(stack.pulumi.pulumi, [...args, "--stack", stack.stackName, "--non-interactive", "--color", "never"], {
            cwd,
            env: { ...stack.environment, ...env },
            stdio: ["ignore", "pipe", "pipe"],
            detached: true,
        });
        const chunks: Buffer[] = [];
        child.stdout!.on("data", (c: Buffer) => chunks.push(c));
        child.stderr!.on("data", (c: Buffer) => chunks.push(c));
        const output = (): string => Buffer.concat(chunks).toString("utf8");
        const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
            child.on("close", (code, signal) => resolve({ code, signal, output: output() })),
        );
        return { child, output, done };
    };

    const run = async (cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> => {
        const r = start(cwd, args, env);
        const timer = setTimeout(() => r.child.pid !== undefined && process.kill(-r.child.pid, "SIGKILL"), 240_000);
        const out = await r.done;
        clearTimeout(timer);
        return out;
    };

    /** A fresh checkout of the program: the project files (stack config included), node_modules linked; same backend. */
    const freshCopy = (): string => {
        const dir = path.join(stack.dir, `checkout-${++copies}`);
        fs.mkdirSync(dir);
        for (const entry of fs.readdirSync(stack.projectDir)) {
            if (entry === "node_modules") continue;
            fs.cpSync(path.join(stack.projectDir, entry), path.join(dir, entry), { recursive: true });
        }
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
        return dir;
    };

    /** A further `up` from another fresh checkout must find nothing to do and make no operation call. */
    const expectConverged = async (): Promise<void> => {
        await control("DELETE", "/_emulator/calls");
        const up = await run(freshCopy(), ["up", "--yes", "--skip-preview", "--expect-no-changes"]);
        expect(up.code, up.output).to.equal(0);
        expect(up.output, "the engine stopping the provider is no crash").to.not.match(/was killed by/);
        const log = await calls();
        for (const op of OPS) expect(sent(log, op), `${op} calls of the converged up`).to.have.length(0);
    };

    /** Exactly one call and one effect of each operation since `before` (the call log was cleared at the trigger change). */
    const expectOnceEach = async (before: Record<Op, number>): Promise<void> => {
        const log = await calls();
        const after = await effects();
        for (const op of OPS) {
            expect(sent(log, op).length, `${op} calls for the trigger change`).to.equal(1);
            expect(after[op] - before[op], `${op} effects for the trigger change`).to.equal(1);
        }
    };

    /** The trigger change: the clock held, the call log cleared, `up` started; resolves once every operation is in its wait. */
    const triggerAndHold = async (config: Record<string, string> = {}): Promise<{ before: Record<Op, number>; r: Run }> => {
        const before = await effects();
        await hold(true);
        await stack.setAllConfig({ "exactly-once:rev": String(++rev), ...config });
        await control("DELETE", "/_emulator/calls");
        const r = start(stack.projectDir, ["up", "--yes", "--skip-preview"]);
        await until("the reboot, the re-initialisation and the reinstall to be accepted and recorded", async () => {
            const log = await calls();
            return OPS.every((op) => recordedAccepted(log, op));
        }).catch(async (e: Error) => {
            r.child.kill("SIGKILL");
            throw new Error(`${e.message}\n${(await r.done).output}`);
        });
        return { before, r };
    };

    /** After a hard stop: every process of the killed run exits by itself (the language host and the provider watch the engine). */
    const expectRunGone = async (): Promise<void> => {
        await until("every process of the killed run to exit", () => stack.stackProcesses().length === 0, 60_000);
    };

    /** The recovery the README documents after a hard stop, from a fresh checkout: `pulumi cancel --yes`, then `pulumi up`. */
    const recover = async (): Promise<string> => {
        const dir = freshCopy();
        await run(dir, ["cancel", "--yes"]);
        const up = await run(dir, ["up", "--yes", "--skip-preview"]);
        expect(up.code, up.output).to.equal(0);
        expect(up.output).to.not.match(/rebooting instance|re-initialising system disk|reinstalling the OS/);
        expect(up.output)
            .to.match(/the reboot sent by an earlier run at .* took effect: not rebooting again/)
            .and.match(/the re-initialisation sent by an earlier run at .* took effect: not re-initialising again/)
            .and.match(/an earlier run's reinstall job \w+ for these triggers is recorded on the server: following it instead of reinstalling again/);
        return up.output;
    };

    before(async () => {
        port = await new Promise<number>((resolve) => {
            const srv = net.createServer().listen(0, "127.0.0.1", () => {
                const p = (srv.address() as net.AddressInfo).port;
                srv.close(() => resolve(p));
            });
        });
        stateDir = fs.mkdtempSync(path.join(REPO, "node_modules", ".cache-ecs-ops-state-"));
        await startEmulator();
        stack = await createStack({
            program: FIXTURE,
            emulator: { url: `http://127.0.0.1:${port}` },
            config: { "exactly-once:password": { value: PASSWORD, secret: true }, "exactly-once:rev": "1", "exactly-once:autoStart": "false" },
            // The grace during which an old-looking state is distrusted, shortened to this time scale.
            env: { ECS_OPS_VISIBILITY_GRACE_MS: "3000" },
        });
    });
    after(async () => {
        emulator?.removeAllListeners("exit");
        emulator?.kill("SIGKILL");
        await stack?.dispose();
        if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
    });
    beforeEach(function () {
        if (broken) this.skip();
    });
    afterEach(function () {
        if (this.currentTest?.state === "failed") broken = true;
    });

    it("SIGKILL of the CLI while the three creates wait: each ran once; the recovery up from a fresh checkout says what to run for the engine's pending creates; converges", async () => {
        // The first `up`: the three resources are created, each create waits on its operation.
        const before = await effects();
        await hold(true);
        await control("DELETE", "/_emulator/calls");
        const r = start(stack.projectDir, ["up", "--yes", "--skip-preview"]);
        await until("the three operations to be accepted and recorded", async () => {
            const log = await calls();
            return OPS.every((op) => recordedAccepted(log, op));
        });
        process.kill(r.child.pid!, "SIGKILL"); // the CLI only: plugins run in process groups of their own
        await r.done;
        await expectRunGone();
        await hold(false);

        const recovery = await recover();
        await expectOnceEach(before);
        // The engine keeps the killed run's pending CREATEs (it never drops them by itself); ecs-ops says what clears them.
        const pending = (await stack.exportState()).deployment.pending_operations ?? [];
        expect(pending, "the engine's pending creates").to.have.length(3);
        const told = new Set(recovery.match(/\[ecs-ops\] [^:]+: this create resumes .*run `pulumi refresh --clear-pending-creates --yes`/g) ?? []);
        expect(told.size, `a notice for each of the three creates:\n${recovery}`).to.equal(3);
        const cleared = await run(freshCopy(), ["refresh", "--clear-pending-creates", "--yes", "--skip-preview"]);
        expect(cleared.code, cleared.output).to.equal(0);
        expect((await stack.exportState()).deployment.pending_operations ?? []).to.have.length(0);
        await expectConverged();
    });

    it("a double SIGINT while the three updates wait: each ran once; the recovery up converges", async () => {
        const { before, r } = await triggerAndHold();
        process.kill(-r.child.pid!, "SIGINT");
        // The second Ctrl-C once the first one registered (the CLI then waits for the operations to end).
        await until("the CLI to say it is cancelling", () => /\^C received; cancelling/.test(r.output()), 60_000);
        process.kill(-r.child.pid!, "SIGINT");
        const killed = await r.done;
        expect(killed.code, killed.output).to.not.equal(0);
        expect(killed.output).to.match(/\^C received; terminating/);
        await expectRunGone();
        await hold(false);
        const recovery = await recover();
        // The killed run's pending UPDATEs: the engine drops them once an `up` succeeded; nothing to clear.
        expect(recovery).to.not.match(/--clear-pending-creates/);
        expect((await stack.exportState()).deployment.pending_operations ?? []).to.have.length(0);
        await expectOnceEach(before);
        await expectConverged();
    });

    it("SIGKILL of the dynamic-provider process while the three updates wait: each ran once; the crash is reported; the recovery up converges", async () => {
        const { before, r } = await triggerAndHold();
        const pids = stack.stackProcesses().filter((pid) => {
            try {
                return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider");
            } catch {
                return false;
            }
        });
        expect(pids.length, "a dynamic-provider process").to.be.greaterThan(0);
        for (const pid of pids) process.kill(pid, "SIGKILL");
        const failed = await r.done;
        expect(failed.code, failed.output).to.not.equal(0);
        expect(failed.output).to.match(/the dynamic provider .*was killed by SIGKILL/);
        await expectRunGone();
        await hold(false);
        await recover();
        await expectOnceEach(before);
        await expectConverged();
    });

    it("the emulator SIGKILLed and restarted with its state file while the three updates wait: each ran once, the up itself succeeds and converges", async () => {
        const { before, r } = await triggerAndHold();
        emulator!.removeAllListeners("exit");
        const gone = new Promise((res) => emulator!.once("exit", res));
        emulator!.kill("SIGKILL");
        await gone;
        await startEmulator(); // not held: what was under way runs out its full time from the restart
        const up = await r.done;
        expect(up.code, up.output).to.equal(0);
        await expectOnceEach(before);
        await expectConverged();
    });

    /** A trigger change whose operations answer `faults`: the clock is held until each was sent and, for the two Alibaba ones, recorded as accepted. */
    const faultyUp = async (faults: unknown, config: Record<string, string> = {}): Promise<{ before: Record<Op, number>; output: string }> => {
        const before = await effects();
        await hold(true);
        await control("POST", "/_emulator/faults", faults);
        await stack.setAllConfig({ "exactly-once:rev": String(++rev), ...config });
        await control("DELETE", "/_emulator/calls");
        const r = start(stack.projectDir, ["up", "--yes", "--skip-preview"]);
        // A Huawei reinstall whose answer is lost is found from the server rebuilding, which needs the clock running.
        await until("the operations to be sent and the two Alibaba ones recorded as accepted", async () => {
            const log = await calls();
            return recordedAccepted(log, "reboot") && recordedAccepted(log, "reinit") && sent(log, "reinstall").length > 0;
        }).finally(() => hold(false));
        const up = await r.done.finally(() => control("POST", "/_emulator/faults", {}));
        expect(up.code, up.output).to.equal(0);
        return { before, output: up.output };
    };

    it("a 5xx answered after each operation took effect: each sent once and counted once, messages say the request may have been accepted; converges", async () => {
        const { before, output } = await faultyUp({
            errors: [
                { cloud: "alicloud", action: "RebootInstance", status: 503, count: 1, after: true },
                { cloud: "alicloud", action: "ReInitDisk", status: 500, count: 1, after: true },
                { cloud: "huaweicloud", action: "ReinstallServerWithoutCloudInit", status: 500, count: 1, after: true },
            ],
        });
        expect(output)
            .to.match(
                /RebootInstance i-\w+: outcome unknown after 1 attempt — ServiceUnavailable: .*the answer was an error that may come after the request was acted on\. The request may have been accepted, so ecs-ops did not send it again/,
            )
            .and.match(/ReInitDisk d-\w+: outcome unknown after 1 attempt — InternalError/)
            .and.match(/ReinstallServerWithoutCloudInit server [0-9a-f-]+: outcome unknown after 1 attempt/);
        await expectOnceEach(before);
        await expectConverged();
    });

    it("answers later than the per-attempt limit: each sent once and counted once, messages name the attempts and the limit; converges", async () => {
        const { before, output } = await faultyUp(
            {
                latency: [
                    { cloud: "alicloud", action: "RebootInstance", ms: 1500, after: true },
                    { cloud: "alicloud", action: "ReInitDisk", ms: 1500, after: true },
                    { cloud: "huaweicloud", action: "ReinstallServerWithoutCloudInit", ms: 1500, after: true },
                ],
            },
            { "ecs-ops:attemptTimeout": "1s", "exactly-once:autoStart": "true" },
        );
        expect(output)
            .to.match(
                /RebootInstance i-\w+: outcome unknown after 1 attempt — RequestTimeout: RebootInstance got no answer within 1s \(the per-attempt limit, ecs-ops:attemptTimeout\)/,
            )
            .and.match(/the reboot was accepted/)
            .and.match(/ReInitDisk was accepted/)
            .and.match(/follows the server until the rebuild ends/);
        await expectOnceEach(before);
        await stack.removeConfig("ecs-ops:attemptTimeout");
        await expectConverged();
    });

    it("a 5xx before each operation reached the cloud: the cloud's records (StartTime, ActionTrail, the server's actions) show it did not run, so it runs once, with no human step; converges", async () => {
        const before = await effects();
        // No dry run (a fault would hit it first) and no auto start (the re-initialisation is then judged from ActionTrail).
        await stack.setAllConfig({ "exactly-once:rev": String(++rev), "exactly-once:dryRun": "false", "exactly-once:autoStart": "false" });
        await control("POST", "/_emulator/faults", {
            errors: [
                { cloud: "alicloud", action: "RebootInstance", status: 503, count: 1 },
                { cloud: "alicloud", action: "ReInitDisk", status: 500, count: 1 },
                { cloud: "huaweicloud", action: "ReinstallServerWithoutCloudInit", status: 500, count: 1 },
            ],
        });
        await control("DELETE", "/_emulator/calls");
        // ActionTrail's delivery, 5 modelled minutes at this time scale (15 s): the provider waits up to 20 s for it.
        const up = await run(stack.projectDir, ["up", "--yes", "--skip-preview"], { ECS_OPS_ACTIONTRAIL_DELAY_MS: "20000" });
        await control("POST", "/_emulator/faults", {});
        const log = await calls();
        const after = await effects();
        for (const op of OPS) {
            // The refused call and the one that ran: never a third, and one effect.
            expect(sent(log, op).length, `${op} calls: the refused one and the one that ran`).to.be.at.most(2);
            expect(after[op] - before[op], `${op} effects for the trigger change`).to.be.at.most(1);
        }
        if (up.code !== 0) {
            // A record the cloud had not delivered yet when the resource's limit ran out is told as such; the next up settles it.
            expect(up.output).to.not.match(/ECS_OPS_UNCERTAIN_OPERATION=/);
            const next = await run(freshCopy(), ["up", "--yes", "--skip-preview"], { ECS_OPS_ACTIONTRAIL_DELAY_MS: "20000" });
            expect(next.code, next.output).to.equal(0);
        }
        const settled = await effects();
        for (const op of OPS) expect(settled[op] - before[op], `${op} ran exactly once for the trigger change`).to.equal(1);
        expect(up.output).to.not.include(PASSWORD);
        await expectConverged();
    });
});
