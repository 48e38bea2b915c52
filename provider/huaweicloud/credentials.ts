import { env, firstSet, stackConfig } from "../core/stack-config";

/** Everything needed to call Huawei Cloud ECS, resolved at call time (never inputs, never state). */
export interface HuaweiCloudCredentials {
    accessKey: string;
    secretKey: string;
    /** Present with temporary credentials; sent (and signed) as `X-Security-Token`. */
    securityToken?: string;
    /** Region id, e.g. `cn-north-4`; undefined only when the endpoint is overridden and no region is set. */
    region?: string;
    projectId: string;
    /** Base URL of the ECS API, without a trailing slash. */
    endpoint: string;
    /** Where the access key came from (a config key or variable name, never the value), for error messages. */
    source: string;
}

/** One place an access key pair can come from. */
interface KeySource {
    label: string;
    accessKey: [string, string | undefined];
    secretKey: [string, string | undefined];
    securityToken: [string, string | undefined];
}

const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const PROJECT_ID = /^[0-9a-f]{32}$/;

function keySources(): KeySource[] {
    return [
        {
            label: "stack config",
            accessKey: ["huaweicloud:accessKey", stackConfig("huaweicloud:accessKey")],
            secretKey: ["huaweicloud:secretKey", stackConfig("huaweicloud:secretKey")],
            securityToken: ["huaweicloud:securityToken", stackConfig("huaweicloud:securityToken")],
        },
        {
            label: "environment",
            accessKey: ["HW_ACCESS_KEY", env("HW_ACCESS_KEY")],
            secretKey: ["HW_SECRET_KEY", env("HW_SECRET_KEY")],
            securityToken: ["HW_SECURITY_TOKEN", env("HW_SECURITY_TOKEN")],
        },
        {
            label: "environment",
            accessKey: ["HUAWEICLOUD_SDK_AK", env("HUAWEICLOUD_SDK_AK")],
            secretKey: ["HUAWEICLOUD_SDK_SK", env("HUAWEICLOUD_SDK_SK")],
            securityToken: ["HUAWEICLOUD_SDK_SECURITY_TOKEN", env("HUAWEICLOUD_SDK_SECURITY_TOKEN")],
        },
    ];
}

/**
 * Resolves Huawei Cloud credentials, region, project and endpoint at call time.
 *
 * The key pair (and its security token) comes whole from the first source that has an access
 * key: stack config `huaweicloud:accessKey`/`secretKey`/`securityToken`, then
 * `HW_ACCESS_KEY`/`HW_SECRET_KEY`/`HW_SECURITY_TOKEN`, then the official SDKs'
 * `HUAWEICLOUD_SDK_AK`/`HUAWEICLOUD_SDK_SK`/`HUAWEICLOUD_SDK_SECURITY_TOKEN`; pairs are never mixed.
 * Region: `huaweicloud:region`, `HW_REGION_NAME`. Project: `huaweicloud:projectId`,
 * `HW_PROJECT_ID`, `HUAWEICLOUD_SDK_PROJECT_ID`. Endpoint: `ecs-ops:huaweicloudEndpoint`,
 * `ECS_OPS_HUAWEICLOUD_ENDPOINT`, else `https://ecs.<region>.myhuaweicloud.com`.
 * Errors name the sources that were looked at, never a value.
 */
export function resolveCredentials(): HuaweiCloudCredentials {
    const sources = keySources();
    const chosen = sources.find((s) => s.accessKey[1] !== undefined);
    if (chosen === undefined) {
        const names = sources.map((s) => s.accessKey[0]).join(", ");
        throw new Error(`Huawei Cloud credentials are not set: set stack config huaweicloud:accessKey and huaweicloud:secretKey (pulumi config set --secret), or the environment variables HW_ACCESS_KEY and HW_SECRET_KEY (looked at: ${names})`);
    }
    const accessKey = chosen.accessKey[1] as string;
    const secretKey = chosen.secretKey[1];
    if (secretKey === undefined) {
        throw new Error(`Huawei Cloud credentials are incomplete: ${chosen.accessKey[0]} is set but ${chosen.secretKey[0]} is not (the key pair must come from one source)`);
    }

    const region = firstSet([
        ["huaweicloud:region", stackConfig("huaweicloud:region")],
        ["HW_REGION_NAME", env("HW_REGION_NAME")],
    ]);
    if (region !== undefined && !REGION.test(region.value)) {
        throw new Error(`${region.name} must be a Huawei Cloud region id such as cn-north-4 or ap-southeast-1`);
    }

    const projectId = firstSet([
        ["huaweicloud:projectId", stackConfig("huaweicloud:projectId")],
        ["HW_PROJECT_ID", env("HW_PROJECT_ID")],
        ["HUAWEICLOUD_SDK_PROJECT_ID", env("HUAWEICLOUD_SDK_PROJECT_ID")],
    ]);
    if (projectId === undefined) {
        throw new Error("the Huawei Cloud project id is not set: set stack config huaweicloud:projectId, or the environment variable HW_PROJECT_ID (or HUAWEICLOUD_SDK_PROJECT_ID); it is the id of the project of the region, see 'My Credentials' in the console");
    }
    if (!PROJECT_ID.test(projectId.value)) {
        throw new Error(`${projectId.name} must be a project id of 32 lower-case hexadecimal characters`);
    }

    const override = firstSet([
        ["ecs-ops:huaweicloudEndpoint", stackConfig("ecs-ops:huaweicloudEndpoint")],
        ["ECS_OPS_HUAWEICLOUD_ENDPOINT", env("ECS_OPS_HUAWEICLOUD_ENDPOINT")],
    ]);
    let endpoint: string;
    if (override !== undefined) {
        let url: URL;
        try {
            url = new URL(override.value);
        } catch {
            throw new Error(`${override.name} must be an http(s) URL such as https://ecs.cn-north-4.myhuaweicloud.com`);
        }
        if (url.protocol !== "https:" && url.protocol !== "http:") {
            throw new Error(`${override.name} must be an http(s) URL, got protocol ${url.protocol}`);
        }
        endpoint = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
    } else if (region !== undefined) {
        endpoint = `https://ecs.${region.value}.myhuaweicloud.com`;
    } else {
        throw new Error("the Huawei Cloud region is not set: set stack config huaweicloud:region or the environment variable HW_REGION_NAME (e.g. cn-north-4), or an endpoint with ecs-ops:huaweicloudEndpoint / ECS_OPS_HUAWEICLOUD_ENDPOINT");
    }

    return {
        accessKey,
        secretKey,
        securityToken: chosen.securityToken[1],
        region: region?.value,
        projectId: projectId.value,
        endpoint,
        source: chosen.accessKey[0],
    };
}
