// `pulumi import` through the provider plugin, at the provider level against the emulator over real
// HTTP: the engine's read with no state adopts an InstanceAttributes / ServerAttributes by id with
// nothing managed (one read, no changing call), its inputs are the id alone, and those inputs checked
// and diffed against the imported state show no change (what the engine requires of an import, and
// what a program declaring just the id sees); a program that adds an attribute shows it as a change.
// The operation types are refused with what to declare instead; a missing object reads as gone.
import { expect } from "chai";
import { EMULATOR_ALICLOUD_CREDENTIALS, EMULATOR_HUAWEICLOUD_CREDENTIALS } from "../../emulator";
import { clearStackConfig } from "../../provider/core/credentials/stack-config";
import { EcsOpsProvider } from "../../provider/plugin/provider";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { withoutEnvironmentEachTest } from "../support/environment";
import { ALICLOUD_ENV_KEYS, EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";
import { EmulatedHuaweicloud, HUAWEI_ENV_KEYS, SERVERS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

const INSTANCE = "i-bp1paygrunning00001";
const ATTRS_URN = "urn:pulumi:dev::yaml::ecs-ops:alicloud:InstanceAttributes::web";
const SERVER_URN = "urn:pulumi:dev::yaml::ecs-ops:huaweicloud:ServerAttributes::app";
const READS = new Set(["DescribeInstances", "DescribeInstanceAttribute", "DescribeUserData", "ListServersDetails", "ShowServer", "ListServerTags"]);

type Props = Record<string, unknown>;

/** Imports `id` as the engine does (read with no state), then checks and diffs the inputs against it. */
async function importAndDiff(
    plugin: EcsOpsProvider,
    urn: string,
    id: string,
): Promise<{ props: Props; inputs: Props; changes: boolean | undefined; plan: unknown }> {
    const read = await plugin.read(id, urn, {});
    expect(read.id).to.equal(id);
    const inputs = read.inputs as Props;
    const checked = await plugin.check(urn, {}, inputs);
    expect(checked.failures ?? []).to.deep.equal([]);
    const diff = await plugin.diff(id, urn, read.props as Props, checked.inputs as Props);
    return { props: read.props as Props, inputs, changes: diff.changes, plan: (checked.inputs as Props).plannedOperation };
}

describe("pulumi import through the plugin: alicloud.InstanceAttributes", function () {
    this.timeout(60_000);
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();
    const plugin = new EcsOpsProvider("0.0.0-test", "{}");
    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.05 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(), capture: out },
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

    it("adopts by id with nothing managed: inputs are the id, only ownership to record against them, only reads", async () => {
        const imported = await importAndDiff(plugin, ATTRS_URN, INSTANCE);
        expect(imported.inputs).to.deep.equal({ instanceId: INSTANCE });
        // The import only read: recording this stack as the owner (one tag write) is the one change planned.
        expect(imported.changes).to.equal(true);
        expect(imported.plan).to.equal(`record ownership: tag ecs-ops-owner=yaml.dev on instance ${INSTANCE}`);
        expect(imported.props).to.include({ instanceId: INSTANCE, region: "cn-hangzhou", osType: "linux" });
        expect(imported.props.adoptedAttributes).to.deep.equal({});
        const calls = await cloud.calls();
        expect(calls.length).to.be.greaterThan(0);
        expect(calls.map((c) => c.action).filter((a) => !READS.has(a))).to.deep.equal([]);
        // A program that then manages the name: a change, which the update applies.
        const named = (await plugin.check(ATTRS_URN, imported.inputs, { instanceId: INSTANCE, instanceName: "web-imported" })).inputs as Props;
        expect((await plugin.diff(INSTANCE, ATTRS_URN, imported.props, named)).changes).to.equal(true);
        const updated = await plugin.update(INSTANCE, ATTRS_URN, imported.props, named);
        expect((updated.outs as Props).instanceName).to.equal("web-imported");
        expect((updated.outs as Props).adoptedAttributes).to.deep.equal({ instanceName: "web-1" });
    });

    it("an instance that does not exist reads as gone", async () => {
        expect((await plugin.read("i-bp1doesnotexist0001", ATTRS_URN, {})).id).to.equal("");
    });

    it("refuses to import an operation, saying what to declare instead, before any call", async () => {
        let error: unknown;
        await plugin.read(INSTANCE, "urn:pulumi:dev::yaml::ecs-ops:alicloud:InstanceReboot::r", {}).catch((e: unknown) => (error = e));
        expect(String(error))
            .to.include("ecs-ops:alicloud:InstanceReboot cannot be imported")
            .and.include("rebootOnCreate: false")
            .and.include("ecs-ops:alicloud:InstanceAttributes");
        expect(await cloud.calls()).to.deep.equal([]);
    });
});

describe("pulumi import through the plugin: huaweicloud.ServerAttributes", function () {
    this.timeout(60_000);
    let cloud: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    const plugin = new EcsOpsProvider("0.0.0-test", "{}");
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.05 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(), capture: out },
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

    it("adopts by id with nothing managed: inputs are the id, only ownership to record against them, only reads", async () => {
        const imported = await importAndDiff(plugin, SERVER_URN, SERVERS.active);
        expect(imported.inputs).to.deep.equal({ serverId: SERVERS.active });
        // The import only read: recording this stack as the owner (one tag write) is the one change planned.
        expect(imported.changes).to.equal(true);
        expect(imported.plan).to.equal(`record ownership: tag ecs-ops-owner=yaml.dev on server ${SERVERS.active}`);
        expect(imported.props).to.include({ serverId: SERVERS.active, region: "cn-north-4", projectId: EMULATOR_HUAWEICLOUD_CREDENTIALS.projectId });
        const calls = await cloud.calls();
        expect(calls.length).to.be.greaterThan(0);
        expect(calls.map((c) => c.action).filter((a) => !READS.has(a))).to.deep.equal([]);
        const described = (await plugin.check(SERVER_URN, imported.inputs, { serverId: SERVERS.active, description: "imported" })).inputs as Props;
        expect((await plugin.diff(SERVERS.active, SERVER_URN, imported.props, described)).changes).to.equal(true);
    });
});
