import { z } from "zod";
import { observeInputs, observeOperationOutputs } from "../../core/resource/observe";
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
} from "../../core/resource/declaration";
import type { RebootType } from "../api/power-api";
import { serverIdSchema, serverLocationInputs } from "../rules/ids";
import { timeoutsSchema } from "../rules/timeouts";

const REBOOT_TYPES = ["SOFT", "HARD"] as const satisfies readonly RebootType[];

/**
 * The one declaration of `huaweicloud.ServerReboot`: every input with its rules (BatchRebootServers
 * takes `type`, SOFT or HARD, required by the API — ecs-ops defaults it to SOFT — and server ids;
 * the rest is ours; the server id, region, project and timeouts rules are the Huawei ones of
 * ../rules) and the outputs it computes.
 */
export const serverRebootDeclaration = declareResource({
    type: "huaweicloud.ServerReboot",
    inputs: {
        /** Id (UUID) of the existing server to reboot. Changing it replaces the resource (the new one reboots its server once). */
        serverId: replaceOnChange(serverIdSchema),
        ...serverLocationInputs,
        /** `"SOFT"` (default: the guest shuts down cleanly) or `"HARD"` (a power cycle; unwritten data may be lost). */
        type: z.enum(REBOOT_TYPES, { error: 'must be "SOFT" (the guest shuts down cleanly) or "HARD" (a power cycle; unwritten data may be lost)' }).optional(),
        /**
         * Any values: whenever they change (compared deeply), the server is rebooted once. Use e.g.
         * `ServerAttributes.restartTrigger`, or the outputs whose change needs a restart. The output
         * is the triggers of the last reboot.
         */
        triggers: mayHoldSecrets(z.unknown()).optional(),
        /**
         * Reboot when the resource is created (default true). With false, create only checks that the
         * server exists and records it (`rebootCount` 0); later trigger changes reboot as usual.
         */
        rebootOnCreate: z.boolean({ error: "must be a boolean: whether creating the resource reboots the server" }).optional(),
        /** Limits of create / update (each reboot and its job), as durations such as `"10m"`. Default 10 minutes. */
        timeouts: timeoutsSchema.optional(),
        ...observeInputs,
    },
    outputs: {
        /** ISO 8601 time the last reboot was accepted (undefined before the first one). */
        lastRebootAt: z.string().optional(),
        /** Job id of the last BatchRebootServers (undefined before the first one, or when its answer was lost). */
        lastJobId: z.string().optional(),
        /** Reboots performed by this resource (1 after create, 0 with `rebootOnCreate: false`). */
        rebootCount: z.number(),
        /** Set while an accepted reboot job has not been seen to end: the next `up` follows it instead of rebooting again. */
        pendingJobId: z.string().optional(),
        /** The failure of the last reboot job when it FAILed (code, reason, sub-job message). */
        failure: z.string().optional(),
        /** What the last preview or `up` planned for this resource ("none" when nothing is sent). */
        plannedOperation: z.string().optional(),
        ...observeOperationOutputs,
    },
});

/** The arguments of `huaweicloud.ServerReboot`. */
export type ServerRebootArgs = ArgsOf<typeof serverRebootDeclaration>;

/** The inputs of `huaweicloud.ServerReboot` as the provider receives them (Pulumi inputs resolved). */
export type ServerRebootInputs = InputsOf<typeof serverRebootDeclaration>;

/** The output properties of `huaweicloud.ServerReboot`. */
export type ServerRebootOutputProperties = OutputsOf<typeof serverRebootDeclaration>;

/** The input properties, in the order they are validated and diffed. */
export const SERVER_REBOOT_INPUTS = inputNames(serverRebootDeclaration);

/** Inputs whose change replaces the resource: they name another server. */
export const SERVER_REBOOT_REPLACE_ON_CHANGE = replaceOnChangeNames(serverRebootDeclaration);

/** Inputs that may hold secrets (triggers are often derived from them): never named to the engine in a failure. */
export const SERVER_REBOOT_SECRET_INPUTS = redactedInputNames(serverRebootDeclaration);

/** Every rule on the inputs of `huaweicloud.ServerReboot`. Unknown properties are refused by name. */
export const serverRebootSchema = serverRebootDeclaration.inputs;
