import { Clock, realClock } from "./clock";

/**
 * Fetches many keys in one call. Resolves to the values found; a key missing from the map means
 * "does not exist". Rejecting fails every request of the batch with that error.
 */
export type BatchFetch<V> = (keys: readonly string[], deadline: number) => Promise<ReadonlyMap<string, V>>;

/** Options of `Batcher`. */
export interface BatcherOptions {
    /** Most keys per call (DescribeInstances: 100). */
    maxBatch: number;
    /** Send once no new key arrived for this long (default 50 ms). */
    idleMs?: number;
    /** Send at the latest this long after the batch's first key (default 200 ms). */
    maxWaitMs?: number;
    clock?: Clock;
}

interface Waiter<V> {
    resolve: (value: V | undefined) => void;
    reject: (err: unknown) => void;
}

/** How long a read may wait for others to join it (see `BatcherOptions`). */
export interface BatchWindow {
    idleMs?: number;
    maxWaitMs?: number;
    /**
     * Reads that arrive at the pace of the engine's steps (adoption: each create starts when an
     * earlier step's checkpoint is written, hundreds of ms apart in a large stack) wait, after
     * the last of them, twice the longest of the recent gaps between such reads — at least
     * `idleMs`, at most this. A fixed idle time shorter than that pace sends every read alone.
     */
    adaptiveIdleMaxMs?: number;
}

interface Pending<V> {
    waiters: Map<string, Array<Waiter<V>>>;
    deadline: number;
    idleMs: number;
    maxWaitMs: number;
    firstAt: number;
    lastAt: number;
    /** Bumped on every arrival, so that only the latest idle timer sends. */
    generation: number;
    sent: boolean;
}

/**
 * Coalesces reads that arrive close together into calls of up to `maxBatch` keys.
 *
 * A request joins the batch being collected (never one already sent: a read asked for after a
 * write is always answered by a call sent after it). The batch is sent when it is full, when it is
 * as large as the largest of the last 8 batches (a round of readers is complete), when no request
 * arrived for `idleMs`, or `maxWaitMs` after its first request, whichever comes first.
 * Requests for the same key in one batch share one entry. The call's deadline is the latest of
 * its requests' deadlines. Batches are sent independently (pacing is the rate limiter's job).
 */
export class Batcher<V> {
    private pending: Pending<V> | undefined;
    private readonly idleMs: number;
    private readonly maxWaitMs: number;
    private readonly clock: Clock;
    /** Calls made, for tests and the benchmark. */
    calls = 0;
    /** Sizes of the last batches sent. */
    private readonly recentSizes: number[] = [];
    /** When the last read with an adaptive window arrived, and the last gaps between such reads. */
    private lastPacedAt: number | undefined;
    private readonly pacedGaps: number[] = [];

    constructor(
        private readonly fetch: BatchFetch<V>,
        private readonly options: BatcherOptions,
    ) {
        if (!(options.maxBatch >= 1)) throw new Error("maxBatch must be at least 1");
        this.idleMs = options.idleMs ?? 50;
        this.maxWaitMs = options.maxWaitMs ?? 200;
        this.clock = options.clock ?? realClock;
    }

    /**
     * The value of `key` (undefined when the fetch did not return it), read in a batch. `window`
     * lengthens the batch's windows for this read (adoption, whose reads arrive as fast as the
     * program registers resources, waits longer than a refresh, whose reads arrive together).
     */
    get(key: string, deadline: number, window: BatchWindow = {}): Promise<V | undefined> {
        return new Promise<V | undefined>((resolve, reject) => {
            const now = this.clock.now();
            let batch = this.pending;
            if (batch === undefined || batch.sent) {
                batch = { waiters: new Map(), deadline, idleMs: this.idleMs, maxWaitMs: this.maxWaitMs, firstAt: now, lastAt: now, generation: 0, sent: false };
                this.pending = batch;
            }
            const maxWait = Math.max(batch.maxWaitMs, window.maxWaitMs ?? 0);
            if (batch.waiters.size === 0 || maxWait > batch.maxWaitMs) {
                batch.maxWaitMs = maxWait;
                this.scheduleMaxWait(batch, batch.firstAt + maxWait - now);
            }
            batch.idleMs = Math.max(batch.idleMs, window.idleMs ?? 0, this.pacedIdle(now, window));
            const list = batch.waiters.get(key) ?? [];
            list.push({ resolve, reject });
            batch.waiters.set(key, list);
            batch.deadline = Math.max(batch.deadline, deadline);
            batch.lastAt = now;
            if (batch.waiters.size >= Math.min(this.options.maxBatch, this.target())) {
                this.send(batch);
                return;
            }
            this.scheduleIdle(batch);
        });
    }

    /** The idle time of an adaptive window (see `BatchWindow.adaptiveIdleMaxMs`), recording this arrival. */
    private pacedIdle(now: number, window: BatchWindow): number {
        if (window.adaptiveIdleMaxMs === undefined) return 0;
        if (this.lastPacedAt !== undefined) {
            this.pacedGaps.push(now - this.lastPacedAt);
            if (this.pacedGaps.length > 8) this.pacedGaps.shift();
        }
        this.lastPacedAt = now;
        const longest = this.pacedGaps.length > 0 ? Math.max(...this.pacedGaps) : 0;
        return Math.min(window.adaptiveIdleMaxMs, Math.max(window.idleMs ?? 0, 2 * longest));
    }

    private scheduleIdle(batch: Pending<V>): void {
        const generation = ++batch.generation;
        void this.clock.sleep(batch.idleMs).then(() => {
            if (batch.generation === generation) this.send(batch);
        });
    }

    private scheduleMaxWait(batch: Pending<V>, ms: number): void {
        const maxWait = batch.maxWaitMs;
        void this.clock.sleep(ms).then(() => {
            // A later, longer window replaced this one.
            if (batch.maxWaitMs === maxWait) this.send(batch);
        });
    }

    /**
     * The size at which a batch goes out before its idle time: the largest of the last batches
     * (readers in flight come in rounds, e.g. the engine's `--parallel` refreshes; once a round is
     * complete, waiting longer gains nothing). Never below 2; `maxBatch` before any batch.
     */
    private target(): number {
        return this.recentSizes.length === 0 ? this.options.maxBatch : Math.max(2, ...this.recentSizes);
    }

    private send(batch: Pending<V>): void {
        if (batch.sent) return;
        batch.sent = true;
        if (this.pending === batch) this.pending = undefined;
        const keys = [...batch.waiters.keys()];
        this.recentSizes.push(keys.length);
        if (this.recentSizes.length > 8) this.recentSizes.shift();
        this.calls++;
        this.fetch(keys, batch.deadline).then(
            (found) => {
                for (const [key, waiters] of batch.waiters) for (const w of waiters) w.resolve(found.get(key));
            },
            (err: unknown) => {
                for (const waiters of batch.waiters.values()) for (const w of waiters) w.reject(err);
            },
        );
    }
}

/**
 * Batchers by group key (e.g. cloud, endpoint, credentials and region), created on first use.
 * Held at module level in the provider process, so every resource of a deployment shares them;
 * never part of a serialized provider or of state.
 */
export class BatcherRegistry<V> {
    private readonly batchers = new Map<string, Batcher<V>>();

    constructor(private readonly make: (group: string) => Batcher<V>) {}

    /** The batcher of a group. */
    for(group: string): Batcher<V> {
        let b = this.batchers.get(group);
        if (b === undefined) {
            b = this.make(group);
            this.batchers.set(group, b);
        }
        return b;
    }

    /** Forgets every batcher and its history (reads already waiting are still answered by theirs). */
    clear(): void {
        this.batchers.clear();
    }
}
