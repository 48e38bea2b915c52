import { randomUUID } from "crypto";
import { EmulatorRequest, EmulatorResponse } from "../core/backend";
import { AlicloudError, COMMON, ErrorSpec, fail, missingParameterSpec } from "./errors";

/** The only API version of ECS the emulator serves. */
export const ECS_API_VERSION = "2014-05-26";

/** Parameters of the v1 signature envelope: never business parameters, never logged. */
export const ENVELOPE_PARAMS = new Set([
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "SignatureType",
    "Timestamp",
]);

/** Parameters whose values are secrets: replaced by `<redacted>` in the call log. */
export const SECRET_PARAMS = new Set(["Password", "UserData", "RemoteConnectionOptions.Password", "SecurityToken"]);

/** What the wire layer reads from an RPC request before authentication. */
export interface RpcRequest {
    method: string;
    /** Query and form body merged (the body wins on a repeated name). */
    params: Map<string, string>;
    /** The query string alone (v3 signs it separately from the body). */
    query: Map<string, string>;
    /** `Action` parameter, or the `x-acs-action` header of a v3 request. */
    action: string;
    /** Response format asked for. */
    format: "JSON" | "XML";
    raw: EmulatorRequest;
}

/** A new request id: an uppercase UUID, as Alibaba Cloud answers. */
export function newRequestId(): string {
    return randomUUID().toUpperCase();
}

function header(req: EmulatorRequest, name: string): string | undefined {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
}

/** Whether the request is a v3 (ACS3) signed one. */
export function isV3(req: EmulatorRequest): boolean {
    return (header(req, "authorization") ?? "").startsWith("ACS3-");
}

/** Parses query and form body; never throws for a well-formed HTTP request. */
export function parseRpcRequest(req: EmulatorRequest): RpcRequest {
    const query = new Map<string, string>();
    req.url.searchParams.forEach((v, k) => query.set(k, v));
    const params = new Map(query);
    const contentType = (header(req, "content-type") ?? "").toLowerCase();
    if (contentType.startsWith("application/x-www-form-urlencoded") && req.rawBody.length > 0) {
        new URLSearchParams(req.rawBody.toString("utf8")).forEach((v, k) => params.set(k, v));
    }
    const v3 = isV3(req);
    const action = (v3 ? header(req, "x-acs-action") : undefined) ?? params.get("Action") ?? "";
    const formatParam = params.get("Format");
    const format = formatParam !== undefined && formatParam.toUpperCase() === "XML" ? "XML" : formatParam === undefined && !v3 ? "XML" : "JSON";
    return { method: req.method, params, query, action, format, raw: req };
}

/** Checks the envelope parts that come before authentication: method, Action, Version, Format. */
export function checkEnvelope(rpc: RpcRequest): void {
    if (rpc.method !== "GET" && rpc.method !== "POST") fail(COMMON.UnsupportedHTTPMethod);
    if (rpc.action === "") fail(COMMON.MissingParameter, "Action");
    const version = isV3(rpc.raw) ? (header(rpc.raw, "x-acs-version") ?? rpc.params.get("Version")) : rpc.params.get("Version");
    if (version === undefined || version === "") fail(COMMON.MissingParameter, "Version");
    if (version !== ECS_API_VERSION) fail(COMMON.InvalidVersion);
    const format = rpc.params.get("Format");
    if (format !== undefined && !["JSON", "XML"].includes(format.toUpperCase())) fail(COMMON.InvalidParameterFormat);
}

/** The business parameters of a request (envelope removed), secrets replaced by `<redacted>`. */
export function loggableParams(rpc: RpcRequest): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of rpc.params) {
        if (ENVELOPE_PARAMS.has(k)) continue;
        out[k] = SECRET_PARAMS.has(k) ? "<redacted>" : v;
    }
    if (isV3(rpc.raw) && header(rpc.raw, "x-acs-security-token") !== undefined) out.SecurityToken = "<redacted>";
    return out;
}

/** Typed access to an action's parameters, answering the gateway's errors for missing or malformed values. */
export class Params {
    constructor(private readonly values: Map<string, string>) {}

    /** Whether the parameter was sent. */
    has(name: string): boolean {
        return this.values.has(name);
    }

    /** The raw string, or undefined. */
    str(name: string): string | undefined {
        return this.values.get(name);
    }

    /** A required, non-empty string (`Missing<Name>` otherwise). */
    required(name: string): string {
        const v = this.values.get(name);
        if (v === undefined || v === "") throw new AlicloudError(missingParameterSpec(name.replace(/\./g, "")));
        return v;
    }

    /** A boolean sent as `true`/`false` (case-insensitive). */
    bool(name: string): boolean | undefined {
        const v = this.values.get(name);
        if (v === undefined) return undefined;
        const lower = v.toLowerCase();
        if (lower === "true") return true;
        if (lower === "false") return false;
        return fail(COMMON.InvalidParameterNamed, name);
    }

    /** An integer, or `invalid` (default: the generic named InvalidParameter) when it is not one. */
    int(name: string, invalid: ErrorSpec = COMMON.InvalidParameterNamed, ...args: string[]): number | undefined {
        const v = this.values.get(name);
        if (v === undefined) return undefined;
        if (!/^-?\d{1,9}$/.test(v.trim())) return fail(invalid, ...(args.length > 0 ? args : [name]));
        return Number(v.trim());
    }

    /** One of `allowed`, or `invalid` (default: the named InvalidParameter). */
    oneOf<T extends string>(name: string, allowed: readonly T[], invalid: ErrorSpec = COMMON.InvalidParameterNamed, ...args: string[]): T | undefined {
        const v = this.values.get(name);
        if (v === undefined) return undefined;
        if (!(allowed as readonly string[]).includes(v)) return fail(invalid, ...(args.length > 0 ? args : [name]));
        return v as T;
    }

    /** A repeated list `Name.1`, `Name.2`, … in index order; undefined when none was sent. */
    list(name: string): string[] | undefined {
        const items: [number, string][] = [];
        const re = new RegExp(`^${name.replace(/\./g, "\\.")}\\.(\\d+)$`);
        for (const [k, v] of this.values) {
            const m = re.exec(k);
            if (m) items.push([Number(m[1]), v]);
        }
        if (items.length === 0) return undefined;
        return items.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    }

    /** A JSON array of strings such as `InstanceIds=["i-1","i-2"]`, at most `max` long; undefined when absent or empty. */
    jsonArray(name: string, malformed: ErrorSpec, tooMany: ErrorSpec, max: number): string[] | undefined {
        const v = this.values.get(name);
        if (v === undefined || v.trim() === "") return undefined;
        let parsed: unknown;
        try {
            parsed = JSON.parse(v);
        } catch {
            return fail(malformed);
        }
        if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === "string")) return fail(malformed);
        if (parsed.length > max) return fail(tooMany);
        // An empty list filters nothing, as in the console.
        return parsed.length === 0 ? undefined : (parsed as string[]);
    }
}

function escapeXml(s: string): string {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function xmlElement(name: string, value: unknown): string {
    if (Array.isArray(value)) return value.map((v) => xmlElement(name, v)).join("");
    if (value !== null && typeof value === "object") {
        const inner = Object.entries(value as Record<string, unknown>)
            .map(([k, v]) => xmlElement(k, v))
            .join("");
        return `<${name}>${inner}</${name}>`;
    }
    return `<${name}>${escapeXml(value === null || value === undefined ? "" : String(value))}</${name}>`;
}

/** Renders a body in the asked format: JSON, or Alibaba's XML (arrays as repeated elements). */
export function render(format: "JSON" | "XML", rootName: string, status: number, body: Record<string, unknown>, requestId: string): EmulatorResponse {
    if (format === "XML") {
        return {
            status,
            headers: { "Content-Type": "text/xml;charset=utf-8", "x-acs-request-id": requestId },
            body: `<?xml version='1.0' encoding='UTF-8'?>${xmlElement(rootName, body)}`,
        };
    }
    return { status, headers: { "x-acs-request-id": requestId }, body };
}

/** The error body `{RequestId, HostId, Code, Message, Recommend}` with its HTTP status. */
export function errorResponse(format: "JSON" | "XML", err: AlicloudError, requestId: string, regionId: string | undefined): EmulatorResponse {
    const hostId = regionId && /^[a-z]{2,}(-[a-z0-9]+)+$/.test(regionId) ? `ecs.${regionId}.aliyuncs.com` : "ecs.aliyuncs.com";
    const body = {
        RequestId: requestId,
        HostId: hostId,
        Code: err.code,
        Message: err.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=Ecs&requestId=${requestId}`,
    };
    const response = render(format, "Error", err.status, body, requestId);
    if (err.retryAfterMs !== undefined) response.headers = { ...response.headers, "x-acs-retry-after": String(Math.max(1, Math.ceil(err.retryAfterMs))) };
    return response;
}
