import { randomBytes } from "crypto";
import { EmulatorRequest, EmulatorResponse } from "../core/backend";
import { ECS_ERRORS, HuaweiApiError, apiError } from "./errors";
import { SignedParts } from "./wire-signature";

/**
 * Huawei Cloud wire format: request parsing (JSON bodies, query strings, path parts) and the two
 * response shapes. Every response carries `X-Request-Id`; gateway errors repeat it as `request_id`.
 */

/** A new request id: 32 lower-case hex characters, as the gateway issues them. */
export function newRequestId(): string {
    return randomBytes(16).toString("hex");
}

/** A successful JSON response. */
export function okResponse(requestId: string, body: unknown, status = 200, headers: Record<string, string> = {}): EmulatorResponse {
    return { status, headers: { ...headers, "X-Request-Id": requestId }, body };
}

/** An error response in the shape its entry belongs to. */
export function errorResponse(requestId: string, err: HuaweiApiError): EmulatorResponse {
    const body =
        err.entry.shape === "gateway"
            ? { error_code: err.code, error_msg: err.message, request_id: requestId }
            : err.entry.shape === "nova"
              ? { [err.code]: { message: err.message, code: err.status } }
              : { error: { code: err.code, message: err.message } };
    const headers: Record<string, string> = { "X-Request-Id": requestId };
    if (err.retryAfterMs !== undefined) headers["Retry-After"] = String(Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
    return { status: err.status, headers, body };
}

/** The parts of the request the signature covers. */
export function signedParts(req: EmulatorRequest): SignedParts {
    const q = req.rawUrl.indexOf("?");
    return {
        method: req.method,
        rawPath: q < 0 ? req.rawUrl : req.rawUrl.slice(0, q),
        rawQuery: q < 0 ? "" : req.rawUrl.slice(q + 1),
        headers: req.headers,
        body: req.rawBody,
    };
}

/** The header value (joined if repeated), or undefined. */
export function header(req: EmulatorRequest, name: string): string | undefined {
    const v = req.headers[name.toLowerCase()];
    if (v === undefined) return undefined;
    return Array.isArray(v) ? v.join(",") : v;
}

/** The body parsed as JSON, or undefined when it is empty or not JSON (for the call log). */
export function tryJson(req: EmulatorRequest): unknown {
    const text = req.rawBody.toString("utf8").trim();
    if (text === "") return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/**
 * The JSON body of a POST: `Common.0002` when empty, `Ecs.0005` when the Content-Type is not JSON
 * or the body does not parse.
 */
export function jsonBody(req: EmulatorRequest): unknown {
    const text = req.rawBody.toString("utf8").trim();
    if (text === "") throw apiError(ECS_ERRORS.emptyBody);
    const type = (header(req, "content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/json") throw apiError(ECS_ERRORS.invalidParameter, "The Content-Type must be application/json.");
    try {
        return JSON.parse(text);
    } catch {
        throw apiError(ECS_ERRORS.invalidParameter, "The request body is not valid JSON.");
    }
}

/** Query parameters (first value of each key), decoded. */
export function queryParams(req: EmulatorRequest): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of req.url.searchParams) if (!(k in out)) out[k] = v;
    return out;
}

/** Replaces every `adminpass` and `user_data` value (at any depth) with `"<redacted>"`, for the call log. */
export function redactSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(redactSecrets);
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === "adminpass" || k === "user_data" ? "<redacted>" : redactSecrets(v);
    return out;
}
