// alicloud.InstanceReboot against the emulator over real HTTP: create reboots once (DryRun first) and
// waits Running with progress lines; trigger semantics on update; state-dependent errors before any
// reboot; DryRun preflight failures; retries under throttling and 5xx; the guest applies pending
// changes at the reboot; a wait timeout keeps the record of the accepted reboot.
import { expect } from "chai";
import { callEcs } from "../../provider/alicloud/api/client";
import { handler } from "../../provider/alicloud/instance-reboot/handler";
import { PartialFailure } from "../../provider/core/transport/errors";
import { defaultFixture } from "../../emulator";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { actions, AlicloudStateView, EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";

const PROVIDER = "serialized-provider-text";
type Instance = AlicloudStateView["instances"][number];

interface Picked {
    running: Instance;
    stopped: Instance;
    locked: Instance;
    expired: Instance;
}

function locks(i: Instance): string[] {
    return ((i.operationLocks as { lockReason: string }[] | undefined) ?? []).map((l) => l.lockReason);
}

/** Finds the fixture instances each scenario needs, by their state rather than by hard-coded ids. */
function pick(state: AlicloudStateView): Picked {
    const clean = (i: Instance): boolean => locks(i).length === 0 && i.expiredOrInArrears !== true && i.hibernationConfigured !== true;
    const find = (what: string, test: (i: Instance) => boolean): Instance => {
        const found = state.instances.find(test);
        if (!found) throw new Error(`the default alicloud fixture has no ${what} instance`);
        return found;
    };
    return {
        running: find("clean Running Linux", (i) => clean(i) && i.status === "Running" && i.osType === "linux" && i.regionId === "cn-hangzhou"),
        stopped: find("clean Stopped", (i) => clean(i) && i.status === "Stopped"),
        locked: find("security-locked", (i) => locks(i).includes("security")),
        expired: find("expired or in arrears", (i) => i.expiredOrInArrears === true),
    };
}

function guest(state: AlicloudStateView, instanceId: string): { bootCount: number; hostName: string } {
    const inst = state.instances.find((i) => i.instanceId === instanceId)!;
    return inst.guest as { bootCount: number; hostName: string };
}

function realReboots(calls: { action: string; params?: Record<string, unknown>; status: number }[]): number {
    return calls.filter((c) => c.action === "RebootInstance" && c.params?.DryRun !== "true" && c.status === 200).length;
}

describe("alicloud.InstanceReboot against the emulator", function () {
    this.timeout(60_000);
    let cloud: EmulatedAlicloud;
    let ids: Picked;
    const out = new ConsoleCapture();

    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.05 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(), capture: out },
    );
    before(async () => {
        ids = pick(await cloud.state());
    });

    function inputs(extra: Record<string, unknown> = {}): Record<string, unknown> {
        return { instanceId: ids.running.instanceId, region: "cn-hangzhou", triggers: ["v1"], __provider: PROVIDER, ...extra };
    }

    it("create reboots once, DryRun first, waits until Running and prints progress", async () => {
        const before = guest(await cloud.state(), ids.running.instanceId).bootCount;
        const { id, outs } = await handler.create(inputs());
        const calls = await cloud.calls();
        // The reboot is recorded on the instance before it is sent (intent) and once accepted.
        expect(actions(calls).filter((a) => a !== "DescribeInstances")).to.deep.equal([
            "RebootInstance(DryRun)",
            "TagResources",
            "RebootInstance",
            "TagResources",
        ]);
        expect(calls.find((c) => c.params?.DryRun === "true")!.code).to.equal("DryRunOperation");
        const reboot = calls.find((c) => c.action === "RebootInstance" && c.params?.DryRun !== "true")!;
        expect(reboot.params).to.include({ InstanceId: ids.running.instanceId, ForceStop: "false" });
        expect(actions(calls)[0]).to.equal("DescribeInstances"); // the state check comes first
        expect(id).to.match(new RegExp(`^${ids.running.instanceId}:reboot:[0-9a-f]{8}$`));
        expect(outs).to.include({ instanceId: ids.running.instanceId, region: "cn-hangzhou", rebootCount: 1, lastRebootRequestId: reboot.requestId });
        expect(Date.parse(outs.lastRebootAt as string)).to.be.closeTo(Date.now(), 60_000);
        expect(outs.triggers).to.deep.equal(["v1"]);
        const state = await cloud.state();
        expect(state.instances.find((i) => i.instanceId === ids.running.instanceId)!.status).to.equal("Running");
        expect(guest(state, ids.running.instanceId).bootCount).to.equal(before + 1);
        const text = out.text();
        expect(text).to.include(`rebooting instance ${ids.running.instanceId}`);
        // The first read may still show Running (settling); the boot count above proves the wait saw the reboot.
        expect(text).to.match(new RegExp(`instance ${ids.running.instanceId} to be Running: (Running|Starting)`));
        expect(text).to.match(/to be Running: done \(Running\)/);
    });

    it("update with the same triggers makes no call; other settings change without a reboot", async () => {
        const { id, outs } = await handler.create(inputs());
        await cloud.clearCalls();
        const same = await handler.update!(id, { ...outs, __provider: PROVIDER }, inputs({ __provider: "new provider code" }));
        expect(await cloud.calls()).to.deep.equal([]);
        expect(same.outs).to.include({ rebootCount: 1, lastRebootRequestId: outs.lastRebootRequestId });
        const settings = await handler.update!(id, { ...outs, __provider: PROVIDER }, inputs({ forceStop: true, dryRun: false, timeouts: { update: "5m" } }));
        expect(await cloud.calls()).to.deep.equal([]);
        expect(settings.outs).to.include({ forceStop: true, dryRun: false, rebootCount: 1 });
        expect(settings.outs.timeouts).to.deep.equal({ update: "5m" });
    });

    it("a trigger change reboots exactly once (plus its dry run), with the new settings", async () => {
        const { id, outs } = await handler.create(inputs());
        await cloud.clearCalls();
        const updated = await handler.update!(id, { ...outs, __provider: PROVIDER }, inputs({ triggers: ["v2"], forceStop: true }));
        const calls = await cloud.calls();
        expect(actions(calls).filter((a) => a.startsWith("RebootInstance"))).to.deep.equal(["RebootInstance(DryRun)", "RebootInstance"]);
        expect(calls.find((c) => c.action === "RebootInstance" && c.params?.DryRun !== "true")!.params).to.include({ ForceStop: "true" });
        expect(updated.outs).to.include({ rebootCount: 2 });
        expect(updated.outs.lastRebootRequestId).to.not.equal(outs.lastRebootRequestId);
        expect(updated.outs.triggers).to.deep.equal(["v2"]);
        expect(out.text()).to.include("triggers changed: rebooting");
    });

    it("rebootOnCreate: false records the instance without rebooting; a later trigger change reboots once", async () => {
        const { id, outs } = await handler.create(inputs({ rebootOnCreate: false }));
        expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances"]);
        expect(outs).to.include({ rebootCount: 0, rebootOnCreate: false });
        expect(outs).to.not.have.property("lastRebootAt");
        expect(out.text()).to.include("rebootOnCreate is false: recorded without rebooting");
        await cloud.clearCalls();
        const updated = await handler.update!(id, { ...outs, __provider: PROVIDER }, inputs({ rebootOnCreate: false, triggers: ["v2"] }));
        expect(realReboots(await cloud.calls())).to.equal(1);
        expect(updated.outs).to.include({ rebootCount: 1 });
        const missing = await handler.create(inputs({ rebootOnCreate: false, instanceId: "i-bp1doesnotexist00001" })).catch((e: Error) => e);
        expect((missing as Error).message).to.match(/InvalidInstanceId.NotFound/);
    });

    it("dryRun: false skips the dry run", async () => {
        await handler.create(inputs({ dryRun: false }));
        expect(actions(await cloud.calls()).filter((a) => a.startsWith("RebootInstance"))).to.deep.equal(["RebootInstance"]);
    });

    it("the reboot applies pending guest changes (hostname set through the API)", async () => {
        const instanceId = ids.running.instanceId;
        await callEcs(
            "ModifyInstanceAttribute",
            { InstanceId: instanceId, HostName: "rebooted-host" },
            { region: "cn-hangzhou", deadline: Date.now() + 30_000 },
        );
        let state = await cloud.state();
        expect(guest(state, instanceId).hostName).to.not.equal("rebooted-host");
        expect(state.instances.find((i) => i.instanceId === instanceId)!.restartPending).to.not.deep.equal(false);
        await handler.create(inputs());
        state = await cloud.state();
        expect(guest(state, instanceId).hostName).to.equal("rebooted-host");
    });

    describe("instances that cannot be rebooted: clear errors, no reboot", () => {
        const cases: Array<[string, (p: Picked) => Instance, RegExp]> = [
            ["a Stopped instance", (p) => p.stopped, /IncorrectInstanceStatus: instance i-\w+ is Stopped; RebootInstance needs a Running instance/],
            ["a security-locked instance", (p) => p.locked, /InstanceLockedForSecurity: instance i-\w+ is locked for security reasons/],
            ["an expired instance", (p) => p.expired, /InstanceExpiredOrInArrears/],
        ];
        for (const [title, which, message] of cases) {
            for (const dryRun of [true, false]) {
                it(`${title} (dryRun ${dryRun})`, async () => {
                    const target = which(ids);
                    const err = await handler.create(inputs({ instanceId: target.instanceId, region: target.regionId, dryRun })).catch((e: Error) => e);
                    expect(err).to.be.instanceOf(Error);
                    expect((err as Error).message).to.match(message);
                    expect(realReboots(await cloud.calls())).to.equal(0);
                });
            }
        }

        it("an instance that does not exist", async () => {
            const err = await handler.create(inputs({ instanceId: "i-bp1doesnotexist00001" })).catch((e: Error) => e);
            expect((err as Error).message).to.match(/InvalidInstanceId.NotFound: instance i-bp1doesnotexist00001 does not exist in region cn-hangzhou/);
            expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances"]);
        });
    });

    it("a failing dry run stops before the real call, with the documented code and its hint", async () => {
        const fixture = defaultFixture();
        const section = fixture.alicloud as { faults?: unknown[] };
        section.faults = [
            ...(section.faults ?? []),
            { action: "RebootInstance", instanceId: ids.running.instanceId, code: "InvalidParameter.KMSKeyId.CMKNotEnabled" },
        ];
        await cloud.reset(fixture);
        try {
            const err = await handler.create(inputs()).catch((e: Error) => e);
            expect((err as Error).message).to.match(/^InvalidParameter.KMSKeyId.CMKNotEnabled: .*\(RequestId [^)]+\)\. .*KMS/);
            const calls = await cloud.calls();
            expect(actions(calls).filter((a) => a.startsWith("RebootInstance"))).to.deep.equal(["RebootInstance(DryRun)"]);
        } finally {
            await cloud.reset();
        }
    });

    it("retries throttling and 5xx answers, still rebooting exactly once", async () => {
        await cloud.faults({
            throttle: [{ cloud: "alicloud", action: "RebootInstance", count: 2 }],
            errors: [
                { cloud: "alicloud", action: "DescribeInstances", status: 503, count: 1 },
                { cloud: "alicloud", action: "RebootInstance", status: 500, count: 1 },
            ],
        });
        const { outs } = await handler.create(inputs());
        const calls = await cloud.calls();
        const codes = calls.filter((c) => c.action === "RebootInstance").map((c) => c.code);
        expect(codes.filter((c) => c === "Throttling.User")).to.have.length(2);
        expect(codes.filter((c) => c === "InternalError")).to.have.length(1);
        expect(calls.filter((c) => c.action === "DescribeInstances").map((c) => c.code)).to.include("ServiceUnavailable");
        expect(realReboots(calls)).to.equal(1);
        expect(outs.rebootCount).to.equal(1);
        expect(out.text()).to.match(/Throttling.User; pacing RebootInstance at/);
    });

    describe("ambiguous failures of RebootInstance (never re-sent; the cloud is asked)", () => {
        const saved = { ...process.env };
        beforeEach(() => {
            process.env.ECS_OPS_VISIBILITY_GRACE_MS = "1500";
        });
        afterEach(() => {
            for (const k of ["ECS_OPS_VISIBILITY_GRACE_MS", "ECS_OPS_ATTEMPT_TIMEOUT"]) {
                if (saved[k] === undefined) delete process.env[k];
                else process.env[k] = saved[k];
            }
        });

        it("answered after the per-attempt limit: sent once, the reboot is seen, recorded as done", async () => {
            process.env.ECS_OPS_ATTEMPT_TIMEOUT = "1s";
            await cloud.faults({ latency: [{ cloud: "alicloud", action: "RebootInstance", ms: 1600 }] });
            const before = guest(await cloud.state(), ids.running.instanceId).bootCount;
            const { outs } = await handler.create(inputs({ dryRun: false }));
            const calls = await cloud.calls();
            expect(realReboots(calls)).to.equal(1);
            expect(outs.rebootCount).to.equal(1);
            expect(out.text()).to.match(
                /RebootInstance i-\w+: outcome unknown after 1 attempt — RequestTimeout: RebootInstance got no answer within 1s \(the per-attempt limit, ecs-ops:attemptTimeout\)/,
            );
            expect(out.text()).to.match(/the reboot was accepted/);
            expect(guest(await cloud.state(), ids.running.instanceId).bootCount).to.equal(before + 1);
        });

        it("a 5xx after the reboot was accepted: sent once, counted once", async () => {
            await cloud.faults({ errors: [{ cloud: "alicloud", action: "RebootInstance", status: 503, count: 1, after: true }] });
            const before = guest(await cloud.state(), ids.running.instanceId).bootCount;
            const { outs } = await handler.create(inputs({ dryRun: false }));
            const sent = (await cloud.calls()).filter((c) => c.action === "RebootInstance");
            expect(sent.map((c) => c.code)).to.deep.equal(["ServiceUnavailable"]);
            expect(guest(await cloud.state(), ids.running.instanceId).bootCount).to.equal(before + 1);
            expect(outs.rebootCount).to.equal(1);
        });

        it("a 5xx with no sign of a reboot: fails saying the outcome is unknown; the next run sees StartTime unchanged and reboots once", async () => {
            await cloud.faults({ errors: [{ cloud: "alicloud", action: "RebootInstance", status: 500, count: 1 }] });
            const err = await handler.create(inputs({ dryRun: false })).catch((e: Error) => e);
            expect((err as Error).message)
                .to.match(/outcome unknown after 1 attempt — InternalError/)
                .and.match(/did not send it again/)
                .and.match(/no sign of a reboot/)
                .and.match(/next `pulumi up` compares the instance's StartTime/);
            expect(realReboots(await cloud.calls())).to.equal(0);
            await cloud.clearCalls();
            const { outs } = await handler.create(inputs({ dryRun: false }));
            expect(realReboots(await cloud.calls())).to.equal(1);
            expect(outs.rebootCount).to.equal(1);
            expect(out.text()).to.match(/has not restarted since \(StartTime unchanged\): it was not accepted; rebooting now/);
        });

        it("a run killed after the reboot was accepted: the next run finds the record on the instance and does not reboot again", async () => {
            await handler.create(inputs());
            const boots = guest(await cloud.state(), ids.running.instanceId).bootCount;
            await cloud.clearCalls();
            const { outs } = await handler.create(inputs());
            expect(realReboots(await cloud.calls())).to.equal(0);
            expect(outs.rebootCount).to.equal(1);
            expect(guest(await cloud.state(), ids.running.instanceId).bootCount).to.equal(boots);
            expect(out.text()).to.match(/the reboot sent by an earlier run .* took effect: not rebooting again/);
            // A create that resumes: the engine kept the killed run's pending CREATE; the user is told what clears it.
            expect(out.text()).to.match(/this create resumes one that an earlier run started.*run `pulumi refresh --clear-pending-creates --yes`/);
            // delete removes the record: a new resource with the same triggers reboots again.
            await handler.delete!("x", { ...outs, __provider: PROVIDER });
            await cloud.clearCalls();
            await handler.create(inputs());
            expect(realReboots(await cloud.calls())).to.equal(1);
        });
    });

    it("a wait that times out after the reboot was accepted keeps the record (PartialFailure) and names the state reached", async () => {
        // The emulator's clock held: the reboot is accepted and stays Starting however slow the machine,
        // so the wait runs out there (a short deadline alone could run out before the reboot was even sent).
        await cloud.holdClock(true);
        const err = await handler
            .create(inputs({ timeouts: { create: "2s" } }))
            .catch((e: Error) => e)
            .finally(() => cloud.holdClock(false));
        expect(err).to.be.instanceOf(PartialFailure);
        const partial = err as PartialFailure;
        expect(partial.message).to.match(
            /RebootInstance was accepted \(RequestId [^)]+\) but did not complete: timed out after .* waiting for .*to be Running; last state: (Stopping|Starting)/,
        );
        expect(partial.id).to.match(/:reboot:/);
        expect(partial.properties).to.include({ rebootCount: 1, __provider: PROVIDER, instanceId: ids.running.instanceId });
        expect(realReboots(await cloud.calls())).to.equal(1);
    });

    it("an interruption (SIGTERM) during the wait ends it at once, as on Huawei Cloud: the accepted reboot is kept (PartialFailure), never sent again", async () => {
        const listeners = process.listenerCount("SIGTERM");
        const pending = handler.create(inputs({ dryRun: false })).catch((e: Error) => e);
        const deadline = Date.now() + 30_000;
        while (realReboots(await cloud.calls()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        expect(realReboots(await cloud.calls())).to.equal(1);
        process.emit("SIGTERM", "SIGTERM");
        const err = await pending;
        expect(err).to.be.instanceOf(PartialFailure);
        expect((err as Error).message).to.match(/RebootInstance was accepted \(RequestId [^)]+\) but did not complete: interrupted by SIGTERM/);
        expect((err as PartialFailure).properties).to.include({ rebootCount: 1 });
        expect(process.listenerCount("SIGTERM")).to.equal(listeners);
        expect(realReboots(await cloud.calls())).to.equal(1);
    });

    it("read confirms the instance and leaves the inputs to the engine; a vanished instance reads as gone", async () => {
        const { id, outs } = await handler.create(inputs());
        await cloud.clearCalls();
        const read = await handler.read!(id, { ...outs, __provider: PROVIDER });
        expect(read.id).to.equal(id);
        expect(read.props).to.deep.equal(outs);
        expect(read.inputs).to.equal(undefined);
        expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances"]);
        const gone = await handler.read!(id, { ...outs, instanceId: "i-bp1doesnotexist00001", __provider: PROVIDER });
        expect(gone.id).to.equal("");
    });
});
