// The Huawei rules every Huawei resource shares (provider/huaweicloud/rules/): the same server id,
// region, project id and timeouts value is accepted or refused alike, with the same message, by
// `check` of ServerAttributes, ServerReboot and ServerReinstall, and by the children of one
// ManagedServer; a server id in upper case names the same server as in lower case.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime";
import { defaultFixture } from "../../emulator";
import { handler as attributesHandler } from "../../provider/huaweicloud/server-attributes/handler";
import { handler as rebootHandler } from "../../provider/huaweicloud/server-reboot/handler";
import { handler as reinstallHandler } from "../../provider/huaweicloud/server-reinstall/handler";
import { handler as registryHandler } from "../../provider/registry";
import { failedProperty } from "./bad-input-table";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { EmulatedHuaweicloud, operations, SERVERS, startEmulatedHuaweicloud, USER_ID, KEY_NAME } from "./huaweicloud-emulated";

type Props = Record<string, unknown>;

const SERVER = SERVERS.active;
const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

/** Each Huawei resource with inputs valid in every respect but the one a case sets. */
const RESOURCES: Array<{ name: string; handler: pulumi.dynamic.ResourceProvider; base: Props }> = [
    { name: "ServerAttributes", handler: attributesHandler, base: { serverId: SERVER, name: "web-1" } },
    { name: "ServerReboot", handler: rebootHandler, base: { serverId: SERVER, type: "SOFT" } },
    { name: "ServerReinstall", handler: reinstallHandler, base: { serverId: SERVER, adminPass: "Reinstall-2026x" } },
];

/** [case, inputs it sets (undefined: removed), accepted?, the reason of the failure when refused]. */
const CASES: Array<[string, Props, boolean, RegExp?]> = [
    ["a server id in lower case", { serverId: "8e5c1f3a-6c1d-4b1e-9a53-0c2f7d2b6a10" }, true],
    ["a server id in upper case", { serverId: "8E5C1F3A-6C1D-4B1E-9A53-0C2F7D2B6A10" }, true],
    ["a server id in mixed case", { serverId: "8e5C1f3A-6c1D-4b1E-9a53-0C2f7D2b6A10" }, true],
    ["a server id without hyphens", { serverId: "8e5c1f3a6c1d4b1e9a530c2f7d2b6a10" }, false, /^must be a server id: a UUID such as /],
    ["a server id of another cloud", { serverId: "i-bp67acfmxazb4ph00001" }, false, /^must be a server id: a UUID such as /],
    ["a server id one digit short", { serverId: "8e5c1f3a-6c1d-4b1e-9a53-0c2f7d2b6a1" }, false, /^must be a server id/],
    ["a server id with a non-hex digit", { serverId: "8e5c1f3a-6c1d-4b1e-9a53-0c2f7d2b6a1g" }, false, /^must be a server id/],
    ["a server id that is a number", { serverId: 42 }, false, /^must be a string: the id \(UUID\) of the server$/],
    ["no server id", { serverId: undefined }, false, /^is required: the id \(UUID\) of the server$/],
    ["a region", { region: "ap-southeast-1" }, true],
    ["a region in upper case", { region: "CN-NORTH-4" }, false, /^must be a Huawei Cloud region id such as cn-north-4$/],
    ["a region with spaces", { region: "cn north 4" }, false, /region id/],
    ["a region that is a number", { region: 4 }, false, /^must be a string$/],
    ["a project id", { projectId: PROJECT }, true],
    ["a project id in upper case", { projectId: PROJECT.toUpperCase() }, false, /^must be a project id of 32 lower-case hexadecimal characters$/],
    ["a project id too short", { projectId: "0a1b" }, false, /32 lower-case hexadecimal/],
    ["timeouts", { timeouts: { create: "20m", update: "1h30m", delete: "30s" } }, true],
    ["a timeout that is no duration", { timeouts: { create: "ten minutes" } }, false, /must be a duration such as "30s", "10m" or "1h30m", got "ten minutes"/],
    ["a timeout over 24h", { timeouts: { update: "25h" } }, false, /must be at most 24h/],
    ["timeouts as a string", { timeouts: "10m" }, false, /./],
    ["a misspelt timeout", { timeouts: { creat: "10m" } }, false, /creat/],
];

/** The root input a failure is about. */
function rootOf(failure: { property: string; reason: string }): string {
    return failedProperty(failure).split(/[.[]/)[0];
}

/** Inputs with `set` applied (an undefined member removes the input). */
function withCase(base: Props, set: Props): Props {
    const out: Props = { ...base, ...set };
    for (const [key, value] of Object.entries(set)) if (value === undefined) delete out[key];
    return out;
}

/** `check`'s failures as the engine receives them, for `inputs` with `__provider`. */
async function failuresOf(handler: pulumi.dynamic.ResourceProvider, olds: Props, inputs: Props): Promise<pulumi.dynamic.CheckFailure[]> {
    const result = await handler.check!(olds, { ...inputs, __provider: "provider-code" });
    return result.failures ?? [];
}

describe("the Huawei rules every Huawei resource shares", () => {
    describe("check of ServerAttributes, ServerReboot and ServerReinstall accepts or refuses a value alike, with the same message", () => {
        for (const [title, set, accepted, reason] of CASES) {
            it(`${title}: ${accepted ? "accepted" : "refused"} by all three`, async () => {
                const property = Object.keys(set)[0];
                const seen: Array<{ name: string; failures: pulumi.dynamic.CheckFailure[] }> = [];
                for (const r of RESOURCES) seen.push({ name: r.name, failures: await failuresOf(r.handler, {}, withCase(r.base, set)) });
                for (const { name, failures } of seen) {
                    if (accepted) expect(failures, `${name}: ${JSON.stringify(failures)}`).to.deep.equal([]);
                    else {
                        expect(failures.length, `${name} refuses it`).to.be.greaterThan(0);
                        expect(failures.map(rootOf), `${name}: only ${property} fails`).to.deep.equal(failures.map(() => property));
                        for (const f of failures) expect(f.reason, name).to.match(reason as RegExp);
                    }
                }
                // The same failures, property and message, from each.
                for (const { name, failures } of seen.slice(1)) expect(failures, `${name} as ${seen[0].name}`).to.deep.equal(seen[0].failures);
            });
        }
    });
});

describe("the children of one huaweicloud.ManagedServer agree on its server id, region and project (mocks)", () => {
    const registered: Array<{ type: string; name: string; inputs: Props }> = [];
    let hw: typeof import("../../components/huaweicloud");

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args: MockResourceArgs) => {
                    registered.push({ type: args.type, name: args.name, inputs: args.inputs as Props });
                    const state: Props = { ...args.inputs };
                    // What the ServerAttributes provider computes, for the restart wiring.
                    if (args.type.endsWith("huaweicloud.ServerAttributes"))
                        Object.assign(state, {
                            restartRequired: [],
                            pendingRestart: false,
                            restartTrigger: { hostname: args.inputs.hostname, revision: 1, reason: "hostname set" },
                        });
                    return { id: `${args.name}-id`, state };
                },
                call: () => ({}),
            },
            "shared-rules",
            "test",
            false,
        );
        hw = await import("../../components/huaweicloud");
    });
    beforeEach(() => registered.splice(0));

    /** The resolved value of an output. */
    function value<T>(output: pulumi.Output<T>): Promise<T> {
        return new Promise((resolve) => output.apply((v) => resolve(v)));
    }

    /** The ManagedServer's resources, once each is registered: [type key, inputs]. */
    async function children(m: import("../../components/huaweicloud").ManagedServer): Promise<Array<[string, Props]>> {
        const urns = await Promise.all([m.attributes, m.restart, m.reinstall].map((r) => (r === undefined ? undefined : value(r.urn))));
        return registered.filter((r) => urns.some((u) => u?.endsWith(`${r.type}::${r.name}`))).map((r) => [r.type.replace(/^.*:/, ""), r.inputs]);
    }

    const SERVER_CASES: Array<[string, Props, boolean]> = [
        ["lower", { serverId: "8e5c1f3a-6c1d-4b1e-9a53-0c2f7d2b6a10" }, true],
        ["upper", { serverId: "8E5C1F3A-6C1D-4B1E-9A53-0C2F7D2B6A10" }, true],
        ["mixed", { serverId: "8e5C1f3A-6c1D-4b1E-9a53-0C2f7D2b6A10", region: "cn-north-4", projectId: PROJECT }, true],
        ["malformed", { serverId: "web-1" }, false],
        ["bad region", { serverId: "8e5c1f3a-6c1d-4b1e-9a53-0c2f7d2b6a10", region: "North-4" }, false],
        ["bad project", { serverId: "8e5c1f3a-6c1d-4b1e-9a53-0c2f7d2b6a10", projectId: PROJECT.toUpperCase() }, false],
    ];
    for (const [title, target, accepted] of SERVER_CASES) {
        it(`a server id ${title}: its attributes, restart and reinstall are all ${accepted ? "accepted" : "refused alike"}`, async () => {
            const m = new hw.ManagedServer(`m-${title.replace(/ /g, "-")}`, {
                ...(target as { serverId: string }),
                attributes: { hostname: "web-1" },
                reinstall: { cloudInit: false, keyName: KEY_NAME, userId: USER_ID, triggers: [1] },
            });
            const found = await children(m);
            expect(found.map(([type]) => type).sort()).to.deep.equal([
                "huaweicloud.ServerAttributes",
                "huaweicloud.ServerReboot",
                "huaweicloud.ServerReinstall",
            ]);
            const verdicts: Array<{ type: string; failures: pulumi.dynamic.CheckFailure[] }> = [];
            for (const [type, inputs] of found) verdicts.push({ type, failures: await failuresOf(registryHandler(type), {}, inputs) });
            for (const { type, failures } of verdicts) {
                if (accepted) expect(failures, `${type}: ${JSON.stringify(failures)}`).to.deep.equal([]);
                else expect(failures.length, `${type} refuses it`).to.be.greaterThan(0);
            }
            for (const { type, failures } of verdicts.slice(1)) expect(failures, `${type} as ${verdicts[0].type}`).to.deep.equal(verdicts[0].failures);
        });
    }
});

describe("a server id in upper case names the same server (against the emulator)", () => {
    let emu: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.01 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => e.reset(defaultFixture()), capture: out },
    );

    it("ServerAttributes adopts it: the batched read asks ECS in lower case and the state keeps the id as given", async () => {
        const serverId = SERVER.toUpperCase();
        const checked = await attributesHandler.check!({}, { serverId, __provider: "provider-code" });
        expect(checked.failures ?? []).to.deep.equal([]);
        const created = await attributesHandler.create!(checked.inputs as Props);
        expect(created.id).to.equal(serverId);
        expect((created.outs as Props).serverId).to.equal(serverId);
        expect((created.outs as Props).osType).to.equal("Linux");
        const calls = await emu.calls();
        expect(operations(calls)).to.deep.equal(["ListServersDetails"]);
        expect(JSON.stringify(calls[0].params)).to.include(SERVER).and.not.include(serverId);
        const read = await attributesHandler.read!(serverId, { ...(created.outs as Props), __provider: "provider-code" });
        expect(read.id, "refresh finds it too").to.equal(serverId);
    });
});
