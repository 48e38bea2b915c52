// observeOnly on Huawei Cloud under the real CLI (program: test/e2e/fixtures/observe-only-huaweicloud,
// one ManagedServer whose description differs from the cloud's, with an OS reinstall): while observing,
// the preview shows the drift (property, program value, cloud value) and the reinstall as due, `up`
// succeeds with zero changing calls and the outputs carry the drift, a second `up` is empty, a hostname
// change is recorded as a due reboot (not run), and ecs-ops-drift exits 2 naming the server, the
// properties and the due operations; turning observeOnly off shows in the preview what will now be
// enforced, `up` makes exactly that (one UpdateServer, one reboot, one reinstall), and the drift report
// then exits 0. The Alibaba side of the same scenario: observe-only.test.ts.
import { expect } from "chai";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { planOf, runDriftReport } from "./drift-report";
import { createStack, type TestStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "observe-only-huaweicloud");
const SERVER = "7f3d9350-288d-41dd-9616-195bba332426";
const CLOUD_DESCRIPTION = "running web server: reinstall needs mode withStopServer";

/** The calls that change something (anything but a read). */
function changing(calls: CallRecord[]): string[] {
    return calls.filter((c) => !/^(Describe|List|Get|Query|Show|NovaList|NovaShow)/.test(c.action)).map((c) => c.action);
}

/** The successful calls of one operation. */
function accepted(result: VerbResult, action: string): CallRecord[] {
    return result.calls.filter((c) => c.action === action && c.code === null);
}

describe("e2e: observeOnly on Huawei Cloud (observe before enforcing)", function () {
    this.timeout(600_000);
    let stack: TestStack;
    before(async () => {
        stack = await createStack({ program: PROGRAM, emulator: { timeScale: 0.02 }, config: { "observe-only-huaweicloud:observeOnly": "true" } });
    });
    after(() => stack?.dispose());

    it("a ManagedServer observed shows its drift with zero changing calls; turning observeOnly off makes exactly one UpdateServer, one reboot and one reinstall", async () => {
        // Observing: the preview shows the drift, property by property, and the reinstall as due.
        const preview = await stack.preview();
        expect(planOf(preview, "web")).to.equal(
            `observe only: server ${SERVER} differs from the program (description: program "managed by ecs-ops", cloud "${CLOUD_DESCRIPTION}"); ` +
                "nothing is changed (enforced when observeOnly is turned off)",
        );
        expect(planOf(preview, "web-reinstall")).to.match(
            /^observe only: not run, recorded as due \(DESTRUCTIVE: reinstall the OS of server 7f3d9350-[0-9a-f-]+, erasing its system disk .*: the reinstall resource is created\)/,
        );
        expect(changing(preview.calls)).to.deep.equal([]);

        const up = await stack.up();
        expect(changing(up.calls), "up while observing").to.deep.equal([]);
        const outputs = await stack.outputs();
        expect(outputs.drift).to.deep.equal([{ property: "description", program: "managed by ecs-ops", cloud: CLOUD_DESCRIPTION }]);
        expect(outputs.pendingRestart).to.equal(false);

        // Steady state: the same drift is no change.
        const again = await stack.up();
        expect(Object.keys(again.changes).filter((op) => op !== "same")).to.deep.equal([]);
        expect(changing(again.calls)).to.deep.equal([]);

        // A hostname change while observing: shown as drift, the reboot it needs recorded as due, nothing run.
        await stack.setConfig("hostname", "web-9");
        const renamed = await stack.preview();
        expect(planOf(renamed, "web")).to.include('hostname: program "web-9", cloud "ecs-web-01"');
        expect(planOf(renamed, "web-restart")).to.match(
            /^observe only: not run, recorded as due \(reboot server 7f3d9350-[0-9a-f-]+ \(SOFT reboot, BatchRebootServers\): .*hostname changes/,
        );
        const observedRename = await stack.up();
        expect(changing(observedRename.calls), "up of a hostname change while observing").to.deep.equal([]);

        // The drift report names the server, the properties and the due operations while observing, and changes nothing.
        await stack.clearEmulatorCalls();
        const observing = await runDriftReport(stack, "json");
        expect(observing.status, observing.stderr).to.equal(2);
        const report = JSON.parse(observing.stdout) as {
            resources: Array<{ name: string; cloudId: string; op: string; properties: Array<{ property: string }> }>;
        };
        const web = report.resources.find((r) => r.name === "web");
        expect(web?.cloudId).to.equal(SERVER);
        expect(web?.op).to.equal("observe");
        expect(web?.properties.map((p) => p.property)).to.deep.equal(["description", "hostname"]);
        for (const name of ["web-restart", "web-reinstall"]) {
            expect(
                report.resources.find((r) => r.name === name)?.properties.map((p) => p.property),
                name,
            ).to.deep.equal(["(operation)"]);
        }
        expect(changing(await stack.emulatorCalls())).to.deep.equal([]);

        // Turning it off: the preview shows what will now be enforced; up does exactly that, once.
        await stack.setConfig("observeOnly", "false");
        const enforcing = await stack.preview();
        expect(planOf(enforcing, "web")).to.equal(
            `observeOnly turned off: enforce on server ${SERVER} (description: program "managed by ecs-ops", cloud "${CLOUD_DESCRIPTION}"; ` +
                'hostname: program "web-9", cloud "ecs-web-01") with UpdateServer and the security group, metadata and tag calls; ' +
                "hostname takes effect only after the server is restarted",
        );
        expect(planOf(enforcing, "web-restart")).to.match(
            /^reboot server 7f3d9350-[0-9a-f-]+ \(SOFT reboot, BatchRebootServers\): .*hostname enforced when observeOnly was turned off/,
        );
        expect(planOf(enforcing, "web-reinstall")).to.match(/^observeOnly turned off: DESTRUCTIVE: reinstall the OS of server 7f3d9350-.*: runs now, once$/);
        expect(changing(enforcing.calls)).to.deep.equal([]);

        const enforced = await stack.up();
        const update = accepted(enforced, "UpdateServer");
        expect(update, "one UpdateServer").to.have.length(1);
        expect(JSON.stringify(update[0].params)).to.include("managed by ecs-ops").and.include("web-9");
        expect(accepted(enforced, "BatchRebootServers"), "one reboot").to.have.length(1);
        expect(
            enforced.calls.filter((c) => /^ReinstallServer/.test(c.action) && c.code === null),
            "one reinstall",
        ).to.have.length(1);
        expect((await stack.outputs()).drift).to.equal(undefined);

        const after = await stack.up();
        expect(changing(after.calls), "the up after enforcing").to.deep.equal([]);
        const clean = await runDriftReport(stack, "json");
        expect(clean.status, clean.stdout + clean.stderr).to.equal(0);
    });
});
