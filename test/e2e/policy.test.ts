// The example policy pack (examples/policy, @pulumi/policy) under the real CLI against the emulator: the
// engine runs it through our language host's RunPlugin. A program that follows the rules previews with no
// violation; one that breaks a rule gets exactly that violation, and its `up` is refused before any call
// that changes the cloud.
import { expect } from "chai";
import * as path from "path";

import { createStack, type EngineEvent, type TestStack, type VerbResult } from "./kit";

const REPO = path.resolve(__dirname, "..", "..");
const POLICY_PACK = path.join(REPO, "examples", "policy");
const FLEET = ["i-bp1paygrunning00001", "i-bp1paygrunning00009"];

interface PolicyViolation {
    policyName: string;
    message: string;
    enforcementLevel: string;
    resourceUrn?: string;
}

function violations(r: VerbResult): PolicyViolation[] {
    return r.events.map((e: EngineEvent) => e.policyEvent as PolicyViolation | undefined).filter((p): p is PolicyViolation => !!p);
}

function show(r: VerbResult): string {
    return `exit ${r.exitCode}\n${r.stdout.slice(-2500)}\n${r.stderr.slice(-2500)}`;
}

const policyArgs = { args: ["--policy-pack", POLICY_PACK] };

describe("e2e: the example policy pack (pulumi preview --policy-pack examples/policy)", function () {
    this.timeout(600_000);

    describe("examples/alicloud-attributes, following the rules", () => {
        let stack: TestStack;
        before(async () => {
            stack = await createStack({ program: path.join(REPO, "examples", "alicloud-attributes"), emulator: { timeScale: 0.01 } });
            await stack.setListConfig({ instanceIds: FLEET, securityGroupIds: ["sg-bp1webnormal000001"] });
        });
        after(() => stack?.dispose());

        it("previews with the pack loaded and no violation", async () => {
            const r = await stack.preview({ ...policyArgs, allowFailure: true });
            expect(r.exitCode, show(r)).to.equal(0);
            expect(violations(r)).to.deep.equal([]);
            expect(r.stdout + r.stderr).to.match(/ecs-ops/);
            expect(r.calls.filter((c) => !c.action.startsWith("Describe"))).to.deep.equal([]);
        });

        it("reports one violation for a security group that is not on the allowed list", async () => {
            await stack.setListConfig({ securityGroupIds: ["sg-bp1othervpc0000003"] });
            const r = await stack.preview({ ...policyArgs, allowFailure: true });
            expect(r.exitCode, show(r)).to.not.equal(0);
            const v = violations(r);
            // one InstanceAttributes per fleet instance breaks the rule; no other rule fires
            expect(v.map((x) => x.policyName)).to.deep.equal(FLEET.map(() => "ecs-ops-allowed-security-groups"));
            expect(v[0].message).to.include("sg-bp1othervpc0000003");
            expect(v[0].enforcementLevel).to.equal("mandatory");
        });
    });

    describe("a managed instance with deletion protection off", () => {
        let stack: TestStack;
        before(async () => {
            stack = await createStack({ program: path.join(__dirname, "fixtures", "policy-unprotected"), emulator: { timeScale: 0.01 } });
        });
        after(() => stack?.dispose());

        it("preview reports exactly one violation: deletion protection", async () => {
            const r = await stack.preview({ ...policyArgs, allowFailure: true });
            expect(r.exitCode, show(r)).to.not.equal(0);
            const v = violations(r);
            expect(
                v.map((x) => x.policyName),
                show(r),
            ).to.deep.equal(["ecs-ops-deletion-protection"]);
            expect(v[0].message).to.include("i-bp1paygrunning00001: deletionProtection must be true on every managed instance (it is false)");
        });
    });

    describe("examples/alicloud-reboot-reinit, with a system-disk re-initialisation", () => {
        let stack: TestStack;
        before(async () => {
            stack = await createStack({
                program: path.join(REPO, "examples", "alicloud-reboot-reinit"),
                emulator: { timeScale: 0.01 },
                config: {
                    instanceId: "i-bp1paygrunning00001",
                    reinitInstanceId: "i-bp1subsstopped00002",
                    reinitKeyPairName: "ops-key",
                },
            });
        });
        after(() => stack?.dispose());

        it("preview reports exactly one violation: destructive operations are not allowed in this stack", async () => {
            const r = await stack.preview({ ...policyArgs, allowFailure: true });
            expect(r.exitCode, show(r)).to.not.equal(0);
            const v = violations(r);
            expect(
                v.map((x) => x.policyName),
                show(r),
            ).to.deep.equal(["ecs-ops-destructive-operations"]);
            expect(v[0].message).to.include("pulumi config set ecs-ops:allowDestructiveOperations true");
            expect(v[0].resourceUrn).to.match(/alicloud\.DiskReinit::system-disk$/);
        });

        it("up (with its preview, as a pipeline runs it) is refused before anything changes in the cloud", async () => {
            await stack.clearEmulatorCalls();
            const r = await stack.run(["up", "--yes", "--policy-pack", POLICY_PACK], { allowFailure: true });
            expect(r.exitCode, `${r.stdout}\n${r.stderr}`).to.not.equal(0);
            expect(r.stdout).to.include("ecs-ops-destructive-operations");
            const changing = (await stack.emulatorCalls()).filter((c) => !c.action.startsWith("Describe"));
            expect(changing.map((c) => c.action)).to.deep.equal([]);
            const state = await stack.exportState();
            expect((state.deployment.resources ?? []).filter((x) => x.custom && !x.type.startsWith("pulumi:providers"))).to.deep.equal([]);
        });

        it("with ecs-ops:allowDestructiveOperations=true in the stack config, the preview passes", async () => {
            await stack.setConfig("ecs-ops:allowDestructiveOperations", "true");
            const r = await stack.preview({ ...policyArgs, allowFailure: true });
            expect(r.exitCode, show(r)).to.equal(0);
            expect(violations(r)).to.deep.equal([]);
        });
    });
});
