import * as pulumi from "@pulumi/pulumi";
import { DelegatingResource, delegatingProvider } from "../../core/resource/delegating-provider";
import { REGISTRY_MODULE } from "../../registry";
import { refuseImport } from "../../core/resource/import-answer";
import { SECRET_CONFIG_KEYS, warnOnPlaintextSecretConfig } from "../../core/credentials/plaintext-config-warning";
import type { Timeouts } from "../../core/inputs/timeouts";
import { withUnknownArgs } from "../../core/inputs/unknown-args";
// A tiny module of constants (no imports): cheap to load in user programs.
import { SERVER_ATTRIBUTES_INPUTS } from "./fields";

/**
 * The arguments of `huaweicloud.ServerAttributes`. Every attribute is optional: an attribute left
 * unset is not managed (neither read for drift nor changed). Names follow the ECS API
 * (`UpdateServer`, `UpdateServerMetadata`, the server's `security_groups`), as in
 * `@huaweicloud/huaweicloud-sdk-ecs`.
 */
export interface ServerAttributesArgs {
    /** Id (UUID) of the existing server to manage. Changing it replaces the resource. */
    serverId: pulumi.Input<string>;
    /** Region of the server (e.g. `cn-north-4`); default: stack config `huaweicloud:region`, then `HW_REGION_NAME`. Changing it replaces the resource. */
    region?: pulumi.Input<string>;
    /** Project id (32 hex characters) of that region; default: stack config `huaweicloud:projectId`, then `HW_PROJECT_ID`. Changing it replaces the resource. */
    projectId?: pulumi.Input<string>;
    /** Server name (`UpdateServer` `name`): 1-128 characters of letters (Chinese characters too), digits, `_`, `-` and `.`. */
    name?: pulumi.Input<string>;
    /** Description (`UpdateServer` `description`): at most 85 characters, without `<` or `>`; `""` clears it. */
    description?: pulumi.Input<string>;
    /**
     * Hostname of the OS (`UpdateServer` `hostname`); the guest sees it only after the server
     * restarts (`restartRequired`, `pendingRestart`). 1-64 characters; segments separated by periods,
     * of letters, digits and hyphens; no `..`, `--`, `.-` or `-.`; not starting or ending with `.` or `-`.
     */
    hostname?: pulumi.Input<string>;
    /**
     * The complete set of security groups of the server (ids, 1 to 10; order does not matter).
     * Changed by adding the missing and removing the extra ones, one call per group.
     */
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Metadata key/values the program manages (`UpdateServerMetadata`, `DeleteServerMetadata`): only
     * these keys are set, and a key dropped from this map is deleted; other keys of the server are
     * left alone. Keys: 1-255 of letters, digits, `-`, `_`, `:`, `.`; values: at most 255 characters.
     * System keys (`os_type`, `charging_mode`, `__*`, `metering.*`, …) cannot be managed.
     */
    metadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Tags the program manages (BatchCreateServerTags / BatchDeleteServerTags): only these keys; at most 10 per server. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** On delete, put back the managed attributes recorded when they were taken under management. Default false: delete leaves the server as it is. */
    restoreOnDelete?: pulumi.Input<boolean>;
    /** Time limits of create/update/delete, e.g. `{ update: "5m" }` (default 10 minutes each). */
    timeouts?: pulumi.Input<Timeouts>;
}

const provider = delegatingProvider(REGISTRY_MODULE, "huaweicloud.ServerAttributes");

/** Every output of the resource: the inputs it echoes and what the provider computes. */
const OUTPUTS = [
    "serverId",
    "region",
    "projectId",
    "name",
    "description",
    "hostname",
    "securityGroupIds",
    "metadata",
    "tags",
    "adoptedAttributes",
    "restartRequired",
    "pendingRestart",
    "restartPendingSince",
    "osType",
    "restoreOnDelete",
    "restartTrigger",
    "plannedOperation",
];

/**
 * The attributes of an existing Huawei Cloud ECS server as declarative state. `create` adopts the
 * server (it must exist) and applies what differs; an update makes one call per changed aspect
 * (`UpdateServer` for name/description/hostname, one per security group added or removed,
 * `UpdateServerMetadata` plus one `DeleteServerMetadata` per dropped key, one tag call per
 * direction); refresh reads the server back (batched `ListServersDetails`); delete releases it
 * (optionally restoring the attributes found at adoption).
 *
 * ```ts
 * import { huaweicloud } from "ecs-ops";
 * const attrs = new huaweicloud.ServerAttributes("web", {
 *     serverId: "8e5c1f3a-6c1d-4b1e-9a53-0c2f7d2b6a10",
 *     name: "web-1",
 *     hostname: "web-1",
 *     securityGroupIds: ["0b2a8f9e-4c1d-4e0b-9a1d-2f3e4d5c6b7a"],
 *     metadata: { owner: "platform" },
 * });
 * ```
 */
export class ServerAttributes extends DelegatingResource {
    /** The managed server's id. */
    declare readonly serverId: pulumi.Output<string>;
    /** The region the server is managed in (as resolved at adoption). */
    declare readonly region: pulumi.Output<string | undefined>;
    /** The project the server is managed in (as resolved at adoption). */
    declare readonly projectId: pulumi.Output<string>;
    /** Managed name (undefined when not managed). */
    declare readonly name: pulumi.Output<string | undefined>;
    /** Managed description. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** Managed hostname. */
    declare readonly hostname: pulumi.Output<string | undefined>;
    /** Managed security groups (sorted). */
    declare readonly securityGroupIds: pulumi.Output<string[] | undefined>;
    /** Managed metadata keys and their values. */
    declare readonly metadata: pulumi.Output<Record<string, string> | undefined>;
    /** Managed tags. */
    declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
    /** Cloud values of the managed attributes when they were taken under management (what `restoreOnDelete` puts back; a metadata or tag key that did not exist is recorded as null). */
    declare readonly adoptedAttributes: pulumi.Output<Record<string, unknown>>;
    /** Attributes changed by ecs-ops that the guest sees only after a restart (`hostname`). */
    declare readonly restartRequired: pulumi.Output<string[]>;
    /** True while `restartRequired` is not empty: feed it (or `restartTrigger`) to `huaweicloud.ServerReboot` triggers. */
    declare readonly pendingRestart: pulumi.Output<boolean>;
    /** When the oldest change still waiting for a restart was made (ISO time). */
    declare readonly restartPendingSince: pulumi.Output<string | undefined>;
    /** `Linux` or `Windows` (metadata `os_type`), as last observed. */
    declare readonly osType: pulumi.Output<string | undefined>;
    /** Whether delete restores the adopted attributes. */
    declare readonly restoreOnDelete: pulumi.Output<boolean | undefined>;
    /**
     * What a reboot applying restart-requiring changes must follow (feed it to
     * `huaweicloud.ServerReboot` triggers, as `ManagedServer` does): `{hostname, revision, reason}`;
     * `revision` grows with every run that changes the hostname — also when it puts back a value a
     * refresh found drifted — and `reason` says why. No secrets. Known during preview. Undefined when
     * the hostname is not managed.
     */
    declare readonly restartTrigger: pulumi.Output<{ hostname?: string; revision: number; reason: string } | undefined>;
    /** What the last preview or update planned beyond the calls themselves (restart effects), or "none". */
    declare readonly plannedOperation: pulumi.Output<string | undefined>;

    constructor(name: string, args: ServerAttributesArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport(opts, "huaweicloud.ServerAttributes", name);
        warnOnPlaintextSecretConfig(SECRET_CONFIG_KEYS.huaweicloud);
        const props: Record<string, unknown> = {};
        for (const key of SERVER_ATTRIBUTES_INPUTS) props[key] = (args as unknown as Record<string, unknown>)[key];
        // Every declared output must be a property for the engine to fill it; unset ones are not sent.
        for (const output of OUTPUTS) {
            if (!(output in props)) props[output] = undefined;
        }
        // A key the class does not know goes on too (as a secret: it may be a misspelt value), for check to reject by name.
        super(provider, name, withUnknownArgs(props, args), opts, "ecs-ops", "huaweicloud.ServerAttributes");
    }
}
