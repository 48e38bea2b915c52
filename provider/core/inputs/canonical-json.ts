// One canonical text of JSON-like values, for comparing inputs and hashing them: object keys sorted and
// undefined members dropped, so key order never counts as a change and equal values always compare
// (and hash) the same. Hashes of it are kept in state (ServerReinstall's triggersHash) and in the clouds'
// operation-record tags (triggerFingerprint): never change what it writes for a value.

/** Canonical JSON of a value; `undefined` writes as `null`, as JSON has no undefined. */
export function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
    }
    return JSON.stringify(value ?? null);
}

/** The canonical text of a value where an absent value (`undefined`) is not the same as `null`. */
export function canonicalText(value: unknown): string {
    return value === undefined ? "undefined" : canonicalJson(value);
}

/** Whether two JSON-like values are equal whatever their key order; absent and `null` are equal. */
export function sameValue(a: unknown, b: unknown): boolean {
    return canonicalJson(a) === canonicalJson(b);
}
