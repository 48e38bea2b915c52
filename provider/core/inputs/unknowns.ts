/** The value the engine sends in place of an input that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether a value is, or contains, an unknown. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/**
 * Splits inputs into the properties that are fully known and the names of those that are not.
 * `check` validates the known part only; unknown ones are validated when they resolve.
 */
export function splitUnknowns(inputs: Record<string, unknown>): { known: Record<string, unknown>; unknown: string[] } {
    const known: Record<string, unknown> = {};
    const unknown: string[] = [];
    for (const [key, value] of Object.entries(inputs)) {
        if (containsUnknown(value)) unknown.push(key);
        else known[key] = value;
    }
    return { known, unknown };
}
