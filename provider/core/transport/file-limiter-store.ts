// Pacing shared by the provider processes of several stacks on one machine (ECS_OPS_SHARED_PACING_DIR):
// a limiter's state in a small JSON file, read and written under a lock directory for every step.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

import { progress } from "../resource/progress";
import { initialLimiterState, type LimiterState, type LimiterStore } from "./rate-limiter";

/** The variable naming the directory where stacks on one machine share their limiters' state (one per account). */
export const SHARED_PACING_DIR_VARIABLE = "ECS_OPS_SHARED_PACING_DIR";

/** A lock older than this is taken to be left by a process that died while holding it (a step takes a millisecond). */
const STALE_LOCK_MS = 2000;
/** How long a step waits for the lock before the process gives up sharing. */
const LOCK_WAIT_LIMIT_MS = 10_000;
/** A state no process has written for this long is forgotten: the quota's use it describes is over. */
const FORGET_AFTER_MS = 120_000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks for about `ms` (a lock is held for a millisecond or so: waiting in the event loop would cost more). */
function sleepSync(ms: number): void {
    Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * A `LimiterStore` in a file, for limiters in several processes (the provider processes of stacks
 * deployed side by side on one machine): each step takes a lock directory (`mkdir` is atomic), reads
 * the state, runs, writes it back (to a temporary file renamed over it) and frees the lock.
 */
export class FileLimiterStore implements LimiterStore {
    private readonly lock: string;
    /** The state kept in memory once the file could not be used. */
    private alone: LimiterState | undefined;

    constructor(private readonly file: string) {
        this.lock = `${file}.lock`;
    }

    /**
     * Runs `fn` on the shared state, alone among all processes using the file. When the file cannot
     * be used (no permission, disk full, a lock that cannot be taken for 10 s), the process says so
     * once and paces alone from then on: sharing is an optimisation, never a reason for a call to fail.
     */
    transact<R>(fn: (state: LimiterState) => R): R {
        if (this.alone !== undefined) return fn(this.alone);
        try {
            this.takeLock();
        } catch (err) {
            return fn(this.paceAlone(err, initialLimiterState()));
        }
        try {
            const state = this.read();
            const result = fn(state);
            try {
                const tmp = `${this.file}.${process.pid}.tmp`;
                fs.writeFileSync(tmp, JSON.stringify({ writtenAt: Date.now(), state }));
                fs.renameSync(tmp, this.file);
            } catch (err) {
                this.paceAlone(err, state);
            }
            return result;
        } finally {
            try {
                fs.rmSync(this.lock, { recursive: true, force: true });
            } catch {
                // Taken over as stale by the others after 2 s.
            }
        }
    }

    /** From now on, this process's limiter keeps `state` in memory. */
    private paceAlone(err: unknown, state: LimiterState): LimiterState {
        this.alone = state;
        progress("pacing", `cannot share the pacing state through ${this.file} (${(err as Error).message}); this process paces alone`);
        return state;
    }

    private read(): LimiterState {
        try {
            const saved = JSON.parse(fs.readFileSync(this.file, "utf8")) as { writtenAt?: number; state?: Partial<LimiterState> };
            if (typeof saved.writtenAt === "number" && Date.now() - saved.writtenAt < FORGET_AFTER_MS && saved.state !== undefined) {
                return { ...initialLimiterState(), ...saved.state };
            }
        } catch {
            // No file yet, or one cut short: start afresh.
        }
        return initialLimiterState();
    }

    private takeLock(): void {
        const giveUpAt = Date.now() + LOCK_WAIT_LIMIT_MS;
        for (;;) {
            try {
                fs.mkdirSync(this.lock);
                return;
            } catch (err) {
                if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
            }
            try {
                if (Date.now() - fs.statSync(this.lock).mtimeMs > STALE_LOCK_MS) fs.rmSync(this.lock, { recursive: true, force: true });
            } catch {
                // Freed meanwhile.
            }
            if (Date.now() > giveUpAt) throw new Error(`lock ${this.lock} held for over ${LOCK_WAIT_LIMIT_MS / 1000} s`);
            sleepSync(1);
        }
    }
}

/**
 * The shared store of a limiter key in `dir`, or undefined when `dir` is unset. The file name is a
 * hash of the key (endpoint, region, action), readable by its action's name.
 */
export function sharedLimiterStore(dir: string | undefined, key: string): LimiterStore | undefined {
    if (dir === undefined) return undefined;
    try {
        fs.mkdirSync(dir, { recursive: true });
    } catch {
        // The store says so at its first step, and the process paces alone.
    }
    const action = key.split("|").pop() ?? "";
    const hash = createHash("sha256").update(key).digest("hex").slice(0, 16);
    return new FileLimiterStore(path.join(dir, `${action.replace(/[^A-Za-z0-9_.-]/g, "_")}-${hash}.json`));
}
