import { ArgsOf, InputsOf, OutputsOf } from "../../core/resource/declaration";
import { fleetMembershipDeclaration as fleetMembershipDeclarationOf } from "../../core/fleet/membership-declaration";
import { instanceIdSchema } from "../rules/ids";

/** The one declaration of `alicloud.FleetMembership`: the member list of a `InstanceFleet` chosen by a selector (see core/fleet). */
export const fleetMembershipDeclaration = fleetMembershipDeclarationOf("alicloud.FleetMembership", instanceIdSchema);

/** The arguments of `alicloud.FleetMembership`. */
export type FleetMembershipArgs = ArgsOf<typeof fleetMembershipDeclaration>;

/** The inputs of `alicloud.FleetMembership` as the provider receives them. */
export type FleetMembershipInputs = InputsOf<typeof fleetMembershipDeclaration>;

/** The output properties of `alicloud.FleetMembership`. */
export type FleetMembershipOutputProperties = OutputsOf<typeof fleetMembershipDeclaration>;
