import { NO_OPERATION } from "../../core/resource/plan";
import { canonicalText } from "../../core/inputs/canonical-json";
import { DriftEntry, NOT_SET } from "../../core/resource/observe";
import { containsUnknown, UNKNOWN } from "../../core/inputs/unknowns";
import type { ServerDetail } from "../api/ecs-api";
import { isSystemMetadataKey, RestartTrigger, ServerAttributesInputs } from "./declaration";

export type { RestartTrigger } from "./declaration";

// Pure logic of huaweicloud.ServerAttributes: what the cloud reports, what differs, which calls
// make the difference, and the plan and restart trigger `check` adds. No I/O.

/** The inputs that are attributes of the server (everything else configures the resource). */
export const ATTRIBUTE_KEYS = [
    "name",
    "description",
    "hostname",
    "securityGroupIds",
    "metadata",
    "tags",
] as const satisfies readonly (keyof ServerAttributesInputs)[];

/** The managed attributes (each undefined when not managed; security groups sorted). */
export type Attributes = Pick<ServerAttributesInputs, (typeof ATTRIBUTE_KEYS)[number]>;

/** What the cloud reports of a server (ListServersDetails / ShowServer). */
export interface ObservedServer {
    id: string;
    status: string;
    name: string;
    description: string;
    hostname?: string;
    securityGroupIds: string[];
    /** User metadata (ECS's own keys left out). */
    metadata: Record<string, string>;
    tags: Record<string, string>;
    /** `OS-SRV-USG:launched_at`: when the guest last started. */
    launchedAt?: string;
    osType?: string;
}

/** The fields of a ServerDetail this resource reads. */
export type AttributesDetail = ServerDetail & {
    description?: string;
    security_groups?: Array<{ id?: string; name?: string }>;
    tags?: string[];
    "OS-EXT-SRV-ATTR:hostname"?: string;
    "OS-SRV-USG:launched_at"?: string;
};

/** Reads a server's attributes from its ServerDetail. */
export function observe(detail: AttributesDetail): ObservedServer {
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(detail.metadata ?? {})) if (!isSystemMetadataKey(k) && typeof v === "string") metadata[k] = v;
    const tags: Record<string, string> = {};
    for (const t of detail.tags ?? []) {
        const i = t.indexOf("=");
        if (i < 0) tags[t] = "";
        else tags[t.slice(0, i)] = t.slice(i + 1);
    }
    return {
        id: detail.id,
        status: detail.status,
        name: detail.name ?? "",
        description: detail.description ?? "",
        hostname: detail["OS-EXT-SRV-ATTR:hostname"] ?? undefined,
        securityGroupIds: [...new Set((detail.security_groups ?? []).map((g) => g.id).filter((id): id is string => typeof id === "string"))].sort(),
        metadata,
        tags,
        launchedAt: detail["OS-SRV-USG:launched_at"] ?? undefined,
        osType: typeof detail.metadata?.os_type === "string" ? detail.metadata.os_type : undefined,
    };
}

/** Only the given keys of a map (a key the cloud lacks is left out). */
function pick(map: Record<string, string>, keys: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of keys) if (k in map) out[k] = map[k];
    return out;
}

/**
 * The cloud's values of the attributes `managed` manages (for metadata and tags, of its keys only).
 * A refresh stores this, so a drift shows as a difference with the program's values.
 */
export function cloudView(managed: Attributes, cloud: ObservedServer): Attributes {
    const out: Attributes = {};
    if (managed.name !== undefined) out.name = cloud.name;
    if (managed.description !== undefined) out.description = cloud.description;
    if (managed.hostname !== undefined && cloud.hostname !== undefined) out.hostname = cloud.hostname;
    if (managed.securityGroupIds !== undefined) out.securityGroupIds = cloud.securityGroupIds;
    if (managed.metadata !== undefined) out.metadata = pick(cloud.metadata, Object.keys(managed.metadata));
    if (managed.tags !== undefined) out.tags = pick(cloud.tags, Object.keys(managed.tags));
    return out;
}

/** What adoption records: the cloud's values, with `null` for a managed metadata or tag key the server lacked. */
export type Adopted = Omit<Attributes, "metadata" | "tags"> & { metadata?: Record<string, string | null>; tags?: Record<string, string | null> };

/** The adopted values of the attributes `managed` manages (keys the server lacks recorded as null). */
export function adoptedView(managed: Attributes, cloud: ObservedServer): Adopted {
    const view = cloudView(managed, cloud) as Adopted;
    if (managed.metadata !== undefined)
        view.metadata = Object.fromEntries(Object.keys(managed.metadata).map((k) => [k, k in cloud.metadata ? cloud.metadata[k] : null]));
    if (managed.tags !== undefined) view.tags = Object.fromEntries(Object.keys(managed.tags).map((k) => [k, k in cloud.tags ? cloud.tags[k] : null]));
    return view;
}

/** The calls that turn `from` into `to`, by aspect (an empty part means no call). */
export interface ChangeSet {
    /** UpdateServer fields. */
    server: { name?: string; description?: string; hostname?: string };
    addGroups: string[];
    removeGroups: string[];
    setMetadata: Record<string, string>;
    deleteMetadata: string[];
    setTags: Record<string, string>;
    deleteTags: string[];
}

function mapChanges(
    from: Record<string, string | null> | undefined,
    to: Record<string, string | null> | undefined,
): { set: Record<string, string>; del: string[] } {
    const set: Record<string, string> = {};
    const del: string[] = [];
    if (to === undefined) return { set, del }; // not managed (any more): released, nothing sent
    for (const [k, v] of Object.entries(to)) {
        if (v === null) {
            if (from !== undefined && typeof from[k] === "string") del.push(k);
        } else if (from === undefined || from[k] !== v) set[k] = v;
    }
    // A key dropped from the managed map is deleted from the server.
    for (const k of Object.keys(from ?? {})) if (!(k in to) && typeof (from as Record<string, string | null>)[k] === "string") del.push(k);
    return { set, del: [...new Set(del)].sort() };
}

/**
 * The changes from `from` (what the server has, as far as this resource knows) to `to` (what the
 * program asks, or the adopted values on restore; a null member means "absent").
 */
export function changeSet(from: Adopted, to: Adopted): ChangeSet {
    const server: ChangeSet["server"] = {};
    for (const k of ["name", "description", "hostname"] as const) {
        if (to[k] !== undefined && to[k] !== from[k]) server[k] = to[k];
    }
    const have = new Set(from.securityGroupIds ?? []);
    const want = new Set(to.securityGroupIds ?? []);
    const groups = to.securityGroupIds !== undefined;
    const meta = mapChanges(from.metadata, to.metadata);
    const tags = mapChanges(from.tags, to.tags);
    return {
        server,
        addGroups: groups ? [...want].filter((g) => !have.has(g)).sort() : [],
        removeGroups: groups && from.securityGroupIds !== undefined ? [...have].filter((g) => !want.has(g)).sort() : [],
        setMetadata: meta.set,
        deleteMetadata: meta.del,
        setTags: tags.set,
        deleteTags: tags.del,
    };
}

/** The aspects a change set touches, in apply order, e.g. `["name", "hostname", "securityGroupIds"]`. */
export function changedAspects(c: ChangeSet): string[] {
    const out: string[] = Object.keys(c.server);
    if (c.addGroups.length + c.removeGroups.length > 0) out.push("securityGroupIds");
    if (Object.keys(c.setMetadata).length + c.deleteMetadata.length > 0) out.push("metadata");
    if (Object.keys(c.setTags).length + c.deleteTags.length > 0) out.push("tags");
    return out;
}

/** The attributes of inputs or state (sorted groups; other keys dropped). */
export function attributesOf(o: Record<string, unknown>): Attributes {
    const out: Attributes = {};
    for (const k of ["name", "description", "hostname"] as const) if (typeof o[k] === "string") out[k] = o[k] as string;
    if (Array.isArray(o.securityGroupIds)) out.securityGroupIds = [...(o.securityGroupIds as string[])].sort();
    if (o.metadata !== null && typeof o.metadata === "object") out.metadata = { ...(o.metadata as Record<string, string>) };
    if (o.tags !== null && typeof o.tags === "object") out.tags = { ...(o.tags as Record<string, string>) };
    return out;
}

/** The restart trigger after this run, from the old one (old inputs) and the program's hostname. */
export function nextRestartTrigger(olds: Record<string, unknown>, news: Record<string, unknown>): RestartTrigger | undefined {
    const value = news.hostname;
    if (value === undefined || value === null) return undefined;
    const wanted = containsUnknown(value) || typeof value !== "string" ? UNKNOWN : value;
    const old = olds.restartTrigger as RestartTrigger | undefined;
    const adopting = olds.serverId === undefined || olds.serverId !== news.serverId;
    if (adopting || old === undefined || typeof old !== "object") return { hostname: wanted, revision: 1, reason: "hostname set when taken under management" };
    if (old.hostname === wanted) return { hostname: wanted, revision: old.revision, reason: old.reason };
    return { hostname: wanted, revision: (typeof old.revision === "number" ? old.revision : 0) + 1, reason: "hostname changes" };
}

/** The plan text of a ServerAttributes for this run (restart effects only: the calls are the diff). */
export function attributesPlan(olds: Record<string, unknown>, news: Record<string, unknown>, trigger: RestartTrigger | undefined): string {
    const server = typeof news.serverId === "string" && !containsUnknown(news.serverId) ? news.serverId : "(known at up)";
    const adopting = olds.serverId === undefined || olds.serverId !== news.serverId;
    const old = olds.restartTrigger as RestartTrigger | undefined;
    if (trigger === undefined) return NO_OPERATION;
    if (adopting) return `hostname takes effect only after the server is restarted, where adopting server ${server} changes it`;
    if (old === undefined || trigger.hostname !== old.hostname || trigger.hostname === UNKNOWN) {
        return `hostname takes effect only after the server is restarted (changing on server ${server})`;
    }
    return NO_OPERATION;
}

/** The computed inputs `check` adds: the plan and the restart trigger. */
export function plannedInputs(olds: Record<string, unknown>, news: Record<string, unknown>): Record<string, unknown> {
    const trigger = nextRestartTrigger(olds, news);
    const out: Record<string, unknown> = { plannedOperation: attributesPlan(olds, news, trigger) };
    if (trigger !== undefined) out.restartTrigger = trigger;
    return out;
}

/**
 * The drift of an observing ServerAttributes (docs/drift.md#observe-only): each managed attribute
 * whose cloud value differs from the program's — for metadata and tags, the managed keys only (a key
 * the server lacks shows as null). A hostname the cloud does not report is not compared. No secrets:
 * no input of ServerAttributes holds one.
 */
export function serverDrift(wanted: Attributes, cloud: ObservedServer): DriftEntry[] {
    const view = adoptedView(wanted, cloud);
    const out: DriftEntry[] = [];
    for (const k of ATTRIBUTE_KEYS) {
        const program = wanted[k];
        if (program === undefined) continue;
        if (k === "hostname" && cloud.hostname === undefined) continue;
        const seen = (view as Record<string, unknown>)[k];
        if (canonicalText(program) !== canonicalText(seen)) out.push({ property: k, program, cloud: seen ?? NOT_SET });
    }
    return out;
}
