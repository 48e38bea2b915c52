// The examples a user meets first (examples/*), run unchanged through the real Pulumi engine against
// the emulator: preview and up succeed, a second up is empty and makes no mutating call. The
// component's auto restart is checked in the emulator's call log and guest record: one reboot per
// instance per restart-requiring change (hostName through the fleet example; password and user data
// through a small alicloud.ManagedInstance fixture), always after the ModifyInstanceAttribute, and no
// reboot at all for other changes; restartPolicy "never" reports pendingRestart instead, and a switch
// back to "auto" reboots once. The explicit-operation examples run exactly one reboot / one reinstall
// job per trigger change, and keep their secrets out of the state and the output.
import { expect } from "chai";
import { createHash } from "crypto";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { createStack, E2E_VISIBILITY_GRACE_MS, type TestStack, type VerbResult } from "./kit";

const REPO = path.resolve(__dirname, "..", "..");
const EXAMPLES = path.join(REPO, "examples");
const MANAGED_FIXTURE = path.join(__dirname, "fixtures", "managed-instance");

const ATTRIBUTES_TYPE = "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceAttributes";
const REBOOT_TYPE = "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceReboot";
const REINIT_TYPE = "pulumi-nodejs:dynamic/ecs-ops:alicloud.DiskReinit";
const REINSTALL_TYPE = "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerReinstall";

const FLEET = ["i-bp1paygrunning00001", "i-bp1paygrunning00009", "i-bp1paygrunning00010"];
const WEB_GROUP = "sg-bp1webnormal000001";
const APP_GROUP = "sg-bp1appnormal000002";

// ---- helpers over a verb's result -------------------------------------------------------------

/** Calls that change something (everything but Describe*, Show*, List*). */
function mutating(calls: CallRecord[]): string[] {
    // ecs-ops' operation records (tags written around a reboot, re-init or reinstall) are bookkeeping, not changes.
    return calls
        .filter((c) => !/^(Describe|Show|List)/.test(c.action) && !/^(Tag|Untag)Resources$|^Batch(Create|Delete)ServerTags$/.test(c.action))
        .map((c) => `${c.cloud}:${c.action}`);
}

/** Operation of each step of one resource type, by resource name, sorted. */
function ops(r: VerbResult, type: string): string[] {
    return r.steps
        .filter((s) => s.type === type)
        .map((s) => `${s.name}:${s.op}`)
        .sort();
}

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

/**
 * Runs `preview` or `up` on the suite's stack, requires exit code 0 (showing what was printed when
 * not), and keeps everything printed in `everything` for the suite's no-secrets check.
 */
function checkedRun(stack: () => TestStack, everything: string[]): (verb: "preview" | "up") => Promise<VerbResult> {
    return async (verb) => {
        const r = await stack()[verb]();
        everything.push(printed(r));
        expect(r.exitCode, printed(r)).to.equal(0);
        return r;
    };
}

/**
 * A successful up/preview whose summary and every resource step say "same", with no mutating call.
 * (After a stack config change the default dynamic provider shows an update of its own recorded
 * config — the engine hands it the stack config — which is no resource change and makes no call.)
 */
function expectNothingToDo(r: VerbResult): void {
    expect(r.exitCode, printed(r)).to.equal(0);
    expect(Object.keys(r.changes), JSON.stringify(r.changes)).to.deep.equal(["same"]);
    const resources = r.steps.filter((s) => !s.type.startsWith("pulumi:providers:"));
    expect(resources.length).to.be.greaterThan(0);
    expect(
        resources.filter((s) => s.op !== "same"),
        "steps other than same",
    ).to.deep.equal([]);
    expect(mutating(r.calls)).to.deep.equal([]);
}

function isReboot(c: CallRecord): boolean {
    return c.cloud === "alicloud" && c.action === "RebootInstance";
}

function isDryRun(c: CallRecord): boolean {
    return c.params?.DryRun === "true";
}

/** Every RebootInstance call, dry runs included (what "zero RebootInstance" counts). */
function rebootCalls(r: VerbResult): CallRecord[] {
    return r.calls.filter(isReboot);
}

/** Instance ids of the reboots that happened (accepted, not dry runs), in call order. */
function rebooted(r: VerbResult): string[] {
    return r.calls.filter((c) => isReboot(c) && !isDryRun(c) && c.code === null).map((c) => String(c.params?.InstanceId));
}

/** Parameters of the successful ModifyInstanceAttribute calls, ordered by instance id. */
function modifies(r: VerbResult): Array<Record<string, unknown>> {
    return r.calls
        .filter((c) => c.cloud === "alicloud" && c.action === "ModifyInstanceAttribute" && c.code === null)
        .map((c) => (c.params ?? {}) as Record<string, unknown>)
        .sort((a, b) => String(a.InstanceId).localeCompare(String(b.InstanceId)));
}

/**
 * Each instance in `ids` was modified and then rebooted exactly once, its reboot coming after its
 * ModifyInstanceAttribute in the call log (and its dry run between the two).
 */
function expectOneRebootAfterModify(r: VerbResult, ids: string[]): void {
    expect([...rebooted(r)].sort()).to.deep.equal([...ids].sort());
    for (const id of ids) {
        const mine = r.calls.filter((c) => c.params?.InstanceId === id).map((c) => `${c.action}${isDryRun(c) ? "(DryRun)" : ""}`);
        const modify = mine.lastIndexOf("ModifyInstanceAttribute");
        const dryRun = mine.indexOf("RebootInstance(DryRun)");
        const reboot = mine.indexOf("RebootInstance");
        expect(modify, `${id}: ${mine.join(", ")}`).to.be.greaterThan(-1);
        expect(dryRun, `${id}: ${mine.join(", ")}`).to.be.greaterThan(modify);
        expect(reboot, `${id}: ${mine.join(", ")}`).to.be.greaterThan(dryRun);
        expect(
            mine.filter((a) => a === "RebootInstance(DryRun)"),
            `${id}: one dry run`,
        ).to.have.length(1);
    }
}

// ---- the emulator's records ---------------------------------------------------------------------

interface Guest {
    hostName: string;
    passwordFingerprint: string | null;
    userDataFingerprint: string | null;
    bootCount: number;
    lastBootAt: string | null;
}

interface EmulatedInstance {
    instanceId: string;
    instanceName: string;
    hostName: string;
    description: string;
    status: string;
    securityGroupIds: string[];
    deletionProtection: boolean;
    restartPending: string[];
    guest: Guest;
}

async function instances(stack: TestStack): Promise<Map<string, EmulatedInstance>> {
    const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as { alicloud: { instances: EmulatedInstance[] } };
    return new Map(state.alicloud.instances.map((i) => [i.instanceId, i]));
}

/** The emulator's fingerprint of a secret (`sha256:<hex>`; user data is fingerprinted as base64). */
function sha(text: string): string {
    return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

describe("e2e: the examples through the engine", function () {
    this.timeout(300_000);

    describe("examples/alicloud-attributes: a fleet of ManagedInstances with the auto restart", () => {
        let stack: TestStack;
        const everything: string[] = [];
        const run = checkedRun(() => stack, everything);

        before(async () => {
            stack = await createStack({
                program: path.join(EXAMPLES, "alicloud-attributes"),
                visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
                emulator: { timeScale: 0.02 },
            });
            await stack.setListConfig({ instanceIds: FLEET, securityGroupIds: [WEB_GROUP, APP_GROUP] });
        });
        after(async () => {
            await stack?.dispose();
        });

        it("preview succeeds: a fleet, three managed instances with their restarts, and only reads (the owner tags)", async () => {
            const r = await run("preview");
            expect(ops(r, ATTRIBUTES_TYPE)).to.deep.equal(FLEET.map((id) => `web-${id}:create`));
            expect(ops(r, REBOOT_TYPE)).to.deep.equal(FLEET.map((id) => `web-${id}-restart:create`));
            // Adoption reads each instance's owner tag (docs/ownership.md), batched; nothing else.
            expect(r.calls.filter((c) => c.cloud === "alicloud" && c.action !== "DescribeInstances")).to.deep.equal([]);
        });

        it("up adopts the fleet with one ModifyInstanceAttribute each; unchanged hostnames mean no reboot", async () => {
            const before = await instances(stack);
            const r = await run("up");
            expect(r.changes.create).to.equal(11);
            expect(modifies(r).map((p) => p.InstanceId)).to.deep.equal(FLEET);
            for (const params of modifies(r)) {
                expect(params).to.include({ Description: "web tier, managed by ecs-ops", DeletionProtection: "true", EnableJumboFrame: "true" });
                expect(params).to.not.have.property("HostName");
            }
            expect(rebootCalls(r)).to.deep.equal([]);
            expect((await stack.outputs()).pendingRestart).to.deep.equal([]);
            const after = await instances(stack);
            FLEET.forEach((id, i) => {
                expect(after.get(id)!.guest.bootCount, id).to.equal(before.get(id)!.guest.bootCount);
                expect(after.get(id)!).to.include({ hostName: `web-${i + 1}`, description: "web tier, managed by ecs-ops", deletionProtection: true });
                expect(after.get(id)!.securityGroupIds).to.have.members([WEB_GROUP, APP_GROUP]);
            });
        });

        // A second up of this program right after adoption: the demo's step 3 (test/e2e/demo.test.ts).

        it("security groups and jumbo frames change in one call each, with zero RebootInstance", async () => {
            await stack.run(["config", "rm", "--path", "securityGroupIds[1]"]);
            await stack.setListConfig({ securityGroupIds: [APP_GROUP] }, { jumboFrames: "false" });
            const r = await run("up");
            expect(ops(r, ATTRIBUTES_TYPE)).to.deep.equal(FLEET.map((id) => `web-${id}:update`));
            expect(ops(r, REBOOT_TYPE)).to.deep.equal(FLEET.map((id) => `web-${id}-restart:same`));
            expect(modifies(r)).to.deep.equal(
                FLEET.map((id) => ({ InstanceId: id, RegionId: "cn-hangzhou", "SecurityGroupIds.1": APP_GROUP, EnableJumboFrame: "false" })),
            );
            expect(rebootCalls(r)).to.deep.equal([]);
            const now = await instances(stack);
            for (const id of FLEET) {
                expect(now.get(id)!.securityGroupIds).to.deep.equal([APP_GROUP]);
                expect(now.get(id)!.restartPending).to.deep.equal([]);
            }
        });

        it("new hostnames (namePrefix): exactly one reboot per instance, after its ModifyInstanceAttribute; the guest runs the new name", async () => {
            await stack.setConfig("namePrefix", "www");
            const before = await instances(stack);
            const preview = await run("preview");
            expect(ops(preview, REBOOT_TYPE)).to.deep.equal(FLEET.map((id) => `web-${id}-restart:update`));
            expect(printed(preview)).to.match(/hostName takes effect only after the instance is restarted/);
            expect(preview.calls.filter((c) => c.cloud === "alicloud")).to.deep.equal([]);

            const r = await run("up");
            expect(modifies(r).map((p) => [p.InstanceId, p.HostName, p.InstanceName])).to.deep.equal(
                FLEET.map((id, i) => [id, `www-${i + 1}`, `www-${i + 1}`]),
            );
            expectOneRebootAfterModify(r, FLEET);
            expect((await stack.outputs()).pendingRestart).to.deep.equal([]);
            const after = await instances(stack);
            FLEET.forEach((id, i) => {
                const inst = after.get(id)!;
                expect(inst.status).to.equal("Running");
                expect(inst.guest.hostName, id).to.equal(`www-${i + 1}`);
                expect(inst.guest.bootCount, id).to.equal(before.get(id)!.guest.bootCount + 1);
                expect(inst.restartPending, id).to.deep.equal([]);
            });
        });

        it('after the reboot, switching to "never" changes nothing: no call, and no restart is reported pending', async () => {
            await stack.setConfig("restartPolicy", "never");
            expectNothingToDo(await run("up"));
            expect((await stack.outputs()).pendingRestart).to.deep.equal([]);
        });

        it('switching back to "auto" with no restart pending does not reboot', async () => {
            await stack.setConfig("restartPolicy", "auto");
            const r = await run("up");
            expectNothingToDo(r);
            expect(rebootCalls(r)).to.deep.equal([]);
            expect((await stack.outputs()).pendingRestart).to.deep.equal([]);
        });

        it('restartPolicy "never": the hostnames change, nothing reboots, pendingRestart lists the fleet', async () => {
            await stack.setAllConfig({ restartPolicy: "never", namePrefix: "app" });
            const before = await instances(stack);
            const r = await run("up");
            expect(ops(r, ATTRIBUTES_TYPE)).to.deep.equal(FLEET.map((id) => `web-${id}:update`));
            // Under "never" the reboot child keeps its record and ignores the new triggers.
            expect(ops(r, REBOOT_TYPE)).to.deep.equal(FLEET.map((id) => `web-${id}-restart:same`));
            expect(modifies(r).map((p) => p.HostName)).to.deep.equal(["app-1", "app-2", "app-3"]);
            expect(rebootCalls(r)).to.deep.equal([]);
            expect(mutating(r.calls).filter((a) => a !== "alicloud:ModifyInstanceAttribute")).to.deep.equal([]);
            expect((await stack.outputs()).pendingRestart).to.deep.equal(FLEET);
            const after = await instances(stack);
            FLEET.forEach((id, i) => {
                const inst = after.get(id)!;
                expect(inst.hostName).to.equal(`app-${i + 1}`);
                expect(inst.guest.hostName, id).to.equal(`www-${i + 1}`);
                expect(inst.guest.bootCount, id).to.equal(before.get(id)!.guest.bootCount);
                expect(inst.restartPending, id).to.deep.equal(["HostName"]);
            });
        });

        it('switching back to "auto" reboots each instance once to apply the pending hostname, without modifying it again', async () => {
            await stack.setConfig("restartPolicy", "auto");
            const before = await instances(stack);
            const r = await run("up");
            expect(ops(r, ATTRIBUTES_TYPE)).to.deep.equal(FLEET.map((id) => `web-${id}:same`));
            expect(ops(r, REBOOT_TYPE)).to.deep.equal(FLEET.map((id) => `web-${id}-restart:update`));
            expect(modifies(r)).to.deep.equal([]);
            expect([...rebooted(r)].sort()).to.deep.equal(FLEET);
            expect(rebootCalls(r).filter(isDryRun)).to.have.length(3);
            expect((await stack.outputs()).pendingRestart).to.deep.equal([]);
            const after = await instances(stack);
            FLEET.forEach((id, i) => {
                const inst = after.get(id)!;
                expect(inst.guest.hostName, id).to.equal(`app-${i + 1}`);
                expect(inst.guest.bootCount, id).to.equal(before.get(id)!.guest.bootCount + 1);
                expect(inst.restartPending, id).to.deep.equal([]);
            });
            expectNothingToDo(await run("up"));
        });

        it("printed no credential secret", () => {
            expect(everything.join("\n")).to.not.include("emulator-access-key-secret");
        });
    });

    describe("alicloud.ManagedInstance used directly: password, user data and description", () => {
        const APP = "i-bp1paygrunning00001"; // restartPolicy from config
        const PEER = "i-bp1paygrunning00009"; // always "auto"
        const PASSWORDS = ["E2e#Managed-Pass1", "E2e#Managed-Pass2"];
        const USER_DATA = ["#!/bin/sh\necho managed-e2e-ud-1 > /etc/motd\n", "#!/bin/sh\necho managed-e2e-ud-2 > /etc/motd\n"];
        const b64 = (text: string): string => Buffer.from(text).toString("base64");
        let stack: TestStack;
        const everything: string[] = [];
        const run = checkedRun(() => stack, everything);
        const up = (): Promise<VerbResult> => run("up");
        const outputs = async (): Promise<{ pendingRestart: Record<string, boolean>; rebootCount: Record<string, number> }> =>
            (await stack.outputs()) as { pendingRestart: Record<string, boolean>; rebootCount: Record<string, number> };

        before(async () => {
            stack = await createStack({
                program: MANAGED_FIXTURE,
                visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
                emulator: { timeScale: 0.02 },
                config: {
                    "managed-instance:restartPolicy": "never",
                    "managed-instance:description": "app server, first description",
                    "managed-instance:password": { value: PASSWORDS[0], secret: true },
                    "managed-instance:userData": { value: USER_DATA[0], secret: true },
                },
            });
        });
        after(async () => {
            await stack?.dispose();
        });

        it('adoption sets password and user data; under "auto" one reboot follows the modification, under "never" none', async () => {
            const before = await instances(stack);
            const r = await up();
            expect(modifies(r).map((p) => p.InstanceId)).to.deep.equal([APP, PEER]);
            for (const params of modifies(r)) {
                expect(params).to.include({ Password: "<redacted>", UserData: "<redacted>", Description: "app server, first description" });
                expect(params).to.not.have.property("HostName");
            }
            expectOneRebootAfterModify(r, [PEER]);
            expect(rebootCalls(r).map((c) => c.params?.InstanceId)).to.not.include(APP);
            expect(await outputs()).to.deep.equal({ pendingRestart: { app: true, peer: false }, rebootCount: { app: 0, peer: 1 } });
            const after = await instances(stack);
            expect(after.get(PEER)!.guest.passwordFingerprint).to.equal(sha(PASSWORDS[0]));
            expect(after.get(PEER)!.guest.userDataFingerprint).to.equal(sha(b64(USER_DATA[0])));
            expect(after.get(APP)!.guest).to.deep.equal(before.get(APP)!.guest);
            expect(after.get(APP)!.restartPending).to.have.members(["Password", "UserData"]);
        });

        it('switching "never" → "auto" with the adoption\'s restart pending reboots once, without modifying again', async () => {
            await stack.setConfig("managed-instance:restartPolicy", "auto");
            const r = await up();
            expect(modifies(r)).to.deep.equal([]);
            expect(rebooted(r)).to.deep.equal([APP]);
            expect(rebootCalls(r).filter(isDryRun)).to.have.length(1);
            expect(await outputs()).to.deep.equal({ pendingRestart: { app: false, peer: false }, rebootCount: { app: 1, peer: 1 } });
            const app = (await instances(stack)).get(APP)!;
            expect(app.guest.passwordFingerprint).to.equal(sha(PASSWORDS[0]));
            expect(app.guest.userDataFingerprint).to.equal(sha(b64(USER_DATA[0])));
            expect(app.restartPending).to.deep.equal([]);
        });

        it("a description change is modified without any RebootInstance", async () => {
            await stack.setConfig("managed-instance:description", "app server, second description");
            const r = await up();
            expect(ops(r, ATTRIBUTES_TYPE)).to.deep.equal(["app:update", "peer:update"]);
            expect(ops(r, REBOOT_TYPE)).to.deep.equal(["app-restart:same", "peer-restart:same"]);
            expect(modifies(r)).to.deep.equal(
                [APP, PEER].map((id) => ({ InstanceId: id, RegionId: "cn-hangzhou", Description: "app server, second description" })),
            );
            expect(rebootCalls(r)).to.deep.equal([]);
            expect((await outputs()).pendingRestart).to.deep.equal({ app: false, peer: false });
        });

        it("a password change: one ModifyInstanceAttribute, then exactly one reboot per instance; the guests have the new password", async () => {
            await stack.setConfig("managed-instance:password", PASSWORDS[1], { secret: true });
            const r = await up();
            expect(modifies(r)).to.deep.equal([APP, PEER].map((id) => ({ InstanceId: id, RegionId: "cn-hangzhou", Password: "<redacted>" })));
            expectOneRebootAfterModify(r, [APP, PEER]);
            expect(await outputs()).to.deep.equal({ pendingRestart: { app: false, peer: false }, rebootCount: { app: 2, peer: 2 } });
            const now = await instances(stack);
            for (const id of [APP, PEER]) {
                expect(now.get(id)!.guest.passwordFingerprint, id).to.equal(sha(PASSWORDS[1]));
                expect(now.get(id)!.restartPending, id).to.deep.equal([]);
            }
        });

        it("a user data change: one ModifyInstanceAttribute, then exactly one reboot per instance; the guests booted with it", async () => {
            await stack.setConfig("managed-instance:userData", USER_DATA[1], { secret: true });
            const r = await up();
            expect(modifies(r)).to.deep.equal([APP, PEER].map((id) => ({ InstanceId: id, RegionId: "cn-hangzhou", UserData: "<redacted>" })));
            expectOneRebootAfterModify(r, [APP, PEER]);
            expect(await outputs()).to.deep.equal({ pendingRestart: { app: false, peer: false }, rebootCount: { app: 3, peer: 3 } });
            const now = await instances(stack);
            for (const id of [APP, PEER]) {
                expect(now.get(id)!.guest.userDataFingerprint, id).to.equal(sha(b64(USER_DATA[1])));
                expect(now.get(id)!.restartPending, id).to.deep.equal([]);
            }
        });

        it("a second up is empty; no password or user data in the state or the output", async () => {
            expectNothingToDo(await up());
            const text = stack.stateFileText();
            const all = everything.join("\n");
            for (const secret of [...PASSWORDS, ...USER_DATA, ...USER_DATA.map(b64), "managed-e2e-ud-"]) {
                expect(text).to.not.include(secret);
                expect(all).to.not.include(secret);
            }
        });
    });

    describe("examples/alicloud-reboot-reinit: explicit operations through triggers", () => {
        const PASSWORD = "E2e#Example-Reinit7";
        let stack: TestStack;
        const everything: string[] = [];
        const run = checkedRun(() => stack, everything);

        before(async () => {
            stack = await createStack({
                program: path.join(EXAMPLES, "alicloud-reboot-reinit"),
                visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
                emulator: { timeScale: 0.02 },
                config: {
                    instanceId: "i-bp1paygrunning00001",
                    reinitInstanceId: "i-bp1subsstopped00002",
                    reinitPassword: { value: PASSWORD, secret: true },
                },
            });
        });
        after(async () => {
            await stack?.dispose();
        });

        it("preview succeeds without a call", async () => {
            const r = await run("preview");
            expect(ops(r, REBOOT_TYPE)).to.deep.equal(["reboot:create"]);
            expect(ops(r, REINIT_TYPE)).to.deep.equal(["system-disk:create"]);
            expect(r.calls.filter((c) => c.cloud === "alicloud")).to.deep.equal([]);
        });

        it("up reboots once and re-initialises the system disk once", async () => {
            const r = await run("up");
            expect(rebooted(r)).to.deep.equal(["i-bp1paygrunning00001"]);
            expect(rebootCalls(r).filter(isDryRun)).to.have.length(1);
            expect(r.calls.filter((c) => c.action === "ReInitDisk" && c.code === null).map((c) => c.params?.DiskId)).to.deep.equal([
                "d-bp1syssubsstopped00002",
            ]);
            const outputs = await stack.outputs();
            expect(outputs.reinitDiskId).to.equal("d-bp1syssubsstopped00002");
            expect(outputs.lastRebootRequestId).to.equal(r.calls.find((c) => isReboot(c) && !isDryRun(c))!.requestId);
        });

        // A second up of this program with the same triggers: the demo's step 6c (test/e2e/demo.test.ts).

        it("bumping rebootRevision makes exactly one RebootInstance (plus its dry run) and nothing else", async () => {
            await stack.setConfig("rebootRevision", "2");
            const r = await run("up");
            expect(ops(r, REBOOT_TYPE)).to.deep.equal(["reboot:update"]);
            expect(ops(r, REINIT_TYPE)).to.deep.equal(["system-disk:same"]);
            expect(mutating(r.calls)).to.deep.equal(["alicloud:RebootInstance", "alicloud:RebootInstance"]);
            expect(rebootCalls(r).map((c) => (isDryRun(c) ? `DryRun=${c.code}` : `reboot=${c.code ?? "ok"}`))).to.deep.equal([
                "DryRun=DryRunOperation",
                "reboot=ok",
            ]);
            expect(rebooted(r)).to.deep.equal(["i-bp1paygrunning00001"]);
        });

        it("the reinit password is in neither the state file nor the output", () => {
            expect(stack.stateFileText()).to.not.include(PASSWORD);
            expect(everything.join("\n")).to.not.include(PASSWORD);
        });
    });

    describe("examples/huaweicloud-reinstall: v1 and v2 reinstall jobs through a trigger", () => {
        const ADMIN_PASS = "E2e-Example-Reinstall9";
        const V1_SERVER = "277c9006-6084-45d6-9702-91a3349b38b8"; // SHUTOFF, image without Cloud-Init needs
        const V2_SERVER = "7f3d9350-288d-41dd-9616-195bba332426"; // ACTIVE, key pair KeyPair-350b
        let stack: TestStack;
        const everything: string[] = [];
        const run = checkedRun(() => stack, everything);
        const posts = (r: VerbResult): string[] =>
            r.calls
                .filter((c) => c.cloud === "huaweicloud" && c.action.startsWith("ReinstallServer"))
                .map((c) => c.action)
                .sort();
        const reinstallCounts = async (): Promise<Record<string, number>> => {
            const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as {
                huaweicloud: { servers: Array<{ id: string; guest: { reinstallCount: number } }> };
            };
            const byId = new Map(state.huaweicloud.servers.map((s) => [s.id, s.guest.reinstallCount]));
            return { v1: byId.get(V1_SERVER)!, v2: byId.get(V2_SERVER)! };
        };

        before(async () => {
            stack = await createStack({
                program: path.join(EXAMPLES, "huaweicloud-reinstall"),
                visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
                emulator: { timeScale: 0.01 },
                config: {
                    serverId: V1_SERVER,
                    cloudInitServerId: V2_SERVER,
                    keyName: "KeyPair-350b",
                    userId: "7e25b1da389f4697a79df3a0e5bd494e",
                    adminPass: { value: ADMIN_PASS, secret: true },
                },
            });
        });
        after(async () => {
            await stack?.dispose();
        });

        it("preview succeeds without a call", async () => {
            const r = await run("preview");
            expect(ops(r, REINSTALL_TYPE)).to.deep.equal(["app-server:create", "web-server:create"]);
            expect(r.calls.filter((c) => c.cloud === "huaweicloud")).to.deep.equal([]);
        });

        it("up runs one v1 and one v2 reinstall job to SUCCESS", async () => {
            const r = await run("up");
            expect(posts(r)).to.deep.equal(["ReinstallServerWithCloudInit", "ReinstallServerWithoutCloudInit"]);
            const v1 = r.calls.find((c) => c.action === "ReinstallServerWithoutCloudInit")!.params as { "os-reinstall": Record<string, unknown> };
            expect(v1["os-reinstall"]).to.deep.equal({ adminpass: "<redacted>", mode: "withStopServer" });
            const v2 = r.calls.find((c) => c.action === "ReinstallServerWithCloudInit")!.params as { "os-reinstall": Record<string, unknown> };
            expect(v2["os-reinstall"]).to.deep.include({ keyname: "KeyPair-350b", userid: "7e25b1da389f4697a79df3a0e5bd494e", mode: "withStopServer" });
            expect(v2["os-reinstall"].metadata).to.deep.include({ user_data: "<redacted>" });

            const { jobs } = (await stack.outputs()) as { jobs: Record<"appServer" | "webServer", { jobId: string; status: string }> };
            expect(jobs.appServer.status).to.equal("SUCCESS");
            expect(jobs.webServer.status).to.equal("SUCCESS");
            const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as {
                huaweicloud: { jobs: Array<{ jobId: string; serverId: string; api: string; status: string }> };
            };
            const byId = new Map(state.huaweicloud.jobs.map((j) => [j.jobId, j]));
            expect(byId.get(jobs.appServer.jobId)).to.include({ serverId: V1_SERVER, api: "v1", status: "SUCCESS" });
            expect(byId.get(jobs.webServer.jobId)).to.include({ serverId: V2_SERVER, api: "v2", status: "SUCCESS" });
            expect(await reinstallCounts()).to.deep.equal({ v1: 1, v2: 1 });
        });

        it("a second up reports only same and makes no mutating call", async () => {
            expectNothingToDo(await run("up"));
        });

        it("bumping reinstallRevision makes exactly one more reinstall POST per server", async () => {
            await stack.setConfig("reinstallRevision", "2");
            const r = await run("up");
            expect(ops(r, REINSTALL_TYPE)).to.deep.equal(["app-server:update", "web-server:update"]);
            expect(posts(r)).to.deep.equal(["ReinstallServerWithCloudInit", "ReinstallServerWithoutCloudInit"]);
            expect(mutating(r.calls).sort()).to.deep.equal(["huaweicloud:ReinstallServerWithCloudInit", "huaweicloud:ReinstallServerWithoutCloudInit"]);
            expect(await reinstallCounts()).to.deep.equal({ v1: 2, v2: 2 });
            const { jobs } = (await stack.outputs()) as { jobs: Record<string, { status: string }> };
            expect(jobs.appServer.status).to.equal("SUCCESS");
            expect(jobs.webServer.status).to.equal("SUCCESS");
        });

        it("adminPass is in neither the state file nor the output", async () => {
            expect(stack.stateFileText()).to.not.include(ADMIN_PASS);
            expect(everything.join("\n")).to.not.include(ADMIN_PASS);
            expect(JSON.stringify(await stack.outputs())).to.not.include(ADMIN_PASS);
        });
    });
});
