import type * as pulumi from "@pulumi/pulumi";
import { DiskReinit, DiskReinitArgs } from "../../provider/alicloud/disk-reinit/resource";
import { FleetMembership, FleetMembershipArgs } from "../../provider/alicloud/fleet-membership/resource";
import { InstanceAttributes, InstanceAttributesArgs } from "../../provider/alicloud/instance-attributes/resource";
import { InstanceReboot, InstanceRebootArgs } from "../../provider/alicloud/instance-reboot/resource";

/** A resource class as a component builds its children with it. */
type ClassOf<A, R> = new (name: string, args: A, opts?: pulumi.CustomResourceOptions) => R;

/**
 * The classes the Alibaba components (`ManagedInstance`, `InstanceFleet`) build their children
 * with: the dynamic resources by default; the provider plugin's components use the plugin-backed
 * ones (provider/plugin/resources.ts), which register the same inputs under `ecs-ops:alicloud:<Type>`.
 */
export interface AlicloudResourceClasses {
    readonly InstanceAttributes: ClassOf<InstanceAttributesArgs, InstanceAttributes>;
    readonly InstanceReboot: ClassOf<InstanceRebootArgs, InstanceReboot>;
    readonly DiskReinit: ClassOf<DiskReinitArgs, DiskReinit>;
    readonly FleetMembership: ClassOf<FleetMembershipArgs, FleetMembership>;
}

/** The dynamic resources (type `pulumi-nodejs:dynamic/ecs-ops:alicloud.<Type>`): the TypeScript API's children. */
export const DYNAMIC_ALICLOUD_CLASSES: AlicloudResourceClasses = { InstanceAttributes, InstanceReboot, DiskReinit, FleetMembership };
