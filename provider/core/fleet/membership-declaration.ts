import { z } from "zod";
import { declareResource } from "../resource/declaration";
import { observeInputs } from "../resource/observe";

/**
 * The one declaration of a cloud's `FleetMembership` (the member list of a fleet chosen by a
 * selector, recorded so that the next selection is judged against it; no cloud call): the same
 * inputs on both clouds, the members checked by the cloud's own id rule.
 *
 * @param type `alicloud.FleetMembership` or `huaweicloud.FleetMembership`.
 * @param memberId the cloud's id rule (the one its resources use), e.g. the instance id schema.
 */
export function fleetMembershipDeclaration(type: string, memberId: z.ZodType<string>) {
    return declareResource({
        type,
        inputs: {
            /** The fleet, as messages name it, e.g. `InstanceFleet "web"`. */
            fleet: z.string({ error: "must be a string" }).min(1, "must not be empty"),
            /** The selector the members come from, as given (named in a refusal). */
            selector: z.record(z.string(), z.unknown(), { error: "must be an object" }),
            /** The members: the ids the selector chose, with the fleet's own id list. */
            members: z.array(memberId, { error: "must be a list of ids" }),
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
            ...observeInputs,
        },
        outputs: {
            /** How many members are recorded. */
            memberCount: z.number(),
        },
    });
}

/** The declaration type of a `FleetMembership`, whichever the cloud. */
export type FleetMembershipDeclaration = ReturnType<typeof fleetMembershipDeclaration>;
