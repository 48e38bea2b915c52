import { containsUnknown } from "../core/unknowns";

/** A canonical text of a JSON-like value: object keys sorted, so key order never counts as a change. */
function canonical(value: unknown): string {
    if (value === undefined) return "undefined";
    if (value === null || typeof value !== "object") return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

/**
 * Whether two values differ deeply (the `triggers` rule of @pulumi/command: any change of any
 * element re-runs the operation). Object key order does not count; a value that still contains
 * an unknown (preview) counts as a change.
 */
export function valuesDiffer(previous: unknown, next: unknown): boolean {
    if (containsUnknown(next)) return true;
    return canonical(previous) !== canonical(next);
}
