import { Batcher, BatcherRegistry, BatchWindow } from "../../core/transport/batcher";
import { callEcs } from "./client";
import { resolveAlicloudTarget } from "../credentials/credentials";

/** One `DescribeInstances` entry as the API gives it (wire names). */
export type RawInstanceEntry = Record<string, unknown> & { InstanceId?: string };

/** Most instance ids `DescribeInstances` takes in `InstanceIds` (and its largest `PageSize`). */
export const DESCRIBE_INSTANCES_MAX_IDS = 100;

interface DescribeInstancesBody {
    Instances?: { Instance?: RawInstanceEntry[] };
}

/**
 * The process-wide `DescribeInstances` batchers, one per (endpoint, region) — the provider process
 * has the one credential chain of its stack: every
 * read of every resource in the provider process (refresh, adoption, the checks before an
 * operation, the polls of a wait) that arrives within a few milliseconds of others goes out in
 * one call of up to 100 ids.
 */
const batchers = new BatcherRegistry<RawInstanceEntry>(
    (group) =>
        new Batcher<RawInstanceEntry>(
            async (ids, deadline) => {
                const region = JSON.parse(group)[1] as string;
                const body = await callEcs<DescribeInstancesBody>(
                    "DescribeInstances",
                    { InstanceIds: JSON.stringify(ids), PageSize: DESCRIBE_INSTANCES_MAX_IDS },
                    { region, deadline, describe: ids.length === 1 ? `DescribeInstances ${ids[0]}` : `DescribeInstances (${ids.length} instances)` },
                );
                const found = new Map<string, RawInstanceEntry>();
                for (const entry of body.Instances?.Instance ?? []) {
                    if (typeof entry.InstanceId === "string" && ids.includes(entry.InstanceId)) found.set(entry.InstanceId, entry);
                }
                return found;
            },
            { maxBatch: DESCRIBE_INSTANCES_MAX_IDS },
        ),
);

/**
 * Starts afresh (tests and benchmarks): a provider process begins with no batch history, so an
 * adaptive window does not wait by the gaps between an earlier scenario's reads.
 */
export function resetDescribeBatchers(): void {
    batchers.clear();
}

/**
 * The `DescribeInstances` entry of one instance, read in a batch with the other reads of the
 * provider process for the same account and region. Undefined when the region holds no such
 * instance. The region is resolved like every call's (the input, else stack config / environment).
 */
export async function describeInstanceEntry(
    instanceId: string,
    options: { region?: string; deadline: number; window?: BatchWindow },
): Promise<RawInstanceEntry | undefined> {
    const target = resolveAlicloudTarget(options.region);
    return batchers.for(JSON.stringify([target.endpoint, target.region])).get(instanceId, options.deadline, options.window);
}

/**
 * The batch window of adoption reads. The engine starts a create whenever a slot of `--parallel`
 * frees, i.e. after an earlier step's checkpoint, so adoption reads arrive one by one at the pace
 * of the engine's steps (tens of ms apart in a small stack, 200–400 ms in a stack of hundreds,
 * where checkpoints grow with the state), unlike a refresh's, which the engine sends together
 * (50 ms idle, 200 ms at most). They wait for each other twice the recent gap between them (150 ms
 * to 2.5 s), up to 6 s; a batch as large as the recent rounds — every slot's create waiting —
 * goes out at once, so the wait costs no engine time.
 */
export const ADOPTION_WINDOW: BatchWindow = { idleMs: 150, maxWaitMs: 6000, adaptiveIdleMaxMs: 2500 };
