import { claimOwnership, OwnerTagAccess, releaseOwnership } from "../../core/ownership/claim";
import { OWNER_TAG_KEY, OwnerVerdict } from "../../core/ownership/owner";
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

/** The owner tag of one server, as the shared claim and release use it. */
function tagAccess(target: ServerOwnershipTarget): OwnerTagAccess {
    return {
        what: `server ${target.serverId}`,
        subject: target.subject,
        read: () => readServerOwnerTag(target),
        write: (owner) => writeServerOwnerTag(target, owner),
    };
}

/**
 * Takes a server for `owner` before any change is sent, given its owner tag as just read: see
 * `claimOwnership`.
 */
export function claimServer(
    target: ServerOwnershipTarget,
    tag: string | undefined,
    owner: string,
    previous: string | undefined,
    takeOver: boolean,
): Promise<OwnerVerdict> {
    return claimOwnership(tagAccess(target), tag, owner, previous, takeOver);
}

/** Releases a server: removes its owner tag when it still names `owner` (see `releaseOwnership`). */
export function releaseServer(target: ServerOwnershipTarget, owner: string): Promise<void> {
    return releaseOwnership(tagAccess(target), owner);
}
