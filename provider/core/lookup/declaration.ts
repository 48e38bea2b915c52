import { z } from "zod";

// The one declaration of a look-up (`alicloud.getInstances`, `huaweicloud.getServers`): its filters
// (every rule, as a zod shape) and its result, each property with its doc comment. Derived from it:
// - the TypeScript types (`LookupArgsOf`, `LookupResultOf`): a doc comment written on a property
//   of the declaration is the one an editor shows on the function's argument and result;
// - the validation of the arguments and its messages (the look-up and the plugin's `invoke`);
// - the `functions` entry of the package schema (scripts/generate-schema.ts reads the doc comments).

/** A look-up's declaration: see the top of this file. */
export interface LookupDeclaration<A extends z.ZodRawShape, R extends z.ZodRawShape> {
    /** The look-up's key, e.g. `alicloud.getInstances` (the plugin's function token is `ecs-ops:alicloud:getInstances`). */
    readonly name: string;
    /** Every filter and its rules; unknown properties are refused by name. */
    readonly args: z.ZodObject<A, z.core.$strict>;
    /** What the look-up answers. */
    readonly result: z.ZodObject<R>;
}

/** Declares a look-up: its key, its filters (zod shape) and its result (zod shape). */
export function declareLookup<A extends z.ZodRawShape, R extends z.ZodRawShape>(declaration: { name: string; args: A; result: R }): LookupDeclaration<A, R> {
    return { name: declaration.name, args: z.object(declaration.args).strict(), result: z.object(declaration.result) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a constraint that accepts every declaration
type AnyLookup = LookupDeclaration<any, any>;

/** The arguments of a look-up as a program passes them. */
export type LookupArgsOf<D extends AnyLookup> = z.input<D["args"]>;

/** The answer of a look-up. */
export type LookupResultOf<D extends AnyLookup> = z.output<D["result"]>;

/** The element schema of an array-valued result property (e.g. `instances`), or undefined when it is no array of objects. */
export function resultItemShape(declaration: AnyLookup, property: string): z.ZodRawShape | undefined {
    const schema = (declaration.result.shape as z.ZodRawShape)[property] as unknown;
    const def = (schema as { _zod?: { def?: { type?: string; element?: unknown } } })._zod?.def;
    if (def?.type !== "array") return undefined;
    const element = def.element as { shape?: z.ZodRawShape } | undefined;
    return element?.shape;
}
