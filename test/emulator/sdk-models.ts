// Test support: the response models of the official SDKs, read as plain schemas so an emulator
// answer can be checked field by field (names, nesting, types).
// - @alicloud/ecs20140526: each model class has static names() (property → wire name) and types().
// - @huaweicloud/huaweicloud-sdk-ecs: no runtime type data; the schema is read from each model's
//   .d.ts (types) and .js (wire names of the quoted properties, via their with…() setters).
import * as fs from "fs";
import * as path from "path";

/** A field's expected shape. */
export type Schema =
    | { kind: "string" | "number" | "boolean" | "any" }
    | { kind: "array"; item: Schema }
    | { kind: "map"; value: Schema }
    | { kind: "object"; model: string; fields: () => Record<string, Schema> };

interface AliModelClass {
    names(): Record<string, string>;
    types(): Record<string, unknown>;
    name: string;
}

function aliType(t: unknown): Schema {
    if (typeof t === "string") {
        if (t === "string") return { kind: "string" };
        if (["number", "integer", "long", "float", "double"].includes(t)) return { kind: "number" };
        if (t === "boolean") return { kind: "boolean" };
        return { kind: "any" };
    }
    if (typeof t === "function") return aliModel(t as unknown as AliModelClass);
    const o = t as { type?: string; itemType?: unknown; valueType?: unknown };
    if (o.type === "array") return { kind: "array", item: aliType(o.itemType) };
    if (o.type === "map") return { kind: "map", value: aliType(o.valueType) };
    return { kind: "any" };
}

/** The schema of an Alibaba model class, keyed by wire name. */
export function aliModel(cls: AliModelClass): Schema {
    return {
        kind: "object",
        model: cls.name,
        fields: () => {
            const names = cls.names();
            const types = cls.types();
            return Object.fromEntries(Object.entries(names).map(([prop, wire]) => [wire, aliType(types[prop])]));
        },
    };
}

const HW_DIR = path.dirname(require.resolve("@huaweicloud/huaweicloud-sdk-ecs/v2/model/ServerDetail.js"));

function hwType(t: string): Schema {
    t = t
        .replace(/\s+/g, " ")
        .trim()
        .replace(/ \| undefined$/, "");
    if (t === "string") return { kind: "string" };
    if (t === "number") return { kind: "number" };
    if (t === "boolean") return { kind: "boolean" };
    if (t === "object" || t === "any") return { kind: "any" };
    const arr = /^Array<(.+)>$/.exec(t);
    if (arr) return { kind: "array", item: hwType(arr[1]) };
    const map = /^\{ ?\[key: string\]: (.+?);? ?\}$/.exec(t);
    if (map) return { kind: "map", value: hwType(map[1]) };
    if (/^[A-Z]\w*$/.test(t) && fs.existsSync(path.join(HW_DIR, `${t}.d.ts`))) return hwModel(t);
    return { kind: "any" };
}

/** The schema of a Huawei model class (by file name), keyed by wire name. */
export function hwModel(name: string): Schema {
    return {
        kind: "object",
        model: name,
        fields: () => {
            const dts = fs.readFileSync(path.join(HW_DIR, `${name}.d.ts`), "utf8");
            const js = fs.readFileSync(path.join(HW_DIR, `${name}.js`), "utf8");
            const body = dts.slice(dts.indexOf("{", dts.indexOf("export declare class")) + 1);
            const fields: Record<string, Schema> = {};
            // Public properties: `name?: Type;` (possibly over several lines), before the constructor.
            const props = `${body.slice(0, body.indexOf("constructor(") >= 0 ? body.indexOf("constructor(") : body.length)}constructor`;
            const re = /^ {4}(?:(private) )?(?:'([^']+)'|(\w+))\?(?:: (\{[\s\S]*?\n {4}\}|[^;\n]*))?;\n(?= {4}(?:private |'|\w+\?|constructor))/gm;
            let m: RegExpExecArray | null;
            while ((m = re.exec(props)) !== null) {
                const wire = m[2] ?? m[3];
                let type = m[4];
                if (type === undefined) {
                    // A quoted (private) property: its setter `withX(x) { this['wire'] = x; …}` names the method; the .d.ts types it.
                    const setter = new RegExp(`with(\\w+)\\((\\w+)\\) \\{\\s*this\\['${wire.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}'\\] = \\2;`).exec(js);
                    const typed = setter ? new RegExp(`with${setter[1]}\\(\\w+: ([\\s\\S]*?)\\): ${name};`).exec(dts) : null;
                    type = typed ? typed[1] : "any";
                }
                fields[wire] = hwType(type);
            }
            return fields;
        },
    };
}

/** What a comparison found: the model fields never answered, and every departure from the model. */
export interface Parity {
    /** Model fields (paths) no answer carried. */
    missing: Set<string>;
    /** Answered fields the model does not have, or of another type (path: reason). */
    problems: string[];
}

function typeOf(v: unknown): string {
    return Array.isArray(v) ? "array" : v === null ? "null" : typeof v;
}

/**
 * Compares answers against a schema. A field counts as present when any answer (or array item)
 * carries it; `null` is accepted for any field (the clouds send null for unset values).
 */
export function compare(schema: Schema, values: unknown[], at: string, out: Parity): void {
    if (schema.kind === "any") return;
    if (schema.kind === "object") {
        const fields = schema.fields();
        const objects = values.filter((v) => v !== null && v !== undefined);
        for (const v of objects) {
            if (typeOf(v) !== "object") out.problems.push(`${at}: ${typeOf(v)} where the model (${schema.model}) has an object`);
        }
        const records = objects.filter((v) => typeOf(v) === "object") as Record<string, unknown>[];
        if (records.length === 0) return;
        for (const r of records) {
            for (const k of Object.keys(r)) if (!(k in fields)) out.problems.push(`${at}${at ? "." : ""}${k}: not in the model ${schema.model}`);
        }
        for (const [k, s] of Object.entries(fields)) {
            const p = `${at}${at ? "." : ""}${k}`;
            const present = records.filter((r) => k in r).map((r) => r[k]);
            if (present.length === 0) out.missing.add(p);
            else compare(s, present, p, out);
        }
        return;
    }
    for (const v of values) {
        if (v === null || v === undefined) continue;
        if (schema.kind === "array") {
            if (!Array.isArray(v)) out.problems.push(`${at}: ${typeOf(v)} where the model has an array`);
        } else if (schema.kind === "map") {
            if (typeOf(v) !== "object") out.problems.push(`${at}: ${typeOf(v)} where the model has a map`);
        } else if (typeOf(v) !== schema.kind) {
            out.problems.push(`${at}: ${typeOf(v)} ${JSON.stringify(v).slice(0, 40)} where the model has a ${schema.kind}`);
        }
    }
    if (schema.kind === "array") compare(schema.item, values.filter(Array.isArray).flat(), `${at}[]`, out);
    if (schema.kind === "map") {
        const inner = values.filter((v) => typeOf(v) === "object").flatMap((v) => Object.values(v as Record<string, unknown>));
        compare(schema.value, inner, `${at}{}`, out);
    }
}

const str: Schema = { kind: "string" };
const obj = (model: string, fields: Record<string, Schema>): Schema => ({ kind: "object", model, fields: () => fields });

/**
 * The models of NovaListServerActions / NovaShowServerAction, which the Node SDK in
 * devDependencies (@huaweicloud/huaweicloud-sdk-ecs 3.1.172, the only version on the registry)
 * does not have: written by hand from the official Python SDK (huaweicloud-sdk-python-v3,
 * huaweicloudsdkecs/v2/model/nova_list_server_actions_response.py, nova_server_action.py,
 * nova_show_server_action_response.py, nova_server_action_detail.py, nova_server_action_event.py),
 * wire names and types as there (`datetime` fields are strings on the wire).
 */
export const HW_NOVA_ACTION_MODELS = {
    NovaListServerActionsResponse: obj("NovaListServerActionsResponse", {
        instanceActions: {
            kind: "array",
            item: obj("NovaServerAction", {
                action: str,
                instance_uuid: str,
                message: str,
                project_id: str,
                request_id: str,
                updated_at: str,
                start_time: str,
                user_id: str,
            }),
        },
    }),
    NovaShowServerActionResponse: obj("NovaShowServerActionResponse", {
        instanceAction: obj("NovaServerActionDetail", {
            action: str,
            instance_uuid: str,
            message: str,
            project_id: str,
            request_id: str,
            start_time: str,
            user_id: str,
            events: { kind: "array", item: obj("NovaServerActionEvent", { event: str, finish_time: str, result: str, start_time: str, traceback: str }) },
        }),
    }),
} as const;

/**
 * The LookupEvents answer of ActionTrail 2020-07-06. The official client is not on the npm registry
 * (`@alicloud/actiontrail20200706` answers 404), so it cannot be a devDependency: written by hand
 * from its generated model in aliyun/alibabacloud-typescript-sdk (actiontrail-20200706/src/client.ts,
 * `LookupEventsResponseBody`: EndTime, Events (a list of free-form maps), NextToken, RequestId, StartTime).
 */
export const ALI_LOOKUP_EVENTS_RESPONSE: Schema = obj("LookupEventsResponseBody", {
    EndTime: str,
    Events: { kind: "array", item: { kind: "map", value: { kind: "any" } } },
    NextToken: str,
    RequestId: str,
    StartTime: str,
});
