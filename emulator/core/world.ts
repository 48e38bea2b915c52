import { BackendFactory, CloudBackend, EmulatorContext } from "./backend";
import { CallLog } from "./call-log";
import { Clock } from "./clock";
import { FaultInjector } from "./faults";
import { Fixture, loadFixture } from "./fixture";
import { DEFAULT_SETTLE_MS } from "./settling";
import { StateFile } from "./state-file";

/** Everything one emulator instance holds: shared services and one backend per cloud. */
export class World {
    readonly ctx: EmulatorContext;
    readonly backends: CloudBackend[];
    private fixture: Fixture;

    private readonly stateFile?: StateFile;

    /**
     * @param settleMs settling delay in modelled ms (see settling.ts); 0 = reads are live.
     * @param stateFile when given, the world is read from this file if it exists (instead of the
     *   fixture) and written to it after every request and every modelled transition.
     */
    constructor(
        fixture: string | Fixture | undefined,
        timeScale: number,
        factories: BackendFactory[],
        settleMs: number = DEFAULT_SETTLE_MS,
        stateFile?: string,
    ) {
        if (!(settleMs >= 0) || !Number.isFinite(settleMs)) throw new Error(`settleMs must be a number ≥ 0, got ${settleMs}`);
        this.ctx = { clock: new Clock(timeScale), faults: new FaultInjector(), calls: new CallLog(), settleMs };
        this.fixture = loadFixture(fixture);
        this.backends = factories.map((make) => make(this.ctx));
        this.resetBackends();
        if (stateFile !== undefined) {
            this.stateFile = new StateFile(stateFile);
            const saved = this.stateFile.read();
            if (saved !== undefined) {
                for (const b of this.backends) {
                    if (saved.clouds[b.cloud] !== undefined) b.restore?.(saved.clouds[b.cloud]);
                }
                for (const call of saved.calls) this.ctx.calls.record(call);
            }
            this.ctx.clock.onTick(() => this.persist());
            this.persist();
        }
    }

    /** Writes the state file, when there is one (after every request and transition). */
    persist(): void {
        if (this.stateFile === undefined) return;
        const clouds: Record<string, unknown> = {};
        for (const b of this.backends) if (b.snapshot) clouds[b.cloud] = b.snapshot();
        this.stateFile.write({ clouds, calls: this.ctx.calls.list() });
    }

    private resetBackends(): void {
        for (const b of this.backends) b.reset(this.fixture[b.cloud]);
    }

    /**
     * Reloads the world from its fixture, or from a new one which then replaces it for later resets;
     * clears calls, faults and pending transitions. A fixture that fails validation is not kept: the
     * world is reloaded from the previous one and the error is reported.
     */
    reset(fixture?: Fixture): void {
        this.ctx.clock.stop();
        const next = fixture !== undefined ? loadFixture(fixture) : this.fixture;
        const previous = this.fixture;
        this.fixture = next;
        try {
            this.resetBackends();
        } catch (e) {
            // A section the backend refused: put the last good world back before reporting it.
            this.fixture = previous;
            this.resetBackends();
            throw e;
        }
        this.ctx.calls.clear();
        this.ctx.faults.configure({});
        this.persist();
    }

    /** The state dump served by `GET /_emulator/state`. */
    state(): Record<string, unknown> {
        const out: Record<string, unknown> = {
            now: new Date(this.ctx.clock.now()).toISOString(),
            timeScale: this.ctx.clock.timeScale,
            settleMs: this.ctx.settleMs,
            held: this.ctx.clock.held,
        };
        for (const b of this.backends) out[b.cloud] = b.state();
        return out;
    }
}
