import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    huaweiNameFilter,
    nameMatches,
    namePatternSchema,
    ownerFilterSchema,
    parseKeyValueTags,
    tagsFilterSchema,
    tagsMatch,
    tagsWithOwner,
} from "../../core/lookup/filter";
import { OWNER_TAG_KEY } from "../../core/ownership/owner";
import { useProgramConfig } from "../../core/credentials/program-config";
import { assertValid } from "../../core/inputs/validation";
import { EcsClient } from "../api/client";
import { resolveCredentials } from "../credentials/credentials";
import { projectIdSchema, regionSchema } from "../rules/ids";

/** Servers asked for per ListServersDetails page (the API takes up to 1000; 100 keeps answers small). */
export const SERVERS_PAGE_SIZE = 100;
/** Longest one page call may take, retries and throttling included. */
const PAGE_DEADLINE_MS = 5 * 60_000;

/** The `status` values ListServersDetails filters by. */
const SERVER_STATUSES = [
    "ACTIVE",
    "BUILD",
    "ERROR",
    "HARD_REBOOT",
    "MIGRATING",
    "REBOOT",
    "REBUILD",
    "RESIZE",
    "REVERT_RESIZE",
    "SHUTOFF",
    "VERIFY_RESIZE",
    "SHELVED",
    "SHELVED_OFFLOADED",
    "UNKNOWN",
] as const;

const argsSchema = z
    .object({
        region: regionSchema.optional(),
        projectId: projectIdSchema.optional(),
        tags: tagsFilterSchema.optional(),
        owner: ownerFilterSchema.optional(),
        namePattern: namePatternSchema.optional(),
        status: z.enum(SERVER_STATUSES, { error: `must be one of ${SERVER_STATUSES.join(", ")}` }).optional(),
    })
    .strict();

/**
 * The rules of `getServers`' filters without `region` and `projectId`: the `selector` of
 * `ServerFleet` (the fleet gives the region and project).
 */
export const serverSelectorSchema = argsSchema.omit({ region: true, projectId: true });

/** The arguments of `getServers`: every filter optional, all of them must hold. */
export interface GetServersArgs {
    /** Region (default: stack config `huaweicloud:region`, then the environment, as the resources). */
    region?: string;
    /** Project (default: stack config `huaweicloud:projectId`, then the environment). */
    projectId?: string;
    /** Servers carrying every one of these tags with exactly this value (≤ 20). */
    tags?: Record<string, string>;
    /**
     * Only servers this stack owns: `<project>.<stack>` (or the value of its tag `ecs-ops-owner`), as
     * ecs-ops records it when it takes a server under management (docs/ownership.md).
     */
    owner?: string;
    /** Server name glob: `*` any run, `?` one character (`web-*`); matched exactly. */
    namePattern?: string;
    /** Only servers in this status (`ACTIVE`, `SHUTOFF`, …). */
    status?: (typeof SERVER_STATUSES)[number];
}

/** One server of the answer. */
export interface ServerSummary {
    serverId: string;
    name: string;
    description: string;
    status: string;
    tags: Record<string, string>;
    /** The stack that owns the server (its tag `ecs-ops-owner`), or undefined when none does. */
    owner?: string;
    availabilityZone: string;
    flavorId: string;
    imageId: string;
    /** `Linux` or `Windows` (the server's `os_type` metadata), empty when not reported. */
    osType: string;
    /** The VPC of the server (`vpc_id` metadata), empty when not reported. */
    vpcId: string;
    privateIps: string[];
    created: string;
}

/** The answer of `getServers`: the matching servers in the order the API lists them, and their ids. */
export interface GetServersResult {
    servers: ServerSummary[];
    ids: string[];
}

type Raw = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : "");

function summary(raw: Raw): ServerSummary {
    const metadata = (raw.metadata ?? {}) as Raw;
    const tags = parseKeyValueTags(Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === "string") : []);
    const addresses = (raw.addresses ?? {}) as Record<string, Array<{ addr?: unknown; "OS-EXT-IPS:type"?: unknown }>>;
    const privateIps = Object.values(addresses)
        .flat()
        .filter((a) => a["OS-EXT-IPS:type"] !== "floating" && typeof a.addr === "string")
        .map((a) => a.addr as string);
    return {
        serverId: str(raw.id),
        name: str(raw.name),
        description: str(raw.description),
        status: str(raw.status),
        tags,
        ...(tags[OWNER_TAG_KEY] !== undefined ? { owner: tags[OWNER_TAG_KEY] } : {}),
        availabilityZone: str(raw["OS-EXT-AZ:availability_zone"]),
        flavorId: str((raw.flavor as Raw | undefined)?.id),
        imageId: str((raw.image as Raw | undefined)?.id),
        osType: str(metadata.os_type),
        vpcId: str(metadata.vpc_id),
        privateIps,
        created: str(raw.created),
    };
}

/** The ListServersDetails query for the args: what the API can match (one tag, a fuzzy name, the status). */
function serverSideQuery(a: GetServersArgs): Record<string, string> {
    const query: Record<string, string> = {};
    const [firstTag] = Object.entries(a.tags ?? {});
    // `tags` takes one `key=value`; the other tags are matched client-side.
    if (firstTag !== undefined) query.tags = `${firstTag[0]}=${firstTag[1]}`;
    const name = huaweiNameFilter(a.namePattern);
    if (name !== undefined) query.name = name;
    if (a.status !== undefined) query.status = a.status;
    return query;
}

/**
 * Lists the ECS servers of a project that match every given filter, paged to the end (100 a page,
 * `offset` being the page number), through the same client, credential chain and process-wide
 * limiter as the resources. The API filters by the first tag, a fuzzy part of the name glob and the
 * status; every tag and the exact glob are then applied client-side. The arguments are validated
 * before any call (the error names the argument). For pulumi.Input arguments use `getServersOutput`.
 *
 * @example
 * const web = await huaweicloud.getServers({ namePattern: "web-*", tags: { env: "prod" } });
 */
export async function getServers(args: GetServersArgs = {}): Promise<GetServersResult> {
    const checked = assertValid(argsSchema, args, "huaweicloud.getServers arguments") as GetServersArgs;
    const a: GetServersArgs = { ...checked, tags: tagsWithOwner(checked.tags, checked.owner) };
    useProgramConfig();
    const client = new EcsClient(resolveCredentials({ region: a.region, projectId: a.projectId }));
    const projectId = client.credentials.projectId;
    const query = serverSideQuery(a);
    const byId = new Map<string, ServerSummary>();
    for (let page = 1; ; page++) {
        const body = await client.call<{ count?: number; servers?: Raw[] }>({
            method: "GET",
            path: ["v1", projectId, "cloudservers", "detail"],
            query: { ...query, limit: String(SERVERS_PAGE_SIZE), offset: String(page) },
            operation: "ListServersDetails",
            subject: `(page ${page})`,
            idempotent: true,
            deadline: Date.now() + PAGE_DEADLINE_MS,
        });
        const servers = body.servers ?? [];
        for (const s of servers.map(summary)) if (s.serverId !== "") byId.set(s.serverId, s);
        const total = typeof body.count === "number" ? body.count : Number.POSITIVE_INFINITY;
        if (servers.length < SERVERS_PAGE_SIZE || page * SERVERS_PAGE_SIZE >= total) break;
    }
    const servers = [...byId.values()].filter((s) => nameMatches(a.namePattern, s.name) && tagsMatch(s.tags, a.tags));
    return { servers, ids: servers.map((s) => s.serverId) };
}

/** `GetServersArgs` whose members may be pulumi Inputs (outputs of other resources). */
export type GetServersOutputArgs = { [K in keyof GetServersArgs]?: pulumi.Input<GetServersArgs[K]> };

/** `getServers` as a pulumi Output: it runs once every argument is known (unknown during a preview otherwise). */
export function getServersOutput(args: GetServersOutputArgs = {}): pulumi.Output<GetServersResult> {
    return pulumi.output(args).apply((a) => getServers(a as GetServersArgs));
}
