// Ownership over real HTTP against the emulator (docs/ownership.md): adoption writes the owner tag, an
// instance another stack owns is refused with the owner's name before any call that changes, takeOver
// moves the tag, delete removes only a tag that is still ours, and a state of an earlier release records
// ownership once (one tag write, no Modify), after which nothing is read or written.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { CallRecord, defaultFixture } from "../../emulator";
import { handler as aliHandler } from "../../provider/alicloud/instance-attributes/handler";
import { handler as hwHandler } from "../../provider/huaweicloud/server-attributes/handler";
import { getInstances } from "../../provider/alicloud/lookups/get-instances";
import { getServers } from "../../provider/huaweicloud/lookups/get-servers";
import { resetDescribeBatchers } from "../../provider/alicloud/api/describe-batch";
import { OWNER_LISTING_MAX_ATTEMPTS, ownerListingsStarted, resetOwnerTagBatchers } from "../../provider/alicloud/api/ownership";
import {
    OWNER_LISTING_MAX_ATTEMPTS as SERVER_LISTING_MAX_ATTEMPTS,
    resetServerOwnerListings,
    serverOwnerListingsStarted,
} from "../../provider/huaweicloud/api/ownership";
import { resetServerBatchers } from "../../provider/huaweicloud/api/server-batch";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";
import { EmulatedHuaweicloud, SERVERS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

type Props = Record<string, unknown>;
const PROVIDER = "serialized-provider-text";
const TEAM_A = "platform.team-a";
const TEAM_B = "platform.team-b";

/** Calls that change something in the cloud (reads are Describe*, List*, Show*). */
function changing(calls: CallRecord[]): string[] {
    return calls.map((c) => c.action).filter((a) => !/^(Describe|List|Show)/.test(a));
}

/** Polls `read` until `ok` holds (reads may lag the control plane by the emulator's settling delay; 10 s at most). */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    const end = Date.now() + 10_000;
    for (;;) {
        const v = await read();
        if (ok(v) || Date.now() > end) return v;
        await new Promise((r) => setTimeout(r, 20));
    }
}

describe("ownership: alicloud.InstanceAttributes against the emulator", () => {
    const ID = "i-bp1paygrunning00001";
    const OTHERS = ["i-bp1paygrunning00009", "i-bp1paygrunning00010"];
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.05 }),
        (c) => (cloud = c),
        {
            beforeEachTest: async (c) => {
                await c.reset(defaultFixture());
                resetDescribeBatchers();
                resetOwnerTagBatchers();
            },
            capture: out,
        },
    );

    const ownerOf = async (id: string): Promise<string | undefined> => (await getInstances({ instanceIds: [id] })).instances[0]?.owner;
    const ownerIs = (id: string, owner: string | undefined): Promise<string | undefined> =>
        eventually(
            () => ownerOf(id),
            (o) => o === owner,
        );

    async function adopt(owner: string, extra: Props = {}, id = ID): Promise<Props> {
        const checked = await aliHandler.check!({}, { instanceId: id, instanceName: "web-one", owner, __provider: PROVIDER, ...extra });
        expect(checked.failures ?? [], JSON.stringify(checked.failures)).to.deep.equal([]);
        const created = await aliHandler.create(checked.inputs as Props);
        return { ...(created.outs as Props), __provider: PROVIDER };
    }

    it("adoption: check reads only and plans the tag; create writes it before the change and records the owner", async () => {
        const checked = await aliHandler.check!({}, { instanceId: ID, instanceName: "web-one", owner: TEAM_A, __provider: PROVIDER });
        expect(checked.failures ?? []).to.deep.equal([]);
        expect(checked.inputs!.plannedOperation).to.equal(`record ownership: tag ecs-ops-owner=${TEAM_A} on instance ${ID}`);
        expect(changing(await cloud.calls())).to.deep.equal([]);
        await cloud.clearCalls();
        const created = await aliHandler.create(checked.inputs as Props);
        expect((created.outs as Props).owner).to.equal(TEAM_A);
        const calls = await cloud.calls();
        expect(changing(calls)).to.deep.equal(["TagResources", "ModifyInstanceAttribute"]);
        const tag = calls.find((c) => c.action === "TagResources")!;
        expect(tag.params).to.include({ ResourceType: "instance", "ResourceId.1": ID, "Tag.1.Key": "ecs-ops-owner", "Tag.1.Value": TEAM_A });
        expect(await ownerIs(ID, TEAM_A)).to.equal(TEAM_A);
    });

    it("another stack's adoption is refused in check, naming the owner, with no call that changes; create refuses too", async () => {
        await adopt(TEAM_A);
        await ownerIs(ID, TEAM_A);
        await cloud.clearCalls();
        const checked = await aliHandler.check!({}, { instanceId: ID, instanceName: "web-2", owner: TEAM_B, __provider: PROVIDER });
        expect(checked.failures).to.have.length(1);
        expect(checked.failures![0].property).to.equal("instanceId");
        expect(checked.failures![0].reason).to.include(`instance ${ID} is managed by stack "${TEAM_A}"`);
        expect(checked.failures![0].reason).to.include("takeOver: true");
        const err = (await aliHandler.create({ instanceId: ID, instanceName: "web-2", owner: TEAM_B, __provider: PROVIDER }).catch((e: Error) => e)) as Error;
        expect(err.message).to.include(`managed by stack "${TEAM_A}"`);
        expect(err.message).to.include("Nothing was changed.");
        expect(changing(await cloud.calls())).to.deep.equal([]);
        expect(await ownerOf(ID)).to.equal(TEAM_A);
    });

    it("takeOver moves the tag: the plan names the stack it is taken from", async () => {
        const a = await adopt(TEAM_A);
        await ownerIs(ID, TEAM_A);
        const checked = await aliHandler.check!({}, { instanceId: ID, instanceName: "web-2", owner: TEAM_B, takeOver: true, __provider: PROVIDER });
        expect(checked.failures ?? []).to.deep.equal([]);
        expect(checked.inputs!.plannedOperation).to.equal(`take over instance ${ID} from stack "${TEAM_A}" (takeOver): tag ecs-ops-owner=${TEAM_B}`);
        const b = await aliHandler.create(checked.inputs as Props);
        expect((b.outs as Props).owner).to.equal(TEAM_B);
        expect(await ownerIs(ID, TEAM_B)).to.equal(TEAM_B);
        expect((b.outs as Props).takeOver, "takeOver is never an output").to.equal(undefined);

        // The stack that lost it: releasing leaves the new owner's tag alone.
        await cloud.clearCalls();
        await aliHandler.delete!(ID, a);
        expect(changing(await cloud.calls())).to.deep.equal([]);
        expect(await ownerOf(ID)).to.equal(TEAM_B);

        // A refresh there says so: the owner is no longer recorded, so its next preview reads the tag and refuses.
        const refreshed = await aliHandler.read!(ID, a);
        expect((refreshed.props as Props).owner).to.equal(undefined);
        expect((refreshed.inputs as Props).owner).to.equal(undefined);
        const again = await aliHandler.check!(refreshed.inputs as Props, { instanceId: ID, instanceName: "web-1", owner: TEAM_A, __provider: PROVIDER });
        expect(again.failures![0].reason).to.include(`managed by stack "${TEAM_B}"`);
    });

    it("delete removes the tag when it is still ours, and only the owner tag", async () => {
        const a = await adopt(TEAM_A);
        await ownerIs(ID, TEAM_A);
        await cloud.clearCalls();
        await aliHandler.delete!(ID, a);
        const calls = await cloud.calls();
        expect(changing(calls)).to.deep.equal(["UntagResources"]);
        expect(calls.find((c) => c.action === "UntagResources")!.params).to.include({ "ResourceId.1": ID, "TagKey.1": "ecs-ops-owner" });
        expect(await ownerIs(ID, undefined)).to.equal(undefined);
    });

    it("a state of an earlier release records ownership once: a tag write and nothing else; then check and diff call nothing", async () => {
        // What 0.1.0 recorded: no owner.
        const old: Props = {
            instanceId: ID,
            region: "cn-hangzhou",
            instanceName: "web-1",
            adoptedAttributes: { instanceName: "before" },
            restartRequired: [],
            pendingRestart: false,
            osType: "linux",
            chargeType: "PostPaid",
            __provider: PROVIDER,
        };
        const oldInputs: Props = { instanceId: ID, instanceName: "web-1", __provider: PROVIDER };
        const checked = await aliHandler.check!(oldInputs, { instanceId: ID, instanceName: "web-1", owner: TEAM_A, __provider: PROVIDER });
        expect(checked.inputs!.plannedOperation).to.equal(`record ownership: tag ecs-ops-owner=${TEAM_A} on instance ${ID}`);
        expect((await aliHandler.diff!(ID, old, checked.inputs as Props)).changes).to.equal(true);
        await cloud.clearCalls();
        const updated = await aliHandler.update!(ID, old, checked.inputs as Props);
        expect(changing(await cloud.calls())).to.deep.equal(["TagResources"]);
        expect((updated.outs as Props).owner).to.equal(TEAM_A);
        expect(await ownerIs(ID, TEAM_A)).to.equal(TEAM_A);

        await cloud.clearCalls();
        const next = await aliHandler.check!(checked.inputs as Props, { instanceId: ID, instanceName: "web-1", owner: TEAM_A, __provider: PROVIDER });
        expect(next.inputs!.plannedOperation).to.equal("none");
        expect((await aliHandler.diff!(ID, { ...(updated.outs as Props), __provider: PROVIDER }, next.inputs as Props)).changes).to.equal(false);
        expect(await cloud.calls()).to.deep.equal([]);
    });

    it("N adoption checks, one after the other as the engine sends them, read the owner tags from one listing (not N reads)", async () => {
        // Another stack owns one of them; then a new provider process (no listing yet, no write noted).
        await adopt(TEAM_A, {}, OTHERS[0]);
        await ownerIs(OTHERS[0], TEAM_A);
        resetOwnerTagBatchers();
        await cloud.clearCalls();
        const ids = [ID, ...OTHERS, "i-bp1subsstopped00002", "i-bp1securitylock0003"];
        const checks: pulumi.dynamic.CheckResult[] = [];
        for (const id of ids) checks.push(await aliHandler.check!({}, { instanceId: id, owner: TEAM_B, __provider: PROVIDER }));
        const describes = (await cloud.calls()).filter((c) => c.action === "DescribeInstances");
        expect(describes, "one listing for all the checks").to.have.length(1);
        expect(describes[0].params).to.include({ "Tag.1.Key": "ecs-ops-owner" });
        expect(describes[0].params).to.not.have.property("InstanceIds");
        expect(describes[0].params).to.not.have.property("Tag.1.Value");
        expect(ownerListingsStarted()).to.equal(1);
        ids.forEach((id, i) => {
            if (id === OTHERS[0]) {
                expect(checks[i].failures![0].reason).to.include(`instance ${id} is managed by stack "${TEAM_A}"`);
            } else {
                expect(checks[i].failures ?? [], id).to.deep.equal([]);
                expect(checks[i].inputs!.plannedOperation, id).to.equal(`record ownership: tag ecs-ops-owner=${TEAM_B} on instance ${id}`);
            }
        });
        expect(changing(await cloud.calls())).to.deep.equal([]);
    });

    it("when the listing fails, check reads the instance on its own, as before listings", async () => {
        await adopt(TEAM_A);
        await ownerIs(ID, TEAM_A);
        resetOwnerTagBatchers();
        await cloud.clearCalls();
        await cloud.faults({ errors: [{ cloud: "alicloud", action: "DescribeInstances", status: 503, count: OWNER_LISTING_MAX_ATTEMPTS }] });
        const checked = await aliHandler.check!({}, { instanceId: ID, owner: TEAM_B, __provider: PROVIDER });
        expect(checked.failures![0].reason).to.include(`instance ${ID} is managed by stack "${TEAM_A}"`);
        const describes = (await cloud.calls()).filter((c) => c.action === "DescribeInstances");
        expect(describes.map((c) => c.code)).to.deep.equal([...Array<string>(OWNER_LISTING_MAX_ATTEMPTS).fill("ServiceUnavailable"), null]);
        expect(describes.slice(0, -1).every((c) => c.params?.["Tag.1.Key"] === "ecs-ops-owner")).to.equal(true);
        expect(describes[describes.length - 1].params).to.include({ InstanceIds: JSON.stringify([ID]) });
    });

    it("owner writes that arrive together go out as one TagResources for many instances", async () => {
        const ids = [ID, ...OTHERS];
        const olds = ids.map((id) => ({
            instanceId: id,
            region: "cn-hangzhou",
            adoptedAttributes: {},
            restartRequired: [],
            pendingRestart: false,
            __provider: PROVIDER,
        }));
        await cloud.clearCalls();
        await Promise.all(ids.map((id, i) => aliHandler.update!(id, olds[i], { instanceId: id, owner: TEAM_A, __provider: PROVIDER })));
        const tags = (await cloud.calls()).filter((c) => c.action === "TagResources");
        expect(tags).to.have.length(1);
        expect(Object.keys(tags[0].params ?? {}).filter((k) => k.startsWith("ResourceId."))).to.have.length(3);
        const found = await eventually(
            () => getInstances({ owner: TEAM_A }),
            (r) => r.ids.length === 3,
        );
        expect([...found.ids].sort()).to.deep.equal([...ids].sort());
        expect(found.instances.every((i) => i.owner === TEAM_A)).to.equal(true);
    });
});

describe("ownership: huaweicloud.ServerAttributes against the emulator", () => {
    const ID = SERVERS.active;
    let cloud: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.05 }),
        (c) => (cloud = c),
        {
            beforeEachTest: async (c) => {
                await c.reset(defaultFixture());
                resetServerBatchers();
            },
            capture: out,
        },
    );

    const ownerOf = async (id: string): Promise<string | undefined> => (await getServers({ namePattern: "*" })).servers.find((s) => s.serverId === id)?.owner;
    const ownerIs = (id: string, owner: string | undefined): Promise<string | undefined> =>
        eventually(
            () => ownerOf(id),
            (o) => o === owner,
        );

    async function adopt(owner: string, extra: Props = {}): Promise<Props> {
        const checked = await hwHandler.check!({}, { serverId: ID, name: "web-1", owner, __provider: PROVIDER, ...extra });
        expect(checked.failures ?? [], JSON.stringify(checked.failures)).to.deep.equal([]);
        const created = await hwHandler.create(checked.inputs as Props);
        return { ...(created.outs as Props), __provider: PROVIDER };
    }

    it("adoption writes the tag before the change; another stack is refused in check naming the owner, with no call that changes", async () => {
        await cloud.clearCalls();
        const a = await adopt(TEAM_A);
        expect(a.owner).to.equal(TEAM_A);
        expect(changing(await cloud.calls())).to.deep.equal(["BatchCreateServerTags", "UpdateServer"]);
        expect(await ownerIs(ID, TEAM_A)).to.equal(TEAM_A);
        await cloud.clearCalls();
        const checked = await hwHandler.check!({}, { serverId: ID, name: "web-2", owner: TEAM_B, __provider: PROVIDER });
        expect(checked.failures![0].property).to.equal("serverId");
        expect(checked.failures![0].reason).to.include(`server ${ID} is managed by stack "${TEAM_A}"`);
        expect(changing(await cloud.calls())).to.deep.equal([]);
    });

    it("takeOver moves the tag; the old owner's delete leaves it; the new owner's delete removes it", async () => {
        const a = await adopt(TEAM_A);
        await ownerIs(ID, TEAM_A);
        const b = await adopt(TEAM_B, { takeOver: true });
        expect(b.owner).to.equal(TEAM_B);
        expect(await ownerIs(ID, TEAM_B)).to.equal(TEAM_B);
        await cloud.clearCalls();
        await hwHandler.delete!(ID, a);
        expect(changing(await cloud.calls())).to.deep.equal([]);
        await hwHandler.delete!(ID, b);
        expect(changing(await cloud.calls())).to.deep.equal(["BatchDeleteServerTags"]);
        expect(await ownerIs(ID, undefined)).to.equal(undefined);
    });

    it("N adoption checks, one after the other as the engine sends them, read the owner tags from one listing of the project (not N reads)", async () => {
        await adopt(TEAM_A);
        await ownerIs(ID, TEAM_A);
        resetServerOwnerListings();
        await cloud.clearCalls();
        const ids = [ID, SERVERS.shutoff, SERVERS.locked, SERVERS.windows, SERVERS.failsNext];
        const checks: pulumi.dynamic.CheckResult[] = [];
        for (const id of ids) checks.push(await hwHandler.check!({}, { serverId: id, owner: TEAM_B, __provider: PROVIDER }));
        const lists = (await cloud.calls()).filter((c) => c.action === "ListServersDetails");
        expect(lists, "one listing for all the checks (the fixture's project fits one page)").to.have.length(1);
        expect(lists[0].params ?? {}).to.not.have.property("server_id");
        expect(serverOwnerListingsStarted()).to.equal(1);
        ids.forEach((id, i) => {
            if (id === ID) {
                expect(checks[i].failures![0].reason).to.include(`server ${id} is managed by stack "${TEAM_A}"`);
            } else {
                expect(checks[i].failures ?? [], id).to.deep.equal([]);
                expect(checks[i].inputs!.plannedOperation, id).to.equal(`record ownership: tag ecs-ops-owner=${TEAM_B} on server ${id}`);
            }
        });
        expect(changing(await cloud.calls())).to.deep.equal([]);
    });

    it("when the listing fails, check reads the server on its own, as before listings", async () => {
        await adopt(TEAM_A);
        await ownerIs(ID, TEAM_A);
        resetServerOwnerListings();
        await cloud.clearCalls();
        await cloud.faults({ errors: [{ cloud: "huaweicloud", action: "ListServersDetails", status: 503, count: SERVER_LISTING_MAX_ATTEMPTS }] });
        const checked = await hwHandler.check!({}, { serverId: ID, owner: TEAM_B, __provider: PROVIDER });
        expect(checked.failures![0].reason).to.include(`server ${ID} is managed by stack "${TEAM_A}"`);
        const lists = (await cloud.calls()).filter((c) => c.action === "ListServersDetails");
        expect(lists).to.have.length(SERVER_LISTING_MAX_ATTEMPTS + 1);
        expect(lists.slice(0, -1).every((c) => c.code !== null && c.params?.server_id === undefined)).to.equal(true);
        expect(lists[lists.length - 1].code).to.equal(null);
        expect(lists[lists.length - 1].params).to.include({ server_id: ID });
    });

    it("a state of an earlier release records ownership once (one tag write), then nothing", async () => {
        // What 0.1.0 recorded: no owner.
        const old: Props = {
            serverId: ID,
            region: "cn-north-4",
            projectId: process.env.HW_PROJECT_ID,
            name: "web-1",
            adoptedAttributes: {},
            restartRequired: [],
            pendingRestart: false,
            __provider: PROVIDER,
        };
        const checked = await hwHandler.check!({ serverId: ID, name: "web-1" }, { serverId: ID, name: "web-1", owner: TEAM_A, __provider: PROVIDER });
        expect(checked.inputs!.plannedOperation).to.equal(`record ownership: tag ecs-ops-owner=${TEAM_A} on server ${ID}`);
        expect((await hwHandler.diff!(ID, old, checked.inputs as Props)).changes).to.equal(true);
        await cloud.clearCalls();
        const updated = await hwHandler.update!(ID, old, checked.inputs as Props);
        expect(changing(await cloud.calls())).to.deep.equal(["BatchCreateServerTags"]);
        expect((updated.outs as Props).owner).to.equal(TEAM_A);
        await cloud.clearCalls();
        const next = await hwHandler.check!(checked.inputs as Props, { serverId: ID, name: "web-1", owner: TEAM_A, __provider: PROVIDER });
        expect((await hwHandler.diff!(ID, { ...(updated.outs as Props), __provider: PROVIDER }, next.inputs as Props)).changes).to.equal(false);
        expect(await cloud.calls()).to.deep.equal([]);
    });
});
