import { ecsOpsConfigKey } from "../core/credentials/stack-config";

// The settings of the provider plugin: every stack config key the handlers read, by its `ecs-ops:`
// name (the engine configures a provider plugin with its own namespace only). The `alicloud:*` and
// `huaweicloud:*` keys of the TypeScript resources have an `ecs-ops:` twin (`ecsOpsConfigKey`); the
// endpoint and behaviour settings are `ecs-ops:` keys already. A test checks that every key the
// provider code reads is listed here.

/** One setting of the plugin. */
export interface PluginSetting {
    /** The key as the TypeScript resources read it, e.g. `alicloud:region` or `ecs-ops:alicloudEndpoint`. */
    readonly key: string;
    /** What it sets. */
    readonly description: string;
    /** A credential: set it with `pulumi config set --secret`. */
    readonly secret?: boolean;
    /** An object (the engine hands it as JSON text). */
    readonly object?: boolean;
}

/** Every setting, in the order of docs/credentials.md. */
export const PLUGIN_SETTINGS: readonly PluginSetting[] = [
    { key: "alicloud:region", description: "Alibaba Cloud region of the resources without a `region` input." },
    { key: "alicloud:accessKey", description: "Alibaba Cloud AccessKey id (with `alicloudSecretKey`).", secret: true },
    { key: "alicloud:secretKey", description: "Alibaba Cloud AccessKey secret.", secret: true },
    { key: "alicloud:securityToken", description: "Alibaba Cloud STS security token, with temporary keys.", secret: true },
    { key: "alicloud:profile", description: "Profile of the Alibaba Cloud CLI's config.json to use." },
    { key: "alicloud:sharedCredentialsFile", description: "Path of the Alibaba Cloud CLI's config.json." },
    { key: "alicloud:ecsRoleName", description: "RAM role of the ECS instance ecs-ops runs on (keys from the metadata service)." },
    {
        key: "alicloud:assumeRole",
        description: "Role the chosen Alibaba Cloud keys assume: `{roleArn, sessionName, sessionExpiration, policy, externalId}`.",
        object: true,
    },
    {
        key: "ecs-ops:alicloudEndpoint",
        description: "Alibaba ECS endpoint override; `{region}` becomes each call's region (e.g. the emulator's `http://127.0.0.1:8787/{region}`).",
    },
    { key: "ecs-ops:alicloudStsEndpoint", description: "Alibaba STS endpoint override." },
    { key: "ecs-ops:alicloudMetadataEndpoint", description: "Alibaba ECS metadata service endpoint override." },
    { key: "huaweicloud:region", description: "Huawei Cloud region of the resources without a `region` input." },
    { key: "huaweicloud:projectId", description: "Huawei Cloud project id of the resources without a `projectId` input." },
    { key: "huaweicloud:accessKey", description: "Huawei Cloud access key (AK, with `huaweicloudSecretKey`).", secret: true },
    { key: "huaweicloud:secretKey", description: "Huawei Cloud secret key (SK).", secret: true },
    { key: "huaweicloud:securityToken", description: "Huawei Cloud security token, with temporary keys.", secret: true },
    { key: "huaweicloud:profile", description: "Profile of KooCLI's config.json to use." },
    { key: "huaweicloud:sharedConfigFile", description: "Path of KooCLI's config.json." },
    { key: "huaweicloud:useMetadata", description: "`true`: keys of the agency attached to the server ecs-ops runs on, from the metadata service." },
    {
        key: "huaweicloud:assumeRole",
        description: "Agency the chosen Huawei Cloud keys assume: `{agencyName, domainName | domainId, duration}`.",
        object: true,
    },
    { key: "ecs-ops:huaweicloudEndpoint", description: "Huawei ECS endpoint override; `{region}` becomes each call's region." },
    { key: "ecs-ops:huaweicloudIamEndpoint", description: "Huawei IAM endpoint override." },
    { key: "ecs-ops:huaweicloudMetadataEndpoint", description: "Huawei ECS metadata service endpoint override." },
    { key: "ecs-ops:attemptTimeout", description: "Limit of one API call attempt, as a duration such as `30s`." },
    { key: "ecs-ops:operationRecord", description: "Where the record of an operation in flight is kept: `cloud` (tags, the default) or `state`." },
];

/** The plugin's name of a setting: `alicloud:region` -> `alicloudRegion`, `ecs-ops:attemptTimeout` -> `attemptTimeout`. */
export function pluginConfigName(key: string): string {
    const full = ecsOpsConfigKey(key) ?? key;
    return full.slice(full.indexOf(":") + 1);
}
