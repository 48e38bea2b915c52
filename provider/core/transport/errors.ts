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

    /** Attempts made before this error was given up on (set by the retry loop). */
    attempts = 1;
    /** Why the retry loop stopped (set by the retry loop): the error is final, or a limit ran out. */
    endedBy: "final" | "attempts" | "deadline" = "final";

    /**
     * Records how the retry loop ended; when more than one attempt was made, or a limit stopped the
     * retries, the message says so (`… (3 attempts; the resource's timeout ran out)`).
     */
    noteRetries(attempts: number, endedBy: "final" | "attempts" | "deadline"): void {
        this.attempts = attempts;
        this.endedBy = endedBy;
        if (attempts <= 1 && endedBy === "final") return;
        const why =
            endedBy === "attempts"
                ? "the most attempts allowed were made"
                : endedBy === "deadline"
                  ? "the resource's timeout (its `timeouts` input, 10 minutes by default) left no time for another attempt"
                  : "the last answer is not worth another attempt";
        this.message = `${this.message} (${attempts} attempt${attempts === 1 ? "" : "s"}; ${why})`;
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
