import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    alicloudNameFilter,
    chunks,
    nameMatches,
    namePatternSchema,
    ownerFilterSchema,
    tagsFilterSchema,
    tagsMatch,
    tagsWithOwner,
} from "../../core/lookup/filter";
import { OWNER_TAG_KEY } from "../../core/ownership/owner";
import { useProgramConfig } from "../../core/credentials/program-config";
import { assertValid } from "../../core/inputs/validation";
import { callEcs, EcsParams } from "../api/client";
import { instanceIdSchema, regionSchema } from "../rules/ids";

/** Most instances one DescribeInstances page holds (the API's largest `PageSize`). */
export const INSTANCES_PAGE_SIZE = 100;
/** Most `Tag.N` pairs DescribeInstances filters by. */
const MAX_TAG_FILTERS = 20;
/** Longest one page call may take, retries and throttling included. */
const PAGE_DEADLINE_MS = 5 * 60_000;

const INSTANCE_STATUSES = ["Pending", "Running", "Starting", "Stopping", "Stopped"] as const;

const argsSchema = z
    .object({
        region: regionSchema.optional(),
        tags: tagsFilterSchema.optional(),
        owner: ownerFilterSchema.optional(),
        namePattern: namePatternSchema.optional(),
        vpcId: z
            .string()
            .regex(/^vpc-[0-9a-z]+$/, "must be a VPC id such as vpc-bp1opxu1zkhn00gzv26cz")
            .optional(),
        zoneId: z
            .string()
            .regex(/^[a-z]{2}(?:-[a-z0-9]+)+$/, "must be a zone id such as cn-hangzhou-h")
            .optional(),
        status: z.enum(INSTANCE_STATUSES, { error: `must be one of ${INSTANCE_STATUSES.join(", ")}` }).optional(),
        instanceIds: z.array(instanceIdSchema).max(1000, "at most 1000 ids").optional(),
    })
    .strict();

/**
 * The rules of `getInstances`' filters without `region` and `instanceIds`: the `selector` of
 * `InstanceFleet` (the fleet gives the region; its ids are `instanceIds`).
 */
export const instanceSelectorSchema = argsSchema.omit({ region: true, instanceIds: true });

/** The arguments of `getInstances`: every filter optional, all of them must hold. */
export interface GetInstancesArgs {
    /** Region to list (default: stack config `alicloud:region`, then the environment, as the resources). */
    region?: string;
    /** Instances carrying every one of these tags with exactly this value, e.g. `{ env: "prod" }` (≤ 20); for the owning stack use `owner`. */
    tags?: Record<string, string>;
    /**
     * Only instances this stack owns: `<project>.<stack>` (or the value of its tag `ecs-ops-owner`), as
     * ecs-ops records it when it takes an instance under management (docs/ownership.md).
     */
    owner?: string;
    /** Instance name glob: `*` any run, `?` one character (`web-*`); matched exactly. */
    namePattern?: string;
    /** Only instances in this VPC. */
    vpcId?: string;
    /** Only instances in this zone. */
    zoneId?: string;
    /** Only instances in this status. */
    status?: "Pending" | "Running" | "Starting" | "Stopping" | "Stopped";
    /** Only these instances (the others filters still apply). */
    instanceIds?: string[];
}

/** One instance of the answer. */
export interface InstanceSummary {
    instanceId: string;
    instanceName: string;
    hostName: string;
    description: string;
    status: string;
    regionId: string;
    zoneId: string;
    /** Empty for a classic-network instance. */
    vpcId: string;
    vSwitchId: string;
    privateIpAddresses: string[];
    publicIpAddresses: string[];
    tags: Record<string, string>;
    /** The stack that owns the instance (its tag `ecs-ops-owner`), or undefined when none does. */
    owner?: string;
    /** `linux` or `windows`. */
    osType: string;
    osName: string;
    imageId: string;
    /** `PostPaid` or `PrePaid`. */
    chargeType: string;
    instanceType: string;
    creationTime: string;
}

/** The answer of `getInstances`: the matching instances in the order the API lists them, and their ids. */
export interface GetInstancesResult {
    instances: InstanceSummary[];
    ids: string[];
}

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
    const checked = assertValid(argsSchema, args, "alicloud.getInstances arguments") as GetInstancesArgs;
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
