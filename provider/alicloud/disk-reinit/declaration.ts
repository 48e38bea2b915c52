import { z } from "zod";
import { observeInputs, observeOperationOutputs } from "../../core/resource/observe";
import { passwordSchema, REINIT_PASSWORD_SPECIALS } from "../rules/password";
import { timeoutsSchema } from "../../core/inputs/timeouts";
import { CheckFailure } from "../../core/inputs/validation";
import {
    ArgsOf,
    declareResource,
    InputsOf,
    inputNames,
    mayHoldSecrets,
    OutputsOf,
    RecordedStateOf,
    redactedInputNames,
    replaceOnChange,
    secret,
} from "../../core/resource/declaration";
import { booleanSchema, diskIdSchema, httpPrefixProblem, instanceIdSchema, regionSchema } from "../rules/ids";

/** Key pair name: 2 to 128 characters, starting with a letter, then letters, digits, `:`, `_`, `-`; not starting with http(s)://. */
const keyPairNameSchema = z
    .string({ error: "must be a string" })
    .min(2, { error: "must be 2 to 128 characters long" })
    .max(128, { error: "must be 2 to 128 characters long" })
    .regex(/^[A-Za-z][A-Za-z0-9:_-]*$/, { error: "must start with a letter and contain only letters, digits, colons (:), underscores (_) and hyphens (-)" })
    .superRefine((name, ctx) => {
        const problem = httpPrefixProblem(name);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    });

/**
 * The one declaration of `alicloud.DiskReinit`: every per-property rule on its inputs (the
 * ReInitDisk reference plus ours; combinations are checked by `diskReinitCombinationFailures`,
 * which sees the inputs still unknown in a preview), the outputs it computes and what it keeps in
 * state. Give exactly one of `diskId` and `instanceId`.
 */
export const diskReinitDeclaration = declareResource({
    type: "alicloud.DiskReinit",
    inputs: {
        /** The disk to re-initialise (attached, In_use). Changing it replaces the resource (the new one re-initialises its disk). */
        diskId: replaceOnChange(diskIdSchema).optional(),
        /** An instance whose system disk is re-initialised (found with DescribeDisks). Changing it replaces the resource. */
        instanceId: replaceOnChange(instanceIdSchema).optional(),
        /** Region of the disk; defaults to stack config `alicloud:region`, then `ALIBABA_CLOUD_REGION_ID`, `ALICLOUD_REGION`. Changing it replaces the resource. */
        region: replaceOnChange(regionSchema).optional(),
        /**
         * New logon password set by re-initialising a system disk: 8 to 30 characters, at least three of
         * uppercase, lowercase, digits and ``()`~!@#$%^&*-_+=|{}[]:;'<>,.?/``; on Windows not starting
         * with `/`. Always treated as secret: kept only as an encrypted secret input; the outputs hold a salted fingerprint.
         */
        password: secret(passwordSchema(REINIT_PASSWORD_SPECIALS)).optional(),
        /** SSH key pair bound by re-initialising the system disk of a Linux instance (disables password logon). Not with `password`. */
        keyPairName: keyPairNameSchema.optional(),
        /** Start the instance after the re-initialisation (the wait then ends at Running, else at Stopped). Default false. */
        autoStartInstance: booleanSchema.optional(),
        /** `Active` to install the free Security Center agent (public images only), `Deactive` not to (default). */
        securityEnhancementStrategy: z.enum(["Active", "Deactive"], { error: 'must be "Active" or "Deactive"' }).optional(),
        /**
         * Stop a Running instance first (and wait until Stopped). Without it, a Running instance is an
         * error before anything is changed. Default false.
         */
        stopInstance: booleanSchema.optional(),
        /** Any values: whenever they change (compared deeply), the disk is re-initialised once more. */
        triggers: mayHoldSecrets(z.unknown()).optional(),
        /** Limits of create / update (each run and its waits), as durations such as `"15m"`. Default 10 minutes. */
        timeouts: timeoutsSchema.optional(),
        ...observeInputs,
    },
    inputOnly: ["password"],
    outputs: {
        /** The disk re-initialised (resolved from `instanceId` when that was given). */
        diskId: z.string(),
        /** The instance the disk is attached to. */
        instanceId: z.string(),
        /** `system` or `data`. */
        diskType: z.string(),
        /** Salted SHA-256 fingerprint of the password given, `sha256:<salt>:<digest>` (never the password). */
        passwordFingerprint: secret(z.string()).optional(),
        /** ISO 8601 time the last `ReInitDisk` was accepted. */
        lastReinitAt: z.string(),
        /** RequestId of the last `ReInitDisk` call. */
        lastReinitRequestId: z.string(),
        /** Re-initialisations performed by this resource (1 after create). */
        reinitCount: z.number(),
        ...observeOperationOutputs,
    },
    stateOnly: {
        /** Which input named the disk: `diskId`, or `instanceId` (its system disk). */
        targetedBy: z.enum(["diskId", "instanceId"]),
    },
});

/** The arguments of `alicloud.DiskReinit`. Give exactly one of `diskId` and `instanceId`. */
export type DiskReinitArgs = ArgsOf<typeof diskReinitDeclaration>;

/** The inputs of `alicloud.DiskReinit` as the provider receives them (Pulumi inputs resolved, secrets unwrapped). */
export type DiskReinitInputs = InputsOf<typeof diskReinitDeclaration>;

/** The output properties of `alicloud.DiskReinit`. */
export type DiskReinitOutputProperties = OutputsOf<typeof diskReinitDeclaration>;

/** The outputs of `alicloud.DiskReinit` as kept in state. Never the password: only its salted fingerprint. */
export type DiskReinitOutputs = RecordedStateOf<typeof diskReinitDeclaration> & {
    /** Which input named the disk (always recorded by this release). */
    targetedBy: "diskId" | "instanceId";
};

/** The input properties, in the order they are validated and diffed. */
export const DISK_REINIT_INPUTS = inputNames(diskReinitDeclaration);

/** Inputs that are secrets or may hold them: never named to the engine in a failure. */
export const DISK_REINIT_SECRET_INPUTS = redactedInputNames(diskReinitDeclaration);

/**
 * Every per-property rule on the inputs of `alicloud.DiskReinit`. Unknown properties are refused by name.
 */
export const diskReinitSchema = diskReinitDeclaration.inputs;

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
