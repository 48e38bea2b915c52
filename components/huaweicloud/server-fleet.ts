import * as pulumi from "@pulumi/pulumi";
import { FleetMembership, FleetMembershipArgs } from "../../provider/huaweicloud/fleet-membership/resource";
import { GetServersArgs, getServersOutput, serverSelectorSchema } from "../../provider/huaweicloud/lookups/get-servers";
import type { ExpectedCount } from "../../provider/core/fleet/membership-guard";
import { argNames, assertKnownArgs } from "../../provider/core/inputs/suggest";
import { assertValid } from "../../provider/core/inputs/validation";
import { checkFleetIds, checkSelectorArgs, FleetNames, rollOut, rollOutSelection, selectedMembers } from "../core/fleet";
import type { RestartStrategy } from "../core/rolling-restart";
import { DYNAMIC_HUAWEICLOUD_CLASSES, HuaweicloudResourceClasses } from "./resource-classes";
import { ManagedServer, ManagedServerAttributesArgs, ManagedServerReinstallArgs, restartManaged, RestartPolicy } from "./managed-server";

/** The settings of one server of a `ServerFleet`, merged over the fleet's: its attributes and, optionally, its reinstall. */
export interface ServerFleetServerArgs extends ManagedServerAttributesArgs {
    /**
     * This server's reinstall, merged over the fleet's `reinstall` (e.g. its own `triggers` or
     * `adminPass`); `false`: no reinstall for this server even when the fleet has one.
     */
    reinstall?: ManagedServerReinstallArgs | false;
}

/** The filters of `huaweicloud.getServers` that choose the members of a `ServerFleet`; all of them must hold. */
export type ServerSelector = Omit<GetServersArgs, "region" | "projectId">;

export type { ExpectedCount };

/** The arguments of `huaweicloud.ServerFleet`: `serverIds`, `selector`, or both. */
export interface ServerFleetArgs {
    /**
     * The existing servers of the fleet. A plain list: each id becomes one child `ManagedServer`
     * named `<fleet>-<serverId>`, so adding or removing an id touches only that server.
     * Required unless `selector` is given; with a selector, these are members whatever it selects.
     */
    serverIds?: string[];
    /**
     * Members chosen by a look-up (`huaweicloud.getServers` filters: `tags`, `namePattern`,
     * `status`; at least one), in the fleet's region and project, run at every preview and up. The
     * members are these and `serverIds` (each once), each a child `ManagedServer` named
     * `<fleet>-<serverId>`: a server that starts matching joins (a `+` member in the preview), one
     * that stops matching is released (its child deleted: only the owner tag `ecs-ops-owner` is
     * removed from the server, nothing else is changed unless `attributes.restoreOnDelete`). A server
     * another stack owns is refused in preview (docs/ownership.md). A `FleetMembership` child records
     * the members and refuses a selection outside `expectedCount`, or releasing more than half of them
     * at once.
     */
    selector?: ServerSelector;
    /** With `selector`: bounds on the number of members; a selection outside them is refused in preview and up (nothing adopted or released). */
    expectedCount?: ExpectedCount;
    /** With `selector`: allow one update to release more than half of the current members (refused by default). Default false. */
    allowMassRelease?: boolean;
    /** Region of every server; default: stack config `huaweicloud:region`, then `HW_REGION_NAME`. */
    region?: pulumi.Input<string>;
    /** Project id of that region; default: stack config `huaweicloud:projectId`, then `HW_PROJECT_ID`. */
    projectId?: pulumi.Input<string>;
    /** The attribute policy applied to every server (e.g. security groups, metadata, tags). */
    attributes?: ManagedServerAttributesArgs;
    /**
     * Take the servers even when its tag `ecs-ops-owner` names another stack: the tag moves to this stack
     * (docs/ownership.md). Default false: such a server is refused in preview, naming the owner. Overrides
     * `attributes.takeOver`.
     */
    takeOver?: pulumi.Input<boolean>;
    /**
     * Per-server settings, keyed by server id, merged over the fleet's: attributes over
     * `attributes` (e.g. names and hostnames), `reinstall` over `reinstall`. Without a selector, a
     * key not in `serverIds` is an error; with one, a key that is not a member now is ignored with
     * a warning (the server may be out of the selection for a while).
     */
    servers?: Record<string, ServerFleetServerArgs>;
    /** Restart policy of every server (see `ManagedServer`). Default "auto". */
    restartPolicy?: RestartPolicy;
    /** Reboot type under the auto policy: `"SOFT"` (default) or `"HARD"`. */
    rebootType?: pulumi.Input<"SOFT" | "HARD">;
    /**
     * An OS reinstall of every server (a `ServerReinstall` per server, as `ManagedServer`'s
     * `reinstall`): run when the server is added to the fleet and whenever `triggers` change,
     * after its attributes and restart. Destructive. Per-server overrides in `servers`.
     */
    reinstall?: ManagedServerReinstallArgs;
    /**
     * Rolling restarts under the auto policy: the servers, in the order of `serverIds`, form waves
     * of at most `maxUnavailable` (default `"25%"` of the fleet, at least 1). A wave is changed and
     * restarted only once every restart of the wave before it is done (the server ACTIVE again); a
     * failed restart stops the rollout there, leaving the later waves untouched, and the next `up`
     * continues from it. The waves are printed by preview and up and given as `restartWaves`.
     */
    restartStrategy?: RestartStrategy;
    /**
     * Observe before enforcing, for every server (see `ManagedServer`): nothing in the cloud is
     * changed; each member's drift is in its `drift` output. Default false.
     */
    observeOnly?: pulumi.Input<boolean>;
}

/** The argument names of `ServerFleet` (checked against `ServerFleetArgs` by the compiler). */
export const SERVER_FLEET_ARGS = argNames<ServerFleetArgs>({
    serverIds: true,
    selector: true,
    expectedCount: true,
    allowMassRelease: true,
    region: true,
    projectId: true,
    attributes: true,
    takeOver: true,
    servers: true,
    restartPolicy: true,
    rebootType: true,
    reinstall: true,
    restartStrategy: true,
    observeOnly: true,
});
const SERVER_ARGS = argNames<ServerFleetServerArgs>({
    takeOver: true,
    name: true,
    description: true,
    hostname: true,
    securityGroupIds: true,
    metadata: true,
    tags: true,
    restoreOnDelete: true,
    timeouts: true,
    reinstall: true,
});
const RESTART_STRATEGY_ARGS = argNames<RestartStrategy>({ maxUnavailable: true });
const NAMES: FleetNames = { ids: "serverIds", overrides: "servers", noun: "server", running: "ACTIVE" };
const EXPECTED_COUNT_ARGS = argNames<ExpectedCount>({ min: true, max: true });

/**
 * The same attribute policy over many existing Huawei Cloud servers, with per-server names and
 * hostnames, rolling restarts and an optional reinstall. One `ManagedServer` child per server. The
 * same behaviour as Alibaba's `InstanceFleet`.
 *
 * ```ts
 * new huaweicloud.ServerFleet("web", {
 *     serverIds: ["7f3d9350-…", "0f1ee700-…"],
 *     attributes: { metadata: { tier: "web" } },
 *     servers: { "7f3d9350-…": { name: "web-1", hostname: "web-1" } },
 *     restartStrategy: { maxUnavailable: 1 },
 * });
 * ```
 *
 * Or the servers a selector finds, at every preview and up:
 *
 * ```ts
 * new huaweicloud.ServerFleet("web", { selector: { tags: { tier: "web" } }, expectedCount: { min: 2 }, attributes: { metadata: { tier: "web" } } });
 * ```
 */
export class ServerFleet extends pulumi.ComponentResource {
    /** The classes of the children: the dynamic resources here; the provider plugin's subclass gives its own. */
    protected static readonly resourceClasses: HuaweicloudResourceClasses = DYNAMIC_HUAWEICLOUD_CLASSES;
    /** The class of the members: `ManagedServer` here; the provider plugin's subclass gives its own. */
    protected static readonly memberClass: typeof ManagedServer = ManagedServer;
    /**
     * The children, keyed by server id. With a selector, filled once the look-up has answered
     * (after the constructor returns): use `memberIds` to depend on the members.
     */
    readonly servers: Record<string, ManagedServer>;
    /** The member ids: `serverIds`, then the ones the selector chose (sorted). */
    readonly memberIds: pulumi.Output<string[]>;
    /** The recorded members and their guard, when the fleet has a selector. */
    readonly membership?: FleetMembership;
    /** Server ids of the fleet that still wait for a restart (policy "never", or a restart not yet done). */
    readonly pendingRestart: pulumi.Output<string[]>;
    /** The rolling-restart waves, in order (empty when nothing is restarted by the fleet). */
    readonly restartWaves: pulumi.Output<string[][]>;

    constructor(name: string, args: ServerFleetArgs, opts?: pulumi.ComponentResourceOptions) {
        assertKnownArgs(`ServerFleet "${name}"`, args, SERVER_FLEET_ARGS);
        assertKnownArgs(`ServerFleet "${name}"`, args.restartStrategy, RESTART_STRATEGY_ARGS, "restartStrategy");
        for (const [id, own] of Object.entries(args.servers ?? {})) assertKnownArgs(`ServerFleet "${name}"`, own, SERVER_ARGS, `servers["${id}"]`);
        assertKnownArgs(`ServerFleet "${name}"`, args.expectedCount, EXPECTED_COUNT_ARGS, "expectedCount");
        const classes = new.target.resourceClasses;
        const Member = new.target.memberClass;
        super("ecs-ops:huaweicloud:ServerFleet", name, {}, opts);
        const where = `ServerFleet ${name}`;
        const attributesOf = (id: string): ManagedServerAttributesArgs => {
            const { reinstall: _reinstall, ...own } = args.servers?.[id] ?? {};
            return { ...args.attributes, ...own };
        };
        const reinstallOf = (id: string): ManagedServerReinstallArgs | undefined => {
            const own = args.servers?.[id]?.reinstall;
            if (own === false || (own === undefined && args.reinstall === undefined)) return undefined;
            return { ...args.reinstall, ...own };
        };
        const restarts = (args.restartPolicy ?? "auto") === "auto";
        const member = (serverId: string, after: pulumi.Resource[]): ManagedServer =>
            new Member(
                `${name}-${serverId}`,
                {
                    serverId,
                    region: args.region,
                    projectId: args.projectId,
                    attributes: attributesOf(serverId),
                    takeOver: args.takeOver,
                    restartPolicy: args.restartPolicy,
                    rebootType: args.rebootType,
                    reinstall: reinstallOf(serverId),
                    observeOnly: args.observeOnly,
                    after,
                },
                { parent: this },
            );
        const restartsOf = (id: string): boolean => restarts && restartManaged(attributesOf(id));
        if (args.selector === undefined) {
            // The id-list fleet, exactly as before selectors (same children, no membership record).
            checkSelectorArgs(where, NAMES, args.serverIds, undefined, args);
            const ids = checkFleetIds(where, NAMES, args.serverIds, args.servers);
            const rolled = rollOut(where, NAMES, this, ids, args.restartStrategy, restartsOf, member);
            this.servers = rolled.members;
            this.memberIds = pulumi.output(ids);
            this.restartWaves = pulumi.output(rolled.waves);
            this.pendingRestart = rolled.pendingRestart;
        } else {
            const selector = assertValid(serverSelectorSchema, args.selector, `${where} selector`) as ServerSelector;
            const fixed = checkSelectorArgs(where, NAMES, args.serverIds, selector, args);
            const selection = getServersOutput({ ...selector, region: args.region, projectId: args.projectId });
            this.memberIds = selection.apply((found) => selectedMembers(fixed, found.ids));
            const membership = new classes.FleetMembership(
                `${name}-membership`,
                {
                    fleet: `ServerFleet "${name}"`,
                    selector: { ...selector } as FleetMembershipArgs["selector"],
                    members: this.memberIds,
                    expectedCount: args.expectedCount,
                    allowMassRelease: args.allowMassRelease,
                    observeOnly: args.observeOnly,
                },
                { parent: this },
            );
            this.membership = membership;
            const rolled = rollOutSelection(where, NAMES, this, this.memberIds, args.servers, args.restartStrategy, restartsOf, membership, member);
            this.servers = rolled.members;
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
