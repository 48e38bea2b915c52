// The provider plugin starts once per command (preview, up, refresh): the modules it loads must not
// pull in the whole Pulumi SDK, which only a program registering resources needs (about a second at
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
    it("the plugin's provider and every handler load without the SDK's program side", function () {
        this.timeout(120_000);
        const loaded = sdkModulesLoadedBy("./provider/plugin/provider");
        expect(loaded.filter((m) => /^@pulumi\/pulumi\/(index|resource|output|runtime\/index)\.js$/.test(m))).to.deep.equal([]);
    });

    it("a resource class still loads the SDK (the check above can fail)", function () {
        this.timeout(120_000);
        const loaded = sdkModulesLoadedBy("./provider/alicloud/instance-attributes/resource");
        expect(loaded).to.include("@pulumi/pulumi/index.js");
    });
});
