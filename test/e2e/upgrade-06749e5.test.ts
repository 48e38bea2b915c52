// Stacks created with the release at commit 06749e5 keep working. That release added fleets chosen by
// a tag selector (with their FleetMembership guard), the look-ups, the stable registry module named
// in `__provider`, and the provider plugin. Two stacks recorded by it (test/e2e/fixtures/upgrade-06749e5,
// recorded once by its record.ts) are imported with their secrets, and today's code runs the same
// programs over them, each against the emulator world recorded with it:
//   - `ts`: selector fleets on both clouds, per-member overrides, a look-up (TypeScript, dynamic providers);
//   - `yaml`: adopted attributes, a reboot and a reinstall through the provider plugin, from Pulumi YAML.
// For each: refresh changes nothing; the one visible change since that release is ownership
// (docs/ownership.md): preview plans one update of each attributes resource whose only plan is
// recording the owning stack on its instance, with no changing call; the up makes only those tag
// writes, and the next up (`--expect-no-changes`) and preview are empty; a new revision runs each
// operation exactly once; a second `up` runs none; destroy releases everything, runs no operation and
// removes the owner tags.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { attributeResources, ownedBy, ownerTagsOf, plannedOperationOf, recordOwnershipPlan, takenTargets } from "../support/owner-tags";
import { createStack, E2E_VISIBILITY_GRACE_MS, emulatorEndpoints, ensureCli, type TestStack, type VerbResult } from "./kit";

const FIXTURES = path.join(__dirname, "fixtures", "upgrade-06749e5");

interface Recording {
    commit: string;
    passphrase: string;
    secrets: Record<string, string>;
    stacks: Record<"ts" | "yaml", { project: string; emulator: { timeScale: number; url: string } }>;
}

const recording = JSON.parse(fs.readFileSync(path.join(FIXTURES, "recording.json"), "utf8")) as Recording;

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

/** The Alibaba instances rebooted by accepted calls, sorted. */
function aliReboots(calls: CallRecord[]): string[] {
    return accepted(calls, "RebootInstance")
        .map((c) => String(c.params?.InstanceId))
        .sort();
}

/** Accepted Huawei reinstall calls (v1 and v2, with and without cloud-init). */
function reinstallCalls(calls: CallRecord[]): number {
    return calls.filter((c) => /^Reinstall/.test(c.action) && c.code === null && c.status < 300).length;
}

/** Each Huawei server's reinstall count in the emulator's world. */
async function reinstallCounts(stack: TestStack): Promise<Record<string, number>> {
    const w = (await stack.emulatorRequest("GET", "/_emulator/state")) as {
        huaweicloud: { servers: Array<{ id: string; guest: { reinstallCount: number } }> };
    };
    return Object.fromEntries(w.huaweicloud.servers.map((s) => [s.id, s.guest.reinstallCount]));
}

/** The servers whose reinstall count moved between two readings, with how much. */
function moved(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
    return Object.fromEntries(
        Object.keys(after)
            .filter((id) => after[id] !== before[id])
            .map((id) => [id, after[id] - (before[id] ?? 0)]),
    );
}

/** The Huawei servers rebooted by accepted calls, sorted. */
function hwReboots(calls: CallRecord[]): string[] {
    return accepted(calls, "BatchRebootServers")
        .flatMap((c) => ((c.params?.reboot as { servers?: Array<{ id: string }> })?.servers ?? []).map((s) => s.id))
        .sort();
}

/** Whether the YAML language host is on the CLI's PATH (built beside pulumi by scripts/ensure-pulumi.js). */
async function hasYamlHost(): Promise<boolean> {
    const cli = await ensureCli();
    return cli.env.PATH.split(path.delimiter).some((dir) => dir !== "" && fs.existsSync(path.join(dir, "pulumi-language-yaml")));
}

/** Imports the recorded stack `name` into a throwaway project running its program, against a copy of its world. */
async function importRecorded(name: "ts" | "yaml", dir: string): Promise<TestStack> {
    const rec = recording.stacks[name];
    const stateFile = path.join(dir, "world.json");
    fs.copyFileSync(path.join(FIXTURES, `${name}.world.json`), stateFile);
    const stack = await createStack({
        program: path.join(FIXTURES, name === "ts" ? "program" : "yaml"),
        stackName: name,
        emulator: { timeScale: rec.emulator.timeScale, stateFile },
        noDefaultConfig: true,
        env: { PULUMI_CONFIG_PASSPHRASE: recording.passphrase },
        visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
    });
    fs.copyFileSync(path.join(FIXTURES, `Pulumi.${name}.yaml`), path.join(stack.projectDir, `Pulumi.${name}.yaml`));
    await stack.setAllConfig(emulatorEndpoints(stack.emulatorUrl!));
    // The providers recorded the endpoints with the port of the recording's emulator: pointed at this
    // one, as a user moving endpoints would (`refresh` and `destroy` configure providers from the state).
    const deployment = fs
        .readFileSync(path.join(FIXTURES, `${name}.stack.json`), "utf8")
        .split(rec.emulator.url)
        .join(stack.emulatorUrl!);
    fs.writeFileSync(path.join(dir, "stack.json"), deployment);
    await stack.run(["stack", "import", "--file", path.join(dir, "stack.json")]);
    return stack;
}

for (const name of ["ts", "yaml"] as const) {
    describe(`e2e: a ${name === "ts" ? "TypeScript" : "YAML (provider plugin)"} stack recorded with the release at 06749e5 keeps working`, function () {
        this.timeout(300_000);
        let stack: TestStack;
        let dir: string;
        const project = recording.stacks[name].project;

        before(async function () {
            if (name === "yaml" && !(await hasYamlHost())) this.skip();
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-upgrade-r3-"));
            stack = await importRecorded(name, dir);
        });
        after(async () => {
            await stack?.dispose();
            if (dir) fs.rmSync(dir, { recursive: true, force: true });
        });

        it("the imported state is that release's, secrets encrypted", async () => {
            expect(recording.commit).to.equal("06749e5");
            const resources = (await stack.exportState()).deployment.resources ?? [];
            const types = new Set(resources.map((r) => r.type));
            if (name === "ts") {
                expect([...types]).to.include.members([
                    "pulumi-nodejs:dynamic/ecs-ops:alicloud.FleetMembership",
                    "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.FleetMembership",
                    "ecs-ops:alicloud:InstanceFleet",
                    "ecs-ops:huaweicloud:ServerFleet",
                ]);
                for (const r of resources.filter((res) => res.type.startsWith("pulumi-nodejs:dynamic/")))
                    expect(String(r.inputs?.__provider), r.urn).to.include('require("ecs-ops/dist/provider/registry")');
            } else {
                expect([...types]).to.include.members([
                    "ecs-ops:alicloud:InstanceAttributes",
                    "ecs-ops:huaweicloud:ServerReinstall",
                    "pulumi:providers:ecs-ops",
                ]);
            }
            const text = stack.stateFileText();
            for (const [key, value] of Object.entries(recording.secrets)) expect(text, key).to.not.include(value);
        });

        it("preview plans only the recording of ownership: an update of each attributes resource whose plan is the tag, no changing call", async () => {
            const owner = `${project}.${name}`;
            const preview = await stack.preview();
            expect(preview.exitCode, printed(preview)).to.equal(0);
            const attributes = attributeResources((await stack.exportState()).deployment.resources ?? []);
            expect(attributes).to.have.length(name === "ts" ? 4 : 1);
            const changed = preview.steps.filter((s) => s.op !== "same");
            expect(changed.map((s) => `${s.op} ${s.urn}`).sort()).to.deep.equal(attributes.map((r) => `update ${r.urn}`).sort());
            for (const step of changed) expect(plannedOperationOf(preview.json, step.urn), step.name).to.match(recordOwnershipPlan(owner));
            expect(changing(preview.calls)).to.deep.equal([]);
            expect(ownerTagsOf(await stack.emulatorRequest("GET", "/_emulator/state"))).to.deep.equal({});
        });

        it("refresh changes nothing", async () => {
            const refresh = await stack.refresh();
            expect(refresh.exitCode, printed(refresh)).to.equal(0);
            expect(changing(refresh.calls)).to.deep.equal([]);
            expect(Object.keys(refresh.changes)).to.deep.equal(["same"]);
        });

        it("up records ownership and nothing else: only owner tag writes on the attributes' instances; the next up and preview are empty", async () => {
            const owner = `${project}.${name}`;
            const up = await stack.up();
            expect(up.exitCode, printed(up)).to.equal(0);
            const writes = up.calls.filter((c) => !reads(c));
            expect(writes.length).to.be.greaterThan(0);
            for (const c of writes) {
                expect(c.action).to.be.oneOf(["TagResources", "BatchCreateServerTags"]);
                expect(JSON.stringify(c.params)).to.include("ecs-ops-owner").and.include(owner);
            }
            const updated = up.steps.filter((s) => s.op === "update").map((s) => s.urn);
            expect(updated.sort()).to.deep.equal(
                attributeResources(up.steps)
                    .map((s) => s.urn)
                    .sort(),
            );
            expect(Object.keys(up.changes).sort()).to.deep.equal(["same", "update"]);
            const resources = (await stack.exportState()).deployment.resources ?? [];
            expect(ownerTagsOf(await stack.emulatorRequest("GET", "/_emulator/state"))).to.deep.equal(ownedBy(takenTargets(resources), owner));
            for (const r of attributeResources(resources)) expect(r.outputs?.owner, r.urn).to.equal(owner);
            const again = await stack.up({ args: ["--expect-no-changes"] });
            expect(again.exitCode, printed(again)).to.equal(0);
            expect(changing(again.calls)).to.deep.equal([]);
            const preview = await stack.preview();
            expect(Object.keys(preview.changes)).to.deep.equal(["same"]);
            expect(changing(preview.calls)).to.deep.equal([]);
        });

        it("a new revision runs each operation exactly once; a second up runs none", async () => {
            await stack.setConfig(`${project}:revision`, "2");
            const before = await reinstallCounts(stack);
            const up = await stack.up();
            const reinstalled = moved(before, await reinstallCounts(stack));
            expect(up.exitCode, printed(up)).to.equal(0);
            if (name === "ts") {
                // The members' hostnames changed: one restart each (auto policy); the Huawei fleet reinstalls both members once.
                expect(aliReboots(up.calls)).to.deep.equal(["i-bp1paygrunning00009", "i-bp1spotinstance0008"]);
                expect(reinstalled).to.deep.equal({ "0e1a9c5e-0000-4000-8000-000000000003": 1, "0e1a9c5e-0000-4000-8000-000000000004": 1 });
                expect(reinstallCalls(up.calls)).to.equal(2);
                expect(new Set(hwReboots(up.calls)).size, "no Huawei server rebooted twice").to.equal(hwReboots(up.calls).length);
            } else {
                expect(aliReboots(up.calls)).to.deep.equal(["i-bp1paygrunning00010"]);
                expect(reinstalled).to.deep.equal({ "277c9006-6084-45d6-9702-91a3349b38b8": 1 });
                expect(reinstallCalls(up.calls)).to.equal(1);
            }
            for (const text of [printed(up), stack.stateFileText()])
                for (const [key, value] of Object.entries(recording.secrets)) expect(text, key).to.not.include(value);
            const again = await stack.up({ args: ["--expect-no-changes"] });
            expect(again.exitCode, printed(again)).to.equal(0);
            expect(changing(again.calls)).to.deep.equal([]);
        });

        it("destroy releases every resource, runs no operation and removes the owner tags", async () => {
            const destroy = await stack.destroy();
            expect(destroy.exitCode, printed(destroy)).to.equal(0);
            expect(aliReboots(destroy.calls)).to.deep.equal([]);
            expect(reinstallCalls(destroy.calls)).to.equal(0);
            expect(hwReboots(destroy.calls)).to.deep.equal([]);
            expect(ownerTagsOf(await stack.emulatorRequest("GET", "/_emulator/state"))).to.deep.equal({});
            const left = ((await stack.exportState()).deployment.resources ?? []).filter(
                (r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"),
            );
            expect(left).to.have.length(0);
        });
    });
}
