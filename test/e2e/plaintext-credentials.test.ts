// The engine copies every stack config value into the state of the dynamic-provider plugin. A
// secret key set without --secret therefore lands in plaintext state: the program must say so.
import { expect } from "chai";
import * as path from "path";

import { createStack, type TestStack } from "./kit";

const PROGRAM = path.join(__dirname, "..", "..", "examples", "alicloud-reboot-reinit");
const SECRET_KEY = "emulator-access-key-secret";

describe("e2e: credentials given as plaintext stack config", function () {
    this.timeout(180_000);
    const stacks: TestStack[] = [];

    after(async () => {
        for (const s of stacks) await s.dispose();
    });

    it("warns once, naming the key and the fix, never the value", async () => {
        const stack = await createStack({
            program: PROGRAM,
            emulator: { timeScale: 0.02 },
            config: { instanceId: "i-bp1paygrunning00001", "alicloud:secretKey": SECRET_KEY },
        });
        stacks.push(stack);
        const r = await stack.preview();
        expect(r.exitCode, r.stderr).to.equal(0);
        const warnings = r.diagnostics.filter((d) => d.severity === "warning" && d.message.includes("alicloud:secretKey"));
        expect(warnings).to.have.length(1);
        expect(warnings[0].message).to.contain("pulumi config set --secret alicloud:secretKey");
        expect(JSON.stringify(r.diagnostics)).to.not.contain(SECRET_KEY);
    });

    it("says nothing when the key is secret config", async () => {
        const stack = await createStack({ program: PROGRAM, emulator: { timeScale: 0.02 }, config: { instanceId: "i-bp1paygrunning00001" } });
        stacks.push(stack);
        const r = await stack.preview();
        expect(r.exitCode, r.stderr).to.equal(0);
        expect(r.diagnostics.filter((d) => d.message.includes("set in plaintext"))).to.deep.equal([]);
    });
});
