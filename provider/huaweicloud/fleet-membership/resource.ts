import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../../core/resource/delegating-provider";
import { DeclaredResource } from "../../core/resource/declared-resource";
import { REGISTRY_MODULE } from "../../registry";
import { FleetMembershipArgs, fleetMembershipDeclaration, FleetMembershipOutputProperties } from "./declaration";

const provider = delegatingProvider(REGISTRY_MODULE, fleetMembershipDeclaration.type);

export type { FleetMembershipArgs } from "./declaration";

// The output properties, declared once in ./declaration, merged into the class below.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface FleetMembership extends FleetMembershipOutputProperties {}

/**
 * The recorded members of an `ServerFleet` chosen by a selector (the fleet creates it; every
 * member depends on it). Its `check` judges each new selection against the recorded one, in preview
 * and before any step of `up`: a count outside `expectedCount`, or more than half of the members
 * released at once without `allowMassRelease`, is refused, so nothing is adopted or released. It
 * makes no cloud call; deleting it touches no server.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class FleetMembership extends DeclaredResource {
    constructor(name: string, args: FleetMembershipArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, fleetMembershipDeclaration, name, args, opts);
    }
}
