// Alibaba Cloud ECS resources of ecs-ops: `import { alicloud } from "ecs-ops"`.
export { InstanceAttributes } from "./instance-attributes";
export type {
    InstanceAttributesArgs,
    InstanceAttributesCpuOptionsArgs,
    InstanceAttributesPrivateDnsNameOptionsArgs,
    InstanceAttributesRemoteConnectionOptionsArgs,
    InstanceAttributesTimeoutsArgs,
} from "./instance-attributes";
export { InstanceReboot } from "./instance-reboot";
export type { InstanceRebootArgs } from "./instance-reboot";
export { DiskReinit } from "./disk-reinit";
export type { DiskReinitArgs } from "./disk-reinit";
export { getInstances, getInstancesOutput, INSTANCES_PAGE_SIZE } from "./lookups/get-instances";
export type { GetInstancesArgs, GetInstancesOutputArgs, GetInstancesResult, InstanceSummary } from "./lookups/get-instances";
