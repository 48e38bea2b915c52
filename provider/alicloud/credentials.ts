import { env, stackConfig } from "../core/stack-config";

/** Everything a call to Alibaba Cloud ECS needs, resolved at call time (never stored). */
export interface AlicloudSettings {
    accessKeyId: string;
    accessKeySecret: string;
    /** STS token, when the credentials are temporary. */
    securityToken?: string;
    region: string;
    /** Base URL of the ECS API, e.g. `https://ecs.cn-hangzhou.aliyuncs.com` or the emulator's URL. */
    endpoint: string;
}

/** One place credentials may come from: the names of its three settings and their values. */
interface CredentialTier {
    names: { id: string; secret: string; token: string };
    id?: string;
    secret?: string;
    token?: string;
}

function credentialTiers(): CredentialTier[] {
    return [
        {
            names: { id: "stack config alicloud:accessKey", secret: "stack config alicloud:secretKey", token: "stack config alicloud:securityToken" },
            id: stackConfig("alicloud:accessKey"),
            secret: stackConfig("alicloud:secretKey"),
            token: stackConfig("alicloud:securityToken"),
        },
        {
            names: { id: "ALIBABA_CLOUD_ACCESS_KEY_ID", secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET", token: "ALIBABA_CLOUD_SECURITY_TOKEN" },
            id: env("ALIBABA_CLOUD_ACCESS_KEY_ID"),
            secret: env("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
            token: env("ALIBABA_CLOUD_SECURITY_TOKEN"),
        },
        {
            names: { id: "ALICLOUD_ACCESS_KEY", secret: "ALICLOUD_SECRET_KEY", token: "ALICLOUD_SECURITY_TOKEN" },
            id: env("ALICLOUD_ACCESS_KEY"),
            secret: env("ALICLOUD_SECRET_KEY"),
            token: env("ALICLOUD_SECURITY_TOKEN"),
        },
    ];
}

/** The sources of the region, in order, after the resource's own `region` input. */
export const REGION_SOURCES = ["stack config alicloud:region", "ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"] as const;

const REGION_PATTERN = /^[a-z]{2}(?:-[a-z0-9]+)+$/;

/**
 * The region a resource works in without reading credentials: its own `region` input, else
 * `alicloud:region`, `ALIBABA_CLOUD_REGION_ID`, `ALICLOUD_REGION`; undefined when none is set.
 * Used where no call is made (diff), to tell whether a resource moved to another region.
 */
export function resolveAlicloudRegion(region?: string): string | undefined {
    return region ?? stackConfig("alicloud:region") ?? env("ALIBABA_CLOUD_REGION_ID") ?? env("ALICLOUD_REGION");
}

/**
 * Reads the Alibaba Cloud settings for one call. Credentials come, as a whole, from the first
 * of these that sets an AccessKey id or secret: stack config (`alicloud:accessKey`,
 * `alicloud:secretKey`, `alicloud:securityToken`), then `ALIBABA_CLOUD_ACCESS_KEY_ID` /
 * `ALIBABA_CLOUD_ACCESS_KEY_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN`, then `ALICLOUD_ACCESS_KEY` /
 * `ALICLOUD_SECRET_KEY` / `ALICLOUD_SECURITY_TOKEN` (so a token is never paired with another
 * source's key). The region is the resource's `region` when given, else `alicloud:region`,
 * `ALIBABA_CLOUD_REGION_ID`, `ALICLOUD_REGION`. The endpoint is `ecs-ops:alicloudEndpoint` or
 * `ECS_OPS_ALICLOUD_ENDPOINT` when set (the emulator), else `https://ecs.<region>.aliyuncs.com`.
 * Errors name the sources, never a value.
 */
export function resolveAlicloudSettings(region?: string): AlicloudSettings {
    const tiers = credentialTiers();
    const tier = tiers.find((t) => t.id !== undefined || t.secret !== undefined);
    if (tier === undefined) {
        const names = tiers.map((t) => `${t.names.id} + ${t.names.secret}`).join(", then ");
        throw new Error(
            `Alibaba Cloud credentials are not set: set ${names} (an STS token goes in alicloud:securityToken, ` +
                `ALIBABA_CLOUD_SECURITY_TOKEN or ALICLOUD_SECURITY_TOKEN).`,
        );
    }
    if (tier.id === undefined || tier.secret === undefined) {
        const [present, missing] = tier.id === undefined ? [tier.names.secret, tier.names.id] : [tier.names.id, tier.names.secret];
        throw new Error(`Alibaba Cloud credentials are incomplete: ${present} is set but ${missing} is not (credentials are taken from one source as a whole).`);
    }

    const resolvedRegion = resolveAlicloudRegion(region);
    if (resolvedRegion === undefined || resolvedRegion === "") {
        throw new Error(`Alibaba Cloud region is not set: give the resource a region, or set ${REGION_SOURCES.join(", ")}.`);
    }
    if (!REGION_PATTERN.test(resolvedRegion)) {
        throw new Error(`Alibaba Cloud region "${resolvedRegion}" is not a region id such as cn-hangzhou or ap-southeast-1.`);
    }

    const override = stackConfig("ecs-ops:alicloudEndpoint") ?? env("ECS_OPS_ALICLOUD_ENDPOINT");
    if (override !== undefined && !/^https?:\/\/[^\s/]+/.test(override)) {
        throw new Error("the Alibaba Cloud endpoint override (ecs-ops:alicloudEndpoint / ECS_OPS_ALICLOUD_ENDPOINT) must start with http:// or https://.");
    }
    const endpoint = (override ?? `https://ecs.${resolvedRegion}.aliyuncs.com`).replace(/\/+$/, "");

    return {
        accessKeyId: tier.id,
        accessKeySecret: tier.secret,
        ...(tier.token !== undefined ? { securityToken: tier.token } : {}),
        region: resolvedRegion,
        endpoint,
    };
}
