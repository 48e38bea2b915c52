import { expect } from "chai";
import { Emulator, Fixture, startEmulator } from "../../emulator";
import { emulatorHooks } from "../support/emulator-hooks";
import { fleetFixture, fleetInstanceId } from "../support/fleet-world";
import { call, reset } from "./alicloud-client";
import { control, hwCall, HwResponse, P1 } from "./huaweicloud-client";
import { hwFleetFixture, hwFleetServerId } from "./huaweicloud-fleet";

// The list calls the look-ups page through, over a world of more than one page: DescribeInstances'
// filters (Tag.N, InstanceName with `*`, VpcId, ZoneId, Status, InstanceIds) and both paging modes,
// and ListServersDetails' tags / name / status filters with limit/offset pages.

const N = 150;

/** The fleet world with tags: every instance `team=fleet`, even ones `env=prod`, odd ones `env=dev`, the first ten an owner. */
function taggedFleet(): Fixture {
    const fx = fleetFixture(N) as unknown as { alicloud: { instances: Array<Record<string, unknown>> } };
    for (const inst of fx.alicloud.instances) {
        const m = /^fleet-(\d+)$/.exec(String(inst.instanceName));
        if (m === null) continue;
        const i = Number(m[1]);
        inst.tags = { team: "fleet", env: i % 2 === 0 ? "prod" : "dev", ...(i < 10 ? { "ecs-ops-owner": "acme/web/prod" } : {}) };
    }
    return fx as unknown as Fixture;
}

type AliInstance = { InstanceId: string; InstanceName: string; Tags: { Tag: Array<{ TagKey: string; TagValue: string }> } };

function instances(body: Record<string, unknown>): AliInstance[] {
    return (body.Instances as { Instance: AliInstance[] }).Instance;
}

describe("emulator: list filters and paging over a big world", () => {
    let emu: Emulator;
    emulatorHooks(
        () => startEmulator({ timeScale: 0.01, settleMs: 0 }),
        (e) => (emu = e),
    );

    describe("alicloud DescribeInstances", () => {
        before(async () => reset(emu.url, taggedFleet()));

        const describeAll = async (params: Record<string, string | number>): Promise<{ ids: string[]; pages: number; total: number }> => {
            const ids: string[] = [];
            let pages = 0;
            let total: number;
            for (let page = 1; ; page++) {
                const r = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", PageSize: 100, PageNumber: page, ...params });
                expect(r.status, r.text).to.equal(200);
                total = r.body.TotalCount as number;
                const got = instances(r.body);
                if (got.length === 0) break;
                pages++;
                ids.push(...got.map((i) => i.InstanceId));
                if (ids.length >= total) break;
            }
            return { ids, pages, total };
        };

        it("pages by PageNumber/PageSize (at most 100) and by NextToken/MaxResults, each instance once", async () => {
            const byPage = await describeAll({});
            expect(byPage.pages).to.equal(2);
            expect(byPage.total).to.be.greaterThan(N);
            expect(new Set(byPage.ids).size).to.equal(byPage.total);
            const byToken: string[] = [];
            let token = "";
            let calls = 0;
            do {
                const r = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", MaxResults: 100, ...(token === "" ? {} : { NextToken: token }) });
                expect(r.status, r.text).to.equal(200);
                byToken.push(...instances(r.body).map((i) => i.InstanceId));
                token = r.body.NextToken as string;
                calls++;
            } while (token !== "");
            expect(calls).to.equal(2);
            expect(byToken).to.deep.equal(byPage.ids);
            const tooBig = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", PageSize: 101 });
            expect(tooBig.status).to.equal(400);
            expect(tooBig.body.Code).to.equal("InvalidParameter");
            const tooMany = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", MaxResults: 101 });
            expect(tooMany.status).to.equal(400);
        });

        it("reports fixture tags as Tags.Tag[] and filters by Tag.N.Key / Tag.N.Value (every pair; a key alone matches any value)", async () => {
            const one = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify([fleetInstanceId(0)]) });
            expect(instances(one.body)[0].Tags.Tag).to.deep.include({ TagKey: "ecs-ops-owner", TagValue: "acme/web/prod" });
            const prod = await describeAll({ "Tag.1.Key": "env", "Tag.1.Value": "prod" });
            expect(prod.total).to.equal(N / 2);
            expect(prod.ids).to.include(fleetInstanceId(0)).and.not.include(fleetInstanceId(1));
            expect((await describeAll({ "Tag.1.Key": "team" })).total).to.equal(N);
            const owned = await describeAll({ "Tag.1.Key": "ecs-ops-owner", "Tag.1.Value": "acme/web/prod", "Tag.2.Key": "env", "Tag.2.Value": "dev" });
            expect(owned.ids).to.deep.equal([1, 3, 5, 7, 9].map(fleetInstanceId));
            expect((await describeAll({ "Tag.1.Key": "env", "Tag.1.Value": "staging" })).total).to.equal(0);
            const bad = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", "Tag.21.Key": "x" });
            expect(bad.status).to.equal(400);
        });

        it("a tag set by TagResources is reported and filtered on the next call", async () => {
            const id = fleetInstanceId(42);
            const t = await call(emu.url, "TagResources", {
                RegionId: "cn-hangzhou",
                ResourceType: "instance",
                "ResourceId.1": id,
                "Tag.1.Key": "canary",
                "Tag.1.Value": "yes",
            });
            expect(t.status, t.text).to.equal(200);
            const r = await describeAll({ "Tag.1.Key": "canary", "Tag.1.Value": "yes" });
            expect(r.ids).to.deep.equal([id]);
            await call(emu.url, "UntagResources", { RegionId: "cn-hangzhou", ResourceType: "instance", "ResourceId.1": id, "TagKey.1": "canary" });
            expect((await describeAll({ "Tag.1.Key": "canary" })).total).to.equal(0);
        });

        it("filters by InstanceName with `*` (anchored otherwise), VpcId, ZoneId, Status and InstanceIds", async () => {
            const r = await describeAll({ InstanceName: "fleet-1*" });
            // fleet-1, fleet-10..19, fleet-100..149
            expect(r.total).to.equal(1 + 10 + 50);
            expect((await describeAll({ InstanceName: "fleet-1" })).ids).to.deep.equal([fleetInstanceId(1)]);
            expect((await describeAll({ InstanceName: "*-149" })).ids).to.deep.equal([fleetInstanceId(149)]);
            const all = (await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify([fleetInstanceId(0)]) })).body;
            const vpcId = (instances(all)[0] as unknown as { VpcAttributes: { VpcId: string }; ZoneId: string }).VpcAttributes.VpcId;
            const zoneId = (instances(all)[0] as unknown as { ZoneId: string }).ZoneId;
            expect((await describeAll({ VpcId: vpcId, "Tag.1.Key": "team" })).total).to.equal(N);
            expect((await describeAll({ VpcId: "vpc-none", "Tag.1.Key": "team" })).total).to.equal(0);
            expect((await describeAll({ ZoneId: zoneId, "Tag.1.Key": "team" })).total).to.equal(N);
            expect((await describeAll({ Status: "Stopped", "Tag.1.Key": "team" })).total).to.equal(0);
            expect((await describeAll({ Status: "Running", "Tag.1.Key": "team" })).total).to.equal(N);
            const ids = [fleetInstanceId(3), fleetInstanceId(140)];
            expect((await describeAll({ InstanceIds: JSON.stringify(ids) })).ids.sort()).to.deep.equal(ids);
        });
    });

    describe("huaweicloud ListServersDetails", () => {
        const HW_N = 250;
        before(async () => {
            const fx = hwFleetFixture(HW_N) as unknown as { huaweicloud: { servers: Array<Record<string, unknown>> } };
            for (const s of fx.huaweicloud.servers) {
                const m = /^fleet-(\d+)$/.exec(String(s.name));
                if (m !== null) s.tags = ["team=fleet", `env=${Number(m[1]) % 2 === 0 ? "prod" : "dev"}`];
            }
            await control(emu.url, "reset", "POST", fx);
        });

        const list = (query: Record<string, string | number>): Promise<HwResponse> =>
            hwCall(emu.url, { method: "GET", path: `/v1/${P1}/cloudservers/detail`, query });
        type Server = { id: string; name: string; tags: string[] };
        const servers = (r: HwResponse): Server[] => (r.json as { servers: Server[] }).servers;

        it("pages by limit (at most 1000) and offset (the page number), each server once, and reports each server's tags", async () => {
            const seen: Server[] = [];
            let count = -1;
            for (let page = 1; page <= 10; page++) {
                const r = await list({ limit: 100, offset: page, tags: "team=fleet" });
                expect(r.status, JSON.stringify(r.json)).to.equal(200);
                count = (r.json as { count: number }).count;
                if (servers(r).length === 0) break;
                seen.push(...servers(r));
            }
            expect(count).to.equal(HW_N);
            expect(new Set(seen.map((s) => s.id)).size).to.equal(HW_N);
            expect(seen.find((s) => s.id === hwFleetServerId(2))?.tags).to.have.members(["team=fleet", "env=prod"]);
            expect(servers(await list({ limit: 1000, tags: "team=fleet" }))).to.have.length(HW_N);
            expect((await list({ limit: 1001 })).status).to.equal(400);
        });

        it("filters by tags (key=value or a key), name (fuzzy) and status", async () => {
            expect((await list({ limit: 1000, tags: "env=dev" })).json).to.have.property("count", HW_N / 2);
            expect((await list({ limit: 1000, tags: "team" })).json).to.have.property("count", HW_N);
            expect(
                servers(await list({ limit: 1000, name: "fleet-24" }))
                    .map((s) => s.name)
                    .sort(),
            ).to.deep.equal([
                "fleet-24",
                "fleet-240",
                "fleet-241",
                "fleet-242",
                "fleet-243",
                "fleet-244",
                "fleet-245",
                "fleet-246",
                "fleet-247",
                "fleet-248",
                "fleet-249",
            ]);
            expect((await list({ limit: 1000, tags: "team=fleet", status: "SHUTOFF" })).json).to.have.property("count", 0);
            expect((await list({ limit: 1000, tags: "team=fleet", status: "ACTIVE" })).json).to.have.property("count", HW_N);
        });
    });
});
