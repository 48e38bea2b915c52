import { EcsClient } from "./client";

/** The fields of `GET /v1/{project_id}/cloudservers/{server_id}` that ecs-ops reads. */
export interface ServerDetail {
    id: string;
    name?: string;
    /** ACTIVE, SHUTOFF, REBUILD, ERROR, … */
    status: string;
    locked?: boolean;
    key_name?: string;
    image?: { id?: string };
    /** `os_type` is `Linux` or `Windows` on real servers. */
    metadata?: Record<string, string>;
    "OS-EXT-STS:task_state"?: string | null;
    /** When the guest last started, UTC without a zone (`2018-08-15T14:21:22.000000`). */
    "OS-SRV-USG:launched_at"?: string;
    fault?: { code?: number; message?: string } | null;
    /** The attached volumes; the system disk has `bootIndex` `"0"` (a reinstall replaces it with a new one). */
    "os-extended-volumes:volumes_attached"?: Array<{ id?: string; bootIndex?: string }> | null;
}

/** A sub-job of an ECS job. */
export interface SubJob {
    job_id?: string;
    job_type?: string;
    status?: string;
    error_code?: string | null;
    fail_reason?: string | null;
    entities?: { errorcode_message?: string; server_id?: string } | null;
}

/** `GET /v1/{project_id}/jobs/{job_id}`. */
export interface Job {
    job_id: string;
    job_type?: string;
    /** SUCCESS, RUNNING, FAIL, INIT, PENDING_PAYMENT. */
    status: string;
    begin_time?: string | null;
    end_time?: string | null;
    error_code?: string | null;
    fail_reason?: string | null;
    entities?: { server_id?: string; sub_jobs?: SubJob[] | null } | null;
}

/** Common per-call options. */
export interface CallOptions {
    deadline: number;
    secrets?: ReadonlyArray<string | undefined>;
    signal?: AbortSignal;
}

/** ShowServer: the server's details. Throws `CloudApiError` (Ecs.0114 / 404 when it does not exist). */
export async function showServer(client: EcsClient, serverId: string, options: CallOptions): Promise<ServerDetail> {
    const projectId = client.credentials.projectId;
    const body = await client.call<{ server?: ServerDetail }>({
        method: "GET",
        path: ["v1", projectId, "cloudservers", serverId],
        operation: "ShowServer",
        subject: `server ${serverId}`,
        idempotent: true,
        ...options,
    });
    if (body.server === undefined || typeof body.server.status !== "string") {
        throw new Error(`ShowServer for server ${serverId} answered without server.status`);
    }
    return body.server;
}

/** The two reinstall APIs: v1 for images without Cloud-Init, v2 for images with it. */
export type ReinstallApi = "v1" | "v2";

/** The operation name of each reinstall API, as in the API Explorer and the emulator's call log. */
export const REINSTALL_OPERATION: Readonly<Record<ReinstallApi, string>> = {
    v1: "ReinstallServerWithoutCloudInit",
    v2: "ReinstallServerWithCloudInit",
};

/**
 * `POST /{v1|v2}/{project_id}/cloudservers/{server_id}/reinstallos`: submits the reinstall and
 * returns the job id. Not repeated when its outcome is unknown (see `EcsCall.idempotent`).
 */
export async function reinstallServer(client: EcsClient, api: ReinstallApi, serverId: string, body: unknown, options: CallOptions): Promise<string> {
    const projectId = client.credentials.projectId;
    const answer = await client.call<{ job_id?: unknown }>({
        method: "POST",
        path: [api, projectId, "cloudservers", serverId, "reinstallos"],
        body,
        operation: REINSTALL_OPERATION[api],
        subject: `server ${serverId}`,
        idempotent: false,
        ...options,
    });
    if (typeof answer.job_id !== "string" || answer.job_id === "") {
        throw new Error(`${REINSTALL_OPERATION[api]} for server ${serverId} answered without a job_id; check the server in the console before running again`);
    }
    return answer.job_id;
}

/** ShowJob: the job's status, times, error and sub-jobs. */
export async function showJob(client: EcsClient, jobId: string, options: CallOptions): Promise<Job> {
    const projectId = client.credentials.projectId;
    const job = await client.call<Job>({
        method: "GET",
        path: ["v1", projectId, "jobs", jobId],
        operation: "ShowJob",
        subject: `job ${jobId}`,
        idempotent: true,
        ...options,
    });
    if (typeof job.status !== "string") {
        throw new Error(`ShowJob for job ${jobId} answered without a status`);
    }
    return job;
}

/** ShowServerTags: the server's tags as key → value. */
export async function showServerTags(client: EcsClient, serverId: string, options: CallOptions): Promise<Record<string, string>> {
    const projectId = client.credentials.projectId;
    const body = await client.call<{ tags?: Array<{ key?: unknown; value?: unknown }> }>({
        method: "GET",
        path: ["v1", projectId, "cloudservers", serverId, "tags"],
        operation: "ShowServerTags",
        subject: `server ${serverId}`,
        idempotent: true,
        ...options,
    });
    const out: Record<string, string> = {};
    for (const t of body.tags ?? []) {
        if (typeof t.key === "string") out[t.key] = typeof t.value === "string" ? t.value : "";
    }
    return out;
}

/**
 * BatchCreateServerTags / BatchDeleteServerTags (`POST …/cloudservers/{server_id}/tags/action`):
 * sets or removes one tag. Setting a value is idempotent, so the call is retried like a read.
 */
export async function changeServerTag(
    client: EcsClient,
    serverId: string,
    action: "create" | "delete",
    key: string,
    value: string | undefined,
    options: CallOptions,
): Promise<void> {
    const projectId = client.credentials.projectId;
    await client.call<unknown>({
        method: "POST",
        path: ["v1", projectId, "cloudservers", serverId, "tags", "action"],
        body: { action, tags: [value === undefined ? { key } : { key, value }] },
        operation: action === "create" ? "BatchCreateServerTags" : "BatchDeleteServerTags",
        subject: `server ${serverId}`,
        idempotent: true,
        ...options,
    });
}
