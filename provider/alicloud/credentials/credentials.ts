import { expandEndpoint } from "../../core/transport/endpoint";
import { env, stackConfig } from "../../core/credentials/stack-config";
import { resolveAlicloudCredentials } from "./credential-chain";
import { REGION_PATTERN } from "../rules/ids";

/** Everything a call to Alibaba Cloud ECS needs, resolved at call time (never stored). */
export interface AlicloudSettings {
    accessKeyId: string;
    accessKeySecret: string;
    /** STS token, when the credentials are temporary. */
    securityToken?: string;
    region: string;
    /** Base URL of the ECS API, e.g. `https://ecs.cn-hangzhou.aliyuncs.com` or the emulator's URL. */
    endpoint: string;
    /** Where the credentials came from (a name, never a value). */
    source: string;
    /** Whether the credentials are temporary and renewed by their source. */
    refreshable: boolean;
}

/** The sources of the region, in order, after the resource's own `region` input. */
export const REGION_SOURCES = ["stack config alicloud:region", "ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"] as const;

/**
 * The region a resource works in without reading credentials: its own `region` input, else
 * `alicloud:region`, `ALIBABA_CLOUD_REGION_ID`, `ALICLOUD_REGION`; undefined when none is set.
 * Used where no call is made (diff), to tell whether a resource moved to another region.
 */
export function resolveAlicloudRegion(region?: string): string | undefined {
    return region ?? stackConfig("alicloud:region") ?? env("ALIBABA_CLOUD_REGION_ID") ?? env("ALICLOUD_REGION");
}

/** Where a call goes: region and ECS endpoint, resolved without credentials. */
export interface AlicloudTarget {
    region: string;
    /** Base URL of the ECS API, e.g. `https://ecs.cn-hangzhou.aliyuncs.com` or the emulator's URL. */
    endpoint: string;
}

/**
 * The region and ECS endpoint of a call. The region is the resource's `region` when given, else
 * `alicloud:region`, `ALIBABA_CLOUD_REGION_ID`, `ALICLOUD_REGION`. The endpoint is
 * `ecs-ops:alicloudEndpoint` or `ECS_OPS_ALICLOUD_ENDPOINT` when set (the emulator; `{region}` in it
 * becomes the call's region), else `https://ecs.<region>.aliyuncs.com`. Errors name the sources, never a value.
 */
export function resolveAlicloudTarget(region?: string): AlicloudTarget {
    const resolvedRegion = resolveAlicloudRegion(region);
    if (resolvedRegion === undefined || resolvedRegion === "") {
        throw new Error(`Alibaba Cloud region is not set: give the resource a region, or set ${REGION_SOURCES.join(", ")}.`);
    }
    if (!REGION_PATTERN.test(resolvedRegion)) {
        throw new Error(`Alibaba Cloud region "${resolvedRegion}" is not a region id such as cn-hangzhou or ap-southeast-1.`);
    }
    const template = stackConfig("ecs-ops:alicloudEndpoint") ?? env("ECS_OPS_ALICLOUD_ENDPOINT");
    const override =
        template === undefined
            ? undefined
            : expandEndpoint(template, resolvedRegion, "the Alibaba Cloud endpoint override (ecs-ops:alicloudEndpoint / ECS_OPS_ALICLOUD_ENDPOINT)");
    if (override !== undefined && !/^https?:\/\/[^\s/]+/.test(override)) {
        throw new Error("the Alibaba Cloud endpoint override (ecs-ops:alicloudEndpoint / ECS_OPS_ALICLOUD_ENDPOINT) must start with http:// or https://.");
    }
    return { region: resolvedRegion, endpoint: (override ?? `https://ecs.${resolvedRegion}.aliyuncs.com`).replace(/\/+$/, "") };
}

/**
 * The Alibaba Cloud settings for one call: region and endpoint (`resolveAlicloudTarget`), and
 * credentials from the chain of credential-chain.ts (stack config, then the environment, OIDC,
 * credentials URI, CLI profile, instance RAM role; `alicloud:assumeRole` on top), temporary ones
 * renewed before they expire. The region is checked first, so a missing region is reported
 * without any call to STS or the metadata service. Errors name sources, never a value.
 */
export async function resolveAlicloudSettings(region?: string): Promise<AlicloudSettings> {
    const target = resolveAlicloudTarget(region);
    const c = await resolveAlicloudCredentials();
    return {
        accessKeyId: c.accessKeyId,
        accessKeySecret: c.accessKeySecret,
        ...(c.securityToken !== undefined ? { securityToken: c.securityToken } : {}),
        ...target,
        source: c.source,
        refreshable: c.refreshable,
    };
}
