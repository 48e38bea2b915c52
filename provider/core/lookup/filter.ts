import { z } from "zod";
import { OWNER_TAG_KEY, ownerTagValue } from "../ownership/owner";

/**
 * Pure parts of the look-ups (`alicloud.getInstances`, `huaweicloud.getServers`): the name glob,
 * what of it each cloud can filter server-side, and the tag filter applied client-side. No I/O.
 *
 * A look-up sends the cloud a filter that may match more than asked (a superset), then applies the
 * exact glob and every tag client-side, so the answer never depends on how loosely a cloud matches.
 */

/** A `namePattern`: `*` any run of characters, `?` one character, anything else literal; 1-128 characters. */
export const namePatternSchema = z.string().min(1, "must not be empty").max(128, "must be at most 128 characters");

/**
 * `tags`: the resources carry every key, each with exactly this value (`{ env: "prod" }`).
 * At most 20 keys of 1-128 characters, values of at most 255.
 */
export const tagsFilterSchema = z
    .record(z.string(), z.string({ error: "a tag value must be a string" }).max(255, "a tag value must be at most 255 characters"))
    .superRefine((tags, ctx) => {
        const keys = Object.keys(tags);
        if (keys.length > 20) ctx.addIssue({ code: "custom", message: "at most 20 tags" });
        for (const key of keys) {
            if (key === "" || key.length > 128) ctx.addIssue({ code: "custom", message: "a tag key must be 1 to 128 characters" });
        }
    });

/** The exact matcher of a glob: anchored, `*` any run, `?` one character, the rest literal. */
export function globToRegExp(glob: string): RegExp {
    let out = "";
    for (const c of glob) {
        if (c === "*") out += "[\\s\\S]*";
        else if (c === "?") out += "[\\s\\S]";
        else out += c.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
    }
    return new RegExp(`^${out}$`, "u");
}

/** Whether a name matches a glob exactly (undefined pattern: every name). */
export function nameMatches(glob: string | undefined, name: string): boolean {
    return glob === undefined || globToRegExp(glob).test(name);
}

/**
 * What Alibaba's `InstanceName` filter is sent for a glob: its `*` wildcard is the glob's `*`, and a
 * `?` becomes `*` (the API has no one-character wildcard), so the cloud answers a superset.
 */
export function alicloudNameFilter(glob: string | undefined): string | undefined {
    if (glob === undefined) return undefined;
    const sent = glob.replace(/\?/g, "*").replace(/\*+/g, "*");
    return sent === "*" ? undefined : sent;
}

/**
 * What Huawei's `name` filter (a fuzzy, unanchored match in which `.` is any character) is sent for a
 * glob: its longest run of plain characters (letters, digits, `_`, `-`), which every matching name
 * contains; undefined when there is none (the cloud then lists every server and the glob filters).
 */
export function huaweiNameFilter(glob: string | undefined): string | undefined {
    if (glob === undefined) return undefined;
    const runs = glob.split(/[^\p{L}\p{N}_-]+/u).filter((r) => r !== "");
    if (runs.length === 0) return undefined;
    return runs.reduce((a, b) => (b.length > a.length ? b : a));
}

/** Whether a resource's tags hold every wanted key with exactly the wanted value. */
export function tagsMatch(tags: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>> | undefined): boolean {
    if (wanted === undefined) return true;
    return Object.entries(wanted).every(([k, v]) => Object.hasOwn(tags, k) && tags[k] === v);
}

/** Huawei's `"key=value"` tag strings as a record (a tag without `=` has the empty value). */
export function parseKeyValueTags(list: ReadonlyArray<string> | undefined | null): Record<string, string> {
    const out: Record<string, string> = {};
    for (const t of list ?? []) {
        const i = t.indexOf("=");
        if (i < 0) out[t] = "";
        else out[t.slice(0, i)] = t.slice(i + 1);
    }
    return out;
}

/** Splits a list into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

/** The `owner` filter of the look-ups: a stack as `<project>.<stack>`, or the tag value that names it. */
export const ownerFilterSchema = z.string({ error: "must be a string" }).min(1, "must not be empty").max(400, "must be at most 400 characters");

/**
 * The tags a look-up filters by: `tags`, plus the owner tag naming `owner` (encoded as the resources
 * record it, docs/ownership.md) when an owner is asked for.
 */
export function tagsWithOwner(tags: Record<string, string> | undefined, owner: string | undefined): Record<string, string> | undefined {
    return owner === undefined ? tags : { ...(tags ?? {}), [OWNER_TAG_KEY]: ownerTagValue(owner) };
}
