// The demo exactly as the README tells a new user to run it: the repository's committed HEAD is cloned into
// a temp dir (no node_modules, no .tools/), and the README's demo command (`npm ci && npm run demo`, read from
// the README itself) runs there under `bash -c`, with no pulumi of this repository on PATH, so the CLI is
// built the way a fresh machine builds it (the Go caches may be warm). It must exit 0, end with its success
// line, show per step the API calls the story promises (nothing for previews and no-op ups, one
// modification per instance on adoption, exactly one reboot per instance for the hostname change, one
// reboot and one re-init for the explicit operations), and never print the secret password it sets. The
// whole output is kept in a log file, named (with its tail) when an assertion fails.
import { expect } from "chai";
import * as childProcess from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");
const DEMO_PASSWORD = "Demo#Reinit2026";
const CREDENTIAL_SECRETS = ["emulator-access-key-secret", "emulator-secret-key"];
/** Kills the run after this long: npm ci, the package build, the CLI build (warm Go caches) and the demo. */
const DEMO_TIMEOUT_MS = 25 * 60_000;

interface DemoRun {
    exitCode: number | null;
    signal: NodeJS.Signals | null;
    output: string;
    durationMs: number;
}

/** The calls that keep ecs-ops' operation records (see "Exactly once" in the README) and its owner tag (docs/ownership.md). */
const RECORD_ACTIONS = ["TagResources", "UntagResources"];

/** Per-step call counts from the demo's final summary, e.g. "5b" → {RebootInstance: 3, …}. */
type Summary = Map<string, Map<string, number>>;

/** Reads the summary block: a step title line, then an indented line of `Action×n, …` or "no API calls". */
function parseSummary(output: string): Summary {
    const start = output.indexOf("summary: API calls made per step");
    expect(start, "the demo printed its summary").to.be.greaterThan(-1);
    const lines = output.slice(start).split("\n").slice(2); // the banner's closing rule follows the title
    const summary: Summary = new Map();
    for (let i = 0; i + 1 < lines.length; i++) {
        const title = /^(\d+[a-z]?)\. /.exec(lines[i]);
        const counts = /^ {4}(\S.*)$/.exec(lines[i + 1]);
        if (!title || !counts) continue;
        const calls = new Map<string, number>();
        if (counts[1].trim() !== "no API calls") {
            for (const part of counts[1].split(", ")) {
                const m = /^(.+)×(\d+)$/.exec(part.trim());
                expect(m, `summary entry "${part}"`).to.not.equal(null);
                calls.set(m![1], Number(m![2]));
            }
        }
        summary.set(title[1], calls);
        i++;
    }
    return summary;
}

/** The calls of a step other than reads (Describe*), as a plain object for deep equality. */
function changesOf(summary: Summary, step: string): Record<string, number> {
    const calls = summary.get(step);
    expect(calls, `step ${step} in the summary`).to.not.equal(undefined);
    // Reads and ecs-ops' operation records (tags on the instance / disk) are not changes.
    return Object.fromEntries([...calls!].filter(([action]) => !action.startsWith("Describe") && !RECORD_ACTIONS.includes(action)));
}

/** Kills every process still carrying `marker` in its environment (the demo's pulumi runs and plugins). */
function killMarked(marker: string): void {
    const needle = Buffer.from(`${marker}\0`);
    for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
        if (Number(pid) === process.pid) continue;
        try {
            if (fs.readFileSync(`/proc/${pid}/environ`).includes(needle)) process.kill(Number(pid), "SIGKILL");
        } catch {
            // gone, or not ours
        }
    }
}

/** The README's demo command: the line of its first `sh` block that runs `npm run demo`, without the comment. */
export function readmeDemoCommand(readme: string): string {
    const block = /```sh\n([\s\S]*?)```/.exec(readme);
    expect(block, "the README starts with a sh block").to.not.equal(null);
    const line = block![1].split("\n").find((l) => /\bnpm run demo\b/.test(l));
    expect(line, "the README's first sh block runs npm run demo").to.not.equal(undefined);
    return line!.replace(/\s+#.*$/, "").trim();
}

/** The environment of a fresh shell: no npm run variables, nothing of this checkout on PATH, a warm npm cache. */
function freshShellEnv(marker: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (/^npm_/i.test(k) || k === "INIT_CWD" || k.startsWith("ECS_OPS_")) continue;
        env[k] = v;
    }
    env.PATH = (process.env.PATH ?? "")
        .split(path.delimiter)
        .filter((p) => p && !path.resolve(p).startsWith(REPO + path.sep))
        .join(path.delimiter);
    // npm as on a machine whose npm cache is warm (this one's): served from the cache without asking the
    // registry whether it is current, no audit or funding requests. npm ci itself, its install scripts
    // (the package's `prepare` build) and the demo run as on any fresh clone.
    env.npm_config_prefer_offline = "true";
    env.npm_config_audit = "false";
    env.npm_config_fund = "false";
    env.npm_config_update_notifier = "false";
    const [name, value] = marker.split("=");
    env[name] = value;
    return env;
}

function git(args: string[], cwd: string): string {
    return childProcess.execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

describe("e2e: the README's demo command on a fresh clone (npm ci && npm run demo)", function () {
    this.timeout(DEMO_TIMEOUT_MS + 60_000);
    // Every process the demo starts inherits this variable, so a demo killed on timeout leaves nothing behind.
    const marker = `ECS_OPS_DEMO_TEST_RUN=${process.pid}-${Date.now()}`;
    let child: childProcess.ChildProcess | undefined;
    let run: DemoRun;
    let summary: Summary;
    let tmp: string;
    let logFile: string;
    let command: string;

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-fresh-clone-"));
        logFile = path.join(os.tmpdir(), `ecs-ops-fresh-clone-demo-${process.pid}.log`);
        const clone = path.join(tmp, "ecs-ops");
        const head = git(["rev-parse", "HEAD"], REPO);
        git(["clone", "--quiet", "--no-checkout", REPO, clone], tmp);
        git(["checkout", "--quiet", "--detach", head], clone);
        expect(fs.existsSync(path.join(clone, ".tools")), "the clone has no .tools/").to.equal(false);
        expect(fs.existsSync(path.join(clone, "node_modules")), "the clone has no node_modules/").to.equal(false);
        command = readmeDemoCommand(fs.readFileSync(path.join(clone, "README.md"), "utf8"));
        expect(command).to.equal("npm ci && npm run demo");

        const started = Date.now();
        const log = fs.openSync(logFile, "w");
        fs.writeSync(log, `$ cd ${clone} && bash -c '${command}'   # HEAD ${head}\n`);
        run = await new Promise<DemoRun>((resolve, reject) => {
            const c = childProcess.spawn("bash", ["-c", command], {
                cwd: clone,
                env: freshShellEnv(marker),
                stdio: ["ignore", "pipe", "pipe"],
                detached: true,
            });
            child = c;
            const chunks: Buffer[] = [];
            const keep = (b: Buffer) => {
                chunks.push(b);
                fs.writeSync(log, b);
            };
            c.stdout!.on("data", keep);
            c.stderr!.on("data", keep);
            const timer = setTimeout(() => {
                killMarked(marker);
                if (c.pid !== undefined) process.kill(-c.pid, "SIGKILL");
            }, DEMO_TIMEOUT_MS);
            c.on("error", (e) => {
                clearTimeout(timer);
                reject(e);
            });
            c.on("close", (exitCode, signal) => {
                clearTimeout(timer);
                resolve({ exitCode, signal, output: Buffer.concat(chunks).toString("utf8"), durationMs: Date.now() - started });
            });
        });
        fs.closeSync(log);
        summary = parseSummary(run.output);
    });
    afterEach(function () {
        if (this.currentTest?.state === "failed") {
            const tail = run?.output.slice(-4000) ?? "";
            console.error(`\n[fresh-clone demo] full output in ${logFile}; its end:\n${tail}`);
        }
    });
    after(function () {
        // Only after a failure or a timeout can anything of the demo still run.
        if (child && child.exitCode === null && child.pid !== undefined) {
            try {
                process.kill(-child.pid, "SIGKILL");
            } catch {
                // already gone
            }
        }
        killMarked(marker);
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
        const failed = this.test?.parent?.tests.some((t) => t.state === "failed");
        if (!failed && logFile) fs.rmSync(logFile, { force: true });
    });

    it("exits 0 and ends with its success line", () => {
        expect(run.exitCode, `${command} in a fresh clone (log: ${logFile}):\n${run.output.slice(-3000)}`).to.equal(0);
        expect(run.output).to.match(/^demo finished: every step succeeded$/m);
        expect(run.output).to.not.include("demo failed");
    });

    it("built the CLI itself, as on a fresh machine (no pulumi on PATH)", function () {
        if (/pulumi v[\d.]+ from PATH/.test(run.output)) this.skip(); // a machine with Pulumi installed uses it
        expect(run.output).to.match(/\[ensure-pulumi\] building: not built yet/);
        expect(run.output).to.match(/\[ensure-pulumi\] built in /);
    });

    it("lists every step in its summary", () => {
        expect([...summary.keys()]).to.deep.equal(["1", "2", "3", "4a", "4b", "5a", "5b", "6a", "6b", "6c", "7a", "7b", "8a", "8b", "8c"]);
    });

    it("tells the same story on Huawei Cloud: adoption and a hostname change each apply UpdateServer, then exactly one reboot; destroy reboots nothing", () => {
        const changes = (step: string): Record<string, number> =>
            Object.fromEntries(
                Object.entries(changesOf(summary, step)).filter(([a]) => !/^(Show|List)/.test(a) && !/^Batch(Create|Delete)ServerTags$/.test(a)),
            );
        expect(changes("8a")).to.deep.include({ UpdateServer: 1, BatchRebootServers: 1 });
        expect(changes("8b")).to.deep.equal({ UpdateServer: 1, BatchRebootServers: 1 });
        expect(changes("8c")).to.deep.equal({});
    });

    it("previews and the no-op up make no API call but the adoption's read of the owner tags; both destroys only read and remove ecs-ops' tags", () => {
        // The first preview adopts: it reads the instances' owner tag (docs/ownership.md), batched, and nothing else.
        const first = summary.get("1")!;
        expect([...first.keys()], `step 1: ${[...first.keys()].join(", ")}`).to.deep.equal(["DescribeInstances"]);
        for (const step of ["3", "5a", "6c"]) {
            expect(summary.get(step)!.size, `step ${step}: ${[...summary.get(step)!.keys()].join(", ")}`).to.equal(0);
        }
        for (const step of ["7a", "7b"]) {
            const actions = [...summary.get(step)!.keys()];
            expect(
                actions.filter((a) => !a.startsWith("Describe") && a !== "UntagResources"),
                `step ${step}: ${actions.join(", ")}`,
            ).to.deep.equal([]);
        }
    });

    it("adoption modifies each instance once without a reboot; refresh only reads; the drift is fixed in one call", () => {
        expect(changesOf(summary, "2")).to.deep.equal({ ModifyInstanceAttribute: 3 });
        expect(changesOf(summary, "4a")).to.deep.equal({});
        expect(summary.get("4a")!.get("DescribeInstances")).to.be.greaterThan(0);
        expect(changesOf(summary, "4b")).to.deep.equal({ ModifyInstanceAttribute: 1 });
        expect(run.output).to.include("renamed-by-hand");
    });

    it("the hostname change is previewed with its restart note, then applied with exactly one reboot per instance", () => {
        const preview = run.output.slice(run.output.indexOf("== 5a."), run.output.indexOf("== 5b."));
        expect(preview).to.match(/~ hostName\s*: "web-1" => "www-1"/);
        expect(preview).to.match(/hostName takes effect only after the instance is restarted/);
        expect(changesOf(summary, "5b")).to.deep.equal({ ModifyInstanceAttribute: 3, "RebootInstance(DryRunOperation)": 3, RebootInstance: 3 });
    });

    it("the explicit operations run once on creation, and a trigger bump reboots exactly once", () => {
        expect(changesOf(summary, "6a")).to.deep.equal({ "RebootInstance(DryRunOperation)": 1, RebootInstance: 1, ReInitDisk: 1 });
        expect(changesOf(summary, "6b")).to.deep.equal({ "RebootInstance(DryRunOperation)": 1, RebootInstance: 1 });
    });

    it("never prints the secret password it sets, nor the emulator's credential secrets", () => {
        expect(run.output).to.not.include(DEMO_PASSWORD);
        for (const secret of CREDENTIAL_SECRETS) expect(run.output).to.not.include(secret);
    });

    it("leaves no process behind", () => {
        const needle = Buffer.from(`${marker}\0`);
        const left = fs
            .readdirSync("/proc")
            .filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)
            .filter((pid) => {
                try {
                    return fs.readFileSync(`/proc/${pid}/environ`).includes(needle);
                } catch {
                    return false;
                }
            });
        expect(left, `processes still running after ${run.durationMs} ms`).to.deep.equal([]);
    });
});
