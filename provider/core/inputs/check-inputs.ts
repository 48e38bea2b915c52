import { z } from "zod";
import { COMPUTED_INPUTS } from "../resource/plan";
import { splitUnknowns } from "./unknowns";
import { CheckFailure, validate } from "./validation";

/** The result of checking a resource's inputs: the known inputs, the unknown property names, the failures. */
export interface CheckedInputs {
    /** Inputs without `__provider` and without the properties still unknown (preview). */
    known: Record<string, unknown>;
    /** Names of the properties whose value is not known yet. */
    unknown: string[];
    failures: CheckFailure[];
}

function rootOf(property: string): string {
    return property.split(/[.[]/)[0];
}

/**
 * Validates the known part of a dynamic resource's inputs against `schema`: `__provider` is set
 * aside, properties still unknown in preview are not judged (a "required" failure for them is
 * dropped), and each failure names its property and rule.
 */
export function checkKnownInputs(schema: z.ZodType<unknown>, news: Record<string, unknown>): CheckedInputs {
    const { __provider: _provider, ...inputs } = withoutProviderOrComputed(news);
    const { known, unknown } = splitUnknowns(inputs);
    const failures = validate(schema, known).failures.filter((f) => !unknown.includes(rootOf(f.property)));
    return { known, unknown, failures };
}

function withoutProviderOrComputed(props: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) if (k !== "__provider" && !COMPUTED_INPUTS.includes(k)) out[k] = v;
    return out;
}

/** The inputs without `__provider` and the inputs `check` computes (the plan), for validating, storing as outputs and comparing. */
export function withoutProvider(props: Record<string, unknown>): Record<string, unknown> {
    return withoutProviderOrComputed(props);
}

/**
 * The inputs without `__provider` and without null values. An optional Pulumi input that resolves
 * to undefined inside `pulumi.secret(...)` (e.g. `config.getSecret("x")` when unset) reaches the
 * provider as null: for the operation resources, null means "not set".
 */
export function presentInputs(props: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(props)) {
        if (key !== "__provider" && !COMPUTED_INPUTS.includes(key) && value !== null && value !== undefined) out[key] = value;
    }
    return out;
}
