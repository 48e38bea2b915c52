/**
 * Copies one property when it is set, typed by its key: a loop over declared property names copies
 * values without widening them to `Record<string, unknown>` and casting back.
 */
export function copyIfSet<T extends object, K extends keyof T>(to: Partial<T>, from: Partial<T>, key: K): void {
    if (from[key] !== undefined) to[key] = from[key];
}
