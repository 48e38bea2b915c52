import { z } from "zod";
import { Timeouts, timeoutsSchema } from "../../core/inputs/timeouts";
import { booleanSchema, instanceIdSchema, regionSchema } from "../rules/ids";

/** The inputs of `alicloud.InstanceReboot` as the provider receives them (Pulumi inputs resolved). */
export interface InstanceRebootInputs {
    instanceId: string;
    region?: string;
    triggers?: unknown;
    forceStop?: boolean;
    dryRun?: boolean;
    rebootOnCreate?: boolean;
    timeouts?: Timeouts;
    /** The same triggers in the form an earlier ecs-ops release recorded them (set by ManagedInstance). */
    legacyTriggers?: unknown;
}

/** The input properties, in the order they are validated and diffed. */
export const INSTANCE_REBOOT_INPUTS = ["instanceId", "region", "triggers", "forceStop", "dryRun", "rebootOnCreate", "timeouts", "legacyTriggers"] as const;

/** Inputs that only qualify `triggers` for the comparison: never recorded in outputs, never a change of their own. */
export const INSTANCE_REBOOT_COMPARISON_INPUTS: readonly string[] = ["legacyTriggers"];

/** Inputs that may hold secrets (triggers are often derived from them): never named to the engine in a failure. */
export const INSTANCE_REBOOT_SECRET_INPUTS = ["triggers", "legacyTriggers"] as const;

/** Inputs whose change replaces the resource (the replacement reboots once, as its create). */
export const INSTANCE_REBOOT_REPLACE_ON_CHANGE = ["instanceId", "region"] as const;

/**
 * Every rule on the inputs of `alicloud.InstanceReboot` (`RebootInstance` takes an InstanceId,
 * ForceStop and DryRun; the rest is ours). Unknown properties are refused by name.
 */
export const instanceRebootSchema: z.ZodType<InstanceRebootInputs> = z
    .object({
        instanceId: instanceIdSchema,
        region: regionSchema.optional(),
        triggers: z.unknown().optional(),
        forceStop: booleanSchema.optional(),
        dryRun: booleanSchema.optional(),
        rebootOnCreate: booleanSchema.optional(),
        timeouts: timeoutsSchema.optional(),
        legacyTriggers: z.unknown().optional(),
    })
    .strict();
