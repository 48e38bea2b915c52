import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { withUnknownArgs } from "../inputs/unknown-args";
import { OWNER_KEY, stackOwner } from "../ownership/owner";

/**
 * The full Pulumi SDK, loaded when a resource class registers (in the program). The provider
 * processes that load this module never need it, and loading it costs them about a second at start.
 */
function programSdk(): typeof import("@pulumi/pulumi") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
    return require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
}

// The one declaration of a resource: its inputs (every rule, as a zod shape) and the outputs the
// provider computes, each property with its doc comment. Everything else is derived from it:
// - the TypeScript types: `ArgsOf` (the class's `*Args`), `InputsOf` (what the handler receives),
//   `OutputsOf` (the class's output properties); a doc comment written on a property of the
//   declaration is the one an editor shows on all three;
// - `check`'s validation and its messages (the zod schema), the input names, the secret inputs,
//   the inputs that replace the resource, the secret outputs (the traits below);
// - the props a resource class registers (`declaredProps`);
// - the reference page of the resource in docs/ and the Pulumi package schema
//   (scripts/generate-reference.ts reads this file's doc comments and the traits).

/** What ecs-ops knows of a property beyond its type and rules. */
export interface PropertyTraits {
    /** A secret: the class wraps it in `pulumi.secret`, the engine encrypts it in state, a failure never names it to the engine. */
    readonly secret?: boolean;
    /** The value may hold secrets though it is not one (e.g. triggers derived from a password): a failure never names it to the engine. */
    readonly mayHoldSecrets?: boolean;
    /** A change replaces the resource (it names another object). */
    readonly replaceOnChange?: boolean;
}

const TRAITS = z.registry<PropertyTraits, z.ZodType>();

/** `schema` (a copy) with `traits` added to the ones it has. */
export function withTraits<T extends z.ZodType>(schema: T, traits: PropertyTraits): T {
    const copy = schema.clone() as T;
    TRAITS.add(copy, { ...TRAITS.get(schema), ...traits });
    return copy;
}

/** `schema` marked secret (see `PropertyTraits.secret`). */
export function secret<T extends z.ZodType>(schema: T): T {
    return withTraits(schema, { secret: true });
}

/** `schema` marked as possibly holding secrets (see `PropertyTraits.mayHoldSecrets`). */
export function mayHoldSecrets<T extends z.ZodType>(schema: T): T {
    return withTraits(schema, { mayHoldSecrets: true });
}

/** `schema` marked as replacing the resource when it changes. */
export function replaceOnChange<T extends z.ZodType>(schema: T): T {
    return withTraits(schema, { replaceOnChange: true });
}

interface WrapperDef {
    type?: string;
    innerType?: z.ZodType;
    in?: z.ZodType;
}

/** The traits of a property schema, looking through `optional`, `default`, `nullable` and pipes. */
export function traitsOf(schema: z.ZodType): PropertyTraits {
    let current: z.ZodType | undefined = schema;
    const found: PropertyTraits[] = [];
    for (let guard = 0; current !== undefined && guard < 16; guard++) {
        const own = TRAITS.get(current);
        if (own !== undefined) found.push(own);
        const def: WrapperDef = (current as unknown as { _zod: { def: WrapperDef } })._zod.def;
        current = def.type === "pipe" ? def.in : def.innerType;
    }
    return Object.assign({}, ...found.reverse()) as PropertyTraits;
}

/** A resource's declaration: see the top of this file. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no state-only values by default
export interface ResourceDeclaration<I extends z.ZodRawShape, O extends z.ZodRawShape, N extends keyof I = never, S extends z.ZodRawShape = {}> {
    /** The type key, e.g. `alicloud.InstanceReboot` (the registry key; the type token is `pulumi-nodejs:dynamic/ecs-ops:<type>`). */
    readonly type: string;
    /** Every input and its rules (the rules across inputs included); unknown properties are refused by name. */
    readonly inputs: z.ZodObject<I, z.core.$strict>;
    /** Inputs the provider never returns as outputs (a secret kept as a fingerprint, a comparison aid). */
    readonly inputOnly: readonly N[];
    /**
     * The outputs the provider computes, beside the inputs it returns. An output named as an input
     * replaces that input among the outputs (e.g. the region resolved from config, a secret input
     * recorded as its fingerprint).
     */
    readonly outputs: z.ZodObject<O>;
    /** Values the provider keeps in state for its own use: not output properties of the class, never props. */
    readonly stateOnly: z.ZodObject<S>;
    /**
     * The resource takes the instance it names under management and records the owning stack on it
     * (docs/ownership.md): the class gives the hidden input `owner` (`<project>.<stack>`), as the
     * provider plugin does from the URN. It must declare the output `owner`.
     */
    readonly takesOwnership: boolean;
}

/** Declares a resource: its type key, its inputs (zod shape), the inputs that are never outputs, and its computed outputs. */
export function declareResource<
    I extends z.ZodRawShape,
    O extends z.ZodRawShape,
    N extends keyof I & string = never,
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no state-only values by default
    S extends z.ZodRawShape = {},
>(declaration: {
    type: string;
    inputs: I;
    /** A rule across inputs (each property's own rules are in its schema); report with `ctx.addIssue` and a `path`. */
    refine?: (inputs: z.output<z.ZodObject<I, z.core.$strict>>, ctx: z.core.$RefinementCtx<z.output<z.ZodObject<I, z.core.$strict>>>) => void;
    inputOnly?: readonly N[];
    outputs: O;
    stateOnly?: S;
    /** See `ResourceDeclaration.takesOwnership`. */
    takesOwnership?: boolean;
}): ResourceDeclaration<I, O, N, S> {
    if (declaration.takesOwnership === true && !(OWNER_KEY in declaration.outputs)) {
        throw new Error(`${declaration.type} takes ownership: it must declare the output ${OWNER_KEY}`);
    }
    const inputs = z.object(declaration.inputs).strict();
    return {
        type: declaration.type,
        inputs: declaration.refine === undefined ? inputs : inputs.superRefine(declaration.refine),
        inputOnly: declaration.inputOnly ?? [],
        outputs: z.object(declaration.outputs),
        stateOnly: z.object(declaration.stateOnly ?? ({} as S)),
        takesOwnership: declaration.takesOwnership === true,
    };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a constraint that accepts every declaration
type AnyDeclaration = ResourceDeclaration<any, any, any, any>;

/** A value, or a Pulumi input of it, all the way down (arrays and objects of inputs). */
export type DeepInput<T> = [T] extends [string | number | boolean | null | undefined]
    ? pulumi.Input<T>
    : [T] extends [readonly (infer E)[]]
      ? pulumi.Input<DeepInput<E>[]>
      : [T] extends [object]
        ? pulumi.Input<{ [K in keyof T]: ArgOf<T[K]> }>
        : pulumi.Input<T>;

/** One property of a class's arguments: a Pulumi input of the value; any value at all for an `unknown` one (e.g. `triggers`, null included). */
type ArgOf<T> = unknown extends T ? pulumi.Input<unknown> : DeepInput<NonNullable<T>>;

/** The inputs as the provider receives them (Pulumi inputs resolved, validated by `check`). */
export type InputsOf<D extends AnyDeclaration> = z.output<D["inputs"]>;

/** The arguments of the resource class: every input, each a Pulumi input. */
export type ArgsOf<D extends AnyDeclaration> = { [K in keyof z.input<D["inputs"]>]: ArgOf<z.input<D["inputs"]>[K]> };

/** The class arguments of an object-valued input, from its zod schema: each member a Pulumi input (e.g. an `*OptionsArgs` type). */
export type ArgsOfObject<S extends z.ZodType> = { [K in keyof z.input<S>]: ArgOf<z.input<S>[K]> };

/** What the provider returns as the resource's state: the inputs, then the computed outputs (plain values). */
export type StateOf<D extends AnyDeclaration> = InputsOf<D> & z.output<D["outputs"]>;

/** The values the provider keeps in state for its own use (each may be absent, e.g. in the state of an earlier release). */
export type StateOnlyOf<D extends AnyDeclaration> = Partial<z.output<D["stateOnly"]>>;

/**
 * What the provider records as the resource's state: the inputs it returns (an output of the same
 * name in its place), the computed outputs, and the state-only values.
 */
export type RecordedStateOf<D extends AnyDeclaration> = Echoed<D> & z.output<D["outputs"]> & StateOnlyOf<D>;

type Echoed<D extends AnyDeclaration> = Omit<InputsOf<D>, D["inputOnly"][number] | keyof z.output<D["outputs"]>>;

/** The output properties of the resource class: the inputs it returns, then the computed outputs. */
export type OutputsOf<D extends AnyDeclaration> = { readonly [K in keyof Echoed<D>]-?: pulumi.Output<Echoed<D>[K]> } & {
    readonly [K in keyof z.output<D["outputs"]>]-?: pulumi.Output<z.output<D["outputs"]>[K]>;
};

/** The input names, in the order of the declaration (the order they are validated and diffed). */
export function inputNames<D extends AnyDeclaration>(declaration: D): (keyof InputsOf<D> & string)[] {
    return Object.keys(declaration.inputs.shape) as (keyof InputsOf<D> & string)[];
}

function namesWith(shape: z.ZodRawShape, trait: keyof PropertyTraits): string[] {
    return Object.entries(shape)
        .filter(([, schema]) => traitsOf(schema as z.ZodType)[trait] === true)
        .map(([name]) => name);
}

/** The inputs marked secret. */
export function secretInputNames(declaration: AnyDeclaration): string[] {
    return namesWith(declaration.inputs.shape, "secret");
}

/** The inputs a failure must never name to the engine: the secret ones and those that may hold secrets. */
export function redactedInputNames(declaration: AnyDeclaration): string[] {
    return Object.entries(declaration.inputs.shape as z.ZodRawShape)
        .filter(([, schema]) => {
            const traits = traitsOf(schema as z.ZodType);
            return traits.secret === true || traits.mayHoldSecrets === true;
        })
        .map(([name]) => name);
}

/** The inputs whose change replaces the resource. */
export function replaceOnChangeNames(declaration: AnyDeclaration): string[] {
    return namesWith(declaration.inputs.shape, "replaceOnChange");
}

/** Every output name: the inputs returned, then the computed outputs. */
export function outputNames(declaration: AnyDeclaration): string[] {
    const inputOnly: readonly string[] = declaration.inputOnly;
    const computed = Object.keys(declaration.outputs.shape);
    return [...Object.keys(declaration.inputs.shape).filter((name) => !inputOnly.includes(name) && !computed.includes(name)), ...computed];
}

/** The computed outputs and state-only values marked secret (the engine encrypts them in state). */
export function secretOutputNames(declaration: AnyDeclaration): string[] {
    return [...namesWith(declaration.outputs.shape, "secret"), ...namesWith(declaration.stateOnly.shape, "secret")];
}

/**
 * The names the class gives the engine as `additionalSecretOutputs`: the secret inputs (should the
 * provider return one) and the secret outputs and state-only values.
 */
export function additionalSecretOutputNames(declaration: AnyDeclaration): string[] {
    return [...new Set([...secretInputNames(declaration), ...secretOutputNames(declaration)])];
}

/**
 * The props a resource class registers: every input from `args` (a secret one wrapped in
 * `pulumi.secret`), every output as a key (undefined: Pulumi resolves only the outputs that are
 * keys of props), and any key of `args` the declaration does not know, for `check` to refuse by
 * name (as a secret: it may be a misspelt password).
 */
export function declaredProps(declaration: AnyDeclaration, args: object): Record<string, unknown> {
    const given = args as Record<string, unknown>;
    const secrets = secretInputNames(declaration);
    const props: Record<string, unknown> = {};
    for (const name of Object.keys(declaration.inputs.shape)) {
        const value = given[name];
        props[name] = value !== undefined && secrets.includes(name) ? programSdk().secret(value as pulumi.Input<unknown>) : value;
    }
    for (const name of Object.keys(declaration.outputs.shape)) if (!(name in props)) props[name] = undefined;
    if (declaration.takesOwnership) props[OWNER_KEY] = programOwner();
    return withUnknownArgs(props, args);
}

/**
 * The owner of the stack the program runs in (`<project>.<stack>`, as a tag value), or undefined
 * outside a Pulumi program (then ownership is not managed).
 */
export function programOwner(): string | undefined {
    try {
        const project = programSdk().getProject();
        const stack = programSdk().getStack();
        return project !== "" && stack !== "" ? stackOwner(project, stack) : undefined;
    } catch {
        return undefined;
    }
}
