import { expandEndpoint } from "../../core/transport/endpoint";
import { env, firstSet, stackConfig } from "../../core/credentials/stack-config";
import { chooseHuaweiSource, HuaweiKeys, HuaweiSource } from "./credential-chain";
// The same rules as the resources' `region` / `projectId` inputs: one pattern each, kept there.
import { PROJECT_ID_PATTERN, REGION_PATTERN } from "../rules/ids";

/** Everything needed to call Huawei Cloud ECS, resolved at call time (never inputs, never state). */
export interface HuaweiCloudCredentials {
    /** The access key of a permanent source; empty for a temporary one (see `temporary`). */
    accessKey: string;
    /** The secret key of a permanent source; empty for a temporary one. */
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
    /**
     * For temporary sources (OIDC, agency, metadata security key, credentials with expiry): the
     * chain's source, asked at every attempt for the current keys (renewed before they expire).
     */
    temporary?: HuaweiSource;
}

/** The keys to sign an attempt with now: the static pair, or the temporary source's current keys. */
export async function currentKeys(c: HuaweiCloudCredentials): Promise<HuaweiKeys> {
    if (c.temporary !== undefined) return c.temporary.keys();
    return { accessKey: c.accessKey, secretKey: c.secretKey, ...(c.securityToken !== undefined ? { securityToken: c.securityToken } : {}) };
}

/**
 * Resolves Huawei Cloud credentials, region, project and endpoint at call time.
 *
 * The keys come whole from the first source of the chain that is set (credential-chain.ts): stack
 * config keys, a KooCLI profile, `HW_ACCESS_KEY`/`HW_SECRET_KEY`/`HW_SECURITY_TOKEN`,
 * `HUAWEICLOUD_SDK_AK`/`HUAWEICLOUD_SDK_SK`/`HUAWEICLOUD_SDK_SECURITY_TOKEN`, federated OIDC, the
 * ECS metadata security key; an agency (`huaweicloud:assumeRole`) on top. Permanent keys are
 * returned as they are; temporary ones through `temporary` (fetched at the first call, not here).
 * Region: `huaweicloud:region`, `HW_REGION_NAME`. Project: `huaweicloud:projectId`,
 * `HW_PROJECT_ID`, `HUAWEICLOUD_SDK_PROJECT_ID`. Endpoint: `ecs-ops:huaweicloudEndpoint`,
 * `ECS_OPS_HUAWEICLOUD_ENDPOINT` (`{region}` in it becomes the region), else
 * `https://ecs.<region>.myhuaweicloud.com`.
 * Errors name the sources that were looked at, never a value.
 */
export function resolveCredentials(overrides: { region?: string; projectId?: string } = {}): HuaweiCloudCredentials {
    let project: string | undefined;
    const source = chooseHuaweiSource(() => project as string);
    const fixed = source.refreshable ? undefined : source;
    const region = firstSet([
        // A resource's own `region` / `projectId` input (validated by its check) comes first.
        ["the region input", overrides.region],
        ["huaweicloud:region", stackConfig("huaweicloud:region")],
        ["HW_REGION_NAME", env("HW_REGION_NAME")],
    ]);
    if (region !== undefined && !REGION_PATTERN.test(region.value)) {
        throw new Error(`${region.name} must be a Huawei Cloud region id such as cn-north-4 or ap-southeast-1`);
    }

    const projectId = firstSet([
        ["the projectId input", overrides.projectId],
        ["huaweicloud:projectId", stackConfig("huaweicloud:projectId")],
        ["HW_PROJECT_ID", env("HW_PROJECT_ID")],
        ["HUAWEICLOUD_SDK_PROJECT_ID", env("HUAWEICLOUD_SDK_PROJECT_ID")],
    ]);
    if (projectId === undefined) {
        throw new Error(
            "the Huawei Cloud project id is not set: set stack config huaweicloud:projectId, or the environment variable HW_PROJECT_ID (or HUAWEICLOUD_SDK_PROJECT_ID); it is the id of the project of the region, see 'My Credentials' in the console",
        );
    }
    if (!PROJECT_ID_PATTERN.test(projectId.value)) {
        throw new Error(`${projectId.name} must be a project id of 32 lower-case hexadecimal characters`);
    }
    project = projectId.value;

    const override = firstSet([
        ["ecs-ops:huaweicloudEndpoint", stackConfig("ecs-ops:huaweicloudEndpoint")],
        ["ECS_OPS_HUAWEICLOUD_ENDPOINT", env("ECS_OPS_HUAWEICLOUD_ENDPOINT")],
    ]);
    let endpoint: string;
    if (override !== undefined) {
        let url: URL;
        const expanded = expandEndpoint(override.value, region?.value, override.name);
        try {
            url = new URL(expanded);
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
        throw new Error(
            "the Huawei Cloud region is not set: set stack config huaweicloud:region or the environment variable HW_REGION_NAME (e.g. cn-north-4), or an endpoint with ecs-ops:huaweicloudEndpoint / ECS_OPS_HUAWEICLOUD_ENDPOINT",
        );
    }

    const target = { region: region?.value, projectId: projectId.value, endpoint, source: source.describe };
    if (fixed === undefined) return { accessKey: "", secretKey: "", securityToken: undefined, ...target, temporary: source };
    const keys = fixed.staticKeys as HuaweiKeys;
    return { accessKey: keys.accessKey, secretKey: keys.secretKey, securityToken: keys.securityToken, ...target };
}
