import { claimOwnership, OwnerTagAccess, releaseOwnership } from "../../core/ownership/claim";
import { OWNER_TAG_KEY, OwnerVerdict } from "../../core/ownership/owner";
import { credentialIdentity, OwnerListing, OwnerListingCache } from "../../core/ownership/owner-listing";
import type { BatchWindow } from "../../core/transport/batcher";
import { EcsClient } from "./client";
import { changeServerTag } from "./ecs-api";
import { readServer } from "./server-batch";

// Ownership of Huawei Cloud servers (docs/ownership.md): the owner tag `ecs-ops-owner` read from the
// batched ListServersDetails (`tags`: `key=value` strings; at check, from one listing of the project),
// written with BatchCreateServerTags and
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
 * Servers one page of the owner listing asks for: the API takes up to 1000 and its reference advises
 * 200 when there are many.
 */
const OWNER_LISTING_PAGE_SIZE = 200;
/** Longest one page of the owner listing may take, retries and throttling included. */
const OWNER_LISTING_PAGE_DEADLINE_MS = 60_000;
/**
 * Most attempts of one page of the owner listing (throttled answers aside, which wait for the
 * limiter): the listing only informs, and when it fails each server is read on its own as before.
 */
export const OWNER_LISTING_MAX_ATTEMPTS = 3;

/** The owner listings of check, by (endpoint, project, region, credentials), and the owner tags this process wrote. */
const ownerListings = new OwnerListingCache();

/**
 * Every server of the project with its owner tag, by lower-case id: ListServersDetails of the whole
 * project, paged to the end (`offset` being the page number, as the look-ups page), through the
 * client's process-wide limiter. The whole project, not its `tags` filter: the reference describes
 * that filter as matching servers whose tags "contain the value", which does not promise that a key
 * alone matches every value of it; a complete listing also tells a server that does not exist.
 */
async function listServerOwnerTags(client: EcsClient): Promise<OwnerListing> {
    const owners = new Map<string, string | undefined>();
    const projectId = client.credentials.projectId;
    for (let page = 1; ; page++) {
        const body = await client.call<{ count?: number; servers?: Array<{ id?: unknown; tags?: unknown }> }>({
            method: "GET",
            path: ["v1", projectId, "cloudservers", "detail"],
            query: { limit: String(OWNER_LISTING_PAGE_SIZE), offset: String(page) },
            operation: "ListServersDetails",
            subject: `(owner tags, page ${page})`,
            idempotent: true,
            deadline: Date.now() + OWNER_LISTING_PAGE_DEADLINE_MS,
            maxAttempts: OWNER_LISTING_MAX_ATTEMPTS,
        });
        const servers = body.servers ?? [];
        for (const s of servers) if (typeof s.id === "string") owners.set(s.id.toLowerCase(), tagsOfServer(s.tags)[OWNER_TAG_KEY]);
        const total = typeof body.count === "number" ? body.count : Number.POSITIVE_INFINITY;
        if (servers.length < OWNER_LISTING_PAGE_SIZE || page * OWNER_LISTING_PAGE_SIZE >= total) return { owners, complete: true };
    }
}

/**
 * The owner tag of a server for `check`'s verdict: from one listing of the project, shared by the
 * checks of the provider process for 30 s (the engine checks resources one after the other, so
 * per-server reads there never share a call); `missing` when the listing does not name it. When the
 * listing fails, the server is read on its own (`readServerOwnerTag`). Only the preview's verdict
 * depends on it: the take at `up` re-reads the tag before any change.
 */
export async function readServerOwnerTagForCheck(target: ServerOwnershipTarget): Promise<string | undefined | "missing"> {
    try {
        const c = target.client.credentials;
        const key = JSON.stringify([c.endpoint, c.projectId, c.region ?? "", credentialIdentity(c.source, c.temporary !== undefined ? "" : c.accessKey)]);
        return await ownerListings.ownerOf(key, target.serverId.toLowerCase(), () => listServerOwnerTags(target.client));
    } catch {
        return readServerOwnerTag(target);
    }
}

/** Starts afresh (tests and benchmarks): no owner listing, as in a new provider process. */
export function resetServerOwnerListings(): void {
    ownerListings.clear();
}

/** The owner listings check started since the last reset (tests, benchmarks). */
export function serverOwnerListingsStarted(): number {
    return ownerListings.listings;
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
    ownerListings.noteWritten(target.serverId.toLowerCase(), owner);
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
