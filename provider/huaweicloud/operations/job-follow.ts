import { abortableSleep } from "../../core/operation/interrupt";
import { CloudApiError } from "../../core/transport/errors";
import { progress } from "../../core/resource/progress";
import { redact } from "../../core/resource/secrets";
import { waitUntil, WaitTimeoutError } from "../../core/transport/wait";
import { EcsClient } from "../api/client";
import { Job, ServerDetail, showJob, showServer } from "../api/ecs-api";
import { showServerBatched } from "../api/server-batch";

/**
 * Following an asynchronous ECS job (a reinstall, a batch reboot) to its end, shared by
 * ServerReinstall and ServerReboot: the poll with progress lines, the failure text (sub-jobs
 * included, secrets scrubbed), interruption by SIGINT/SIGTERM, and the server watch used when a
 * job's answer was lost.
 */

/** Job statuses after which nothing changes any more. */
export const FINAL_JOB_STATUSES: ReadonlySet<string> = new Set(["SUCCESS", "FAIL"]);

/** Raised when a job ends in FAIL; carries the job as last seen. */
export class JobFailedError extends Error {
    override readonly name = "JobFailedError";

    constructor(
        message: string,
        readonly job: Job,
    ) {
        super(message);
    }
}

// One interruption mechanism for both clouds (core/operation/interrupt.ts), re-exported for the Huawei handlers.
export { InterruptedError, interruptions } from "../../core/operation/interrupt";

/** Whether ShowJob said the job does not exist (404, or `Common.0011` "Failed to query system tasks"). */
export function jobNotFound(err: unknown): boolean {
    return err instanceof CloudApiError && (err.status === 404 || err.code === "Common.0011");
}

/** Whether ShowServer said the server does not exist. */
export function serverNotFound(err: unknown): boolean {
    return err instanceof CloudApiError && (err.status === 404 || err.code === "Ecs.0114");
}

function text(value: string | null | undefined): string | undefined {
    return value === null || value === undefined || value.trim() === "" ? undefined : value.trim();
}

/**
 * `<what> job <id> failed: <error_code>: <fail_reason>`, followed by each failed sub-job's
 * code and reason (or its `errorcode_message`). Secrets are scrubbed from the cloud's texts.
 */
export function describeJobFailure(job: Job, secrets: ReadonlyArray<string | undefined> = [], what = "reinstall"): string {
    const code = text(job.error_code) ?? "(no error code)";
    const reason = text(job.fail_reason) ?? "(no reason given)";
    let message = `${what} job ${job.job_id} failed: ${code}: ${reason}`;
    const subJobs = job.entities?.sub_jobs ?? [];
    const failed = subJobs.filter(
        (s) => s.status !== "SUCCESS" && (text(s.error_code) ?? text(s.fail_reason) ?? text(s.entities?.errorcode_message)) !== undefined,
    );
    for (const sub of failed) {
        const subReason = text(sub.fail_reason) ?? text(sub.entities?.errorcode_message) ?? "(no reason given)";
        const subCode = text(sub.error_code);
        const server = sub.entities?.server_id ? ` (server ${sub.entities.server_id})` : "";
        message += `; sub-job ${sub.job_id ?? "?"}${what === "reinstall" ? "" : server} ${sub.status ?? ""}: ${subCode ? `${subCode}: ` : ""}${subReason}`;
    }
    return redact(message, secrets);
}

/** A short view of a job for progress lines: its status and the sub-jobs' statuses. */
export function showJobState(job: Job): string {
    const subJobs = job.entities?.sub_jobs ?? [];
    if (subJobs.length === 0) return job.status;
    const counts = new Map<string, number>();
    for (const s of subJobs) counts.set(s.status ?? "?", (counts.get(s.status ?? "?") ?? 0) + 1);
    return `${job.status} (sub-jobs: ${[...counts].map(([status, n]) => `${n} ${status}`).join(", ")})`;
}

export { abortableSleep } from "../../core/operation/interrupt";

/** Options of `followJobToEnd`. */
export interface FollowJobOptions {
    deadline: number;
    /** Server the job works on, for progress lines. */
    serverId: string;
    /** What the job does, for progress lines and failures: `reinstall`, `reboot`. */
    what?: string;
    secrets?: ReadonlyArray<string | undefined>;
    signal?: AbortSignal;
    /** First poll interval in ms (default 1000; grows ×1.5 up to `maxIntervalMs`). */
    initialIntervalMs?: number;
    /** Largest poll interval in ms (default 10 000, the terraform provider's fixed interval). */
    maxIntervalMs?: number;
    /** Called with every job read, so a caller can keep the last status even when the wait fails. */
    onJob?: (job: Job) => void;
    /**
     * Whether a server read shows the job (or another operation) under way. After a FAIL the
     * follower waits until reads stop showing it (`settleAfterFailedJob`) before throwing.
     */
    serverBusy: (server: ServerDetail) => boolean;
}

/**
 * Polls `ShowJob` until SUCCESS, printing a line when the status changes (and every 30 s).
 * Throws `JobFailedError` on FAIL (once server reads stop showing the job: `settleAfterFailedJob`),
 * `WaitTimeoutError` (naming the job and its last status) at the deadline, the signal's reason when
 * aborted, and the poll's error when it cannot be read.
 */
export async function followJobToEnd(client: EcsClient, jobId: string, options: FollowJobOptions): Promise<Job> {
    let last: Job | undefined;
    const started = Date.now();
    const what = options.what ?? "reinstall";
    const describe = `${what} job ${jobId} of server ${options.serverId}`;
    try {
        return await waitUntil<Job>({
            describe,
            poll: async () => {
                try {
                    last = await showJob(client, jobId, { deadline: options.deadline, secrets: options.secrets, signal: options.signal });
                } catch (err) {
                    // A read cut short by the deadline is the deadline, not a read failure.
                    if (!options.signal?.aborted && Date.now() >= options.deadline) {
                        throw new WaitTimeoutError(describe, last !== undefined ? showJobState(last) : "accepted, status not read yet", Date.now() - started);
                    }
                    throw err;
                }
                options.onJob?.(last);
                return last;
            },
            show: showJobState,
            done: (job) => job.status === "SUCCESS",
            failed: (job) => (job.status === "FAIL" ? "FAIL" : undefined),
            deadline: options.deadline,
            initialIntervalMs: options.initialIntervalMs ?? 1000,
            maxIntervalMs: options.maxIntervalMs ?? 10_000,
            sleep: abortableSleep(options.signal),
        });
    } catch (err) {
        if (last !== undefined && last.status === "FAIL") {
            await settleAfterFailedJob(client, options.serverId, `${what} job ${jobId}`, options.serverBusy, serverWaitAfterJob(options));
            throw new JobFailedError(describeJobFailure(last, options.secrets, what), last);
        }
        throw err;
    }
}

/** The longest wait after a FAILed job for server reads to stop showing it under way: a minute. */
export const SETTLE_AFTER_FAILURE_MS = 60_000;

/**
 * After a FAILed job (`job` names it, e.g. `reinstall job <id>`), waits — a minute at most, never
 * past the deadline, with progress lines — until server reads no longer show it under way
 * (`busy`): they lag the job system, and a run that follows at once (new triggers) would
 * otherwise find the server busy and be refused. Never throws: the failure is the outcome,
 * known whatever this wait sees; a wait cut short (time, interruption, an unreadable server) is
 * said in a progress line.
 */
export async function settleAfterFailedJob(
    client: EcsClient,
    serverId: string,
    job: string,
    busy: (server: ServerDetail) => boolean,
    options: WaitForServerOptions,
): Promise<void> {
    try {
        await waitForServer(client, serverId, `server ${serverId} to settle after the failed ${job}`, (s) => !busy(s), {
            ...options,
            deadline: Math.min(options.deadline, Date.now() + SETTLE_AFTER_FAILURE_MS),
        });
    } catch (err) {
        progress(
            `server ${serverId}`,
            `reporting the failed ${job} without waiting longer for the server to settle (${(err as Error).message}); a run started at once may find the server still busy`,
        );
    }
}

/** The task state of a server when it has one ("" and null are none). */
export function taskStateOf(server: ServerDetail): string | undefined {
    const task = server["OS-EXT-STS:task_state"];
    return typeof task === "string" && task !== "" ? task : undefined;
}

/** `STATUS` or `STATUS/task_state`, for progress lines. */
export function showServerState(server: ServerDetail): string {
    const task = taskStateOf(server);
    return task !== undefined ? `${server.status}/${task}` : server.status;
}

/** Options of `waitForServer`. */
export interface WaitForServerOptions {
    deadline: number;
    signal?: AbortSignal;
    initialIntervalMs?: number;
    maxIntervalMs?: number;
}

/**
 * The options of a server wait that follows a job: its deadline, signal and poll intervals, the
 * first at most 250 ms (the server shows a job's end soon after the job does).
 */
export function serverWaitAfterJob(job: { deadline: number; signal?: AbortSignal; initialIntervalMs?: number; maxIntervalMs?: number }): WaitForServerOptions {
    return {
        deadline: job.deadline,
        signal: job.signal,
        initialIntervalMs: Math.min(job.initialIntervalMs ?? 1000, 250),
        maxIntervalMs: job.maxIntervalMs ?? 10_000,
    };
}

/**
 * Polls the server until `done` (progress lines name `describe`); the server that showed it. The
 * reads are batched with the other server reads of the process (one ListServersDetails for the
 * waits of many servers, e.g. a rolling-restart wave).
 */
export async function waitForServer(
    client: EcsClient,
    serverId: string,
    describe: string,
    done: (s: ServerDetail) => boolean,
    options: WaitForServerOptions,
): Promise<ServerDetail> {
    return waitUntil<ServerDetail>({
        describe,
        poll: () => showServerBatched(client, serverId, { deadline: options.deadline }),
        show: showServerState,
        done,
        deadline: options.deadline,
        initialIntervalMs: options.initialIntervalMs ?? 1000,
        maxIntervalMs: options.maxIntervalMs ?? 10_000,
        sleep: abortableSleep(options.signal),
    });
}

/** Polls ShowServer until `done` or `until` (never past the deadline); the server that showed it, or undefined. */
export async function watchServer(
    client: EcsClient,
    serverId: string,
    done: (s: ServerDetail) => boolean,
    until: number,
    options: { deadline: number; signal?: AbortSignal },
): Promise<ServerDetail | undefined> {
    const end = Math.min(options.deadline, until);
    for (;;) {
        const server = await showServer(client, serverId, { deadline: options.deadline, signal: options.signal });
        if (done(server)) return server;
        if (Date.now() >= end) return undefined;
        await abortableSleep(options.signal)(Math.min(500, Math.max(0, end - Date.now())));
    }
}
