import { z } from "zod";
import { observeAttributeOutputs, observeInputs } from "../../core/resource/observe";
import { MODIFY_PASSWORD_SPECIALS, passwordSchema } from "../rules/password";
import { timeoutsSchema } from "../../core/inputs/timeouts";
import { ArgsOf, ArgsOfObject, declareResource, InputsOf, OutputsOf, RecordedStateOf, replaceOnChange, secret } from "../../core/resource/declaration";
import { booleanSchema, httpPrefixProblem, instanceIdSchema, regionSchema } from "../rules/ids";

// Every rule of the ModifyInstanceAttribute reference (plus the published parameter docs where the
// reference text is cut short), checked in `check` so that `pulumi preview` lists all problems with
// zero API calls. Rules that depend on the instance (Windows or Linux, billing method) are checked
// again before the call, once the instance is described (see `windowsHostNameProblem`).

/** Largest user data, in bytes before base64 encoding. */
export const USER_DATA_MAX_BYTES = 32 * 1024;

/** Most security groups an instance can belong to (5 by default, raised to 10 on request). */
export const MAX_SECURITY_GROUPS = 10;

/** Largest queue count of one network interface across ECS instance types. */
export const MAX_NIC_QUEUES = 64;

const CHINESE = "\\u4e00-\\u9fa5";
const NAME_START = new RegExp(`^[A-Za-z${CHINESE}]`);
const NAME_CHARS = new RegExp(`^[A-Za-z0-9${CHINESE}.:_-]*$`);

/** Why an instance name breaks the rule, or undefined when it is valid. */
export function instanceNameProblem(name: string): string | undefined {
    const length = [...name].length;
    if (length < 2 || length > 128) return `must be 2 to 128 characters long (got ${length})`;
    const url = httpPrefixProblem(name);
    if (url !== undefined) return url;
    if (!NAME_START.test(name)) return "must start with a letter or a Chinese character";
    if (!NAME_CHARS.test(name)) return "can contain only letters, Chinese characters, digits, periods (.), colons (:), underscores (_) and hyphens (-)";
    return undefined;
}

/** Why a description breaks the rule, or undefined. */
export function descriptionProblem(text: string): string | undefined {
    const length = [...text].length;
    if (length < 2 || length > 256) return `must be 2 to 256 characters long (got ${length})`;
    return httpPrefixProblem(text);
}

/**
 * Why a hostname breaks the rule for Linux and other non-Windows systems, or undefined:
 * 2-64 characters; segments separated by periods, of letters, digits and hyphens; no
 * consecutive periods or hyphens; not starting or ending with a period or a hyphen.
 * (A valid Windows hostname is always valid here; the Windows rule is stricter.)
 */
export function hostNameProblem(name: string): string | undefined {
    if (name.length < 2 || name.length > 64) return `must be 2 to 64 characters long (got ${name.length})`;
    if (!/^[A-Za-z0-9.-]+$/.test(name)) return "can contain only letters, digits, hyphens (-) and periods (.) separating segments";
    if (/^[.-]|[.-]$/.test(name)) return "cannot start or end with a period (.) or a hyphen (-)";
    if (name.includes("..") || name.includes("--")) return "cannot contain consecutive periods (..) or hyphens (--)";
    return undefined;
}

/**
 * Why a hostname breaks the Windows rule, or undefined: 2-15 characters of letters, digits and
 * hyphens; not starting or ending with a hyphen; no consecutive hyphens; not only digits.
 */
export function windowsHostNameProblem(name: string): string | undefined {
    if (name.length < 2 || name.length > 15) return `on Windows must be 2 to 15 characters long (got ${name.length})`;
    if (!/^[A-Za-z0-9-]+$/.test(name)) return "on Windows can contain only letters, digits and hyphens (-) (no periods)";
    if (/^-|-$/.test(name)) return "on Windows cannot start or end with a hyphen (-)";
    if (name.includes("--")) return "on Windows cannot contain consecutive hyphens (--)";
    if (/^[0-9]+$/.test(name)) return "on Windows cannot consist of digits only";
    return undefined;
}

/** Why user data is too large, or undefined. Never echoes it. */
export function userDataProblem(text: string): string | undefined {
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes === 0) return "cannot be empty (leave userData unset to not manage it)";
    if (bytes > USER_DATA_MAX_BYTES) return `must be at most 32 KB (32768 bytes) before base64 encoding (got ${bytes} bytes)`;
    return undefined;
}

/** A password under the ModifyInstanceAttribute rules, every failure reported. */
const modifyPasswordSchema = passwordSchema(MODIFY_PASSWORD_SPECIALS);

const refine = (problem: (s: string) => string | undefined) => (value: string, ctx: z.RefinementCtx) => {
    const p = problem(value);
    if (p !== undefined) ctx.addIssue({ code: "custom", message: p });
};

const securityGroupIdsSchema = z
    .array(z.string().regex(/^sg-[0-9a-z]+$/, "must be a security group id such as sg-bp15ed6xe1yxeycg7o****"))
    .min(1, "must list at least one security group: an instance always belongs to one")
    .max(MAX_SECURITY_GROUPS, `can list at most ${MAX_SECURITY_GROUPS} security groups (the default quota is 5)`)
    .superRefine((ids, ctx) => {
        const seen = new Set<string>();
        ids.forEach((id, i) => {
            if (seen.has(id)) ctx.addIssue({ code: "custom", path: [i], message: `lists ${id} twice: each security group may appear once` });
            seen.add(id);
        });
    });

/** CPU options: `CpuOptions.*` of ModifyInstanceAttribute (the instance must be Stopped). */
export const cpuOptionsSchema = z
    .object({
        /** Number of CPU cores; not customizable: must be the instance type's default. */
        core: z.number().int("must be an integer").min(1, "must be at least 1").max(512, "must be at most 512").optional(),
        /** Threads per core: 1 turns hyper-threading off, 2 on. vCPUs = core × threadsPerCore. */
        threadsPerCore: z.union([z.literal(1), z.literal(2)], { error: "must be 1 (hyper-threading off) or 2" }).optional(),
        /** CPU topology: `ContinuousCoreToHTMapping` or `DiscreteCoreToHTMapping` (some instance families only). */
        topologyType: z
            .enum(["ContinuousCoreToHTMapping", "DiscreteCoreToHTMapping"], { error: "must be ContinuousCoreToHTMapping or DiscreteCoreToHTMapping" })
            .optional(),
        /** Nested virtualization, `enabled` or `disabled` (invitation-only preview). */
        nestedVirtualization: z.enum(["enabled", "disabled"], { error: "must be enabled or disabled" }).optional(),
    })
    .strict()
    .refine((o) => Object.values(o).some((v) => v !== undefined), {
        message: "must set at least one of core, threadsPerCore, topologyType, nestedVirtualization",
    });

/** Private DNS name options: `PrivateDnsNameOptions.*`. */
export const privateDnsNameOptionsSchema = z
    .object({
        /** Resolve the instance-id-based domain name to the IPv4 address. */
        enableInstanceIdDnsARecord: booleanSchema.optional(),
        /** Resolve the instance-id-based domain name to the IPv6 address. */
        enableInstanceIdDnsAAAARecord: booleanSchema.optional(),
        /** Resolve the IP-based domain name to the IPv4 address. */
        enableIpDnsARecord: booleanSchema.optional(),
        /** Reverse-resolve the IPv4 address to the IP-based domain name. */
        enableIpDnsPtrRecord: booleanSchema.optional(),
        /** Hostname type: `Custom` (default), `IpBased` or `InstanceIdBased`. */
        hostnameType: z.enum(["Custom", "IpBased", "InstanceIdBased"], { error: "must be Custom, IpBased or InstanceIdBased" }).optional(),
    })
    .strict()
    .refine((o) => Object.values(o).some((v) => v !== undefined), { message: "must set at least one option" });

/** Remote connection options (invitation-only preview): `RemoteConnectionOptions.*`. */
export const remoteConnectionOptionsSchema = z
    .object({
        /** Remote connection password (secret: kept in state only as a fingerprint). */
        password: modifyPasswordSchema.optional(),
        /** Remote connection type. */
        type: z.string().min(1, "cannot be empty").max(64, "must be at most 64 characters").optional(),
    })
    .strict()
    .refine((o) => o.password !== undefined || o.type !== undefined, { message: "must set password or type" });

/**
 * The attributes of the instance that the resource manages (every other input configures the
 * resource). Every one is optional: an attribute left unset is not managed (neither read for drift
 * nor changed); as an output, each is the managed value (undefined when not managed).
 */
const attributes = {
    /** Instance name: 2-128 characters, starting with a letter or Chinese character, not `http(s)://`; letters, digits, `.`, `:`, `_`, `-`. */
    instanceName: z.string().superRefine(refine(instanceNameProblem)).optional(),
    /** Description: 2-256 characters, not starting with `http://` or `https://`. */
    description: z.string().superRefine(refine(descriptionProblem)).optional(),
    /** OS hostname; takes effect after a restart from the console or API. Windows: 2-15 characters; others: 2-64. */
    hostName: z.string().superRefine(refine(hostNameProblem)).optional(),
    /** Logon password (secret); takes effect after a restart. 8-30 characters, at least three character classes. Never an output: see `passwordFingerprint`. */
    password: secret(modifyPasswordSchema).optional(),
    /** User data as plain text (secret; base64-encoded by ecs-ops; at most 32 KB); takes effect after a restart. Never an output: see `userDataFingerprint`. */
    userData: secret(z.string().superRefine(refine(userDataProblem))).optional(),
    /** The complete set of security groups (1 to 10, same VPC, one type); replaced in one call. Order does not matter. */
    securityGroupIds: securityGroupIdsSchema.optional(),
    /** Jumbo frames (MTU 8500 instead of 1500); some instance types only. */
    enableJumboFrame: booleanSchema.optional(),
    /** Release protection; pay-as-you-go instances only. */
    deletionProtection: booleanSchema.optional(),
    /** Burstable instance performance mode: `Standard` or `Unlimited`. */
    creditSpecification: z.enum(["Standard", "Unlimited"], { error: "must be Standard or Unlimited" }).optional(),
    /** Recycle-bin protection (invitation-only preview). */
    recyclable: booleanSchema.optional(),
    /** Queues of the primary network interface (1 to 64, or -1 for the type's default); needs the instance Stopped. Not reported back by the cloud: the output is the value as applied. */
    networkInterfaceQueueNumber: z
        .number()
        .int("must be an integer")
        .refine((n) => n === -1 || (n >= 1 && n <= MAX_NIC_QUEUES), {
            message: `must be 1 to ${MAX_NIC_QUEUES}, or -1 to reset to the instance type's default`,
        })
        .optional(),
    /** CPU options; need the instance Stopped. */
    cpuOptions: cpuOptionsSchema.optional(),
    /** Private DNS name options, including the hostname type. */
    privateDnsNameOptions: privateDnsNameOptionsSchema.optional(),
    /** Remote connection options (invitation-only preview; secret). */
    remoteConnectionOptions: secret(remoteConnectionOptionsSchema).optional(),
    /** VPC traffic encryption (invitation-only preview). */
    enableNetworkEncryption: booleanSchema.optional(),
};

/** One managed attribute's input name. */
export type AttributeKey = keyof typeof attributes & string;

/** Inputs that are attributes of the instance (everything else configures the resource), in wire order. */
export const ATTRIBUTE_KEYS = Object.keys(attributes) as AttributeKey[];

/** The non-secret attributes, as the cloud reports them and state records them (every one optional). */
export const plainAttributesSchema = z.object(attributes).omit({ password: true, userData: true, remoteConnectionOptions: true }).partial();

/** Comparable (non-secret) attribute values, as the program gives them. */
export type PlainAttributes = z.output<typeof plainAttributesSchema>;

/** What a reboot applying restart-requiring changes must follow (see `restartTrigger`). */
export const restartTriggerSchema = z.object({
    /** The hostname as `up` leaves it. */
    hostName: z.string().optional(),
    /** The keyed fingerprint of the password as `up` leaves it. */
    password: z.string().optional(),
    /** The keyed fingerprint of the user data as `up` leaves it. */
    userData: z.string().optional(),
    /** Increases by one with every run that changes one of the three. */
    revision: z.number(),
    /** Why the last revision was made, e.g. "hostName changes". */
    reason: z.string(),
});

/**
 * The one declaration of `alicloud.InstanceAttributes`: every rule of the ModifyInstanceAttribute
 * reference on its inputs, the outputs the provider computes and what it keeps in state.
 */
export const instanceAttributesDeclaration = declareResource({
    type: "alicloud.InstanceAttributes",
    inputs: {
        /** The id of the existing ECS instance to manage, e.g. `i-bp67acfmxazb4ph****`. Changing it replaces the resource. */
        instanceId: replaceOnChange(instanceIdSchema),
        /** Region of the instance; default: stack config `alicloud:region`, then `ALIBABA_CLOUD_REGION_ID`, `ALICLOUD_REGION`. Changing it replaces the resource. */
        region: replaceOnChange(regionSchema).optional(),
        ...attributes,
        /** On delete, put back the attributes recorded when they were taken under management (one call). Secrets are not restored. Default false: delete leaves the instance as it is. */
        restoreOnDelete: booleanSchema.optional(),
        /** Stop a running instance for changes that need it Stopped (CPU options, queue number), then start it again. Default false: such changes fail on a running instance. */
        stopIfNeeded: booleanSchema.optional(),
        /** Time limits of create/update/delete, waits included. */
        timeouts: timeoutsSchema.optional(),
        /**
         * Take the instance even when its tag `ecs-ops-owner` names another stack (the tag is moved to this
         * one). Default false: such an instance is refused in preview, naming its owner. Matters only
         * when ownership is recorded (adoption, the first up after an upgrade); never an output.
         */
        takeOver: booleanSchema.optional(),
        ...observeInputs,
    },
    takesOwnership: true,
    refine: (v, ctx) => {
        const type = v.privateDnsNameOptions?.hostnameType;
        if (v.hostName !== undefined && type !== undefined && type !== "Custom") {
            ctx.addIssue({
                code: "custom",
                path: ["hostName"],
                message: `cannot be set together with privateDnsNameOptions.hostnameType ${type}: the hostname is then derived by ECS (use hostnameType Custom)`,
            });
        }
    },
    inputOnly: ["password", "userData", "takeOver"],
    outputs: {
        /**
         * The stack this resource recorded as the instance's owner in its tag `ecs-ops-owner`:
         * `<project>.<stack>` (beyond 43 characters, its first 34, `-` and a hash). Absent until ownership
         * is recorded (the first up of a stack of an earlier release) or when a refresh found the tag changed.
         */
        owner: z.string().optional(),
        /** The region the instance is managed in (the input, else the configured region). */
        region: z.string(),
        /** Managed remote connection options: the type and the password's fingerprint (secret output). */
        remoteConnectionOptions: secret(z.object({ type: z.string().optional(), passwordFingerprint: z.string().optional() })).optional(),
        /** Salted fingerprint of the managed password (the password itself is never stored). */
        passwordFingerprint: secret(z.string()).optional(),
        /** Salted fingerprint of the managed user data, plain text before base64 (the user data itself is never stored). */
        userDataFingerprint: secret(z.string()).optional(),
        /** Cloud values of the managed attributes when they were taken under management (what `restoreOnDelete` puts back). */
        adoptedAttributes: z.record(z.string(), z.unknown()),
        /** Attributes changed by ecs-ops that the OS sees only after a restart from the console or API (hostName, password, userData). */
        restartRequired: z.array(z.string()),
        /** True while `restartRequired` is not empty: feed it to `alicloud.InstanceReboot` triggers. */
        pendingRestart: z.boolean(),
        /** When the oldest change still waiting for a restart was made (ISO time). */
        restartPendingSince: z.string().optional(),
        /** `linux` or `windows`, as last observed. */
        osType: z.string().optional(),
        /** `PrePaid` or `PostPaid`, as last observed. */
        chargeType: z.string().optional(),
        /** RequestId of the last `ModifyInstanceAttribute` sent. */
        lastModifyRequestId: z.string().optional(),
        /**
         * What a reboot applying restart-requiring changes must follow (feed it to `alicloud.InstanceReboot`
         * triggers, as `ManagedInstance` does): `{hostName, password, userData, revision, reason}`, where the
         * password and user data are keyed fingerprints (safe to show), `revision` grows with every run that
         * changes one of them — also when it puts back a value a refresh found drifted — and `reason` says
         * which. Known during preview. Undefined when none of the three is managed.
         */
        restartTrigger: restartTriggerSchema.optional(),
        /** What the last preview or update planned beyond the call itself (restart effects, a stop/start), or "none". */
        plannedOperation: z.string().optional(),
        ...observeAttributeOutputs,
    },
    stateOnly: {
        /** Whether the program gave `region` (else it came from config): `read` returns it as an input only then. */
        regionGiven: z.boolean(),
        /**
         * The instance's `StartTime` as observed when the change waiting for a restart was made. The API
         * reports StartTime to the minute, so a restart in the same minute as the change shows only as a different value.
         */
        restartPendingStartTime: z.string(),
        /** The key of the keyed fingerprints in `restartTrigger` (secret). */
        fingerprintKey: secret(z.string()),
        /**
         * The secret inputs as given (an encrypted secret output), so that `read` can return the inputs
         * the program gave: without them a refresh leaves `+ password: [secret]` in the next preview.
         */
        secretInputs: secret(
            z.object({
                password: z.string().optional(),
                userData: z.string().optional(),
                remoteConnectionOptions: z.object({ password: z.string().optional(), type: z.string().optional() }).optional(),
            }),
        ),
    },
});

/**
 * The arguments of `alicloud.InstanceAttributes`. Every attribute is optional: an attribute left
 * unset is not managed (neither read for drift nor changed). Names follow `@pulumi/alicloud`.
 */
export type InstanceAttributesArgs = ArgsOf<typeof instanceAttributesDeclaration>;

/** CPU options of an instance (`CpuOptions.*`); changeable only while the instance is Stopped. */
export type InstanceAttributesCpuOptionsArgs = ArgsOfObject<typeof cpuOptionsSchema>;

/** Private DNS name options of an instance (`PrivateDnsNameOptions.*`). */
export type InstanceAttributesPrivateDnsNameOptionsArgs = ArgsOfObject<typeof privateDnsNameOptionsSchema>;

/** Remote connection options (`RemoteConnectionOptions.*`, invitation-only preview). */
export type InstanceAttributesRemoteConnectionOptionsArgs = ArgsOfObject<typeof remoteConnectionOptionsSchema>;

/** Per-operation time limits, as durations such as `"30s"`, `"10m"`, `"1h"` (default 10m each). */
export type InstanceAttributesTimeoutsArgs = ArgsOfObject<typeof timeoutsSchema>;

/** The output properties of `alicloud.InstanceAttributes`. */
export type InstanceAttributesOutputProperties = OutputsOf<typeof instanceAttributesDeclaration>;

/** Checked inputs of `alicloud.InstanceAttributes` (secrets still in plaintext: never store these as is). */
export type InstanceAttributesInputs = InputsOf<typeof instanceAttributesDeclaration>;

/**
 * The outputs of `alicloud.InstanceAttributes` as kept in state. Managed non-secret attributes
 * hold the program's value (or the cloud's after a refresh found drift); secrets are held only as
 * salted fingerprints, so that `diff` can tell a change without the state ever holding them.
 */
export type InstanceAttributesState = Omit<RecordedStateOf<typeof instanceAttributesDeclaration>, "adoptedAttributes"> & {
    /** Cloud values of the managed non-secret attributes when they were taken under management. */
    adoptedAttributes: PlainAttributes;
};

/** The inputs of `alicloud.InstanceAttributes`, as `check` validates them. */
export const instanceAttributesSchema = instanceAttributesDeclaration.inputs;

/** CPU options as given in the program. */
export type CpuOptions = z.infer<typeof cpuOptionsSchema>;
/** Private DNS name options as given in the program. */
export type PrivateDnsNameOptions = z.infer<typeof privateDnsNameOptionsSchema>;
/** Remote connection options as given in the program. */
export type RemoteConnectionOptions = z.infer<typeof remoteConnectionOptionsSchema>;
/** The restart trigger: the restart-requiring values as `up` leaves them, and a revision counting their changes. */
export type RestartTrigger = z.output<typeof restartTriggerSchema>;
