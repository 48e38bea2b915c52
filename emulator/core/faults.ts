import { CloudName } from "./call-log";

/** Selects calls: a cloud (or `*`) and an action/operation name (or `*`). */
export interface FaultTarget {
    cloud?: CloudName | "*";
    action?: string;
}

/**
 * Answer calls beyond a quota with the cloud's throttling error: beyond `qps` in any sliding second,
 * beyond `limit` per fixed window of `windowMs` (windows aligned to the real clock: 60000 is the
 * calendar minute, Alibaba's "N per 60 s"), or the next `count` calls. Refused calls do not use the quota.
 */
export interface ThrottleFault extends FaultTarget {
    qps?: number;
    count?: number;
    limit?: number;
    windowMs?: number;
    /**
     * Whether the throttling answer says how long to wait (Alibaba `x-acs-retry-after`, ms; Huawei
     * `Retry-After`, whole seconds rounded up): until the sliding second or the fixed window frees a
     * call. Default true; `count` rules never say (they know no time).
     */
    retryAfter?: boolean;
}

/** Answer a fraction `rate` of calls (or the next `count` calls) with HTTP `status` (500 or 503). */
export interface ErrorFault extends FaultTarget {
    status: 500 | 503;
    rate?: number;
    count?: number;
    /** The call is served (its action takes effect) and only then answered with the error: an answer lost after acceptance. */
    after?: boolean;
}

/** Delay matching calls by `ms` real milliseconds. */
export interface LatencyFault extends FaultTarget {
    ms: number;
    /** Delay the answer after the action took effect (default: before the action runs, like a queued request). */
    after?: boolean;
}

/** When a fault applies: before the action runs, or after it took effect (the answer only). */
export type FaultPhase = "before" | "after";

/** Body of `POST /_emulator/faults`. Each list replaces the current one; `{}` clears everything. */
export interface FaultConfig {
    throttle?: ThrottleFault[];
    errors?: ErrorFault[];
    latency?: LatencyFault[];
}

/** What a cloud front end must do with a call before serving it. */
export type FaultDecision =
    | { kind: "none" }
    | { kind: "throttle"; /** Real ms until the quota frees a call, when the rule tells it. */ retryAfterMs?: number }
    | { kind: "error"; status: 500 | 503 };

function matches(target: FaultTarget, cloud: CloudName, action: string): boolean {
    const c = target.cloud ?? "*";
    const a = target.action ?? "*";
    return (c === "*" || c === cloud) && (a === "*" || a === action);
}

function validTarget(t: FaultTarget, where: string): void {
    if (t.cloud !== undefined && !["*", "alicloud", "huaweicloud"].includes(t.cloud)) {
        throw new Error(`${where}.cloud must be "alicloud", "huaweicloud" or "*"`);
    }
    if (t.action !== undefined && typeof t.action !== "string") throw new Error(`${where}.action must be a string`);
}

function positive(v: unknown, where: string): void {
    if (v !== undefined && (typeof v !== "number" || !(v > 0))) throw new Error(`${where} must be a positive number`);
}

/** Validates a fault configuration received on the control API; throws with the offending field. */
export function parseFaultConfig(body: unknown): FaultConfig {
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("faults must be a JSON object");
    const cfg = body as FaultConfig;
    for (const key of Object.keys(cfg)) {
        if (!["throttle", "errors", "latency"].includes(key)) throw new Error(`unknown fault kind "${key}"`);
    }
    (cfg.throttle ?? []).forEach((t, i) => {
        validTarget(t, `throttle[${i}]`);
        positive(t.qps, `throttle[${i}].qps`);
        positive(t.count, `throttle[${i}].count`);
        positive(t.limit, `throttle[${i}].limit`);
        positive(t.windowMs, `throttle[${i}].windowMs`);
        if ((t.limit === undefined) !== (t.windowMs === undefined)) throw new Error(`throttle[${i}] needs limit and windowMs together`);
        const kinds = [t.qps, t.count, t.limit].filter((v) => v !== undefined).length;
        if (kinds === 0) throw new Error(`throttle[${i}] needs qps, count, or limit with windowMs`);
        if (kinds > 1) throw new Error(`throttle[${i}] takes only one of qps, count, limit/windowMs`);
        if (t.retryAfter !== undefined && typeof t.retryAfter !== "boolean") throw new Error(`throttle[${i}].retryAfter must be a boolean`);
    });
    (cfg.errors ?? []).forEach((e, i) => {
        validTarget(e, `errors[${i}]`);
        if (e.status !== 500 && e.status !== 503) throw new Error(`errors[${i}].status must be 500 or 503`);
        if (e.rate !== undefined && !(e.rate > 0 && e.rate <= 1)) throw new Error(`errors[${i}].rate must be in (0, 1]`);
        positive(e.count, `errors[${i}].count`);
        if (e.rate === undefined && e.count === undefined) throw new Error(`errors[${i}] needs rate or count`);
        if (e.after !== undefined && typeof e.after !== "boolean") throw new Error(`errors[${i}].after must be a boolean`);
    });
    (cfg.latency ?? []).forEach((l, i) => {
        validTarget(l, `latency[${i}]`);
        positive(l.ms, `latency[${i}].ms`);
        if (l.after !== undefined && typeof l.after !== "boolean") throw new Error(`latency[${i}].after must be a boolean`);
    });
    return cfg;
}

/** Holds the injected faults and decides, call by call, which one applies. */
export class FaultInjector {
    private throttle: ThrottleFault[] = [];
    private errors: ErrorFault[] = [];
    private latency: LatencyFault[] = [];
    /** Arrival times per throttle rule, for the sliding one-second QPS window. */
    private windows = new Map<ThrottleFault, number[]>();
    /** Per fixed-window rule: the window's start (a multiple of `windowMs`) and the calls it admitted. */
    private fixed = new Map<ThrottleFault, { start: number; used: number }>();

    constructor(private readonly random: () => number = Math.random) {}

    /** Replaces the lists present in `cfg`; an empty object clears all faults. */
    configure(cfg: FaultConfig): void {
        const clearAll = Object.keys(cfg).length === 0;
        if (clearAll || cfg.throttle) {
            this.throttle = (cfg.throttle ?? []).map((t) => ({ ...t }));
            this.windows.clear();
            this.fixed.clear();
        }
        if (clearAll || cfg.errors) this.errors = (cfg.errors ?? []).map((e) => ({ ...e }));
        if (clearAll || cfg.latency) this.latency = (cfg.latency ?? []).map((l) => ({ ...l }));
    }

    /** The current configuration, for `GET /_emulator/faults`. */
    current(): FaultConfig {
        return { throttle: this.throttle, errors: this.errors, latency: this.latency };
    }

    /** Real milliseconds to delay this call, before its action runs or (`after`) before its answer. */
    latencyFor(cloud: CloudName, action: string, phase: FaultPhase = "before"): number {
        return this.latency.filter((l) => matches(l, cloud, action) && (l.after === true) === (phase === "after")).reduce((sum, l) => sum + l.ms, 0);
    }

    /**
     * Decides whether this call is throttled or failed; counts it against count-limited rules.
     * Phase `before` (the default) applies throttling and the errors without `after`; phase
     * `after`, asked once the action took effect, applies only the errors with `after: true`.
     */
    decide(cloud: CloudName, action: string, now: number, phase: FaultPhase = "before"): FaultDecision {
        for (const t of phase === "before" ? this.throttle : []) {
            if (!matches(t, cloud, action)) continue;
            if (t.count !== undefined) {
                if (t.count > 0) {
                    t.count--;
                    return { kind: "throttle" };
                }
                continue;
            }
            const tell = t.retryAfter !== false;
            if (t.limit !== undefined && t.windowMs !== undefined) {
                const start = Math.floor(now / t.windowMs) * t.windowMs;
                const slot = this.fixed.get(t);
                const used = slot !== undefined && slot.start === start ? slot.used : 0;
                if (used >= t.limit) return tell ? { kind: "throttle", retryAfterMs: Math.max(1, start + t.windowMs - now) } : { kind: "throttle" };
                this.fixed.set(t, { start, used: used + 1 });
                continue;
            }
            const window = (this.windows.get(t) ?? []).filter((at) => now - at < 1000);
            if (window.length >= (t.qps ?? Infinity)) {
                this.windows.set(t, window);
                // The oldest call of the sliding second leaves it at its arrival + 1 s.
                return tell ? { kind: "throttle", retryAfterMs: Math.max(1, window[0] + 1000 - now) } : { kind: "throttle" };
            }
            window.push(now);
            this.windows.set(t, window);
        }
        for (const e of this.errors) {
            if (!matches(e, cloud, action) || (e.after === true) !== (phase === "after")) continue;
            if (e.count !== undefined) {
                if (e.count > 0) {
                    e.count--;
                    return { kind: "error", status: e.status };
                }
                continue;
            }
            if (this.random() < (e.rate ?? 0)) return { kind: "error", status: e.status };
        }
        return { kind: "none" };
    }
}
