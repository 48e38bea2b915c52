import * as path from "path";
import * as provider from "@pulumi/pulumi/provider";
import { EcsOpsProvider } from "./provider";
import schema from "./schema.json";

// Serves the ecs-ops provider plugin with `@pulumi/pulumi/provider`'s `main` (the gRPC provider
// server of the Node SDK). The package root is the plugin: PulumiPlugin.yaml (runtime nodejs) makes
// the Node language host run `@pulumi/pulumi/cmd/run-plugin <package root>`, which requires the
// package's main module (index.ts), and that calls `serve` when it is the module run-plugin loads.

/** The gRPC server class of the `@grpc/grpc-js` that `@pulumi/pulumi` uses. */
interface GrpcServerClass {
    prototype: { addService(service: unknown, implementation: Record<string, unknown>): void };
}

interface ConfigureCall {
    request: { getVariablesMap(): { forEach(callback: (value: string, key: string) => void): void } };
}

/** The plugin's resource methods over the checked-in schema (components/plugin/main.ts adds `construct`). */
export function pluginProvider(): EcsOpsProvider {
    return new EcsOpsProvider(schema.version, JSON.stringify(schema));
}

/** The package schema the plugin serves (provider/plugin/schema.json). */
export const PLUGIN_SCHEMA_TEXT = JSON.stringify(schema);

/** The plugin's version (the schema's, the package's). */
export const PLUGIN_VERSION: string = schema.version;

/**
 * Starts the provider server; the promise settles once it listens (its port printed on stdout).
 *
 * The SDK's server answers Configure without handing the request to the provider, so the settings
 * (`ecs-ops:*` stack config) would never reach the handlers: while `main` registers its service,
 * its `configure` is wrapped to give the request's variables to the provider first.
 */
export function serve(args: string[] = process.argv.slice(2), plugin: EcsOpsProvider = pluginProvider()): Promise<void> {
    const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] })) as { Server: GrpcServerClass };
    const prototype = grpc.Server.prototype;
    const addService = prototype.addService;
    prototype.addService = function (this: unknown, service: unknown, implementation: Record<string, unknown>): void {
        const configure = implementation.configure as ((call: ConfigureCall, callback: unknown) => void) | undefined;
        if (typeof configure === "function") {
            implementation.configure = (call: ConfigureCall, callback: unknown): void => {
                const variables = new Map<string, string>();
                call.request.getVariablesMap().forEach((value, key) => variables.set(key, value));
                plugin.configure(variables);
                configure.call(implementation, call, callback);
            };
        }
        addService.call(this, service, implementation);
    };
    try {
        // `main` registers the service synchronously, before its first await.
        return provider.main(plugin, args);
    } finally {
        prototype.addService = addService;
    }
}
