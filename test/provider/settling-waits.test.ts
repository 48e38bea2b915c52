// ecs-ops' waits under settling: with a Describe lag longer than a poll interval, each wait
// (reboot, stop/start, disk re-initialisation, reinstall) must not end before the change is
// visible. Proof after each wait returns: (1) the emulator's live record shows the operation
// complete, and (2) a Describe made at once reports the final state. The operations last longer
// than the lag, so (1) and (2) together mean the change was visible when the wait ended.
import { expect } from "chai";
import { defaultFixture } from "../../emulator";
import { callEcs } from "../../provider/alicloud/api/client";
import { handler as reinitHandler } from "../../provider/alicloud/disk-reinit/handler";
import { waitForDiskStatus } from "../../provider/alicloud/api/disks";
import { describeInstance, rebootInstance, startInstance, stopInstance } from "../../provider/alicloud/operations/instance-power";
import { handler as reinstallHandler, pollTuning } from "../../provider/huaweicloud/server-reinstall/handler";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { AlicloudStateView, EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";
import { EmulatedHuaweicloud, SERVERS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

const SCALE = 0.05;
/** 8 modelled s at 0.05 = 400 ms of Describe lag: longer than the first poll intervals. */
const SETTLE_MS = 8000;
const RUNNING = "i-bp1paygrunning00001";
const STOPPED = "i-bp1subsstopped00002";
const DATA_DISK = "d-bp1batchdata00000001"; // of STOPPED; a re-initialisation lasts 15 s × 0.05 = 750 ms
const soon = (): number => Date.now() + 60_000;

type Instance = AlicloudStateView["instances"][number];
const live = (s: AlicloudStateView, id: string): Instance => s.instances.find((i) => i.instanceId === id)!;
const bootCount = (i: Instance): number => (i.guest as { bootCount: number }).bootCount;

describe("ecs-ops waits under settling (Describe lags by 400 ms)", function () {
    this.timeout(120_000);
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: SCALE, settleMs: SETTLE_MS }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(), capture: out },
    );

    it("rebootInstance ends after the reboot is visible: booted once, Running described", async () => {
        const before = bootCount(live(await cloud.state(), RUNNING));
        const result = await rebootInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() });
        const now = live(await cloud.state(), RUNNING);
        expect(bootCount(now), "the reboot's boot happened before the wait ended").to.equal(before + 1);
        expect(now.status).to.equal("Running");
        expect(result.state.status).to.equal("Running");
        expect((await describeInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() }))?.status).to.equal("Running");
    });

    it("stopInstance and startInstance end after the change is visible", async () => {
        const before = bootCount(live(await cloud.state(), RUNNING));
        await stopInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() });
        expect(live(await cloud.state(), RUNNING).status).to.equal("Stopped");
        expect((await describeInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() }))?.status).to.equal("Stopped");
        // Right after the stop, DescribeInstances might still say Running: startInstance must not take that for done.
        await startInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() });
        const now = live(await cloud.state(), RUNNING);
        expect(now.status).to.equal("Running");
        expect(bootCount(now)).to.equal(before + 1);
        expect((await describeInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() }))?.status).to.equal("Running");
    });

    it("DiskReinit ends after the re-initialisation is visible (a naive wait for In_use would not)", async () => {
        const count = (s: AlicloudStateView): number => s.disks.find((d) => d.diskId === DATA_DISK)!.reInitCount as number;
        const before = count(await cloud.state());

        // The naive wait, for contrast: right after ReInitDisk, DescribeDisks still says In_use.
        await callEcs("ReInitDisk", { DiskId: DATA_DISK }, { region: "cn-hangzhou", deadline: soon() });
        await waitForDiskStatus(DATA_DISK, "In_use", { region: "cn-hangzhou", deadline: soon() });
        const naive = (await cloud.state()).disks.find((d) => d.diskId === DATA_DISK)!;
        expect(naive.status, "the naive wait ended while the disk was still ReIniting").to.equal("ReIniting");

        await cloud.reset();
        await reinitHandler.create({ diskId: DATA_DISK, region: "cn-hangzhou", triggers: [1], __provider: "p" });
        const after = await cloud.state();
        expect(after.disks.find((d) => d.diskId === DATA_DISK)!.status).to.equal("In_use");
        expect(count(after)).to.equal(before + 1);
        const described = await callEcs<{ Disks: { Disk: { Status: string }[] } }>(
            "DescribeDisks",
            { DiskIds: JSON.stringify([DATA_DISK]) },
            { region: "cn-hangzhou", deadline: soon() },
        );
        expect(described.Disks.Disk[0].Status).to.equal("In_use");
        expect(live(after, STOPPED).status).to.equal("Stopped");
    });
});

describe("ecs-ops reinstall wait under settling (ShowServer lags the job by 400 ms)", function () {
    this.timeout(120_000);
    let emu: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    // 0.01: the rebuild lasts 630 ms; 40 modelled s of settling = 400 ms of lag.
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.01, settleMs: 40_000 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => e.reset(defaultFixture()), capture: out },
    );
    before(() => {
        pollTuning.initialIntervalMs = 50;
        pollTuning.maxIntervalMs = 200;
    });
    after(() => {
        pollTuning.initialIntervalMs = undefined;
        pollTuning.maxIntervalMs = undefined;
    });

    it("ServerReinstall ends after the server shows the rebuild ended, not at the job's SUCCESS", async () => {
        const { outs } = await reinstallHandler.create({ serverId: SERVERS.shutoff, adminPass: "Reinstall-2026x", triggers: ["r1"], __provider: "p" });
        expect(outs.status).to.equal("SUCCESS");
        const state = (await emu.state()) as { servers: Array<{ id: string; status: string; guest: { reinstallCount: number } }> };
        const server = state.servers.find((s) => s.id === SERVERS.shutoff)!;
        expect(server.guest.reinstallCount).to.equal(1);
        const calls = await emu.calls();
        // The wait's server reads go through the batched ListServersDetails (the check before the POST is a ShowServer).
        const shown = calls.filter((c) => c.action === "ListServersDetails");
        expect(shown.length, "server reads after SUCCESS until the rebuild no longer shows").to.be.at.least(2);
        // A second reinstall right away (the server is ACTIVE after a rebuild): its ShowServer check must not find it still REBUILD.
        await emu.clearCalls();
        const again = await reinstallHandler.update!(
            SERVERS.shutoff,
            { ...outs, __provider: "p" },
            { serverId: SERVERS.shutoff, adminPass: "Reinstall-2026x", stopServer: true, triggers: ["r2"], __provider: "p" },
        );
        expect(again.outs.status).to.equal("SUCCESS");
        expect(again.outs.reinstallCount).to.equal(2);
    });
});
