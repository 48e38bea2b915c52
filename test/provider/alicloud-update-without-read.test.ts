// alicloud.InstanceAttributes updates send no read before ModifyInstanceAttribute unless the change
// needs one (a newly managed attribute, a change that needs the instance Stopped or a restart), and
// the API's refusals then read like the checks made before the call.
import { expect } from "chai";
import { defaultFixture } from "../../emulator";
import { handler } from "../../provider/alicloud/instance-attributes/handler";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { actions, EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";

const RUNNING = "i-bp1paygrunning00001";
const LOCKED = "i-bp1securitylock0003";
const PROVIDER = "serialized-provider-text";

/** A state as a previous create would have left it, managing the instance name. */
function stateOf(instanceId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        instanceId,
        region: "cn-hangzhou",
        instanceName: "before-1",
        adoptedAttributes: { instanceName: "before-0" },
        restartRequired: [],
        pendingRestart: false,
        osType: "linux",
        chargeType: "PostPaid",
        __provider: PROVIDER,
        ...extra,
    };
}

describe("alicloud.InstanceAttributes update without a pre-read", () => {
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.2 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(defaultFixture()), capture: out },
    );

    it("a security-locked instance: one refused ModifyInstanceAttribute, with the message of the check before adoption", async () => {
        const err = (await handler.update!(LOCKED, stateOf(LOCKED), { instanceId: LOCKED, instanceName: "after-1", __provider: PROVIDER }).catch(
            (e: Error) => e,
        )) as Error;
        expect(actions(await cloud.calls())).to.deep.equal(["ModifyInstanceAttribute"]);
        expect(err.message).to.match(
            /^InstanceLockedForSecurity: instance i-bp1securitylock0003 is locked for security reasons\. .*cannot be changed until Alibaba Cloud unlocks it.* Nothing was changed\./,
        );
    });

    it("an instance that no longer exists: the message names the id, the region and where the region comes from", async () => {
        const gone = "i-bp1doesnotexist0001";
        const err = (await handler.update!(gone, stateOf(gone), { instanceId: gone, instanceName: "after-1", __provider: PROVIDER }).catch(
            (e: Error) => e,
        )) as Error;
        expect(actions(await cloud.calls())).to.deep.equal(["ModifyInstanceAttribute"]);
        expect(err.message).to.match(
            /^InvalidInstanceId\.NotFound: instance i-bp1doesnotexist0001 does not exist in region cn-hangzhou\. Check the instance id and the region/,
        );
    });

    it("deletion protection on a subscription instance recorded in state is refused before any call", async () => {
        const err = (await handler.update!(RUNNING, stateOf(RUNNING, { deletionProtection: false, chargeType: "PrePaid" }), {
            instanceId: RUNNING,
            instanceName: "before-1",
            deletionProtection: true,
            __provider: PROVIDER,
        }).catch((e: Error) => e)) as Error;
        expect(await cloud.calls()).to.have.length(0);
        expect(err.message).to.match(
            /^InvalidChargeType\.ValueNotSupported: deletionProtection: instance i-bp1paygrunning00001 is a subscription \(PrePaid\) instance/,
        );
    });

    it("an instance between states: the refused change is sent again once it settles", async () => {
        // A fixture where the instance is still Pending (→ Running after 10 s × 0.2).
        const fixture = defaultFixture();
        const instances = (fixture.alicloud as unknown as { instances: Array<Record<string, unknown>> }).instances;
        instances.find((i) => i.instanceId === RUNNING)!.status = "Pending";
        await cloud.reset(fixture);
        const { outs } = await handler.update!(RUNNING, stateOf(RUNNING), { instanceId: RUNNING, instanceName: "after-1", __provider: PROVIDER });
        const calls = await cloud.calls();
        const modifies = calls.filter((c) => c.action === "ModifyInstanceAttribute").map((c) => c.code);
        expect(modifies).to.deep.equal(["IncorrectInstanceStatus", null]);
        expect(actions(calls)).to.include("DescribeInstances");
        expect(outs.instanceName).to.equal("after-1");
        expect(out.text()).to.match(/ModifyInstanceAttribute refused while the instance changed state; it is Running now, sending again/);
    });

    it("a change that needs a restart reads StartTime first (one DescribeInstances), then modifies", async () => {
        await handler.update!(RUNNING, stateOf(RUNNING, { hostName: "web-1" }), {
            instanceId: RUNNING,
            instanceName: "before-1",
            hostName: "web-9",
            __provider: PROVIDER,
        });
        expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances", "ModifyInstanceAttribute"]);
    });
});
