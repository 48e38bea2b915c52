// huaweicloud.ServerAttributes through the real Pulumi engine against the emulator, in one stack of
// two servers: preview only reads (the owner tags, docs/ownership.md), up adopts both, records
// their owner and makes one call per differing aspect, an empty up makes no call, drift made outside
// Pulumi shows on refresh (both servers read in one ListServersDetails), the next up puts back
// exactly that, destroy restores what "web" had at adoption and releases "app" with no call but the
// removal of its owner tag.
import { expect } from "chai";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { hwCall } from "../emulator/huaweicloud-client";
import { ownerTagsOf } from "../support/owner-tags";
import { createStack, type StateResource, type TestStack, type VerbResult } from "./kit";

const FIXTURE = path.join(__dirname, "fixtures", "huaweicloud-attributes");
const TYPE = "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerAttributes";
const P1 = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const WEB = "7f3d9350-288d-41dd-9616-195bba332426";
const APP = "277c9006-6084-45d6-9702-91a3349b38b8";

function ops(r: VerbResult): string[] {
    return r.steps
        .filter((s) => s.type === TYPE)
        .map((s) => `${s.name}:${s.op}`)
        .sort();
}

function hwCalls(r: VerbResult): CallRecord[] {
    return r.calls.filter((c) => c.cloud === "huaweicloud");
}

function actions(r: VerbResult): string[] {
    return hwCalls(r)
        .map((c) => c.action)
        .sort();
}

/** The actions of the calls that change something (reads left out), sorted. */
function changes(r: VerbResult): string[] {
    return actions(r).filter((a) => a !== "ListServersDetails");
}

/** How many owner tag writes (BatchCreateServerTags) or removals (BatchDeleteServerTags) a verb made (the log does not name the server). */
function ownerTagCalls(r: VerbResult, action: "BatchCreateServerTags" | "BatchDeleteServerTags"): number {
    return hwCalls(r).filter((c) => c.action === action && JSON.stringify(c.params).includes("ecs-ops-owner")).length;
}

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

describe("e2e: huaweicloud.ServerAttributes through the engine", function () {
    this.timeout(300_000);
    let stack: TestStack;

    async function server(id: string): Promise<Record<string, any>> {
        const r = await hwCall(stack.emulatorUrl!, { path: `/v1/${P1}/cloudservers/${id}` });
        return r.json.server;
    }

    async function resourceState(name: string): Promise<StateResource> {
        const exported = await stack.exportState();
        return exported.deployment.resources!.find((x) => x.type === TYPE && x.urn.endsWith(`::${name}`))!;
    }

    before(async () => {
        stack = await createStack({ program: FIXTURE, emulator: { timeScale: 0.01 } });
    });
    after(async () => {
        await stack?.dispose();
    });

    it("preview → up → empty up: reads only, then the owner tags and one call per differing aspect, then nothing", async () => {
        const preview = await stack.preview();
        expect(preview.exitCode, printed(preview)).to.equal(0);
        expect(ops(preview)).to.deep.equal(["app:create", "web:create"]);
        expect(changes(preview)).to.deep.equal([]);
        expect(hwCalls(preview).length, "the owner tag of each server, batched or not").to.be.within(1, 2);

        const up = await stack.up();
        expect(up.exitCode, printed(up)).to.equal(0);
        expect(ops(up)).to.deep.equal(["app:create", "web:create"]);
        expect(changes(up)).to.deep.equal(
            [
                "UpdateServer",
                "UpdateServer",
                "NovaAssociateSecurityGroup",
                "UpdateServerMetadata",
                "UpdateServerMetadata",
                "BatchCreateServerTags",
                "BatchCreateServerTags",
                "BatchCreateServerTags",
            ].sort(),
        );
        expect(ownerTagCalls(up, "BatchCreateServerTags")).to.equal(2);
        const owner = `${stack.projectName}.${stack.stackName}`;
        expect(ownerTagsOf(await stack.emulatorRequest("GET", "/_emulator/state"))).to.deep.equal({ [APP]: owner, [WEB]: owner });
        // Reads: the owner tags at check, the servers at create (each batched when they arrive together).
        expect(hwCalls(up).filter((c) => c.action === "ListServersDetails").length).to.be.within(1, 4);
        const update = hwCalls(up).find((c) => c.action === "UpdateServer" && (c.params as { server_id?: string }).server_id === WEB)!;
        expect(update.params).to.deep.equal({ server_id: WEB, server: { name: "web-prod", description: "managed by ecs-ops", hostname: "web-prod-1" } });
        expect(printed(up)).to.match(/hostname changed: it takes effect in the guest only after the server is restarted/);
        const outputs = await stack.outputs();
        expect(outputs).to.deep.include({ webName: "web-prod", appName: "app-prod", webPendingRestart: true, webRestartRequired: ["hostname"] });
        expect(outputs.webRestartTrigger).to.deep.equal({ hostname: "web-prod-1", revision: 1, reason: "hostname set when taken under management" });
        expect((await resourceState("web")).outputs!.plannedOperation).to.match(/hostname takes effect only after the server is restarted/);

        const again = await stack.up();
        expect(ops(again)).to.deep.equal(["app:same", "web:same"]);
        expect(hwCalls(again)).to.deep.equal([]);
    });

    it("drift → refresh (one read for both servers) → up puts back exactly that → destroy restores web and releases app", async () => {
        const deadline = { path: `/v1/${P1}/cloudservers/${WEB}`, method: "PUT", body: { server: { name: "renamed-by-hand" } } };
        expect((await hwCall(stack.emulatorUrl!, deadline)).status).to.equal(200);
        expect((await hwCall(stack.emulatorUrl!, { path: `/v1/${P1}/cloudservers/${WEB}/metadata`, body: { metadata: { unmanaged: "x" } } })).status).to.equal(
            200,
        );

        const refresh = await stack.refresh();
        expect(refresh.exitCode, printed(refresh)).to.equal(0);
        // Both servers batched (server_id=a,b): at most ceil(2/100)+1 calls, however loaded the machine.
        expect(new Set(hwCalls(refresh).map((c) => c.action))).to.deep.equal(new Set(["ListServersDetails"]));
        expect(hwCalls(refresh).length, "batched").to.be.at.most(2);
        expect(refresh.changes.update, "only the real drift").to.equal(1);
        const web = await resourceState("web");
        expect(web.outputs!.name).to.equal("renamed-by-hand");
        expect(web.inputs!.name).to.equal("renamed-by-hand");
        expect(web.outputs!.metadata, "unmanaged keys stay out of state").to.deep.equal({ owner: "platform" });

        const up = await stack.up();
        expect(ops(up)).to.deep.equal(["app:same", "web:update"]);
        expect(hwCalls(up).map((c) => c.action)).to.deep.equal(["UpdateServer"]);
        expect(hwCalls(up)[0].params).to.deep.equal({ server_id: WEB, server: { name: "web-prod" } });
        expect((await stack.outputs()).webRestartTrigger, "the hostname did not drift: no new restart").to.deep.include({ revision: 1 });

        const destroy = await stack.destroy();
        expect(destroy.exitCode, printed(destroy)).to.equal(0);
        expect(ops(destroy)).to.deep.equal(["app:delete", "web:delete"]);
        expect(changes(destroy)).to.deep.equal([
            "BatchDeleteServerTags",
            "BatchDeleteServerTags",
            "BatchDeleteServerTags",
            "DeleteServerMetadata",
            "NovaDisassociateSecurityGroup",
            "UpdateServer",
        ]);
        expect(ownerTagCalls(destroy, "BatchDeleteServerTags")).to.equal(2);
        expect(ownerTagsOf(await stack.emulatorRequest("GET", "/_emulator/state"))).to.deep.equal({});
        expect(printed(destroy)).to.match(/released server 277c9006-6084-45d6-9702-91a3349b38b8 from management/);
        let restored: Record<string, any> = {};
        for (let i = 0; i < 200; i++) {
            restored = await server(WEB);
            if (restored.name === "ecs-web-01") break;
            await new Promise((r) => setTimeout(r, 25));
        }
        expect(restored).to.include({ name: "ecs-web-01", "OS-EXT-SRV-ATTR:hostname": "ecs-web-01" });
        expect(restored.security_groups.map((g: { name: string }) => g.name)).to.deep.equal(["default"]);
        expect(restored.metadata).to.include({ unmanaged: "x" }).and.not.have.property("owner");
        expect((await server(APP)).name, "app released as it is").to.equal("app-prod");
    });
});
