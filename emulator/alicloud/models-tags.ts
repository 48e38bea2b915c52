import { COMMON, ErrorSpec, fail } from "./errors";
import { AlicloudWorld } from "./model-types";
import { AlicloudModel } from "./models";
import { Params } from "./wire";

/**
 * ECS resource tags (TagResources, UntagResources, ListTagResources) for instances and disks,
 * after the ECS 2014-05-26 references and the `@alicloud/ecs20140526` models. Tags are kept in
 * the world (`resourceTags`), so a reset clears them and a saved state file keeps them; they
 * appear in DescribeInstances / DescribeDisks as `Tags.Tag[]`.
 */

/** Errors of the tag actions (codes and statuses of the references). */
export const TAG_ERRORS = {
    InvalidResourceIdNotFound: { code: "InvalidResourceId.NotFound", status: 404, message: "The specified ResourceIds are not found in our records." },
    InvalidResourceTypeNotFound: { code: "InvalidResourceType.NotFound", status: 404, message: "The ResourceType provided does not exist in our records." },
    InvalidTagKeyMalformed: { code: "InvalidTagKey.Malformed", status: 400, message: "The specified Tag.n.Key is not valid." },
    InvalidTagValueMalformed: { code: "InvalidTagValue.Malformed", status: 400, message: "The specified Tag.n.Value is not valid." },
    InvalidResourceIdsTooMany: { code: "InvalidParameter.ResourceIds", status: 400, message: "The number of ResourceId.N exceeds 50." },
    InvalidTagsTooMany: { code: "InvalidParameter.Tags", status: 400, message: "The number of Tag.N exceeds 20." },
} as const satisfies Record<string, ErrorSpec>;

/** The resource types the emulator models tags for. */
export const TAGGABLE_TYPES = ["instance", "disk"] as const;
type TaggableType = (typeof TAGGABLE_TYPES)[number];

function store(model: AlicloudModel): Record<string, Record<string, string>> {
    const w: AlicloudWorld = model.world;
    if (w.resourceTags === undefined) w.resourceTags = {};
    return w.resourceTags;
}

/** The tags of a resource, key → value (empty when it has none). */
export function tagsOf(model: AlicloudModel, type: TaggableType, id: string): Record<string, string> {
    return store(model)[`${type}:${id}`] ?? {};
}

/** Most `Tag.N` pairs a Describe call filters by (N is 1 to 20). */
export const MAX_TAG_FILTERS = 20;

/**
 * The `Tag.N.Key` / `Tag.N.Value` filter of DescribeInstances / DescribeDisks: the resource carries every
 * listed key, with the listed value where one is given (a key without a value matches any value).
 * Undefined when the request names no tag.
 */
export function tagFilter(p: Params): Array<{ key: string; value: string | undefined }> | undefined {
    const pairs: Array<{ key: string; value: string | undefined }> = [];
    for (let n = 1; n <= MAX_TAG_FILTERS + 1; n++) {
        if (!p.has(`Tag.${n}.Key`) && !p.has(`Tag.${n}.Value`)) continue;
        if (n > MAX_TAG_FILTERS) fail(COMMON.InvalidParameterNamed, `Tag.${n}.Key`);
        const key = p.str(`Tag.${n}.Key`) ?? "";
        if (key === "") fail(TAG_ERRORS.InvalidTagKeyMalformed);
        pairs.push({ key, value: p.str(`Tag.${n}.Value`) });
    }
    return pairs.length === 0 ? undefined : pairs;
}

/** Whether a resource's tags satisfy a `tagFilter` (every pair). */
export function tagsMatch(tags: Record<string, string>, filter: Array<{ key: string; value: string | undefined }> | undefined): boolean {
    return filter === undefined || filter.every((f) => Object.hasOwn(tags, f.key) && (f.value === undefined || tags[f.key] === f.value));
}

/** The tags of a resource in the `Tags.Tag[]` shape of DescribeInstances / DescribeDisks. */
export function tagList(model: AlicloudModel, type: TaggableType, id: string): Array<{ TagKey: string; TagValue: string }> {
    const tags = store(model)[`${type}:${id}`] ?? {};
    return Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

function resourceType(p: Params): TaggableType {
    const t = p.required("ResourceType");
    if (!(TAGGABLE_TYPES as readonly string[]).includes(t.toLowerCase())) fail(TAG_ERRORS.InvalidResourceTypeNotFound);
    return t.toLowerCase() as TaggableType;
}

function resourceIds(model: AlicloudModel, p: Params, type: TaggableType, regionId: string, required: boolean): string[] {
    const ids = p.list("ResourceId") ?? [];
    if (ids.length === 0 && required) fail(COMMON.MissingParameter, "ResourceId.1");
    if (ids.length > 50) fail(TAG_ERRORS.InvalidResourceIdsTooMany);
    for (const id of ids) {
        const exists =
            type === "instance"
                ? model.world.instances.some((i) => i.instanceId === id && i.regionId === regionId)
                : model.world.disks.some((d) => d.diskId === id && d.regionId === regionId);
        if (!exists) fail(TAG_ERRORS.InvalidResourceIdNotFound);
    }
    return ids;
}

function validKey(key: string): boolean {
    return key !== "" && key.length <= 128 && !/^(aliyun|acs:)/i.test(key) && !/https?:\/\//i.test(key);
}

function validValue(value: string): boolean {
    return value.length <= 128 && !/^(aliyun|acs:)/i.test(value) && !/https?:\/\//i.test(value);
}

/** TagResources: adds (or overwrites) up to 20 tags on up to 50 resources of one type. */
export function tagResources(model: AlicloudModel, p: Params): Record<string, unknown> {
    const regionId = p.required("RegionId");
    model.checkRegion(regionId);
    const type = resourceType(p);
    const ids = resourceIds(model, p, type, regionId, true);
    const pairs: Array<[string, string]> = [];
    for (let n = 1; p.has(`Tag.${n}.Key`) || p.has(`Tag.${n}.Value`); n++) {
        const key = p.str(`Tag.${n}.Key`) ?? "";
        const value = p.str(`Tag.${n}.Value`) ?? "";
        if (!validKey(key)) fail(TAG_ERRORS.InvalidTagKeyMalformed);
        if (!validValue(value)) fail(TAG_ERRORS.InvalidTagValueMalformed);
        pairs.push([key, value]);
    }
    if (pairs.length === 0) fail(COMMON.MissingParameter, "Tag.1.Key");
    if (pairs.length > 20) fail(TAG_ERRORS.InvalidTagsTooMany);
    const tags = store(model);
    for (const id of ids) {
        const current = (tags[`${type}:${id}`] ??= {});
        for (const [k, v] of pairs) current[k] = v;
    }
    return {};
}

/** UntagResources: removes the keys `TagKey.N` (or every tag with `All=true`) from the resources. */
export function untagResources(model: AlicloudModel, p: Params): Record<string, unknown> {
    const regionId = p.required("RegionId");
    model.checkRegion(regionId);
    const type = resourceType(p);
    const ids = resourceIds(model, p, type, regionId, true);
    const keys = p.list("TagKey") ?? [];
    const all = p.bool("All") === true;
    const tags = store(model);
    for (const id of ids) {
        const current = tags[`${type}:${id}`];
        if (current === undefined) continue;
        if (all) delete tags[`${type}:${id}`];
        else for (const k of keys) delete current[k];
    }
    return {};
}

/** ListTagResources: the tags of the given resources (or of every resource of the type), as `TagResources.TagResource[]`. */
export function listTagResources(model: AlicloudModel, p: Params): Record<string, unknown> {
    const regionId = p.required("RegionId");
    model.checkRegion(regionId);
    const type = resourceType(p);
    const ids = resourceIds(model, p, type, regionId, false);
    const tags = store(model);
    const out: Array<Record<string, string>> = [];
    for (const [where, pairs] of Object.entries(tags)) {
        const [t, id] = [where.slice(0, where.indexOf(":")), where.slice(where.indexOf(":") + 1)];
        if (t !== type || (ids.length > 0 && !ids.includes(id))) continue;
        for (const [TagKey, TagValue] of Object.entries(pairs)) out.push({ ResourceType: type, ResourceId: id, TagKey, TagValue });
    }
    return { NextToken: "", TagResources: { TagResource: out } };
}
