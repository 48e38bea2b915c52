import { CallOptions } from "./ecs-api";
import { EcsClient } from "./client";

/** The reboot types of BatchRebootServers: SOFT (the guest shuts down cleanly) or HARD (power cycle). */
export type RebootType = "SOFT" | "HARD";

/**
 * BatchRebootServers (`POST /v1/{project_id}/cloudservers/action`, body `{"reboot": {"type", "servers": [{"id"}]}}`):
 * submits the reboot and returns the job id. Never repeated when its outcome is unknown: the
 * client raises `OutcomeUnknownError` instead (`idempotent: false`).
 */
export async function batchRebootServers(client: EcsClient, serverIds: readonly string[], type: RebootType, options: CallOptions): Promise<string> {
    const projectId = client.credentials.projectId;
    const subject = serverIds.length === 1 ? `server ${serverIds[0]}` : `servers ${serverIds.join(", ")}`;
    const answer = await client.call<{ job_id?: unknown }>({
        method: "POST",
        path: ["v1", projectId, "cloudservers", "action"],
        body: { reboot: { type, servers: serverIds.map((id) => ({ id })) } },
        operation: "BatchRebootServers",
        subject,
        idempotent: false,
        ...options,
    });
    if (typeof answer.job_id !== "string" || answer.job_id === "") {
        throw new Error(`BatchRebootServers for ${subject} answered without a job_id; check the server in the console before running again`);
    }
    return answer.job_id;
}
