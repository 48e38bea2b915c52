// The ecs-ops provider plugin from a Python program, under the real engine with our Python language host
// (tools/pulumi/cmd/pulumi-language-python, built beside pulumi by scripts/ensure-pulumi.js):
// examples/python-fleet adopts an Alibaba instance with attributes and reboots it on a trigger from config,
// as examples/yaml-fleet does in YAML. The SDK is generated from the plugin's schema with `pulumi package
// gen-sdk --language python` (never committed, so never stale) and installed by `pulumi install` into the
// program's virtualenv with the `pulumi` package from PyPI (requirements.txt). Preview shows the planned
// operation and calls nothing that changes the cloud, up adopts, a second up changes nothing, a trigger
// change reboots exactly once; a password given as plain-text config is never printed and never in
// plaintext in the state. Skipped (with a warning) only when python3 or its venv module is missing, or the
// CLI in use has no Python host beside it or on PATH.
import { expect } from "chai";
import * as childProcess from "child_process";
import * as fs from "fs";
import * as path from "path";

import { adoptAndRebootScenario, expectReadmeProgramPreview } from "./plugin-checks";
import { createStack, ensureCli, E2E_VISIBILITY_GRACE_MS, type TestStack } from "./kit";

const PROGRAM = path.join(__dirname, "..", "..", "examples", "python-fleet");
const INSTANCE = "i-bp1paygrunning00001";
const PASSWORD = "Python-Plain-Pass42";

/** Why this machine cannot run a Python program (no python3, or no venv module), or undefined. */
function pythonMissing(): string | undefined {
    const r = childProcess.spawnSync("python3", ["-c", "import venv, ensurepip"], { encoding: "utf8", timeout: 30_000 });
    if (r.error) return `python3 is not on PATH (${r.error.message})`;
    if (r.status !== 0) return `python3 has no working venv module: ${r.stderr.trim().split("\n").pop()}`;
    return undefined;
}

/** Whether the CLI in use has our Python language host beside it or on its PATH. */
async function hasPythonHost(): Promise<boolean> {
    const cli = await ensureCli();
    return cli.env.PATH.split(path.delimiter).some((dir) => dir !== "" && fs.existsSync(path.join(dir, "pulumi-language-python")));
}

/** Runs `pulumi <args>` (no --stack) in the project dir with the stack's environment; fails the test on error. */
function pulumiIn(stack: TestStack, args: string[], timeout: number): string {
    const r = childProcess.spawnSync(stack.pulumi.pulumi, args, { cwd: stack.projectDir, env: stack.environment, encoding: "utf8", timeout });
    expect(r.status, `pulumi ${args.join(" ")}:\n${r.stdout}\n${r.stderr}`).to.equal(0);
    return r.stdout + r.stderr;
}

describe("e2e: the ecs-ops provider plugin from a Python program", function () {
    this.timeout(300_000);
    let stack: TestStack;

    before(async function () {
        this.timeout(600_000); // the first pip install downloads the pulumi package and its dependencies
        const missing = pythonMissing();
        if (missing !== undefined || !(await hasPythonHost())) {
            console.warn(
                `\n  !!! SKIPPING the Python e2e test: ${missing ?? "the Pulumi CLI in use has no pulumi-language-python beside it or on PATH (scripts/ensure-pulumi.js builds one)"}\n`,
            );
            this.skip();
        }
        stack = await createStack({
            program: PROGRAM,
            visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
            emulator: { timeScale: 0.02 },
            noDefaultConfig: false,
            config: {
                "ecs-ops-python-fleet:instanceId": INSTANCE,
                "ecs-ops-python-fleet:instancePassword": PASSWORD, // plain text on purpose
                // The plugin reads only its own namespace: the emulator's keys under their ecs-ops: names.
                "ecs-ops:alicloudRegion": "cn-hangzhou",
                "ecs-ops:alicloudAccessKey": "LTAI5tEmulatorAccessKey",
                "ecs-ops:alicloudSecretKey": { value: "emulator-access-key-secret", secret: true },
            },
        });
        // What a user does: generate the SDK from the installed package's plugin, then `pulumi install`.
        pulumiIn(stack, ["package", "gen-sdk", "./node_modules/ecs-ops/plugin", "--language", "python", "--out", "sdk"], 180_000);
        expect(fs.existsSync(path.join(stack.projectDir, "sdk", "python", "pulumi_ecs_ops", "alicloud", "instance_reboot.py"))).to.equal(true);
        const installed = pulumiIn(stack, ["install"], 540_000);
        expect(installed).to.include("Finished installing dependencies");
        expect(fs.existsSync(path.join(stack.projectDir, "venv", "bin", "python"))).to.equal(true);
    });
    after(async () => {
        await stack?.dispose();
    });

    adoptAndRebootScenario(() => stack, "ecs-ops-python-fleet", PASSWORD);

    it("the docs' Python version of the README's program previews against the generated SDK", async () => {
        const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "languages", "python.md"), "utf8");
        const program = /```python\n([\s\S]*?)```/.exec(doc)?.[1];
        expect(program, "a ```python block in docs/languages/python.md").to.be.a("string");
        fs.writeFileSync(path.join(stack.projectDir, "__main__.py"), program!);
        await stack.setAllConfig({
            "ecs-ops:huaweicloudRegion": "cn-north-4",
            "ecs-ops:huaweicloudProjectId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            "ecs-ops:huaweicloudAccessKey": "EMULATORAK00000000000",
            "ecs-ops:huaweicloudSecretKey": { value: "emulator-secret-key", secret: true },
        });
        const r = await stack.preview();
        expectReadmeProgramPreview(r);
    });

    it("a failing program is reported once, with its Python traceback, and the run fails", async () => {
        fs.writeFileSync(
            path.join(stack.projectDir, "__main__.py"),
            'import pulumi\n\n\ndef broken():\n    raise ValueError("ecs-ops python e2e failure")\n\n\nbroken()\n',
        );
        const r = await stack.preview({ allowFailure: true });
        expect(r.exitCode).to.not.equal(0);
        const text = [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
        expect(text).to.include("Traceback");
        expect(text).to.include('raise ValueError("ecs-ops python e2e failure")');
        const messages = r.diagnostics.map((d) => d.message).filter((m) => m.includes("ValueError: ecs-ops python e2e failure"));
        expect(messages).to.have.length(1);
    });
});
