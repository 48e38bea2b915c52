import { createHash, createHmac, timingSafeEqual } from "crypto";
import { IncomingHttpHeaders } from "http";
import { GATEWAY_ERRORS, apiError } from "./errors";
import { CredentialRecord } from "./models";

/**
 * Verification of Huawei Cloud's APIG `SDK-HMAC-SHA256` signature, as the gateway in front of ECS
 * does it:
 *
 *   canonical request = METHOD \n canonical URI \n canonical query \n
 *                       name:value\n for each signed header \n signed-header list \n hex SHA-256(body)
 *   string to sign    = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex SHA-256(canonical request)
 *   signature         = hex HMAC-SHA256(SK, string to sign)
 *   Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b;c>, Signature=<hex>
 *
 * The canonical URI percent-encodes each path segment (RFC 3986 unreserved characters stay) and
 * always ends in `/`; the canonical query sorts decoded keys (and values of a repeated key) and
 * re-encodes them. `host` and `x-sdk-date` must be signed, and so must `x-project-id` and
 * `x-security-token` when present. An `X-Sdk-Content-Sha256` header replaces the body hash
 * (`UNSIGNED-PAYLOAD`, or the real hash). Nothing here ever returns the SK, a token or a signature.
 */

/** The algorithm name that opens the Authorization header and the string to sign. */
export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";
/** Largest accepted distance between `X-Sdk-Date` and the gateway's clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Hex SHA-256 of an empty body. */
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** The parts of a request the signature covers. */
export interface SignedParts {
    method: string;
    /** Path exactly as sent (percent-encoded), without the query. */
    rawPath: string;
    /** Query string as sent, without the `?`. */
    rawQuery: string;
    headers: IncomingHttpHeaders;
    body: Buffer;
}

/** APIG percent-encoding: RFC 3986 unreserved characters stay, everything else is `%XX` of its UTF-8 bytes. */
export function apigEncode(s: string): string {
    return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(s: string, plusIsSpace: boolean): string {
    const t = plusIsSpace ? s.replace(/\+/g, " ") : s;
    try {
        return decodeURIComponent(t);
    } catch {
        return t;
    }
}

/** Canonical URI: each decoded path segment re-encoded, always ending in `/`. */
export function canonicalUri(rawPath: string): string {
    const uri = rawPath
        .split("/")
        .map((seg) => apigEncode(decode(seg, false)))
        .join("/");
    return uri.endsWith("/") ? uri : `${uri}/`;
}

/** Canonical query: decoded keys sorted, values of a repeated key sorted, all re-encoded, joined by `&`. */
export function canonicalQuery(rawQuery: string): string {
    const byKey = new Map<string, string[]>();
    for (const pair of rawQuery.split("&")) {
        if (pair === "") continue;
        const eq = pair.indexOf("=");
        const key = decode(eq < 0 ? pair : pair.slice(0, eq), true);
        const value = eq < 0 ? "" : decode(pair.slice(eq + 1), true);
        byKey.set(key, [...(byKey.get(key) ?? []), value]);
    }
    const out: string[] = [];
    for (const key of [...byKey.keys()].sort()) {
        for (const value of (byKey.get(key) ?? []).sort()) out.push(`${apigEncode(key)}=${apigEncode(value)}`);
    }
    return out.join("&");
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
    const v = headers[name];
    if (v === undefined) return undefined;
    return (Array.isArray(v) ? v.join(",") : v).trim();
}

/** The canonical request over `signedHeaders` (lower-case, in the order given) and a payload hash. */
export function canonicalRequest(parts: SignedParts, signedHeaders: string[], payloadHash: string): string {
    const canonicalHeaders = signedHeaders.map((h) => `${h}:${headerValue(parts.headers, h) ?? ""}\n`).join("");
    return [parts.method, canonicalUri(parts.rawPath), canonicalQuery(parts.rawQuery), canonicalHeaders, signedHeaders.join(";"), payloadHash].join("\n");
}

/** Hex HMAC-SHA256 signature of a canonical request made at `sdkDate` (`YYYYMMDDTHHMMSSZ`). */
export function signCanonicalRequest(secretKey: string, sdkDate: string, canonical: string): string {
    const stringToSign = [SIGNING_ALGORITHM, sdkDate, createHash("sha256").update(canonical).digest("hex")].join("\n");
    return createHmac("sha256", secretKey).update(stringToSign).digest("hex");
}

/** Parses `YYYYMMDDTHHMMSSZ` into epoch milliseconds; undefined when malformed. */
export function parseSdkDate(v: string): number | undefined {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
    if (!m) return undefined;
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
    const t = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(t);
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h) return undefined;
    return t;
}

function formatSdkDate(ms: number): string {
    return new Date(ms)
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}Z$/, "Z");
}

function iamFail(detail: string): never {
    throw apiError(GATEWAY_ERRORS.iamAuth, detail);
}

function sameHex(a: string, b: string): boolean {
    const x = Buffer.from(a.toLowerCase());
    const y = Buffer.from(b.toLowerCase());
    return x.length === y.length && timingSafeEqual(x, y);
}

const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$/;

/**
 * Authenticates a request: returns the credential whose SK signed it, or throws the gateway's
 * error (`APIGW.0301` 401 for a missing/malformed header, unknown AK, bad token or wrong signature;
 * `APIGW.0303` 401 when `X-Sdk-Date` is more than 15 minutes off).
 */
export function authenticate(parts: SignedParts, lookup: (accessKey: string) => CredentialRecord | undefined, nowMs: number): CredentialRecord {
    const authorization = headerValue(parts.headers, "authorization");
    if (authorization === undefined || authorization === "") {
        if (headerValue(parts.headers, "x-auth-token")) iamFail("decrypt token fail");
        iamFail("Unauthorized, the request carries no SDK-HMAC-SHA256 Authorization header");
    }
    const m = AUTHORIZATION.exec(authorization);
    if (!m) iamFail("verify aksk signature fail, malformed Authorization header");
    const [, accessKey, signedList, signature] = m;
    const credential = lookup(accessKey);
    if (!credential) iamFail(`Get secretKey failed,ak:${accessKey.slice(0, 4)}******,err:ak not exist`);

    const sdkDate = headerValue(parts.headers, "x-sdk-date");
    const signedAt = sdkDate === undefined ? undefined : parseSdkDate(sdkDate);
    if (sdkDate === undefined || signedAt === undefined) iamFail("verify aksk signature fail, X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ");
    if (Math.abs(nowMs - signedAt) > MAX_CLOCK_SKEW_MS) {
        throw apiError(GATEWAY_ERRORS.signatureExpired, `signature expired, signature time:${sdkDate},server time:${formatSdkDate(nowMs)}`);
    }

    const signedHeaders = signedList.split(";");
    if (signedHeaders.some((h) => h === "" || h !== h.toLowerCase())) iamFail("verify aksk signature fail, SignedHeaders must be lower-case names");
    for (const required of ["host", "x-sdk-date"]) {
        if (!signedHeaders.includes(required)) iamFail(`verify aksk signature fail, ${required} must be signed`);
    }
    for (const conditional of ["x-project-id", "x-security-token"]) {
        if (headerValue(parts.headers, conditional) !== undefined && !signedHeaders.includes(conditional)) {
            iamFail(`verify aksk signature fail, ${conditional} must be signed`);
        }
    }
    for (const h of signedHeaders) {
        if (headerValue(parts.headers, h) === undefined) iamFail(`verify aksk signature fail, signed header ${h} is missing`);
    }

    const token = headerValue(parts.headers, "x-security-token");
    if (credential.securityToken !== undefined ? token !== credential.securityToken : token !== undefined) {
        iamFail("verify aksk signature fail, X-Security-Token is missing or does not belong to the AK");
    }

    const bodyHash = parts.body.length === 0 ? EMPTY_BODY_SHA256 : createHash("sha256").update(parts.body).digest("hex");
    const declared = headerValue(parts.headers, "x-sdk-content-sha256");
    if (declared !== undefined && declared !== "UNSIGNED-PAYLOAD" && !sameHex(declared, bodyHash)) {
        iamFail("verify aksk signature fail, X-Sdk-Content-Sha256 does not match the body");
    }
    const expected = signCanonicalRequest(credential.secretKey, sdkDate, canonicalRequest(parts, signedHeaders, declared ?? bodyHash));
    if (!sameHex(signature, expected)) iamFail("verify aksk signature fail");
    return credential;
}
