// The ecs-ops provider plugin under the real engine from a Go program, with our Go language host
// (tools/pulumi/cmd/pulumi-language-go beside pulumi or on PATH): the Go SDK is generated from the plugin
// with `pulumi package gen-sdk --language go` (never committed, so never stale), the program's go.mod
// reaches it with a `replace`, and examples/go-fleet adopts an Alibaba instance with attributes and
// reboots it on a trigger from config. Preview shows the planned operation and calls nothing that
// changes the cloud, up adopts, a second up changes nothing, a trigger change reboots exactly once; a
// password given as plain-text config is never printed and never in plaintext in the state. The Go
// version of the README's program (docs/languages/go.md) previews. A program that does not compile fails
// with the compiler's message.
//
// Go builds are slow on a cold build cache (the Pulumi Go SDK is ~400 packages): before() builds the
// program once with a generous bound, so each verb's own build is a cache hit.
import { expect } from "chai";
import * as childProcess from "child_process";
import * as fs from "fs";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { createStack, ensureCli, E2E_VISIBILITY_GRACE_MS, type TestStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "..", "..", "examples", "go-fleet");
const ATTRS = "ecs-ops:alicloud:InstanceAttributes";
const REBOOT = "ecs-ops:alicloud:InstanceReboot";
const INSTANCE = "i-bp1paygrunning00001";
const PASSWORD = "Go-Plain-Pass42";
const MUTATING = ["RebootInstance", "StopInstance", "StartInstance", "ReInitDisk", "ModifyInstanceAttribute"];
/** Bound of the first `go build` of the program (a cold Go build cache compiles the whole Pulumi SDK). */
const COLD_BUILD_MS = 900_000;

interface Ran {
    status: number | null;
    stdout: string;
    stderr: string;
    ms: number;
}

/** Runs a command to its end (never throws for a non-zero exit). */
function runCommand(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Ran> {
    const started = Date.now();
    return new Promise((resolve) => {
        childProcess.execFile(cmd, args, { cwd, env, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
            const status = err ? (typeof err.code === "number" ? err.code : null) : 0;
            resolve({ status, stdout, stderr, ms: Date.now() - started });
        });
    });
}

function ops(r: VerbResult, type: string): string[] {
    return r.steps.filter((s) => s.type === type).map((s) => s.op);
}

function effects(calls: CallRecord[]): string[] {
    return calls
        .filter((c) => c.cloud === "alicloud" && MUTATING.includes(c.action))
        .map((c) => (c.params?.DryRun === "true" ? `${c.action}(DryRun)=${c.code}` : `${c.action}=${c.code ?? "ok"}`));
}

/**
 * What a run printed, without the CLI's echo of the stack's own plain-text config (`--json` and the
 * event log list every config value; a value set without --secret is shown there by the CLI itself).
 */
function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)]
        .join("\n")
        .split(`"ecs-ops-go-fleet:instancePassword": "${PASSWORD}"`)
        .join("")
        .split(`"ecs-ops-go-fleet:instancePassword":"${PASSWORD}"`)
        .join("");
}

/** The planned operation of each step of a `preview --json` that is not `same`, by resource name. */
function plans(r: VerbResult): Record<string, unknown> {
    const doc = r.json as { steps?: Array<{ op: string; urn: string; newState?: { inputs?: Record<string, unknown> } }> };
    const out: Record<string, unknown> = {};
    for (const step of doc.steps ?? []) if (step.op !== "same") out[step.urn.split("::").pop()!] = step.newState?.inputs?.plannedOperation;
    return out;
}

describe("e2e: the ecs-ops provider plugin from a Go program", function () {
    this.timeout(300_000);
    let stack: TestStack;

    before(async function () {
        this.timeout(COLD_BUILD_MS + 300_000);
        const cli = await ensureCli();
        const dirs = cli.env.PATH.split(path.delimiter).filter((d) => d !== "" && fs.existsSync(path.join(d, "pulumi-language-go")));
        // Not a skip: CI builds the host with the CLI (scripts/ensure-pulumi.js), so a missing one is a failure.
        expect(dirs, "pulumi-language-go is neither beside pulumi nor on PATH: run `node scripts/ensure-pulumi.js`").to.have.length.above(0);
        stack = await createStack({
            program: PROGRAM,
            visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
            emulator: { timeScale: 0.02 },
            config: {
                "ecs-ops-go-fleet:instanceId": INSTANCE,
                "ecs-ops-go-fleet:instancePassword": PASSWORD, // plain text on purpose
                // The plugin reads only its own namespace: the emulator's keys under their ecs-ops: names.
                "ecs-ops:alicloudRegion": "cn-hangzhou",
                "ecs-ops:alicloudAccessKey": "LTAI5tEmulatorAccessKey",
                "ecs-ops:alicloudSecretKey": { value: "emulator-access-key-secret", secret: true },
            },
        });
        // The SDK, as a user makes it (Pulumi.yaml): from the plugin folder of the installed package.
        const gen = await runCommand(
            stack.pulumi.pulumi,
            ["package", "gen-sdk", "./node_modules/ecs-ops/plugin", "--language", "go", "--out", "sdk"],
            stack.projectDir,
            stack.environment,
            180_000,
        );
        expect(gen.status, gen.stderr + gen.stdout).to.equal(0);
        // One build before the verbs, with the host's flags, so that their own builds hit the cache.
        const build = await runCommand(
            "go",
            ["build", "-buildvcs=false", "-trimpath", "-o", path.join(stack.dir, "go-fleet"), "."],
            stack.projectDir,
            stack.environment,
            COLD_BUILD_MS,
        );
        expect(build.status, build.stderr).to.equal(0);
        process.stderr.write(`[go-plugin] gen-sdk ${gen.ms} ms, first go build of the program ${build.ms} ms\n`);
    });
    after(async () => {
        await stack?.dispose();
    });

    it("the generated Go SDK is a module with both clouds' resources, and it builds and vets", async () => {
        const sdk = path.join(stack.projectDir, "sdk", "go");
        expect(fs.readFileSync(path.join(sdk, "go.mod"), "utf8")).to.match(/^module ecs-ops\.local\/sdk$/m);
        for (const file of [
            "alicloud/instanceAttributes.go",
            "alicloud/instanceReboot.go",
            "huaweicloud/serverReinstall.go",
            "config/config.go",
            "provider.go",
        ]) {
            expect(fs.existsSync(path.join(sdk, "ecsops", file)), file).to.equal(true);
        }
        // Through the program's module (its go.sum, the SDK version it requires), as the program uses it.
        const vet = await runCommand("go", ["vet", "ecs-ops.local/sdk/..."], stack.projectDir, stack.environment, 600_000);
        expect(vet.status, vet.stderr).to.equal(0);
        const build = await runCommand("go", ["build", "ecs-ops.local/sdk/..."], stack.projectDir, stack.environment, 600_000);
        expect(build.status, build.stderr).to.equal(0);
    });

    it("preview shows the adoption and the planned operation, and changes nothing", async () => {
        const r = await stack.preview();
        expect(r.exitCode, r.stderr).to.equal(0);
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
        expect(await stack.outputs()).to.include({ instanceName: "web-1", rebootCount: 0 });
        const again = await stack.up();
        expect(again.changes).to.not.have.any.keys("create", "update", "replace", "delete");
        expect(effects(again.calls)).to.deep.equal([]);
    });

    it("a trigger change reboots once: the preview plans it, the up runs it", async () => {
        await stack.setConfig("ecs-ops-go-fleet:rebootRevision", "2");
        const preview = await stack.preview();
        expect(ops(preview, REBOOT)).to.deep.equal(["update"]);
        expect(effects(preview.calls)).to.deep.equal([]);
        const r = await stack.up();
        expect(ops(r, REBOOT)).to.deep.equal(["update"]);
        expect(effects(r.calls).filter((e) => e === "RebootInstance=ok")).to.have.length(1);
        expect(await stack.outputs()).to.include({ rebootCount: 1 });
        const again = await stack.up();
        expect(effects(again.calls)).to.deep.equal([]);
        for (const run of [preview, r, again]) expect(printed(run)).to.not.include(PASSWORD);
    });

    it("refresh only reads, and the next up is empty", async () => {
        const r = await stack.refresh();
        expect(effects(r.calls)).to.deep.equal([]);
        expect(r.calls.map((c) => c.action)).to.include("DescribeInstances");
        const after = await stack.up();
        expect(ops(after, ATTRS)).to.deep.equal(["same"]);
        expect(ops(after, REBOOT)).to.deep.equal(["same"]);
        expect(effects(after.calls)).to.deep.equal([]);
    });

    it("the plain-text password is a secret in the state", async () => {
        expect(stack.stateFileText()).to.not.include(PASSWORD);
        const exported = await stack.exportState();
        const attrs = exported.deployment.resources!.find((res) => res.type === ATTRS)!;
        expect(JSON.stringify((attrs.inputs as Record<string, unknown>).password)).to.include("4dabf18193072939515e22adb298388d");
    });

    it("the docs' Go version of the README's program previews against the generated SDK", async () => {
        const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "languages", "go.md"), "utf8");
        const program = /```go\n([\s\S]*?)```/.exec(doc)?.[1];
        expect(program, "a ```go block in docs/languages/go.md").to.be.a("string");
        const main = path.join(stack.projectDir, "main.go");
        const source = fs.readFileSync(main, "utf8");
        try {
            fs.writeFileSync(main, program!);
            await stack.setAllConfig({
                "ecs-ops:huaweicloudRegion": "cn-north-4",
                "ecs-ops:huaweicloudProjectId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                "ecs-ops:huaweicloudAccessKey": "EMULATORAK00000000000",
                "ecs-ops:huaweicloudSecretKey": { value: "emulator-secret-key", secret: true },
            });
            const r = await stack.preview();
            expect(r.exitCode, r.stderr).to.equal(0);
            expect(ops(r, ATTRS).filter((op) => op === "create")).to.have.length(3);
            expect(ops(r, REBOOT).filter((op) => op === "create")).to.have.length(4);
            expect(ops(r, "ecs-ops:huaweicloud:ServerReinstall")).to.deep.equal(["create"]);
            expect(effects(r.calls)).to.deep.equal([]);
            expect(r.calls.filter((c) => c.cloud === "huaweicloud" && !/^(Nova)?(List|Show)/.test(c.action)).map((c) => c.action)).to.deep.equal([]);
        } finally {
            fs.writeFileSync(main, source);
        }
    });

    it("a program that does not compile fails with the compiler's message, and calls nothing", async () => {
        const main = path.join(stack.projectDir, "main.go");
        const source = fs.readFileSync(main, "utf8");
        try {
            fs.writeFileSync(main, source.replace("reboot.RebootCount", "reboot.RebootCounter"));
            const r = await stack.preview({ allowFailure: true });
            expect(r.exitCode).to.not.equal(0);
            const text = [r.stderr, r.stdout, ...r.diagnostics.map((d) => d.message)].join("\n");
            expect(text).to.include("`go build` failed");
            expect(text).to.match(/main\.go:\d+:\d+: .*RebootCounter/);
            expect(r.calls.filter((c) => c.action !== "DescribeInstances")).to.deep.equal([]);
        } finally {
            fs.writeFileSync(main, source);
        }
    });
});
