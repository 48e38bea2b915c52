import { Evidence, EvidenceQuery, runOnce } from "../../core/operation";
import { actionListEvidence, diskField, InstanceAction, systemDiskId } from "../api/instance-actions";
import type * as pulumi from "@pulumi/pulumi";
import { CloudApiError, PartialFailure } from "../../core/transport/errors";
import { COMPUTED_INPUTS, DESTRUCTIVE, NO_OPERATION, triggerReason } from "../../core/resource/plan";
import { dueText, isObserving, operationCheck, PENDING_KEY, pendingAfter } from "../../core/resource/observe";
import { progress } from "../../core/resource/progress";
import { setStackConfig } from "../../core/credentials/stack-config";
import { DEFAULT_TIMEOUT_MS, parseDuration, Timeouts } from "../../core/inputs/timeouts";
import { containsUnknown, splitUnknowns } from "../../core/inputs/unknowns";
import { assertValid, engineSafeFailures, validate } from "../../core/inputs/validation";
import { WaitTimeoutError } from "../../core/transport/wait";
import { cloudRecordEnabled, decodeRecord, RECORD_KEYS, RECOVERY_POINTER, timeField, visibilityGraceMs } from "../../core/operation/operation-record";
import { underWay } from "../../core/operation/in-flight";
import { isOutcomeUnknown } from "../../core/transport/outcome";
import { waitUntil } from "../../core/transport/wait";
import { EcsClient } from "../api/client";
import { resolveCredentials } from "../credentials/credentials";
import { changeServerTag, Job, REINSTALL_OPERATION, reinstallServer, ServerDetail, showJob, showServer, showServerTags } from "../api/ecs-api";
import { abortableSleep, describeJobFailure, FINAL_JOB_STATUSES, JobFailedError, rebuildUnderWay, waitForJob } from "./job";
import { InterruptedError, interruptions, jobNotFound, serverWaitAfterJob, settleAfterFailedJob } from "../operations/job-follow";
import { showServerBatched } from "../api/server-batch";
import { serverForEvidence, serverRunOnceOptions } from "../operations/server-operation";
import { buildReinstallRequest } from "./request";
import {
    SERVER_REINSTALL_INPUTS,
    SERVER_REINSTALL_REPLACE_ON_CHANGE,
    SERVER_REINSTALL_SECRET_INPUTS,
    serverReinstallSchema,
    ServerReinstallInputs,
} from "./declaration";
import { sameValue } from "../../core/inputs/canonical-json";
import { windowsPasswordProblem } from "../rules/password";
import { jobRecordOf, JobRecord, outputsOf, secretChanged, secretFingerprints, SecretFingerprints, triggersHash } from "./state";
import { targetOf } from "../rules/ids";

type Props = Record<string, unknown>;

/** Tuning for tests: poll intervals of the job wait. Real runs use the defaults. */
export const pollTuning: { initialIntervalMs?: number; maxIntervalMs?: number } = {};

/** Server statuses from which a reinstall may be requested without `stopServer`. */
const REINSTALLABLE = new Set(["SHUTOFF", "ERROR"]);

/** Drops `null` inputs (treated as absent), at the top level and in `metadata`. */
function normalize(news: Props): Props {
    const out: Props = {};
    for (const [k, v] of Object.entries(news)) {
        if (v === null || v === undefined || COMPUTED_INPUTS.includes(k)) continue;
        if (k === "metadata" && typeof v === "object" && !Array.isArray(v)) {
            out[k] = Object.fromEntries(Object.entries(v as Props).filter(([, x]) => x !== null && x !== undefined));
        } else {
            out[k] = v;
        }
    }
    return out;
}

function validInputs(news: Props): ServerReinstallInputs {
    return assertValid(serverReinstallSchema(), normalize(news), "ServerReinstall inputs");
}

/** The secrets of a request, to be scrubbed from anything the cloud answers. */
function secretsOf(inputs: ServerReinstallInputs): string[] {
    const out: string[] = [];
    if (inputs.adminPass !== undefined) out.push(inputs.adminPass);
    if (inputs.userData !== undefined) out.push(inputs.userData, Buffer.from(inputs.userData, "utf8").toString("base64"));
    return out;
}

/** The limit of an update: `timeouts.update`, else `timeouts.create` (a reinstall is the same work), else 10 min. */
function updateTimeoutMs(timeouts: Timeouts | undefined): number {
    const text = timeouts?.update ?? timeouts?.create;
    return (text !== undefined ? parseDuration(text) : undefined) ?? DEFAULT_TIMEOUT_MS;
}

function createTimeoutMs(timeouts: Timeouts | undefined): number {
    const text = timeouts?.create;
    return (text !== undefined ? parseDuration(text) : undefined) ?? DEFAULT_TIMEOUT_MS;
}

/** Checks that the server may be reinstalled now; throws a message saying what to do otherwise. */
function assertReinstallable(server: ServerDetail, inputs: ServerReinstallInputs): void {
    const id = inputs.serverId;
    const taskState = server["OS-EXT-STS:task_state"];
    if (server.locked === true) {
        throw new Error(`server ${id} is locked: unlock it before reinstalling its OS`);
    }
    if (server.status === "REBUILD") {
        throw new Error(`server ${id} is already being reinstalled (status REBUILD): wait for that reinstall to end; ecs-ops does not start a second one`);
    }
    if (typeof taskState === "string" && taskState !== "") {
        throw new Error(`server ${id} is busy (task_state ${taskState}, status ${server.status}): wait for the operation to finish, then run again`);
    }
    if (server.status === "ACTIVE" && inputs.stopServer !== true) {
        throw new Error(
            `server ${id} is running (status ACTIVE): stop it first, or set stopServer: true to have the reinstall stop it (mode "withStopServer")`,
        );
    }
    if (server.status !== "ACTIVE" && !REINSTALLABLE.has(server.status)) {
        throw new Error(`server ${id} has status ${server.status}, which does not allow a reinstall: it must be SHUTOFF (or ACTIVE with stopServer: true)`);
    }
    const osType = server.metadata?.os_type;
    if (inputs.adminPass !== undefined && typeof osType === "string" && osType.toLowerCase() === "windows") {
        const problem = windowsPasswordProblem(inputs.adminPass);
        if (problem !== undefined) throw new Error(`adminPass: ${problem}`);
    }
}

/** How a failure after the job was accepted is reported: a PartialFailure keeping the job in state. */
function pendingFailure(err: unknown, jobId: string, serverId: string, props: Props): PartialFailure {
    const resume = "The job keeps running in the cloud; its id is kept in state and the next `pulumi up` resumes waiting for it instead of reinstalling again";
    let message: string;
    if (err instanceof WaitTimeoutError) {
        message = `reinstall job ${jobId} of server ${serverId} did not finish in time: ${err.message}. ${resume}`;
    } else if (err instanceof InterruptedError) {
        message = `${err.message} while waiting for reinstall job ${jobId} of server ${serverId} (last status ${String(props.status)}). ${resume}`;
    } else {
        message = `reinstall job ${jobId} of server ${serverId} was accepted but its status could not be read: ${(err as Error).message}. ${resume}`;
    }
    return new PartialFailure(message, serverId, props);
}

function failedFailure(message: string, serverId: string, props: Props): PartialFailure {
    return new PartialFailure(
        `${message}. The OS was not reinstalled as asked; change \`triggers\` to try again (ecs-ops does not retry a failed reinstall by itself)`,
        serverId,
        props,
    );
}

function recordOfJob(job: Job, base: JobRecord, secrets: ReadonlyArray<string> = []): JobRecord {
    const final = FINAL_JOB_STATUSES.has(job.status);
    return {
        ...base,
        jobId: job.job_id || base.jobId,
        status: job.status,
        beginTime: job.begin_time ?? base.beginTime,
        endTime: job.end_time ?? base.endTime,
        pendingJobId: final ? undefined : base.pendingJobId,
        failure: job.status === "FAIL" ? describeJobFailure(job, secrets) : undefined,
    };
}

/** What one operation works with. */
interface Operation {
    inputs: ServerReinstallInputs;
    providerRef: unknown;
    fingerprints: SecretFingerprints;
    deadline: number;
    client: EcsClient;
    signal: AbortSignal;
    /** The resource is being created (an earlier run's record then means the engine kept a pending CREATE). */
    creating: boolean;
}

function outputs(op: Operation, job: JobRecord): Props {
    return { ...outputsOf(op.inputs, op.fingerprints, job), __provider: op.providerRef };
}

/**
 * Polls an accepted job to its end and returns its final record (SUCCESS or FAIL). Any other
 * way out (deadline, interruption, unreadable status) throws a PartialFailure that keeps the
 * job in state as pending, so the next run resumes it.
 */
async function followJob(op: Operation, record: JobRecord): Promise<JobRecord> {
    const jobId = record.pendingJobId as string;
    const serverId = op.inputs.serverId;
    const secrets = secretsOf(op.inputs);
    let latest = record;
    try {
        const job = await waitForJob(op.client, jobId, {
            deadline: op.deadline,
            serverId,
            secrets,
            signal: op.signal,
            onJob: (seen) => {
                latest = { ...recordOfJob(seen, record, secrets), pendingJobId: jobId };
            },
            ...pollTuning,
        });
        return recordOfJob(job, record, secrets);
    } catch (err) {
        if (err instanceof JobFailedError) return { ...recordOfJob(err.job, record, secrets), failure: err.message };
        throw pendingFailure(op.signal.aborted ? op.signal.reason : err, jobId, serverId, outputs(op, latest));
    }
}

/** The outputs of a job that ended, or the PartialFailure reporting a FAILed one. */
function finish(op: Operation, record: JobRecord): Props {
    if (record.status === "FAIL") {
        throw failedFailure(record.failure ?? `reinstall job ${record.jobId} failed`, op.inputs.serverId, outputs(op, record));
    }
    return outputs(op, record);
}

/** The fingerprint of a reinstall's triggers as kept in the server tag (8 hex: the tag value holds 43 characters). */
function recordFingerprint(triggers: unknown[] | undefined): string {
    return triggersHash(triggers).slice("sha256:".length, "sha256:".length + 8);
}

/**
 * A reinstall accepted without a job id to follow (its answer was lost): waits until the server
 * is no longer rebuilding and records the reinstall with status UNKNOWN (the job cannot be read).
 */
async function followServerRebuild(op: Operation, previous: JobRecord, since: string): Promise<Props> {
    const serverId = op.inputs.serverId;
    progress(`server ${serverId}`, `a reinstall is running (${since}); its job id is unknown, so ecs-ops follows the server until the rebuild ends`);
    const record: JobRecord = { status: "UNKNOWN", triggersHash: triggersHash(op.inputs.triggers), reinstallCount: (previous.reinstallCount ?? 0) + 1 };
    let sawRebuild = false;
    const following = Date.now();
    try {
        const server = await waitUntil<ServerDetail>({
            describe: `server ${serverId} to finish its reinstall`,
            // Batched with the other server reads of the process (one ListServersDetails for many waits).
            poll: () => showServerBatched(op.client, serverId, { deadline: op.deadline }),
            show: (sv) => `${sv.status}${sv["OS-EXT-STS:task_state"] ? `/${sv["OS-EXT-STS:task_state"]}` : ""}`,
            // A reinstall with withStopServer powers off, pauses SHUTOFF (not busy), then rebuilds:
            // only the end of REBUILD (or, when it was never seen, the grace period) ends the wait.
            done: (sv) => {
                if (sv.status === "REBUILD") sawRebuild = true;
                return !rebuildUnderWay(sv) && (sawRebuild || Date.now() - following >= visibilityGraceMs());
            },
            deadline: op.deadline,
            initialIntervalMs: pollTuning.initialIntervalMs ?? 1000,
            maxIntervalMs: pollTuning.maxIntervalMs ?? 10_000,
            sleep: abortableSleep(op.signal),
        });
        if (server.status === "ERROR") {
            throw failedFailure(
                `the reinstall of server ${serverId} ended with the server in ERROR${server.fault?.message ? ` (${server.fault.message})` : ""}`,
                serverId,
                outputs(op, { ...record, failure: "server in ERROR after the reinstall" }),
            );
        }
        return outputs(op, record);
    } catch (err) {
        if (err instanceof PartialFailure) throw err;
        // The reinstall ran (counted); the next run sees the record on the server again and waits for the end.
        throw new PartialFailure(
            `the reinstall of server ${serverId} (${since}) did not finish in time: ${(err as Error).message}. The next \`pulumi up\` follows it again, without reinstalling (${RECOVERY_POINTER})`,
            serverId,
            outputs(op, { ...record, triggersHash: previous.triggersHash, reinstallCount: previous.reinstallCount ?? 0 }),
        );
    }
}

/**
 * The cloud's word on whether the reinstall of an intent record ran: a rebuild under way, a new
 * system disk since the intent (a reinstall replaces it), or a `rebuild` in the server's action
 * list since then. It did not when the action list holds none since the intent; with the list
 * unreadable it cannot be told (a finished reinstall leaves no other trace), and the reason names
 * the missing record.
 */
async function reinstallEvidence(op: Operation, query: EvidenceQuery): Promise<Evidence<InstanceAction>> {
    const serverId = op.inputs.serverId;
    const diskBefore = query.record.fields[1] ?? "";
    const server = await serverForEvidence({ ...op, serverId });
    if ("outcome" in server) return server;
    if (rebuildUnderWay(server))
        return { outcome: "ran", detail: `the server is ${server.status}${server["OS-EXT-STS:task_state"] ? `/${server["OS-EXT-STS:task_state"]}` : ""}` };
    const diskNow = diskField(systemDiskId(server));
    if (diskBefore !== "" && diskNow !== "" && diskNow !== diskBefore)
        return { outcome: "ran", detail: "the server has a new system disk since the intent (a reinstall replaces it)" };
    // Right after this run's own send the server's state is watched alone (the action list is read by the next run).
    const actions =
        query.sentAt !== undefined && !query.live
            ? await actionListEvidence(op.client, serverId, "rebuild", query.sentAt, { deadline: op.deadline, signal: op.signal })
            : ({ outcome: "cannot-tell", reason: query.live ? "not asked yet" : "the record does not say when the reinstall was sent" } as const);
    if (actions.outcome === "ran") return actions;
    if (query.live)
        return { outcome: "did-not-run", detail: `the server showed no reinstall running${actions.outcome === "did-not-run" ? ` (${actions.detail})` : ""}` };
    if (actions.outcome === "did-not-run") {
        return {
            outcome: "did-not-run",
            detail: diskBefore !== "" && diskNow === diskBefore ? `${actions.detail}, and its system disk is the same` : actions.detail,
        };
    }
    return {
        outcome: "cannot-tell",
        reason: `the server is ${server.status} and not rebuilding, a finished reinstall leaves no trace the server shows, and ${actions.reason}`,
        until: query.sentAt !== undefined ? query.sentAt + visibilityGraceMs() : undefined,
    };
}

/**
 * Reinstalls the OS exactly once for these triggers (`runOnce`): an earlier run's record is
 * resolved first; then the server is checked, the intent recorded, the reinstall submitted once,
 * and its job followed to the end (a lost answer: the server, once it shows the rebuild).
 */
async function reinstall(op: Operation, previous: JobRecord): Promise<Props> {
    const { inputs, client } = op;
    const serverId = inputs.serverId;
    const server = await showServer(client, serverId, { deadline: op.deadline, signal: op.signal });
    const secrets = secretsOf(inputs);
    const counted = (): JobRecord => ({ status: "UNKNOWN", triggersHash: triggersHash(inputs.triggers), reinstallCount: (previous.reinstallCount ?? 0) + 1 });
    return runOnce<ReturnType<typeof buildReinstallRequest>, string, Props, InstanceAction>({
        subject: `server ${serverId}`,
        ...serverRunOnceOptions({ ...op, serverId }, RECORD_KEYS.reinstall, "reinstall"),
        noun: "reinstall",
        doing: "reinstalling",
        fingerprint: recordFingerprint(inputs.triggers),
        creating: op.creating,
        preflight: async () => {
            assertReinstallable(server, inputs);
            return buildReinstallRequest(inputs);
        },
        intentFields: (_request, sentAt) => [timeField(sentAt), diskField(systemDiskId(server))],
        send: (request) => {
            progress(
                `server ${serverId}`,
                `reinstalling the OS with ${REINSTALL_OPERATION[request.api]} (${request.api})${inputs.stopServer ? ", stopping the server first" : ""}; status ${server.status}`,
            );
            // Not aborted by interruptions: once sent, its answer (the job id) must be read and kept.
            return reinstallServer(client, request.api, serverId, request.body, { deadline: op.deadline, secrets });
        },
        isOutcomeUnknown,
        acceptedFields: (_request, jobId) => [jobId],
        evidence: (query) => reinstallEvidence(op, query),
        follow: async (start) => {
            if (start.how === "sent") {
                const jobId = start.answer;
                progress(`server ${serverId}`, `reinstall job ${jobId} accepted`);
                const record: JobRecord = {
                    jobId,
                    status: "INIT",
                    pendingJobId: jobId,
                    triggersHash: triggersHash(inputs.triggers),
                    reinstallCount: (previous.reinstallCount ?? 0) + 1,
                };
                if (op.signal.aborted) throw pendingFailure(op.signal.reason, jobId, serverId, outputs(op, record));
                return finish(op, await followJob(op, record));
            }
            if (start.how === "answer-lost") return followServerRebuild(op, previous, `accepted at ${new Date(start.sentAt).toISOString()}, its answer lost`);
            const jobId = start.record.fields[0] ?? "";
            if (start.record.phase === "accepted" && /^[0-9a-zA-Z-]+$/.test(jobId)) {
                progress(
                    `server ${serverId}`,
                    `an earlier run's reinstall job ${jobId} for these triggers is recorded on the server: following it instead of reinstalling again`,
                );
                return finish(
                    op,
                    await resume(op, {
                        jobId,
                        status: "INIT",
                        pendingJobId: jobId,
                        triggersHash: triggersHash(inputs.triggers),
                        reinstallCount: (previous.reinstallCount ?? 0) + 1,
                    }),
                );
            }
            if (start.assumed) return outputs(op, counted());
            return followServerRebuild(op, previous, `sent by an earlier run at ${new Date(start.sentAt ?? Date.now()).toISOString()}`);
        },
        nextUp: "asks the server (its system disk) and its action list whether the reinstall ran, and reinstalls only if it did not",
    });
}

/**
 * Resumes a job accepted by an earlier run, without submitting anything. Returns its final
 * record; a job the cloud no longer knows (records expire a day after a job ends) ends as UNKNOWN.
 */
async function resume(op: Operation, record: JobRecord): Promise<JobRecord> {
    const jobId = record.pendingJobId as string;
    const serverId = op.inputs.serverId;
    progress(`server ${serverId}`, `resuming reinstall job ${jobId} accepted by an earlier run (no new reinstall)`);
    let job: Job;
    try {
        job = await showJob(op.client, jobId, { deadline: op.deadline, signal: op.signal });
    } catch (err) {
        if (jobNotFound(err)) {
            progress(
                `server ${serverId}`,
                `job ${jobId} is no longer known to the cloud (job records expire one day after they end); its outcome cannot be read`,
            );
            return { ...record, status: "UNKNOWN", pendingJobId: undefined };
        }
        throw pendingFailure(op.signal.aborted ? op.signal.reason : err, jobId, serverId, outputs(op, record));
    }
    const current = recordOfJob(job, record, secretsOf(op.inputs));
    if (FINAL_JOB_STATUSES.has(job.status)) {
        progress(`server ${serverId}`, `reinstall job ${jobId} ended with ${job.status}`);
        // It may have failed just now: the server reads may still show the rebuild (see followJobToEnd).
        if (job.status === "FAIL") {
            await settleAfterFailedJob(
                op.client,
                serverId,
                `reinstall job ${jobId}`,
                rebuildUnderWay,
                serverWaitAfterJob({ deadline: op.deadline, signal: op.signal, ...pollTuning }),
            );
        }
        return current;
    }
    return followJob(op, { ...current, pendingJobId: jobId });
}

async function withOperation<T>(news: Props, olds: Props, timeoutMs: number, creating: boolean, run: (op: Operation) => Promise<T>): Promise<T> {
    const inputs = validInputs(news);
    const interrupt = interruptions();
    try {
        const op: Operation = {
            inputs,
            providerRef: news.__provider,
            fingerprints: secretFingerprints(inputs, olds),
            deadline: Date.now() + timeoutMs,
            client: new EcsClient(resolveCredentials(targetOf(inputs))),
            signal: interrupt.signal,
            creating,
        };
        return await underWay(`the reinstall of server ${inputs.serverId}`, () => run(op));
    } finally {
        interrupt.dispose();
    }
}

/**
 * What `up` will do, by the rules of create and update: reinstall the OS when created and when the
 * triggers change (marked destructive); otherwise nothing new — though a job accepted by an earlier
 * run and not seen to end is followed to its end (the diff then names it). `olds` are the old inputs.
 */
export function reinstallPlan(olds: Props, news: Props): string {
    const server = typeof news.serverId === "string" && !containsUnknown(news.serverId) ? news.serverId : "(known at up)";
    const api = news.cloudInit === true ? "reinstallos v2, Cloud-Init" : containsUnknown(news.cloudInit) ? "reinstallos v1 or v2" : "reinstallos v1";
    const details = [
        api,
        news.stopServer === true ? "stops the server first if it is running" : undefined,
        news.userData !== undefined ? "with new user data" : undefined,
    ].filter((d): d is string => d !== undefined);
    const what = `${DESTRUCTIVE}: reinstall the OS of server ${server}, erasing its system disk (${details.join("; ")})`;
    if (olds.serverId === undefined || SERVER_REINSTALL_REPLACE_ON_CHANGE.some((key) => !sameValue(olds[key], news[key])))
        return `${what}: the reinstall resource is created`;
    if (containsUnknown(news.triggers) || triggersHash(news.triggers as unknown[] | undefined) !== triggersHash(olds.triggers as unknown[] | undefined)) {
        return `${what}: ${triggerReason(olds.triggers, news.triggers)}`;
    }
    return `${NO_OPERATION} (no new reinstall; a job of an earlier run not seen to end is followed to its end)`;
}

/**
 * The ServerReinstall provider. A reinstall runs on create and on each change of `triggers`,
 * exactly once; other input changes are recorded without any API call. Delete leaves the
 * server alone. A job accepted but not seen to end (timeout, interruption, unreadable status)
 * is kept in state as `pendingJobId` through a PartialFailure, and the next update resumes it
 * instead of submitting another; a FAILed job is reported until `triggers` change.
 */
export const handler: pulumi.dynamic.ResourceProvider = {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        setStackConfig(req.config);
    },

    async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
        const inputs = normalize(news);
        const { unknown } = splitUnknowns(inputs);
        const { failures } = validate(serverReinstallSchema(new Set(unknown)), inputs);
        return {
            inputs: { ...inputs, ...operationCheck(olds, news, reinstallPlan(normalize(olds), inputs)) },
            failures: engineSafeFailures(failures, SERVER_REINSTALL_INPUTS, SERVER_REINSTALL_SECRET_INPUTS),
        };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
        // While observing, a job of an earlier run is not followed (no call): nothing to announce.
        const pending = isObserving(news) ? undefined : jobRecordOf(olds).pendingJobId;
        if (pending !== undefined && !containsUnknown(news.serverId) && news.serverId === olds.serverId) {
            const again = triggersHash(news.triggers as unknown[] | undefined) !== jobRecordOf(olds).triggersHash;
            progress(
                `server ${String(olds.serverId)}`,
                `up resumes reinstall job ${pending}, accepted by an earlier run and not seen to end (no new reinstall for it)` +
                    (again ? `; then, as the triggers changed since, ${DESTRUCTIVE}: reinstalls the OS again` : ""),
            );
        }
        const replaces: string[] = [];
        for (const key of SERVER_REINSTALL_REPLACE_ON_CHANGE) if (containsUnknown(news[key]) || !sameValue(news[key], olds[key])) replaces.push(key);
        const unknownInput = Object.entries(news).some(([k, v]) => k !== "__provider" && containsUnknown(v));
        const newHash = containsUnknown(news.triggers) ? undefined : triggersHash(news.triggers as unknown[] | undefined);
        // While observing, the recorded hash is the last reinstall's (a due one is not run): compare with the triggers recorded instead.
        const oldHash = isObserving(news)
            ? triggersHash(olds.triggers as unknown[] | undefined)
            : (jobRecordOf(olds).triggersHash ?? triggersHash(olds.triggers as unknown[] | undefined));
        const changed =
            unknownInput ||
            newHash !== oldHash ||
            ["cloudInit", "keyName", "userId", "metadata", "stopServer", "timeouts"].some((k) => !sameValue(news[k], olds[k])) ||
            (news.observeOnly === true) !== (olds.observeOnly === true) ||
            secretChanged(news.adminPass as string | undefined, olds.adminPassFingerprint) ||
            secretChanged(news.userData as string | undefined, olds.userDataFingerprint);
        // `__provider` is not compared: a new provider text alone (a later release, another layout)
        // changes nothing in the cloud, so a stack of an earlier release previews as no change.
        return { changes: changed || replaces.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
        const valid = validInputs(inputs);
        if (valid.observeOnly === true) {
            // Observe only: the server is read, the reinstall recorded as due (not run).
            const outs = await withOperation(inputs, {}, createTimeoutMs(valid.timeouts), true, async (op) => {
                await showServer(op.client, valid.serverId, { deadline: op.deadline, signal: op.signal });
                const pending = dueText(inputs, `reinstall the OS of server ${valid.serverId}: the reinstall resource was created`);
                progress(`server ${valid.serverId}`, `observeOnly: not reinstalled; recorded as due (${pending})`);
                const recorded: Props = { ...outputs(op, { reinstallCount: 0 }), [PENDING_KEY]: pending };
                return recorded;
            });
            return { id: String(outs.serverId), outs };
        }
        const outs = await withOperation(inputs, {}, createTimeoutMs(valid.timeouts), true, (op) => reinstall(op, {}));
        return { id: String(outs.serverId), outs };
    },

    async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
        const outs = await withOperation(news, olds, updateTimeoutMs(validInputs(news).timeouts), false, async (op) => {
            let record = jobRecordOf(olds);
            const wanted = triggersHash(op.inputs.triggers);
            const due = typeof olds[PENDING_KEY] === "string" ? (olds[PENDING_KEY] as string) : undefined;
            if (op.inputs.observeOnly === true) {
                // Observe only: nothing is sent (a job of an earlier run is not followed either); a reinstall that became due is recorded.
                const reason = `reinstall the OS of server ${op.inputs.serverId}: ${triggerReason(olds.triggers, news.triggers)}`;
                const pending = pendingAfter(due, record.triggersHash !== wanted ? dueText(news, reason) : undefined);
                if (pending !== undefined) progress(`server ${op.inputs.serverId}`, `observeOnly: not reinstalled; due: ${pending}`);
                return { ...outputs(op, record), ...(pending !== undefined ? { [PENDING_KEY]: pending } : {}) };
            }
            if (due !== undefined) progress(`server ${op.inputs.serverId}`, `observeOnly turned off: reinstalling once (due: ${due})`);
            if (record.pendingJobId !== undefined) {
                record = await resume(op, record);
                if (record.triggersHash === wanted && due === undefined) return finish(op, record);
                progress(`server ${op.inputs.serverId}`, "triggers changed since that job was submitted: reinstalling again for the new triggers");
                return reinstall(op, record);
            }
            if (record.triggersHash === wanted && due === undefined) return finish(op, record);
            return reinstall(op, record);
        });
        return { outs };
    },

    async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
        const serverId = typeof props.serverId === "string" ? props.serverId : id;
        const client = new EcsClient(resolveCredentials(targetOf(props)));
        const deadline = Date.now() + 2 * 60_000;
        try {
            // Batched: a refresh of many servers reads them in one ListServersDetails call per 100.
            await showServerBatched(client, serverId, { deadline });
        } catch (err) {
            if (err instanceof CloudApiError && (err.status === 404 || err.code === "Ecs.0114")) {
                progress(`server ${serverId}`, "no longer exists: the ServerReinstall is removed from state");
                return { id: "" };
            }
            throw err;
        }
        let record = jobRecordOf(props);
        // Only a job not seen to end can change; an ended (or expired) job's record is final.
        const jobId = record.pendingJobId ?? record.jobId;
        const settled = record.pendingJobId === undefined && (record.status === "UNKNOWN" || FINAL_JOB_STATUSES.has(record.status ?? ""));
        if (jobId !== undefined && !settled) {
            try {
                record = recordOfJob(await showJob(client, jobId, { deadline }), record);
            } catch (err) {
                if (!jobNotFound(err)) throw err;
            }
        }
        const refreshed: Props = { ...props, ...compactRecord(record) };
        for (const key of ["pendingJobId", "failure"] as const) if (record[key] === undefined) delete refreshed[key];
        // No input comes from the cloud: no inputs are returned, so the engine keeps the inputs it
        // has (adminPass and userData among them, still encrypted secrets) and a refresh leaves no
        // phantom `+ adminPass` for the next preview; outputs keep only fingerprints.
        return { id, props: refreshed };
    },

    async delete(id: string, props: Props): Promise<void> {
        progress(`server ${id}`, "ServerReinstall removed from state; the server and its OS are left as they are");
        const serverId = typeof props.serverId === "string" ? props.serverId : id;
        if (!cloudRecordEnabled() || !(typeof props.reinstallCount === "number" && props.reinstallCount > 0)) return;
        if (isObserving(props)) {
            progress(`server ${serverId}`, `observeOnly: the reinstall record (tag ${RECORD_KEYS.reinstall}) is left on the server`);
            return;
        }
        try {
            const client = new EcsClient(resolveCredentials(targetOf(props)));
            const deadline = Date.now() + 60_000;
            const record = decodeRecord((await showServerTags(client, serverId, { deadline }))[RECORD_KEYS.reinstall]);
            if (record === undefined || record.fingerprint !== recordFingerprint(props.triggers as unknown[] | undefined)) return;
            await changeServerTag(client, serverId, "delete", RECORD_KEYS.reinstall, undefined, { deadline });
        } catch (err) {
            progress(`server ${serverId}`, `warning: the reinstall record (tag ${RECORD_KEYS.reinstall}) was left on the server: ${(err as Error).message}`);
        }
    },
};

function compactRecord(record: JobRecord): Props {
    return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
