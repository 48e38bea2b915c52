// alicloud.InstanceReboot and alicloud.DiskReinit through the real Pulumi engine against the emulator:
// preview makes no call, up reboots once and re-initialises once, a second up does nothing, a trigger
// change re-runs exactly its operation, refresh only reads, destroy only removes the operation records; the password is
// in no printed line and not in plaintext in the state.
import { expect } from "chai";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { createStack, E2E_VISIBILITY_GRACE_MS, type TestStack, type VerbResult } from "./kit";

const FIXTURE = path.join(__dirname, "fixtures", "alicloud-reboot-reinit");
const REBOOT_TYPE = "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceReboot";
const REINIT_TYPE = "pulumi-nodejs:dynamic/ecs-ops:alicloud.DiskReinit";
const PASSWORD = "E2e`Reinit-Pass42";
const MUTATING = ["RebootInstance", "StopInstance", "StartInstance", "ReInitDisk", "ModifyInstanceAttribute"];

function ops(r: VerbResult, type: string): string[] {
    return r.steps.filter((s) => s.type === type).map((s) => s.op);
}

/** Mutating calls that succeeded, dry runs marked. */
function effects(calls: CallRecord[]): string[] {
    return calls
        .filter((c) => c.cloud === "alicloud" && MUTATING.includes(c.action))
        .map((c) => (c.params?.DryRun === "true" ? `${c.action}(DryRun)=${c.code}` : `${c.action}=${c.code ?? "ok"}`));
}

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

describe("e2e: alicloud.InstanceReboot and alicloud.DiskReinit through the engine", function () {
    this.timeout(300_000);
    let stack: TestStack;

    before(async () => {
        stack = await createStack({
            program: FIXTURE,
            visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
            emulator: { timeScale: 0.02 },
            config: { "reboot-reinit:password": { value: PASSWORD, secret: true } },
        });
    });
    after(async () => {
        await stack?.dispose();
    });

    it("preview shows both creates and makes no call", async () => {
        const r = await stack.preview();
        expect(r.exitCode).to.equal(0);
        expect(ops(r, REBOOT_TYPE)).to.deep.equal(["create"]);
        expect(ops(r, REINIT_TYPE)).to.deep.equal(["create"]);
        expect(r.calls.filter((c) => c.cloud === "alicloud")).to.deep.equal([]);
    });

    it("up reboots once and re-initialises once, printing progress", async () => {
        const r = await stack.up();
        expect(r.exitCode).to.equal(0);
        expect(ops(r, REBOOT_TYPE)).to.deep.equal(["create"]);
        expect(ops(r, REINIT_TYPE)).to.deep.equal(["create"]);
        expect(effects(r.calls).sort()).to.deep.equal(["ReInitDisk=ok", "RebootInstance(DryRun)=DryRunOperation", "RebootInstance=ok"]);
        const text = printed(r);
        expect(text).to.match(/alicloud.InstanceReboot i-bp1paygrunning00001: instance i-bp1paygrunning00001 to be Running: done/);
        expect(text).to.match(/alicloud.DiskReinit i-bp1subsstopped00002: disk d-bp1syssubsstopped00002 to be re-initialised/);
        expect(text).to.not.include(PASSWORD);
        const outputs = await stack.outputs();
        expect(outputs).to.include({ rebootCount: 1, reinitCount: 1, reinitDiskId: "d-bp1syssubsstopped00002" });
        const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as { alicloud: { instances: { instanceId: string; status: string }[] } };
        expect(state.alicloud.instances.find((i) => i.instanceId === "i-bp1subsstopped00002")!.status).to.equal("Running");
    });

    it("the password is not in plaintext in the state; its fingerprint is a secret", async () => {
        const text = stack.stateFileText();
        expect(text).to.not.include(PASSWORD);
        const exported = await stack.exportState();
        const reinit = exported.deployment.resources!.find((res) => res.type === REINIT_TYPE)!;
        const outputs = reinit.outputs as Record<string, unknown>;
        expect(outputs).to.not.have.property("password");
        expect(JSON.stringify(outputs.passwordFingerprint)).to.include("4dabf18193072939515e22adb298388d"); // the secret signature
        expect(JSON.stringify((reinit.inputs as Record<string, unknown>).password)).to.include("4dabf18193072939515e22adb298388d");
    });

    it("a second up changes nothing and makes no mutating call", async () => {
        const r = await stack.up();
        expect(ops(r, REBOOT_TYPE)).to.deep.equal(["same"]);
        expect(ops(r, REINIT_TYPE)).to.deep.equal(["same"]);
        expect(r.calls.filter((c) => c.cloud === "alicloud")).to.deep.equal([]);
    });

    it("a reboot trigger change reboots exactly once; the disk is left alone", async () => {
        await stack.setConfig("reboot-reinit:rebootTrigger", "r2");
        const preview = await stack.preview();
        expect(ops(preview, REBOOT_TYPE)).to.deep.equal(["update"]);
        expect(ops(preview, REINIT_TYPE)).to.deep.equal(["same"]);
        const r = await stack.up();
        expect(ops(r, REBOOT_TYPE)).to.deep.equal(["update"]);
        expect(effects(r.calls)).to.deep.equal(["RebootInstance(DryRun)=DryRunOperation", "RebootInstance=ok"]);
        expect((await stack.outputs()).rebootCount).to.equal(2);
    });

    it("forceStop alone updates the record without a reboot", async () => {
        await stack.setConfig("reboot-reinit:forceStop", "true");
        const r = await stack.up();
        expect(ops(r, REBOOT_TYPE)).to.deep.equal(["update"]);
        expect(effects(r.calls)).to.deep.equal([]);
        expect((await stack.outputs()).rebootCount).to.equal(2);
    });

    it("a reinit trigger change stops the (now Running) instance and re-initialises exactly once", async () => {
        await stack.setConfig("reboot-reinit:reinitTrigger", "d2");
        const r = await stack.up();
        expect(ops(r, REINIT_TYPE)).to.deep.equal(["update"]);
        expect(ops(r, REBOOT_TYPE)).to.deep.equal(["same"]);
        expect(effects(r.calls)).to.deep.equal(["StopInstance=ok", "ReInitDisk=ok"]);
        const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as { alicloud: { instances: { instanceId: string; status: string }[] } };
        expect(state.alicloud.instances.find((i) => i.instanceId === "i-bp1subsstopped00002")!.status).to.equal("Running");
        expect((await stack.outputs()).reinitCount).to.equal(2);
        expect(printed(r)).to.not.include(PASSWORD);
    });

    it("a new instanceId replaces the reboot resource, and the replacement reboots its instance once", async () => {
        await stack.setConfig("reboot-reinit:rebootInstanceId", "i-bp1burstablet60005");
        const r = await stack.up();
        expect(ops(r, REBOOT_TYPE)).to.include("create-replacement");
        const reboots = r.calls.filter((c) => c.action === "RebootInstance" && c.params?.DryRun !== "true" && c.code === null);
        expect(reboots.map((c) => c.params?.InstanceId)).to.deep.equal(["i-bp1burstablet60005"]);
        expect((await stack.outputs()).rebootCount).to.equal(1);
    });

    it("refresh only reads and keeps both resources", async () => {
        const r = await stack.refresh();
        expect(r.exitCode).to.equal(0);
        expect(effects(r.calls)).to.deep.equal([]);
        expect(r.calls.map((c) => c.action)).to.include.members(["DescribeInstances", "DescribeDisks"]);
        const after = await stack.up();
        expect(ops(after, REBOOT_TYPE)).to.deep.equal(["same"]);
        expect(ops(after, REINIT_TYPE)).to.deep.equal(["same"]);
    });

    it("destroy changes nothing: it only reads and removes ecs-ops' own operation records (tags)", async () => {
        const r = await stack.destroy();
        expect(r.exitCode).to.equal(0);
        expect(ops(r, REBOOT_TYPE)).to.deep.equal(["delete"]);
        expect(ops(r, REINIT_TYPE)).to.deep.equal(["delete"]);
        const actions = r.calls.filter((c) => c.cloud === "alicloud").map((c) => c.action);
        expect(actions.filter((a) => !a.startsWith("Describe") && a !== "UntagResources")).to.deep.equal([]);
        expect(actions).to.include("UntagResources");
    });
});
