import { Clock, realClock } from "./clock";

/** Longest pause while a quota refuses every call (a closed fixed window, e.g. Alibaba's N per minute). */
const MAX_CLOSED_PAUSE_MS = 30_000;
/** How far back the send times of accepted calls are kept (ms). */
const ACCEPTED_HISTORY_MS = 6000;
/** Longest stretch of CUBIC's K for a low quota (seconds). */
const MAX_PROBE_WINDOW_S = 15;

/** Options of `AdaptiveRateLimiter` (defaults in brackets). */
export interface RateLimiterOptions {
    /**
     * Factor applied to the sending rate on a throttling answer [0.9; the AWS SDKs use 0.7, which
     * leaves a few-calls-per-second quota under 0.9 of its use; 0.8 gave 0.80–0.88 of a 5/s quota
     * over ten runs of bench/fleet.ts --throttled-runs, 0.9 gives more with no more throttling].
     */
    beta?: number;
    /** Growth constant C of the CUBIC recovery, in calls/s³ [0.4, as the AWS SDKs]. */
    scale?: number;
    /** Lowest sending rate in calls/s [0.5]. */
    minRate?: number;
    /** Weight of the newest half-second in the measured sending rate [0.8]. */
    smoothing?: number;
    /** Calls at least between a cut and the next probe above the throttled rate [50: a quota of a few calls/s is probed about once in 50 calls, K at most 15 s]. */
    probeCalls?: number;
    /** Throttling answers within this long of the last cut do not cut the rate again [1000 ms]. */
    cutIntervalMs?: number;
    /** Where the pacing state lives [the limiter's own memory]; a shared store paces several limiters as one. */
    store?: LimiterStore;
    clock?: Clock;
}

/** The pacing state of an `AdaptiveRateLimiter`: plain data, so that a store can share it between processes. */
export interface LimiterState {
    enabled: boolean;
    rate: number;
    /** The rate at the last throttling answer (CUBIC's W_max). */
    lastMaxRate: number;
    /** When the last throttling answer came (seconds). */
    lastThrottleAt: number;
    /** When the last call was let through (ms). */
    lastSentAt: number;
    /** Retry-After: no call before this time (ms). */
    pausedUntil: number;
    measuredRate: number;
    /** Times of the answers of the last second that were not throttling ones. */
    accepted: number[];
    bucketStart: number;
    bucketCount: number;
    /** Send times of the calls answered without throttling, for the last few seconds. */
    acceptedSent: number[];
    /** Send times of the calls answered with throttling, for the last few seconds. */
    throttledSent: number[];
    /**
     * The quota window before the call whose throttling made the last cut: answers arriving after the
     * cut to calls sent in it still count towards the rate the quota accepted (answers come out of order).
     */
    cutWindow?: { from: number; to: number; until: number; ceiling: number; count: number };
    throttles: number;
    /** Pauses in a row for a quota that refused every call sent after the last reaction. */
    closedPauses: number;
    /** Calls sent after the last reaction and refused, with none of those accepted. */
    refusedAfterReaction: number;
    /**
     * After a pause for a closed quota, one call goes first and the others wait for its answer (at
     * most 10 s): a fast rate would otherwise send a whole round into a window still closed.
     */
    probe?: { after: number; until: number };
}

/** The state of a limiter that has seen no call. */
export function initialLimiterState(): LimiterState {
    return {
        enabled: false,
        rate: 0,
        lastMaxRate: 0,
        lastThrottleAt: 0,
        // Long ago (not -Infinity, which JSON cannot hold).
        lastSentAt: -1e15,
        pausedUntil: 0,
        measuredRate: 0,
        accepted: [],
        bucketStart: -1,
        bucketCount: 0,
        acceptedSent: [],
        throttledSent: [],
        throttles: 0,
        closedPauses: 0,
        refusedAfterReaction: 0,
    };
}

/**
 * Where limiters keep a state they share: `transact` runs `fn` on the current state, alone (no other
 * transaction on the same store, in any process, runs meanwhile), and keeps what it changed.
 */
export interface LimiterStore {
    transact<R>(fn: (state: LimiterState) => R): R;
}

/** A store in memory: limiters given the same one share their state (tests: several processes in one). */
export class MemoryLimiterStore implements LimiterStore {
    private readonly state = initialLimiterState();

    /** Runs `fn` on the state. */
    transact<R>(fn: (state: LimiterState) => R): R {
        return fn(this.state);
    }
}

/** What the limiter currently does, for progress lines, tests and the benchmark. */
export interface RateLimiterStatus {
    /** Whether pacing is on (it is off until the first throttling answer). */
    enabled: boolean;
    /** Calls per second allowed while enabled. */
    rate: number;
    /** The measured sending rate, calls/s. */
    measuredRate: number;
    /** Throttling answers seen. */
    throttles: number;
}

/**
 * A client-side rate limiter that adapts to throttling, after the AWS SDKs' "adaptive" retry mode:
 * it lets calls through unpaced until the service first throttles; then it paces calls at a rate
 * cut to `beta` × the rate the quota accepted (the count of accepted calls in the second before
 * the throttled one; for a lone throttle while pacing, the spacing of the accepted calls, which
 * is not off by a call; answers that arrive after the cut still count), and on each successful
 * answer lets the rate grow back along a CUBIC curve — concave up to the rate that was throttled,
 * flat around it, then probing above it at AWS's pace — never above twice the measured sending
 * rate. A quota that refuses every call sent since the last reaction (a fixed window used up, such
 * as Alibaba's N per minute, with no retry-after to say when it reopens) is not paced into: every
 * call pauses, twice as long each time (2 s … 30 s), and one call probes before the others follow.
 * Calls are spaced evenly (no
 * bursts), which is what a per-second quota accepts. A `Retry-After` hint pauses every call of
 * the limiter until then. One instance per (cloud, account, region, action), shared by every
 * resource in the provider process; with a shared `store`, limiters of several processes (stacks
 * deployed side by side) keep one state and pace as one.
 */
export class AdaptiveRateLimiter {
    private readonly beta: number;
    private readonly scale: number;
    private readonly minRate: number;
    private readonly smoothing: number;
    private readonly clock: Clock;

    /** Calls waiting for their turn, in arrival order. */
    private readonly queue: Array<{ resolve: (sentAt: number) => void; deadline: number }> = [];
    private draining = false;
    private readonly cutIntervalMs: number;
    private readonly probeCalls: number;
    /** The pacing state: this limiter's own, or, with a shared store, loaded from it for each step. */
    private st: LimiterState = initialLimiterState();
    private readonly store: LimiterStore | undefined;
    private inStep = false;

    constructor(options: RateLimiterOptions = {}) {
        this.beta = options.beta ?? 0.9;
        this.scale = options.scale ?? 0.4;
        this.minRate = options.minRate ?? 0.5;
        this.smoothing = options.smoothing ?? 0.8;
        this.cutIntervalMs = options.cutIntervalMs ?? 1000;
        this.probeCalls = options.probeCalls ?? 50;
        this.clock = options.clock ?? realClock;
        this.store = options.store;
    }

    /**
     * Runs one step on the state: with a shared store, loaded from it and saved back under its lock,
     * so that limiters in several processes act as one (one schedule of slots, one rate, every answer
     * counted).
     */
    private step<R>(fn: () => R): R {
        if (this.store === undefined || this.inStep) return fn();
        return this.store.transact((st) => {
            this.st = st;
            this.inStep = true;
            try {
                return fn();
            } finally {
                this.inStep = false;
            }
        });
    }

    /**
     * Waits until this call may be sent: for the pacing slot while pacing is on, and past any
     * Retry-After pause. Never waits past `deadline` (the call then goes out at the deadline and
     * its answer decides). Resolves to the time the call is sent, to give back to `onThrottle`.
     */
    acquire(deadline: number): Promise<number> {
        const now = this.clock.now();
        if (this.queue.length === 0 && this.step(() => this.takeSlot(now) <= now)) return Promise.resolve(now);
        return new Promise<number>((resolve) => {
            this.queue.push({ resolve, deadline });
            void this.drain();
        });
    }

    /**
     * The rate the quota accepted in the two seconds before `at`, from the spacing of the send times
     * of the calls answered without throttling (calls/s), when there were at least three: while the
     * limiter paces and nothing is throttled, its own rate; with callers sending less, theirs; with
     * part of the calls throttled, what was accepted. Below 2/s (a stack's share of a quota several
     * stacks use) two seconds hold too few calls: then the last four accepted of the last six seconds.
     */
    private acceptedRate(at: number): number | undefined {
        const sent = this.st.acceptedSent.filter((t) => t > at - ACCEPTED_HISTORY_MS && t <= at).sort((a, b) => a - b);
        const inTwoSeconds = sent.filter((t) => t > at - 2000);
        const recent = inTwoSeconds.length >= 4 ? inTwoSeconds : sent.slice(-4);
        if (recent.length < 3) return undefined;
        const spanMs = recent[recent.length - 1] - recent[0];
        return spanMs > 0 ? ((recent.length - 1) * 1000) / spanMs : undefined;
    }

    /** When the next call may go: after the pause, and one interval after the last call while pacing. */
    private dueAt(): number {
        const p = this.st.probe;
        if (p !== undefined && this.st.lastSentAt >= p.after && this.clock.now() < p.until) return p.until;
        return Math.max(this.st.pausedUntil, this.st.enabled ? this.st.lastSentAt + 1000 / this.st.rate : -Infinity);
    }

    /** When the next call may go; when that is `now` or earlier, the slot is taken (the call goes now). */
    private takeSlot(now: number): number {
        const due = this.dueAt();
        if (due <= now) this.st.lastSentAt = now;
        return due;
    }

    /** Releases waiting calls one at a time at the current rate (re-read at every step, so a cut applies at once). */
    private async drain(): Promise<void> {
        if (this.draining) return;
        this.draining = true;
        try {
            while (this.queue.length > 0) {
                const now = this.clock.now();
                // A call whose deadline has come goes now (its answer decides).
                const late = this.queue.findIndex((w) => w.deadline <= now);
                if (late >= 0) {
                    const [w] = this.queue.splice(late, 1);
                    w.resolve(now);
                    continue;
                }
                const due = this.step(() => this.takeSlot(now));
                if (due > now) {
                    const soonestDeadline = Math.min(...this.queue.map((w) => w.deadline));
                    // Wake at most every 100 ms, so that a rate raised meanwhile applies soon.
                    await this.clock.sleep(Math.min(due, soonestDeadline, now + 100) - now);
                    continue;
                }
                this.queue.shift()!.resolve(now);
            }
        } finally {
            this.draining = false;
        }
    }

    /**
     * Records an answer that was not a throttling one (success or any other error); `sentAt` is what
     * `acquire` gave for the call (default: now).
     */
    onSuccess(sentAt?: number): void {
        this.step(() => this.recordSuccess(sentAt));
    }

    private recordSuccess(sentAt: number | undefined): void {
        const now = this.clock.now();
        this.measure(true);
        const sent = sentAt ?? now;
        this.st.acceptedSent.push(sent);
        while (this.st.acceptedSent.length > 0 && now - this.st.acceptedSent[0] > ACCEPTED_HISTORY_MS) this.st.acceptedSent.shift();
        if (sentAt !== undefined && sentAt > this.st.lastThrottleAt * 1000) {
            this.st.closedPauses = 0;
            this.st.refusedAfterReaction = 0;
        }
        // The probe after a closed pause passed: the quota is open again.
        if (this.st.probe !== undefined && sent >= this.st.probe.after) this.st.probe = undefined;
        const w = this.st.cutWindow;
        if (w !== undefined && sentAt !== undefined && now <= w.until && sent > w.from && sent <= w.to) {
            // A late answer from the quota window of the last cut: the quota accepted more than seen then.
            w.count++;
            this.st.lastMaxRate = Math.max(this.st.lastMaxRate, Math.min(w.count, w.ceiling));
        }
        if (!this.st.enabled) return;
        const k = this.window();
        const t = now / 1000 - this.st.lastThrottleAt - k;
        // Up to K, the concave curve through beta·W_max at the cut and W_max at K (the AWS curve when K
        // is not stretched); after K, AWS's probing curve W_max + C·(t - K)³, so that a quota that grew
        // (another client stopped) is found in seconds however long K was stretched.
        const c = t <= 0 ? (this.st.lastMaxRate * (1 - this.beta)) / (k * k * k) : this.scale;
        const cubic = c * t * t * t + this.st.lastMaxRate;
        this.setRate(Math.min(cubic, 2 * Math.max(this.st.measuredRate, this.minRate)));
    }

    /**
     * Records a throttling answer: `sentAt` is what `acquire` gave for the call, `retryAfterMs` how
     * long the service asked to wait, when it said. The rate is cut once per round trip: answers to
     * calls sent before the last cut (already in flight then) do not cut it again.
     */
    onThrottle(sentAt?: number, retryAfterMs?: number): void {
        this.step(() => this.recordThrottle(sentAt, retryAfterMs));
    }

    private recordThrottle(sentAt: number | undefined, retryAfterMs: number | undefined): void {
        this.measure();
        this.st.throttles++;
        const now = this.clock.now();
        const sent = sentAt ?? now;
        // Was the quota already refusing calls in the second before this one (not a lone probe)?
        const refusing = this.st.throttledSent.some((t) => t > sent - 1000 && t < sent);
        this.st.throttledSent.push(sent);
        while (this.st.throttledSent.length > 0 && now - this.st.throttledSent[0] > 3000) this.st.throttledSent.shift();
        if (retryAfterMs !== undefined && retryAfterMs > 0) this.st.pausedUntil = Math.max(this.st.pausedUntil, now + retryAfterMs);
        // Three calls sent after the last reaction (cut or pause) refused, and none sent since accepted
        // (a per-second quota frees a call within one or two after a cut): the quota is not slow but
        // closed — a fixed window used up (Alibaba counts N per minute), or taken by others. Pacing
        // slower would not reopen it: pause every call instead, twice as long each time it is still
        // closed (2 s, 4 s, … 30 s), then send one call to see, and keep the rate for when it reopens.
        const reacted = this.st.lastThrottleAt * 1000;
        if (this.st.enabled && sentAt !== undefined && sentAt > reacted && !this.st.acceptedSent.some((t) => t > reacted)) this.st.refusedAfterReaction++;
        if (this.st.refusedAfterReaction >= (this.st.closedPauses > 0 ? 1 : 3)) {
            this.st.refusedAfterReaction = 0;
            this.st.closedPauses++;
            const pause = Math.min(this.cutIntervalMs * 2 ** this.st.closedPauses, MAX_CLOSED_PAUSE_MS);
            this.st.pausedUntil = Math.max(this.st.pausedUntil, now + pause);
            this.st.probe = { after: this.st.pausedUntil, until: this.st.pausedUntil + 10_000 };
            this.st.lastThrottleAt = now / 1000;
            return;
        }
        // One cut per quota window: the answers to calls sent before the last cut, or within a
        // second of it (a per-second quota is still full of the calls that overran it), do not cut again.
        if (this.st.enabled && ((sentAt !== undefined && sentAt < this.st.lastThrottleAt * 1000) || now - this.st.lastThrottleAt * 1000 < this.cutIntervalMs))
            return;
        // The base is what the quota accepted in the last second, not the rate of every answer: the
        // answers of the last second, or the accepted calls sent in the second before the throttled
        // one, whichever is more; answers to those that arrive later raise it (onSuccess).
        // A lone throttle while pacing (a probe just over the quota) is better told by the spacing of
        // the accepted calls, which is the rate they went out at: a count of one second's answers is off
        // by up to one call, a third of a 3/s quota. While the quota refuses calls, the count is right
        // (the accepted ones come in clusters as its window frees, and their spacing says nothing).
        // Both are lower bounds of what the quota takes: after a climb (a quota freed by stacks that
        // finished) the spacing over two seconds lags behind the last second's count, so the larger one.
        const sentInWindow = this.st.acceptedSent.filter((t) => t > sent - 1000 && t <= sent).length;
        const accepted = Math.max(this.acceptedInLastSecond(now), sentInWindow);
        const ceiling = this.st.enabled ? this.st.rate : Infinity;
        this.st.cutWindow = { from: sent - 1000, to: sent, until: now + 2 * this.cutIntervalMs, ceiling, count: sentInWindow };
        const spaced = this.acceptedRate(sent);
        const base = Math.min(this.st.enabled && !refusing && spaced !== undefined ? Math.max(spaced, sentInWindow) : accepted, ceiling);
        // Nothing accepted lately (a throttle right after idling) says little about the quota: assume 1/s.
        this.st.lastMaxRate = Math.max(base, 1, this.minRate);
        this.st.lastThrottleAt = now / 1000;
        this.st.refusedAfterReaction = 0;
        // The first throttle ends an unpaced burst: let the quota window drain once before pacing.
        if (!this.st.enabled) this.st.pausedUntil = Math.max(this.st.pausedUntil, now + this.cutIntervalMs);
        this.st.enabled = true;
        this.setRate(this.st.lastMaxRate * this.beta);
    }

    /** The current state. */
    status(): RateLimiterStatus {
        return this.step(() => ({ enabled: this.st.enabled, rate: this.st.rate, measuredRate: this.st.measuredRate, throttles: this.st.throttles }));
    }

    /**
     * CUBIC's K: how long after a cut the rate is back at W_max — AWS's cbrt(W_max·(1-β)/C), but
     * at least `probeCalls` calls at W_max, so that a low quota is probed no more often than
     * about one call in `probeCalls` (the stretch is at most 15 s: a 3/s quota is probed about every 16 s).
     */
    private window(): number {
        const aws = Math.cbrt((this.st.lastMaxRate * (1 - this.beta)) / this.scale);
        return Math.max(aws, Math.min(this.probeCalls / this.st.lastMaxRate, MAX_PROBE_WINDOW_S));
    }

    private setRate(rate: number): void {
        this.st.rate = Math.max(rate, this.minRate);
    }

    /** Updates the measured sending rate: calls per half-second bucket, smoothed. */
    private measure(accepted = false): void {
        const now = this.clock.now();
        const bucket = Math.floor(now / 500) * 500;
        if (this.st.bucketStart < 0) this.st.bucketStart = bucket;
        if (bucket > this.st.bucketStart) {
            const seconds = (bucket - this.st.bucketStart) / 1000;
            // A stretch of more than 2 s without answers (a pause for a closed quota, or nothing to
            // send) says nothing about the sending rate: it would cap the rate near zero when calls resume.
            if (seconds <= 2) this.st.measuredRate = (this.st.bucketCount / seconds) * this.smoothing + this.st.measuredRate * (1 - this.smoothing);
            this.st.bucketCount = 0;
            this.st.bucketStart = bucket;
        }
        this.st.bucketCount++;
        if (accepted) {
            this.st.accepted.push(now);
            this.acceptedInLastSecond(now);
        }
    }

    /** How many answers of the last second were not throttling ones. */
    private acceptedInLastSecond(now: number): number {
        while (this.st.accepted.length > 0 && now - this.st.accepted[0] >= 1000) this.st.accepted.shift();
        return this.st.accepted.length;
    }
}

/** Limiters by key, created on first use; module-level in the provider process (never in state). */
export class RateLimiterRegistry {
    private readonly limiters = new Map<string, AdaptiveRateLimiter>();

    /**
     * `storeFor` gives the store of a key's limiter when it is created, to share its state with
     * other processes (see `file-limiter-store.ts`); undefined: the limiter's own memory.
     */
    constructor(
        private readonly options: RateLimiterOptions = {},
        private readonly storeFor: (key: string) => LimiterStore | undefined = () => undefined,
    ) {}

    /** The limiter of a key such as `alicloud|<account>|cn-hangzhou|ModifyInstanceAttribute`. */
    for(key: string): AdaptiveRateLimiter {
        let l = this.limiters.get(key);
        if (l === undefined) {
            l = new AdaptiveRateLimiter({ ...this.options, store: this.options.store ?? this.storeFor(key) });
            this.limiters.set(key, l);
        }
        return l;
    }

    /** Forgets every limiter (tests: each starts like a new provider process). */
    clear(): void {
        this.limiters.clear();
    }

    /** Every limiter's status by key, for the benchmark. */
    statuses(): Record<string, RateLimiterStatus> {
        return Object.fromEntries([...this.limiters].map(([k, l]) => [k, l.status()]));
    }
}

/** Reads a Retry-After style header value: seconds (`"2"`, `"0.5"`) or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now: number = Date.now()): number | undefined {
    if (value === undefined || value === null || value.trim() === "") return undefined;
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
    const at = Date.parse(text);
    return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
