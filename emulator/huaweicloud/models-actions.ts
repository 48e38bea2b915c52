import { randomBytes, randomUUID } from "crypto";
import type { HuaweiWorld, JobRecord, ServerRecord } from "./models";

/**
 * The record Nova keeps of what happened to each server (`os-instance-actions`, Huawei
 * NovaListServerActions / NovaShowServerAction): one action per request that acted on the server,
 * each with its events. Every modelled action records one:
 *
 * | cause                                         | action    | event                             |
 * |-----------------------------------------------|-----------|-----------------------------------|
 * | the server in the fixture                     | `create`  | `compute_build_and_run_instance`  |
 * | BatchRebootServers                            | `reboot`  | `compute_reboot_instance`         |
 * | BatchStopServers                              | `stop`    | `compute_stop_instance`           |
 * | BatchStartServers                             | `start`   | `compute_start_instance`          |
 * | reinstallos v1 / v2 (with or without a stop)  | `rebuild` | `compute_rebuild_instance`        |
 *
 * The action is recorded when the job starts working on the server (its sub-job RUNNING), as Nova
 * records it when the job service sends it the request, with `start_time` then; its event ends
 * (`Success`, or `Error` with the failure as `traceback`, and the action's `message` `"Error"`)
 * when the server's part of the job ends, which also sets `updated_at`. `request_id` is
 * `req-` + the `X-Request-Id` the emulator answered for the call, written as a UUID
 * (`req-0123abcd-…`, Nova's format): the same for every server of a batch call.
 */

/** Nova's event name of each action (nova/compute/manager.py `wrap_instance_event`). */
export const ACTION_EVENTS: Readonly<Record<string, string>> = {
    create: "compute_build_and_run_instance",
    reboot: "compute_reboot_instance",
    stop: "compute_stop_instance",
    start: "compute_start_instance",
    rebuild: "compute_rebuild_instance",
};

/** The modelled build time of a fixture server's `create` event (the reference's example: 8 s). */
export const CREATE_EVENT_MS = 8_000;

/** One event of an action. */
export interface ActionEventRecord {
    event: string;
    startTime: string;
    finishTime: string | null;
    /** `Success` or `Error` once finished, null while running. */
    result: "Success" | "Error" | null;
    traceback: string | null;
}

/** One instance action. */
export interface InstanceActionRecord {
    action: string;
    serverId: string;
    projectId: string;
    userId: string;
    /** Nova request id, `req-<uuid>`. */
    requestId: string;
    startTime: string;
    updatedAt: string | null;
    /** null, or `"Error"` when an event failed. */
    message: string | null;
    events: ActionEventRecord[];
}

/** Nova's time format: `2014-12-11T02:17:49.000000` (microseconds, no zone), as the reference's examples write it. */
export function novaTime(iso: string): string {
    return `${new Date(iso).toISOString().slice(0, 23)}000`;
}

/** Nova's `req-<uuid>` of a request answered with the 32-hex `X-Request-Id` (the same 128 bits). */
export function novaRequestId(xRequestId: string): string {
    const hex = /^[0-9a-f]{32}$/.test(xRequestId) ? xRequestId : randomBytes(16).toString("hex");
    return `req-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The `create` action of a server loaded from the fixture, at its creation time. */
export function createdAction(s: ServerRecord): InstanceActionRecord {
    const start = s.created;
    const finish = new Date(Date.parse(start) + CREATE_EVENT_MS).toISOString();
    return {
        action: "create",
        serverId: s.id,
        projectId: s.projectId,
        userId: s.userId,
        requestId: `req-${randomUUID()}`,
        startTime: start,
        updatedAt: finish,
        message: null,
        events: [{ event: ACTION_EVENTS.create, startTime: start, finishTime: finish, result: "Success", traceback: null }],
    };
}

/**
 * Records that `job` started `action` on `server` (its event running). The job carries the
 * request id and user of the call that created it.
 */
export function startAction(world: HuaweiWorld, server: ServerRecord, action: string, job: JobRecord): InstanceActionRecord {
    const now = world.nowIso();
    const record: InstanceActionRecord = {
        action,
        serverId: server.id,
        projectId: server.projectId,
        userId: job.userId ?? server.userId,
        requestId: job.requestId ?? novaRequestId(""),
        startTime: now,
        updatedAt: now,
        message: null,
        events: [{ event: ACTION_EVENTS[action] ?? `compute_${action}_instance`, startTime: now, finishTime: null, result: null, traceback: null }],
    };
    world.actions.push(record);
    return record;
}

/**
 * Ends the running event of the latest unfinished `action` that `job`'s request started on the
 * server (after a restart from the state file too): `Success`, or `Error` with `failure` as the
 * traceback. Does nothing when there is none.
 */
export function finishAction(world: HuaweiWorld, serverId: string, action: string, job: JobRecord, failure?: string): void {
    const record = [...world.actions]
        .reverse()
        .find(
            (a) =>
                a.serverId === serverId &&
                a.action === action &&
                (job.requestId === undefined || a.requestId === job.requestId) &&
                a.events.some((e) => e.finishTime === null),
        );
    if (record === undefined) return;
    const now = world.nowIso();
    for (const e of record.events) {
        if (e.finishTime !== null) continue;
        e.finishTime = now;
        e.result = failure === undefined ? "Success" : "Error";
        e.traceback = failure === undefined ? null : `Traceback (most recent call last):\n  ${failure}`;
    }
    if (failure !== undefined) record.message = "Error";
    record.updatedAt = now;
}

/** The action a view shows: the documented keys, `updated_at` from microversion 2.58. */
export function actionView(a: InstanceActionRecord, withUpdatedAt: boolean): Record<string, unknown> {
    return {
        action: a.action,
        instance_uuid: a.serverId,
        message: a.message,
        project_id: a.projectId,
        request_id: a.requestId,
        start_time: novaTime(a.startTime),
        user_id: a.userId,
        ...(withUpdatedAt ? { updated_at: a.updatedAt === null ? null : novaTime(a.updatedAt) } : {}),
    };
}

/** The events of an action, as NovaShowServerAction answers them. */
export function eventsView(a: InstanceActionRecord): Record<string, unknown>[] {
    return a.events.map((e) => ({
        event: e.event,
        start_time: novaTime(e.startTime),
        finish_time: e.finishTime === null ? null : novaTime(e.finishTime),
        result: e.result,
        traceback: e.traceback,
    }));
}

/** A server's actions, newest first (Nova sorts by `created_at` then id, both descending). */
export function actionsOf(world: HuaweiWorld, serverId: string): InstanceActionRecord[] {
    const indexed = world.actions.map((a, i) => ({ a, i })).filter(({ a }) => a.serverId === serverId);
    indexed.sort((x, y) => (x.a.startTime === y.a.startTime ? y.i - x.i : y.a.startTime.localeCompare(x.a.startTime)));
    return indexed.map(({ a }) => a);
}

/** Gives the server a new system disk (the reinstall reference: the old one is detached and a new one created and attached). */
export function replaceSystemDisk(server: ServerRecord): void {
    if (server.systemDisk !== null) server.systemDisk = { ...server.systemDisk, id: randomUUID() };
}
