import { expect } from "chai";
import * as childProcess from "child_process";
import * as path from "path";

const MODULE = path.resolve(__dirname, "..", "..", "dist", "provider", "core", "operation", "in-flight.js");

function runNode(script: string): { status: number | null; stderr: string } {
    const r = childProcess.spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 20_000 });
    return { status: r.status, stderr: r.stderr };
}

describe("a provider process that dies with an operation under way says which, and points to the recovery", () => {
    it("an exit with a non-zero code names the operation", () => {
        const r = runNode(
            `const { underWay } = require(${JSON.stringify(MODULE)}); underWay("the reboot of instance i-1", () => new Promise(() => setTimeout(() => process.exit(3), 50)));`,
        );
        expect(r.status).to.equal(3);
        expect(r.stderr).to.match(
            /\[ecs-ops\] ecs-ops was stopped \(its provider process is stopping: exit code 3\) while these operations may have been under way: the reboot of instance i-1\. .*the next `pulumi up` resolves it/,
        );
        expect(r.stderr).to.match(/Recovery after a hard stop/);
    });

    it("an uncaught error names its cause; a finished operation is not reported", () => {
        const r = runNode(
            `const { underWay } = require(${JSON.stringify(MODULE)});` +
                `underWay("done op", async () => 1).then(() => underWay("the reinstall of server s-1", () => new Promise(() => setTimeout(() => { throw new Error("boom"); }, 50))));`,
        );
        expect(r.status).to.not.equal(0);
        expect(r.stderr).to.match(/stopping: uncaught error: boom\) while these operations may have been under way: the reinstall of server s-1\./);
        expect(r.stderr).to.not.match(/under way:[^\n]*done op/);
    });
});
