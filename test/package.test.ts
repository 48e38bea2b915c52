// What `npm install ecs-ops` gives a program: compiled CommonJS with type declarations, so a plain
// JavaScript Pulumi program can `require("ecs-ops")` as well as a TypeScript one.
import { expect } from "chai";
import * as childProcess from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.join(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    main: string;
    types: string;
    files: string[];
    bin: Record<string, string>;
};

/** The files `npm pack` would put in the tarball (paths relative to the package root). */
function packedFiles(): string[] {
    const out = childProcess.execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
    return (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}

describe("the published package", () => {
    it("points main and types at the compiled output, which exists after the build", () => {
        expect(manifest.main).to.equal("dist/index.js");
        expect(manifest.types).to.equal("dist/index.d.ts");
        expect(manifest.files[0]).to.equal("dist/");
        expect(fs.existsSync(path.join(root, manifest.main))).to.equal(true);
        expect(fs.readFileSync(path.join(root, manifest.types), "utf8"))
            .to.match(/alicloud/)
            .and.match(/huaweicloud/);
    });

    it("is plain CommonJS that a JavaScript program can require by name", () => {
        // Through node_modules/ecs-ops, exactly as a user's program resolves it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pkg = require("ecs-ops") as Record<string, Record<string, unknown>>;
        for (const name of ["InstanceAttributes", "InstanceReboot", "DiskReinit", "ManagedInstance", "InstanceFleet"]) {
            expect(pkg.alicloud[name], `alicloud.${name}`).to.be.a("function");
        }
        for (const name of ["ServerReinstall", "ServerReboot", "ManagedServer", "ServerFleet"]) {
            expect(pkg.huaweicloud[name], `huaweicloud.${name}`).to.be.a("function");
        }
        expect(require.resolve("ecs-ops")).to.equal(path.join(fs.realpathSync(root), "dist", "index.js"));
    });

    it("ships the registry every delegating provider requires at run time, with a handler for each resource type", () => {
        const resourceFiles = ["provider/alicloud", "provider/huaweicloud"].flatMap((dir) =>
            fs
                .readdirSync(path.join(root, dir), { withFileTypes: true })
                .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, dir, entry.name, "resource.ts")))
                .map((entry) => path.join(root, dir, entry.name, "resource.ts")),
        );
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const registry = require("ecs-ops/dist/provider/registry") as typeof import("../provider/registry");
        // One delegating provider per resource folder, each through the registry, and one folder per type the registry serves.
        for (const file of resourceFiles) expect(fs.readFileSync(file, "utf8"), file).to.match(/delegatingProvider\(REGISTRY_MODULE, /);
        const kebab = (type: string): string =>
            type
                .replace(".", "/")
                .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
                .toLowerCase();
        const types = [...registry.RESOURCE_TYPE_KEYS];
        expect(types.map((type) => path.join(root, "provider", `${kebab(type)}`, "resource.ts")).sort()).to.deep.equal([...resourceFiles].sort());
        expect(types).to.have.length.greaterThan(5);
        for (const type of types) {
            const handler = registry.handler(type) as unknown as Record<string, unknown>;
            for (const method of ["check", "diff", "create", "read", "update", "delete"]) {
                expect(handler[method], `${type} handler.${method}`).to.be.a("function");
            }
        }
        expect(() => registry.handler("alicloud.Nope")).to.throw(/no resource type "alicloud.Nope"/);
    });

    it("keeps every module path that stacks of release 0.1.0 stored as __provider (and its CLI's import guard) resolving", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const registry = require("ecs-ops/dist/provider/registry") as typeof import("../provider/registry");
        const packed = new Set(packedFiles());
        const stored = [
            "ecs-ops/dist/provider/alicloud/instance-attributes-handler",
            "ecs-ops/dist/provider/alicloud/instance-reboot-handler",
            "ecs-ops/dist/provider/alicloud/disk-reinit-handler",
            "ecs-ops/dist/provider/huaweicloud/server-attributes-handler",
            "ecs-ops/dist/provider/huaweicloud/server-reboot-handler",
            "ecs-ops/dist/provider/huaweicloud/server-reinstall-handler",
        ];
        for (const modulePath of stored) {
            const legacy = registry.LEGACY_MODULES[modulePath.replace(/^ecs-ops\//, "")];
            expect(legacy, modulePath).to.have.property("handler");
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const mod = require(modulePath) as { handler: unknown };
            expect(mod.handler, modulePath).to.equal(registry.handler((legacy as { handler: string }).handler));
            expect(packed.has(`${modulePath.replace(/^ecs-ops\//, "")}.js`), `${modulePath} packed`).to.equal(true);
        }
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        expect(require("ecs-ops/dist/provider/core/import-answer")).to.have.property("importCommandAnswer").that.is.a("function");
    });

    it("ships the sources its source maps name, so stack traces point at files in the package", function () {
        this.timeout(60_000);
        const packed = new Set(packedFiles());
        const maps = [...packed].filter((f) => f.endsWith(".js.map"));
        expect(maps.length).to.be.greaterThan(10);
        const missing: string[] = [];
        for (const map of maps) {
            const { sources } = JSON.parse(fs.readFileSync(path.join(root, map), "utf8")) as { sources: string[] };
            for (const source of sources) {
                const file = path.posix.normalize(path.posix.join(path.posix.dirname(map), source));
                if (!packed.has(file)) missing.push(`${map} -> ${file}`);
            }
        }
        expect(missing).to.deep.equal([]);
        expect([...packed].filter((f) => f.startsWith("test/") || f.startsWith("tools/") || f.startsWith("examples/"))).to.deep.equal([]);
    });

    it("has the emulator as a command (npx ecs-ops-emulator) with usage text for an installed package", function () {
        this.timeout(60_000);
        expect(manifest.bin).to.deep.equal({ "ecs-ops-emulator": "dist/emulator/cli.js", "ecs-ops-drift": "dist/drift/cli.js" });
        const cli = path.join(root, manifest.bin["ecs-ops-emulator"]);
        expect(fs.readFileSync(cli, "utf8").split("\n")[0]).to.equal("#!/usr/bin/env node");
        // npm links the command into node_modules/.bin (here through the package's link to itself).
        const bin = path.join(root, "node_modules", ".bin", "ecs-ops-emulator");
        const help = childProcess.execFileSync(bin, ["--help"], { encoding: "utf8" });
        expect(help).to.match(/^usage: ecs-ops-emulator \[--port <p>\]/);
        expect(help).to.include("npx ecs-ops-emulator --port 8787");
        const bad = childProcess.spawnSync(bin, ["--bogus"], { encoding: "utf8" });
        expect(bad.status).to.equal(2);
        expect(bad.stderr).to.include("unknown argument --bogus").and.include("usage: ecs-ops-emulator");
    });

    it("has the drift report as a command (npx ecs-ops-drift) with usage text", function () {
        this.timeout(60_000);
        const cli = path.join(root, manifest.bin["ecs-ops-drift"]);
        expect(fs.readFileSync(cli, "utf8").split("\n")[0]).to.equal("#!/usr/bin/env node");
        const bin = path.join(root, "node_modules", ".bin", "ecs-ops-drift");
        const help = childProcess.execFileSync(bin, ["--help"], { encoding: "utf8" });
        expect(help).to.match(/^usage: ecs-ops-drift \[--stack NAME\]/);
        const bad = childProcess.spawnSync(bin, ["--bogus"], { encoding: "utf8" });
        expect(bad.status).to.equal(1);
        expect(bad.stderr).to.include("unknown argument");
    });

    it("the emulator command serves until SIGTERM", async function () {
        this.timeout(60_000);
        const child = childProcess.spawn(path.join(root, "node_modules", ".bin", "ecs-ops-emulator"), ["--port", "0", "--time-scale", "0.05"], {
            stdio: ["ignore", "pipe", "pipe"],
        });
        try {
            const url = await new Promise<string>((resolve, reject) => {
                let text = "";
                child.stdout!.on("data", (b: Buffer) => {
                    text += b.toString();
                    const m = /emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
                    if (m) resolve(m[1]);
                });
                child.on("exit", (code) => reject(new Error(`exited with ${code} before listening: ${text}`)));
            });
            const res = await fetch(`${url}/_emulator/health`);
            expect(await res.json()).to.deep.equal({ ok: true });
        } finally {
            const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
            child.kill("SIGTERM");
            expect(await exited).to.equal(0);
        }
    });
    it("the build removes the outputs of deleted sources from dist/ (tsc's incremental build leaves them)", () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "prune-dist-"));
        try {
            fs.mkdirSync(path.join(tmp, "dist", "provider", "gone"), { recursive: true });
            fs.mkdirSync(path.join(tmp, "provider"), { recursive: true });
            fs.writeFileSync(path.join(tmp, "provider", "kept.ts"), "export {};\n");
            for (const f of ["kept.js", "kept.js.map", "kept.d.ts", "old.js", "old.js.map", "old.d.ts", "old.d.ts.map", "gone/x.js"]) {
                fs.writeFileSync(path.join(tmp, "dist", "provider", f), "");
            }
            fs.writeFileSync(path.join(tmp, "dist", ".tsbuildinfo"), "{}");
            childProcess.execFileSync(process.execPath, [path.join(root, "scripts", "prune-dist.js"), tmp], { stdio: "pipe" });
            expect(fs.readdirSync(path.join(tmp, "dist", "provider")).sort()).to.deep.equal(["kept.d.ts", "kept.js", "kept.js.map"]);
            expect(fs.existsSync(path.join(tmp, "dist", ".tsbuildinfo"))).to.equal(true);
            expect(manifest).to.have.nested.property("scripts.build").that.includes("prune-dist.js");
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });
});
