import { fingerprint, matchesFingerprint } from "../../core/resource/secrets";
import { copyIfSet } from "../../core/inputs/copy-if-set";
import { PLAIN_KEYS, PlainAttributes, PlainKey } from "./fields";
import type { InstanceAttributesInputs, InstanceAttributesState } from "./declaration";

export type { InstanceAttributesState } from "./declaration";

/**
 * The state the provider recorded, as the engine hands it back (old outputs): the one place the
 * handler takes the engine's untyped properties for the declared state.
 */
export function recordedState(props: Record<string, unknown>): InstanceAttributesState {
    return props as InstanceAttributesState;
}

/** Keeps an existing fingerprint when it still matches the secret (stable state), else makes a new one. */
export function keepOrFingerprint(secret: string | undefined, existing: string | undefined): string | undefined {
    if (secret === undefined) return undefined;
    return existing !== undefined && matchesFingerprint(secret, existing) ? existing : fingerprint(secret);
}

/** The restart bookkeeping after some restart-needing properties were (or were not) changed now. */
export function pendingAfter(
    previous: Pick<InstanceAttributesState, "restartRequired" | "restartPendingSince" | "restartPendingStartTime"> | undefined,
    changedNow: string[],
    restartedSince: boolean,
    now: Date,
    startTimeNow: string | undefined,
): Pick<InstanceAttributesState, "restartRequired" | "pendingRestart" | "restartPendingSince" | "restartPendingStartTime"> {
    const carried = restartedSince ? [] : (previous?.restartRequired ?? []);
    const all = [...new Set([...carried, ...changedNow])].sort();
    if (all.length === 0) return { restartRequired: [], pendingRestart: false };
    if (changedNow.length > 0) {
        return { restartRequired: all, pendingRestart: true, restartPendingSince: now.toISOString(), restartPendingStartTime: startTimeNow };
    }
    return {
        restartRequired: all,
        pendingRestart: true,
        restartPendingSince: previous?.restartPendingSince ?? now.toISOString(),
        restartPendingStartTime: previous?.restartPendingStartTime,
    };
}

/**
 * Whether the instance (re)started after the pending change (a console/API restart, or a stop and
 * start): its `StartTime` moved since the change was made, or lies after the change's time. The API
 * reports StartTime to the minute (`2017-12-10T04:04Z`), so the time comparison alone would miss a
 * restart in the same minute as the change; it never reports a restart that did not happen.
 */
export function restartedAfter(
    startTime: string | undefined,
    pending: Pick<InstanceAttributesState, "restartPendingSince" | "restartPendingStartTime">,
): boolean {
    if (startTime === undefined || pending.restartPendingSince === undefined) return false;
    if (pending.restartPendingStartTime !== undefined && startTime !== pending.restartPendingStartTime) return true;
    const started = Date.parse(startTime);
    const changed = Date.parse(pending.restartPendingSince);
    return Number.isFinite(started) && Number.isFinite(changed) && started > changed;
}

/** The state after applying `inputs`, from the previous state (undefined at adoption) and what happened. */
export function stateFromInputs(
    inputs: InstanceAttributesInputs,
    region: string,
    previous: InstanceAttributesState | undefined,
    extra: Pick<
        InstanceAttributesState,
        | "adoptedAttributes"
        | "restartRequired"
        | "pendingRestart"
        | "restartPendingSince"
        | "restartPendingStartTime"
        | "osType"
        | "chargeType"
        | "lastModifyRequestId"
    >,
): InstanceAttributesState {
    const state: InstanceAttributesState = { instanceId: inputs.instanceId, region, ...extra };
    if (inputs.region !== undefined) state.regionGiven = true;
    for (const key of PLAIN_KEYS) copyIfSet<PlainAttributes, PlainKey>(state, inputs, key);
    const passwordFingerprint = keepOrFingerprint(inputs.password, previous?.passwordFingerprint);
    if (passwordFingerprint !== undefined) state.passwordFingerprint = passwordFingerprint;
    const userDataFingerprint = keepOrFingerprint(inputs.userData, previous?.userDataFingerprint);
    if (userDataFingerprint !== undefined) state.userDataFingerprint = userDataFingerprint;
    if (inputs.remoteConnectionOptions !== undefined) {
        const rco: { type?: string; passwordFingerprint?: string } = {};
        if (inputs.remoteConnectionOptions.type !== undefined) rco.type = inputs.remoteConnectionOptions.type;
        const fp = keepOrFingerprint(inputs.remoteConnectionOptions.password, previous?.remoteConnectionOptions?.passwordFingerprint);
        if (fp !== undefined) rco.passwordFingerprint = fp;
        state.remoteConnectionOptions = rco;
    }
    const secretInputs: NonNullable<InstanceAttributesState["secretInputs"]> = {};
    if (inputs.password !== undefined) secretInputs.password = inputs.password;
    if (inputs.userData !== undefined) secretInputs.userData = inputs.userData;
    if (inputs.remoteConnectionOptions !== undefined) secretInputs.remoteConnectionOptions = inputs.remoteConnectionOptions;
    if (Object.keys(secretInputs).length > 0) state.secretInputs = secretInputs;
    if (inputs.restoreOnDelete !== undefined) state.restoreOnDelete = inputs.restoreOnDelete;
    if (inputs.stopIfNeeded !== undefined) state.stopIfNeeded = inputs.stopIfNeeded;
    if (inputs.timeouts !== undefined) state.timeouts = inputs.timeouts;
    if (inputs.observeOnly !== undefined) state.observeOnly = inputs.observeOnly;
    if (state.restartPendingSince === undefined) delete state.restartPendingSince;
    if (state.restartPendingStartTime === undefined) delete state.restartPendingStartTime;
    if (state.osType === undefined) delete state.osType;
    if (state.chargeType === undefined) delete state.chargeType;
    if (state.lastModifyRequestId === undefined) delete state.lastModifyRequestId;
    return state;
}

/** The adopted values kept for the attributes still managed (an attribute no longer managed is not restored). */
export function keepAdoptedFor(adopted: Partial<PlainAttributes>, inputs: InstanceAttributesInputs): Partial<PlainAttributes> {
    const out: Partial<PlainAttributes> = {};
    for (const key of PLAIN_KEYS) if (inputs[key] !== undefined) copyIfSet(out, adopted, key);
    return out;
}

/**
 * The inputs to record after a refresh: the managed non-secret attributes as the cloud has them
 * now, and the resource's settings. Secrets are left out (state never holds them); `diff`
 * compares the program's secrets with the fingerprints in the outputs instead.
 */
export function inputsFromState(state: InstanceAttributesState): Record<string, unknown> {
    // The region only when the program gave it: one from config is not an input (no `- region` after a refresh).
    const inputs: Record<string, unknown> = { instanceId: state.instanceId };
    if (state.regionGiven === true) inputs.region = state.region;
    for (const key of PLAIN_KEYS) {
        if (state[key] !== undefined) inputs[key] = state[key];
    }
    // The secret inputs as the program gave them (the engine marks them secret again, as they were).
    for (const [key, value] of Object.entries(state.secretInputs ?? {})) if (value !== undefined) inputs[key] = value;
    if (state.restoreOnDelete !== undefined) inputs.restoreOnDelete = state.restoreOnDelete;
    if (state.stopIfNeeded !== undefined) inputs.stopIfNeeded = state.stopIfNeeded;
    if (state.timeouts !== undefined) inputs.timeouts = state.timeouts;
    if (state.observeOnly !== undefined) inputs.observeOnly = state.observeOnly;
    return inputs;
}

/** Whether a state's plain attribute is managed. */
export function isManaged(state: InstanceAttributesState, key: PlainKey): boolean {
    return state[key] !== undefined;
}
