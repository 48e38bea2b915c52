// A FAILed reinstall job followed at once by a new trigger, with server reads lagging the job:
// ecs-ops reports the failure only once ShowServer stops showing the rebuild (job-follow.ts,
// settleAfterFailedJob), so the next reinstall is not refused as busy ("already being reinstalled").
import { expect } from "chai";
import { defaultFixture } from "../../emulator";
import { PartialFailure } from "../../provider/core/transport/errors";
import { handler } from "../../provider/huaweicloud/server-reinstall/handler";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { eventually } from "./emulated-alicloud";
import { EmulatedHuaweicloud, fastJobPolls, SERVERS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

type Props = Record<string, unknown>;

const SCALE = 0.01;
/** 120 modelled s at 0.01 = 1.2 s of ShowServer lag: after the FAIL, reads show REBUILD that long. */
const SETTLE_MS = 120_000;
/** The scripted failure comes 200 modelled s (2 s) into the rebuild: longer than the lag, so reads do show the rebuild after it. */
const FAIL_AFTER_MS = 200_000;
const PASSWORD = "Reinstall-2026x";
const PROVIDER = "provider-code-v1";

/** The default fixture, the "fails next" server's reinstall failing after FAIL_AFTER_MS of rebuild. */
function fixture(): unknown {
    const f = defaultFixture() as { huaweicloud: { scriptedFaults: Array<{ serverId: string; nextReinstall?: { fail?: Props } }> } };
    for (const s of f.huaweicloud.scriptedFaults) if (s.serverId === SERVERS.failsNext && s.nextReinstall?.fail) s.nextReinstall.fail.afterMs = FAIL_AFTER_MS;
    return f;
}

describe("huaweicloud.ServerReinstall: a FAILed job, then a new trigger at once (server reads lag by 1.2 s)", function () {
    this.timeout(60_000);
    let emu: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: SCALE, settleMs: SETTLE_MS }),
        (e) => (emu = e),
        { beforeEachTest: (e) => e.reset(fixture()), capture: out },
    );
    fastJobPolls();

    const posts = async () => (await emu.calls()).filter((c) => c.action.startsWith("ReinstallServer"));
    const inputs = (triggers: string[], extra: Props = {}): Props => ({
        serverId: SERVERS.failsNext,
        adminPass: PASSWORD,
        triggers,
        __provider: PROVIDER,
        ...extra,
    });
    async function failed(p: Promise<unknown>): Promise<PartialFailure> {
        const err = await p.then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(err, "expected a PartialFailure").to.be.instanceOf(PartialFailure);
        return err as PartialFailure;
    }
    /** The settle wait's progress line of its end (and, when `rebuildShown`, the line of the rebuild still shown before it). */
    function expectSettleLines(jobId: string, rebuildShown: boolean): void {
        const line = `server ${SERVERS.failsNext} to settle after the failed reinstall job ${jobId}`;
        expect(out.text()).to.match(new RegExp(`${line}: done \\(SHUTOFF\\) after `));
        if (rebuildShown) expect(out.text()).to.include(`${line}: REBUILD/rebuilding (`);
    }

    it("followed job: the failure is reported once reads stop showing the rebuild, and the new trigger reinstalls (not refused as busy)", async () => {
        const err = await failed(handler.create(inputs(["a"])));
        // A known outcome: FAIL recorded, no job left pending (the same triggers never reinstall again).
        expect(err.properties).to.include({ status: "FAIL", reinstallCount: 1 });
        expect(err.properties.pendingJobId).to.equal(undefined);
        expect(err.message).to.match(/^reinstall job \w+ failed: Ecs\.0000: .*change `triggers` to try again/);

        const { outs } = await handler.update!(err.id, err.properties, inputs(["b"]));
        // Seen within a job poll (≤ 200 ms) of the FAIL, the server still showed the rebuild: the wait printed it.
        expectSettleLines(err.properties.jobId as string, true);
        expect(outs).to.include({ status: "SUCCESS", reinstallCount: 2 });
        expect(
            (await posts()).map((c) => c.status),
            "one POST per trigger, both accepted",
        ).to.deep.equal([200, 200]);
    });

    it("resumed job: a job that FAILed after the run timed out is followed, then the new trigger reinstalls at once (not refused as busy)", async () => {
        // Held: the job cannot fail before the 1 s create timeout, however slow the machine.
        await emu.holdClock(true);
        const timedOut = await failed(handler.create(inputs(["a"], { timeouts: { create: "1s" } }))).finally(() => emu.holdClock(false));
        const jobId = timedOut.properties.pendingJobId as string;
        expect(jobId).to.match(/^ff808082/);
        await eventually(
            `job ${jobId} to FAIL`,
            async () =>
                ((await emu.state()).jobs as Array<{ jobId: string; status: string }>).find((j) => j.jobId === jobId)?.status === "FAIL" ? true : undefined,
            30_000,
        );
        // Right away (reads still show the rebuild): the resumed job is seen FAILed, the new trigger reinstalls.
        const { outs } = await handler.update!(timedOut.id, timedOut.properties, inputs(["b"]));
        expect(out.text()).to.include(`reinstall job ${jobId} ended with FAIL`);
        expectSettleLines(jobId, false);
        expect(outs).to.include({ status: "SUCCESS", reinstallCount: 2 });
        expect(outs.jobId).to.not.equal(jobId);
        expect((await posts()).map((c) => c.status)).to.deep.equal([200, 200]);
    });
});
