import * as pulumi from "@pulumi/pulumi";
import { DelegatingResource, delegatingProvider } from "../../core/resource/delegating-provider";
import { REGISTRY_MODULE } from "../../registry";
import { refuseImport } from "../../core/resource/import-answer";
import { SECRET_CONFIG_KEYS, warnOnPlaintextSecretConfig } from "../../core/credentials/plaintext-config-warning";
import type { Timeouts } from "../../core/inputs/timeouts";
import { withUnknownArgs } from "../../core/inputs/unknown-args";

const provider = delegatingProvider(REGISTRY_MODULE, "alicloud.InstanceReboot");

/** The arguments of `alicloud.InstanceReboot`. */
export interface InstanceRebootArgs {
    /** The ECS instance to reboot, e.g. `i-bp67acfmxazb4ph00001`. Changing it replaces the resource (the new one reboots its instance once). */
    instanceId: pulumi.Input<string>;
    /** Region of the instance; defaults to stack config `alicloud:region`, then `ALIBABA_CLOUD_REGION_ID`, `ALICLOUD_REGION`. Changing it replaces the resource. */
    region?: pulumi.Input<string>;
    /**
     * Any values: whenever they change (compared deeply, like @pulumi/command's `triggers`), the
     * instance is rebooted once. Use e.g. the outputs whose change needs a restart.
     */
    triggers?: pulumi.Input<unknown>;
    /** Hard restart (`ForceStop=true`): like pulling the power; unwritten data may be lost. Default false. */
    forceStop?: pulumi.Input<boolean>;
    /**
     * Send `RebootInstance` with `DryRun=true` first and go on only on `DryRunOperation`, so that
     * permission and state problems fail before anything happens. Default true.
     */
    dryRun?: pulumi.Input<boolean>;
    /**
     * Reboot when the resource is created (default true). With false, create only checks that the
     * instance exists and records it (`rebootCount` 0); later trigger changes reboot as usual.
     */
    rebootOnCreate?: pulumi.Input<boolean>;
    /** Limits of create / update (each reboot and its wait), as durations such as `"10m"`. Default 10 minutes. */
    timeouts?: pulumi.Input<Timeouts>;
    /**
     * The values of `triggers` in the form an earlier ecs-ops release recorded them (ManagedInstance
     * sets it): triggers recorded in that form count as unchanged, so an upgrade reboots nothing.
     * Kept only as a (secret) input, never an output; never a change of its own.
     */
    legacyTriggers?: pulumi.Input<unknown>;
}

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
export class InstanceReboot extends DelegatingResource {
    /** The instance rebooted. */
    declare readonly instanceId: pulumi.Output<string>;
    /** The region given, if any. */
    declare readonly region: pulumi.Output<string | undefined>;
    /** The triggers of the last reboot. */
    declare readonly triggers: pulumi.Output<unknown>;
    declare readonly forceStop: pulumi.Output<boolean | undefined>;
    declare readonly dryRun: pulumi.Output<boolean | undefined>;
    declare readonly rebootOnCreate: pulumi.Output<boolean | undefined>;
    declare readonly timeouts: pulumi.Output<Timeouts | undefined>;
    /** ISO 8601 time the last reboot was accepted (undefined before the first one). */
    declare readonly lastRebootAt: pulumi.Output<string | undefined>;
    /** RequestId of the last `RebootInstance` call (undefined before the first one). */
    declare readonly lastRebootRequestId: pulumi.Output<string | undefined>;
    /** Reboots performed by this resource (1 after create, 0 with `rebootOnCreate: false`). */
    declare readonly rebootCount: pulumi.Output<number>;

    constructor(name: string, args: InstanceRebootArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport(opts, "alicloud.InstanceReboot", name);
        warnOnPlaintextSecretConfig(SECRET_CONFIG_KEYS.alicloud);
        super(
            provider,
            name,
            // Every output must be a key of props (even when undefined), or Pulumi does not resolve it.
            // A key the class does not know goes on too, for check to reject by name.
            withUnknownArgs({
                instanceId: args.instanceId,
                region: args.region,
                triggers: args.triggers,
                forceStop: args.forceStop,
                dryRun: args.dryRun,
                rebootOnCreate: args.rebootOnCreate,
                timeouts: args.timeouts,
                legacyTriggers: args.legacyTriggers === undefined ? undefined : pulumi.secret(args.legacyTriggers),
                lastRebootAt: undefined,
                lastRebootRequestId: undefined,
                rebootCount: undefined,
            }, args),
            opts,
            "ecs-ops",
            "alicloud.InstanceReboot",
        );
    }
}
