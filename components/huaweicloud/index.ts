// Huawei Cloud ECS of ecs-ops: the resources (provider/huaweicloud) and the components built on them.
export * from "../../provider/huaweicloud";
export { ManagedServer, restartManaged } from "./managed-server";
export type { ManagedServerArgs, ManagedServerAttributesArgs, ManagedServerReinstallArgs, RestartPolicy } from "./managed-server";
export { ServerFleet } from "./server-fleet";
export type { ServerFleetArgs, ServerFleetServerArgs } from "./server-fleet";
export { DEFAULT_MAX_UNAVAILABLE } from "../core/rolling-restart";
export type { MaxUnavailable, RestartStrategy } from "../core/rolling-restart";
