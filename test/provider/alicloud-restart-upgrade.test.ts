// Upgrading ecs-ops under an existing ManagedInstance stack: the previous release recorded the
// restart reboot's triggers as `[hostName, sha256 of {password, userData}]` (secret); this release
// follows the attributes' keyed `restartTrigger`. Old state → the attributes' check → the reboot's
// check, diff and update, as the engine runs them: no reboot unless a value really changed.
import { expect } from "chai";
import { legacySecretDigest } from "../../components/alicloud/legacy-restart-trigger";
import { handler as attributes } from "../../provider/alicloud/instance-attributes/handler";
import { handler as reboot } from "../../provider/alicloud/instance-reboot/handler";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { actions, EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";

const PROVIDER = "serialized-provider-text";
const PASSWORD = "Upgrade-Pass42";

describe("ManagedInstance upgrade: the earlier restart-trigger format is no change", function () {
    this.timeout(60_000);
    let cloud: EmulatedAlicloud;
    let instanceId: string;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.05 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(), capture: out },
    );
    before(async () => {
        instanceId = (await cloud.state()).instances.find((i) => i.status === "Running" && (i.operationLocks as unknown[]).length === 0)!.instanceId;
    });

    it("pins the earlier release's digest (sha256 of the JSON of password and user data)", () => {
        expect(legacySecretDigest("Pw-1", undefined)).to.equal(LEGACY_PW1);
        expect(legacySecretDigest(undefined, undefined)).to.not.equal(legacySecretDigest("Pw-1", undefined));
    });

    /** The state the previous release left: the attributes' inputs (no restartTrigger) and the reboot's outputs. */
    async function previousRelease(
        hostName: string,
    ): Promise<{ attrInputs: Record<string, unknown>; rebootId: string; rebootOuts: Record<string, unknown>; rebootInputs: Record<string, unknown> }> {
        const legacy = [hostName, legacySecretDigest(PASSWORD, undefined)];
        const rebootInputs = { instanceId, region: "cn-hangzhou", triggers: legacy, rebootOnCreate: false, __provider: PROVIDER };
        const created = await reboot.create(rebootInputs);
        const attrInputs = { instanceId, region: "cn-hangzhou", hostName, password: PASSWORD, __provider: PROVIDER };
        return { attrInputs, rebootId: created.id, rebootOuts: { ...created.outs, __provider: PROVIDER }, rebootInputs };
    }

    /** The first run of this release: the attributes' check gives the trigger, the component the legacy form. */
    async function firstRun(prev: Awaited<ReturnType<typeof previousRelease>>, hostName: string) {
        const attrs = await attributes.check!(prev.attrInputs, { ...prev.attrInputs, hostName });
        const news = {
            instanceId,
            region: "cn-hangzhou",
            triggers: attrs.inputs.restartTrigger,
            rebootOnCreate: false,
            legacyTriggers: [hostName, legacySecretDigest(PASSWORD, undefined)],
            __provider: PROVIDER,
        };
        const checked = (await reboot.check!(prev.rebootInputs, news)).inputs;
        return { attrs: attrs.inputs, checked };
    }

    it("nothing changed: the plan says none, the update records the new form and reboots nothing", async () => {
        const prev = await previousRelease("web-upgrade");
        const { attrs, checked } = await firstRun(prev, "web-upgrade");
        expect(String(attrs.plannedOperation)).to.equal("none");
        expect(String(checked.plannedOperation)).to.match(/^none \(the triggers an earlier ecs-ops release recorded/);
        expect((await reboot.diff!(prev.rebootId, prev.rebootOuts, checked)).changes).to.equal(true);
        await cloud.clearCalls();
        const { outs } = await reboot.update!(prev.rebootId, prev.rebootOuts, checked);
        expect(actions(await cloud.calls())).to.deep.equal([]);
        expect(outs).to.include({ rebootCount: 0 });
        expect(outs.triggers).to.deep.equal(attrs.restartTrigger);
        expect(outs).to.not.have.property("legacyTriggers");
        expect(JSON.stringify(outs)).to.not.include(PASSWORD);
        // The run after: the new form on both sides, nothing to do.
        const again = (await reboot.check!(checked, checked)).inputs;
        expect(again.plannedOperation).to.equal("none");
        expect((await reboot.diff!(prev.rebootId, { ...outs, __provider: PROVIDER }, again)).changes).to.equal(false);
    });

    it("a hostName changed in the same run: the plan names the reboot, and the update reboots once", async () => {
        const prev = await previousRelease("web-upgrade");
        const { attrs, checked } = await firstRun(prev, "web-renamed");
        expect(String(attrs.plannedOperation)).to.match(/^hostName takes effect only after the instance is restarted/);
        expect(String(checked.plannedOperation)).to.match(/^reboot instance /);
        await cloud.clearCalls();
        const { outs } = await reboot.update!(prev.rebootId, prev.rebootOuts, checked);
        expect(actions(await cloud.calls()).filter((a) => a === "RebootInstance")).to.deep.equal(["RebootInstance"]);
        expect(outs).to.include({ rebootCount: 1 });
    });
});

// sha256('{"password":"Pw-1","userData":null}'), the previous release's second trigger element for that password.
const LEGACY_PW1 = "29bdb069eeac17625f97dc5859bacfd73c6688e532ad38ea66877defa30d2904";
