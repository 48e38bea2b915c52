// The non-idempotent actions that the exactly-once e2e suite (test/e2e/exactly-once.test.ts) does
// not send under the CLI, against the emulator over real HTTP: StopInstance and StartInstance as
// part of a change, and the v2 (Cloud-Init) reinstall. An answer later than the per-attempt limit,
// or lost after the action took effect, is never re-sent: the cloud is asked instead, and the
// message says how many attempts were made, which limit ran out and whether it may have been accepted.
import { expect } from "chai";
import { startInstance, stopInstance } from "../../provider/alicloud/operations/instance-power";
import { handler } from "../../provider/huaweicloud/server-reinstall/handler";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { EmulatedAlicloud, eventually, startEmulatedAlicloud } from "./emulated-alicloud";
import { EmulatedHuaweicloud, fastJobPolls, fixtureWithStuckJob, SERVERS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

const RUNNING = "i-bp1paygrunning00001";
const STOPPED = "i-bp1subsstopped00002";
const soon = (ms = 30_000): number => Date.now() + ms;

/** Sets environment variables for one test and restores them after it. */
function withEnv(vars: Record<string, string>): void {
    const saved: Record<string, string | undefined> = {};
    beforeEach(() => {
        for (const [k, v] of Object.entries(vars)) {
            saved[k] = process.env[k];
            process.env[k] = v;
        }
    });
    afterEach(() => {
        for (const k of Object.keys(vars)) {
            if (saved[k] === undefined) delete process.env[k];
            else process.env[k] = saved[k];
        }
    });
}

describe("exactly once: StopInstance and StartInstance of a change, never re-sent after an ambiguous failure", function () {
    this.timeout(60_000);
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();
    // A stop takes 500 ms and a start 800 ms here; reads lag 300 ms.
    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.1 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(), capture: out },
    );
    withEnv({ ECS_OPS_VISIBILITY_GRACE_MS: "1500", ECS_OPS_ATTEMPT_TIMEOUT: "1s" });

    const sent = async (action: string) => (await cloud.calls()).filter((c) => c.action === action);

    it("StopInstance answered after the per-attempt limit: sent once, the stop is seen, the instance ends Stopped", async () => {
        await cloud.faults({ latency: [{ cloud: "alicloud", action: "StopInstance", ms: 1600, after: true }] });
        const result = await stopInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() });
        expect(result.state.status).to.equal("Stopped");
        // The call is logged when its late answer goes out, after the stop was already seen.
        await eventually("the late StopInstance answer", async () => ((await sent("StopInstance")).length > 0 ? true : undefined));
        expect(await sent("StopInstance")).to.have.length(1);
        expect(out.text())
            .to.match(
                /StopInstance i-\w+: outcome unknown after 1 attempt — RequestTimeout: StopInstance got no answer within 1s \(the per-attempt limit, ecs-ops:attemptTimeout\)/,
            )
            .and.match(/The request may have been accepted, so ecs-ops did not send it again; watching the instance for the stop/);
    });

    it("StartInstance answered with a 5xx after it took effect: sent once, the start is seen, the instance ends Running", async () => {
        await cloud.faults({ errors: [{ cloud: "alicloud", action: "StartInstance", status: 503, count: 1, after: true }] });
        const result = await startInstance(STOPPED, { region: "cn-hangzhou", deadline: soon() });
        expect(result.state.status).to.equal("Running");
        expect((await sent("StartInstance")).map((c) => c.code)).to.deep.equal(["ServiceUnavailable"]);
        expect(out.text()).to.match(
            /StartInstance i-\w+: outcome unknown after 1 attempt — ServiceUnavailable: .*the answer was an error that may come after the request was acted on/,
        );
    });

    it("StartInstance failing with a 5xx and no start to be seen: not re-sent; the error says the outcome is unknown and what the next run does", async () => {
        await cloud.faults({ errors: [{ cloud: "alicloud", action: "StartInstance", status: 500, count: 1 }] });
        const err = (await startInstance(STOPPED, { region: "cn-hangzhou", deadline: soon() }).catch((e: Error) => e)) as Error;
        expect(err).to.be.instanceOf(Error);
        expect(err.message)
            .to.match(/^StartInstance i-\w+: outcome unknown after 1 attempt — InternalError/)
            .and.match(/the instance stayed Stopped, so it cannot be known yet whether StartInstance was accepted; it was not sent again/)
            .and.match(/The next `pulumi up` reads the instance's state and sends StartInstance only if it is still needed/);
        expect(await sent("StartInstance")).to.have.length(1);
    });
});

describe("exactly once: the v2 (Cloud-Init) reinstall, never re-sent after an answer later than the per-attempt limit", function () {
    this.timeout(60_000);
    let emu: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.01 }),
        (e) => (emu = e),
        { capture: out },
    );
    withEnv({ ECS_OPS_VISIBILITY_GRACE_MS: "1500", ECS_OPS_ATTEMPT_TIMEOUT: "1s" });
    fastJobPolls();

    it("ReinstallServerWithCloudInit answered late: sent once, the rebuild is seen and followed to its end, one reinstall", async () => {
        // A rebuild long enough to be seen after the limit (2 s here; minutes in the real cloud).
        await emu.reset(fixtureWithStuckJob(200_000) as never);
        await emu.faults({ latency: [{ cloud: "huaweicloud", action: "ReinstallServerWithCloudInit", ms: 1600, after: true }] });
        const { outs } = await handler.create({ serverId: SERVERS.stuck, cloudInit: true, adminPass: "Reinstall-2026x", triggers: ["v2"], __provider: "p" });
        const posts = (await emu.calls()).filter((c) => c.action.startsWith("ReinstallServer"));
        expect(posts.map((c) => c.action)).to.deep.equal(["ReinstallServerWithCloudInit"]);
        expect(outs).to.include({ status: "UNKNOWN", reinstallCount: 1 });
        const server = ((await emu.state()).servers as Array<{ id: string; guest: { reinstallCount: number } }>).find((s) => s.id === SERVERS.stuck)!;
        expect(server.guest.reinstallCount).to.equal(1);
        expect(out.text())
            .to.match(
                /ReinstallServerWithCloudInit server [0-9a-f-]+: outcome unknown after 1 attempt — Timeout: no answer from .* within 1s \(the per-attempt limit, ecs-ops:attemptTimeout\)/,
            )
            .and.match(/its job id is unknown, so ecs-ops follows the server until the rebuild ends/);
    });
});
