import * as pulumi from "@pulumi/pulumi";
import { DelegatingResource, delegatingProvider } from "../../core/resource/delegating-provider";
import { REGISTRY_MODULE } from "../../registry";
import { refuseImport } from "../../core/resource/import-answer";
import { SECRET_CONFIG_KEYS, warnOnPlaintextSecretConfig } from "../../core/credentials/plaintext-config-warning";
import { declaredProps } from "../../core/resource/declaration";
import { diskReinitDeclaration, DiskReinitOutputProperties, DISK_REINIT_SECRET_OUTPUTS } from "./declaration";
import type { DiskReinitArgs } from "./declaration";

export type { DiskReinitArgs } from "./declaration";

const provider = delegatingProvider(REGISTRY_MODULE, diskReinitDeclaration.type);

// The output properties, declared once in ./declaration, merged into the class below.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface DiskReinit extends DiskReinitOutputProperties {}

/**
 * Re-initialises an Alibaba Cloud ECS disk to the state it was created in (`ReInitDisk`): a system
 * disk back to its image, optionally with a new password or key pair. Runs once when created and
 * again whenever `triggers` change; waits until the disk is In_use again and the instance Running
 * (`autoStartInstance`) or Stopped, printing progress. Changes of the other settings are recorded
 * for the next run without touching the disk; deleting the resource does nothing to the disk.
 * Destructive: everything on the disk is lost.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class DiskReinit extends DelegatingResource {
    constructor(name: string, args: DiskReinitArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport(opts, diskReinitDeclaration.type, name);
        warnOnPlaintextSecretConfig(SECRET_CONFIG_KEYS.alicloud);
        // The password goes as a secret, every output as a key (or Pulumi does not resolve it), and a
        // key the class does not know too, for check to reject by name.
        const secretOutputs = { additionalSecretOutputs: DISK_REINIT_SECRET_OUTPUTS };
        super(provider, name, declaredProps(diskReinitDeclaration, args), pulumi.mergeOptions(opts, secretOutputs), "ecs-ops", diskReinitDeclaration.type);
    }
}
