import { expect } from "chai";
import { Emulator, startEmulator } from "../../emulator";
import { emulatorHooks } from "../support/emulator-hooks";
import { HwResponse, P1, SERVERS, control, hwCall, waitFor } from "./huaweicloud-client";
import { hwFleetFixture, hwFleetServerIds } from "./huaweicloud-fleet";

/**
 * BatchRebootServers / BatchStopServers / BatchStartServers: the request rules (each refusal
 * changes nothing), the job with one sub-job per server, the server's transitions (REBOOT or
 * HARD_REBOOT, then ACTIVE; powering-off, SHUTOFF; powering-on, ACTIVE), the guest's boot count,
 * and scripted FAIL / stuck sub-jobs.
 */
describe("huaweicloud emulator: batch power actions", () => {
    let emu: Emulator;
    const [A, B, C] = hwFleetServerIds(3);
    const faults = [
        // A's next action runs 1 s (100 modelled s): its transitional state can be seen on a loaded machine.
        { serverId: A, nextPowerAction: { stuck: { runningMs: 100_000 } } },
        { serverId: C, nextPowerAction: { fail: { errorCode: "Ecs.0100", failReason: "The guest OS did not respond.", afterMs: 1000 } } },
    ];
    emulatorHooks(
        () => startEmulator({ timeScale: 0.01, settleMs: 0 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => control(e.url, "reset", "POST", hwFleetFixture(3, faults)) },
    );

    const action = (body: unknown): Promise<HwResponse> => hwCall(emu.url, { path: `/v1/${P1}/cloudservers/action`, body });
    const job = async (id: string): Promise<Record<string, any>> => (await hwCall(emu.url, { path: `/v1/${P1}/jobs/${id}` })).json;
    const ended = (id: string): Promise<Record<string, any>> =>
        waitFor(async () => {
            const j = await job(id);
            return j.status === "SUCCESS" || j.status === "FAIL" ? j : undefined;
        });
    const world = async (): Promise<{ servers: Array<Record<string, any>>; jobs: unknown[] }> => (await control(emu.url, "state")).json.huaweicloud;
    const server = async (id: string): Promise<Record<string, any>> => (await world()).servers.find((s) => s.id === id)!;
    const calls = async (): Promise<Array<{ action: string; code: string | null }>> => (await control(emu.url, "calls")).json.calls;

    const bad: Array<[string, unknown, number, string]> = [
        ["no action key", { restart: {} }, 400, "Ecs.0005"],
        ["two action keys", { reboot: { type: "SOFT", servers: [{ id: A }] }, "os-stop": { servers: [{ id: A }] } }, 400, "Ecs.0005"],
        ["reboot without type", { reboot: { servers: [{ id: A }] } }, 400, "Ecs.0005"],
        ["reboot type not SOFT/HARD", { reboot: { type: "soft", servers: [{ id: A }] } }, 400, "Ecs.0005"],
        ["empty servers", { reboot: { type: "SOFT", servers: [] } }, 400, "Ecs.0005"],
        ["server without id", { reboot: { type: "SOFT", servers: [{}] } }, 400, "Ecs.0005"],
        ["an unknown key", { reboot: { type: "SOFT", servers: [{ id: A }], force: true } }, 400, "Ecs.0005"],
        ["a server twice", { reboot: { type: "SOFT", servers: [{ id: A }, { id: A }] } }, 400, "Ecs.0005"],
        ["os-start with a type", { "os-start": { type: "HARD", servers: [{ id: SERVERS.app }] } }, 400, "Ecs.0005"],
        ["over 1000 servers", { reboot: { type: "SOFT", servers: Array.from({ length: 1001 }, () => ({ id: A })) } }, 400, "Ecs.0005"],
        ["an unknown server", { reboot: { type: "SOFT", servers: [{ id: A }, { id: "00000000-0000-4000-8000-000000000000" }] } }, 404, "Ecs.0114"],
        ["a locked server", { "os-start": { servers: [{ id: SERVERS.locked }] } }, 400, "Ecs.0605"],
        ["rebooting a SHUTOFF server", { reboot: { type: "SOFT", servers: [{ id: A }, { id: SERVERS.app }] } }, 400, "Ecs.0100"],
        ["stopping a SHUTOFF server", { "os-stop": { servers: [{ id: SERVERS.app }] } }, 400, "Ecs.0100"],
        ["starting an ACTIVE server", { "os-start": { servers: [{ id: A }] } }, 400, "Ecs.0100"],
    ];
    it("refuses each bad request with its documented code, and nothing starts", async () => {
        for (const [what, body, status, code] of bad) {
            const r = await action(body);
            expect([r.status, r.json?.error?.code], what).to.deep.equal([status, code]);
        }
        const w = await world();
        expect(w.jobs, "no job").to.deep.equal([]);
        expect(
            w.servers.filter((s) => s.busyJobId !== null || s.taskState !== null).map((s) => s.id),
            "no server busy",
        ).to.deep.equal([]);
        const ops = (await calls()).map((c) => c.action);
        expect(ops.filter((o) => o === "BatchStopServers")).to.have.length(1);
        expect(ops.filter((o) => o === "BatchStartServers")).to.have.length(3);
    });

    it("a SOFT reboot of two servers: one job, a sub-job each, REBOOT then ACTIVE, one boot each; a second reboot is refused while it runs", async () => {
        const r = await action({ reboot: { type: "SOFT", servers: [{ id: A }, { id: B }] } });
        expect(r.status, JSON.stringify(r.json)).to.equal(200);
        const jobId = r.json.job_id as string;
        expect(jobId).to.match(/^ff808082[0-9a-f]{24}$/);
        const again = await action({ reboot: { type: "HARD", servers: [{ id: B }] } });
        expect(again.json.error.code, "busy").to.equal("Ecs.0100");
        const rebooting = await waitFor(async () => {
            const s = await server(A);
            return s.status === "REBOOT" ? s : undefined;
        });
        expect(rebooting.taskState).to.equal("rebooting");
        const shown = (await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/${A}` })).json.server;
        expect([shown.status, shown["OS-EXT-STS:task_state"], shown["OS-EXT-STS:power_state"]]).to.deep.equal(["REBOOT", "rebooting", 1]);
        const done = await ended(jobId);
        expect(done.status).to.equal("SUCCESS");
        expect(done.job_type).to.equal("batchRebootServer");
        expect(done.entities.sub_jobs_total).to.equal(2);
        expect(done.entities.sub_jobs.map((s: any) => [s.entities.server_id, s.status, s.job_type])).to.deep.equal([
            [A, "SUCCESS", "rebootServer"],
            [B, "SUCCESS", "rebootServer"],
        ]);
        for (const id of [A, B]) {
            const s = await server(id);
            expect([s.status, s.taskState, s.busyJobId, s.power.boots, s.power.lastBootJobId, s.power.lastRebootType]).to.deep.equal([
                "ACTIVE",
                null,
                null,
                1,
                jobId,
                "SOFT",
            ]);
        }
        expect((await server(C)).power, "untouched").to.equal(null);
    });

    it("a HARD reboot shows HARD_REBOOT/rebooting_hard; stop (SOFT default) reaches SHUTOFF without a boot; start boots again", async () => {
        const hard = await action({ reboot: { type: "HARD", servers: [{ id: A }] } });
        const rebooting = await waitFor(async () => {
            const s = await server(A);
            return s.status === "HARD_REBOOT" ? s : undefined;
        });
        expect(rebooting.taskState).to.equal("rebooting_hard");
        await ended(hard.json.job_id);
        expect((await server(A)).power.lastRebootType).to.equal("HARD");

        const stop = await action({ "os-stop": { servers: [{ id: A }] } });
        expect(stop.status).to.equal(200);
        expect((await ended(stop.json.job_id)).job_type).to.equal("batchStopServer");
        const stopped = await server(A);
        expect([stopped.status, stopped.vmState, stopped.power.boots]).to.deep.equal(["SHUTOFF", "stopped", 1]);

        const start = await action({ "os-start": { servers: [{ id: A }] } });
        expect((await ended(start.json.job_id)).status).to.equal("SUCCESS");
        const started = await server(A);
        expect([started.status, started.power.boots, started.power.lastRebootType]).to.deep.equal(["ACTIVE", 2, null]);
    });

    it("a hostname set by UpdateServer reaches the guest at the next boot, not before", async () => {
        const put = await hwCall(emu.url, { method: "PUT", path: `/v1/${P1}/cloudservers/${A}`, body: { server: { hostname: "web-a" } } });
        expect(put.status, JSON.stringify(put.json)).to.equal(200);
        const stop = await action({ "os-stop": { type: "HARD", servers: [{ id: A }] } });
        // (A's first action is slowed by its scripted fault: the stop is seen under way.)
        const stopping = await waitFor(async () => {
            const s = await server(A);
            return s.taskState === "powering-off" ? s : undefined;
        });
        expect(stopping.status).to.equal("ACTIVE");
        await ended(stop.json.job_id);
        expect((await server(A)).power, "a stop is no boot").to.equal(null);
        const start = await action({ "os-start": { servers: [{ id: A }] } });
        await ended(start.json.job_id);
        expect((await server(A)).power.bootedHostname).to.equal("web-a");
        await hwCall(emu.url, { method: "PUT", path: `/v1/${P1}/cloudservers/${A}`, body: { server: { hostname: "web-a2" } } });
        expect((await server(A)).power.bootedHostname, "pending until a boot").to.equal("web-a");
        await ended((await action({ reboot: { type: "SOFT", servers: [{ id: A }] } })).json.job_id);
        expect((await server(A)).power).to.include({ bootedHostname: "web-a2", boots: 2 });
    });

    it("a scripted failure FAILs that server's sub-job and the job, the others succeed; the server is left as it was", async () => {
        const r = await action({ reboot: { type: "SOFT", servers: [{ id: B }, { id: C }] } });
        const done = await ended(r.json.job_id);
        expect([done.status, done.error_code]).to.deep.equal(["FAIL", "Ecs.0100"]);
        expect(done.fail_reason).to.contain("1 of 2 sub-jobs failed").and.contain("The guest OS did not respond.");
        const subs = new Map(done.entities.sub_jobs.map((s: any) => [s.entities.server_id, s]));
        expect((subs.get(B) as any).status).to.equal("SUCCESS");
        expect((subs.get(C) as any).status).to.equal("FAIL");
        expect((subs.get(C) as any).entities.errorcode_message).to.equal("The guest OS did not respond.");
        const c = await server(C);
        expect([c.status, c.busyJobId, c.power]).to.deep.equal(["ACTIVE", null, null]);
        // The fault is consumed: the next reboot of C succeeds.
        expect((await ended((await action({ reboot: { type: "SOFT", servers: [{ id: C }] } })).json.job_id)).status).to.equal("SUCCESS");
    });
});

describe("huaweicloud emulator: a power job running at a restart from the state file", function () {
    this.timeout(60_000);
    it("ends after the restart, once: the server boots once and the job is SUCCESS", async () => {
        const fs = await import("fs");
        const os = await import("os");
        const path = await import("path");
        const { EcsClient } = await import("../../provider/huaweicloud/api/client");
        const { resolveCredentials } = await import("../../provider/huaweicloud/credentials/credentials");
        const { batchRebootServers } = await import("../../provider/huaweicloud/api/power-api");
        const { showJob } = await import("../../provider/huaweicloud/api/ecs-api");
        const { startEmulatedHuaweicloud, SERVERS: S } = await import("../provider/huaweicloud-emulated");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-power-state-"));
        const stateFile = path.join(dir, "world.json");
        try {
            // A soft reboot lasts 10 s modelled (2 s here): the emulator is stopped while it runs.
            const first = await startEmulatedHuaweicloud({ timeScale: 0.2, stateFile });
            let jobId: string;
            try {
                jobId = await batchRebootServers(new EcsClient(resolveCredentials()), [S.active], "SOFT", { deadline: Date.now() + 10_000 });
            } finally {
                await first.stop();
            }
            const second = await startEmulatedHuaweicloud({ timeScale: 0.2, stateFile });
            try {
                const client = new EcsClient(resolveCredentials());
                const job = await waitFor(
                    async () => {
                        const j = await showJob(client, jobId, { deadline: Date.now() + 10_000 });
                        return j.status === "SUCCESS" ? j : undefined;
                    },
                    30_000,
                    100,
                );
                expect(job.entities?.sub_jobs?.map((s) => s.status)).to.deep.equal(["SUCCESS"]);
                const server = (
                    (await second.state()).servers as Array<{ id: string; status: string; power: { boots: number; lastBootJobId: string } | null }>
                ).find((s) => s.id === S.active)!;
                expect([server.status, server.power?.boots, server.power?.lastBootJobId]).to.deep.equal(["ACTIVE", 1, jobId]);
            } finally {
                await second.stop();
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
