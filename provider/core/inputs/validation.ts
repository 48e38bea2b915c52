import { z } from "zod";
import { unknownInputMessage } from "./suggest";

/** One `check` failure as the dynamic-provider contract wants it. */
export interface CheckFailure {
    property: string;
    reason: string;
}

function propertyPath(path: ReadonlyArray<PropertyKey>): string {
    let out = "";
    for (const part of path) {
        if (typeof part === "number") out += `[${part}]`;
        else out += out === "" ? String(part) : `.${String(part)}`;
    }
    return out;
}

/** The zod internals this module reads to find the valid keys of an object schema. */
interface SchemaDef {
    type?: string;
    shape?: Record<string, unknown>;
    innerType?: unknown;
    in?: unknown;
    element?: unknown;
}

function defOf(schema: unknown): SchemaDef | undefined {
    return (schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;
}

/** The keys of the object schema found at `path` inside `schema` (optional/nullable/pipe unwrapped). */
export function validKeysAt(schema: unknown, path: ReadonlyArray<PropertyKey>): string[] {
    let current = schema;
    let i = 0;
    for (let guard = 0; guard < 64 && current !== undefined; guard++) {
        const def = defOf(current);
        if (def === undefined) return [];
        if (def.type === "optional" || def.type === "nullable" || def.type === "default" || def.type === "readonly") current = def.innerType;
        else if (def.type === "pipe") current = def.in;
        else if (i === path.length) return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
        else if (def.type === "object" && def.shape) current = def.shape[String(path[i++])];
        else if (def.type === "array") {
            current = def.element;
            i++;
        } else return [];
    }
    return [];
}

/**
 * Turns zod issues into check failures, one per property and rule, so `pulumi preview` lists
 * every problem at once. An unknown key is reported by name with the closest valid name
 * (`unknown input "trigger" — did you mean "triggers"?`) when `schema` is given.
 */
export function failuresFromZod(error: z.ZodError, schema?: z.ZodType<unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    for (const issue of error.issues) {
        if (issue.code === "unrecognized_keys") {
            const valid = schema === undefined ? [] : validKeysAt(schema, issue.path);
            for (const key of issue.keys) {
                failures.push({ property: propertyPath([...issue.path, key]), reason: unknownInputMessage(propertyPath(issue.path), key, valid) });
            }
            continue;
        }
        failures.push({ property: propertyPath(issue.path) || "(inputs)", reason: issue.message });
    }
    return failures;
}

/** The result of validating inputs: the parsed value when valid, and the failures. */
export interface Validated<T> {
    value?: T;
    failures: CheckFailure[];
}

/** Validates `inputs` against a schema; never throws. */
export function validate<T>(schema: z.ZodType<T>, inputs: unknown): Validated<T> {
    const result = schema.safeParse(inputs);
    return result.success ? { value: result.data, failures: [] } : { failures: failuresFromZod(result.error, schema) };
}

function rootOf(property: string): string {
    return property.split(/[.[]/)[0];
}

/**
 * The failures as `check` must hand them to the engine. The engine prints the value of the
 * property a failure names — `property password value {&{{Ab1!}}} has a problem` — even when the
 * input is a secret. So a failure keeps its `property` only for a top-level input that is not
 * secret and is one of the resource's inputs; every other failure (a secret input or a member of
 * one, a nested member, an unknown key, whose value may be a misspelt secret) names its property
 * in the reason instead and leaves `property` empty, so the engine prints no value.
 */
export function engineSafeFailures(failures: readonly CheckFailure[], inputs: readonly string[], secretInputs: readonly string[]): CheckFailure[] {
    return failures.map((f) => {
        const root = rootOf(f.property);
        const named =
            f.property !== "" && f.property === root && inputs.includes(root) && !secretInputs.includes(root) && !f.reason.startsWith("unknown input");
        if (named) return f;
        if (f.property === "" || f.property === "(inputs)" || f.reason.startsWith("unknown input")) return { property: "", reason: f.reason };
        return { property: "", reason: `${f.property}: ${f.reason}` };
    });
}

/** Throws one error listing every failure; used where no `check` ran (direct calls, old state). */
export function assertValid<T>(schema: z.ZodType<T>, inputs: unknown, subject: string): T {
    const { value, failures } = validate(schema, inputs);
    if (failures.length > 0 || value === undefined) {
        throw new Error(`invalid ${subject}: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    return value;
}
