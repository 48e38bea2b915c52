import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { EcsOpsProvider } from "../../provider/plugin/provider";
import { pluginComponent, schemaArgNames } from "./catalog";

// `construct` of the provider plugin: a component declared in another language (`ecs-ops:alicloud:
// ManagedInstance` in YAML, Python, …) is built here, in the plugin process, by the same component
// class as in TypeScript, with plugin-backed children (./components.ts). The engine hands the inputs
// as the Node SDK's server deserializes them: a value may be an Output (a secret, a value with
// dependencies, an unknown in preview); the components expect plain objects whose leaves may be
// Outputs, as a TypeScript program gives them, so each known Output is settled into its value with
// its secrecy kept on every leaf (a secret `attributes.password` stays a secret into the child).

/** The parts of an Output the SDK's own server reads (not in its public typings). */
interface OutputInternals {
    readonly isKnown: Promise<boolean>;
    readonly isSecret: Promise<boolean>;
    promise(withUnknowns?: boolean): Promise<unknown>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    if (typeof value !== "object" || value === null) return false;
    const proto = Object.getPrototypeOf(value) as unknown;
    return proto === Object.prototype || proto === null;
}

/**
 * `value` with every known Output replaced by its value: plain objects and lists all the way down,
 * each leaf under a secret Output a secret Output itself; an unknown Output (preview) stays as it is.
 */
export async function settleInput(value: unknown, secret = false): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const internals = value as unknown as OutputInternals;
        if (!(await internals.isKnown)) return secret ? pulumi.secret(value) : value;
        const isSecret = await internals.isSecret;
        return settleInput(await internals.promise(), secret || isSecret);
    }
    if (Array.isArray(value)) return Promise.all(value.map((item) => settleInput(item, secret)));
    if (isPlainObject(value)) {
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = await settleInput(item, secret);
        return out;
    }
    if (value === undefined || value === null) return value;
    if (pulumi.isUnknown(value)) return pulumi.output(value);
    return secret ? pulumi.secret(value) : value;
}

/** The ecs-ops provider plugin: the resource methods of `EcsOpsProvider` and `construct` for the components. */
export class EcsOpsComponentProvider extends EcsOpsProvider {
    private resourceSpec(token: string): { inputProperties?: Record<string, { type?: string }>; properties?: Record<string, unknown> } | undefined {
        const schema = JSON.parse(this.schema) as {
            resources: Record<string, { inputProperties?: Record<string, { type?: string }>; properties?: Record<string, unknown> }>;
        };
        return schema.resources[token];
    }

    /** Builds a component (the engine's Construct): its class, with plugin-backed children; its outputs as the schema lists them. */
    async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<provider.ConstructResult> {
        const component = pluginComponent(type);
        if (component === undefined) throw new Error(`ecs-ops has no component type ${type}`);
        const allowed = schemaArgNames(component);
        const spec = this.resourceSpec(type);
        const args: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(inputs)) {
            if (!allowed.includes(key)) {
                // The class would refuse it too, with a suggestion; a TypeScript-only argument is named as such.
                if (key in component.typeScriptOnly)
                    throw new Error(`${component.className} "${name}": ${key} is for TypeScript programs only (${component.typeScriptOnly[key]})`);
            }
            args[key] = await settleInput(value);
            const kind = spec?.inputProperties?.[key]?.type;
            if (pulumi.Output.isInstance(args[key]) && kind !== "string" && kind !== "number" && kind !== "boolean") {
                // Still unknown after settling (preview, from a resource not created yet): the component needs its shape.
                throw new Error(
                    `${component.className} "${name}": ${key} must be known during preview (it decides the children); it comes from a resource not created yet`,
                );
            }
        }
        const built = new component.component(name, args as never, options) as unknown as Record<string, unknown> & pulumi.ComponentResource;
        const state: Record<string, unknown> = {};
        for (const output of Object.keys(spec?.properties ?? {})) if (built[output] !== undefined) state[output] = built[output];
        return { urn: built.urn, state };
    }
}
