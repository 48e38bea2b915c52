import { Evidence, EvidenceQuery, runOnce } from "../../core/operation";
import { actionListEvidence, InstanceAction } from "../api/instance-actions";
import { randomBytes } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { PartialFailure } from "../../core/transport/errors";
import { underWay } from "../../core/operation/in-flight";
import { cloudRecordEnabled, decodeRecord, RECORD_KEYS, timeField, triggerFingerprint } from "../../core/operation/operation-record";
import { isOutcomeUnknown } from "../../core/transport/outcome";
import { NO_OPERATION, PLAN_KEY, triggerReason } from "../../core/resource/plan";
import { dueText, isObserving, operationCheck, PENDING_KEY, pendingAfter } from "../../core/resource/observe";
import { progress } from "../../core/resource/progress";
import { setStackConfig } from "../../core/credentials/stack-config";
import { deadlineFor } from "../../core/inputs/timeouts";
import { containsUnknown, splitUnknowns } from "../../core/inputs/unknowns";
import { assertValid, engineSafeFailures, validate } from "../../core/inputs/validation";
import { WaitTimeoutError } from "../../core/transport/wait";
import { EcsClient } from "../api/client";
import { resolveCredentials } from "../credentials/credentials";
import { changeServerTag, Job, ServerDetail, showJob, showServer, showServerTags } from "../api/ecs-api";
import {
    FINAL_JOB_STATUSES,
    followJobToEnd,
    InterruptedError,
    interruptions,
    JobFailedError,
    jobNotFound,
    serverNotFound,
    serverWaitAfterJob,
    showServerState,
    taskStateOf,
    waitForServer,
} from "../operations/job-follow";
import { batchRebootServers, RebootType } from "../api/power-api";
import { showServerBatched } from "../api/server-batch";
import { serverForEvidence, serverRunOnceOptions } from "../operations/server-operation";
import { SERVER_REBOOT_INPUTS, SERVER_REBOOT_REPLACE_ON_CHANGE, SERVER_REBOOT_SECRET_INPUTS, serverRebootSchema, ServerRebootInputs } from "./declaration";
import { sameValue } from "../../core/inputs/canonical-json";
import { presentInputs } from "../../core/inputs/check-inputs";
import { targetOf } from "../rules/ids";

type Props = Record<string, unknown>;

/** Tuning for tests: poll intervals of the job and server waits. Real runs use the defaults. */
export const pollTuning: { initialIntervalMs?: number; maxIntervalMs?: number } = {};

/** The record of the reboots of one ServerReboot, kept in state beside its inputs. */
interface RebootRecord {
    /** ISO time the last reboot was accepted (or, its answer lost, sent). */
    lastRebootAt?: string;
    /** Job id of the last reboot, when known. */
    lastJobId?: string;
    /** Reboots performed so far. */
    rebootCount: number;
    /** Set from the moment a job is accepted until it is seen to end: the next run follows it. */
    pendingJobId?: string;
    /** The failure text of a FAILed last job. */
    failure?: string;
}

/** Values an unset input stands for. */
const INPUT_DEFAULTS: Readonly<Props> = { type: "SOFT", rebootOnCreate: true, observeOnly: false };

/** Server statuses of a reboot under way. */
const REBOOTING = new Set(["REBOOT", "HARD_REBOOT"]);

function subject(serverId: string): string {
    return `server ${serverId}`;
}

function inputsOf(props: Props): Props {
    const out: Props = {};
    for (const key of SERVER_REBOOT_INPUTS) if (props[key] !== undefined && props[key] !== null) out[key] = props[key];
    return out;
}

function recordOf(olds: Props): RebootRecord {
    const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
    return {
        lastRebootAt: str(olds.lastRebootAt),
        lastJobId: str(olds.lastJobId),
        rebootCount: typeof olds.rebootCount === "number" ? olds.rebootCount : 0,
        pendingJobId: str(olds.pendingJobId),
        failure: str(olds.failure),
    };
}

/** The fingerprint of a reboot's triggers as kept in the server tag (8 hex: a tag value holds 43 characters). */
function recordFingerprint(triggers: unknown): string {
    return triggerFingerprint(triggers, 8);
}

/** `OS-SRV-USG:launched_at` as the digits-only field kept in a record ("" when not answered). */
function bootField(server: ServerDetail): string {
    return (server["OS-SRV-USG:launched_at"] ?? "").replace(/[^0-9]/g, "");
}

/** Whether the server shows a reboot (or another operation) under way. */
function busy(server: ServerDetail): boolean {
    return REBOOTING.has(server.status) || taskStateOf(server) !== undefined;
}

/** What one operation works with. */
interface Operation {
    inputs: ServerRebootInputs;
    type: RebootType;
    providerRef: unknown;
    deadline: number;
    client: EcsClient;
    signal: AbortSignal;
}

function outputs(op: Operation, record: RebootRecord, raw: Props): Props {
    const out: Props = { ...inputsOf(presentInputs(raw)), rebootCount: record.rebootCount, __provider: op.providerRef };
    for (const key of ["lastRebootAt", "lastJobId", "pendingJobId", "failure"] as const) if (record[key] !== undefined) out[key] = record[key];
    return out;
}

/** Checks that the server may be rebooted now; throws a message saying what to do otherwise. */
function assertRebootable(server: ServerDetail, serverId: string): void {
    if (server.locked === true) throw new Error(`server ${serverId} is locked: unlock it before rebooting it (nothing was sent)`);
    if (busy(server)) {
        throw new Error(
            `server ${serverId} is busy (${showServerState(server)}): wait for the operation under way to finish, then run again (nothing was sent)`,
        );
    }
    if (server.status !== "ACTIVE") {
        throw new Error(`server ${serverId} is ${server.status}: BatchRebootServers needs it ACTIVE; start it first (nothing was sent)`);
    }
}

/** Waits until the server is ACTIVE with no task (server reads lag the job: they may still show the reboot). */
async function waitActive(op: Operation, describe: string): Promise<ServerDetail> {
    return waitForServer(
        op.client,
        op.inputs.serverId,
        describe,
        (s) => s.status === "ACTIVE" && taskStateOf(s) === undefined,
        serverWaitAfterJob({ deadline: op.deadline, signal: op.signal, ...pollTuning }),
    );
}

/** How a failure after the job was accepted is reported: a PartialFailure keeping the job (and the reboot) in state. */
function pendingFailure(err: unknown, op: Operation, record: RebootRecord, raw: Props, id: string): PartialFailure {
    const jobId = record.pendingJobId as string;
    const serverId = op.inputs.serverId;
    const resume = "The job keeps running in the cloud; its id is kept in state and the next `pulumi up` follows it instead of rebooting again";
    let message: string;
    if (err instanceof WaitTimeoutError) message = `reboot job ${jobId} of server ${serverId} did not finish in time: ${err.message}. ${resume}`;
    else if (err instanceof InterruptedError) message = `${err.message} while waiting for reboot job ${jobId} of server ${serverId}. ${resume}`;
    else message = `reboot job ${jobId} of server ${serverId} was accepted but its end could not be seen: ${(err as Error).message}. ${resume}`;
    return new PartialFailure(message, id, outputs(op, record, raw));
}

/**
 * Follows an accepted job to its end and then the server to ACTIVE. Returns the record of the
 * finished reboot; a FAILed job throws a PartialFailure recording it (the reboot was sent: the
 * same triggers never reboot again); any other way out keeps the job pending in state.
 */
async function followJob(op: Operation, record: RebootRecord, raw: Props, id: string): Promise<RebootRecord> {
    const jobId = record.pendingJobId as string;
    const serverId = op.inputs.serverId;
    try {
        // A FAILed job is thrown once server reads stop showing the reboot (followJobToEnd waits for it).
        await followJobToEnd(op.client, jobId, { deadline: op.deadline, serverId, what: "reboot", signal: op.signal, serverBusy: busy, ...pollTuning });
        await waitActive(op, `server ${serverId} to be ACTIVE after reboot job ${jobId}`);
    } catch (err) {
        if (err instanceof JobFailedError) {
            const failed = { ...record, pendingJobId: undefined, failure: err.message };
            throw new PartialFailure(
                `${err.message}. The server was not rebooted as asked; change \`triggers\` to try again (ecs-ops does not retry a failed reboot by itself)`,
                id,
                outputs(op, failed, raw),
            );
        }
        throw pendingFailure(op.signal.aborted ? op.signal.reason : err, op, record, raw, id);
    }
    progress(subject(serverId), `reboot job ${jobId} ended with SUCCESS; the server is ACTIVE`);
    return { ...record, pendingJobId: undefined, failure: undefined };
}

/** A reboot accepted without a job id to follow (its answer was lost): follows the server back to ACTIVE. */
async function followServerReboot(op: Operation, record: RebootRecord, raw: Props, id: string, since: string): Promise<RebootRecord> {
    progress(subject(op.inputs.serverId), `a reboot ran (${since}); its job id is unknown, so ecs-ops follows the server until it is ACTIVE again`);
    try {
        await waitActive(op, `server ${op.inputs.serverId} to be ACTIVE after the reboot`);
    } catch (err) {
        throw new PartialFailure(
            `the reboot of server ${op.inputs.serverId} (${since}) was not seen to end: ${(err as Error).message}. It is recorded as done; the next \`pulumi up\` does not reboot again for these triggers`,
            id,
            outputs(op, record, raw),
        );
    }
    return record;
}

/**
 * The cloud's word on whether the reboot of an intent record ran: a reboot (or another operation)
 * under way, `launched_at` moved since the intent, or a `reboot` in the server's action list since
 * then. It did not when the action list holds none since the intent (or, the list unreadable,
 * `launched_at` is unchanged); with neither record it cannot be told, and the reason names the
 * missing one.
 */
async function rebootEvidence(op: Operation, query: EvidenceQuery): Promise<Evidence<InstanceAction>> {
    const serverId = op.inputs.serverId;
    const base = query.record.fields[1] ?? "";
    const server = await serverForEvidence({ ...op, serverId });
    if ("outcome" in server) return server;
    if (busy(server)) return { outcome: "ran", detail: `the server is ${showServerState(server)}` };
    if (base !== "" && bootField(server) !== "" && bootField(server) !== base) return { outcome: "ran", detail: "the server booted since (launched_at moved)" };
    // Right after this run's own send the server's state is watched alone (the action list is read by the next run).
    const actions =
        query.sentAt !== undefined && !query.live
            ? await actionListEvidence(op.client, serverId, "reboot", query.sentAt, { deadline: op.deadline, signal: op.signal })
            : ({ outcome: "cannot-tell", reason: query.live ? "not asked yet" : "the record does not say when the reboot was sent" } as const);
    if (actions.outcome === "ran") return actions;
    const bootUnchanged = base !== "" && bootField(server) === base;
    if (query.live) return { outcome: "did-not-run", detail: `the server showed no reboot${actions.outcome === "did-not-run" ? ` (${actions.detail})` : ""}` };
    if (actions.outcome === "did-not-run") {
        return {
            outcome: "did-not-run",
            detail: bootUnchanged ? `${actions.detail}, and the server has not booted since (launched_at unchanged)` : actions.detail,
        };
    }
    if (bootUnchanged) return { outcome: "did-not-run", detail: "the server has not booted since (launched_at unchanged)" };
    return { outcome: "cannot-tell", reason: `the server is ${server.status} and shows no boot time to compare, and ${actions.reason}` };
}

/** Follows a job accepted by an earlier run, without sending anything. */
async function resume(op: Operation, record: RebootRecord, raw: Props, id: string): Promise<RebootRecord> {
    const jobId = record.pendingJobId as string;
    const serverId = op.inputs.serverId;
    progress(subject(serverId), `resuming reboot job ${jobId} accepted by an earlier run (no new reboot)`);
    let job: Job;
    try {
        job = await showJob(op.client, jobId, { deadline: op.deadline, signal: op.signal });
    } catch (err) {
        if (jobNotFound(err)) {
            progress(
                subject(serverId),
                `job ${jobId} is no longer known to the cloud (job records expire one day after they end); the reboot is recorded as done`,
            );
            return { ...record, pendingJobId: undefined };
        }
        throw pendingFailure(op.signal.aborted ? op.signal.reason : err, op, record, raw, id);
    }
    if (FINAL_JOB_STATUSES.has(job.status) && job.status === "SUCCESS") {
        progress(subject(serverId), `reboot job ${jobId} ended with SUCCESS`);
        return { ...record, pendingJobId: undefined };
    }
    return followJob(op, record, raw, id);
}

/**
 * Reboots the server exactly once for these triggers (`runOnce`): an earlier run's record is
 * resolved first; then the server is checked, the intent recorded, BatchRebootServers sent once,
 * and its job followed to the end (a lost answer: the server, once it shows the reboot).
 */
async function reboot(op: Operation, previous: RebootRecord, raw: Props, id: string): Promise<RebootRecord> {
    const { client, inputs } = op;
    const serverId = inputs.serverId;
    const server = await showServer(client, serverId, { deadline: op.deadline, signal: op.signal });
    const counted: RebootRecord = { ...previous, rebootCount: previous.rebootCount + 1, failure: undefined };
    const ranAt = (sentAt: number | undefined): RebootRecord => ({
        ...counted,
        lastJobId: undefined,
        pendingJobId: undefined,
        lastRebootAt: new Date(sentAt ?? Date.now()).toISOString(),
    });
    return runOnce<ServerDetail, string, RebootRecord, InstanceAction>({
        subject: subject(serverId),
        ...serverRunOnceOptions({ ...op, serverId }, RECORD_KEYS.reboot, "reboot"),
        noun: "reboot",
        doing: "rebooting",
        fingerprint: recordFingerprint(inputs.triggers),
        preflight: async () => {
            assertRebootable(server, serverId);
            return server;
        },
        intentFields: (s, sentAt) => [timeField(sentAt), bootField(s)],
        send: (s) => {
            progress(subject(serverId), `rebooting (BatchRebootServers, ${op.type}); status ${s.status}`);
            // Not aborted by interruptions: once sent, its answer (the job id) must be read and kept.
            return batchRebootServers(client, [serverId], op.type, { deadline: op.deadline });
        },
        isOutcomeUnknown,
        acceptedFields: (_s, jobId) => [jobId],
        evidence: (query) => rebootEvidence(op, query),
        follow: async (start) => {
            if (start.how === "sent") {
                const jobId = start.answer;
                progress(subject(serverId), `reboot job ${jobId} accepted`);
                const record: RebootRecord = {
                    lastRebootAt: new Date().toISOString(),
                    lastJobId: jobId,
                    rebootCount: previous.rebootCount + 1,
                    pendingJobId: jobId,
                };
                if (op.signal.aborted) throw pendingFailure(op.signal.reason, op, record, raw, id);
                return followJob(op, record, raw, id);
            }
            if (start.how === "answer-lost")
                return followServerReboot(op, ranAt(start.sentAt), raw, id, `sent at ${new Date(start.sentAt).toISOString()}, its answer lost`);
            const jobId = start.record.fields[0] ?? "";
            if (start.record.phase === "accepted" && /^[0-9a-zA-Z-]+$/.test(jobId)) {
                progress(
                    subject(serverId),
                    `an earlier run's reboot job ${jobId} for these triggers is recorded on the server: following it instead of rebooting again`,
                );
                // The accepted record has no room for the time: now stands for it.
                return resume(op, { ...counted, lastJobId: jobId, pendingJobId: jobId, lastRebootAt: new Date().toISOString() }, raw, id);
            }
            if (start.assumed) return ranAt(start.sentAt);
            return followServerReboot(op, ranAt(start.sentAt), raw, id, `sent by an earlier run at ${new Date(start.sentAt ?? Date.now()).toISOString()}`);
        },
        nextUp: "asks the server's action list and boot time whether it rebooted, and reboots only if it did not",
    });
}

async function withOperation<T>(raw: Props, operation: "create" | "update", run: (op: Operation) => Promise<T>): Promise<T> {
    const inputs = assertValid(serverRebootSchema, presentInputs(raw), "huaweicloud.ServerReboot inputs");
    const interrupt = interruptions();
    try {
        const op: Operation = {
            inputs,
            type: inputs.type ?? "SOFT",
            providerRef: raw.__provider,
            deadline: deadlineFor(inputs.timeouts, operation),
            client: new EcsClient(resolveCredentials(targetOf(inputs))),
            signal: interrupt.signal,
        };
        return await underWay(`the reboot of server ${inputs.serverId}`, () => run(op));
    } finally {
        interrupt.dispose();
    }
}

/**
 * What `up` will do, by the rules of create and update: reboot once when created (unless
 * `rebootOnCreate: false`) and once when the triggers change; nothing otherwise — though a job
 * accepted by an earlier run and not seen to end is followed. `olds` are the old inputs or outputs.
 */
export function serverRebootPlan(olds: Props, news: Props): string {
    const target = `server ${typeof news.serverId === "string" && !containsUnknown(news.serverId) ? news.serverId : "(known at up)"}`;
    const how = news.type === "HARD" ? "HARD reboot" : containsUnknown(news.type) ? "SOFT or HARD reboot" : "SOFT reboot";
    const creating = olds.serverId === undefined || SERVER_REBOOT_REPLACE_ON_CHANGE.some((key) => !sameValue(olds[key], news[key]));
    if (creating) {
        if (news.rebootOnCreate === false) return NO_OPERATION;
        if (containsUnknown(news.rebootOnCreate))
            return `reboot ${target} (${how}, BatchRebootServers) once it is taken under management, if a restart is pending then (known at up)`;
        return `reboot ${target} (${how}, BatchRebootServers): the reboot resource is created`;
    }
    if (containsUnknown(news.triggers) ? false : sameValue(olds.triggers, news.triggers)) {
        return typeof olds.pendingJobId === "string"
            ? `${NO_OPERATION} (no new reboot; job ${olds.pendingJobId} of an earlier run is followed to its end)`
            : NO_OPERATION;
    }
    return `reboot ${target} (${how}, BatchRebootServers): ${triggerReason(olds.triggers, news.triggers)}`;
}

/**
 * The dynamic provider of `huaweicloud.ServerReboot`: an explicit operation that reboots an ECS
 * server on create and whenever `triggers` change, exactly once per change, and does nothing to
 * the server on delete.
 */
export const handler: pulumi.dynamic.ResourceProvider = {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        setStackConfig(req.config);
    },

    async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
        const present = presentInputs(news);
        const { known, unknown } = splitUnknowns(present);
        const failures = validate(serverRebootSchema, known).failures.filter((f) => !unknown.includes(f.property.split(/[.[]/)[0]));
        const given: Props = {};
        for (const [k, v] of Object.entries(news)) if (k !== PLAN_KEY) given[k] = v;
        return {
            inputs: { ...given, ...operationCheck(olds, news, serverRebootPlan(presentInputs(olds), present)) },
            failures: engineSafeFailures(failures, SERVER_REBOOT_INPUTS, SERVER_REBOOT_SECRET_INPUTS),
        };
    },

    async diff(_id: string, oldOutputs: Props, newInputs: Props): Promise<pulumi.dynamic.DiffResult> {
        const olds = presentInputs(oldOutputs);
        const news = presentInputs(newInputs);
        // While observing, a job of an earlier run is not followed (no call): it is no change of its own.
        const pending = isObserving(news) ? undefined : recordOf(oldOutputs).pendingJobId;
        if (pending !== undefined && news.serverId === olds.serverId) {
            progress(subject(String(olds.serverId)), `up follows reboot job ${pending}, accepted by an earlier run and not seen to end (no new reboot for it)`);
        }
        const replaces: string[] = [];
        const changed: string[] = [];
        for (const key of SERVER_REBOOT_INPUTS) {
            const previous = olds[key] ?? INPUT_DEFAULTS[key];
            const next = news[key] ?? INPUT_DEFAULTS[key];
            if (!containsUnknown(next) && sameValue(previous, next)) continue;
            changed.push(key);
            if ((SERVER_REBOOT_REPLACE_ON_CHANGE as readonly string[]).includes(key)) replaces.push(key);
        }
        // `__provider` is not compared: a new provider text alone (a later release, another layout)
        // changes nothing in the cloud, so a stack of an earlier release previews as no change; the
        // text it recorded keeps resolving (as for Alibaba's resources).
        return { changes: changed.length > 0 || pending !== undefined, replaces, deleteBeforeReplace: false };
    },

    async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
        const valid = assertValid(serverRebootSchema, presentInputs(inputs), "huaweicloud.ServerReboot inputs");
        const id = `${valid.serverId}:reboot:${randomBytes(4).toString("hex")}`;
        return withOperation(inputs, "create", async (op) => {
            if (valid.rebootOnCreate === false || valid.observeOnly === true) {
                // Take the server under management without rebooting it; trigger changes will (observeOnly: records it as due).
                const server = await showServer(op.client, valid.serverId, { deadline: op.deadline, signal: op.signal });
                const outs = outputs(op, { rebootCount: 0 }, inputs);
                if (valid.observeOnly === true && valid.rebootOnCreate !== false) {
                    outs[PENDING_KEY] = dueText(inputs, `reboot server ${valid.serverId}: the reboot resource was created`);
                    progress(subject(valid.serverId), `observeOnly: not rebooted (status ${server.status}); recorded as due (${String(outs[PENDING_KEY])})`);
                } else progress(subject(valid.serverId), `rebootOnCreate is false: recorded without rebooting (status ${server.status})`);
                return { id, outs };
            }
            return { id, outs: outputs(op, await reboot(op, { rebootCount: 0 }, inputs, id), inputs) };
        });
    },

    async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
        return withOperation(news, "update", async (op) => {
            let record = recordOf(olds);
            const triggersChanged = !sameValue(olds.triggers, news.triggers);
            const due = typeof olds[PENDING_KEY] === "string" ? (olds[PENDING_KEY] as string) : undefined;
            if (op.inputs.observeOnly === true) {
                // Observe only: nothing is sent; a reboot that became due is recorded, to run once when observeOnly is turned off.
                const reason = `reboot server ${op.inputs.serverId}: ${triggerReason(olds.triggers, news.triggers)}`;
                const pending = pendingAfter(due, triggersChanged ? dueText(news, reason) : undefined);
                const outs = outputs(op, record, news);
                if (pending !== undefined) {
                    outs[PENDING_KEY] = pending;
                    progress(subject(op.inputs.serverId), `observeOnly: not rebooted; due: ${pending}`);
                }
                return { outs };
            }
            if (record.pendingJobId !== undefined) {
                // The job of the reboot for the old triggers: followed, never sent again.
                record = await resume(op, record, { ...news, triggers: olds.triggers }, id);
                if (!triggersChanged && due === undefined) return { outs: outputs(op, record, news) };
            }
            if (triggersChanged || due !== undefined) {
                progress(subject(op.inputs.serverId), triggersChanged ? "triggers changed: rebooting" : `observeOnly turned off: rebooting once (due: ${due})`);
                return { outs: outputs(op, await reboot(op, { ...record, failure: undefined }, news, id), news) };
            }
            // type, rebootOnCreate, timeouts (or only the provider's code) changed: nothing to do in the cloud.
            return { outs: outputs(op, record, news) };
        });
    },

    async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
        const state = presentInputs(props);
        const serverId = typeof state.serverId === "string" ? state.serverId : id.split(":")[0];
        try {
            // Batched: a refresh of many servers reads them in one ListServersDetails call per 100.
            await showServerBatched(new EcsClient(resolveCredentials(targetOf(state))), serverId, { deadline: Date.now() + 2 * 60_000 });
        } catch (err) {
            if (serverNotFound(err)) {
                progress(subject(serverId), "no longer exists: the reboot resource is gone");
                return { id: "", props: {}, inputs: {} };
            }
            throw err;
        }
        // A reboot is an event, not a state: refresh only confirms the server is still there.
        return { id, props, inputs: { ...inputsOf(state), [PLAN_KEY]: NO_OPERATION } };
    },

    async delete(_id: string, props: Props): Promise<void> {
        // Deleting the record of a reboot leaves the server as it is; only ecs-ops' own tag of the
        // last reboot goes, so that a new resource with the same triggers reboots again.
        const serverId = typeof props.serverId === "string" ? props.serverId : undefined;
        if (serverId === undefined || !cloudRecordEnabled() || !(typeof props.rebootCount === "number" && props.rebootCount > 0)) return;
        if (isObserving(props)) {
            progress(subject(serverId), `observeOnly: the reboot record (tag ${RECORD_KEYS.reboot}) is left on the server`);
            return;
        }
        try {
            const client = new EcsClient(resolveCredentials(targetOf(props)));
            const deadline = Date.now() + 60_000;
            const record = decodeRecord((await showServerTags(client, serverId, { deadline }))[RECORD_KEYS.reboot]);
            if (record === undefined || record.fingerprint !== recordFingerprint(props.triggers)) return;
            await changeServerTag(client, serverId, "delete", RECORD_KEYS.reboot, undefined, { deadline });
        } catch (err) {
            progress(subject(serverId), `warning: the reboot record (tag ${RECORD_KEYS.reboot}) was left on the server: ${(err as Error).message}`);
        }
    },
};
