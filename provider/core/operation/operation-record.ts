import { createHash } from "crypto";
import { canonicalJson } from "../inputs/canonical-json";
import { progress } from "../resource/progress";
import { env, stackConfig } from "../credentials/stack-config";

/**
 * The durable record of a destructive operation, kept **in the cloud** on the resource it acts
 * on (an instance or disk tag on Alibaba Cloud, a server tag on Huawei Cloud), so that the next
 * run knows about an operation that was accepted even when the CLI, the provider or the machine
 * died before the engine wrote its state. Written before the call (`intent`) and again once the
 * cloud accepted it (`accepted`, with the job id for a Huawei reinstall); kept after the
 * operation (the engine's state write may still be lost) and removed when the resource is deleted.
 *
 * Tag value: `<i|a>_<fingerprint>_<field>_<field>…` — letters, digits, `-` and `_` only, so that it
 * is a valid tag value on both clouds.
 */
export interface OperationRecord {
    phase: "intent" | "accepted";
    /** Fingerprint of the triggers the operation ran for (hex). */
    fingerprint: string;
    /** Cloud-specific fields (times, the state before, a request or job id). */
    fields: string[];
}

/** Tag keys of the three operations. */
export const RECORD_KEYS = {
    reboot: "ecs-ops-reboot",
    reinit: "ecs-ops-reinit",
    reinstall: "ecs-ops-reinstall",
} as const;

const FIELD = /^[A-Za-z0-9-]*$/;

/** The tag value of a record. */
export function encodeRecord(record: OperationRecord): string {
    for (const f of [record.fingerprint, ...record.fields]) {
        if (!FIELD.test(f)) throw new Error(`operation record field "${f}" must be letters, digits and "-" only`);
    }
    return [record.phase === "intent" ? "i" : "a", record.fingerprint, ...record.fields].join("_");
}

/** The record in a tag value, or undefined when the value is not one (someone else's tag, an edit). */
export function decodeRecord(value: string | undefined): OperationRecord | undefined {
    if (value === undefined) return undefined;
    const parts = value.split("_");
    if (parts.length < 2 || (parts[0] !== "i" && parts[0] !== "a") || !/^[0-9a-f]{6,64}$/.test(parts[1])) return undefined;
    return { phase: parts[0] === "i" ? "intent" : "accepted", fingerprint: parts[1], fields: parts.slice(2) };
}

/** Hex fingerprint (`length` characters of SHA-256) of a resource's triggers, compared deeply (absent = null). */
export function triggerFingerprint(triggers: unknown, length = 12): string {
    return createHash("sha256")
        .update(canonicalJson(triggers ?? null))
        .digest("hex")
        .slice(0, length);
}

/** Epoch milliseconds as a compact field (base 36). */
export function timeField(ms: number): string {
    return Math.round(ms).toString(36);
}

/** The epoch milliseconds of a time field, or undefined. */
export function parseTimeField(field: string | undefined): number | undefined {
    if (field === undefined || field === "") return undefined;
    const ms = parseInt(field, 36);
    return Number.isFinite(ms) ? ms : undefined;
}

/** Whether ecs-ops keeps the record in the cloud (`ecs-ops:operationRecord`: `cloud`, the default, or `state`). */
export function cloudRecordEnabled(): boolean {
    const mode = stackConfig("ecs-ops:operationRecord") ?? env("ECS_OPS_OPERATION_RECORD") ?? "cloud";
    if (mode !== "cloud" && mode !== "state") {
        throw new Error(`ecs-ops:operationRecord must be "cloud" (the default: tags on the instance, disk or server) or "state", got "${mode}"`);
    }
    return mode === "cloud";
}

/** What the user told ecs-ops to do with an operation whose outcome cannot be known (`ECS_OPS_UNCERTAIN_OPERATION`). */
export type UncertainChoice = "assume-done" | "run-again" | undefined;

/** The choice for operations whose outcome cannot be known, from `ECS_OPS_UNCERTAIN_OPERATION`. */
export function uncertainChoice(): UncertainChoice {
    const value = env("ECS_OPS_UNCERTAIN_OPERATION");
    if (value === undefined) return undefined;
    if (value !== "assume-done" && value !== "run-again") {
        throw new Error(`ECS_OPS_UNCERTAIN_OPERATION must be "assume-done" or "run-again", got "${value}"`);
    }
    return value;
}

/** Where the README explains recovery; every message about an interrupted operation points there. */
export const RECOVERY_POINTER = 'see "Recovery after a hard stop" in the ecs-ops README';

/**
 * Printed when a *create* finds an earlier run's record for the same triggers: that run was stopped
 * hard during the create. The engine keeps that run's pending CREATE in state on every later run
 * (it drops one only through `pulumi refresh --clear-pending-creates` or `--import-pending-creates`,
 * and warns about it until then), although this run records the resource. Clearing it is safe for
 * ecs-ops resources: this run resolved the operation from the cloud's record.
 */
export const PENDING_CREATE_NOTICE =
    "this create resumes one that an earlier run started and was stopped hard in; the engine keeps that run's pending CREATE of this resource in state " +
    "(and warns about it) even after this run records the resource. Once this `pulumi up` has succeeded, run `pulumi refresh --clear-pending-creates --yes` " +
    `to drop it: nothing is created or run again (${RECOVERY_POINTER})`;

/**
 * Raised when an earlier (or this) run may have performed an operation and the cloud cannot
 * tell whether it did. Nothing is sent; the same error comes back on every run until the user
 * says what happened with `ECS_OPS_UNCERTAIN_OPERATION`.
 */
export class UncertainOperationError extends Error {
    override readonly name = "UncertainOperationError";

    constructor(what: string, why: string) {
        super(
            `${what} may or may not have run, and the cloud cannot tell: ${why}. ecs-ops does not repeat it on its own. ` +
                `Check it yourself, then run \`ECS_OPS_UNCERTAIN_OPERATION=assume-done pulumi up\` if it ran, or ` +
                `\`ECS_OPS_UNCERTAIN_OPERATION=run-again pulumi up\` if it did not (${RECOVERY_POINTER})`,
        );
    }
}

/** An operation an earlier run sent whose outcome the cloud cannot show, in words for the user. */
export interface UncertainOperation {
    /** Whose progress line this is, e.g. `alicloud.InstanceReboot i-…`. */
    subject: string;
    /** What may or may not have run, e.g. `The reboot of instance i-… for this trigger change (sent … at …)`. */
    what: string;
    /** Why the cloud cannot tell. */
    why: string;
    /** The operation as a noun, e.g. `reboot` (`recording the earlier reboot as done`). */
    noun: string;
    /** The operation as a present participle, e.g. `rebooting` (`rebooting again`). */
    doing: string;
}

/**
 * Settles an operation whose outcome cannot be known by `ECS_OPS_UNCERTAIN_OPERATION`, printing
 * the choice: true to run it again, false to record it as done. Unset, it is never repeated on
 * its own: throws `UncertainOperationError`, which says how to choose.
 */
export function runUncertainAgain(op: UncertainOperation): boolean {
    const choice = uncertainChoice();
    if (choice === undefined) throw new UncertainOperationError(op.what, op.why);
    if (choice === "run-again") {
        progress(op.subject, `ECS_OPS_UNCERTAIN_OPERATION=run-again: ${op.doing} again`);
        return true;
    }
    progress(op.subject, `ECS_OPS_UNCERTAIN_OPERATION=assume-done: recording the earlier ${op.noun} as done`);
    return false;
}

/** How long after an operation was sent its effect may still be invisible (settling, a queued request): 20 s. */
export const VISIBILITY_GRACE_MS = 20_000;

/**
 * The visibility grace in use: `ECS_OPS_VISIBILITY_GRACE_MS` when set (a tuning knob for tests and
 * for endpoints known to settle faster or slower), else `VISIBILITY_GRACE_MS`.
 */
export function visibilityGraceMs(): number {
    const text = env("ECS_OPS_VISIBILITY_GRACE_MS");
    if (text === undefined) return VISIBILITY_GRACE_MS;
    const ms = Number(text);
    if (!Number.isInteger(ms) || ms < 0 || ms > 600_000)
        throw new Error(`ECS_OPS_VISIBILITY_GRACE_MS must be an integer number of milliseconds up to 600000, got "${text}"`);
    return ms;
}
