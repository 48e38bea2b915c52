import { expect } from "chai";
import { Emulator, startEmulator } from "../../emulator";
import { emulatorHooks } from "../support/emulator-hooks";
import { DEFAULT_CREDS, HwResponse, P1, P2, SERVERS, control, hwCall, waitFor } from "./huaweicloud-client";

/** ShowServer and ListServersDetails: the ServerDetail shape, paging and filters, and their errors. */
describe("huaweicloud emulator: ShowServer and ListServersDetails", () => {
    let emu: Emulator;

    emulatorHooks(
        () => startEmulator({ timeScale: 0.01 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => control(e.url, "reset", "POST") },
    );

    const list = (query: Record<string, string | number> = {}, project = P1): Promise<HwResponse> =>
        hwCall(emu.url, { path: `/v1/${project}/cloudservers/detail`, query, creds: { ...DEFAULT_CREDS, projectId: project } });
    const names = (r: HwResponse): string[] => r.json.servers.map((s: { name: string }) => s.name);

    describe("ShowServer", () => {
        it("answers {server: ServerDetail} with the fields the provider reads", async () => {
            const r = await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/${SERVERS.web}` });
            expect(r.status).to.equal(200);
            expect(Object.keys(r.json)).to.deep.equal(["server"]);
            const s = r.json.server;
            expect(s).to.deep.include({
                id: SERVERS.web,
                name: "ecs-web-01",
                status: "ACTIVE",
                key_name: "KeyPair-350b",
                locked: false,
                tenant_id: P1,
                "OS-EXT-STS:task_state": null,
                "OS-EXT-STS:vm_state": "active",
                "OS-EXT-STS:power_state": 1,
                "OS-EXT-AZ:availability_zone": "cn-north-4a",
                fault: null,
                image: { id: "d0dcc4c0-ffe1-47f4-b263-dc0c0c93439c" },
            });
            expect(s.metadata).to.deep.include({
                os_type: "Linux",
                image_name: "Ubuntu 22.04 server 64bit",
                "metering.image_id": "d0dcc4c0-ffe1-47f4-b263-dc0c0c93439c",
            });
            expect(s["os-extended-volumes:volumes_attached"]).to.deep.equal([
                { id: "74b1ba83-654d-4907-9ba1-d4b98e705372", delete_on_termination: "true", bootIndex: "0", device: "/dev/vda" },
            ]);
            expect(s.flavor).to.deep.equal({ id: "s6.large.2", name: "s6.large.2", disk: "0", vcpus: "2", ram: "4096" });
            expect(s.addresses[s.metadata.vpc_id][0]).to.deep.include({ addr: "192.168.0.11", version: "4", "OS-EXT-IPS:type": "fixed" });
        });

        it("shows lock, missing system disk, Windows and ERROR as the fixture says", async () => {
            const show = async (id: string) => (await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/${id}` })).json.server;
            expect((await show(SERVERS.locked)).locked).to.equal(true);
            const nodisk = await show(SERVERS.nodisk);
            expect(nodisk["os-extended-volumes:volumes_attached"]).to.deep.equal([]);
            expect(nodisk["OS-EXT-SRV-ATTR:root_device_name"]).to.equal("");
            expect((await show(SERVERS.win)).metadata.os_type).to.equal("Windows");
            const err = await show(SERVERS.error);
            expect(err).to.deep.include({ status: "ERROR", "OS-EXT-STS:vm_state": "error" });
            expect(err.fault).to.have.property("code", 500);
            const app = await show(SERVERS.app);
            expect(app).to.deep.include({ status: "SHUTOFF", key_name: "", "OS-EXT-STS:power_state": 4 });
            expect(app["os-extended-volumes:volumes_attached"]).to.have.length(2);
        });

        it("unknown server, or a server of another project → Ecs.0114 (404)", async () => {
            const unknown = await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/abc` });
            expect(unknown.status).to.equal(404);
            expect(unknown.json).to.deep.equal({ error: { code: "Ecs.0114", message: "Instance[abc] could not be found." } });
            const other = await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/${SERVERS.sgWeb}` });
            expect(other.status).to.equal(404);
            expect(other.json.error.code).to.equal("Ecs.0114");
            const calls = (await control(emu.url, "calls")).json.calls;
            expect(calls.map((c: { action: string; params: unknown }) => [c.action, c.params])).to.deep.equal([
                ["ShowServer", { server_id: "abc" }],
                ["ShowServer", { server_id: SERVERS.sgWeb }],
            ]);
        });
    });

    describe("ListServersDetails", () => {
        it("answers {count, servers} with every server of the project, newest first, 25 per page by default", async () => {
            const r = await list();
            expect(r.status).to.equal(200);
            expect(Object.keys(r.json)).to.deep.equal(["count", "servers"]);
            expect(r.json.count).to.equal(8);
            expect(names(r)).to.deep.equal([
                "ecs-error-01",
                "ecs-stuck-01",
                "ecs-win-01",
                "ecs-failing-01",
                "ecs-nodisk-01",
                "ecs-locked-01",
                "ecs-app-01",
                "ecs-web-01",
            ]);
            expect(r.json.servers[0]).to.have.property("OS-EXT-STS:task_state");
            const p2 = await list({}, P2);
            expect(names(p2)).to.deep.equal(["sg-db-01", "sg-web-01"]);
        });

        it("pages with offset (page number from 1; 0 is the first page) and limit", async () => {
            const all = names(await list());
            expect(names(await list({ limit: 3 }))).to.deep.equal(all.slice(0, 3));
            expect(names(await list({ limit: 3, offset: 0 }))).to.deep.equal(all.slice(0, 3));
            expect(names(await list({ limit: 3, offset: 1 }))).to.deep.equal(all.slice(0, 3));
            expect(names(await list({ limit: 3, offset: 2 }))).to.deep.equal(all.slice(3, 6));
            const last = await list({ limit: 3, offset: 3 });
            expect(names(last)).to.deep.equal(all.slice(6));
            expect(last.json.count).to.equal(8);
            const past = await list({ limit: 3, offset: 4 });
            expect(past.json).to.deep.equal({ count: 8, servers: [] });
            expect(names(await list({ limit: 3, marker: SERVERS.win }))).to.deep.equal(all.slice(3, 6));
            expect(names(await list({ limit: 1000 }))).to.deep.equal(all);
        });

        it("filters by name (fuzzy, `.` matches any character), status, flavor, ip, server_id and tags", async () => {
            expect(names(await list({ name: "web" }))).to.deep.equal(["ecs-web-01"]);
            expect(names(await list({ name: "..ck" }))).to.deep.equal(["ecs-stuck-01", "ecs-locked-01"]);
            expect(names(await list({ name: "ecs-web-01.+" }))).to.deep.equal([]);
            expect(names(await list({ status: "ACTIVE" }))).to.deep.equal(["ecs-web-01"]);
            expect((await list({ status: "SHUTOFF" })).json.count).to.equal(6);
            expect(names(await list({ status: "ERROR" }))).to.deep.equal(["ecs-error-01"]);
            expect((await list({ status: "REBUILD" })).json.count).to.equal(0);
            expect(names(await list({ flavor: "s6.xlarge.2" }))).to.deep.equal(["ecs-win-01"]);
            expect(names(await list({ ip: "192.168.0.1" }))).to.have.length(8);
            expect(names(await list({ ip_eq: "192.168.0.16" }))).to.deep.equal(["ecs-win-01"]);
            expect(names(await list({ server_id: `${SERVERS.app},${SERVERS.web}` }))).to.deep.equal(["ecs-app-01", "ecs-web-01"]);
            expect(names(await list({ tags: "role=web" }))).to.deep.equal(["ecs-web-01"]);
            expect(names(await list({ tags: "env" }))).to.deep.equal(["ecs-app-01", "ecs-web-01"]);
            expect((await list({ "not-tags": "env" })).json.count).to.equal(6);
        });

        it("a server being rebuilt matches status=REBUILD and the status it came from (SHUTOFF)", async () => {
            await hwCall(emu.url, { path: `/v2/${P1}/cloudservers/${SERVERS.app}/reinstallos`, body: { "os-reinstall": { adminpass: "Zq8#vLm2!pR4" } } });
            await waitFor(async () => (await list({ status: "REBUILD" })).json.count === 1);
            expect(names(await list({ status: "REBUILD" }))).to.deep.equal(["ecs-app-01"]);
            expect(names(await list({ status: "SHUTOFF" }))).to.include("ecs-app-01");
        });

        const bad: Array<[string, Record<string, string | number>, RegExp]> = [
            ["limit 0", { limit: 0 }, /limit must be an integer from 1 to 1000/],
            ["limit 1001", { limit: 1001 }, /limit must be an integer from 1 to 1000/],
            ["limit not a number", { limit: "ten" }, /limit must be an integer/],
            ["offset -1", { offset: -1 }, /offset must be an integer from 0/],
            ["unknown status", { status: "RUNNING" }, /status must be one of ACTIVE, BUILD/],
        ];
        for (const [name, query, msg] of bad) {
            it(`${name} → Ecs.0005 (400)`, async () => {
                const r = await list(query);
                expect(r.status).to.equal(400);
                expect(r.json.error.code).to.equal("Ecs.0005");
                expect(r.json.error.message).to.match(msg);
                const calls = (await control(emu.url, "calls")).json.calls;
                expect(calls[0]).to.deep.include({ action: "ListServersDetails", status: 400, code: "Ecs.0005" });
            });
        }
    });
});
