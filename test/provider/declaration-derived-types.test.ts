// provider/core/resource/declaration.ts, what the types and name lists derive: an output that
// redeclares an input (the provider records another value for it, e.g. a project resolved from
// stack config) is one output, with the output's type; an input of any value takes any input.
import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ArgsOf, declareResource, inputNames, outputNames, OutputsOf, StateOf } from "../../provider/core/resource/declaration";

const declaration = declareResource({
    type: "test.Thing",
    inputs: {
        thingId: z.string(),
        projectId: z.string().optional(),
        secretInput: z.string().optional(),
        triggers: z.unknown().optional(),
        tags: z.object({ note: z.unknown().optional() }).optional(),
    },
    inputOnly: ["secretInput"],
    outputs: {
        projectId: z.string(),
        count: z.number(),
    },
});

describe("declareResource: an output redeclaring an input", () => {
    it("names it once among the outputs, with the computed ones", () => {
        expect(inputNames(declaration)).to.deep.equal(["thingId", "projectId", "secretInput", "triggers", "tags"]);
        expect(outputNames(declaration)).to.deep.equal(["thingId", "triggers", "tags", "projectId", "count"]);
    });

    it("gives the class and the state the output's type", () => {
        // Compile-time checks: the redeclared output is a string, not `string | undefined`.
        const state: StateOf<typeof declaration> = { thingId: "t", projectId: "p", count: 1 };
        // @ts-expect-error the state's projectId is the resolved one: required
        const partial: StateOf<typeof declaration> = { thingId: "t", count: 1 };
        const outputs = {} as OutputsOf<typeof declaration>;
        const projectId: pulumi.Output<string> = outputs.projectId;
        // @ts-expect-error an input kept only as an input is no output
        void outputs.secretInput;
        expect([state.projectId, partial.thingId, typeof projectId]).to.deep.equal(["p", "t", "undefined"]);
    });
});

describe("ArgsOf: an input of any value", () => {
    it("takes any input, null and unknown values too, at the top and inside objects", () => {
        // Compile-time checks (`NonNullable<unknown>` is `{}`, which refuses null and unknown).
        const anything: unknown = JSON.parse("null");
        const args: ArgsOf<typeof declaration>[] = [
            { thingId: "t", triggers: null, tags: { note: null } },
            { thingId: "t", triggers: anything, tags: { note: anything } },
        ];
        // @ts-expect-error thingId stays a string input
        const wrong: ArgsOf<typeof declaration> = { thingId: anything };
        expect(args.map((a) => a.triggers)).to.deep.equal([null, null]);
        expect(wrong.thingId).to.equal(null);
    });
});
