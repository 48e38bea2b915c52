import type { Evidence } from "../../core/operation";
import { env } from "../../core/credentials/stack-config";
import { CloudApiError } from "../../core/transport/errors";
import { formatDuration } from "../../core/resource/progress";
import { callEcs } from "./client";

/**
 * ActionTrail, the record Alibaba Cloud keeps of the API calls made in the account: it settles an
 * operation whose answer was never recorded (a ReInitDisk without AutoStartInstance leaves no other
 * trace). Events are delivered some minutes after the call, so a missing event means "did not run"
 * only once the delivery delay after the intent has passed; before that the engine waits for it
 * (within the resource's timeout) and says so.
 */

/** One event of `LookupEvents`, the fields ecs-ops reads. */
export interface TrailEvent {
    eventName: string;
    /** The request id of the call (the `RequestId` its answer carried, when it had one). */
    requestId: string;
    /** When the call arrived (epoch ms). */
    eventTime: number | undefined;
    /** Set when the call was refused by a business rule (it did nothing). */
    errorCode: string | undefined;
}

/** The longest ActionTrail is taken to need to deliver an event: 10 minutes, or `ECS_OPS_ACTIONTRAIL_DELAY_MS`. */
export function actionTrailDelayMs(): number {
    const text = env("ECS_OPS_ACTIONTRAIL_DELAY_MS");
    if (text === undefined) return 10 * 60_000;
    const ms = Number(text);
    if (!Number.isInteger(ms) || ms < 0 || ms > 3_600_000)
        throw new Error(`ECS_OPS_ACTIONTRAIL_DELAY_MS must be an integer number of milliseconds up to 3600000, got "${text}"`);
    return ms;
}

/** `YYYY-MM-DDThh:mm:ssZ`, the time format of LookupEvents. */
function trailTime(ms: number): string {
    return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** LookupEvents: the calls of `eventName` on the resource `resourceName` between `from` and `to`, newest first (one page of 50). */
export async function lookupEvents(
    resourceName: string,
    eventName: string,
    from: number,
    to: number,
    options: { region?: string; deadline: number },
): Promise<TrailEvent[]> {
    const body = await callEcs<{ Events?: Array<Record<string, unknown>> }>(
        "LookupEvents",
        {
            "LookupAttribute.1.Key": "ResourceName",
            "LookupAttribute.1.Value": resourceName,
            "LookupAttribute.2.Key": "EventName",
            "LookupAttribute.2.Value": eventName,
            StartTime: trailTime(from),
            EndTime: trailTime(to),
            MaxResults: 50,
        },
        // It only informs: three attempts and 15 s at most, so a failing trail does not hold the resource.
        {
            region: options.region,
            deadline: Math.min(options.deadline, Date.now() + 15_000),
            maxAttempts: 3,
            describe: `LookupEvents ${eventName} ${resourceName}`,
            product: "actiontrail",
        },
    );
    return (body.Events ?? []).map((e) => {
        const time = typeof e.eventTime === "string" ? Date.parse(e.eventTime) : NaN;
        return {
            eventName: typeof e.eventName === "string" ? e.eventName : "",
            requestId: typeof e.requestId === "string" ? e.requestId : "",
            eventTime: Number.isFinite(time) ? time : undefined,
            errorCode: typeof e.errorCode === "string" && e.errorCode !== "" ? e.errorCode : undefined,
        };
    });
}

/** Whether a LookupEvents error is RAM's refusal. */
function denied(err: unknown): boolean {
    return err instanceof CloudApiError && (err.status === 403 || /NoPermission|Forbidden|Unauthorized/i.test(err.code));
}

/**
 * What ActionTrail says about `eventName` on `resourceName` intended at `sentAt` (`now` is the
 * time of the look-up): ran (an event without an error code since the intent), did not run (none,
 * and the delivery delay has passed), or cannot tell (the look-up refused or failing, or the
 * delay still running: asked again until it ends).
 */
export async function trailEvidence(
    resourceName: string,
    eventName: string,
    sentAt: number,
    options: { region?: string; deadline: number },
): Promise<Evidence<TrailEvent>> {
    const from = sentAt - 60_000;
    const now = Date.now();
    let events: TrailEvent[];
    try {
        events = await lookupEvents(resourceName, eventName, from, now, options);
    } catch (err) {
        if (denied(err)) {
            return {
                outcome: "cannot-tell",
                reason:
                    `ActionTrail LookupEvents was refused (${(err as Error).message}): the RAM identity needs actiontrail:LookupEvents ` +
                    "for ecs-ops to settle such an operation by itself (see the least-privilege policy in the ecs-ops docs)",
            };
        }
        return { outcome: "cannot-tell", reason: `ActionTrail LookupEvents failed: ${(err as Error).message}` };
    }
    const ran = events.find((e) => e.eventName === eventName && e.errorCode === undefined && (e.eventTime === undefined || e.eventTime >= sentAt - 5_000));
    if (ran !== undefined) {
        return {
            outcome: "ran",
            detail: `ActionTrail shows ${eventName} of ${resourceName} at ${ran.eventTime !== undefined ? new Date(ran.eventTime).toISOString() : "an unknown time"} (request ${ran.requestId})`,
            facts: ran,
        };
    }
    const delay = actionTrailDelayMs();
    const deliveredBy = sentAt + delay;
    if (now < deliveredBy) {
        return {
            outcome: "cannot-tell",
            reason: `ActionTrail had not delivered the events of ${new Date(sentAt).toISOString()} yet when the resource's timeout ran out (it may take up to ${formatDuration(delay)}, ECS_OPS_ACTIONTRAIL_DELAY_MS)`,
            until: deliveredBy,
            askAgainMs: 5_000,
            waiting: `ActionTrail delivers events up to ${formatDuration(delay)} late: waiting until ${new Date(deliveredBy).toISOString()} for a ${eventName} of ${resourceName} (the resource's timeout bounds the wait)`,
        };
    }
    return { outcome: "did-not-run", detail: `ActionTrail shows no ${eventName} of ${resourceName} since the intent at ${new Date(sentAt).toISOString()}` };
}
