// observeOnly on the Huawei resources against the emulator over real HTTP: check reads the drift
// the preview shows, up makes no call that changes anything (the emulator's call log holds only
// reads), the outputs carry the drift, and turning observeOnly off enforces exactly what was
// observed — an operation that became due (reboot, reinstall) runs once.
import { expect } from "chai";
import { CallRecord, defaultFixture } from "../../emulator";
import { EcsClient } from "../../provider/huaweicloud/api/client";
import { showServer } from "../../provider/huaweicloud/api/ecs-api";
import { resolveCredentials } from "../../provider/huaweicloud/credentials/credentials";
import { updateServer } from "../../provider/huaweicloud/server-attributes/api";
import { handler as attributes } from "../../provider/huaweicloud/server-attributes/handler";
import { handler as reboot, pollTuning as rebootPolls } from "../../provider/huaweicloud/server-reboot/handler";
import { handler as reinstall } from "../../provider/huaweicloud/server-reinstall/handler";
import { DriftEntry } from "../../provider/core/resource/observe";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { hwFleetFixture, hwFleetServerIds } from "../emulator/huaweicloud-fleet";
import { PartialFailure } from "../../provider/core/transport/errors";
import { EmulatedHuaweicloud, fastJobPolls, SERVERS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

type Props = Record<string, unknown>;

const WEB = SERVERS.active;
const PROVIDER = "serialized-provider-text";
const PASSWORD = "Observe#Pass1word";
const CLOUD_DESCRIPTION = "running web server: reinstall needs mode withStopServer";

/** Calls that change something: anything but a read. */
function changing(calls: CallRecord[]): string[] {
    return calls.map((c) => c.action).filter((a) => !/^(List|Show|NovaList|NovaShow)/.test(a));
}

/** The program's inputs, as check receives them. */
function program(extra: Props = {}): Props {
    return {
        serverId: WEB,
        description: "managed by ecs-ops",
        name: "web-1",
        metadata: { owner: "platform" },
        observeOnly: true,
        __provider: PROVIDER,
        ...extra,
    };
}

function client(): EcsClient {
    return new EcsClient(resolveCredentials());
}

describe("observeOnly (Huawei) against the emulator", function () {
    this.timeout(60_000);
    let cloud: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.01 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(defaultFixture()), capture: out },
    );
    fastJobPolls();
    fastJobPolls(rebootPolls);
    afterEach(() => expect(out.text()).to.not.include(PASSWORD));

    /** Waits until ShowServer reports `ok` (reads lag a change by the settling delay), then clears the call log. */
    async function shownAs(what: string, ok: (s: Props) => boolean): Promise<void> {
        const end = Date.now() + 20_000;
        for (;;) {
            const s = (await showServer(client(), WEB, { deadline: Date.now() + 10_000 })) as unknown as Props;
            if (ok(s)) break;
            if (Date.now() > end) throw new Error(`${what} never showed in ShowServer`);
            await new Promise((r) => setTimeout(r, 20));
        }
        await cloud.clearCalls();
    }

    /** The description the cloud reports now (a read: after the changing calls were counted). */
    async function description(): Promise<unknown> {
        return ((await showServer(client(), WEB, { deadline: Date.now() + 10_000 })) as unknown as Props).description;
    }

    it("ServerAttributes: check shows the drift, create and update change nothing, the outputs carry it", async () => {
        const checked = await attributes.check!({}, program());
        expect(checked.failures).to.deep.equal([]);
        const drift = checked.inputs.drift as DriftEntry[];
        expect(drift).to.deep.equal([
            { property: "name", program: "web-1", cloud: "ecs-web-01" },
            { property: "description", program: "managed by ecs-ops", cloud: CLOUD_DESCRIPTION },
            { property: "metadata", program: { owner: "platform" }, cloud: { owner: null } },
        ]);
        expect(checked.inputs.plannedOperation).to.equal(
            `observe only: server ${WEB} differs from the program (name: program "web-1", cloud "ecs-web-01"; ` +
                `description: program "managed by ecs-ops", cloud "${CLOUD_DESCRIPTION}"; metadata: program {"owner":"platform"}, cloud {"owner":null}); ` +
                "nothing is changed (enforced when observeOnly is turned off)",
        );
        const created = await attributes.create!(checked.inputs);
        expect(created.outs.drift).to.deep.equal(drift);
        expect(created.outs.observeOnly).to.equal(true);
        expect(created.outs.description).to.equal("managed by ecs-ops");
        expect(changing(await cloud.calls())).to.deep.equal([]);
        expect(await description()).to.equal(CLOUD_DESCRIPTION);

        // Steady: the same drift is no change.
        const olds = { ...created.outs, __provider: PROVIDER };
        const again = await attributes.check!(checked.inputs, program());
        expect((await attributes.diff!(WEB, olds, again.inputs)).changes).to.equal(false);

        // The cloud moves: the drift changes, the update records it and still calls nothing that changes.
        await updateServer(client(), WEB, { name: "web-1", description: "renamed by hand" }, { deadline: Date.now() + 10_000 });
        await shownAs("the change made by hand", (s) => s.description === "renamed by hand");
        const moved = await attributes.check!(again.inputs, program());
        expect(moved.inputs.drift).to.deep.equal([
            { property: "description", program: "managed by ecs-ops", cloud: "renamed by hand" },
            { property: "metadata", program: { owner: "platform" }, cloud: { owner: null } },
        ]);
        expect((await attributes.diff!(WEB, olds, moved.inputs)).changes).to.equal(true);
        const updated = await attributes.update!(WEB, olds, moved.inputs);
        expect(updated.outs.drift).to.deep.equal(moved.inputs.drift);
        expect(changing(await cloud.calls())).to.deep.equal([]);

        // A refresh keeps the program's values and refreshes the drift only.
        const read = await attributes.read!(WEB, { ...updated.outs, __provider: PROVIDER });
        expect(read.props.description).to.equal("managed by ecs-ops");
        expect(read.props.drift).to.deep.equal(moved.inputs.drift);
        expect(read.inputs?.description).to.equal("managed by ecs-ops");
        expect(changing(await cloud.calls())).to.deep.equal([]);
    });

    it("ServerAttributes: turning observeOnly off enforces what was observed with one UpdateServer (and the metadata call)", async () => {
        const checked = await attributes.check!({}, program({ hostname: "web-1" }));
        const created = await attributes.create!(checked.inputs);
        const olds = { ...created.outs, __provider: PROVIDER };
        await cloud.clearCalls();
        const off = await attributes.check!(checked.inputs, program({ hostname: "web-1", observeOnly: false }));
        expect(off.inputs.plannedOperation).to.equal(
            `observeOnly turned off: enforce on server ${WEB} (name: program "web-1", cloud "ecs-web-01"; ` +
                `description: program "managed by ecs-ops", cloud "${CLOUD_DESCRIPTION}"; hostname: program "web-1", cloud "ecs-web-01"; ` +
                'metadata: program {"owner":"platform"}, cloud {"owner":null}) with UpdateServer and the security group, metadata and tag calls; ' +
                "hostname takes effect only after the server is restarted",
        );
        expect((off.inputs.restartTrigger as { reason: string; revision: number }).reason).to.equal("hostname enforced when observeOnly was turned off");
        expect((off.inputs.restartTrigger as { revision: number }).revision).to.equal(2);
        expect(changing(await cloud.calls())).to.deep.equal([]);
        expect((await attributes.diff!(WEB, olds, off.inputs)).changes).to.equal(true);
        const updated = await attributes.update!(WEB, olds, off.inputs);
        const calls = await cloud.calls();
        expect(changing(calls)).to.deep.equal(["UpdateServer", "UpdateServerMetadata"]);
        const update = calls.find((c) => c.action === "UpdateServer")!;
        expect(JSON.stringify(update.params)).to.include("managed by ecs-ops").and.include("web-1");
        expect(updated.outs.drift).to.equal(undefined);
        expect(updated.outs.restartRequired).to.deep.equal(["hostname"]);
        expect(updated.outs.pendingRestart).to.equal(true);
        await shownAs("the enforced description", (s) => s.description === "managed by ecs-ops");

        // Enforced once: the next run has nothing to do.
        const after = await attributes.check!(off.inputs, program({ hostname: "web-1", observeOnly: false }));
        expect((await attributes.diff!(WEB, { ...updated.outs, __provider: PROVIDER }, after.inputs)).changes).to.equal(false);
    });

    it("ServerAttributes: turning observeOnly on for a managed server changes nothing, even with the program changed", async () => {
        const plain = { serverId: WEB, description: "managed by ecs-ops", __provider: PROVIDER };
        const checked = await attributes.check!({}, plain);
        const created = await attributes.create!(checked.inputs);
        await shownAs("the description applied", (s) => s.description === "managed by ecs-ops");
        const olds = { ...created.outs, __provider: PROVIDER };
        const on = await attributes.check!(checked.inputs, { ...plain, description: "changed while observing", observeOnly: true });
        expect(on.inputs.drift).to.deep.equal([{ property: "description", program: "changed while observing", cloud: "managed by ecs-ops" }]);
        expect((await attributes.diff!(WEB, olds, on.inputs)).changes).to.equal(true);
        const updated = await attributes.update!(WEB, olds, on.inputs);
        expect(changing(await cloud.calls())).to.deep.equal([]);
        expect(updated.outs.observeOnly).to.equal(true);
        // Deleting while observing restores nothing, even with restoreOnDelete.
        await attributes.delete!(WEB, { ...updated.outs, restoreOnDelete: true });
        expect(changing(await cloud.calls())).to.deep.equal([]);
        expect(await description()).to.equal("managed by ecs-ops");
    });

    it("ServerReboot: a trigger change runs nothing and is recorded as due; turning observeOnly off reboots once", async () => {
        const base = { serverId: WEB, rebootOnCreate: false, observeOnly: true, __provider: PROVIDER };
        const c1 = await reboot.check!({}, { ...base, triggers: { revision: 1 } });
        const { id, outs } = await reboot.create(c1.inputs);
        const c2 = await reboot.check!(c1.inputs, { ...base, triggers: { revision: 2, reason: "hostname changes" } });
        expect(c2.inputs.plannedOperation).to.match(
            new RegExp(`^observe only: not run, recorded as due \\(reboot server ${WEB} \\(SOFT reboot, BatchRebootServers\\): `),
        );
        expect((await reboot.diff!(id, outs, c2.inputs)).changes).to.equal(true);
        const observed = await reboot.update!(id, outs, c2.inputs);
        expect(observed.outs.pendingOperation).to.equal(c2.inputs.pendingOperation);
        expect(observed.outs.rebootCount).to.equal(0);
        expect(changing(await cloud.calls())).to.deep.equal([]);

        // Still observing, nothing new: the due reboot is kept (not run, not doubled).
        const c2b = await reboot.check!(c2.inputs, { ...base, triggers: { revision: 2, reason: "hostname changes" } });
        expect(c2b.inputs.pendingOperation).to.equal(c2.inputs.pendingOperation);

        const c3 = await reboot.check!(c2b.inputs, { ...base, triggers: { revision: 2, reason: "hostname changes" }, observeOnly: false });
        expect(c3.inputs.plannedOperation).to.equal(`observeOnly turned off: ${String(c2.inputs.pendingOperation)}: runs now, once`);
        expect((await reboot.diff!(id, observed.outs, c3.inputs)).changes).to.equal(true);
        const enforced = await reboot.update!(id, observed.outs, c3.inputs);
        expect(changing(await cloud.calls()).filter((a) => a === "BatchRebootServers")).to.have.length(1);
        expect(enforced.outs.rebootCount).to.equal(1);
        expect(enforced.outs.pendingOperation).to.equal(undefined);
        // Once: the next run with the same inputs has nothing to do.
        const c4 = await reboot.check!(c3.inputs, { ...base, triggers: { revision: 2, reason: "hostname changes" }, observeOnly: false });
        expect(c4.inputs.plannedOperation).to.equal("none");
        expect((await reboot.diff!(id, enforced.outs, c4.inputs)).changes).to.equal(false);
    });

    it("ServerReinstall: created while observing, nothing is reinstalled (no secret shown); turning observeOnly off runs it once", async () => {
        const shutoff = SERVERS.shutoff;
        const base = { serverId: shutoff, adminPass: PASSWORD, triggers: [1], observeOnly: true, __provider: PROVIDER };
        const c1 = await reinstall.check!({}, base);
        expect(c1.failures).to.deep.equal([]);
        expect(c1.inputs.plannedOperation).to.match(
            new RegExp(`^observe only: not run, recorded as due \\(DESTRUCTIVE: reinstall the OS of server ${shutoff}, erasing its system disk`),
        );
        const { id, outs } = await reinstall.create(c1.inputs);
        expect(outs.reinstallCount).to.equal(0);
        expect(outs.pendingOperation).to.match(/^DESTRUCTIVE: reinstall the OS/);
        expect(JSON.stringify(outs)).not.to.include(PASSWORD);
        expect(changing(await cloud.calls())).to.deep.equal([]);

        // A trigger change while observing: still nothing run, the first due reason kept.
        const c2 = await reinstall.check!(c1.inputs, { ...base, triggers: [2] });
        expect((await reinstall.diff!(id, outs, c2.inputs)).changes).to.equal(true);
        const observed = await reinstall.update!(id, outs, c2.inputs);
        expect(observed.outs.pendingOperation).to.equal(outs.pendingOperation);
        expect(observed.outs.reinstallCount).to.equal(0);
        expect(changing(await cloud.calls())).to.deep.equal([]);

        const c3 = await reinstall.check!(c2.inputs, { ...base, triggers: [2], observeOnly: false });
        expect(c3.inputs.plannedOperation).to.match(/^observeOnly turned off: DESTRUCTIVE: reinstall .*: runs now, once$/);
        expect((await reinstall.diff!(id, observed.outs, c3.inputs)).changes).to.equal(true);
        const enforced = await reinstall.update!(id, observed.outs, c3.inputs);
        expect(changing(await cloud.calls()).filter((a) => /Reinstall|ChangeServerOs/.test(a))).to.have.length(1);
        expect(enforced.outs.reinstallCount).to.equal(1);
        expect(enforced.outs.pendingOperation).to.equal(undefined);
        const c4 = await reinstall.check!(c3.inputs, { ...base, triggers: [2], observeOnly: false });
        expect((await reinstall.diff!(id, enforced.outs, c4.inputs)).changes).to.equal(false);
    });
});

describe("observeOnly (Huawei): a reboot job left running by an earlier run", function () {
    this.timeout(60_000);
    let cloud: EmulatedHuaweicloud;
    const [STUCK] = hwFleetServerIds(1);
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.01 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(hwFleetFixture(1, [{ serverId: STUCK, nextPowerAction: { stuck: { runningMs: 300_000 } } }]) as never), capture: out },
    );
    fastJobPolls(rebootPolls);

    it("is neither followed nor re-sent while observing (a steady run is no change); turning observeOnly off follows it, no second reboot", async () => {
        const err = await reboot.create({ serverId: STUCK, triggers: ["t"], timeouts: { create: "1s" }, __provider: PROVIDER }).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(err).to.be.instanceOf(PartialFailure);
        const kept = (err as PartialFailure).properties;
        expect(kept.pendingJobId).to.be.a("string");
        const observing = { serverId: STUCK, triggers: ["t"], observeOnly: true, __provider: PROVIDER };
        await cloud.clearCalls();
        const c1 = await reboot.check!({ serverId: STUCK, triggers: ["t"], __provider: PROVIDER }, observing);
        expect(c1.inputs.plannedOperation).to.equal("observe only: nothing is due; nothing is run");
        expect((await reboot.diff!(STUCK, kept, c1.inputs)).changes, "observeOnly turned on").to.equal(true);
        const observed = await reboot.update!(STUCK, kept, c1.inputs);
        expect(observed.outs.pendingJobId).to.equal(kept.pendingJobId);
        expect(observed.outs.pendingOperation).to.equal(undefined);
        const c2 = await reboot.check!(c1.inputs, observing);
        expect((await reboot.diff!(STUCK, observed.outs, c2.inputs)).changes, "steady while observing").to.equal(false);
        expect(changing(await cloud.calls())).to.deep.equal([]);
        expect(out.text()).not.to.match(/up follows reboot job/);

        const c3 = await reboot.check!(c2.inputs, { ...observing, observeOnly: false });
        expect((await reboot.diff!(STUCK, observed.outs, c3.inputs)).changes).to.equal(true);
        const resumed = await reboot.update!(STUCK, observed.outs, c3.inputs);
        expect(changing(await cloud.calls())).to.deep.equal([]);
        expect(resumed.outs).to.include({ rebootCount: 1, lastJobId: kept.pendingJobId });
        expect(resumed.outs.pendingJobId).to.equal(undefined);
    });
});
