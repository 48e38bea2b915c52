// The Go unit tests of our language hosts' shared kit (tools/pulumi/internal/hostkit): serving, the
// handshake, child processes stopped on cancel, streamed output, exit codes. Run with `go test` so a
// failure there fails the suite; the hosts themselves are exercised by the e2e files under the CLI.
import { expect } from "chai";
import * as childProcess from "child_process";
import * as path from "path";

const MODULE = path.join(__dirname, "..", "..", "tools", "pulumi");

describe("the language hosts' Go unit tests (tools/pulumi/internal)", function () {
    this.timeout(600_000); // a cold Go build cache compiles the Pulumi SDK packages the kit imports

    it("go test ./internal/... passes", () => {
        const r = childProcess.spawnSync("go", ["test", "-count=1", "-mod=readonly", "./internal/..."], { cwd: MODULE, encoding: "utf8" });
        expect(r.error, "go must be on PATH (the README's requirement)").to.equal(undefined);
        expect(r.status, `${r.stdout}\n${r.stderr}`).to.equal(0);
        expect(r.stdout).to.match(/^ok\s+\S+\/internal\/hostkit\s/m);
    });
});
