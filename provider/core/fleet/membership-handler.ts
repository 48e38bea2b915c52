import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkKnownInputs, presentInputs } from "../inputs/check-inputs";
import { assertValid, engineSafeFailures } from "../inputs/validation";
import { inputNames, ResourceDeclaration } from "../resource/declaration";
import { expectedCountProblem, ExpectedCount, membershipRefusal } from "./membership-guard";

function stringList(v: unknown): string[] | undefined {
    return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
}

/**
 * The dynamic provider of a `FleetMembership` resource (one per cloud, `declaration` its type):
 * `check` judges the new member list against the recorded one (the old inputs) with the guard of
 * ./membership-guard, so a refused selection fails preview and `up` before any step; create,
 * update and delete only record. It makes no cloud call.
 */
export function membershipHandler(declaration: ResourceDeclaration<z.ZodRawShape, z.ZodRawShape, never>): pulumi.dynamic.ResourceProvider {
    const names = inputNames(declaration);
    const record = (props: Record<string, unknown>): Record<string, unknown> => {
        const inputs = presentInputs(props);
        const valid = assertValid(declaration.inputs, inputs, `${declaration.type} inputs`) as Record<string, unknown>;
        return { ...valid, memberCount: stringList(valid.members)?.length ?? 0 };
    };
    return {
        async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
            const { known, failures } = checkKnownInputs(declaration.inputs, presentInputs(news));
            const next = stringList(known.members);
            const expected = known.expectedCount as ExpectedCount | undefined;
            const countProblem = failures.length === 0 ? expectedCountProblem(expected) : undefined;
            if (countProblem !== undefined) failures.push({ property: "expectedCount", reason: countProblem });
            if (failures.length === 0 && next !== undefined) {
                const refusal = membershipRefusal({
                    fleet: String(known.fleet),
                    selector: known.selector,
                    previous: stringList(presentInputs(olds).members),
                    next,
                    expectedCount: expected,
                    allowMassRelease: known.allowMassRelease === true,
                });
                if (refusal !== undefined) failures.push({ property: "members", reason: refusal });
            }
            return { inputs: news, failures: engineSafeFailures(failures, names, []) };
        },

        async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
            const before = presentInputs(olds);
            const after = presentInputs(news);
            const changed = names.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
            return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false };
        },

        async create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
            const outs = record(inputs);
            return { id: `${String(outs.fleet)}:membership`, outs };
        },

        async update(_id: string, _olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
            return { outs: record(news) };
        },

        async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
            // Nothing in the cloud to read: the record is what it is.
            return { id, props: presentInputs(props) };
        },

        async delete(): Promise<void> {
            // Only a record: deleting it touches no instance.
        },
    };
}
