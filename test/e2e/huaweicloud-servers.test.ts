// examples/huaweicloud-servers under the real Pulumi CLI against the emulator, in one packed
// scenario: a ServerFleet of two ACTIVE servers with maxUnavailable 1 (two waves). `up` adopts them (their
// hostnames differ from the program's: one reboot each, after the UpdateServer, wave by wave); a
// hostname change is previewed as a reboot with its reason; `up` applies it with exactly one
// BatchRebootServers per wave, each after that wave's UpdateServer and after the previous wave's
// reboot; an empty `up`; `destroy` releases everything without a reboot.
import { expect } from "chai";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { hwFleetFixture, hwFleetServerIds } from "../emulator/huaweicloud-fleet";
import { createStack, type TestStack, type VerbResult } from "./kit";

const EXAMPLE = path.resolve(__dirname, "..", "..", "examples", "huaweicloud-servers");
const REBOOT_TYPE = "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerReboot";
const IDS = hwFleetServerIds(2);

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

/** Calls that change something, ecs-ops' operation-record tags aside. */
function mutating(calls: CallRecord[]): CallRecord[] {
    return calls.filter((c) => !/^(Show|List)/.test(c.action) && !/^Batch(Create|Delete)ServerTags$/.test(c.action));
}

/** The server a call is about (the path's or the body's id). */
function serverOf(c: CallRecord): string | undefined {
    const text = JSON.stringify(c.params ?? {});
    return IDS.find((id) => text.includes(id));
}

/** Checks the order of the mutating calls: per wave (one server each), its UpdateServer, then its one reboot, then the next wave. */
function expectRollingOrder(r: VerbResult): void {
    const seq = mutating(r.calls)
        .filter((c) => c.action === "UpdateServer" || c.action === "BatchRebootServers")
        .map((c) => `${c.action}:${serverOf(c)}`);
    const reboots = seq.filter((s) => s.startsWith("BatchRebootServers"));
    expect(reboots, seq.join(", ")).to.deep.equal(IDS.map((id) => `BatchRebootServers:${id}`));
    IDS.forEach((id, i) => {
        const update = seq.indexOf(`UpdateServer:${id}`);
        const reboot = seq.indexOf(`BatchRebootServers:${id}`);
        expect(update, `${id} updated before its reboot: ${seq.join(", ")}`).to.be.within(0, reboot - 1);
        if (i > 0) expect(update, `wave ${i + 1} waits for wave ${i}'s reboot`).to.be.greaterThan(seq.indexOf(`BatchRebootServers:${IDS[i - 1]}`));
    });
}

describe("e2e: examples/huaweicloud-servers (ServerFleet, ManagedServer, ServerReboot) under the real CLI", function () {
    this.timeout(600_000);
    let stack: TestStack;
    const everything: string[] = [];
    const run = async (verb: "preview" | "up" | "destroy"): Promise<VerbResult> => {
        const r = await stack[verb]();
        everything.push(printed(r));
        expect(r.exitCode, printed(r)).to.equal(0);
        return r;
    };
    const boots = async (): Promise<Record<string, { boots: number; bootedHostname: string | null } | null>> => {
        const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as {
            huaweicloud: { servers: Array<{ id: string; power: { boots: number; bootedHostname: string | null } | null }> };
        };
        return Object.fromEntries(IDS.map((id) => [id, state.huaweicloud.servers.find((s) => s.id === id)!.power]));
    };

    before(async () => {
        stack = await createStack({ program: EXAMPLE, emulator: { timeScale: 0.01, fixture: hwFleetFixture(2) } });
        await stack.setListConfig({ serverIds: IDS });
    });
    after(() => stack?.dispose());

    it("up adopts the fleet: UpdateServer, then one reboot per server, one wave at a time; the guests boot with the new hostnames", async () => {
        const r = await run("up");
        expect(printed(r)).to.include(
            `rolling restarts in 2 waves of at most 1 (maxUnavailable 1); a wave starts when the one before it is ACTIVE again: wave 1: ${IDS[0]}; wave 2: ${IDS[1]}`,
        );
        expectRollingOrder(r);
        const after = await boots();
        IDS.forEach((id, i) => expect(after[id], id).to.deep.include({ boots: 1, bootedHostname: `web-${i + 1}` }));
        const outputs = await stack.outputs();
        expect(outputs.pendingRestart).to.deep.equal([]);
        expect(outputs.restartWaves).to.deep.equal(IDS.map((id) => [id]));
        expect(outputs.rebootCounts).to.deep.equal(Object.fromEntries(IDS.map((id) => [id, 1])));
    });

    it("a hostname change: the preview plans one reboot per server with its reason and calls nothing that changes; up reboots each once after its UpdateServer, wave by wave; the next up is empty", async () => {
        await stack.setConfig("namePrefix", "www");
        const preview = await run("preview");
        expect(mutating(preview.calls), "a preview changes nothing").to.deep.equal([]);
        const steps = (
            (preview.json as { steps?: Array<{ op: string; urn: string; newState?: { type?: string; inputs?: Record<string, unknown> } }> }).steps ?? []
        ).filter((s) => s.newState?.type === REBOOT_TYPE);
        expect(steps.map((s) => s.op)).to.deep.equal(["update", "update"]);
        for (const s of steps)
            expect(String(s.newState?.inputs?.plannedOperation)).to.match(/^reboot server [0-9a-f-]+ \(SOFT reboot, BatchRebootServers\): .*hostname/i);

        const up = await run("up");
        expectRollingOrder(up);
        expect(up.calls.filter((c) => c.action === "UpdateServer")).to.have.length(2);
        const after = await boots();
        IDS.forEach((id, i) => expect(after[id], id).to.deep.include({ boots: 2, bootedHostname: `www-${i + 1}` }));

        const empty = await run("up");
        expect(Object.keys(empty.changes)).to.deep.equal(["same"]);
        expect(mutating(empty.calls)).to.deep.equal([]);
    });

    it("destroy releases the fleet without rebooting or changing a server (only ecs-ops' own tags go: operation records, owner)", async () => {
        const r = await run("destroy");
        expect(r.calls.filter((c) => c.action === "BatchRebootServers" || c.action === "UpdateServer")).to.deep.equal([]);
        const removed = r.calls.filter((c) => c.action === "BatchDeleteServerTags").map((c) => JSON.stringify(c.params));
        expect(removed.every((p) => p.includes("ecs-ops-reboot") || p.includes("ecs-ops-owner"))).to.equal(true);
        // Each server's owner tag (docs/ownership.md) goes with its release.
        expect(removed.filter((p) => p.includes("ecs-ops-owner"))).to.have.length(IDS.length);
        const after = await boots();
        IDS.forEach((id) => expect(after[id]?.boots).to.equal(2));
        expect(everything.join("\n")).to.not.include("emulator-secret-key");
    });
});
