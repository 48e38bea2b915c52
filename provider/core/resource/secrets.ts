import { createHash, randomBytes, timingSafeEqual } from "crypto";

/**
 * Salted SHA-256 fingerprint of a secret (password, user data), stored in state instead of
 * the secret so that `diff` can tell whether the program's value changed without the state
 * ever holding it. Format: `sha256:<salt hex>:<digest hex>`.
 */
export function fingerprint(secret: string, salt: string = randomBytes(16).toString("hex")): string {
    const digest = createHash("sha256").update(salt).update("\0").update(secret, "utf8").digest("hex");
    return `sha256:${salt}:${digest}`;
}

/** Whether `secret` is the value a fingerprint was made from. False for malformed fingerprints. */
export function matchesFingerprint(secret: string, fp: unknown): boolean {
    if (typeof fp !== "string") return false;
    const parts = fp.split(":");
    if (parts.length !== 3 || parts[0] !== "sha256") return false;
    const expected = Buffer.from(fingerprint(secret, parts[1]));
    const actual = Buffer.from(fp);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The forms a value takes in URLs and signed strings: URI-encoded, RFC 3986, and RFC 3986 twice. */
function encodings(s: string): string[] {
    const rfc3986 = encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const twice = encodeURIComponent(rfc3986).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    return [encodeURIComponent(s), rfc3986, twice];
}

/**
 * Removes every occurrence (raw or encoded) of the given secret values from a text (an error message, a
 * response body) before it is shown. Values shorter than 4 characters are left alone to
 * avoid mangling unrelated text; such values fail validation anyway.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
    let out = text;
    for (const s of secrets) {
        if (s === undefined || s.length < 4) continue;
        out = out.split(s).join("<redacted>");
        for (const encoded of encodings(s)) {
            if (encoded !== s) out = out.split(encoded).join("<redacted>");
        }
    }
    return out;
}
