import { z } from "zod";
import { observeAttributeOutputs, observeInputs } from "../../core/resource/observe";
import {
    ArgsOf,
    declareResource,
    InputsOf,
    inputNames,
    OutputsOf,
    RecordedStateOf,
    redactedInputNames,
    replaceOnChange,
    replaceOnChangeNames,
} from "../../core/resource/declaration";
import { serverIdSchema, serverLocationInputs } from "../rules/ids";
import { timeoutsSchema } from "../rules/timeouts";

// The one declaration of huaweicloud.ServerAttributes, and every rule of its inputs, checked in
// `check` with zero API calls, and where it comes from:
// - serverId, region, projectId, timeouts: the Huawei rules of ../rules, shared by every Huawei
//   resource (a server id is a UUID in either case).
// - security group ids: lower-case UUIDs, as ECS answers them (NovaAddSecurityGroupOption `name`
//   takes an id; the set is compared with the server's).
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

const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
    .array(z.string({ error: "must be a string" }).regex(LOWER_CASE_UUID, "must be a security group id: a lower-case UUID such as 0b2a8f9e-4c1d-…"))
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
            ctx.addIssue({
                code: "custom",
                path: [key],
                message: `key must be 1 to ${METADATA_KEY_MAX} characters of letters, digits, hyphens (-), underscores (_), colons (:) and periods (.)`,
            });
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
        else if (key.startsWith("ecs-ops-"))
            ctx.addIssue({ code: "custom", path: [key], message: "ecs-ops-* tags are ecs-ops' own operation records and cannot be managed" });
        if (typeof value === "string" && !TAG_VALUE.test(value))
            ctx.addIssue({ code: "custom", path: [key], message: "value must be at most 43 letters, digits, underscores (_), periods (.) or hyphens (-)" });
    }
});

/** The restart trigger: the hostname as `up` leaves it, and a revision counting its changes. */
const restartTriggerSchema = z.object({
    /** The hostname as `up` leaves it (unknown during a preview that cannot know it). */
    hostname: z.string().optional(),
    /** Grows with every run that changes the hostname. */
    revision: z.number(),
    /** Why the last revision was made. */
    reason: z.string(),
});

/**
 * The one declaration of `huaweicloud.ServerAttributes`: every input with its rules (above) and the
 * outputs the provider computes. Names follow the ECS API (`UpdateServer`, `UpdateServerMetadata`,
 * the server's `security_groups`), as in `@huaweicloud/huaweicloud-sdk-ecs`.
 */
export const serverAttributesDeclaration = declareResource({
    type: "huaweicloud.ServerAttributes",
    inputs: {
        /** Id (UUID) of the existing server to manage. Changing it replaces the resource. */
        serverId: replaceOnChange(serverIdSchema),
        ...serverLocationInputs,
        /** Server name (`UpdateServer` `name`): 1-128 characters of letters (Chinese characters too), digits, `_`, `-` and `.`. */
        name: z.string({ error: "must be a string" }).superRefine(refine(nameProblem)).optional(),
        /** Description (`UpdateServer` `description`): at most 85 characters, without `<` or `>`; `""` clears it. */
        description: z.string({ error: "must be a string" }).superRefine(refine(descriptionProblem)).optional(),
        /**
         * Hostname of the OS (`UpdateServer` `hostname`); the guest sees it only after the server
         * restarts (`restartRequired`, `pendingRestart`). 1-64 characters; segments separated by periods,
         * of letters, digits and hyphens; no `..`, `--`, `.-` or `-.`; not starting or ending with `.` or `-`.
         */
        hostname: z.string({ error: "must be a string" }).superRefine(refine(hostnameProblem)).optional(),
        /**
         * The complete set of security groups of the server (ids, 1 to 10; order does not matter).
         * Changed by adding the missing and removing the extra ones, one call per group. The output
         * lists them sorted.
         */
        securityGroupIds: securityGroupIdsSchema.optional(),
        /**
         * Metadata key/values the program manages (`UpdateServerMetadata`, `DeleteServerMetadata`): only
         * these keys are set, and a key dropped from this map is deleted; other keys of the server are
         * left alone. Keys: 1-255 of letters, digits, `-`, `_`, `:`, `.`; values: at most 255 characters.
         * System keys (`os_type`, `charging_mode`, `__*`, `metering.*`, …) cannot be managed.
         */
        metadata: metadataSchema.optional(),
        /** Tags the program manages (BatchCreateServerTags / BatchDeleteServerTags): only these keys; at most 10 per server. */
        tags: tagsSchema.optional(),
        /** On delete, put back the managed attributes recorded when they were taken under management. Default false: delete leaves the server as it is. */
        restoreOnDelete: z.boolean({ error: "must be true or false" }).optional(),
        /** Time limits of create/update/delete, e.g. `{ update: "5m" }` (default 10 minutes each). */
        timeouts: timeoutsSchema.optional(),
        /**
         * Take the server even when its tag `ecs-ops-owner` names another stack (the tag is moved to this
         * one). Default false: such a server is refused in preview, naming its owner. Matters only when
         * ownership is recorded (adoption, the first up after an upgrade); never an output.
         */
        takeOver: z.boolean({ error: "must be true or false" }).optional(),
        ...observeInputs,
    },
    takesOwnership: true,
    inputOnly: ["takeOver"],
    outputs: {
        /**
         * The stack this resource recorded as the server's owner in its tag `ecs-ops-owner`:
         * `<project>.<stack>` (beyond 43 characters, its first 34, `-` and a hash). Absent until ownership
         * is recorded (the first up of a stack of an earlier release) or when a refresh found the tag changed.
         */
        owner: z.string().optional(),
        /** The region the server is managed in (as resolved at adoption). */
        region: z.string().optional(),
        /** The project the server is managed in (as resolved at adoption). */
        projectId: z.string(),
        /** Cloud values of the managed attributes when they were taken under management (what `restoreOnDelete` puts back; a metadata or tag key that did not exist is recorded as null). */
        adoptedAttributes: z.record(z.string(), z.unknown()),
        /** Attributes changed by ecs-ops that the guest sees only after a restart (`hostname`). */
        restartRequired: z.array(z.string()),
        /** True while `restartRequired` is not empty: feed it (or `restartTrigger`) to `huaweicloud.ServerReboot` triggers. */
        pendingRestart: z.boolean(),
        /** When the oldest change still waiting for a restart was made (ISO time). */
        restartPendingSince: z.string().optional(),
        /** `Linux` or `Windows` (metadata `os_type`), as last observed. */
        osType: z.string().optional(),
        /**
         * What a reboot applying restart-requiring changes must follow (feed it to
         * `huaweicloud.ServerReboot` triggers, as `ManagedServer` does): `{hostname, revision, reason}`;
         * `revision` grows with every run that changes the hostname — also when it puts back a value a
         * refresh found drifted — and `reason` says why. No secrets. Known during preview. Undefined when
         * the hostname is not managed.
         */
        restartTrigger: restartTriggerSchema.optional(),
        /** What the last preview or update planned beyond the calls themselves (restart effects), or "none". */
        plannedOperation: z.string().optional(),
        ...observeAttributeOutputs,
    },
    stateOnly: {
        /** The `region` input as given (absent when taken from config). */
        regionInput: z.string(),
        /** The `projectId` input as given (absent when taken from config). */
        projectIdInput: z.string(),
        /** `launched_at` of the server when the oldest change waiting for a restart was made. */
        restartPendingLaunchedAt: z.string(),
    },
});

/**
 * The arguments of `huaweicloud.ServerAttributes`. Every attribute is optional: an attribute left
 * unset is not managed (neither read for drift nor changed). Names follow the ECS API
 * (`UpdateServer`, `UpdateServerMetadata`, the server's `security_groups`), as in
 * `@huaweicloud/huaweicloud-sdk-ecs`.
 */
export type ServerAttributesArgs = ArgsOf<typeof serverAttributesDeclaration>;

/** Checked inputs of `huaweicloud.ServerAttributes`. */
export type ServerAttributesInputs = InputsOf<typeof serverAttributesDeclaration>;

/** The output properties of `huaweicloud.ServerAttributes`. */
export type ServerAttributesOutputProperties = OutputsOf<typeof serverAttributesDeclaration>;

/** What `huaweicloud.ServerAttributes` records in state: its outputs (plain values) and the provider's own values. */
export type ServerAttributesState = RecordedStateOf<typeof serverAttributesDeclaration>;

/** The restart trigger: the hostname as `up` leaves it, and a revision counting its changes. */
export type RestartTrigger = z.output<typeof restartTriggerSchema>;

/** Every input of `huaweicloud.ServerAttributes`: the server, its attributes, and the resource's settings. */
export const SERVER_ATTRIBUTES_INPUTS = inputNames(serverAttributesDeclaration);

/** Inputs whose change replaces the resource (another server, or the same id elsewhere). */
export const SERVER_ATTRIBUTES_REPLACE_ON_CHANGE = replaceOnChangeNames(serverAttributesDeclaration);

/** Inputs a failure must never name to the engine (none: no input of ServerAttributes holds a secret). */
export const SERVER_ATTRIBUTES_SECRET_INPUTS = redactedInputNames(serverAttributesDeclaration);

/** The inputs of `huaweicloud.ServerAttributes`, as `check` validates them. Unknown properties are refused by name. */
export const serverAttributesSchema = serverAttributesDeclaration.inputs;
