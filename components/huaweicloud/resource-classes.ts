import type * as pulumi from "@pulumi/pulumi";
import { FleetMembership, FleetMembershipArgs } from "../../provider/huaweicloud/fleet-membership/resource";
import { ServerAttributes, ServerAttributesArgs } from "../../provider/huaweicloud/server-attributes/resource";
import { ServerReboot, ServerRebootArgs } from "../../provider/huaweicloud/server-reboot/resource";
import { ServerReinstall, ServerReinstallArgs } from "../../provider/huaweicloud/server-reinstall/resource";

/** A resource class as a component builds its children with it. */
type ClassOf<A, R> = new (name: string, args: A, opts?: pulumi.CustomResourceOptions) => R;

/**
 * The classes the Huawei components (`ManagedServer`, `ServerFleet`) build their children with:
 * the dynamic resources by default; the provider plugin's components use the plugin-backed ones
 * (provider/plugin/resources.ts), which register the same inputs under `ecs-ops:huaweicloud:<Type>`.
 */
export interface HuaweicloudResourceClasses {
    readonly ServerAttributes: ClassOf<ServerAttributesArgs, ServerAttributes>;
    readonly ServerReboot: ClassOf<ServerRebootArgs, ServerReboot>;
    readonly ServerReinstall: ClassOf<ServerReinstallArgs, ServerReinstall>;
    readonly FleetMembership: ClassOf<FleetMembershipArgs, FleetMembership>;
}

/** The dynamic resources (type `pulumi-nodejs:dynamic/ecs-ops:huaweicloud.<Type>`): the TypeScript API's children. */
export const DYNAMIC_HUAWEICLOUD_CLASSES: HuaweicloudResourceClasses = { ServerAttributes, ServerReboot, ServerReinstall, FleetMembership };
