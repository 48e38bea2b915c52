import * as pulumi from "@pulumi/pulumi";
import { DelegatingResource, delegatingProvider } from "../../core/resource/delegating-provider";
import { REGISTRY_MODULE } from "../../registry";
import { refuseImport } from "../../core/resource/import-answer";
import { SECRET_CONFIG_KEYS, warnOnPlaintextSecretConfig } from "../../core/credentials/plaintext-config-warning";
import { additionalSecretOutputNames, declaredProps } from "../../core/resource/declaration";
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
export class InstanceAttributes extends DelegatingResource {
    constructor(name: string, args: InstanceAttributesArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport(opts, instanceAttributesDeclaration.type, name);
        warnOnPlaintextSecretConfig(SECRET_CONFIG_KEYS.alicloud);
        // Secret inputs go as secrets, every output as a key (for the engine to fill it), and a key the
        // class does not know too (as a secret: it may be a misspelt password), for check to reject by name.
        // The secret outputs and the secrets kept in state are encrypted by the engine.
        const secrets = { additionalSecretOutputs: additionalSecretOutputNames(instanceAttributesDeclaration) };
        super(
            provider,
            name,
            declaredProps(instanceAttributesDeclaration, args),
            pulumi.mergeOptions(opts, secrets),
            "ecs-ops",
            instanceAttributesDeclaration.type,
        );
    }
}
