// The Alibaba Cloud resources and components of ecs-ops served by the provider plugin, for a
// TypeScript program that wants them (`import { plugin } from "ecs-ops"`; see docs/languages/typescript.md).
import { alicloud } from "../../provider/plugin/resources";

export { ManagedInstance, InstanceFleet } from "./components";

/** `alicloud.InstanceAttributes` as the plugin's `ecs-ops:alicloud:InstanceAttributes`. */
export const InstanceAttributes = alicloud.InstanceAttributes;
/** An `ecs-ops:alicloud:InstanceAttributes` resource. */
export type InstanceAttributes = InstanceType<typeof InstanceAttributes>;
/** `alicloud.InstanceReboot` as the plugin's `ecs-ops:alicloud:InstanceReboot`. */
export const InstanceReboot = alicloud.InstanceReboot;
/** An `ecs-ops:alicloud:InstanceReboot` resource. */
export type InstanceReboot = InstanceType<typeof InstanceReboot>;
/** `alicloud.DiskReinit` as the plugin's `ecs-ops:alicloud:DiskReinit`. */
export const DiskReinit = alicloud.DiskReinit;
/** An `ecs-ops:alicloud:DiskReinit` resource. */
export type DiskReinit = InstanceType<typeof DiskReinit>;
/** `alicloud.FleetMembership` as the plugin's `ecs-ops:alicloud:FleetMembership`. */
export const FleetMembership = alicloud.FleetMembership;
/** An `ecs-ops:alicloud:FleetMembership` resource. */
export type FleetMembership = InstanceType<typeof FleetMembership>;
