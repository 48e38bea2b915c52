// The ecs-ops components from a Pulumi YAML program, built by the provider plugin's `construct`
// (test/e2e/fixtures/yaml-components): an Alibaba ManagedInstance, an InstanceFleet chosen by a
// selector and a Huawei ManagedServer. Their
// children are the plugin's resources (`ecs-ops:<cloud>:<Type>`, no dynamic resource: the consumer's
// folder has no node_modules for a dynamic-provider host). Preview shows the children and the
// planned operation and changes nothing, up adopts, a second up changes nothing, a hostname change
// restarts exactly once (Alibaba and Huawei); the password given as plain-text config is never printed and is a secret
// in the child's state. Skipped when the CLI has no YAML host beside it or on PATH.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { createStack, ensureCli, E2E_VISIBILITY_GRACE_MS, type TestStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "yaml-components");
const INSTANCE = "i-bp1paygrunning00001";
const PASSWORD = "Yaml-Component-Pass42";
/** The one instance the fleet's selector (`namePattern: spot-*`) finds in the emulator's default world. */
const SPOT = "i-bp1spotinstance0008";
const ALI_MUTATING = ["RebootInstance", "StopInstance", "StartInstance", "ReInitDisk", "ModifyInstanceAttribute"];
const HW_MUTATING = ["UpdateServer", "UpdateServerMetadata", "BatchRebootServers", "RebootServer", "ReinstallServerWithCloudInit", "ChangeServerOs"];

/** The directory of the YAML language host on the CLI's PATH, if there is one. */
async function yamlHost(): Promise<string | undefined> {
    const cli = await ensureCli();
    for (const dir of cli.env.PATH.split(path.delimiter)) {
        if (dir !== "" && fs.existsSync(path.join(dir, "pulumi-language-yaml"))) return dir;
    }
    return undefined;
}

/** The steps by type token: `type -> ops`. */
function ops(r: VerbResult): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const s of r.steps) (out[s.type] ??= []).push(s.op);
    return out;
}

function effects(calls: CallRecord[]): string[] {
    return calls
        .filter((c) => (c.cloud === "alicloud" && ALI_MUTATING.includes(c.action)) || (c.cloud === "huaweicloud" && HW_MUTATING.includes(c.action)))
        .filter((c) => c.params?.DryRun !== "true")
        .map((c) => c.action);
}

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)]
        .join("\n")
        .split(`"yaml-components:instancePassword": "${PASSWORD}"`)
        .join("")
        .split(`"yaml-components:instancePassword":"${PASSWORD}"`)
        .join("");
}

/** The planned operation of each step of a `preview --json` that is not `same`, by resource name. */
function plans(r: VerbResult): Record<string, unknown> {
    const doc = r.json as { steps?: Array<{ op: string; urn: string; newState?: { inputs?: Record<string, unknown> } }> };
    const out: Record<string, unknown> = {};
    for (const step of doc.steps ?? []) {
        const planned = step.newState?.inputs?.plannedOperation;
        if (step.op !== "same" && planned !== undefined) out[step.urn.split("::").pop()!] = planned;
    }
    return out;
}

describe("e2e: the ecs-ops components from a YAML program, through the plugin's construct", function () {
    this.timeout(400_000);
    let stack: TestStack;

    before(async function () {
        if ((await yamlHost()) === undefined) this.skip();
        stack = await createStack({
            program: PROGRAM,
            visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
            emulator: { timeScale: 0.02 },
            config: {
                "yaml-components:instanceId": INSTANCE,
                "yaml-components:instancePassword": PASSWORD, // plain text on purpose
                "ecs-ops:alicloudRegion": "cn-hangzhou",
                "ecs-ops:alicloudAccessKey": "LTAI5tEmulatorAccessKey",
                "ecs-ops:alicloudSecretKey": { value: "emulator-access-key-secret", secret: true },
                "ecs-ops:huaweicloudRegion": "cn-north-4",
                "ecs-ops:huaweicloudProjectId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                "ecs-ops:huaweicloudAccessKey": "EMULATORAK00000000000",
                "ecs-ops:huaweicloudSecretKey": { value: "emulator-secret-key", secret: true },
            },
        });
    });
    after(async () => {
        await stack?.dispose();
    });

    it("preview shows the components, their plugin-backed children and the planned operation, and changes nothing", async () => {
        const r = await stack.preview();
        expect(r.exitCode).to.equal(0);
        expect(ops(r)).to.deep.include({
            "ecs-ops:alicloud:ManagedInstance": ["create", "create"],
            "ecs-ops:alicloud:InstanceAttributes": ["create", "create"],
            "ecs-ops:alicloud:InstanceReboot": ["create"],
            "ecs-ops:alicloud:InstanceFleet": ["create"],
            "ecs-ops:alicloud:FleetMembership": ["create"],
            "ecs-ops:huaweicloud:ManagedServer": ["create"],
            "ecs-ops:huaweicloud:ServerAttributes": ["create"],
            "ecs-ops:huaweicloud:ServerReboot": ["create"],
        });
        expect(r.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic"))).to.deep.equal([]);
        expect(effects(r.calls)).to.deep.equal([]);
        expect(r.steps.map((s) => s.urn.split("::").pop())).to.include.members(["tier-membership", `tier-${SPOT}`]);
        expect(plans(r)).to.have.keys("web", "web-restart", `tier-${SPOT}`, "app", "app-restart");
        expect(plans(r).web).to.be.a("string").and.match(/adopt/i);
        expect(printed(r)).to.not.include(PASSWORD);
    });

    it("up adopts; a second up changes nothing", async () => {
        const r = await stack.up();
        expect(r.exitCode).to.equal(0);
        expect(ops(r)["ecs-ops:alicloud:InstanceAttributes"]).to.deep.equal(["create", "create"]);
        expect(ops(r)["ecs-ops:huaweicloud:ServerAttributes"]).to.deep.equal(["create"]);
        expect(effects(r.calls)).to.include("ModifyInstanceAttribute");
        // Adoption with a hostname (and a password) to set: the one restart it needs, as in TypeScript.
        const calls = r.calls.filter((c) => c.cloud === "alicloud" && c.action === "ModifyInstanceAttribute").map((c) => c.params?.InstanceId);
        expect(calls).to.include.members([INSTANCE, SPOT]);
        const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as { alicloud: { instances: { instanceId: string; description: string }[] } };
        expect(state.alicloud.instances.find((i) => i.instanceId === SPOT)!.description).to.equal("spot tier");
        expect(effects(r.calls).filter((e) => e.includes("Reboot"))).to.have.members(["RebootInstance", "BatchRebootServers"]);
        expect(printed(r)).to.not.include(PASSWORD);
        expect(await stack.outputs()).to.deep.equal({ instanceId: INSTANCE, pendingRestart: false, serverPendingRestart: false, tierMembers: [SPOT] });
        const exported = await stack.exportState();
        expect(exported.deployment.resources!.map((res) => res.type).filter((type) => type.startsWith("pulumi-nodejs:dynamic"))).to.deep.equal([]);
        const again = await stack.up();
        expect(again.changes).to.not.have.any.keys("create", "update", "replace", "delete");
        expect(effects(again.calls)).to.deep.equal([]);
        expect(printed(again)).to.not.include(PASSWORD);
    });

    it("hostname changes: the preview plans one restart each, the up restarts each exactly once, the next up nothing", async () => {
        await stack.setConfig("yaml-components:hostName", "web-2");
        await stack.setConfig("yaml-components:serverHostname", "app-2");
        const preview = await stack.preview();
        expect(ops(preview)["ecs-ops:alicloud:InstanceReboot"]).to.deep.equal(["update"]);
        expect(ops(preview)["ecs-ops:huaweicloud:ServerReboot"]).to.deep.equal(["update"]);
        expect(effects(preview.calls)).to.deep.equal([]);
        const r = await stack.up();
        expect(effects(r.calls).filter((e) => e === "RebootInstance")).to.have.length(1);
        expect(effects(r.calls).filter((e) => e === "BatchRebootServers")).to.have.length(1);
        expect(await stack.outputs()).to.include({ pendingRestart: false, serverPendingRestart: false });
        const again = await stack.up();
        expect(effects(again.calls)).to.deep.equal([]);
        for (const run of [preview, r, again]) expect(printed(run)).to.not.include(PASSWORD);
    });

    it("the password is a secret in the child's state, never in plain text", async () => {
        expect(stack.stateFileText()).to.not.include(PASSWORD);
        const exported = await stack.exportState();
        const attrs = exported.deployment.resources!.find((res) => res.type === "ecs-ops:alicloud:InstanceAttributes")!;
        const inputs = attrs.inputs as Record<string, unknown>;
        expect(JSON.stringify(inputs.password)).to.include("4dabf18193072939515e22adb298388d");
        // Only the secret is a secret: the other attributes stay readable in the state and the diffs.
        expect(inputs.instanceName).to.equal("web-1");
    });

    it("destroy releases everything without a changing call", async () => {
        const r = await stack.destroy();
        expect(r.exitCode).to.equal(0);
        expect(effects(r.calls)).to.deep.equal([]);
        expect(r.changes).to.include.keys("delete");
    });
});
