import { z } from "zod";
import { ArgsOf, declareResource, InputsOf, OutputsOf } from "../../core/resource/declaration";

/** A server id (ECS servers are named by lower-case UUIDs). */
const SERVER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The one declaration of `huaweicloud.FleetMembership`: the member list of a `ServerFleet` chosen by
 * a selector, recorded so that the next selection is judged against it. No cloud call.
 */
export const fleetMembershipDeclaration = declareResource({
    type: "huaweicloud.FleetMembership",
    inputs: {
        /** The fleet, as messages name it, e.g. `ServerFleet "web"`. */
        fleet: z.string({ error: "must be a string" }).min(1, "must not be empty"),
        /** The selector the members come from, as given (named in a refusal). */
        selector: z.record(z.string(), z.unknown(), { error: "must be an object" }),
        /** The members: the ids the selector chose, with the fleet's `serverIds`. */
        members: z.array(z.string({ error: "must be a string" }).regex(SERVER_ID, "must be a server id: a lower-case UUID"), {
            error: "must be a list of server ids",
        }),
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
        allowMassRelease: z.boolean({ error: "must be true or false" }).optional(),
    },
    outputs: {
        /** How many members are recorded. */
        memberCount: z.number(),
    },
});

/** The arguments of `huaweicloud.FleetMembership`. */
export type FleetMembershipArgs = ArgsOf<typeof fleetMembershipDeclaration>;

/** The inputs of `huaweicloud.FleetMembership` as the provider receives them. */
export type FleetMembershipInputs = InputsOf<typeof fleetMembershipDeclaration>;

/** The output properties of `huaweicloud.FleetMembership`. */
export type FleetMembershipOutputProperties = OutputsOf<typeof fleetMembershipDeclaration>;
