// The cloud-neutral component logic both clouds' components use (components/core): fleet ids and
// overrides, rolling-restart waves and how each wave waits for the reboots of the one before, the
// restart policy, and when a restart is still pending.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { checkFleetIds, FleetMember, FleetNames, rollOut } from "../components/core/fleet";
import { restartPolicyOf, stillPending } from "../components/core/restart-policy";
import { planWaves, waveSize } from "../components/core/rolling-restart";

const NAMES: FleetNames = { ids: "serverIds", overrides: "servers", noun: "server", running: "ACTIVE" };

function value<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

describe("components/core: fleet and restart logic shared by ManagedInstance/InstanceFleet and ManagedServer/ServerFleet", () => {
    it("checks fleet ids and overrides, naming the property and the rule", () => {
        expect(checkFleetIds("ServerFleet f", NAMES, ["a", "b"], { b: {} })).to.deep.equal(["a", "b"]);
        expect(() => checkFleetIds("ServerFleet f", NAMES, [], undefined)).to.throw("ServerFleet f: serverIds must be a non-empty list of server ids");
        expect(() => checkFleetIds("ServerFleet f", NAMES, ["a", "a"], undefined)).to.throw("serverIds lists a more than once");
        expect(() => checkFleetIds("ServerFleet f", NAMES, ["a"], { z: {} })).to.throw("servers has settings for z, which is not in serverIds");
    });

    it("plans waves of maxUnavailable (count or percentage, at least 1) and refuses bad values", () => {
        expect(waveSize(undefined, 8, "w")).to.equal(2);
        expect(waveSize("50%", 5, "w")).to.equal(2);
        expect(waveSize(1, 5, "w")).to.equal(1);
        expect(() => waveSize(0, 5, "w")).to.throw(/restartStrategy.maxUnavailable must be a positive integer/);
        expect(() => waveSize("150%" as `${number}%`, 5, "w")).to.throw(/percentage in \(0%, 100%\]/);
        expect(planWaves(["a", "b", "c"], 2)).to.deep.equal([["a", "b"], ["c"]]);
    });

    it("rolls out: members restarted by the fleet in waves, each created after the reboots of the wave before; the others without waiting", async () => {
        const made: Array<{ id: string; after: string[] }> = [];
        const restartOf = (id: string) => ({ urnName: `${id}-restart` }) as unknown as pulumi.Resource;
        const names = new Map<pulumi.Resource, string>();
        const parent = {} as pulumi.Resource;
        const rolled = rollOut<FleetMember>(
            "ServerFleet f",
            NAMES,
            parent,
            ["a", "b", "c", "d", "e"],
            { maxUnavailable: 2 },
            (id) => id !== "c",
            (id, after) => {
                made.push({ id, after: after.map((r) => names.get(r) as string) });
                const restart = restartOf(id);
                names.set(restart, `${id}-restart`);
                return { restart, pendingRestart: pulumi.output(id === "e") };
            },
        );
        expect(rolled.waves).to.deep.equal([
            ["a", "b"],
            ["d", "e"],
        ]);
        expect(made).to.deep.equal([
            { id: "a", after: [] },
            { id: "b", after: [] },
            { id: "d", after: ["a-restart", "b-restart"] },
            { id: "e", after: ["a-restart", "b-restart"] },
            { id: "c", after: [] },
        ]);
        expect(Object.keys(rolled.members), "in the order of the ids").to.deep.equal(["a", "b", "c", "d", "e"]);
        expect(await value(rolled.pendingRestart)).to.deep.equal(["e"]);
    });

    it("restart policy: auto by default, never, anything else refused; pending until a reboot at or after the change", () => {
        expect(restartPolicyOf(undefined, "ManagedServer m")).to.equal("auto");
        expect(restartPolicyOf("never", "ManagedServer m")).to.equal("never");
        expect(() => restartPolicyOf("always", "ManagedServer m")).to.throw('ManagedServer m: restartPolicy must be "auto" or "never", got "always"');
        expect(stillPending(true, "2026-01-01T00:00:00.000Z", undefined)).to.equal(true);
        expect(stillPending(true, "2026-01-01T00:00:00.000Z", "2025-12-31T23:59:59.000Z")).to.equal(true);
        expect(stillPending(true, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z")).to.equal(false);
        expect(stillPending(false, undefined, undefined)).to.equal(false);
    });
});
