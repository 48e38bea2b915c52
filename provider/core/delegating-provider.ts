import type * as pulumi from "@pulumi/pulumi";

/**
 * A dynamic provider that holds nothing but the name of the module implementing it.
 *
 * Pulumi serializes a dynamic provider, with everything its methods reach, into every
 * resource's state. This object reaches one string: each method `require`s the handler
 * module at call time (resolved from the Pulumi project's node_modules), so the state stays
 * small, captures no clients or secrets, and code changes inside the handler do not show as
 * `__provider` updates. The handler module must export `handler: pulumi.dynamic.ResourceProvider`.
 *
 * @param handlerModule package path of the handler, e.g. `ecs-ops/dist/provider/alicloud/reboot-handler`.
 */
export function delegatingProvider(handlerModule: string): pulumi.dynamic.ResourceProvider {
    return {
        configure: (req) => require(handlerModule).handler.configure?.(req),
        check: (olds, news) => require(handlerModule).handler.check(olds, news),
        diff: (id, olds, news) => require(handlerModule).handler.diff(id, olds, news),
        create: (inputs) => require(handlerModule).handler.create(inputs),
        read: (id, props) => require(handlerModule).handler.read(id, props),
        update: (id, olds, news) => require(handlerModule).handler.update(id, olds, news),
        delete: (id, props) => require(handlerModule).handler.delete(id, props),
    };
}
