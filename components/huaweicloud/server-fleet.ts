import * as pulumi from "@pulumi/pulumi";
import { argNames, assertKnownArgs } from "../../provider/core/suggest";
import { checkFleetIds, FleetNames, rollOut } from "../core/fleet";
import type { RestartStrategy } from "../core/rolling-restart";
import { ManagedServer, ManagedServerAttributesArgs, restartManaged, RestartPolicy } from "./managed-server";

/** The arguments of `huaweicloud.ServerFleet`. */
export interface ServerFleetArgs {
    /**
     * The existing servers of the fleet. A plain list: each id becomes one child `ManagedServer`
     * named `<fleet>-<serverId>`, so adding or removing an id touches only that server.
     */
    serverIds: string[];
    /** The attribute policy applied to every server (e.g. security groups, metadata, tags). */
    attributes?: ManagedServerAttributesArgs;
    /** Per-server attributes, keyed by server id, merged over `attributes` (e.g. names and hostnames). A key not in `serverIds` is an error. */
    servers?: Record<string, ManagedServerAttributesArgs>;
    /** Restart policy of every server (see `ManagedServer`). Default "auto". */
    restartPolicy?: RestartPolicy;
    /** Reboot type under the auto policy: `"SOFT"` (default) or `"HARD"`. */
    rebootType?: pulumi.Input<"SOFT" | "HARD">;
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
    attributes: true,
    servers: true,
    restartPolicy: true,
    rebootType: true,
    restartStrategy: true,
});
const RESTART_STRATEGY_ARGS = argNames<RestartStrategy>({ maxUnavailable: true });
const NAMES: FleetNames = { ids: "serverIds", overrides: "servers", noun: "server", running: "ACTIVE" };

/**
 * The same attribute policy over many existing Huawei Cloud servers, with per-server names and
 * hostnames, and rolling restarts. One `ManagedServer` child per server. The same behaviour as
 * Alibaba's `InstanceFleet`.
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
        super("ecs-ops:huaweicloud:ServerFleet", name, {}, opts);
        const ids = checkFleetIds(`ServerFleet ${name}`, NAMES, args.serverIds, args.servers);
        const attributesOf = (id: string): ManagedServerAttributesArgs => ({ ...args.attributes, ...args.servers?.[id] });
        const restarts = (args.restartPolicy ?? "auto") === "auto";
        const rolled = rollOut(`ServerFleet ${name}`, NAMES, this, ids, args.restartStrategy, (id) => restarts && restartManaged(attributesOf(id)), (serverId, after) =>
            new ManagedServer(
                `${name}-${serverId}`,
                { serverId, attributes: attributesOf(serverId), restartPolicy: args.restartPolicy, rebootType: args.rebootType, after },
                { parent: this },
            ),
        );
        this.servers = rolled.members;
        this.restartWaves = pulumi.output(rolled.waves);
        this.pendingRestart = rolled.pendingRestart;
        this.registerOutputs({ pendingRestart: this.pendingRestart, restartWaves: this.restartWaves });
    }
}
