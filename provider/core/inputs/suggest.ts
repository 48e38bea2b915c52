/** Edit distance (insertions, deletions, substitutions, adjacent swaps), case-insensitive. */
function distance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
    for (let j = 1; j <= t.length; j++) d[0][j] = j;
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[s.length][t.length];
}

/**
 * The valid name closest to a misspelt one (`trigger` → `triggers`, `cloudinit` → `cloudInit`,
 * `adminPassword` → `adminPass`), or undefined when none is close: a case-only difference, a prefix
 * relation, or an edit distance of at most a third of the name (at least 2).
 */
export function closestName(name: string, valid: readonly string[]): string | undefined {
    let best: { key: string; score: number } | undefined;
    for (const key of valid) {
        const lower = name.toLowerCase();
        const target = key.toLowerCase();
        let score = distance(name, key);
        if (lower === target) score = 0;
        else if ((target.startsWith(lower) || lower.startsWith(target)) && Math.min(lower.length, target.length) >= 4) score = Math.min(score, 1);
        if (score <= Math.max(2, Math.floor(key.length / 3)) && (best === undefined || score < best.score)) best = { key, score };
    }
    return best?.key;
}

/** The message for an input key nothing knows: `unknown input "trigger" — did you mean "triggers"?`. */
export function unknownInputMessage(path: string, key: string, valid: readonly string[]): string {
    const suggestion = closestName(key, valid);
    const prefix = path === "" ? "" : `${path}.`;
    return suggestion === undefined
        ? `unknown input "${prefix}${key}" (valid: ${valid.join(", ")})`
        : `unknown input "${prefix}${key}" — did you mean "${prefix}${suggestion}"?`;
}

/**
 * Throws when `args` has a key that is not one of `valid` (components, whose arguments are never
 * checked by a provider): the error names every unknown key and the closest valid name.
 */
export function assertKnownArgs(subject: string, args: object | undefined, valid: readonly string[], path = ""): void {
    if (args === undefined || args === null || typeof args !== "object") return;
    const unknown = Object.keys(args).filter((k) => !valid.includes(k) && (args as Record<string, unknown>)[k] !== undefined);
    if (unknown.length === 0) return;
    throw new Error(`${subject}: ${unknown.map((k) => unknownInputMessage(path, k, valid)).join("; ")}`);
}

/**
 * The argument names of a component, from a record the compiler checks against its `*Args`
 * interface: a key added to the interface and not here, or here and not there, is a type error —
 * so `assertKnownArgs` can never refuse an argument the component declares.
 */
export function argNames<T extends object>(keys: { [K in keyof Required<T>]: true }): readonly string[] {
    return Object.keys(keys);
}
