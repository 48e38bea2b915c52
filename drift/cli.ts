#!/usr/bin/env node
// `ecs-ops-drift`: reports how the cloud drifted from a stack's program (see docs/drift.md).
//
//   npx ecs-ops-drift [--stack NAME] [--cwd DIR] [--format markdown|json]
//   pulumi preview --refresh --json | npx ecs-ops-drift - [--format json]
//
// Runs `pulumi preview --refresh --json` (the `pulumi` on PATH, else this package's .tools/bin one),
// or reads that JSON from standard input with `-`, and prints per resource each drifted property with
// the program's and the cloud's values, secrets as `[secret]`. Exit 0: no drift; 2: drift; 1: error.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { driftFromPreview, exitCodeOf, renderJson, renderMarkdown } from "./report";

/** The command line, parsed. */
export interface DriftOptions {
    stack?: string;
    cwd?: string;
    format: "markdown" | "json";
    /** Read the preview JSON from standard input. */
    stdin: boolean;
    /** Print the usage and exit 0. */
    help?: boolean;
}

const USAGE = "usage: ecs-ops-drift [--stack NAME] [--cwd DIR] [--format markdown|json] [-]";

const HELP = `Reports how the cloud drifted from a stack's program: runs \`pulumi preview --refresh --json\` (or reads
its output from standard input with -) and prints, per resource, each drifted property with the program's
and the cloud's values (secrets as [secret]), as Markdown for a pull request or issue comment, or as JSON.

  --stack, -s NAME     the stack (default: the selected one)
  --cwd, -C DIR        the Pulumi project directory (default: the current one)
  --format FORMAT      markdown (default) or json
  -                    read the JSON of \`pulumi preview --refresh --json\` from standard input

Exit status: 0 no drift, 2 drift, 1 error. See docs/drift.md.
`;

/** Parses the arguments; throws a usage error naming the bad one. */
export function parseArgs(argv: readonly string[]): DriftOptions {
    const o: DriftOptions = { format: "markdown", stdin: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = (): string => {
            const eq = a.indexOf("=");
            if (eq >= 0) return a.slice(eq + 1);
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) throw new Error(`${a.split("=")[0]} needs a value\n${USAGE}`);
            return v;
        };
        const name = a.split("=")[0];
        if (a === "-") o.stdin = true;
        else if (a === "--help" || a === "-h") o.help = true;
        else if (name === "--stack" || name === "-s") o.stack = value();
        else if (name === "--cwd" || name === "-C") o.cwd = value();
        else if (name === "--format") {
            const f = value();
            if (f !== "markdown" && f !== "json") throw new Error(`--format must be markdown or json, not ${JSON.stringify(f)}\n${USAGE}`);
            o.format = f;
        } else throw new Error(`unknown argument ${JSON.stringify(a)}\n${USAGE}`);
    }
    return o;
}

function onPath(name: string): string | undefined {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        if (dir === "") continue;
        const file = path.join(dir, name);
        try {
            fs.accessSync(file, fs.constants.X_OK);
            return file;
        } catch {
            // not here
        }
    }
    return undefined;
}

/** The pulumi CLI to run: the one on PATH, else the pinned build of this package (scripts/ensure-pulumi.js). */
function pulumiBinary(): string {
    const found = onPath(process.platform === "win32" ? "pulumi.exe" : "pulumi");
    if (found !== undefined) return found;
    // dist/drift/cli.js → the package root.
    const pinned = path.resolve(__dirname, "..", "..", ".tools", "bin", "pulumi");
    if (fs.existsSync(pinned)) return pinned;
    throw new Error("no pulumi CLI: put one on PATH (https://www.pulumi.com/docs/install/), or pipe `pulumi preview --refresh --json` into `ecs-ops-drift -`");
}

function readStdin(): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on("data", (c: Buffer) => chunks.push(c));
        process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        process.stdin.on("error", reject);
    });
}

/** Runs `pulumi preview --refresh --json`; resolves to its standard output, or throws with its errors (never its values). */
function runPreview(o: DriftOptions): Promise<string> {
    const args = [
        "preview",
        "--refresh",
        "--json",
        "--non-interactive",
        ...(o.stack !== undefined ? ["--stack", o.stack] : []),
        ...(o.cwd !== undefined ? ["--cwd", o.cwd] : []),
    ];
    return new Promise((resolve, reject) => {
        const child = spawn(pulumiBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (c: Buffer) => out.push(c));
        child.stderr.on("data", (c: Buffer) => err.push(c));
        child.on("error", reject);
        child.on("close", (code) => {
            const stdout = Buffer.concat(out).toString("utf8");
            if (code === 0) return resolve(stdout);
            // The preview's own error diagnostics (pulumi prints secrets in them as [secret]), else its stderr.
            let messages: string[] = [];
            try {
                const doc = JSON.parse(stdout) as { diagnostics?: Array<{ severity?: string; message?: string }> };
                messages = (doc.diagnostics ?? [])
                    .filter((d) => d.severity === "error" && typeof d.message === "string")
                    .map((d) => (d.message as string).trim());
            } catch {
                // not JSON
            }
            const detail = messages.length > 0 ? messages.join("\n") : Buffer.concat(err).toString("utf8").trim();
            reject(new Error(`pulumi preview --refresh failed (exit ${code})${detail === "" ? "" : `:\n${detail}`}`));
        });
    });
}

/** The command: prints the report and resolves to the exit code (0 no drift, 2 drift, 1 error). */
export async function main(argv: readonly string[]): Promise<number> {
    try {
        const o = parseArgs(argv);
        if (o.help === true) {
            process.stdout.write(`${USAGE}\n\n${HELP}`);
            return 0;
        }
        const text = o.stdin ? await readStdin() : await runPreview(o);
        let doc: unknown;
        try {
            doc = JSON.parse(text);
        } catch {
            throw new Error("the preview output is not JSON (run `pulumi preview --refresh --json`)");
        }
        const report = driftFromPreview(doc);
        process.stdout.write(o.format === "json" ? renderJson(report, o.stack) : renderMarkdown(report, o.stack));
        return exitCodeOf(report);
    } catch (e) {
        process.stderr.write(`ecs-ops-drift: ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
    }
}

if (require.main === module) {
    void main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
