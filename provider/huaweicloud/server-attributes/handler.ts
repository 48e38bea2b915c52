import { canonicalText } from "../../core/inputs/canonical-json";
import type * as pulumi from "@pulumi/pulumi";
import { PartialFailure } from "../../core/transport/errors";
import { NO_OPERATION, PLAN_KEY } from "../../core/resource/plan";
import { progress } from "../../core/resource/progress";
import { setStackConfig } from "../../core/credentials/stack-config";
import { deadlineFor } from "../../core/inputs/timeouts";
import { assertValid, engineSafeFailures } from "../../core/inputs/validation";
import { checkKnownInputs, presentInputs, withoutProvider } from "../../core/inputs/check-inputs";
import { EcsClient } from "../api/client";
import { resolveCredentials } from "../credentials/credentials";
import { changeSecurityGroup, changeServerTags, deleteServerMetadata, updateServer, updateServerMetadata } from "./api";
import {
    Adopted,
    ATTRIBUTE_KEYS,
    adoptedView,
    Attributes,
    attributesOf,
    AttributesDetail,
    ChangeSet,
    changedAspects,
    changeSet,
    cloudView,
    observe,
    ObservedServer,
    plannedInputs,
    RestartTrigger,
    serverDrift,
} from "./model";
import { DRIFT_KEY, DriftEntry, driftOf, enforcePlan, isObserving, observePlan, sameDrift } from "../../core/resource/observe";
import { containsUnknown } from "../../core/inputs/unknowns";
import {
    SERVER_ATTRIBUTES_INPUTS,
    SERVER_ATTRIBUTES_SECRET_INPUTS,
    ServerAttributesInputs,
    ServerAttributesState,
    serverAttributesSchema,
} from "./declaration";
import { ADOPTION_WINDOW, readServer } from "../api/server-batch";
import { claimServer, readServerOwnerTag, readServerOwnerTagForCheck, releaseServer, ServerOwnershipTarget } from "../api/ownership";
import { checkOwnership, ownerInput, ownershipCheckNeeded, ownershipPending, OWNER_TAG_KEY, withOwnershipPlan } from "../../core/ownership/owner";

// The provider of `huaweicloud.ServerAttributes`, loaded in the provider process by the delegating
// provider. Adoption model: `create` takes an existing server under management and applies what
// differs; `update` makes one call per changed aspect (the Nova security group actions and
// DeleteServerMetadata take one group or key each); `read` maps the cloud back (one batched
// ListServersDetails); `delete` releases (optionally restoring what was found at adoption).

const PROVIDER_KEY = "__provider";

/** What the resource keeps in state (./declaration: its outputs and state-only values), the adopted attributes in their exact form. */
type State = Omit<ServerAttributesState, "adoptedAttributes"> & { adoptedAttributes: Adopted };

function subjectOf(serverId: string): string {
    return `ServerAttributes ${serverId}`;
}

function parseInputs(props: Record<string, unknown>): ServerAttributesInputs {
    return assertValid(serverAttributesSchema, presentInputs(props), "ServerAttributes inputs");
}

function clientFor(region: string | undefined, projectId: string | undefined): EcsClient {
    return new EcsClient(resolveCredentials({ region, projectId }));
}

/** `launched_at` (`2018-08-15T14:21:22.000000`, UTC without a zone) as epoch ms. */
function launchedMs(text: string | undefined): number | undefined {
    if (text === undefined || text === "") return undefined;
    const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
    return Number.isNaN(ms) ? undefined : ms;
}

/** Whether the server started after the change that waits for a restart. */
function restartedSince(observed: ObservedServer, state: Pick<State, "restartPendingLaunchedAt" | "restartPendingSince">): boolean {
    const now = launchedMs(observed.launchedAt);
    if (now === undefined) return false;
    const then = launchedMs(state.restartPendingLaunchedAt);
    if (then !== undefined) return now > then;
    const since = state.restartPendingSince !== undefined ? Date.parse(state.restartPendingSince) : NaN;
    return !Number.isNaN(since) && now > since;
}

async function observeServer(client: EcsClient, serverId: string, deadline: number, adopting = false): Promise<ObservedServer | undefined> {
    const detail = await readServer(client, serverId, { deadline, window: adopting ? ADOPTION_WINDOW : undefined });
    return detail === undefined ? undefined : observe(detail as AttributesDetail);
}

/** The state with the owner recorded (or kept), when there is one. */
function withOwner(state: State, owner: string | undefined): State {
    return owner === undefined ? state : { ...state, owner };
}

function ownershipTarget(client: EcsClient, serverId: string, deadline: number, adopting = false): ServerOwnershipTarget {
    return { client, serverId, deadline, subject: subjectOf(serverId), ...(adopting ? { window: ADOPTION_WINDOW } : {}) };
}

function notFound(serverId: string, projectId: string): Error {
    return new Error(
        `server ${serverId} does not exist in project ${projectId}: check serverId, region and projectId (huaweicloud:region, huaweicloud:projectId)`,
    );
}

/**
 * Sends the calls of a change set in order (UpdateServer, groups added then removed — so the
 * server never has none — metadata set then deleted, tags set then deleted), updating `track`
 * after each call that succeeded, so that a failure leaves it saying what the server has.
 */
async function applyChanges(client: EcsClient, serverId: string, changes: ChangeSet, track: Adopted, deadline: number, subject: string): Promise<void> {
    const options = { deadline };
    if (Object.keys(changes.server).length > 0) {
        progress(subject, `UpdateServer ${Object.keys(changes.server).join(", ")}`);
        await updateServer(client, serverId, changes.server, options);
        Object.assign(track, changes.server);
    }
    const groups = new Set(track.securityGroupIds ?? []);
    for (const g of changes.addGroups) {
        progress(subject, `adding security group ${g}`);
        await changeSecurityGroup(client, serverId, "add", g, options);
        groups.add(g);
        track.securityGroupIds = [...groups].sort();
    }
    for (const g of changes.removeGroups) {
        progress(subject, `removing security group ${g}`);
        await changeSecurityGroup(client, serverId, "remove", g, options);
        groups.delete(g);
        track.securityGroupIds = [...groups].sort();
    }
    if (Object.keys(changes.setMetadata).length > 0) {
        await updateServerMetadata(client, serverId, changes.setMetadata, options);
        track.metadata = { ...(track.metadata ?? {}), ...changes.setMetadata };
    }
    for (const key of changes.deleteMetadata) {
        await deleteServerMetadata(client, serverId, key, options);
        track.metadata = { ...(track.metadata ?? {}), [key]: null };
    }
    if (Object.keys(changes.setTags).length > 0) {
        await changeServerTags(client, serverId, "create", changes.setTags, options);
        track.tags = { ...(track.tags ?? {}), ...changes.setTags };
    }
    if (changes.deleteTags.length > 0) {
        await changeServerTags(client, serverId, "delete", Object.fromEntries(changes.deleteTags.map((k) => [k, undefined])), options);
        track.tags = { ...(track.tags ?? {}), ...Object.fromEntries(changes.deleteTags.map((k) => [k, null])) };
    }
}

/** The managed attributes as the server has them after an apply (`track`), limited to what the inputs manage. */
function appliedAttributes(inputs: Attributes, track: Adopted): Attributes {
    const out: Attributes = {};
    for (const k of ["name", "description", "hostname"] as const) if (inputs[k] !== undefined && track[k] !== undefined) out[k] = track[k];
    if (inputs.securityGroupIds !== undefined && track.securityGroupIds !== undefined) out.securityGroupIds = track.securityGroupIds;
    const keep = (want: Record<string, string> | undefined, have: Record<string, string | null> | undefined): Record<string, string> | undefined => {
        if (want === undefined) return undefined;
        const m: Record<string, string> = {};
        for (const k of Object.keys(want)) if (typeof have?.[k] === "string") m[k] = have[k] as string;
        return m;
    };
    const metadata = keep(inputs.metadata, track.metadata);
    if (metadata !== undefined) out.metadata = metadata;
    const tags = keep(inputs.tags, track.tags);
    if (tags !== undefined) out.tags = tags;
    return out;
}

/** The adopted values kept for what the inputs still manage. */
function keepAdopted(adopted: Adopted, inputs: Attributes): Adopted {
    const out: Adopted = {};
    for (const k of ["name", "description", "hostname", "securityGroupIds"] as const)
        if (inputs[k] !== undefined && adopted[k] !== undefined) (out as Record<string, unknown>)[k] = adopted[k];
    for (const k of ["metadata", "tags"] as const) {
        const want = inputs[k];
        const had = adopted[k];
        if (want === undefined || had === undefined) continue;
        out[k] = Object.fromEntries(Object.entries(had).filter(([key]) => key in want));
    }
    return out;
}

/** Adopted values for what the inputs newly manage (attributes, metadata and tag keys), from a read. */
function newlyAdopted(inputs: Attributes, previous: Adopted, observed: ObservedServer): Adopted {
    const fresh: Attributes = {};
    for (const k of ["name", "description", "hostname", "securityGroupIds"] as const)
        if (inputs[k] !== undefined && previous[k] === undefined) (fresh as Record<string, unknown>)[k] = inputs[k];
    for (const k of ["metadata", "tags"] as const) {
        const want = inputs[k];
        if (want === undefined) continue;
        const extra = Object.fromEntries(Object.entries(want).filter(([key]) => !(key in (previous[k] ?? {}))));
        if (Object.keys(extra).length > 0) fresh[k] = extra;
    }
    const view = adoptedView(fresh, observed);
    return {
        ...previous,
        ...view,
        ...(view.metadata !== undefined ? { metadata: { ...(previous.metadata ?? {}), ...view.metadata } } : {}),
        ...(view.tags !== undefined ? { tags: { ...(previous.tags ?? {}), ...view.tags } } : {}),
    };
}

/** Whether the inputs manage something the adopted record does not cover yet. */
function managesNew(inputs: Attributes, adopted: Adopted): boolean {
    for (const k of ["name", "description", "hostname", "securityGroupIds"] as const) if (inputs[k] !== undefined && adopted[k] === undefined) return true;
    for (const k of ["metadata", "tags"] as const) {
        const want = inputs[k];
        if (want !== undefined && Object.keys(want).some((key) => !(key in (adopted[k] ?? {})))) return true;
    }
    return false;
}

function stateOf(
    inputs: ServerAttributesInputs,
    target: { region?: string; projectId: string },
    attributes: Attributes,
    rest: Pick<State, "adoptedAttributes" | "restartRequired" | "pendingRestart" | "restartPendingSince" | "restartPendingLaunchedAt" | "osType">,
    props: Record<string, unknown>,
): State {
    const state: State = {
        serverId: inputs.serverId,
        region: target.region,
        projectId: target.projectId,
        ...(inputs.region !== undefined ? { regionInput: inputs.region } : {}),
        ...(inputs.projectId !== undefined ? { projectIdInput: inputs.projectId } : {}),
        ...attributes,
        ...rest,
        ...(inputs.restoreOnDelete !== undefined ? { restoreOnDelete: inputs.restoreOnDelete } : {}),
        ...(inputs.timeouts !== undefined ? { timeouts: inputs.timeouts } : {}),
        ...(inputs.observeOnly !== undefined ? { observeOnly: inputs.observeOnly } : {}),
    };
    if (props.restartTrigger !== undefined) state.restartTrigger = props.restartTrigger as RestartTrigger;
    if (typeof props[PLAN_KEY] === "string") state.plannedOperation = props[PLAN_KEY] as string;
    for (const k of Object.keys(state) as Array<keyof State>) if (state[k] === undefined) delete state[k];
    return state;
}

/** Restart bookkeeping after changing `aspects` now. */
function pendingAfter(
    previous: State | undefined,
    aspects: readonly string[],
    observed: ObservedServer | undefined,
): Pick<State, "restartRequired" | "pendingRestart" | "restartPendingSince" | "restartPendingLaunchedAt"> {
    const stillPending = previous?.pendingRestart === true && !(observed !== undefined && restartedSince(observed, previous));
    const now = aspects.includes("hostname");
    if (!now && !stillPending) return { restartRequired: [], pendingRestart: false };
    return {
        restartRequired: ["hostname"],
        pendingRestart: true,
        restartPendingSince: stillPending ? previous?.restartPendingSince : new Date().toISOString(),
        restartPendingLaunchedAt: stillPending ? previous?.restartPendingLaunchedAt : observed?.launchedAt,
    };
}

function announce(subject: string, aspects: readonly string[]): void {
    if (aspects.includes("hostname"))
        progress(subject, "hostname changed: it takes effect in the guest only after the server is restarted (restartRequired, pendingRestart)");
}

/** The failure of an apply that changed part of the server: the state records what it has. */
function partial(err: unknown, id: string, state: State, providerValue: unknown): PartialFailure {
    const message = err instanceof Error ? err.message : String(err);
    return new PartialFailure(message, id, { ...state, [PROVIDER_KEY]: providerValue }, [message]);
}

/** The drift `check` computed into the inputs (undefined when it could not). */
function driftFromProps(props: Record<string, unknown>): DriftEntry[] | undefined {
    return Array.isArray(props[DRIFT_KEY]) ? driftOf(props) : undefined;
}

/** One line on the drift for progress. */
function driftNote(drift: readonly DriftEntry[]): string {
    return drift.length === 0
        ? "the cloud matches the program; nothing is changed"
        : `drift in ${drift.map((e) => e.property).join(", ")}; nothing is changed (observeOnly)`;
}

/** `check`'s read of the drift: undefined when the server or a managed value is not known yet, or the server is gone. */
async function checkDrift(program: Record<string, unknown>): Promise<DriftEntry[] | undefined> {
    if (containsUnknown(program) || typeof program.serverId !== "string") return undefined;
    const inputs = program as ServerAttributesInputs;
    const client = clientFor(inputs.region, inputs.projectId);
    const observed = await observeServer(client, inputs.serverId, deadlineFor(inputs.timeouts, "update"));
    return observed === undefined ? undefined : serverDrift(attributesOf(inputs), observed);
}

async function create(props: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    const inputs = parseInputs(props);
    const client = clientFor(inputs.region, inputs.projectId);
    const target = { region: client.credentials.region, projectId: client.credentials.projectId };
    const deadline = deadlineFor(inputs.timeouts, "create");
    const subject = subjectOf(inputs.serverId);
    const observed = await observeServer(client, inputs.serverId, deadline, true);
    if (observed === undefined) throw notFound(inputs.serverId, target.projectId);
    // Ownership first: a server another stack owns is refused before any change (never while observing).
    const owner = inputs.observeOnly === true ? undefined : ownerInput(props);
    if (owner !== undefined) {
        await claimServer(ownershipTarget(client, inputs.serverId, deadline), observed.tags[OWNER_TAG_KEY], owner, undefined, inputs.takeOver === true);
    }
    const wanted = attributesOf(inputs);
    const adopted = adoptedView(wanted, observed);
    if (inputs.observeOnly === true) {
        // Observe only: the server is read, nothing is sent (no UpdateServer, no group, metadata or tag call).
        const drift = driftFromProps(props) ?? serverDrift(wanted, observed);
        progress(subject, `observing server ${inputs.serverId} (${observed.status}); ${driftNote(drift)}`);
        const state = stateOf(
            inputs,
            target,
            wanted,
            { adoptedAttributes: adopted, restartRequired: [], pendingRestart: false, osType: observed.osType },
            props,
        );
        return { id: inputs.serverId, outs: { ...state, [DRIFT_KEY]: drift } };
    }
    const changes = changeSet(adopted, wanted);
    const aspects = changedAspects(changes);
    progress(
        subject,
        `adopting server ${inputs.serverId} (${observed.status}); ${aspects.length > 0 ? `changing ${aspects.join(", ")}` : "nothing to change"}`,
    );
    const track: Adopted = structuredClone(adopted);
    const stateNow = (): State =>
        withOwner(
            stateOf(
                inputs,
                target,
                appliedAttributes(wanted, track),
                {
                    adoptedAttributes: adopted,
                    ...pendingAfter(
                        undefined,
                        aspects.filter((a) => a !== "hostname" || track.hostname === wanted.hostname),
                        observed,
                    ),
                    osType: observed.osType,
                },
                props,
            ),
            owner,
        );
    try {
        await applyChanges(client, inputs.serverId, changes, track, deadline, subject);
    } catch (err) {
        throw partial(err, inputs.serverId, stateNow(), props[PROVIDER_KEY]);
    }
    announce(subject, aspects);
    return { id: inputs.serverId, outs: stateNow() };
}

async function update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
    const previous = olds as State;
    const inputs = parseInputs(news);
    const wanted = attributesOf(inputs);
    const from = attributesOf(olds);
    const target = { region: previous.region, projectId: previous.projectId };
    const client = clientFor(previous.region, previous.projectId);
    const deadline = deadlineFor(inputs.timeouts, "update");
    const subject = subjectOf(id);
    // Ownership first (a state of an earlier release, a changed tag, a renamed stack): the tag is
    // re-read and judged before any change, and written when it does not name this stack yet.
    const claim = inputs.observeOnly !== true && ownershipPending(previous.owner, news) ? ownerInput(news) : undefined;
    const owner = claim ?? previous.owner;
    if (claim !== undefined) {
        const ownership = ownershipTarget(client, id, deadline);
        const tag = await readServerOwnerTag(ownership);
        if (tag === "missing") throw notFound(id, previous.projectId);
        await claimServer(ownership, tag, claim, previous.owner, inputs.takeOver === true);
    }
    let adopted = keepAdopted(previous.adoptedAttributes ?? {}, wanted);
    if (inputs.observeOnly === true) {
        // Observe only: the program and the drift are recorded; the only call is a read, for what is newly managed.
        let drift = driftFromProps(news);
        let seen: ObservedServer | undefined;
        if (drift === undefined || managesNew(wanted, adopted)) {
            seen = await observeServer(client, id, deadline);
            if (seen === undefined) throw notFound(id, previous.projectId);
            adopted = newlyAdopted(wanted, adopted, seen);
            drift ??= serverDrift(wanted, seen);
        }
        if (previous.observeOnly !== true) progress(subject, "observeOnly turned on: from now on the server is only read");
        progress(subject, driftNote(drift));
        const kept = {
            adoptedAttributes: adopted,
            restartRequired: previous.restartRequired ?? [],
            pendingRestart: previous.pendingRestart ?? false,
            restartPendingSince: previous.restartPendingSince,
            restartPendingLaunchedAt: previous.restartPendingLaunchedAt,
            osType: seen?.osType ?? previous.osType,
        };
        // An owner recorded before observing began is kept (its tag stays: observing writes none).
        return { outs: { ...withOwner(stateOf(inputs, target, wanted, kept, news), previous.owner), [DRIFT_KEY]: drift } };
    }
    const enforcing = previous.observeOnly === true;
    const changes = changeSet(from, wanted);
    const aspects = changedAspects(changes);
    // No read unless needed: the adopted value of what is newly managed, the server's launch time
    // for a change that waits for a restart (batched with the other reads of the process), or what
    // the server has when observeOnly is turned off (the state holds the program's values then).
    let observed: ObservedServer | undefined;
    let base: Adopted = from;
    if (enforcing) {
        observed = await observeServer(client, id, deadline);
        if (observed === undefined) throw notFound(id, previous.projectId);
        adopted = newlyAdopted(wanted, adopted, observed);
        base = adoptedView(wanted, observed);
        const enforced = changedAspects(changeSet(base, wanted));
        if (enforced.length > 0) progress(subject, `observeOnly turned off: enforcing ${enforced.join(", ")}`);
    } else if (managesNew(wanted, adopted) || aspects.includes("hostname")) {
        observed = await observeServer(client, id, deadline);
        if (observed === undefined) throw notFound(id, previous.projectId);
        adopted = newlyAdopted(wanted, adopted, observed);
        base = {
            ...from,
            ...cloudView(Object.fromEntries(Object.entries(wanted).filter(([k]) => (from as Record<string, unknown>)[k] === undefined)), observed),
        };
    }
    const finalChanges = observed === undefined ? changes : changeSet(base, wanted);
    const finalAspects = changedAspects(finalChanges);
    if (finalAspects.length > 0) progress(subject, `changing ${finalAspects.join(", ")}`);
    const track: Adopted = structuredClone(base);
    const stateNow = (): State =>
        withOwner(
            stateOf(
                inputs,
                target,
                appliedAttributes(wanted, track),
                {
                    adoptedAttributes: adopted,
                    ...pendingAfter(previous, finalAspects.includes("hostname") && track.hostname === wanted.hostname ? ["hostname"] : [], observed),
                    osType: observed?.osType ?? previous.osType,
                },
                news,
            ),
            owner,
        );
    try {
        await applyChanges(client, id, finalChanges, track, deadline, subject);
    } catch (err) {
        throw partial(err, id, stateNow(), news[PROVIDER_KEY]);
    }
    announce(subject, finalAspects);
    return { outs: stateNow() };
}

/** The inputs a refreshed state stands for (what the next diff compares the program with). */
function inputsOf(state: State): Record<string, unknown> {
    const out: Record<string, unknown> = { serverId: state.serverId };
    if (state.regionInput !== undefined) out.region = state.regionInput;
    if (state.projectIdInput !== undefined) out.projectId = state.projectIdInput;
    Object.assign(out, attributesOf(state));
    if (state.restoreOnDelete !== undefined) out.restoreOnDelete = state.restoreOnDelete;
    if (state.timeouts !== undefined) out.timeouts = state.timeouts;
    if (state.observeOnly !== undefined) out.observeOnly = state.observeOnly;
    return out;
}

/**
 * `pulumi import` of the server (a read with no state: the provider plugin's import): the server
 * adopted with no attribute managed, recorded as `create` with only `serverId` records it, after one
 * read and no changing call. The inputs are that one `serverId`, so a program declaring just it
 * shows no changes; an attribute added afterwards is taken under management by the next update.
 */
async function readForImport(id: string): Promise<pulumi.dynamic.ReadResult> {
    const inputs = parseInputs({ serverId: id });
    const client = clientFor(inputs.region, inputs.projectId);
    const target = { region: client.credentials.region, projectId: client.credentials.projectId };
    const observed = await observeServer(client, id, deadlineFor(inputs.timeouts, "create"), true);
    if (observed === undefined) {
        progress(subjectOf(id), `server ${id} does not exist in project ${target.projectId}`);
        return { id: "", props: {} };
    }
    progress(subjectOf(id), `imported server ${id} (${observed.status}) with no attribute managed; nothing changed`);
    const wanted = attributesOf(inputs);
    const adopted = adoptedView(wanted, observed);
    const state = stateOf(
        inputs,
        target,
        appliedAttributes(wanted, structuredClone(adopted)),
        { adoptedAttributes: adopted, ...pendingAfter(undefined, [], observed), osType: observed.osType },
        { serverId: id },
    );
    return { id, props: state, inputs: { serverId: id } };
}

async function read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    if (props.serverId === undefined) return readForImport(id);
    const previous = props as State;
    const client = clientFor(previous.region, previous.projectId);
    const deadline = deadlineFor(previous.timeouts, "update");
    const observed = await observeServer(client, id, deadline);
    if (observed === undefined) {
        progress(subjectOf(id), `server ${id} no longer exists in project ${previous.projectId}`);
        return { id: "", props: {} };
    }
    const { [PROVIDER_KEY]: _p, ...rest } = props;
    if (previous.observeOnly === true) {
        // Observing: the state keeps the program's values; only the drift (and what is observed) is refreshed.
        const drift = serverDrift(attributesOf(props), observed);
        const kept = { ...(rest as State), ...(observed.osType !== undefined ? { osType: observed.osType } : {}) };
        const inputs: Record<string, unknown> = { ...inputsOf(kept), [PLAN_KEY]: NO_OPERATION, [DRIFT_KEY]: drift };
        if (kept.restartTrigger !== undefined) inputs.restartTrigger = kept.restartTrigger;
        return { id, props: { ...kept, [DRIFT_KEY]: drift }, inputs };
    }
    const state = { ...(rest as State) };
    const managed = attributesOf(props);
    const cloud = cloudView(managed, observed);
    for (const k of ATTRIBUTE_KEYS) {
        if (managed[k] === undefined) continue;
        if (cloud[k] === undefined) continue; // not reported: keep what was applied
        if (JSON.stringify(cloud[k]) !== JSON.stringify(managed[k])) Object.assign(state, { [k]: cloud[k] });
    }
    if (state.pendingRestart && restartedSince(observed, state)) {
        state.restartRequired = [];
        state.pendingRestart = false;
        delete state.restartPendingSince;
        delete state.restartPendingLaunchedAt;
    }
    if (observed.osType !== undefined) state.osType = observed.osType;
    if (previous.owner !== undefined && observed.tags[OWNER_TAG_KEY] !== previous.owner) {
        // The tag no longer names this stack (a takeOver elsewhere, an edit): ownership is no longer
        // recorded, so the next preview reads the tag again and says who holds the server now.
        progress(subjectOf(id), `the tag ${OWNER_TAG_KEY} of server ${id} is now "${observed.tags[OWNER_TAG_KEY] ?? ""}", not "${previous.owner}"`);
        delete state.owner;
    }
    // The trigger follows the hostname the cloud reports: a drift shows as a change the next run puts back (and reboots for).
    const trigger = previous.restartTrigger;
    if (trigger !== undefined && typeof trigger === "object" && state.hostname !== undefined) state.restartTrigger = { ...trigger, hostname: state.hostname };
    state.plannedOperation = NO_OPERATION;
    const inputs: Record<string, unknown> = { ...inputsOf(state), [PLAN_KEY]: NO_OPERATION };
    if (state.restartTrigger !== undefined) inputs.restartTrigger = state.restartTrigger;
    if (state.owner !== undefined) inputs.owner = state.owner;
    return { id, props: state, inputs };
}

async function remove(id: string, props: Record<string, unknown>): Promise<void> {
    const state = props as State;
    const subject = subjectOf(id);
    const deadline = deadlineFor(state.timeouts, "delete");
    if (state.observeOnly === true) {
        // Observing: no call that changes anything, so nothing is restored and an owner tag recorded
        // before observing began stays (docs/ownership.md: takeOver or a tag removal frees it).
        progress(subject, `released server ${id} from management; the server is left as it is (observeOnly: nothing is restored or untagged)`);
        return;
    }
    const release = async (): Promise<void> => {
        if (state.owner !== undefined) await releaseServer(ownershipTarget(clientFor(state.region, state.projectId), id, deadline), state.owner);
    };
    if (!state.restoreOnDelete) {
        await release();
        progress(subject, `released server ${id} from management; the server is left as it is`);
        return;
    }
    try {
        await restore(id, state, props, deadline);
    } finally {
        await release();
    }
}

/** Puts back the attributes recorded at adoption (`restoreOnDelete`). */
async function restore(id: string, state: State, props: Record<string, unknown>, deadline: number): Promise<void> {
    const subject = subjectOf(id);
    const client = clientFor(state.region, state.projectId);
    const adopted = state.adoptedAttributes ?? {};
    const observed = await observeServer(client, id, deadline);
    if (observed === undefined) {
        progress(subject, `server ${id} no longer exists; nothing to restore`);
        return;
    }
    // The server's values of what was adopted (metadata and tag keys absent now read as null).
    const keysOf = (m: Record<string, string | null> | undefined): Record<string, string> | undefined =>
        m === undefined ? undefined : Object.fromEntries(Object.keys(m).map((k) => [k, ""]));
    const current = adoptedView({ ...attributesOf(adopted), metadata: keysOf(adopted.metadata), tags: keysOf(adopted.tags) }, observed);
    // A read soon after ecs-ops' own last change may still show the values from before it (reads
    // lag the control plane): where the cloud shows the adopted value but the state records another
    // one, trust the state.
    const recorded = attributesOf(props);
    for (const k of ["name", "description", "hostname", "securityGroupIds"] as const) {
        if (recorded[k] !== undefined && canonicalText(current[k]) === canonicalText(adopted[k]) && canonicalText(recorded[k]) !== canonicalText(adopted[k]))
            (current as Record<string, unknown>)[k] = recorded[k];
    }
    for (const k of ["metadata", "tags"] as const) {
        for (const [key, value] of Object.entries(adopted[k] ?? {})) {
            const rec = recorded[k]?.[key];
            if (rec !== undefined && current[k]?.[key] === value && rec !== value) (current[k] as Record<string, string | null>)[key] = rec;
        }
    }
    const changes = changeSet(current, adopted);
    const aspects = changedAspects(changes);
    if (aspects.length === 0) {
        progress(subject, `released server ${id}; its recorded attributes are already in place`);
        return;
    }
    progress(subject, `restoring ${aspects.join(", ")} of server ${id} as found at adoption`);
    await applyChanges(client, id, changes, structuredClone(current), deadline, subject);
}

async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { failures } = checkKnownInputs(serverAttributesSchema, presentInputs(news));
    // The old inputs keep what the last check computed (the restart trigger).
    const program = withoutProvider(news);
    const planned = plannedInputs(olds, program);
    const observing = isObserving(program);
    if (failures.length > 0) {
        return { inputs: { ...news, ...planned }, failures: engineSafeFailures(failures, SERVER_ATTRIBUTES_INPUTS, SERVER_ATTRIBUTES_SECRET_INPUTS) };
    }
    const inputs: Record<string, unknown> = { ...news, ...planned };
    if (observing || isObserving(olds)) {
        // Observing, or observeOnly turned off: read the server (a read only) for the drift the preview shows.
        const drift = await checkDrift(presentInputs(program));
        const target = `server ${typeof program.serverId === "string" && !containsUnknown(program.serverId) ? program.serverId : "(known at up)"}`;
        if (drift !== undefined) inputs[DRIFT_KEY] = drift;
        if (observing) {
            inputs[PLAN_KEY] = observePlan(target, drift);
        } else {
            const enforced = drift ?? [];
            const hostname = enforced.some((e) => e.property === "hostname");
            const rest = [
                ...(hostname ? ["hostname takes effect only after the server is restarted"] : []),
                ...(planned[PLAN_KEY] !== NO_OPERATION ? [String(planned[PLAN_KEY])] : []),
            ];
            inputs[PLAN_KEY] = enforcePlan(target, enforced, "UpdateServer and the security group, metadata and tag calls", rest.join("; "));
            const trigger = planned.restartTrigger as RestartTrigger | undefined;
            if (trigger !== undefined && hostname) {
                // Enforcing the hostname is a change the reboot must follow.
                inputs.restartTrigger = { ...trigger, revision: trigger.revision + 1, reason: "hostname enforced when observeOnly was turned off" };
            }
        }
    }
    // Ownership (never while observing: an observed server is neither claimed nor refused).
    const owner = ownerInput(news);
    const serverId = news.serverId;
    if (!observing && owner !== undefined && ownershipCheckNeeded(olds, news, olds.serverId === serverId)) {
        // Only when ownership is to be recorded: a resource this stack already owns reads nothing here.
        const known = typeof serverId === "string" && !containsUnknown(serverId) && !containsUnknown(news.region) && !containsUnknown(news.projectId);
        const what = `server ${known ? serverId : "(known at up)"}`;
        const found = known
            ? await checkOwnership(what, owner, ownerInput(olds), news.takeOver === true, () =>
                  readServerOwnerTagForCheck({
                      client: clientFor(news.region as string | undefined, news.projectId as string | undefined),
                      serverId,
                      deadline: Date.now() + 60_000,
                      subject: subjectOf(serverId),
                      window: ADOPTION_WINDOW,
                  }),
              )
            : { plan: `ownership of ${what} is checked at up` };
        if (found.failure !== undefined) failures.push({ property: "serverId", reason: found.failure });
        inputs[PLAN_KEY] = withOwnershipPlan(inputs[PLAN_KEY], found.plan, NO_OPERATION);
    }
    return { inputs, failures: engineSafeFailures(failures, SERVER_ATTRIBUTES_INPUTS, SERVER_ATTRIBUTES_SECRET_INPUTS) };
}

async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
    const previous = olds as State;
    const n = withoutProvider(news);
    const replaces: string[] = [];
    if (n.serverId !== previous.serverId) replaces.push("serverId");
    if (n.region !== undefined && n.region !== null && n.region !== previous.region) replaces.push("region");
    if (n.projectId !== undefined && n.projectId !== null && n.projectId !== previous.projectId) replaces.push("projectId");
    if (replaces.length > 0) {
        progress(
            subjectOf(id),
            `${replaces.join(", ")} changed: server ${id} is released${previous.restoreOnDelete ? " (its recorded attributes restored)" : ""} and the new one adopted`,
        );
        return { changes: true, replaces, deleteBeforeReplace: true };
    }
    const before = { ...inputsOf(previous), region: previous.regionInput, projectId: previous.projectIdInput };
    const present = Object.fromEntries(Object.entries(n).filter(([, v]) => v !== null && v !== undefined));
    const after = {
        ...inputsOf({ ...(present as State), regionInput: present.region as string | undefined, projectIdInput: present.projectId as string | undefined }),
        region: present.region,
        projectId: present.projectId,
    };
    const changed = canonicalText(before) !== canonicalText(after);
    if (isObserving(n)) {
        // Observing: the state holds the program's values; a new drift (check read it) is an update of the output only.
        return { changes: changed || news[DRIFT_KEY] === undefined || !sameDrift(driftOf(news), driftOf(olds)), replaces: [] };
    }
    // Ownership to record (a state of an earlier release, a tag found changed by a refresh) is an update of its own.
    return { changes: changed || ownershipPending(previous.owner, news), replaces: [] };
}

/** The dynamic provider of `huaweicloud.ServerAttributes` (see the resource class for the contract). */
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
