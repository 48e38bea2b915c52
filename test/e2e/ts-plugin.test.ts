// The plugin-backed classes from a TypeScript program (`import { plugin } from "ecs-ops"`, the
// plugin named in Pulumi.yaml; fixture test/e2e/fixtures/ts-plugin): the resources and the
// component's children are the plugin's (`ecs-ops:alicloud:<Type>`, the state shape of every other
// language), no dynamic resource; the settings are `ecs-ops:` keys; adopt, no-op, restart once; the
// password never printed nor in plain text in the state.
import { expect } from "chai";
import * as path from "path";

import { createStack, E2E_VISIBILITY_GRACE_MS, type TestStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "ts-plugin");
const PASSWORD = "Ts-Plugin-Pass42";

function reboots(r: VerbResult): number {
    return r.calls.filter((c) => c.cloud === "alicloud" && c.action === "RebootInstance" && c.params?.DryRun !== "true" && c.status < 300).length;
}

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

describe("e2e: the plugin-backed classes from TypeScript", function () {
    this.timeout(300_000);
    let stack: TestStack;

    before(async () => {
        stack = await createStack({
            program: PROGRAM,
            visibilityGraceMs: E2E_VISIBILITY_GRACE_MS,
            emulator: { timeScale: 0.02 },
            config: {
                "ts-plugin:password": { value: PASSWORD, secret: true },
                // The plugin reads only its own namespace.
                "ecs-ops:alicloudRegion": "cn-hangzhou",
                "ecs-ops:alicloudAccessKey": "LTAI5tEmulatorAccessKey",
                "ecs-ops:alicloudSecretKey": { value: "emulator-access-key-secret", secret: true },
            },
        });
    });
    after(async () => {
        await stack?.dispose();
    });

    it("up adopts through the plugin (no dynamic resource); a second up changes nothing; a hostname change restarts once", async () => {
        const r = await stack.up();
        expect(r.exitCode, r.stderr).to.equal(0);
        const types = r.steps.map((s) => s.type);
        expect(types).to.include.members(["ecs-ops:alicloud:ManagedInstance", "ecs-ops:alicloud:InstanceAttributes", "ecs-ops:alicloud:InstanceReboot"]);
        expect(types.filter((t) => t.startsWith("pulumi-nodejs:dynamic"))).to.deep.equal([]);
        expect(await stack.outputs()).to.include({ pendingRestart: false, rebootCount: 0 });
        const again = await stack.up();
        expect(again.changes).to.not.have.any.keys("create", "update", "replace", "delete");
        expect(reboots(again)).to.equal(0);
        await stack.setConfig("ts-plugin:hostName", "web-9");
        const changed = await stack.up();
        expect(reboots(changed)).to.equal(1);
        for (const run of [r, again, changed]) expect(printed(run)).to.not.include(PASSWORD);
        expect(stack.stateFileText()).to.not.include(PASSWORD);
    });
});
