import { EmulatorRequest } from "../core/backend";
import { ECS_ERRORS, apiError } from "./errors";
import { jobView } from "./models-jobs";
import { acceptReinstall, parseReinstallBody } from "./models-reinstall";
import { HuaweiWorld, ServerQuery } from "./models";
import { POWER_ROUTES } from "./routes-power";
import { TAG_ROUTES } from "./routes-tags";
import { ATTRIBUTE_ROUTES } from "./routes-attributes";
import { ACTION_ROUTES } from "./routes-actions";
import { missingServerView, serverView } from "./server-view";
import { jsonBody, queryParams, redactSecrets, tryJson } from "./wire";

/**
 * Operation → handler. Each route names the operation recorded in the call log (the official SDK's
 * operation names) and how to read the project id and the business parameters from the request.
 */

/** What a handler returns: the HTTP status and JSON body of a success. */
export interface HandlerResult {
    status: number;
    body: unknown;
    /** Headers the answer carries besides `X-Request-Id` (the Nova microversion headers). */
    headers?: Record<string, string>;
}

/** One API: method, exact path pattern (no trailing slash), operation name and handler. */
export interface Route {
    method: string;
    pattern: RegExp;
    operation: string;
    /** Further match on the request beyond method and path (e.g. the body's `action`); default: matches. */
    matches?(req: EmulatorRequest): boolean;
    /** Business parameters for the call log: the JSON body of a POST (secrets redacted), else path and query parameters. */
    logParams(req: EmulatorRequest, path: string[]): Record<string, unknown> | undefined;
    handle(world: HuaweiWorld, req: EmulatorRequest, projectId: string, path: string[]): HandlerResult;
}

/** Statuses accepted by the `status` filter of ListServersDetails. */
export const LIST_STATUSES = [
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
    "DELETED",
    "SHELVED",
    "SHELVED_OFFLOADED",
    "UNKNOWN",
];
/** Page size when `limit` is absent, and the largest accepted. */
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 1000;

function intParam(q: Record<string, string>, key: string, min: number, max: number, dflt: number): number {
    const raw = q[key];
    if (raw === undefined) return dflt;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        throw apiError(ECS_ERRORS.invalidParameter, `${key} must be an integer from ${min} to ${max}.`);
    }
    return Number(raw);
}

/** Validates the ListServersDetails query (`Ecs.0005` on a bad `offset`, `limit` or `status`). */
export function parseServerQuery(q: Record<string, string>): ServerQuery {
    const status = q.status;
    if (status !== undefined && !LIST_STATUSES.includes(status)) {
        throw apiError(ECS_ERRORS.invalidParameter, `status must be one of ${LIST_STATUSES.join(", ")}.`);
    }
    return {
        offset: intParam(q, "offset", 0, Number.MAX_SAFE_INTEGER, 1),
        limit: intParam(q, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT),
        name: q.name,
        status,
        flavor: q.flavor,
        ip: q.ip,
        ipEq: q.ip_eq,
        serverIds: q.server_id !== undefined ? q.server_id.split(",").filter((s) => s !== "") : undefined,
        tags: q.tags,
        notTags: q["not-tags"],
        reservationId: q.reservation_id,
        enterpriseProjectId: q.enterprise_project_id,
        marker: q.marker === "" ? undefined : q.marker,
    };
}

function reinstallRoute(api: "v1" | "v2", operation: string): Route {
    return {
        method: "POST",
        pattern: new RegExp(`^/${api}/([^/]+)/cloudservers/([^/]+)/reinstallos$`),
        operation,
        logParams: (req) => {
            const body = tryJson(req);
            return typeof body === "object" && body !== null && !Array.isArray(body) ? (redactSecrets(body) as Record<string, unknown>) : undefined;
        },
        handle: (world, req, projectId, path) => {
            const parsed = parseReinstallBody(api, jsonBody(req));
            const job = acceptReinstall(world, projectId, path[1], parsed);
            return { status: 200, body: { job_id: job.jobId } };
        },
    };
}

/** The Huawei ECS APIs the emulator serves, matched in order. */
export const ROUTES: Route[] = [
    reinstallRoute("v1", "ReinstallServerWithoutCloudInit"),
    reinstallRoute("v2", "ReinstallServerWithCloudInit"),
    {
        method: "GET",
        pattern: /^\/v1\/([^/]+)\/jobs\/([^/]+)$/,
        operation: "ShowJob",
        logParams: (_req, path) => ({ job_id: path[1] }),
        handle: (world, _req, projectId, path) => ({ status: 200, body: jobView(world.job(projectId, path[1])) }),
    },
    {
        method: "GET",
        pattern: /^\/v1\/([^/]+)\/cloudservers\/detail$/,
        operation: "ListServersDetails",
        logParams: (req) => queryParams(req),
        handle: (world, req, projectId) => {
            const query = parseServerQuery(queryParams(req));
            const { count, servers } = world.listServers(projectId, query);
            const views = servers.map(serverView);
            if (query.serverIds === undefined) return { status: 200, body: { count, servers: views } };
            // Ids the project does not hold are answered too, with only id and fault set.
            const missing = [...new Set(query.serverIds)].filter((id) => !servers.some((s) => s.id === id));
            const template = views[0] ?? {};
            const all = [...views, ...missing.map((id) => missingServerView(id, template))].slice(0, query.limit);
            return { status: 200, body: { count: count + missing.length, servers: all } };
        },
    },
    {
        method: "GET",
        pattern: /^\/v1\/([^/]+)\/cloudservers\/([^/]+)$/,
        operation: "ShowServer",
        logParams: (_req, path) => ({ server_id: path[1] }),
        handle: (world, _req, projectId, path) => ({ status: 200, body: { server: serverView(world.visibleServer(projectId, path[1])) } }),
    },
    ...TAG_ROUTES,
    ...POWER_ROUTES,
    ...ATTRIBUTE_ROUTES,
    ...ACTION_ROUTES,
];

/** The route of a request and its decoded path parameters (project id first), or undefined (→ `APIGW.0101`). */
export function matchRoute(req: EmulatorRequest): { route: Route; path: string[] } | undefined {
    for (const route of ROUTES) {
        if (route.method !== req.method) continue;
        if (route.matches !== undefined && !route.matches(req)) continue;
        const m = route.pattern.exec(req.url.pathname);
        if (!m) continue;
        try {
            return { route, path: m.slice(1).map((p) => decodeURIComponent(p)) };
        } catch {
            return undefined;
        }
    }
    return undefined;
}
