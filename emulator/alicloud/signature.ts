import { createHash, createHmac, timingSafeEqual } from "crypto";
import { IncomingHttpHeaders } from "http";

/**
 * The two request signatures Alibaba Cloud RPC APIs accept, computed the way the server does:
 * - v1 (`SignatureVersion=1.0`, HMAC-SHA1), as `@alicloud/pop-core` signs: parameters sorted by name,
 *   RFC 3986 percent-encoding, string to sign `METHOD&%2F&enc(canonical query)`, key `secret&`, base64;
 * - v3 (`ACS3-HMAC-SHA256` in the Authorization header), as the official `@alicloud/*` clients sign by
 *   default: canonical request over method, path, query, signed headers and the payload hash, hex HMAC
 *   keyed with the raw secret.
 */

/** RFC 3986 percent-encoding: encodeURIComponent plus `!'()*`. */
export function percentEncode(value: string): string {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sortedPairs(params: Map<string, string>): [string, string][] {
    return [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The v1 string to sign for a request's parameters (the `Signature` parameter excluded). */
export function v1StringToSign(method: string, params: Map<string, string>): string {
    const canonical = sortedPairs(params)
        .filter(([k]) => k !== "Signature")
        .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
        .join("&");
    return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonical)}`;
}

/** The v1 signature (base64 HMAC-SHA1 keyed with `secret&`). */
export function v1Signature(stringToSign: string, secret: string): string {
    return createHmac("sha1", `${secret}&`).update(stringToSign, "utf8").digest("base64");
}

/** The parsed `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…` header. */
export interface V3Authorization {
    algorithm: string;
    accessKeyId: string;
    signedHeaders: string[];
    signature: string;
}

/** Parses a v3 Authorization header; null when it is not one or is malformed. */
export function parseV3Authorization(header: string): V3Authorization | null {
    const m = /^(ACS3-[A-Z0-9-]+)\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$/.exec(header.trim());
    if (!m) return null;
    return { algorithm: m[1], accessKeyId: m[2], signedHeaders: m[3].split(";").map((h) => h.toLowerCase()), signature: m[4].toLowerCase() };
}

/** Hex SHA-256 of the payload, as `x-acs-content-sha256` carries it. */
export function sha256Hex(data: Buffer | string): string {
    return createHash("sha256").update(data).digest("hex");
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
    const v = headers[name];
    if (v === undefined) return "";
    return (Array.isArray(v) ? [...v].sort().join(",") : String(v)).trim();
}

/** The v3 canonical request. */
export function v3CanonicalRequest(
    method: string,
    pathname: string,
    query: Map<string, string>,
    headers: IncomingHttpHeaders,
    signedHeaders: string[],
    payloadHash: string,
): string {
    const canonicalQuery = sortedPairs(query)
        .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
        .join("&");
    const names = [...signedHeaders].sort();
    const canonicalHeaders = names.map((h) => `${h}:${headerValue(headers, h)}\n`).join("");
    return [method.toUpperCase(), pathname, canonicalQuery, canonicalHeaders, names.join(";"), payloadHash].join("\n");
}

/** The v3 string to sign for a canonical request. */
export function v3StringToSign(algorithm: string, canonicalRequest: string): string {
    return `${algorithm}\n${sha256Hex(canonicalRequest)}`;
}

/** The v3 signature (hex HMAC-SHA256 keyed with the raw secret). */
export function v3Signature(stringToSign: string, secret: string): string {
    return createHmac("sha256", secret).update(stringToSign, "utf8").digest("hex");
}

/** Constant-time comparison of two signatures or tokens. */
export function sameSecret(a: string, b: string): boolean {
    const x = Buffer.from(a, "utf8");
    const y = Buffer.from(b, "utf8");
    return x.length === y.length && timingSafeEqual(x, y);
}
