// The C# SDK of the ecs-ops provider plugin: `pulumi package gen-sdk <plugin folder> --language dotnet`
// through our generate-only pulumi-language-dotnet (tools/pulumi/language-dotnet, the C# generator of
// pkg/v3 v3.225.1) writes a project with both clouds' resources, their args and the provider's config.
// There is no .NET on our machines: the SDK is checked as text, never compiled, and no C# program runs
// (docs/languages/csharp.md).
import { expect } from "chai";
import * as childProcess from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { ensureCli } from "./kit";

const PLUGIN = path.join(__dirname, "..", "..", "plugin");
/** The schema's version is package.json's. */
const VERSION = (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;

describe("e2e: the C# SDK generated from the plugin", function () {
    this.timeout(240_000);
    let dir: string;
    let sdk: string;
    const read = (file: string): string => fs.readFileSync(path.join(sdk, file), "utf8");

    before(async () => {
        const cli = await ensureCli();
        const hosts = cli.env.PATH.split(path.delimiter).filter((d) => d !== "" && fs.existsSync(path.join(d, "pulumi-language-dotnet")));
        // Not a skip: CI builds the generator with the CLI (scripts/ensure-pulumi.js).
        expect(hosts, "pulumi-language-dotnet is neither beside pulumi nor on PATH: run `node scripts/ensure-pulumi.js`").to.have.length.above(0);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-csharp-"));
        fs.mkdirSync(path.join(dir, "home"));
        const env = {
            ...process.env,
            PATH: cli.env.PATH,
            PULUMI_HOME: path.join(dir, "home"),
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        };
        const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
            childProcess.execFile(
                cli.pulumi,
                ["package", "gen-sdk", PLUGIN, "--language", "dotnet", "--out", path.join(dir, "sdk")],
                { cwd: dir, env, timeout: 180_000 },
                (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : null) : 0, out: stdout + stderr }),
            );
        });
        expect(r.code, r.out).to.equal(0);
        sdk = path.join(dir, "sdk", "dotnet");
    });
    after(() => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("is a NuGet project of the package's version on the Pulumi .NET SDK", () => {
        const csproj = read("Pulumi.EcsOps.csproj");
        expect(csproj).to.include(`<Version>${VERSION}</Version>`);
        expect(csproj).to.match(/<PackageReference Include="Pulumi" Version="[^"]+" \/>/);
        expect(JSON.parse(read("pulumi-plugin.json"))).to.include({ resource: true, name: "ecs-ops", version: VERSION });
        // Our own icon: the generator's default is downloaded from GitHub, which our machines cannot reach.
        expect(fs.readFileSync(path.join(sdk, "logo.png")).subarray(1, 4).toString()).to.equal("PNG");
    });

    it("has every resource of the schema (both clouds), with its args, under Pulumi.EcsOps", () => {
        const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "provider", "plugin", "schema.json"), "utf8")) as {
            resources: Record<string, { isComponent?: boolean }>;
        };
        const tokens = Object.keys(schema.resources);
        for (const cloud of ["alicloud", "huaweicloud"]) expect(tokens.filter((t) => t.startsWith(`ecs-ops:${cloud}:`))).to.have.length.above(0);
        for (const token of tokens) {
            const [, cloud, name] = token.split(":");
            const module = cloud.charAt(0).toUpperCase() + cloud.slice(1);
            const text = read(path.join(module, `${name}.cs`));
            expect(text, name).to.include(`namespace Pulumi.EcsOps.${module}`);
            const base = schema.resources[token].isComponent ? "ComponentResource" : "CustomResource";
            expect(text, name).to.include(`public partial class ${name} : global::Pulumi.${base}`);
            expect(text, name).to.include(`public sealed class ${name}Args : global::Pulumi.ResourceArgs`);
            expect(text, name).to.include(`base("${token}"`);
        }
        const reboot = read("Alicloud/InstanceReboot.cs");
        expect(reboot).to.include('[Input("instanceId", required: true)]');
        expect(reboot).to.include("public Input<object>? Triggers { get; set; }");
        expect(reboot).to.include("public Output<double> RebootCount { get; private set; }");
    });

    it("keeps the secret inputs secret and offers the provider's config", () => {
        const attrs = read("Alicloud/InstanceAttributes.cs");
        const password = attrs.slice(attrs.indexOf('[Input("password")]'));
        expect(password.slice(0, 600)).to.include("Output.CreateSecret");
        const config = read("Config/Config.cs");
        for (const key of ["alicloudRegion", "alicloudAccessKey", "alicloudEndpoint", "huaweicloudProjectId"]) {
            expect(config).to.include(`"${key}"`);
        }
    });
});
