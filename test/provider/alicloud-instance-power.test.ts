// The instance power helpers against the emulator over real HTTP: what DescribeInstances tells
// (status, locks, expiry, OS), stop/start with their waits, waiting out a reboot before stopping,
// retrying a refusal caused by a state change in between, and timeouts naming the state reached.
import { expect } from "chai";
import { callEcs } from "../../provider/alicloud/api/client";
import { describeInstance, startInstance, stopInstance, waitForStatus } from "../../provider/alicloud/operations/instance-power";
import { WaitTimeoutError } from "../../provider/core/transport/wait";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { actions, EmulatedAlicloud, eventually, startEmulatedAlicloud } from "./emulated-alicloud";

const RUNNING = "i-bp1paygrunning00001";
const LOCKED = "i-bp1securitylock0003";
const EXPIRED = "i-bp1expiredprepaid04";
const WINDOWS = "i-uf6windows000000001";
const STOPPED = "i-bp1subsstopped00002";

const soon = (ms = 30_000): number => Date.now() + ms;

describe("alicloud instance power helpers against the emulator", function () {
    this.timeout(60_000);
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();

    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.1 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(), capture: out },
    );

    it("describeInstance reads status, locks, expiry and OS; undefined for an unknown id", async () => {
        const running = await describeInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() });
        expect(running).to.include({ instanceId: RUNNING, status: "Running", expired: false, osType: "linux" });
        expect(running!.lockReasons).to.deep.equal([]);
        const locked = await describeInstance(LOCKED, { region: "cn-hangzhou", deadline: soon() });
        expect(locked!.lockReasons).to.deep.equal(["security"]);
        const expired = await describeInstance(EXPIRED, { region: "cn-hangzhou", deadline: soon() });
        expect(expired).to.include({ expired: true, chargeType: "PrePaid" });
        const windows = await describeInstance(WINDOWS, { region: "cn-shanghai", deadline: soon() });
        expect(windows).to.include({ osType: "windows" });
        expect(await describeInstance("i-bp1doesnotexist00001", { region: "cn-hangzhou", deadline: soon() })).to.equal(undefined);
        const calls = await cloud.calls();
        expect(calls.map((c) => c.params?.InstanceIds)).to.deep.equal(
            [RUNNING, LOCKED, EXPIRED, WINDOWS, "i-bp1doesnotexist00001"].map((id) => JSON.stringify([id])),
        );
    });

    it("stop then start: one call each, waiting for Stopped and Running with progress lines", async () => {
        const stopped = await stopInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() });
        expect(stopped.state.status).to.equal("Stopped");
        expect(stopped.requestId).to.be.a("string");
        const started = await startInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() });
        expect(started.state.status).to.equal("Running");
        const seq = actions(await cloud.calls()).filter((a) => a !== "DescribeInstances");
        expect(seq).to.deep.equal(["StopInstance", "StartInstance"]);
        expect(out.text())
            .to.match(/to be Stopped: done \(Stopped\)/)
            .and.match(/to be Running: done \(Running\)/);
    });

    it("nothing to do: stopping a Stopped instance, starting a Running one", async () => {
        await stopInstance(STOPPED, { region: "cn-hangzhou", deadline: soon() });
        await startInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() });
        expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances", "DescribeInstances"]);
        expect(out.text()).to.include("is already Stopped").and.include("is already Running");
    });

    it("a locked or expired instance is refused before any call", async () => {
        const locked = await stopInstance(LOCKED, { region: "cn-hangzhou", deadline: soon() }).catch((e: Error) => e);
        expect((locked as Error).message).to.match(/^InstanceLockedForSecurity: .*suspicious outbound traffic/);
        const expired = await startInstance(EXPIRED, { region: "cn-hangzhou", deadline: soon() }).catch((e: Error) => e);
        expect((expired as Error).message).to.match(/^InstanceExpiredOrInArrears: .*subscription expired at 2026-01-31T16:00Z; renew it/);
        expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances", "DescribeInstances"]);
    });

    it("stopping during a reboot waits until the instance settles, then stops it", async () => {
        await callEcs("RebootInstance", { InstanceId: RUNNING }, { region: "cn-hangzhou", deadline: soon() });
        const result = await stopInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() });
        expect(result.state.status).to.equal("Stopped");
        // Right after the reboot DescribeInstances still says Running (settling): StopInstance is then
        // refused while the instance is really Starting, and retried until accepted — exactly one accepted stop.
        const stops = (await cloud.calls()).filter((c) => c.action === "StopInstance").map((c) => c.code);
        expect(stops[stops.length - 1]).to.equal(null);
        expect(
            stops.slice(0, -1).every((c) => c === "IncorrectInstanceStatus"),
            stops.join(),
        ).to.equal(true);
        expect(out.text()).to.match(/to be Running or Stopped: (Stopping|Starting)|StopInstance refused \(IncorrectInstanceStatus\)/);
    });

    it("a StopInstance refused because the instance changed state meanwhile is retried until it is accepted", async () => {
        // Hold StopInstance for 600 ms; as soon as the first DescribeInstances answered, reboot the instance from outside.
        // The reboot keeps the instance Stopping, then Starting, for 1.3 s at this time scale, so the held StopInstance
        // finds it rebooting whether the reboot was served up to 600 ms after it arrived or up to 700 ms before.
        await cloud.faults({ latency: [{ cloud: "alicloud", action: "StopInstance", ms: 600 }] });
        const stopping = stopInstance(RUNNING, { region: "cn-hangzhou", deadline: soon() });
        const logged = (action: string) => async () => ((await cloud.calls()).some((c) => c.action === action) ? true : undefined);
        await eventually("stopInstance's DescribeInstances", logged("DescribeInstances"));
        await callEcs("RebootInstance", { InstanceId: RUNNING }, { region: "cn-hangzhou", deadline: soon() });
        // Only that first StopInstance is held: its retries go through at once.
        await eventually("the first StopInstance", logged("StopInstance"));
        await cloud.faults({});
        const result = await stopping;
        expect(result.state.status).to.equal("Stopped");
        const stops = (await cloud.calls()).filter((c) => c.action === "StopInstance").map((c) => c.code);
        expect(stops[0]).to.equal("IncorrectInstanceStatus");
        expect(stops[stops.length - 1]).to.equal(null);
        expect(out.text()).to.match(/StopInstance refused \(IncorrectInstanceStatus\) while (Stopping|Starting|Running); retrying in/);
    });

    it("waitForStatus times out naming what it waited for and the state reached", async () => {
        await callEcs("StopInstance", { InstanceId: RUNNING }, { region: "cn-hangzhou", deadline: soon() });
        const err = await waitForStatus(RUNNING, "Pending", { region: "cn-hangzhou", deadline: soon(40) }).catch((e: Error) => e);
        expect(err).to.be.instanceOf(WaitTimeoutError);
        expect((err as Error).message).to.match(new RegExp(`waiting for instance ${RUNNING} to be Pending; last state: (Running|Stopping)`));
    });

    it("waitForStatus fails at once when the instance does not exist", async () => {
        const err = await waitForStatus("i-bp1doesnotexist00001", "Running", { region: "cn-hangzhou", deadline: soon() }).catch((e: Error) => e);
        expect((err as Error).message).to.match(/no longer exists/);
    });
});
