import { createHash, randomBytes } from "crypto";
import { ScriptedReinstall } from "./fixture-schema";
import { HuaweiWorld, JobRecord, ServerRecord, SubJobRecord } from "./models";
import { finishAction, replaceSystemDisk, startAction } from "./models-actions";
import type { ReinstallRequest } from "./models-reinstall";

/**
 * The reinstall job state machine, with realistic modelled durations (scaled by the clock):
 *
 * job     INIT ──3 s──▶ RUNNING ──(5 s stop + 3 s if ACTIVE)──60 s──▶ SUCCESS
 *                                 └── scripted fail after `afterMs` ──▶ FAIL
 *                                 └── scripted stuck: RUNNING for `runningMs`, then SUCCESS
 * server  (unchanged, busy) ─▶ ACTIVE/powering-off ─▶ SHUTOFF ─▶ REBUILD/rebuilding ─▶ ACTIVE
 *                                                                  └─ FAIL ─▶ SHUTOFF (or ERROR)
 *
 * On SUCCESS the server keeps its image, takes the new key pair and metadata, starts (ACTIVE), and
 * its guest record changes (fingerprints, reinstallCount + 1). Jobs are deleted one day after they end.
 */

/** INIT → RUNNING. */
export const JOB_INIT_MS = 3_000;
/** Stopping an ACTIVE server first (`mode: withStopServer`): powering-off, then SHUTOFF. */
export const STOP_MS = 5_000;
/** Time spent SHUTOFF between the stop and the rebuild. */
export const STOPPED_PAUSE_MS = 3_000;
/** The rebuild itself (REBUILD / rebuilding). */
export const REBUILD_MS = 60_000;
/** Jobs disappear this long after they end. */
export const JOB_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Job types answered by ShowJob for a reinstall and its single sub-job. */
export const REINSTALL_JOB_TYPE = "reinstallServer";
export const REINSTALL_SUB_JOB_TYPE = "reinstallSingleServer";

/** A new 32-hex job id in the style ECS uses (`ff808082…`). */
export function newJobId(): string {
    return `ff808082${randomBytes(12).toString("hex")}`;
}

function sha256Hex(data: string | Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

/** Runs `fn` after `ms` modelled milliseconds unless the world has been reloaded meanwhile. */
function later(world: HuaweiWorld, ms: number, fn: () => void): void {
    const generation = world.generation;
    world.clock.after(ms, () => {
        if (world.generation === generation) fn();
    });
}

function endJob(
    world: HuaweiWorld,
    job: JobRecord,
    now: string,
    status: "SUCCESS" | "FAIL",
    error?: { code: string; reason: string; subReason: string },
): void {
    job.status = status;
    job.endTime = now;
    job.errorCode = error ? error.code : null;
    job.failReason = error ? error.reason : null;
    if (job.subJob) {
        job.subJob.status = status;
        job.subJob.endTime = now;
        job.subJob.errorCode = error ? error.code : null;
        job.subJob.failReason = error ? error.subReason : null;
    }
    job.expiresAt = new Date(Date.parse(now) + world.clock.scaled(JOB_RETENTION_MS)).toISOString();
    later(world, JOB_RETENTION_MS, () => world.jobs.delete(job.jobId));
}

function succeed(world: HuaweiWorld, job: JobRecord, server: ServerRecord, req: ReinstallRequest): void {
    const now = world.nowIso();
    server.status = "ACTIVE";
    server.vmState = "active";
    server.taskState = null;
    server.fault = null;
    server.reinstallFailed = false;
    server.busyJobId = null;
    server.keyName = req.keyname ?? null;
    if (req.byol) server.metadata.BYOL = "true";
    if (req.encrypted !== undefined) server.metadata.__system__encrypted = req.encrypted;
    if (req.cmkId !== undefined) server.metadata.__system__cmkid = req.cmkId;
    else if (req.encrypted !== undefined) delete server.metadata.__system__cmkid;
    server.updated = now;
    server.launchedAt = now;
    server.userData = req.userData !== undefined ? req.userData.toString("base64") : null;
    // The reinstall reference: the system disk is detached, a new one created from the image and attached.
    replaceSystemDisk(server);
    finishAction(world, server.id, "rebuild", job);
    server.guest = {
        adminPassFingerprint: req.adminpass !== undefined ? sha256Hex(req.adminpass) : null,
        keyName: req.keyname ?? null,
        userDataFingerprint: req.userData !== undefined ? sha256Hex(req.userData) : null,
        reinstalledAt: now,
        reinstallCount: server.guest.reinstallCount + 1,
        lastJobId: job.jobId,
        cloudInit: req.api === "v2",
    };
    endJob(world, job, now, "SUCCESS");
}

function fail(world: HuaweiWorld, job: JobRecord, server: ServerRecord, f: Extract<ScriptedReinstall, { fail: unknown }>["fail"]): void {
    const now = world.nowIso();
    server.status = f.serverStatus;
    server.vmState = f.serverStatus === "ERROR" ? "error" : "stopped";
    server.taskState = null;
    server.busyJobId = null;
    server.reinstallFailed = f.serverStatus === "ERROR";
    server.fault = f.serverStatus === "ERROR" ? { code: 500, message: f.failReason, created: now } : null;
    server.updated = now;
    finishAction(world, server.id, "rebuild", job, f.subJobFailReason ?? f.failReason);
    endJob(world, job, now, "FAIL", { code: f.errorCode, reason: f.failReason, subReason: f.subJobFailReason ?? f.failReason });
}

/** Creates the job of an accepted reinstall and schedules its transitions. */
export function startReinstallJob(world: HuaweiWorld, server: ServerRecord, req: ReinstallRequest, scripted: ScriptedReinstall | undefined): JobRecord {
    const job: JobRecord = {
        jobId: newJobId(),
        projectId: server.projectId,
        jobType: REINSTALL_JOB_TYPE,
        serverId: server.id,
        api: req.api,
        status: "INIT",
        beginTime: world.nowIso(),
        endTime: null,
        errorCode: null,
        failReason: null,
        subJob: null,
        expiresAt: null,
        ...(world.request !== undefined ? { requestId: world.request.requestId } : {}),
        ...(world.request?.userId !== undefined ? { userId: world.request.userId } : {}),
    };
    world.jobs.set(job.jobId, job);
    server.busyJobId = job.jobId;

    const rebuild = (): void => {
        server.status = "REBUILD";
        server.taskState = "rebuilding";
        server.updated = world.nowIso();
        if (scripted && "fail" in scripted) {
            later(world, scripted.fail.afterMs, () => fail(world, job, server, scripted.fail));
        } else {
            const runMs = scripted && "stuck" in scripted ? scripted.stuck.runningMs : REBUILD_MS;
            later(world, runMs, () => succeed(world, job, server, req));
        }
    };

    later(world, JOB_INIT_MS, () => {
        const now = world.nowIso();
        job.status = "RUNNING";
        job.subJob = {
            jobId: newJobId(),
            jobType: REINSTALL_SUB_JOB_TYPE,
            status: "RUNNING",
            beginTime: now,
            endTime: null,
            errorCode: null,
            failReason: null,
        };
        // Nova records the rebuild when the job sends it the request (models-actions.ts).
        startAction(world, server, "rebuild", job);
        if (server.status === "ACTIVE") {
            server.taskState = "powering-off";
            server.updated = now;
            later(world, STOP_MS, () => {
                server.status = "SHUTOFF";
                server.vmState = "stopped";
                server.taskState = null;
                server.updated = world.nowIso();
                later(world, STOPPED_PAUSE_MS, rebuild);
            });
        } else {
            rebuild();
        }
    });
    return job;
}

function subJobView(sub: SubJobRecord, serverId: string): Record<string, unknown> {
    return {
        job_id: sub.jobId,
        job_type: sub.jobType,
        begin_time: sub.beginTime,
        end_time: sub.endTime ?? "",
        status: sub.status,
        error_code: sub.errorCode,
        fail_reason: sub.failReason,
        entities: sub.failReason !== null ? { server_id: serverId, errorcode_message: sub.failReason } : { server_id: serverId },
    };
}

/** The ShowJob response body of a job. */
export function jobView(job: JobRecord): Record<string, unknown> {
    const header = {
        job_id: job.jobId,
        job_type: job.jobType,
        begin_time: job.beginTime,
        end_time: job.endTime ?? "",
        status: job.status,
        error_code: job.errorCode,
        fail_reason: job.failReason,
    };
    if (job.subJobs !== undefined) {
        // A batch power job: one sub-job per server, no server of its own.
        return { ...header, entities: { sub_jobs_total: job.subJobs.length, sub_jobs: job.subJobs.map((s) => subJobView(s, s.serverId ?? job.serverId)) } };
    }
    const sub = job.subJob;
    return {
        ...header,
        entities: { server_id: job.serverId, sub_jobs_total: sub ? 1 : 0, sub_jobs: sub ? [subJobView(sub, job.serverId)] : [] },
    };
}
