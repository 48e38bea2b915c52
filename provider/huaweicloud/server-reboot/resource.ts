import * as pulumi from "@pulumi/pulumi";
import { DelegatingResource, delegatingProvider } from "../../core/resource/delegating-provider";
import { REGISTRY_MODULE } from "../../registry";
import { refuseImport } from "../../core/resource/import-answer";
import { SECRET_CONFIG_KEYS, warnOnPlaintextSecretConfig } from "../../core/credentials/plaintext-config-warning";
import type { Timeouts } from "../../core/inputs/timeouts";
import { withUnknownArgs } from "../../core/inputs/unknown-args";

/** The provider of every ServerReboot: it holds only the handler's module path. */
const provider = delegatingProvider(REGISTRY_MODULE, "huaweicloud.ServerReboot");

/** The arguments of `huaweicloud.ServerReboot`. */
export interface ServerRebootArgs {
    /** Id (UUID) of the existing server to reboot. Changing it replaces the resource (the new one reboots its server once). */
    serverId: pulumi.Input<string>;
    /** Region of the server (e.g. `cn-north-4`); default: stack config `huaweicloud:region`, then `HW_REGION_NAME`. Changing it replaces the resource. */
    region?: pulumi.Input<string>;
    /** Project id (32 hex characters) of that region; default: stack config `huaweicloud:projectId`, then `HW_PROJECT_ID`. Changing it replaces the resource. */
    projectId?: pulumi.Input<string>;
    /** `"SOFT"` (default: the guest shuts down cleanly) or `"HARD"` (a power cycle; unwritten data may be lost). */
    type?: pulumi.Input<"SOFT" | "HARD">;
    /**
     * Any values: whenever they change (compared deeply), the server is rebooted once. Use e.g.
     * `ServerAttributes.restartTrigger`, or the outputs whose change needs a restart.
     */
    triggers?: pulumi.Input<unknown>;
    /**
     * Reboot when the resource is created (default true). With false, create only checks that the
     * server exists and records it (`rebootCount` 0); later trigger changes reboot as usual.
     */
    rebootOnCreate?: pulumi.Input<boolean>;
    /** Limits of create / update (each reboot and its job), as durations such as `"10m"`. Default 10 minutes. */
    timeouts?: pulumi.Input<Timeouts>;
}

/**
 * Reboots an existing Huawei Cloud ECS server as an explicit operation (`BatchRebootServers`, SOFT
 * or HARD): once when the resource is created (unless `rebootOnCreate: false`) and once more
 * whenever `triggers` change, exactly once per change; it follows the reboot job to its end and
 * waits until the server is ACTIVE again, printing progress. Changing `type` or `timeouts` only
 * updates the resource; deleting it does nothing to the server. The server must be ACTIVE and not
 * locked; otherwise the operation fails with a clear error before anything is sent.
 *
 * ```ts
 * import { huaweicloud } from "ecs-ops";
 * const attrs = new huaweicloud.ServerAttributes("web-1", { serverId, hostname: "web-1" });
 * new huaweicloud.ServerReboot("web-1-restart", { serverId, triggers: attrs.restartTrigger });
 * ```
 */
export class ServerReboot extends DelegatingResource {
    /** The server rebooted. */
    declare readonly serverId: pulumi.Output<string>;
    /** The region given, if any. */
    declare readonly region: pulumi.Output<string | undefined>;
    /** The project given, if any. */
    declare readonly projectId: pulumi.Output<string | undefined>;
    declare readonly type: pulumi.Output<"SOFT" | "HARD" | undefined>;
    /** The triggers of the last reboot. */
    declare readonly triggers: pulumi.Output<unknown>;
    declare readonly rebootOnCreate: pulumi.Output<boolean | undefined>;
    declare readonly timeouts: pulumi.Output<Timeouts | undefined>;
    /** ISO 8601 time the last reboot was accepted (undefined before the first one). */
    declare readonly lastRebootAt: pulumi.Output<string | undefined>;
    /** Job id of the last BatchRebootServers (undefined before the first one, or when its answer was lost). */
    declare readonly lastJobId: pulumi.Output<string | undefined>;
    /** Reboots performed by this resource (1 after create, 0 with `rebootOnCreate: false`). */
    declare readonly rebootCount: pulumi.Output<number>;
    /** Set while an accepted reboot job has not been seen to end: the next `up` follows it instead of rebooting again. */
    declare readonly pendingJobId: pulumi.Output<string | undefined>;
    /** The failure of the last reboot job when it FAILed (code, reason, sub-job message). */
    declare readonly failure: pulumi.Output<string | undefined>;
    /** What the last preview or `up` planned for this resource ("none" when nothing is sent). */
    declare readonly plannedOperation: pulumi.Output<string | undefined>;

    constructor(name: string, args: ServerRebootArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport(opts, "huaweicloud.ServerReboot", name);
        warnOnPlaintextSecretConfig(SECRET_CONFIG_KEYS.huaweicloud);
        super(
            provider,
            name,
            // Every output must be a key of props (even when undefined), or Pulumi does not resolve it.
            // A key the class does not know goes on too, for check to reject by name.
            withUnknownArgs(
                {
                    serverId: args.serverId,
                    region: args.region,
                    projectId: args.projectId,
                    type: args.type,
                    triggers: args.triggers,
                    rebootOnCreate: args.rebootOnCreate,
                    timeouts: args.timeouts,
                    lastRebootAt: undefined,
                    lastJobId: undefined,
                    rebootCount: undefined,
                    pendingJobId: undefined,
                    failure: undefined,
                    plannedOperation: undefined,
                },
                args,
            ),
            opts,
            "ecs-ops",
            "huaweicloud.ServerReboot",
        );
    }
}
