// Test support for ownership (docs/ownership.md) in the upgrade tests: which instances and servers the
// emulator's world says a stack owns (tag ecs-ops-owner), which instances a stack's attributes
// resources take, and what a preview plans for them. Pure: reads a world dump (`GET /_emulator/state`),
// a state export and a preview's `--json` document.

/** The owner tag key (the provider's OWNER_TAG_KEY, restated: tests do not import product constants to check them). */
export const OWNER_TAG = "ecs-ops-owner";

/** The attributes resources, which take ownership of their instance: as dynamic resources and through the plugin. */
export const ATTRIBUTE_TYPES = [
    "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceAttributes",
    "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerAttributes",
    "ecs-ops:alicloud:InstanceAttributes",
    "ecs-ops:huaweicloud:ServerAttributes",
];

/** A resource of a state export, as much as these helpers read. */
interface ResourceLike {
    urn: string;
    type: string;
    inputs?: Record<string, unknown>;
}

/** The world dump of `GET /_emulator/state`, as much as these helpers read. */
interface WorldDump {
    alicloud?: { resourceTags?: Record<string, Record<string, string>> };
    huaweicloud?: { servers?: Array<{ id: string; tags?: string[] }> };
}

/** Every instance (Alibaba) and server (Huawei) carrying the owner tag, id → its value. */
export function ownerTagsOf(world: unknown): Record<string, string> {
    const w = world as WorldDump;
    const out: Record<string, string> = {};
    for (const [key, tags] of Object.entries(w.alicloud?.resourceTags ?? {})) {
        if (key.startsWith("instance:") && tags[OWNER_TAG] !== undefined) out[key.slice("instance:".length)] = tags[OWNER_TAG];
    }
    for (const server of w.huaweicloud?.servers ?? []) {
        const tag = (server.tags ?? []).find((t) => t.startsWith(`${OWNER_TAG}=`));
        if (tag !== undefined) out[server.id] = tag.slice(OWNER_TAG.length + 1);
    }
    return out;
}

/** The attributes resources of a state. */
export function attributeResources<R extends ResourceLike>(resources: R[]): R[] {
    return resources.filter((r) => ATTRIBUTE_TYPES.includes(r.type));
}

/** The instances and servers a state's attributes resources take, each once, sorted. */
export function takenTargets(resources: ResourceLike[]): string[] {
    const ids = attributeResources(resources).map((r) => String(r.inputs?.instanceId ?? r.inputs?.serverId));
    return [...new Set(ids)].sort();
}

/** Every id of `ids` owned by `owner`, as `ownerTagsOf` reports them. */
export function ownedBy(ids: string[], owner: string): Record<string, string> {
    return Object.fromEntries(ids.map((id) => [id, owner]));
}

/** The plan (`plannedOperation` of the new inputs) a preview's `--json` document shows for a resource. */
export function plannedOperationOf(previewJson: unknown, urn: string): unknown {
    const steps = (previewJson as { steps?: Array<{ urn: string; newState?: { inputs?: Record<string, unknown> } }> }).steps ?? [];
    return steps.find((s) => s.urn === urn)?.newState?.inputs?.plannedOperation;
}

/** The plan of recording `owner` on one instance or server, as a regular expression (nothing else planned). */
export function recordOwnershipPlan(owner: string): RegExp {
    return new RegExp(`^record ownership: tag ${OWNER_TAG}=${owner.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} on (instance|server) [^;]+$`);
}
