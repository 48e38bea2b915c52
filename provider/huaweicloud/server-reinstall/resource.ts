import * as pulumi from "@pulumi/pulumi";
import { DelegatingResource, delegatingProvider } from "../../core/resource/delegating-provider";
import { REGISTRY_MODULE } from "../../registry";
import { refuseImport } from "../../core/resource/import-answer";
import { SECRET_CONFIG_KEYS, warnOnPlaintextSecretConfig } from "../../core/credentials/plaintext-config-warning";
import type { Timeouts } from "../../core/inputs/timeouts";
import { withUnknownArgs } from "../../core/inputs/unknown-args";

/** The provider of every ServerReinstall: it holds only the handler's module path. */
const provider = delegatingProvider(REGISTRY_MODULE, "huaweicloud.ServerReinstall");

/** Metadata of the reinstalled server. */
export interface ServerReinstallMetadataArgs {
    /** Bring your own license (v2 only): `true` sends `BYOL: "true"`; false or absent sends nothing. */
    byol?: pulumi.Input<boolean>;
    /** Encrypt the new system disk (`__system__encrypted` `"1"`; false sends `"0"`). */
    systemEncrypted?: pulumi.Input<boolean>;
    /** KMS key id (UUID) of the encrypted system disk (`__system__cmkid`); only with `systemEncrypted: true`. */
    systemCmkId?: pulumi.Input<string>;
}

/** The inputs of a ServerReinstall. */
export interface ServerReinstallArgs {
    /** Id (UUID) of the existing server whose OS is reinstalled from its current image. */
    serverId: pulumi.Input<string>;
    /** Region of the server (e.g. `cn-north-4`); default: stack config `huaweicloud:region`, then `HW_REGION_NAME`. Changing it replaces the resource. */
    region?: pulumi.Input<string>;
    /** Project id (32 hex characters) of that region; default: stack config `huaweicloud:projectId`, then `HW_PROJECT_ID`. Changing it replaces the resource. */
    projectId?: pulumi.Input<string>;
    /**
     * Whether the image has Cloud-Init/Cloudbase-Init: `true` calls the v2 API (user data
     * allowed), `false` (default) the v1 API.
     */
    cloudInit?: pulumi.Input<boolean>;
    /**
     * New password of root/Administrator (stored as a secret; state keeps only a salted
     * fingerprint): 8-26 characters, at least three of upper case, lower case, digits and
     * `!@$%^-_=+[{}]:,./?~#*`, not containing root/Administrator or their reverse.
     * Exactly one of adminPass or keyName with v1; not both with v2.
     */
    adminPass?: pulumi.Input<string>;
    /** Name of the SSH key pair to inject instead of a password; needs `userId`. */
    keyName?: pulumi.Input<string>;
    /** IAM user id (32 hex characters) owning `keyName`; only with `keyName`. */
    userId?: pulumi.Input<string>;
    /**
     * User data for Cloud-Init, as plain text (ecs-ops base64-encodes it); at most 32 KB.
     * v2 only; required with v2 when neither adminPass nor keyName is set. Stored as a secret
     * input; state keeps only a fingerprint.
     */
    userData?: pulumi.Input<string>;
    /** System disk encryption and license options. */
    metadata?: pulumi.Input<ServerReinstallMetadataArgs>;
    /** Let the reinstall stop a running server first (`mode: "withStopServer"`); otherwise it must be SHUTOFF. */
    stopServer?: pulumi.Input<boolean>;
    /**
     * Any values; the OS is reinstalled when the resource is created and each time this list
     * changes, exactly once per change. Changing other inputs never reinstalls by itself.
     */
    triggers?: pulumi.Input<unknown[]>;
    /** Time limits, e.g. `{ create: "20m" }` (default 10 minutes; an update uses `update`, else `create`). */
    timeouts?: pulumi.Input<Timeouts>;
}

/**
 * Reinstalls the OS of an existing Huawei Cloud ECS server from its current image
 * (reinstallos v1 or v2) when created and on each change of `triggers`, and follows the
 * job to its end. Deleting the resource leaves the server as it is.
 *
 * ```ts
 * import { huaweicloud } from "ecs-ops";
 * new huaweicloud.ServerReinstall("web-1", {
 *     serverId: "8e5c1f3a-6c1d-4b1e-9a53-0c2f7d2b6a10",
 *     cloudInit: true,
 *     keyName: "ops-key", userId: "7e25b1da389f4697a79df3a0e5bd494e",
 *     userData: "#cloud-config\npackages: [nginx]\n",
 *     triggers: [config.get("reinstallRevision")],
 * });
 * ```
 */
export class ServerReinstall extends DelegatingResource {
    /** The server whose OS is reinstalled. */
    declare readonly serverId: pulumi.Output<string>;
    /** The region given, if any. */
    declare readonly region: pulumi.Output<string | undefined>;
    /** The project given, if any. */
    declare readonly projectId: pulumi.Output<string | undefined>;
    declare readonly cloudInit: pulumi.Output<boolean | undefined>;
    declare readonly keyName: pulumi.Output<string | undefined>;
    declare readonly userId: pulumi.Output<string | undefined>;
    declare readonly metadata: pulumi.Output<{ byol?: boolean; systemEncrypted?: boolean; systemCmkId?: string } | undefined>;
    declare readonly stopServer: pulumi.Output<boolean | undefined>;
    declare readonly triggers: pulumi.Output<unknown[] | undefined>;
    /** Salted SHA-256 of the password (secret output), so changes can be detected without storing it. */
    declare readonly adminPassFingerprint: pulumi.Output<string | undefined>;
    /** Salted SHA-256 of the user data (secret output). */
    declare readonly userDataFingerprint: pulumi.Output<string | undefined>;
    /** Id of the last reinstall job. */
    declare readonly jobId: pulumi.Output<string>;
    /** Its final status: SUCCESS (or FAIL, or UNKNOWN when its record expired before it could be read). */
    declare readonly status: pulumi.Output<string>;
    /** When the last job began and ended, as the cloud reports them. */
    declare readonly beginTime: pulumi.Output<string | undefined>;
    declare readonly endTime: pulumi.Output<string | undefined>;
    /** How many reinstall jobs this resource has submitted. */
    declare readonly reinstallCount: pulumi.Output<number>;
    /** Hash of the `triggers` value the last job was submitted for. */
    declare readonly triggersHash: pulumi.Output<string>;
    /** Set while a job accepted by an earlier run has not been seen to end; the next `up` resumes it. */
    declare readonly pendingJobId: pulumi.Output<string | undefined>;
    /** The failure of the last job when it FAILed (code, reason and sub-jobs' messages). */
    declare readonly failure: pulumi.Output<string | undefined>;

    constructor(name: string, args: ServerReinstallArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport(opts, "huaweicloud.ServerReinstall", name);
        warnOnPlaintextSecretConfig(SECRET_CONFIG_KEYS.huaweicloud);
        const props: pulumi.Inputs = {
            serverId: args.serverId,
            region: args.region,
            projectId: args.projectId,
            cloudInit: args.cloudInit,
            adminPass: args.adminPass === undefined ? undefined : pulumi.secret(args.adminPass),
            keyName: args.keyName,
            userId: args.userId,
            userData: args.userData === undefined ? undefined : pulumi.secret(args.userData),
            metadata: args.metadata,
            stopServer: args.stopServer,
            triggers: args.triggers,
            timeouts: args.timeouts,
            adminPassFingerprint: undefined,
            userDataFingerprint: undefined,
            jobId: undefined,
            status: undefined,
            beginTime: undefined,
            endTime: undefined,
            reinstallCount: undefined,
            triggersHash: undefined,
            pendingJobId: undefined,
            failure: undefined,
        };
        const secretOutputs = ["adminPass", "userData", "adminPassFingerprint", "userDataFingerprint"];
        super(
            provider,
            name,
            // A key the class does not know goes on too, for check to reject by name.
            withUnknownArgs(props, args),
            { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretOutputs] },
            "ecs-ops",
            "huaweicloud.ServerReinstall",
        );
    }
}
