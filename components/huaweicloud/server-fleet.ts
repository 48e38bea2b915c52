import * as pulumi from "@pulumi/pulumi";
import { argNames, assertKnownArgs } from "../../provider/core/inputs/suggest";
import { checkFleetIds, FleetNames, rollOut } from "../core/fleet";
import type { RestartStrategy } from "../core/rolling-restart";
import { ManagedServer, ManagedServerAttributesArgs, ManagedServerReinstallArgs, restartManaged, RestartPolicy } from "./managed-server";

/** The settings of one server of a `ServerFleet`, merged over the fleet's: its attributes and, optionally, its reinstall. */
export interface ServerFleetServerArgs extends ManagedServerAttributesArgs {
    /**
     * This server's reinstall, merged over the fleet's `reinstall` (e.g. its own `triggers` or
     * `adminPass`); `false`: no reinstall for this server even when the fleet has one.
     */
    reinstall?: ManagedServerReinstallArgs | false;
}

/** The arguments of `huaweicloud.ServerFleet`. */
export interface ServerFleetArgs {
    /**
     * The existing servers of the fleet. A plain list: each id becomes one child `ManagedServer`
     * named `<fleet>-<serverId>`, so adding or removing an id touches only that server.
     */
    serverIds: string[];
    /** Region of every server; default: stack config `huaweicloud:region`, then `HW_REGION_NAME`. */
    region?: pulumi.Input<string>;
    /** Project id of that region; default: stack config `huaweicloud:projectId`, then `HW_PROJECT_ID`. */
    projectId?: pulumi.Input<string>;
    /** The attribute policy applied to every server (e.g. security groups, metadata, tags). */
    attributes?: ManagedServerAttributesArgs;
    /**
     * Per-server settings, keyed by server id, merged over the fleet's: attributes over
     * `attributes` (e.g. names and hostnames), `reinstall` over `reinstall`. A key not in
     * `serverIds` is an error.
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
}

const SERVER_FLEET_ARGS = argNames<ServerFleetArgs>({
    serverIds: true,
    region: true,
    projectId: true,
    attributes: true,
    servers: true,
    restartPolicy: true,
    rebootType: true,
    reinstall: true,
    restartStrategy: true,
});
const SERVER_ARGS = argNames<ServerFleetServerArgs>({
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
 */
export class ServerFleet extends pulumi.ComponentResource {
    /** The children, keyed by server id. */
    readonly servers: Record<string, ManagedServer>;
    /** Server ids of the fleet that still wait for a restart (policy "never", or a restart not yet done). */
    readonly pendingRestart: pulumi.Output<string[]>;
    /** The rolling-restart waves, in order (empty when nothing is restarted by the fleet). */
    readonly restartWaves: pulumi.Output<string[][]>;

    constructor(name: string, args: ServerFleetArgs, opts?: pulumi.ComponentResourceOptions) {
        assertKnownArgs(`ServerFleet "${name}"`, args, SERVER_FLEET_ARGS);
        assertKnownArgs(`ServerFleet "${name}"`, args.restartStrategy, RESTART_STRATEGY_ARGS, "restartStrategy");
        for (const [id, own] of Object.entries(args.servers ?? {})) assertKnownArgs(`ServerFleet "${name}"`, own, SERVER_ARGS, `servers["${id}"]`);
        super("ecs-ops:huaweicloud:ServerFleet", name, {}, opts);
        const ids = checkFleetIds(`ServerFleet ${name}`, NAMES, args.serverIds, args.servers);
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
        const rolled = rollOut(`ServerFleet ${name}`, NAMES, this, ids, args.restartStrategy, (id) => restarts && restartManaged(attributesOf(id)), (serverId, after) =>
            new ManagedServer(
                `${name}-${serverId}`,
                {
                    serverId,
                    region: args.region,
                    projectId: args.projectId,
                    attributes: attributesOf(serverId),
                    restartPolicy: args.restartPolicy,
                    rebootType: args.rebootType,
                    reinstall: reinstallOf(serverId),
                    after,
                },
                { parent: this },
            ),
        );
        this.servers = rolled.members;
        this.restartWaves = pulumi.output(rolled.waves);
        this.pendingRestart = rolled.pendingRestart;
        this.registerOutputs({ pendingRestart: this.pendingRestart, restartWaves: this.restartWaves });
    }
}
