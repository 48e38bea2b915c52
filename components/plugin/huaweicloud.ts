// The Huawei Cloud resources and components of ecs-ops served by the provider plugin, for a
// TypeScript program that wants them (`import { plugin } from "ecs-ops"`; see docs/languages/typescript.md).
import { huaweicloud } from "../../provider/plugin/resources";

export { ManagedServer, ServerFleet } from "./components";

/** `huaweicloud.ServerAttributes` as the plugin's `ecs-ops:huaweicloud:ServerAttributes`. */
export const ServerAttributes = huaweicloud.ServerAttributes;
/** An `ecs-ops:huaweicloud:ServerAttributes` resource. */
export type ServerAttributes = InstanceType<typeof ServerAttributes>;
/** `huaweicloud.ServerReboot` as the plugin's `ecs-ops:huaweicloud:ServerReboot`. */
export const ServerReboot = huaweicloud.ServerReboot;
/** An `ecs-ops:huaweicloud:ServerReboot` resource. */
export type ServerReboot = InstanceType<typeof ServerReboot>;
/** `huaweicloud.ServerReinstall` as the plugin's `ecs-ops:huaweicloud:ServerReinstall`. */
export const ServerReinstall = huaweicloud.ServerReinstall;
/** An `ecs-ops:huaweicloud:ServerReinstall` resource. */
export type ServerReinstall = InstanceType<typeof ServerReinstall>;
/** `huaweicloud.FleetMembership` as the plugin's `ecs-ops:huaweicloud:FleetMembership`. */
export const FleetMembership = huaweicloud.FleetMembership;
/** An `ecs-ops:huaweicloud:FleetMembership` resource. */
export type FleetMembership = InstanceType<typeof FleetMembership>;
