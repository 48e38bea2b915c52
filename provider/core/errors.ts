/** Which cloud answered. */
export type Cloud = "alicloud" | "huaweicloud";

/** How the retry loop must treat an error. */
export type RetryClass = "throttled" | "unavailable" | "transport" | "timeout" | "fatal";

/**
 * An error answered by a cloud API (or a failure to reach it), already stripped of
 * anything secret: only the code, the API's message, the request id and our hint.
 * Its `message` is what the user sees: `<Code>: <Message> (RequestId <id>)` plus the hint.
 */
export class CloudApiError extends Error {
    override readonly name = "CloudApiError";

    constructor(
        readonly cloud: Cloud,
        /** The API's error code, e.g. `InvalidInstanceName.Malformed`, `Ecs.0100`, or `Transport`. */
        readonly code: string,
        /** The API's own message, redacted. */
        readonly apiMessage: string,
        /** HTTP status, when a response arrived. */
        readonly status: number | undefined,
        /** The request id, when a response arrived. */
        readonly requestId: string | undefined,
        /** What the user can do about it; empty when we know nothing useful. */
        readonly hint: string,
        readonly retryClass: RetryClass,
    ) {
        super(CloudApiError.format(cloud, code, apiMessage, requestId, hint));
    }

    /** Whether the retry loop may try the call again. */
    get retryable(): boolean {
        return this.retryClass !== "fatal";
    }

    private static format(cloud: Cloud, code: string, message: string, requestId: string | undefined, hint: string): string {
        const idLabel = cloud === "alicloud" ? "RequestId" : "request";
        const id = requestId ? ` (${idLabel} ${requestId})` : "";
        return `${code}: ${message}${id}${hint ? `. ${hint}` : ""}`;
    }
}

/**
 * Thrown from `create`/`update` when the cloud already acted but the operation could not be
 * finished (e.g. a job accepted, then a timeout). The dynamic-provider host turns an error with
 * `id`, `properties` and `reasons` into a resource-init failure, which the engine keeps in state,
 * so the next `up` resumes from `properties` instead of acting twice.
 */
export class PartialFailure extends Error {
    override readonly name = "PartialFailure";

    constructor(
        message: string,
        readonly id: string,
        /** The outputs to keep in state; must include `__provider` from the inputs. */
        readonly properties: Record<string, unknown>,
        readonly reasons: string[] = [message],
    ) {
        super(message);
    }
}
