// The YAML version of the README's program in docs/languages/yaml.md, run as the page says, under the
// real CLI with the YAML host, against the emulator's default world: the preview plans the adoptions,
// the reboot and the reinstall and changes nothing; the up applies them; a second up changes nothing.
// So the page cannot drift from the plugin. Skipped when the CLI has no YAML host.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { createStack, ensureCli, E2E_VISIBILITY_GRACE_MS, type TestStack, type VerbResult } from "./kit";

const PAGE = path.join(__dirname, "..", "..", "docs", "languages", "yaml.md");
const READ_ONLY = /^(Describe|List|Show|Get)/;

/** The page's first ```yaml block that is a whole program (it has a `name:`). */
export function pageProgram(markdown: string): string | undefined {
    return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((block) => /^name: /m.test(block));
}

async function yamlHost(): Promise<string | undefined> {
    const cli = await ensureCli();
    return cli.env.PATH.split(path.delimiter).find((dir) => dir !== "" && fs.existsSync(path.join(dir, "pulumi-language-yaml")));
}

function ops(r: VerbResult): Record<string, string> {
    return Object.fromEntries(r.steps.filter((s) => s.type.startsWith("ecs-ops:")).map((s) => [s.urn.split("::").pop()!, s.op]));
}

/** The successful calls that change something (not reads, not dry runs), by action. */
function changing(calls: CallRecord[]): string[] {
    return calls.filter((c) => c.code === null && !READ_ONLY.test(c.action) && c.params?.DryRun !== "true").map((c) => c.action);
}

describe("e2e: the README's program in YAML (docs/languages/yaml.md)", function () {
    this.timeout(600_000);
    let program: string | undefined;
    let stack: TestStack;

    before(async function () {
        if ((await yamlHost()) === undefined) this.skip();
        const text = pageProgram(fs.readFileSync(PAGE, "utf8"));
        expect(text, "a ```yaml block with `name:` in docs/languages/yaml.md").to.be.a("string");
        program = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-yaml-docs-"));
        fs.writeFileSync(path.join(program, "Pulumi.yaml"), text!);
        stack = await createStack({
            program,
            visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
            emulator: { timeScale: 0.02 },
            // The page's `pulumi config set` lines (the kit sets the endpoints).
            config: {
                "ecs-ops:alicloudRegion": "cn-hangzhou",
                "ecs-ops:alicloudAccessKey": "LTAI5tEmulatorAccessKey",
                "ecs-ops:alicloudSecretKey": { value: "emulator-access-key-secret", secret: true },
                "ecs-ops:huaweicloudRegion": "cn-north-4",
                "ecs-ops:huaweicloudProjectId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                "ecs-ops:huaweicloudAccessKey": "EMULATORAK00000000000",
                "ecs-ops:huaweicloudSecretKey": { value: "emulator-secret-key", secret: true },
            },
        });
    });
    after(async () => {
        await stack?.dispose();
        if (program !== undefined) fs.rmSync(program, { recursive: true, force: true });
    });

    it("previews the adoptions, the reboot and the reinstall, changing nothing", async () => {
        const preview = await stack.preview();
        expect(preview.exitCode, preview.stderr).to.equal(0);
        expect(ops(preview)).to.deep.equal({ web1: "create", web1Restart: "create", web2: "create", web3: "create", burstReboot: "create", app: "create" });
        expect(changing(preview.calls)).to.deep.equal([]);
    });

    it("up applies it (one reboot, one reinstall, web-1 not rebooted with nothing pending); a second up changes nothing", async () => {
        const up = await stack.up();
        expect(up.exitCode, up.stderr).to.equal(0);
        const rebooted = up.calls
            .filter((c) => c.code === null && c.action === "RebootInstance" && c.params?.DryRun !== "true")
            .map((c) => c.params?.InstanceId);
        // The burstable instance on create; web-1 not: its hostname is web-1 already in the default
        // world, so nothing is pending and its InstanceReboot (rebootOnCreate from pendingRestart) only records it.
        expect(rebooted).to.deep.equal(["i-bp1burstablet60005"]);
        expect(await stack.outputs()).to.deep.equal({ pendingRestart: false });
        expect(changing(up.calls).filter((a) => /^ReinstallServer/.test(a))).to.have.length(1);
        const again = await stack.up();
        expect(again.exitCode, again.stderr).to.equal(0);
        expect(again.changes).to.not.have.any.keys("create", "update", "replace", "delete");
        expect(changing(again.calls)).to.deep.equal([]);
    });
});
