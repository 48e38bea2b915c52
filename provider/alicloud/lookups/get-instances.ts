import * as pulumi from "@pulumi/pulumi";
import { alicloudNameFilter, chunks, nameMatches, tagsMatch, tagsWithOwner } from "../../core/lookup/filter";
import { OWNER_TAG_KEY } from "../../core/ownership/owner";
import { useProgramConfig } from "../../core/credentials/program-config";
import { assertValid } from "../../core/inputs/validation";
import { callEcs, EcsParams } from "../api/client";
import { getInstancesDeclaration, GetInstancesArgs, GetInstancesResult, InstanceSummary } from "./declaration";

/** Most instances one DescribeInstances page holds (the API's largest `PageSize`). */
export const INSTANCES_PAGE_SIZE = 100;
/** Most `Tag.N` pairs DescribeInstances filters by. */
const MAX_TAG_FILTERS = 20;
/** Longest one page call may take, retries and throttling included. */
const PAGE_DEADLINE_MS = 5 * 60_000;

/**
 * The rules of `getInstances`' filters without `region` and `instanceIds`: the `selector` of
 * `InstanceFleet` (the fleet gives the region; its ids are `instanceIds`).
 */
export const instanceSelectorSchema = getInstancesDeclaration.args.omit({ region: true, instanceIds: true });

export type { GetInstancesArgs, GetInstancesResult, InstanceSummary };

type Raw = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const list = (v: unknown, key: string): string[] => {
    const inner = (v as Raw | undefined)?.[key];
    return Array.isArray(inner) ? inner.filter((x): x is string => typeof x === "string") : [];
};

function summary(raw: Raw): InstanceSummary {
    const vpc = (raw.VpcAttributes ?? {}) as Raw;
    const tagList = ((raw.Tags as Raw | undefined)?.Tag ?? []) as Array<{ TagKey?: unknown; TagValue?: unknown }>;
    const tags: Record<string, string> = {};
    for (const t of Array.isArray(tagList) ? tagList : []) if (typeof t.TagKey === "string") tags[t.TagKey] = str(t.TagValue);
    return {
        instanceId: str(raw.InstanceId),
        instanceName: str(raw.InstanceName),
        hostName: str(raw.HostName),
        description: str(raw.Description),
        status: str(raw.Status),
        regionId: str(raw.RegionId),
        zoneId: str(raw.ZoneId),
        vpcId: str(vpc.VpcId),
        vSwitchId: str(vpc.VSwitchId),
        privateIpAddresses: [...list(vpc.PrivateIpAddress, "IpAddress"), ...list(raw.InnerIpAddress, "IpAddress")],
        publicIpAddresses: list(raw.PublicIpAddress, "IpAddress"),
        tags,
        ...(tags[OWNER_TAG_KEY] !== undefined ? { owner: tags[OWNER_TAG_KEY] } : {}),
        osType: str(raw.OSType),
        osName: str(raw.OSName),
        imageId: str(raw.ImageId),
        chargeType: str(raw.InstanceChargeType),
        instanceType: str(raw.InstanceType),
        creationTime: str(raw.CreationTime),
    };
}

/** The DescribeInstances filters for the args: what the API can match server-side (a superset where it is loose). */
function serverSideFilters(a: GetInstancesArgs): EcsParams {
    const params: EcsParams = { InstanceName: alicloudNameFilter(a.namePattern), VpcId: a.vpcId, ZoneId: a.zoneId, Status: a.status };
    Object.entries(a.tags ?? {})
        .slice(0, MAX_TAG_FILTERS)
        .forEach(([key, value], i) => {
            params[`Tag.${i + 1}.Key`] = key;
            params[`Tag.${i + 1}.Value`] = value;
        });
    return params;
}

/** Every page of one query, NextToken to NextToken. */
async function allPages(params: EcsParams, region: string | undefined): Promise<Raw[]> {
    const out: Raw[] = [];
    let token = "";
    for (let page = 1; ; page++) {
        const answer = await callEcs<{ Instances?: { Instance?: Raw[] }; NextToken?: string }>(
            "DescribeInstances",
            { ...params, MaxResults: INSTANCES_PAGE_SIZE, ...(token === "" ? {} : { NextToken: token }) },
            { region, deadline: Date.now() + PAGE_DEADLINE_MS, describe: `DescribeInstances (page ${page})` },
        );
        out.push(...(answer.Instances?.Instance ?? []));
        token = answer.NextToken ?? "";
        if (token === "") return out;
    }
}

/**
 * Lists the ECS instances of a region that match every given filter, paged to the end (100 a
 * page), through the same client, credential chain and process-wide limiter as the resources.
 * Tags, status, zone, VPC and ids are filtered by the API; the name glob is sent as the API's `*`
 * wildcard and then applied exactly, as are the tags. The arguments are validated before any call
 * (the error names the argument). For pulumi.Input arguments use `getInstancesOutput`.
 *
 * @example
 * const web = await alicloud.getInstances({ namePattern: "web-*", tags: { env: "prod" } });
 */
export async function getInstances(args: GetInstancesArgs = {}): Promise<GetInstancesResult> {
    const checked = assertValid(getInstancesDeclaration.args, args, "alicloud.getInstances arguments") as GetInstancesArgs;
    const a: GetInstancesArgs = { ...checked, tags: tagsWithOwner(checked.tags, checked.owner) };
    // The owner is one more tag filter, and DescribeInstances takes at most 20 (Tag.N).
    if (Object.keys(a.tags ?? {}).length > 20)
        throw new Error("invalid alicloud.getInstances arguments: tags: at most 20 tags, owner included (19 besides it)");
    useProgramConfig();
    const filters = serverSideFilters(a);
    const raws: Raw[] = [];
    if (a.instanceIds === undefined) raws.push(...(await allPages(filters, a.region)));
    else
        for (const ids of chunks([...new Set(a.instanceIds)], INSTANCES_PAGE_SIZE))
            raws.push(...(await allPages({ ...filters, InstanceIds: JSON.stringify(ids) }, a.region)));
    // An instance listed on two pages (the list changed between them) is kept once.
    const byId = new Map(raws.map((r) => summary(r)).map((i) => [i.instanceId, i]));
    const instances = [...byId.values()].filter((i) => nameMatches(a.namePattern, i.instanceName) && tagsMatch(i.tags, a.tags));
    return { instances, ids: instances.map((i) => i.instanceId) };
}

/** `GetInstancesArgs` whose members may be pulumi Inputs (outputs of other resources). */
export type GetInstancesOutputArgs = { [K in keyof GetInstancesArgs]?: pulumi.Input<GetInstancesArgs[K]> };

/**
 * `getInstances` as a pulumi Output: it runs once every argument is known (during a preview with
 * unknown arguments the result is unknown), like `@pulumi/alicloud`'s `getInstancesOutput`.
 */
export function getInstancesOutput(args: GetInstancesOutputArgs = {}): pulumi.Output<GetInstancesResult> {
    return pulumi.output(args).apply((a) => getInstances(a as GetInstancesArgs));
}
