import { containsUnknown } from "../inputs/unknowns";

// The operation plan, carried by the preview itself. `check` adds the computed, non-secret input
// `plannedOperation` to every operation resource: what `up` will do to which instance, disk or
// server, and why — or "none". Check results are what the engine diffs and prints, so the plan
// shows in `pulumi preview --diff` on the resource (`~ plannedOperation: "none" => "reboot …"`),
// and in `pulumi preview --json` as an input of the step. It is never an instruction: create and
// update decide from the state as always, by the same rules.

/** The computed input that states the plan. */
export const PLAN_KEY = "plannedOperation";

/** The plan when `up` will not call the cloud for this resource. */
export const NO_OPERATION = "none";

/** Marks a plan that destroys data (a disk re-initialisation, an OS reinstall). */
export const DESTRUCTIVE = "DESTRUCTIVE";

/**
 * Inputs that `check` computes or the resource class gives (never the program): dropped before
 * validation and comparison. `owner` is the owning stack (provider/core/ownership/owner.ts).
 */
export const COMPUTED_INPUTS: readonly string[] = [PLAN_KEY, "restartTrigger", "fingerprintKey", "drift", "pendingOperation", "owner"];

/** The props without the computed inputs. */
export function withoutComputed(props: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) if (!COMPUTED_INPUTS.includes(k)) out[k] = v;
    return out;
}

/**
 * A value the engine stores as a secret when a provider returns it from `check` (the RPC form of a
 * secret: the engine decodes it as such, and `annotateSecrets` cannot apply to a key the program
 * never sent). Used for a key that must stay encrypted in state.
 */
export function rpcSecret(value: string): Record<string, string> {
    return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

/** The value of an input that may come back from state as the RPC form of a secret. */
export function unwrapRpcSecret(value: unknown): unknown {
    if (value !== null && typeof value === "object" && (value as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] !== undefined) {
        return (value as Record<string, unknown>).value;
    }
    return value;
}

function canonical(value: unknown): string {
    if (value === undefined || value === null) return "null";
    if (typeof value !== "object") return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

/**
 * The paths at which two trigger values differ (`triggers[0]`, `triggers.revision`), at most two
 * levels deep; never their values (triggers may hold secrets, which `check` receives unmarked).
 */
export function changedPaths(previous: unknown, next: unknown, base = "triggers", depth = 0): string[] {
    if (containsUnknown(next)) return [`${base} (not known before up)`];
    if (canonical(previous) === canonical(next)) return [];
    const bothArrays = Array.isArray(previous) && Array.isArray(next);
    const bothObjects =
        !bothArrays &&
        previous !== null &&
        next !== null &&
        typeof previous === "object" &&
        typeof next === "object" &&
        !Array.isArray(previous) &&
        !Array.isArray(next);
    if (depth >= 2 || (!bothArrays && !bothObjects)) return [base];
    const keys = bothArrays
        ? Array.from({ length: Math.max((previous as unknown[]).length, (next as unknown[]).length) }, (_, i) => i)
        : [...new Set([...Object.keys(previous as object), ...Object.keys(next as object)])].sort();
    const out: string[] = [];
    for (const k of keys) {
        const a = (previous as Record<string | number, unknown>)[k];
        const b = (next as Record<string | number, unknown>)[k];
        out.push(...changedPaths(a, b, typeof k === "number" ? `${base}[${k}]` : `${base}.${k}`, depth + 1));
    }
    return out;
}

/**
 * Why an operation driven by `triggers` runs: an object trigger's string member `reason` (what
 * ecs-ops's components put there, e.g. "hostName changed") is quoted; otherwise the changed paths.
 */
export function triggerReason(previous: unknown, next: unknown): string {
    const reason = next !== null && typeof next === "object" && !Array.isArray(next) ? (next as Record<string, unknown>).reason : undefined;
    if (typeof reason === "string" && reason !== "") return reason;
    return `${changedPaths(previous, next).join(", ")} changed`;
}
