import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../../core/resource/delegating-provider";
import { DeclaredResource } from "../../core/resource/declared-resource";
import { REGISTRY_MODULE } from "../../registry";
import { SECRET_CONFIG_KEYS } from "../../core/credentials/plaintext-config-warning";
import { InstanceRebootArgs, instanceRebootDeclaration, InstanceRebootOutputProperties } from "./declaration";

const provider = delegatingProvider(REGISTRY_MODULE, instanceRebootDeclaration.type);

export type { InstanceRebootArgs } from "./declaration";

// The output properties, declared once in ./declaration, merged into the class below.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface InstanceReboot extends InstanceRebootOutputProperties {}

/**
 * Reboots an existing Alibaba Cloud ECS instance as an explicit operation: once when the resource
 * is created (unless `rebootOnCreate: false`), and once more whenever `triggers` change; it waits
 * until the instance is Running again, printing progress. Changing `forceStop`, `dryRun` or `timeouts` only updates the
 * resource; deleting it does nothing to the instance. The instance must be Running, not locked
 * for security and not expired; otherwise the operation fails with a clear error before rebooting.
 *
 * ```ts
 * new alicloud.InstanceReboot("apply-hostname", { instanceId: "i-bp1...", triggers: [attrs.hostName] });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class InstanceReboot extends DeclaredResource {
    constructor(name: string, args: InstanceRebootArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, instanceRebootDeclaration, name, args, opts, SECRET_CONFIG_KEYS.alicloud);
    }
}
