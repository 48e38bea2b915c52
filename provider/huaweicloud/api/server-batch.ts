import { Batcher, BatcherRegistry, BatchWindow } from "../../core/transport/batcher";
import { CloudApiError } from "../../core/transport/errors";
import { EcsClient } from "./client";
import { ServerDetail } from "./ecs-api";
import { hintFor } from "./error-hints";

/**
 * Most server ids one `ListServersDetails` call takes in `server_id` (the SDK model's note: "to
 * keep the URI short, query at most 100 ids at a time"); `limit` is set to the number of ids
 * (default page 25, largest 1000), so one call answers them all.
 */
export const LIST_SERVERS_MAX_IDS = 100;

/**
 * The process-wide `ListServersDetails` batchers, one per (endpoint, project, region): every read
 * of a server in the provider process (refresh, adoption, the polls of a wait) that arrives within
 * a few milliseconds of others goes out in one call of up to 100 ids. The calls are paced by the
 * client's limiter of (endpoint, project, region, ListServersDetails).
 */
const clients = new Map<string, EcsClient>();
const newRegistry = (): BatcherRegistry<ServerDetail> =>
    new BatcherRegistry<ServerDetail>(
        (group) =>
            new Batcher<ServerDetail>(
                async (ids, deadline) => {
                    const client = clients.get(group) as EcsClient;
                    const projectId = client.credentials.projectId;
                    // A server id is accepted in either case (rules/ids.ts); ECS answers ids in lower case
                    // and its filter matches "exactly" (SDK model): ids are asked, and answers matched, in
                    // lower case, each answer going to every id asked for it.
                    const asked = [...new Set(ids.map((id) => id.toLowerCase()))];
                    const body = await client.call<{ servers?: ServerDetail[] }>({
                        method: "GET",
                        path: ["v1", projectId, "cloudservers", "detail"],
                        query: { server_id: asked.join(","), limit: String(asked.length) },
                        operation: "ListServersDetails",
                        subject: ids.length === 1 ? `server ${ids[0]}` : `(${ids.length} servers)`,
                        idempotent: true,
                        deadline,
                    });
                    const found = new Map<string, ServerDetail>();
                    for (const entry of body.servers ?? []) {
                        // An id the project does not hold is answered with every field null but id and fault.
                        if (typeof entry.id !== "string" || typeof entry.status !== "string") continue;
                        for (const id of ids) if (id.toLowerCase() === entry.id.toLowerCase()) found.set(id, entry);
                    }
                    return found;
                },
                { maxBatch: LIST_SERVERS_MAX_IDS },
            ),
    );
let batchers = newRegistry();

/**
 * Starts afresh (tests and benchmarks): a provider process begins with no batch history, so the
 * size of its first round of reads is not judged by an earlier scenario's.
 */
export function resetServerBatchers(): void {
    batchers = newRegistry();
    clients.clear();
}

function groupOf(client: EcsClient): string {
    const c = client.credentials;
    const group = JSON.stringify([c.endpoint, c.projectId, c.region ?? ""]);
    // The provider process has one credential chain per stack: the latest client of a group serves it.
    clients.set(group, client);
    return group;
}

/** The calls made by the batcher of a client's group (tests, benchmarks). */
export function listCallsOf(client: EcsClient): number {
    return batchers.for(groupOf(client)).calls;
}

/**
 * The details of one server, read in a batch with the other reads of the provider process for the
 * same endpoint, project and region. Undefined when the project holds no such server.
 */
export async function readServer(client: EcsClient, serverId: string, options: { deadline: number; window?: BatchWindow }): Promise<ServerDetail | undefined> {
    return batchers.for(groupOf(client)).get(serverId, options.deadline, options.window);
}

/**
 * As `readServer`, but a missing server throws the `Ecs.0114` error ShowServer would (a drop-in
 * for the polls of a wait).
 */
export async function showServerBatched(client: EcsClient, serverId: string, options: { deadline: number; window?: BatchWindow }): Promise<ServerDetail> {
    const server = await readServer(client, serverId, options);
    if (server === undefined) {
        throw new CloudApiError("huaweicloud", "Ecs.0114", `Instance[${serverId}] could not be found.`, 404, undefined, hintFor("Ecs.0114", 404), "fatal");
    }
    return server;
}

/**
 * The batch window of adoption reads: they arrive as fast as the program registers resources
 * (tens of milliseconds apart), so they wait longer for each other than a refresh's.
 */
export const ADOPTION_WINDOW: BatchWindow = { idleMs: 150, maxWaitMs: 1000 };
