import * as pulumi from "@pulumi/pulumi";

/** A provider made by `delegatingProvider`: its methods, plus the module text stored as `__provider`. */
export type DelegatingProvider = pulumi.dynamic.ResourceProvider & {
    /** The text of the module the dynamic-provider host loads: `exports.handler = () => require(<registry>).handler(<type>);`. */
    readonly source: string;
};

/** What a registry module exports: the handler of a resource type. */
interface HandlerRegistry {
    handler(type: string): pulumi.dynamic.ResourceProvider;
}

/**
 * A dynamic provider that holds nothing but the name of a handler registry and a resource type.
 *
 * Pulumi stores a dynamic resource's provider, as the text of a module, in its inputs and again in
 * its outputs (`__provider`), and the engine rewrites the whole state after every step. The
 * provider here is that module's text itself, one line (~120 bytes; the SDK's closure
 * serialization of the same object takes 2.7 KB): `exports.handler = () =>
 * require(registryModule).handler(type)`, resolved from the Pulumi project's node_modules in the
 * provider process. It captures no clients or secrets, code changes inside the handler do not show
 * as `__provider` updates, and the handler's file can move: the registry maps the type to it. Use
 * it with `DelegatingResource`; its methods also delegate, for direct use.
 *
 * @param registryModule package path of a module exporting `handler(type)`, e.g. `ecs-ops/dist/provider/registry`.
 * @param type the resource type key the registry knows, e.g. `alicloud.InstanceReboot`.
 */
export function delegatingProvider(registryModule: string, type: string): DelegatingProvider {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved by package path in the provider process, as __provider is
    const target = (): pulumi.dynamic.ResourceProvider => (require(registryModule) as HandlerRegistry).handler(type);
    const provider: pulumi.dynamic.ResourceProvider = {
        configure: (req) => target().configure?.(req) ?? Promise.resolve(),
        check: (olds, news) => target().check!(olds, news),
        diff: (id, olds, news) => target().diff!(id, olds, news),
        create: (inputs) => target().create(inputs),
        read: (id, props) => target().read!(id, props),
        update: (id, olds, news) => target().update!(id, olds, news),
        delete: (id, props) => target().delete!(id, props),
    };
    const source = `exports.handler = () => require(${JSON.stringify(registryModule)}).handler(${JSON.stringify(type)});`;
    return Object.defineProperty(provider, "source", { value: source, enumerable: false }) as DelegatingProvider;
}

/**
 * A dynamic resource (type `pulumi-nodejs:dynamic/<module>:<type>`, served by the engine's Node.js
 * dynamic-provider host like `pulumi.dynamic.Resource`) whose `__provider` is the one-line module
 * text of a `delegatingProvider` instead of a serialized closure.
 */
export class DelegatingResource extends pulumi.CustomResource {
    constructor(
        provider: DelegatingProvider,
        name: string,
        props: pulumi.Inputs,
        opts: pulumi.CustomResourceOptions | undefined,
        module: string,
        type: string,
    ) {
        if (props.__provider !== undefined) throw new Error("A dynamic resource must not define the __provider key");
        super(`pulumi-nodejs:dynamic/${module}:${type}`, name, { ...props, __provider: provider.source }, opts);
    }
}
