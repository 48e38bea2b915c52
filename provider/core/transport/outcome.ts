import { CloudApiError } from "./errors";
import { formatDuration } from "../resource/progress";

/** Which limit ended the attempts of a call. */
export type LimitReached = "per-attempt" | "resource-timeout" | "attempts" | "none";

/** Sentence naming the limit that ran out, for error messages. */
export function describeLimit(limit: LimitReached, attemptTimeoutMs?: number): string {
    switch (limit) {
        case "per-attempt":
            return `the per-attempt limit${attemptTimeoutMs !== undefined ? ` of ${formatDuration(attemptTimeoutMs)}` : ""} ran out (ecs-ops:attemptTimeout)`;
        case "resource-timeout":
            return "the resource's timeout (its `timeouts` input, 10 minutes by default) ran out";
        case "attempts":
            return "the most attempts allowed were made";
        case "none":
            return "the answer was an error that may come after the request was acted on";
    }
}

/**
 * Raised when a call that must not repeat (a reboot, a disk re-initialisation, a stop or start,
 * a reinstall) failed in a way that leaves its outcome unknown: no answer in time, a connection
 * reset, or a 5xx after the request left. ecs-ops never re-sends such a call before it has asked
 * the cloud whether the first one took effect.
 */
export class OutcomeUnknownError extends Error {
    override readonly name = "OutcomeUnknownError";

    constructor(
        /** The API action, e.g. `RebootInstance`. */
        readonly action: string,
        /** What it acted on, e.g. `instance i-bp1…`. */
        readonly subject: string,
        /** Attempts sent in all (the earlier ones were refused before being acted on, e.g. throttled). */
        readonly attempts: number,
        readonly limit: LimitReached,
        override readonly cause: CloudApiError,
        attemptTimeoutMs?: number,
    ) {
        super(
            `${action} ${subject}: outcome unknown after ${attempts} attempt${attempts === 1 ? "" : "s"} — ${cause.code}: ${cause.apiMessage}` +
                `${cause.requestId ? ` (request ${cause.requestId})` : ""}; ${describeLimit(limit, attemptTimeoutMs)}. ` +
                `The request may have been accepted, so ecs-ops did not send it again`,
        );
    }
}

/** Whether an error leaves the outcome of a non-idempotent call unknown. */
export function isOutcomeUnknown(err: unknown): err is OutcomeUnknownError {
    return err instanceof OutcomeUnknownError;
}
