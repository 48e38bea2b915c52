// alicloud.InstanceAttributes against the emulator over real HTTP: adoption, one-call updates
// (checked in the call log), restart-pending semantics (checked against the emulator's guest
// record), stop-needed changes, refusals known before the call, refresh drift, restore on delete,
// retries under injected faults, and secrets absent from outputs, inputs and everything printed.
import { expect } from "chai";
import { callEcs } from "../../provider/alicloud/api/client";
import { handler } from "../../provider/alicloud/instance-attributes/handler";
import { describeInstance } from "../../provider/alicloud/operations/instance-power";
import { CloudApiError, PartialFailure } from "../../provider/core/transport/errors";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { actions, EmulatedAlicloud, eventually, startEmulatedAlicloud } from "./emulated-alicloud";

const RUNNING = "i-bp1paygrunning00001"; // web-1, PostPaid, linux, ecs.g7.large, sg-bp1webnormal000001
const SUBSCRIPTION = "i-bp1subsstopped00002"; // PrePaid, Stopped
const LOCKED = "i-bp1securitylock0003";
const WINDOWS = "i-uf6windows000000001"; // cn-shanghai
const WEB_SG = "sg-bp1webnormal000001";
const APP_SG = "sg-bp1appnormal000002";
const OTHER_VPC_SG = "sg-bp1othervpc0000003";
const PROVIDER = "serialized-provider-text";
const PASSWORD = "Rotated#Pass2024";
const NEW_PASSWORD = "Another#Pass2025";
const USER_DATA = "#!/bin/sh\necho managed-by-ecs-ops > /tmp/marker\n";

type Props = Record<string, unknown>;

const inputs = (extra: Props): Props => ({ instanceId: RUNNING, __provider: PROVIDER, ...extra });

function instanceOf(state: { instances: Array<Record<string, unknown>> }, id: string): Record<string, unknown> {
    const inst = state.instances.find((i) => i.instanceId === id);
    if (!inst) throw new Error(`no instance ${id} in the emulator state`);
    return inst;
}

/** The ModifyInstanceAttribute calls of a call log, with their business parameters. */
/** Waits until DescribeUserData shows `text` (Describe calls lag a change by the settling delay). */
async function describedUserData(text: string): Promise<void> {
    await eventually("DescribeUserData to show the new user data", async () => {
        const ud = await callEcs<{ UserData: string }>("DescribeUserData", { InstanceId: RUNNING }, { deadline: Date.now() + 10_000 });
        return Buffer.from(ud.UserData, "base64").toString("utf8") === text ? true : undefined;
    });
}

function modifyCalls(calls: Array<{ action: string; params?: Record<string, unknown>; code?: string | null }>): Array<Record<string, unknown>> {
    return calls.filter((c) => c.action === "ModifyInstanceAttribute" && !c.code).map((c) => c.params ?? {});
}

describe("alicloud.InstanceAttributes against the emulator", () => {
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();
    const printed: string[] = [];

    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.01 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(), capture: out },
    );
    after(() => {
        // Nothing printed by any test of this file ever held a secret.
        const all = printed.join("\n");
        for (const secret of [PASSWORD, NEW_PASSWORD, USER_DATA, Buffer.from(USER_DATA).toString("base64"), "emulator-access-key-secret"]) {
            expect(all).to.not.include(secret);
        }
    });
    afterEach(() => {
        printed.push(out.text());
    });

    describe("create (adoption)", () => {
        it("adopts an instance that already matches with one DescribeInstances and no change", async () => {
            const created = await handler.create(inputs({ instanceName: "web-1", securityGroupIds: [WEB_SG] }));
            expect(created.id).to.equal(RUNNING);
            expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances"]);
            expect(created.outs).to.include({
                instanceId: RUNNING,
                region: "cn-hangzhou",
                instanceName: "web-1",
                pendingRestart: false,
                osType: "linux",
                chargeType: "PostPaid",
            });
            expect(created.outs.adoptedAttributes).to.deep.equal({ instanceName: "web-1", securityGroupIds: [WEB_SG] });
            expect(out.text()).to.match(/adopting instance i-bp1paygrunning00001 \(Running\); nothing to change/);
        });

        it("applies what differs in exactly one ModifyInstanceAttribute, recording what it found", async () => {
            const created = await handler.create(
                inputs({ instanceName: "web-prod", description: "pay-as-you-go web server", securityGroupIds: [APP_SG, WEB_SG], password: PASSWORD }),
            );
            const calls = await cloud.calls();
            expect(actions(calls)).to.deep.equal(["DescribeInstances", "ModifyInstanceAttribute"]);
            const [params] = modifyCalls(calls);
            expect(params).to.deep.equal({
                InstanceId: RUNNING,
                RegionId: "cn-hangzhou",
                InstanceName: "web-prod",
                Password: "<redacted>",
                "SecurityGroupIds.1": APP_SG,
                "SecurityGroupIds.2": WEB_SG,
            });
            expect(created.outs.adoptedAttributes).to.deep.equal({
                instanceName: "web-1",
                description: "pay-as-you-go web server",
                securityGroupIds: [WEB_SG],
            });
            expect(created.outs.restartRequired).to.deep.equal(["password"]);
            expect(created.outs.pendingRestart).to.equal(true);
            expect(created.outs.passwordFingerprint).to.match(/^sha256:[0-9a-f]{32}:[0-9a-f]{64}$/);
            expect(created.outs.lastModifyRequestId).to.be.a("string");
            const inst = instanceOf(await cloud.state(), RUNNING);
            expect(inst.instanceName).to.equal("web-prod");
            expect(inst.securityGroupIds).to.have.members([APP_SG, WEB_SG]);
            expect(inst.restartPending).to.deep.equal(["Password"]);
            // Only inside secretInputs, an output the resource class marks secret (encrypted in state).
            expect(JSON.stringify({ ...created.outs, secretInputs: undefined })).to.not.include(PASSWORD);
            expect(out.text()).to.match(/password applied; it takes effect only after the instance is restarted/);
        });

        it("sends user data base64-encoded and stores only its fingerprint", async () => {
            const created = await handler.create(inputs({ userData: USER_DATA }));
            const [params] = modifyCalls(await cloud.calls());
            expect(params.UserData).to.equal("<redacted>");
            await describedUserData(USER_DATA); // once the settling delay has passed
            expect(created.outs.userDataFingerprint).to.match(/^sha256:/);
            expect(JSON.stringify({ ...created.outs, secretInputs: undefined })).to.not.include(USER_DATA.trim());
            expect(created.outs.restartRequired).to.deep.equal(["userData"]);
        });

        it("fails clearly for an instance that does not exist, without modifying anything", async () => {
            const err = await handler.create(inputs({ instanceId: "i-bp1doesnotexist0001", instanceName: "web-2" })).catch((e: Error) => e);
            expect((err as Error).message).to.match(/InvalidInstanceId\.NotFound: instance i-bp1doesnotexist0001 does not exist in region cn-hangzhou/);
            expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances"]);
        });
    });

    describe("refusals known before the call", () => {
        it("deletion protection on a subscription instance: InvalidChargeType.ValueNotSupported, no modify", async () => {
            const err = await handler.create(inputs({ instanceId: SUBSCRIPTION, deletionProtection: true })).catch((e: Error) => e);
            expect((err as Error).message).to.match(
                /^InvalidChargeType\.ValueNotSupported: deletionProtection: instance i-bp1subsstopped00002 is a subscription \(PrePaid\) instance\. deletionProtection applies only to pay-as-you-go/,
            );
            expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances"]);
        });

        it("a security-locked instance: InstanceLockedForSecurity, no modify", async () => {
            const err = await handler.create(inputs({ instanceId: LOCKED, instanceName: "locked-2" })).catch((e: Error) => e);
            expect((err as Error).message).to.match(
                /^InstanceLockedForSecurity: instance i-bp1securitylock0003 is locked for security reasons\. .*cannot be changed until Alibaba Cloud unlocks it/,
            );
            expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances"]);
        });

        it("a dotted hostname on Windows: InvalidHostName.Malformed naming the Windows rule, no modify", async () => {
            const err = await handler.create(inputs({ instanceId: WINDOWS, region: "cn-shanghai", hostName: "app.example" })).catch((e: Error) => e);
            expect((err as Error).message).to.match(/^InvalidHostName\.Malformed: hostName on Windows can contain only letters, digits and hyphens/);
            expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances"]);
        });

        it("a password starting with / on Windows, no modify and no echo", async () => {
            const bad = "/Windows#Pass1";
            const err = await handler.create(inputs({ instanceId: WINDOWS, region: "cn-shanghai", password: bad })).catch((e: Error) => e);
            expect((err as Error).message).to.match(
                /^InvalidHostPassword\.Malformed: password must not start with a forward slash \(\/\) on a Windows instance/,
            );
            expect((err as Error).message).to.not.include(bad);
            expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances"]);
        });

        it("CPU options on a running instance without stopIfNeeded: InvalidStatus.StoppedRequired, no modify", async () => {
            const err = await handler.create(inputs({ cpuOptions: { threadsPerCore: 1 } })).catch((e: Error) => e);
            expect((err as Error).message).to.match(
                /^InvalidStatus\.StoppedRequired: cpuOptions: instance i-bp1paygrunning00001 is Running.*stopIfNeeded: true/,
            );
            expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances"]);
        });

        it("security groups of another VPC: the API's code with its hint", async () => {
            const err = await handler.create(inputs({ securityGroupIds: [OTHER_VPC_SG] })).catch((e: Error) => e);
            expect(err).to.be.instanceOf(CloudApiError);
            expect((err as CloudApiError).code).to.equal("InvalidSecurityGroupVpc.NotBelongToOneVpc");
            expect((err as Error).message).to.match(/must all belong to the instance's VPC/);
            expect(instanceOf(await cloud.state(), RUNNING).securityGroupIds).to.deep.equal([WEB_SG]);
        });
    });

    describe("stopIfNeeded", () => {
        it("stops, modifies and starts again, which also applies pending restart changes", async () => {
            const created = await handler.create(inputs({ cpuOptions: { threadsPerCore: 1 }, hostName: "web-1-new", stopIfNeeded: true }));
            const names = actions(await cloud.calls()).filter((a) => a !== "DescribeInstances");
            expect(names).to.deep.equal(["StopInstance", "ModifyInstanceAttribute", "StartInstance"]);
            const inst = instanceOf(await cloud.state(), RUNNING);
            expect(inst.status).to.equal("Running");
            expect((inst.cpuOptions as Record<string, unknown>).threadsPerCore).to.equal(1);
            expect(inst.restartPending).to.deep.equal([]);
            expect(created.outs.pendingRestart).to.equal(false);
            expect(created.outs.restartRequired).to.deep.equal([]);
            expect(out.text()).to.match(/stopping instance i-bp1paygrunning00001 to change cpuOptions \(stopIfNeeded\)/);
        });

        it("leaves a Stopped instance stopped", async () => {
            await handler.create(inputs({ instanceId: SUBSCRIPTION, cpuOptions: { threadsPerCore: 1 }, stopIfNeeded: true }));
            expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances", "ModifyInstanceAttribute"]);
            expect(instanceOf(await cloud.state(), SUBSCRIPTION).status).to.equal("Stopped");
        });
    });

    describe("update", () => {
        it("sends one ModifyInstanceAttribute with only the changed attributes", async () => {
            const created = await handler.create(
                inputs({ instanceName: "web-1", description: "pay-as-you-go web server", securityGroupIds: [WEB_SG], deletionProtection: false }),
            );
            await cloud.clearCalls();
            const news = inputs({ instanceName: "web-1", description: "front end", securityGroupIds: [WEB_SG, APP_SG], deletionProtection: true });
            const updated = await handler.update!(RUNNING, { ...created.outs, __provider: PROVIDER }, news);
            const calls = await cloud.calls();
            // No read before the change: what the checks need is in state (OS, billing) or comes back as the API's refusal.
            expect(actions(calls)).to.deep.equal(["ModifyInstanceAttribute"]);
            expect(modifyCalls(calls)[0]).to.deep.equal({
                InstanceId: RUNNING,
                RegionId: "cn-hangzhou",
                Description: "front end",
                DeletionProtection: "true",
                "SecurityGroupIds.1": WEB_SG,
                "SecurityGroupIds.2": APP_SG,
            });
            expect(updated.outs).to.include({ description: "front end", deletionProtection: true });
            expect(updated.outs.adoptedAttributes).to.deep.equal(created.outs.adoptedAttributes);
            const inst = instanceOf(await cloud.state(), RUNNING);
            expect(inst).to.include({ description: "front end", deletionProtection: true });
            expect(inst.securityGroupIds).to.have.members([WEB_SG, APP_SG]);
        });

        it("makes no call when only the __provider, a setting or the set order changed", async () => {
            const created = await handler.create(inputs({ securityGroupIds: [WEB_SG, APP_SG] }));
            await cloud.clearCalls();
            const olds = { ...created.outs, __provider: PROVIDER };
            const news = inputs({ securityGroupIds: [APP_SG, WEB_SG], restoreOnDelete: true, __provider: "a newer serialized provider" });
            const d = await handler.diff!(RUNNING, olds, news);
            expect(d.changes).to.equal(true); // restoreOnDelete changed
            const updated = await handler.update!(RUNNING, olds, news);
            expect(await cloud.calls()).to.deep.equal([]);
            expect(updated.outs.restoreOnDelete).to.equal(true);
            const providerOnly = await handler.update!(
                RUNNING,
                olds,
                inputs({ securityGroupIds: [WEB_SG, APP_SG], __provider: "a newer serialized provider" }),
            );
            expect(await cloud.calls()).to.deep.equal([]);
            expect(providerOnly.outs.securityGroupIds).to.deep.equal([WEB_SG, APP_SG]);
        });

        it("changes a password only when it differs from the fingerprint, and never stores it", async () => {
            const created = await handler.create(inputs({ password: PASSWORD }));
            const olds = { ...created.outs, __provider: PROVIDER };
            await cloud.clearCalls();
            expect((await handler.diff!(RUNNING, olds, inputs({ password: PASSWORD }))).changes).to.equal(false);
            const same = await handler.update!(RUNNING, olds, inputs({ password: PASSWORD }));
            expect(await cloud.calls()).to.deep.equal([]);
            expect(same.outs.passwordFingerprint).to.equal(created.outs.passwordFingerprint);
            const changed = await handler.update!(RUNNING, olds, inputs({ password: NEW_PASSWORD }));
            const calls = await cloud.calls();
            expect(modifyCalls(calls)).to.deep.equal([{ InstanceId: RUNNING, RegionId: "cn-hangzhou", Password: "<redacted>" }]);
            expect(changed.outs.passwordFingerprint).to.not.equal(created.outs.passwordFingerprint);
            expect(
                JSON.stringify([
                    { ...created.outs, secretInputs: undefined },
                    { ...changed.outs, secretInputs: undefined },
                ]),
            ).to.not.include(NEW_PASSWORD);
        });

        it("records the cloud value of an attribute that becomes managed, for restoreOnDelete", async () => {
            const created = await handler.create(inputs({ instanceName: "web-1" }));
            const updated = await handler.update!(RUNNING, { ...created.outs, __provider: PROVIDER }, inputs({ instanceName: "web-1", hostName: "web-new" }));
            expect(updated.outs.adoptedAttributes).to.deep.equal({ instanceName: "web-1", hostName: "web-1" });
            const released = await handler.update!(RUNNING, { ...updated.outs, __provider: PROVIDER }, inputs({ hostName: "web-new" }));
            expect(released.outs.adoptedAttributes).to.deep.equal({ hostName: "web-1" });
            expect(released.outs.instanceName).to.equal(undefined);
        });
    });

    describe("restart-pending semantics", () => {
        it("a hostname change is pending in the guest until an API restart, and refresh then clears it", async () => {
            const created = await handler.create(inputs({ hostName: "web-renamed" }));
            expect(created.outs).to.include({ pendingRestart: true });
            expect(created.outs.restartRequired).to.deep.equal(["hostName"]);
            let inst = instanceOf(await cloud.state(), RUNNING);
            expect(inst.hostName).to.equal("web-renamed");
            expect((inst.guest as Record<string, unknown>).hostName).to.equal("web-1");
            expect(inst.restartPending).to.deep.equal(["HostName"]);

            // Still pending on refresh while nothing restarted the instance.
            const before = await handler.read!(RUNNING, { ...created.outs, __provider: PROVIDER });
            expect(before.props.pendingRestart).to.equal(true);

            // No pause needed before the restart: the refresh compares StartTime with the one recorded at the change
            // (the fixture's, 2024-11-01T08:00Z), not the wall clock, so a restart in the same second or minute counts.
            expect(created.outs.restartPendingStartTime).to.equal("2024-11-01T08:00Z");
            await callEcs("RebootInstance", { InstanceId: RUNNING }, { deadline: Date.now() + 10_000 });
            // Running right after the call is the state from before the reboot (settling): wait for the boot itself.
            inst = await eventually("the reboot's boot", async () => {
                const i = instanceOf(await cloud.state(), RUNNING);
                return i.status === "Running" && (i.guest as Record<string, unknown>).hostName === "web-renamed" ? i : undefined;
            });
            const bootedAt = `${String(inst.startTime).slice(0, 16)}Z`; // StartTime as the API writes it
            await eventually("DescribeInstances to show the reboot", async () =>
                (await describeInstance(RUNNING, { deadline: Date.now() + 10_000 }))?.startTime === bootedAt ? true : undefined,
            );

            const after = await handler.read!(RUNNING, { ...created.outs, __provider: PROVIDER });
            expect(after.props.pendingRestart).to.equal(false);
            expect(after.props.restartRequired).to.deep.equal([]);
        });
    });

    describe("read (refresh)", () => {
        it("returns the same outputs and the inputs, without secrets, when nothing drifted", async () => {
            const created = await handler.create(
                inputs({
                    instanceName: "web-1",
                    securityGroupIds: [WEB_SG],
                    password: PASSWORD,
                    userData: USER_DATA,
                    enableJumboFrame: false,
                    restoreOnDelete: true,
                }),
            );
            await describedUserData(USER_DATA); // a refresh within the settling delay would see the user data from before
            await cloud.clearCalls();
            const r = await handler.read!(RUNNING, { ...created.outs, __provider: PROVIDER });
            expect(r.id).to.equal(RUNNING);
            expect(r.props).to.deep.equal(created.outs);
            // No region: the program gave none (the configured one is not an input, or a refresh would show `- region`).
            // The secrets as the program gave them (kept as an encrypted secret output), or the next preview would show `+ password`.
            expect(r.inputs).to.deep.equal({
                instanceId: RUNNING,
                instanceName: "web-1",
                securityGroupIds: [WEB_SG],
                enableJumboFrame: false,
                restoreOnDelete: true,
                password: PASSWORD,
                userData: USER_DATA,
                plannedOperation: "none",
            });
            expect(actions(await cloud.calls())).to.deep.equal(["DescribeInstances", "DescribeInstanceAttribute", "DescribeUserData"]);
            // A refreshed state still diffs clean against the program (secrets compared by fingerprint).
            const d = await handler.diff!(
                RUNNING,
                { ...r.props, __provider: PROVIDER },
                inputs({
                    instanceName: "web-1",
                    securityGroupIds: [WEB_SG],
                    password: PASSWORD,
                    userData: USER_DATA,
                    enableJumboFrame: false,
                    restoreOnDelete: true,
                }),
            );
            expect(d.changes).to.equal(false);
        });

        it("reports drift made outside Pulumi, and only that", async () => {
            const program = { instanceName: "web-1", description: "pay-as-you-go web server", securityGroupIds: [WEB_SG], userData: USER_DATA };
            const created = await handler.create(inputs(program));
            await callEcs(
                "ModifyInstanceAttribute",
                {
                    InstanceId: RUNNING,
                    InstanceName: "renamed-by-hand",
                    "SecurityGroupIds.1": APP_SG,
                    UserData: Buffer.from("echo drifted").toString("base64"),
                },
                { deadline: Date.now() + 10_000 },
            );
            await describedUserData("echo drifted"); // the drift shows after the settling delay
            const r = await handler.read!(RUNNING, { ...created.outs, __provider: PROVIDER });
            expect(r.props.instanceName).to.equal("renamed-by-hand");
            expect(r.props.securityGroupIds).to.deep.equal([APP_SG]);
            expect(r.props.description).to.equal("pay-as-you-go web server");
            expect(r.props.userDataFingerprint).to.not.equal(created.outs.userDataFingerprint);
            expect(r.inputs).to.include({ instanceName: "renamed-by-hand" });
            const d = await handler.diff!(RUNNING, { ...r.props, __provider: PROVIDER }, inputs(program));
            expect(d.changes).to.equal(true);
            await cloud.clearCalls();
            await handler.update!(RUNNING, { ...r.props, __provider: PROVIDER }, inputs(program));
            const params = modifyCalls(await cloud.calls())[0];
            expect(Object.keys(params).sort()).to.deep.equal(["InstanceId", "InstanceName", "RegionId", "SecurityGroupIds.1", "UserData"]);
        });

        it("reports an instance that no longer exists as gone", async () => {
            const created = await handler.create(inputs({ instanceName: "web-1" }));
            const gone = await handler.read!("i-bp1doesnotexist0001", { ...created.outs, instanceId: "i-bp1doesnotexist0001", __provider: PROVIDER });
            expect(gone.id).to.equal("");
        });
    });

    describe("delete", () => {
        it("releases the instance without any call by default", async () => {
            const created = await handler.create(inputs({ instanceName: "web-prod" }));
            await cloud.clearCalls();
            await handler.delete!(RUNNING, { ...created.outs, __provider: PROVIDER });
            expect(await cloud.calls()).to.deep.equal([]);
            expect(instanceOf(await cloud.state(), RUNNING).instanceName).to.equal("web-prod");
        });

        it("with restoreOnDelete puts back the recorded attributes in one call", async () => {
            const created = await handler.create(
                inputs({ instanceName: "web-prod", securityGroupIds: [WEB_SG, APP_SG], description: "pay-as-you-go web server", restoreOnDelete: true }),
            );
            await cloud.clearCalls();
            await handler.delete!(RUNNING, { ...created.outs, __provider: PROVIDER });
            const calls = await cloud.calls();
            expect(actions(calls)).to.deep.equal(["DescribeInstances", "ModifyInstanceAttribute"]);
            expect(modifyCalls(calls)[0]).to.deep.equal({ InstanceId: RUNNING, RegionId: "cn-hangzhou", InstanceName: "web-1", "SecurityGroupIds.1": WEB_SG });
            const inst = instanceOf(await cloud.state(), RUNNING);
            expect(inst.instanceName).to.equal("web-1");
            expect(inst.securityGroupIds).to.deep.equal([WEB_SG]);
        });
    });

    describe("retries", () => {
        it("retries throttling and 5xx of ModifyInstanceAttribute, applying the change once", async () => {
            await cloud.faults({
                throttle: [{ cloud: "alicloud", action: "ModifyInstanceAttribute", count: 2 }],
                errors: [{ cloud: "alicloud", action: "ModifyInstanceAttribute", status: 503, count: 1 }],
            });
            const created = await handler.create(inputs({ instanceName: "web-retried" }));
            const calls = (await cloud.calls()).filter((c) => c.action === "ModifyInstanceAttribute");
            expect(calls.map((c) => c.code ?? "ok")).to.deep.equal(["Throttling.User", "Throttling.User", "ServiceUnavailable", "ok"]);
            expect(created.outs.instanceName).to.equal("web-retried");
            expect(out.text()).to.match(/Throttling\.User; pacing ModifyInstanceAttribute at/);
        });

        it("retries 500s of DescribeInstances during refresh", async () => {
            const created = await handler.create(inputs({ instanceName: "web-1" }));
            await cloud.clearCalls();
            await cloud.faults({ errors: [{ cloud: "alicloud", action: "DescribeInstances", status: 500, count: 2 }] });
            const r = await handler.read!(RUNNING, { ...created.outs, __provider: PROVIDER });
            expect(r.id).to.equal(RUNNING);
            expect((await cloud.calls()).map((c) => c.code ?? "ok")).to.deep.equal(["InternalError", "InternalError", "ok"]);
        });

        it("does not retry a documented non-retryable code", async () => {
            const err = await handler.create(inputs({ instanceName: "web-1", creditSpecification: "Unlimited" })).catch((e: Error) => e);
            expect((err as CloudApiError).code).to.equal("Credit.NotFound");
            expect((await cloud.calls()).filter((c) => c.action === "ModifyInstanceAttribute")).to.have.length(1);
        });
    });

    describe("partial failure", () => {
        it("keeps the applied change in state when the instance cannot be started again", async () => {
            // Starting fails for good: the change was applied, and the record must say so.
            await cloud.faults({ errors: [{ cloud: "alicloud", action: "StartInstance", status: 500, count: 50 }] });
            const err = await handler
                .create(inputs({ cpuOptions: { threadsPerCore: 1 }, stopIfNeeded: true, timeouts: { create: "5s" } }))
                .catch((e: Error) => e);
            expect(err).to.be.instanceOf(PartialFailure);
            const partial = err as PartialFailure;
            expect(partial.id).to.equal(RUNNING);
            expect(partial.properties.cpuOptions).to.deep.equal({ threadsPerCore: 1 });
            expect(partial.properties.__provider).to.equal(PROVIDER);
            expect(partial.message).to.match(/ModifyInstanceAttribute succeeded .* but starting the instance again failed/);
        });
    });
});
