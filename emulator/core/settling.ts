import { Clock } from "./clock";

/**
 * Default settling delay (modelled ms, scaled by the time scale): how long a Describe keeps
 * reporting the state from before an action. Real ECS APIs answer reads from a cache that lags
 * the control plane by about a second or two after a reboot, stop, start, disk re-initialisation
 * or attribute change; 3 s is a pessimistic round value.
 */
export const DEFAULT_SETTLE_MS = 3_000;

/**
 * Read-side lag ("settling") of one cloud's resources. The writer calls `commit()` after every
 * change (each served action, each timed transition); readers call `visible()` and get the state
 * as it was `settleMs` (scaled) ago — the state before an action stays visible for that long.
 * With `settleMs = 0` readers see the live state.
 */
export class Settling<T> {
    private snapshots: { at: number; value: T }[] = [];

    /**
     * @param clock the emulator clock (scales the delay)
     * @param settleMs modelled delay in ms (0 = no lag)
     * @param capture a deep copy of the readable state, taken at each commit
     */
    constructor(
        private readonly clock: Clock,
        readonly settleMs: number,
        private readonly capture: () => T,
    ) {
        if (!(settleMs >= 0) || !Number.isFinite(settleMs)) throw new Error(`settleMs must be a number ≥ 0, got ${settleMs}`);
    }

    /** The delay in real milliseconds. */
    lagMs(): number {
        return this.clock.scaled(this.settleMs);
    }

    /** Forgets the history and records the state just loaded (a reset is visible at once). */
    reset(): void {
        this.snapshots = [];
        if (this.settleMs > 0) this.snapshots.push({ at: Number.NEGATIVE_INFINITY, value: this.capture() });
    }

    /** Records the current state as of now. */
    commit(): void {
        if (this.settleMs === 0) return;
        const now = this.clock.now();
        const last = this.snapshots[this.snapshots.length - 1];
        if (last !== undefined && last.at === now) this.snapshots.pop();
        this.snapshots.push({ at: now, value: this.capture() });
        this.prune(now);
    }

    /** The state readers see now: the last one committed at least `lagMs()` ago (else `live`). */
    visible(live: T): T {
        if (this.settleMs === 0 || this.snapshots.length === 0) return live;
        const cutoff = this.clock.now() - this.lagMs();
        this.prune(this.clock.now());
        let seen: T | undefined;
        for (const s of this.snapshots) {
            if (s.at <= cutoff) seen = s.value;
            else break;
        }
        return seen ?? this.snapshots[0].value;
    }

    /** Drops snapshots no reader can see any more (keeps the newest one older than the cutoff). */
    private prune(now: number): void {
        const cutoff = now - this.lagMs();
        let keepFrom = 0;
        for (let i = 0; i < this.snapshots.length; i++) if (this.snapshots[i].at <= cutoff) keepFrom = i;
        if (keepFrom > 0) this.snapshots = this.snapshots.slice(keepFrom);
    }
}
