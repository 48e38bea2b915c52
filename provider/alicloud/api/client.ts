import type RPCClientType from "@alicloud/pop-core";
import { configuredAttemptTimeoutMs } from "../../core/transport/attempt-timeout";
import { CloudApiError } from "../../core/transport/errors";
import { LimitReached, OutcomeUnknownError } from "../../core/transport/outcome";
import { CredentialSourceError } from "../../core/credentials/temporary-credentials";
import { formatDuration, progress } from "../../core/resource/progress";
import { parseRetryAfter, RateLimiterRegistry } from "../../core/transport/rate-limiter";
import { SHARED_PACING_DIR_VARIABLE, sharedLimiterStore } from "../../core/transport/file-limiter-store";
import { env } from "../../core/credentials/stack-config";
import { withRetries } from "../../core/transport/retry";
import { redact } from "../../core/resource/secrets";
import { AlicloudCredentials, invalidateAlicloudCredentials, resolveAlicloudCredentials } from "../credentials/credential-chain";
import { resolveAlicloudTarget } from "../credentials/credentials";
import { hintFor } from "./error-hints";

/** ECS OpenAPI version spoken by every call. */
export const ECS_API_VERSION = "2014-05-26";

/** Longest a single attempt may wait for an answer (pop-core's 3 s default is too short for ECS). */
export const ATTEMPT_TIMEOUT_MS = 15_000;

/** A flat ECS request: dotted keys (`CpuOptions.Core`, `SecurityGroupIds.1`) are sent as given. */
export type EcsParams = Record<string, string | number | boolean | undefined>;

/** Options of `callEcs`. */
export interface CallEcsOptions {
    /** The resource's region input; stack config / environment otherwise. */
    region?: string;
    /** Absolute deadline (epoch ms) of the whole call, retries included. */
    deadline: number;
    /** Used in retry progress lines, e.g. `ModifyInstanceAttribute i-bp1…`; default: action and InstanceId. */
    describe?: string;
    /** Values that must never appear in an error (passwords, user data, …); the credentials are always added. */
    secrets?: ReadonlyArray<string | undefined>;
    /** Longest one attempt may wait for an answer (default `ATTEMPT_TIMEOUT_MS`, never past the deadline). */
    attemptTimeoutMs?: number;
    /** Most attempts in all (default: that of `withRetries`). */
    maxAttempts?: number;
    /** Which errors to retry beyond the default (e.g. `IncorrectInstanceStatus` while an instance changes state). */
    isRetryable?: (err: unknown) => boolean;
    /**
     * False for an action that must not repeat (RebootInstance, ReInitDisk, StopInstance,
     * StartInstance): it is re-sent only after an answer proving it was not acted on (throttling,
     * or a connection that never opened). A failure that leaves the outcome unknown (no answer in
     * time, a connection reset, a 5xx) throws `OutcomeUnknownError` at once, for the caller to ask
     * the cloud what happened. Default true.
     */
    idempotent?: boolean;
    /** The product called: ECS (default) or ActionTrail (`LookupEvents`, API version 2020-07-06). */
    product?: "ecs" | "actiontrail";
}

/** ActionTrail OpenAPI version (`LookupEvents`). */
export const ACTIONTRAIL_API_VERSION = "2020-07-06";

/**
 * The ActionTrail endpoint beside an ECS endpoint: `actiontrail.<region>.aliyuncs.com` for the
 * public one (or an override naming `ecs.` the same way); any other override (the emulator, a
 * proxy) serves both products.
 */
export function actionTrailEndpoint(ecsEndpoint: string): string {
    return ecsEndpoint.replace(/^(https?:\/\/)ecs([.-])/, "$1actiontrail$2");
}

/** The answer of a successful call: the action's fields plus its RequestId. */
export type EcsResponse<T> = T & { RequestId: string };

/** The shape pop-core gives its errors (only the fields read here). */
interface PopCoreError extends Error {
    code?: string;
    data?: { RequestId?: string; Message?: string; Code?: string };
    entry?: { response?: { statusCode?: number; headers?: Record<string, string | string[] | undefined> } | null };
    /** Node's system error code on transport failures (ECONNREFUSED, ENOTFOUND, …). */
    errno?: number | string;
}

/** The fixed message shown instead of `SignatureDoesNotMatch`'s, which echoes the signed string (every parameter). */
export const SIGNATURE_MISMATCH_MESSAGE = "The request signature does not match (the signed string is not shown: it contains every parameter).";

const clients = new Map<string, RPCClientType>();

function clientFor(endpoint: string, settings: AlicloudCredentials, apiVersion = ECS_API_VERSION): RPCClientType {
    const key = JSON.stringify([endpoint, apiVersion, settings.accessKeyId, settings.accessKeySecret, settings.securityToken ?? ""]);
    let client = clients.get(key);
    if (!client) {
        // Temporary keys are renewed: keep the clients of the last few only.
        if (clients.size >= 32) clients.clear();
        // Required here, not at module top: resource classes may load this module's types only.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const RPCClient = require("@alicloud/pop-core") as typeof RPCClientType;
        client = new RPCClient({
            endpoint,
            apiVersion,
            accessKeyId: settings.accessKeyId,
            accessKeySecret: settings.accessKeySecret,
            ...(settings.securityToken !== undefined ? { securityToken: settings.securityToken } : {}),
        });
        clients.set(key, client);
    }
    return client;
}

/**
 * The process-wide limiters of ECS calls, one per (endpoint, region, action): every resource of a
 * deployment runs in one provider process, with the one credential chain of its stack, and shares
 * them (see `AdaptiveRateLimiter`). With `ECS_OPS_SHARED_PACING_DIR` set, the provider processes of
 * stacks deployed side by side on one machine share each limiter's state through a file there.
 */
export const alicloudLimiters = new RateLimiterRegistry({}, (key) => sharedLimiterStore(env(SHARED_PACING_DIR_VARIABLE), key));

function headerOf(err: unknown, name: string): string | undefined {
    const headers = (err as PopCoreError | undefined)?.entry?.response?.headers;
    if (headers === undefined || headers === null) return undefined;
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
}

/**
 * The answer's `x-acs-retry-after` (milliseconds) when it is valid: a positive integer, the only
 * form the official clients take as throttling (darabonba-openapi #283); else undefined.
 */
export function acsRetryAfterOf(err: unknown): number | undefined {
    const acs = headerOf(err, "x-acs-retry-after")?.trim();
    if (acs === undefined || !/^\d+$/.test(acs)) return undefined;
    const ms = Number(acs);
    return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

/** How long the answer asks to wait before the next call (`x-acs-retry-after`, milliseconds; else `Retry-After`, seconds). */
export function retryAfterOf(err: unknown): number | undefined {
    return acsRetryAfterOf(err) ?? parseRetryAfter(headerOf(err, "retry-after"));
}

/** Turns our params into the wire form: undefined dropped, booleans and numbers as text. */
export function toWireParams(params: EcsParams, region: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(params)) {
        if (value === undefined || key === "RegionId") continue;
        out[key] = typeof value === "boolean" ? (value ? "true" : "false") : String(value);
    }
    out.RegionId = region;
    return out;
}

/** Connection errors meaning nothing was sent (the connection never opened). */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN", "EHOSTDOWN"]);

/**
 * Whether a failed call certainly was not acted on, so that even an action that must not repeat
 * may be sent again: a throttling answer, or a connection that never opened. 5xx answers are not
 * among them: the service may have acted before failing.
 */
export function certainlyNotActedOn(err: unknown): boolean {
    if (!(err instanceof CloudApiError)) return false;
    if (err.retryClass === "throttled") return true;
    if (err.code === "EndpointNotFound") return true;
    return err.code === "Transport" && [...NOT_SENT_CODES].some((c) => err.apiMessage.includes(`(${c})`));
}

const TRANSPORT_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ECONNABORTED", "ENETDOWN", "EHOSTDOWN"]);

/**
 * Rebuilds whatever pop-core (or the network) threw as a `CloudApiError` carrying only the code,
 * the API's message and the RequestId — never pop-core's message (which ends with the URL), the
 * signature, the credentials or any parameter value.
 */
export function toCloudApiError(err: unknown, action: string, secrets: ReadonlyArray<string | undefined>): CloudApiError {
    const e = err as PopCoreError;
    const status = e?.entry?.response?.statusCode ?? undefined;
    const retryAfterMs = acsRetryAfterOf(err);
    const make = (code: string, message: string, requestId: string | undefined, httpStatus: number | undefined): CloudApiError => {
        // Only an error answer (an HTTP status) says when to come back; a transport failure has no response.
        const { hint, retry } = hintFor(code, action, httpStatus, httpStatus !== undefined ? retryAfterMs : undefined);
        return new CloudApiError("alicloud", code, redact(message, secrets), httpStatus, requestId, hint, retry);
    };
    if (e && typeof e.code === "string" && e.data && typeof e.data === "object" && typeof e.data.Code === "string") {
        const code = e.data.Code;
        const apiMessage = code === "SignatureDoesNotMatch" ? SIGNATURE_MISMATCH_MESSAGE : String(e.data.Message ?? "");
        return make(code, apiMessage, e.data.RequestId, status);
    }
    const name = e?.name ?? "";
    const sysCode = typeof e?.code === "string" ? e.code : "";
    if (name.startsWith("RequestTimeout") || sysCode === "ETIMEDOUT" || sysCode === "ESOCKETTIMEDOUT") {
        return make("RequestTimeout", `${action} got no answer in time`, undefined, undefined);
    }
    if (sysCode === "ENOTFOUND") {
        return make("EndpointNotFound", `the ECS endpoint's host name does not resolve`, undefined, undefined);
    }
    if (TRANSPORT_CODES.has(sysCode)) {
        return make("Transport", `connection to the ECS endpoint failed (${sysCode})`, undefined, undefined);
    }
    if (e instanceof SyntaxError || name === "SyntaxError") {
        return make("InvalidResponse", `the endpoint's answer to ${action} is not JSON${status !== undefined ? ` (HTTP ${status})` : ""}`, undefined, status);
    }
    if (status !== undefined && status >= 500) {
        return make("ServiceUnavailable", `HTTP ${status} from the ECS endpoint`, undefined, status);
    }
    // Anything else (a bug, an unexpected library error): keep the error's class, drop its text.
    return make("Transport", `${action} failed before an answer arrived (${name || "error"}${sysCode ? ` ${sysCode}` : ""})`, undefined, undefined);
}

/**
 * Calls one ECS action and returns its answer. The only ECS client of ecs-ops:
 * - region and endpoint are resolved now (`resolveAlicloudTarget`), credentials at every attempt
 *   from the chain (`resolveAlicloudCredentials`: temporary keys shared by the process and renewed
 *   before they expire; a key the API calls expired is dropped and the attempt retried with new keys);
 * - POST only, so no parameter ever sits in a URL; `RegionId` always sent; undefined params dropped;
 *   booleans sent as `"true"`/`"false"`;
 * - each attempt waits at most 15 s (less near the deadline); `ServiceUnavailable`,
 *   `InternalError`/5xx, timeouts and connection errors are retried with jittered backoff until the
 *   deadline; other codes fail at once;
 * - every attempt first takes a slot from the process-wide limiter of its (endpoint, region,
 *   action); a throttling answer slows that limiter down and the call is sent again when it next
 *   gives a slot, for as long as the deadline allows (a throttled call was not acted on, so this
 *   holds for RebootInstance and ReInitDisk too); `x-acs-retry-after` / `Retry-After` are honoured;
 * - errors are `CloudApiError`s built from the code, the API's message and the RequestId plus a hint,
 *   with the credentials and `secrets` redacted as a last guard.
 */
export async function callEcs<T = Record<string, unknown>>(action: string, params: EcsParams, options: CallEcsOptions): Promise<EcsResponse<T>> {
    const ecsTarget = resolveAlicloudTarget(options.region);
    const actionTrail = options.product === "actiontrail";
    const target = actionTrail ? { ...ecsTarget, endpoint: actionTrailEndpoint(ecsTarget.endpoint) } : ecsTarget;
    const wire = toWireParams(params, target.region);
    const limiter = alicloudLimiters.for(`alicloud|${target.endpoint}|${target.region}|${action}`);
    const describe = options.describe ?? [action, wire.InstanceId ?? wire.DiskId].filter((s) => s !== undefined).join(" ");
    // Temporary keys that expired in flight were refused at the gateway (nothing ran): retry with new ones.
    const isExpiredToken = (err: unknown): boolean => err instanceof CloudApiError && err.code === "InvalidSecurityToken.Expired";
    let refreshable = false;
    const idempotent = options.idempotent !== false;
    const isRetryable = (err: unknown): boolean => {
        // Refusals before anything ran are safe to repeat even for an action that must not repeat:
        // temporary keys refused as expired, or STS unreachable or failing for a moment.
        if ((refreshable && isExpiredToken(err)) || (err instanceof CredentialSourceError && err.transient)) return true;
        if (!idempotent) return certainlyNotActedOn(err);
        return (err instanceof CloudApiError && err.retryable) || (options.isRetryable?.(err) ?? false);
    };
    const limit = options.attemptTimeoutMs ?? configuredAttemptTimeoutMs(ATTEMPT_TIMEOUT_MS);
    let attempts = 0;
    let lastLimit: LimitReached = "none";
    try {
        return await withRetries(
            async () => {
                const settings = await resolveAlicloudCredentials();
                refreshable = settings.refreshable;
                const secrets = [settings.accessKeySecret, settings.securityToken, settings.accessKeyId, ...(options.secrets ?? [])];
                const client = clientFor(target.endpoint, settings, actionTrail ? ACTIONTRAIL_API_VERSION : ECS_API_VERSION);
                for (;;) {
                    const sentAt = await limiter.acquire(options.deadline);
                    attempts++;
                    // At most the per-attempt limit, less near the deadline, but never below 1 s (or the limit if smaller).
                    const timeout = Math.max(Math.min(limit, 1000), Math.min(limit, options.deadline - Date.now()));
                    const started = Date.now();
                    try {
                        const answer = await client.request<unknown>(action, { ...wire }, { method: "POST", timeout, formatParams: false });
                        limiter.onSuccess(sentAt);
                        // json-bigint answers null-prototype objects (and BigNumbers for huge integers): make them plain JSON.
                        return JSON.parse(JSON.stringify(answer)) as EcsResponse<T>;
                    } catch (err) {
                        const apiErr = toCloudApiError(err, action, secrets);
                        if (apiErr.retryClass === "throttled") {
                            limiter.onThrottle(sentAt, retryAfterOf(err));
                            // Throttled: not acted on. Send again at the limiter's next slot while the deadline allows.
                            if (Date.now() >= options.deadline - 50) throw apiErr;
                            const { rate } = limiter.status();
                            progress(
                                describe,
                                `${apiErr.code}; pacing ${action} at ${rate.toFixed(1)}/s (${formatDuration(options.deadline - Date.now())} left)`,
                            );
                            continue;
                        }
                        limiter.onSuccess(sentAt);
                        if (settings.refreshable && isExpiredToken(apiErr)) invalidateAlicloudCredentials();
                        if (apiErr.code !== "RequestTimeout") {
                            lastLimit = "none";
                            throw apiErr;
                        }
                        lastLimit = timeout < limit ? "resource-timeout" : "per-attempt";
                        const which = timeout < limit ? "what was left of the resource's timeout" : "the per-attempt limit, ecs-ops:attemptTimeout";
                        throw new CloudApiError(
                            "alicloud",
                            "RequestTimeout",
                            `${action} got no answer within ${formatDuration(Math.max(timeout, Date.now() - started))} (${which})`,
                            undefined,
                            undefined,
                            apiErr.hint,
                            "timeout",
                        );
                    }
                }
            },
            { deadline: options.deadline, describe, isRetryable, ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}) },
        );
    } catch (err) {
        // An action that must not repeat, stopped by an error after which it may have run: say so.
        if (!idempotent && err instanceof CloudApiError && err.retryable && !certainlyNotActedOn(err)) {
            throw new OutcomeUnknownError(action, describe.replace(/^\S+ ?/, "") || action, attempts, lastLimit, err, limit);
        }
        throw err;
    }
}
