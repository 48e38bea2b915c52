// The look-ups under the real CLI: a program calls alicloud.getInstances at the top level and
// getInstancesOutput, and builds an InstanceFleet of what they find (program: test/e2e/fixtures/lookups).
// The program's own process reads region, endpoint and credentials from the stack config.
import { expect } from "chai";
import * as path from "path";

import type { Fixture } from "../../emulator";
import { fleetFixture, fleetInstanceId } from "../support/fleet-world";
import { createStack, type TestStack } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "lookups");
const ATTRIBUTES = "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceAttributes";
const N = 24;

/** 24 fleet instances, all `team=fleet`, the even ones `env=prod`. */
function world(): Fixture {
    const fx = fleetFixture(N) as unknown as { alicloud: { instances: Array<Record<string, unknown>> } };
    for (const inst of fx.alicloud.instances) {
        const m = /^fleet-(\d+)$/.exec(String(inst.instanceName));
        if (m !== null) inst.tags = { team: "fleet", env: Number(m[1]) % 2 === 0 ? "prod" : "dev" };
    }
    return fx as unknown as Fixture;
}

describe("e2e: look-ups build a fleet", function () {
    this.timeout(300_000);
    let stack: TestStack;
    before(async () => {
        stack = await createStack({ program: PROGRAM, emulator: { timeScale: 0.01, fixture: world() } });
    });
    after(() => stack?.dispose());

    it("getInstances at the top level and as an Output: the fleet adopts the ten fleet-1? instances, the description counts the prod ones", async () => {
        const preview = await stack.preview();
        expect(preview.calls.filter((c) => c.action !== "DescribeInstances")).to.deep.equal([]);
        const up = await stack.up();
        expect(up.exitCode).to.equal(0);
        const web = Array.from({ length: 10 }, (_, i) => fleetInstanceId(10 + i));
        expect(up.steps.filter((s) => s.type === ATTRIBUTES && s.op === "create")).to.have.length(10);
        const outputs = await stack.outputs();
        expect([...(outputs.webIds as string[])].sort()).to.deep.equal(web);
        expect(outputs.prodCount).to.equal(N / 2);
        const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as {
            alicloud: { instances: Array<{ instanceId: string; description: string }> };
        };
        for (const id of web) expect(state.alicloud.instances.find((i) => i.instanceId === id)?.description).to.equal(`fleet of 10, ${N / 2} prod`);
        expect(state.alicloud.instances.find((i) => i.instanceId === fleetInstanceId(1))?.description).to.equal("fleet instance");
    });
});
