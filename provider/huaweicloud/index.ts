/**
 * Huawei Cloud ECS resources of ecs-ops: `ServerReinstall` (reinstall an existing server's OS
 * on purpose, once per trigger change) and `ServerAttributes` (an existing server's name,
 * description, hostname, security groups, metadata and tags as declarative state). Credentials
 * come from stack config `huaweicloud:*` or `HW_*` environment variables at run time, never from inputs.
 */
export { ServerReinstall, ServerReinstallArgs, ServerReinstallMetadataArgs } from "./server-reinstall/resource";
export { ServerAttributes, ServerAttributesArgs } from "./server-attributes/resource";
export { ServerReboot, ServerRebootArgs } from "./server-reboot/resource";
export { getServers, getServersOutput, SERVERS_PAGE_SIZE } from "./lookups/get-servers";
export type { GetServersArgs, GetServersOutputArgs, GetServersResult, ServerSummary } from "./lookups/get-servers";
