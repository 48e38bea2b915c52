import * as pulumi from "@pulumi/pulumi";
import { DelegatingResource, delegatingProvider } from "../../core/resource/delegating-provider";
import { REGISTRY_MODULE } from "../../registry";
import { refuseImport } from "../../core/resource/import-answer";
import { SECRET_CONFIG_KEYS, warnOnPlaintextSecretConfig } from "../../core/credentials/plaintext-config-warning";
import type { Timeouts } from "../../core/inputs/timeouts";
import { withUnknownArgs } from "../../core/inputs/unknown-args";

const provider = delegatingProvider(REGISTRY_MODULE, "alicloud.DiskReinit");

/** The arguments of `alicloud.DiskReinit`. Give exactly one of `diskId` and `instanceId`. */
export interface DiskReinitArgs {
    /** The disk to re-initialise (attached, In_use). Changing it replaces the resource (the new one re-initialises its disk). */
    diskId?: pulumi.Input<string>;
    /** An instance whose system disk is re-initialised (found with DescribeDisks). Changing it replaces the resource. */
    instanceId?: pulumi.Input<string>;
    /** Region of the disk; defaults to stack config `alicloud:region`, then `ALIBABA_CLOUD_REGION_ID`, `ALICLOUD_REGION`. */
    region?: pulumi.Input<string>;
    /**
     * New logon password set by re-initialising a system disk: 8 to 30 characters, at least three of
     * uppercase, lowercase, digits and ``()`~!@#$%^&*-_+=|{}[]:;'<>,.?/``; on Windows not starting
     * with `/`. Always treated as secret: kept only as an encrypted secret input; the outputs hold a salted fingerprint.
     */
    password?: pulumi.Input<string>;
    /** SSH key pair bound by re-initialising the system disk of a Linux instance (disables password logon). Not with `password`. */
    keyPairName?: pulumi.Input<string>;
    /** Start the instance after the re-initialisation (the wait then ends at Running, else at Stopped). Default false. */
    autoStartInstance?: pulumi.Input<boolean>;
    /** `Active` to install the free Security Center agent (public images only), `Deactive` not to (default). */
    securityEnhancementStrategy?: pulumi.Input<"Active" | "Deactive">;
    /**
     * Stop a Running instance first (and wait until Stopped). Without it, a Running instance is an
     * error before anything is changed. Default false.
     */
    stopInstance?: pulumi.Input<boolean>;
    /** Any values: whenever they change (compared deeply), the disk is re-initialised once more. */
    triggers?: pulumi.Input<unknown>;
    /** Limits of create / update (each run and its waits), as durations such as `"15m"`. Default 10 minutes. */
    timeouts?: pulumi.Input<Timeouts>;
}

/**
 * Re-initialises an Alibaba Cloud ECS disk to the state it was created in (`ReInitDisk`): a system
 * disk back to its image, optionally with a new password or key pair. Runs once when created and
 * again whenever `triggers` change; waits until the disk is In_use again and the instance Running
 * (`autoStartInstance`) or Stopped, printing progress. Changes of the other settings are recorded
 * for the next run without touching the disk; deleting the resource does nothing to the disk.
 * Destructive: everything on the disk is lost.
 */
export class DiskReinit extends DelegatingResource {
    /** The disk re-initialised (resolved from `instanceId` when that was given). */
    declare readonly diskId: pulumi.Output<string>;
    /** The instance the disk is attached to. */
    declare readonly instanceId: pulumi.Output<string>;
    /** `system` or `data`. */
    declare readonly diskType: pulumi.Output<string>;
    declare readonly region: pulumi.Output<string | undefined>;
    /** Salted SHA-256 fingerprint of the password given (never the password). */
    declare readonly passwordFingerprint: pulumi.Output<string | undefined>;
    declare readonly keyPairName: pulumi.Output<string | undefined>;
    declare readonly autoStartInstance: pulumi.Output<boolean | undefined>;
    declare readonly securityEnhancementStrategy: pulumi.Output<string | undefined>;
    declare readonly stopInstance: pulumi.Output<boolean | undefined>;
    declare readonly triggers: pulumi.Output<unknown>;
    declare readonly timeouts: pulumi.Output<Timeouts | undefined>;
    /** ISO 8601 time the last `ReInitDisk` was accepted. */
    declare readonly lastReinitAt: pulumi.Output<string>;
    /** RequestId of the last `ReInitDisk` call. */
    declare readonly lastReinitRequestId: pulumi.Output<string>;
    /** Re-initialisations performed by this resource (1 after create). */
    declare readonly reinitCount: pulumi.Output<number>;

    constructor(name: string, args: DiskReinitArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport(opts, "alicloud.DiskReinit", name);
        warnOnPlaintextSecretConfig(SECRET_CONFIG_KEYS.alicloud);
        // Every output must be a key of props (even when undefined), or Pulumi does not resolve it.
        const props = {
            diskId: args.diskId,
            instanceId: args.instanceId,
            region: args.region,
            password: args.password === undefined ? undefined : pulumi.secret(args.password),
            keyPairName: args.keyPairName,
            autoStartInstance: args.autoStartInstance,
            securityEnhancementStrategy: args.securityEnhancementStrategy,
            stopInstance: args.stopInstance,
            triggers: args.triggers,
            timeouts: args.timeouts,
            diskType: undefined,
            passwordFingerprint: undefined,
            lastReinitAt: undefined,
            lastReinitRequestId: undefined,
            reinitCount: undefined,
        };
        const secretOutputs = { additionalSecretOutputs: ["password", "passwordFingerprint"] };
        // A key the class does not know goes on too, for check to reject by name.
        super(provider, name, withUnknownArgs(props, args), pulumi.mergeOptions(opts, secretOutputs), "ecs-ops", "alicloud.DiskReinit");
    }
}
