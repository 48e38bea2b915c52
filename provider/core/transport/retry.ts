import { CloudApiError } from "./errors";
import { formatDuration, progress } from "../resource/progress";
import { CredentialSourceError } from "../credentials/temporary-credentials";

/** Options of `withRetries`. */
export interface RetryOptions {
    /** Absolute deadline (epoch ms): no attempt starts after it, no sleep crosses it. */
    deadline: number;
    /** Used in progress lines, e.g. `ModifyInstanceAttribute i-bp1…`. */
    describe: string;
    /** First backoff ceiling in ms (default 500). */
    baseMs?: number;
    /** Largest backoff ceiling in ms (default 20 000). */
    maxMs?: number;
    /** Most attempts in all (default 8). */
    maxAttempts?: number;
    /** Source of randomness for the jitter (tests may fix it). */
    random?: () => number;
    /** Sleep function (tests may replace it). */
    sleep?: (ms: number) => Promise<void>;
    /** Whether an error is worth another attempt; default: `CloudApiError.retryable`. */
    isRetryable?: (err: unknown) => boolean;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function defaultRetryable(err: unknown): boolean {
    return err instanceof CloudApiError && err.retryable;
}

function noted(err: unknown, attempts: number, endedBy: "final" | "attempts" | "deadline"): unknown {
    if (err instanceof CloudApiError) err.noteRetries(attempts, endedBy);
    return err;
}

/**
 * What failed, for the progress line of a retry: the cloud's error code; for a credential source
 * that failed for a moment (the identity endpoint unreachable, throttled or failing: nothing was
 * sent to the cloud yet), that source and why — names only, never a secret; otherwise the
 * error's class name (a message may quote what it was given).
 */
export function retryCause(err: unknown): string {
    if (err instanceof CloudApiError) return err.code;
    if (err instanceof CredentialSourceError) return `${err.cloud} credentials from ${err.source} not obtained (${err.reason})`;
    return err instanceof Error && err.name !== "Error" ? err.name : "a failure the call may get past";
}

/**
 * Runs `call` until it succeeds, fails with a non-retryable error, runs out of attempts, or
 * would cross the deadline. Backoff is exponential with full jitter: the n-th sleep is uniform
 * in [0, min(maxMs, baseMs·2ⁿ)]. The last error is rethrown; a `CloudApiError` then
 * records the attempts made and which limit stopped them (`noteRetries`).
 */
export async function withRetries<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
    const baseMs = options.baseMs ?? 500;
    const maxMs = options.maxMs ?? 20_000;
    const maxAttempts = options.maxAttempts ?? 8;
    const random = options.random ?? Math.random;
    const sleep = options.sleep ?? defaultSleep;
    const isRetryable = options.isRetryable ?? defaultRetryable;
    for (let attempt = 1; ; attempt++) {
        try {
            return await call(attempt);
        } catch (err) {
            if (!isRetryable(err)) throw noted(err, attempt, "final");
            if (attempt >= maxAttempts) throw noted(err, attempt, "attempts");
            const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
            const delay = Math.round(random() * ceiling);
            if (Date.now() + delay >= options.deadline) throw noted(err, attempt, "deadline");
            progress(options.describe, `${retryCause(err)}, retrying in ${formatDuration(delay)} (attempt ${attempt + 1}/${maxAttempts})`);
            await sleep(delay);
        }
    }
}
