import { EmulatorRequest } from "../core/backend";
import { NOVA_ERRORS, apiError } from "./errors";
import { HuaweiWorld } from "./models";
import { actionsOf, actionView, eventsView, InstanceActionRecord } from "./models-actions";
import type { HandlerResult, Route } from "./routes";
import { header, queryParams } from "./wire";

/**
 * The Nova instance-action APIs (NovaListServerActions, NovaShowServerAction), on both Nova
 * versions Huawei serves: `/v2.1/{project_id}/servers/{server_id}/os-instance-actions[/{request_id}]`
 * with microversions, and the legacy `/v2/…`, which ignores the microversion headers (2.0).
 *
 * As Nova (nova/api/openstack/compute/instance_actions.py and its schemas):
 * - the microversion comes from `OpenStack-API-Version: compute X.Y` or else
 *   `X-OpenStack-Nova-API-Version: X.Y` (`latest` = the maximum); absent: 2.1. Huawei's maximum
 *   is 2.60 (NovaListVersions). A malformed one → 400 `badRequest`; outside 2.1–2.60 → 406
 *   `computeFault`. v2.1 answers carry `OpenStack-API-Version`, `X-OpenStack-Nova-API-Version`
 *   and `Vary`;
 * - before 2.58 the list has every action, newest first, and query parameters are ignored;
 * - from 2.58: `updated_at` on each action, and the query parameters `limit` (a non-negative
 *   integer, at most 1000, also the page size without it), `marker` (a request id: the page starts after it; unknown → 400) and
 *   `changes-since` (ISO 8601: actions updated at or after it); any other parameter → 400
 *   (`changes-before` comes with 2.66, beyond Huawei's 2.60); a full page (`limit` answers) adds
 *   `links: [{rel: "next", href}]`;
 * - the show adds `events` (`event`, `start_time`, `finish_time`, `result`, `traceback`, as the
 *   Huawei reference documents them for every microversion);
 * - unknown server → 404 `itemNotFound` "Instance <id> could not be found."; unknown request id
 *   → 404 `itemNotFound` "Action <id> not found".
 */

/** Lowest Nova microversion Huawei ECS serves (NovaListVersions: `min_version` 2.1). */
export const NOVA_MIN_VERSION: readonly [number, number] = [2, 1];
/** Highest Nova microversion Huawei ECS serves (NovaListVersions: `version` 2.60). */
export const NOVA_MAX_VERSION: readonly [number, number] = [2, 60];
/** Nova's `CONF.api.max_limit`. */
export const NOVA_MAX_LIMIT = 1000;

type Version = readonly [number, number];

const atLeast = (v: Version, major: number, minor: number): boolean => v[0] > major || (v[0] === major && v[1] >= minor);
const text = (v: Version): string => `${v[0]}.${v[1]}`;

/** The microversion a request asks for (legacy `/v2` is 2.0, whatever its headers say). */
export function requestedVersion(req: EmulatorRequest): Version {
    if (!req.url.pathname.startsWith("/v2.1/")) return [2, 0];
    let asked: string | undefined;
    const modern = header(req, "openstack-api-version");
    if (modern !== undefined) {
        for (const part of modern.split(",")) {
            const [service, value] = part.trim().split(/\s+/);
            if (service?.toLowerCase() === "compute" && value !== undefined) asked = value;
        }
    }
    asked ??= header(req, "x-openstack-nova-api-version")?.trim();
    if (asked === undefined || asked === "") return NOVA_MIN_VERSION;
    if (asked.toLowerCase() === "latest") return NOVA_MAX_VERSION;
    const m = /^([1-9]\d*)\.(0|[1-9]\d*)$/.exec(asked);
    if (!m) throw apiError(NOVA_ERRORS.badRequest, `API Version String ${asked} is of invalid format. Must be of format MajorNum.MinorNum.`);
    const v: Version = [Number(m[1]), Number(m[2])];
    if (!atLeast(v, ...NOVA_MIN_VERSION) || !atLeast(NOVA_MAX_VERSION, ...v)) {
        throw apiError(
            NOVA_ERRORS.notAcceptable,
            `Version ${text(v)} is not supported by the API. Minimum is ${text(NOVA_MIN_VERSION)} and maximum is ${text(NOVA_MAX_VERSION)}.`,
        );
    }
    return v;
}

function versionHeaders(req: EmulatorRequest, v: Version): Record<string, string> | undefined {
    if (!req.url.pathname.startsWith("/v2.1/")) return undefined;
    return {
        "OpenStack-API-Version": `compute ${text(v)}`,
        "X-OpenStack-Nova-API-Version": text(v),
        Vary: "OpenStack-API-Version, X-OpenStack-Nova-API-Version",
    };
}

function invalidQuery(key: string, value: string, why: string): never {
    throw apiError(NOVA_ERRORS.badRequest, `Invalid input for query parameters ${key}. Value: ${value}. ${why}`);
}

/** The server, or 404 `itemNotFound` in Nova's words (also for another project's server, or another region's at a regional endpoint). */
function novaServer(world: HuaweiWorld, projectId: string, serverId: string): void {
    const s = world.servers.get(serverId);
    if (s === undefined || s.projectId !== projectId || !world.inScope(projectId)) {
        throw apiError(NOVA_ERRORS.itemNotFound, `Instance ${serverId} could not be found.`);
    }
}

/** Query of the list from 2.58, validated as Nova's `index_query_v258` schema does. */
function pagingQuery(req: EmulatorRequest): { limit?: number; marker?: string; changesSince?: number } {
    const q = queryParams(req);
    const out: { limit?: number; marker?: string; changesSince?: number } = {};
    for (const [key, value] of Object.entries(q)) {
        if (key === "limit") {
            if (!/^[0-9]+$/.test(value)) invalidQuery(key, value, `'${value}' does not match '^[0-9]*$'`);
            out.limit = Math.min(NOVA_MAX_LIMIT, Number(value));
        } else if (key === "marker") {
            out.marker = value;
        } else if (key === "changes-since") {
            // Nova parses it with oslo's parse_isotime: a time without a zone is UTC (so an `updated_at` can be sent back as is).
            const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.(\d+))?)?)(Z|[+-]\d\d:?\d\d)?$/i.exec(value);
            const at = m ? Date.parse(`${m[1].replace(/\.(\d{3})\d*$/, ".$1")}${m[3] ?? "Z"}`) : NaN;
            if (Number.isNaN(at)) invalidQuery(key, value, `'${value}' is not a 'date-time'`);
            out.changesSince = at;
        } else {
            invalidQuery(key, value, `Additional properties are not allowed ('${key}' was unexpected)`);
        }
    }
    return out;
}

/** The `next` link of a full page, as Nova's collection links write it (the request's parameters, sorted, with the new marker). */
function nextLink(req: EmulatorRequest, projectId: string, serverId: string, last: InstanceActionRecord): string {
    const params = new Map(Object.entries(queryParams(req)));
    params.set("marker", last.requestId);
    const query = [...params.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join("&");
    const q = req.rawUrl.indexOf("?");
    const rawPath = q < 0 ? req.rawUrl : req.rawUrl.slice(0, q);
    const prefix = rawPath.slice(0, rawPath.length - req.url.pathname.length);
    const host = header(req, "host") ?? "127.0.0.1";
    return `http://${host}${prefix}/v2.1/${projectId}/servers/${serverId}/os-instance-actions?${query}`;
}

function list(world: HuaweiWorld, req: EmulatorRequest, projectId: string, serverId: string): HandlerResult {
    const v = requestedVersion(req);
    const paging = atLeast(v, 2, 58);
    const q = paging ? pagingQuery(req) : {};
    novaServer(world, projectId, serverId);
    let actions = actionsOf(world, serverId);
    if (q.changesSince !== undefined) actions = actions.filter((a) => a.updatedAt !== null && Date.parse(a.updatedAt) >= (q.changesSince as number));
    if (q.marker !== undefined) {
        const at = actions.findIndex((a) => a.requestId === q.marker);
        if (at < 0) throw apiError(NOVA_ERRORS.badRequest, `Marker ${q.marker} could not be found.`);
        actions = actions.slice(at + 1);
    }
    // From 2.58 a page holds at most `limit`, and never more than max_limit (1000) even without it;
    // a full page links to the next one (Nova's _get_collection_links).
    const pageSize = paging ? Math.min(q.limit ?? NOVA_MAX_LIMIT, NOVA_MAX_LIMIT) : undefined;
    if (pageSize !== undefined) actions = actions.slice(0, pageSize);
    const body: Record<string, unknown> = { instanceActions: actions.map((a) => actionView(a, paging)) };
    if (pageSize !== undefined && pageSize > 0 && actions.length === pageSize) {
        body.links = [{ rel: "next", href: nextLink(req, projectId, serverId, actions[actions.length - 1]) }];
    }
    return { status: 200, body, headers: versionHeaders(req, v) };
}

function show(world: HuaweiWorld, req: EmulatorRequest, projectId: string, serverId: string, requestId: string): HandlerResult {
    const v = requestedVersion(req);
    novaServer(world, projectId, serverId);
    const action = actionsOf(world, serverId).find((a) => a.requestId === requestId);
    if (action === undefined) throw apiError(NOVA_ERRORS.itemNotFound, `Action ${requestId} not found`);
    return { status: 200, body: { instanceAction: { ...actionView(action, atLeast(v, 2, 58)), events: eventsView(action) } }, headers: versionHeaders(req, v) };
}

/** The instance-action routes (`/v2.1/…` and `/v2/…`), appended to the route table. */
export const ACTION_ROUTES: Route[] = [
    {
        method: "GET",
        pattern: /^\/v2(?:\.1)?\/([^/]+)\/servers\/([^/]+)\/os-instance-actions$/,
        operation: "NovaListServerActions",
        logParams: (req, path) => ({ server_id: path[1], ...queryParams(req) }),
        handle: (world, req, projectId, path) => list(world, req, projectId, path[1]),
    },
    {
        method: "GET",
        pattern: /^\/v2(?:\.1)?\/([^/]+)\/servers\/([^/]+)\/os-instance-actions\/([^/]+)$/,
        operation: "NovaShowServerAction",
        logParams: (_req, path) => ({ server_id: path[1], request_id: path[2] }),
        handle: (world, req, projectId, path) => show(world, req, projectId, path[1], path[2]),
    },
];
