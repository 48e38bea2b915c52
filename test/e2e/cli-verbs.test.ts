// What Pulumi users type besides preview/up/refresh/destroy, under the built CLI and our language host
// (tools/pulumi/cmd/pulumi-language-nodejs): `pulumi new <local template>` (Template, RuntimeOptionsPrompts,
// InstallDependencies), `pulumi install` (InstallDependencies), `pulumi about` (About,
// GetProgramDependencies); and that the language host, the program and the dynamic-provider process exit
// when the engine goes away (a SIGKILL of the CLI in the middle of a create).
//
// Dependencies are installed by the real `npm install` from a local `file:` package, so nothing is fetched.
import { expect } from "chai";
import * as childProcess from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { createStack, type TestStack } from "./kit";

const PROBE = { name: "ecs-ops-install-probe", version: "1.2.3" };

interface Ran {
    exitCode: number;
    stdout: string;
    stderr: string;
}

function pulumiIn(stack: TestStack, cwd: string, args: string[], env: Record<string, string> = {}): Promise<Ran> {
    return new Promise((resolve) => {
        childProcess.execFile(
            stack.pulumi.pulumi,
            [...args, "--non-interactive", "--color", "never"],
            { cwd, env: { ...stack.environment, ...env }, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 },
            (err, stdout, stderr) => {
                const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
                resolve({ exitCode: code, stdout, stderr });
            },
        );
    });
}

function show(r: Ran): string {
    return `exit ${r.exitCode}\nstdout:\n${r.stdout.slice(-3000)}\nstderr:\n${r.stderr.slice(-3000)}`;
}

/** Waits (polling) until check() is true, up to timeoutMs. */
async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 200));
    }
}

function cmdline(pid: number): string {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    } catch {
        return "";
    }
}

describe("e2e: pulumi new, install and about with our language host", function () {
    this.timeout(600_000);
    let stack: TestStack; // for its CLI, PULUMI_HOME and file backend (no program of its own runs)
    let tmp: string;
    let project: string;
    let env: Record<string, string>;

    before(async () => {
        stack = await createStack({ program: path.join(__dirname, "fixtures", "slow-create"), noDefaultConfig: true });
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-cli-verbs-"));
        // A local package to depend on: npm links it, nothing comes from a registry.
        fs.mkdirSync(path.join(tmp, "probe"));
        fs.writeFileSync(path.join(tmp, "probe", "package.json"), JSON.stringify({ ...PROBE, main: "index.js" }));
        fs.writeFileSync(path.join(tmp, "probe", "index.js"), "module.exports = 42;\n");
        // A local template, as a platform team would keep one in a repository.
        const template = path.join(tmp, "template");
        fs.mkdirSync(template);
        fs.writeFileSync(
            path.join(template, "Pulumi.yaml"),
            [
                "name: ${PROJECT}",
                "runtime: nodejs",
                "description: ${DESCRIPTION}",
                "template:",
                "  description: An ecs-ops e2e template",
                "  config:",
                "    greeting:",
                "      description: A value the program reads",
                "      default: hello",
                "",
            ].join("\n"),
        );
        fs.writeFileSync(
            path.join(template, "package.json"),
            JSON.stringify({ name: "${PROJECT}", private: true, main: "index.js", dependencies: { [PROBE.name]: "file:../probe" } }, null, 2),
        );
        fs.writeFileSync(path.join(template, "index.js"), `module.exports = { answer: require("${PROBE.name}") };\n`);
        project = path.join(tmp, "project");
        env = {
            PULUMI_BACKEND_URL: `file://${stack.backendDir}`,
            npm_config_audit: "false",
            npm_config_fund: "false",
            npm_config_update_notifier: "false",
            npm_config_offline: "true",
        };
    });
    after(async () => {
        await stack?.dispose();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("pulumi new <local template> creates the project, installs its dependencies and inits the stack", async () => {
        const r = await pulumiIn(stack, tmp, ["new", path.join(tmp, "template"), "--dir", project, "--name", "e2e-new", "--stack", "dev", "--yes"], env);
        expect(r.exitCode, show(r)).to.equal(0);
        expect(r.stdout + r.stderr).to.not.match(/not implemented/i);
        expect(fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8")).to.match(/^name: e2e-new$/m);
        expect(JSON.parse(fs.readFileSync(path.join(project, "node_modules", PROBE.name, "package.json"), "utf8")).version).to.equal(PROBE.version);
        expect(fs.readFileSync(path.join(project, "Pulumi.dev.yaml"), "utf8")).to.match(/greeting: hello/);
        const ls = await pulumiIn(stack, project, ["stack", "ls", "--json"], env);
        expect(ls.exitCode, show(ls)).to.equal(0);
        expect((JSON.parse(ls.stdout) as { name: string }[]).map((s) => s.name)).to.include("dev");
    });

    it("pulumi install installs the program's dependencies again", async () => {
        fs.rmSync(path.join(project, "node_modules"), { recursive: true, force: true });
        const r = await pulumiIn(stack, project, ["install"], env);
        expect(r.exitCode, show(r)).to.equal(0);
        expect(r.stdout + r.stderr).to.not.match(/not implemented/i);
        expect(fs.existsSync(path.join(project, "node_modules", PROBE.name, "index.js"))).to.equal(true);
    });

    it("pulumi install reports a failing npm install as a failure", async () => {
        const broken = path.join(tmp, "broken");
        fs.cpSync(project, broken, { recursive: true, filter: (p) => path.basename(p) !== "node_modules" });
        fs.writeFileSync(path.join(broken, "package.json"), '{ "name": "broken", "dependencies": '); // not JSON
        fs.rmSync(path.join(broken, "package-lock.json"), { force: true });
        const r = await pulumiIn(stack, broken, ["install"], env);
        expect(r.exitCode, show(r)).to.not.equal(0);
        expect(r.stdout + r.stderr).to.match(/npm install in .* failed with exit code/);
    });

    it("pulumi about names node and the program's dependencies, with no 'not implemented'", async () => {
        const r = await pulumiIn(stack, project, ["about", "--json", "--stack", "dev"], env);
        expect(r.exitCode, show(r)).to.equal(0);
        expect(r.stderr).to.not.match(/not implemented/i);
        const about = JSON.parse(r.stdout) as {
            runtime?: { language: string; version: string; executable: string; packagemanager?: string };
            dependencies?: { name: string; version: string }[];
            errors?: string[];
        };
        expect(about.errors ?? [], show(r)).to.deep.equal([]);
        expect(about.runtime?.language).to.equal("nodejs");
        expect(about.runtime?.version).to.equal(process.versions.node);
        expect(about.runtime?.executable).to.match(/node$/);
        expect(about.runtime?.packagemanager).to.equal("npm");
        expect(about.dependencies).to.deep.include({ name: PROBE.name, version: PROBE.version });
    });
});

describe("e2e: the language host and the provider exit when the engine goes away", function () {
    this.timeout(300_000);
    let stack: TestStack;

    before(async () => {
        stack = await createStack({ program: path.join(__dirname, "fixtures", "slow-create"), noDefaultConfig: true });
    });
    after(() => stack?.dispose());

    it("after a SIGKILL of the pulumi CLI during a create, no process of the run is left", async () => {
        const started = path.join(stack.projectDir, "create-started");
        const up = stack.start(["up", "--yes", "--skip-preview"]);
        await waitFor("the provider's create to start", () => fs.existsSync(started), 180_000);

        const before = stack.stackProcesses().filter((p) => p !== up.pid);
        const lines = before.map((p) => cmdline(p));
        expect(
            lines.some((l) => l.includes("pulumi-language-nodejs")),
            lines.join("\n"),
        ).to.equal(true);
        expect(
            lines.some((l) => l.includes("pulumi-resource-pulumi-nodejs")),
            lines.join("\n"),
        ).to.equal(true);
        expect(
            lines.some((l) => l.includes("dynamic-provider")),
            lines.join("\n"),
        ).to.equal(true);
        expect(
            lines.some((l) => l.includes("cmd/run")),
            lines.join("\n"),
        ).to.equal(true);

        process.kill(up.pid, "SIGKILL"); // the CLI only, not its process group: plugins have groups of their own
        await up.done;
        await waitFor("every process of the run to exit", () => stack.stackProcesses().length === 0, 60_000).catch((e: Error) => {
            const left = stack.stackProcesses().map((p) => `${p}: ${cmdline(p)}`);
            throw new Error(`${e.message}; still running:\n${left.join("\n")}`);
        });
    });
});
