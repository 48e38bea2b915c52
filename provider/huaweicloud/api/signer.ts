import { createHash, createHmac } from "crypto";

/** The algorithm name of Huawei Cloud API Gateway's AK/SK signature. */
export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

/** The access key pair a request is signed with. */
export interface SigningKey {
    accessKey: string;
    secretKey: string;
}

/** A request about to be sent: what the signature covers. */
export interface RequestToSign {
    method: string;
    /** Absolute URL; its host (and port when not default) and path and query are signed. */
    url: URL;
    /** Headers to send and sign (e.g. `Content-Type`, `X-Project-Id`, `X-Security-Token`); `Host` and `X-Sdk-Date` are added. */
    headers: Record<string, string>;
    /** The exact body bytes (empty string for none). */
    body: string;
}

/** What a signature adds to a request, and the intermediate strings (for tests and debugging; never log them with secrets). */
export interface SignedRequest {
    /** The headers to send: the given ones plus `Host`, `X-Sdk-Date` and `Authorization`. */
    headers: Record<string, string>;
    canonicalRequest: string;
    stringToSign: string;
}

/** RFC 3986 percent-encoding: everything but `A-Z a-z 0-9 - _ . ~`. */
export function rfc3986(text: string): string {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `X-Sdk-Date` format: `YYYYMMDDTHHMMSSZ` in UTC. */
export function sdkDate(date: Date): string {
    return date
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "");
}

function sha256Hex(data: string): string {
    return createHash("sha256").update(data, "utf8").digest("hex");
}

/** Each path segment decoded then RFC 3986-encoded; the result always ends in `/`. */
function canonicalUri(pathname: string): string {
    const encoded = pathname
        .split("/")
        .map((segment) => rfc3986(decodeURIComponent(segment)))
        .join("/");
    return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

/** Query pairs sorted by key (then value), each part RFC 3986-encoded, joined with `&`. */
function canonicalQuery(params: URLSearchParams): string {
    const pairs: Array<[string, string]> = [];
    params.forEach((value, key) => pairs.push([rfc3986(key), rfc3986(value)]));
    pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
    return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** The `host` header value: hostname, plus the port when it is not the scheme's default. */
export function hostHeader(url: URL): string {
    return url.host;
}

/**
 * Signs a request with `SDK-HMAC-SHA256` as API Gateway verifies it: canonical request
 * (method, canonical URI, canonical query, lower-case sorted headers, signed header list,
 * hex SHA-256 of the body), string to sign (algorithm, `X-Sdk-Date`, hex SHA-256 of the
 * canonical request), hex HMAC-SHA256 with the secret key. Every header passed in is signed.
 */
export function signRequest(request: RequestToSign, key: SigningKey, now: Date = new Date()): SignedRequest {
    const date = sdkDate(now);
    const headers: Record<string, string> = { ...request.headers, Host: hostHeader(request.url), "X-Sdk-Date": date };
    const canonicalHeaders = new Map<string, string>();
    for (const [name, value] of Object.entries(headers)) {
        canonicalHeaders.set(name.toLowerCase(), value.trim());
    }
    const names = [...canonicalHeaders.keys()].sort();
    const signedHeaders = names.join(";");
    const canonicalRequest = [
        request.method.toUpperCase(),
        canonicalUri(request.url.pathname),
        canonicalQuery(request.url.searchParams),
        names.map((n) => `${n}:${canonicalHeaders.get(n)}\n`).join(""),
        signedHeaders,
        sha256Hex(request.body),
    ].join("\n");
    const stringToSign = `${SIGNING_ALGORITHM}\n${date}\n${sha256Hex(canonicalRequest)}`;
    const signature = createHmac("sha256", key.secretKey).update(stringToSign, "utf8").digest("hex");
    headers.Authorization = `${SIGNING_ALGORITHM} Access=${key.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return { headers, canonicalRequest, stringToSign };
}
