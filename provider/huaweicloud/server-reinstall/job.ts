import { EcsClient } from "../api/client";
import { Job, ServerDetail } from "../api/ecs-api";
import { followJobToEnd, FollowJobOptions, serverWaitAfterJob, taskStateOf, waitForServer } from "../operations/job-follow";

// The job-following parts shared with ServerReboot live in job-follow.ts; re-exported for the reinstall's callers.
export { abortableSleep, describeJobFailure, FINAL_JOB_STATUSES, JobFailedError, showJobState } from "../operations/job-follow";

/** Whether a server read shows a reinstall (or another operation) under way: status REBUILD or a task_state. */
export function rebuildUnderWay(server: ServerDetail): boolean {
    return server.status === "REBUILD" || taskStateOf(server) !== undefined;
}

/** Options of `waitForJob`. */
export type WaitForJobOptions = Omit<FollowJobOptions, "what" | "serverBusy">;

/**
 * Follows a reinstall job to SUCCESS (see `followJobToEnd`; after a FAIL it waits for server reads
 * to stop showing the rebuild before throwing `JobFailedError`), then waits until ShowServer no
 * longer reports the rebuild (status REBUILD or a task_state): server reads lag the job system, and
 * the reinstall is over for a user only when the server shows it.
 */
export async function waitForJob(client: EcsClient, jobId: string, options: WaitForJobOptions): Promise<Job> {
    const job = await followJobToEnd(client, jobId, { ...options, what: "reinstall", serverBusy: rebuildUnderWay });
    await waitForServer(
        client,
        options.serverId,
        `server ${options.serverId} to show the end of the rebuild`,
        (s) => !rebuildUnderWay(s),
        serverWaitAfterJob(options),
    );
    return job;
}
