// alicloud.DiskReinit against the emulator over real HTTP: target resolution, the Stopped rule and
// stopInstance, ReInitDisk and the waits (autoStartInstance), trigger semantics, mapped API errors,
// retries, and the password absent from outputs, errors and everything printed.
import { defaultFixture, Fixture } from "../../emulator";
import { decodeRecord, encodeRecord, RECORD_KEYS, UncertainOperationError } from "../../provider/core/operation/operation-record";
import { callEcs } from "../../provider/alicloud/api/client";
import { systemDisksOf } from "../../provider/alicloud/api/disks";
import { expect } from "chai";
import { handler } from "../../provider/alicloud/disk-reinit/handler";
import { matchesFingerprint } from "../../provider/core/resource/secrets";
import { PartialFailure } from "../../provider/core/transport/errors";
import { ConsoleCapture } from "../support/console-capture";
import { inputsAfterRefresh, printedChanges } from "./engine-refresh";
import { emulatorHooks } from "../support/emulator-hooks";
import { actions, AlicloudStateView, EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";

const PROVIDER = "serialized-provider-text";
const PASSWORD = "Reinit`Secret42";
type Instance = AlicloudStateView["instances"][number];
type Disk = AlicloudStateView["disks"][number];

function locks(i: Instance): string[] {
    return ((i.operationLocks as { lockReason: string }[] | undefined) ?? []).map((l) => l.lockReason);
}

interface Picked {
    running: Instance;
    stopped: Instance;
    locked: Instance;
    expired: Instance;
    dataDisk: Disk | undefined;
    windows: Instance | undefined;
    systemDisk(instanceId: string): Disk;
}

/** Finds the fixture instances and disks each scenario needs, by their state. */
function pick(state: AlicloudStateView): Picked {
    const systemDisk = (instanceId: string): Disk => {
        const d = state.disks.find((x) => x.instanceId === instanceId && x.type === "system");
        if (!d) throw new Error(`no system disk for ${instanceId} in the fixture`);
        return d;
    };
    const reinitable = (i: Instance): boolean => {
        const d = state.disks.find((x) => x.instanceId === i.instanceId && x.type === "system");
        return (
            d !== undefined &&
            d.status === "In_use" &&
            !d.multiAttach &&
            (d.snapshots as unknown[]).length === 0 &&
            d.sourceSnapshot === null &&
            d.clonedFromDiskId === null &&
            !["ephemeral", "ephemeral_ssd", "local_ssd_pro", "local_hdd_pro"].includes(d.category as string) &&
            locks(i).length === 0 &&
            i.expiredOrInArrears !== true &&
            i.hibernationConfigured !== true &&
            i.startedOnce === true &&
            i.loginAsNonRoot !== true
        );
    };
    const find = (what: string, test: (i: Instance) => boolean): Instance => {
        const found = state.instances.find(test);
        if (!found) throw new Error(`the default alicloud fixture has no ${what} instance`);
        return found;
    };
    const linux = (i: Instance): boolean => i.osType === "linux";
    return {
        running: find("re-initialisable Running Linux", (i) => reinitable(i) && linux(i) && i.status === "Running"),
        stopped: find("re-initialisable Stopped Linux", (i) => reinitable(i) && linux(i) && i.status === "Stopped"),
        locked: find("security-locked", (i) => locks(i).includes("security")),
        expired: find("expired", (i) => i.expiredOrInArrears === true),
        windows: state.instances.find((i) => i.osType === "windows" && reinitable(i)),
        dataDisk: state.disks.find((d) => d.type === "data" && d.status === "In_use" && d.instanceId !== null),
        systemDisk,
    };
}

function instanceOf(state: AlicloudStateView, id: string): Instance {
    return state.instances.find((i) => i.instanceId === id)!;
}

describe("alicloud.DiskReinit against the emulator", function () {
    this.timeout(60_000);
    let cloud: EmulatedAlicloud;
    let ids: Picked;
    const out = new ConsoleCapture();

    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.03 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(), capture: out },
    );
    before(async () => {
        ids = pick(await cloud.state());
    });

    function forInstance(inst: Instance, extra: Record<string, unknown> = {}): Record<string, unknown> {
        return { instanceId: inst.instanceId, region: inst.regionId, password: PASSWORD, triggers: [1], __provider: PROVIDER, ...extra };
    }

    /** Nothing the provider produced may hold the password. */
    function expectNoPassword(...things: unknown[]): void {
        for (const thing of [...things, out.text()]) {
            const text = typeof thing === "string" ? thing : JSON.stringify(thing);
            expect(text).to.not.include(PASSWORD);
            expect(text).to.not.include(encodeURIComponent(PASSWORD));
        }
    }

    it("instanceId → its system disk; a Stopped instance is re-initialised and stays Stopped", async () => {
        const inst = ids.stopped;
        const disk = ids.systemDisk(inst.instanceId);
        const { id, outs } = await handler.create(forInstance(inst));
        const calls = await cloud.calls();
        const reinit = calls.filter((c) => c.action === "ReInitDisk");
        expect(reinit).to.have.length(1);
        expect(reinit[0].params).to.include({ DiskId: disk.diskId, Password: "<redacted>" });
        expect(actions(calls)).to.not.include("StopInstance");
        expect(actions(calls).indexOf("DescribeDisks")).to.be.lessThan(actions(calls).indexOf("ReInitDisk"));
        expect(id).to.match(new RegExp(`^${disk.diskId}:reinit:`));
        expect(outs).to.include({
            diskId: disk.diskId,
            instanceId: inst.instanceId,
            diskType: "system",
            targetedBy: "instanceId",
            reinitCount: 1,
            lastReinitRequestId: reinit[0].requestId,
        });
        expect(matchesFingerprint(PASSWORD, outs.passwordFingerprint)).to.equal(true);
        expect(outs).to.not.have.property("password");
        const state = await cloud.state();
        expect(instanceOf(state, inst.instanceId).status).to.equal("Stopped");
        const after = state.disks.find((d) => d.diskId === disk.diskId)!;
        expect(after).to.include({ status: "In_use", reInitCount: (disk.reInitCount as number) + 1 });
        expect(out.text()).to.match(new RegExp(`disk ${disk.diskId} to be re-initialised \\(ReIniting, then In_use\\): done`));
        expectNoPassword(outs, calls);
    });

    it("a Running instance without stopInstance is refused before any change", async () => {
        const err = await handler.create(forInstance(ids.running)).catch((e: Error) => e);
        expect((err as Error).message).to.match(/IncorrectInstanceStatus: instance i-\w+ is Running; ReInitDisk needs it Stopped. Set stopInstance: true/);
        const calls = actions(await cloud.calls());
        expect(calls).to.not.include("StopInstance");
        expect(calls).to.not.include("ReInitDisk");
        expectNoPassword(err);
    });

    it("stopInstance: StopInstance → wait Stopped → ReInitDisk → wait → autoStartInstance brings it back Running with the new password in the guest", async () => {
        const inst = ids.running;
        const before = instanceOf(await cloud.state(), inst.instanceId).guest as { bootCount: number; passwordFingerprint: string | null };
        const { outs } = await handler.create(forInstance(inst, { stopInstance: true, autoStartInstance: true }));
        const calls = await cloud.calls();
        const seq = actions(calls);
        const stop = seq.indexOf("StopInstance");
        const reinit = seq.indexOf("ReInitDisk");
        expect(stop).to.be.greaterThan(-1);
        expect(reinit).to.be.greaterThan(stop);
        expect(seq.filter((a) => a === "ReInitDisk")).to.have.length(1);
        // Between the stop and the re-initialisation the instance was polled until Stopped.
        expect(seq.slice(stop + 1, reinit)).to.include("DescribeInstances");
        expect(calls[reinit].params).to.include({ AutoStartInstance: "true" });
        const state = await cloud.state();
        const guestAfter = instanceOf(state, inst.instanceId).guest as { bootCount: number; passwordFingerprint: string | null };
        expect(instanceOf(state, inst.instanceId).status).to.equal("Running");
        expect(guestAfter.bootCount).to.equal(before.bootCount + 1);
        expect(guestAfter.passwordFingerprint).to.not.equal(before.passwordFingerprint);
        expect(out.text())
            .to.match(/stopping instance/)
            .and.match(/to be Stopped: done/)
            .and.match(/to be Running: done \(Running\)/);
        expect(outs.reinitCount).to.equal(1);
        expectNoPassword(outs, calls);
    });

    it("stopInstance without autoStartInstance leaves the instance Stopped", async () => {
        await handler.create(forInstance(ids.running, { stopInstance: true }));
        expect(instanceOf(await cloud.state(), ids.running.instanceId).status).to.equal("Stopped");
    });

    it("triggers: unchanged → no call; a new password alone → no call; a trigger change → exactly one ReInitDisk", async () => {
        const { id, outs } = await handler.create(forInstance(ids.stopped));
        await cloud.clearCalls();
        const olds = { ...outs, __provider: PROVIDER };
        const same = await handler.update!(id, olds, forInstance(ids.stopped, { __provider: "new code" }));
        expect(await cloud.calls()).to.deep.equal([]);
        expect(same.outs).to.include({ reinitCount: 1, passwordFingerprint: outs.passwordFingerprint });
        const newPassword = await handler.update!(id, olds, forInstance(ids.stopped, { password: "Another`Pass7" }));
        expect(await cloud.calls()).to.deep.equal([]);
        expect(matchesFingerprint("Another`Pass7", newPassword.outs.passwordFingerprint)).to.equal(true);
        const changed = await handler.update!(id, olds, forInstance(ids.stopped, { triggers: [2] }));
        const calls = await cloud.calls();
        expect(actions(calls).filter((a) => a === "ReInitDisk")).to.have.length(1);
        expect(changed.outs).to.include({ reinitCount: 2 });
        expect(changed.outs.lastReinitRequestId).to.not.equal(outs.lastReinitRequestId);
        expectNoPassword(same, changed, calls);
    });

    it("diskId of a data disk: re-initialised without logon settings; a password there is refused before any change", async function () {
        if (!ids.dataDisk) this.skip();
        const disk = ids.dataDisk!;
        const owner = instanceOf(await cloud.state(), disk.instanceId as string);
        const refused = await handler
            .create({ diskId: disk.diskId, region: disk.regionId, password: PASSWORD, stopInstance: true, __provider: PROVIDER })
            .catch((e: Error) => e);
        expect((refused as Error).message).to.match(/password applies only when re-initialising a system disk/);
        expect(actions(await cloud.calls()).filter((a) => a === "StopInstance" || a === "ReInitDisk")).to.deep.equal([]);
        const { outs } = await handler.create({ diskId: disk.diskId, region: disk.regionId, stopInstance: true, __provider: PROVIDER });
        expect(outs).to.include({ diskId: disk.diskId, instanceId: owner.instanceId, diskType: "data", targetedBy: "diskId" });
    });

    describe("refusals with the documented codes", () => {
        it("a security-locked instance", async () => {
            const err = await handler.create(forInstance(ids.locked, { stopInstance: true })).catch((e: Error) => e);
            expect((err as Error).message).to.match(/InstanceLockedForSecurity: instance i-\w+ is locked for security reasons/);
            expect(actions(await cloud.calls()).filter((a) => a === "StopInstance" || a === "ReInitDisk")).to.deep.equal([]);
        });
        it("an expired instance", async () => {
            const err = await handler.create(forInstance(ids.expired, { stopInstance: true })).catch((e: Error) => e);
            expect((err as Error).message).to.match(/InstanceExpiredOrInArrears/);
            expect((await cloud.calls()).filter((c) => c.action === "ReInitDisk" && c.status === 200)).to.deep.equal([]);
        });
        it("a disk that does not exist", async () => {
            const err = await handler.create({ diskId: "d-bp1doesnotexist00001", region: "cn-hangzhou", __provider: PROVIDER }).catch((e: Error) => e);
            expect((err as Error).message).to.match(/InvalidDiskId.NotFound: disk d-bp1doesnotexist00001 does not exist in region cn-hangzhou/);
            expect(actions(await cloud.calls())).to.deep.equal(["DescribeDisks"]);
        });
        it("a key pair that does not exist: the API's code with its hint", async () => {
            const err = await handler.create(forInstance(ids.stopped, { password: undefined, keyPairName: "no-such-key" })).catch((e: Error) => e);
            expect((err as Error).message).to.match(/^InvalidKeyPairName.NotFound: .*\(RequestId [^)]+\)\. keyPairName does not exist/);
        });
        it("a key pair on a Windows instance is refused before the call", async function () {
            if (!ids.windows) this.skip();
            const err = await handler.create(forInstance(ids.windows!, { password: undefined, keyPairName: "deploy-key" })).catch((e: Error) => e);
            expect((err as Error).message).to.match(/DependencyViolation.WindowsInstance/);
            expect(actions(await cloud.calls())).to.not.include("ReInitDisk");
        });
        it("an instance never started since its creation: the API's IncorrectInstanceStatus, explained", async () => {
            const err = await handler.create({ instanceId: "i-bp1neverstarted0006", region: "cn-hangzhou", __provider: PROVIDER }).catch((e: Error) => e);
            expect((err as Error).message).to.match(
                /^IncorrectInstanceStatus: .*\(RequestId [^)]+\).*never been started since it was created: start it once first/,
            );
        });
        it("an API refusal after stopping says the instance was left Stopped", async () => {
            const err = await handler
                .create(forInstance(ids.running, { password: undefined, keyPairName: "no-such-key", stopInstance: true }))
                .catch((e: Error) => e);
            expect((err as Error).message)
                .to.match(/InvalidKeyPairName.NotFound/)
                .and.match(/was stopped by this operation and is left Stopped/);
            expect(instanceOf(await cloud.state(), ids.running.instanceId).status).to.equal("Stopped");
        });
    });

    describe("ambiguous failures of ReInitDisk", () => {
        const saved = { ...process.env };
        /** The default world with ActionTrail delivering events 30 modelled s (0.9 s) late; `deny`: RAM refuses LookupEvents. */
        const trailWorld = (deny = false): Fixture => {
            const fx = defaultFixture();
            const ali = fx.alicloud as unknown as { actionTrail?: { deliveryDelayMs: number }; faults: Array<Record<string, unknown>> };
            ali.actionTrail = { deliveryDelayMs: 30_000 };
            if (deny) ali.faults.push({ action: "LookupEvents", code: "NoPermission", sticky: true });
            return fx;
        };
        beforeEach(async () => {
            process.env.ECS_OPS_VISIBILITY_GRACE_MS = "1500";
            // The provider allows 3 s for the delivery (the emulator takes 0.9 s).
            process.env.ECS_OPS_ACTIONTRAIL_DELAY_MS = "3000";
            await cloud.reset(trailWorld());
        });
        afterEach(() => {
            for (const k of ["ECS_OPS_VISIBILITY_GRACE_MS", "ECS_OPS_UNCERTAIN_OPERATION", "ECS_OPS_ACTIONTRAIL_DELAY_MS"]) {
                if (saved[k] === undefined) delete process.env[k];
                else process.env[k] = saved[k];
            }
        });

        it("retries throttling and a 5xx of a read, but never re-sends ReInitDisk after a 5xx; the next run waits for ActionTrail, finds no call and re-initialises once, with no human step", async () => {
            await cloud.faults({
                throttle: [{ cloud: "alicloud", action: "ReInitDisk", count: 2 }],
                errors: [
                    { cloud: "alicloud", action: "ReInitDisk", status: 503, count: 1 },
                    { cloud: "alicloud", action: "DescribeDisks", status: 500, count: 1 },
                ],
            });
            const err = await handler.create(forInstance(ids.stopped)).catch((e: Error) => e);
            expect((err as Error).message)
                .to.match(/^ReInitDisk d-\w+: outcome unknown after 3 attempts — ServiceUnavailable/)
                .and.match(/did not send it again/)
                .and.match(/showed no sign of a re-initialisation/)
                .and.match(/tag ecs-ops-reinit/);
            let reinits = (await cloud.calls()).filter((c) => c.action === "ReInitDisk");
            expect(reinits.map((c) => c.code)).to.deep.equal(["Throttling.User", "Throttling.User", "ServiceUnavailable"]);
            expect(out.text()).to.match(/ReInitDisk d-\w+: Throttling.User; pacing ReInitDisk at/);
            expectNoPassword((err as Error).message, reinits);

            // The next run finds the intent; no AutoStartInstance, so it asks ActionTrail, waits for its
            // delivery delay (taken as 8 s here), finds no ReInitDisk (the 503 came before the action) and re-initialises once.
            process.env.ECS_OPS_ACTIONTRAIL_DELAY_MS = "8000";
            await cloud.clearCalls();
            const { outs } = await handler.create(forInstance(ids.stopped));
            reinits = (await cloud.calls()).filter((c) => c.action === "ReInitDisk");
            expect(reinits.map((c) => c.code)).to.deep.equal([null]);
            expect(outs).to.include({ reinitCount: 1, lastReinitRequestId: reinits[0].requestId });
            expect(out.text())
                .to.match(/ActionTrail delivers events up to 8s late: waiting until .* for a ReInitDisk of d-\w+/)
                .and.match(/but ActionTrail shows no ReInitDisk of d-\w+ since the intent at .*: it was not accepted; re-initialising now/);
        });

        it("a 5xx after ReInitDisk was accepted, then a lost state: recorded as accepted once the disk showed it, so the next run does nothing again", async () => {
            await cloud.faults({ errors: [{ cloud: "alicloud", action: "ReInitDisk", status: 500, count: 1, after: true }] });
            await handler.create(forInstance(ids.stopped, { triggers: ["lost"] }));
            await cloud.clearCalls();
            const { outs } = await handler.create(forInstance(ids.stopped, { triggers: ["lost"] }));
            expect((await cloud.calls()).filter((c) => c.action === "ReInitDisk")).to.have.length(0);
            expect(outs).to.include({ reinitCount: 1 });
            expect(out.text()).to.match(/the re-initialisation sent by an earlier run at .* took effect: not re-initialising again \(recorded as accepted/);
        });

        it("a run killed between ReInitDisk and its accepted record (only the intent left): the next run finds the call in ActionTrail and does not re-initialise again", async () => {
            await handler.create(forInstance(ids.stopped, { triggers: ["killed"] }));
            const options = { region: ids.stopped.regionId, deadline: Date.now() + 30_000 };
            const disk = (await systemDisksOf(ids.stopped.instanceId, options))[0];
            const accepted = decodeRecord(disk.tags[RECORD_KEYS.reinit])!;
            expect(accepted.phase).to.equal("accepted");
            // What a kill right after the send leaves: the intent alone.
            const intent = encodeRecord({ phase: "intent", fingerprint: accepted.fingerprint, fields: accepted.fields.slice(0, 3) });
            await callEcs(
                "TagResources",
                { ResourceType: "disk", "ResourceId.1": disk.diskId, "Tag.1.Key": RECORD_KEYS.reinit, "Tag.1.Value": intent },
                options,
            );
            await cloud.clearCalls();
            const { outs } = await handler.create(forInstance(ids.stopped, { triggers: ["killed"] }));
            expect((await cloud.calls()).filter((c) => c.action === "ReInitDisk")).to.have.length(0);
            expect(outs).to.include({ reinitCount: 1 });
            expect(out.text()).to.match(
                /the re-initialisation sent by an earlier run at .* took effect: not re-initialising again \(ActionTrail shows ReInitDisk of d-\w+ at /,
            );
        });

        it("RAM denies LookupEvents: as before, the next run asks instead of re-initialising, naming the permission; run-again then runs it once", async () => {
            await cloud.reset(trailWorld(true));
            await cloud.faults({ errors: [{ cloud: "alicloud", action: "ReInitDisk", status: 503, count: 1 }] });
            await handler.create(forInstance(ids.stopped)).catch((e: Error) => e);
            await cloud.clearCalls();
            const again = await handler.create(forInstance(ids.stopped)).catch((e: Error) => e);
            expect(again).to.be.instanceOf(UncertainOperationError);
            expect((again as Error).message)
                .to.match(/ActionTrail LookupEvents was refused \(NoPermission: .*\): the RAM identity needs actiontrail:LookupEvents/)
                .and.match(/ECS_OPS_UNCERTAIN_OPERATION=run-again pulumi up/);
            expect((await cloud.calls()).filter((c) => c.action === "ReInitDisk")).to.have.length(0);
            process.env.ECS_OPS_UNCERTAIN_OPERATION = "run-again";
            await cloud.clearCalls();
            await handler.create(forInstance(ids.stopped));
            expect((await cloud.calls()).filter((c) => c.action === "ReInitDisk").map((c) => c.code)).to.deep.equal([null]);
        });

        it("a 5xx after ReInitDisk was accepted: the disk is seen ReIniting, so it counts as done, sent once", async () => {
            await cloud.faults({ errors: [{ cloud: "alicloud", action: "ReInitDisk", status: 500, count: 1, after: true }] });
            const { outs } = await handler.create(forInstance(ids.stopped));
            const reinits = (await cloud.calls()).filter((c) => c.action === "ReInitDisk");
            expect(reinits.map((c) => c.code)).to.deep.equal(["InternalError"]);
            expect(outs).to.include({ reinitCount: 1 });
            expect(out.text()).to.match(/ReInitDisk was accepted/);
            const disk = (await cloud.state()).disks.find((d) => d.instanceId === ids.stopped.instanceId && d.type === "system")!;
            expect(disk.reInitCount).to.equal(1);
        });

        it("a run killed after ReInitDisk was accepted: the next run finds the record on the disk and does not re-initialise again", async () => {
            // Simulates the kill: the first operation's record stays on the disk, its result never reaches state.
            await handler.create(forInstance(ids.stopped));
            await cloud.clearCalls();
            const { outs } = await handler.create(forInstance(ids.stopped));
            expect((await cloud.calls()).filter((c) => c.action === "ReInitDisk")).to.have.length(0);
            expect(outs).to.include({ reinitCount: 1 });
            expect(out.text()).to.match(/re-initialisation sent by an earlier run .* took effect: not re-initialising again/);
            // A create that resumes: the engine kept the killed run's pending CREATE; the user is told what clears it.
            expect(out.text()).to.match(/this create resumes one that an earlier run started.*run `pulumi refresh --clear-pending-creates --yes`/);
            // Other triggers are another change: that one runs.
            await handler.create(forInstance(ids.stopped, { triggers: [2] }));
            expect((await cloud.calls()).filter((c) => c.action === "ReInitDisk")).to.have.length(1);
        });
    });

    it("a wait that times out after ReInitDisk was accepted keeps the record (PartialFailure)", async () => {
        // 900 ms: past the settling delay (90 ms at this time scale) after ReInitDisk, whatever the
        // tag writes before it took, and well before the re-initialisation ends (1.2 s).
        const err = await handler.create(forInstance(ids.stopped, { timeouts: { create: "900ms" } })).catch((e: Error) => e);
        expect(err).to.be.instanceOf(PartialFailure);
        const partial = err as PartialFailure;
        expect(partial.message).to.match(/ReInitDisk was accepted .* last state: ReIniting/);
        expect(partial.properties).to.include({ reinitCount: 1, __provider: PROVIDER });
        expect(partial.properties).to.not.have.property("password");
        expectNoPassword(partial.message, partial.properties);
    });

    it("refresh keeps the inputs it was given (the password too), so the next preview shows only the real change; a vanished disk reads as gone", async () => {
        // up: check, create; a second up stores the checked inputs of a run with nothing to do.
        const given = forInstance(ids.stopped);
        const first = await handler.check!({}, given);
        const { id, outs } = await handler.create(first.inputs);
        const stateInputs = (await handler.check!(first.inputs, given)).inputs;
        // refresh: no input comes from the cloud, and the engine keeps the password as the secret it is.
        const read = await handler.read!(id, { ...outs, __provider: PROVIDER });
        expect(read.id).to.equal(id);
        expect(read.props).to.not.have.property("password");
        expectNoPassword(read);
        const refreshed = inputsAfterRefresh(stateInputs, read);
        expect(refreshed.password).to.equal(PASSWORD);
        // The next preview, for a change of another setting: only that setting is printed, and the disk is left alone.
        const next = await handler.check!(refreshed, { ...given, securityEnhancementStrategy: "Active" });
        expect(printedChanges(refreshed, next.inputs)).to.deep.equal(["securityEnhancementStrategy"]);
        expect(next.inputs.plannedOperation).to.equal("none");
        expect((await handler.diff!(id, { ...read.props, __provider: PROVIDER }, next.inputs)).changes).to.equal(true);
        // And an unchanged program: nothing at all.
        expect((await handler.diff!(id, { ...read.props, __provider: PROVIDER }, (await handler.check!(refreshed, given)).inputs)).changes).to.equal(false);
        const gone = await handler.read!(id, { ...outs, diskId: "d-bp1doesnotexist00001", __provider: PROVIDER });
        expect(gone.id).to.equal("");
    });
});
