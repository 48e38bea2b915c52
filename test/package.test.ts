// What `npm install ecs-ops` gives a program: compiled CommonJS with type declarations, so a plain
// JavaScript Pulumi program can `require("ecs-ops")` as well as a TypeScript one.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { main: string; types: string; files: string[] };

describe("the published package", () => {
    it("points main and types at the compiled output, which exists after the build", () => {
        expect(manifest.main).to.equal("dist/index.js");
        expect(manifest.types).to.equal("dist/index.d.ts");
        expect(manifest.files).to.deep.equal(["dist/"]);
        expect(fs.existsSync(path.join(root, manifest.main))).to.equal(true);
        expect(fs.readFileSync(path.join(root, manifest.types), "utf8")).to.match(/alicloud/).and.match(/huaweicloud/);
    });

    it("is plain CommonJS that a JavaScript program can require by name", () => {
        // Through node_modules/ecs-ops, exactly as a user's program resolves it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pkg = require("ecs-ops") as Record<string, Record<string, unknown>>;
        for (const name of ["InstanceAttributes", "InstanceReboot", "DiskReinit", "ManagedInstance", "InstanceFleet"]) {
            expect(pkg.alicloud[name], `alicloud.${name}`).to.be.a("function");
        }
        expect(pkg.huaweicloud.ServerReinstall).to.be.a("function");
        expect(require.resolve("ecs-ops")).to.equal(path.join(fs.realpathSync(root), "dist", "index.js"));
    });

    it("ships the handler module of every delegating provider, which serialized providers require at run time", () => {
        const sources = ["provider/alicloud", "provider/huaweicloud"].flatMap((dir) =>
            fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith(".ts")).map((f) => fs.readFileSync(path.join(root, dir, f), "utf8")),
        );
        const modules = sources.flatMap((text) => [...text.matchAll(/delegatingProvider\("([^"]+)"\)/g)].map((m) => m[1]));
        expect(modules).to.have.length(4);
        for (const modulePath of modules) {
            expect(modulePath).to.match(/^ecs-ops\/dist\//);
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const mod = require(modulePath) as { handler?: Record<string, unknown> };
            for (const method of ["check", "diff", "create", "read", "update", "delete"]) {
                expect(mod.handler?.[method], `${modulePath} handler.${method}`).to.be.a("function");
            }
        }
    });
});
