import { z } from "zod";

// The `region` / `projectId` inputs every Huawei resource takes (ServerAttributes, ServerReboot,
// ServerReinstall), checked in `check` with zero API calls. The patterns below are also the rules
// of the stack config keys `huaweicloud:region` / `huaweicloud:projectId` (credentials.ts uses
// them): a region id such as `cn-north-4`, a project id of 32 lower-case hexadecimal characters
// (IAM KeystoneListProjects).

/** A Huawei Cloud region id, e.g. `cn-north-4`, `ap-southeast-1`. */
export const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;
/** A project id: 32 lower-case hexadecimal characters. */
export const PROJECT_ID_PATTERN = /^[0-9a-f]{32}$/;

/** The `region` input. */
export const regionSchema = z.string({ error: "must be a string" }).regex(REGION_PATTERN, "must be a Huawei Cloud region id such as cn-north-4");
/** The `projectId` input. */
export const projectIdSchema = z.string({ error: "must be a string" }).regex(PROJECT_ID_PATTERN, "must be a project id of 32 lower-case hexadecimal characters");

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
