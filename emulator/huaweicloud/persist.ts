import { createHash } from "crypto";
import { HuaweiWorld, JobRecord, ServerRecord } from "./models";
import { finishAction, InstanceActionRecord, replaceSystemDisk, startAction } from "./models-actions";
import { newJobId, REBUILD_MS, REINSTALL_SUB_JOB_TYPE } from "./models-jobs";
import { ReinstallRequest } from "./models-reinstall";
import { resumePowerJobs } from "./models-power";

/**
 * The Huawei half of the emulator's state file: projects, credentials, key pairs, CMKs, servers
 * (tags included), jobs and scripted faults, plus what a running reinstall job will leave in the
 * guest (fingerprints only, never the password or user data), so that a restarted emulator
 * finishes a job that was running, as the real cloud would during an endpoint outage.
 */

/** What a running job writes into the guest when it succeeds. */
interface GuestOutcome {
    adminPassFingerprint: string | null;
    keyName: string | null;
    userDataFingerprint: string | null;
    cloudInit: boolean;
    byol: boolean;
    encrypted?: "0" | "1";
    cmkId?: string;
}

const outcomes = new WeakMap<HuaweiWorld, Map<string, GuestOutcome>>();

function outcomesOf(world: HuaweiWorld): Map<string, GuestOutcome> {
    let m = outcomes.get(world);
    if (m === undefined) {
        m = new Map();
        outcomes.set(world, m);
    }
    return m;
}

const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/** Called by the backend when a reinstall was accepted: remembers what its job leaves in the guest. */
export function noteReinstall(world: HuaweiWorld, jobId: string, req: ReinstallRequest): void {
    outcomesOf(world).set(jobId, {
        adminPassFingerprint: req.adminpass !== undefined ? sha256Hex(req.adminpass) : null,
        keyName: req.keyname ?? null,
        userDataFingerprint: req.userData !== undefined ? sha256Hex(req.userData) : null,
        cloudInit: req.api === "v2",
        byol: req.byol,
        ...(req.encrypted !== undefined ? { encrypted: req.encrypted } : {}),
        ...(req.cmkId !== undefined ? { cmkId: req.cmkId } : {}),
    });
}

/** What the state file holds for Huawei Cloud. */
export interface HuaweiSnapshot {
    projects: unknown[];
    credentials: unknown[];
    keyPairs: unknown[];
    kmsKeys: unknown[];
    /** Absent in state files written before the attribute routes. */
    securityGroups?: unknown[];
    servers: ServerRecord[];
    jobs: JobRecord[];
    scripted: unknown[];
    weakPasswords: string[];
    outcomes: Record<string, GuestOutcome>;
    /** The servers' instance actions; absent in state files written before they were modelled. */
    actions?: InstanceActionRecord[];
}

/** The current world; outcomes of jobs that ended are dropped. */
export function snapshotHuawei(world: HuaweiWorld): HuaweiSnapshot {
    const running = new Set([...world.jobs.values()].filter((j) => j.status === "INIT" || j.status === "RUNNING").map((j) => j.jobId));
    const kept: Record<string, GuestOutcome> = {};
    for (const [id, o] of outcomesOf(world)) if (running.has(id)) kept[id] = o;
    return {
        projects: [...world.projects.values()],
        credentials: [...world.credentials.values()],
        keyPairs: world.keyPairs,
        kmsKeys: world.kmsKeys,
        securityGroups: world.securityGroups,
        servers: [...world.servers.values()],
        jobs: [...world.jobs.values()],
        scripted: world.scripted,
        weakPasswords: world.weakPasswords,
        outcomes: kept,
        actions: world.actions,
    };
}

/**
 * Loads a saved world. A job that was running goes on from the restart: its server rebuilds for
 * the full modelled rebuild time, then the job succeeds and the guest gets what the reinstall
 * asked (a scripted failure of a job caught mid-way is not replayed: it succeeds).
 */
export function restoreHuawei(world: HuaweiWorld, saved: HuaweiSnapshot): void {
    world.generation++;
    const generation = world.generation;
    const clone = <T>(v: T): T => structuredClone(v);
    world.projects = new Map((clone(saved.projects) as Array<{ id: string }>).map((p) => [p.id, p as never]));
    world.credentials = new Map((clone(saved.credentials) as Array<{ accessKey: string }>).map((c) => [c.accessKey, c as never]));
    world.keyPairs = clone(saved.keyPairs) as never;
    world.kmsKeys = clone(saved.kmsKeys) as never;
    world.securityGroups = clone(saved.securityGroups ?? []) as never;
    world.servers = new Map(clone(saved.servers).map((s) => [s.id, s]));
    world.jobs = new Map(clone(saved.jobs).map((j) => [j.jobId, j]));
    world.scripted = clone(saved.scripted) as never;
    world.weakPasswords = [...saved.weakPasswords];
    world.actions = clone(saved.actions ?? []);
    const map = outcomesOf(world);
    map.clear();
    for (const [id, o] of Object.entries(saved.outcomes)) map.set(id, o);
    resumePowerJobs(world);
    for (const job of world.jobs.values()) {
        if (job.status !== "INIT" && job.status !== "RUNNING") continue;
        const server = world.servers.get(job.serverId);
        const outcome = map.get(job.jobId);
        if (server === undefined || outcome === undefined) continue;
        const now = world.nowIso();
        job.status = "RUNNING";
        if (job.subJob === null) startAction(world, server, "rebuild", job);
        job.subJob ??= {
            jobId: newJobId(),
            jobType: REINSTALL_SUB_JOB_TYPE,
            status: "RUNNING",
            beginTime: now,
            endTime: null,
            errorCode: null,
            failReason: null,
        };
        server.status = "REBUILD";
        server.taskState = "rebuilding";
        server.busyJobId = job.jobId;
        world.clock.after(REBUILD_MS, () => {
            if (world.generation !== generation) return;
            const end = world.nowIso();
            server.status = "ACTIVE";
            server.vmState = "active";
            server.taskState = null;
            server.fault = null;
            server.reinstallFailed = false;
            server.busyJobId = null;
            server.keyName = outcome.keyName;
            if (outcome.byol) server.metadata.BYOL = "true";
            if (outcome.encrypted !== undefined) server.metadata.__system__encrypted = outcome.encrypted;
            if (outcome.cmkId !== undefined) server.metadata.__system__cmkid = outcome.cmkId;
            server.updated = end;
            server.launchedAt = end;
            replaceSystemDisk(server);
            finishAction(world, server.id, "rebuild", job);
            server.guest = {
                adminPassFingerprint: outcome.adminPassFingerprint,
                keyName: outcome.keyName,
                userDataFingerprint: outcome.userDataFingerprint,
                reinstalledAt: end,
                reinstallCount: server.guest.reinstallCount + 1,
                lastJobId: job.jobId,
                cloudInit: outcome.cloudInit,
            };
            job.status = "SUCCESS";
            job.endTime = end;
            if (job.subJob) {
                job.subJob.status = "SUCCESS";
                job.subJob.endTime = end;
            }
            job.expiresAt = new Date(Date.parse(end) + world.clock.scaled(24 * 60 * 60 * 1000)).toISOString();
            map.delete(job.jobId);
        });
    }
    // The settling still holds the servers of the fixture loaded at start (a load resets it; this
    // replaces the servers without one): reads answer the restored servers from now on.
    world.readsFromNow();
}
