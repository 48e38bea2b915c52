import type { CannotTell, RecordStore } from "../../core/operation";
import { cloudRecordEnabled, parseTimeField, visibilityGraceMs } from "../../core/operation/operation-record";
import type { OperationRecord } from "../../core/operation/operation-record";
import { EcsClient } from "../api/client";
import { ServerDetail, showServer } from "../api/ecs-api";
import { serverTagStore } from "../api/record-store";

// What every exactly-once operation on a Huawei server (ServerReboot, ServerReinstall) gives the
// engine alike: the record in a tag of the server, the limits, and how the server is read for evidence.

/** Where and within what an operation on one server runs. */
export interface ServerOperation {
    client: EcsClient;
    serverId: string;
    deadline: number;
    signal: AbortSignal;
}

/**
 * The `runOnce` options shared by the operations on a server: its record (the tag `key`, when cloud
 * records are on), the deadline and signal, the grace before "did not run" is believed, the poll, and
 * the send time of an intent (the accepted record holds the job id alone: a tag value holds 43 characters).
 */
export function serverRunOnceOptions(
    op: ServerOperation,
    key: string,
    noun: string,
): {
    target: string;
    watched: string;
    record: RecordStore | undefined;
    deadline: number;
    graceMs: number;
    pollMs: number;
    signal: AbortSignal;
    sentAtOf: (record: OperationRecord) => number | undefined;
} {
    const { client, serverId, deadline, signal } = op;
    return {
        target: `server ${serverId}`,
        watched: "the server",
        record: cloudRecordEnabled() ? serverTagStore({ client, serverId, key, noun, deadline, signal }) : undefined,
        deadline,
        graceMs: visibilityGraceMs(),
        pollMs: 500,
        signal,
        sentAtOf: (record) => (record.phase === "intent" ? parseTimeField(record.fields[0]) : undefined),
    };
}

/** The server as evidence reads it, or the engine's "cannot tell" when it cannot be read (an interruption is rethrown). */
export async function serverForEvidence(op: ServerOperation): Promise<ServerDetail | CannotTell> {
    try {
        return await showServer(op.client, op.serverId, { deadline: op.deadline, signal: op.signal });
    } catch (err) {
        if (op.signal.aborted) throw op.signal.reason;
        return { outcome: "cannot-tell", reason: `server ${op.serverId} could not be read: ${(err as Error).message}` };
    }
}
