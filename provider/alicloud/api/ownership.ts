import { Batcher, BatcherRegistry, BatchWindow } from "../../core/transport/batcher";
import { claimOwnership, OwnerTagAccess, releaseOwnership } from "../../core/ownership/claim";
import { OWNER_TAG_KEY, OwnerVerdict } from "../../core/ownership/owner";
import { credentialIdentity, OwnerListing, OwnerListingCache } from "../../core/ownership/owner-listing";
import { resolveAlicloudCredentials } from "../credentials/credential-chain";
import { resolveAlicloudTarget } from "../credentials/credentials";
import { callEcs } from "./client";
import { describeInstanceEntry, RawInstanceEntry } from "./describe-batch";

// Ownership of Alibaba Cloud instances (docs/ownership.md): the owner tag `ecs-ops-owner` read from
// the batched DescribeInstances entry (at check, from one listing of the region's tagged instances),
// written with TagResources and removed with UntagResources — the calls the operation records use
// (./record-store.ts). Writes of the same value in the same region, and removals, that arrive together
// go out as one call of up to 50 instances.

/** Most `ResourceId.N` one TagResources / UntagResources call takes. */
export const TAG_RESOURCES_MAX_IDS = 50;

/** The tags of a DescribeInstances entry (`Tags.Tag[]`), as key → value. */
export function tagsOfEntry(entry: RawInstanceEntry): Record<string, string> {
    const list = (entry.Tags as { Tag?: unknown } | undefined)?.Tag;
    const out: Record<string, string> = {};
    if (!Array.isArray(list)) return out;
    for (const t of list as Array<{ TagKey?: unknown; TagValue?: unknown }>) {
        if (typeof t.TagKey === "string") out[t.TagKey] = typeof t.TagValue === "string" ? t.TagValue : "";
    }
    return out;
}

/** The owner tag of an instance, from its DescribeInstances entry (undefined: none). */
export function ownerOfEntry(entry: RawInstanceEntry): string | undefined {
    return tagsOfEntry(entry)[OWNER_TAG_KEY];
}

/** Where an owner tag is read and written. */
export interface OwnershipTarget {
    instanceId: string;
    region: string | undefined;
    deadline: number;
    /** Subject of progress lines. */
    subject: string;
    /** The batch window of the read (adoption reads wait longer for each other). */
    window?: BatchWindow;
}

/**
 * The owner tag of an instance (batched DescribeInstances); `missing` when the region holds no such
 * instance.
 */
export async function readOwnerTag(target: OwnershipTarget): Promise<string | undefined | "missing"> {
    const entry = await describeInstanceEntry(target.instanceId, { region: target.region, deadline: target.deadline, window: target.window });
    return entry === undefined ? "missing" : ownerOfEntry(entry);
}

/** Instances one page of the owner listing holds (DescribeInstances' largest `MaxResults`). */
const OWNER_LISTING_PAGE_SIZE = 100;
/** Longest one page of the owner listing may take, retries and throttling included. */
const OWNER_LISTING_PAGE_DEADLINE_MS = 60_000;
/**
 * Most attempts of one page of the owner listing (throttled answers aside, which wait for the
 * limiter): the listing only informs, and when it fails each instance is read on its own as before.
 */
export const OWNER_LISTING_MAX_ATTEMPTS = 3;

/** The owner listings of check, by (endpoint, region, credentials), and the owner tags this process wrote. */
const ownerListings = new OwnerListingCache();

/**
 * Every instance of a region that carries the owner tag, with its value: DescribeInstances filtered
 * on the tag key alone (`Tag.1.Key` without `Tag.1.Value` matches any value), paged to the end
 * (NextToken), through the same client and process-wide limiter as every call, each page given up
 * after `OWNER_LISTING_MAX_ATTEMPTS` failed attempts. Only entries that
 * do carry the tag are kept, so a filter the API ignored would cost calls, never a wrong owner.
 */
async function listOwnerTags(region: string): Promise<OwnerListing> {
    const owners = new Map<string, string | undefined>();
    let token = "";
    for (let page = 1; ; page++) {
        const answer = await callEcs<{ Instances?: { Instance?: RawInstanceEntry[] }; NextToken?: string }>(
            "DescribeInstances",
            { "Tag.1.Key": OWNER_TAG_KEY, MaxResults: OWNER_LISTING_PAGE_SIZE, ...(token === "" ? {} : { NextToken: token }) },
            {
                region,
                deadline: Date.now() + OWNER_LISTING_PAGE_DEADLINE_MS,
                describe: `DescribeInstances (tagged ${OWNER_TAG_KEY}, page ${page})`,
                maxAttempts: OWNER_LISTING_MAX_ATTEMPTS,
            },
        );
        for (const entry of answer.Instances?.Instance ?? []) {
            const owner = ownerOfEntry(entry);
            if (typeof entry.InstanceId === "string" && owner !== undefined) owners.set(entry.InstanceId, owner);
        }
        token = answer.NextToken ?? "";
        if (token === "") return { owners, complete: false };
    }
}

/**
 * The owner tag of an instance for `check`'s verdict: from one listing of the region's tagged
 * instances, shared by the checks of the provider process for 30 s (the engine checks resources one
 * after the other, so per-instance reads there never share a call); an instance the listing does not
 * name has no owner. When the listing fails, the instance is read on its own (`readOwnerTag`). Only
 * the preview's verdict depends on it: the take at `up` re-reads the tag before any change.
 */
export async function readOwnerTagForCheck(target: OwnershipTarget): Promise<string | undefined | "missing"> {
    try {
        const resolved = resolveAlicloudTarget(target.region);
        const c = await resolveAlicloudCredentials();
        const key = JSON.stringify([resolved.endpoint, resolved.region, credentialIdentity(c.source, c.refreshable ? "" : c.accessKeyId)]);
        return await ownerListings.ownerOf(key, target.instanceId, () => listOwnerTags(resolved.region));
    } catch {
        return readOwnerTag(target);
    }
}

type TagOp = "tag" | "untag";

const tagBatchers = new BatcherRegistry<true>(
    (group) =>
        new Batcher<true>(
            async (ids, deadline) => {
                const [op, , region, value] = JSON.parse(group) as [TagOp, string, string, string];
                const resources = Object.fromEntries(ids.map((id, i) => [`ResourceId.${i + 1}`, id]));
                const describe = `${op === "tag" ? "TagResources" : "UntagResources"} ${ids.length === 1 ? ids[0] : `(${ids.length} instances)`}`;
                if (op === "tag") {
                    await callEcs(
                        "TagResources",
                        { ResourceType: "instance", ...resources, "Tag.1.Key": OWNER_TAG_KEY, "Tag.1.Value": value },
                        { region, deadline, describe },
                    );
                } else {
                    await callEcs("UntagResources", { ResourceType: "instance", ...resources, "TagKey.1": OWNER_TAG_KEY }, { region, deadline, describe });
                }
                return new Map(ids.map((id) => [id, true as const]));
            },
            { maxBatch: TAG_RESOURCES_MAX_IDS, idleMs: 30, maxWaitMs: 300 },
        ),
);

/** Starts afresh (tests and benchmarks): no batch history and no owner listing, as in a new provider process. */
export function resetOwnerTagBatchers(): void {
    tagBatchers.clear();
    ownerListings.clear();
}

/** The owner listings check started since the last reset (tests, benchmarks). */
export function ownerListingsStarted(): number {
    return ownerListings.listings;
}

async function batchedTagCall(op: TagOp, target: OwnershipTarget, value: string): Promise<void> {
    const resolved = resolveAlicloudTarget(target.region);
    // At least 15 s even under a very short resource timeout, as the operation records get.
    const deadline = Math.max(target.deadline, Date.now() + 15_000);
    await tagBatchers.for(JSON.stringify([op, resolved.endpoint, resolved.region, value])).get(target.instanceId, deadline);
}

/**
 * Writes the owner tag of an instance: sets it to `owner` (`TagResources`, batched with the other owner
 * writes of the same value in the region), or removes it when `owner` is undefined (`UntagResources`,
 * batched likewise). The one place an Alibaba owner tag is written or removed: a mode that must not
 * change the cloud gates this function.
 */
export async function writeOwnerTag(target: OwnershipTarget, owner: string | undefined): Promise<void> {
    await batchedTagCall(owner === undefined ? "untag" : "tag", target, owner ?? "");
    ownerListings.noteWritten(target.instanceId, owner);
}

/** The owner tag of one instance, as the shared claim and release use it. */
function tagAccess(target: OwnershipTarget): OwnerTagAccess {
    return {
        what: `instance ${target.instanceId}`,
        subject: target.subject,
        read: () => readOwnerTag(target),
        write: (owner) => writeOwnerTag(target, owner),
    };
}

/**
 * Takes an instance for `owner` before any change is sent, given its owner tag as just read
 * (`readOwnerTag`, or the caller's own DescribeInstances entry): see `claimOwnership`.
 */
export function claimInstance(
    target: OwnershipTarget,
    tag: string | undefined,
    owner: string,
    previous: string | undefined,
    takeOver: boolean,
): Promise<OwnerVerdict> {
    return claimOwnership(tagAccess(target), tag, owner, previous, takeOver);
}

/** Releases an instance: removes its owner tag when it still names `owner` (see `releaseOwnership`). */
export function releaseInstance(target: OwnershipTarget, owner: string): Promise<void> {
    return releaseOwnership(tagAccess(target), owner);
}
