import { formatDuration, progress } from "../resource/progress";

/** Options of `waitUntil`. */
export interface WaitOptions<T> {
    /** What is awaited, for progress lines and errors, e.g. `instance i-bp1… to be Running`. */
    describe: string;
    /** Reads the current state (its own retries included). */
    poll: () => Promise<T>;
    /** A short text of the state for progress lines and the timeout error, e.g. `Stopping`. */
    show: (state: T) => string;
    /** Whether the wait is over. */
    done: (state: T) => boolean;
    /** A reason to stop waiting with an error (a terminal bad state), or undefined. */
    failed?: (state: T) => string | undefined;
    /** Absolute deadline (epoch ms). */
    deadline: number;
    /** First poll interval in ms (default 1000); it grows ×1.5 up to `maxIntervalMs`. */
    initialIntervalMs?: number;
    /** Largest poll interval (default 10 000). */
    maxIntervalMs?: number;
    /** Sleep function (tests may replace it). */
    sleep?: (ms: number) => Promise<void>;
}

/** Raised when a wait reaches its deadline; says what was awaited and the last state seen. */
export class WaitTimeoutError extends Error {
    override readonly name = "WaitTimeoutError";

    constructor(
        readonly describe: string,
        readonly lastState: string,
        readonly waitedMs: number,
    ) {
        super(`timed out after ${formatDuration(waitedMs)} waiting for ${describe}; last state: ${lastState}`);
    }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls until `done`, printing a progress line whenever the state changes and at least every
 * 30 s while it does not. The interval starts short (state changes of a reboot are quick) and
 * backs off, never sleeping past the deadline.
 */
export async function waitUntil<T>(options: WaitOptions<T>): Promise<T> {
    const started = Date.now();
    const sleep = options.sleep ?? defaultSleep;
    let interval = options.initialIntervalMs ?? 1000;
    const maxInterval = options.maxIntervalMs ?? 10_000;
    let lastShown: string | undefined;
    let lastPrinted = 0;
    for (;;) {
        const state = await options.poll();
        const shown = options.show(state);
        const now = Date.now();
        if (options.done(state)) {
            progress(options.describe, `done (${shown}) after ${formatDuration(now - started)}`);
            return state;
        }
        const failure = options.failed?.(state);
        if (failure !== undefined) {
            throw new Error(`${options.describe} failed: ${failure}`);
        }
        if (shown !== lastShown || now - lastPrinted >= 30_000) {
            progress(options.describe, `${shown} (${formatDuration(now - started)} elapsed)`);
            lastShown = shown;
            lastPrinted = now;
        }
        const remaining = options.deadline - now;
        if (remaining <= 0) throw new WaitTimeoutError(options.describe, shown, now - started);
        await sleep(Math.min(interval, remaining));
        interval = Math.min(maxInterval, Math.round(interval * 1.5));
    }
}
