// The ecs-ops provider plugin under the real engine with the YAML language host (pulumi-language-yaml
// beside pulumi): examples/yaml-fleet adopts an Alibaba instance with attributes and reboots it on a
// trigger from config. Preview shows the planned operation and calls nothing that changes the cloud,
// up adopts, a second up changes nothing, a trigger change reboots exactly once; a password given as
// plain-text config is never printed and never in plaintext in the state (the schema and the plugin
// make it a secret). Skipped when the CLI has no YAML host beside it or on PATH.
import { expect } from "chai";
import * as childProcess from "child_process";
import * as fs from "fs";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { ATTRS, effects, ops, plans, printed as printedWithout, REBOOT } from "./plugin-checks";
import { createStack, ensureCli, E2E_VISIBILITY_GRACE_MS, type TestStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "..", "..", "examples", "yaml-fleet");
const INSTANCE = "i-bp1paygrunning00001";
const PASSWORD = "Yaml-Plain-Pass42";
const REINSTALL = "ecs-ops:huaweicloud:ServerReinstall";
const REINSTALL_PROGRAM = path.join(__dirname, "fixtures", "yaml-reinstall");
const ADMIN_PASS = "Yaml-Reinstall-Pass42!";
const REINSTALLS = ["ReinstallServerWithoutCloudInit", "ReinstallServerWithCloudInit"];

/** The directory of the YAML language host on the CLI's PATH, if there is one. */
async function yamlHost(): Promise<string | undefined> {
    const cli = await ensureCli();
    for (const dir of cli.env.PATH.split(path.delimiter)) {
        if (dir !== "" && fs.existsSync(path.join(dir, "pulumi-language-yaml"))) return dir;
    }
    return undefined;
}

/** What a run printed, without the CLI's echo of the plain-text password config (see plugin-checks.ts). */
function printed(r: VerbResult): string {
    return printedWithout(r, "ecs-ops-yaml-fleet:instancePassword", PASSWORD);
}

describe("e2e: the ecs-ops provider plugin from a YAML program", function () {
    this.timeout(300_000);
    let stack: TestStack;

    before(async function () {
        if ((await yamlHost()) === undefined) this.skip();
        stack = await createStack({
            program: PROGRAM,
            visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
            emulator: { timeScale: 0.02 },
            noDefaultConfig: false,
            config: {
                "ecs-ops-yaml-fleet:instanceId": INSTANCE,
                "ecs-ops-yaml-fleet:instancePassword": PASSWORD, // plain text on purpose
                // The plugin reads only its own namespace: the emulator's keys under their ecs-ops: names.
                "ecs-ops:alicloudRegion": "cn-hangzhou",
                "ecs-ops:alicloudAccessKey": "LTAI5tEmulatorAccessKey",
                "ecs-ops:alicloudSecretKey": { value: "emulator-access-key-secret", secret: true },
            },
        });
    });
    after(async () => {
        await stack?.dispose();
    });

    it("preview shows the adoption and the planned operation, and changes nothing", async () => {
        const r = await stack.preview();
        expect(r.exitCode).to.equal(0);
        expect(ops(r, ATTRS)).to.deep.equal(["create"]);
        expect(ops(r, REBOOT)).to.deep.equal(["create"]);
        expect(effects(r.calls)).to.deep.equal([]);
        expect(plans(r).web)
            .to.be.a("string")
            .and.match(/adopt|none|instance/i);
        expect(printed(r)).to.not.include(PASSWORD);
    });

    it("up adopts the instance; a second up changes nothing", async () => {
        const r = await stack.up();
        expect(ops(r, ATTRS)).to.deep.equal(["create"]);
        expect(ops(r, REBOOT)).to.deep.equal(["create"]);
        expect(effects(r.calls)).to.not.include("RebootInstance=ok");
        expect(effects(r.calls)).to.include("ModifyInstanceAttribute=ok");
        expect(printed(r)).to.not.include(PASSWORD);
        const outputs = await stack.outputs();
        expect(outputs).to.include({ instanceName: "web-1", rebootCount: 0 });
        const again = await stack.up();
        expect(again.changes).to.not.have.any.keys("create", "update", "replace", "delete");
        expect(effects(again.calls)).to.deep.equal([]);
    });

    it("a trigger change reboots once: the preview plans it, the up runs it", async () => {
        await stack.setConfig("ecs-ops-yaml-fleet:rebootRevision", "2");
        const preview = await stack.preview();
        expect(ops(preview, REBOOT)).to.deep.equal(["update"]);
        expect(effects(preview.calls)).to.deep.equal([]);
        const r = await stack.up();
        expect(ops(r, REBOOT)).to.deep.equal(["update"]);
        expect(effects(r.calls).filter((e) => e === "RebootInstance=ok")).to.have.length(1);
        expect(await stack.outputs()).to.include({ rebootCount: 1 });
        const again = await stack.up();
        expect(effects(again.calls)).to.deep.equal([]);
    });

    it("refresh only reads (the plugin's read), and the next up is empty", async () => {
        const r = await stack.refresh();
        expect(effects(r.calls)).to.deep.equal([]);
        expect(r.calls.map((c) => c.action)).to.include("DescribeInstances");
        const after = await stack.up();
        expect(ops(after, ATTRS)).to.deep.equal(["same"]);
        expect(ops(after, REBOOT)).to.deep.equal(["same"]);
        expect(effects(after.calls)).to.deep.equal([]);
    });

    it("pulumi package get-schema prints the checked-in schema", async () => {
        // Not stack.run: `package get-schema` takes no --stack.
        const r = childProcess.spawnSync(stack.pulumi.pulumi, ["package", "get-schema", "./node_modules/ecs-ops/plugin"], {
            cwd: stack.projectDir,
            env: stack.environment,
            encoding: "utf8",
            timeout: 120_000,
        });
        expect(r.status, r.stderr).to.equal(0);
        const printedSchema = JSON.parse(r.stdout.slice(r.stdout.indexOf("{"))) as unknown;
        expect(printedSchema).to.deep.equal(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "provider", "plugin", "schema.json"), "utf8")));
    });

    it("the plain-text password is a secret in the state", async () => {
        expect(stack.stateFileText()).to.not.include(PASSWORD);
        const exported = await stack.exportState();
        const attrs = exported.deployment.resources!.find((res) => res.type === ATTRS)!;
        expect(JSON.stringify((attrs.inputs as Record<string, unknown>).password)).to.include("4dabf18193072939515e22adb298388d");
        expect(JSON.stringify((attrs.outputs as Record<string, unknown>).passwordFingerprint)).to.include("4dabf18193072939515e22adb298388d");
    });
});

describe("e2e: a Huawei reinstall from a YAML program, through the plugin", function () {
    this.timeout(300_000);
    let stack: TestStack;

    /** Reinstall calls the emulator accepted. */
    function reinstalls(calls: CallRecord[]): number {
        return calls.filter((c) => c.cloud === "huaweicloud" && REINSTALLS.includes(c.action) && c.status < 300).length;
    }

    before(async function () {
        if ((await yamlHost()) === undefined) this.skip();
        stack = await createStack({
            program: REINSTALL_PROGRAM,
            emulator: { timeScale: 0.01 },
            config: {
                "yaml-reinstall:adminPass": ADMIN_PASS, // plain text on purpose
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

    it("preview calls nothing; up reinstalls once; a second up nothing; a trigger change exactly once more", async () => {
        const preview = await stack.preview();
        expect(ops(preview, REINSTALL)).to.deep.equal(["create"]);
        expect(reinstalls(preview.calls)).to.equal(0);
        const up = await stack.up();
        expect(ops(up, REINSTALL)).to.deep.equal(["create"]);
        expect(reinstalls(up.calls)).to.equal(1);
        expect(await stack.outputs()).to.include({ reinstallCount: 1 });
        const again = await stack.up();
        expect(reinstalls(again.calls)).to.equal(0);
        await stack.setConfig("yaml-reinstall:reinstallRevision", "2");
        const planned = await stack.preview();
        expect(ops(planned, REINSTALL)).to.deep.equal(["update"]);
        expect(reinstalls(planned.calls)).to.equal(0);
        const second = await stack.up();
        expect(reinstalls(second.calls)).to.equal(1);
        expect(await stack.outputs()).to.include({ reinstallCount: 2 });
        for (const r of [preview, up, again, planned, second]) {
            expect(
                [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)]
                    .join("\n")
                    .split(`"yaml-reinstall:adminPass":"${ADMIN_PASS}"`)
                    .join("")
                    .split(`"yaml-reinstall:adminPass": "${ADMIN_PASS}"`)
                    .join(""),
            ).to.not.include(ADMIN_PASS);
        }
        expect(stack.stateFileText()).to.not.include(ADMIN_PASS);
    });
});
