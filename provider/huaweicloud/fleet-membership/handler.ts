import { membershipHandler } from "../../core/fleet/membership-handler";
import { fleetMembershipDeclaration } from "./declaration";

/**
 * The dynamic provider of `huaweicloud.FleetMembership`: `check` refuses a selection outside
 * `expectedCount` or one releasing more than half of the recorded members (unless
 * `allowMassRelease`); the rest only records. No cloud call.
 */
export const handler = membershipHandler(fleetMembershipDeclaration);
