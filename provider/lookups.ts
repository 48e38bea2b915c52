import type { z } from "zod";
import { getInstancesDeclaration, type GetInstancesArgs } from "./alicloud/lookups/declaration";
import type { LookupDeclaration } from "./core/lookup/declaration";
import { getServersDeclaration, type GetServersArgs } from "./huaweicloud/lookups/declaration";

// Every look-up by key, with its one declaration and how to run it: what the provider plugin's
// `invoke` and the `functions` of its schema read (the plugin's token of `alicloud.getInstances` is
// `ecs-ops:alicloud:getInstances`). The look-up modules are loaded on first use.

/** A look-up declaration, whatever its shapes. */
export type AnyLookupDeclaration = LookupDeclaration<z.ZodRawShape, z.ZodRawShape>;

/** One look-up: its declaration and the function that runs it (validating its arguments first). */
export interface LookupEntry {
    /** The declaration (filters and result). */
    readonly declaration: AnyLookupDeclaration;
    /** The folder of its module and declaration, relative to provider/, e.g. `alicloud/lookups`. */
    readonly folder: string;
    /** The export of the declaration module that holds the declaration. */
    readonly declarationExport: string;
    /** Runs the look-up with validated arguments. */
    run(args: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use */
const ENTRIES = {
    "alicloud.getInstances": {
        declaration: getInstancesDeclaration as unknown as AnyLookupDeclaration,
        folder: "alicloud/lookups",
        declarationExport: "getInstancesDeclaration",
        run: async (args: Record<string, unknown>) =>
            (await (require("./alicloud/lookups/get-instances") as typeof import("./alicloud/lookups/get-instances")).getInstances(
                args as GetInstancesArgs,
            )) as unknown as Record<string, unknown>,
    },
    "huaweicloud.getServers": {
        declaration: getServersDeclaration as unknown as AnyLookupDeclaration,
        folder: "huaweicloud/lookups",
        declarationExport: "getServersDeclaration",
        run: async (args: Record<string, unknown>) =>
            (await (require("./huaweicloud/lookups/get-servers") as typeof import("./huaweicloud/lookups/get-servers")).getServers(
                args as GetServersArgs,
            )) as unknown as Record<string, unknown>,
    },
} satisfies Record<string, LookupEntry>;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The key of a look-up, e.g. `alicloud.getInstances`. */
export type LookupKey = keyof typeof ENTRIES;

/** Every look-up key, in a stable order. */
export const LOOKUP_KEYS = Object.keys(ENTRIES) as LookupKey[];

/** The look-up of a key. */
export function lookup(key: LookupKey): LookupEntry {
    return ENTRIES[key];
}
