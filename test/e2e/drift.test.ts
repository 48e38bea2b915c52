// ecs-ops-drift under the real CLI (program: test/e2e/fixtures/drift): after the instance's description
// and user data are changed outside Pulumi, the command exits 2 naming the instance and both properties,
// with the description's values and never the user data (program's or cloud's); it changes nothing in
// the cloud; after `up --refresh` it exits 0.
import RPCClient from "@alicloud/pop-core";
import { expect } from "chai";
import * as path from "path";

import { runDriftReport } from "./drift-report";
import { createStack, type TestStack } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "drift");
const INSTANCE = "i-bp1paygrunning00001";
const PROGRAM_USER_DATA = "#!/bin/sh\necho program-user-data-5a1e\n";
const HAND_USER_DATA = "#!/bin/sh\necho hand-user-data-9f3c\n";

describe("e2e: ecs-ops-drift", function () {
    this.timeout(300_000);
    let stack: TestStack;
    before(async () => {
        stack = await createStack({
            program: PROGRAM,
            emulator: { timeScale: 0.02 },
            config: { "drift:userData": { value: PROGRAM_USER_DATA, secret: true } },
        });
    });
    after(() => stack?.dispose());

    it("exits 2 naming the instance and the drifted properties, secrets never printed; preview changes nothing; after up --refresh exits 0", async () => {
        await stack.up();
        const client = new RPCClient({
            endpoint: stack.emulatorUrl!,
            apiVersion: "2014-05-26",
            accessKeyId: "LTAI5tEmulatorAccessKey",
            accessKeySecret: "emulator-access-key-secret",
        });
        await client.request(
            "ModifyInstanceAttribute",
            { RegionId: "cn-hangzhou", InstanceId: INSTANCE, Description: "changed by hand", UserData: Buffer.from(HAND_USER_DATA).toString("base64") },
            { method: "POST" },
        );
        await stack.clearEmulatorCalls();

        const md = await runDriftReport(stack, "markdown");
        expect(md.status, md.stderr).to.equal(2);
        expect(md.stdout).to.include(`#### \`web\` (alicloud.InstanceAttributes, \`${INSTANCE}\`)`);
        expect(md.stdout).to.include("| `description` | `managed by ecs-ops` | `changed by hand` |");
        expect(md.stdout).to.match(/\| `userData` \| `\[secret\] \(fingerprint hmac:[0-9a-f]+\)` \| `\[secret\] \(fingerprint hmac:[0-9a-f]+\)` \|/);
        const json = await runDriftReport(stack, "json");
        expect(json.status).to.equal(2);
        const report = JSON.parse(json.stdout) as { drift: boolean; resources: Array<{ cloudId: string; properties: Array<{ property: string }> }> };
        expect(report.drift).to.equal(true);
        expect(report.resources.map((r) => [r.cloudId, r.properties.map((p) => p.property)])).to.deep.equal([[INSTANCE, ["description", "userData"]]]);
        for (const text of [md.stdout, md.stderr, json.stdout, json.stderr]) {
            for (const secret of [
                PROGRAM_USER_DATA,
                HAND_USER_DATA,
                "program-user-data-5a1e",
                "hand-user-data-9f3c",
                Buffer.from(HAND_USER_DATA).toString("base64"),
                Buffer.from(PROGRAM_USER_DATA).toString("base64"),
                "emulator-access-key-secret",
            ]) {
                expect(text).to.not.include(secret);
            }
        }
        // A preview with refresh reads only, and keeps the drift in the cloud.
        expect((await stack.emulatorCalls()).filter((c) => !c.action.startsWith("Describe"))).to.deep.equal([]);

        // A plain up compares the program with the state, which still holds the old values: --refresh puts the drift back.
        const fix = await stack.up({ args: ["--refresh"] });
        expect(fix.calls.filter((c) => c.action === "ModifyInstanceAttribute" && c.code === null)).to.have.length(1);
        const clean = await runDriftReport(stack, "markdown");
        expect(clean.status, clean.stdout + clean.stderr).to.equal(0);
        expect(clean.stdout).to.include("No drift");
    });
});
