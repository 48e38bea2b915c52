import { CloudApiError } from "../../core/transport/errors";
import { progress } from "../../core/resource/progress";
import { callEcs } from "../api/client";
import { hintFor } from "../api/error-hints";
import { copyIfSet } from "../../core/inputs/copy-if-set";
import { AttributeKey, STOPPED_KEYS, toModifyParams } from "./fields";
import type { ObservedInstance } from "./read";
import { InstanceAttributesInputs, windowsHostNameProblem } from "./declaration";
import { windowsPasswordFailure } from "../rules/password";
import { InstanceStateError, instanceNotFound, settledState, startInstance, stopInstance, waitForStatus } from "../operations/instance-power";

/** How to apply a set of attribute changes to one instance. */
export interface ApplyContext {
    instanceId: string;
    region: string;
    deadline: number;
    /** Subject of progress lines, e.g. `InstanceAttributes web (i-bp1…)`. */
    subject: string;
    /** Stop a running instance for changes that need it Stopped, then start it again. */
    stopIfNeeded: boolean;
}

/**
 * What is known of the instance before applying: a fresh read (`ObservedInstance`), or only what
 * state recorded (OS and billing) when the update needs no read. Unknown members are checked by
 * the API itself, whose refusals are turned into the same messages as the checks made here.
 */
export type InstanceFacts = Pick<ObservedInstance, "instanceId" | "osType" | "chargeType"> &
    Partial<Pick<ObservedInstance, "status" | "lockReasons" | "spotStrategy" | "startTime">>;

/** What applying did. */
export interface ApplyResult {
    /** RequestId of the ModifyInstanceAttribute call; undefined when there was nothing to change. */
    requestId: string | undefined;
    /** Whether ecs-ops stopped and started the instance after the change (which counts as a restart). */
    restarted: boolean;
    /** The status the instance was left in (undefined when it was not read). */
    status: string | undefined;
}

const SPOT = new Set(["SpotWithPriceLimit", "SpotAsPriceGo"]);

function refusal(code: string, detail: string): InstanceStateError {
    return new InstanceStateError(code, `${detail}. ${hintFor(code, "ModifyInstanceAttribute").hint} Nothing was changed.`);
}

/**
 * Rejects, before any modifying call, the changes the described instance cannot take, with the
 * documented code the API would answer: a security lock, enabling deletion protection on a
 * subscription or spot instance, a hostname or password breaking the Windows rules.
 */
export function assertApplicable(observed: InstanceFacts, keys: readonly AttributeKey[], values: Partial<InstanceAttributesInputs>): void {
    const id = observed.instanceId;
    if (observed.lockReasons?.includes("security")) {
        throw lockedRefusal(id);
    }
    if (keys.includes("deletionProtection") && values.deletionProtection === true) {
        if (observed.chargeType === "PrePaid") {
            throw chargeRefusal(id, "a subscription (PrePaid) instance");
        }
        if (observed.spotStrategy !== undefined && SPOT.has(observed.spotStrategy)) {
            throw chargeRefusal(id, `a spot instance (${observed.spotStrategy})`);
        }
    }
    if (observed.osType === "windows") {
        const host = keys.includes("hostName") && values.hostName !== undefined ? windowsHostNameProblem(values.hostName) : undefined;
        if (host !== undefined) throw refusal("InvalidHostName.Malformed", `hostName ${host} (instance ${id} runs Windows)`);
        const password = keys.includes("password") && values.password !== undefined ? windowsPasswordFailure(values.password) : undefined;
        if (password !== undefined) throw refusal("InvalidHostPassword.Malformed", `password ${password} (instance ${id} runs Windows)`);
    }
}

function lockedRefusal(id: string): InstanceStateError {
    return refusal("InstanceLockedForSecurity", `instance ${id} is locked for security reasons`);
}

function chargeRefusal(id: string, what: string): InstanceStateError {
    return refusal("InvalidChargeType.ValueNotSupported", `deletionProtection: instance ${id} is ${what}`);
}

function stoppedRefusal(keys: readonly AttributeKey[], id: string, status: string): InstanceStateError {
    return refusal("InvalidStatus.StoppedRequired", `${keys.join(", ")}: instance ${id} is ${status}, and these change only while it is Stopped`);
}

/**
 * The API's refusal of a ModifyInstanceAttribute sent without a fresh read, as the message the
 * check before the call gives for the same cause (or the error itself when there is none).
 */
export function refusalFromApi(
    err: unknown,
    ctx: Pick<ApplyContext, "instanceId" | "region">,
    keys: readonly AttributeKey[],
    values: Partial<InstanceAttributesInputs>,
): unknown {
    if (!(err instanceof CloudApiError)) return err;
    switch (err.code) {
        case "InvalidInstanceId.NotFound":
            return instanceNotFound(ctx.instanceId, ctx.region);
        case "InstanceLockedForSecurity":
            return lockedRefusal(ctx.instanceId);
        case "InvalidChargeType.ValueNotSupported":
            return keys.includes("deletionProtection") && values.deletionProtection === true
                ? chargeRefusal(ctx.instanceId, "a subscription (PrePaid) or spot instance")
                : err;
        default:
            return err;
    }
}

/** The secrets among some values, for redaction of anything the API might echo. */
export function secretsOf(values: Partial<InstanceAttributesInputs>): string[] {
    const out: string[] = [];
    if (values.password !== undefined) out.push(values.password);
    if (values.userData !== undefined) out.push(values.userData, Buffer.from(values.userData, "utf8").toString("base64"));
    if (values.remoteConnectionOptions?.password !== undefined) out.push(values.remoteConnectionOptions.password);
    return out;
}

async function modify(ctx: ApplyContext, keys: readonly AttributeKey[], values: Partial<InstanceAttributesInputs>): Promise<string> {
    const picked: Partial<InstanceAttributesInputs> = {};
    for (const key of keys) copyIfSet(picked, values, key);
    const params = { InstanceId: ctx.instanceId, ...toModifyParams(picked) };
    progress(ctx.subject, `ModifyInstanceAttribute ${ctx.instanceId}: ${keys.join(", ")}`);
    const body = await callEcs("ModifyInstanceAttribute", params, {
        region: ctx.region,
        deadline: ctx.deadline,
        describe: `ModifyInstanceAttribute ${ctx.instanceId}`,
        secrets: secretsOf(values),
    });
    return body.RequestId;
}

/** Stops, modifies and starts again; if the modification fails, starts the instance again before failing. */
async function modifyWhileStopped(ctx: ApplyContext, keys: readonly AttributeKey[], values: Partial<InstanceAttributesInputs>): Promise<ApplyResult> {
    const power = { region: ctx.region, deadline: ctx.deadline, describe: ctx.subject };
    progress(
        ctx.subject,
        `stopping instance ${ctx.instanceId} to change ${keys.filter((k) => STOPPED_KEYS.has(k)).join(", ") || keys.join(", ")} (stopIfNeeded)`,
    );
    await stopInstance(ctx.instanceId, power);
    let requestId: string;
    try {
        requestId = await modify(ctx, keys, values);
    } catch (err) {
        progress(ctx.subject, `the change failed; starting instance ${ctx.instanceId} again`);
        try {
            await startInstance(ctx.instanceId, power);
        } catch (startErr) {
            throw new Error(`${(err as Error).message} Starting the instance again also failed: ${(startErr as Error).message}`);
        }
        throw err;
    }
    try {
        const started = await startInstance(ctx.instanceId, power);
        return { requestId, restarted: true, status: started.state.status };
    } catch (err) {
        throw new AppliedButNotStartedError(requestId, err as Error);
    }
}

/** The change was applied but the instance could not be started again: the caller records the change. */
export class AppliedButNotStartedError extends Error {
    override readonly name = "AppliedButNotStartedError";

    constructor(
        readonly requestId: string,
        override readonly cause: Error,
    ) {
        super(`ModifyInstanceAttribute succeeded (RequestId ${requestId}) but starting the instance again failed: ${cause.message}`);
    }
}

/**
 * Applies the given attribute changes with exactly one `ModifyInstanceAttribute` carrying only
 * them (`SecurityGroupIds.N` replaces the set in the same call). An instance read as between
 * states is waited for first; one not read (an update that needed no read) is waited for only if
 * the API refuses the change because of its state, and the change is then sent again once. Changes that need the instance Stopped fail with a clear error on a running
 * instance, unless `stopIfNeeded`: then it is stopped, modified and started again (also when the
 * API itself answers `InvalidStatus.StoppedRequired`).
 */
export async function applyChanges(
    ctx: ApplyContext,
    observed: InstanceFacts,
    keys: readonly AttributeKey[],
    values: Partial<InstanceAttributesInputs>,
): Promise<ApplyResult> {
    if (keys.length === 0) return { requestId: undefined, restarted: false, status: observed.status };
    assertApplicable(observed, keys, values);
    const power = { region: ctx.region, deadline: ctx.deadline, describe: ctx.subject };
    let status = observed.status;
    if (status === "Pending" || status === "Starting" || status === "Stopping") {
        status = (await waitForStatus(ctx.instanceId, ["Running", "Stopped"], power)).status;
    }
    const needStopped = keys.filter((k) => STOPPED_KEYS.has(k));
    if (needStopped.length > 0 && status !== "Stopped") {
        if (!ctx.stopIfNeeded) throw stoppedRefusal(needStopped, ctx.instanceId, status ?? "not Stopped");
        return modifyWhileStopped(ctx, keys, values);
    }
    try {
        return { requestId: await modify(ctx, keys, values), restarted: false, status };
    } catch (err) {
        if (!(err instanceof CloudApiError)) throw err;
        if (err.code === "InvalidStatus.StoppedRequired" && ctx.stopIfNeeded && (status ?? (await settledState(ctx.instanceId, power)).status) === "Running") {
            return modifyWhileStopped(ctx, keys, values);
        }
        if (err.code === "IncorrectInstanceStatus" && status === undefined) {
            // Not read before the call: the instance is between states. Wait until it settles
            // (batched reads), then send the change again — the refused call changed nothing.
            const settled = await settledState(ctx.instanceId, power);
            progress(ctx.subject, `ModifyInstanceAttribute refused while the instance changed state; it is ${settled.status} now, sending again`);
            try {
                return { requestId: await modify(ctx, keys, values), restarted: false, status: settled.status };
            } catch (again) {
                throw refusalFromApi(again, ctx, keys, values);
            }
        }
        throw status === undefined ? refusalFromApi(err, ctx, keys, values) : err;
    }
}
