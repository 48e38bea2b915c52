#!/usr/bin/env node
// Finds or builds the Pulumi CLI used by ecs-ops' tests, demo and `npm run pulumi`.
//
//   node scripts/ensure-pulumi.js               ensure, then print the bin dir
//   node scripts/ensure-pulumi.js --json        ensure, then print {binDir, pulumi, version, source} as JSON
//   node scripts/ensure-pulumi.js --exec -- ARGS  ensure, then run `pulumi ARGS` with the bin dir first on PATH
//
// 1. A `pulumi` >= 3.200 on PATH is used when its Node.js plugins (pulumi-language-nodejs,
//    pulumi-resource-pulumi-nodejs) are beside it or on PATH. ECS_OPS_PULUMI=build skips this step,
//    ECS_OPS_PULUMI=path makes it mandatory.
// 2. Otherwise the pinned build in .tools/bin (git-ignored) is used if it is current: its stamp matches the
//    build inputs (tools/pulumi/**) and the binaries report the pinned version.
// 3. Otherwise it is built from tools/pulumi (go.mod/go.sum pin github.com/pulumi/pulumi/pkg/v3 and sdk/v3):
//    the CLI, our language host (tools/pulumi/cmd/pulumi-language-nodejs) and the dynamic-provider launcher
//    (tools/pulumi/cmd/pulumi-resource-pulumi-nodejs).
//    The first build downloads modules from the Go module proxy and compiles ~1,500 packages.
//
// Plain CommonJS on purpose: it must run before `npm run build` and on a fresh clone.
"use strict";

const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const childProcess = require("child_process");

const repoRoot = path.resolve(__dirname, "..");
const toolsDir = path.join(repoRoot, "tools", "pulumi");
const outDir = path.join(repoRoot, ".tools");
const binDir = path.join(outDir, "bin");
const stampFile = path.join(binDir, ".ecs-ops-build.json");
const lockFile = path.join(outDir, "build.lock");
const logFile = path.join(outDir, "build.log");
const MIN_VERSION = "3.200.0";
const BINARIES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

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

function withPath(dir) {
    const rest = (process.env.PATH || "").split(path.delimiter).filter((p) => p && path.resolve(p) !== dir);
    return [dir, ...rest].join(path.delimiter);
}

function result(dir, version, source) {
    return {
        binDir: dir,
        pulumi: path.join(dir, "pulumi"),
        version,
        source,
        env: { PATH: withPath(dir) },
    };
}

/** A usable `pulumi` on PATH (not our own .tools/bin), or undefined. */
function fromPath() {
    const pathList = (process.env.PATH || "").split(path.delimiter).filter((p) => p && path.resolve(p) !== binDir);
    const pulumi = which("pulumi", pathList);
    if (!pulumi) return undefined;
    const version = outputOf(pulumi, ["version"]);
    if (!version || !versionAtLeast(version, MIN_VERSION)) {
        log(`ignoring ${pulumi}: version ${version || "unknown"} < ${MIN_VERSION}`);
        return undefined;
    }
    const dir = path.dirname(fs.realpathSync(pulumi));
    for (const plugin of ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
        if (!isExecutable(path.join(dir, plugin)) && !which(plugin, pathList)) {
            log(`ignoring ${pulumi}: ${plugin} is neither beside it nor on PATH`);
            return undefined;
        }
    }
    return result(path.dirname(pulumi), version.replace(/^v/, ""), "path");
}

/** Hash of everything the build depends on; a change triggers a rebuild. */
function inputsHash() {
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
    walk(toolsDir);
    return h.digest("hex");
}

/** Why the build in .tools/bin cannot be reused, or undefined if it can. */
function staleReason(version, hash) {
    let stamp;
    try {
        stamp = JSON.parse(fs.readFileSync(stampFile, "utf8"));
    } catch {
        return "not built yet";
    }
    if (stamp.version !== version) return `stamp says ${stamp.version}, want ${version}`;
    if (stamp.inputsHash !== hash) return "tools/pulumi changed since the last build";
    for (const b of BINARIES) {
        if (!isExecutable(path.join(binDir, b))) return `${b} is missing`;
    }
    const cli = outputOf(path.join(binDir, "pulumi"), ["version"]);
    if (cli !== `v${version}`) return `.tools/bin/pulumi reports ${cli || "nothing"}, want v${version}`;
    const host = outputOf(path.join(binDir, "pulumi-language-nodejs"), ["-version"]);
    if (host !== `v${version}`) return `.tools/bin/pulumi-language-nodejs reports ${host || "nothing"}, want v${version}`;
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

/** go build of the CLI and our language host into a staging dir, with progress on stderr. */
function goBuild(version, stagingDir) {
    const goVersion = outputOf("go", ["env", "GOVERSION"]);
    if (!goVersion) {
        throw new Error("`go` is not on PATH: it is needed once to build the Pulumi CLI (see docs/engine.md)");
    }
    const args = [
        "build",
        "-v",
        "-mod=readonly",
        "-ldflags",
        `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`,
        "-o",
        stagingDir + path.sep,
        "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
        "./cmd/pulumi-language-nodejs",
        "./cmd/pulumi-resource-pulumi-nodejs",
    ];
    log(`building pulumi v${version} with ${goVersion} (go ${args.join(" ")}) in tools/pulumi`);
    log(`first build: downloads modules and compiles ~1,500 packages, 10-30 minutes; log: ${logFile}`);
    const logStream = fs.createWriteStream(logFile);
    const started = Date.now();
    let compiled = 0;
    let downloaded = 0;
    let last = "";
    return new Promise((resolve, reject) => {
        const child = childProcess.spawn("go", args, {
            cwd: toolsDir,
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
            log(`… ${fmtDuration(Date.now() - started)}: ${compiled} packages built, ${downloaded} modules downloaded (${last.slice(0, 80)})`);
        }, 20000);
        child.on("error", (e) => {
            clearInterval(timer);
            reject(e);
        });
        child.on("close", (code) => {
            clearInterval(timer);
            logStream.end();
            if (code === 0) {
                log(`built in ${fmtDuration(Date.now() - started)} (${compiled} packages, ${downloaded} modules downloaded)`);
                resolve(Date.now() - started);
            } else {
                let tail = "";
                try {
                    tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
                } catch {
                    /* ignore */
                }
                reject(new Error(`go build failed with exit code ${code}; last lines of ${logFile}:\n${tail}`));
            }
        });
    });
}

async function build(version, hash) {
    const staging = fs.mkdtempSync(path.join(outDir, "bin.staging-"));
    try {
        const buildMs = await goBuild(version, staging);
        fs.mkdirSync(binDir, { recursive: true });
        fs.rmSync(stampFile, { force: true });
        for (const b of BINARIES) {
            fs.renameSync(path.join(staging, b), path.join(binDir, b));
        }
        fs.writeFileSync(
            stampFile,
            JSON.stringify({ version, inputsHash: hash, builtAt: new Date().toISOString(), buildMs }, null, 2) + "\n",
        );
    } finally {
        fs.rmSync(staging, { recursive: true, force: true });
    }
}

/**
 * Ensures a usable Pulumi CLI and returns where it is.
 * @param {{build?: boolean}} [opts] build: false makes a missing/stale build an error instead of building.
 * @returns {Promise<{binDir: string, pulumi: string, version: string, source: "path" | "built", env: {PATH: string}}>}
 */
async function ensurePulumi(opts = {}) {
    const mode = process.env.ECS_OPS_PULUMI || "auto";
    if (mode !== "build") {
        const found = fromPath();
        if (found) return found;
        if (mode === "path") throw new Error("ECS_OPS_PULUMI=path but no usable pulumi >= 3.200 on PATH");
    }
    const version = pinnedVersion();
    const hash = inputsHash();
    let reason = staleReason(version, hash);
    if (reason) {
        if (opts.build === false) {
            throw new Error(
                `the Pulumi CLI in .tools/bin is not usable (${reason}); run \`node scripts/ensure-pulumi.js\` ` +
                    "(npm test does this in pretest)",
            );
        }
        await withLock(async () => {
            reason = staleReason(version, hash); // another process may have built it meanwhile
            if (reason) {
                log(`building: ${reason}`);
                await build(version, hash);
                reason = staleReason(version, hash);
                if (reason) throw new Error(`build finished but is not usable: ${reason}`);
            }
        });
    }
    return result(binDir, version, "built");
}

/** Environment for running the ensured CLI: bin dir first on PATH, no update checks. */
function pulumiEnv(ensured, base = process.env) {
    return { ...base, PATH: ensured.env.PATH, PULUMI_SKIP_UPDATE_CHECK: "true" };
}

module.exports = { ensurePulumi, pulumiEnv, pinnedVersion, binDir, MIN_VERSION };

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
