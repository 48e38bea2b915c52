// The README's program code must keep working: it is the first code a user copies. Every ```ts block of
// README.md that imports "ecs-ops" is run as a Pulumi program against the emulator, exactly as written:
// preview, up, an up with nothing to do, then an up after bumping every trigger revision the program reads
// (each operation runs exactly once more).
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { createStack, E2E_VISIBILITY_GRACE_MS, type TestStack } from "./kit";

const README = path.join(__dirname, "..", "..", "README.md");

/** Every TypeScript code block of the README that is an ecs-ops program. */
export function readmePrograms(readme: string): string[] {
    return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((code) => /from "ecs-ops"/.test(code));
}

/** The numeric stack config keys a program reads as trigger revisions (config.getNumber("…Revision")). */
function revisionKeys(program: string): string[] {
    return [...program.matchAll(/config\.getNumber\("(\w*Revision)"\)/g)].map((m) => m[1]);
}

const programs = readmePrograms(fs.readFileSync(README, "utf8"));

describe("e2e: the README's program blocks", function () {
    this.timeout(600_000);

    it("the README has at least one program block", () => {
        expect(programs.length).to.be.greaterThan(0);
    });

    programs.forEach((program, index) => {
        describe(`program block ${index + 1}`, () => {
            let stack: TestStack;
            let programDir: string;
            const revisions = revisionKeys(program);

            before(async () => {
                programDir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-readme-"));
                fs.writeFileSync(path.join(programDir, "index.ts"), program);
                fs.writeFileSync(path.join(programDir, "Pulumi.yaml"), `name: readme-program-${index + 1}\nruntime: nodejs\n`);
                stack = await createStack({
                    program: programDir,
                    visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
                    emulator: { timeScale: 0.02 },
                    config: Object.fromEntries(revisions.map((k) => [k, "1"])),
                });
            });

            after(async () => {
                await stack?.dispose();
                if (programDir) fs.rmSync(programDir, { recursive: true, force: true });
            });

            it("previews and deploys against the emulator, then has nothing more to do", async () => {
                const preview = await stack.preview();
                expect(preview.exitCode, preview.stderr).to.equal(0);
                const up = await stack.up();
                expect(up.exitCode, up.stderr).to.equal(0);
                if (index === 0) {
                    const actions = up.calls.map((c) => c.action);
                    expect(actions).to.include("ModifyInstanceAttribute");
                    expect(actions.filter((a) => a === "RebootInstance").length).to.be.greaterThan(0);
                    expect(actions).to.include("ReinstallServerWithCloudInit");
                }
                const again = await stack.up();
                expect(Object.keys(again.changes)).to.deep.equal(["same"]);
                expect(again.calls.filter((c) => !c.action.startsWith("Describe") && !c.action.startsWith("Show"))).to.deep.equal([]);
            });

            it("runs each operation exactly once more when its trigger revision is bumped", async function () {
                if (revisions.length === 0) this.skip();
                await stack.setAllConfig(Object.fromEntries(revisions.map((k) => [k, "2"])));
                const up = await stack.up();
                expect(up.exitCode, up.stderr).to.equal(0);
                const operations = up.calls.filter(
                    (c) => !c.code && ["RebootInstance", "ReInitDisk", "ReinstallServerWithCloudInit", "ReinstallServer"].includes(c.action),
                );
                const counts: Record<string, number> = {};
                for (const c of operations) counts[c.action] = (counts[c.action] ?? 0) + 1;
                const expected: Record<string, number> = {};
                if (/new alicloud\.InstanceReboot\(/.test(program)) expected.RebootInstance = (program.match(/new alicloud\.InstanceReboot\(/g) ?? []).length;
                if (/cloudInit: true/.test(program)) expected.ReinstallServerWithCloudInit = 1;
                expect(counts, JSON.stringify(up.diagnostics.map((d) => d.message))).to.deep.equal(expected);
            });
        });
    });
});
