import { z } from "zod";

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

/**
 * Turns zod issues into check failures, one per property and rule, so `pulumi preview` lists
 * every problem at once. Unknown-key issues name each unknown property.
 */
export function failuresFromZod(error: z.ZodError): CheckFailure[] {
    const failures: CheckFailure[] = [];
    for (const issue of error.issues) {
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys) {
                failures.push({ property: propertyPath([...issue.path, key]), reason: `unknown property "${key}"` });
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
    return result.success ? { value: result.data, failures: [] } : { failures: failuresFromZod(result.error) };
}

/** Throws one error listing every failure; used where no `check` ran (direct calls, old state). */
export function assertValid<T>(schema: z.ZodType<T>, inputs: unknown, subject: string): T {
    const { value, failures } = validate(schema, inputs);
    if (failures.length > 0 || value === undefined) {
        throw new Error(`invalid ${subject}: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    return value;
}
