// The look-ups alicloud.getInstances and huaweicloud.getServers over real HTTP against the emulator:
// paging past 100, each filter (server-side superset, exact client-side glob and tags), argument
// validation before any call, the Output form, and the process-wide limiter shared with the resources.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { Fixture } from "../../emulator";
import { alicloud, huaweicloud } from "../../index";
import { alicloudLimiters } from "../../provider/alicloud/api/client";
import { handler as attributesHandler } from "../../provider/alicloud/instance-attributes/handler";
import { huaweicloudLimiters } from "../../provider/huaweicloud/api/client";
import { handler as serverAttributesHandler } from "../../provider/huaweicloud/server-attributes/handler";
import { hwFleetFixture, hwFleetServerId } from "../emulator/huaweicloud-fleet";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { fleetFixture, fleetInstanceId } from "../support/fleet-world";
import { EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";
import { EmulatedHuaweicloud, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

const N = 150;

/** The fleet world with tags: every fleet instance `team=fleet`, even ones `env=prod`, odd ones `env=dev`, the first ten an owner. */
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

async function rejection(p: Promise<unknown>): Promise<Error> {
    try {
        await p;
    } catch (e) {
        return e as Error;
    }
    throw new Error("expected a rejection");
}

function outputValue<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply((v) => resolve(v)));
}

describe("look-ups: alicloud.getInstances", () => {
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.01, settleMs: 0 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(taggedFleet()), capture: out },
    );

    const describeCalls = async (): Promise<Array<Record<string, string>>> =>
        (await cloud.calls()).filter((c) => c.action === "DescribeInstances").map((c) => (c.params ?? {}) as Record<string, string>);

    it(`pages to the end, 100 a page (${N} tagged instances in 2 calls), and reports each instance's tags`, async () => {
        const r = await alicloud.getInstances({ tags: { team: "fleet" } });
        expect(r.instances).to.have.length(N);
        expect(new Set(r.ids).size).to.equal(N);
        const calls = await describeCalls();
        expect(calls).to.have.length(2);
        expect(calls.every((c) => c.MaxResults === "100" && c["Tag.1.Key"] === "team" && c["Tag.1.Value"] === "fleet")).to.equal(true);
        const first = r.instances.find((i) => i.instanceId === fleetInstanceId(0));
        expect(first).to.include({ instanceName: "fleet-0", status: "Running", regionId: "cn-hangzhou", chargeType: "PostPaid" });
        expect(first?.tags).to.deep.equal({ team: "fleet", env: "prod", "ecs-ops-owner": "acme/web/prod" });
        expect(first?.vpcId).to.match(/^vpc-/);
        expect(first?.instanceType).to.match(/^ecs\./);
        // Without filters: every instance of the region, default ones included.
        expect((await alicloud.getInstances()).instances.length).to.be.greaterThan(N);
    });

    it("filters by tags (every pair, the owner tag's form), the name glob exactly, VPC, zone, status and ids", async () => {
        const owned = await alicloud.getInstances({ tags: { "ecs-ops-owner": "acme/web/prod", env: "dev" } });
        expect(owned.ids).to.deep.equal([1, 3, 5, 7, 9].map(fleetInstanceId));

        await cloud.clearCalls();
        const glob = await alicloud.getInstances({ namePattern: "fleet-1?" });
        expect(glob.instances.map((i) => i.instanceName).sort()).to.deep.equal(Array.from({ length: 10 }, (_, i) => `fleet-1${i}`).sort());
        // The API got its own wildcard (a superset: fleet-1, fleet-1x, fleet-1xx), the glob was applied after.
        expect((await describeCalls())[0].InstanceName).to.equal("fleet-1*");
        expect((await alicloud.getInstances({ namePattern: "fleet-14*" })).instances).to.have.length(11);
        expect((await alicloud.getInstances({ namePattern: "FLEET-1" })).instances).to.have.length(0);

        const one = (await alicloud.getInstances({ instanceIds: [fleetInstanceId(0)] })).instances[0];
        expect((await alicloud.getInstances({ vpcId: one.vpcId, tags: { team: "fleet" } })).instances).to.have.length(N);
        expect((await alicloud.getInstances({ vpcId: "vpc-nothere0000", tags: { team: "fleet" } })).instances).to.have.length(0);
        expect((await alicloud.getInstances({ zoneId: one.zoneId, tags: { team: "fleet" } })).instances).to.have.length(N);
        const stopped = await alicloud.getInstances({ status: "Stopped" });
        expect(stopped.instances.length).to.be.greaterThan(0);
        expect(stopped.instances.every((i) => i.status === "Stopped")).to.equal(true);
        expect((await alicloud.getInstances({ status: "Stopped", tags: { team: "fleet" } })).instances).to.have.length(0);
        const ids = [fleetInstanceId(3), fleetInstanceId(149), "i-bp1paygrunning00001"];
        expect((await alicloud.getInstances({ instanceIds: ids })).ids.sort()).to.deep.equal([...ids].sort());
        expect((await alicloud.getInstances({ instanceIds: ids, tags: { env: "dev" } })).ids.sort()).to.deep.equal(
            [fleetInstanceId(149), fleetInstanceId(3)].sort(),
        );
    });

    it("validates the arguments before any call; the error names the argument", async () => {
        await cloud.clearCalls();
        const bad: Array<[unknown, RegExp]> = [
            [{ status: "running" }, /status: must be one of Pending, Running/],
            [{ tags: { "": "x" } }, /tags: a tag key must be 1 to 128 characters/],
            [{ tags: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"])) }, /tags: at most 20 tags/],
            [{ tags: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, "v"])), owner: "web.prod" }, /tags: at most 20 tags, owner included/],
            [{ namePattern: "" }, /namePattern: must not be empty/],
            [{ vpcId: "my-vpc" }, /vpcId: must be a VPC id/],
            [{ instanceIds: ["web-1"] }, /instanceIds\[0\]: must be an ECS instance id/],
            [{ region: "Hangzhou" }, /region: must be a region id/],
            [{ namePatern: "web-*" }, /namePatern/],
        ];
        for (const [args, re] of bad) {
            const e = await rejection(alicloud.getInstances(args as alicloud.GetInstancesArgs));
            expect(e.message).to.match(/^invalid alicloud\.getInstances arguments: /);
            expect(e.message).to.match(re);
        }
        expect(await cloud.calls()).to.deep.equal([]);
    });

    it("getInstancesOutput takes pulumi Inputs and answers an Output", async () => {
        const r = await outputValue(alicloud.getInstancesOutput({ namePattern: pulumi.output("fleet-14?"), tags: Promise.resolve({ env: "prod" }) }));
        expect(r.instances.map((i) => i.instanceName).sort()).to.deep.equal(["fleet-140", "fleet-142", "fleet-144", "fleet-146", "fleet-148"]);
    });

    it("shares the process-wide limiter with the resources: under a 2/s DescribeInstances quota the look-ups and resource reads are paced, none fails", async () => {
        await cloud.faults({ throttle: [{ cloud: "alicloud", action: "DescribeInstances", qps: 2 }] });
        await cloud.clearCalls();
        const reads = [0, 50, 100, 149].map((i) =>
            attributesHandler.read!(fleetInstanceId(i), { instanceId: fleetInstanceId(i), region: "cn-hangzhou", __provider: "p" }),
        );
        const lookups = [
            alicloud.getInstances({ tags: { team: "fleet" } }),
            alicloud.getInstances({ tags: { env: "dev" } }),
            alicloud.getInstances({ namePattern: "fleet-1*" }),
        ];
        const [readResults, lookupResults] = await Promise.all([Promise.all(reads), Promise.all(lookups)]);
        expect(readResults.map((r) => r.id)).to.deep.equal([0, 50, 100, 149].map(fleetInstanceId));
        expect(lookupResults.map((r) => r.instances.length)).to.deep.equal([N, N / 2, 61]);
        // One limiter for DescribeInstances in cn-hangzhou, whichever caller: it saw the throttling of both.
        const keys = Object.keys(alicloudLimiters.statuses()).filter((k) => k.endsWith("|cn-hangzhou|DescribeInstances"));
        expect(keys).to.have.length(1);
        const calls = (await cloud.calls()).filter((c) => c.action === "DescribeInstances");
        const throttled = calls.filter((c) => c.code !== null).length;
        expect(throttled, "the quota was reached").to.be.greaterThan(0);
        expect(alicloudLimiters.statuses()[keys[0]].throttles).to.equal(throttled);
        expect(throttled, "paced: most calls passed").to.be.lessThan(calls.length - throttled);
        // The wait shows progress, naming the look-up's page.
        expect(out.lines.some((l) => /DescribeInstances \(page \d+\): Throttling\.User; pacing DescribeInstances/.test(l))).to.equal(true);
    });
});

describe("look-ups: huaweicloud.getServers", () => {
    const HW_N = 250;
    let cloud: EmulatedHuaweicloud;
    const fixture = (): unknown => {
        const fx = hwFleetFixture(HW_N) as unknown as { huaweicloud: { servers: Array<Record<string, unknown>> } };
        for (const s of fx.huaweicloud.servers) {
            const m = /^fleet-(\d+)$/.exec(String(s.name));
            if (m !== null) s.tags = ["team=fleet", `env=${Number(m[1]) % 2 === 0 ? "prod" : "dev"}`, ...(Number(m[1]) < 10 ? ["owner=acme"] : [])];
        }
        return fx;
    };
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.01, settleMs: 0 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(fixture()), capture: out },
    );

    const listCalls = async (): Promise<Array<Record<string, string>>> =>
        (await cloud.calls()).filter((c) => c.action === "ListServersDetails").map((c) => (c.params ?? {}) as Record<string, string>);

    it(`pages to the end, 100 a page (${HW_N} servers in 3 calls, offset = page number), and reports each server's tags`, async () => {
        await cloud.clearCalls();
        const r = await huaweicloud.getServers({ tags: { team: "fleet" } });
        expect(r.servers).to.have.length(HW_N);
        expect(new Set(r.ids).size).to.equal(HW_N);
        const calls = await listCalls();
        expect(calls.map((c) => [c.limit, c.offset, c.tags])).to.deep.equal([
            ["100", "1", "team=fleet"],
            ["100", "2", "team=fleet"],
            ["100", "3", "team=fleet"],
        ]);
        const s = r.servers.find((x) => x.serverId === hwFleetServerId(12));
        expect(s).to.include({ name: "fleet-12", status: "ACTIVE" });
        expect(s?.tags).to.deep.equal({ team: "fleet", env: "prod" });
        expect(s?.privateIps).to.have.length(1);
    });

    it("filters by every tag (the first server-side), the name glob exactly (a fuzzy part server-side) and status", async () => {
        await cloud.clearCalls();
        const owned = await huaweicloud.getServers({ tags: { owner: "acme", env: "dev" } });
        expect(owned.ids.sort()).to.deep.equal([1, 3, 5, 7, 9].map(hwFleetServerId).sort());
        const glob = await huaweicloud.getServers({ namePattern: "fleet-2?" });
        expect(glob.servers.map((x) => x.name).sort()).to.deep.equal(Array.from({ length: 10 }, (_, i) => `fleet-2${i}`).sort());
        expect((await listCalls()).find((c) => c.name !== undefined)?.name).to.equal("fleet-2");
        expect((await huaweicloud.getServers({ namePattern: "*-249" })).ids).to.deep.equal([hwFleetServerId(249)]);
        expect((await huaweicloud.getServers({ status: "SHUTOFF", tags: { team: "fleet" } })).servers).to.have.length(0);
        expect((await huaweicloud.getServers({ status: "ACTIVE", tags: { team: "fleet" } })).servers).to.have.length(HW_N);
    });

    it("validates the arguments before any call; getServersOutput takes Inputs", async () => {
        await cloud.clearCalls();
        for (const [args, re] of [
            [{ status: "active" }, /status: must be one of ACTIVE/],
            [{ projectId: "p1" }, /projectId: must be a project id/],
            [{ namePattern: "" }, /namePattern/],
            [{ tag: { a: "b" } }, /tag/],
        ] as Array<[unknown, RegExp]>) {
            const e = await rejection(huaweicloud.getServers(args as huaweicloud.GetServersArgs));
            expect(e.message)
                .to.match(/^invalid huaweicloud\.getServers arguments: /)
                .and.match(re);
        }
        expect(await listCalls()).to.deep.equal([]);
        const r = await outputValue(huaweicloud.getServersOutput({ namePattern: pulumi.output("fleet-24?"), tags: { env: "dev" } }));
        expect(r.servers.map((x) => x.name).sort()).to.deep.equal(["fleet-241", "fleet-243", "fleet-245", "fleet-247", "fleet-249"]);
    });

    it("shares the process-wide limiter with the resources: under a 1/s ListServersDetails quota look-ups and resource reads are paced, none fails", async () => {
        await cloud.faults({ throttle: [{ cloud: "huaweicloud", action: "ListServersDetails", qps: 1 }] });
        await cloud.clearCalls();
        // A resource's read (batched into ListServersDetails with server_id) beside two look-ups.
        const read = serverAttributesHandler.read!(hwFleetServerId(7), { serverId: hwFleetServerId(7), description: "fleet server", __provider: "p" });
        const [readResult, ...results] = await Promise.all([
            read,
            huaweicloud.getServers({ tags: { team: "fleet" } }),
            huaweicloud.getServers({ tags: { env: "prod" } }),
        ]);
        expect(readResult.id).to.equal(hwFleetServerId(7));
        expect(results.map((r) => r.servers.length)).to.deep.equal([HW_N, HW_N / 2]);
        const keys = Object.keys(huaweicloudLimiters.statuses()).filter((k) => k.endsWith("|ListServersDetails"));
        expect(keys).to.have.length(1);
        const calls = (await cloud.calls()).filter((c) => c.action === "ListServersDetails");
        expect(calls.filter((c) => c.code === null)).to.have.length(3 + 2 + 1);
        expect(huaweicloudLimiters.statuses()[keys[0]].throttles).to.equal(calls.filter((c) => c.code !== null).length);
        expect(calls.filter((c) => c.code !== null).length, "the quota was reached").to.be.greaterThan(0);
        expect(out.lines.some((l) => /ListServersDetails \(page \d+\): APIGW\.0308; pacing ListServersDetails/.test(l))).to.equal(true);
    });
});
