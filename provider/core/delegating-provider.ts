import * as pulumi from "@pulumi/pulumi";

/** A provider made by `delegatingProvider`: its methods, plus the module text stored as `__provider`. */
export type DelegatingProvider = pulumi.dynamic.ResourceProvider & {
    /** The text of the module the dynamic-provider host loads: `exports.handler = () => require(<handler>).handler;`. */
    readonly source: string;
};

/**
 * A dynamic provider that holds nothing but the name of the module implementing it.
 *
 * Pulumi stores a dynamic resource's provider, as the text of a module, in its inputs and again in
 * its outputs (`__provider`), and the engine rewrites the whole state after every step. The
 * provider here is that module's text itself, one line (~100 bytes; the SDK's closure
 * serialization of the same object takes 2.7 KB): `exports.handler = () =>
 * require(handlerModule).handler`, resolved from the Pulumi project's node_modules in the provider
 * process. It captures no clients or secrets, and code changes inside the handler do not show as
 * `__provider` updates. Use it with `DelegatingResource`; its methods also delegate, for direct use.
 * The handler module must export `handler: pulumi.dynamic.ResourceProvider`.
 *
 * @param handlerModule package path of the handler, e.g. `ecs-ops/dist/provider/alicloud/reboot-handler`.
 */
export function delegatingProvider(handlerModule: string): DelegatingProvider {
    const provider: pulumi.dynamic.ResourceProvider = {
        configure: (req) => require(handlerModule).handler.configure?.(req),
        check: (olds, news) => require(handlerModule).handler.check(olds, news),
        diff: (id, olds, news) => require(handlerModule).handler.diff(id, olds, news),
        create: (inputs) => require(handlerModule).handler.create(inputs),
        read: (id, props) => require(handlerModule).handler.read(id, props),
        update: (id, olds, news) => require(handlerModule).handler.update(id, olds, news),
        delete: (id, props) => require(handlerModule).handler.delete(id, props),
    };
    const source = `exports.handler = () => require(${JSON.stringify(handlerModule)}).handler;`;
    return Object.defineProperty(provider, "source", { value: source, enumerable: false }) as DelegatingProvider;
}

/**
 * A dynamic resource (type `pulumi-nodejs:dynamic/<module>:<type>`, served by the engine's Node.js
 * dynamic-provider host like `pulumi.dynamic.Resource`) whose `__provider` is the one-line module
 * text of a `delegatingProvider` instead of a serialized closure.
 */
export class DelegatingResource extends pulumi.CustomResource {
    constructor(provider: DelegatingProvider, name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions | undefined, module: string, type: string) {
        if (props.__provider !== undefined) throw new Error("A dynamic resource must not define the __provider key");
        super(`pulumi-nodejs:dynamic/${module}:${type}`, name, { ...props, __provider: provider.source }, opts);
    }
}
