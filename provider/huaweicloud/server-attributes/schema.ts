import { z } from "zod";
import { timeoutsSchema } from "../../core/inputs/timeouts";
import { projectIdSchema, regionSchema } from "../rules/ids";

// Every rule of huaweicloud.ServerAttributes' inputs, checked in `check` with zero API calls, and
// where it comes from:
// - serverId, security group ids: UUIDs (SDK models: `server_id` "格式为UUID", NovaAddSecurityGroupOption `name` takes an id).
// - name 1-128 of letters, digits, `_`, `-`, `.`; description 0-85 without `<>`; hostname 1-64,
//   period-separated segments of letters, digits and `-`, no `..`, `--`, `.-`, `-.`, not starting
//   or ending with `.` or `-`: API reference, UpdateServer ("Modifying ECS Details", table 3). The
//   SDK model (UpdateServerOption) only types them as strings.
// - metadata keys 1-255 of `A-Za-z0-9-_:.`, values at most 255: API reference, UpdateServerMetadata
//   (the SDK types `{[key: string]: string}`). Keys ECS derives itself (`os_type`, `charging_mode`,
//   `image_name`, `os_bit`, `vpc_id`, `metering.*`) cannot be managed (the reference's metadata
//   table lists them as set by the system).
// - at most 10 security groups (ECS quota; the SDK's NovaAssociateSecurityGroup note advises at
//   most 5); a server keeps at least one (Nova refuses to remove the last).
// - tags: keys 1-36 of letters, digits, `_`, `-`; values 0-43 of letters, digits, `_`, `.`, `-`; at
//   most 10 per server (API reference, BatchCreateServerTags); `ecs-ops-*` keys are ecs-ops' own
//   operation records.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Longest values, as the references give them. */
export const NAME_MAX = 128;
export const DESCRIPTION_MAX = 85;
export const HOSTNAME_MAX = 64;
export const METADATA_KEY_MAX = 255;
export const METADATA_VALUE_MAX = 255;
/** Most security groups of a server. */
export const MAX_SECURITY_GROUPS = 10;
/** Most tags of a server. */
export const MAX_TAGS = 10;

const NAME = /^[\p{L}\p{N}_.-]+$/u;
const METADATA_KEY = /^[A-Za-z0-9_:.-]+$/;
const TAG_KEY = /^[\p{L}\p{N}_-]{1,36}$/u;
const TAG_VALUE = /^[\p{L}\p{N}_.-]{0,43}$/u;
const SYSTEM_METADATA = new Set(["charging_mode", "image_name", "os_type", "os_bit", "vpc_id"]);

/** Why a server name breaks the rule, or undefined. */
export function nameProblem(name: string): string | undefined {
    const n = [...name].length;
    if (n < 1 || n > NAME_MAX) return `must be 1 to ${NAME_MAX} characters long (got ${n})`;
    if (!NAME.test(name)) return "can contain only letters, digits, underscores (_), hyphens (-) and periods (.)";
    return undefined;
}

/** Why a description breaks the rule, or undefined. */
export function descriptionProblem(text: string): string | undefined {
    const n = [...text].length;
    if (n > DESCRIPTION_MAX) return `must be at most ${DESCRIPTION_MAX} characters long (got ${n})`;
    if (/[<>]/.test(text)) return "cannot contain angle brackets (< or >)";
    return undefined;
}

/** Why a hostname breaks the rule, or undefined. */
export function hostnameProblem(h: string): string | undefined {
    if (h.length < 1 || h.length > HOSTNAME_MAX) return `must be 1 to ${HOSTNAME_MAX} characters long (got ${h.length})`;
    if (!/^[A-Za-z0-9.-]+$/.test(h)) return "can contain only letters, digits, hyphens (-) and periods (.) separating segments";
    if (/^[.-]|[.-]$/.test(h)) return "cannot start or end with a period (.) or a hyphen (-)";
    if (/\.\.|--|\.-|-\./.test(h)) return "cannot contain consecutive periods or hyphens (.., --) or the combinations .- and -.";
    return undefined;
}

/** Whether a metadata key is one ECS sets itself. */
export function isSystemMetadataKey(key: string): boolean {
    return SYSTEM_METADATA.has(key) || key.startsWith("metering.");
}

const refine = (problem: (s: string) => string | undefined) => (value: string, ctx: z.RefinementCtx) => {
    const p = problem(value);
    if (p !== undefined) ctx.addIssue({ code: "custom", message: p });
};

const securityGroupIdsSchema = z
    .array(z.string({ error: "must be a string" }).regex(UUID, "must be a security group id: a lower-case UUID such as 0b2a8f9e-4c1d-…"))
    .min(1, "must list at least one security group: a server always belongs to one")
    .max(MAX_SECURITY_GROUPS, `can list at most ${MAX_SECURITY_GROUPS} security groups`)
    .superRefine((ids, ctx) => {
        const seen = new Set<string>();
        ids.forEach((id, i) => {
            if (seen.has(id)) ctx.addIssue({ code: "custom", path: [i], message: `lists ${id} twice: each security group may appear once` });
            seen.add(id);
        });
    });

const metadataSchema = z.record(z.string(), z.string({ error: "must be a string" })).superRefine((m, ctx) => {
    for (const [key, value] of Object.entries(m)) {
        const n = [...key].length;
        if (n < 1 || n > METADATA_KEY_MAX || !METADATA_KEY.test(key)) {
            ctx.addIssue({ code: "custom", path: [key], message: `key must be 1 to ${METADATA_KEY_MAX} characters of letters, digits, hyphens (-), underscores (_), colons (:) and periods (.)` });
        } else if (isSystemMetadataKey(key)) {
            ctx.addIssue({ code: "custom", path: [key], message: "is set by ECS itself and cannot be managed" });
        }
        if (typeof value === "string" && [...value].length > METADATA_VALUE_MAX) {
            ctx.addIssue({ code: "custom", path: [key], message: `value must be at most ${METADATA_VALUE_MAX} characters long (got ${[...value].length})` });
        }
    }
});

const tagsSchema = z.record(z.string(), z.string({ error: "must be a string" })).superRefine((m, ctx) => {
    const keys = Object.keys(m);
    if (keys.length > MAX_TAGS) ctx.addIssue({ code: "custom", message: `can hold at most ${MAX_TAGS} tags (a server's limit; got ${keys.length})` });
    for (const [key, value] of Object.entries(m)) {
        if (!TAG_KEY.test(key)) ctx.addIssue({ code: "custom", path: [key], message: "key must be 1 to 36 letters, digits, underscores (_) or hyphens (-)" });
        else if (key.startsWith("ecs-ops-")) ctx.addIssue({ code: "custom", path: [key], message: "ecs-ops-* tags are ecs-ops' own operation records and cannot be managed" });
        if (typeof value === "string" && !TAG_VALUE.test(value)) ctx.addIssue({ code: "custom", path: [key], message: "value must be at most 43 letters, digits, underscores (_), periods (.) or hyphens (-)" });
    }
});

/** The inputs of `huaweicloud.ServerAttributes`, as `check` validates them. */
export const serverAttributesSchema = z
    .object({
        serverId: z.string({ error: (iss) => (iss.input === undefined ? "is required: the id (UUID) of the server to manage" : "must be a string") }).regex(UUID, "must be a server id: a lower-case UUID such as 8e5c1f3a-…"),
        region: regionSchema.optional(),
        projectId: projectIdSchema.optional(),
        name: z.string({ error: "must be a string" }).superRefine(refine(nameProblem)).optional(),
        description: z.string({ error: "must be a string" }).superRefine(refine(descriptionProblem)).optional(),
        hostname: z.string({ error: "must be a string" }).superRefine(refine(hostnameProblem)).optional(),
        securityGroupIds: securityGroupIdsSchema.optional(),
        metadata: metadataSchema.optional(),
        tags: tagsSchema.optional(),
        restoreOnDelete: z.boolean({ error: "must be true or false" }).optional(),
        timeouts: timeoutsSchema.optional(),
    })
    .strict();

/** Checked inputs of `huaweicloud.ServerAttributes`. */
export type ServerAttributesInputs = z.infer<typeof serverAttributesSchema>;
