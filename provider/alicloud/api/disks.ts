import { abortableSleep } from "../../core/operation/interrupt";
import { waitUntil } from "../../core/transport/wait";
import { callEcs } from "./client";
import { visibilityGraceMs } from "../../core/operation/operation-record";
import { AFTER_ACTION_POLL_MS, PowerOptions } from "../operations/instance-power";

/** The part of a `DescribeDisks` disk entry read here (wire names). */
interface RawDisk {
    DiskId?: string;
    RegionId?: string;
    InstanceId?: string;
    Type?: string;
    Status?: string;
    Category?: string;
    MultiAttach?: string;
    ImageId?: string;
    SourceSnapshotId?: string;
    Tags?: { Tag?: Array<{ TagKey?: string; TagValue?: string }> };
}

/** The `DescribeDisks` response body, as far as it is read here. */
interface DescribeDisksBody {
    TotalCount?: number;
    Disks?: { Disk?: RawDisk[] };
}

/** What the disk helpers know about a disk, from one `DescribeDisks` call. */
export interface DiskState {
    diskId: string;
    /** The instance the disk is attached to; undefined when detached. */
    instanceId: string | undefined;
    /** `system` or `data`. */
    type: string;
    /** `In_use`, `Available`, `Attaching`, `Detaching`, `Creating`, `ReIniting`. */
    status: string;
    category: string | undefined;
    /** Whether multi-attach is enabled (such disks cannot be re-initialised). */
    multiAttach: boolean;
    /** The disk's tags (key → value); ecs-ops keeps its record of a re-initialisation in one. */
    tags: Record<string, string>;
}

function toDisk(raw: RawDisk): DiskState {
    return {
        diskId: raw.DiskId ?? "",
        instanceId: raw.InstanceId ? raw.InstanceId : undefined,
        type: raw.Type ?? "unknown",
        status: raw.Status ?? "Unknown",
        category: raw.Category,
        multiAttach: raw.MultiAttach === "Enabled",
        tags: Object.fromEntries((raw.Tags?.Tag ?? []).filter((t) => typeof t.TagKey === "string").map((t) => [t.TagKey as string, t.TagValue ?? ""])),
    };
}

async function describeDisks(params: Record<string, string>, options: PowerOptions, describe: string): Promise<DiskState[]> {
    const body = await callEcs<DescribeDisksBody>(
        "DescribeDisks",
        { ...params, PageSize: 100 },
        {
            region: options.region,
            deadline: options.deadline,
            describe,
        },
    );
    return (body.Disks?.Disk ?? []).map(toDisk);
}

/** Reads one disk (`DescribeDisks` with `DiskIds` as a JSON array); undefined when the region has no such disk. */
export async function describeDisk(diskId: string, options: PowerOptions): Promise<DiskState | undefined> {
    const disks = await describeDisks({ DiskIds: JSON.stringify([diskId]) }, options, `DescribeDisks ${diskId}`);
    return disks.find((d) => d.diskId === diskId);
}

/** The system disks attached to an instance (`DescribeDisks` with `InstanceId` and `DiskType=system`). */
export async function systemDisksOf(instanceId: string, options: PowerOptions): Promise<DiskState[]> {
    const disks = await describeDisks({ InstanceId: instanceId, DiskType: "system" }, options, `DescribeDisks system disk of ${instanceId}`);
    return disks.filter((d) => d.type === "system" && d.instanceId === instanceId);
}

/**
 * Waits until the disk's status is `wanted`, polling `DescribeDisks` adaptively with progress
 * lines; fails when the disk disappears, and at the deadline with the last status reached.
 */
export async function waitForDiskStatus(diskId: string, wanted: string, options: PowerOptions): Promise<DiskState> {
    const subject = `disk ${diskId} to be ${wanted}`;
    const final = await waitUntil<DiskState | undefined>({
        describe: options.describe ? `${options.describe}: ${subject}` : subject,
        poll: () => describeDisk(diskId, options),
        show: (d) => (d === undefined ? "not found" : d.status),
        done: (d) => d !== undefined && d.status === wanted,
        failed: (d) => (d === undefined ? `disk ${diskId} no longer exists` : undefined),
        deadline: options.deadline,
        initialIntervalMs: options.pollIntervalMs ?? 1000,
    });
    return final as DiskState;
}

/**
 * Waits after `ReInitDisk` until the re-initialisation is over: the disk is `In_use` again, counted
 * only once it was seen `ReIniting` (or, should every poll have missed that, once the Describe lag
 * grace `visibilityGraceMs()` after `sentAt` has passed) — right after the call `DescribeDisks` may
 * still report the `In_use` from before it.
 */
export async function waitForDiskReinitialised(diskId: string, sentAt: number, options: PowerOptions): Promise<DiskState> {
    const subject = `disk ${diskId} to be re-initialised (ReIniting, then In_use)`;
    let sawReIniting = false;
    const final = await waitUntil<DiskState | undefined>({
        describe: options.describe ? `${options.describe}: ${subject}` : subject,
        poll: () => describeDisk(diskId, options),
        show: (d) => (d === undefined ? "not found" : d.status),
        done: (d) => {
            if (d === undefined) return false;
            if (d.status !== "In_use") {
                sawReIniting = true;
                return false;
            }
            return sawReIniting || Date.now() - sentAt >= visibilityGraceMs();
        },
        failed: (d) => (d === undefined ? `disk ${diskId} no longer exists` : undefined),
        deadline: options.deadline,
        sleep: abortableSleep(options.signal),
        initialIntervalMs: options.pollIntervalMs ?? AFTER_ACTION_POLL_MS,
    });
    return final as DiskState;
}
