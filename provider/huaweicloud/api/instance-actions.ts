import { CloudApiError } from "../../core/transport/errors";
import type { CannotTell, Evidence } from "../../core/operation";
import { EcsClient } from "./client";
import { CallOptions } from "./ecs-api";

/**
 * The record Huawei ECS keeps of what was done to a server (Nova's instance actions): every
 * reboot, rebuild (reinstall), stop, start… with the time it started. It settles an operation whose
 * answer was never recorded: the action list shows whether it ran after the intent was written.
 * Read at the default microversion (2.1): the whole list, newest first, without paging.
 */

/** One action on a server, as NovaListServerActions lists it. */
export interface InstanceAction {
    /** `reboot`, `rebuild`, `stop`, `start`, `create`, … */
    action: string;
    /** Nova's request id, `req-<uuid>`. */
    requestId: string;
    /** When it started (epoch ms), from `start_time`; undefined when unreadable. */
    startedAt: number | undefined;
    /** null, or `Error` when it failed. */
    message: string | null;
}

/** The API and permission the look-up needs, for messages. */
export const ACTION_LIST_CALL = "NovaListServerActions (GET /v2.1/{project_id}/servers/{server_id}/os-instance-actions)";

/** Nova's time (`2014-12-11T02:17:49.000000`, UTC without a zone; a zone is honoured when given) as epoch ms. */
export function novaTimeMs(text: unknown): number | undefined {
    if (typeof text !== "string" || text === "") return undefined;
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
    const ms = Date.parse(zoned);
    return Number.isFinite(ms) ? ms : undefined;
}

/**
 * How long a look-up of the action list may take, and how many attempts: it only informs (without
 * it the operation is settled as before), so it gives up early rather than hold the resource.
 */
export const LOOKUP_BUDGET = { ms: 15_000, attempts: 3 };

/** NovaListServerActions: the server's actions, newest first. */
export async function listServerActions(client: EcsClient, serverId: string, options: CallOptions): Promise<InstanceAction[]> {
    const projectId = client.credentials.projectId;
    const body = await client.call<{ instanceActions?: Array<Record<string, unknown>> }>({
        method: "GET",
        path: ["v2.1", projectId, "servers", serverId, "os-instance-actions"],
        operation: "NovaListServerActions",
        subject: `server ${serverId}`,
        idempotent: true,
        maxAttempts: LOOKUP_BUDGET.attempts,
        ...options,
        deadline: Math.min(options.deadline, Date.now() + LOOKUP_BUDGET.ms),
    });
    return (body.instanceActions ?? []).map((a) => ({
        action: typeof a.action === "string" ? a.action : "",
        requestId: typeof a.request_id === "string" ? a.request_id : "",
        startedAt: novaTimeMs(a.start_time),
        message: typeof a.message === "string" ? a.message : null,
    }));
}

/**
 * How far a cloud's clock may differ from this machine's: an action that started up to this long
 * before the intent was written is still taken for the operation of that intent.
 */
export const CLOCK_SKEW_MS = 5_000;

/**
 * What the action list says about an operation (`wanted`: `reboot`, `rebuild`) intended at
 * `sentAt`: ran (the newest such action since then), did not run (the list reaches back before
 * the intent and holds none), or cannot tell (the list no longer reaches back that far).
 */
export function actionEvidence(actions: readonly InstanceAction[], wanted: string, sentAt: number): Evidence<InstanceAction> {
    const since = sentAt - CLOCK_SKEW_MS;
    const found = actions.find((a) => a.action === wanted && a.startedAt !== undefined && a.startedAt >= since);
    if (found !== undefined) {
        return {
            outcome: "ran",
            detail: `the server's action list shows a ${wanted} started at ${new Date(found.startedAt as number).toISOString()} (request ${found.requestId})`,
            facts: found,
        };
    }
    const reachesBack = actions.some((a) => a.action === "create" || (a.startedAt !== undefined && a.startedAt < since));
    if (!reachesBack) {
        return {
            outcome: "cannot-tell",
            reason: `the server's action list (${ACTION_LIST_CALL}) no longer reaches back to ${new Date(sentAt).toISOString()}, when the intent was written`,
        };
    }
    return {
        outcome: "did-not-run",
        detail: `the server's action list shows no ${wanted} since ${new Date(sentAt).toISOString()}, when the intent was written`,
    };
}

/** Whether an error of the look-up is a refusal for lack of permission. */
export function permissionDenied(err: unknown): boolean {
    return err instanceof CloudApiError && (err.status === 403 || /forbidden|not ?authori[sz]ed|permission|Ecs\.0103/i.test(err.code));
}

/** The "cannot tell" of a look-up that failed: a refusal names the permission; another failure says what it was. */
export function unreadable(err: unknown): CannotTell {
    if (permissionDenied(err)) {
        return {
            outcome: "cannot-tell",
            reason:
                `the server's action list could not be read: ${(err as Error).message}. The IAM identity needs permission for ${ACTION_LIST_CALL} ` +
                "(see the least-privilege policy in the ecs-ops README) for ecs-ops to settle such an operation by itself",
        };
    }
    return { outcome: "cannot-tell", reason: `the server's action list (${ACTION_LIST_CALL}) could not be read: ${(err as Error).message}` };
}

/** The id of the server's system disk (`bootIndex` `"0"`), when the server reports it. */
export function systemDiskId(server: { "os-extended-volumes:volumes_attached"?: Array<{ id?: string; bootIndex?: string }> | null }): string | undefined {
    const disk = (server["os-extended-volumes:volumes_attached"] ?? []).find((v) => v.bootIndex === "0");
    return typeof disk?.id === "string" && disk.id !== "" ? disk.id : undefined;
}

/** The system disk id as kept in a record: its first 8 letters and digits (a tag value holds 43 characters). */
export function diskField(diskId: string | undefined): string {
    return (diskId ?? "").replace(/[^A-Za-z0-9]/g, "").slice(0, 8);
}

/** The action list's evidence, or the "cannot tell" of a look-up that failed. */
export async function actionListEvidence(
    client: EcsClient,
    serverId: string,
    wanted: string,
    sentAt: number,
    options: CallOptions,
): Promise<Evidence<InstanceAction>> {
    try {
        return actionEvidence(await listServerActions(client, serverId, options), wanted, sentAt);
    } catch (err) {
        if (options.signal?.aborted) throw options.signal.reason;
        return unreadable(err);
    }
}
