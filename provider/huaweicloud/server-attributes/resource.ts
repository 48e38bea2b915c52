import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../../core/resource/delegating-provider";
import { DeclaredResource } from "../../core/resource/declared-resource";
import { REGISTRY_MODULE } from "../../registry";
import { SECRET_CONFIG_KEYS } from "../../core/credentials/plaintext-config-warning";
import { ServerAttributesArgs, serverAttributesDeclaration, ServerAttributesOutputProperties } from "./declaration";

const provider = delegatingProvider(REGISTRY_MODULE, serverAttributesDeclaration.type);

export type { ServerAttributesArgs } from "./declaration";

// The output properties, declared once in ./declaration, merged into the class below.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ServerAttributes extends ServerAttributesOutputProperties {}

/**
 * The attributes of an existing Huawei Cloud ECS server as declarative state. `create` adopts the
 * server (it must exist) and applies what differs; an update makes one call per changed aspect
 * (`UpdateServer` for name/description/hostname, one per security group added or removed,
 * `UpdateServerMetadata` plus one `DeleteServerMetadata` per dropped key, one tag call per
 * direction); refresh reads the server back (batched `ListServersDetails`); delete releases it
 * (optionally restoring the attributes found at adoption). Each attribute output is the managed
 * value (the cloud's, after a refresh finds a drift), undefined when the attribute is not managed.
 *
 * ```ts
 * import { huaweicloud } from "ecs-ops";
 * const attrs = new huaweicloud.ServerAttributes("web", {
 *     serverId: "8e5c1f3a-6c1d-4b1e-9a53-0c2f7d2b6a10",
 *     name: "web-1",
 *     hostname: "web-1",
 *     securityGroupIds: ["0b2a8f9e-4c1d-4e0b-9a1d-2f3e4d5c6b7a"],
 *     metadata: { owner: "platform" },
 * });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ServerAttributes extends DeclaredResource {
    constructor(name: string, args: ServerAttributesArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, serverAttributesDeclaration, name, args, opts, SECRET_CONFIG_KEYS.huaweicloud);
    }
}
