// The provider plugin starts once per command (preview, up, refresh): the modules it loads at start
// (the resource methods, and the entry that adds `construct`) must not pull in the whole Pulumi SDK,
// which only a program registering resources, or a component being built, needs (about a second at
// start on this machine). Checked in a fresh Node process, since mocha's own process has the SDK.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/** The `@pulumi/pulumi` modules a fresh Node process has loaded after requiring `module`. */
function sdkModulesLoadedBy(module: string): string[] {
    const script =
        `require(${JSON.stringify(module)});` +
        `process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes("@pulumi/pulumi")).map((k) => k.slice(k.indexOf("@pulumi/pulumi")))));`;
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" });
    return JSON.parse(out) as string[];
}

describe("provider plugin start", () => {
    for (const module of ["./provider/plugin/provider", "./components/plugin/main"]) {
        it(`${module} (and every handler) loads without the SDK's program side`, function () {
            this.timeout(120_000);
            const loaded = sdkModulesLoadedBy(module);
            // The SDK's index (everything a program uses); the provider server itself needs output.js and resource.js.
            expect(loaded).to.not.include("@pulumi/pulumi/index.js");
        });
    }

    it("a resource class still loads the SDK (the check above can fail)", function () {
        this.timeout(120_000);
        const loaded = sdkModulesLoadedBy("./provider/alicloud/instance-attributes/resource");
        expect(loaded).to.include("@pulumi/pulumi/index.js");
    });
});
