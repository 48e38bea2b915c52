import * as pulumi from "@pulumi/pulumi";
import { FleetMembership, FleetMembershipArgs } from "../../provider/alicloud/fleet-membership/resource";
import { GetInstancesArgs, getInstancesOutput, instanceSelectorSchema } from "../../provider/alicloud/lookups/get-instances";
import type { ExpectedCount } from "../../provider/core/fleet/membership-guard";
import { argNames, assertKnownArgs } from "../../provider/core/inputs/suggest";
import { assertValid } from "../../provider/core/inputs/validation";
import { checkFleetIds, checkSelectorArgs, FleetNames, rollOut, rollOutSelection, selectedMembers } from "../core/fleet";
import type { RestartStrategy } from "../core/rolling-restart";
import { ManagedAttributesArgs, ManagedInstance, RestartPolicy } from "./managed-instance";
import { AlicloudResourceClasses, DYNAMIC_ALICLOUD_CLASSES } from "./resource-classes";

/** The arguments `InstanceFleet` knows (a plain-JavaScript program may pass others: they are refused). */

/** The filters of `alicloud.getInstances` that choose the members of an `InstanceFleet`; all of them must hold. */
export type InstanceSelector = Omit<GetInstancesArgs, "region" | "instanceIds">;

export type { ExpectedCount };

/** The arguments of `alicloud.InstanceFleet`: `instanceIds`, `selector`, or both. */
export interface InstanceFleetArgs {
    /**
     * The existing instances of the fleet. A plain list: each id becomes one child `ManagedInstance`
     * named `<fleet>-<instanceId>`, so adding or removing an id touches only that instance.
     * Required unless `selector` is given; with a selector, these are members whatever it selects.
     */
    instanceIds?: string[];
    /**
     * Members chosen by a look-up (`alicloud.getInstances` filters: `tags`, `namePattern`, `status`,
     * `vpcId`, `zoneId`; at least one), in the fleet's region, run at every preview and up. The
     * members are these and `instanceIds` (each once), each a child `ManagedInstance` named
     * `<fleet>-<instanceId>`: an instance that starts matching joins (a `+` member in the preview),
     * one that stops matching is released (its child deleted: only the owner tag `ecs-ops-owner` is
     * removed from the instance, nothing else is changed unless `attributes.restoreOnDelete`). An
     * instance another stack owns is refused in preview (docs/ownership.md). A `FleetMembership` child
     * records the members and refuses a selection outside `expectedCount`, or releasing more than half
     * of them at once.
     */
    selector?: InstanceSelector;
    /** With `selector`: bounds on the number of members; a selection outside them is refused in preview and up (nothing adopted or released). */
    expectedCount?: ExpectedCount;
    /** With `selector`: allow one update to release more than half of the current members (refused by default). Default false. */
    allowMassRelease?: boolean;
    /** Region of every instance; defaults to stack config `alicloud:region`. */
    region?: pulumi.Input<string>;
    /** The attribute policy applied to every instance (e.g. security groups, deletion protection, jumbo frames). */
    attributes?: ManagedAttributesArgs;
    /**
     * Take the instances even when its tag `ecs-ops-owner` names another stack: the tag moves to this stack
     * (docs/ownership.md). Default false: such an instance is refused in preview, naming the owner. Overrides
     * `attributes.takeOver`.
     */
    takeOver?: pulumi.Input<boolean>;
    /**
     * Per-instance attributes, keyed by instance id, merged over `attributes` (e.g. names and
     * hostnames). Without a selector, a key that is not in `instanceIds` is an error; with one, a
     * key that is not a member now is ignored with a warning (the instance may be out of the
     * selection for a while, e.g. untagged for maintenance).
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
    /**
     * Observe before enforcing, for every instance (see `ManagedInstance`): nothing in the cloud is
     * changed; each member's drift is in its `drift` output. Default false.
     */
    observeOnly?: pulumi.Input<boolean>;
}

/** The argument names of `InstanceFleet` (checked against `InstanceFleetArgs` by the compiler). */
export const INSTANCE_FLEET_ARGS = argNames<InstanceFleetArgs>({
    instanceIds: true,
    selector: true,
    expectedCount: true,
    allowMassRelease: true,
    region: true,
    attributes: true,
    takeOver: true,
    instances: true,
    restartPolicy: true,
    forceStopOnRestart: true,
    restartStrategy: true,
    observeOnly: true,
});
const RESTART_STRATEGY_ARGS = argNames<RestartStrategy>({ maxUnavailable: true });
const NAMES: FleetNames = { ids: "instanceIds", overrides: "instances", noun: "instance", running: "Running" };
const EXPECTED_COUNT_ARGS = argNames<ExpectedCount>({ min: true, max: true });

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
 *
 * Or the instances a selector finds, at every preview and up:
 *
 * ```ts
 * new alicloud.InstanceFleet("web", {
 *     selector: { tags: { tier: "web" }, status: "Running" },
 *     expectedCount: { min: 2, max: 50 },
 *     attributes: { securityGroupIds: ["sg-bp1...web"] },
 * });
 * ```
 */
export class InstanceFleet extends pulumi.ComponentResource {
    /** The classes of the children: the dynamic resources here; the provider plugin's subclass gives its own. */
    protected static readonly resourceClasses: AlicloudResourceClasses = DYNAMIC_ALICLOUD_CLASSES;
    /** The class of the members: `ManagedInstance` here; the provider plugin's subclass gives its own. */
    protected static readonly memberClass: typeof ManagedInstance = ManagedInstance;
    /**
     * The children, keyed by instance id. With a selector, filled once the look-up has answered
     * (after the constructor returns): use `memberIds` to depend on the members.
     */
    readonly instances: Record<string, ManagedInstance>;
    /** The member ids: `instanceIds`, then the ones the selector chose (sorted). */
    readonly memberIds: pulumi.Output<string[]>;
    /** The recorded members and their guard, when the fleet has a selector. */
    readonly membership?: FleetMembership;
    /** Instance ids of the fleet that still wait for a restart (policy "never", or a restart not yet done). */
    readonly pendingRestart: pulumi.Output<string[]>;
    /** The rolling-restart waves, in order (empty when nothing is restarted by the fleet). */
    readonly restartWaves: pulumi.Output<string[][]>;

    constructor(name: string, args: InstanceFleetArgs, opts?: pulumi.ComponentResourceOptions) {
        assertKnownArgs(`InstanceFleet "${name}"`, args, INSTANCE_FLEET_ARGS);
        assertKnownArgs(`InstanceFleet "${name}"`, args.restartStrategy, RESTART_STRATEGY_ARGS, "restartStrategy");
        assertKnownArgs(`InstanceFleet "${name}"`, args.expectedCount, EXPECTED_COUNT_ARGS, "expectedCount");
        const classes = new.target.resourceClasses;
        const Member = new.target.memberClass;
        super("ecs-ops:alicloud:InstanceFleet", name, {}, opts);
        const where = `InstanceFleet ${name}`;
        const attributesOf = (id: string): ManagedAttributesArgs => ({ ...args.attributes, ...args.instances?.[id] });
        const restarts = (args.restartPolicy ?? "auto") === "auto";
        const restartManaged = (id: string): boolean => {
            const a = attributesOf(id);
            return a.hostName !== undefined || a.password !== undefined || a.userData !== undefined;
        };
        const member = (instanceId: string, after: pulumi.Resource[]): ManagedInstance =>
            new Member(
                `${name}-${instanceId}`,
                {
                    instanceId,
                    region: args.region,
                    attributes: attributesOf(instanceId),
                    takeOver: args.takeOver,
                    restartPolicy: args.restartPolicy,
                    forceStopOnRestart: args.forceStopOnRestart,
                    observeOnly: args.observeOnly,
                    after,
                },
                { parent: this },
            );
        if (args.selector === undefined) {
            // The id-list fleet, exactly as before selectors (same children, no membership record).
            checkSelectorArgs(where, NAMES, args.instanceIds, undefined, args);
            const ids = checkFleetIds(where, NAMES, args.instanceIds, args.instances);
            const rolled = rollOut(where, NAMES, this, ids, args.restartStrategy, (id) => restarts && restartManaged(id), member);
            this.instances = rolled.members;
            this.memberIds = pulumi.output(ids);
            this.restartWaves = pulumi.output(rolled.waves);
            this.pendingRestart = rolled.pendingRestart;
        } else {
            const selector = assertValid(instanceSelectorSchema, args.selector, `${where} selector`) as InstanceSelector;
            const fixed = checkSelectorArgs(where, NAMES, args.instanceIds, selector, args);
            const selection = getInstancesOutput({ ...selector, region: args.region });
            this.memberIds = selection.apply((found) => selectedMembers(fixed, found.ids));
            const membership = new classes.FleetMembership(
                `${name}-membership`,
                {
                    fleet: `InstanceFleet "${name}"`,
                    selector: { ...selector } as FleetMembershipArgs["selector"],
                    members: this.memberIds,
                    expectedCount: args.expectedCount,
                    allowMassRelease: args.allowMassRelease,
                    observeOnly: args.observeOnly,
                },
                { parent: this },
            );
            this.membership = membership;
            const rolled = rollOutSelection(
                where,
                NAMES,
                this,
                this.memberIds,
                args.instances,
                args.restartStrategy,
                (id) => restarts && restartManaged(id),
                membership,
                member,
            );
            this.instances = rolled.members;
            this.restartWaves = rolled.waves;
            this.pendingRestart = rolled.pendingRestart;
        }

        this.registerOutputs({
            pendingRestart: this.pendingRestart,
            restartWaves: this.restartWaves,
            // The id-list fleet registers the outputs it always did.
            ...(this.membership ? { memberIds: this.memberIds } : {}),
        });
    }
}
