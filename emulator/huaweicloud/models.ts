import { Clock } from "../core/clock";
import { Settling } from "../core/settling";
import { ECS_ERRORS, HuaweiApiError, apiError } from "./errors";
import { FixtureServer, HuaweiSection, ScriptedFault, ScriptedPowerAction, ScriptedReinstall } from "./fixture-schema";
import { createdAction, InstanceActionRecord } from "./models-actions";
import { OsType } from "./password-policy";

/**
 * The emulated Huawei Cloud world: projects, credentials, key pairs, KMS keys, servers (with what
 * is in effect inside each guest) and asynchronous jobs. Reads live here; the reinstall rules and
 * the job state machine are in models-reinstall.ts and models-jobs.ts.
 */

/** Server statuses the emulator models. */
export type ServerStatus = "ACTIVE" | "SHUTOFF" | "REBUILD" | "ERROR" | "REBOOT" | "HARD_REBOOT";
/** Job statuses (`PENDING_PAYMENT` only concerns yearly/monthly orders, never reinstalls). */
export type JobStatus = "INIT" | "RUNNING" | "SUCCESS" | "FAIL";

/** A project (one region of an account). */
export interface ProjectRecord {
    id: string;
    name: string;
    region: string;
}

/** An AK/SK pair, with the projects of its account. */
export interface CredentialRecord {
    accessKey: string;
    secretKey: string;
    securityToken?: string;
    projectIds: string[];
    userId?: string;
}

/**
 * What is in effect inside the guest OS: changed only when a reinstall job succeeds, so a test can
 * prove a reinstall happened (exactly once). Secrets are kept as SHA-256 hex fingerprints only.
 */
export interface GuestRecord {
    /** SHA-256 (hex) of the administrator password injected by the last reinstall, or null. */
    adminPassFingerprint: string | null;
    /** Key pair injected by the last reinstall (or the fixture's), or null. */
    keyName: string | null;
    /** SHA-256 (hex) of the decoded user data injected by the last reinstall, or null. */
    userDataFingerprint: string | null;
    /** When the last successful reinstall finished, or null. */
    reinstalledAt: string | null;
    /** Successful reinstalls since the fixture was loaded. */
    reinstallCount: number;
    /** Job id of the last successful reinstall, or null. */
    lastJobId: string | null;
    /** Whether the last reinstall used the cloud-init API (v2); null before any reinstall. */
    cloudInit: boolean | null;
}

/** A server and its runtime state. */
export interface ServerRecord {
    id: string;
    projectId: string;
    name: string;
    description: string;
    status: ServerStatus;
    /** Nova vm_state: active, stopped or error (kept while REBUILD). */
    vmState: "active" | "stopped" | "error";
    /** Nova task_state: null, "powering-off" or "rebuilding". */
    taskState: string | null;
    osType: OsType;
    imageId: string;
    imageName: string;
    /** Whether the image has Cloud-Init installed (the v2 API), lacks it (v1), or undefined (either accepted). */
    imageCloudInit: boolean | undefined;
    flavor: FixtureServer["flavor"];
    availabilityZone: string;
    keyName: string | null;
    locked: boolean;
    systemDisk: FixtureServer["systemDisk"];
    dataDisks: FixtureServer["dataDisks"];
    privateIps: string[];
    vpcId: string;
    securityGroups: FixtureServer["securityGroups"];
    metadata: Record<string, string>;
    tags: string[];
    created: string;
    updated: string;
    launchedAt: string;
    /** The user data injected by the last reinstall, base64 (as ShowServer returns it), or null. */
    userData: string | null;
    userId: string;
    enterpriseProjectId: string;
    reservationId: string;
    /** Nova-style fault shown while the server is in ERROR after a failed reinstall. */
    fault: { code: number; message: string; created: string } | null;
    /** True after a failed reinstall left the server in ERROR: a new reinstall is then accepted. */
    reinstallFailed: boolean;
    /** Job currently operating on the server; other operations are refused meanwhile. */
    busyJobId: string | null;
    guest: GuestRecord;
    /** Boots seen by the guest (reboots and starts, models-power.ts); absent until the first one. */
    power?: PowerRecord;
}

/** What the guest saw of the power actions (BatchRebootServers / BatchStartServers). */
export interface PowerRecord {
    /** Boots (reboot or start) that completed since the fixture was loaded. */
    boots: number;
    /** When the last boot completed, or null. */
    lastBootAt: string | null;
    /** Job id of the last completed boot, or null. */
    lastBootJobId: string | null;
    /** Reboot type of the last reboot (SOFT/HARD), or null after a start. */
    lastRebootType: "SOFT" | "HARD" | null;
    /** The hostname the guest booted with last, when one was set by UpdateServer (else null: derived from the name). */
    bootedHostname: string | null;
}

/** A sub-job: the one of a reinstall job, or one per server of a batch power job. */
export interface SubJobRecord {
    jobId: string;
    /** The server of a batch job's sub-job (a reinstall's sub-job is the job's server). */
    serverId?: string;
    jobType: string;
    status: JobStatus;
    beginTime: string;
    endTime: string | null;
    errorCode: string | null;
    failReason: string | null;
}

/** An asynchronous job. */
export interface JobRecord {
    jobId: string;
    projectId: string;
    jobType: string;
    serverId: string;
    /** Which API created it: v1 (without cloud-init) or v2 (with cloud-init). */
    api: "v1" | "v2";
    status: JobStatus;
    beginTime: string;
    endTime: string | null;
    errorCode: string | null;
    failReason: string | null;
    subJob: SubJobRecord | null;
    /** The sub-jobs of a batch power job (one per server); absent for a reinstall. */
    subJobs?: SubJobRecord[];
    /** When the job will be deleted (one modelled day, scaled, after it ended), or null while it runs. */
    expiresAt: string | null;
    /** Nova request id (`req-<uuid>` of the call's `X-Request-Id`) its instance actions record; absent in older state files. */
    requestId?: string;
    /** IAM user id of the caller, for its instance actions. */
    userId?: string;
}

/** Filters of ListServersDetails, already validated. */
export interface ServerQuery {
    offset: number;
    limit: number;
    name?: string;
    status?: string;
    flavor?: string;
    ip?: string;
    ipEq?: string;
    serverIds?: string[];
    tags?: string;
    notTags?: string;
    reservationId?: string;
    enterpriseProjectId?: string;
    /** Id of the last server of the previous page: the page starts after it (offset is then ignored). */
    marker?: string;
}

/** Derived metadata every ECS carries, merged under the fixture's own metadata. */
function systemMetadata(s: FixtureServer): Record<string, string> {
    return {
        charging_mode: "0",
        image_name: s.image.name,
        os_type: s.osType,
        os_bit: "64",
        vpc_id: s.vpcId,
        "metering.image_id": s.image.id,
        "metering.imagetype": "gold",
        "metering.resourcespeccode": `${s.flavor.id}.${s.osType === "Windows" ? "win" : "linux"}`,
        "metering.resourcetype": "1",
    };
}

function vmStateOf(status: "ACTIVE" | "SHUTOFF" | "ERROR"): ServerRecord["vmState"] {
    return status === "ACTIVE" ? "active" : status === "SHUTOFF" ? "stopped" : "error";
}

/** Translates a name filter (fuzzy match, `.` = any character but CR/LF) into a regular expression. */
function nameMatcher(pattern: string): RegExp {
    const escaped = [...pattern].map((c) => (c === "." ? "[^\\n\\r]" : c.replace(/[\\^$*+?()[\]{}|/-]/g, "\\$&"))).join("");
    return new RegExp(escaped);
}

/** Holds the world of one emulator instance. */
export class HuaweiWorld {
    projects = new Map<string, ProjectRecord>();
    credentials = new Map<string, CredentialRecord>();
    keyPairs: HuaweiSection["keyPairs"] = [];
    kmsKeys: HuaweiSection["kmsKeys"] = [];
    /** Security groups of the fixture that servers may be added to (models-attributes.ts). */
    securityGroups: HuaweiSection["securityGroups"] = [];
    servers = new Map<string, ServerRecord>();
    jobs = new Map<string, JobRecord>();
    scripted: ScriptedFault[] = [];
    weakPasswords: string[] = [];
    /** Every server's instance actions (`os-instance-actions`, models-actions.ts), in the order they started. */
    actions: InstanceActionRecord[] = [];
    /**
     * The call being served (set by the backend around each operation): its Nova request id and
     * the caller's user id, which the jobs it creates record in their instance actions.
     */
    request: { requestId: string; userId: string | undefined } | undefined;
    /** Bumped on every load; timers of an older world do nothing. */
    generation = 0;

    /** What ShowServer / ListServersDetails see: the servers as they were one settling delay ago. */
    private readonly settling: Settling<Map<string, ServerRecord>>;

    /**
     * @param clock the emulator clock
     * @param settleMs settling delay (modelled ms) of server reads; jobs are read live
     */
    constructor(
        readonly clock: Clock,
        settleMs = 0,
    ) {
        this.settling = new Settling(clock, settleMs, () => structuredClone(this.servers));
        clock.onTick(() => this.commit());
    }

    /** Records the servers as changed now (after each served request and each timed transition). */
    commit(): void {
        this.settling.commit();
    }

    /**
     * Forgets what reads saw before and makes the servers as they are now visible at once, as a
     * load does: for a world restored from a state file, whose servers replaced those of the
     * fixture loaded at start (reads would otherwise answer the fixture's names until a write).
     */
    readsFromNow(): void {
        this.settling.reset();
    }

    /** The server as ShowServer reports it (one settling delay late), or `Ecs.0114` (404). */
    visibleServer(projectId: string, serverId: string): ServerRecord {
        this.server(projectId, serverId);
        return this.settling.visible(this.servers).get(serverId) as ServerRecord;
    }

    /** Replaces the world with the fixture section's content. */
    load(section: HuaweiSection): void {
        this.generation++;
        this.projects = new Map(section.projects.map((p) => [p.id, { ...p }]));
        this.credentials = new Map(section.credentials.map((c) => [c.accessKey, { ...c, projectIds: [...c.projectIds] }]));
        this.keyPairs = section.keyPairs.map((k) => ({ ...k }));
        this.kmsKeys = section.kmsKeys.map((k) => ({ ...k }));
        this.securityGroups = section.securityGroups.map((g) => ({ ...g }));
        this.jobs = new Map();
        this.scripted = section.scriptedFaults.map((f) => structuredClone(f));
        this.weakPasswords = [...section.weakPasswords];
        this.servers = new Map(
            section.servers.map((s): [string, ServerRecord] => [
                s.id,
                {
                    id: s.id,
                    projectId: s.projectId,
                    name: s.name,
                    description: s.description,
                    status: s.status,
                    vmState: vmStateOf(s.status),
                    taskState: null,
                    osType: s.osType,
                    imageId: s.image.id,
                    imageName: s.image.name,
                    imageCloudInit: s.image.cloudInit,
                    flavor: { ...s.flavor },
                    availabilityZone: s.availabilityZone,
                    keyName: s.keyName,
                    locked: s.locked,
                    systemDisk: s.systemDisk ? { ...s.systemDisk } : null,
                    dataDisks: s.dataDisks.map((d) => ({ ...d })),
                    privateIps: [...s.privateIps],
                    vpcId: s.vpcId,
                    securityGroups: s.securityGroups.map((g) => ({ ...g })),
                    metadata: { ...systemMetadata(s), ...s.metadata },
                    tags: [...s.tags],
                    created: new Date(s.created).toISOString(),
                    updated: new Date(s.created).toISOString(),
                    launchedAt: new Date(s.created).toISOString(),
                    userData: null,
                    userId: s.userId ?? "",
                    enterpriseProjectId: s.enterpriseProjectId,
                    reservationId: s.reservationId ?? `r-${s.id.slice(0, 8)}`,
                    fault: s.status === "ERROR" ? { code: 500, message: "The ECS is in ERROR state.", created: new Date(s.created).toISOString() } : null,
                    reinstallFailed: false,
                    busyJobId: null,
                    guest: {
                        adminPassFingerprint: null,
                        keyName: s.keyName,
                        userDataFingerprint: null,
                        reinstalledAt: null,
                        reinstallCount: 0,
                        lastJobId: null,
                        cloudInit: null,
                    },
                },
            ]),
        );
        this.actions = [...this.servers.values()].map(createdAction);
        this.settling.reset();
    }

    /** ISO 8601 time of the emulator clock. */
    nowIso(): string {
        return new Date(this.clock.now()).toISOString();
    }

    /**
     * The region of the endpoint serving the current request (set by the backend around each
     * operation), or undefined for the root endpoint: a project of another region has no servers
     * or jobs there, as on the real regional endpoints.
     */
    scope: string | undefined;

    /** Whether project `projectId` is reachable from the endpoint serving the current request. */
    inScope(projectId: string): boolean {
        return this.scope === undefined || this.projects.get(projectId)?.region === this.scope;
    }

    /** The server `serverId` of project `projectId`, or `Ecs.0114` (404). */
    server(projectId: string, serverId: string): ServerRecord {
        const s = this.servers.get(serverId);
        if (!s || s.projectId !== projectId || !this.inScope(projectId)) {
            throw new HuaweiApiError(ECS_ERRORS.serverNotFound, `Instance[${serverId}] could not be found.`);
        }
        return s;
    }

    /** The security groups known in a project: the fixture's and those its servers are in. */
    securityGroupsOf(projectId: string): Array<{ id: string; name: string }> {
        const out = new Map<string, { id: string; name: string }>();
        for (const g of this.securityGroups) if (g.projectId === projectId) out.set(g.id, { id: g.id, name: g.name });
        for (const s of this.servers.values()) if (s.projectId === projectId) for (const g of s.securityGroups) if (!out.has(g.id)) out.set(g.id, { ...g });
        return [...out.values()];
    }

    /** The job `jobId` of project `projectId`, or `Common.0011` (it never existed or was deleted a day after it ended). */
    job(projectId: string, jobId: string): JobRecord {
        const j = this.jobs.get(jobId);
        if (!j || j.projectId !== projectId || !this.inScope(projectId)) throw apiError(ECS_ERRORS.jobNotFound, `Job ${jobId} does not exist.`);
        return j;
    }

    /** Servers of a project matching the ListServersDetails filters: the total count and the requested page. */
    listServers(projectId: string, q: ServerQuery): { count: number; servers: ServerRecord[] } {
        // With server_id, the other filters are ignored (SDK model ListServersDetailsRequest).
        if (q.serverIds !== undefined) q = { offset: q.offset, limit: q.limit, serverIds: q.serverIds, marker: q.marker };
        const name = q.name !== undefined ? nameMatcher(q.name) : undefined;
        const matching = [...this.settling.visible(this.servers).values()]
            .filter((s) => s.projectId === projectId && this.inScope(projectId))
            .filter((s) => name === undefined || name.test(s.name))
            .filter((s) => q.status === undefined || s.status === q.status || (s.status === "REBUILD" && vmStatusOf(s) === q.status))
            .filter((s) => q.flavor === undefined || s.flavor.id === q.flavor)
            .filter((s) => q.ip === undefined || s.privateIps.some((ip) => ip.includes(q.ip as string)))
            .filter((s) => q.ipEq === undefined || s.privateIps.includes(q.ipEq))
            .filter((s) => q.serverIds === undefined || q.serverIds.includes(s.id))
            .filter((s) => q.tags === undefined || s.tags.some((t) => t === q.tags || t.split("=")[0] === q.tags))
            .filter((s) => q.notTags === undefined || !s.tags.some((t) => t === q.notTags || t.split("=")[0] === q.notTags))
            .filter((s) => q.reservationId === undefined || s.reservationId === q.reservationId)
            .filter(
                (s) => q.enterpriseProjectId === undefined || q.enterpriseProjectId === "all_granted_eps" || s.enterpriseProjectId === q.enterpriseProjectId,
            )
            .sort((a, b) => (a.created === b.created ? a.id.localeCompare(b.id) : b.created.localeCompare(a.created)));
        const page = Math.max(q.offset, 1);
        const start = q.marker !== undefined ? matching.findIndex((s) => s.id === q.marker) + 1 : (page - 1) * q.limit;
        return { count: matching.length, servers: matching.slice(start, start + q.limit) };
    }

    /** The next scripted outcome for a server's reinstall, removed from the queue; undefined when none. */
    takeScriptedReinstall(serverId: string): ScriptedReinstall | undefined {
        const i = this.scripted.findIndex((f) => f.serverId === serverId && "nextReinstall" in f);
        if (i < 0) return undefined;
        const [entry] = this.scripted.splice(i, 1);
        return "nextReinstall" in entry ? entry.nextReinstall : undefined;
    }

    /** The next scripted outcome for a server's power action, removed from the queue; undefined when none. */
    takeScriptedPowerAction(serverId: string): ScriptedPowerAction | undefined {
        const i = this.scripted.findIndex((f) => f.serverId === serverId && "nextPowerAction" in f);
        if (i < 0) return undefined;
        const [entry] = this.scripted.splice(i, 1);
        return "nextPowerAction" in entry ? entry.nextPowerAction : undefined;
    }

    /** JSON view for `GET /_emulator/state`: no secret keys, tokens, passwords or user data. */
    state(): Record<string, unknown> {
        return {
            projects: [...this.projects.values()],
            credentials: [...this.credentials.values()].map((c) => ({
                accessKey: c.accessKey,
                temporary: c.securityToken !== undefined,
                projectIds: c.projectIds,
            })),
            keyPairs: this.keyPairs,
            kmsKeys: this.kmsKeys,
            securityGroups: this.securityGroups,
            servers: [...this.servers.values()].map((s) => ({
                id: s.id,
                projectId: s.projectId,
                name: s.name,
                status: s.status,
                vmState: s.vmState,
                taskState: s.taskState,
                osType: s.osType,
                imageId: s.imageId,
                keyName: s.keyName,
                locked: s.locked,
                hasSystemDisk: s.systemDisk !== null,
                systemDiskId: s.systemDisk?.id ?? null,
                metadata: s.metadata,
                tags: s.tags,
                busyJobId: s.busyJobId,
                reinstallFailed: s.reinstallFailed,
                guest: s.guest,
                power: s.power ?? null,
            })),
            jobs: [...this.jobs.values()],
            actions: this.actions,
            scriptedFaults: this.scripted,
        };
    }
}

/** The stable status a server in REBUILD comes from (what `status=` filters also match). */
export function vmStatusOf(s: ServerRecord): "ACTIVE" | "SHUTOFF" | "ERROR" {
    return s.vmState === "active" ? "ACTIVE" : s.vmState === "stopped" ? "SHUTOFF" : "ERROR";
}
