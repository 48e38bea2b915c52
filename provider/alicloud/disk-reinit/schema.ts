import { z } from "zod";
import { passwordFailures, REINIT_PASSWORD_SPECIALS } from "../rules/password";
import { Timeouts, timeoutsSchema } from "../../core/inputs/timeouts";
import { CheckFailure } from "../../core/inputs/validation";
import { booleanSchema, diskIdSchema, instanceIdSchema, regionSchema } from "../rules/ids";

/** The inputs of `alicloud.DiskReinit` as the provider receives them (Pulumi inputs resolved, secrets unwrapped). */
export interface DiskReinitInputs {
    diskId?: string;
    instanceId?: string;
    region?: string;
    password?: string;
    keyPairName?: string;
    autoStartInstance?: boolean;
    securityEnhancementStrategy?: "Active" | "Deactive";
    stopInstance?: boolean;
    triggers?: unknown;
    timeouts?: Timeouts;
}

/** The input properties, in the order they are validated and diffed. */
export const DISK_REINIT_INPUTS = [
    "diskId",
    "instanceId",
    "region",
    "password",
    "keyPairName",
    "autoStartInstance",
    "securityEnhancementStrategy",
    "stopInstance",
    "triggers",
    "timeouts",
] as const;

/** Inputs that are secrets or may hold them: never named to the engine in a failure. */
export const DISK_REINIT_SECRET_INPUTS = ["password", "triggers"] as const;

/** Key pair name: 2 to 128 characters, starting with a letter, then letters, digits, `:`, `_`, `-`; not starting with http(s)://. */
const keyPairNameSchema = z
    .string({ error: "must be a string" })
    .min(2, { error: "must be 2 to 128 characters long" })
    .max(128, { error: "must be 2 to 128 characters long" })
    .regex(/^[A-Za-z][A-Za-z0-9:_-]*$/, { error: "must start with a letter and contain only letters, digits, colons (:), underscores (_) and hyphens (-)" })
    .refine((name) => !/^https?:\/\//i.test(name), { error: "must not start with http:// or https://" });

const passwordSchema = z.string({ error: "must be a string" }).superRefine((password, ctx) => {
    for (const message of passwordFailures(password, REINIT_PASSWORD_SPECIALS)) ctx.addIssue({ code: "custom", message });
});

/**
 * Every per-property rule on the inputs of `alicloud.DiskReinit` (the ReInitDisk reference plus
 * ours); combinations are checked by `diskReinitCombinationFailures`. Unknown properties are
 * refused by name.
 */
export const diskReinitSchema: z.ZodType<DiskReinitInputs> = z
    .object({
        diskId: diskIdSchema.optional(),
        instanceId: instanceIdSchema.optional(),
        region: regionSchema.optional(),
        password: passwordSchema.optional(),
        keyPairName: keyPairNameSchema.optional(),
        autoStartInstance: booleanSchema.optional(),
        securityEnhancementStrategy: z.enum(["Active", "Deactive"], { error: 'must be "Active" or "Deactive"' }).optional(),
        stopInstance: booleanSchema.optional(),
        triggers: z.unknown().optional(),
        timeouts: timeoutsSchema.optional(),
    })
    .strict();

/**
 * The rules across properties: exactly one of `diskId` and `instanceId`; not both `password` and
 * `keyPairName`. A property still unknown (preview) counts as set.
 */
export function diskReinitCombinationFailures(known: Record<string, unknown>, unknown: readonly string[]): CheckFailure[] {
    const set = (key: string): boolean => known[key] !== undefined || unknown.includes(key);
    const failures: CheckFailure[] = [];
    if (set("diskId") && set("instanceId")) {
        failures.push({ property: "instanceId", reason: "give either diskId or instanceId (its system disk), not both" });
    } else if (!set("diskId") && !set("instanceId")) {
        failures.push({ property: "diskId", reason: "one of diskId or instanceId (to re-initialise its system disk) is required" });
    }
    if (set("password") && set("keyPairName")) {
        failures.push({ property: "keyPairName", reason: "give either password or keyPairName, not both (a key pair disables password logon)" });
    }
    return failures;
}
