import { z } from "zod";
import { canonicalJson } from "../inputs/canonical-json";
import { NO_OPERATION, PLAN_KEY } from "./plan";

// Observe before enforcing (`observeOnly: true`, docs/drift.md#observe-only): a resource reads the
// cloud and says how it differs from the program, and changes nothing. Pure helpers shared by every
// resource: the input and outputs every declaration spreads, the drift entries and their comparison,
// and the plan texts. No I/O.

/** The computed input (and output) that carries the drift of an observing attributes resource. */
export const DRIFT_KEY = "drift";

/** The computed input (and output) that carries the operation that became due while an operation resource observed. */
export const PENDING_KEY = "pendingOperation";

/** How the cloud value of a write-only property (a password) shows in a drift entry: it cannot be read back. */
export const NOT_READABLE = "(not readable: write-only)";

/** How a secret value shows in a drift entry: never the value, only its keyed fingerprint (or nothing). */
export function secretShown(fingerprint: string | undefined): string {
    return fingerprint === undefined ? "[secret]" : `[secret] ${fingerprint}`;
}

/** How an unset value shows in a drift entry. */
export const NOT_SET = "(not set)";

/** The `observeOnly` input every resource declares (spread into its declaration). */
export const observeInputs = {
    /**
     * Observe before enforcing: `preview` and `up` read the cloud and show how it differs from the
     * program (output `drift`, or `pendingOperation` for an operation), and `up` makes no call that
     * changes anything. Turning it off is a normal update: the preview shows what will then be
     * enforced, and `up` does it (an operation that became due while observing runs exactly once).
     * Default false.
     */
    observeOnly: z.boolean({ error: "must be true or false" }).optional(),
};

/** One property where the cloud differs from the program: secrets as fingerprints, write-only values as not readable. */
export const driftEntrySchema = z.object({
    /** The input, e.g. `description` or `cpuOptions`. */
    property: z.string(),
    /** The program's value (a secret as `[secret] hmac:…`). */
    program: z.unknown(),
    /** The cloud's value (a secret as `[secret] hmac:…`, a write-only one as `(not readable: write-only)`). */
    cloud: z.unknown(),
});

/** One drifted property (see `driftEntrySchema`). */
export type DriftEntry = z.output<typeof driftEntrySchema>;

/** The outputs of an attributes resource that observes. */
export const observeAttributeOutputs = {
    /**
     * Under `observeOnly`: each managed property whose cloud value differs from the program's, as
     * `{property, program, cloud}` (secrets as keyed fingerprints, write-only values that were never
     * applied as not readable). Empty when the cloud matches; updated by the next `up` (or refresh)
     * when the drift changes. Undefined when not observing.
     */
    drift: z.array(driftEntrySchema).optional(),
};

/** The outputs of an operation resource that observes. */
export const observeOperationOutputs = {
    /**
     * Under `observeOnly`: the operation that became due (the triggers changed, or the resource was
     * created) and was not run, with why. Turning `observeOnly` off runs it exactly once; undefined
     * when nothing is due.
     */
    pendingOperation: z.string().optional(),
};

/** Whether props say the resource observes (only `true` does). */
export function isObserving(props: Record<string, unknown>): boolean {
    return props.observeOnly === true;
}

/** The drift entries recorded in props (old inputs or outputs); anything malformed counts as none. */
export function driftOf(props: Record<string, unknown>): DriftEntry[] {
    const raw = props[DRIFT_KEY];
    if (!Array.isArray(raw)) return [];
    return raw.filter((e): e is DriftEntry => typeof e === "object" && e !== null && typeof (e as DriftEntry).property === "string");
}

/** Whether two drift lists say the same (order-insensitive by property). */
export function sameDrift(a: readonly DriftEntry[], b: readonly DriftEntry[]): boolean {
    const text = (list: readonly DriftEntry[]): string =>
        canonicalJson([...list].sort((x, y) => (x.property < y.property ? -1 : x.property > y.property ? 1 : 0)));
    return text(a) === text(b);
}

/** A value as one short line of plan text (the entries hold no secret: they were made safe before). */
function shown(value: unknown): string {
    if (value === undefined || value === null) return NOT_SET;
    return typeof value === "string" ? JSON.stringify(value) : canonicalJson(value);
}

/** `description: program "a", cloud "b"; …` — the drift as plan text. */
export function driftText(drift: readonly DriftEntry[]): string {
    return drift.map((e) => `${e.property}: program ${shown(e.program)}, cloud ${shown(e.cloud)}`).join("; ");
}

/** The plan of an observing attributes resource: what differs, and that `up` changes nothing. */
export function observePlan(target: string, drift: readonly DriftEntry[] | undefined): string {
    if (drift === undefined) return `observe only: ${target} is read at up, nothing is changed (drift known at up)`;
    if (drift.length === 0) return `observe only: ${target} matches the program; nothing is changed`;
    return `observe only: ${target} differs from the program (${driftText(drift)}); nothing is changed (enforced when observeOnly is turned off)`;
}

/** The plan of an attributes resource whose `observeOnly` is turned off: what will now be enforced. */
export function enforcePlan(target: string, drift: readonly DriftEntry[], call: string, rest: string): string {
    const head =
        drift.length === 0
            ? `observeOnly turned off: ${target} matches the program, nothing to enforce`
            : `observeOnly turned off: enforce on ${target} (${driftText(drift)}) with ${call}`;
    return rest === "none" || rest === "" ? head : `${head}; ${rest}`;
}

/**
 * What an operation resource that observes records as due: the operation that would have run now
 * (`wouldRun`, with its reason) or the one already due. The earliest reason is kept (one run settles both).
 */
export function pendingAfter(previous: unknown, wouldRun: string | undefined): string | undefined {
    if (typeof previous === "string" && previous !== "") return previous;
    return wouldRun;
}

/** The plan of an operation resource that observes. */
export function observeOperationPlan(pending: string | undefined): string {
    return pending === undefined
        ? "observe only: nothing is due; nothing is run"
        : `observe only: not run, recorded as due (${pending}); it runs once when observeOnly is turned off`;
}

/**
 * What `check` of an operation resource adds to the inputs (raw old and new inputs, the plan it
 * computed by its usual rules): while observing, the plan says nothing runs and `pendingOperation`
 * carries what became due (kept from the old inputs); when `observeOnly` is turned off, the plan says
 * the due operation runs now, once.
 */
export function operationCheck(olds: Record<string, unknown>, news: Record<string, unknown>, plan: string): Record<string, unknown> {
    const wouldRun = plan === NO_OPERATION || plan.startsWith(`${NO_OPERATION} `) ? undefined : plan;
    const due = isObserving(olds) && typeof olds[PENDING_KEY] === "string" ? (olds[PENDING_KEY] as string) : undefined;
    if (isObserving(news)) {
        const pending = pendingAfter(due, wouldRun);
        return pending === undefined ? { [PLAN_KEY]: observeOperationPlan(undefined) } : { [PLAN_KEY]: observeOperationPlan(pending), [PENDING_KEY]: pending };
    }
    if (due === undefined) return { [PLAN_KEY]: plan };
    return {
        [PLAN_KEY]:
            wouldRun !== undefined ? `${wouldRun} (observeOnly turned off; due since: ${due}): runs once` : `observeOnly turned off: ${due}: runs now, once`,
    };
}

/** The text of the operation an observing update records as due: the one check computed, else `fallback`. */
export function dueText(news: Record<string, unknown>, fallback: string): string {
    return typeof news[PENDING_KEY] === "string" ? (news[PENDING_KEY] as string) : fallback;
}
