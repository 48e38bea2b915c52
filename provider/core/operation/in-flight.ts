import { RECOVERY_POINTER } from "./operation-record";

/**
 * The operations this provider process is running, so that when the process dies for a reason it
 * can see (an uncaught error, an exit with a non-zero code) it says which operations were cut short
 * and what to do — instead of the engine's bare `error reading from server: EOF`. A SIGKILL cannot
 * be seen; the records in the cloud cover that case.
 */
const running = new Map<number, string>();
let nextId = 0;
let installed = false;

function report(cause: string): void {
    if (running.size === 0) return;
    const what = [...running.values()].join("; ");
    console.error(
        `[ecs-ops] the provider process is stopping (${cause}) while these operations were under way: ${what}. ` +
            `Each is recorded on its resource in the cloud; run the recovery command (${RECOVERY_POINTER}).`,
    );
}

function install(): void {
    if (installed) return;
    installed = true;
    process.on("exit", (code) => {
        if (code !== 0) report(`exit code ${code}`);
    });
    process.on("uncaughtExceptionMonitor", (err) => report(`uncaught error: ${err instanceof Error ? err.message : String(err)}`));
}

/** Runs `operation`, registered as under way (`what`, e.g. `RebootInstance of instance i-…`) while it runs. */
export async function underWay<T>(what: string, operation: () => Promise<T>): Promise<T> {
    install();
    const id = nextId++;
    running.set(id, what);
    try {
        return await operation();
    } finally {
        running.delete(id);
    }
}
