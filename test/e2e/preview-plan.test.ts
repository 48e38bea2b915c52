// The preview is the plan: for every operation `up` will perform — a reboot (explicit, or the
// ManagedInstance's restart), a disk re-initialisation, an OS reinstall, the resumption of a pending
// job, a stop/start for stopIfNeeded — `pulumi preview --diff` shows on that resource what will
// happen, to which target and why (`plannedOperation`, destructive ones marked DESTRUCTIVE), and so
// does `pulumi preview --json`; nothing when nothing will run; `up` then makes exactly those calls.
// (The preview of a resumed reinstall job is covered against the provider in huaweicloud-reinstall.test.ts.)
// Restart state converges: a drift correction under "auto" is followed by one reboot; under "never"
// a restart stays pending until one is observed. After a refresh with drift, no phantom lines.
import RPCClient from "@alicloud/pop-core";
import { expect } from "chai";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { createStack, E2E_VISIBILITY_GRACE_MS, type TestStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "preview-trust");
const ALI = "i-bp1paygrunning00001";
const STOPPED = "i-bp1subsstopped00002";
const SERVER = "277c9006-6084-45d6-9702-91a3349b38b8";

/** The calls that change something (reads and dry runs left out), as `Action` or `Action(DryRun)`. */
/** The tag writes of ecs-ops' operation record (README "Exactly once") and of its owner tag (docs/ownership.md): bookkeeping beside an operation, not one. */
const RECORD_WRITES = new Set(["TagResources", "UntagResources", "BatchCreateServerTags", "BatchDeleteServerTags"]);

function changing(calls: CallRecord[]): string[] {
    for (const c of calls.filter((r) => RECORD_WRITES.has(r.action))) {
        expect(JSON.stringify(c.params ?? {}), `${c.action} writes only ecs-ops' own record or owner tag`).to.match(/ecs-ops-(reboot|reinit|reinstall|owner)/);
    }
    return calls
        .filter((c) => !/^(Describe|Show|List)/.test(c.action) && !RECORD_WRITES.has(c.action))
        .map((c) => (c.code === "DryRunOperation" ? `${c.action}(DryRun)` : c.action))
        .filter((a) => !a.endsWith("(DryRun)"));
}

/** The plan of each resource of a `preview --json`, by resource name (steps that are not `same`). */
function plans(r: VerbResult): Record<string, string> {
    const doc = r.json as { steps?: Array<{ op: string; urn: string; newState?: { inputs?: Record<string, unknown> } }> };
    const out: Record<string, string> = {};
    for (const step of doc.steps ?? []) {
        const plan = step.newState?.inputs?.plannedOperation;
        if (typeof plan === "string" && step.op !== "same") out[step.urn.split("::").pop()!] = plan;
    }
    return out;
}

/** `preview --json` (the PR bot's view) and, with `withText`, `preview --diff` (the reviewer's). Neither changes anything. */
async function previewBoth(stack: TestStack, withText = true): Promise<{ json: VerbResult; text: string }> {
    const json = await stack.preview();
    expect(changing(json.calls)).to.deep.equal([]);
    const text = withText ? (await stack.run(["preview", "--diff"])).stdout : "";
    return { json, text };
}

describe("e2e: the preview is the plan", function () {
    this.timeout(600_000);

    describe("ManagedInstance under restartPolicy auto", () => {
        let stack: TestStack;
        before(async () => {
            stack = await createStack({
                program: PROGRAM,
                visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
                emulator: { timeScale: 0.02 },
                config: { case: "managedPlan", hostName: "web-1" },
            });
        });
        after(() => stack?.dispose());

        it("adoption: the preview names the reboot, its instance and its condition; up does just that", async () => {
            const { json, text } = await previewBoth(stack);
            const p = plans(json);
            expect(p["app-restart"]).to.match(
                new RegExp(`^reboot instance ${ALI} \\(restart\\) once it is taken under management, if a restart is pending then`),
            );
            expect(p.app).to.match(/password take effect only after the instance is restarted, where adopting instance .* \(a password is always set\)/);
            expect(text).to.include(`plannedOperation: "reboot instance ${ALI} (restart) once it is taken under management`);
            const up = await stack.up();
            expect(changing(up.calls)).to.deep.equal(["ModifyInstanceAttribute", "RebootInstance"]);
            expect(await stack.outputs()).to.deep.include({ pendingRestart: false, rebootCount: 1 });
        });

        it("nothing to do: no operation shown", async () => {
            const { json, text } = await previewBoth(stack);
            expect(plans(json)).to.deep.equal({});
            expect(text).to.not.match(/reboot instance|DESTRUCTIVE/);
        });

        it("a hostName change: the reboot's triggers show as changed with the reason; one modify, one reboot", async () => {
            await stack.setConfig("hostName", "web-9");
            const { json, text } = await previewBoth(stack);
            expect(plans(json)["app-restart"]).to.equal(`reboot instance ${ALI} (restart): hostName changes`);
            expect(text).to.match(/~ plannedOperation: "[^"]*" => "reboot instance i-bp1paygrunning00001 \(restart\): hostName changes"/);
            expect(text).to.match(/~ hostName: "web-1" => "web-9"/);
            expect(text).to.match(/~ revision: 1 => 2/);
            expect(text).to.not.include("[secret] => [secret]");
            const up = await stack.up();
            expect(changing(up.calls)).to.deep.equal(["ModifyInstanceAttribute", "RebootInstance"]);
            expect(await stack.outputs()).to.deep.include({ pendingRestart: false, rebootCount: 2 });
        });

        it("a drift correction after refresh: no phantom line, one modify, one reboot, nothing pending", async () => {
            const client = new RPCClient({
                endpoint: stack.emulatorUrl!,
                apiVersion: "2014-05-26",
                accessKeyId: "LTAI5tEmulatorAccessKey",
                accessKeySecret: "emulator-access-key-secret",
            });
            await client.request("ModifyInstanceAttribute", { RegionId: "cn-hangzhou", InstanceId: ALI, HostName: "changed-by-hand" }, { method: "POST" });
            await stack.refresh();
            const { json, text } = await previewBoth(stack);
            expect(plans(json)["app-restart"]).to.equal(`reboot instance ${ALI} (restart): hostName changes`);
            expect(text).to.match(/~ hostName\s*: "changed-by-hand" => "web-9"/);
            // Only real differences: no `- region`, no `+`/`-` of a property the program never managed.
            expect(text).to.not.match(/^\s*[-+] (region|password|userData|description|instanceName)\b/m);
            const up = await stack.up();
            expect(changing(up.calls)).to.deep.equal(["ModifyInstanceAttribute", "RebootInstance"]);
            expect(await stack.outputs()).to.deep.include({ pendingRestart: false, rebootCount: 3 });
            const again = await stack.up();
            expect(changing(again.calls)).to.deep.equal([]);
            expect(await stack.outputs()).to.deep.include({ pendingRestart: false });
        });
    });

    describe("ManagedInstance under restartPolicy never", () => {
        let stack: TestStack;
        before(async () => {
            stack = await createStack({
                program: PROGRAM,
                visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
                emulator: { timeScale: 0.02 },
                config: { case: "managedPlan", restartPolicy: "never" },
            });
        });
        after(() => stack?.dispose());

        it("a restart stays pending, with no reboot planned or made, until one is observed", async () => {
            const { json } = await previewBoth(stack, false);
            expect(plans(json)["app-restart"]).to.equal("none");
            const up = await stack.up();
            expect(changing(up.calls)).to.deep.equal(["ModifyInstanceAttribute"]);
            expect((await stack.outputs()).pendingRestart).to.equal(true);
            const again = await stack.up();
            expect(changing(again.calls)).to.deep.equal([]);
            expect((await stack.outputs()).pendingRestart).to.equal(true);
            // Someone restarts it from the console; a refresh observes it.
            const client = new RPCClient({
                endpoint: stack.emulatorUrl!,
                apiVersion: "2014-05-26",
                accessKeyId: "LTAI5tEmulatorAccessKey",
                accessKeySecret: "emulator-access-key-secret",
            });
            await client.request("RebootInstance", { RegionId: "cn-hangzhou", InstanceId: ALI }, { method: "POST" });
            for (let i = 0; i < 100; i++) {
                const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as {
                    alicloud: { instances: Array<{ instanceId: string; status: string }> };
                };
                if (state.alicloud.instances.find((x) => x.instanceId === ALI)!.status === "Running") break;
                await new Promise((r) => setTimeout(r, 200));
            }
            await stack.refresh();
            const after = await stack.up();
            expect(changing(after.calls)).to.deep.equal([]);
            expect((await stack.outputs()).pendingRestart).to.equal(false);
        });
    });

    describe("destructive operations and a stop/start", () => {
        let stack: TestStack;
        before(async () => {
            stack = await createStack({
                program: PROGRAM,
                visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
                emulator: { timeScale: 0.05 },
                config: { case: "operations" },
            });
        });
        after(() => stack?.dispose());

        it("creation: each plan names the operation and its target, destructive ones marked; up does exactly that", async () => {
            const { json, text } = await previewBoth(stack);
            const p = plans(json);
            expect(p.wipe).to.equal(
                `DESTRUCTIVE: re-initialise the system disk of instance ${STOPPED}, erasing everything on it; binds key pair ops-key (the re-initialisation resource is created)`,
            );
            expect(p.os).to.equal(
                `DESTRUCTIVE: reinstall the OS of server ${SERVER}, erasing its system disk (reinstallos v1; stops the server first if it is running): the reinstall resource is created`,
            );
            // An adoption records the owning stack first (docs/ownership.md), then does the resource's own work.
            expect(p.cpu).to.equal(
                `record ownership: tag ecs-ops-owner=${stack.projectName}.${stack.stackName} on instance ${ALI}; ` +
                    `stop instance ${ALI} if it is Running, change cpuOptions, start it again (stopIfNeeded)`,
            );
            expect(text).to.include(`plannedOperation: "DESTRUCTIVE: reinstall the OS of server ${SERVER}`);
            const up = await stack.up();
            expect(changing(up.calls).sort()).to.deep.equal([
                "ModifyInstanceAttribute",
                "ReInitDisk",
                "ReinstallServerWithoutCloudInit",
                "StartInstance",
                "StopInstance",
            ]);
        });

        it("a trigger change: the two destructive operations planned with the reason, nothing else; up does exactly that", async () => {
            await stack.setConfig("revision", "2");
            const { json, text } = await previewBoth(stack);
            const p = plans(json);
            expect(Object.keys(p).sort()).to.deep.equal(["os", "wipe"]);
            expect(p.wipe).to.match(/^DESTRUCTIVE: re-initialise the system disk of instance .* \(triggers\[0\] changed\)$/);
            expect(p.os).to.match(/^DESTRUCTIVE: reinstall the OS of server .*: triggers\[0\] changed$/);
            expect(text).to.match(/~ plannedOperation: "[^"]*" => "DESTRUCTIVE: reinstall the OS/);
            const up = await stack.up();
            expect(changing(up.calls).sort()).to.deep.equal(["ReInitDisk", "ReinstallServerWithoutCloudInit"]);
        });
    });

    describe("import", () => {
        let stack: TestStack;
        before(async () => {
            stack = await createStack({ program: PROGRAM, emulator: { timeScale: 0.02 }, config: { case: "import" } });
        });
        after(() => stack?.dispose());

        it("the import option fails at once, saying adoption is the model and showing the line to write", async () => {
            const r = await stack.preview({ allowFailure: true });
            expect(r.exitCode).to.not.equal(0);
            const text = r.diagnostics.map((d) => d.message).join("\n");
            expect(text).to.include("adoption is the model");
            expect(text).to.include(`Remove the import option and write: new alicloud.InstanceAttributes("web", { instanceId: "${ALI}"`);
            expect(text).to.not.include("code must be a string");
            expect(r.calls).to.deep.equal([]);
        });

        it("pulumi import of each ecs-ops type fails at once with the program line to write, and changes nothing", async () => {
            await stack.setConfig("case", "valid");
            const targets: Array<[string, string, string]> = [
                ["alicloud.InstanceAttributes", "instanceId", ALI],
                ["alicloud.DiskReinit", "diskId", "d-bp1imported0000001"],
                ["huaweicloud.ServerReinstall", "serverId", "0b1c2d3e-imported"],
            ];
            for (const [type, idInput, id] of targets) {
                await stack.clearEmulatorCalls();
                const r = await stack.run(["import", `pulumi-nodejs:dynamic/ecs-ops:${type}`, "adopted", id, "--yes"], {
                    allowFailure: true,
                    timeoutMs: 120_000,
                });
                const text = `${r.stdout}\n${r.stderr}`;
                expect(r.exitCode, text).to.not.equal(0);
                expect(text).to.include("adoption is the model");
                expect(text).to.include(`add to the program: new ${type}("adopted", { ${idInput}: "${id}"`);
                expect(text).to.not.match(/toJavaScript|code must be a string|at Object\.|\.js:\d+/);
                expect(await stack.emulatorCalls()).to.deep.equal([]);
            }
            const state = await stack.exportState();
            expect(JSON.stringify(state)).to.not.include("adopted");
        });
    });
});
