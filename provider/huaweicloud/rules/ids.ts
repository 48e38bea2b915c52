import { z } from "zod";
import { replaceOnChange } from "../../core/resource/declaration";

// The `serverId` / `region` / `projectId` inputs every Huawei resource takes (ServerAttributes,
// ServerReboot, ServerReinstall), checked in `check` with zero API calls: one rule and one message
// each, so that the same value is accepted or refused alike by every resource (a ManagedServer's
// children agree). The region and project patterns are also the rules of the stack config keys
// `huaweicloud:region` / `huaweicloud:projectId` (credentials.ts uses them): a region id such as
// `cn-north-4`, a project id of 32 lower-case hexadecimal characters (IAM KeystoneListProjects).
//
// A server id is a UUID, hexadecimal digits in either case. The API reference types `server_id` as
// a string ("the ECS ID"); the SDK models say "格式为UUID". ECS answers ids in lower case, but it
// finds a server by its id in any case (Nova, which it builds on, judges an id with oslo's
// `is_uuid_like`, which compares in lower case, and looks it up case-insensitively), and ecs-ops
// 0.1.0 accepted either case for ServerReboot and ServerReinstall: so either case is accepted here
// (ServerAttributes took only lower case before; it now accepts what the other two did).

/** A Huawei Cloud region id, e.g. `cn-north-4`, `ap-southeast-1`. */
export const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;
/** A project id: 32 lower-case hexadecimal characters. */
export const PROJECT_ID_PATTERN = /^[0-9a-f]{32}$/;

/** A server id: a UUID (8-4-4-4-12 hexadecimal digits, either case). */
export const SERVER_ID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The `serverId` input. */
export const serverIdSchema = z
    .string({ error: (issue) => (issue.input === undefined ? "is required: the id (UUID) of the server" : "must be a string: the id (UUID) of the server") })
    .regex(SERVER_ID_PATTERN, "must be a server id: a UUID such as 8e5c1f3a-6c1d-4b1e-9a53-0c2f7d2b6a10");

/** The `region` input. */
export const regionSchema = z.string({ error: "must be a string" }).regex(REGION_PATTERN, "must be a Huawei Cloud region id such as cn-north-4");
/** The `projectId` input. */
export const projectIdSchema = z
    .string({ error: "must be a string" })
    .regex(PROJECT_ID_PATTERN, "must be a project id of 32 lower-case hexadecimal characters");

/**
 * The `region` and `projectId` inputs of every Huawei resource, with their doc comments: spread into
 * each declaration's inputs.
 */
export const serverLocationInputs = {
    /** Region of the server (e.g. `cn-north-4`); default: stack config `huaweicloud:region`, then `HW_REGION_NAME`. Changing it replaces the resource. */
    region: replaceOnChange(regionSchema).optional(),
    /** Project id (32 hex characters) of that region; default: stack config `huaweicloud:projectId`, then `HW_PROJECT_ID`. Changing it replaces the resource. */
    projectId: replaceOnChange(projectIdSchema).optional(),
};

/** The region and project a resource's calls go to, as given in its inputs or state (undefined: from config). */
export interface Target {
    region?: string;
    projectId?: string;
}

/** The `region` / `projectId` of inputs or outputs, for `resolveCredentials` (anything but a string counts as unset). */
export function targetOf(props: { readonly region?: unknown; readonly projectId?: unknown }): Target {
    const out: Target = {};
    if (typeof props.region === "string") out.region = props.region;
    if (typeof props.projectId === "string") out.projectId = props.projectId;
    return out;
}
