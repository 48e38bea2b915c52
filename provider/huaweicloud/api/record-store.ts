import type { RecordStore } from "../../core/operation";
import { decodeRecord, encodeRecord } from "../../core/operation/operation-record";
import { progress } from "../../core/resource/progress";
import { EcsClient } from "./client";
import { changeServerTag, showServerTags } from "./ecs-api";

/** Where a server's record lives and how long its calls may take. */
export interface ServerRecordTarget {
    client: EcsClient;
    serverId: string;
    /** The tag key (`RECORD_KEYS.reboot`, `RECORD_KEYS.reinstall`). */
    key: string;
    /** The operation as a noun, for messages (`reboot`, `reinstall`). */
    noun: string;
    deadline: number;
    signal?: AbortSignal;
}

/**
 * The record store of Huawei Cloud: a tag of the server (ShowServerTags, BatchCreateServerTags,
 * BatchDeleteServerTags). The record's calls get at least 15 s even under a very short resource
 * timeout: the record guards the operation.
 */
export function serverTagStore(target: ServerRecordTarget): RecordStore {
    const { client, serverId, key } = target;
    const subject = `server ${serverId}`;
    return {
        where: `the server (tag ${key})`,
        async read() {
            const tags = await showServerTags(client, serverId, { deadline: Math.max(target.deadline, Date.now() + 15_000), signal: target.signal });
            return decodeRecord(tags[key]);
        },
        async write(record, required) {
            try {
                await changeServerTag(client, serverId, "create", key, encodeRecord(record), { deadline: Math.max(target.deadline, Date.now() + 15_000) });
            } catch (err) {
                const message =
                    `could not record the ${target.noun} in tag ${key} of server ${serverId}: ${(err as Error).message}. ` +
                    "The IAM identity needs the permissions of BatchCreateServerTags, BatchDeleteServerTags and ShowServerTags, or set `pulumi config set ecs-ops:operationRecord state` " +
                    `to keep the record only in Pulumi state (then a hard stop of the CLI may repeat a ${target.noun}).`;
                if (required) throw new Error(`${message} Nothing was changed.`);
                progress(subject, `warning: ${message}`);
            }
        },
        async clear() {
            await changeServerTag(client, serverId, "delete", key, undefined, { deadline: Date.now() + 30_000 }).catch((e: Error) =>
                progress(subject, `warning: could not remove the void intent record (tag ${key}): ${e.message}`),
            );
        },
    };
}
