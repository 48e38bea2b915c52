// The rules of the example policy pack (examples/policy/rules.ts) without the engine; test/e2e/policy.test.ts
// runs the pack under the CLI.
import { expect } from "chai";

import {
    ALLOW_DESTRUCTIVE_KEY,
    DEFAULT_ALLOWED_SECURITY_GROUPS,
    deletionProtectionViolation,
    destructiveAllowed,
    destructiveOperationViolation,
    securityGroupViolation,
    TYPES,
} from "../examples/policy/rules";

describe("example policy pack rules", () => {
    it("deletion protection: only true passes, and the message names the instance and the value", () => {
        expect(deletionProtectionViolation({ instanceId: "i-1", deletionProtection: true })).to.equal(undefined);
        expect(deletionProtectionViolation({ instanceId: "i-1", deletionProtection: false })).to.equal(
            "i-1: deletionProtection must be true on every managed instance (it is false)",
        );
        expect(deletionProtectionViolation({ instanceId: "i-2" })).to.include('(it is "unset")');
    });

    it("destructive operations: DiskReinit and ServerReinstall need the stack flag; other types never fire", () => {
        for (const type of [TYPES.diskReinit, TYPES.serverReinstall]) {
            expect(destructiveOperationViolation(type, "op", {})).to.include(`pulumi config set ${ALLOW_DESTRUCTIVE_KEY} true`);
            expect(destructiveOperationViolation(type, "op", undefined)).to.match(/^op: /);
            expect(destructiveOperationViolation(type, "op", { [ALLOW_DESTRUCTIVE_KEY]: "true" })).to.equal(undefined);
            expect(destructiveOperationViolation(type, "op", { [ALLOW_DESTRUCTIVE_KEY]: "false" })).to.not.equal(undefined);
        }
        expect(destructiveOperationViolation(TYPES.instanceAttributes, "x", {})).to.equal(undefined);
        expect(destructiveOperationViolation("pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceReboot", "x", {})).to.equal(undefined);
        expect(destructiveAllowed({ [ALLOW_DESTRUCTIVE_KEY]: { value: "true" } }), "a secret-wrapped value").to.equal(true);
    });

    it("security groups: every group must be allowed; an unmanaged set is not checked", () => {
        expect(securityGroupViolation({ securityGroupIds: DEFAULT_ALLOWED_SECURITY_GROUPS }, DEFAULT_ALLOWED_SECURITY_GROUPS)).to.equal(undefined);
        expect(securityGroupViolation({ instanceId: "i-1", securityGroupIds: ["sg-bp1webnormal000001", "sg-x"] }, DEFAULT_ALLOWED_SECURITY_GROUPS)).to.equal(
            "i-1: security group(s) sg-x are not on the allowed list (sg-bp1webnormal000001, sg-bp1appnormal000002)",
        );
        expect(securityGroupViolation({ instanceId: "i-1" }, [])).to.equal(undefined);
    });
});
