import { EmulatorRequest } from "../core/backend";
import { apiError, ECS_ERRORS } from "./errors";
import { ServerRecord } from "./models";
import type { Route } from "./routes";
import { jsonBody, tryJson } from "./wire";

/**
 * Server tags, after the ECS v1 references and `@huaweicloud/huaweicloud-sdk-ecs` models:
 * BatchCreateServerTags / BatchDeleteServerTags (`POST /v1/{project_id}/cloudservers/{server_id}/tags/action`
 * with `action` `create` / `delete`, 204) and ShowServerTags (`GET …/tags`, `{tags: [{key, value}]}`).
 * They are the server's `tags` (`"key=value"`), so ShowServer and the `tags` filter see them too.
 */

/** Most tags a server holds. */
export const MAX_SERVER_TAGS = 10;
const KEY = /^[\p{L}\p{N}_-]{1,36}$/u;
const VALUE = /^[\p{L}\p{N}_.-]{0,43}$/u;

function split(tag: string): [string, string] {
    const i = tag.indexOf("=");
    return i < 0 ? [tag, ""] : [tag.slice(0, i), tag.slice(i + 1)];
}

function bodyAction(req: EmulatorRequest): unknown {
    const body = tryJson(req);
    return typeof body === "object" && body !== null ? (body as { action?: unknown }).action : undefined;
}

interface TagBody {
    action: "create" | "delete";
    tags: Array<{ key: string; value?: string }>;
}

function parseTagBody(req: EmulatorRequest, action: "create" | "delete"): TagBody {
    const body = jsonBody(req);
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw apiError(ECS_ERRORS.invalidParameter, "The body must be a JSON object.");
    const o = body as Record<string, unknown>;
    if (o.action !== action) throw apiError(ECS_ERRORS.invalidParameter, 'action must be "create" or "delete".');
    if (!Array.isArray(o.tags) || o.tags.length === 0 || o.tags.length > MAX_SERVER_TAGS) {
        throw apiError(ECS_ERRORS.invalidParameter, `tags must list 1 to ${MAX_SERVER_TAGS} tags.`);
    }
    const tags = o.tags.map((t, i) => {
        if (typeof t !== "object" || t === null) throw apiError(ECS_ERRORS.invalidParameter, `tags[${i}] must be an object.`);
        const { key, value } = t as { key?: unknown; value?: unknown };
        if (typeof key !== "string" || !KEY.test(key)) throw apiError(ECS_ERRORS.invalidParameter, `tags[${i}].key must be 1-36 letters, digits, "_" or "-".`);
        if (value !== undefined && (typeof value !== "string" || !VALUE.test(value))) {
            throw apiError(ECS_ERRORS.invalidParameter, `tags[${i}].value must be at most 43 letters, digits, "_", "." or "-".`);
        }
        return { key, value: value as string | undefined };
    });
    return { action, tags };
}

function applyTags(server: ServerRecord, body: TagBody): void {
    const current = new Map(server.tags.map(split));
    for (const t of body.tags) {
        if (body.action === "create") current.set(t.key, t.value ?? "");
        else current.delete(t.key);
    }
    if (current.size > MAX_SERVER_TAGS) throw apiError(ECS_ERRORS.invalidParameter, `a server holds at most ${MAX_SERVER_TAGS} tags.`);
    server.tags = [...current].map(([k, v]) => `${k}=${v}`);
}

function tagAction(action: "create" | "delete", operation: string): Route {
    return {
        method: "POST",
        pattern: /^\/v1\/([^/]+)\/cloudservers\/([^/]+)\/tags\/action$/,
        operation,
        matches: (req) => bodyAction(req) === action || (action === "create" && bodyAction(req) !== "delete"),
        logParams: (req) => {
            const body = tryJson(req);
            return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
        },
        handle: (world, req, projectId, path) => {
            const body = parseTagBody(req, action);
            applyTags(world.server(projectId, path[1]), body);
            return { status: 204, body: "" };
        },
    };
}

/** The tag APIs, appended to the route table. */
export const TAG_ROUTES: Route[] = [
    tagAction("delete", "BatchDeleteServerTags"),
    tagAction("create", "BatchCreateServerTags"),
    {
        method: "GET",
        pattern: /^\/v1\/([^/]+)\/cloudservers\/([^/]+)\/tags$/,
        operation: "ShowServerTags",
        logParams: (_req, path) => ({ server_id: path[1] }),
        handle: (world, _req, projectId, path) => ({
            status: 200,
            body: { tags: world.server(projectId, path[1]).tags.map((t) => ({ key: split(t)[0], value: split(t)[1] })) },
        }),
    },
];
