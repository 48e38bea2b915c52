/**
 * ecs-ops: Pulumi dynamic providers and components for the lifecycle of existing
 * Alibaba Cloud ECS and Huawei Cloud ECS instances.
 */
export * as alicloud from "./components/alicloud";
export * as huaweicloud from "./components/huaweicloud";
/** The same resources and components served by the ecs-ops provider plugin (docs/languages/typescript.md). */
export * as plugin from "./components/plugin";
