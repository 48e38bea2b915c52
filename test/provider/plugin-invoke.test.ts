// The provider plugin's look-ups (`invoke` of ecs-ops:alicloud:getInstances and
// ecs-ops:huaweicloud:getServers) against the emulator over real HTTP: the same look-up code as
// TypeScript programs call (paging, client-side glob and tags), with credentials and endpoints from
// the plugin's `ecs-ops:` settings only (the environment pointing at the emulator is removed); a bad
// argument comes back as a failure naming the property, before any call; the calls go through the
// process-wide limiter the resources use.
import { expect } from "chai";
import { EMULATOR_ALICLOUD_CREDENTIALS, EMULATOR_HUAWEICLOUD_CREDENTIALS, Fixture } from "../../emulator";
import { alicloudLimiters } from "../../provider/alicloud/api/client";
import { clearStackConfig } from "../../provider/core/credentials/stack-config";
import { EcsOpsProvider } from "../../provider/plugin/provider";
import { hwFleetFixture, hwFleetServerId } from "../emulator/huaweicloud-fleet";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { withoutEnvironmentEachTest } from "../support/environment";
import { fleetFixture, fleetInstanceId } from "../support/fleet-world";
import { ALICLOUD_ENV_KEYS, EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";
import { EmulatedHuaweicloud, HUAWEI_ENV_KEYS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

const N = 120;
const ATTRS_URN = "urn:pulumi:dev::yaml-fleet::ecs-ops:alicloud:InstanceAttributes::web";

type Props = Record<string, unknown>;

describe("the ecs-ops provider plugin's invoke: ecs-ops:alicloud:getInstances", function () {
    this.timeout(60_000);
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();
    const plugin = new EcsOpsProvider("0.0.0-test", "{}");
    const fixture = (): Fixture => {
        const fx = fleetFixture(N) as unknown as { alicloud: { instances: Props[] } };
        for (const inst of fx.alicloud.instances) {
            const m = /^fleet-(\d+)$/.exec(String(inst.instanceName));
            if (m !== null) inst.tags = { team: "fleet", env: Number(m[1]) % 2 === 0 ? "prod" : "dev" };
        }
        return fx as unknown as Fixture;
    };
    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.01, settleMs: 0 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(fixture()), capture: out },
    );
    withoutEnvironmentEachTest(ALICLOUD_ENV_KEYS, clearStackConfig);
    beforeEach(() =>
        plugin.configure(
            new Map([
                ["ecs-ops:config:alicloudEndpoint", `${cloud.url}/{region}`],
                ["ecs-ops:config:alicloudRegion", "cn-hangzhou"],
                ["ecs-ops:config:alicloudAccessKey", EMULATOR_ALICLOUD_CREDENTIALS.accessKeyId],
                ["ecs-ops:config:alicloudSecretKey", EMULATOR_ALICLOUD_CREDENTIALS.accessKeySecret],
            ]),
        ),
    );

    const describeCalls = async (): Promise<Props[]> => (await cloud.calls()).filter((c) => c.action === "DescribeInstances").map((c) => c.params ?? {});

    it(`selects by tag through the ecs-ops: settings, paged to the end (${N} instances in 2 calls)`, async () => {
        await cloud.clearCalls();
        const r = await plugin.invoke("ecs-ops:alicloud:getInstances", { tags: { team: "fleet" } });
        expect(r.failures ?? []).to.deep.equal([]);
        const outputs = r.outputs as { instances: Props[]; ids: string[] };
        expect(outputs.ids).to.have.length(N);
        expect(outputs.instances.find((i) => i.instanceId === fleetInstanceId(0))).to.include({ instanceName: "fleet-0", status: "Running" });
        expect((await describeCalls()).map((c) => [c.MaxResults, c["Tag.1.Key"]])).to.deep.equal([
            ["100", "team"],
            ["100", "team"],
        ]);
        // Every tag and the exact glob, client-side; null arguments are arguments not given.
        const dev = await plugin.invoke("ecs-ops:alicloud:getInstances", { tags: { team: "fleet", env: "dev" }, namePattern: "fleet-1?", vpcId: null });
        expect((dev.outputs as { ids: string[] }).ids.sort()).to.deep.equal([11, 13, 15, 17, 19].map(fleetInstanceId).sort());
    });

    it("answers a bad argument with a failure naming it, before any call", async () => {
        await cloud.clearCalls();
        const r = await plugin.invoke("ecs-ops:alicloud:getInstances", { status: "running", tag: { a: "b" } });
        expect(r.outputs).to.equal(undefined);
        const failures = r.failures ?? [];
        expect(failures.find((f) => f.property === "status")?.reason).to.match(/alicloud\.getInstances: must be one of Pending, Running/);
        expect(failures.find((f) => f.property === "tag")?.reason).to.match(/unknown .*"tag".*did you mean "tags"/);
        expect(await describeCalls()).to.deep.equal([]);
    });

    it("shares the process-wide limiter with the resources' reads", async () => {
        await cloud.clearCalls();
        const [, read] = await Promise.all([
            plugin.invoke("ecs-ops:alicloud:getInstances", { tags: { env: "prod" } }),
            plugin.read(fleetInstanceId(3), ATTRS_URN, { instanceId: fleetInstanceId(3), region: "cn-hangzhou" }),
        ]);
        expect(read.id).to.equal(fleetInstanceId(3));
        const keys = Object.keys(alicloudLimiters.statuses()).filter((k) => k.endsWith("|DescribeInstances"));
        expect(keys).to.have.length(1);
    });

    it("refuses a function that is not an ecs-ops look-up", async () => {
        let error: unknown;
        await plugin.invoke("ecs-ops:alicloud:getDisks", {}).catch((e: unknown) => (error = e));
        expect(String(error)).to.include("ecs-ops has no function ecs-ops:alicloud:getDisks");
    });
});

describe("the ecs-ops provider plugin's invoke: ecs-ops:huaweicloud:getServers", function () {
    this.timeout(60_000);
    let cloud: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    const plugin = new EcsOpsProvider("0.0.0-test", "{}");
    const fixture = (): unknown => {
        const fx = hwFleetFixture(N) as unknown as { huaweicloud: { servers: Props[] } };
        for (const s of fx.huaweicloud.servers) {
            const m = /^fleet-(\d+)$/.exec(String(s.name));
            if (m !== null) s.tags = ["team=fleet", `env=${Number(m[1]) % 2 === 0 ? "prod" : "dev"}`];
        }
        return fx;
    };
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.01, settleMs: 0 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(fixture()), capture: out },
    );
    withoutEnvironmentEachTest(HUAWEI_ENV_KEYS, clearStackConfig);
    beforeEach(() =>
        plugin.configure(
            new Map([
                ["ecs-ops:config:huaweicloudEndpoint", `${cloud.url}/{region}`],
                ["ecs-ops:config:huaweicloudRegion", "cn-north-4"],
                ["ecs-ops:config:huaweicloudProjectId", EMULATOR_HUAWEICLOUD_CREDENTIALS.projectId],
                ["ecs-ops:config:huaweicloudAccessKey", EMULATOR_HUAWEICLOUD_CREDENTIALS.accessKey],
                ["ecs-ops:config:huaweicloudSecretKey", EMULATOR_HUAWEICLOUD_CREDENTIALS.secretKey],
            ]),
        ),
    );

    it(`selects by every tag through the ecs-ops: settings, paged (${N} servers in 2 calls)`, async () => {
        await cloud.clearCalls();
        const r = await plugin.invoke("ecs-ops:huaweicloud:getServers", { tags: { team: "fleet", env: "prod" } });
        expect(r.failures ?? []).to.deep.equal([]);
        const outputs = r.outputs as { servers: Props[]; ids: string[] };
        expect(outputs.ids).to.have.length(N / 2);
        expect(outputs.servers.find((s) => s.serverId === hwFleetServerId(0))).to.deep.include({ name: "fleet-0", tags: { team: "fleet", env: "prod" } });
        const pages = (await cloud.calls()).filter((c) => c.action === "ListServersDetails");
        expect(pages.map((c) => (c.params ?? {}).offset)).to.deep.equal(["1", "2"]);
    });

    it("answers a bad argument with a failure naming it, before any call", async () => {
        await cloud.clearCalls();
        const r = await plugin.invoke("ecs-ops:huaweicloud:getServers", { projectId: "p1" });
        expect(r.failures?.map((f) => f.property)).to.deep.equal(["projectId"]);
        expect(r.failures?.[0].reason).to.match(/huaweicloud\.getServers: must be a project id/);
        expect(await cloud.calls()).to.deep.equal([]);
    });
});
