import * as pulumi from "@pulumi/pulumi";
import { DelegatingResource, delegatingProvider } from "../../core/resource/delegating-provider";
import { REGISTRY_MODULE } from "../../registry";
import { refuseImport } from "../../core/resource/import-answer";
import { SECRET_CONFIG_KEYS, warnOnPlaintextSecretConfig } from "../../core/credentials/plaintext-config-warning";
import { declaredProps } from "../../core/resource/declaration";
import { SERVER_REINSTALL_SECRET_OUTPUTS, ServerReinstallArgs, serverReinstallDeclaration, ServerReinstallOutputProperties } from "./declaration";

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
export class ServerReinstall extends DelegatingResource {
    constructor(name: string, args: ServerReinstallArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport(opts, "huaweicloud.ServerReinstall", name);
        warnOnPlaintextSecretConfig(SECRET_CONFIG_KEYS.huaweicloud);
        super(
            provider,
            name,
            // adminPass and userData go as secrets; a key the class does not know goes on too, for check to reject by name.
            declaredProps(serverReinstallDeclaration, args),
            { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SERVER_REINSTALL_SECRET_OUTPUTS] },
            "ecs-ops",
            serverReinstallDeclaration.type,
        );
    }
}
