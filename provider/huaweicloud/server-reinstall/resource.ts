import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../../core/resource/delegating-provider";
import { DeclaredResource } from "../../core/resource/declared-resource";
import { REGISTRY_MODULE } from "../../registry";
import { SECRET_CONFIG_KEYS } from "../../core/credentials/plaintext-config-warning";
import { ServerReinstallArgs, serverReinstallDeclaration, ServerReinstallOutputProperties } from "./declaration";

/** The provider of every ServerReinstall: it holds only the handler's module path. */
const provider = delegatingProvider(REGISTRY_MODULE, serverReinstallDeclaration.type);

export type { ServerReinstallArgs, ServerReinstallMetadataArgs } from "./declaration";

// The output properties, declared once in ./declaration, merged into the class below.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ServerReinstall extends ServerReinstallOutputProperties {}

/**
 * Reinstalls the OS of an existing Huawei Cloud ECS server from its current image
 * (reinstallos v1 or v2) when created and on each change of `triggers`, and follows the
 * job to its end. Deleting the resource leaves the server as it is.
 *
 * ```ts
 * import { huaweicloud } from "ecs-ops";
 * new huaweicloud.ServerReinstall("web-1", {
 *     serverId: "8e5c1f3a-6c1d-4b1e-9a53-0c2f7d2b6a10",
 *     cloudInit: true,
 *     keyName: "ops-key", userId: "7e25b1da389f4697a79df3a0e5bd494e",
 *     userData: "#cloud-config\npackages: [nginx]\n",
 *     triggers: [config.get("reinstallRevision")],
 * });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ServerReinstall extends DeclaredResource {
    constructor(name: string, args: ServerReinstallArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, serverReinstallDeclaration, name, args, opts, SECRET_CONFIG_KEYS.huaweicloud);
    }
}
