import { z } from "zod";
import { Timeouts, timeoutsSchema } from "../../core/inputs/timeouts";
import type { RebootType } from "../api/power-api";
import { projectIdSchema, regionSchema } from "../rules/ids";

/** The inputs of `huaweicloud.ServerReboot` as the provider receives them (Pulumi inputs resolved). */
export interface ServerRebootInputs {
    serverId: string;
    region?: string;
    projectId?: string;
    type?: RebootType;
    triggers?: unknown;
    rebootOnCreate?: boolean;
    timeouts?: Timeouts;
}

/** The input properties, in the order they are validated and diffed. */
export const SERVER_REBOOT_INPUTS = ["serverId", "region", "projectId", "type", "triggers", "rebootOnCreate", "timeouts"] as const;

/** Inputs whose change replaces the resource: they name another server. */
export const SERVER_REBOOT_REPLACE_ON_CHANGE = ["serverId", "region", "projectId"] as const;

/** Inputs that may hold secrets (triggers are often derived from them): never named to the engine in a failure. */
export const SERVER_REBOOT_SECRET_INPUTS = ["triggers"] as const;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Every rule on the inputs of `huaweicloud.ServerReboot`. BatchRebootServers takes `type` (SOFT or
 * HARD, required by the API; ecs-ops defaults it to SOFT) and server ids; the rest is ours.
 * Unknown properties are refused by name.
 */
export const serverRebootSchema: z.ZodType<ServerRebootInputs> = z
    .object({
        serverId: z
            .string({ error: (iss) => (iss.input === undefined ? "is required: the id (UUID) of the server to reboot" : "must be a string: the id (UUID) of the server to reboot") })
            .regex(UUID, "must be a server id: a UUID such as 8e5c1f3a-6c1d-4b1e-9a53-0c2f7d2b6a10"),
        region: regionSchema.optional(),
        projectId: projectIdSchema.optional(),
        type: z.enum(["SOFT", "HARD"], { error: 'must be "SOFT" (the guest shuts down cleanly) or "HARD" (a power cycle; unwritten data may be lost)' }).optional(),
        triggers: z.unknown().optional(),
        rebootOnCreate: z.boolean({ error: "must be a boolean: whether creating the resource reboots the server" }).optional(),
        timeouts: timeoutsSchema.optional(),
    })
    .strict() as unknown as z.ZodType<ServerRebootInputs>;
