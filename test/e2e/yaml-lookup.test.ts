// The plugin's look-up from a YAML program under the real engine: `fn::invoke` of
// ecs-ops:alicloud:getInstances selects instances by tag and feeds them to InstanceAttributes
// (test/e2e/fixtures/yaml-lookup). The look-up reads (DescribeInstances with the tag filter) in
// preview and up alike; up changes the selected instances only; a second up changes nothing; a bad
// argument fails the run with the property named, before any call. Skipped when the CLI has no
// YAML host beside it or on PATH.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import type { CallRecord, Fixture } from "../../emulator";
import { fleetFixture, fleetInstanceId } from "../support/fleet-world";
import { createStack, ensureCli, E2E_VISIBILITY_GRACE_MS, type TestStack } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "yaml-lookup");
const ATTRS = "ecs-ops:alicloud:InstanceAttributes";

async function yamlHost(): Promise<string | undefined> {
    const cli = await ensureCli();
    return cli.env.PATH.split(path.delimiter).find((dir) => dir !== "" && fs.existsSync(path.join(dir, "pulumi-language-yaml")));
}

/** Four fleet instances: 0 and 2 `team=web`, 1 `team=batch`, 3 `team=web` but stopped. */
function world(): Fixture {
    const fx = fleetFixture(4) as unknown as { alicloud: { instances: Array<Record<string, unknown>> } };
    for (const inst of fx.alicloud.instances) {
        const m = /^fleet-(\d+)$/.exec(String(inst.instanceName));
        if (m === null) continue;
        const i = Number(m[1]);
        inst.tags = { team: i === 1 ? "batch" : "web" };
        if (i === 3) inst.status = "Stopped";
    }
    return fx as unknown as Fixture;
}

function modified(calls: CallRecord[]): string[] {
    return calls
        .filter((c) => c.action === "ModifyInstanceAttribute" && c.code === null)
        .map((c) => String(c.params?.InstanceId))
        .sort();
}

describe("e2e: a YAML program selects instances with the plugin's look-up (fn::invoke)", function () {
    this.timeout(300_000);
    let stack: TestStack;

    before(async function () {
        if ((await yamlHost()) === undefined) this.skip();
        stack = await createStack({
            program: PROGRAM,
            visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
            emulator: { timeScale: 0.02, fixture: world() },
            config: {
                "ecs-ops:alicloudRegion": "cn-hangzhou",
                "ecs-ops:alicloudAccessKey": "LTAI5tEmulatorAccessKey",
                "ecs-ops:alicloudSecretKey": { value: "emulator-access-key-secret", secret: true },
            },
        });
    });
    after(async () => {
        await stack?.dispose();
    });

    it("preview looks up by tag and changes nothing; up describes exactly the selected instances; a second up is empty", async () => {
        const preview = await stack.preview();
        expect(preview.exitCode, preview.stderr).to.equal(0);
        const lookups = preview.calls.filter((c) => c.action === "DescribeInstances" && c.params?.["Tag.1.Key"] === "team");
        expect(lookups.map((c) => [c.params?.["Tag.1.Value"], c.params?.Status])).to.deep.equal([["web", "Running"]]);
        expect(modified(preview.calls)).to.deep.equal([]);
        expect(preview.steps.filter((s) => s.type === ATTRS).map((s) => s.op)).to.deep.equal(["create", "create"]);

        const up = await stack.up();
        expect(up.exitCode, up.stderr).to.equal(0);
        const selected = [fleetInstanceId(0), fleetInstanceId(2)].sort();
        expect(modified(up.calls)).to.deep.equal(selected);
        const outputs = await stack.outputs();
        expect([...(outputs.ids as string[])].sort()).to.deep.equal(selected);
        expect(outputs.firstName).to.be.oneOf(["fleet-0", "fleet-2"]);
        const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as {
            alicloud: { instances: Array<{ instanceId: string; description: string }> };
        };
        const described = state.alicloud.instances.filter((i) => i.description === "selected by tag").map((i) => i.instanceId);
        expect(described.sort()).to.deep.equal(selected);

        const again = await stack.up();
        expect(again.changes).to.not.have.any.keys("create", "update", "replace", "delete");
        expect(modified(again.calls)).to.deep.equal([]);
    });

    it("a bad argument fails the run, naming the property, before any call", async () => {
        await stack.setConfig("wantedStatus", "running");
        const r = await stack.preview({ allowFailure: true });
        expect(r.exitCode).to.not.equal(0);
        const text = [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
        expect(text)
            .to.match(/status/)
            .and.match(/must be one of Pending, Running/);
        expect(r.calls.filter((c) => c.action === "DescribeInstances" && c.params?.["Tag.1.Key"] === "team")).to.deep.equal([]);
    });
});
