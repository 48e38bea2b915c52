import { trailEvidence } from "../api/action-trail";
import { abortableSleep, Evidence, EvidenceQuery, runOnce } from "../../core/operation";
import { CloudApiError } from "../../core/transport/errors";
import { cloudRecordEnabled, parseTimeField, RECORD_KEYS, timeField, visibilityGraceMs } from "../../core/operation/operation-record";
import { isOutcomeUnknown } from "../../core/transport/outcome";
import { formatDuration, progress } from "../../core/resource/progress";
import { waitUntil } from "../../core/transport/wait";
import { callEcs } from "../api/client";
import { describeInstanceEntry } from "../api/describe-batch";
import { clearRecord, recordIn, RecordTarget, startTimeField, tagRecordStore } from "../api/record-store";

/** The part of a `DescribeInstances` instance entry the power helpers read (wire names). */
interface RawInstance {
    InstanceId?: string;
    RegionId?: string;
    Status?: string;
    InstanceChargeType?: string;
    ExpiredTime?: string;
    OSType?: string;
    StartTime?: string;
    OperationLocks?: { LockReason?: Array<{ LockReason?: string; LockMsg?: string }> };
    HibernationOptions?: { Configured?: boolean };
    Tags?: { Tag?: Array<{ TagKey?: string; TagValue?: string }> };
}

/** An answer carrying nothing but its request id (RebootInstance, StopInstance, StartInstance, ReInitDisk). */
export interface RequestIdBody {
    RequestId?: string;
}

/** What the power helpers know about an instance, from one `DescribeInstances` call. */
export interface InstanceState {
    instanceId: string;
    /** The region the instance was found in (the `region` asked, or the API's `RegionId`). */
    regionId: string | undefined;
    /** `Pending`, `Running`, `Starting`, `Stopping` or `Stopped`. */
    status: string;
    /** `OperationLocks.LockReason[].LockReason`: `security`, `financial`, `Recycling`, … */
    lockReasons: string[];
    /** The lock messages the API gave, when any (no secrets: written by the cloud). */
    lockMessages: string[];
    /** `PrePaid` (subscription) or `PostPaid` (pay-as-you-go). */
    chargeType: string | undefined;
    /** `ExpiredTime` of a subscription instance, as the API wrote it. */
    expiredTime: string | undefined;
    /** True when the instance is expired or in arrears: a financial lock, or a subscription past its `ExpiredTime`. */
    expired: boolean;
    /** `linux` or `windows`. */
    osType: string | undefined;
    /** Whether instance hibernation is configured (some operations are then refused). */
    hibernationConfigured: boolean;
    /** `StartTime` of the last start, when the API gives it. */
    startTime: string | undefined;
    /** The instance's tags (key → value); ecs-ops keeps its record of a reboot in one. */
    tags: Record<string, string>;
}

/** Options shared by every helper: the region (else the configured one) and the operation's deadline. */
export interface PowerOptions {
    /** Region id; when omitted, the configured region (stack config / environment). */
    region?: string;
    /** Absolute deadline (epoch ms) of the whole operation, waits included. */
    deadline: number;
    /** Subject of progress lines, e.g. `InstanceReboot web`; defaults to the instance id. */
    describe?: string;
    /** First poll interval of waits in ms (default 1000, growing ×1.5 up to 10 s). */
    pollIntervalMs?: number;
    /** Ends the waits at once when it fires (an interruption of the provider process). */
    signal?: AbortSignal;
}

const FINANCIAL_LOCKS = new Set(["financial", "dedicatedhostfinancial"]);

/** Instance states from which the instance moves on by itself. */
export const TRANSITIONAL_STATES: ReadonlySet<string> = new Set(["Pending", "Starting", "Stopping"]);

/** Codes with which Stop/Start refuse an instance that is between states; retried as terraform does. */
const BETWEEN_STATES_CODES = new Set(["IncorrectInstanceStatus", "InvalidOperation.Conflict"]);

function toState(raw: RawInstance, instanceId: string, region: string | undefined, now: number): InstanceState {
    const locks = raw.OperationLocks?.LockReason ?? [];
    const lockReasons = locks.map((l) => l.LockReason ?? "").filter((r) => r !== "");
    const lockMessages = locks.map((l) => l.LockMsg ?? "").filter((m) => m !== "");
    const expiredAt = raw.ExpiredTime ? Date.parse(raw.ExpiredTime) : NaN;
    const pastExpiry = raw.InstanceChargeType === "PrePaid" && Number.isFinite(expiredAt) && expiredAt <= now;
    return {
        instanceId: raw.InstanceId ?? instanceId,
        regionId: raw.RegionId ?? region,
        status: raw.Status ?? "Unknown",
        lockReasons,
        lockMessages,
        chargeType: raw.InstanceChargeType,
        expiredTime: raw.ExpiredTime,
        expired: pastExpiry || lockReasons.some((r) => FINANCIAL_LOCKS.has(r)),
        osType: raw.OSType,
        hibernationConfigured: raw.HibernationOptions?.Configured === true,
        startTime: raw.StartTime,
        tags: Object.fromEntries((raw.Tags?.Tag ?? []).filter((t) => typeof t.TagKey === "string").map((t) => [t.TagKey as string, t.TagValue ?? ""])),
    };
}

/**
 * Reads one instance with `DescribeInstances`, batched with the provider process's other reads of
 * the same account and region (`describeInstanceEntry`). Returns undefined when the region holds no such instance (the API answers an empty list).
 */
export async function describeInstance(instanceId: string, options: PowerOptions): Promise<InstanceState | undefined> {
    const raw = (await describeInstanceEntry(instanceId, options)) as RawInstance | undefined;
    return raw === undefined ? undefined : toState(raw, instanceId, options.region, Date.now());
}

/**
 * Refusal found before calling the API (from `DescribeInstances`), named after the documented
 * error code the call would have returned, so the user sees the same code either way.
 */
export class InstanceStateError extends Error {
    override readonly name = "InstanceStateError";

    constructor(
        /** The documented code this stands for, e.g. `IncorrectInstanceStatus`. */
        readonly code: string,
        message: string,
    ) {
        super(`${code}: ${message}`);
    }
}

/** The error for an instance id that `DescribeInstances` does not know in the region. */
export function instanceNotFound(instanceId: string, region: string | undefined): InstanceStateError {
    const where = region ? `region ${region}` : "the configured region";
    return new InstanceStateError(
        "InvalidInstanceId.NotFound",
        `instance ${instanceId} does not exist in ${where}. Check the instance id and the region (the resource's region input, stack config alicloud:region, ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION).`,
    );
}

/**
 * Throws when the instance is locked for security reasons or expired / in arrears: every power
 * and disk operation is refused then (`InstanceLockedForSecurity`, `InstanceExpiredOrInArrears`).
 */
export function assertNotLocked(state: InstanceState, action: string): void {
    if (state.lockReasons.includes("security")) {
        const why = state.lockMessages.length > 0 ? ` (lock message: ${state.lockMessages.join("; ")})` : "";
        throw new InstanceStateError(
            "InstanceLockedForSecurity",
            `instance ${state.instanceId} is locked for security reasons${why}; ${action} is refused until the lock is lifted. ` +
                `Check the instance's OperationLocks and the Security Center alerts, and contact Alibaba Cloud support to unlock it.`,
        );
    }
    if (state.expired) {
        const detail =
            state.chargeType === "PrePaid"
                ? `its subscription expired${state.expiredTime ? ` at ${state.expiredTime}` : ""}; renew it`
                : "the account is in arrears; settle the overdue payment";
        throw new InstanceStateError(
            "InstanceExpiredOrInArrears",
            `instance ${state.instanceId} is expired or in arrears (${detail}) before ${action} can run.`,
        );
    }
}

/** Human text of a state for progress lines: the status plus any locks. */
function showState(state: InstanceState | undefined): string {
    if (state === undefined) return "not found";
    return state.lockReasons.length > 0 ? `${state.status} (locked: ${state.lockReasons.join(", ")})` : state.status;
}

/**
 * Waits until the instance's status is one of `wanted`, polling `DescribeInstances` adaptively
 * (1 s, growing ×1.5 up to 10 s) and printing a progress line at each change of state. Fails at
 * once when the instance disappears; at the deadline, fails with a `WaitTimeoutError` naming the
 * last state reached.
 */
export async function waitForStatus(instanceId: string, wanted: string | readonly string[], options: PowerOptions): Promise<InstanceState> {
    const targets = typeof wanted === "string" ? [wanted] : [...wanted];
    const subject = `instance ${instanceId} to be ${targets.join(" or ")}`;
    const final = await waitUntil<InstanceState | undefined>({
        describe: options.describe ? `${options.describe}: ${subject}` : subject,
        poll: () => describeInstance(instanceId, options),
        show: showState,
        done: (s) => s !== undefined && targets.includes(s.status),
        failed: (s) => (s === undefined ? `instance ${instanceId} no longer exists` : undefined),
        deadline: options.deadline,
        sleep: abortableSleep(options.signal),
        initialIntervalMs: options.pollIntervalMs ?? 1000,
    });
    return final as InstanceState;
}

/** The result of a power operation: the state reached, and the request id when a call was made. */
export interface PowerResult {
    state: InstanceState;
    /** RequestId of the Stop/Start/Reboot call; undefined when nothing had to be done. */
    requestId: string | undefined;
}

/**
 * Calls a Stop/Start action once (`runOnce`, with no record: the next run's state read settles
 * it), retrying `IncorrectInstanceStatus` / `InvalidOperation.Conflict` while the instance is
 * between states (as terraform does), until the deadline. A failure that leaves the outcome unknown
 * is never sent again: the instance is watched for the change instead. Returns undefined when the
 * instance turned out to be in `target` already, or the change was seen without an answer.
 */
async function callRetryingConflicts(
    action: "StopInstance" | "StartInstance",
    instanceId: string,
    params: Record<string, string | number | boolean>,
    target: string,
    options: PowerOptions,
): Promise<string | undefined> {
    const subject = options.describe ?? `instance ${instanceId}`;
    const moving = action === "StopInstance" ? ["Stopping", "Stopped"] : ["Starting", "Running"];
    const noun = action === "StopInstance" ? "stop" : "start";
    return runOnce<undefined, string | undefined, string | undefined>({
        subject,
        target: `instance ${instanceId}`,
        watched: "the instance",
        noun,
        doing: action === "StopInstance" ? "stopping" : "starting",
        acceptedAs: action,
        fingerprint: "",
        record: undefined,
        deadline: options.deadline,
        graceMs: visibilityGraceMs(),
        signal: options.signal,
        preflight: async () => undefined,
        intentFields: () => [],
        send: async () => {
            let delay = 1000;
            for (;;) {
                try {
                    const body = await callEcs<RequestIdBody>(
                        action,
                        { InstanceId: instanceId, ...params },
                        {
                            region: options.region,
                            deadline: options.deadline,
                            describe: `${action} ${instanceId}`,
                            idempotent: false,
                        },
                    );
                    return body.RequestId;
                } catch (err) {
                    if (!(err instanceof CloudApiError) || !BETWEEN_STATES_CODES.has(err.code)) throw err;
                    const state = await describeInstance(instanceId, options);
                    if (state === undefined) throw instanceNotFound(instanceId, options.region);
                    if (state.status === target) return undefined;
                    assertNotLocked(state, action);
                    const remaining = options.deadline - Date.now();
                    if (remaining <= delay) throw err;
                    progress(subject, `${action} refused (${err.code}) while ${state.status}; retrying in ${formatDuration(delay)}`);
                    await abortableSleep(options.signal)(delay);
                    delay = Math.min(10_000, Math.round(delay * 1.5));
                }
            }
        },
        isOutcomeUnknown,
        acceptedFields: () => [],
        evidence: async () => {
            const state = await describeInstance(instanceId, options);
            if (state === undefined) throw instanceNotFound(instanceId, options.region);
            return moving.includes(state.status)
                ? { outcome: "ran", detail: `the instance is ${state.status}` }
                : { outcome: "did-not-run", detail: `the instance stayed ${state.status}` };
        },
        follow: async (start) => (start.how === "sent" ? start.answer : undefined),
        nextUp: `reads the instance's state and sends ${action} only if it is still needed`,
        nextUpWithoutRecord: `reads the instance's state and sends ${action} only if it is still needed`,
    });
}

/** Options of `stopInstance`. */
export interface StopOptions extends PowerOptions {
    /** Power off instead of a clean shutdown (`ForceStop=true`). */
    forceStop?: boolean;
    /** `StoppedMode`: `KeepCharging` or `StopCharging` (pay-as-you-go VPC instances); the API's default when omitted. */
    stoppedMode?: "KeepCharging" | "StopCharging";
}

/**
 * Reads the instance and, while it is between states (Pending, Starting, Stopping — a reboot goes
 * Stopping → Starting → Running), waits until it settles at Running or Stopped. Fails when it does
 * not exist.
 */
export async function settledState(instanceId: string, options: PowerOptions): Promise<InstanceState> {
    const state = await describeInstance(instanceId, options);
    if (state === undefined) throw instanceNotFound(instanceId, options.region);
    if (!TRANSITIONAL_STATES.has(state.status)) return state;
    return waitForStatus(instanceId, ["Running", "Stopped"], options);
}

/**
 * Stops an instance and waits until it is `Stopped`. An instance already Stopped is left alone
 * (no call); one between states is waited until it settles first. Locked or expired instances
 * fail before any call. A refusal because the instance changed state meanwhile is retried.
 */
export async function stopInstance(instanceId: string, options: StopOptions): Promise<PowerResult> {
    const subject = options.describe ?? `instance ${instanceId}`;
    const state = await settledState(instanceId, options);
    if (state.status === "Stopped") {
        progress(subject, `instance ${instanceId} is already Stopped`);
        return { state, requestId: undefined };
    }
    assertNotLocked(state, "StopInstance");
    const params: Record<string, string | number | boolean> = { ForceStop: options.forceStop === true };
    if (options.stoppedMode !== undefined) params.StoppedMode = options.stoppedMode;
    progress(subject, `stopping instance ${instanceId}${options.forceStop ? " (forced)" : ""}`);
    const requestId = await callRetryingConflicts("StopInstance", instanceId, params, "Stopped", options);
    return { state: await waitForStatus(instanceId, "Stopped", options), requestId };
}

/**
 * Starts an instance and waits until it is `Running`. An instance already Running is left alone;
 * one between states is waited until it settles first. Locked or expired instances fail before
 * any call. A refusal because the instance changed state meanwhile is retried.
 */
export async function startInstance(instanceId: string, options: PowerOptions): Promise<PowerResult> {
    const subject = options.describe ?? `instance ${instanceId}`;
    const state = await settledState(instanceId, options);
    if (state.status === "Running") {
        progress(subject, `instance ${instanceId} is already Running`);
        return { state, requestId: undefined };
    }
    assertNotLocked(state, "StartInstance");
    progress(subject, `starting instance ${instanceId}`);
    const requestId = await callRetryingConflicts("StartInstance", instanceId, {}, "Running", options);
    return { state: await waitForStatus(instanceId, "Running", options), requestId };
}

/**
 * Raised when the cloud accepted an operation but waiting for its end failed (timeout, instance
 * gone): carries the request id and time so that the caller can record that the operation ran.
 */
export class AfterAcceptedError extends Error {
    override readonly name = "AfterAcceptedError";

    constructor(
        readonly action: string,
        readonly requestId: string | undefined,
        /** ISO time the call was accepted. */
        readonly at: string,
        override readonly cause: Error,
    ) {
        super(`${action} was accepted (RequestId ${requestId ?? "unknown"}) but did not complete: ${cause.message}`);
    }
}

/**
 * First poll interval of a wait right after an action (growing ×1.5 as usual): short, so that the
 * transitional state of a quick change (Starting, ReIniting) is seen rather than missed. How long
 * an old-looking state right after an action is distrusted (the Describe APIs lag the control
 * plane; the emulator models it as `settleMs`) is `visibilityGraceMs()`.
 */
export const AFTER_ACTION_POLL_MS = 250;

/**
 * Waits until a rebooted instance is Running again. Running counts only once the reboot is visible
 * — a Stopping/Starting state was seen, or `StartTime` moved away from `baseStartTime` — or once
 * the grace period after `sentAt` has passed, so a status read before the API reflects the reboot
 * does not end the wait early.
 */
async function waitForRebooted(instanceId: string, baseStartTime: string, sentAt: number, options: PowerOptions): Promise<InstanceState> {
    const subject = `instance ${instanceId} to be Running`;
    let sawTransition = false;
    const final = await waitUntil<InstanceState | undefined>({
        describe: options.describe ? `${options.describe}: ${subject}` : subject,
        poll: () => describeInstance(instanceId, options),
        show: showState,
        done: (s) => {
            if (s === undefined) return false;
            if (s.status !== "Running") {
                sawTransition = true;
                return false;
            }
            return sawTransition || startTimeField(s.startTime) !== baseStartTime || Date.now() - sentAt >= visibilityGraceMs();
        },
        failed: (s) => (s === undefined ? `instance ${instanceId} no longer exists` : undefined),
        deadline: options.deadline,
        sleep: abortableSleep(options.signal),
        initialIntervalMs: options.pollIntervalMs ?? AFTER_ACTION_POLL_MS,
    });
    return final as InstanceState;
}

/** Options of `rebootInstance`. */
export interface RebootOptions extends PowerOptions {
    /** Hard restart (`ForceStop=true`). */
    forceStop?: boolean;
    /** Send `DryRun=true` first and require `DryRunOperation` before the real call (default true). */
    dryRun?: boolean;
    /**
     * Fingerprint of the trigger change this reboot is for. With it, the reboot is recorded on the
     * instance (tag `ecs-ops-reboot`) before it is sent and once accepted, and a reboot recorded
     * for the same fingerprint by an earlier run is resolved instead of sent again.
     */
    fingerprint?: string;
    /** The reboot is a resource's create: an earlier run's record then means the engine kept a pending CREATE (see PENDING_CREATE_NOTICE). */
    creating?: boolean;
}

/** The result of a reboot: the request id and time of the accepted `RebootInstance`, and the state reached. */
export interface RebootResult {
    requestId: string | undefined;
    /** ISO time the reboot was sent. */
    at: string;
    state: InstanceState;
    /** True when the reboot was sent by an earlier run and found in its record (nothing sent now). */
    resumed?: boolean;
}

/**
 * Checks that an instance can be rebooted now, from `DescribeInstances`: it exists, is not locked
 * or expired, and is Running (an instance between states is waited until it settles first). Returns
 * the state; throws an `InstanceStateError` named after the code `RebootInstance` would answer.
 */
export async function assertRebootable(instanceId: string, options: PowerOptions, described?: InstanceState): Promise<InstanceState> {
    const first = described ?? (await describeInstance(instanceId, options));
    if (first === undefined) throw instanceNotFound(instanceId, options.region);
    assertNotLocked(first, "RebootInstance");
    const state = TRANSITIONAL_STATES.has(first.status) ? await waitForStatus(instanceId, ["Running", "Stopped"], options) : first;
    if (state.status !== "Running") {
        throw new InstanceStateError(
            "IncorrectInstanceStatus",
            `instance ${instanceId} is ${state.status}; RebootInstance needs a Running instance. ` +
                `Start it (console, StartInstance) and run the update again; nothing was rebooted.`,
        );
    }
    return state;
}

/**
 * The cloud's word on whether the reboot of an intent record ran, from the instance: between
 * states, or `StartTime` moved since the intent. Otherwise it did not — unless the StartTime
 * before (minute precision) is in the very minute the reboot was sent, when a restart in that
 * minute would be invisible.
 */
async function rebootEvidence(instanceId: string, query: EvidenceQuery, options: PowerOptions): Promise<Evidence> {
    const base = query.record.fields[1] ?? "";
    const state = await describeInstance(instanceId, options);
    if (state === undefined) throw instanceNotFound(instanceId, options.region);
    const moved = startTimeField(state.startTime) !== base;
    if (query.live) {
        if (state.status !== "Running" || moved) return { outcome: "ran", detail: `the instance is ${state.status}` };
        return { outcome: "did-not-run", detail: `the instance showed no sign of a reboot (status ${state.status}, StartTime unchanged)` };
    }
    if (TRANSITIONAL_STATES.has(state.status)) return { outcome: "ran", detail: `the instance is ${state.status}` };
    if (moved) return { outcome: "ran", detail: "the instance restarted since (StartTime moved)" };
    const sentAt = query.sentAt ?? 0;
    // StartTime has minute precision: a restart in the very minute of the last start is invisible.
    const sameMinute = base !== "" && base.slice(0, 12) === startTimeField(new Date(sentAt).toISOString()).slice(0, 12);
    if (!sameMinute) return { outcome: "did-not-run", detail: "the instance has not restarted since (StartTime unchanged)" };
    // A restart within that minute would not show in StartTime: ActionTrail keeps the call (the dry run is there with its error code).
    const sameMinuteWhy = "the instance is Running and its StartTime (which has minute precision) is in the minute the reboot was sent";
    const trail = await trailEvidence(instanceId, "RebootInstance", sentAt, options);
    if (trail.outcome !== "cannot-tell") return trail.outcome === "ran" ? { outcome: "ran", detail: trail.detail } : trail;
    return { ...trail, reason: `${sameMinuteWhy}, and ${trail.reason}`, until: Math.max(trail.until ?? 0, sentAt + visibilityGraceMs()) };
}

/**
 * Reboots a Running instance exactly once for the trigger change (`runOnce`) and waits until it
 * is Running again: `DescribeInstances` preflight (exists, not locked, not expired, Running; a
 * reboot recorded for the same trigger change by an earlier run is resolved first) →
 * `RebootInstance` with `DryRun=true` (must answer `DryRunOperation`) → the record on the instance
 * (intent) → `RebootInstance`, sent once: throttling is retried, but a failure that leaves its
 * outcome unknown (timeout, reset, 5xx) is never re-sent; the instance is watched for the reboot
 * instead, and when it shows none the operation fails saying so → the record (accepted) → wait
 * Running with progress lines. A failure after the call was accepted is an `AfterAcceptedError`.
 */
export async function rebootInstance(instanceId: string, options: RebootOptions): Promise<RebootResult> {
    const subject = options.describe ?? `instance ${instanceId}`;
    const first = await describeInstance(instanceId, options);
    if (first === undefined) throw instanceNotFound(instanceId, options.region);
    const fingerprint = options.fingerprint;
    const target: RecordTarget = { resourceType: "instance", resourceId: instanceId, region: options.region, deadline: options.deadline, describe: subject };
    const params = { InstanceId: instanceId, ForceStop: options.forceStop === true };
    const rebooted = async (base: string, sentAt: number, requestId: string | undefined, resumed: boolean): Promise<RebootResult> => {
        const at = new Date(sentAt).toISOString();
        try {
            const state = await waitForRebooted(instanceId, base, sentAt, options);
            return resumed ? { requestId, at, state, resumed } : { requestId, at, state };
        } catch (err) {
            throw new AfterAcceptedError("RebootInstance", requestId, at, err as Error);
        }
    };
    return runOnce<InstanceState, RequestIdBody, RebootResult>({
        subject,
        target: `instance ${instanceId}`,
        watched: "the instance",
        noun: "reboot",
        doing: "rebooting",
        fingerprint: fingerprint ?? "",
        record: fingerprint !== undefined && cloudRecordEnabled() ? tagRecordStore(target, RECORD_KEYS.reboot, async () => first.tags) : undefined,
        creating: options.creating,
        deadline: options.deadline,
        graceMs: visibilityGraceMs(),
        signal: options.signal,
        // Both records of a reboot begin with the time it was sent.
        sentAtOf: (record) => parseTimeField(record.fields[0]),
        preflight: async () => {
            const before = await assertRebootable(instanceId, options, first);
            if (options.dryRun !== false) await dryRunReboot(instanceId, params, options, subject);
            return before;
        },
        intentFields: (before, sentAt) => [timeField(sentAt), startTimeField(before.startTime)],
        send: (before) => {
            progress(subject, `rebooting instance ${instanceId}${options.forceStop ? " (forced)" : ""} (status ${before.status})`);
            return callEcs<RequestIdBody>("RebootInstance", params, {
                region: options.region,
                deadline: options.deadline,
                describe: `RebootInstance ${instanceId}`,
                idempotent: false,
            });
        },
        isOutcomeUnknown,
        acceptedFields: (before, body, sentAt) => [timeField(sentAt), startTimeField(before.startTime), body.RequestId ?? ""],
        lostFields: (before, sentAt) => [timeField(sentAt), startTimeField(before.startTime), ""],
        evidence: (query) => rebootEvidence(instanceId, query, options),
        follow: async (start) => {
            if (start.how === "sent") return rebooted(startTimeField(start.prepared.startTime), start.sentAt, start.answer.RequestId, false);
            if (start.how === "answer-lost") return rebooted(startTimeField(start.prepared.startTime), start.sentAt, undefined, false);
            const fields = start.record.fields;
            return rebooted(fields[1] ?? "", start.sentAt ?? 0, fields[2] ? fields[2] : undefined, true);
        },
        nextUp: "compares the instance's StartTime with it and reboots only if no reboot happened",
    });
}

/** `RebootInstance` with `DryRun=true`, which must answer `DryRunOperation` (nothing is rebooted). */
async function dryRunReboot(instanceId: string, params: { InstanceId: string; ForceStop: boolean }, options: PowerOptions, subject: string): Promise<void> {
    let answered: RequestIdBody | undefined;
    try {
        answered = await callEcs<RequestIdBody>(
            "RebootInstance",
            { ...params, DryRun: true },
            {
                region: options.region,
                deadline: options.deadline,
                describe: `RebootInstance (dry run) ${instanceId}`,
            },
        );
    } catch (err) {
        if (!(err instanceof CloudApiError && err.code === "DryRunOperation")) throw err;
    }
    if (answered !== undefined) {
        // A dry run that "succeeds" did not behave as documented: do not risk a second reboot.
        throw new Error(
            `RebootInstance with DryRun=true answered success (RequestId ${answered.RequestId ?? "unknown"}) instead of DryRunOperation; ` +
                `not rebooting ${instanceId}. Set dryRun: false to skip the preflight.`,
        );
    }
    progress(subject, `dry run of RebootInstance ${instanceId} passed`);
}

/** Clears the reboot record of an instance when it is the one of `fingerprint` (on delete of the resource). */
export async function clearRebootRecord(instanceId: string, fingerprint: string, options: PowerOptions): Promise<void> {
    if (!cloudRecordEnabled()) return;
    const state = await describeInstance(instanceId, options);
    const record = state === undefined ? undefined : recordIn(state.tags, RECORD_KEYS.reboot);
    if (record === undefined || record.fingerprint !== fingerprint) return;
    await clearRecord(
        { resourceType: "instance", resourceId: instanceId, region: options.region, deadline: options.deadline, describe: options.describe ?? instanceId },
        RECORD_KEYS.reboot,
    );
}
