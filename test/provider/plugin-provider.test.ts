// The ecs-ops provider plugin's resource methods (provider/plugin/provider.ts) against the emulator
// over real HTTP: the adapter hands the engine's requests to the same handlers as the TypeScript
// resources. Settings reach it only as `ecs-ops:` config (the environment pointing at the emulator
// is removed); secrets that come in wrapped, or that the resource declares secret, go out wrapped;
// no `__provider` in what it returns; a trigger change reboots exactly once.
import { expect } from "chai";
import { EMULATOR_ALICLOUD_CREDENTIALS } from "../../emulator";
import { clearStackConfig } from "../../provider/core/credentials/stack-config";
import { EcsOpsProvider } from "../../provider/plugin/provider";
import { isWireSecret, SECRET_SIG, SPECIAL_SIG_KEY } from "../../provider/plugin/secrets";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { withoutEnvironmentEachTest } from "../support/environment";
import { ALICLOUD_ENV_KEYS, EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";

const RUNNING = "i-bp1paygrunning00001";
const PASSWORD = "Plugin-Pass42!";
const ATTRS_URN = "urn:pulumi:dev::yaml-fleet::ecs-ops:alicloud:InstanceAttributes::web";
const REBOOT_URN = "urn:pulumi:dev::yaml-fleet::ecs-ops:alicloud:InstanceReboot::web-reboot";

function secret(value: unknown): Record<string, unknown> {
    return { [SPECIAL_SIG_KEY]: SECRET_SIG, value };
}

/** The JSON of `value` with every wire secret blanked: what the engine would keep in plain text. */
function plainText(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) => (isWireSecret(v) ? "[secret]" : v));
}

function realReboots(calls: { action: string; params?: Record<string, unknown>; status: number }[]): number {
    return calls.filter((c) => c.action === "RebootInstance" && c.params?.DryRun !== "true" && c.status === 200).length;
}

describe("the ecs-ops provider plugin against the emulator", function () {
    this.timeout(60_000);
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();
    const plugin = new EcsOpsProvider("0.0.0-test", "{}");

    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.05 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(), capture: out },
    );
    // Only the plugin's own config: no environment variable points at the emulator.
    withoutEnvironmentEachTest(ALICLOUD_ENV_KEYS, clearStackConfig);
    beforeEach(() => {
        plugin.configure(
            new Map([
                ["ecs-ops:config:alicloudEndpoint", `${cloud.url}/{region}`],
                ["ecs-ops:config:alicloudRegion", "cn-hangzhou"],
                ["ecs-ops:config:alicloudAccessKey", EMULATOR_ALICLOUD_CREDENTIALS.accessKeyId],
                ["ecs-ops:config:alicloudSecretKey", EMULATOR_ALICLOUD_CREDENTIALS.accessKeySecret],
            ]),
        );
    });
    after(() => expect(out.text()).to.not.include(PASSWORD));

    it("check returns a declared-secret input as a secret, even when it came in plain text", async () => {
        const checked = await plugin.check(ATTRS_URN, {}, { instanceId: RUNNING, instanceName: "web-1", password: PASSWORD });
        expect(checked.failures ?? []).to.deep.equal([]);
        const inputs = checked.inputs as Record<string, unknown>;
        expect(isWireSecret(inputs.password)).to.equal(true);
        expect(inputs.instanceName).to.equal("web-1");
        expect(inputs).to.not.have.property("__provider");
    });

    it("check gives a taking resource the owner of its URN's stack (<project>.<stack>, as a TypeScript program's class does); create records it on the instance", async () => {
        const checked = await plugin.check(ATTRS_URN, {}, { instanceId: RUNNING, instanceName: "web-1", owner: "spoofed.owner" });
        expect(checked.failures ?? []).to.deep.equal([]);
        const inputs = checked.inputs as Record<string, unknown>;
        expect(inputs.owner).to.equal("yaml-fleet.dev");
        const created = await plugin.create(ATTRS_URN, inputs);
        expect((created.outs as Record<string, unknown>).owner).to.equal("yaml-fleet.dev");
        const tag = (await cloud.calls()).find((c) => c.action === "TagResources");
        expect(tag?.params).to.include({ "Tag.1.Key": "ecs-ops-owner", "Tag.1.Value": "yaml-fleet.dev" });
        // Another stack of the same project is refused in check, by name.
        const other = await plugin.check("urn:pulumi:prod::yaml-fleet::ecs-ops:alicloud:InstanceAttributes::web", {}, { instanceId: RUNNING });
        expect(other.failures?.[0]?.reason).to.include('managed by stack "yaml-fleet.dev"');
        // A resource that does not take ownership gets no owner.
        const reboot = await plugin.check(REBOOT_URN, {}, { instanceId: RUNNING });
        expect(reboot.inputs as Record<string, unknown>).to.not.have.property("owner");
    });

    it("check refuses a bad input by name, before any call", async () => {
        const checked = await plugin.check(REBOOT_URN, {}, { instanceId: "not-an-instance" });
        expect(checked.failures?.map((f) => f.property)).to.deep.equal(["instanceId"]);
        expect(await cloud.calls()).to.deep.equal([]);
    });

    it("create adopts through the ecs-ops: settings; secrets stay secrets; diff and update follow the handler", async () => {
        const news = (await plugin.check(ATTRS_URN, {}, { instanceId: RUNNING, instanceName: "web-plugin", password: secret(PASSWORD) })).inputs as Record<
            string,
            unknown
        >;
        const created = await plugin.create(ATTRS_URN, news);
        expect(created.id).to.equal(RUNNING);
        const outs = created.outs as Record<string, unknown>;
        expect(outs).to.include({ instanceId: RUNNING, instanceName: "web-plugin" });
        expect(outs).to.not.have.property("__provider");
        expect(isWireSecret(outs.passwordFingerprint)).to.equal(true);
        expect(plainText(outs)).to.not.include(PASSWORD);
        const state = await cloud.state();
        expect(state.instances.find((i) => i.instanceId === RUNNING)!.instanceName).to.equal("web-plugin");

        const same = await plugin.diff(RUNNING, ATTRS_URN, outs, news);
        expect(same.changes).to.equal(false);
        const renamed = (await plugin.check(ATTRS_URN, news, { ...news, instanceName: "web-renamed" })).inputs as Record<string, unknown>;
        const diff = await plugin.diff(RUNNING, ATTRS_URN, outs, renamed);
        expect(diff.changes).to.equal(true);
        expect(diff.replaces ?? []).to.deep.equal([]);
        const updated = await plugin.update(RUNNING, ATTRS_URN, outs, renamed);
        expect((updated.outs as Record<string, unknown>).instanceName).to.equal("web-renamed");
        expect(isWireSecret((updated.outs as Record<string, unknown>).passwordFingerprint)).to.equal(true);
    });

    it("a trigger change reboots exactly once; secret triggers come back secret", async () => {
        const first = (await plugin.check(REBOOT_URN, {}, { instanceId: RUNNING, triggers: secret(["v1"]), rebootOnCreate: false })).inputs as Record<
            string,
            unknown
        >;
        expect(isWireSecret(first.triggers)).to.equal(true);
        const created = await plugin.create(REBOOT_URN, first);
        const outs = created.outs as Record<string, unknown>;
        expect(outs.rebootCount).to.equal(0);
        expect(isWireSecret(outs.triggers)).to.equal(true);
        expect(realReboots(await cloud.calls())).to.equal(0);

        const second = (await plugin.check(REBOOT_URN, first, { ...first, triggers: secret(["v2"]) })).inputs as Record<string, unknown>;
        expect((await plugin.diff(created.id, REBOOT_URN, outs, second)).changes).to.equal(true);
        const updated = await plugin.update(created.id, REBOOT_URN, outs, second);
        expect((updated.outs as Record<string, unknown>).rebootCount).to.equal(1);
        expect(isWireSecret((updated.outs as Record<string, unknown>).triggers)).to.equal(true);
        expect(realReboots(await cloud.calls())).to.equal(1);
        expect((await plugin.diff(created.id, REBOOT_URN, updated.outs as Record<string, unknown>, second)).changes).to.equal(false);
    });

    it("refuses a type token that is not an ecs-ops resource", async () => {
        let error: unknown;
        await plugin.check("urn:pulumi:dev::p::ecs-ops:alicloud:Nothing::x", {}, {}).catch((e: unknown) => (error = e));
        expect(String(error)).to.include("ecs-ops has no resource type ecs-ops:alicloud:Nothing");
    });
});
