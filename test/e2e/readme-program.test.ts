// The README's example program must keep working: it is the first code a user copies. This test
// takes the first ```ts block of README.md as a Pulumi program and runs it against the emulator.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { createStack, type TestStack } from "./kit";

const README = path.join(__dirname, "..", "..", "README.md");

/** The first TypeScript code block of the README. */
function readmeProgram(): string {
    const match = /```ts\n([\s\S]*?)```/.exec(fs.readFileSync(README, "utf8"));
    if (!match) throw new Error("README.md has no ```ts block");
    return match[1];
}

describe("e2e: the README's example program", function () {
    this.timeout(300_000);
    let stack: TestStack;
    let programDir: string;

    before(async () => {
        programDir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-readme-"));
        fs.writeFileSync(path.join(programDir, "index.ts"), readmeProgram());
        fs.writeFileSync(path.join(programDir, "Pulumi.yaml"), "name: readme-program\nruntime: nodejs\n");
        stack = await createStack({ program: programDir, emulator: { timeScale: 0.02 }, config: { rebootRevision: "1", reinstallRevision: "1" } });
    });

    after(async () => {
        await stack?.dispose();
        fs.rmSync(programDir, { recursive: true, force: true });
    });

    it("previews and deploys against the emulator, then has nothing more to do", async () => {
        const preview = await stack.preview();
        expect(preview.exitCode, preview.stderr).to.equal(0);
        const up = await stack.up();
        expect(up.exitCode, up.stderr).to.equal(0);
        const actions = up.calls.map((c) => c.action);
        expect(actions).to.include("ModifyInstanceAttribute");
        expect(actions.filter((a) => a === "RebootInstance").length).to.be.greaterThan(0);
        expect(actions).to.include("ReinstallServerWithCloudInit");
        const again = await stack.up();
        expect(Object.keys(again.changes)).to.deep.equal(["same"]);
        expect(again.calls.filter((c) => !c.action.startsWith("Describe") && !c.action.startsWith("Show"))).to.deep.equal([]);
    });
});
