/** A modelled transition waiting for its time: when it fires (real epoch ms) and what it does. */
interface Transition {
    /** Real ms left to run: set while held (or scheduled during a hold), else `fireAt` counts. */
    remaining: number;
    fireAt: number;
    fn: () => void;
    timer?: NodeJS.Timeout;
    /** A delivery (ActionTrail's events): held like a transition, not counted in `pendingTransitions`. */
    delivery: boolean;
}

/**
 * The emulator's sense of time. Every modelled duration (a reboot, a reinstall job, a
 * disk re-initialisation) is written in realistic milliseconds and multiplied by
 * `timeScale` here, so tests can run the same state machines a hundred times faster.
 * Transitions can be held (`hold()`): none fires until `release()`, which lets each one
 * run out the time it had left, so a test can keep every operation under way for as long as
 * it needs (e.g. to kill a process while a reboot, a disk re-initialisation and a reinstall
 * are all in their waits) without sleeping.
 */
export class Clock {
    private readonly transitions = new Set<Transition>();
    private readonly sleeps = new Set<NodeJS.Timeout>();
    private readonly tickListeners: (() => void)[] = [];
    /** When the hold began (real epoch ms), or undefined when transitions run. */
    private heldSince: number | undefined;

    /** @param timeScale multiplier applied to every modelled duration (1 = real time, 0.01 = 100x faster). */
    constructor(readonly timeScale: number) {
        if (!(timeScale > 0) || !Number.isFinite(timeScale)) {
            throw new Error(`timeScale must be a positive number, got ${timeScale}`);
        }
    }

    /** Milliseconds since the epoch, unscaled. */
    now(): number {
        return Date.now();
    }

    /** A modelled duration in real milliseconds after scaling. */
    scaled(ms: number): number {
        return Math.max(0, Math.round(ms * this.timeScale));
    }

    /** Runs `fn` after the modelled duration `ms` (scaled). The timer is cancelled by `stop()`; a hold delays it. */
    after(ms: number, fn: () => void): void {
        this.schedule(ms, fn, false);
    }

    /**
     * Like `after`, for a record the cloud delivers late (an ActionTrail event): held by a hold and
     * cancelled by `stop()`, but not a state transition, so `pendingTransitions` does not count it.
     */
    deliverAfter(ms: number, fn: () => void): void {
        this.schedule(ms, fn, true);
    }

    private schedule(ms: number, fn: () => void, delivery: boolean): void {
        const t: Transition = { remaining: this.scaled(ms), fireAt: 0, fn, delivery };
        this.transitions.add(t);
        if (this.heldSince === undefined) this.arm(t);
    }

    private arm(t: Transition): void {
        t.fireAt = this.now() + t.remaining;
        t.timer = setTimeout(() => {
            this.transitions.delete(t);
            t.fn();
            for (const listener of this.tickListeners) listener();
        }, t.remaining);
    }

    /** Whether transitions are held. */
    get held(): boolean {
        return this.heldSince !== undefined;
    }

    /** Modelled transitions scheduled and not yet run. */
    get pendingTransitions(): number {
        let n = 0;
        for (const t of this.transitions) if (!t.delivery) n++;
        return n;
    }

    /**
     * Holds every modelled transition, those scheduled later included: resources stay in the state
     * they are in (Starting, ReIniting, a job INIT or RUNNING) until `release()`. Actions are still
     * served. Idempotent.
     */
    hold(): void {
        if (this.heldSince !== undefined) return;
        this.heldSince = this.now();
        for (const t of this.transitions) {
            clearTimeout(t.timer);
            t.timer = undefined;
            t.remaining = Math.max(0, t.fireAt - this.heldSince);
        }
    }

    /** Ends a hold: each held transition runs after the time it had left when the hold began (or was scheduled). Idempotent. */
    release(): void {
        if (this.heldSince === undefined) return;
        this.heldSince = undefined;
        for (const t of this.transitions) this.arm(t);
    }

    /** Calls `listener` after every modelled transition that ran (the settling records the new state). */
    onTick(listener: () => void): void {
        this.tickListeners.push(listener);
    }

    /** Sleeps for real (already scaled) milliseconds; used for injected latency (never held). */
    sleepReal(ms: number): Promise<void> {
        return new Promise((resolve) => {
            const timer = setTimeout(() => {
                this.sleeps.delete(timer);
                resolve();
            }, ms);
            this.sleeps.add(timer);
        });
    }

    /** Cancels every pending transition (and ends a hold). */
    stop(): void {
        for (const t of this.transitions) clearTimeout(t.timer);
        this.transitions.clear();
        for (const s of this.sleeps) clearTimeout(s);
        this.sleeps.clear();
        this.heldSince = undefined;
    }
}
