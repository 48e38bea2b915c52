// Stacks created with release 0.1.0 keep working: a stack recorded by ecs-ops 0.1.0 (every resource
// kind and component, secret inputs, triggers; test/e2e/fixtures/upgrade-0.1.0, recorded once by its
// record.ts) is imported with its secrets, and today's code runs the same program over it against the
// emulator world recorded with it (the emulator started from that state file):
//   - refresh changes nothing, neither in the cloud (call log) nor in the state (outputs, secrets
//     decrypted);
//   - the one visible change since 0.1.0 is ownership (docs/ownership.md): the first preview plans one
//     update of each attributes resource whose only plan is recording the owning stack on its instance
//     (no changing call); the up makes only those tag writes and adds only `owner` to the outputs; the
//     next up (`--expect-no-changes`) and preview are empty;
//   - a new `revision` changes every trigger once: each operation runs exactly once (call log and
//     what took effect in the world), and a second `up` runs none;
//   - destroy works, and removes the owner tags the up wrote.
// The recorded state names each handler by its 0.1.0 module path (`ecs-ops/dist/provider/<cloud>/
// <file>-handler`); a later layout must keep those paths resolvable for refresh and delete.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { attributeResources, ownedBy, ownerTagsOf, plannedOperationOf, recordOwnershipPlan, takenTargets } from "../support/owner-tags";
import { createStack, E2E_VISIBILITY_GRACE_MS, emulatorEndpoints, type StackExport, type StateResource, type TestStack, type VerbResult } from "./kit";

const FIXTURES = path.join(__dirname, "fixtures", "upgrade-0.1.0");

interface Recording {
    ecsOpsVersion: string;
    project: string;
    stack: string;
    passphrase: string;
    secrets: Record<string, string>;
    emulator: { timeScale: number; url: string };
}

const recording = JSON.parse(fs.readFileSync(path.join(FIXTURES, "recording.json"), "utf8")) as Recording;

/** Every resource kind and component the recorded stack holds. */
const KINDS = [
    "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceAttributes",
    "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceReboot",
    "pulumi-nodejs:dynamic/ecs-ops:alicloud.DiskReinit",
    "ecs-ops:alicloud:ManagedInstance",
    "ecs-ops:alicloud:InstanceFleet",
    "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerAttributes",
    "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerReboot",
    "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerReinstall",
    "ecs-ops:huaweicloud:ManagedServer",
    "ecs-ops:huaweicloud:ServerFleet",
];

/** The owner this stack records: `<project>.<stack>`. */
const OWNER = `${recording.project}.${recording.stack}`;

/** The instances each Alibaba reboot targets: the raw reboot, ManagedInstance's restart, the fleet's two. */
const ALI_REBOOTED = ["i-bp1paygrunning00010", "i-bp1paygrunning00001", "i-bp1paygrunning00009", "i-bp1spotinstance0008"];
/** The instances whose system disk is re-initialised: the raw DiskReinit, ManagedInstance's. */
const ALI_REINIT = ["i-bp1subsstopped00002", "i-bp1paygrunning00001"];
/** The servers each Huawei reboot targets: the raw reboot, ManagedServer's restart, the fleet's two. */
const HW_REBOOTED = [
    "0e1a9c5e-0000-4000-8000-000000000002",
    "7f3d9350-288d-41dd-9616-195bba332426",
    "0e1a9c5e-0000-4000-8000-000000000003",
    "0e1a9c5e-0000-4000-8000-000000000004",
];
/** The servers reinstalled: the raw v1 reinstall, ManagedServer's v2 one, the fleet's two v1. */
const HW_REINSTALLED = [
    "277c9006-6084-45d6-9702-91a3349b38b8",
    "7f3d9350-288d-41dd-9616-195bba332426",
    "0e1a9c5e-0000-4000-8000-000000000003",
    "0e1a9c5e-0000-4000-8000-000000000004",
];

/** A call that reads (or only checks, DryRun): anything else would change the cloud. */
function reads(c: CallRecord): boolean {
    return /^(Describe|List|Show|Get)/.test(c.action) || c.params?.DryRun === "true";
}

function changing(calls: CallRecord[]): string[] {
    return calls.filter((c) => !reads(c)).map((c) => `${c.cloud} ${c.action} ${JSON.stringify(c.params ?? {})}`);
}

/** Accepted (not dry-run) calls of an action. */
function accepted(calls: CallRecord[], action: string): CallRecord[] {
    return calls.filter((c) => c.action === action && c.code === null && c.status < 300 && c.params?.DryRun !== "true");
}

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

interface World {
    alicloud: {
        instances: Array<{ instanceId: string; guest: { bootCount: number } }>;
        disks: Array<{ diskId: string; instanceId: string | null; type: string; reInitCount: number }>;
    };
    huaweicloud: { servers: Array<{ id: string; name: string; power?: { boots: number }; guest: { reinstallCount: number } }> };
}

/** What the operations left in the world: boots, re-initialisations and reinstalls per target. */
async function counters(stack: TestStack): Promise<Record<string, number>> {
    const w = (await stack.emulatorRequest("GET", "/_emulator/state")) as World;
    const out: Record<string, number> = {};
    for (const id of ALI_REBOOTED) out[`boot ${id}`] = w.alicloud.instances.find((i) => i.instanceId === id)!.guest.bootCount;
    for (const id of ALI_REINIT) out[`reinit ${id}`] = w.alicloud.disks.find((d) => d.instanceId === id && d.type === "system")!.reInitCount;
    for (const id of HW_REBOOTED) out[`boot ${id}`] = w.huaweicloud.servers.find((s) => s.id === id)!.power?.boots ?? 0;
    for (const id of HW_REINSTALLED) out[`reinstall ${id}`] = w.huaweicloud.servers.find((s) => s.id === id)!.guest.reinstallCount;
    return out;
}

/** Each resource's inputs and outputs, secrets decrypted, by URN. */
async function decryptedState(stack: TestStack): Promise<Map<string, StateResource>> {
    const r = await stack.run(["stack", "export", "--show-secrets"]);
    const exported = JSON.parse(r.stdout) as StackExport;
    return new Map((exported.deployment.resources ?? []).map((res) => [res.urn, res]));
}

/** Outputs of every resource, without the handler module text (`__provider`, which a later layout may rename). */
function outputsOf(state: Map<string, StateResource>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [urn, res] of state) {
        const { __provider: _p, ...outputs } = res.outputs ?? {};
        out[urn] = outputs;
    }
    return out;
}

/** The outputs that differ, one line each: `<resource name> <key>: <before> -> <after>`. */
function differences(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
    const out: string[] = [];
    for (const urn of new Set([...Object.keys(before), ...Object.keys(after)])) {
        const b = (before[urn] ?? {}) as Record<string, unknown>;
        const a = (after[urn] ?? {}) as Record<string, unknown>;
        for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
            const was = JSON.stringify(b[key]);
            const is = JSON.stringify(a[key]);
            if (was !== is) out.push(`${urn.split("::").pop()} ${key}: ${was} -> ${is}`);
        }
    }
    return out;
}

describe("e2e: a stack recorded with release 0.1.0 keeps working (import, no-change runs, triggers, destroy)", function () {
    this.timeout(300_000);
    let stack: TestStack;
    let worldDir: string;

    before(async () => {
        // The emulator writes its state file: it gets a copy of the recorded world.
        worldDir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-upgrade-"));
        const stateFile = path.join(worldDir, "world.json");
        fs.copyFileSync(path.join(FIXTURES, "world.json"), stateFile);
        stack = await createStack({
            program: path.join(FIXTURES, "program"),
            stackName: recording.stack,
            emulator: { timeScale: recording.emulator.timeScale, stateFile },
            noDefaultConfig: true,
            env: { PULUMI_CONFIG_PASSPHRASE: recording.passphrase },
            visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
        });
        // The recorded stack config (its encryption salt, credentials, secrets), the new emulator's endpoints.
        fs.copyFileSync(path.join(FIXTURES, `Pulumi.${recording.stack}.yaml`), path.join(stack.projectDir, `Pulumi.${recording.stack}.yaml`));
        await stack.setAllConfig(emulatorEndpoints(stack.emulatorUrl!));
        // The stack's default provider recorded the whole stack config, the endpoints with the port of the
        // recording's emulator: pointed at this one, as a user moving endpoints would (`refresh` and
        // `destroy` configure the provider from the state).
        const deployment = fs.readFileSync(path.join(FIXTURES, "stack.json"), "utf8").split(recording.emulator.url).join(stack.emulatorUrl!);
        fs.writeFileSync(path.join(worldDir, "stack.json"), deployment);
        await stack.run(["stack", "import", "--file", path.join(worldDir, "stack.json")]);
    });
    after(async () => {
        await stack?.dispose();
        if (worldDir) fs.rmSync(worldDir, { recursive: true, force: true });
    });

    it("the imported state is 0.1.0's: every kind, handlers at their 0.1.0 paths, secrets encrypted", async () => {
        expect(recording.ecsOpsVersion).to.equal("0.1.0");
        const exported = await stack.exportState();
        const resources = exported.deployment.resources ?? [];
        expect([...new Set(resources.map((r) => r.type))]).to.include.members(KINDS);
        const dynamic = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
        for (const r of dynamic) {
            expect(String(r.inputs?.__provider), r.urn).to.match(
                /^exports\.handler = \(\) => require\("ecs-ops\/dist\/provider\/(alicloud|huaweicloud)\/[a-z-]+-handler"\)\.handler;$/,
            );
        }
        const text = stack.stateFileText();
        for (const [name, value] of Object.entries(recording.secrets)) expect(text, name).to.not.include(JSON.stringify(value).slice(1, -1));
    });

    it("preview plans only the recording of ownership: an update of each attributes resource whose plan is the tag, no changing call", async () => {
        const preview = await stack.preview();
        expect(preview.exitCode, printed(preview)).to.equal(0);
        const changed = preview.steps.filter((s) => s.op !== "same");
        const attributes = attributeResources((await stack.exportState()).deployment.resources ?? []);
        expect(attributes).to.have.length(8);
        expect(changed.map((s) => `${s.op} ${s.urn}`).sort()).to.deep.equal(attributes.map((r) => `update ${r.urn}`).sort());
        for (const step of changed) expect(plannedOperationOf(preview.json, step.urn), step.name).to.match(recordOwnershipPlan(OWNER));
        expect(changing(preview.calls)).to.deep.equal([]);
        expect(ownerTagsOf(await stack.emulatorRequest("GET", "/_emulator/state"))).to.deep.equal({});
    });

    it("refresh changes nothing: no changing call, the same outputs", async () => {
        const before = outputsOf(await decryptedState(stack));
        const refresh = await stack.refresh();
        expect(refresh.exitCode, printed(refresh)).to.equal(0);
        expect(changing(refresh.calls)).to.deep.equal([]);
        expect(refresh.calls.length, "refresh reads the cloud").to.be.greaterThan(0);
        expect(Object.keys(refresh.changes)).to.deep.equal(["same"]);
        expect(differences(before, outputsOf(await decryptedState(stack)))).to.deep.equal([]);
    });

    it("up records ownership and nothing else: only owner tag writes, outputs gaining only the owner; the next up is empty", async () => {
        const before = outputsOf(await decryptedState(stack));
        const up = await stack.up();
        expect(up.exitCode, printed(up)).to.equal(0);
        const writes = up.calls.filter((c) => !reads(c));
        expect(writes.length).to.be.greaterThan(0);
        for (const c of writes) {
            expect(c.action).to.be.oneOf(["TagResources", "BatchCreateServerTags"]);
            expect(JSON.stringify(c.params)).to.include("ecs-ops-owner").and.include(OWNER);
        }
        const resources = (await stack.exportState()).deployment.resources ?? [];
        expect(ownerTagsOf(await stack.emulatorRequest("GET", "/_emulator/state"))).to.deep.equal(ownedBy(takenTargets(resources), OWNER));
        const changed = differences(before, outputsOf(await decryptedState(stack)));
        const recorded = attributeResources(resources).map((r) => `${r.urn.split("::").pop()} owner: undefined -> ${JSON.stringify(OWNER)}`);
        expect(changed.filter((line) => / owner: /.test(line)).sort()).to.deep.equal(recorded.sort());
        for (const line of changed.filter((l) => !/ owner: /.test(l))) expect(line).to.match(/^\S+ plannedOperation: .* -> "record ownership: [^"]*"$/);
        const again = await stack.up({ args: ["--expect-no-changes"] });
        expect(again.exitCode, printed(again)).to.equal(0);
        expect(changing(again.calls)).to.deep.equal([]);
        const preview = await stack.preview();
        expect(Object.keys(preview.changes)).to.deep.equal(["same"]);
        expect(preview.calls).to.deep.equal([]);
    });

    it("a new revision changes every trigger once: each operation runs exactly once", async () => {
        const before = await counters(stack);
        const outputsBefore = await stack.outputs();
        await stack.setConfig(`${recording.project}:revision`, "2");
        const up = await stack.up();
        expect(up.exitCode, printed(up)).to.equal(0);
        const calls = up.calls;

        const aliReboots = accepted(calls, "RebootInstance").map((c) => String(c.params?.InstanceId));
        expect(aliReboots.sort()).to.deep.equal([...ALI_REBOOTED].sort());
        const reinitDisks = accepted(calls, "ReInitDisk").map((c) => String(c.params?.DiskId));
        expect(reinitDisks).to.have.length(ALI_REINIT.length);
        expect(new Set(reinitDisks).size).to.equal(ALI_REINIT.length);
        const hwReboots = accepted(calls, "BatchRebootServers").flatMap((c) =>
            ((c.params?.reboot as { servers?: Array<{ id: string }> })?.servers ?? []).map((s) => s.id),
        );
        expect(hwReboots.sort()).to.deep.equal([...HW_REBOOTED].sort());
        expect(accepted(calls, "ReinstallServerWithoutCloudInit")).to.have.length(3);
        expect(accepted(calls, "ReinstallServerWithCloudInit")).to.have.length(1);

        const after = await counters(stack);
        const delta = Object.fromEntries(Object.keys(before).map((key) => [key, after[key] - before[key]]));
        // One each; instance …00001 boots twice: its restart, then the start after its system disk's re-initialisation.
        const expected = Object.fromEntries(Object.keys(before).map((key) => [key, key === "boot i-bp1paygrunning00001" ? 2 : 1]));
        expect(delta).to.deep.equal(expected);

        const outputs = await stack.outputs();
        for (const key of ["aliRebootCount", "aliReinitCount", "hwRebootCount", "hwReinstallCount"])
            expect(outputs[key], key).to.equal(Number(outputsBefore[key]) + 1);
        expect(outputs).to.include({ aliManagedPendingRestart: false, hwManagedPendingRestart: false });
    });

    it("a second up runs no operation and makes no changing call", async () => {
        const up = await stack.up({ args: ["--expect-no-changes"] });
        expect(up.exitCode, printed(up)).to.equal(0);
        expect(changing(up.calls)).to.deep.equal([]);
    });

    it("destroy works: every resource released, no operation run, the owner tags removed", async () => {
        const destroy = await stack.destroy();
        expect(destroy.exitCode, printed(destroy)).to.equal(0);
        expect(destroy.changes.delete).to.be.greaterThan(KINDS.length);
        for (const op of ["RebootInstance", "ReInitDisk", "BatchRebootServers", "ReinstallServerWithoutCloudInit", "ReinstallServerWithCloudInit"]) {
            expect(accepted(destroy.calls, op), op).to.have.length(0);
        }
        expect(ownerTagsOf(await stack.emulatorRequest("GET", "/_emulator/state"))).to.deep.equal({});
        const exported = await stack.exportState();
        expect((exported.deployment.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"))).to.have.length(
            0,
        );
    });
});
