import { EmulatorRequest } from "../core/backend";
import {
    addSecurityGroup,
    deleteMetadata,
    parseMetadataBody,
    parseSecurityGroupAction,
    parseUpdateServerBody,
    removeSecurityGroup,
    updateMetadata,
    updateServer,
} from "./models-attributes";
import type { Route } from "./routes";
import { updateServerView } from "./server-view";
import { jsonBody, tryJson } from "./wire";

/**
 * The server attribute APIs (models-attributes.ts has the rules): UpdateServer, UpdateServerMetadata,
 * DeleteServerMetadata, NovaAssociateSecurityGroup and NovaDisassociateSecurityGroup, with the
 * operation names of `@huaweicloud/huaweicloud-sdk-ecs`.
 */

function bodyParams(req: EmulatorRequest): Record<string, unknown> | undefined {
    const body = tryJson(req);
    return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

function hasKey(req: EmulatorRequest, key: string): boolean {
    const body = bodyParams(req);
    return body !== undefined && key in body;
}

function securityGroupRoute(key: "addSecurityGroup" | "removeSecurityGroup", operation: string): Route {
    return {
        method: "POST",
        pattern: /^\/v2\.1\/([^/]+)\/servers\/([^/]+)\/action$/,
        operation,
        matches: (req) => hasKey(req, key),
        logParams: (req, path) => ({ server_id: path[1], ...bodyParams(req) }),
        handle: (world, req, projectId, path) => {
            const ref = parseSecurityGroupAction(jsonBody(req), key);
            if (key === "addSecurityGroup") addSecurityGroup(world, projectId, path[1], ref);
            else removeSecurityGroup(world, projectId, path[1], ref);
            return { status: 202, body: "" };
        },
    };
}

/** The attribute APIs, appended to the route table. */
export const ATTRIBUTE_ROUTES: Route[] = [
    {
        method: "PUT",
        pattern: /^\/v1\/([^/]+)\/cloudservers\/([^/]+)$/,
        operation: "UpdateServer",
        logParams: (req, path) => ({ server_id: path[1], ...bodyParams(req) }),
        handle: (world, req, projectId, path) => {
            const change = parseUpdateServerBody(jsonBody(req));
            const s = updateServer(world, projectId, path[1], change);
            // UpdateServerResponse: the server as it is now (not one settling delay late).
            return { status: 200, body: { server: updateServerView(s) } };
        },
    },
    {
        method: "POST",
        pattern: /^\/v1\/([^/]+)\/cloudservers\/([^/]+)\/metadata$/,
        operation: "UpdateServerMetadata",
        logParams: (req, path) => ({ server_id: path[1], ...bodyParams(req) }),
        handle: (world, req, projectId, path) => ({
            status: 200,
            body: { metadata: updateMetadata(world, projectId, path[1], parseMetadataBody(jsonBody(req))) },
        }),
    },
    {
        method: "DELETE",
        pattern: /^\/v1\/([^/]+)\/cloudservers\/([^/]+)\/metadata\/([^/]+)$/,
        operation: "DeleteServerMetadata",
        logParams: (_req, path) => ({ server_id: path[1], key: path[2] }),
        handle: (world, _req, projectId, path) => {
            deleteMetadata(world, projectId, path[1], path[2]);
            return { status: 204, body: "" };
        },
    },
    securityGroupRoute("addSecurityGroup", "NovaAssociateSecurityGroup"),
    securityGroupRoute("removeSecurityGroup", "NovaDisassociateSecurityGroup"),
];
