import { COMMON, fail } from "./errors";
import { Credential } from "./model-types";
import { parseV3Authorization, sameSecret, sha256Hex, v1Signature, v1StringToSign, v3CanonicalRequest, v3Signature, v3StringToSign } from "./signature";
import { isV3, RpcRequest } from "./wire";

/** How far a request's timestamp may be from the server's clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** The signed parts of a request, whichever signature version carried them. */
interface Envelope {
    accessKeyId: string;
    nonce: string;
    timestamp: string;
    securityToken: string | undefined;
    /** Recomputes the signature with a secret: whether it matches, and the server's string to sign. */
    check(secret: string): { ok: boolean; serverString: string };
}

function header(rpc: RpcRequest, name: string): string | undefined {
    const v = rpc.raw.headers[name];
    return Array.isArray(v) ? v[0] : v;
}

function v1Envelope(rpc: RpcRequest): Envelope {
    const p = rpc.params;
    const signature = p.get("Signature");
    if (signature === undefined || signature === "") fail(COMMON.IncompleteSignature);
    for (const name of ["AccessKeyId", "SignatureNonce", "Timestamp"]) {
        if ((p.get(name) ?? "") === "") fail(COMMON.MissingParameter, name);
    }
    const method = p.get("SignatureMethod");
    if (method !== undefined && method !== "HMAC-SHA1") fail(COMMON.InvalidSignatureMethod);
    const version = p.get("SignatureVersion");
    if (version !== undefined && version !== "1.0") fail(COMMON.IncompleteSignature);
    return {
        accessKeyId: p.get("AccessKeyId") as string,
        nonce: p.get("SignatureNonce") as string,
        timestamp: p.get("Timestamp") as string,
        securityToken: p.get("SecurityToken"),
        check(secret) {
            const serverString = v1StringToSign(rpc.method, p);
            return { ok: sameSecret(v1Signature(serverString, secret), signature), serverString };
        },
    };
}

function v3Envelope(rpc: RpcRequest): Envelope {
    const auth = parseV3Authorization(header(rpc, "authorization") ?? "");
    if (auth === null) return fail(COMMON.IncompleteSignature);
    if (auth.algorithm !== "ACS3-HMAC-SHA256") fail(COMMON.InvalidSignatureMethod);
    const nonce = header(rpc, "x-acs-signature-nonce");
    if (nonce === undefined || nonce === "") fail(COMMON.MissingParameter, "x-acs-signature-nonce");
    const date = header(rpc, "x-acs-date");
    if (date === undefined || date === "") fail(COMMON.MissingParameter, "x-acs-date");
    const contentHash = header(rpc, "x-acs-content-sha256");
    if (contentHash === undefined || contentHash === "") fail(COMMON.MissingParameter, "x-acs-content-sha256");
    // Every common header present must be signed, and so must host.
    const mustSign = ["host", ...Object.keys(rpc.raw.headers).filter((h) => h.startsWith("x-acs-"))];
    if (!mustSign.every((h) => auth.signedHeaders.includes(h))) fail(COMMON.IncompleteSignature);
    return {
        accessKeyId: auth.accessKeyId,
        nonce,
        timestamp: date,
        securityToken: header(rpc, "x-acs-security-token"),
        check(secret) {
            const payloadHash = sha256Hex(rpc.raw.rawBody);
            const canonical = v3CanonicalRequest(rpc.method, rawPath(rpc.raw.rawUrl), rpc.query, rpc.raw.headers, auth.signedHeaders, payloadHash);
            const ok = payloadHash === contentHash.toLowerCase() && sameSecret(v3Signature(v3StringToSign(auth.algorithm, canonical), secret), auth.signature);
            return { ok, serverString: canonical };
        },
    };
}

/** Parses `yyyy-MM-ddTHH:mm:ssZ` (milliseconds allowed); NaN when not well formed. */
function parseTimestamp(s: string): number {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(s)) return NaN;
    return Date.parse(s);
}

/**
 * Authenticates Alibaba RPC requests signed v1 (pop-core) or v3 (official clients): envelope,
 * timestamp within 15 minutes, known and active key, signature, unused nonce, STS token.
 */
export class Authenticator {
    /** Nonces seen per key, with the time they may be forgotten. */
    private nonces = new Map<string, number>();

    constructor(private readonly now: () => number) {}

    /** Forgets every nonce seen (a fresh world). */
    reset(): void {
        this.nonces.clear();
    }

    /** Returns the credential that signed the request, or throws the gateway's error. */
    authenticate(rpc: RpcRequest, credentials: Credential[]): Credential {
        const env = isV3(rpc.raw) ? v3Envelope(rpc) : v1Envelope(rpc);
        const at = parseTimestamp(env.timestamp);
        if (Number.isNaN(at)) fail(COMMON.InvalidTimeStampFormat);
        const now = this.now();
        if (Math.abs(now - at) > MAX_CLOCK_SKEW_MS) fail(COMMON.InvalidTimeStampExpired);
        const credential = credentials.find((c) => c.accessKeyId === env.accessKeyId);
        if (!credential) return fail(COMMON.InvalidAccessKeyIdNotFound);
        if (credential.disabled) fail(COMMON.InvalidAccessKeyIdInactive);
        const { ok, serverString } = env.check(credential.accessKeySecret);
        if (!ok) fail(COMMON.SignatureDoesNotMatch, serverString);
        this.useNonce(`${credential.accessKeyId}\n${env.nonce}`, now);
        if (credential.securityToken === null) {
            if (env.securityToken !== undefined && env.securityToken !== "") fail(COMMON.InvalidSecurityTokenMalformed);
        } else {
            if (env.securityToken === undefined || env.securityToken === "") fail(COMMON.MissingParameter, "SecurityToken");
            if (!sameSecret(env.securityToken, credential.securityToken)) fail(COMMON.InvalidSecurityTokenMismatch);
            if (credential.expiration !== null && Date.parse(credential.expiration) <= now) fail(COMMON.InvalidSecurityTokenExpired);
        }
        return credential;
    }

    private useNonce(key: string, now: number): void {
        const until = this.nonces.get(key);
        if (until !== undefined && until > now) fail(COMMON.SignatureNonceUsed);
        if (this.nonces.size > 10000) {
            for (const [k, t] of this.nonces) if (t <= now) this.nonces.delete(k);
        }
        this.nonces.set(key, now + 2 * MAX_CLOCK_SKEW_MS);
    }
}

/** The path exactly as sent (a regional prefix included), which the client signed. */
function rawPath(rawUrl: string): string {
    const q = rawUrl.indexOf("?");
    return q < 0 ? rawUrl : rawUrl.slice(0, q);
}
