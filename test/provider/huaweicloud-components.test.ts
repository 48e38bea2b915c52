// huaweicloud.ManagedServer and huaweicloud.ServerFleet registered under Pulumi's mocks: which
// children each creates (ServerAttributes always; ServerReboot only when the hostname is managed,
// under both policies; ServerReinstall when asked), with what inputs, and the argument checks.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

function value<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

const A = "0f1ee700-0000-4000-8000-000000000000";
const B = "0f1ee700-0000-4000-8000-000000000001";
const C = "0f1ee700-0000-4000-8000-000000000002";

describe("huaweicloud.ManagedServer and ServerFleet components (mocks)", () => {
    const registered: Registered[] = [];
    let hw: typeof import("../../components/huaweicloud");

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args: MockResourceArgs) => {
                    registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
                    const outs: Record<string, unknown> = { ...args.inputs };
                    if (args.type.endsWith("huaweicloud.ServerAttributes")) {
                        Object.assign(outs, {
                            restartRequired: ["hostname"],
                            pendingRestart: true,
                            restartPendingSince: "2026-01-01T00:00:00.000Z",
                            restartTrigger: { hostname: args.inputs.hostname, revision: 1, reason: "hostname changed" },
                        });
                        if (args.inputs.observeOnly === true) outs.drift = [{ property: "hostname", program: args.inputs.hostname, cloud: "seen" }];
                    }
                    if (args.type.endsWith("huaweicloud.ServerReboot")) Object.assign(outs, { rebootCount: 1, lastRebootAt: "2026-01-01T00:00:01.000Z" });
                    return { id: `${args.name}-id`, state: outs };
                },
                call: () => ({}),
            },
            "components",
            "test",
            false,
        );
        hw = await import("../../components/huaweicloud");
    });
    beforeEach(() => registered.splice(0));

    const children = (prefix: string): string[] =>
        registered
            .filter((r) => r.name.startsWith(prefix))
            .map((r) => `${r.type.replace(/^.*:/, "")} ${r.name}`)
            .sort();

    it("ManagedServer: attributes, a reboot following the restart trigger, an optional reinstall; pendingRestart false after the reboot", async () => {
        const m = new hw.ManagedServer("web", {
            serverId: A,
            attributes: { name: "web-1", hostname: "web-1" },
            rebootType: "HARD",
            reinstall: { cloudInit: false, keyName: "KeyPair-350b", userId: "7e25b1da389f4697a79df3a0e5bd494e", stopServer: true, triggers: [1] },
        });
        expect(await value(m.pendingRestart), "the reboot at/after the change applied it").to.equal(false);
        expect(await value(m.restartRequired)).to.deep.equal(["hostname"]);
        expect(children("web")).to.deep.equal([
            "ManagedServer web",
            "huaweicloud.ServerAttributes web",
            "huaweicloud.ServerReboot web-restart",
            "huaweicloud.ServerReinstall web-reinstall",
        ]);
        const reboot = registered.find((r) => r.name === "web-restart")!;
        expect(reboot.inputs).to.deep.include({
            serverId: A,
            type: "HARD",
            rebootOnCreate: true,
            triggers: { hostname: "web-1", revision: 1, reason: "hostname changed" },
        });
    });

    it("ManagedServer: no reboot resource without a managed hostname; under never its reboot never runs on create; bad args refused by name", async () => {
        const plain = new hw.ManagedServer("plain", { serverId: A, attributes: { metadata: { tier: "web" } } });
        expect(plain.restart).to.equal(undefined);
        expect(await value(plain.pendingRestart)).to.equal(true);
        const never = new hw.ManagedServer("never", { serverId: B, attributes: { hostname: "b" }, restartPolicy: "never" });
        await value(never.pendingRestart);
        expect(registered.find((r) => r.name === "never-restart")!.inputs).to.deep.include({ rebootOnCreate: false });
        expect(() => new hw.ManagedServer("bad", { serverId: A, restartPolicy: "always" as never })).to.throw('restartPolicy must be "auto" or "never"');
        expect(() => new hw.ManagedServer("typo", { serverId: A, restartpolicy: "never" } as never)).to.throw(
            /unknown input "restartpolicy" — did you mean "restartPolicy"\?/,
        );
    });

    it("ServerFleet: one ManagedServer per id with overrides merged, waves of maxUnavailable, ids checked", async () => {
        const fleet = new hw.ServerFleet("f", {
            serverIds: [A, B, C],
            attributes: { metadata: { tier: "web" } },
            servers: { [A]: { hostname: "a" }, [B]: { hostname: "b" } },
            restartStrategy: { maxUnavailable: 1 },
        });
        expect(await value(fleet.restartWaves)).to.deep.equal([[A], [B]]);
        expect(await value(fleet.pendingRestart)).to.deep.equal([C]);
        expect(Object.keys(fleet.servers)).to.deep.equal([A, B, C]);
        expect(fleet.servers[C].restart).to.equal(undefined);
        const attrsOfA = registered.find((r) => r.name === `f-${A}` && r.type.endsWith("ServerAttributes"))!;
        expect(attrsOfA.inputs).to.deep.include({ serverId: A, hostname: "a", metadata: { tier: "web" } });
        expect(() => new hw.ServerFleet("g", { serverIds: [A], servers: { [B]: {} } })).to.throw(`servers has settings for ${B}, which is not in serverIds`);
        expect(() => new hw.ServerFleet("h", { serverIds: [A], restartStrategy: { maxUnavailable: 0 } })).to.throw(/maxUnavailable must be a positive integer/);
    });

    it("region/projectId reach every child; the fleet's reinstall is merged with per-server overrides (false: none); strict argument names", async () => {
        const target = { region: "ap-southeast-1", projectId: "cc84bf66150e04221ef61f2c21addd88" };
        const key = { keyName: "KeyPair-350b", userId: "7e25b1da389f4697a79df3a0e5bd494e" };
        const m = new hw.ManagedServer("one", { serverId: A, ...target, attributes: { hostname: "one" }, reinstall: { ...key, triggers: [1] } });
        await value(m.pendingRestart);
        expect(children("one")).to.have.length(4);
        for (const child of registered.filter((r) => r.name.startsWith("one") && r.type.includes("huaweicloud.")))
            expect(child.inputs, child.name).to.include(target);

        const fleet = new hw.ServerFleet("rf", {
            serverIds: [A, B, C],
            ...target,
            attributes: { metadata: { tier: "db" } },
            reinstall: { ...key, stopServer: true, triggers: ["fleet-1"] },
            servers: { [A]: { hostname: "a", reinstall: { triggers: ["a-2"] } }, [B]: { reinstall: false } },
        });
        await value(fleet.pendingRestart);
        const reinstalls = registered.filter((r) => r.name.startsWith("rf-") && r.type.endsWith("ServerReinstall"));
        expect(reinstalls.map((r) => r.name).sort()).to.deep.equal([`rf-${A}-reinstall`, `rf-${C}-reinstall`]);
        expect(reinstalls.find((r) => r.name === `rf-${A}-reinstall`)!.inputs).to.deep.include({
            serverId: A,
            ...target,
            ...key,
            stopServer: true,
            triggers: ["a-2"],
        });
        expect(reinstalls.find((r) => r.name === `rf-${C}-reinstall`)!.inputs).to.deep.include({
            serverId: C,
            ...target,
            ...key,
            stopServer: true,
            triggers: ["fleet-1"],
        });
        const attrsOfA = registered.find((r) => r.name === `rf-${A}` && r.type.endsWith("ServerAttributes"))!;
        expect(attrsOfA.inputs).to.not.have.property("reinstall");
        expect(attrsOfA.inputs).to.deep.include({ hostname: "a", metadata: { tier: "db" } });
        for (const child of registered.filter((r) => r.name.startsWith("rf-") && r.type.includes("huaweicloud.")))
            expect(child.inputs, child.name).to.include(target);

        expect(() => new hw.ServerFleet("t1", { serverIds: [A], reinstal: { triggers: [1] } } as never)).to.throw(
            /unknown input "reinstal" — did you mean "reinstall"\?/,
        );
        expect(() => new hw.ServerFleet("t2", { serverIds: [A], servers: { [A]: { hostName: "a" } } } as never)).to.throw(
            new RegExp(`unknown input "servers\\["${A}"\\]\\.hostName" — did you mean`),
        );
        expect(() => new hw.ManagedServer("t3", { serverId: A, projectID: target.projectId } as never)).to.throw(
            /unknown input "projectID" — did you mean "projectId"\?/,
        );
    });

    it("observeOnly reaches every child (attributes, reboot, reinstall; each fleet member), not settable per server; drift is the attributes' output", async () => {
        const key = { keyName: "KeyPair-350b", userId: "7e25b1da389f4697a79df3a0e5bd494e" };
        const m = new hw.ManagedServer("obs", { serverId: A, observeOnly: true, attributes: { hostname: "obs" }, reinstall: { ...key, triggers: [1] } });
        await value(m.pendingRestart);
        const own = registered.filter((r) => r.name.startsWith("obs") && r.type.includes("huaweicloud."));
        expect(own.map((r) => r.type.replace(/^.*\./, "")).sort()).to.deep.equal(["ServerAttributes", "ServerReboot", "ServerReinstall"]);
        for (const child of own) expect(child.inputs, child.name).to.include({ observeOnly: true });
        expect(await value(m.drift)).to.deep.equal([{ property: "hostname", program: "obs", cloud: "seen" }]);

        const fleet = new hw.ServerFleet("of", { serverIds: [A, B], observeOnly: true, attributes: { hostname: "h" }, reinstall: { ...key, triggers: [1] } });
        await value(fleet.pendingRestart);
        const members = registered.filter((r) => r.name.startsWith("of-") && r.type.includes("huaweicloud."));
        expect(members).to.have.length(6);
        for (const child of members) expect(child.inputs, child.name).to.include({ observeOnly: true });

        expect(() => new hw.ServerFleet("ot", { serverIds: [A], servers: { [A]: { observeOnly: true } } } as never)).to.throw(
            /unknown input "servers\[.*\]\.observeOnly"/,
        );
    });
});
