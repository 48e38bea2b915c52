#!/usr/bin/env node
// Finds or builds the Pulumi CLI used by ecs-ops' tests, demo and `npm run pulumi`.
//
//   node scripts/ensure-pulumi.js               ensure, then print the bin dir
//   node scripts/ensure-pulumi.js --json        ensure, then print {binDir, pulumi, version, source} as JSON
//   node scripts/ensure-pulumi.js --exec -- ARGS  ensure, then run `pulumi ARGS` with the bin dir first on PATH
//
// 1. A `pulumi` >= 3.200 on PATH is used when its Node.js plugins (pulumi-language-nodejs,
//    pulumi-resource-pulumi-nodejs) are beside it or on PATH. ECS_OPS_PULUMI=build skips this step,
//    ECS_OPS_PULUMI=path makes it mandatory. The YAML language host (pulumi-language-yaml) is taken from
//    beside it or PATH too; when neither has one, the pinned YAML host in .tools/bin is used (built if
//    needed) and .tools/bin is put on PATH after the CLI's dir.
// 2. Otherwise the pinned build in .tools/bin (git-ignored) is used if it is current: its stamp matches the
//    build inputs (tools/pulumi/**) and the binaries report the pinned versions.
// 3. Otherwise it is built:
//    - from tools/pulumi (go.mod/go.sum pin github.com/pulumi/pulumi/pkg/v3 and sdk/v3): the CLI, our
//      language host (tools/pulumi/cmd/pulumi-language-nodejs) and the dynamic-provider launcher
//      (tools/pulumi/cmd/pulumi-resource-pulumi-nodejs); our Python language host
//      (tools/pulumi/cmd/pulumi-language-python) too, in the same build and stamp (a CLI found on PATH
//      is used without it: Python programs then need the official host beside that CLI);
//    - from tools/pulumi/language-yaml, a module of its own (pulumi-yaml pins an older pkg/v3 and does not
//      compile against the CLI's): the YAML language host, github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml.
//    The first build downloads modules from the Go module proxy and compiles ~2,000 packages.
//
// Plain CommonJS on purpose: it must run before `npm run build` and on a fresh clone.
"use strict";

const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const childProcess = require("child_process");

const repoRoot = path.resolve(__dirname, "..");
const toolsDir = path.join(repoRoot, "tools", "pulumi");
const yamlDir = path.join(toolsDir, "language-yaml");
const outDir = path.join(repoRoot, ".tools");
const binDir = path.join(outDir, "bin");
const stampFile = path.join(binDir, ".ecs-ops-build.json");
const lockFile = path.join(outDir, "build.lock");
const logFile = path.join(outDir, "build.log");
const MIN_VERSION = "3.200.0";
const NODE_PLUGINS = ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];
const YAML_HOST = "pulumi-language-yaml";
const PYTHON_HOST = "pulumi-language-python";
const BINARIES = ["pulumi", ...NODE_PLUGINS, PYTHON_HOST, YAML_HOST];

function log(msg) {
    process.stderr.write(`[ensure-pulumi] ${msg}\n`);
}

/** The CLI version pinned in tools/pulumi/go.mod, e.g. "3.259.0". */
function pinnedVersion() {
    const gomod = fs.readFileSync(path.join(toolsDir, "go.mod"), "utf8");
    const m = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\d+\.\d+\.\d+)/.exec(gomod);
    if (!m) {
        throw new Error("tools/pulumi/go.mod does not require github.com/pulumi/pulumi/pkg/v3");
    }
    return m[1];
}

/** The pulumi-yaml version pinned in tools/pulumi/language-yaml/go.mod, e.g. "1.25.0". */
function pinnedYamlVersion() {
    const gomod = fs.readFileSync(path.join(yamlDir, "go.mod"), "utf8");
    const m = /github\.com\/pulumi\/pulumi-yaml v(\d+\.\d+\.\d+)/.exec(gomod);
    if (!m) {
        throw new Error("tools/pulumi/language-yaml/go.mod does not require github.com/pulumi/pulumi-yaml");
    }
    return m[1];
}

function parseVersion(text) {
    const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(text || "");
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function versionAtLeast(v, min) {
    const a = parseVersion(v);
    const b = parseVersion(min);
    if (!a || !b) return false;
    for (let i = 0; i < 3; i++) {
        if (a[i] !== b[i]) return a[i] > b[i];
    }
    return true;
}

function isExecutable(file) {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

function which(name, pathList) {
    for (const dir of pathList) {
        if (!dir) continue;
        const candidate = path.join(dir, name);
        if (isExecutable(candidate)) return candidate;
    }
    return undefined;
}

/** Runs `<bin> <args>` and returns trimmed stdout, or undefined if it fails. */
function outputOf(bin, args, env) {
    const r = childProcess.spawnSync(bin, args, {
        encoding: "utf8",
        timeout: 30000,
        env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true", ...(env || {}) },
    });
    if (r.error || r.status !== 0) return undefined;
    return r.stdout.trim();
}

/** PATH with `dirs` first (in that order), each once. */
function withPath(...dirs) {
    const first = dirs.map((d) => path.resolve(d));
    const rest = (process.env.PATH || "").split(path.delimiter).filter((p) => p && !first.includes(path.resolve(p)));
    return [...new Set(first), ...rest].join(path.delimiter);
}

function result(dir, version, source, yamlHost, yamlMissing) {
    return {
        binDir: dir,
        pulumi: path.join(dir, "pulumi"),
        version,
        source,
        yamlHost,
        ...(yamlMissing ? { yamlMissing } : {}),
        env: { PATH: yamlHost ? withPath(dir, path.dirname(yamlHost)) : withPath(dir) },
    };
}

/** A usable `pulumi` on PATH (not our own .tools/bin) with its Node plugins, or undefined. */
function cliFromPath() {
    const pathList = (process.env.PATH || "").split(path.delimiter).filter((p) => p && path.resolve(p) !== binDir);
    const pulumi = which("pulumi", pathList);
    if (!pulumi) return undefined;
    const version = outputOf(pulumi, ["version"]);
    if (!version || !versionAtLeast(version, MIN_VERSION)) {
        log(`ignoring ${pulumi}: version ${version || "unknown"} < ${MIN_VERSION}`);
        return undefined;
    }
    const dir = path.dirname(fs.realpathSync(pulumi));
    for (const plugin of NODE_PLUGINS) {
        if (!isExecutable(path.join(dir, plugin)) && !which(plugin, pathList)) {
            log(`ignoring ${pulumi}: ${plugin} is neither beside it nor on PATH`);
            return undefined;
        }
    }
    // The engine looks for a language host beside the CLI's real path, then on PATH.
    const yamlHost = isExecutable(path.join(dir, YAML_HOST)) ? path.join(dir, YAML_HOST) : which(YAML_HOST, pathList);
    return { dir: path.dirname(pulumi), version: version.replace(/^v/, ""), yamlHost };
}

/** Hash of everything under `root` (default tools/pulumi, all the build depends on); a change triggers a rebuild. */
function inputsHash(root = toolsDir) {
    const h = crypto.createHash("sha256");
    const walk = (dir) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.isFile()) {
                h.update(path.relative(toolsDir, p) + "\0");
                h.update(fs.readFileSync(p));
                h.update("\0");
            }
        }
    };
    walk(root);
    return h.digest("hex");
}

function readStamp() {
    try {
        return JSON.parse(fs.readFileSync(stampFile, "utf8"));
    } catch {
        return undefined;
    }
}

/** What the YAML host build depends on: its version and tools/pulumi/language-yaml/**. */
function yamlInputs() {
    return { version: pinnedYamlVersion(), inputsHash: inputsHash(yamlDir) };
}

/**
 * Why .tools/bin/pulumi-language-yaml cannot be reused, or undefined if it can. It has no version flag:
 * the stamp's `yaml` entry (written when it was built) must match its inputs.
 */
function yamlStaleReason(yaml) {
    const stamp = readStamp();
    if (!stamp || !stamp.yaml) return "not built yet";
    if (stamp.yaml.version !== yaml.version) return `stamp says pulumi-yaml ${stamp.yaml.version}, want ${yaml.version}`;
    if (stamp.yaml.inputsHash !== yaml.inputsHash) return "tools/pulumi/language-yaml changed since the last build";
    if (!isExecutable(path.join(binDir, YAML_HOST))) return `${YAML_HOST} is missing`;
    return undefined;
}

/** Why the build in .tools/bin cannot be reused, or undefined if it can. */
function staleReason(version, hash, yaml) {
    const stamp = readStamp();
    if (!stamp) return "not built yet";
    if (stamp.version !== version) return `stamp says ${stamp.version}, want ${version}`;
    if (stamp.inputsHash !== hash) return "tools/pulumi changed since the last build";
    const yamlReason = yamlStaleReason(yaml);
    if (yamlReason) return `YAML host: ${yamlReason}`;
    for (const b of BINARIES) {
        if (!isExecutable(path.join(binDir, b))) return `${b} is missing`;
    }
    const cli = outputOf(path.join(binDir, "pulumi"), ["version"]);
    if (cli !== `v${version}`) return `.tools/bin/pulumi reports ${cli || "nothing"}, want v${version}`;
    const host = outputOf(path.join(binDir, "pulumi-language-nodejs"), ["-version"]);
    if (host !== `v${version}`) return `.tools/bin/pulumi-language-nodejs reports ${host || "nothing"}, want v${version}`;
    const python = outputOf(path.join(binDir, PYTHON_HOST), ["-version"]);
    if (python !== `v${version}`) return `.tools/bin/${PYTHON_HOST} reports ${python || "nothing"}, want v${version}`;
    return undefined;
}

function sleep(ms) {
    return new Promise((r) => setTimeout(r, ms));
}

function pidAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return e.code === "EPERM";
    }
}

/** Simple inter-process lock so that concurrent `npm test` / demo runs do not build twice. */
async function withLock(fn) {
    fs.mkdirSync(outDir, { recursive: true });
    let announced = false;
    for (;;) {
        try {
            fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
            break;
        } catch (e) {
            if (e.code !== "EEXIST") throw e;
            const holder = Number(fs.readFileSync(lockFile, "utf8")) || 0;
            if (!holder || !pidAlive(holder)) {
                fs.rmSync(lockFile, { force: true });
                continue;
            }
            if (!announced) {
                log(`waiting for the build running in process ${holder} (see ${logFile})`);
                announced = true;
            }
            await sleep(2000);
        }
    }
    try {
        return await fn();
    } finally {
        fs.rmSync(lockFile, { force: true });
    }
}

function fmtDuration(ms) {
    const s = Math.round(ms / 1000);
    return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/**
 * One `go build -v` in `cwd`, with progress on stderr every 20 s and its output appended to the build log.
 * Resolves with its duration in ms.
 */
function goBuild(label, cwd, args, logStream) {
    log(`${label}: go ${args.join(" ")} in ${path.relative(repoRoot, cwd)}`);
    const started = Date.now();
    let compiled = 0;
    let downloaded = 0;
    let last = "";
    return new Promise((resolve, reject) => {
        const child = childProcess.spawn("go", args, {
            cwd,
            env: { ...process.env, GOFLAGS: [process.env.GOFLAGS, "-buildvcs=false"].filter(Boolean).join(" ") },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const onData = (chunk) => {
            logStream.write(chunk);
            for (const line of chunk.toString().split("\n")) {
                if (!line.trim()) continue;
                if (line.startsWith("go: downloading")) downloaded++;
                else if (!line.includes(" ")) compiled++;
                last = line;
            }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        const timer = setInterval(() => {
            log(`… ${label} ${fmtDuration(Date.now() - started)}: ${compiled} packages built, ${downloaded} modules downloaded (${last.slice(0, 80)})`);
        }, 20000);
        child.on("error", (e) => {
            clearInterval(timer);
            reject(e);
        });
        child.on("close", (code) => {
            clearInterval(timer);
            if (code === 0) {
                log(`${label}: built in ${fmtDuration(Date.now() - started)} (${compiled} packages, ${downloaded} modules downloaded)`);
                resolve(Date.now() - started);
            } else {
                reject(new Error(`go build of ${label} failed with exit code ${code}`));
            }
        });
    });
}

function ldflagsOf(variable, version) {
    return ["-ldflags", `-X ${variable}=v${version}`];
}

/** The go build of the CLI, our Node and Python hosts and the dynamic-provider launcher (module tools/pulumi). */
function cliBuildArgs(version, stagingDir) {
    return [
        "build",
        "-v",
        "-mod=readonly",
        ...ldflagsOf("github.com/pulumi/pulumi/sdk/v3/go/common/version.Version", version),
        "-o",
        stagingDir + path.sep,
        "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
        "./cmd/pulumi-language-nodejs",
        "./cmd/pulumi-resource-pulumi-nodejs",
        `./cmd/${PYTHON_HOST}`,
    ];
}

/** The go build of the YAML language host (module tools/pulumi/language-yaml). */
function yamlBuildArgs(yamlVersion, stagingDir) {
    return [
        "build",
        "-v",
        "-mod=readonly",
        ...ldflagsOf("github.com/pulumi/pulumi-yaml/pkg/version.Version", yamlVersion),
        "-o",
        stagingDir + path.sep,
        `github.com/pulumi/pulumi-yaml/cmd/${YAML_HOST}`,
    ];
}

/**
 * Builds into a staging dir (the CLI set when `version` is given, and the YAML host), then moves the
 * binaries into .tools/bin and writes the stamp. Progress on stderr, the full log in .tools/build.log.
 */
async function build({ version, hash, yaml }) {
    const goVersion = outputOf("go", ["env", "GOVERSION"]);
    if (!goVersion) {
        throw new Error("`go` is not on PATH: it is needed once to build the Pulumi CLI (see docs/engine.md)");
    }
    const what = version ? `pulumi v${version} and pulumi-language-yaml v${yaml.version}` : `pulumi-language-yaml v${yaml.version}`;
    log(`building ${what} with ${goVersion}; log: ${logFile}`);
    if (version) log("first build: downloads modules and compiles ~2,000 packages, 10-30 minutes");
    fs.mkdirSync(outDir, { recursive: true });
    const staging = fs.mkdtempSync(path.join(outDir, "bin.staging-"));
    const logStream = fs.createWriteStream(logFile);
    const started = Date.now();
    try {
        const built = [];
        try {
            if (version) {
                await goBuild("pulumi", toolsDir, cliBuildArgs(version, staging), logStream);
                built.push("pulumi", ...NODE_PLUGINS, PYTHON_HOST);
            }
            await goBuild(YAML_HOST, yamlDir, yamlBuildArgs(yaml.version, staging), logStream);
            built.push(YAML_HOST);
        } catch (e) {
            await new Promise((r) => logStream.end(r));
            let tail = "";
            try {
                tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
            } catch {
                /* ignore */
            }
            throw new Error(`${e.message}; last lines of ${logFile}:\n${tail}`, { cause: e });
        }
        const buildMs = Date.now() - started;
        log(`built in ${fmtDuration(buildMs)}`);
        fs.mkdirSync(binDir, { recursive: true });
        const previous = readStamp() || {};
        fs.rmSync(stampFile, { force: true });
        for (const b of built) {
            fs.renameSync(path.join(staging, b), path.join(binDir, b));
        }
        const stamp = version ? { version, inputsHash: hash, yaml, builtAt: new Date().toISOString(), buildMs } : { ...previous, yaml }; // only the YAML host was built: the rest of the stamp still holds
        fs.writeFileSync(stampFile, JSON.stringify(stamp, null, 2) + "\n");
    } finally {
        logStream.end();
        fs.rmSync(staging, { recursive: true, force: true });
    }
}

function notUsable(what, reason) {
    return new Error(`${what} in .tools/bin is not usable (${reason}); run \`node scripts/ensure-pulumi.js\` ` + "(npm test does this in pretest)");
}

/**
 * Ensures a usable Pulumi CLI with the Node plugins and the YAML language host, and returns where they are.
 * @param {{build?: boolean}} [opts] build: false makes a missing/stale build an error instead of building.
 * @returns {Promise<import("./ensure-pulumi").EnsuredPulumi>}
 */
async function ensurePulumi(opts = {}) {
    const mode = process.env.ECS_OPS_PULUMI || "auto";
    const yaml = yamlInputs();
    if (mode !== "build") {
        const found = cliFromPath();
        if (found) {
            let yamlHost = found.yamlHost;
            if (!yamlHost) {
                let reason = yamlStaleReason(yaml);
                if (reason && opts.build === false) {
                    // Node programs do not need it: only a YAML program fails, naming the fix (EnsuredPulumi.yamlHost).
                    return result(found.dir, found.version, "path", undefined, notUsable(YAML_HOST, reason).message);
                }
                if (reason) {
                    await withLock(async () => {
                        reason = yamlStaleReason(yaml);
                        if (reason) {
                            log(`building ${YAML_HOST} (none beside ${found.dir}/pulumi or on PATH): ${reason}`);
                            await build({ yaml });
                            reason = yamlStaleReason(yaml);
                            if (reason) throw new Error(`build finished but is not usable: ${reason}`);
                        }
                    });
                }
                yamlHost = path.join(binDir, YAML_HOST);
            }
            return result(found.dir, found.version, "path", yamlHost);
        }
        if (mode === "path") throw new Error("ECS_OPS_PULUMI=path but no usable pulumi >= 3.200 on PATH");
    }
    const version = pinnedVersion();
    const hash = inputsHash();
    let reason = staleReason(version, hash, yaml);
    if (reason) {
        if (opts.build === false) throw notUsable("the Pulumi CLI", reason);
        await withLock(async () => {
            reason = staleReason(version, hash, yaml); // another process may have built it meanwhile
            if (reason) {
                log(`building: ${reason}`);
                await build({ version, hash, yaml });
                reason = staleReason(version, hash, yaml);
                if (reason) throw new Error(`build finished but is not usable: ${reason}`);
            }
        });
    }
    return result(binDir, version, "built", path.join(binDir, YAML_HOST));
}

/** Environment for running the ensured CLI: bin dir first on PATH, no update checks. */
function pulumiEnv(ensured, base = process.env) {
    return { ...base, PATH: ensured.env.PATH, PULUMI_SKIP_UPDATE_CHECK: "true" };
}

module.exports = { ensurePulumi, pulumiEnv, pinnedVersion, pinnedYamlVersion, binDir, MIN_VERSION };

async function main(argv) {
    const ensured = await ensurePulumi();
    if (argv[0] === "--exec") {
        let args = argv.slice(1);
        if (args[0] === "--") args = args.slice(1);
        const r = childProcess.spawnSync(ensured.pulumi, args, { stdio: "inherit", env: pulumiEnv(ensured) });
        if (r.error) throw r.error;
        process.exit(r.status === null ? 1 : r.status);
    }
    if (argv.includes("--json")) {
        process.stdout.write(JSON.stringify(ensured, null, 2) + "\n");
    } else {
        log(`pulumi v${ensured.version} (${ensured.source}) in ${ensured.binDir}`);
        process.stdout.write(ensured.binDir + "\n");
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((e) => {
        log(`error: ${e && e.message ? e.message : e}`);
        process.exit(1);
    });
}
