// Alibaba Cloud ECS of ecs-ops: the resources (provider/alicloud) and the components built on them.
export * from "../../provider/alicloud";
export { ManagedInstance } from "./managed-instance";
export type { ManagedInstanceArgs, ManagedAttributesArgs, RestartPolicy, SystemDiskReinitArgs } from "./managed-instance";
export { InstanceFleet } from "./instance-fleet";
export type { InstanceFleetArgs } from "./instance-fleet";
export { DEFAULT_MAX_UNAVAILABLE } from "../core/rolling-restart";
export type { MaxUnavailable, RestartStrategy } from "../core/rolling-restart";
