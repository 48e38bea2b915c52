import { fleetMembershipClass } from "../../core/fleet/membership-resource";
import { delegatingProvider } from "../../core/resource/delegating-provider";
import { REGISTRY_MODULE } from "../../registry";
import { fleetMembershipDeclaration } from "./declaration";

export type { FleetMembershipArgs } from "./declaration";

/**
 * The recorded members of a `ServerFleet` chosen by a selector (the fleet creates it; every member
 * depends on it). Its `check` judges each new selection against the recorded one, in preview and
 * before any step of `up`: a count outside `expectedCount`, or more than half of the members released
 * at once without `allowMassRelease`, is refused, so nothing is adopted or released. It makes no
 * cloud call; deleting it touches no server.
 */
export const FleetMembership = fleetMembershipClass(delegatingProvider(REGISTRY_MODULE, fleetMembershipDeclaration.type), fleetMembershipDeclaration);

/** An `huaweicloud.FleetMembership` resource. */
export type FleetMembership = InstanceType<typeof FleetMembership>;
