import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultFixture, Emulator, startEmulator } from "../../emulator";
import { emulatorHooks } from "../support/emulator-hooks";
import { HwResponse, P1, P2, SERVERS, USER_ID, control, hwCall, waitFor } from "./huaweicloud-client";

/**
 * The records Nova keeps of what happened to a server (NovaListServerActions /
 * NovaShowServerAction, `os-instance-actions`): one action per modelled call, with its request id,
 * newest first; paging only from microversion 2.58; Nova's 404s; and the new system disk a
 * reinstall leaves.
 */
describe("huaweicloud emulator: instance actions (os-instance-actions)", function () {
    this.timeout(60_000);
    let emu: Emulator;
    emulatorHooks(
        () => startEmulator({ timeScale: 0.01, settleMs: 0 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => control(e.url, "reset", "POST", defaultFixture()) },
    );

    const base = (server: string, v = "v2.1"): string => `/${v}/${P1}/servers/${server}/os-instance-actions`;
    const list = (
        server: string,
        o: { version?: string; query?: Record<string, string | number>; v?: string; headers?: Record<string, string> } = {},
    ): Promise<HwResponse> =>
        hwCall(emu.url, {
            path: base(server, o.v),
            query: o.query,
            headers: { ...(o.version ? { "X-OpenStack-Nova-API-Version": o.version } : {}), ...o.headers },
        });
    const show = (server: string, requestId: string, version?: string): Promise<HwResponse> =>
        hwCall(emu.url, { path: `${base(server)}/${requestId}`, headers: version ? { "X-OpenStack-Nova-API-Version": version } : {} });
    const post = (path: string, body: unknown): Promise<HwResponse> => hwCall(emu.url, { path, body });
    const job = async (id: string): Promise<Record<string, any>> => (await hwCall(emu.url, { path: `/v1/${P1}/jobs/${id}` })).json;
    const ended = (id: string): Promise<Record<string, any>> =>
        waitFor(async () => {
            const j = await job(id);
            return j.status === "SUCCESS" || j.status === "FAIL" ? j : undefined;
        }, 20_000);
    /** `req-` + the X-Request-Id as a UUID. */
    const novaId = (r: HwResponse): string => {
        const h = String(r.headers["x-request-id"]);
        return `req-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    };
    const NOVA_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

    it("records each power action and each reinstall, newest first, with the request id of the call", async () => {
        const before = await list(SERVERS.web);
        expect(before.status).to.equal(200);
        expect(
            before.json.instanceActions.map((a: { action: string }) => a.action),
            "a fixture server was created",
        ).to.deep.equal(["create"]);

        const stop = await post(`/v1/${P1}/cloudservers/action`, { "os-stop": { type: "HARD", servers: [{ id: SERVERS.web }] } });
        await ended(stop.json.job_id);
        const start = await post(`/v1/${P1}/cloudservers/action`, { "os-start": { servers: [{ id: SERVERS.web }] } });
        await ended(start.json.job_id);
        const reboot = await post(`/v1/${P1}/cloudservers/action`, { reboot: { type: "SOFT", servers: [{ id: SERVERS.web }] } });
        await ended(reboot.json.job_id);
        const v1 = await post(`/v1/${P1}/cloudservers/${SERVERS.web}/reinstallos`, { "os-reinstall": { keyname: "KeyPair-350b", mode: "withStopServer" } });
        expect(v1.status, JSON.stringify(v1.json)).to.equal(200);
        await ended(v1.json.job_id);
        const v2 = await post(`/v2/${P1}/cloudservers/${SERVERS.web}/reinstallos`, {
            "os-reinstall": { adminpass: "Actions-2026-xY", userid: USER_ID, mode: "withStopServer" },
        });
        expect(v2.status, JSON.stringify(v2.json)).to.equal(200);
        await ended(v2.json.job_id);

        const r = await list(SERVERS.web);
        const actions: Array<Record<string, unknown>> = r.json.instanceActions;
        expect(actions.map((a) => a.action)).to.deep.equal(["rebuild", "rebuild", "reboot", "start", "stop", "create"]);
        expect(actions.map((a) => a.request_id).slice(0, 5)).to.deep.equal([v2, v1, reboot, start, stop].map(novaId));
        for (const a of actions) {
            expect(Object.keys(a).sort(), "2.1 fields").to.deep.equal([
                "action",
                "instance_uuid",
                "message",
                "project_id",
                "request_id",
                "start_time",
                "user_id",
            ]);
            expect(a).to.include({ instance_uuid: SERVERS.web, project_id: P1, message: null });
            expect(a.start_time).to.match(NOVA_TIME);
        }
        expect(actions[0].user_id, "the caller's user").to.equal(USER_ID);
        const starts = actions.map((a) => String(a.start_time));
        expect([...starts].sort().reverse(), "newest first").to.deep.equal(starts);

        const one = await show(SERVERS.web, novaId(reboot));
        expect(one.status).to.equal(200);
        expect(one.json.instanceAction).to.include({ action: "reboot", request_id: novaId(reboot), instance_uuid: SERVERS.web });
        expect(one.json.instanceAction.events).to.have.length(1);
        expect(one.json.instanceAction.events[0]).to.include({ event: "compute_reboot_instance", result: "Success", traceback: null });
        expect(one.json.instanceAction.events[0].finish_time).to.match(NOVA_TIME);
        expect(one.json.instanceAction).to.not.have.property("updated_at");
        const rebuild = await show(SERVERS.web, novaId(v1));
        expect(rebuild.json.instanceAction.events[0]).to.include({ event: "compute_rebuild_instance", result: "Success" });
    });

    it("records a batch action on every server with the one request id, and a failure as an Error", async () => {
        const fx = defaultFixture();
        (fx.huaweicloud as { scriptedFaults: unknown[] }).scriptedFaults.push({
            serverId: SERVERS.app,
            nextPowerAction: { fail: { errorCode: "Ecs.0100", failReason: "The guest OS did not respond.", afterMs: 1000 } },
        });
        await control(emu.url, "reset", "POST", fx);
        const start = await post(`/v1/${P1}/cloudservers/action`, { "os-start": { servers: [{ id: SERVERS.app }, { id: SERVERS.win }] } });
        expect((await ended(start.json.job_id)).status).to.equal("FAIL");
        for (const [server, result] of [
            [SERVERS.win, "Success"],
            [SERVERS.app, "Error"],
        ] as const) {
            const a = (await show(server, novaId(start))).json.instanceAction;
            expect(a.action, server).to.equal("start");
            expect(a.events[0].result, server).to.equal(result);
            expect(a.message, server).to.equal(result === "Error" ? "Error" : null);
            if (result === "Error") expect(a.events[0].traceback).to.include("The guest OS did not respond.");
        }
        const failing = await post(`/v1/${P1}/cloudservers/${SERVERS.failing}/reinstallos`, { "os-reinstall": { adminpass: "Actions-2026-xY" } });
        await ended(failing.json.job_id);
        const rebuild = (await show(SERVERS.failing, novaId(failing))).json.instanceAction;
        expect([rebuild.action, rebuild.message, rebuild.events[0].result]).to.deep.equal(["rebuild", "Error", "Error"]);
    });

    it("records the action when the job starts on the server, its event running until the server's part ends", async () => {
        await control(emu.url, "clock", "POST", { hold: true });
        const reboot = await post(`/v1/${P1}/cloudservers/action`, { reboot: { type: "SOFT", servers: [{ id: SERVERS.web }] } });
        expect(
            (await list(SERVERS.web)).json.instanceActions.map((a: { action: string }) => a.action),
            "job INIT: nothing sent to Nova yet",
        ).to.deep.equal(["create"]);
        await control(emu.url, "clock", "POST", { hold: false });
        const running = await waitFor(async () => {
            const r = await show(SERVERS.web, novaId(reboot));
            return r.status === 200 ? r.json.instanceAction : undefined;
        });
        await ended(reboot.json.job_id);
        const done = (await show(SERVERS.web, novaId(reboot))).json.instanceAction;
        expect(done.events[0].result).to.equal("Success");
        expect(done.start_time, "start_time is when it started").to.equal(running.start_time);
    });

    it("pages from microversion 2.58 only, as Nova: limit, marker, changes-since, updated_at and a next link", async () => {
        for (let i = 0; i < 3; i++) {
            const r = await post(`/v1/${P1}/cloudservers/action`, { reboot: { type: "HARD", servers: [{ id: SERVERS.web }] } });
            await ended(r.json.job_id);
        }
        // Before 2.58 paging parameters are ignored (Nova's schema takes any query then).
        const legacy = await list(SERVERS.web, { query: { limit: 1 } });
        expect(legacy.json.instanceActions).to.have.length(4);
        expect(legacy.json).to.not.have.property("links");
        expect(legacy.headers["openstack-api-version"]).to.equal("compute 2.1");
        const v2 = await list(SERVERS.web, { v: "v2", version: "2.58", query: { limit: 1 } });
        expect(v2.json.instanceActions, "legacy /v2 ignores the microversion").to.have.length(4);
        expect(v2.headers).to.not.have.property("openstack-api-version");

        const page1 = await list(SERVERS.web, { version: "2.58", query: { limit: 2 } });
        expect(page1.status).to.equal(200);
        expect(page1.headers["x-openstack-nova-api-version"]).to.equal("2.58");
        const a1: Array<Record<string, string>> = page1.json.instanceActions;
        expect(a1.map((a) => a.action)).to.deep.equal(["reboot", "reboot"]);
        expect(a1[0].updated_at).to.match(NOVA_TIME);
        expect(page1.json.links).to.have.length(1);
        expect(page1.json.links[0].rel).to.equal("next");
        const next = new URL(page1.json.links[0].href);
        expect(next.pathname).to.equal(base(SERVERS.web));
        expect(Object.fromEntries(next.searchParams)).to.deep.equal({ limit: "2", marker: a1[1].request_id });
        const page2 = await list(SERVERS.web, { headers: { "OpenStack-API-Version": "compute 2.60" }, query: { limit: 2, marker: a1[1].request_id } });
        expect(page2.json.instanceActions.map((a: { action: string }) => a.action)).to.deep.equal(["reboot", "create"]);
        const page3 = await list(SERVERS.web, { version: "latest", query: { limit: 2, marker: page2.json.instanceActions[1].request_id } });
        expect(page3.json.instanceActions).to.deep.equal([]);
        expect(page3.json).to.not.have.property("links");

        const since = page1.json.instanceActions[1].updated_at;
        for (const value of [`${since}Z`, since]) {
            const recent = await list(SERVERS.web, { version: "2.58", query: { "changes-since": value } });
            expect(
                recent.json.instanceActions.map((a: { request_id: string }) => a.request_id),
                value,
            ).to.deep.equal(a1.map((a) => a.request_id));
        }
        const shown = await show(SERVERS.web, a1[0].request_id, "2.58");
        expect(shown.json.instanceAction.updated_at).to.match(NOVA_TIME);
    });

    it("refuses bad microversions and bad paging parameters in Nova's error shape", async () => {
        const cases: Array<[string, Parameters<typeof list>[1], number, string, string]> = [
            ["malformed version", { version: "2.x" }, 400, "badRequest", "is of invalid format"],
            ["version above Huawei's 2.60", { version: "2.66" }, 406, "computeFault", "maximum is 2.60"],
            ["limit not a number", { version: "2.58", query: { limit: "ten" } }, 400, "badRequest", "limit"],
            ["changes-since not a time", { version: "2.58", query: { "changes-since": "yesterday" } }, 400, "badRequest", "changes-since"],
            ["changes-before (2.66) at 2.60", { version: "2.60", query: { "changes-before": "2030-01-01T00:00:00Z" } }, 400, "badRequest", "changes-before"],
            ["unknown marker", { version: "2.58", query: { marker: "req-00000000-0000-0000-0000-000000000000" } }, 400, "badRequest", "could not be found"],
        ];
        for (const [what, o, status, code, text] of cases) {
            const r = await list(SERVERS.web, o);
            expect(r.status, what).to.equal(status);
            expect(r.json[code], what).to.be.an("object");
            expect(r.json[code].code, what).to.equal(status);
            expect(r.json[code].message, what).to.include(text);
        }
    });

    it("answers 404 itemNotFound for an unknown server, another project's server and an unknown request id", async () => {
        const unknown = "00000000-0000-4000-8000-000000000000";
        for (const [what, r, text] of [
            ["unknown server", await list(unknown), `Instance ${unknown} could not be found.`],
            ["another project's server", await list(SERVERS.sgWeb), `Instance ${SERVERS.sgWeb} could not be found.`],
            ["unknown server (show)", await show(unknown, "req-1"), `Instance ${unknown} could not be found.`],
            [
                "unknown request id",
                await show(SERVERS.web, "req-00000000-0000-0000-0000-000000000000"),
                "Action req-00000000-0000-0000-0000-000000000000 not found",
            ],
        ] as const) {
            expect(r.status, what).to.equal(404);
            expect(r.json, what).to.deep.equal({ itemNotFound: { message: text, code: 404 } });
        }
        const other = await hwCall(emu.url, {
            path: `/v2.1/${P2}/servers/${SERVERS.sgWeb}/os-instance-actions`,
            creds: { ak: "EMULATORAK00000000000", sk: "emulator-secret-key", projectId: P2 },
        });
        expect(other.status, "its own project sees it").to.equal(200);
        const unsigned = await hwCall(emu.url, { path: base(SERVERS.web), unsigned: true });
        expect([unsigned.status, unsigned.json.error_code], "signed like every route").to.deep.equal([401, "APIGW.0301"]);
        const log = (await control(emu.url, "calls")).json.calls as Array<{ action: string }>;
        expect([...new Set(log.map((c) => c.action))]).to.include.members(["NovaListServerActions", "NovaShowServerAction"]);
    });

    it("gives the server a new system disk when a reinstall succeeds, and only then", async () => {
        const disk = async (): Promise<{ shown: string; state: string }> => {
            const s = (await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/${SERVERS.app}` })).json.server;
            const root = s["os-extended-volumes:volumes_attached"].find((v: { bootIndex: string }) => v.bootIndex === "0");
            const st = (await control(emu.url, "state")).json.huaweicloud.servers.find((x: { id: string }) => x.id === SERVERS.app);
            return { shown: root.id, state: st.systemDiskId };
        };
        const before = await disk();
        expect(before.shown).to.equal(before.state);
        const data = (await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/${SERVERS.app}` })).json.server["os-extended-volumes:volumes_attached"].filter(
            (v: { bootIndex: string }) => v.bootIndex !== "0",
        );
        const r = await post(`/v2/${P1}/cloudservers/${SERVERS.app}/reinstallos`, { "os-reinstall": { adminpass: "Actions-2026-xY", userid: USER_ID } });
        await ended(r.json.job_id);
        const after = await disk();
        expect(after.shown, "a new root volume").to.not.equal(before.shown);
        expect(after.shown).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(after.state).to.equal(after.shown);
        const dataAfter = (await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/${SERVERS.app}` })).json.server["os-extended-volumes:volumes_attached"].filter(
            (v: { bootIndex: string }) => v.bootIndex !== "0",
        );
        expect(dataAfter, "data disks stay").to.deep.equal(data);

        const failing = await post(`/v1/${P1}/cloudservers/${SERVERS.failing}/reinstallos`, { "os-reinstall": { adminpass: "Actions-2026-xY" } });
        const rootOf = async (): Promise<string> =>
            (await control(emu.url, "state")).json.huaweicloud.servers.find((x: { id: string }) => x.id === SERVERS.failing).systemDiskId;
        const failingBefore = await rootOf();
        expect((await ended(failing.json.job_id)).status).to.equal("FAIL");
        expect(await rootOf(), "a failed reinstall keeps the disk").to.equal(failingBefore);
    });

    it("keeps the actions across a restart with a state file, and finishes the rebuild of a reinstall running then", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-actions-"));
        const stateFile = path.join(dir, "world.json");
        try {
            const first = await startEmulator({ timeScale: 0.01, settleMs: 0, stateFile });
            let reboot: HwResponse;
            let reinstall: HwResponse;
            let diskBefore: string;
            try {
                reboot = await hwCall(first.url, { path: `/v1/${P1}/cloudservers/action`, body: { reboot: { type: "HARD", servers: [{ id: SERVERS.web }] } } });
                await waitFor(async () => (await hwCall(first.url, { path: `/v1/${P1}/jobs/${reboot.json.job_id}` })).json.status === "SUCCESS", 20_000);
                diskBefore = (await control(first.url, "state")).json.huaweicloud.servers.find((x: { id: string }) => x.id === SERVERS.app).systemDiskId;
                reinstall = await hwCall(first.url, {
                    path: `/v2/${P1}/cloudservers/${SERVERS.app}/reinstallos`,
                    body: { "os-reinstall": { adminpass: "Actions-2026-xY", userid: USER_ID } },
                });
                // Wait for the job to start on the server (its action recorded), then stop mid-rebuild.
                await waitFor(
                    async () =>
                        (await hwCall(first.url, { path: `/v2.1/${P1}/servers/${SERVERS.app}/os-instance-actions/${novaId(reinstall)}` })).status === 200,
                );
            } finally {
                await first.stop();
            }
            const second = await startEmulator({ timeScale: 0.01, settleMs: 0, stateFile });
            try {
                const web = (await hwCall(second.url, { path: `/v2.1/${P1}/servers/${SERVERS.web}/os-instance-actions` })).json.instanceActions;
                expect(web.map((a: { action: string; request_id: string }) => [a.action, a.request_id])[0]).to.deep.equal(["reboot", novaId(reboot)]);
                await waitFor(async () => (await hwCall(second.url, { path: `/v1/${P1}/jobs/${reinstall.json.job_id}` })).json.status === "SUCCESS", 20_000);
                const rebuild = (await hwCall(second.url, { path: `/v2.1/${P1}/servers/${SERVERS.app}/os-instance-actions/${novaId(reinstall)}` })).json
                    .instanceAction;
                expect([rebuild.action, rebuild.events.length, rebuild.events[0].result]).to.deep.equal(["rebuild", 1, "Success"]);
                const diskAfter = (await control(second.url, "state")).json.huaweicloud.servers.find((x: { id: string }) => x.id === SERVERS.app).systemDiskId;
                expect(diskAfter).to.not.equal(diskBefore);
            } finally {
                await second.stop();
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
