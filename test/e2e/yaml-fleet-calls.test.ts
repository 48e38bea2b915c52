// A fleet through the provider plugin makes the calls the dynamic resources make (test/e2e/fleet.test.ts,
// same bounds): a YAML program (bench/plugin-programs.ts) declares N InstanceAttributes of the fleet
// world (test/support/fleet-world.ts); the one plugin process batches their reads into
// DescribeInstances calls of up to 100 ids, updates with one ModifyInstanceAttribute each and no
// pre-read, makes no call on a no-op up, and paces under throttling with the limiter its resources
// share. Wall times are bench/plugin.ts's, not here. Skipped when the CLI has no YAML host.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { yamlFleetProgram } from "../../bench/plugin-programs";
import type { CallRecord } from "../../emulator";
import { fleetFixture, fleetInstanceIds } from "../support/fleet-world";
import { createStack, ensureCli, type TestStack, type VerbResult } from "./kit";

const PARALLEL = 8;

function count(calls: CallRecord[], action: string, code: string | null = null): number {
    return calls.filter((c) => c.cloud === "alicloud" && c.action === action && c.code === code).length;
}

/** Every id a DescribeInstances call asked for, by call. */
function describedIds(calls: CallRecord[]): string[][] {
    return calls.filter((c) => c.action === "DescribeInstances" && c.code === null).map((c) => JSON.parse(String(c.params?.InstanceIds ?? "[]")) as string[]);
}

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

async function yamlHost(): Promise<string | undefined> {
    const cli = await ensureCli();
    return cli.env.PATH.split(path.delimiter).find((dir) => dir !== "" && fs.existsSync(path.join(dir, "pulumi-language-yaml")));
}

describe("e2e: a fleet through the provider plugin (batched reads, one call per update, shared limiter)", function () {
    this.timeout(600_000);
    const N = 24;
    const ids = fleetInstanceIds(N);
    const args = ["--parallel", String(PARALLEL)];
    let program: string | undefined;
    let stack: TestStack;

    before(async function () {
        if ((await yamlHost()) === undefined) this.skip();
        program = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-yaml-fleet-calls-"));
        fs.writeFileSync(path.join(program, "Pulumi.yaml"), yamlFleetProgram(ids));
        stack = await createStack({
            program,
            emulator: { timeScale: 0.01, fixture: fleetFixture(N) },
            config: {
                "ecs-ops:alicloudRegion": "cn-hangzhou",
                "ecs-ops:alicloudAccessKey": "LTAI5tEmulatorAccessKey",
                "ecs-ops:alicloudSecretKey": { value: "emulator-access-key-secret", secret: true },
                description: "adopted by the plugin",
            },
        });
    });
    after(async () => {
        await stack?.dispose();
        if (program !== undefined) fs.rmSync(program, { recursive: true, force: true });
    });

    it("adopts N instances with batched reads (each id read once), and one ModifyInstanceAttribute each", async () => {
        const up = await stack.up({ args });
        expect(up.exitCode, up.stderr).to.equal(0);
        expect(up.changes.create, "the stack and N InstanceAttributes").to.equal(N + 1);
        expect(count(up.calls, "ModifyInstanceAttribute")).to.equal(N);
        // As in fleet.test.ts: reads arrive as fast as the engine registers resources, so the bound is loose.
        expect(count(up.calls, "DescribeInstances"), "DescribeInstances at adoption").to.be.at.most(N / 2);
        expect(describedIds(up.calls).flat().sort()).to.deep.equal([...ids].sort());
    });

    it("a no-op up makes no call", async () => {
        const up = await stack.up({ args });
        expect(up.exitCode, up.stderr).to.equal(0);
        expect(up.calls).to.have.length(0);
    });

    it("refreshes N instances in ⌈N/P⌉+1 DescribeInstances at most, and nothing per instance", async () => {
        const refresh = await stack.refresh({ args });
        expect(refresh.exitCode, refresh.stderr).to.equal(0);
        expect(count(refresh.calls, "DescribeInstances")).to.be.at.most(Math.ceil(N / PARALLEL) + 1);
        expect(Math.max(...describedIds(refresh.calls).map((b) => b.length))).to.be.at.most(100);
        expect(refresh.calls.filter((c) => c.action !== "DescribeInstances")).to.have.length(0);
    });

    it("updates one attribute of N instances with N ModifyInstanceAttribute and no per-instance read", async () => {
        await stack.setConfig("description", "changed through the plugin");
        const up = await stack.up({ args });
        expect(up.exitCode, up.stderr).to.equal(0);
        expect(up.changes.update).to.equal(N);
        expect(count(up.calls, "ModifyInstanceAttribute")).to.equal(N);
        expect(up.calls.length).to.be.at.most(N + Math.ceil(N / PARALLEL));
        const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as {
            alicloud: { instances: Array<{ instanceId: string; description: string }> };
        };
        for (const id of ids) expect(state.alicloud.instances.find((i) => i.instanceId === id)?.description).to.equal("changed through the plugin");
    });

    it("under injected throttling (ModifyInstanceAttribute at 5 calls/s), an update of N is paced by the shared limiter and finishes with no failed resource", async () => {
        await stack.emulatorRequest("POST", "/_emulator/faults", { throttle: [{ cloud: "alicloud", action: "ModifyInstanceAttribute", qps: 5 }] });
        await stack.setConfig("description", "changed under throttling");
        const up = await stack.up({ args });
        await stack.emulatorRequest("POST", "/_emulator/faults", {});
        expect(up.exitCode, up.stderr).to.equal(0);
        expect(up.changes.update).to.equal(N);
        expect(count(up.calls, "ModifyInstanceAttribute")).to.equal(N);
        expect(printed(up)).to.match(/Throttling\.User; pacing ModifyInstanceAttribute at/);
        const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as {
            alicloud: { instances: Array<{ instanceId: string; description: string }> };
        };
        for (const id of ids) expect(state.alicloud.instances.find((i) => i.instanceId === id)?.description).to.equal("changed under throttling");
    });
});
