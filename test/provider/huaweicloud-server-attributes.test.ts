import { expect } from "chai";
import { defaultFixture } from "../../emulator";
import { CloudApiError, PartialFailure } from "../../provider/core/transport/errors";
import { EcsClient } from "../../provider/huaweicloud/api/client";
import { resolveCredentials } from "../../provider/huaweicloud/credentials/credentials";
import { showServer } from "../../provider/huaweicloud/api/ecs-api";
import { changeSecurityGroup, updateServer, updateServerMetadata } from "../../provider/huaweicloud/server-attributes/api";
import { handler } from "../../provider/huaweicloud/server-attributes/handler";
import { resetServerBatchers } from "../../provider/huaweicloud/api/server-batch";
import { itReportsEachBadInput, BadInputRow } from "./bad-input-table";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { EmulatedHuaweicloud, operations, SERVERS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

type Props = Record<string, unknown>;

const PROVIDER = "provider-code-v1";
/** Security groups of the default fixture's first project. */
const SG = {
    default: "d5d00e78-2944-49bf-b861-d2abaa54fa29",
    web: "3f1c2a9e-7b4d-4e6a-9c21-5d8e0f1a2b3c",
    ssh: "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d",
    db: "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f",
} as const;
const ID = SERVERS.active;

/** Server reads lag changes by the emulator's settling delay: polls until `ok` holds (10 s at most). */
async function serverWhen(serverId: string, ok: (s: Props) => boolean): Promise<Props> {
    const end = Date.now() + 10_000;
    for (;;) {
        const s = (await showServer(client(), serverId, { deadline: Date.now() + 10_000 })) as unknown as Props;
        if (ok(s) || Date.now() > end) return s;
        await new Promise((r) => setTimeout(r, 20));
    }
}

function client(): EcsClient {
    return new EcsClient(resolveCredentials());
}

/** check, then create, as the engine does: the outputs. */
async function adopt(inputs: Props): Promise<Props> {
    const checked = await handler.check!({}, { ...inputs, __provider: PROVIDER });
    expect(checked.failures ?? [], JSON.stringify(checked.failures)).to.deep.equal([]);
    const created = await handler.create!(checked.inputs as Props);
    return { ...(created.outs as Props), __provider: PROVIDER };
}

/** check + diff + update from `olds` to `inputs`: the diff's verdict and the new outputs. */
async function change(olds: Props, inputs: Props): Promise<{ changes: boolean; outs: Props }> {
    const checked = await handler.check!(olds, { ...inputs, __provider: PROVIDER });
    expect(checked.failures ?? [], JSON.stringify(checked.failures)).to.deep.equal([]);
    const d = await handler.diff!(ID, olds, checked.inputs as Props);
    if (!d.changes) return { changes: false, outs: olds };
    const u = await handler.update!(ID, olds, checked.inputs as Props);
    return { changes: true, outs: { ...(u.outs as Props), __provider: PROVIDER } };
}

describe("huaweicloud.ServerAttributes against the emulator", () => {
    let emu: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.01 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => e.reset(defaultFixture()), capture: out },
    );

    describe("check: every rule before any call", () => {
        const base = { serverId: ID };
        const rows: BadInputRow[] = [
            ["serverId not a UUID", { serverId: "i-123" }, "serverId", /UUID/],
            ["serverId missing", {}, "serverId", /required/],
            ["region malformed", { ...base, region: "North 4" }, "region", /region id/],
            ["projectId malformed", { ...base, projectId: "P1" }, "projectId", /32 lower-case hexadecimal/],
            ["name empty", { ...base, name: "" }, "name", /1 to 128/],
            ["name of 129 characters", { ...base, name: "a".repeat(129) }, "name", /1 to 128 characters long \(got 129\)/],
            ["name with a space", { ...base, name: "web 1" }, "name", /only letters, digits/],
            ["description of 86 characters", { ...base, description: "d".repeat(86) }, "description", /at most 85/],
            ["description with <", { ...base, description: "<b>" }, "description", /angle brackets/],
            ["hostname starting with -", { ...base, hostname: "-web" }, "hostname", /start or end/],
            ["hostname with ..", { ...base, hostname: "web..1" }, "hostname", /consecutive/],
            ["hostname with .-", { ...base, hostname: "web.-1" }, "hostname", /\.- and -\./],
            ["hostname of 65 characters", { ...base, hostname: "h".repeat(65) }, "hostname", /1 to 64/],
            ["hostname with _", { ...base, hostname: "web_1" }, "hostname", /only letters, digits, hyphens/],
            ["no security group", { ...base, securityGroupIds: [] }, "securityGroupIds", /at least one/],
            ["a security group twice", { ...base, securityGroupIds: [SG.web, SG.web] }, "securityGroupIds[1]", /twice/],
            ["a security group name", { ...base, securityGroupIds: ["web"] }, "securityGroupIds[0]", /UUID/],
            [
                "11 security groups",
                { ...base, securityGroupIds: Array.from({ length: 11 }, (_, i) => `00000000-0000-4000-8000-0000000000${String(i).padStart(2, "0")}`) },
                "securityGroupIds",
                /at most 10/,
            ],
            ["metadata key of 256 characters", { ...base, metadata: { ["k".repeat(256)]: "v" } }, `metadata.${"k".repeat(256)}`, /key must be 1 to 255/],
            ["metadata system key", { ...base, metadata: { os_type: "Linux" } }, "metadata.os_type", /set by ECS/],
            ["metadata metering key", { ...base, metadata: { "metering.image_id": "x" } }, "metadata.metering.image_id", /set by ECS/],
            ["metadata value of 256", { ...base, metadata: { owner: "v".repeat(256) } }, "metadata.owner", /at most 255/],
            ["metadata value not a string", { ...base, metadata: { owner: 1 } }, "metadata.owner", /string/],
            ["11 tags", { ...base, tags: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`t${i}`, "v"])) }, "tags", /at most 10/],
            ["tag key with a period", { ...base, tags: { "a.b": "v" } }, "tags.a.b", /1 to 36/],
            ["ecs-ops tag key", { ...base, tags: { "ecs-ops-reboot": "x" } }, "tags.ecs-ops-reboot", /operation records/],
            ["tag value with a space", { ...base, tags: { team: "a b" } }, "tags.team", /at most 43/],
            ["restoreOnDelete not boolean", { ...base, restoreOnDelete: "yes" }, "restoreOnDelete", /true or false/],
            ["timeouts malformed", { ...base, timeouts: { update: "soon" } }, "timeouts.update", /./],
            ["misspelt hostName", { ...base, hostName: "web-1" }, "hostName", /did you mean "hostname"/],
        ];
        itReportsEachBadInput(handler, rows, { provider: PROVIDER, calls: () => emu.calls() });
    });

    it("adopts a server with one batched read and one call per differing aspect; the plan names the restart", async () => {
        const checked = await handler.check!(
            {},
            {
                serverId: ID,
                name: "web-1",
                hostname: "web-1",
                securityGroupIds: [SG.web, SG.default],
                metadata: { owner: "platform" },
                tags: { team: "web" },
                __provider: PROVIDER,
            },
        );
        expect((checked.inputs as Props).plannedOperation).to.match(/hostname takes effect only after the server is restarted/);
        expect((checked.inputs as Props).restartTrigger).to.deep.equal({ hostname: "web-1", revision: 1, reason: "hostname set when taken under management" });
        const outs = (await handler.create!(checked.inputs as Props)).outs as Props;
        expect(operations(await emu.calls())).to.deep.equal([
            "ListServersDetails",
            "UpdateServer",
            "NovaAssociateSecurityGroup",
            "UpdateServerMetadata",
            "BatchCreateServerTags",
        ]);
        expect(outs).to.include({ serverId: ID, name: "web-1", hostname: "web-1", pendingRestart: true, osType: "Linux" });
        expect(outs.securityGroupIds).to.deep.equal([SG.web, SG.default].sort());
        expect(outs.restartRequired).to.deep.equal(["hostname"]);
        expect(outs.adoptedAttributes).to.deep.equal({
            name: "ecs-web-01",
            hostname: "ecs-web-01",
            securityGroupIds: [SG.default],
            metadata: { owner: null },
            tags: { team: null },
        });
        // Reads lag the writes (settling), and each write settles on its own: wait for the last one too.
        const server = await serverWhen(ID, (s) => s.name === "web-1" && (s.metadata as Props | undefined)?.owner === "platform");
        expect(server.name).to.equal("web-1");
        expect(server.metadata).to.include({ owner: "platform" });
    });

    describe("update: one call per changed aspect, from the call log", () => {
        const start = {
            serverId: ID,
            name: "web-1",
            description: "front",
            hostname: "web-1",
            securityGroupIds: [SG.default, SG.web],
            metadata: { owner: "platform", env: "prod" },
            tags: { team: "web", tier: "front" },
        };
        const rows: Array<[string, Props, string[]]> = [
            ["name", { name: "web-2" }, ["UpdateServer"]],
            ["name and description together", { name: "web-2", description: "back" }, ["UpdateServer"]],
            ["hostname (read first: the launch time that tells when a restart applied it)", { hostname: "web-2" }, ["ListServersDetails", "UpdateServer"]],
            ["one security group added", { securityGroupIds: [SG.default, SG.web, SG.ssh] }, ["NovaAssociateSecurityGroup"]],
            ["one security group replaced", { securityGroupIds: [SG.default, SG.db] }, ["NovaAssociateSecurityGroup", "NovaDisassociateSecurityGroup"]],
            ["security groups reordered only", { securityGroupIds: [SG.web, SG.default] }, []],
            ["a metadata value", { metadata: { owner: "ops", env: "prod" } }, ["UpdateServerMetadata"]],
            ["a managed metadata key dropped", { metadata: { owner: "platform" } }, ["DeleteServerMetadata"]],
            ["metadata no longer managed (released, nothing sent)", { metadata: undefined }, []],
            ["a tag value and a tag dropped", { tags: { team: "ops" } }, ["BatchCreateServerTags", "BatchDeleteServerTags"]],
            ["restoreOnDelete only (state only)", { restoreOnDelete: true }, []],
        ];
        for (const [title, patch, expected] of rows) {
            it(title, async () => {
                const olds = await adopt(start);
                await emu.clearCalls();
                const { changes, outs } = await change(olds, { ...start, ...patch });
                expect(operations(await emu.calls())).to.deep.equal(expected);
                const settingOnly = Object.keys(patch).every((k) => k === "restoreOnDelete");
                expect(changes, "diff").to.equal(expected.length > 0 || ("metadata" in patch && patch.metadata === undefined) || settingOnly);
                if (patch.securityGroupIds !== undefined) expect(outs.securityGroupIds).to.deep.equal([...(patch.securityGroupIds as string[])].sort());
                if ("metadata" in patch) expect(outs.metadata).to.deep.equal(patch.metadata);
            });
        }
    });

    it("manages only its metadata and tag keys: others on the server are never read into state nor changed", async () => {
        await updateServerMetadata(client(), ID, { foreign: "keep" }, { deadline: Date.now() + 10_000 });
        const olds = await adopt({ serverId: ID, metadata: { owner: "platform" } });
        expect(olds.metadata).to.deep.equal({ owner: "platform" });
        await change(olds, { serverId: ID, metadata: {} });
        const server = await serverWhen(ID, (s) => !("owner" in (s.metadata as Props)));
        expect(server.metadata).to.include({ foreign: "keep" });
        expect(server.metadata).to.not.have.property("owner");
    });

    it("refresh shows real drift only: unchanged → identical state and inputs; changed out of band → the cloud's values, which the next update puts back", async () => {
        const start = { serverId: ID, name: "web-1", securityGroupIds: [SG.default], metadata: { owner: "platform" } };
        const olds = await adopt(start);
        const same = await handler.read!(ID, olds);
        expect(same.props).to.deep.equal(Object.fromEntries(Object.entries(olds).filter(([k]) => k !== "__provider")));
        const checkedSame = await handler.check!(same.inputs as Props, { ...start, __provider: PROVIDER });
        expect(
            (await handler.diff!(ID, { ...(same.props as Props), __provider: PROVIDER }, checkedSame.inputs as Props)).changes,
            "no phantom change",
        ).to.equal(false);

        const c = client();
        const deadline = Date.now() + 10_000;
        await updateServer(c, ID, { name: "renamed" }, { deadline });
        await changeSecurityGroup(c, ID, "add", SG.ssh, { deadline });
        await updateServerMetadata(c, ID, { owner: "someone", unrelated: "x" }, { deadline });
        await emu.clearCalls();
        const drifted = await handler.read!(ID, olds);
        expect(operations(await emu.calls())).to.deep.equal(["ListServersDetails"]);
        expect(drifted.props).to.include({ name: "renamed" });
        expect((drifted.props as Props).securityGroupIds).to.deep.equal([SG.default, SG.ssh].sort());
        expect((drifted.props as Props).metadata).to.deep.equal({ owner: "someone" });
        await emu.clearCalls();
        const { changes } = await change({ ...(drifted.props as Props), __provider: PROVIDER }, start);
        expect(changes).to.equal(true);
        expect(operations(await emu.calls())).to.deep.equal(["UpdateServer", "NovaDisassociateSecurityGroup", "UpdateServerMetadata"]);
    });

    it("a hostname changed out of band moves the restart trigger on: the next run puts it back and asks for a restart", async () => {
        const start = { serverId: ID, hostname: "web-1" };
        const olds = await adopt(start);
        expect((olds.restartTrigger as Props).revision).to.equal(1);
        await updateServer(client(), ID, { hostname: "other" }, { deadline: Date.now() + 10_000 });
        const r = await handler.read!(ID, olds);
        expect(r.props).to.include({ hostname: "other" });
        const checked = await handler.check!(r.inputs as Props, { ...start, __provider: PROVIDER });
        expect((checked.inputs as Props).restartTrigger).to.deep.include({ hostname: "web-1", revision: 2, reason: "hostname changes" });
        expect((checked.inputs as Props).plannedOperation).to.match(/changing on server/);
    });

    it("pendingRestart stays through refreshes until the server has started again (launched_at), then clears", async () => {
        const olds = await adopt({ serverId: SERVERS.shutoff, hostname: "app-2" });
        expect(olds).to.include({ pendingRestart: true });
        const still = await handler.read!(SERVERS.shutoff, olds);
        expect(still.props).to.include({ pendingRestart: true });
        // A reinstall boots the guest (its job moves launched_at), as a reboot or a start does.
        const c = client();
        const job = await c.call<{ job_id: string }>({
            method: "POST",
            path: ["v1", c.credentials.projectId, "cloudservers", SERVERS.shutoff, "reinstallos"],
            body: { "os-reinstall": { adminpass: "Boot-2026-xYz" } },
            operation: "ReinstallServerWithoutCloudInit",
            subject: "test",
            idempotent: false,
            deadline: Date.now() + 10_000,
        });
        expect(job.job_id).to.be.a("string");
        await serverWhen(SERVERS.shutoff, (s) => s.status === "ACTIVE" && s["OS-SRV-USG:launched_at"] !== (still.props as Props).restartPendingLaunchedAt);
        const after = await handler.read!(SERVERS.shutoff, { ...(still.props as Props), __provider: PROVIDER });
        expect(after.props).to.include({ pendingRestart: false });
        expect((after.props as Props).restartRequired).to.deep.equal([]);
    });

    it("refreshing N servers in one process takes at most ceil(N/min(P,100))+1 ListServersDetails calls", async () => {
        const ids = [SERVERS.active, SERVERS.shutoff, SERVERS.noSystemDisk, SERVERS.failsNext, SERVERS.windows, SERVERS.stuck, SERVERS.error];
        // As in a new provider process (the batcher sizes its rounds by the batches it has sent).
        resetServerBatchers();
        const states = await Promise.all(ids.map((serverId) => adopt({ serverId, name: "batched" })));
        expect(operations(await emu.calls()).filter((o) => o === "ListServersDetails").length, "adoption reads batched too").to.be.at.most(2);
        await emu.clearCalls();
        resetServerBatchers();
        const reads = await Promise.all(states.map((s) => handler.read!(s.serverId as string, s)));
        expect(reads.map((r) => r.id)).to.deep.equal(ids);
        const calls = operations(await emu.calls());
        expect(calls.every((o) => o === "ListServersDetails")).to.equal(true);
        expect(calls.length).to.be.at.most(Math.ceil(ids.length / 100) + 1);

        // In rounds of P = 3 parallel reads (the engine's --parallel): at most ceil(N/P)+1 calls.
        await emu.clearCalls();
        resetServerBatchers();
        for (let i = 0; i < states.length; i += 3) await Promise.all(states.slice(i, i + 3).map((s) => handler.read!(s.serverId as string, s)));
        const rounds = operations(await emu.calls());
        expect(rounds.every((o) => o === "ListServersDetails")).to.equal(true);
        expect(rounds.length).to.be.at.most(Math.ceil(ids.length / 3) + 1);
    });

    it("a server that no longer exists reads as gone", async () => {
        const olds = await adopt({ serverId: ID, name: "web-1" });
        const r = await handler.read!(SERVERS.missing, { ...olds, serverId: SERVERS.missing });
        expect(r.id).to.equal("");
    });

    it("delete releases; with restoreOnDelete it puts back what adoption found (names, groups, keys that did not exist)", async () => {
        const plain = await adopt({ serverId: SERVERS.shutoff, name: "app-2" });
        await emu.clearCalls();
        await handler.delete!(SERVERS.shutoff, plain);
        expect(await emu.calls()).to.deep.equal([]);

        const olds = await adopt({
            serverId: ID,
            name: "web-1",
            securityGroupIds: [SG.web],
            metadata: { owner: "platform" },
            tags: { team: "web" },
            restoreOnDelete: true,
        });
        await handler.delete!(ID, olds);
        const server = await serverWhen(ID, (s) => s.name === "ecs-web-01" && (s.tags as string[]).length === 2);
        expect(server.name).to.equal("ecs-web-01");
        expect((server.security_groups as Array<{ id: string }>).map((g) => g.id)).to.deep.equal([SG.default]);
        expect(server.metadata).to.not.have.property("owner");
        expect(server.tags).to.deep.equal(["env=demo", "role=web"]);
    });

    it("a refused change names the code and a hint, and keeps in state what was applied before it", async () => {
        const olds = await adopt({ serverId: ID, name: "web-1" });
        const missingGroup = "00000000-0000-4000-8000-00000000beef";
        const checked = await handler.check!(olds, { serverId: ID, name: "web-2", securityGroupIds: [missingGroup], __provider: PROVIDER });
        const err = await handler.update!(ID, olds, checked.inputs as Props).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(err).to.be.instanceOf(PartialFailure);
        const p = err as PartialFailure;
        expect(p.message).to.match(/itemNotFound/);
        expect(p.properties).to.include({ name: "web-2" });
        expect(p.properties.securityGroupIds, "what the server has: the next run tries again").to.deep.equal([SG.default]);

        const locked = await handler.create!({ serverId: SERVERS.locked, name: "x1", __provider: PROVIDER }).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(locked).to.be.instanceOf(PartialFailure);
        expect((locked as PartialFailure).message).to.match(/Ecs\.0605/);
    });
});

describe("huaweicloud.ServerAttributes error hints", () => {
    it("hints every code the attribute APIs answer", async () => {
        const { hintFor } = await import("../../provider/huaweicloud/api/error-hints");
        for (const code of ["Ecs.0005", "Ecs.0100", "Ecs.0114", "Ecs.0605", "badRequest", "itemNotFound", "conflict", "APIGW.0308"])
            expect(hintFor(code), code).to.not.equal("");
        expect(new CloudApiError("huaweicloud", "itemNotFound", "x", 404, undefined, hintFor("itemNotFound"), "fatal").hint).to.match(/securityGroupIds/);
    });
});
