import { foreignOwnerMessage, judgeOwner, OWNER_TAG_KEY, OwnerVerdict } from "../../core/ownership/owner";
import { progress } from "../../core/resource/progress";
import type { BatchWindow } from "../../core/transport/batcher";
import { EcsClient } from "./client";
import { changeServerTag } from "./ecs-api";
import { readServer } from "./server-batch";

// Ownership of Huawei Cloud servers (docs/ownership.md): the owner tag `ecs-ops-owner` read from the
// batched ListServersDetails (`tags`: `key=value` strings), written with BatchCreateServerTags and
// removed with BatchDeleteServerTags — the calls the operation records use (./record-store.ts).
// ECS tags one server per call: there is no write of many servers to batch.

/** The tags of a ListServersDetails / ShowServer entry (`key=value` strings), as key → value. */
export function tagsOfServer(tags: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(tags)) return out;
    for (const t of tags) {
        if (typeof t !== "string") continue;
        const i = t.indexOf("=");
        if (i < 0) out[t] = "";
        else out[t.slice(0, i)] = t.slice(i + 1);
    }
    return out;
}

/** Where a server's owner tag is read and written. */
export interface ServerOwnershipTarget {
    client: EcsClient;
    serverId: string;
    deadline: number;
    /** Subject of progress lines. */
    subject: string;
    /** The batch window of the read (adoption reads wait longer for each other). */
    window?: BatchWindow;
}

/** The owner tag of a server (batched ListServersDetails); `missing` when the project holds no such server. */
export async function readServerOwnerTag(target: ServerOwnershipTarget): Promise<string | undefined | "missing"> {
    const detail = await readServer(target.client, target.serverId, { deadline: target.deadline, window: target.window });
    if (detail === undefined) return "missing";
    return tagsOfServer((detail as { tags?: unknown }).tags)[OWNER_TAG_KEY];
}

/**
 * Writes the owner tag of a server: sets it to `owner` (BatchCreateServerTags), or removes it when
 * `owner` is undefined (BatchDeleteServerTags). The one place a Huawei owner tag is written or removed:
 * a mode that must not change the cloud gates this function.
 */
export async function writeServerOwnerTag(target: ServerOwnershipTarget, owner: string | undefined): Promise<void> {
    // At least 15 s even under a very short resource timeout, as the operation records get.
    const deadline = Math.max(target.deadline, Date.now() + 15_000);
    await changeServerTag(target.client, target.serverId, owner === undefined ? "delete" : "create", OWNER_TAG_KEY, owner, { deadline });
}

/**
 * Takes a server for `owner` before any change is sent, given its owner tag as just read: refuses
 * one naming another stack (unless `takeOver`), and writes the tag when it does not name `owner` yet.
 */
export async function claimServer(
    target: ServerOwnershipTarget,
    tag: string | undefined,
    owner: string,
    previous: string | undefined,
    takeOver: boolean,
): Promise<OwnerVerdict> {
    const verdict = judgeOwner(tag, owner, previous, takeOver);
    if (verdict.kind === "foreign") throw new Error(`${foreignOwnerMessage(`server ${target.serverId}`, verdict.owner, owner)}. Nothing was changed.`);
    if (tag !== owner) {
        progress(
            target.subject,
            verdict.kind === "takeOver"
                ? `taking over server ${target.serverId} from stack "${verdict.from}": tag ${OWNER_TAG_KEY}=${owner}`
                : `recording ownership of server ${target.serverId}: tag ${OWNER_TAG_KEY}=${owner}`,
        );
        await writeServerOwnerTag(target, owner);
    }
    return verdict;
}

/**
 * Releases a server: removes its owner tag when it still names `owner` (a tag another stack wrote
 * since a takeOver is left alone). Never fails the release: a failure only warns.
 */
export async function releaseServer(target: ServerOwnershipTarget, owner: string): Promise<void> {
    try {
        const tag = await readServerOwnerTag(target);
        if (tag === "missing" || tag === undefined) return;
        if (tag !== owner) {
            progress(target.subject, `server ${target.serverId} is now owned by stack "${tag}": its tag ${OWNER_TAG_KEY} is left as it is`);
            return;
        }
        await writeServerOwnerTag(target, undefined);
        progress(target.subject, `removed tag ${OWNER_TAG_KEY} of server ${target.serverId}`);
    } catch (err) {
        progress(target.subject, `warning: could not remove tag ${OWNER_TAG_KEY} of server ${target.serverId}: ${(err as Error).message}`);
    }
}
