import type { Clock } from "../../provider/core/transport/clock";

/** A manual clock for the batcher and limiter tests: time moves only with `advance`. */
export class FakeClock implements Clock {
    private t: number;
    private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
    private seq = 0;

    constructor(start = 1_000_000) {
        this.t = start;
    }

    now(): number {
        return this.t;
    }

    sleep(ms: number): Promise<void> {
        return new Promise((resolve) => {
            this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve });
        });
    }

    /** Lets pending promise callbacks run (several turns of the microtask queue). */
    async settle(): Promise<void> {
        for (let i = 0; i < 20; i++) await Promise.resolve();
    }

    /** Moves time forward by `ms`, firing due timers in order and letting their callbacks run. */
    async advance(ms: number): Promise<void> {
        const end = this.t + ms;
        await this.settle();
        for (;;) {
            this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
            const next = this.timers[0];
            if (next === undefined || next.at > end) break;
            this.timers.shift();
            this.t = Math.max(this.t, next.at);
            next.resolve();
            await this.settle();
        }
        this.t = end;
        await this.settle();
    }

    /** Timers still waiting. */
    get pendingTimers(): number {
        return this.timers.length;
    }
}
