import { z } from "zod";
import { observeInputs, observeOperationOutputs } from "../../core/resource/observe";
import { timeoutsSchema } from "../../core/inputs/timeouts";
import {
    ArgsOf,
    declareResource,
    InputsOf,
    inputNames,
    mayHoldSecrets,
    OutputsOf,
    redactedInputNames,
    replaceOnChange,
    replaceOnChangeNames,
    secret,
} from "../../core/resource/declaration";
import { booleanSchema, instanceIdSchema, regionSchema } from "../rules/ids";

/**
 * The one declaration of `alicloud.InstanceReboot`: every input with its rules (`RebootInstance`
 * takes an InstanceId, ForceStop and DryRun; the rest is ours) and the outputs it computes.
 */
export const instanceRebootDeclaration = declareResource({
    type: "alicloud.InstanceReboot",
    inputs: {
        /** The ECS instance to reboot, e.g. `i-bp67acfmxazb4ph00001`. Changing it replaces the resource (the new one reboots its instance once). */
        instanceId: replaceOnChange(instanceIdSchema),
        /** Region of the instance; defaults to stack config `alicloud:region`, then `ALIBABA_CLOUD_REGION_ID`, `ALICLOUD_REGION`. Changing it replaces the resource. */
        region: replaceOnChange(regionSchema).optional(),
        /**
         * Any values: whenever they change (compared deeply, like the `triggers` of pulumi-command), the
         * instance is rebooted once. Use e.g. the outputs whose change needs a restart.
         */
        triggers: mayHoldSecrets(z.unknown()).optional(),
        /** Hard restart (`ForceStop=true`): like pulling the power; unwritten data may be lost. Default false. */
        forceStop: booleanSchema.optional(),
        /**
         * Send `RebootInstance` with `DryRun=true` first and go on only on `DryRunOperation`, so that
         * permission and state problems fail before anything happens. Default true.
         */
        dryRun: booleanSchema.optional(),
        /**
         * Reboot when the resource is created (default true). With false, create only checks that the
         * instance exists and records it (`rebootCount` 0); later trigger changes reboot as usual.
         */
        rebootOnCreate: booleanSchema.optional(),
        /** Limits of create / update (each reboot and its wait), as durations such as `"10m"`. Default 10 minutes. */
        timeouts: timeoutsSchema.optional(),
        /**
         * The values of `triggers` in the form an earlier ecs-ops release recorded them (ManagedInstance
         * sets it): triggers recorded in that form count as unchanged, so an upgrade reboots nothing.
         * Kept only as a (secret) input, never an output; never a change of its own.
         */
        legacyTriggers: secret(z.unknown()).optional(),
        ...observeInputs,
    },
    inputOnly: ["legacyTriggers"],
    outputs: {
        /** ISO 8601 time the last reboot was accepted (undefined before the first one). */
        lastRebootAt: z.string().optional(),
        /** RequestId of the last `RebootInstance` call (undefined before the first one). */
        lastRebootRequestId: z.string().optional(),
        /** Reboots performed by this resource (1 after create, 0 with `rebootOnCreate: false`). */
        rebootCount: z.number(),
        ...observeOperationOutputs,
    },
});

/** The arguments of `alicloud.InstanceReboot`. */
export type InstanceRebootArgs = ArgsOf<typeof instanceRebootDeclaration>;

/** The inputs of `alicloud.InstanceReboot` as the provider receives them (Pulumi inputs resolved). */
export type InstanceRebootInputs = InputsOf<typeof instanceRebootDeclaration>;

/** The output properties of `alicloud.InstanceReboot`. */
export type InstanceRebootOutputProperties = OutputsOf<typeof instanceRebootDeclaration>;

/** The input properties, in the order they are validated and diffed. */
export const INSTANCE_REBOOT_INPUTS = inputNames(instanceRebootDeclaration);

/** Inputs that only qualify `triggers` for the comparison: never recorded in outputs, never a change of their own. */
export const INSTANCE_REBOOT_COMPARISON_INPUTS: readonly string[] = instanceRebootDeclaration.inputOnly;

/** Inputs that may hold secrets (triggers are often derived from them): never named to the engine in a failure. */
export const INSTANCE_REBOOT_SECRET_INPUTS = redactedInputNames(instanceRebootDeclaration);

/** Inputs whose change replaces the resource (the replacement reboots once, as its create). */
export const INSTANCE_REBOOT_REPLACE_ON_CHANGE = replaceOnChangeNames(instanceRebootDeclaration);

/** Every rule on the inputs of `alicloud.InstanceReboot`. Unknown properties are refused by name. */
export const instanceRebootSchema = instanceRebootDeclaration.inputs;
