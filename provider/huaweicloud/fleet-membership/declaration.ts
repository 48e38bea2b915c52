import { ArgsOf, InputsOf, OutputsOf } from "../../core/resource/declaration";
import { fleetMembershipDeclaration as fleetMembershipDeclarationOf } from "../../core/fleet/membership-declaration";
import { serverIdSchema } from "../rules/ids";

/** The one declaration of `huaweicloud.FleetMembership`: the member list of a `ServerFleet` chosen by a selector (see core/fleet). */
export const fleetMembershipDeclaration = fleetMembershipDeclarationOf("huaweicloud.FleetMembership", serverIdSchema);

/** The arguments of `huaweicloud.FleetMembership`. */
export type FleetMembershipArgs = ArgsOf<typeof fleetMembershipDeclaration>;

/** The inputs of `huaweicloud.FleetMembership` as the provider receives them. */
export type FleetMembershipInputs = InputsOf<typeof fleetMembershipDeclaration>;

/** The output properties of `huaweicloud.FleetMembership`. */
export type FleetMembershipOutputProperties = OutputsOf<typeof fleetMembershipDeclaration>;
