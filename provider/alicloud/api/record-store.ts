import { CloudApiError } from "../../core/transport/errors";
import { cloudRecordEnabled, decodeRecord, encodeRecord, OperationRecord } from "../../core/operation/operation-record";
import { progress } from "../../core/resource/progress";
import { callEcs } from "./client";

/** The Alibaba resource types ecs-ops tags with its operation records. */
export type TaggedResourceType = "instance" | "disk";

/** Where a record lives: the tagged resource, its region, and the operation's deadline. */
export interface RecordTarget {
    resourceType: TaggedResourceType;
    resourceId: string;
    region: string | undefined;
    deadline: number;
    /** Subject of progress lines. */
    describe: string;
}

/** The record held in `tags[key]`, or undefined (none, or not written by ecs-ops). */
export function recordIn(tags: Record<string, string>, key: string): OperationRecord | undefined {
    return decodeRecord(tags[key]);
}

/** `StartTime` (`2026-12-01T10:20Z`, or with seconds) as the digits-only field kept in a record. */
export function startTimeField(startTime: string | undefined): string {
    return (startTime ?? "").replace(/[^0-9]/g, "");
}

function permissionHint(err: unknown): string {
    if (err instanceof CloudApiError && /Forbidden|NoPermission|Unauthorized/i.test(err.code)) {
        return " The RAM identity needs ecs:TagResources and ecs:UntagResources, or set `pulumi config set ecs-ops:operationRecord state` to keep the record only in Pulumi state (then a hard stop of the CLI may repeat an operation).";
    }
    return "";
}

/**
 * Writes the record as the tag `key` of the resource (`TagResources`, idempotent: it sets a value).
 * Before an operation, a failure stops the operation (nothing destructive was sent); `required:
 * false` (after the cloud accepted it) only warns, since the intent record already covers it.
 */
export async function writeRecord(target: RecordTarget, key: string, record: OperationRecord, required: boolean): Promise<void> {
    if (!cloudRecordEnabled()) return;
    try {
        await callEcs(
            "TagResources",
            { ResourceType: target.resourceType, "ResourceId.1": target.resourceId, "Tag.1.Key": key, "Tag.1.Value": encodeRecord(record) },
            // At least 15 s even under a very short resource timeout: the record guards the operation.
            { region: target.region, deadline: Math.max(target.deadline, Date.now() + 15_000), describe: `TagResources ${target.resourceId}` },
        );
    } catch (err) {
        const message = `could not record the operation in tag ${key} of ${target.resourceType} ${target.resourceId}: ${(err as Error).message}.${permissionHint(err)}`;
        if (required) throw new Error(`${message} Nothing was changed.`);
        progress(target.describe, `warning: ${message}`);
    }
}

/** Removes the record (`UntagResources`); never fails the caller, only warns. */
export async function clearRecord(target: RecordTarget, key: string): Promise<void> {
    if (!cloudRecordEnabled()) return;
    try {
        await callEcs(
            "UntagResources",
            { ResourceType: target.resourceType, "ResourceId.1": target.resourceId, "TagKey.1": key },
            { region: target.region, deadline: Math.max(target.deadline, Date.now() + 15_000), describe: `UntagResources ${target.resourceId}` },
        );
    } catch (err) {
        progress(target.describe, `warning: could not remove tag ${key} of ${target.resourceType} ${target.resourceId}: ${(err as Error).message}`);
    }
}
