import * as pulumi from "@pulumi/pulumi";
import { assertKnownArgs } from "../../provider/core/suggest";
import { ManagedAttributesArgs, ManagedInstance, RestartPolicy } from "./managed-instance";

/** The arguments `InstanceFleet` knows (a plain-JavaScript program may pass others: they are refused). */
const INSTANCE_FLEET_ARGS = ["instanceIds", "region", "attributes", "instances", "restartPolicy", "forceStopOnRestart"];

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
}

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

    constructor(name: string, args: InstanceFleetArgs, opts?: pulumi.ComponentResourceOptions) {
        assertKnownArgs(`InstanceFleet "${name}"`, args, INSTANCE_FLEET_ARGS);
        super("ecs-ops:alicloud:InstanceFleet", name, {}, opts);
        const ids = args.instanceIds;
        if (!Array.isArray(ids) || ids.length === 0) {
            throw new Error(`InstanceFleet ${name}: instanceIds must be a non-empty list of instance ids`);
        }
        const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
        if (duplicates.length > 0) {
            throw new Error(`InstanceFleet ${name}: instanceIds lists ${[...new Set(duplicates)].join(", ")} more than once`);
        }
        const strays = Object.keys(args.instances ?? {}).filter((id) => !ids.includes(id));
        if (strays.length > 0) {
            throw new Error(`InstanceFleet ${name}: instances has settings for ${strays.join(", ")}, which ${strays.length > 1 ? "are" : "is"} not in instanceIds`);
        }

        this.instances = {};
        for (const instanceId of ids) {
            this.instances[instanceId] = new ManagedInstance(
                `${name}-${instanceId}`,
                {
                    instanceId,
                    region: args.region,
                    attributes: { ...args.attributes, ...args.instances?.[instanceId] },
                    restartPolicy: args.restartPolicy,
                    forceStopOnRestart: args.forceStopOnRestart,
                },
                { parent: this },
            );
        }
        this.pendingRestart = pulumi
            .all(ids.map((id) => this.instances[id].pendingRestart.apply((pending) => (pending ? id : undefined))))
            .apply((list) => list.filter((id): id is string => id !== undefined));

        this.registerOutputs({ pendingRestart: this.pendingRestart });
    }
}
