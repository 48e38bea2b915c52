import * as pulumi from "@pulumi/pulumi";
import { DelegatingResource, delegatingProvider } from "../../core/resource/delegating-provider";
import { REGISTRY_MODULE } from "../../registry";
import { refuseImport } from "../../core/resource/import-answer";
import { SECRET_CONFIG_KEYS, warnOnPlaintextSecretConfig } from "../../core/credentials/plaintext-config-warning";
// A tiny module of constants and pure functions (type-only imports): cheap to load in user programs.
import { ATTRIBUTE_KEYS, INSTANCE_ATTRIBUTES_INPUTS, SECRET_KEYS } from "./fields";

/** CPU options of an instance (`CpuOptions.*`); changeable only while the instance is Stopped. */
export interface InstanceAttributesCpuOptionsArgs {
    /** Number of CPU cores; not customizable: must be the instance type's default. */
    core?: pulumi.Input<number>;
    /** Threads per core: 1 turns hyper-threading off, 2 on. vCPUs = core × threadsPerCore. */
    threadsPerCore?: pulumi.Input<1 | 2>;
    /** CPU topology: `ContinuousCoreToHTMapping` or `DiscreteCoreToHTMapping` (some instance families only). */
    topologyType?: pulumi.Input<"ContinuousCoreToHTMapping" | "DiscreteCoreToHTMapping">;
    /** Nested virtualization, `enabled` or `disabled` (invitation-only preview). */
    nestedVirtualization?: pulumi.Input<"enabled" | "disabled">;
}

/** Private DNS name options of an instance (`PrivateDnsNameOptions.*`). */
export interface InstanceAttributesPrivateDnsNameOptionsArgs {
    /** Resolve the instance-id-based domain name to the IPv4 address. */
    enableInstanceIdDnsARecord?: pulumi.Input<boolean>;
    /** Resolve the instance-id-based domain name to the IPv6 address. */
    enableInstanceIdDnsAAAARecord?: pulumi.Input<boolean>;
    /** Resolve the IP-based domain name to the IPv4 address. */
    enableIpDnsARecord?: pulumi.Input<boolean>;
    /** Reverse-resolve the IPv4 address to the IP-based domain name. */
    enableIpDnsPtrRecord?: pulumi.Input<boolean>;
    /** Hostname type: `Custom` (default), `IpBased` or `InstanceIdBased`. */
    hostnameType?: pulumi.Input<"Custom" | "IpBased" | "InstanceIdBased">;
}

/** Remote connection options (`RemoteConnectionOptions.*`, invitation-only preview). */
export interface InstanceAttributesRemoteConnectionOptionsArgs {
    /** Remote connection password (secret: kept in state only as a fingerprint). */
    password?: pulumi.Input<string>;
    /** Remote connection type. */
    type?: pulumi.Input<string>;
}

/** Per-operation time limits, as durations such as `"30s"`, `"10m"`, `"1h"` (default 10m each). */
export interface InstanceAttributesTimeoutsArgs {
    create?: pulumi.Input<string>;
    update?: pulumi.Input<string>;
    delete?: pulumi.Input<string>;
}

/**
 * The arguments of `alicloud.InstanceAttributes`. Every attribute is optional: an attribute left
 * unset is not managed (neither read for drift nor changed). Names follow `@pulumi/alicloud`.
 */
export interface InstanceAttributesArgs {
    /** The id of the existing ECS instance to manage, e.g. `i-bp67acfmxazb4ph****`. Changing it replaces the resource. */
    instanceId: pulumi.Input<string>;
    /** Region of the instance; default: stack config `alicloud:region`, then `ALIBABA_CLOUD_REGION_ID`, `ALICLOUD_REGION`. Changing it replaces the resource. */
    region?: pulumi.Input<string>;
    /** Instance name: 2-128 characters, starting with a letter or Chinese character, not `http(s)://`; letters, digits, `.`, `:`, `_`, `-`. */
    instanceName?: pulumi.Input<string>;
    /** Description: 2-256 characters, not starting with `http://` or `https://`. */
    description?: pulumi.Input<string>;
    /** OS hostname; takes effect after a restart from the console or API. Windows: 2-15 characters; others: 2-64. */
    hostName?: pulumi.Input<string>;
    /** Logon password (secret); takes effect after a restart. 8-30 characters, at least three character classes. */
    password?: pulumi.Input<string>;
    /** User data as plain text (secret; base64-encoded by ecs-ops; at most 32 KB); takes effect after a restart. */
    userData?: pulumi.Input<string>;
    /** The complete set of security groups (1 to 10, same VPC, one type); replaced in one call. Order does not matter. */
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Jumbo frames (MTU 8500 instead of 1500); some instance types only. */
    enableJumboFrame?: pulumi.Input<boolean>;
    /** Release protection; pay-as-you-go instances only. */
    deletionProtection?: pulumi.Input<boolean>;
    /** Burstable instance performance mode: `Standard` or `Unlimited`. */
    creditSpecification?: pulumi.Input<"Standard" | "Unlimited">;
    /** Recycle-bin protection (invitation-only preview). */
    recyclable?: pulumi.Input<boolean>;
    /** Queues of the primary network interface (1 to 64, or -1 for the type's default); needs the instance Stopped. Not reported back by the cloud. */
    networkInterfaceQueueNumber?: pulumi.Input<number>;
    /** CPU options; need the instance Stopped. */
    cpuOptions?: pulumi.Input<InstanceAttributesCpuOptionsArgs>;
    /** Private DNS name options, including the hostname type. */
    privateDnsNameOptions?: pulumi.Input<InstanceAttributesPrivateDnsNameOptionsArgs>;
    /** Remote connection options (invitation-only preview; secret). */
    remoteConnectionOptions?: pulumi.Input<InstanceAttributesRemoteConnectionOptionsArgs>;
    /** VPC traffic encryption (invitation-only preview). */
    enableNetworkEncryption?: pulumi.Input<boolean>;
    /** On delete, put back the attributes recorded when they were taken under management (one call). Secrets are not restored. Default false: delete leaves the instance as it is. */
    restoreOnDelete?: pulumi.Input<boolean>;
    /** Stop a running instance for changes that need it Stopped (CPU options, queue number), then start it again. Default false: such changes fail on a running instance. */
    stopIfNeeded?: pulumi.Input<boolean>;
    /** Time limits of create/update/delete, waits included. */
    timeouts?: pulumi.Input<InstanceAttributesTimeoutsArgs>;
}

const provider = delegatingProvider(REGISTRY_MODULE, "alicloud.InstanceAttributes");

/**
 * Every output of the resource: the inputs it echoes (the managed attributes except password and
 * user data, which are kept only as fingerprints) and what the provider computes.
 */
const OUTPUTS = [
    "instanceId",
    "region",
    ...ATTRIBUTE_KEYS.filter((key) => key !== "password" && key !== "userData"),
    "passwordFingerprint",
    "userDataFingerprint",
    "adoptedAttributes",
    "restartRequired",
    "pendingRestart",
    "restartPendingSince",
    "osType",
    "chargeType",
    "lastModifyRequestId",
    "restoreOnDelete",
    "stopIfNeeded",
    "restartTrigger",
    "plannedOperation",
];

/** Properties that hold secrets (or their fingerprints): encrypted in state by the engine. */
const SECRET_OUTPUTS = [...SECRET_KEYS, "passwordFingerprint", "userDataFingerprint", "fingerprintKey", "secretInputs"];

/**
 * The attributes of an existing Alibaba Cloud ECS instance as declarative state. `create` adopts
 * the instance (it must exist) and applies what differs; an update sends one
 * `ModifyInstanceAttribute` with only the changed attributes; refresh reads the instance back;
 * delete releases it (optionally restoring the attributes found at adoption).
 *
 * ```ts
 * const attrs = new alicloud.InstanceAttributes("web", {
 *     instanceId: "i-bp67acfmxazb4ph****",
 *     instanceName: "web-1",
 *     securityGroupIds: ["sg-bp15ed6xe1yxeycg7o****"],
 * });
 * ```
 */
export class InstanceAttributes extends DelegatingResource {
    /** The managed instance's id. */
    declare readonly instanceId: pulumi.Output<string>;
    /** The region the instance is managed in. */
    declare readonly region: pulumi.Output<string>;
    /** Managed instance name (undefined when not managed). */
    declare readonly instanceName: pulumi.Output<string | undefined>;
    /** Managed description. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** Managed hostname. */
    declare readonly hostName: pulumi.Output<string | undefined>;
    /** Managed security groups. */
    declare readonly securityGroupIds: pulumi.Output<string[] | undefined>;
    /** Managed jumbo frame setting. */
    declare readonly enableJumboFrame: pulumi.Output<boolean | undefined>;
    /** Managed release protection. */
    declare readonly deletionProtection: pulumi.Output<boolean | undefined>;
    /** Managed burstable performance mode. */
    declare readonly creditSpecification: pulumi.Output<string | undefined>;
    /** Managed recycle-bin setting. */
    declare readonly recyclable: pulumi.Output<boolean | undefined>;
    /** Managed primary network interface queue count (as applied; not reported back by the cloud). */
    declare readonly networkInterfaceQueueNumber: pulumi.Output<number | undefined>;
    /** Managed CPU options. */
    declare readonly cpuOptions: pulumi.Output<{ core?: number; threadsPerCore?: number; topologyType?: string; nestedVirtualization?: string } | undefined>;
    /** Managed private DNS name options. */
    declare readonly privateDnsNameOptions: pulumi.Output<Record<string, boolean | string> | undefined>;
    /** Managed remote connection options: the type and the password's fingerprint (secret output). */
    declare readonly remoteConnectionOptions: pulumi.Output<{ type?: string; passwordFingerprint?: string } | undefined>;
    /** Managed VPC traffic encryption. */
    declare readonly enableNetworkEncryption: pulumi.Output<boolean | undefined>;
    /** Salted fingerprint of the managed password (the password itself is never stored). */
    declare readonly passwordFingerprint: pulumi.Output<string | undefined>;
    /** Salted fingerprint of the managed user data (the user data itself is never stored). */
    declare readonly userDataFingerprint: pulumi.Output<string | undefined>;
    /** Cloud values of the managed attributes when they were taken under management (what `restoreOnDelete` puts back). */
    declare readonly adoptedAttributes: pulumi.Output<Record<string, unknown>>;
    /** Attributes changed by ecs-ops that the OS sees only after a restart from the console or API (hostName, password, userData). */
    declare readonly restartRequired: pulumi.Output<string[]>;
    /** True while `restartRequired` is not empty: feed it to `alicloud.InstanceReboot` triggers. */
    declare readonly pendingRestart: pulumi.Output<boolean>;
    /** When the oldest change still waiting for a restart was made (ISO time). */
    declare readonly restartPendingSince: pulumi.Output<string | undefined>;
    /** `linux` or `windows`, as last observed. */
    declare readonly osType: pulumi.Output<string | undefined>;
    /** `PrePaid` or `PostPaid`, as last observed. */
    declare readonly chargeType: pulumi.Output<string | undefined>;
    /** RequestId of the last `ModifyInstanceAttribute` sent. */
    declare readonly lastModifyRequestId: pulumi.Output<string | undefined>;
    /** Whether delete restores the adopted attributes. */
    declare readonly restoreOnDelete: pulumi.Output<boolean | undefined>;
    /** Whether changes needing a Stopped instance may stop and start it. */
    declare readonly stopIfNeeded: pulumi.Output<boolean | undefined>;
    /**
     * What a reboot applying restart-requiring changes must follow (feed it to `alicloud.InstanceReboot`
     * triggers, as `ManagedInstance` does): `{hostName, password, userData, revision, reason}`, where the
     * password and user data are keyed fingerprints (safe to show), `revision` grows with every run that
     * changes one of them — also when it puts back a value a refresh found drifted — and `reason` says
     * which. Known during preview. Undefined when none of the three is managed.
     */
    declare readonly restartTrigger: pulumi.Output<{ hostName?: string; password?: string; userData?: string; revision: number; reason: string } | undefined>;
    /** What the last preview or update planned beyond the call itself (restart effects, a stop/start), or "none". */
    declare readonly plannedOperation: pulumi.Output<string | undefined>;

    constructor(name: string, args: InstanceAttributesArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport(opts, "alicloud.InstanceAttributes", name);
        warnOnPlaintextSecretConfig(SECRET_CONFIG_KEYS.alicloud);
        // A key the class does not know goes on too (as a secret: it may be a misspelt password), for check to reject by name.
        const props: Record<string, unknown> = {
            ...Object.fromEntries(Object.entries(args).map(([k, v]) => [k, INSTANCE_ATTRIBUTES_INPUTS.includes(k) || v === undefined ? v : pulumi.secret(v)])),
            password: args.password === undefined ? undefined : pulumi.secret(args.password),
            userData: args.userData === undefined ? undefined : pulumi.secret(args.userData),
            remoteConnectionOptions: args.remoteConnectionOptions === undefined ? undefined : pulumi.secret(args.remoteConnectionOptions),
        };
        // Every declared output must be a property for the engine to fill it; unset ones are not sent.
        for (const output of OUTPUTS) {
            if (!(output in props)) props[output] = undefined;
        }
        super(provider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: SECRET_OUTPUTS }), "ecs-ops", "alicloud.InstanceAttributes");
    }
}
