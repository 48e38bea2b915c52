import { expect } from "chai";
import { Emulator, startEmulator } from "../../emulator";
import { emulatorHooks } from "../support/emulator-hooks";
import { HwResponse, P1, SERVERS, control, hwCall, waitFor } from "./huaweicloud-client";

/** UpdateServer, server metadata, the Nova security group actions and batched ListServersDetails: rules, errors, settling. */
describe("huaweicloud emulator: server attributes", () => {
    let emu: Emulator;
    emulatorHooks(
        () => startEmulator({ timeScale: 0.01 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => control(e.url, "reset", "POST") },
    );

    const server = (id: string = SERVERS.web): string => `/v1/${P1}/cloudservers/${id}`;
    const nova = (id: string = SERVERS.web): string => `/v2.1/${P1}/servers/${id}/action`;
    const show = async (id: string = SERVERS.web): Promise<Record<string, any>> => (await hwCall(emu.url, { path: server(id) })).json.server;
    const ecsError = (r: HwResponse, status: number, code: string): void => {
        expect(r.status, JSON.stringify(r.json)).to.equal(status);
        expect(r.json.error.code).to.equal(code);
    };

    it("UpdateServer changes name and description at once (reads after the settling delay) and keeps the hostname pending until a boot", async () => {
        const before = await show();
        const r = await hwCall(emu.url, {
            method: "PUT",
            path: server(),
            body: { server: { name: "web-renamed", description: "front end", hostname: "web-a" } },
        });
        expect(r.status).to.equal(200);
        expect(r.json.server).to.include({ id: SERVERS.web, name: "web-renamed", description: "front end", "OS-EXT-SRV-ATTR:hostname": "web-a" });
        const after = await waitFor(async () => {
            const s = await show();
            return s.name === "web-renamed" && s;
        });
        expect(after).to.include({ description: "front end", "OS-EXT-SRV-ATTR:hostname": "web-a" });
        // Not a boot: the launch time stays, and the guest keeps its hostname until the next one.
        expect(after["OS-SRV-USG:launched_at"]).to.equal(before["OS-SRV-USG:launched_at"]);
    });

    const badUpdates: Array<[string, unknown, RegExp]> = [
        ["no server object", { name: "x" }, /server is required/],
        ["a name of 129 characters", { server: { name: "n".repeat(129) } }, /name must be 1 to 128/],
        ["a name with a space", { server: { name: "a b" } }, /name must be/],
        ["a description with <", { server: { description: "<x>" } }, /angle brackets/],
        ["a description of 86 characters", { server: { description: "d".repeat(86) } }, /0 to 85/],
        ["a hostname with -.", { server: { hostname: "a-.b" } }, /cannot contain/],
        ["a hostname ending with .", { server: { hostname: "ab." } }, /start or end/],
        ["an unknown field", { server: { flavor: "x" } }, /not a parameter/],
    ];
    for (const [title, body, message] of badUpdates) {
        it(`UpdateServer refuses ${title} with Ecs.0005`, async () => {
            const r = await hwCall(emu.url, { method: "PUT", path: server(), body });
            ecsError(r, 400, "Ecs.0005");
            expect(r.json.error.message).to.match(message);
        });
    }

    it("refuses changes to a missing (Ecs.0114) or locked (Ecs.0605) server, and answers unsigned calls 401", async () => {
        ecsError(
            await hwCall(emu.url, { method: "PUT", path: server("00000000-0000-4000-8000-000000000000"), body: { server: { name: "x" } } }),
            404,
            "Ecs.0114",
        );
        ecsError(await hwCall(emu.url, { method: "PUT", path: server(SERVERS.locked), body: { server: { name: "x" } } }), 400, "Ecs.0605");
        ecsError(await hwCall(emu.url, { path: `${server(SERVERS.locked)}/metadata`, body: { metadata: { a: "b" } } }), 400, "Ecs.0605");
        const unsigned = await hwCall(emu.url, { method: "PUT", path: server(), body: { server: { name: "x" } }, unsigned: true });
        expect(unsigned.status).to.equal(401);
        expect(unsigned.json.error_code).to.equal("APIGW.0301");
    });

    it("UpdateServerMetadata sets only the keys sent; DeleteServerMetadata removes one (204), 404 when absent; ECS's own keys are refused", async () => {
        const set = await hwCall(emu.url, { path: `${server()}/metadata`, body: { metadata: { owner: "ops", "a:b.c": "1" } } });
        expect(set.status).to.equal(200);
        expect(set.json).to.deep.equal({ metadata: { owner: "ops", "a:b.c": "1" } });
        const md = await waitFor(async () => {
            const s = await show();
            return s.metadata.owner === "ops" && s.metadata;
        });
        expect(md).to.include({ os_type: "Linux", "a:b.c": "1" });
        const del = await hwCall(emu.url, { method: "DELETE", path: `${server()}/metadata/owner` });
        expect(del.status).to.equal(204);
        ecsError(await hwCall(emu.url, { method: "DELETE", path: `${server()}/metadata/owner` }), 404, "Ecs.0005");
        ecsError(await hwCall(emu.url, { path: `${server()}/metadata`, body: { metadata: { os_type: "Windows" } } }), 400, "Ecs.0005");
        ecsError(await hwCall(emu.url, { path: `${server()}/metadata`, body: { metadata: { "bad key": "x" } } }), 400, "Ecs.0005");
        ecsError(await hwCall(emu.url, { path: `${server()}/metadata`, body: { metadata: { k: "v".repeat(256) } } }), 400, "Ecs.0005");
        ecsError(await hwCall(emu.url, { method: "DELETE", path: `${server()}/metadata/os_type` }), 400, "Ecs.0005");
    });

    it("adds and removes security groups one per call (by id or name, 202), in Nova's error shape; never the last group", async () => {
        expect((await hwCall(emu.url, { path: nova(), body: { addSecurityGroup: { name: "web" } } })).status).to.equal(202);
        expect((await hwCall(emu.url, { path: nova(), body: { addSecurityGroup: { name: "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d" } } })).status).to.equal(202);
        const again = await hwCall(emu.url, { path: nova(), body: { addSecurityGroup: { name: "web" } } });
        expect(again.status).to.equal(400);
        expect(again.json.badRequest).to.include({ code: 400 });
        expect(again.json.badRequest.message).to.match(/already a member/);
        const unknown = await hwCall(emu.url, { path: nova(), body: { addSecurityGroup: { name: "nope" } } });
        expect(unknown.status).to.equal(404);
        expect(unknown.json.itemNotFound.message).to.match(/not found/);
        expect((await hwCall(emu.url, { path: nova(), body: { addSecurityGroup: {} } })).json.badRequest.message).to.match(/name is required/);
        const groups = await waitFor(async () => {
            const s = await show();
            return s.security_groups.length === 3 && s.security_groups.map((g: { name: string }) => g.name);
        });
        expect(groups).to.deep.equal(["default", "web", "ssh"]);
        for (const name of ["web", "ssh"]) expect((await hwCall(emu.url, { path: nova(), body: { removeSecurityGroup: { name } } })).status).to.equal(202);
        const last = await hwCall(emu.url, { path: nova(), body: { removeSecurityGroup: { name: "default" } } });
        expect(last.status).to.equal(400);
        expect(last.json.badRequest.message).to.match(/last one/);
        const notIn = await hwCall(emu.url, { path: nova(), body: { removeSecurityGroup: { name: "db" } } });
        expect(notIn.json.badRequest.message).to.match(/not associated/);
        const calls = (await control(emu.url, "calls")).json.calls
            .filter((c: { cloud: string }) => c.cloud === "huaweicloud")
            .map((c: { action: string }) => c.action);
        expect(calls).to.include.members(["NovaAssociateSecurityGroup", "NovaDisassociateSecurityGroup"]);
    });

    it("ListServersDetails with server_id ignores the other filters and answers an unknown id with only id and fault", async () => {
        const missing = "00000000-0000-4000-8000-000000000000";
        const r = await hwCall(emu.url, {
            path: `/v1/${P1}/cloudservers/detail`,
            query: { server_id: `${SERVERS.web},${missing},${SERVERS.app}`, name: "no-such-name", limit: 3 },
        });
        expect(r.status).to.equal(200);
        expect(r.json.count).to.equal(3);
        const byId = Object.fromEntries(r.json.servers.map((s: { id: string }) => [s.id, s]));
        expect(byId[SERVERS.web].name).to.equal("ecs-web-01");
        expect(byId[SERVERS.app].name).to.equal("ecs-app-01");
        expect(byId[missing].fault.code).to.equal(404);
        expect(byId[missing].status).to.equal(null);
        expect(byId[missing].name).to.equal(null);
    });
});
