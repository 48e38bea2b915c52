import type * as pulumi from "@pulumi/pulumi";
import { PartialFailure } from "../../core/transport/errors";
import { NO_OPERATION, PLAN_KEY, unwrapRpcSecret } from "../../core/resource/plan";
import { progress } from "../../core/resource/progress";
import { fingerprint, matchesFingerprint } from "../../core/resource/secrets";
import { setStackConfig } from "../../core/credentials/stack-config";
import { deadlineFor } from "../../core/inputs/timeouts";
import { assertValid, engineSafeFailures } from "../../core/inputs/validation";
import { checkKnownInputs, withoutProvider } from "../../core/inputs/check-inputs";
import { resolveAlicloudTarget } from "../credentials/credentials";
import { ADOPTION_WINDOW } from "../api/describe-batch";
import { AppliedButNotStartedError, applyChanges, ApplyResult, InstanceFacts } from "./apply";
import { announceEffects, diffAttributes, hasChanges } from "./diff";
import {
    ATTRIBUTE_KEYS,
    AttributeKey,
    cloudSatisfies,
    INSTANCE_ATTRIBUTE_KEYS,
    managedPart,
    PLAIN_KEYS,
    PlainAttributes,
    PlainKey,
    RESTART_KEYS,
    samePlain,
    STOPPED_KEYS,
} from "./fields";
import { plannedInputs, refreshedRestartTrigger, RestartTrigger } from "./plan";
import { attributesDrift, ProgramValues, unappliedKeys } from "./drift";
import { DRIFT_KEY, DriftEntry, driftOf, enforcePlan, isObserving, observePlan, sameDrift } from "../../core/resource/observe";
import { sameValue } from "../../core/inputs/canonical-json";
import { observeInstance, ObservedInstance } from "./read";
import { inputNames, redactedInputNames } from "../../core/resource/declaration";
import { InstanceAttributesInputs, instanceAttributesDeclaration, instanceAttributesSchema } from "./declaration";
import { InstanceAttributesState, inputsFromState, isManaged, keepAdoptedFor, pendingAfter, restartedAfter, recordedState, stateFromInputs } from "./state";
import { instanceNotFound } from "../operations/instance-power";
import { claimInstance, OwnershipTarget, readOwnerTag, readOwnerTagForCheck, releaseInstance } from "../api/ownership";
import { checkOwnership, ownerInput, ownershipCheckNeeded, ownershipPending, OWNER_TAG_KEY, withOwnershipPlan } from "../../core/ownership/owner";
import { containsUnknown } from "../../core/inputs/unknowns";

// The provider of `alicloud.InstanceAttributes`, loaded in the provider process by the delegating
// provider. Adoption model: `create` takes an existing instance under management and applies what
// differs; `update` sends one ModifyInstanceAttribute with only the changed attributes; `read`
// maps the cloud back; `delete` releases (optionally restoring what was found at adoption).

const PROVIDER_KEY = "__provider";

/** The input names, and those a failure never names to the engine (secrets), from the declaration. */
const INPUT_NAMES = inputNames(instanceAttributesDeclaration);
const REDACTED_INPUTS = redactedInputNames(instanceAttributesDeclaration);

function subjectOf(instanceId: string): string {
    return `InstanceAttributes ${instanceId}`;
}

/** The checked inputs (throws when invalid: `check` normally caught it already). */
function parseInputs(props: Record<string, unknown>): InstanceAttributesInputs {
    return assertValid(instanceAttributesSchema, withoutProvider(props), "InstanceAttributes inputs");
}

/** Whether reading the instance needs DescribeInstanceAttribute / DescribeUserData for these inputs. */
function readNeeds(managed: { [K in AttributeKey]?: unknown }): { withInstanceAttribute: boolean; withUserData: boolean } {
    return {
        withInstanceAttribute: [...INSTANCE_ATTRIBUTE_KEYS].some((k) => managed[k] !== undefined),
        withUserData: managed.userData !== undefined,
    };
}

/** The attributes whose desired value the cloud does not have yet (adoption). */
function differingFromCloud(inputs: InstanceAttributesInputs, observed: ObservedInstance): AttributeKey[] {
    const keys: AttributeKey[] = [];
    for (const key of PLAIN_KEYS) {
        const desired = inputs[key];
        if (desired !== undefined && !cloudSatisfies(key, desired, observed.attributes[key])) keys.push(key);
    }
    // Write-only secrets cannot be compared with the cloud: set them once, at adoption.
    if (inputs.password !== undefined) keys.push("password");
    if (inputs.userData !== undefined && observed.userData !== inputs.userData) keys.push("userData");
    if (inputs.remoteConnectionOptions !== undefined) keys.push("remoteConnectionOptions");
    return keys;
}

/** Cloud values of the given plain attributes, limited to the members the inputs manage. */
function recordAdopted(inputs: InstanceAttributesInputs, observed: InstanceFacts | ObservedInstance, keys: readonly PlainKey[]): Partial<PlainAttributes> {
    const out: Partial<PlainAttributes> = {};
    if (keys.length === 0 || !("attributes" in observed)) return out;
    for (const key of keys) setPlain(out, key, managedPart(key, inputs[key], observed.attributes[key]));
    return out;
}

/** Sets a plain attribute to a value read from the cloud (in the program's shape: see `attributesFromDescribeInstances`). */
function setPlain<K extends PlainKey>(to: Partial<PlainAttributes>, key: K, value: unknown): void {
    if (value !== undefined) to[key] = value as PlainAttributes[K];
}

function restartKeysOf(keys: readonly AttributeKey[]): string[] {
    return keys.filter((k) => RESTART_KEYS.has(k));
}

/** The outputs with the restart trigger and its key that `check` computed (so that `read` can return them). */
function withTrigger(outs: InstanceAttributesState, inputs: Record<string, unknown>): InstanceAttributesState {
    const out = { ...outs };
    if (inputs.restartTrigger !== undefined) out.restartTrigger = inputs.restartTrigger as RestartTrigger;
    const key = unwrapRpcSecret(inputs.fingerprintKey);
    if (typeof key === "string") out.fingerprintKey = key;
    return out;
}

/** The state with the owner recorded (or kept), when there is one. */
function withOwner(state: InstanceAttributesState, owner: string | undefined): InstanceAttributesState {
    return owner === undefined ? state : { ...state, owner };
}

/** Where the owner tag of an instance is read and written, for this resource's calls. */
function ownershipTarget(instanceId: string, region: string, deadline: number, adopting = false): OwnershipTarget {
    return { instanceId, region, deadline, subject: subjectOf(instanceId), ...(adopting ? { window: ADOPTION_WINDOW } : {}) };
}

/** Turns an applied-but-not-restarted failure into a partial failure that records the change. */
function partialIfApplied(err: unknown, id: string, stateAfter: (requestId: string) => InstanceAttributesState, providerValue: unknown): unknown {
    if (!(err instanceof AppliedButNotStartedError)) return err;
    const properties: Record<string, unknown> = { ...stateAfter(err.requestId), [PROVIDER_KEY]: providerValue };
    return new PartialFailure(err.message, id, properties, [err.message]);
}

function stateAfterApply(
    inputs: InstanceAttributesInputs,
    region: string,
    previous: InstanceAttributesState | undefined,
    observed: InstanceFacts,
    adopted: Partial<PlainAttributes>,
    applied: readonly AttributeKey[],
    result: Pick<ApplyResult, "requestId" | "restarted">,
): InstanceAttributesState {
    const previouslyRestarted = previous !== undefined && restartedAfter(observed.startTime, previous);
    const restartNow = result.restarted ? [] : restartKeysOf(applied);
    const pending = pendingAfter(previous, restartNow, previouslyRestarted || result.restarted, new Date(), observed.startTime);
    return stateFromInputs(inputs, region, previous, {
        adoptedAttributes: adopted,
        ...pending,
        osType: observed.osType,
        chargeType: observed.chargeType,
        lastModifyRequestId: result.requestId ?? previous?.lastModifyRequestId,
    });
}

/** The state of an update that sends nothing: the new inputs, with what the cloud was last seen to have kept. */
function stateKept(inputs: InstanceAttributesInputs, previous: InstanceAttributesState, adopted: Partial<PlainAttributes>): InstanceAttributesState {
    return stateFromInputs(inputs, previous.region, previous, {
        adoptedAttributes: adopted,
        restartRequired: previous.restartRequired ?? [],
        pendingRestart: previous.pendingRestart ?? false,
        restartPendingSince: previous.restartPendingSince,
        restartPendingStartTime: previous.restartPendingStartTime,
        osType: previous.osType,
        chargeType: previous.chargeType,
        lastModifyRequestId: previous.lastModifyRequestId,
    });
}

/** The drift `check` computed into the inputs (undefined when it could not: unknown values, or not observing). */
function driftFromProps(props: Record<string, unknown>): DriftEntry[] | undefined {
    return Array.isArray(props[DRIFT_KEY]) ? driftOf(props) : undefined;
}

/** The program's managed values from inputs (plaintext secrets: only fingerprinted by the drift). */
function programValues(inputs: Record<string, unknown>): ProgramValues {
    const out: Record<string, unknown> = {};
    for (const key of ATTRIBUTE_KEYS) if (inputs[key] !== undefined && inputs[key] !== null) out[key] = unwrapRpcSecret(inputs[key]);
    return out as ProgramValues;
}

/** The drift of `inputs` against an observed instance; `olds`/`oldDrift` tell what was never applied. */
function observedDrift(
    inputs: Record<string, unknown>,
    observed: ObservedInstance,
    props: Record<string, unknown>,
    olds: Record<string, unknown>,
    oldDrift: readonly DriftEntry[],
): DriftEntry[] {
    const key = unwrapRpcSecret(props.fingerprintKey);
    const program = programValues(inputs);
    const before: Record<string, unknown> = { ...programValues(olds), instanceId: olds.instanceId };
    const after: Record<string, unknown> = { ...program, instanceId: inputs.instanceId };
    return attributesDrift(program, observed, typeof key === "string" ? key : "", unappliedKeys(before, after, oldDrift, sameValue));
}

/** One line on the drift for progress (property names only: values may be long). */
function driftNote(drift: readonly DriftEntry[]): string {
    return drift.length === 0
        ? "the cloud matches the program; nothing is changed"
        : `drift in ${drift.map((e) => e.property).join(", ")}; nothing is changed (observeOnly)`;
}

/** `check`'s read of the drift: undefined when the instance or a managed value is not known yet, or the instance is gone. */
async function checkDrift(olds: Record<string, unknown>, program: Record<string, unknown>, key: string): Promise<DriftEntry[] | undefined> {
    if (containsUnknown(program)) return undefined;
    const inputs = program as InstanceAttributesInputs;
    const { region } = resolveAlicloudTarget(inputs.region);
    const observed = await observeInstance(inputs.instanceId, { region, deadline: deadlineFor(inputs.timeouts, "update"), ...readNeeds(inputs) });
    if (observed === undefined) return undefined;
    const same = olds.instanceId === program.instanceId;
    return observedDrift(program, observed, { fingerprintKey: key }, same ? olds : {}, same ? driftOf(olds) : []);
}

/** The drift read now, for an update that found none computed by check. */
async function freshDrift(
    id: string,
    previous: InstanceAttributesState,
    inputs: InstanceAttributesInputs,
    news: Record<string, unknown>,
): Promise<DriftEntry[]> {
    const observed = await observeInstance(id, { region: previous.region, deadline: deadlineFor(inputs.timeouts, "update"), ...readNeeds(inputs) });
    if (observed === undefined) throw instanceNotFound(id, previous.region);
    return observedDrift(news, observed, news, inputsFromState(previous), driftOf(previous));
}

/** An update while observing: records the program and the drift; no cloud call but a read for newly managed attributes. */
async function observeUpdate(
    id: string,
    previous: InstanceAttributesState,
    inputs: InstanceAttributesInputs,
    news: Record<string, unknown>,
    adoptedKept: Partial<PlainAttributes>,
): Promise<pulumi.dynamic.UpdateResult> {
    const newlyManaged = PLAIN_KEYS.filter((k) => inputs[k] !== undefined && !isManaged(previous, k));
    let drift = driftFromProps(news);
    let adopted = adoptedKept;
    if (drift === undefined || newlyManaged.length > 0) {
        const observed = await observeInstance(id, { region: previous.region, deadline: deadlineFor(inputs.timeouts, "update"), ...readNeeds(inputs) });
        if (observed === undefined) throw instanceNotFound(id, previous.region);
        adopted = { ...adoptedKept, ...recordAdopted(inputs, observed, newlyManaged) };
        drift ??= observedDrift(news, observed, news, inputsFromState(previous), driftOf(previous));
    }
    if (previous.observeOnly !== true) progress(subjectOf(id), "observeOnly turned on: from now on the instance is only read");
    progress(subjectOf(id), driftNote(drift));
    const outs = stateKept(inputs, previous, adopted);
    // An owner recorded before observing began is kept (its tag stays: observing writes none).
    return { outs: { ...withOwner(withTrigger(outs, news), previous.owner), [DRIFT_KEY]: drift } };
}

/** A refresh while observing: the state keeps the program's values; only the drift (and what is observed) is refreshed. */
function observeRead(id: string, props: Record<string, unknown>, previous: InstanceAttributesState, observed: ObservedInstance): pulumi.dynamic.ReadResult {
    const recorded = inputsFromState(previous);
    const drift = observedDrift(recorded, observed, props, recorded, driftOf(previous));
    const state: InstanceAttributesState = { ...previous };
    if (observed.osType !== undefined) state.osType = observed.osType;
    if (observed.chargeType !== undefined) state.chargeType = observed.chargeType;
    const outs: Record<string, unknown> = { ...state, [DRIFT_KEY]: drift };
    delete outs[PROVIDER_KEY];
    const inputs: Record<string, unknown> = { ...recorded, [PLAN_KEY]: NO_OPERATION, [DRIFT_KEY]: drift };
    if (props.restartTrigger !== undefined) inputs.restartTrigger = props.restartTrigger;
    if (typeof props.fingerprintKey === "string") inputs.fingerprintKey = props.fingerprintKey;
    return { id, props: outs, inputs };
}

async function create(props: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    const inputs = parseInputs(props);
    const { region } = resolveAlicloudTarget(inputs.region);
    const deadline = deadlineFor(inputs.timeouts, "create");
    const subject = subjectOf(inputs.instanceId);
    const observed = await observeInstance(inputs.instanceId, { region, deadline, window: ADOPTION_WINDOW, ...readNeeds(inputs) });
    if (observed === undefined) throw instanceNotFound(inputs.instanceId, region);
    // Ownership first: an instance another stack owns is refused before any change (never while observing).
    const owner = inputs.observeOnly === true ? undefined : ownerInput(props);
    if (owner !== undefined) {
        await claimInstance(ownershipTarget(inputs.instanceId, region, deadline), observed.tags[OWNER_TAG_KEY], owner, undefined, inputs.takeOver === true);
    }
    const managedPlain = PLAIN_KEYS.filter((k) => inputs[k] !== undefined);
    const adopted = recordAdopted(inputs, observed, managedPlain);
    if (inputs.observeOnly === true) {
        // Observe only: the instance is read, nothing is sent (no Modify, no stop/start, no tag).
        const drift = driftFromProps(props) ?? observedDrift(inputs, observed, props, {}, []);
        progress(subject, `observing instance ${inputs.instanceId} (${observed.status}); ${driftNote(drift)}`);
        const outs = withTrigger(
            stateFromInputs(inputs, region, undefined, {
                adoptedAttributes: adopted,
                restartRequired: [],
                pendingRestart: false,
                osType: observed.osType,
                chargeType: observed.chargeType,
            }),
            props,
        );
        return { id: inputs.instanceId, outs: { ...outs, [DRIFT_KEY]: drift } };
    }
    const keys = differingFromCloud(inputs, observed);
    progress(
        subject,
        keys.length > 0
            ? `adopting instance ${inputs.instanceId} (${observed.status}); changing ${keys.join(", ")}`
            : `adopting instance ${inputs.instanceId} (${observed.status}); nothing to change`,
    );
    const ctx = { instanceId: inputs.instanceId, region, deadline, subject, stopIfNeeded: inputs.stopIfNeeded === true };
    let result: ApplyResult;
    try {
        result = await applyChanges(ctx, observed, keys, inputs);
    } catch (err) {
        throw partialIfApplied(
            err,
            inputs.instanceId,
            (requestId) =>
                withOwner(withTrigger(stateAfterApply(inputs, region, undefined, observed, adopted, keys, { requestId, restarted: false }), props), owner),
            props[PROVIDER_KEY],
        );
    }
    const outs = withOwner(withTrigger(stateAfterApply(inputs, region, undefined, observed, adopted, keys, result), props), owner);
    announceEffects(subject, keys, result.restarted);
    return { id: inputs.instanceId, outs };
}

async function update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
    const previous = recordedState(olds);
    const inputs = parseInputs(news);
    const diff = diffAttributes(previous, withoutProvider(news));
    const region = previous.region;
    const adoptedKept = keepAdoptedFor(previous.adoptedAttributes ?? {}, inputs);
    if (inputs.observeOnly === true) return observeUpdate(id, previous, inputs, news, adoptedKept);
    // Ownership first (a state of an earlier release, a changed tag, a renamed stack): the tag is
    // re-read and judged before any change, and written when it does not name this stack yet.
    const claim = ownershipPending(previous.owner, news) ? ownerInput(news) : undefined;
    const owner = claim ?? previous.owner;
    if (claim !== undefined) {
        const target = ownershipTarget(id, region, deadlineFor(inputs.timeouts, "update"));
        const tag = await readOwnerTag(target);
        if (tag === "missing") throw instanceNotFound(id, region);
        await claimInstance(target, tag, claim, previous.owner, inputs.takeOver === true);
    }
    if (previous.observeOnly === true) {
        // observeOnly turned off: enforce what the drift names (check read it afresh), with the program's own changes.
        const drift = driftFromProps(news) ?? (await freshDrift(id, previous, inputs, news));
        const enforced = drift.map((e) => e.property).filter((p): p is AttributeKey => (ATTRIBUTE_KEYS as readonly string[]).includes(p));
        diff.changed = [...new Set([...diff.changed, ...enforced])];
        if (enforced.length > 0) progress(subjectOf(id), `observeOnly turned off: enforcing ${enforced.join(", ")}`);
    }
    if (diff.changed.length === 0) {
        // Settings, released attributes or a new __provider only: nothing to send.
        const outs = stateKept(inputs, previous, adoptedKept);
        return { outs: withOwner(withTrigger(outs, news), owner) };
    }
    const deadline = deadlineFor(inputs.timeouts, "update");
    const subject = subjectOf(id);
    const newlyManaged = PLAIN_KEYS.filter((k) => inputs[k] !== undefined && !isManaged(previous, k));
    // No read before the change unless it needs one: the adopted value of a newly managed
    // attribute, the state of the instance for a change that needs it Stopped, or its StartTime
    // for a change that waits for a restart (batched with the other reads of the process). The
    // other checks use the OS and billing recorded in state, and the API's own refusals.
    const needsRead = newlyManaged.length > 0 || diff.changed.some((k) => STOPPED_KEYS.has(k) || RESTART_KEYS.has(k));
    let observed: InstanceFacts = { instanceId: id, osType: previous.osType, chargeType: previous.chargeType };
    if (needsRead) {
        const read = await observeInstance(id, { region, deadline, ...readNeeds(Object.fromEntries(newlyManaged.map((k) => [k, true]))) });
        if (read === undefined) throw instanceNotFound(id, region);
        observed = read;
    }
    const adopted = { ...adoptedKept, ...recordAdopted(inputs, observed, newlyManaged) };
    const ctx = { instanceId: id, region, deadline, subject, stopIfNeeded: inputs.stopIfNeeded === true };
    let result: ApplyResult;
    try {
        result = await applyChanges(ctx, observed, diff.changed, inputs);
    } catch (err) {
        throw partialIfApplied(
            err,
            id,
            (requestId) =>
                withOwner(
                    withTrigger(stateAfterApply(inputs, region, previous, observed, adopted, diff.changed, { requestId, restarted: false }), news),
                    owner,
                ),
            news[PROVIDER_KEY],
        );
    }
    const outs = withOwner(withTrigger(stateAfterApply(inputs, region, previous, observed, adopted, diff.changed, result), news), owner);
    announceEffects(subject, diff.changed, result.restarted);
    return { outs };
}

/**
 * `pulumi import` of the instance (a read with no state: the provider plugin's import): the instance
 * adopted with no attribute managed, recorded as `create` with only `instanceId` records it, after
 * one read and no changing call. The inputs are that one `instanceId`, so a program declaring just
 * it shows no changes; an attribute added to the program afterwards is taken under management by
 * the next update, as with adoption (its value found then is the one restored on delete).
 */
async function readForImport(id: string): Promise<pulumi.dynamic.ReadResult> {
    const inputs = parseInputs({ instanceId: id });
    const { region } = resolveAlicloudTarget(undefined);
    const observed = await observeInstance(id, { region, deadline: deadlineFor(undefined, "create"), ...readNeeds(inputs) });
    if (observed === undefined) {
        progress(subjectOf(id), `instance ${id} does not exist in ${region}`);
        return { id: "", props: {} };
    }
    progress(subjectOf(id), `imported instance ${id} (${observed.status}) with no attribute managed; nothing changed`);
    const outs = stateAfterApply(inputs, region, undefined, observed, {}, [], { requestId: undefined, restarted: false });
    return { id, props: { ...outs }, inputs: { instanceId: id } };
}

async function read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    if (props.instanceId === undefined) return readForImport(id);
    const previous = recordedState(props);
    const region = previous.region;
    const deadline = deadlineFor(previous.timeouts, "update");
    const managed: { [K in AttributeKey]?: unknown } = { ...previous, userData: previous.userDataFingerprint };
    const observed = await observeInstance(id, { region, deadline, ...readNeeds(managed) });
    if (observed === undefined) {
        progress(subjectOf(id), `instance ${id} no longer exists in ${region}`);
        return { id: "", props: {} };
    }
    if (previous.observeOnly === true) return observeRead(id, props, previous, observed);
    const state: InstanceAttributesState = { ...previous };
    for (const key of PLAIN_KEYS) {
        const known = state[key];
        if (known === undefined) continue;
        const cloud = managedPart(key, known, observed.attributes[key]);
        if (cloud === undefined) continue; // not reported (write-only or unsupported here): keep what was applied
        const merged = key === "cpuOptions" || key === "privateDnsNameOptions" ? { ...(known as object), ...(cloud as object) } : cloud;
        if (!samePlain(key, merged, known)) setPlain(state, key, merged);
    }
    if (previous.userDataFingerprint !== undefined && observed.userData !== undefined && !matchesFingerprint(observed.userData, previous.userDataFingerprint)) {
        state.userDataFingerprint = fingerprint(observed.userData);
        // Drift: the input becomes what the cloud has, so the next preview shows the change.
        state.secretInputs = { ...(previous.secretInputs ?? {}), userData: observed.userData };
    }
    if (previous.pendingRestart && restartedAfter(observed.startTime, previous)) {
        state.restartRequired = [];
        state.pendingRestart = false;
        delete state.restartPendingSince;
        delete state.restartPendingStartTime;
    }
    if (observed.osType !== undefined) state.osType = observed.osType;
    if (observed.chargeType !== undefined) state.chargeType = observed.chargeType;
    if (previous.owner !== undefined && observed.tags[OWNER_TAG_KEY] !== previous.owner) {
        // The tag no longer names this stack (a takeOver elsewhere, an edit): ownership is no longer
        // recorded, so the next preview reads the tag again and says who holds the instance now.
        progress(subjectOf(id), `the tag ${OWNER_TAG_KEY} of instance ${id} is now "${observed.tags[OWNER_TAG_KEY] ?? ""}", not "${previous.owner}"`);
        delete state.owner;
    }
    const outs: Record<string, unknown> = { ...state };
    delete outs[PROVIDER_KEY];
    const key = typeof props.fingerprintKey === "string" ? props.fingerprintKey : undefined;
    const trigger = refreshedRestartTrigger(props.restartTrigger as RestartTrigger | undefined, key, {
        hostName: state.hostName,
        userData: observed.userData,
    });
    if (trigger !== undefined) outs.restartTrigger = trigger;
    const inputs: Record<string, unknown> = { ...inputsFromState(state), [PLAN_KEY]: NO_OPERATION };
    if (trigger !== undefined) inputs.restartTrigger = trigger;
    if (state.owner !== undefined) inputs.owner = state.owner;
    if (key !== undefined) inputs.fingerprintKey = key;
    return { id, props: outs, inputs };
}

async function remove(id: string, props: Record<string, unknown>): Promise<void> {
    const state = recordedState(props);
    const subject = subjectOf(id);
    const adopted = state.adoptedAttributes ?? {};
    const deadline = deadlineFor(state.timeouts, "delete");
    if (state.observeOnly === true) {
        // Observing: no call that changes anything, so nothing is restored and an owner tag recorded
        // before observing began stays (docs/ownership.md: takeOver or a tag removal frees it).
        progress(subject, `released instance ${id} from management; the instance is left as it is (observeOnly: nothing is restored or untagged)`);
        return;
    }
    if (!state.restoreOnDelete) {
        await releaseOwnership(id, state, deadline);
        progress(subject, `released instance ${id} from management; the instance is left as it is`);
        return;
    }
    try {
        await restore(id, state, adopted, deadline);
    } finally {
        await releaseOwnership(id, state, deadline);
    }
}

/** Removes the owner tag this resource recorded, if the instance still carries it. */
async function releaseOwnership(id: string, state: InstanceAttributesState, deadline: number): Promise<void> {
    if (state.owner !== undefined) await releaseInstance(ownershipTarget(id, state.region, deadline), state.owner);
}

/** Puts back the attributes recorded at adoption (`restoreOnDelete`). */
async function restore(id: string, state: InstanceAttributesState, adopted: Partial<PlainAttributes>, deadline: number): Promise<void> {
    const subject = subjectOf(id);
    const keys = Object.keys(adopted) as PlainKey[];
    const observed = await observeInstance(id, { region: state.region, deadline, ...readNeeds(adopted) });
    if (observed === undefined) {
        progress(subject, `instance ${id} no longer exists; nothing to restore`);
        return;
    }
    // A read soon after ecs-ops' own last change may still show the values from before it (Describe
    // lags the control plane): restore also what the state records as set to something else.
    const toRestore = keys.filter(
        (k) => !cloudSatisfies(k, adopted[k], observed.attributes[k]) || (state[k] !== undefined && !cloudSatisfies(k, adopted[k], state[k])),
    );
    if (toRestore.length === 0) {
        progress(subject, `released instance ${id}; its recorded attributes are already in place`);
        return;
    }
    progress(subject, `restoring ${toRestore.join(", ")} of instance ${id} as found at adoption`);
    const ctx = { instanceId: id, region: state.region, deadline, subject, stopIfNeeded: state.stopIfNeeded === true };
    await applyChanges(ctx, observed, toRestore, adopted);
}

async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { failures } = checkKnownInputs(instanceAttributesSchema, news);
    const program = withoutProvider(news);
    // The old inputs keep what the last check computed (the restart trigger and its key).
    const planned = plannedInputs(olds, program);
    const observing = isObserving(program);
    if (failures.length > 0) {
        return { inputs: { ...news, ...planned }, failures: engineSafeFailures(failures, INPUT_NAMES, REDACTED_INPUTS) };
    }
    const inputs: Record<string, unknown> = { ...news, ...planned };
    if (observing || isObserving(olds)) {
        // Observing, or observeOnly turned off: read the cloud (a read only) for the drift the preview shows.
        const key = String(unwrapRpcSecret(planned.fingerprintKey));
        const drift = await checkDrift(olds, program, key);
        const target = `instance ${typeof program.instanceId === "string" && !containsUnknown(program.instanceId) ? program.instanceId : "(known at up)"}`;
        if (drift !== undefined) inputs[DRIFT_KEY] = drift;
        if (observing) {
            inputs[PLAN_KEY] = observePlan(target, drift);
        } else {
            const enforced = drift ?? [];
            const trigger = planned.restartTrigger as RestartTrigger | undefined;
            const restartKeys = enforced.map((e) => e.property).filter((p) => RESTART_KEYS.has(p as AttributeKey));
            const rest = [
                ...(restartKeys.length > 0
                    ? [`${restartKeys.join(", ")} take${restartKeys.length === 1 ? "s" : ""} effect only after the instance is restarted`]
                    : []),
                ...(planned[PLAN_KEY] !== NO_OPERATION ? [String(planned[PLAN_KEY])] : []),
            ];
            inputs[PLAN_KEY] = enforcePlan(target, enforced, "ModifyInstanceAttribute", rest.join("; "));
            if (trigger !== undefined && restartKeys.length > 0) {
                // Enforcing a restart-requiring value is a change the reboot must follow.
                inputs.restartTrigger = {
                    ...trigger,
                    revision: trigger.revision + 1,
                    reason: `${restartKeys.join(", ")} enforced when observeOnly was turned off`,
                };
            }
        }
    }
    // Ownership (never while observing: an observed instance is neither claimed nor refused).
    const owner = ownerInput(news);
    const instanceId = news.instanceId;
    if (!observing && owner !== undefined && ownershipCheckNeeded(olds, news, olds.instanceId === instanceId)) {
        // Only when ownership is to be recorded: a resource this stack already owns reads nothing here.
        const what = `instance ${typeof instanceId === "string" && !containsUnknown(instanceId) ? instanceId : "(known at up)"}`;
        const known = typeof instanceId === "string" && !containsUnknown(instanceId) && !containsUnknown(news.region);
        const found = known
            ? await checkOwnership(what, owner, ownerInput(olds), news.takeOver === true, () =>
                  readOwnerTagForCheck({
                      instanceId,
                      region: news.region as string | undefined,
                      deadline: Date.now() + 60_000,
                      subject: subjectOf(instanceId),
                      window: ADOPTION_WINDOW,
                  }),
              )
            : { plan: `ownership of ${what} is checked at up` };
        if (found.failure !== undefined) failures.push({ property: "instanceId", reason: found.failure });
        inputs[PLAN_KEY] = withOwnershipPlan(inputs[PLAN_KEY], found.plan, NO_OPERATION);
    }
    return { inputs, failures: engineSafeFailures(failures, INPUT_NAMES, REDACTED_INPUTS) };
}

async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
    const previous = recordedState(olds);
    const d = diffAttributes(previous, withoutProvider(news));
    if (d.replaces.length > 0) {
        progress(
            subjectOf(id),
            `${d.replaces.join(", ")} changed: instance ${id} is released${previous.restoreOnDelete ? " (its recorded attributes restored)" : ""} and the new one adopted`,
        );
        return { changes: true, replaces: d.replaces, deleteBeforeReplace: true };
    }
    if (isObserving(news)) {
        // Observing: the state holds the program's values; a new drift (check read it) is an update of the output only.
        const driftChanged = news[DRIFT_KEY] === undefined || !sameDrift(driftOf(news), driftOf(olds));
        return { changes: hasChanges(d) || driftChanged, replaces: [] };
    }
    // What the change will do (restart effects, a stop/start) is in the plan (`plannedOperation`), which
    // the preview shows on the resource; the note itself is printed once, by the update that applies it.
    // Ownership to record (a state of an earlier release, a tag found changed by a refresh) is an update of its own.
    return { changes: hasChanges(d) || ownershipPending(previous.owner, news), replaces: [] };
}

/** The dynamic provider of `alicloud.InstanceAttributes` (see the resource class for the contract). */
export const handler: pulumi.dynamic.ResourceProvider = {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        setStackConfig(req.config);
    },
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};
