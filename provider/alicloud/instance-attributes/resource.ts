import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../../core/resource/delegating-provider";
import { DeclaredResource } from "../../core/resource/declared-resource";
import { REGISTRY_MODULE } from "../../registry";
import { SECRET_CONFIG_KEYS } from "../../core/credentials/plaintext-config-warning";
import { instanceAttributesDeclaration, InstanceAttributesOutputProperties } from "./declaration";
import type { InstanceAttributesArgs } from "./declaration";

export type {
    InstanceAttributesArgs,
    InstanceAttributesCpuOptionsArgs,
    InstanceAttributesPrivateDnsNameOptionsArgs,
    InstanceAttributesRemoteConnectionOptionsArgs,
    InstanceAttributesTimeoutsArgs,
} from "./declaration";

const provider = delegatingProvider(REGISTRY_MODULE, instanceAttributesDeclaration.type);

// The output properties, declared once in ./declaration, merged into the class below.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface InstanceAttributes extends InstanceAttributesOutputProperties {}

/**
 * The attributes of an existing Alibaba Cloud ECS instance as declarative state. `create` adopts
 * the instance (it must exist) and applies what differs; an update sends one
 * `ModifyInstanceAttribute` with only the changed attributes; refresh reads the instance back;
 * delete releases it (optionally restoring the attributes found at adoption).
 *
 * ```ts
 * const attrs = new alicloud.InstanceAttributes("web", {
 *     instanceId: "i-bp67acfmxazb4ph****",
 *     instanceName: "web-1",
 *     securityGroupIds: ["sg-bp15ed6xe1yxeycg7o****"],
 * });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class InstanceAttributes extends DeclaredResource {
    constructor(name: string, args: InstanceAttributesArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, instanceAttributesDeclaration, name, args, opts, SECRET_CONFIG_KEYS.alicloud);
    }
}
