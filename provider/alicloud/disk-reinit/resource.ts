import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../../core/resource/delegating-provider";
import { DeclaredResource } from "../../core/resource/declared-resource";
import { REGISTRY_MODULE } from "../../registry";
import { SECRET_CONFIG_KEYS } from "../../core/credentials/plaintext-config-warning";
import { diskReinitDeclaration, DiskReinitOutputProperties } from "./declaration";
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
export class DiskReinit extends DeclaredResource {
    constructor(name: string, args: DiskReinitArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, diskReinitDeclaration, name, args, opts, SECRET_CONFIG_KEYS.alicloud);
    }
}
