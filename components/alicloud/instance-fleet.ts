import * as pulumi from "@pulumi/pulumi";
import { argNames, assertKnownArgs } from "../../provider/core/inputs/suggest";
import { checkFleetIds, FleetNames, rollOut } from "../core/fleet";
import type { RestartStrategy } from "../core/rolling-restart";
import { ManagedAttributesArgs, ManagedInstance, RestartPolicy } from "./managed-instance";

/** The arguments `InstanceFleet` knows (a plain-JavaScript program may pass others: they are refused). */

/** The arguments of `alicloud.InstanceFleet`. */
export interface InstanceFleetArgs {
    /**
     * The existing instances of the fleet. A plain list: each id becomes one child `ManagedInstance`
     * named `<fleet>-<instanceId>`, so adding or removing an id touches only that instance.
     */
    instanceIds: string[];
    /** Region of every instance; defaults to stack config `alicloud:region`. */
    region?: pulumi.Input<string>;
    /** The attribute policy applied to every instance (e.g. security groups, deletion protection, jumbo frames). */
    attributes?: ManagedAttributesArgs;
    /**
     * Per-instance attributes, keyed by instance id, merged over `attributes` (e.g. names and
     * hostnames). A key that is not in `instanceIds` is an error.
     */
    instances?: Record<string, ManagedAttributesArgs>;
    /** Restart policy of every instance (see `ManagedInstance`). Default "auto". */
    restartPolicy?: RestartPolicy;
    /** Hard restarts under the auto policy. Default false. */
    forceStopOnRestart?: pulumi.Input<boolean>;
    /**
     * Rolling restarts under the auto policy: the instances, in the order of `instanceIds`, form
     * waves of at most `maxUnavailable` (default `"25%"` of the fleet, at least 1). A wave is changed
     * and restarted only once every restart of the wave before it is done (the instance Running
     * again); a failed restart stops the rollout there, leaving the later waves untouched, and the
     * next `up` continues from it. The waves are printed by preview and up and given as
     * `restartWaves`.
     */
    restartStrategy?: RestartStrategy;
}

const INSTANCE_FLEET_ARGS = argNames<InstanceFleetArgs>({
    instanceIds: true,
    region: true,
    attributes: true,
    instances: true,
    restartPolicy: true,
    forceStopOnRestart: true,
    restartStrategy: true,
});
const RESTART_STRATEGY_ARGS = argNames<RestartStrategy>({ maxUnavailable: true });
const NAMES: FleetNames = { ids: "instanceIds", overrides: "instances", noun: "instance", running: "Running" };

/**
 * The same attribute policy over many existing instances — e.g. the security groups and deletion
 * protection of every instance of a tier — with per-instance names and hostnames. One
 * `ManagedInstance` child per instance.
 *
 * ```ts
 * new alicloud.InstanceFleet("web", {
 *     instanceIds: ["i-bp1...01", "i-bp1...02"],
 *     attributes: { securityGroupIds: ["sg-bp1...web"], deletionProtection: true },
 *     instances: { "i-bp1...01": { instanceName: "web-1", hostName: "web-1" } },
 * });
 * ```
 */
export class InstanceFleet extends pulumi.ComponentResource {
    /** The children, keyed by instance id. */
    readonly instances: Record<string, ManagedInstance>;
    /** Instance ids of the fleet that still wait for a restart (policy "never", or a restart not yet done). */
    readonly pendingRestart: pulumi.Output<string[]>;
    /** The rolling-restart waves, in order (empty when nothing is restarted by the fleet). */
    readonly restartWaves: pulumi.Output<string[][]>;

    constructor(name: string, args: InstanceFleetArgs, opts?: pulumi.ComponentResourceOptions) {
        assertKnownArgs(`InstanceFleet "${name}"`, args, INSTANCE_FLEET_ARGS);
        assertKnownArgs(`InstanceFleet "${name}"`, args.restartStrategy, RESTART_STRATEGY_ARGS, "restartStrategy");
        super("ecs-ops:alicloud:InstanceFleet", name, {}, opts);
        const ids = checkFleetIds(`InstanceFleet ${name}`, NAMES, args.instanceIds, args.instances);
        const attributesOf = (id: string): ManagedAttributesArgs => ({ ...args.attributes, ...args.instances?.[id] });
        const restarts = (args.restartPolicy ?? "auto") === "auto";
        const restartManaged = (id: string): boolean => {
            const a = attributesOf(id);
            return a.hostName !== undefined || a.password !== undefined || a.userData !== undefined;
        };
        const rolled = rollOut(`InstanceFleet ${name}`, NAMES, this, ids, args.restartStrategy, (id) => restarts && restartManaged(id), (instanceId, after) =>
            new ManagedInstance(
                `${name}-${instanceId}`,
                {
                    instanceId,
                    region: args.region,
                    attributes: attributesOf(instanceId),
                    restartPolicy: args.restartPolicy,
                    forceStopOnRestart: args.forceStopOnRestart,
                    after,
                },
                { parent: this },
            ),
        );
        this.instances = rolled.members;
        this.restartWaves = pulumi.output(rolled.waves);
        this.pendingRestart = rolled.pendingRestart;

        this.registerOutputs({ pendingRestart: this.pendingRestart, restartWaves: this.restartWaves });
    }
}
