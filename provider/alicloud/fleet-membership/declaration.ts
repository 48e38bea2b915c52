import { z } from "zod";
import { ArgsOf, declareResource, InputsOf, OutputsOf } from "../../core/resource/declaration";
import { booleanSchema, instanceIdSchema } from "../rules/ids";

/**
 * The one declaration of `alicloud.FleetMembership`: the member list of an `InstanceFleet` chosen by
 * a selector, recorded so that the next selection is judged against it. No cloud call.
 */
export const fleetMembershipDeclaration = declareResource({
    type: "alicloud.FleetMembership",
    inputs: {
        /** The fleet, as messages name it, e.g. `InstanceFleet "web"`. */
        fleet: z.string({ error: "must be a string" }).min(1, "must not be empty"),
        /** The selector the members come from, as given (named in a refusal). */
        selector: z.record(z.string(), z.unknown(), { error: "must be an object" }),
        /** The members: the ids the selector chose, with the fleet's `instanceIds`. */
        members: z.array(instanceIdSchema, { error: "must be a list of instance ids" }),
        /** Bounds on the number of members; a selection outside them is refused (nothing adopted or released). */
        expectedCount: z
            .object({
                /** Fewest members. */
                min: z.number().int("must be a whole number").min(0, "must be 0 or more").optional(),
                /** Most members. */
                max: z.number().int("must be a whole number").min(0, "must be 0 or more").optional(),
            })
            .strict()
            .optional(),
        /** Allow a selection that releases more than half of the current members at once. Default false. */
        allowMassRelease: booleanSchema.optional(),
    },
    outputs: {
        /** How many members are recorded. */
        memberCount: z.number(),
    },
});

/** The arguments of `alicloud.FleetMembership`. */
export type FleetMembershipArgs = ArgsOf<typeof fleetMembershipDeclaration>;

/** The inputs of `alicloud.FleetMembership` as the provider receives them. */
export type FleetMembershipInputs = InputsOf<typeof fleetMembershipDeclaration>;

/** The output properties of `alicloud.FleetMembership`. */
export type FleetMembershipOutputProperties = OutputsOf<typeof fleetMembershipDeclaration>;
