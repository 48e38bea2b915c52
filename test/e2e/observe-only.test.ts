// observeOnly under the real CLI (program: test/e2e/fixtures/observe-only, one ManagedInstance whose
// description differs from the cloud's): while observing, the preview shows the drift (property,
// program value, cloud value), `up` succeeds with zero changing calls and the outputs carry the drift,
// a second `up` is empty, a hostname change is recorded as a due reboot (not run), and ecs-ops-drift
// exits 2 naming the instance and the properties; turning observeOnly off shows in the preview what
// will now be enforced, `up` makes exactly that (one ModifyInstanceAttribute, one reboot), and the
// drift report then exits 0.
import { expect } from "chai";
import * as path from "path";

import { planOf, runDriftReport } from "./drift-report";
import { createStack, type TestStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "observe-only");
const INSTANCE = "i-bp1paygrunning00001";

/** The calls that change something (anything but a read). */
function changing(result: VerbResult): string[] {
    return result.calls.filter((c) => !/^(Describe|List|Get|Query)/.test(c.action)).map((c) => c.action);
}

describe("e2e: observeOnly (observe before enforcing)", function () {
    this.timeout(600_000);
    let stack: TestStack;
    before(async () => {
        stack = await createStack({ program: PROGRAM, emulator: { timeScale: 0.02 }, config: { "observe-only:observeOnly": "true" } });
    });
    after(() => stack?.dispose());

    it("observeOnly with a different description shows the drift and up makes zero changing calls; turning it off enforces exactly that", async () => {
        // Observing: the preview shows the drift, property by property.
        const preview = await stack.preview();
        expect(planOf(preview, "web")).to.equal(
            `observe only: instance ${INSTANCE} differs from the program (description: program "managed by ecs-ops", cloud "pay-as-you-go web server"); ` +
                "nothing is changed (enforced when observeOnly is turned off)",
        );
        expect(changing(preview)).to.deep.equal([]);

        const up = await stack.up();
        expect(changing(up), "up while observing").to.deep.equal([]);
        const outputs = await stack.outputs();
        expect(outputs.drift).to.deep.equal([{ property: "description", program: "managed by ecs-ops", cloud: "pay-as-you-go web server" }]);

        // Steady state: the same drift is no change.
        const again = await stack.up();
        expect(Object.keys(again.changes).filter((op) => op !== "same")).to.deep.equal([]);
        expect(changing(again)).to.deep.equal([]);

        // A hostname change while observing: shown as drift, the reboot it needs recorded as due, nothing run.
        await stack.setConfig("hostName", "web-9");
        const renamed = await stack.preview();
        expect(planOf(renamed, "web")).to.include('hostName: program "web-9", cloud "web-1"');
        expect(planOf(renamed, "web-restart")).to.match(
            /^observe only: not run, recorded as due \(reboot instance i-bp1paygrunning00001 \(restart\): hostName changes\)/,
        );
        const observedRename = await stack.up();
        expect(changing(observedRename), "up of a hostname change while observing").to.deep.equal([]);

        // The drift report names the instance and the properties while observing, and changes nothing.
        await stack.clearEmulatorCalls();
        const observing = await runDriftReport(stack, "json");
        expect(observing.status, observing.stderr).to.equal(2);
        const report = JSON.parse(observing.stdout) as {
            resources: Array<{ name: string; cloudId: string; op: string; properties: Array<{ property: string }> }>;
        };
        const web = report.resources.find((r) => r.name === "web");
        expect(web?.cloudId).to.equal(INSTANCE);
        expect(web?.op).to.equal("observe");
        expect(web?.properties.map((p) => p.property)).to.deep.equal(["description", "hostName"]);
        expect(report.resources.find((r) => r.name === "web-restart")?.properties.map((p) => p.property)).to.deep.equal(["(operation)"]);
        expect((await stack.emulatorCalls()).filter((c) => !c.action.startsWith("Describe"))).to.deep.equal([]);

        // Turning it off: the preview shows what will now be enforced; up does exactly that, once.
        await stack.setConfig("observeOnly", "false");
        const enforcing = await stack.preview();
        expect(planOf(enforcing, "web")).to.equal(
            `observeOnly turned off: enforce on instance ${INSTANCE} (description: program "managed by ecs-ops", cloud "pay-as-you-go web server"; ` +
                'hostName: program "web-9", cloud "web-1") with ModifyInstanceAttribute; hostName takes effect only after the instance is restarted',
        );
        expect(planOf(enforcing, "web-restart")).to.match(
            /^reboot instance i-bp1paygrunning00001 \(restart\): hostName enforced when observeOnly was turned off/,
        );
        const enforced = await stack.up();
        const modify = enforced.calls.filter((c) => c.action === "ModifyInstanceAttribute" && c.code === null);
        expect(modify).to.have.length(1);
        expect(modify[0].params).to.include({ Description: "managed by ecs-ops", HostName: "web-9" });
        expect(enforced.calls.filter((c) => c.action === "RebootInstance" && c.params?.DryRun !== "true" && c.code === null)).to.have.length(1);
        expect((await stack.outputs()).drift).to.equal(undefined);

        const after = await stack.up();
        expect(changing(after), "the up after enforcing").to.deep.equal([]);
        const clean = await runDriftReport(stack, "json");
        expect(clean.status, clean.stdout + clean.stderr).to.equal(0);
    });
});
