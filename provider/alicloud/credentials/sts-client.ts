import { createHmac, randomUUID } from "crypto";
import { httpRequest, KeyMaterial, transportReason } from "../../core/credentials/temporary-credentials";
import { redact } from "../../core/resource/secrets";

/** The STS API version. */
export const STS_API_VERSION = "2015-04-01";

/** Longest an STS call may wait for an answer. */
export const STS_TIMEOUT_MS = 10_000;

/** An STS failure: the API's code (or `Transport`), a safe message and the request id. */
export class StsError extends Error {
    override readonly name = "StsError";
    constructor(
        readonly code: string,
        message: string,
        readonly requestId?: string,
    ) {
        super(message);
    }
}

function percentEncode(value: string): string {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The RPC v1 (HMAC-SHA1) signature of a POST form, as every Alibaba RPC API checks it. */
export function signRpcV1(params: Record<string, string>, secret: string): string {
    const canonical = Object.keys(params)
        .sort()
        .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
        .join("&");
    const stringToSign = `POST&${percentEncode("/")}&${percentEncode(canonical)}`;
    return createHmac("sha1", `${secret}&`).update(stringToSign, "utf8").digest("base64");
}

function timestamp(now: number): string {
    return new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Calls one STS action (POST form, JSON answer). With `signer` keys the request is signed (RPC v1);
 * without, it is anonymous (`AssumeRoleWithOIDC` is). Returns the temporary keys of the answer.
 * Errors carry the code and the API's message with every secret of the request removed (the
 * message of `SignatureDoesNotMatch`, which echoes the signed string, is replaced).
 */
export async function stsCredentials(
    endpoint: string,
    action: string,
    business: Record<string, string>,
    signer: KeyMaterial | undefined,
): Promise<KeyMaterial> {
    const params: Record<string, string> = { Action: action, Version: STS_API_VERSION, Format: "JSON", Timestamp: timestamp(Date.now()), ...business };
    const secrets = [signer?.accessKeySecret, signer?.securityToken, business.OIDCToken];
    if (signer !== undefined) {
        params.AccessKeyId = signer.accessKeyId;
        params.SignatureMethod = "HMAC-SHA1";
        params.SignatureVersion = "1.0";
        params.SignatureNonce = randomUUID();
        if (signer.securityToken !== undefined) params.SecurityToken = signer.securityToken;
        params.Signature = signRpcV1(params, signer.accessKeySecret);
    }
    let answer;
    try {
        answer = await httpRequest(`${endpoint}/`, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
            body: new URLSearchParams(params).toString(),
            timeoutMs: STS_TIMEOUT_MS,
        });
    } catch (err) {
        throw new StsError("Transport", `the STS endpoint ${endpoint} is unreachable: ${transportReason(err, STS_TIMEOUT_MS)}`);
    }
    let body: Record<string, unknown> | undefined;
    try {
        const parsed: unknown = JSON.parse(answer.text);
        if (parsed !== null && typeof parsed === "object") body = parsed as Record<string, unknown>;
    } catch {
        body = undefined;
    }
    if (answer.status !== 200 || body === undefined) {
        const code = typeof body?.Code === "string" ? body.Code : answer.status >= 500 ? "ServiceUnavailable" : "InvalidResponse";
        const raw = typeof body?.Message === "string" ? body.Message : `HTTP ${answer.status}, not an STS answer`;
        const message = code === "SignatureDoesNotMatch" ? "the request signature does not match (the AccessKey secret is wrong)" : redact(raw, secrets);
        throw new StsError(code, message, typeof body?.RequestId === "string" ? body.RequestId : undefined);
    }
    const c = body.Credentials as Record<string, unknown> | undefined;
    const expiration = typeof c?.Expiration === "string" ? Date.parse(c.Expiration) : NaN;
    if (typeof c?.AccessKeyId !== "string" || typeof c.AccessKeySecret !== "string" || typeof c.SecurityToken !== "string" || Number.isNaN(expiration)) {
        throw new StsError("InvalidResponse", `the ${action} answer has no complete Credentials`);
    }
    return { accessKeyId: c.AccessKeyId, accessKeySecret: c.AccessKeySecret, securityToken: c.SecurityToken, expiration };
}
