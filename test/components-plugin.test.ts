// The provider plugin's `construct` (components/plugin): a component declared in another language is
// built by the TypeScript class with plugin-backed children (type `ecs-ops:<cloud>:<Type>`); the
// inputs the engine hands (Outputs for secrets, dependencies and unknowns) are settled into the plain
// objects the components expect, a secret staying a secret into the child. Under Pulumi's mocks.
import * as pulumi from "@pulumi/pulumi";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime";
import { expect } from "chai";

import { SECRET_SIG, SPECIAL_SIG_KEY } from "../provider/plugin/secrets";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

function isWireSecret(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG;
}

/** The value of an Output and whether it is secret (known values only). */
async function look(value: unknown): Promise<{ value: unknown; secret: boolean }> {
    if (!pulumi.Output.isInstance(value)) return { value, secret: false };
    const secret = await pulumi.isSecret(value);
    const inner = await new Promise<unknown>((resolve) => value.apply((v) => resolve(v)));
    return { value: inner, secret };
}

describe("the provider plugin's construct (mocks)", () => {
    const registered: Registered[] = [];
    let construct: typeof import("../components/plugin/construct");
    let main: typeof import("../components/plugin/main");
    let alicloud: typeof import("../components/alicloud");
    let schemaText: string;

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args: MockResourceArgs) => {
                    registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
                    const outs: Record<string, unknown> = { ...args.inputs };
                    if (args.type.endsWith("Attributes")) {
                        Object.assign(outs, {
                            restartRequired: ["hostName"],
                            pendingRestart: true,
                            restartPendingSince: "2026-01-01T00:00:00.000Z",
                            restartTrigger: { hostName: "web-1", revision: 1 },
                        });
                    }
                    return { id: `${args.name}-id`, state: outs };
                },
                call: () => ({}),
            },
            "plugin",
            "test",
            false,
        );
        construct = await import("../components/plugin/construct");
        main = await import("../components/plugin/main");
        alicloud = await import("../components/alicloud");
        const provider = await import("../provider/plugin/main");
        schemaText = provider.PLUGIN_SCHEMA_TEXT;
    });
    beforeEach(() => registered.splice(0));

    const plugin = (): InstanceType<typeof construct.EcsOpsComponentProvider> => new construct.EcsOpsComponentProvider("0.0.0", schemaText);
    const childrenOf = (prefix: string): string[] =>
        registered
            .filter((r) => r.name.startsWith(prefix))
            .map((r) => `${r.type} ${r.name}`)
            .sort();
    const settled = async (): Promise<void> => {
        // Let the mock monitor take every registration: until no new one arrives for a while (bounded).
        let seen = -1;
        for (let quiet = 0, i = 0; quiet < 5 && i < 400; i++) {
            await new Promise((resolve) => setTimeout(resolve, 10));
            quiet = registered.length === seen ? quiet + 1 : 0;
            seen = registered.length;
        }
    };

    it("settles inputs: known Outputs become plain values, a secret's leaves stay secret, an unknown stays an Output", async () => {
        expect(await construct.settleInput(pulumi.output(["i-1", "i-2"]))).to.deep.equal(["i-1", "i-2"]);
        const secretObject = (await construct.settleInput(pulumi.secret({ instanceName: "web-1", password: "Pass-1234!" }))) as Record<string, unknown>;
        expect(Object.keys(secretObject)).to.deep.equal(["instanceName", "password"]);
        expect(await look(secretObject.password)).to.deep.equal({ value: "Pass-1234!", secret: true });
        const nested = (await construct.settleInput({ instanceName: "web-1", password: pulumi.secret("Pass-1234!") })) as Record<string, unknown>;
        expect(nested.instanceName).to.equal("web-1");
        expect(await look(nested.password)).to.deep.equal({ value: "Pass-1234!", secret: true });
        const unknown = pulumi.output(pulumi.unknown);
        expect(await construct.settleInput(unknown)).to.equal(unknown);
    });

    it("builds a ManagedInstance with plugin-backed children; a password secret in the input is a secret in the child", async () => {
        const result = await plugin().construct(
            "web",
            "ecs-ops:alicloud:ManagedInstance",
            { instanceId: "i-bp1paygrunning00001", attributes: pulumi.secret({ instanceName: "web-1", hostName: "web-1", password: "Pass-1234!" }) },
            {},
        );
        await settled();
        expect(childrenOf("web")).to.deep.equal([
            "ecs-ops:alicloud:InstanceAttributes web",
            "ecs-ops:alicloud:InstanceReboot web-restart",
            "ecs-ops:alicloud:ManagedInstance web",
        ]);
        const attrs = registered.find((r) => r.type === "ecs-ops:alicloud:InstanceAttributes")!;
        expect(isWireSecret(attrs.inputs.password), "password secret").to.equal(true);
        expect(JSON.stringify(attrs.inputs)).to.include("Pass-1234!"); // the mock monitor sees the value, wrapped
        expect((await look(pulumi.output(result.urn))).value).to.match(/ecs-ops:alicloud:ManagedInstance::web$/);
        expect(Object.keys(result.state).sort()).to.deep.equal(["drift", "instanceId", "pendingRestart", "restartRequired"]);
    });

    it("keeps a plain attribute plain when only the password is a secret (the engine's output values)", async () => {
        await plugin().construct(
            "api",
            "ecs-ops:alicloud:ManagedInstance",
            { instanceId: "i-bp1paygrunning00001", attributes: { instanceName: "api-1", password: pulumi.secret("Pass-1234!") } },
            {},
        );
        await settled();
        const attrs = registered.find((r) => r.type === "ecs-ops:alicloud:InstanceAttributes" && r.name === "api")!;
        expect(attrs.inputs.instanceName).to.equal("api-1");
        expect(isWireSecret(attrs.inputs.password)).to.equal(true);
    });

    it("builds an InstanceFleet whose members and their children are the plugin's", async () => {
        await plugin().construct(
            "tier",
            "ecs-ops:alicloud:InstanceFleet",
            { instanceIds: pulumi.output(["i-bp1paygrunning00001", "i-bp1subsstopped00002"]), attributes: { deletionProtection: true } },
            {},
        );
        await settled();
        expect(childrenOf("tier")).to.deep.equal([
            "ecs-ops:alicloud:InstanceAttributes tier-i-bp1paygrunning00001",
            "ecs-ops:alicloud:InstanceAttributes tier-i-bp1subsstopped00002",
            "ecs-ops:alicloud:InstanceFleet tier",
            "ecs-ops:alicloud:ManagedInstance tier-i-bp1paygrunning00001",
            "ecs-ops:alicloud:ManagedInstance tier-i-bp1subsstopped00002",
        ]);
    });

    it("builds a ServerFleet (a reinstall per server) whose members and their children are the plugin's", async () => {
        await plugin().construct(
            "hw",
            "ecs-ops:huaweicloud:ServerFleet",
            {
                serverIds: ["7f3d9350-288d-41dd-9616-195bba332426"],
                attributes: { hostname: "app-1" },
                reinstall: { adminPass: pulumi.secret("Reinstall-Pass42!"), triggers: [1] },
            },
            {},
        );
        await settled();
        const id = "7f3d9350-288d-41dd-9616-195bba332426";
        expect(childrenOf("hw")).to.deep.equal([
            `ecs-ops:huaweicloud:ManagedServer hw-${id}`,
            `ecs-ops:huaweicloud:ServerAttributes hw-${id}`,
            `ecs-ops:huaweicloud:ServerFleet hw`,
            `ecs-ops:huaweicloud:ServerReboot hw-${id}-restart`,
            `ecs-ops:huaweicloud:ServerReinstall hw-${id}-reinstall`,
        ]);
        const reinstall = registered.find((r) => r.type === "ecs-ops:huaweicloud:ServerReinstall")!;
        expect(isWireSecret(reinstall.inputs.adminPass)).to.equal(true);
    });

    it("refuses, naming it, an argument that decides the children and is still unknown in preview", async () => {
        let error: unknown;
        await plugin()
            .construct("later", "ecs-ops:alicloud:InstanceFleet", { instanceIds: pulumi.output(pulumi.unknown) }, {})
            .catch((e: unknown) => (error = e));
        expect(String(error)).to.match(/InstanceFleet "later": instanceIds must be known during preview/);
    });

    it("the TypeScript classes keep their dynamic children", async () => {
        new alicloud.ManagedInstance("ts", { instanceId: "i-bp1paygrunning00001", attributes: { instanceName: "ts-1" } });
        await settled();
        expect(childrenOf("ts")).to.deep.equal(["ecs-ops:alicloud:ManagedInstance ts", "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceAttributes ts"]);
    });

    it("refuses an unknown component type and a TypeScript-only argument, naming them", async () => {
        let error: unknown;
        await plugin()
            .construct("x", "ecs-ops:alicloud:Nope", {}, {})
            .catch((e: unknown) => (error = e));
        expect(String(error)).to.include("ecs-ops:alicloud:Nope");
        error = undefined;
        await plugin()
            .construct("y", "ecs-ops:huaweicloud:ManagedServer", { serverId: "7f3d9350-288d-41dd-9616-195bba332426", after: [] }, {})
            .catch((e: unknown) => (error = e));
        expect(String(error)).to.match(/after is for TypeScript programs only/);
    });

    it("drops the SDK's debug lines that print a monitor's answer, and only those", () => {
        expect(main.printsRpcAnswer("RegisterResource RPC finished: resource:web[t]; err: null, resp: ,,secret")).to.equal(true);
        expect(main.printsRpcAnswer("Invoke RPC finished: tok=x; err: null, resp: ,,")).to.equal(true);
        expect(main.printsRpcAnswer("Registering resource: t=ecs-ops:alicloud:InstanceAttributes, name=web")).to.equal(false);
    });
});
