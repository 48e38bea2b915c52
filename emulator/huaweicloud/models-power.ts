import { ECS_ERRORS, apiError } from "./errors";
import { ScriptedPowerAction } from "./fixture-schema";
import { HuaweiWorld, JobRecord, ServerRecord, SubJobRecord } from "./models";
import { finishAction, startAction } from "./models-actions";
import { JOB_INIT_MS, JOB_RETENTION_MS, newJobId } from "./models-jobs";

/**
 * The batch power actions of `POST /v1/{project_id}/cloudservers/action` (SDK models
 * `BatchRebootServersRequestBody` / `BatchRebootSeversOption`, `BatchStopServersRequestBody` /
 * `BatchStopServersOption`, `BatchStartServersRequestBody` / `BatchStartServersOption`; API reference
 * "Restarting / Stopping / Starting ECSs in a Batch", ecs_02_0302/0303/0301):
 * - BatchRebootServers `{"reboot": {"type": "SOFT"|"HARD", "servers": [{"id"}]}}` (type required);
 * - BatchStopServers `{"os-stop": {"type"?: "SOFT"|"HARD", "servers": [...]}}` (type defaults to SOFT);
 * - BatchStartServers `{"os-start": {"servers": [...]}}`.
 * Each answers `{"job_id"}` (a "task" response); ShowJob then shows one sub-job per server.
 *
 * Rules, in this order (the first broken one answers, and nothing is started):
 * 1. body shape (`Ecs.0005`): exactly one action key; only documented keys; `type` SOFT or HARD;
 *    `servers` a list of 1 to 1000 `{id}` objects with distinct string ids;
 * 2. every server exists in the project (`Ecs.0114`, 404);
 * 3. no server is locked (`Ecs.0605`);
 * 4. no other job is operating on a server, and each is in the status the action needs
 *    (`Ecs.0100`): ACTIVE to reboot or stop, SHUTOFF to start.
 *
 * Transitions (modelled durations, scaled by the clock):
 *
 * job     INIT ──3 s──▶ RUNNING ──(each server's sub-job)──▶ SUCCESS, or FAIL when a sub-job failed
 * reboot  ACTIVE ─▶ REBOOT/rebooting (SOFT, 10 s) or HARD_REBOOT/rebooting_hard (HARD, 4 s) ─▶ ACTIVE
 * stop    ACTIVE/powering-off ─(SOFT 5 s, HARD 2 s)─▶ SHUTOFF
 * start   SHUTOFF/powering-on ─5 s─▶ ACTIVE
 *
 * A reboot or a start is a boot of the guest: its `power` record counts it, and a hostname set
 * with UpdateServer while the server ran (`pendingHostname`, models of the attribute routes) takes
 * effect then. Server reads lag the change by the world's settling delay; ShowJob is live.
 * Scripted faults (`scriptedFaults[].nextPowerAction`): `fail` ends the server's sub-job (and the
 * job) in FAIL after `afterMs`, the server left in `serverStatus` (default: as before); `stuck`
 * keeps the sub-job RUNNING for `runningMs`, then it succeeds.
 */

/** The three batch power actions. */
export type PowerAction = "reboot" | "stop" | "start";

/** The body key of each action. */
export const POWER_BODY_KEYS: Readonly<Record<PowerAction, string>> = { reboot: "reboot", stop: "os-stop", start: "os-start" };
/** The operation name of each action (the SDK's). */
export const POWER_OPERATIONS: Readonly<Record<PowerAction, string>> = { reboot: "BatchRebootServers", stop: "BatchStopServers", start: "BatchStartServers" };
/** Job types answered by ShowJob, and the type of each server's sub-job. */
export const POWER_JOB_TYPES: Readonly<Record<PowerAction, { job: string; sub: string }>> = {
    reboot: { job: "batchRebootServer", sub: "rebootServer" },
    stop: { job: "batchStopServer", sub: "stopServer" },
    start: { job: "batchStartServer", sub: "startServer" },
};

/** Most servers in one request (the references: "a maximum of 1000 ECSs"). */
export const MAX_BATCH_SERVERS = 1000;
/** How long a soft reboot keeps a server in REBOOT. */
export const SOFT_REBOOT_MS = 10_000;
/** How long a hard reboot keeps a server in HARD_REBOOT. */
export const HARD_REBOOT_MS = 4_000;
/** Soft and hard stops (powering-off, then SHUTOFF). */
export const SOFT_STOP_MS = 5_000;
export const HARD_STOP_MS = 2_000;
/** A start (powering-on, then ACTIVE). */
export const START_MS = 5_000;

/** A power request that passed the parameter rules. */
export interface PowerRequest {
    action: PowerAction;
    type: "SOFT" | "HARD";
    serverIds: string[];
}

/** Fields of the attribute models (UpdateServer's hostname) that a boot applies; absent when not modelled. */
interface HostnameFields {
    hostname?: string;
    pendingHostname?: string | null;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function bad(detail: string): never {
    throw apiError(ECS_ERRORS.invalidParameter, detail);
}

/** Which action a body asks for, by its key; undefined when it has none of the three. */
export function powerActionOf(body: unknown): PowerAction | undefined {
    if (!isObject(body)) return undefined;
    return (Object.keys(POWER_BODY_KEYS) as PowerAction[]).find((a) => POWER_BODY_KEYS[a] in body);
}

/** Checks the body of a batch power request against the parameter rules (`Ecs.0005`). */
export function parsePowerBody(action: PowerAction, body: unknown): PowerRequest {
    const key = POWER_BODY_KEYS[action];
    if (!isObject(body)) bad("The request body must be a JSON object.");
    for (const k of Object.keys(body)) if (k !== key) bad(`${k} is not a parameter of this API (one action per request: ${key}).`);
    const opt = body[key];
    if (!isObject(opt)) bad(`${key} is required and must be an object.`);
    const allowed = action === "start" ? ["servers"] : ["type", "servers"];
    for (const k of Object.keys(opt)) if (!allowed.includes(k)) bad(`${key}.${k} is not a parameter of this API.`);
    let type: "SOFT" | "HARD" = "SOFT";
    if (action !== "start") {
        const t = opt.type;
        if (t === undefined && action === "reboot") bad(`${key}.type is required: SOFT or HARD.`);
        if (t !== undefined && t !== "SOFT" && t !== "HARD") bad(`${key}.type must be SOFT or HARD.`);
        if (t !== undefined) type = t as "SOFT" | "HARD";
    }
    const servers = opt.servers;
    if (!Array.isArray(servers) || servers.length === 0 || servers.length > MAX_BATCH_SERVERS) {
        bad(`${key}.servers must list 1 to ${MAX_BATCH_SERVERS} servers.`);
    }
    const serverIds = servers.map((s, i) => {
        if (!isObject(s) || typeof s.id !== "string" || s.id === "") bad(`${key}.servers[${i}].id is required and must be a string.`);
        for (const k of Object.keys(s)) if (k !== "id") bad(`${key}.servers[${i}].${k} is not a parameter of this API.`);
        return s.id as string;
    });
    const dup = serverIds.find((id, i) => serverIds.indexOf(id) !== i);
    if (dup !== undefined) bad(`${key}.servers lists ${dup} more than once.`);
    return { action, type, serverIds };
}

/** Runs `fn` after `ms` modelled milliseconds unless the world has been reloaded meanwhile. */
function later(world: HuaweiWorld, ms: number, fn: () => void): void {
    const generation = world.generation;
    world.clock.after(ms, () => {
        if (world.generation === generation) fn();
    });
}

function stableStatus(action: PowerAction): "ACTIVE" | "SHUTOFF" {
    return action === "start" ? "SHUTOFF" : "ACTIVE";
}

/** The checks of rules 2-4 and the job: nothing changes unless every server passes. */
export function acceptPowerAction(world: HuaweiWorld, projectId: string, req: PowerRequest): JobRecord {
    const servers = req.serverIds.map((id) => world.server(projectId, id));
    for (const s of servers) if (s.locked) throw apiError(ECS_ERRORS.serverLocked, `ECS ${s.id} is locked.`);
    for (const s of servers) {
        if (s.busyJobId !== null) throw apiError(ECS_ERRORS.statusNotAllowed, `Another job (${s.busyJobId}) is operating on ECS ${s.id}.`);
        const need = stableStatus(req.action);
        if (s.status !== need) {
            const verb = req.action === "reboot" ? "restarting" : req.action === "stop" ? "stopping" : "starting";
            throw apiError(ECS_ERRORS.statusNotAllowed, `ECS ${s.id} is ${s.status}; ${verb} it requires ${need}.`);
        }
    }
    const types = POWER_JOB_TYPES[req.action];
    const job: JobRecord = {
        jobId: newJobId(),
        projectId,
        jobType: types.job,
        serverId: servers[0].id,
        api: "v1",
        status: "INIT",
        beginTime: world.nowIso(),
        endTime: null,
        errorCode: null,
        failReason: null,
        subJob: null,
        subJobs: [],
        expiresAt: null,
        ...(world.request !== undefined ? { requestId: world.request.requestId } : {}),
        ...(world.request?.userId !== undefined ? { userId: world.request.userId } : {}),
    };
    world.jobs.set(job.jobId, job);
    for (const s of servers) s.busyJobId = job.jobId;
    const scripted = new Map(servers.map((s) => [s.id, world.takeScriptedPowerAction(s.id)]));
    later(world, JOB_INIT_MS, () => runPowerJob(world, job, req, servers, scripted));
    return job;
}

function transitional(server: ServerRecord, req: PowerRequest, now: string): void {
    if (req.action === "reboot") {
        server.status = req.type === "HARD" ? "HARD_REBOOT" : "REBOOT";
        server.taskState = req.type === "HARD" ? "rebooting_hard" : "rebooting";
    } else {
        server.taskState = req.action === "stop" ? "powering-off" : "powering-on";
    }
    server.updated = now;
}

function durationOf(req: PowerRequest): number {
    if (req.action === "reboot") return req.type === "HARD" ? HARD_REBOOT_MS : SOFT_REBOOT_MS;
    if (req.action === "stop") return req.type === "HARD" ? HARD_STOP_MS : SOFT_STOP_MS;
    return START_MS;
}

/** The guest booted (a reboot or a start ended): counted, and a pending hostname takes effect. */
function boot(server: ServerRecord, job: JobRecord, req: PowerRequest, now: string): void {
    const h = server as ServerRecord & HostnameFields;
    if (typeof h.pendingHostname === "string" && h.pendingHostname !== "") {
        h.hostname = h.pendingHostname;
        h.pendingHostname = null;
    }
    const boots = (server.power?.boots ?? 0) + 1;
    server.power = {
        boots,
        lastBootAt: now,
        lastBootJobId: job.jobId,
        lastRebootType: req.action === "reboot" ? req.type : null,
        bootedHostname: h.hostname ?? null,
    };
}

function settle(server: ServerRecord, status: "ACTIVE" | "SHUTOFF" | "ERROR", now: string): void {
    server.status = status;
    server.vmState = status === "ACTIVE" ? "active" : status === "SHUTOFF" ? "stopped" : "error";
    server.taskState = null;
    server.busyJobId = null;
    server.updated = now;
}

function endSub(world: HuaweiWorld, job: JobRecord, sub: SubJobRecord, status: "SUCCESS" | "FAIL", error?: { code: string; reason: string }): void {
    sub.status = status;
    sub.endTime = world.nowIso();
    sub.errorCode = error?.code ?? null;
    sub.failReason = error?.reason ?? null;
    const subs = job.subJobs ?? [];
    if (subs.some((s) => s.status === "RUNNING" || s.status === "INIT")) return;
    const failed = subs.filter((s) => s.status === "FAIL");
    job.status = failed.length > 0 ? "FAIL" : "SUCCESS";
    job.endTime = world.nowIso();
    job.errorCode = failed[0]?.errorCode ?? null;
    job.failReason = failed.length > 0 ? `${failed.length} of ${subs.length} sub-jobs failed: ${failed[0].failReason ?? ""}` : null;
    job.expiresAt = new Date(Date.parse(job.endTime) + world.clock.scaled(JOB_RETENTION_MS)).toISOString();
    later(world, JOB_RETENTION_MS, () => world.jobs.delete(job.jobId));
}

function runPowerJob(
    world: HuaweiWorld,
    job: JobRecord,
    req: PowerRequest,
    servers: ServerRecord[],
    scripted: Map<string, ScriptedPowerAction | undefined>,
): void {
    const now = world.nowIso();
    job.status = "RUNNING";
    job.subJobs = servers.map((s) => ({
        jobId: newJobId(),
        serverId: s.id,
        jobType: POWER_JOB_TYPES[req.action].sub,
        status: "RUNNING",
        beginTime: now,
        endTime: null,
        errorCode: null,
        failReason: null,
    }));
    servers.forEach((server, i) => {
        const sub = (job.subJobs as SubJobRecord[])[i];
        const before = stableStatus(req.action);
        transitional(server, req, now);
        // Nova records the action when the job sends it the server's request (models-actions.ts).
        startAction(world, server, req.action, job);
        const fault = scripted.get(server.id);
        if (fault && "fail" in fault) {
            later(world, fault.fail.afterMs, () => {
                settle(server, fault.fail.serverStatus ?? before, world.nowIso());
                finishAction(world, server.id, req.action, job, fault.fail.failReason);
                endSub(world, job, sub, "FAIL", { code: fault.fail.errorCode, reason: fault.fail.failReason });
            });
            return;
        }
        const runMs = fault && "stuck" in fault ? fault.stuck.runningMs : durationOf(req);
        later(world, runMs, () => completeServer(world, job, req, server, sub));
    });
}

/** One server's action completed: its final status, the boot when there was one, its sub-job SUCCESS. */
function completeServer(world: HuaweiWorld, job: JobRecord, req: PowerRequest, server: ServerRecord, sub: SubJobRecord): void {
    const end = world.nowIso();
    settle(server, req.action === "stop" ? "SHUTOFF" : "ACTIVE", end);
    if (req.action !== "stop") boot(server, job, req, end);
    finishAction(world, server.id, req.action, job);
    endSub(world, job, sub, "SUCCESS");
}

/** The action of a power job, from its job type; undefined for other jobs. */
export function powerActionOfJob(job: JobRecord): PowerAction | undefined {
    return (Object.keys(POWER_JOB_TYPES) as PowerAction[]).find((a) => POWER_JOB_TYPES[a].job === job.jobType);
}

/**
 * After a restart from the state file: a power job that was running finishes its servers from
 * now (the full modelled duration), as the real cloud would during an endpoint outage. The reboot
 * type is read back from the server's transitional status.
 */
export function resumePowerJobs(world: HuaweiWorld): void {
    for (const job of world.jobs.values()) {
        const action = powerActionOfJob(job);
        if (action === undefined || (job.status !== "INIT" && job.status !== "RUNNING")) continue;
        const servers = [...world.servers.values()].filter((s) => s.busyJobId === job.jobId);
        const type = servers.some((s) => s.status === "HARD_REBOOT") ? "HARD" : "SOFT";
        const req: PowerRequest = { action, type, serverIds: servers.map((s) => s.id) };
        if (job.status === "INIT" || job.subJobs === undefined || job.subJobs.length === 0) {
            later(world, JOB_INIT_MS, () => runPowerJob(world, job, req, servers, new Map()));
            continue;
        }
        for (const sub of job.subJobs) {
            const server = servers.find((s) => s.id === sub.serverId);
            if (server === undefined || sub.status !== "RUNNING") continue;
            later(world, durationOf(req), () => completeServer(world, job, req, server, sub));
        }
    }
}
