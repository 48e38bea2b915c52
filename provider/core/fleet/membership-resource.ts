import type * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../resource/declaration";
import { DeclaredResource } from "../resource/declared-resource";
import type { DelegatingProvider } from "../resource/delegating-provider";
import type { FleetMembershipDeclaration } from "./membership-declaration";

/** The class of a cloud's `FleetMembership`: a resource of `declaration`, with its output properties. */
export type FleetMembershipClass<D extends FleetMembershipDeclaration> = new (
    name: string,
    args: ArgsOf<D>,
    opts?: pulumi.CustomResourceOptions,
) => DeclaredResource & OutputsOf<D>;

/** The resource class of a cloud's `FleetMembership` (the same on both clouds but for its type and declaration). */
export function fleetMembershipClass<D extends FleetMembershipDeclaration>(provider: DelegatingProvider, declaration: D): FleetMembershipClass<D> {
    return class FleetMembership extends DeclaredResource {
        constructor(name: string, args: ArgsOf<D>, opts?: pulumi.CustomResourceOptions) {
            super(provider, declaration, name, args, opts);
        }
    } as unknown as FleetMembershipClass<D>;
}
