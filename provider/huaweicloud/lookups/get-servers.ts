import * as pulumi from "@pulumi/pulumi";
import { huaweiNameFilter, nameMatches, parseKeyValueTags, tagsMatch, tagsWithOwner } from "../../core/lookup/filter";
import { OWNER_TAG_KEY } from "../../core/ownership/owner";
import { useProgramConfig } from "../../core/credentials/program-config";
import { assertValid } from "../../core/inputs/validation";
import { EcsClient } from "../api/client";
import { resolveCredentials } from "../credentials/credentials";
import { getServersDeclaration, GetServersArgs, GetServersResult, ServerSummary } from "./declaration";

/** Servers asked for per ListServersDetails page (the API takes up to 1000; 100 keeps answers small). */
export const SERVERS_PAGE_SIZE = 100;
/** Longest one page call may take, retries and throttling included. */
const PAGE_DEADLINE_MS = 5 * 60_000;

/**
 * The rules of `getServers`' filters without `region` and `projectId`: the `selector` of
 * `ServerFleet` (the fleet gives the region and project).
 */
export const serverSelectorSchema = getServersDeclaration.args.omit({ region: true, projectId: true });

export type { GetServersArgs, GetServersResult, ServerSummary };

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
    const checked = assertValid(getServersDeclaration.args, args, "huaweicloud.getServers arguments") as GetServersArgs;
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
