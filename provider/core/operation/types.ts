import type { Clock } from "../transport/clock";
import type { OperationRecord } from "./operation-record";

/**
 * Where the engine keeps the durable record of one operation on one resource: a tag of the
 * instance, disk or server it acts on (one store per cloud implements it). `write` with
 * `required` throws when the record cannot be written (then nothing destructive is sent);
 * without it a failure is only a warning (the intent record already guards the operation).
 * `clear` never throws (it warns).
 */
export interface RecordStore {
    /** Where the record lives, for messages, e.g. `the instance (tag ecs-ops-reboot)`. */
    readonly where: string;
    /** The record kept there, or undefined (none, or a value not written by ecs-ops). */
    read(): Promise<OperationRecord | undefined>;
    write(record: OperationRecord, required: boolean): Promise<void>;
    clear(): Promise<void>;
}

/** What the cloud says about an operation recorded as intended: it ran. */
export interface Ran<F> {
    outcome: "ran";
    /** What showed it, for progress lines, e.g. `the instance restarted since (StartTime moved)`. */
    detail: string;
    /** What the look-up learnt that the follow may use (a request id, a new disk id). */
    facts?: F;
}

/** What the cloud says about an operation recorded as intended: it did not run. */
export interface DidNotRun {
    outcome: "did-not-run";
    /** What showed it, e.g. `the instance has not restarted since (StartTime unchanged)`. */
    detail: string;
}

/** The cloud cannot tell (yet) whether the operation ran. */
export interface CannotTell {
    outcome: "cannot-tell";
    /** Which record was missing or unreadable, e.g. `ActionTrail LookupEvents was refused (needs actiontrail:LookupEvents)`. */
    reason: string;
    /**
     * Until when (epoch ms) the answer may still come (a delivery delay): the engine asks again
     * until then, never past the deadline. Absent: asking again will not help.
     */
    until?: number;
    /** Said once while the engine waits for `until`, e.g. `ActionTrail delivers events up to 10 minutes late`. */
    waiting?: string;
    /** How long to wait before asking again (default the operation's `pollMs`): a look-up not to be called often. */
    askAgainMs?: number;
}

/** The cloud's word on whether an operation recorded as intended ran. */
export type Evidence<F = undefined> = Ran<F> | DidNotRun | CannotTell;

/** What an evidence look-up is asked about. */
export interface EvidenceQuery {
    /** The intent record (written by an earlier run, or by this one just before a send whose answer was lost). */
    record: OperationRecord;
    /** When the operation was sent, from the record (epoch ms); undefined when the record does not say. */
    sentAt: number | undefined;
    /** True right after this run's own send lost its answer; false for an earlier run's record. */
    live: boolean;
}

/** How the operation to follow began. */
export type Start<P, A, F> =
    /** Sent by this run and accepted: `answer` is what the cloud answered. */
    | { how: "sent"; sentAt: number; prepared: P; answer: A }
    /** Sent by this run, the answer lost, and the cloud shows that it ran. */
    | { how: "answer-lost"; sentAt: number; prepared: P; detail: string; facts?: F }
    /**
     * Sent by an earlier run, found in its record: accepted (`record.phase === "accepted"`), shown
     * to have run by the cloud (`detail`, `facts`), or assumed done by the user (`assumed`).
     */
    | { how: "earlier"; record: OperationRecord; sentAt: number | undefined; detail: string; facts?: F; assumed: boolean };

/** One operation that must run exactly once per trigger change, reduced to its own parts. */
export interface OnceOperation<P, A, R, F = undefined> {
    /** Subject of progress lines, e.g. `alicloud.InstanceReboot i-…`. */
    subject: string;
    /** What it acts on, e.g. `instance i-…`. */
    target: string;
    /** The operation as a noun (`reboot`) and a present participle (`rebooting`). */
    noun: string;
    doing: string;
    /** What is watched after a lost answer, for progress lines (default `target`), e.g. `the instance`. */
    watched?: string;
    /** How the accepted operation is named in `…: <acceptedAs> was accepted` (default `the <noun>`), e.g. `ReInitDisk`. */
    acceptedAs?: string;
    /** Fingerprint of the trigger change the operation runs for. */
    fingerprint: string;
    /** The record store; undefined when records are kept in state only (`ecs-ops:operationRecord state`). */
    record: RecordStore | undefined;
    /** The run is a resource's create (an earlier run's record then means the engine kept a pending CREATE). */
    creating?: boolean;
    /** Absolute deadline (epoch ms) of the whole operation. */
    deadline: number;
    /** How long after a send a "did not run" is not yet believed (the cloud's reads lag it). */
    graceMs: number;
    /** Interval of repeated evidence look-ups (default 1000 ms). */
    pollMs?: number;
    /** Time; the real clock when absent. */
    clock?: Clock;
    /** Aborts the waits between look-ups (an interruption); the engine throws its reason. */
    signal?: AbortSignal;
    /** Checks made before anything is written (a refusal throws); what the send needs. */
    preflight(): Promise<P>;
    /** When a record says the operation was sent (default: the first field of an intent, a time field). */
    sentAtOf?: (record: OperationRecord) => number | undefined;
    /** The fields of the intent record (times, the state before), letters, digits and `-`. */
    intentFields(prepared: P, sentAt: number): string[];
    /** Sends the operation once. A refusal throws; an unknown outcome throws what `isOutcomeUnknown` recognises. */
    send(prepared: P): Promise<A>;
    /** Whether an error of `send` leaves its outcome unknown (a timeout, a reset, a 5xx). */
    isOutcomeUnknown(err: unknown): boolean;
    /** The fields of the accepted record (a request or job id): characters other than letters, digits and `-` are dropped. */
    acceptedFields(prepared: P, answer: A, sentAt: number): string[];
    /**
     * The fields of the accepted record of a send whose answer was lost but which the cloud shows ran
     * (no request or job id to keep). Absent: the intent stays, and the next run asks the cloud again.
     */
    lostFields?: (prepared: P, sentAt: number) => string[];
    /** Asks the cloud whether the operation of an intent record ran. */
    evidence(query: EvidenceQuery): Promise<Evidence<F>>;
    /** Follows the operation to its end (waits, state), whichever way it began. */
    follow(start: Start<P, A, F>): Promise<R>;
    /**
     * What the next `pulumi up` does with an intent whose answer was lost, for the error of this
     * run, e.g. `compares the instance's StartTime with it and reboots only if no reboot happened`.
     */
    nextUp: string;
    /** The same without a record store (the default: to check the resource before the next `pulumi up`), e.g. for a stop that the next run's state read settles. */
    nextUpWithoutRecord?: string;
    /** Added to the error of a send that failed (refused or lost), e.g. that the instance was left Stopped. */
    afterFailureNote?: () => string | undefined;
}
