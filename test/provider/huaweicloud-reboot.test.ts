import { expect } from "chai";
import { PartialFailure } from "../../provider/core/transport/errors";
import { PLAN_KEY } from "../../provider/core/resource/plan";
import { encodeRecord, RECORD_KEYS, timeField, triggerFingerprint } from "../../provider/core/operation/operation-record";
import { UNKNOWN } from "../../provider/core/inputs/unknowns";
import { EcsClient } from "../../provider/huaweicloud/api/client";
import { resolveCredentials } from "../../provider/huaweicloud/credentials/credentials";
import { changeServerTag } from "../../provider/huaweicloud/api/ecs-api";
import { handler, pollTuning, serverRebootPlan } from "../../provider/huaweicloud/server-reboot/handler";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { hwFleetFixture, hwFleetServerIds } from "../emulator/huaweicloud-fleet";
import { EmulatedHuaweicloud, fastJobPolls, operations, SERVERS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

type Props = Record<string, unknown>;
const PROVIDER = "provider-code-v1";
const SECRET = "s3cret-in-a-trigger";
const [A, B, FAILS, STUCK] = hwFleetServerIds(4);
const FAULTS = [
    { serverId: FAILS, nextPowerAction: { fail: { errorCode: "Ecs.0000", failReason: "The guest OS did not respond.", afterMs: 1000 } } },
    { serverId: STUCK, nextPowerAction: { stuck: { runningMs: 300_000 } } },
];

async function rejection(p: Promise<unknown>): Promise<Error> {
    const err = await p.then(
        () => undefined,
        (e: unknown) => e,
    );
    expect(err, "expected a rejection").to.be.instanceOf(Error);
    return err as Error;
}

/**
 * huaweicloud.ServerReboot against the emulator over real HTTP (no CLI): check with zero calls,
 * trigger semantics, the reboot job to SUCCESS / FAIL / timeout and its resumption, and the
 * operation record on the server (tag ecs-ops-reboot) across lost answers and lost state.
 */
describe("huaweicloud.ServerReboot against the emulator", function () {
    this.timeout(60_000);
    let emu: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.01 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => e.reset(hwFleetFixture(4, FAULTS) as never), capture: out },
    );
    fastJobPolls(pollTuning);
    afterEach(() => expect(out.text()).to.not.include(SECRET).and.not.include("emulator-secret-key"));

    const posts = async () => (await emu.calls()).filter((c) => c.action === "BatchRebootServers");
    const bootsOf = async (id: string): Promise<number> =>
        ((await emu.state()).servers as Array<{ id: string; power: { boots: number } | null }>).find((s) => s.id === id)!.power?.boots ?? 0;

    it("check: every bad input named with its rule, unknown keys refused, secrets' values never shown, zero API calls", async () => {
        const table: Array<[Props, string, RegExp]> = [
            [{}, "serverId", /is required/],
            [{ serverId: 42 }, "serverId", /must be a string/],
            [{ serverId: "web-1" }, "serverId", /UUID/],
            [{ serverId: A, type: "soft" }, "type", /"SOFT".*"HARD"/],
            [{ serverId: A, rebootOnCreate: "yes" }, "rebootOnCreate", /boolean/],
            [{ serverId: A, timeouts: { create: "soon" } }, "timeouts.create", /./],
            [{ serverId: A, region: "North 4" }, "region", /region id such as cn-north-4/],
            [{ serverId: A, projectId: "P1" }, "projectId", /32 lower-case hexadecimal/],
            [
                { serverId: A, forceStop: true },
                "",
                /unknown input "forceStop" \(valid: serverId, region, projectId, type, triggers, rebootOnCreate, timeouts, observeOnly\)/,
            ],
        ];
        for (const [news, property, rule] of table) {
            const r = await handler.check!({}, { ...news, __provider: PROVIDER });
            // A nested property is reported at the top level, named in the reason.
            const f = (r.failures ?? []).find(
                (x) => x.property === property || (x.property === "" && (property === "" || x.reason.startsWith(`${property}:`))),
            );
            expect(f, `${JSON.stringify(news)} → ${JSON.stringify(r.failures)}`).to.not.equal(undefined);
            expect(f!.reason).to.match(rule);
        }
        const unknownInPreview = await handler.check!({}, { serverId: UNKNOWN, triggers: [UNKNOWN], __provider: PROVIDER });
        expect(unknownInPreview.failures).to.deep.equal([]);
        const ok = await handler.check!({}, { serverId: A, triggers: [SECRET], __provider: PROVIDER });
        expect(ok.failures).to.deep.equal([]);
        expect(ok.inputs[PLAN_KEY]).to.equal(`reboot server ${A} (SOFT reboot, BatchRebootServers): the reboot resource is created`);
        expect(JSON.stringify(ok.inputs[PLAN_KEY])).to.not.include(SECRET);
        expect(await emu.calls(), "check calls nothing").to.deep.equal([]);
    });

    it("plans: created, rebootOnCreate false, triggers changed (paths, not values), unchanged", () => {
        expect(serverRebootPlan({}, { serverId: A, type: "HARD" })).to.match(/HARD reboot.*the reboot resource is created/);
        expect(serverRebootPlan({}, { serverId: A, rebootOnCreate: false })).to.equal("none");
        const changed = serverRebootPlan(
            { serverId: A, triggers: { hostname: "a", secret: SECRET } },
            { serverId: A, triggers: { hostname: "b", secret: SECRET } },
        );
        expect(changed)
            .to.match(/^reboot server .* triggers/)
            .and.not.include(SECRET);
        expect(serverRebootPlan({ serverId: A, triggers: [1] }, { serverId: A, triggers: [1], type: "HARD" })).to.equal("none");
    });

    it("create reboots once: the record read and written around one BatchRebootServers, the job followed to SUCCESS and the server to ACTIVE", async () => {
        const { id, outs } = await handler.create({ serverId: A, triggers: ["r1"], __provider: PROVIDER });
        expect(id).to.match(new RegExp(`^${A}:reboot:[0-9a-f]{8}$`));
        const ops = operations(await emu.calls());
        expect(ops.slice(0, 5)).to.deep.equal(["ShowServer", "ShowServerTags", "BatchCreateServerTags", "BatchRebootServers", "BatchCreateServerTags"]);
        // ShowJob until SUCCESS, then the (batched) server read until it is ACTIVE (server reads lag the job).
        expect(ops.slice(5).join(" ")).to.match(/^(ShowJob ?)+(ListServersDetails ?)+$/);
        const post = (await posts())[0];
        expect(post.params).to.deep.equal({ reboot: { type: "SOFT", servers: [{ id: A }] } });
        expect(outs).to.include({ serverId: A, rebootCount: 1, __provider: PROVIDER });
        expect(outs.lastJobId).to.match(/^ff808082/);
        expect(outs.pendingJobId).to.equal(undefined);
        expect(await bootsOf(A)).to.equal(1);
        expect(out.text())
            .to.match(/reboot job ff808082\w+ accepted/)
            .and.match(/ended with SUCCESS; the server is ACTIVE/);
    });

    it("update: same triggers (type, timeouts, __provider changed) send nothing; changed triggers reboot once (HARD); rebootOnCreate false records without rebooting", async () => {
        const created = await handler.create({ serverId: B, rebootOnCreate: false, triggers: [1], __provider: PROVIDER });
        expect(created.outs).to.include({ rebootCount: 0 });
        expect(await posts()).to.deep.equal([]);
        const olds = created.outs as Props;
        const providerOnly = await handler.diff!(created.id, olds, { serverId: B, rebootOnCreate: false, triggers: [1], __provider: "provider-code-v2" });
        expect(providerOnly.changes, "a new provider text alone is no change").to.equal(false);
        const d = await handler.diff!(created.id, olds, { serverId: B, rebootOnCreate: false, triggers: [1], type: "HARD", __provider: "provider-code-v2" });
        expect(d.changes).to.equal(true);
        expect(d.replaces).to.deep.equal([]);
        const same = await handler.update!(created.id, olds, {
            serverId: B,
            rebootOnCreate: false,
            triggers: [1],
            type: "HARD",
            timeouts: { update: "5m" },
            __provider: "provider-code-v2",
        });
        expect(await posts(), "no reboot").to.deep.equal([]);
        expect(same.outs).to.include({ rebootCount: 0, type: "HARD", __provider: "provider-code-v2" });
        const again = await handler.update!(created.id, same.outs as Props, { serverId: B, triggers: [2], type: "HARD", __provider: "provider-code-v2" });
        expect((await posts()).map((c) => c.params)).to.deep.equal([{ reboot: { type: "HARD", servers: [{ id: B }] } }]);
        expect(again.outs).to.include({ rebootCount: 1 });
        expect(await bootsOf(B)).to.equal(1);
        const replace = await handler.diff!(created.id, again.outs as Props, { serverId: A, triggers: [2], __provider: "provider-code-v2" });
        expect(replace.replaces).to.deep.equal(["serverId"]);
    });

    it("region and projectId: every call goes to that project (the server is not in the default one); changing either replaces", async () => {
        const SG_WEB = "d8b06b73-0fdb-46c9-9364-43b5dd148bfb"; // ACTIVE, project ap-southeast-1
        const target = { region: "ap-southeast-1", projectId: "cc84bf66150e04221ef61f2c21addd88" };
        const elsewhere = await rejection(handler.create({ serverId: SG_WEB, triggers: [1], __provider: PROVIDER }));
        expect(elsewhere.message, "not in the default project cn-north-4").to.match(/Ecs\.0114/);
        const { id, outs } = await handler.create({ serverId: SG_WEB, ...target, triggers: [1], __provider: PROVIDER });
        expect(outs).to.include({ ...target, rebootCount: 1 });
        expect(await bootsOf(SG_WEB)).to.equal(1);
        expect((await emu.calls()).filter((c) => c.status >= 400).map((c) => `${c.action} ${c.code}`)).to.deep.equal(["ShowServer Ecs.0114"]);
        const again = await handler.update!(id, outs, { serverId: SG_WEB, ...target, triggers: [2], __provider: PROVIDER });
        expect(again.outs).to.include({ ...target, rebootCount: 2 });
        expect((await handler.read!(id, again.outs as Props)).id, "read in that project").to.equal(id);
        const same = await handler.diff!(id, again.outs as Props, { serverId: SG_WEB, ...target, triggers: [2], __provider: PROVIDER });
        expect(same.changes).to.equal(false);
        expect(
            (
                await handler.diff!(id, again.outs as Props, {
                    serverId: SG_WEB,
                    region: "cn-north-4",
                    projectId: target.projectId,
                    triggers: [2],
                    __provider: PROVIDER,
                })
            ).replaces,
        ).to.deep.equal(["region"]);
        expect(
            (await handler.diff!(id, again.outs as Props, { serverId: SG_WEB, region: target.region, triggers: [2], __provider: PROVIDER })).replaces,
        ).to.deep.equal(["projectId"]);
        expect(serverRebootPlan(again.outs as Props, { serverId: SG_WEB, triggers: [2] })).to.match(/the reboot resource is created$/);
        await emu.clearCalls();
        await handler.delete!(id, again.outs as Props);
        expect(
            (await emu.calls()).map((c) => `${c.action} ${c.status}`),
            "its record removed in that project",
        ).to.deep.equal(["ShowServerTags 200", "BatchDeleteServerTags 204"]);
        expect(await bootsOf(SG_WEB)).to.equal(2);
    });

    it("refuses a SHUTOFF or missing server before anything is sent, and leaves no record", async () => {
        const err = await rejection(handler.create({ serverId: SERVERS.shutoff, triggers: [1], __provider: PROVIDER }));
        expect(err.message).to.match(/is SHUTOFF: BatchRebootServers needs it ACTIVE; start it first \(nothing was sent\)/);
        const missing = await rejection(handler.create({ serverId: SERVERS.missing, __provider: PROVIDER }));
        expect(missing.message).to.match(/Ecs\.0114/);
        const ops = operations(await emu.calls());
        expect(ops.filter((o) => o === "BatchRebootServers" || o === "BatchCreateServerTags")).to.deep.equal([]);
    });

    it("a FAILed job: reported with its code and sub-job message, recorded (counted) so the same triggers do not reboot again; new triggers do", async () => {
        const err = await rejection(handler.create({ serverId: FAILS, triggers: ["f"], __provider: PROVIDER }));
        expect(err).to.be.instanceOf(PartialFailure);
        expect(err.message)
            .to.match(/reboot job \w+ failed: Ecs\.0000: .*sub-job \w+ \(server [0-9a-f-]+\) FAIL: Ecs\.0000: The guest OS did not respond\./)
            .and.match(/change `triggers` to try again/);
        const kept = (err as PartialFailure).properties;
        expect(kept).to.include({ rebootCount: 1 });
        expect(kept.failure).to.match(/did not respond/);
        expect(kept.pendingJobId).to.equal(undefined);
        // Reported once server reads stopped showing the reboot (the shared job follower's wait).
        expect(out.text()).to.match(/server [0-9a-f-]+ to settle after the failed reboot job \w+: done \(ACTIVE\)/);
        await emu.clearCalls();
        const same = await handler.update!((err as PartialFailure).id, kept, { serverId: FAILS, triggers: ["f"], __provider: PROVIDER });
        expect(await posts()).to.deep.equal([]);
        expect(same.outs).to.include({ rebootCount: 1 });
        const retried = await handler.update!((err as PartialFailure).id, same.outs as Props, { serverId: FAILS, triggers: ["f2"], __provider: PROVIDER });
        expect(await posts()).to.have.length(1);
        expect(retried.outs).to.include({ rebootCount: 2 });
        expect(retried.outs.failure).to.equal(undefined);
    });

    it("a timeout after acceptance keeps the job in state; the next update follows it (no second POST), even when the triggers changed meanwhile it reboots only for them", async () => {
        const err = await rejection(handler.create({ serverId: STUCK, triggers: ["t"], timeouts: { create: "1s" }, __provider: PROVIDER }));
        expect(err).to.be.instanceOf(PartialFailure);
        expect(err.message)
            .to.match(/did not finish in time/)
            .and.match(/the next `pulumi up` follows it instead of rebooting again/);
        const kept = (err as PartialFailure).properties;
        expect(kept.pendingJobId).to.match(/^ff808082/);
        expect(kept).to.include({ rebootCount: 1 });
        // The stuck job ends (3 s at this scale) while nobody watches.
        await emu.clearCalls();
        const resumed = await handler.update!((err as PartialFailure).id, kept, { serverId: STUCK, triggers: ["t"], __provider: PROVIDER });
        expect(await posts(), "resumed, not re-sent").to.deep.equal([]);
        expect(resumed.outs).to.include({ rebootCount: 1, lastJobId: kept.pendingJobId });
        expect(resumed.outs.pendingJobId).to.equal(undefined);
        expect(await bootsOf(STUCK)).to.equal(1);
        expect(out.text()).to.match(/resuming reboot job \w+ accepted by an earlier run \(no new reboot\)/);
    });

    describe("exactly once across lost answers and lost state (the record on the server)", () => {
        const saved = process.env.ECS_OPS_VISIBILITY_GRACE_MS;
        beforeEach(() => {
            process.env.ECS_OPS_VISIBILITY_GRACE_MS = "1500";
        });
        afterEach(() => {
            if (saved === undefined) delete process.env.ECS_OPS_VISIBILITY_GRACE_MS;
            else process.env.ECS_OPS_VISIBILITY_GRACE_MS = saved;
        });

        it("a 5xx after the POST was accepted: never re-sent; the reboot is seen and followed; a lost state then finds the intent and the new boot time, and reboots nothing", async () => {
            await emu.faults({ errors: [{ cloud: "huaweicloud", action: "BatchRebootServers", status: 500, count: 1, after: true }] });
            const inputs = { serverId: A, triggers: ["lost"], __provider: PROVIDER };
            const outs = (await handler.create(inputs)).outs;
            expect(await posts()).to.have.length(1);
            expect(outs).to.include({ rebootCount: 1 });
            expect(outs.lastJobId).to.equal(undefined);
            expect(await bootsOf(A)).to.equal(1);
            expect(out.text())
                .to.match(/outcome unknown after 1 attempt/)
                .and.match(/its job id is unknown, so ecs-ops follows the server/);
            await emu.clearCalls();
            const again = (await handler.create(inputs)).outs;
            expect(await posts(), "the earlier reboot is recognised").to.deep.equal([]);
            expect(again).to.include({ rebootCount: 1 });
            expect(await bootsOf(A)).to.equal(1);
        });

        it("a run killed after acceptance (state never written): the next create follows the recorded job instead of rebooting", async () => {
            const inputs = { serverId: B, triggers: ["k"], __provider: PROVIDER };
            const first = (await handler.create(inputs)).outs;
            await emu.clearCalls();
            const again = (await handler.create(inputs)).outs;
            expect(await posts()).to.deep.equal([]);
            expect(again).to.include({ lastJobId: first.lastJobId, rebootCount: 1 });
            expect(await bootsOf(B)).to.equal(1);
            expect(out.text()).to.match(/reboot job \w+ for these triggers is recorded on the server: following it instead of rebooting again/);
        });

        it("a 503 before the reboot ran: fails saying so; the next run sees the boot time unchanged and reboots once", async () => {
            await emu.faults({ errors: [{ cloud: "huaweicloud", action: "BatchRebootServers", status: 503, count: 1 }] });
            const inputs = { serverId: A, triggers: ["u"], __provider: PROVIDER };
            const err = await rejection(handler.create(inputs));
            expect(err.message)
                .to.match(/outcome unknown/)
                .and.match(/showed no reboot/)
                .and.match(/tag ecs-ops-reboot/);
            const again = (await handler.create(inputs)).outs;
            expect(again).to.include({ rebootCount: 1 });
            expect((await posts()).filter((c) => c.status === 200)).to.have.length(1);
            expect(await bootsOf(A)).to.equal(1);
            expect(out.text()).to.match(/has not booted since \(launched_at unchanged\): it was not accepted; rebooting now/);
        });

        it("an intent with no boot time to compare: the server's action list settles it (no reboot since: reboots once, no human step)", async () => {
            const triggers = ["no-boot-time-listed"];
            const inputs = { serverId: B, triggers, __provider: PROVIDER };
            const intent = encodeRecord({ phase: "intent", fingerprint: triggerFingerprint(triggers, 8), fields: [timeField(Date.now() - 60_000), ""] });
            await changeServerTag(new EcsClient(resolveCredentials()), B, "create", RECORD_KEYS.reboot, intent, { deadline: Date.now() + 30_000 });
            const done = (await handler.create(inputs)).outs;
            expect(done).to.include({ rebootCount: 1 });
            expect(out.text()).to.match(/but the server's action list shows no reboot since .*: it was not accepted; rebooting now/);
            expect(await posts()).to.have.length(1);
            expect(await bootsOf(B)).to.equal(1);
        });

        it("an intent with no boot time to compare and the action list unreadable: asks (nothing sent), naming the missing record; assume-done records it as done, run-again reboots once", async () => {
            await emu.faults({ errors: [{ cloud: "huaweicloud", action: "NovaListServerActions", status: 500, count: 1000 }] });
            const triggers = ["no-boot-time"];
            const inputs = { serverId: B, triggers, __provider: PROVIDER };
            // An earlier run's intent, sent a minute ago (past the grace) when the server answered no launched_at.
            const intent = encodeRecord({ phase: "intent", fingerprint: triggerFingerprint(triggers, 8), fields: [timeField(Date.now() - 60_000), ""] });
            await changeServerTag(new EcsClient(resolveCredentials()), B, "create", RECORD_KEYS.reboot, intent, { deadline: Date.now() + 30_000 });
            const saved = process.env.ECS_OPS_UNCERTAIN_OPERATION;
            try {
                delete process.env.ECS_OPS_UNCERTAIN_OPERATION;
                const err = await rejection(handler.create(inputs));
                expect(err.name).to.equal("UncertainOperationError");
                expect(err.message)
                    .to.match(
                        /^The reboot of server .* for this trigger change \(sent by an earlier run at .*, its answer never recorded\) may or may not have run/,
                    )
                    .and.match(/shows no boot time to compare, and the server's action list \(NovaListServerActions .*\) could not be read/);
                process.env.ECS_OPS_UNCERTAIN_OPERATION = "assume-done";
                const done = (await handler.create(inputs)).outs;
                expect(done).to.include({ rebootCount: 1 });
                expect(out.text()).to.include(`server ${B}: ECS_OPS_UNCERTAIN_OPERATION=assume-done: recording the earlier reboot as done`);
                expect(await posts()).to.deep.equal([]);
                process.env.ECS_OPS_UNCERTAIN_OPERATION = "run-again";
                const again = (await handler.create(inputs)).outs;
                expect(again).to.include({ rebootCount: 1 });
                expect(out.text()).to.include(`server ${B}: ECS_OPS_UNCERTAIN_OPERATION=run-again: rebooting again`);
                expect(await posts()).to.have.length(1);
                expect(await bootsOf(B)).to.equal(1);
            } finally {
                if (saved === undefined) delete process.env.ECS_OPS_UNCERTAIN_OPERATION;
                else process.env.ECS_OPS_UNCERTAIN_OPERATION = saved;
            }
        });

        it("delete removes only its own record; read of a vanished server drops the resource", async () => {
            const { id, outs } = await handler.create({ serverId: A, triggers: ["d"], __provider: PROVIDER });
            await emu.clearCalls();
            await handler.delete!(id, outs);
            const calls = await emu.calls();
            expect(operations(calls)).to.deep.equal(["ShowServerTags", "BatchDeleteServerTags"]);
            expect(calls[1].params).to.deep.equal({ action: "delete", tags: [{ key: "ecs-ops-reboot" }] });
            await emu.clearCalls();
            await handler.delete!(id, { ...outs, triggers: ["another"] });
            expect(operations(await emu.calls()), "not its record: left alone").to.deep.equal(["ShowServerTags"]);
            const read = await handler.read!(id, outs);
            expect(read.id).to.equal(id);
            const gone = await handler.read!(`${SERVERS.missing}:reboot:00000000`, { ...outs, serverId: SERVERS.missing });
            expect(gone.id).to.equal("");
            expect(await bootsOf(A)).to.equal(1);
        });
    });
});
