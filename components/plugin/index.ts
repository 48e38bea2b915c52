// ecs-ops through its provider plugin (`import { plugin } from "ecs-ops"`): the same resources and
// components as `alicloud` and `huaweicloud`, registered as the plugin's resources
// (`ecs-ops:<cloud>:<Type>`) instead of dynamic ones. See docs/languages/typescript.md.
export * as alicloud from "./alicloud";
export * as huaweicloud from "./huaweicloud";
