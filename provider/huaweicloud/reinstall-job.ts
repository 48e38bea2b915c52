import { redact } from "../core/secrets";
import { waitUntil, WaitTimeoutError } from "../core/wait";
import { EcsClient } from "./client";
import { Job, showJob } from "./ecs-api";
import { showServerBatched } from "./server-batch";

/** Job statuses after which nothing changes any more. */
export const FINAL_JOB_STATUSES: ReadonlySet<string> = new Set(["SUCCESS", "FAIL"]);

/** Raised when a job ends in FAIL; carries the job as last seen. */
export class JobFailedError extends Error {
    override readonly name = "JobFailedError";

    constructor(message: string, readonly job: Job) {
        super(message);
    }
}

function text(value: string | null | undefined): string | undefined {
    return value === null || value === undefined || value.trim() === "" ? undefined : value.trim();
}

/**
 * `reinstall job <id> failed: <error_code>: <fail_reason>`, followed by each failed sub-job's
 * code and reason (or its `errorcode_message`). Secrets are scrubbed from the cloud's texts.
 */
export function describeJobFailure(job: Job, secrets: ReadonlyArray<string | undefined> = []): string {
    const code = text(job.error_code) ?? "(no error code)";
    const reason = text(job.fail_reason) ?? "(no reason given)";
    let message = `reinstall job ${job.job_id} failed: ${code}: ${reason}`;
    const subJobs = job.entities?.sub_jobs ?? [];
    const failed = subJobs.filter((s) => s.status !== "SUCCESS" && (text(s.error_code) ?? text(s.fail_reason) ?? text(s.entities?.errorcode_message)) !== undefined);
    for (const sub of failed) {
        const subReason = text(sub.fail_reason) ?? text(sub.entities?.errorcode_message) ?? "(no reason given)";
        const subCode = text(sub.error_code);
        message += `; sub-job ${sub.job_id ?? "?"} ${sub.status ?? ""}: ${subCode ? `${subCode}: ` : ""}${subReason}`;
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

/** A sleep that ends early with the signal's reason when the signal fires. */
export function abortableSleep(signal: AbortSignal | undefined): (ms: number) => Promise<void> {
    return (ms) =>
        new Promise((resolve, reject) => {
            if (signal?.aborted) return reject(signal.reason);
            const timer = setTimeout(() => {
                signal?.removeEventListener("abort", onAbort);
                resolve();
            }, ms);
            const onAbort = (): void => {
                clearTimeout(timer);
                reject(signal?.reason);
            };
            signal?.addEventListener("abort", onAbort, { once: true });
        });
}

/** Options of `waitForJob`. */
export interface WaitForJobOptions {
    deadline: number;
    /** Server the job works on, for progress lines. */
    serverId: string;
    secrets?: ReadonlyArray<string | undefined>;
    signal?: AbortSignal;
    /** First poll interval in ms (default 1000; grows ×1.5 up to `maxIntervalMs`). */
    initialIntervalMs?: number;
    /** Largest poll interval in ms (default 10 000, the terraform provider's fixed interval). */
    maxIntervalMs?: number;
    /** Called with every job read, so a caller can keep the last status even when the wait fails. */
    onJob?: (job: Job) => void;
}

/**
 * Polls `ShowJob` until SUCCESS, printing a line when the status changes (and every 30 s).
 * Throws `JobFailedError` on FAIL, `WaitTimeoutError` (naming the job and its last status) at
 * the deadline, the signal's reason when aborted, and the poll's error when it cannot be read.
 */
export async function waitForJob(client: EcsClient, jobId: string, options: WaitForJobOptions): Promise<Job> {
    let last: Job | undefined;
    const started = Date.now();
    const describe = `reinstall job ${jobId} of server ${options.serverId}`;
    let job: Job;
    try {
        job = await waitUntil<Job>({
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
            throw new JobFailedError(describeJobFailure(last, options.secrets), last);
        }
        throw err;
    }
    await waitForServerRebuilt(client, options);
    return job;
}

/**
 * After a reinstall job's SUCCESS, waits until ShowServer no longer reports the rebuild (status
 * REBUILD or a task_state): server reads lag the job system, and the reinstall is over for a
 * user only when the server shows it.
 */
async function waitForServerRebuilt(client: EcsClient, options: WaitForJobOptions): Promise<void> {
    await waitUntil({
        describe: `server ${options.serverId} to show the end of the rebuild`,
        // Batched with the other server reads of the process (one ListServersDetails for many waits).
        poll: () => showServerBatched(client, options.serverId, { deadline: options.deadline }),
        show: (s) => `${s.status}${typeof s["OS-EXT-STS:task_state"] === "string" && s["OS-EXT-STS:task_state"] !== "" ? `/${s["OS-EXT-STS:task_state"]}` : ""}`,
        done: (s) => s.status !== "REBUILD" && !(typeof s["OS-EXT-STS:task_state"] === "string" && s["OS-EXT-STS:task_state"] !== ""),
        deadline: options.deadline,
        initialIntervalMs: Math.min(options.initialIntervalMs ?? 1000, 250),
        maxIntervalMs: options.maxIntervalMs ?? 10_000,
        sleep: abortableSleep(options.signal),
    });
}
