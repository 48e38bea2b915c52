/**
 * The emulator's sense of time. Every modelled duration (a reboot, a reinstall job, a
 * disk re-initialisation) is written in realistic milliseconds and multiplied by
 * `timeScale` here, so tests can run the same state machines a hundred times faster.
 */
export class Clock {
    private readonly timers = new Set<NodeJS.Timeout>();
    /** Called after every modelled transition (the state file saves the world then). */
    onTransition?: () => void;

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

    /** Runs `fn` after the modelled duration `ms` (scaled). The timer is cancelled by `stop()`. */
    after(ms: number, fn: () => void): void {
        const timer = setTimeout(() => {
            this.timers.delete(timer);
            fn();
            this.onTransition?.();
        }, this.scaled(ms));
        this.timers.add(timer);
    }

    /** Sleeps for real (already scaled) milliseconds; used for injected latency. */
    sleepReal(ms: number): Promise<void> {
        return new Promise((resolve) => {
            const timer = setTimeout(() => {
                this.timers.delete(timer);
                resolve();
            }, ms);
            this.timers.add(timer);
        });
    }

    /** Cancels every pending transition. */
    stop(): void {
        for (const t of this.timers) clearTimeout(t);
        this.timers.clear();
    }
}
