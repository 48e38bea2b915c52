// observeOnly on the Alibaba resources against the emulator over real HTTP: check reads the drift
// the preview shows, up makes no call that changes anything (the emulator's call log holds only
// reads), the outputs carry the drift (secrets only as fingerprints), and turning observeOnly off
// enforces exactly what was observed — an operation that became due runs once.
import { expect } from "chai";
import { CallRecord, defaultFixture } from "../../emulator";
import { handler as attributes } from "../../provider/alicloud/instance-attributes/handler";
import { handler as reboot } from "../../provider/alicloud/instance-reboot/handler";
import { handler as reinit } from "../../provider/alicloud/disk-reinit/handler";
import { DriftEntry } from "../../provider/core/resource/observe";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { EmulatedAlicloud, eventually, startEmulatedAlicloud } from "./emulated-alicloud";
import { callEcs } from "../../provider/alicloud/api/client";

const WEB = "i-bp1paygrunning00001";
const PROVIDER = "serialized-provider-text";
const USER_DATA = "#!/bin/sh\necho observed\n";
const PASSWORD = "Observe#Pass1word";

/** Calls that change something: anything but a read. */
function changing(calls: CallRecord[]): string[] {
    return calls.map((c) => c.action).filter((a) => !/^(Describe|List|Get|Query|Lookup)/.test(a));
}

/** The program's inputs, as check receives them. */
function program(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { instanceId: WEB, description: "managed by ecs-ops", instanceName: "web-1", observeOnly: true, __provider: PROVIDER, ...extra };
}

describe("observeOnly (Alibaba) against the emulator", function () {
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.05 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(defaultFixture()), capture: out },
    );

    /** A change made outside ecs-ops (the console), then the call log cleared. */
    async function byHand(params: Record<string, string>): Promise<void> {
        await callEcs("ModifyInstanceAttribute", params, { region: "cn-hangzhou", deadline: Date.now() + 30_000 });
        await describedAs("the change made by hand", params.Description, params.InstanceName);
    }

    /** Waits until DescribeInstances reports these values (it lags a change by the settling delay), then clears the call log. */
    async function describedAs(what: string, description: string, instanceName?: string): Promise<void> {
        await eventually(`${what} to show in DescribeInstances`, async () => {
            const answer = await callEcs<{ Instances: { Instance: Array<{ Description: string; InstanceName: string }> } }>(
                "DescribeInstances",
                { InstanceIds: JSON.stringify([WEB]) },
                { region: "cn-hangzhou", deadline: Date.now() + 30_000 },
            );
            const found = answer.Instances.Instance[0];
            return found.Description === description && (instanceName === undefined || found.InstanceName === instanceName) ? true : undefined;
        });
        await cloud.clearCalls();
    }

    async function instance(): Promise<Record<string, unknown>> {
        return (await cloud.state()).instances.find((i) => i.instanceId === WEB)!;
    }

    it("InstanceAttributes: check shows the drift, create and update change nothing, the outputs carry it", async () => {
        const checked = await attributes.check!({}, program());
        expect(checked.failures).to.deep.equal([]);
        const drift = checked.inputs.drift as DriftEntry[];
        expect(drift).to.deep.equal([{ property: "description", program: "managed by ecs-ops", cloud: "pay-as-you-go web server" }]);
        expect(checked.inputs.plannedOperation).to.match(
            /^observe only: instance i-bp1paygrunning00001 differs from the program \(description: program "managed by ecs-ops", cloud "pay-as-you-go web server"\); nothing is changed/,
        );
        const created = await attributes.create!(checked.inputs);
        expect(created.outs.drift).to.deep.equal(drift);
        expect(created.outs.observeOnly).to.equal(true);
        expect(created.outs.description).to.equal("managed by ecs-ops");
        expect(changing(await cloud.calls())).to.deep.equal([]);
        expect((await instance()).description).to.equal("pay-as-you-go web server");

        // Steady: the same drift is no change.
        const again = await attributes.check!(checked.inputs, program());
        expect((await attributes.diff!(WEB, created.outs, again.inputs)).changes).to.equal(false);

        // The cloud moves: the drift changes, the update records it and still calls nothing that changes.
        await cloud.clearCalls();
        await byHand({ InstanceId: WEB, Description: "managed by ecs-ops", InstanceName: "renamed-by-hand" });
        const moved = await attributes.check!(again.inputs, program());
        expect(moved.inputs.drift).to.deep.equal([{ property: "instanceName", program: "web-1", cloud: "renamed-by-hand" }]);
        expect((await attributes.diff!(WEB, created.outs, moved.inputs)).changes).to.equal(true);
        const updated = await attributes.update!(WEB, created.outs, moved.inputs);
        expect(updated.outs.drift).to.deep.equal(moved.inputs.drift);
        expect(changing(await cloud.calls())).to.deep.equal([]);

        // A refresh keeps the program's values and refreshes the drift only.
        const read = await attributes.read!(WEB, updated.outs);
        expect(read.props.instanceName).to.equal("web-1");
        expect(read.props.drift).to.deep.equal(moved.inputs.drift);
        expect(read.inputs?.instanceName).to.equal("web-1");
        expect(changing(await cloud.calls())).to.deep.equal([]);
    });

    it("InstanceAttributes: secrets show only as fingerprints, a password never applied as not readable", async () => {
        const checked = await attributes.check!({}, program({ userData: USER_DATA, password: PASSWORD }));
        const drift = checked.inputs.drift as DriftEntry[];
        const text = JSON.stringify(drift) + String(checked.inputs.plannedOperation);
        for (const secret of [USER_DATA, PASSWORD, "echo hello", "Emulator#Web1pass"]) expect(text).not.to.include(secret);
        const byName = Object.fromEntries(drift.map((e) => [e.property, e]));
        expect(byName.userData.program).to.match(/^\[secret\] hmac:[0-9a-f]{16}$/);
        expect(byName.userData.cloud).to.match(/^\[secret\] hmac:[0-9a-f]{16}$/);
        expect(byName.userData.cloud).not.to.equal(byName.userData.program);
        expect(byName.password).to.deep.include({ cloud: "(not readable: write-only)" });
        const created = await attributes.create!(checked.inputs);
        expect(JSON.stringify(created.outs.drift)).not.to.include(PASSWORD);
        expect(changing(await cloud.calls())).to.deep.equal([]);
        // Still not applied at the next run: the password stays in the drift, the same entries (no change).
        const again = await attributes.check!(checked.inputs, program({ userData: USER_DATA, password: PASSWORD }));
        expect(again.inputs.drift).to.deep.equal(drift);
        expect((await attributes.diff!(WEB, created.outs, again.inputs)).changes).to.equal(false);
    });

    it("InstanceAttributes: turning observeOnly off enforces what was observed with one ModifyInstanceAttribute", async () => {
        const checked = await attributes.check!({}, program({ userData: USER_DATA }));
        const created = await attributes.create!(checked.inputs);
        await cloud.clearCalls();
        const off = await attributes.check!(checked.inputs, program({ userData: USER_DATA, observeOnly: false }));
        expect(off.inputs.plannedOperation).to.match(
            /^observeOnly turned off: enforce on instance i-bp1paygrunning00001 \(description: program "managed by ecs-ops", cloud "pay-as-you-go web server"; userData: program "\[secret\] hmac:[0-9a-f]+", cloud "\[secret\] hmac:[0-9a-f]+"\) with ModifyInstanceAttribute; userData takes effect only after the instance is restarted/,
        );
        expect((off.inputs.restartTrigger as { reason: string }).reason).to.equal("userData enforced when observeOnly was turned off");
        expect(changing(await cloud.calls())).to.deep.equal([]);
        expect((await attributes.diff!(WEB, created.outs, off.inputs)).changes).to.equal(true);
        await cloud.clearCalls();
        const updated = await attributes.update!(WEB, created.outs, off.inputs);
        const modify = (await cloud.calls()).filter((c) => c.action === "ModifyInstanceAttribute");
        expect(changing(await cloud.calls())).to.deep.equal(["ModifyInstanceAttribute"]);
        expect(modify[0].params).to.include({ Description: "managed by ecs-ops" });
        expect(modify[0].params).not.to.have.property("InstanceName");
        expect(updated.outs.drift).to.equal(undefined);
        expect(updated.outs.restartRequired).to.deep.equal(["userData"]);
        expect((await instance()).description).to.equal("managed by ecs-ops");
    });

    it("InstanceAttributes: turning observeOnly on for a managed instance changes nothing, even with the program changed", async () => {
        const plain = { instanceId: WEB, description: "managed by ecs-ops", __provider: PROVIDER };
        const checked = await attributes.check!({}, plain);
        const created = await attributes.create!(checked.inputs);
        await describedAs("the description applied", "managed by ecs-ops");
        const on = await attributes.check!(checked.inputs, { ...plain, description: "changed while observing", observeOnly: true });
        expect(on.inputs.drift).to.deep.equal([{ property: "description", program: "changed while observing", cloud: "managed by ecs-ops" }]);
        expect((await attributes.diff!(WEB, created.outs, on.inputs)).changes).to.equal(true);
        const updated = await attributes.update!(WEB, created.outs, on.inputs);
        expect(changing(await cloud.calls())).to.deep.equal([]);
        expect(updated.outs.observeOnly).to.equal(true);
        // Deleting while observing restores nothing, even with restoreOnDelete.
        await attributes.delete!(WEB, { ...updated.outs, restoreOnDelete: true });
        expect(changing(await cloud.calls())).to.deep.equal([]);
    });

    it("InstanceReboot: a trigger change runs nothing and is recorded as due; turning observeOnly off reboots once", async () => {
        const base = { instanceId: WEB, rebootOnCreate: false, observeOnly: true, __provider: PROVIDER };
        const c1 = await reboot.check!({}, { ...base, triggers: { revision: 1 } });
        const { id, outs } = await reboot.create(c1.inputs);
        const c2 = await reboot.check!(c1.inputs, { ...base, triggers: { revision: 2, reason: "hostName changes" } });
        expect(c2.inputs.plannedOperation).to.match(
            /^observe only: not run, recorded as due \(reboot instance i-bp1paygrunning00001 \(restart\): hostName changes\)/,
        );
        expect((await reboot.diff!(id, outs, c2.inputs)).changes).to.equal(true);
        const observed = await reboot.update!(id, outs, c2.inputs);
        expect(observed.outs.pendingOperation).to.equal("reboot instance i-bp1paygrunning00001 (restart): hostName changes");
        expect(observed.outs.rebootCount).to.equal(0);
        expect(changing(await cloud.calls())).to.deep.equal([]);

        const c3 = await reboot.check!(c2.inputs, { ...base, triggers: { revision: 2, reason: "hostName changes" }, observeOnly: false });
        expect(c3.inputs.plannedOperation).to.equal(
            "observeOnly turned off: reboot instance i-bp1paygrunning00001 (restart): hostName changes: runs now, once",
        );
        const enforced = await reboot.update!(id, observed.outs, c3.inputs);
        expect(changing(await cloud.calls()).filter((a) => a === "RebootInstance")).to.have.length(2); // the DryRun and the reboot
        expect(enforced.outs.rebootCount).to.equal(1);
        expect(enforced.outs.pendingOperation).to.equal(undefined);
        // Once: the next run with the same inputs has nothing to do.
        expect((await reboot.diff!(id, enforced.outs, c3.inputs)).changes).to.equal(false);
    });

    it("DiskReinit: created while observing, nothing is re-initialised; turning observeOnly off runs it once", async () => {
        const stopped = "i-bp1subsstopped00002";
        const base = { instanceId: stopped, triggers: [1], observeOnly: true, __provider: PROVIDER };
        const c1 = await reinit.check!({}, base);
        expect(c1.inputs.plannedOperation).to.match(
            /^observe only: not run, recorded as due \(DESTRUCTIVE: re-initialise the system disk of instance i-bp1subsstopped00002/,
        );
        const { id, outs } = await reinit.create(c1.inputs);
        expect(outs.reinitCount).to.equal(0);
        expect(outs.pendingOperation).to.match(/^DESTRUCTIVE: re-initialise/);
        expect(changing(await cloud.calls())).to.deep.equal([]);
        const c2 = await reinit.check!(c1.inputs, { ...base, observeOnly: false });
        expect(c2.inputs.plannedOperation).to.match(/^observeOnly turned off: DESTRUCTIVE: re-initialise .*: runs now, once$/);
        expect((await reinit.diff!(id, outs, c2.inputs)).changes).to.equal(true);
        const enforced = await reinit.update!(id, outs, c2.inputs);
        expect(changing(await cloud.calls()).filter((a) => a === "ReInitDisk")).to.have.length(1);
        expect(enforced.outs.reinitCount).to.equal(1);
        expect(enforced.outs.pendingOperation).to.equal(undefined);
    });
});
