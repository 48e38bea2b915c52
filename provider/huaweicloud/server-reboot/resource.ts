import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../../core/resource/delegating-provider";
import { DeclaredResource } from "../../core/resource/declared-resource";
import { REGISTRY_MODULE } from "../../registry";
import { SECRET_CONFIG_KEYS } from "../../core/credentials/plaintext-config-warning";
import { ServerRebootArgs, serverRebootDeclaration, ServerRebootOutputProperties } from "./declaration";

/** The provider of every ServerReboot: it holds only the handler's module path. */
const provider = delegatingProvider(REGISTRY_MODULE, serverRebootDeclaration.type);

export type { ServerRebootArgs } from "./declaration";

// The output properties, declared once in ./declaration, merged into the class below.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ServerReboot extends ServerRebootOutputProperties {}

/**
 * Reboots an existing Huawei Cloud ECS server as an explicit operation (`BatchRebootServers`, SOFT
 * or HARD): once when the resource is created (unless `rebootOnCreate: false`) and once more
 * whenever `triggers` change, exactly once per change; it follows the reboot job to its end and
 * waits until the server is ACTIVE again, printing progress. Changing `type` or `timeouts` only
 * updates the resource; deleting it does nothing to the server. The server must be ACTIVE and not
 * locked; otherwise the operation fails with a clear error before anything is sent.
 *
 * ```ts
 * import { huaweicloud } from "ecs-ops";
 * const attrs = new huaweicloud.ServerAttributes("web-1", { serverId, hostname: "web-1" });
 * new huaweicloud.ServerReboot("web-1-restart", { serverId, triggers: attrs.restartTrigger });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ServerReboot extends DeclaredResource {
    constructor(name: string, args: ServerRebootArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, serverRebootDeclaration, name, args, opts, SECRET_CONFIG_KEYS.huaweicloud);
    }
}
