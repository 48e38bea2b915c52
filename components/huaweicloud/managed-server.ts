import * as pulumi from "@pulumi/pulumi";
import { ServerAttributes, ServerAttributesArgs } from "../../provider/huaweicloud/server-attributes/resource";
import { ServerReboot } from "../../provider/huaweicloud/server-reboot/resource";
import { ServerReinstall, ServerReinstallArgs } from "../../provider/huaweicloud/server-reinstall/resource";
import { argNames, assertKnownArgs } from "../../provider/core/inputs/suggest";
import { DYNAMIC_HUAWEICLOUD_CLASSES, HuaweicloudResourceClasses } from "./resource-classes";
import { pendingRestartOutput, restartPolicyOf, RestartPolicy, restartWiring } from "../core/restart-policy";

export type { RestartPolicy };

/**
 * The attributes a `ManagedServer` manages: every `ServerAttributes` input but the server, region
 * and project (given once, on the `ManagedServer`, for all its resources).
 */
export type ManagedServerAttributesArgs = Omit<ServerAttributesArgs, "serverId" | "region" | "projectId" | "observeOnly">;

/** A reinstall of the server's OS, run when its `triggers` change (region and project: the `ManagedServer`'s). */
export type ManagedServerReinstallArgs = Omit<ServerReinstallArgs, "serverId" | "region" | "projectId" | "observeOnly">;

/** The arguments of `huaweicloud.ManagedServer`. */
export interface ManagedServerArgs {
    /** Id (UUID) of the existing ECS server to manage. */
    serverId: pulumi.Input<string>;
    /** Region of the server, for its attributes, reboot and reinstall; default: stack config `huaweicloud:region`, then `HW_REGION_NAME`. Changing it replaces them. */
    region?: pulumi.Input<string>;
    /** Project id of that region, for the same resources; default: stack config `huaweicloud:projectId`, then `HW_PROJECT_ID`. Changing it replaces them. */
    projectId?: pulumi.Input<string>;
    /** The attributes to manage; an attribute left unset is not managed. */
    attributes?: ManagedServerAttributesArgs;
    /**
     * Take the server even when its tag `ecs-ops-owner` names another stack: the tag moves to this stack
     * (docs/ownership.md). Default false: such a server is refused in preview, naming the owner. Overrides
     * `attributes.takeOver`.
     */
    takeOver?: pulumi.Input<boolean>;
    /**
     * `"auto"` (default): a change of the hostname is followed by exactly one reboot
     * (BatchRebootServers), after the change. `"never"`: nothing is rebooted; `pendingRestart` says
     * when one is needed. Switching from "never" to "auto" reboots once if a restart is pending (a
     * hostname change made under "never", or pending when taken under management), and not at all
     * otherwise. A reboot made outside ecs-ops meanwhile is not known to the switch.
     */
    restartPolicy?: RestartPolicy;
    /** Reboot type under the auto policy: `"SOFT"` (default) or `"HARD"`. */
    rebootType?: pulumi.Input<"SOFT" | "HARD">;
    /** Optional reinstall of the OS (ServerReinstall), with its own `triggers`; runs after the attributes and the restart. Destructive. */
    reinstall?: ManagedServerReinstallArgs;
    /**
     * Resources the attributes and the restart of this server wait for (`ServerFleet`'s rolling
     * restart: the previous wave's reboots, so a wave is changed and restarted only after the one
     * before it is ACTIVE again).
     */
    after?: pulumi.Resource[];
    /**
     * Observe before enforcing: every child (attributes, reboot, reinstall) reads the cloud and
     * changes nothing; the drift shows in the preview and in the output `drift`, an operation that
     * becomes due is recorded (not run). Turning it off enforces the program (see docs/drift.md).
     * Default false.
     */
    observeOnly?: pulumi.Input<boolean>;
}

/** The argument names of `ManagedServer` (checked against `ManagedServerArgs` by the compiler). */
export const MANAGED_SERVER_ARGS = argNames<ManagedServerArgs>({
    serverId: true,
    region: true,
    projectId: true,
    attributes: true,
    takeOver: true,
    restartPolicy: true,
    rebootType: true,
    reinstall: true,
    after: true,
    observeOnly: true,
});

/** Whether these attributes include one whose change needs a restart (the hostname). */
export function restartManaged(attributes: ManagedServerAttributesArgs | undefined): boolean {
    return attributes?.hostname !== undefined;
}

/**
 * One existing Huawei Cloud ECS server under management: its attributes (one `ServerAttributes`),
 * the restart a hostname change needs (one `ServerReboot` under the auto policy), and optionally
 * an OS reinstall (`ServerReinstall`). The same behaviour as Alibaba's `ManagedInstance`.
 *
 * ```ts
 * const web = new huaweicloud.ManagedServer("web-1", {
 *     serverId: "7f3d9350-288d-41dd-9616-195bba332426",
 *     attributes: { name: "web-1", hostname: "web-1", metadata: { owner: "platform" } },
 * });
 * ```
 */
export class ManagedServer extends pulumi.ComponentResource {
    /** The classes of the children: the dynamic resources here; the provider plugin's subclass gives its own. */
    protected static readonly resourceClasses: HuaweicloudResourceClasses = DYNAMIC_HUAWEICLOUD_CLASSES;
    /** The managed attributes. */
    readonly attributes: ServerAttributes;
    /**
     * The reboot that applies a hostname change, present whenever the hostname is managed. Under
     * the "never" policy it never reboots; it keeps the record of the last reboot, so that a policy
     * switch neither reports a restart already done as pending nor repeats it.
     */
    readonly restart?: ServerReboot;
    /** The OS reinstall, when `reinstall` is given. */
    readonly reinstall?: ServerReinstall;
    /** The managed server. */
    readonly serverId: pulumi.Output<string>;
    /** Attributes changed by ecs-ops that the guest sees only after a restart. */
    readonly restartRequired: pulumi.Output<string[]>;
    /** True while a change still waits for a restart (under the auto policy: until the reboot has happened). */
    readonly pendingRestart: pulumi.Output<boolean>;
    /** Under `observeOnly`: how the server differs from the program (`[{property, program, cloud}]`); undefined otherwise. */
    readonly drift: ServerAttributes["drift"];

    constructor(name: string, args: ManagedServerArgs, opts?: pulumi.ComponentResourceOptions) {
        assertKnownArgs(`ManagedServer "${name}"`, args, MANAGED_SERVER_ARGS);
        const classes = new.target.resourceClasses;
        super("ecs-ops:huaweicloud:ManagedServer", name, {}, opts);
        const attrs = args.attributes ?? {};
        const policy = restartPolicyOf(args.restartPolicy, `ManagedServer ${name}`);
        // Every child calls the same region and project.
        const target = { region: args.region, projectId: args.projectId };
        this.attributes = new classes.ServerAttributes(
            name,
            {
                ...attrs,
                ...(args.takeOver !== undefined ? { takeOver: args.takeOver } : {}),
                serverId: args.serverId,
                ...target,
                observeOnly: args.observeOnly,
            },
            { parent: this, ...(args.after && args.after.length > 0 ? { dependsOn: args.after } : {}) },
        );
        this.serverId = this.attributes.serverId;
        this.restartRequired = this.attributes.restartRequired;
        this.drift = this.attributes.drift;
        if (restartManaged(attrs)) {
            const wiring = restartWiring(policy, this.attributes);
            this.restart = new classes.ServerReboot(
                `${name}-restart`,
                {
                    serverId: this.attributes.serverId,
                    ...target,
                    type: args.rebootType,
                    triggers: wiring.triggers,
                    rebootOnCreate: wiring.rebootOnCreate,
                    observeOnly: args.observeOnly,
                },
                { parent: this, dependsOn: [this.attributes, ...(args.after ?? [])], ignoreChanges: wiring.ignoreChanges },
            );
        }
        this.pendingRestart = pendingRestartOutput(this.attributes, this.restart);
        if (args.reinstall) {
            this.reinstall = new classes.ServerReinstall(
                `${name}-reinstall`,
                { ...args.reinstall, serverId: this.attributes.serverId, ...target, observeOnly: args.observeOnly },
                { parent: this, dependsOn: this.restart ? [this.attributes, this.restart] : [this.attributes] },
            );
        }
        this.registerOutputs({ serverId: this.serverId, restartRequired: this.restartRequired, pendingRestart: this.pendingRestart, drift: this.drift });
    }
}
