import { EcsClient } from "../api/client";
import { CallOptions } from "../api/ecs-api";

// The calls of huaweicloud.ServerAttributes, after the `@huaweicloud/huaweicloud-sdk-ecs` request
// models. Each is idempotent in effect (setting a value twice leaves the same server), except the
// Nova security group actions, whose repetition is refused ("already a member" / "not
// associated") — so those are not repeated when their outcome is unknown: the next read shows
// whether they took effect.

function base(client: EcsClient, serverId: string): string[] {
    return ["v1", client.credentials.projectId, "cloudservers", serverId];
}

/** UpdateServer (`PUT /v1/{project_id}/cloudservers/{server_id}` `{server: {name?, description?, hostname?}}`). */
export async function updateServer(
    client: EcsClient,
    serverId: string,
    change: { name?: string; description?: string; hostname?: string },
    options: CallOptions,
): Promise<void> {
    await client.call<unknown>({
        method: "PUT",
        path: base(client, serverId),
        body: { server: change },
        operation: "UpdateServer",
        subject: `server ${serverId}`,
        idempotent: true,
        ...options,
    });
}

/** UpdateServerMetadata (`POST …/metadata` `{metadata}`): adds or updates these keys only. */
export async function updateServerMetadata(client: EcsClient, serverId: string, metadata: Record<string, string>, options: CallOptions): Promise<void> {
    await client.call<unknown>({
        method: "POST",
        path: [...base(client, serverId), "metadata"],
        body: { metadata },
        operation: "UpdateServerMetadata",
        subject: `server ${serverId}`,
        idempotent: true,
        ...options,
    });
}

/** DeleteServerMetadata (`DELETE …/metadata/{key}`): removes one key. */
export async function deleteServerMetadata(client: EcsClient, serverId: string, key: string, options: CallOptions): Promise<void> {
    await client.call<unknown>({
        method: "DELETE",
        path: [...base(client, serverId), "metadata", key],
        operation: "DeleteServerMetadata",
        subject: `server ${serverId}`,
        idempotent: true,
        ...options,
    });
}

/** NovaAssociateSecurityGroup / NovaDisassociateSecurityGroup (`POST /v2.1/{project_id}/servers/{server_id}/action`): one group. */
export async function changeSecurityGroup(client: EcsClient, serverId: string, action: "add" | "remove", groupId: string, options: CallOptions): Promise<void> {
    const key = action === "add" ? "addSecurityGroup" : "removeSecurityGroup";
    await client.call<unknown>({
        method: "POST",
        path: ["v2.1", client.credentials.projectId, "servers", serverId, "action"],
        body: { [key]: { name: groupId } },
        operation: action === "add" ? "NovaAssociateSecurityGroup" : "NovaDisassociateSecurityGroup",
        subject: `server ${serverId}`,
        idempotent: false,
        ...options,
    });
}

/** BatchCreateServerTags / BatchDeleteServerTags with several tags in one call (at most 10). */
export async function changeServerTags(
    client: EcsClient,
    serverId: string,
    action: "create" | "delete",
    tags: Record<string, string | undefined>,
    options: CallOptions,
): Promise<void> {
    await client.call<unknown>({
        method: "POST",
        path: [...base(client, serverId), "tags", "action"],
        body: { action, tags: Object.entries(tags).map(([key, value]) => (value === undefined ? { key } : { key, value })) },
        operation: action === "create" ? "BatchCreateServerTags" : "BatchDeleteServerTags",
        subject: `server ${serverId}`,
        idempotent: true,
        ...options,
    });
}
