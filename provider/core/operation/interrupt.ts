import { Clock, realClock } from "../transport/clock";

/**
 * One way to interrupt the waits of an operation on both clouds: SIGINT or SIGTERM to the provider
 * process (the first Ctrl-C of the CLI) fires the operation's abort signal; every wait of the
 * operation (a job, a server or instance state, the cloud's evidence) sleeps through
 * `abortableSleep` and ends at once with an `InterruptedError`. A send already under way is never
 * aborted: its answer must be read and recorded.
 */

/** Raised into an operation's abort signal when the provider process is asked to stop. */
export class InterruptedError extends Error {
    override readonly name = "InterruptedError";

    constructor(readonly signalName: string) {
        super(`interrupted by ${signalName}`);
    }
}

/** An abort signal fired by SIGINT/SIGTERM while an operation runs; `dispose` removes the listeners. */
export function interruptions(): { signal: AbortSignal; dispose: () => void } {
    const controller = new AbortController();
    const listeners: Array<[NodeJS.Signals, () => void]> = (["SIGINT", "SIGTERM"] as const).map((name) => {
        const listener = (): void => controller.abort(new InterruptedError(name));
        process.once(name, listener);
        return [name, listener];
    });
    return {
        signal: controller.signal,
        dispose: () => listeners.forEach(([name, listener]) => process.removeListener(name, listener)),
    };
}

/** Runs `operation` with the abort signal of `interruptions()`, removing its listeners afterwards. */
export async function interruptible<T>(operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const interrupt = interruptions();
    try {
        return await operation(interrupt.signal);
    } finally {
        interrupt.dispose();
    }
}

/** `clock.sleep(ms)`, ended early with the signal's reason when it fires. */
export function abortable(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal === undefined) return clock.sleep(ms);
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        clock.sleep(ms).then(() => {
            signal.removeEventListener("abort", onAbort);
            resolve();
        }, reject);
    });
}

/** A sleep on the real clock that ends early with the signal's reason when the signal fires. */
export function abortableSleep(signal: AbortSignal | undefined): (ms: number) => Promise<void> {
    if (signal === undefined) return realClock.sleep;
    return (ms) =>
        new Promise((resolve, reject) => {
            if (signal.aborted) return reject(signal.reason);
            // The timer is cleared on abort, so that an interrupted process is not kept alive by it.
            const timer = setTimeout(
                () => {
                    signal.removeEventListener("abort", onAbort);
                    resolve();
                },
                Math.max(0, ms),
            );
            const onAbort = (): void => {
                clearTimeout(timer);
                reject(signal.reason);
            };
            signal.addEventListener("abort", onAbort, { once: true });
        });
}
