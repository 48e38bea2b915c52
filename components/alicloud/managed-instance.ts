import * as pulumi from "@pulumi/pulumi";
import { DiskReinit, DiskReinitArgs } from "../../provider/alicloud/disk-reinit/resource";
import { InstanceAttributes, InstanceAttributesArgs } from "../../provider/alicloud/instance-attributes/resource";
import { InstanceReboot } from "../../provider/alicloud/instance-reboot/resource";
import { argNames, assertKnownArgs } from "../../provider/core/inputs/suggest";
import { AlicloudResourceClasses, DYNAMIC_ALICLOUD_CLASSES } from "./resource-classes";
import { pendingRestartOutput, restartPolicyOf, RestartPolicy, restartWiring } from "../core/restart-policy";
import { legacyRestartTriggers } from "./legacy-restart-trigger";

export type { RestartPolicy };

/** The arguments `ManagedInstance` knows (a plain-JavaScript program may pass others: they are refused). */

/** The attributes a `ManagedInstance` manages: every `InstanceAttributes` input but the instance, the region and `observeOnly` (the component's own). */
export type ManagedAttributesArgs = Omit<InstanceAttributesArgs, "instanceId" | "region" | "observeOnly">;

/** Re-initialisation of the instance's system disk, run when its `triggers` change. */
export type SystemDiskReinitArgs = Omit<DiskReinitArgs, "diskId" | "instanceId" | "region" | "observeOnly">;

/** The arguments of `alicloud.ManagedInstance`. */
export interface ManagedInstanceArgs {
    /** The existing ECS instance to manage, e.g. `i-bp67acfmxazb4ph00001`. */
    instanceId: pulumi.Input<string>;
    /** Its region; defaults to stack config `alicloud:region`. */
    region?: pulumi.Input<string>;
    /** The attributes to manage; an attribute left unset is not managed. */
    attributes?: ManagedAttributesArgs;
    /**
     * Take the instance even when its tag `ecs-ops-owner` names another stack: the tag moves to this stack
     * (docs/ownership.md). Default false: such an instance is refused in preview, naming the owner. Overrides
     * `attributes.takeOver`.
     */
    takeOver?: pulumi.Input<boolean>;
    /**
     * `"auto"` (default): a change of hostName, password or userData is followed by exactly one
     * reboot, after the modification. `"never"`: nothing is rebooted; `pendingRestart` says when
     * one is needed. Switching from "never" to "auto" reboots once if a restart is pending (a
     * restart-requiring change made under "never", or pending when taken under management), and
     * not at all otherwise. A reboot made outside ecs-ops meanwhile is not known to the switch.
     */
    restartPolicy?: RestartPolicy;
    /** Reboot with `ForceStop=true` (hard restart) under the auto policy. Default false. */
    forceStopOnRestart?: pulumi.Input<boolean>;
    /** Optional re-initialisation of the system disk, with its own `triggers`. Destructive. */
    reinitSystemDisk?: SystemDiskReinitArgs;
    /**
     * Resources the attributes and the restart of this instance wait for (`InstanceFleet`'s rolling
     * restart: the previous wave's reboots, so a wave is changed and restarted only after the one
     * before it is Running again).
     */
    after?: pulumi.Resource[];
    /**
     * Observe before enforcing: every child (attributes, reboot, re-initialisation) reads the cloud
     * and changes nothing; the drift shows in the preview and in the output `drift`, an operation
     * that becomes due is recorded (not run). Turning it off enforces the program (see docs/drift.md).
     * Default false.
     */
    observeOnly?: pulumi.Input<boolean>;
}

/** The argument names of `ManagedInstance` (checked against `ManagedInstanceArgs` by the compiler). */
export const MANAGED_INSTANCE_ARGS = argNames<ManagedInstanceArgs>({
    instanceId: true,
    region: true,
    attributes: true,
    takeOver: true,
    restartPolicy: true,
    forceStopOnRestart: true,
    reinitSystemDisk: true,
    after: true,
    observeOnly: true,
});

/**
 * One existing Alibaba Cloud ECS instance under management: its attributes (one
 * `InstanceAttributes`), the restart their changes need (one `InstanceReboot` under the auto
 * policy), and optionally a system-disk re-initialisation (`DiskReinit`).
 *
 * ```ts
 * const web = new alicloud.ManagedInstance("web-1", {
 *     instanceId: "i-bp67acfmxazb4ph00001",
 *     attributes: { instanceName: "web-1", hostName: "web-1", deletionProtection: true },
 * });
 * ```
 */
export class ManagedInstance extends pulumi.ComponentResource {
    /** The classes of the children: the dynamic resources here; the provider plugin's subclass gives its own. */
    protected static readonly resourceClasses: AlicloudResourceClasses = DYNAMIC_ALICLOUD_CLASSES;
    /** The managed attributes. */
    readonly attributes: InstanceAttributes;
    /**
     * The reboot that applies restart-requiring changes, present whenever hostName, password or
     * userData are managed. Under the "never" policy it never reboots; it keeps the record of the
     * last reboot, so that a policy switch neither reports a restart already done as pending nor
     * repeats it.
     */
    readonly restart?: InstanceReboot;
    /** The system-disk re-initialisation, when `reinitSystemDisk` is given. */
    readonly systemDiskReinit?: DiskReinit;
    /** The managed instance. */
    readonly instanceId: pulumi.Output<string>;
    /** Attributes changed by ecs-ops that the OS sees only after a restart. */
    readonly restartRequired: pulumi.Output<string[]>;
    /** True while a change still waits for a restart (under the auto policy: until the reboot has happened; a reboot done by this component before a switch to "never" counts). */
    readonly pendingRestart: pulumi.Output<boolean>;
    /** Under `observeOnly`: how the instance differs from the program (`[{property, program, cloud}]`); undefined otherwise. */
    readonly drift: InstanceAttributes["drift"];

    constructor(name: string, args: ManagedInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
        assertKnownArgs(`ManagedInstance "${name}"`, args, MANAGED_INSTANCE_ARGS);
        const classes = new.target.resourceClasses;
        super("ecs-ops:alicloud:ManagedInstance", name, {}, opts);
        const attrs = args.attributes ?? {};
        this.attributes = new classes.InstanceAttributes(
            name,
            {
                ...attrs,
                ...(args.takeOver !== undefined ? { takeOver: args.takeOver } : {}),
                instanceId: args.instanceId,
                region: args.region,
                observeOnly: args.observeOnly,
            },
            { parent: this, ...(args.after && args.after.length > 0 ? { dependsOn: args.after } : {}) },
        );
        this.instanceId = this.attributes.instanceId;
        this.restartRequired = this.attributes.restartRequired;
        this.drift = this.attributes.drift;

        const policy = restartPolicyOf(args.restartPolicy, `ManagedInstance ${name}`);
        const restartManaged = attrs.hostName !== undefined || attrs.password !== undefined || attrs.userData !== undefined;
        if (restartManaged) {
            const wiring = restartWiring(policy, this.attributes);
            this.restart = new classes.InstanceReboot(
                `${name}-restart`,
                {
                    instanceId: this.attributes.instanceId,
                    region: args.region,
                    triggers: wiring.triggers,
                    forceStop: args.forceStopOnRestart,
                    rebootOnCreate: wiring.rebootOnCreate,
                    // Triggers recorded by an earlier release (its form of the same values) are no change.
                    legacyTriggers: legacyRestartTriggers(attrs),
                    observeOnly: args.observeOnly,
                },
                { parent: this, dependsOn: [this.attributes, ...(args.after ?? [])], ignoreChanges: wiring.ignoreChanges },
            );
        }
        this.pendingRestart = pendingRestartOutput(this.attributes, this.restart);

        if (args.reinitSystemDisk) {
            this.systemDiskReinit = new classes.DiskReinit(
                `${name}-system-disk`,
                { ...args.reinitSystemDisk, instanceId: this.attributes.instanceId, region: args.region, observeOnly: args.observeOnly },
                { parent: this, dependsOn: this.restart ? [this.attributes, this.restart] : [this.attributes] },
            );
        }

        this.registerOutputs({
            instanceId: this.instanceId,
            restartRequired: this.restartRequired,
            pendingRestart: this.pendingRestart,
            drift: this.drift,
        });
    }
}
