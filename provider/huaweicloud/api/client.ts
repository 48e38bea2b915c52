import { configuredAttemptTimeoutMs } from "../../core/transport/attempt-timeout";
import { CloudApiError, RetryClass } from "../../core/transport/errors";
import { OutcomeUnknownError } from "../../core/transport/outcome";
import { CredentialSourceError } from "../../core/credentials/temporary-credentials";
import { formatDuration, progress } from "../../core/resource/progress";
import { parseRetryAfter, RateLimiterRegistry } from "../../core/transport/rate-limiter";
import { SHARED_PACING_DIR_VARIABLE, sharedLimiterStore } from "../../core/transport/file-limiter-store";
import { env } from "../../core/credentials/stack-config";
import { withRetries } from "../../core/transport/retry";
import { redact } from "../../core/resource/secrets";
import { currentKeys, HuaweiCloudCredentials } from "../credentials/credentials";
import { hintFor } from "./error-hints";
import { rfc3986, signRequest } from "./signer";

/** One ECS API call. */
export interface EcsCall {
    method: "GET" | "POST" | "PUT" | "DELETE";
    /** Path segments after the endpoint, unencoded, e.g. `["v1", projectId, "jobs", jobId]`. */
    path: string[];
    /** Query parameters, unencoded (signed with the rest). */
    query?: Readonly<Record<string, string>>;
    /** JSON body (POST). */
    body?: unknown;
    /** Operation name for progress lines and errors, e.g. `ShowJob`. */
    operation: string;
    /** What the call is about, for progress lines, e.g. a server or job id. */
    subject: string;
    /** Absolute deadline (epoch ms) for all attempts. */
    deadline: number;
    /**
     * Whether the call may be repeated when its outcome is unknown. A non-idempotent call
     * (reinstallos) is repeated only when the request provably was not acted on: throttled
     * (429), or the connection could not be opened; any other retryable failure throws an
     * `OutcomeUnknownError` at once.
     */
    idempotent: boolean;
    /** Extra values to scrub from any text the API sends back (password, user data). */
    secrets?: ReadonlyArray<string | undefined>;
    /** Aborts the call (and its retries) when signalled. */
    signal?: AbortSignal;
    /** Most attempts of this call (default: the client's); a look-up that only informs may give up early. */
    maxAttempts?: number;
}

/**
 * The process-wide limiters of Huawei ECS calls, one per (endpoint, project, region, operation),
 * shared by every resource of the provider process (see `AdaptiveRateLimiter`), and with
 * `ECS_OPS_SHARED_PACING_DIR` set by the provider processes of stacks on one machine.
 */
export const huaweicloudLimiters = new RateLimiterRegistry({}, (key) => sharedLimiterStore(env(SHARED_PACING_DIR_VARIABLE), key));

/** The Retry-After of a throttled answer, kept beside its error (errors carry no headers). */
const retryAfterMs = new WeakMap<CloudApiError, number>();

/** Options of the client; tests may shorten timeouts and backoff. */
export interface EcsClientOptions {
    /** Time limit of one attempt in ms (default 30 000), never past the call's deadline. */
    attemptTimeoutMs?: number;
    /** First backoff ceiling of retries in ms (default 500). */
    retryBaseMs?: number;
    /** Most attempts per call (default 8). */
    maxAttempts?: number;
    /** Clock for `X-Sdk-Date` (tests). */
    now?: () => Date;
}

/** Transport error codes meaning the connection was never opened, so nothing was sent. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * Whether a failed call certainly did not reach the service's business logic (safe to repeat a
 * POST): throttled (429), or the connection could not be opened. A 5xx is not: the service may
 * have accepted the request before failing to answer.
 */
export function certainlyNotProcessed(err: unknown): boolean {
    if (!(err instanceof CloudApiError)) return false;
    if (err.status === 429) return true;
    return err.retryClass === "transport" && NOT_SENT.has(err.code.replace(/^Transport\./, ""));
}

/** Whether the gateway refused a request because its temporary AK/SK and security token expired. */
export function expiredKeys(err: unknown): boolean {
    return err instanceof CloudApiError && err.code === "APIGW.0301" && /expired/i.test(err.apiMessage);
}

/** Whether a failed call may or may not have been acted on (timeout, reset, 500/502/504). */
export function outcomeUnknown(err: unknown): boolean {
    return err instanceof CloudApiError && err.retryClass !== "fatal" && !certainlyNotProcessed(err);
}

interface ParsedError {
    code: string;
    message: string;
    requestId?: string;
}

/** Reads both error shapes: ECS `{"error":{"code","message"}}` and API Gateway `{"error_code","error_msg","request_id"}`. */
export function parseErrorBody(status: number, text: string): ParsedError {
    let body: unknown;
    try {
        body = JSON.parse(text);
    } catch {
        const snippet = text.trim().slice(0, 200);
        return { code: `HTTP${status}`, message: snippet === "" ? `HTTP ${status} with no body` : snippet };
    }
    if (body !== null && typeof body === "object") {
        const o = body as Record<string, unknown>;
        if (typeof o.error_code === "string") {
            return {
                code: o.error_code,
                message: typeof o.error_msg === "string" ? o.error_msg : "",
                requestId: typeof o.request_id === "string" ? o.request_id : undefined,
            };
        }
        // Nova-compatible APIs (`/v2.1`) answer `{"badRequest": {"message", "code": 400}}`: the key names the error.
        const novaKey = o.error === undefined ? Object.keys(o).find((k) => o[k] !== null && typeof o[k] === "object") : undefined;
        const inner = o.error ?? (novaKey !== undefined ? o[novaKey] : undefined);
        if (inner !== null && typeof inner === "object") {
            const e = inner as Record<string, unknown>;
            const code = typeof e.code === "string" ? e.code : novaKey !== undefined ? novaKey : typeof e.code === "number" ? `HTTP${e.code}` : `HTTP${status}`;
            return { code, message: typeof e.message === "string" ? e.message : "" };
        }
    }
    return { code: `HTTP${status}`, message: text.trim().slice(0, 200) };
}

function retryClassFor(status: number, code: string): RetryClass {
    if (status === 429 || code === "APIGW.0308") return "throttled";
    if (status >= 500) return "unavailable";
    return "fatal";
}

function transportCode(err: unknown): string {
    let e: unknown = err;
    for (let depth = 0; depth < 4 && e !== null && typeof e === "object"; depth++) {
        const code = (e as { code?: unknown }).code;
        if (typeof code === "string") return code;
        e = (e as { cause?: unknown }).cause;
    }
    return "ECONNECTION";
}

/**
 * A small Huawei Cloud ECS client over `fetch`: signs every request with our
 * `SDK-HMAC-SHA256` signer, limits each attempt in time, retries 429, 5xx and connection
 * errors with jittered backoff (non-idempotent calls only when provably not processed), and
 * turns both error shapes into `CloudApiError` with a hint. It never logs requests; the only
 * output is the retry progress line, which names the operation, subject and error code.
 */
export class EcsClient {
    private readonly scrub: ReadonlyArray<string | undefined>;

    constructor(
        readonly credentials: HuaweiCloudCredentials,
        private readonly options: EcsClientOptions = {},
    ) {
        this.scrub = [credentials.secretKey, credentials.securityToken];
    }

    /**
     * Performs one call with retries; resolves to the parsed JSON body. Every attempt first takes a
     * slot from the process-wide limiter of its (endpoint, project, region, operation); an HTTP 429 (or
     * `APIGW.0308`) slows that limiter down and the call is sent again at its next slot while the
     * deadline allows (a throttled call was not processed, so this holds for reinstallos too), after
     * `Retry-After` when the answer gives one.
     */
    async call<T>(call: EcsCall): Promise<T> {
        const secrets = [...this.scrub, ...(call.secrets ?? [])];
        const c = this.credentials;
        const limiter = huaweicloudLimiters.for(`huaweicloud|${c.endpoint}|${c.projectId}|${c.region ?? ""}|${call.operation}`);
        let attempts = 0;
        const paced = async (attempt: number): Promise<T> => {
            for (;;) {
                const sentAt = await limiter.acquire(call.deadline);
                attempts++;
                try {
                    const answer = await this.attempt<T>(call, secrets, attempt);
                    limiter.onSuccess(sentAt);
                    return answer;
                } catch (err) {
                    if (!(err instanceof CloudApiError) || err.retryClass !== "throttled") {
                        if (err instanceof CloudApiError) limiter.onSuccess(sentAt);
                        throw err;
                    }
                    limiter.onThrottle(sentAt, retryAfterMs.get(err));
                    if (call.signal?.aborted || Date.now() >= call.deadline - 50) throw err;
                    progress(
                        `${call.operation} ${call.subject}`,
                        `${err.code}; pacing ${call.operation} at ${limiter.status().rate.toFixed(1)}/s (${formatDuration(call.deadline - Date.now())} left)`,
                    );
                }
            }
        };
        try {
            return await withRetries(paced, {
                deadline: call.deadline,
                describe: `${call.operation} ${call.subject}`,
                baseMs: this.options.retryBaseMs,
                maxAttempts: call.maxAttempts ?? this.options.maxAttempts,
                isRetryable: (err) => {
                    if (call.signal?.aborted) return false;
                    // Temporary keys that expired in flight: the gateway refused the request, so it is safe to repeat with new keys.
                    if (this.credentials.temporary !== undefined && expiredKeys(err)) return true;
                    // IAM or the metadata service unreachable or failing for a moment: nothing was sent to ECS yet.
                    if (err instanceof CredentialSourceError && err.transient) return true;
                    if (!(err instanceof CloudApiError) || !err.retryable) return false;
                    return call.idempotent || certainlyNotProcessed(err);
                },
            });
        } catch (err) {
            // An operation that must not repeat, stopped by an error after which it may have run: say so.
            if (!call.idempotent && outcomeUnknown(err)) {
                const e = err as CloudApiError;
                const limit = e.code === "Timeout" ? (/resource's timeout/.test(e.apiMessage) ? "resource-timeout" : "per-attempt") : "none";
                throw new OutcomeUnknownError(call.operation, call.subject, attempts, limit, e, this.attemptLimitMs());
            }
            throw err;
        }
    }

    /** The per-attempt limit: the client option, else `ecs-ops:attemptTimeout`, else 30 s. */
    private attemptLimitMs(): number {
        return this.options.attemptTimeoutMs ?? configuredAttemptTimeoutMs(30_000);
    }

    private async attempt<T>(call: EcsCall, staticSecrets: ReadonlyArray<string | undefined>, _attempt: number): Promise<T> {
        const c = this.credentials;
        const keys = await currentKeys(c);
        const secrets = [...staticSecrets, keys.secretKey, keys.securityToken];
        try {
            return await this.send<T>(call, secrets, keys);
        } catch (err) {
            if (c.temporary !== undefined && expiredKeys(err)) c.temporary.invalidate();
            throw err;
        }
    }

    private async send<T>(
        call: EcsCall,
        secrets: ReadonlyArray<string | undefined>,
        keys: { accessKey: string; secretKey: string; securityToken?: string },
    ): Promise<T> {
        const c = this.credentials;
        const url = new URL(`${c.endpoint}/${call.path.map(rfc3986).join("/")}`);
        for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
        const body = call.body === undefined ? "" : JSON.stringify(call.body);
        const headers: Record<string, string> = { "X-Project-Id": c.projectId };
        if (body !== "") headers["Content-Type"] = "application/json;charset=UTF-8";
        if (keys.securityToken !== undefined) headers["X-Security-Token"] = keys.securityToken;
        const signed = signRequest({ method: call.method, url, headers, body }, keys, (this.options.now ?? (() => new Date()))());

        const remaining = call.deadline - Date.now();
        const limitMs = this.attemptLimitMs();
        const timeoutMs = Math.max(1, Math.min(limitMs, remaining));
        const signals = [AbortSignal.timeout(timeoutMs)];
        if (call.signal) signals.push(call.signal);
        let response: Response;
        let text: string;
        try {
            response = await fetch(url, {
                method: call.method,
                headers: signed.headers,
                body: body === "" ? undefined : body,
                signal: AbortSignal.any(signals),
            });
            text = await response.text();
        } catch (err) {
            if (call.signal?.aborted) throw call.signal.reason ?? err;
            if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
                const which = timeoutMs < limitMs ? "what was left of the resource's timeout" : "the per-attempt limit, ecs-ops:attemptTimeout";
                throw new CloudApiError(
                    "huaweicloud",
                    "Timeout",
                    `no answer from ${url.host} within ${formatDuration(timeoutMs)} (${which})`,
                    undefined,
                    undefined,
                    "",
                    "timeout",
                );
            }
            const code = transportCode(err);
            throw new CloudApiError(
                "huaweicloud",
                `Transport.${code}`,
                `cannot reach ${url.host}: ${code}`,
                undefined,
                undefined,
                "check ecs-ops:huaweicloudEndpoint / huaweicloud:region and the network",
                "transport",
            );
        }
        const requestId = response.headers.get("x-request-id") ?? undefined;
        if (!response.ok) {
            const parsed = parseErrorBody(response.status, text);
            const error = new CloudApiError(
                "huaweicloud",
                parsed.code,
                redact(parsed.message, secrets),
                response.status,
                requestId ?? parsed.requestId,
                hintFor(parsed.code, response.status, call.operation),
                retryClassFor(response.status, parsed.code),
            );
            const after = parseRetryAfter(response.headers.get("retry-after"));
            if (after !== undefined) retryAfterMs.set(error, after);
            throw error;
        }
        try {
            return (text.trim() === "" ? {} : JSON.parse(text)) as T;
        } catch {
            throw new CloudApiError(
                "huaweicloud",
                "InvalidResponse",
                `${call.operation} answered HTTP ${response.status} with a body that is not JSON`,
                response.status,
                requestId,
                "",
                "fatal",
            );
        }
    }
}
