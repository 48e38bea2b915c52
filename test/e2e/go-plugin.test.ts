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

import { adoptAndRebootScenario, ATTRS, effects, expectReadmeProgramPreview, ops, REBOOT } from "./plugin-checks";
import { createStack, ensureCli, E2E_VISIBILITY_GRACE_MS, type TestStack } from "./kit";

const PROGRAM = path.join(__dirname, "..", "..", "examples", "go-fleet");
const INSTANCE = "i-bp1paygrunning00001";
const PASSWORD = "Go-Plain-Pass42";
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

    adoptAndRebootScenario(() => stack, "ecs-ops-go-fleet", PASSWORD);

    it("refresh only reads, and the next up is empty", async () => {
        const r = await stack.refresh();
        expect(effects(r.calls)).to.deep.equal([]);
        expect(r.calls.map((c) => c.action)).to.include("DescribeInstances");
        const after = await stack.up();
        expect(ops(after, ATTRS)).to.deep.equal(["same"]);
        expect(ops(after, REBOOT)).to.deep.equal(["same"]);
        expect(effects(after.calls)).to.deep.equal([]);
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
            expectReadmeProgramPreview(r);
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
