// Alibaba Cloud ECS resources of ecs-ops: `import { alicloud } from "ecs-ops"`.
export { InstanceAttributes } from "./instance-attributes/resource";
export type {
    InstanceAttributesArgs,
    InstanceAttributesCpuOptionsArgs,
    InstanceAttributesPrivateDnsNameOptionsArgs,
    InstanceAttributesRemoteConnectionOptionsArgs,
    InstanceAttributesTimeoutsArgs,
} from "./instance-attributes/resource";
export { InstanceReboot } from "./instance-reboot/resource";
export type { InstanceRebootArgs } from "./instance-reboot/resource";
export { DiskReinit } from "./disk-reinit/resource";
export type { DiskReinitArgs } from "./disk-reinit/resource";
export { getInstances, getInstancesOutput, INSTANCES_PAGE_SIZE } from "./lookups/get-instances";
export type { GetInstancesArgs, GetInstancesOutputArgs, GetInstancesResult, InstanceSummary } from "./lookups/get-instances";
