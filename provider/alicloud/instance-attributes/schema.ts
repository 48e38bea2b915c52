import { z } from "zod";
import { MODIFY_PASSWORD_SPECIALS, passwordFailures } from "../rules/password";
import { timeoutsSchema } from "../../core/inputs/timeouts";
import { booleanSchema, instanceIdSchema, regionSchema } from "../rules/ids";

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

const HTTP_PREFIX = /^https?:\/\//i;
const CHINESE = "\\u4e00-\\u9fa5";
const NAME_START = new RegExp(`^[A-Za-z${CHINESE}]`);
const NAME_CHARS = new RegExp(`^[A-Za-z0-9${CHINESE}.:_-]*$`);

/** Why an instance name breaks the rule, or undefined when it is valid. */
export function instanceNameProblem(name: string): string | undefined {
    const length = [...name].length;
    if (length < 2 || length > 128) return `must be 2 to 128 characters long (got ${length})`;
    if (HTTP_PREFIX.test(name)) return "cannot start with http:// or https://";
    if (!NAME_START.test(name)) return "must start with a letter or a Chinese character";
    if (!NAME_CHARS.test(name)) return "can contain only letters, Chinese characters, digits, periods (.), colons (:), underscores (_) and hyphens (-)";
    return undefined;
}

/** Why a description breaks the rule, or undefined. */
export function descriptionProblem(text: string): string | undefined {
    const length = [...text].length;
    if (length < 2 || length > 256) return `must be 2 to 256 characters long (got ${length})`;
    if (HTTP_PREFIX.test(text)) return "cannot start with http:// or https://";
    return undefined;
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
const passwordSchema = z.string().superRefine((password, ctx) => {
    for (const message of passwordFailures(password, MODIFY_PASSWORD_SPECIALS)) ctx.addIssue({ code: "custom", message });
});

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
        core: z.number().int("must be an integer").min(1, "must be at least 1").max(512, "must be at most 512").optional(),
        threadsPerCore: z.union([z.literal(1), z.literal(2)], { error: "must be 1 (hyper-threading off) or 2" }).optional(),
        topologyType: z.enum(["ContinuousCoreToHTMapping", "DiscreteCoreToHTMapping"], { error: "must be ContinuousCoreToHTMapping or DiscreteCoreToHTMapping" }).optional(),
        nestedVirtualization: z.enum(["enabled", "disabled"], { error: "must be enabled or disabled" }).optional(),
    })
    .strict()
    .refine((o) => Object.values(o).some((v) => v !== undefined), { message: "must set at least one of core, threadsPerCore, topologyType, nestedVirtualization" });

/** Private DNS name options: `PrivateDnsNameOptions.*`. */
export const privateDnsNameOptionsSchema = z
    .object({
        enableInstanceIdDnsARecord: booleanSchema.optional(),
        enableInstanceIdDnsAAAARecord: booleanSchema.optional(),
        enableIpDnsARecord: booleanSchema.optional(),
        enableIpDnsPtrRecord: booleanSchema.optional(),
        hostnameType: z.enum(["Custom", "IpBased", "InstanceIdBased"], { error: "must be Custom, IpBased or InstanceIdBased" }).optional(),
    })
    .strict()
    .refine((o) => Object.values(o).some((v) => v !== undefined), { message: "must set at least one option" });

/** Remote connection options (invitation-only preview): `RemoteConnectionOptions.*`. */
export const remoteConnectionOptionsSchema = z
    .object({
        password: passwordSchema.optional(),
        type: z.string().min(1, "cannot be empty").max(64, "must be at most 64 characters").optional(),
    })
    .strict()
    .refine((o) => o.password !== undefined || o.type !== undefined, { message: "must set password or type" });

/** The inputs of `alicloud.InstanceAttributes`, as `check` validates them. */
export const instanceAttributesSchema = z
    .object({
        instanceId: instanceIdSchema,
        region: regionSchema.optional(),
        instanceName: z.string().superRefine(refine(instanceNameProblem)).optional(),
        description: z.string().superRefine(refine(descriptionProblem)).optional(),
        hostName: z.string().superRefine(refine(hostNameProblem)).optional(),
        password: passwordSchema.optional(),
        userData: z.string().superRefine(refine(userDataProblem)).optional(),
        securityGroupIds: securityGroupIdsSchema.optional(),
        enableJumboFrame: booleanSchema.optional(),
        deletionProtection: booleanSchema.optional(),
        creditSpecification: z.enum(["Standard", "Unlimited"], { error: "must be Standard or Unlimited" }).optional(),
        recyclable: booleanSchema.optional(),
        networkInterfaceQueueNumber: z
            .number()
            .int("must be an integer")
            .refine((n) => n === -1 || (n >= 1 && n <= MAX_NIC_QUEUES), { message: `must be 1 to ${MAX_NIC_QUEUES}, or -1 to reset to the instance type's default` })
            .optional(),
        cpuOptions: cpuOptionsSchema.optional(),
        privateDnsNameOptions: privateDnsNameOptionsSchema.optional(),
        remoteConnectionOptions: remoteConnectionOptionsSchema.optional(),
        enableNetworkEncryption: booleanSchema.optional(),
        restoreOnDelete: booleanSchema.optional(),
        stopIfNeeded: booleanSchema.optional(),
        timeouts: timeoutsSchema.optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
        const type = v.privateDnsNameOptions?.hostnameType;
        if (v.hostName !== undefined && type !== undefined && type !== "Custom") {
            ctx.addIssue({
                code: "custom",
                path: ["hostName"],
                message: `cannot be set together with privateDnsNameOptions.hostnameType ${type}: the hostname is then derived by ECS (use hostnameType Custom)`,
            });
        }
    });

/** Checked inputs of `alicloud.InstanceAttributes` (secrets still in plaintext: never store these as is). */
export type InstanceAttributesInputs = z.infer<typeof instanceAttributesSchema>;
/** CPU options as given in the program. */
export type CpuOptions = z.infer<typeof cpuOptionsSchema>;
/** Private DNS name options as given in the program. */
export type PrivateDnsNameOptions = z.infer<typeof privateDnsNameOptionsSchema>;
/** Remote connection options as given in the program. */
export type RemoteConnectionOptions = z.infer<typeof remoteConnectionOptionsSchema>;
