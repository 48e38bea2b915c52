import { trailEvidence } from "../api/action-trail";
import { Evidence, EvidenceQuery, runOnce } from "../../core/operation";
import { randomBytes } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { CloudApiError, PartialFailure } from "../../core/transport/errors";
import { DESTRUCTIVE, NO_OPERATION, triggerReason } from "../../core/resource/plan";
import { cloudRecordEnabled, parseTimeField, RECORD_KEYS, timeField, triggerFingerprint, visibilityGraceMs } from "../../core/operation/operation-record";
import { underWay } from "../../core/operation/in-flight";
import { interruptible } from "../../core/operation/interrupt";
import { isOutcomeUnknown } from "../../core/transport/outcome";
import { progress } from "../../core/resource/progress";
import { fingerprint, matchesFingerprint, redact } from "../../core/resource/secrets";
import { setStackConfig } from "../../core/credentials/stack-config";
import { deadlineFor } from "../../core/inputs/timeouts";
import { containsUnknown } from "../../core/inputs/unknowns";
import { engineSafeFailures, validate } from "../../core/inputs/validation";
import { checkKnownInputs, presentInputs } from "../../core/inputs/check-inputs";
import { dueText, isObserving, operationCheck, PENDING_KEY, pendingAfter } from "../../core/resource/observe";
import { copyIfSet } from "../../core/inputs/copy-if-set";
import { callEcs } from "../api/client";
import {
    DiskReinitInputs,
    DiskReinitOutputs,
    DISK_REINIT_INPUTS,
    DISK_REINIT_SECRET_INPUTS,
    diskReinitCombinationFailures,
    diskReinitSchema,
} from "./declaration";
import { clearRecord, recordIn, RecordTarget, startTimeField, tagRecordStore } from "../api/record-store";
import { windowsPasswordFailure } from "../rules/password";
import { describeDisk, DiskState, systemDisksOf, waitForDiskReinitialised } from "../api/disks";
import {
    AfterAcceptedError,
    assertNotLocked,
    describeInstance,
    instanceNotFound,
    InstanceState,
    InstanceStateError,
    PowerOptions,
    RequestIdBody,
    settledState,
    stopInstance,
    TRANSITIONAL_STATES,
    waitForStatus,
} from "../operations/instance-power";
import { valuesDiffer } from "../../core/inputs/triggers";

/** Values an unset input stands for. */
const INPUT_DEFAULTS: Readonly<Record<string, unknown>> = { autoStartInstance: false, stopInstance: false, observeOnly: false };

/** Inputs compared as plain values in diff and recorded as given (the disk target and the password have their own rules). */
const PLAIN_INPUTS = ["keyPairName", "autoStartInstance", "securityEnhancementStrategy", "stopInstance", "triggers", "timeouts", "observeOnly"] as const;

function subject(target: string): string {
    return `alicloud.DiskReinit ${target}`;
}

/** The disk and instance a re-initialisation acts on, checked. */
interface Target {
    disk: DiskState;
    instance: InstanceState;
}

/**
 * Finds the disk (by id, or the system disk of the instance) and its instance, and checks every
 * rule that can be known before acting: existence, attachment, locks, expiry, OS-dependent
 * credential rules, and credentials only on a system disk.
 */
async function locateTarget(inputs: DiskReinitInputs, options: PowerOptions): Promise<{ disk: DiskState; instance: InstanceState | undefined }> {
    let instance: InstanceState | undefined;
    let disk: DiskState | undefined;
    if (inputs.diskId !== undefined) {
        disk = await describeDisk(inputs.diskId, options);
        if (disk === undefined) {
            const where = inputs.region ? `region ${inputs.region}` : "the configured region";
            throw new InstanceStateError(
                "InvalidDiskId.NotFound",
                `disk ${inputs.diskId} does not exist in ${where}; check diskId and region (DescribeDisks lists the disks).`,
            );
        }
    } else {
        const instanceId = inputs.instanceId as string;
        instance = await describeInstance(instanceId, options);
        if (instance === undefined) throw instanceNotFound(instanceId, inputs.region);
        const systemDisks = await systemDisksOf(instanceId, options);
        if (systemDisks.length !== 1) {
            throw new InstanceStateError(
                "IncorrectDiskStatus",
                `instance ${instanceId} has ${systemDisks.length} attached system disks (DescribeDisks); exactly one is needed to re-initialise it. Give diskId instead.`,
            );
        }
        disk = systemDisks[0];
    }
    return { disk, instance };
}

async function resolveTarget(
    inputs: DiskReinitInputs,
    options: PowerOptions,
    located: { disk: DiskState; instance: InstanceState | undefined },
): Promise<Target> {
    const disk = located.disk;
    let instance = located.instance;
    if (disk.status !== "In_use" || disk.instanceId === undefined) {
        throw new InstanceStateError(
            "IncorrectDiskStatus",
            `disk ${disk.diskId} is ${disk.status}${disk.instanceId ? ` on instance ${disk.instanceId}` : " and not attached"}; ReInitDisk needs a disk In_use (attached) on a Stopped instance.` +
                (disk.status === "ReIniting" ? " A re-initialisation is already running: wait for it to finish." : ""),
        );
    }
    if (instance === undefined) {
        instance = await describeInstance(disk.instanceId, options);
        if (instance === undefined) throw instanceNotFound(disk.instanceId, inputs.region);
    }
    assertNotLocked(instance, "ReInitDisk");
    if ((inputs.password !== undefined || inputs.keyPairName !== undefined) && disk.type !== "system") {
        const property = inputs.password !== undefined ? "password" : "keyPairName";
        throw new InstanceStateError(
            "InvalidParameter",
            `${property} applies only when re-initialising a system disk; disk ${disk.diskId} is a ${disk.type} disk. Remove ${property}, or target the system disk (instanceId).`,
        );
    }
    if (instance.osType === "windows") {
        if (inputs.keyPairName !== undefined) {
            throw new InstanceStateError(
                "DependencyViolation.WindowsInstance",
                `instance ${instance.instanceId} runs Windows, which cannot log in with an SSH key pair; give password instead of keyPairName.`,
            );
        }
        const windowsRule = inputs.password !== undefined ? windowsPasswordFailure(inputs.password) : undefined;
        if (windowsRule !== undefined) {
            throw new InstanceStateError("InvalidPassword.Malformed", `password ${windowsRule} (instance ${instance.instanceId} runs Windows).`);
        }
    }
    return { disk, instance };
}

/**
 * Brings the instance to Stopped when allowed: one between states is waited until it settles;
 * Stopped is kept; Running is stopped with `stopInstance: true`, and refused otherwise before any
 * destructive call. Returns whether this operation stopped it.
 */
async function ensureStopped(target: Target, inputs: DiskReinitInputs, options: PowerOptions): Promise<boolean> {
    const instance = TRANSITIONAL_STATES.has(target.instance.status) ? await settledState(target.instance.instanceId, options) : target.instance;
    if (instance.status === "Stopped") return false;
    if (inputs.stopInstance !== true) {
        throw new InstanceStateError(
            "IncorrectInstanceStatus",
            `instance ${instance.instanceId} is ${instance.status}; ReInitDisk needs it Stopped. Set stopInstance: true to let ecs-ops stop it first, ` +
                `or stop it yourself; nothing was changed.`,
        );
    }
    await stopInstance(instance.instanceId, { ...options });
    return true;
}

/** The outputs recording the inputs as applied (never the password itself). */
function recordedInputs(
    inputs: DiskReinitInputs,
    target: { diskId: string; instanceId: string; diskType: string },
    previousFingerprint: unknown,
): Omit<DiskReinitOutputs, "lastReinitAt" | "lastReinitRequestId" | "reinitCount"> {
    const out: Omit<DiskReinitOutputs, "lastReinitAt" | "lastReinitRequestId" | "reinitCount"> = {
        diskId: target.diskId,
        instanceId: target.instanceId,
        diskType: target.diskType,
        targetedBy: inputs.diskId !== undefined ? "diskId" : "instanceId",
    };
    if (inputs.region !== undefined) out.region = inputs.region;
    if (inputs.password !== undefined) {
        out.passwordFingerprint = matchesFingerprint(inputs.password, previousFingerprint) ? (previousFingerprint as string) : fingerprint(inputs.password);
    }
    for (const key of PLAIN_INPUTS) copyIfSet<DiskReinitInputs, (typeof PLAIN_INPUTS)[number]>(out, inputs, key);
    return out;
}

/** What the re-initialisation works with once checked (the preflight's result). */
interface Prepared {
    target: Target;
    /** Whether this operation stopped the instance (then left Stopped when the operation fails). */
    stoppedHere: boolean;
    /** The instance's StartTime before, so that a start by AutoStartInstance can be told from none. */
    base: string;
}

/**
 * Runs one re-initialisation exactly once for the trigger change (`runOnce`): an earlier run's
 * record on the disk is resolved first; then the target is resolved and checked, the instance
 * stopped if needed and allowed, the intent recorded, `ReInitDisk` sent once, and the disk (and
 * the instance: Running with `autoStartInstance`, else Stopped) waited for. A failure after
 * `ReInitDisk` was accepted keeps the record in state.
 */
async function reinit(
    id: string | undefined,
    inputs: DiskReinitInputs,
    rawInputs: Record<string, unknown>,
    previous: Record<string, unknown>,
    operation: "create" | "update",
    signal?: AbortSignal,
): Promise<{ id: string; outs: DiskReinitOutputs }> {
    const label = subject(inputs.diskId ?? inputs.instanceId ?? "");
    const options: PowerOptions = { region: inputs.region, deadline: deadlineFor(inputs.timeouts, operation), describe: label, signal };
    const located = await locateTarget(inputs, options);
    const disk0 = located.disk;
    const previousCount = typeof previous.reinitCount === "number" ? previous.reinitCount : 0;
    const autoStart = inputs.autoStartInstance === true;
    const recordTarget: RecordTarget = { resourceType: "disk", resourceId: disk0.diskId, region: inputs.region, deadline: options.deadline, describe: label };
    let stoppedHere = false;
    const stoppedNote = (instanceId: string): string | undefined =>
        stoppedHere ? `Instance ${instanceId} was stopped by this operation and is left Stopped.` : undefined;
    /** Waits for the end of an accepted re-initialisation and returns the resource's outputs. */
    const finish = async (
        diskId: string,
        instanceId: string,
        diskType: string,
        sentAt: number,
        requestId: string | undefined,
        started: boolean,
    ): Promise<{ id: string; outs: DiskReinitOutputs }> => {
        const resourceId = id ?? `${diskId}:reinit:${randomBytes(4).toString("hex")}`;
        const recorded = recordedInputs(inputs, { diskId, instanceId, diskType }, previous.passwordFingerprint);
        const outs: DiskReinitOutputs = {
            ...recorded,
            lastReinitAt: new Date(sentAt).toISOString(),
            lastReinitRequestId: requestId ?? "",
            reinitCount: previousCount + 1,
        };
        await waitAfterReinit(diskId, instanceId, started, sentAt, requestId, resourceId, outs, rawInputs, options);
        return { id: resourceId, outs };
    };
    return runOnce<Prepared, RequestIdBody, { id: string; outs: DiskReinitOutputs }>({
        subject: label,
        target: `disk ${disk0.diskId}`,
        watched: "the disk",
        noun: "re-initialisation",
        doing: "re-initialising",
        acceptedAs: "ReInitDisk",
        fingerprint: triggerFingerprint(inputs.triggers),
        record: cloudRecordEnabled() ? tagRecordStore(recordTarget, RECORD_KEYS.reinit, async () => disk0.tags) : undefined,
        creating: operation === "create",
        deadline: options.deadline,
        graceMs: visibilityGraceMs(),
        pollMs: 500,
        signal,
        // Both records of a re-initialisation begin with the time it was sent.
        sentAtOf: (record) => parseTimeField(record.fields[0]),
        preflight: async () => {
            const target = await resolveTarget(inputs, options, located);
            stoppedHere = await ensureStopped(target, inputs, options);
            const before = (await describeInstance(target.instance.instanceId, options)) ?? target.instance;
            return { target, stoppedHere, base: startTimeField(before.startTime) };
        },
        intentFields: (p, sentAt) => [timeField(sentAt), p.base, autoStart ? "1" : "0"],
        send: async ({ target: { disk, instance } }) => {
            progress(label, `re-initialising ${disk.type} disk ${disk.diskId} of instance ${instance.instanceId}`);
            try {
                return await callEcs<RequestIdBody>(
                    "ReInitDisk",
                    {
                        DiskId: disk.diskId,
                        Password: inputs.password,
                        KeyPairName: inputs.keyPairName,
                        AutoStartInstance: inputs.autoStartInstance,
                        SecurityEnhancementStrategy: inputs.securityEnhancementStrategy,
                    },
                    { region: inputs.region, deadline: options.deadline, describe: `ReInitDisk ${disk.diskId}`, secrets: [inputs.password], idempotent: false },
                );
            } catch (err) {
                const message = redact((err as Error).message, [inputs.password]);
                if (isOutcomeUnknown(err)) {
                    err.message = message;
                    throw err;
                }
                const notes: string[] = [];
                if (err instanceof CloudApiError && err.code === "IncorrectInstanceStatus") {
                    // The instance was Stopped when checked: the remaining documented cause is an instance never started.
                    notes.push(
                        `Instance ${instance.instanceId} was Stopped; ReInitDisk also refuses the disks of an instance that has never been started since it was created: start it once first.`,
                    );
                }
                const note = stoppedNote(instance.instanceId);
                if (note !== undefined) notes.push(note);
                const wrapped = new Error([message, ...notes].join(" "));
                wrapped.name = (err as Error).name;
                throw wrapped;
            }
        },
        isOutcomeUnknown,
        acceptedFields: (p, body, sentAt) => [timeField(sentAt), p.base, autoStart ? "1" : "0", body.RequestId ?? ""],
        lostFields: (p, sentAt) => [timeField(sentAt), p.base, autoStart ? "1" : "0", ""],
        evidence: (query) => reinitEvidence(disk0.diskId, disk0.instanceId ?? inputs.instanceId ?? "", query, options),
        follow: async (start) => {
            if (start.how !== "earlier") {
                const { disk, instance } = start.prepared.target;
                return finish(disk.diskId, instance.instanceId, disk.type, start.sentAt, start.how === "sent" ? start.answer.RequestId : undefined, autoStart);
            }
            const fields = start.record.fields;
            return finish(
                disk0.diskId,
                disk0.instanceId ?? inputs.instanceId ?? "",
                disk0.type,
                start.sentAt ?? 0,
                fields[3] ? fields[3] : undefined,
                fields[2] === "1",
            );
        },
        nextUp: autoStart
            ? "compares the instance's StartTime with it and re-initialises only if nothing happened"
            : "asks ActionTrail whether ReInitDisk ran (waiting for its delivery delay) and re-initialises only if it did not; without actiontrail:LookupEvents it asks you instead",
        afterFailureNote: () => stoppedNote(disk0.instanceId ?? inputs.instanceId ?? ""),
    });
}

/**
 * The cloud's word on whether the re-initialisation of an intent record ran: the disk ReIniting,
 * or, with AutoStartInstance, the instance starting or its StartTime moved since the intent.
 * Without AutoStartInstance a finished re-initialisation leaves no trace the API shows.
 */
async function reinitEvidence(diskId: string, instanceId: string, query: EvidenceQuery, options: PowerOptions): Promise<Evidence> {
    const base = query.record.fields[1] ?? "";
    const autoStart = query.record.fields[2] === "1";
    const disk = await describeDisk(diskId, options);
    if (disk !== undefined && disk.status === "ReIniting") return { outcome: "ran", detail: `disk ${diskId} is being re-initialised` };
    if (autoStart && instanceId !== "") {
        const inst = await describeInstance(instanceId, options);
        if (inst !== undefined && TRANSITIONAL_STATES.has(inst.status)) return { outcome: "ran", detail: `instance ${instanceId} is ${inst.status}` };
        if (inst !== undefined && startTimeField(inst.startTime) !== base)
            return { outcome: "ran", detail: `instance ${instanceId} started since (StartTime moved)` };
    }
    if (query.live)
        return {
            outcome: "did-not-run",
            detail: `disk ${diskId} showed no sign of a re-initialisation (status ${disk?.status ?? "unknown"}, never ReIniting)`,
        };
    if (autoStart) return { outcome: "did-not-run", detail: "the instance has not started since (StartTime unchanged)" };
    // No AutoStartInstance: a finished re-initialisation leaves no trace the disk shows; ActionTrail keeps the call.
    const noTrace = "the disk is In_use and a finished re-initialisation leaves no trace the disk shows (no AutoStartInstance, so no restart either)";
    if (query.sentAt === undefined) return { outcome: "cannot-tell", reason: `${noTrace}, and the record does not say when it was sent` };
    const trail = await trailEvidence(diskId, "ReInitDisk", query.sentAt, options);
    if (trail.outcome !== "cannot-tell") return trail.outcome === "ran" ? { outcome: "ran", detail: trail.detail } : trail;
    return { ...trail, reason: `${noTrace}, and ${trail.reason}`, until: Math.max(trail.until ?? 0, query.sentAt + visibilityGraceMs()) };
}

/** Waits for the disk In_use and the instance Running (AutoStartInstance) or Stopped; a failure keeps the record in state. */
async function waitAfterReinit(
    diskId: string,
    instanceId: string,
    autoStart: boolean,
    sentAt: number,
    requestId: string | undefined,
    resourceId: string,
    outs: DiskReinitOutputs,
    rawInputs: Record<string, unknown>,
    options: PowerOptions,
): Promise<void> {
    try {
        // Under settling the disk may still read In_use right after the call: the wait counts In_use
        // only once ReIniting was seen (or the grace period after sending passed).
        await waitForDiskReinitialised(diskId, sentAt, options);
        await waitForStatus(instanceId, autoStart ? "Running" : "Stopped", options);
    } catch (err) {
        const after = new AfterAcceptedError("ReInitDisk", requestId, new Date(sentAt).toISOString(), err as Error);
        throw new PartialFailure(after.message, resourceId, { ...outs, __provider: rawInputs.__provider });
    }
}

/** Whether the new inputs name another disk than the one recorded (which replaces the resource). */
function targetReplaces(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
    if (news.diskId !== undefined) {
        return containsUnknown(news.diskId) || news.diskId !== olds.diskId ? ["diskId"] : [];
    }
    if (news.instanceId !== undefined) {
        return containsUnknown(news.instanceId) || news.instanceId !== olds.instanceId || olds.diskType !== "system" ? ["instanceId"] : [];
    }
    return [];
}

function known(value: unknown): string {
    return typeof value === "string" && !containsUnknown(value) ? value : "(known at up)";
}

/**
 * What `up` will do, by the rules of create and update: re-initialise the disk when created and
 * when the triggers change (marked destructive: everything on the disk is lost); nothing otherwise.
 * `olds` are the old inputs (empty when the resource is created or replaced).
 */
export function reinitPlan(olds: Record<string, unknown>, news: Record<string, unknown>): string {
    const target = news.diskId !== undefined ? `disk ${known(news.diskId)}` : `the system disk of instance ${known(news.instanceId)}`;
    const details = [
        news.password !== undefined ? "sets a new password" : news.keyPairName !== undefined ? `binds key pair ${known(news.keyPairName)}` : undefined,
        news.stopInstance === true ? "stops the instance first if it is Running" : undefined,
        news.autoStartInstance === true ? "starts the instance afterwards" : undefined,
    ].filter((d): d is string => d !== undefined);
    const what = `${DESTRUCTIVE}: re-initialise ${target}, erasing everything on it${details.length > 0 ? `; ${details.join("; ")}` : ""}`;
    const creating =
        olds.diskId === undefined && olds.instanceId === undefined
            ? true
            : news.diskId !== undefined
              ? news.diskId !== olds.diskId
              : news.instanceId !== olds.instanceId || olds.diskId !== undefined || valuesDiffer(olds.region, news.region);
    if (creating) return `${what} (the re-initialisation resource is created)`;
    if (!valuesDiffer(olds.triggers, news.triggers)) return NO_OPERATION;
    return `${what} (${triggerReason(olds.triggers, news.triggers)})`;
}

/**
 * The dynamic provider of `alicloud.DiskReinit`: re-initialises a disk (`ReInitDisk`) on create
 * and whenever `triggers` change; other changes are recorded for the next run without a call;
 * delete does nothing. The password is used in the call only and stored as a fingerprint.
 */
export const handler: pulumi.dynamic.ResourceProvider = {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        setStackConfig(req.config);
    },

    async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
        const { known, unknown, failures } = checkKnownInputs(diskReinitSchema, presentInputs(news));
        const all = [...failures, ...diskReinitCombinationFailures(known, unknown)];
        return {
            inputs: { ...news, ...operationCheck(olds, news, reinitPlan(presentInputs(olds), presentInputs(news))) },
            failures: engineSafeFailures(all, DISK_REINIT_INPUTS, DISK_REINIT_SECRET_INPUTS),
        };
    },

    async diff(_id: string, oldOutputs: Record<string, unknown>, newInputs: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
        const olds = presentInputs(oldOutputs);
        const news = presentInputs(newInputs);
        const replaces = targetReplaces(olds, news);
        const changed: string[] = [...replaces];
        if (valuesDiffer(olds.region, news.region)) {
            changed.push("region");
            replaces.push("region");
        }
        const newTarget = news.diskId !== undefined ? "diskId" : "instanceId";
        if (replaces.length === 0 && olds.targetedBy !== newTarget) changed.push(newTarget);
        const password = news.password;
        const passwordChanged =
            password === undefined
                ? olds.passwordFingerprint !== undefined
                : containsUnknown(password) || typeof password !== "string" || !matchesFingerprint(password, olds.passwordFingerprint);
        if (passwordChanged) changed.push("password");
        for (const key of PLAIN_INPUTS) {
            if (valuesDiffer(olds[key] ?? INPUT_DEFAULTS[key], news[key] ?? INPUT_DEFAULTS[key])) changed.push(key);
        }
        return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
        const valid = validInputs(inputs);
        if (valid.observeOnly === true) {
            // Observe only: the disk is located (reads only) and the re-initialisation recorded as due, not run.
            const options: PowerOptions = {
                region: valid.region,
                deadline: deadlineFor(valid.timeouts, "create"),
                describe: subject(valid.diskId ?? valid.instanceId ?? ""),
            };
            const { disk, instance } = await locateTarget(valid, options);
            const target = { diskId: disk.diskId, instanceId: disk.instanceId ?? instance?.instanceId ?? "", diskType: disk.type };
            const pending = dueText(inputs, `re-initialise disk ${disk.diskId}: the re-initialisation resource was created`);
            progress(subject(disk.diskId), `observeOnly: not re-initialised; recorded as due (${pending})`);
            const outs = { ...recordedInputs(valid, target, undefined), lastReinitAt: "", lastReinitRequestId: "", reinitCount: 0, [PENDING_KEY]: pending };
            return { id: `${disk.diskId}:reinit:${randomBytes(4).toString("hex")}`, outs };
        }
        const { id, outs } = await underWay(`the re-initialisation of the disk of ${valid.diskId ?? valid.instanceId}`, () =>
            interruptible((signal) => reinit(undefined, valid, inputs, {}, "create", signal)),
        );
        return { id, outs };
    },

    async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
        const valid = validInputs(news);
        const changed = valuesDiffer(olds.triggers ?? undefined, news.triggers ?? undefined);
        const due = typeof olds[PENDING_KEY] === "string" ? (olds[PENDING_KEY] as string) : undefined;
        if (valid.observeOnly === true) {
            // Observe only: nothing is sent; a re-initialisation that became due is recorded, to run once when observeOnly is turned off.
            const pending = pendingAfter(
                due,
                changed ? dueText(news, `re-initialise disk ${String(olds.diskId)}: ${triggerReason(olds.triggers, news.triggers)}`) : undefined,
            );
            if (pending !== undefined) progress(subject(String(olds.diskId)), `observeOnly: not re-initialised; due: ${pending}`);
            const recorded = recordedInputs(
                valid,
                { diskId: String(olds.diskId), instanceId: String(olds.instanceId), diskType: String(olds.diskType) },
                olds.passwordFingerprint,
            );
            const outs: Record<string, unknown> = {
                ...recorded,
                lastReinitAt: olds.lastReinitAt,
                lastReinitRequestId: olds.lastReinitRequestId,
                reinitCount: olds.reinitCount,
            };
            if (pending !== undefined) outs[PENDING_KEY] = pending;
            return { outs };
        }
        if (changed || due !== undefined) {
            progress(
                subject(valid.diskId ?? valid.instanceId ?? ""),
                changed ? "triggers changed: re-initialising the disk" : `observeOnly turned off: re-initialising the disk once (due: ${due})`,
            );
            const { outs } = await underWay(`the re-initialisation of disk ${String(olds.diskId)}`, () =>
                interruptible((signal) => reinit(id, valid, news, olds, "update", signal)),
            );
            return { outs };
        }
        // Only settings changed (or the provider's code): recorded for the next run, no call.
        const recorded = recordedInputs(
            valid,
            { diskId: String(olds.diskId), instanceId: String(olds.instanceId), diskType: String(olds.diskType) },
            olds.passwordFingerprint,
        );
        return { outs: { ...recorded, lastReinitAt: olds.lastReinitAt, lastReinitRequestId: olds.lastReinitRequestId, reinitCount: olds.reinitCount } };
    },

    async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
        const state = presentInputs(props);
        const diskId = String(state.diskId ?? "");
        const region = typeof state.region === "string" ? state.region : undefined;
        const timeouts = state.timeouts as DiskReinitInputs["timeouts"];
        const disk = await describeDisk(diskId, { region, deadline: deadlineFor(timeouts, "update"), describe: subject(diskId) });
        if (disk === undefined) {
            progress(subject(diskId), `disk ${diskId} no longer exists: the re-initialisation resource is gone`);
            return { id: "", props: {}, inputs: {} };
        }
        // A re-initialisation is an event: refresh only confirms the disk still exists, and no input
        // comes from the cloud. No inputs are returned, so the engine keeps the inputs it has (the
        // password among them, still an encrypted secret): a refresh leaves no phantom
        // `+ password` for the next preview, and the state never holds the password in plaintext.
        return { id, props: state };
    },

    async delete(_id: string, props: Record<string, unknown>): Promise<void> {
        // Deleting the record of a re-initialisation leaves the disk as it is; only ecs-ops' own
        // tag of the last one goes, so that a new resource with the same triggers runs again.
        const state = presentInputs(props);
        const diskId = typeof state.diskId === "string" ? state.diskId : undefined;
        if (diskId === undefined || !cloudRecordEnabled() || !(typeof state.reinitCount === "number" && state.reinitCount > 0)) return;
        if (isObserving(state)) {
            progress(subject(diskId), `observeOnly: the re-initialisation record (tag ${RECORD_KEYS.reinit}) is left on the disk`);
            return;
        }
        const region = typeof state.region === "string" ? state.region : undefined;
        const options: PowerOptions = { region, deadline: Date.now() + 60_000, describe: subject(diskId) };
        try {
            const disk = await describeDisk(diskId, options);
            const record = disk === undefined ? undefined : recordIn(disk.tags, RECORD_KEYS.reinit);
            if (record === undefined || record.fingerprint !== triggerFingerprint(state.triggers)) return;
            await clearRecord({ resourceType: "disk", resourceId: diskId, region, deadline: options.deadline, describe: subject(diskId) }, RECORD_KEYS.reinit);
        } catch (err) {
            progress(subject(diskId), `warning: the re-initialisation record (tag ${RECORD_KEYS.reinit}) was left on the disk: ${(err as Error).message}`);
        }
    },
};

function validInputs(props: Record<string, unknown>): DiskReinitInputs {
    const inputs = presentInputs(props);
    const { value, failures } = validate(diskReinitSchema, inputs);
    const all = [...failures, ...diskReinitCombinationFailures(inputs, [])];
    if (all.length > 0 || value === undefined) {
        throw new Error(`invalid alicloud.DiskReinit inputs: ${all.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    return value;
}
