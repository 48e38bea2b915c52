// Secret values as the provider protocol carries them to a provider that accepts secrets (the
// `@pulumi/pulumi/provider` server answers `acceptSecrets: true`): an object
// `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value }` in place of
// the value. The handlers take plain values (as the dynamic-provider host gives them), so the plugin
// unwraps what it receives and wraps again, in what it returns, every property that was secret.

/** The key that marks a special value in the provider protocol's structs. */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";

/** The signature of a secret value. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret as the protocol carries it. */
export interface WireSecret {
    readonly [SPECIAL_SIG_KEY]: typeof SECRET_SIG;
    readonly value: unknown;
}

/** Whether `value` is a secret as the protocol carries it. */
export function isWireSecret(value: unknown): value is WireSecret {
    return typeof value === "object" && value !== null && !Array.isArray(value) && (value as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG;
}

/** `value` as a secret on the wire (never wrapped twice). */
export function wireSecret(value: unknown): WireSecret | unknown {
    if (value === undefined || isWireSecret(value)) return value;
    return { [SPECIAL_SIG_KEY]: SECRET_SIG, value };
}

/** `value` with every secret inside it unwrapped, and whether it held one. */
export function unwrapValue(value: unknown): { value: unknown; secret: boolean } {
    if (isWireSecret(value)) return { value: unwrapValue(value.value).value, secret: true };
    if (Array.isArray(value)) {
        let secret = false;
        const items = value.map((item) => {
            const inner = unwrapValue(item);
            secret ||= inner.secret;
            return inner.value;
        });
        return { value: items, secret };
    }
    if (typeof value === "object" && value !== null) {
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) {
            const inner = unwrapValue(item);
            secret ||= inner.secret;
            out[key] = inner.value;
        }
        return { value: out, secret };
    }
    return { value, secret: false };
}

/**
 * The properties with every secret unwrapped, and the names of the top-level properties that held a
 * secret anywhere inside (the whole property is then returned as a secret: a value derived from a
 * secret is never handed back in plain text).
 */
export function unwrapProperties(properties: Record<string, unknown> | undefined): { plain: Record<string, unknown>; secretNames: Set<string> } {
    const plain: Record<string, unknown> = {};
    const secretNames = new Set<string>();
    for (const [name, value] of Object.entries(properties ?? {})) {
        const inner = unwrapValue(value);
        plain[name] = inner.value;
        if (inner.secret) secretNames.add(name);
    }
    return { plain, secretNames };
}

/**
 * `value` as a protobuf Struct can carry it: `undefined` dropped from objects and `null` in arrays
 * (as JSON would; `Struct.fromJavaScript` throws "Unexpected struct type" on `undefined`, which the
 * handlers' outputs hold for unset values).
 */
export function structSafe(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : structSafe(item)));
    if (typeof value === "object" && value !== null) {
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = structSafe(item);
        return out;
    }
    return value;
}

/**
 * The properties with each one named in `secretNames` (or in `alwaysSecret`) wrapped as a secret,
 * unset ones left out (see `structSafe`).
 */
export function wrapProperties(
    properties: Record<string, unknown> | undefined,
    secretNames: Iterable<string>,
    alwaysSecret: Iterable<string> = [],
): Record<string, unknown> {
    const names = new Set([...secretNames, ...alwaysSecret]);
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(properties ?? {})) {
        if (value === undefined) continue;
        const safe = structSafe(value);
        out[name] = names.has(name) && safe !== null ? wireSecret(safe) : safe;
    }
    return out;
}
