import { expect } from "chai";
import { createHash } from "crypto";
import { Emulator, defaultFixture, startEmulator } from "../../emulator";
import { JOB_INIT_MS, REBUILD_MS, STOPPED_PAUSE_MS, STOP_MS } from "../../emulator/huaweicloud/models-jobs";
import { emulatorHooks } from "../support/emulator-hooks";
import { DEFAULT_CREDS, HwResponse, P1, P2, SERVERS, USER_ID, control, hwCall, waitFor } from "./huaweicloud-client";

/**
 * The asynchronous reinstall job and the server around it: timings in scaled time, the ShowJob
 * shape at each step, scripted FAIL and stuck jobs, the guest record that proves a reinstall
 * happened exactly once, retention of ended jobs, and reset.
 */
describe("huaweicloud emulator: reinstall jobs", () => {
    const SCALE = 0.01;
    let emu: Emulator;
    const PASS = "Zq8#vLm2!pR4";
    const sha256 = (b: string | Buffer): string => createHash("sha256").update(b).digest("hex");

    emulatorHooks(
        () => startEmulator({ timeScale: SCALE, settleMs: 0 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => control(e.url, "reset", "POST", defaultFixture()) },
    );

    const reinstall = (api: "v1" | "v2", server: string, o: Record<string, unknown>, project = P1, url = emu.url): Promise<HwResponse> =>
        hwCall(url, {
            path: `/${api}/${project}/cloudservers/${server}/reinstallos`,
            body: { "os-reinstall": o },
            creds: { ...DEFAULT_CREDS, projectId: project },
        });
    const showJob = (id: string, project = P1, url = emu.url): Promise<HwResponse> => hwCall(url, { path: `/v1/${project}/jobs/${id}` });
    const showServer = (id: string, url = emu.url): Promise<HwResponse> => hwCall(url, { path: `/v1/${P1}/cloudservers/${id}` });
    const guestOf = async (id: string, url = emu.url): Promise<Record<string, unknown>> =>
        (await control(url, "state")).json.huaweicloud.servers.find((s: { id: string }) => s.id === id).guest;

    /**
     * Follows a job through the emulator's state dump (one request per poll, so short phases are not
     * missed) until it ends and the server has settled. `before` is the server's status/task before
     * the POST. Returns the deduplicated job and server sequences (with the time each job status was
     * first seen), the ShowJob answer seen while RUNNING, and the final ShowJob and ShowServer answers.
     */
    async function follow(url: string, jobId: string, serverId: string, before: string, postedAt: number, timeoutMs = 10_000) {
        const jobSeq: Array<{ status: string; at: number }> = [];
        const serverSeq: string[] = [before];
        let running: HwResponse | undefined;
        for (;;) {
            const world = (await control(url, "state")).json.huaweicloud;
            const now = Date.now() - postedAt;
            const job = world.jobs.find((j: { jobId: string }) => j.jobId === jobId);
            const server = world.servers.find((v: { id: string }) => v.id === serverId);
            if (jobSeq.length === 0 || jobSeq[jobSeq.length - 1].status !== job.status) jobSeq.push({ status: job.status, at: now });
            const s = `${server.status}/${server.taskState}`;
            if (serverSeq[serverSeq.length - 1] !== s) serverSeq.push(s);
            if (job.status === "RUNNING" && !running) running = await showJob(jobId, P1, url);
            if ((job.status === "SUCCESS" || job.status === "FAIL") && server.taskState === null) {
                return { jobSeq, serverSeq, running, job: await showJob(jobId, P1, url), server: await showServer(serverId, url) };
            }
            if (now > timeoutMs) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
            await new Promise((r) => setTimeout(r, 1));
        }
    }

    /** POSTs a reinstall and follows its job. */
    async function run(api: "v1" | "v2", serverId: string, o: Record<string, unknown>, url = emu.url) {
        const shown = (await showServer(serverId, url)).json.server;
        const postedAt = Date.now();
        const posted = await reinstall(api, serverId, o, P1, url);
        expect(posted.status, JSON.stringify(posted.json)).to.equal(200);
        return { posted, ...(await follow(url, posted.json.job_id, serverId, `${shown.status}/${shown["OS-EXT-STS:task_state"]}`, postedAt)) };
    }

    /** The job statuses seen, allowing a missed INIT (INIT lasts 30 ms at this scale; it is checked in real time below). */
    function statuses(seq: Array<{ status: string }>): string[] {
        const list = seq.map((s) => s.status);
        return list[0] === "INIT" ? list : ["INIT", ...list];
    }

    it("a new job is INIT (in real time: no sub-job yet, end_time empty), the server untouched", async () => {
        const real = await startEmulator({ timeScale: 1, settleMs: 0 });
        try {
            const posted = await hwCall(real.url, { path: `/v2/${P1}/cloudservers/${SERVERS.app}/reinstallos`, body: { "os-reinstall": { adminpass: PASS } } });
            const job = await hwCall(real.url, { path: `/v1/${P1}/jobs/${posted.json.job_id}` });
            expect(job.json).to.deep.equal({
                job_id: posted.json.job_id,
                job_type: "reinstallServer",
                begin_time: job.json.begin_time,
                end_time: "",
                status: "INIT",
                error_code: null,
                fail_reason: null,
                entities: { server_id: SERVERS.app, sub_jobs_total: 0, sub_jobs: [] },
            });
            expect(Date.now() - Date.parse(job.json.begin_time)).to.be.lessThan(JOB_INIT_MS);
            const server = await hwCall(real.url, { path: `/v1/${P1}/cloudservers/${SERVERS.app}` });
            expect(server.json.server).to.deep.include({ status: "SHUTOFF", "OS-EXT-STS:task_state": null });
        } finally {
            await real.stop();
        }
    });

    it("v2 on a SHUTOFF server: INIT → RUNNING → SUCCESS in scaled time, server SHUTOFF → REBUILD → ACTIVE, guest record updated once", async () => {
        const userData = "#!/bin/bash\necho user_test > /home/user.txt";
        const before = (await showServer(SERVERS.app)).json.server;
        const { posted, jobSeq, serverSeq, job, running, server } = await run("v2", SERVERS.app, {
            adminpass: PASS,
            userid: USER_ID,
            metadata: { user_data: Buffer.from(userData).toString("base64") },
        });

        expect(statuses(jobSeq)).to.deep.equal(["INIT", "RUNNING", "SUCCESS"]);
        const runningAt = jobSeq[jobSeq.length - 2].at;
        const successAt = jobSeq[jobSeq.length - 1].at;
        expect(runningAt).to.be.within(JOB_INIT_MS * SCALE - 15, JOB_INIT_MS * SCALE + 400);
        expect(successAt).to.be.within((JOB_INIT_MS + REBUILD_MS) * SCALE - 15, (JOB_INIT_MS + REBUILD_MS) * SCALE + 800);
        expect(serverSeq).to.deep.equal(["SHUTOFF/null", "REBUILD/rebuilding", "ACTIVE/null"]);

        expect(running?.json.entities.sub_jobs).to.have.length(1);
        expect(running?.json).to.deep.include({ job_type: "reinstallServer", status: "RUNNING", end_time: "", error_code: null, fail_reason: null });
        expect(running?.json.entities.sub_jobs[0]).to.deep.include({
            job_type: "reinstallSingleServer",
            status: "RUNNING",
            end_time: "",
            entities: { server_id: SERVERS.app },
        });

        const j = job?.json;
        expect(Object.keys(j)).to.deep.equal(["job_id", "job_type", "begin_time", "end_time", "status", "error_code", "fail_reason", "entities"]);
        expect(j).to.deep.include({ job_id: posted.json.job_id, status: "SUCCESS", error_code: null, fail_reason: null });
        const took = Date.parse(j.end_time) - Date.parse(j.begin_time);
        expect(took).to.be.within((JOB_INIT_MS + REBUILD_MS) * SCALE - 5, (JOB_INIT_MS + REBUILD_MS) * SCALE + 400);
        expect(j.entities.server_id).to.equal(SERVERS.app);
        expect(j.entities.sub_jobs_total).to.equal(1);
        expect(j.entities.sub_jobs[0]).to.deep.include({ status: "SUCCESS", error_code: null, fail_reason: null, end_time: j.end_time });
        expect(j.entities.sub_jobs[0].job_id).to.match(/^[0-9a-f]{32}$/);

        const s = server.json.server;
        expect(s.image.id).to.equal(before.image.id);
        expect(s).to.deep.include({ status: "ACTIVE", key_name: "", "OS-EXT-STS:vm_state": "active", "OS-EXT-STS:power_state": 1 });
        expect(await guestOf(SERVERS.app)).to.deep.equal({
            adminPassFingerprint: sha256(PASS),
            keyName: null,
            userDataFingerprint: sha256(Buffer.from(userData)),
            reinstalledAt: j.end_time,
            reinstallCount: 1,
            lastJobId: posted.json.job_id,
            cloudInit: true,
        });
        // Nothing is left to run but the ended job's one-day deletion: the guest record cannot change again.
        expect((await control(emu.url, "clock")).json).to.deep.equal({ held: false, pendingTransitions: 1 });
    });

    it("v1 with mode withStopServer on an ACTIVE server: ACTIVE/powering-off → SHUTOFF → REBUILD → ACTIVE with the new key pair", async () => {
        // A slower scale here so the 3 s SHUTOFF pause between stop and rebuild lasts 90 ms of real time.
        const slowScale = 0.03;
        const slow = await startEmulator({ timeScale: slowScale, settleMs: 0 });
        try {
            const { jobSeq, serverSeq, server } = await run("v1", SERVERS.web, { keyname: "KeyPair-emulator", mode: "withStopServer" }, slow.url);
            expect(statuses(jobSeq)).to.deep.equal(["INIT", "RUNNING", "SUCCESS"]);
            const total = (JOB_INIT_MS + STOP_MS + STOPPED_PAUSE_MS + REBUILD_MS) * slowScale;
            expect(jobSeq[jobSeq.length - 1].at).to.be.within(total - 15, total + 800);
            expect(serverSeq).to.deep.equal(["ACTIVE/null", "ACTIVE/powering-off", "SHUTOFF/null", "REBUILD/rebuilding", "ACTIVE/null"]);
            expect(server.json.server.key_name).to.equal("KeyPair-emulator");
            expect(await guestOf(SERVERS.web, slow.url)).to.deep.include({
                keyName: "KeyPair-emulator",
                adminPassFingerprint: null,
                userDataFingerprint: null,
                reinstallCount: 1,
                cloudInit: false,
            });
        } finally {
            await slow.stop();
        }
    });

    it("records encryption and BYOL in the server metadata after SUCCESS; the user data only in OS-EXT-SRV-ATTR:user_data (as the ServerDetail model has it)", async () => {
        const { server } = await run("v2", SERVERS.app, {
            keyname: "KeyPair-350b",
            userid: USER_ID,
            metadata: {
                BYOL: "true",
                __system__encrypted: "1",
                __system__cmkid: "83cdb52d-9ebf-4469-9cfa-e7b5b80da846",
                user_data: Buffer.from("x").toString("base64"),
            },
        });
        expect(server.json.server.metadata).to.deep.include({
            BYOL: "true",
            __system__encrypted: "1",
            __system__cmkid: "83cdb52d-9ebf-4469-9cfa-e7b5b80da846",
        });
        expect(server.json.server.metadata).to.not.have.property("user_data");
        expect(server.json.server["OS-EXT-SRV-ATTR:user_data"]).to.equal(Buffer.from("x").toString("base64"));
        const { ["OS-EXT-SRV-ATTR:user_data"]: _ud, ...rest } = server.json.server as Record<string, unknown>;
        expect(JSON.stringify(rest)).to.not.include(Buffer.from("x").toString("base64") + '"');
    });

    it("scripted FAIL: error_code, fail_reason and sub_jobs with errorcode_message; server back to SHUTOFF, guest unchanged; the next reinstall succeeds", async () => {
        const { job, serverSeq } = await run("v2", SERVERS.failing, { adminpass: PASS });
        const j = job?.json;
        expect(j).to.deep.include({
            status: "FAIL",
            error_code: "Ecs.0000",
            fail_reason: "Request error. Try again later or contact customer service.",
        });
        expect(Date.parse(j.end_time) - Date.parse(j.begin_time)).to.be.within((JOB_INIT_MS + 20_000) * SCALE - 5, (JOB_INIT_MS + 20_000) * SCALE + 400);
        expect(j.entities.sub_jobs).to.have.length(1);
        const sub = j.entities.sub_jobs[0];
        expect(Object.keys(sub)).to.deep.equal(["job_id", "job_type", "begin_time", "end_time", "status", "error_code", "fail_reason", "entities"]);
        expect(sub).to.deep.include({
            status: "FAIL",
            error_code: "Ecs.0000",
            fail_reason: "Failed to create the system disk from image db510626-019b-4df6-b9dc-1aef0d836ffd.",
            entities: { server_id: SERVERS.failing, errorcode_message: "Failed to create the system disk from image db510626-019b-4df6-b9dc-1aef0d836ffd." },
        });
        expect(serverSeq).to.deep.equal(["SHUTOFF/null", "REBUILD/rebuilding", "SHUTOFF/null"]);
        expect(await guestOf(SERVERS.failing)).to.deep.include({ reinstallCount: 0, adminPassFingerprint: null, lastJobId: null });

        const again = await run("v2", SERVERS.failing, { adminpass: PASS });
        expect(again.job.json.status).to.equal("SUCCESS");
        expect(await guestOf(SERVERS.failing)).to.deep.include({ reinstallCount: 1, lastJobId: again.posted.json.job_id });
    });

    it("scripted FAIL leaving the server in ERROR shows the fault, and a new reinstall is accepted from ERROR", async () => {
        const fixture = defaultFixture();
        const section = fixture.huaweicloud as { scriptedFaults: unknown[] };
        section.scriptedFaults = [
            {
                serverId: SERVERS.app,
                nextReinstall: { fail: { errorCode: "Ecs.1002", failReason: "OpenStack access timed out.", afterMs: 5_000, serverStatus: "ERROR" } },
            },
        ];
        expect((await control(emu.url, "reset", "POST", fixture)).status).to.equal(200);
        const { job, server } = await run("v1", SERVERS.app, { adminpass: PASS });
        expect(job?.json).to.deep.include({ status: "FAIL", error_code: "Ecs.1002", fail_reason: "OpenStack access timed out." });
        expect(job?.json.entities.sub_jobs[0].entities.errorcode_message).to.equal("OpenStack access timed out.");
        expect(server.json.server.status).to.equal("ERROR");
        expect(server.json.server.fault).to.deep.include({ code: 500, message: "OpenStack access timed out." });
        const done = await run("v1", SERVERS.app, { adminpass: PASS });
        expect(done.server.json.server).to.deep.include({ status: "ACTIVE", fault: null });
    });

    it("scripted stuck job stays RUNNING long after a normal one would have ended, then succeeds", async () => {
        const fixture = defaultFixture();
        (fixture.huaweicloud as { scriptedFaults: unknown[] }).scriptedFaults.push({ serverId: SERVERS.app, nextReinstall: { stuck: { runningMs: 150_000 } } });
        await control(emu.url, "reset", "POST", fixture);
        const stuck = await reinstall("v2", SERVERS.stuck, { adminpass: PASS });
        const shorter = await reinstall("v2", SERVERS.app, { adminpass: PASS });
        const normal = await reinstall("v2", SERVERS.win, { adminpass: PASS });
        const ended = (id: string, timeoutMs?: number): Promise<Record<string, string>> =>
            waitFor(async () => {
                const j = (await showJob(id)).json;
                return j.status === "SUCCESS" && j;
            }, timeoutMs);
        await ended(normal.json.job_id);
        const shorterJob = await ended(shorter.json.job_id, 5_000);
        // Told by the job's own times, not by when this test looked: it ran its scripted time (a lower bound: timers
        // only ever fire late), far longer than a normal job's whole modelled time; the fixture's stuck job (30
        // modelled minutes) is still RUNNING.
        const took = Date.parse(shorterJob.end_time) - Date.parse(shorterJob.begin_time);
        expect(took).to.be.at.least((JOB_INIT_MS + 150_000) * SCALE - 5);
        expect((await showJob(stuck.json.job_id)).json.status).to.equal("RUNNING");
        expect((await showServer(SERVERS.stuck)).json.server.status).to.equal("REBUILD");
    });

    it("ShowJob of an unknown job or of another project's job → Common.0011 (400)", async () => {
        const unknown = await showJob("ff80808288d41e1b018990260955686a");
        expect(unknown.status).to.equal(400);
        expect(unknown.json).to.deep.equal({
            error: { code: "Common.0011", message: "Failed to query system tasks. Job ff80808288d41e1b018990260955686a does not exist." },
        });
        const p2 = await reinstall("v2", SERVERS.sgDb, { adminpass: PASS }, P2);
        expect(p2.status, JSON.stringify(p2.json)).to.equal(200);
        const cross = await showJob(p2.json.job_id, P1);
        expect(cross.json.error.code).to.equal("Common.0011");
        const calls = (await control(emu.url, "calls")).json.calls;
        expect(calls[calls.length - 1]).to.deep.include({ action: "ShowJob", status: 400, code: "Common.0011", params: { job_id: p2.json.job_id } });
    });

    it("reset cancels running jobs and restores the servers", async () => {
        const posted = await reinstall("v2", SERVERS.app, { adminpass: PASS });
        await waitFor(async () => (await showServer(SERVERS.app)).json.server.status === "REBUILD");
        await control(emu.url, "reset", "POST", defaultFixture());
        // Until nothing of the old job is left to run (a reset drops its transitions): then nothing can change later.
        await waitFor(async () => (await control(emu.url, "clock")).json.pendingTransitions === 0);
        expect((await showServer(SERVERS.app)).json.server.status).to.equal("SHUTOFF");
        expect((await showJob(posted.json.job_id)).json.error.code).to.equal("Common.0011");
        expect((await guestOf(SERVERS.app)).reinstallCount).to.equal(0);
    });

    it("ended jobs are deleted one day (scaled) after they end", async () => {
        const fast = await startEmulator({ timeScale: 0.00001 }); // one day = 864 ms
        try {
            const posted = await hwCall(fast.url, { path: `/v2/${P1}/cloudservers/${SERVERS.app}/reinstallos`, body: { "os-reinstall": { adminpass: PASS } } });
            const jobId = posted.json.job_id as string;
            const ended = await waitFor(async () => {
                const r = await hwCall(fast.url, { path: `/v1/${P1}/jobs/${jobId}` });
                return r.json.status === "SUCCESS" ? r : undefined;
            });
            const state = (await control(fast.url, "state")).json.huaweicloud;
            const expiresAt = Date.parse(state.jobs[0].expiresAt);
            expect(expiresAt - Date.parse(ended.json.end_time)).to.equal(Math.round(24 * 60 * 60 * 1000 * 0.00001));
            // Kept until then: the first read that misses the job is answered after expiresAt (a lower bound, true
            // however loaded the machine; a job deleted early would be missed sooner).
            const gone = await waitFor(async () => {
                const r = await hwCall(fast.url, { path: `/v1/${P1}/jobs/${jobId}` });
                return r.status === 400 ? { r, at: Date.now() } : undefined;
            }, 3_000);
            expect(gone.r.json.error.code).to.equal("Common.0011");
            expect(gone.at, "deleted no earlier than one day (scaled) after it ended").to.be.at.least(expiresAt - 2);
        } finally {
            await fast.stop();
        }
    });
});
