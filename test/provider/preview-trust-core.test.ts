// Pure logic of preview trust: the closest valid name of a misspelt input, failures the engine can
// print without a secret's value, the operation plans of the three operation resources, and the
// ManagedInstance restart trigger (keyed fingerprints, a revision that moves exactly on a change).
import { expect } from "chai";
import { attributesPlan, keyedFingerprint, nextRestartTrigger, refreshedRestartTrigger } from "../../provider/alicloud/instance-attributes/plan";
import { rebootPlan } from "../../provider/alicloud/instance-reboot/handler";
import { reinitPlan } from "../../provider/alicloud/disk-reinit/handler";
import { changedPaths, triggerReason } from "../../provider/core/resource/plan";
import { assertKnownArgs, closestName } from "../../provider/core/inputs/suggest";
import { UNKNOWN } from "../../provider/core/inputs/unknowns";
import { engineSafeFailures } from "../../provider/core/inputs/validation";
import { reinstallPlan } from "../../provider/huaweicloud/server-reinstall/handler";

describe("preview trust: pure logic", () => {
    it("suggests the closest valid input name, or none when nothing is close", () => {
        const reboot = ["instanceId", "region", "triggers", "forceStop", "dryRun", "rebootOnCreate", "timeouts"];
        expect(closestName("trigger", reboot)).to.equal("triggers");
        expect(closestName("forcestop", reboot)).to.equal("forceStop");
        expect(closestName("trigers", reboot)).to.equal("triggers");
        expect(closestName("instance_id", reboot)).to.equal("instanceId");
        expect(closestName("cloudinit", ["serverId", "cloudInit", "adminPass"])).to.equal("cloudInit");
        expect(closestName("adminPassword", ["serverId", "cloudInit", "adminPass"])).to.equal("adminPass");
        expect(closestName("colour", reboot)).to.equal(undefined);
        expect(() => assertKnownArgs('ManagedInstance "x"', { restartpolicy: "never" }, ["instanceId", "restartPolicy"])).to.throw(
            'ManagedInstance "x": unknown input "restartpolicy" — did you mean "restartPolicy"?',
        );
        expect(() => assertKnownArgs("x", { restartPolicy: "never", extra: undefined }, ["restartPolicy"])).to.not.throw();
    });

    it("names to the engine only top-level, non-secret, known inputs (it prints the named property's value)", () => {
        const safe = engineSafeFailures(
            [
                { property: "instanceName", reason: "must be 2 to 128 characters long" },
                { property: "password", reason: "must be 8 to 30 characters long (got 4)" },
                { property: "remoteConnectionOptions.password", reason: "must be 8 to 30 characters long" },
                { property: "timeouts.create", reason: "must be a duration" },
                { property: "pasword", reason: 'unknown input "pasword" — did you mean "password"?' },
            ],
            ["instanceName", "password", "remoteConnectionOptions", "timeouts"],
            ["password", "remoteConnectionOptions"],
        );
        expect(safe).to.deep.equal([
            { property: "instanceName", reason: "must be 2 to 128 characters long" },
            { property: "", reason: "password: must be 8 to 30 characters long (got 4)" },
            { property: "", reason: "remoteConnectionOptions.password: must be 8 to 30 characters long" },
            { property: "", reason: "timeouts.create: must be a duration" },
            { property: "", reason: 'unknown input "pasword" — did you mean "password"?' },
        ]);
    });

    it("says which trigger paths changed, never their values", () => {
        expect(changedPaths([1, "s3cret"], [1, "0ther"])).to.deep.equal(["triggers[1]"]);
        expect(changedPaths({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3 } })).to.deep.equal(["triggers.b.c"]);
        expect(triggerReason([1], [2])).to.equal("triggers[0] changed");
        expect(triggerReason({ reason: "old" }, { reason: "hostName changes", revision: 2 })).to.equal("hostName changes");
        expect(triggerReason([1], [UNKNOWN])).to.equal("triggers (not known before up) changed");
    });

    it("plans a reboot on create and on a trigger change only", () => {
        const olds = { instanceId: "i-bp1a", triggers: [1] };
        expect(rebootPlan({}, { instanceId: "i-bp1a" })).to.equal("reboot instance i-bp1a (restart): the reboot resource is created");
        expect(rebootPlan({}, { instanceId: "i-bp1a", rebootOnCreate: false })).to.equal("none");
        expect(rebootPlan({}, { instanceId: "i-bp1a", rebootOnCreate: UNKNOWN })).to.match(/once it is taken under management, if a restart is pending then/);
        expect(rebootPlan(olds, { instanceId: "i-bp1a", triggers: [1], forceStop: true })).to.equal("none");
        expect(rebootPlan(olds, { instanceId: "i-bp1a", triggers: [2], forceStop: true })).to.equal(
            "reboot instance i-bp1a (hard restart (ForceStop)): triggers[0] changed",
        );
    });

    it("plans destructive operations as such, with their target", () => {
        expect(reinitPlan({}, { diskId: "d-bp1x", password: "Secret#123" })).to.equal(
            "DESTRUCTIVE: re-initialise disk d-bp1x, erasing everything on it; sets a new password (the re-initialisation resource is created)",
        );
        expect(reinitPlan({ instanceId: "i-bp1a", triggers: [1] }, { instanceId: "i-bp1a", triggers: [1], stopInstance: true })).to.equal("none");
        expect(reinitPlan({ instanceId: "i-bp1a", triggers: [1] }, { instanceId: "i-bp1a", triggers: [2], stopInstance: true })).to.equal(
            "DESTRUCTIVE: re-initialise the system disk of instance i-bp1a, erasing everything on it; stops the instance first if it is Running (triggers[0] changed)",
        );
        const server = "277c9006-6084-45d6-9702-91a3349b38b8";
        expect(reinstallPlan({}, { serverId: server, cloudInit: true, stopServer: true })).to.equal(
            `DESTRUCTIVE: reinstall the OS of server ${server}, erasing its system disk (reinstallos v2, Cloud-Init; stops the server first if it is running): the reinstall resource is created`,
        );
        expect(reinstallPlan({ serverId: server, triggers: [1] }, { serverId: server, triggers: [1] })).to.match(/^none \(no new reinstall/);
    });

    it("restart trigger: keyed fingerprints, a revision that moves exactly when a restart-requiring value changes", () => {
        const key = "k".repeat(64);
        const adopt = nextRestartTrigger(key, {}, { instanceId: "i-bp1a", hostName: "web-1", password: "Secret#123" })!;
        expect(adopt).to.deep.equal({
            hostName: "web-1",
            password: keyedFingerprint(key, "Secret#123"),
            revision: 1,
            reason: "hostName, password set when taken under management",
        });
        expect(JSON.stringify(adopt)).to.not.include("Secret#123");
        expect(keyedFingerprint("other".repeat(13), "Secret#123")).to.not.equal(adopt.password);
        const olds = { instanceId: "i-bp1a", hostName: "web-1", restartTrigger: adopt };
        expect(nextRestartTrigger(key, olds, { instanceId: "i-bp1a", hostName: "web-1", password: "Secret#123" })).to.deep.equal(adopt);
        expect(nextRestartTrigger(key, olds, { instanceId: "i-bp1a", hostName: "web-1", password: "Other#1234" })).to.include({
            revision: 2,
            reason: "password changes",
        });
        // A refresh that found the hostname changed by hand: putting it back moves the revision (and so reboots).
        const drifted = refreshedRestartTrigger(adopt, key, { hostName: "by-hand" });
        expect(
            nextRestartTrigger(key, { ...olds, restartTrigger: drifted }, { instanceId: "i-bp1a", hostName: "web-1", password: "Secret#123" }),
        ).to.deep.equal({
            ...adopt,
            revision: 2,
            reason: "hostName changes",
        });
        expect(attributesPlan(olds, { instanceId: "i-bp1a", hostName: "web-1", password: "Secret#123" }, adopt)).to.equal("none");
    });
});
