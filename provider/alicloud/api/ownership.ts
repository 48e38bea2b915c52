import { Batcher, BatcherRegistry, BatchWindow } from "../../core/transport/batcher";
import { claimOwnership, OwnerTagAccess, releaseOwnership } from "../../core/ownership/claim";
import { OWNER_TAG_KEY, OwnerVerdict } from "../../core/ownership/owner";
import { resolveAlicloudTarget } from "../credentials/credentials";
import { callEcs } from "./client";
import { describeInstanceEntry, RawInstanceEntry } from "./describe-batch";

// Ownership of Alibaba Cloud instances (docs/ownership.md): the owner tag `ecs-ops-owner` read from
// the batched DescribeInstances entry, written with TagResources and removed with UntagResources —
// the calls the operation records use (./record-store.ts). Writes of the same value in the same
// region, and removals, that arrive together go out as one call of up to 50 instances.

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

/** Starts afresh (tests and benchmarks): no batch history, as in a new provider process. */
export function resetOwnerTagBatchers(): void {
    tagBatchers.clear();
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
