import type * as pulumi from "@pulumi/pulumi";
import { INSTANCE_FLEET_ARGS } from "../alicloud/instance-fleet";
import { MANAGED_INSTANCE_ARGS } from "../alicloud/managed-instance";
import { MANAGED_SERVER_ARGS } from "../huaweicloud/managed-server";
import { SERVER_FLEET_ARGS } from "../huaweicloud/server-fleet";
import { InstanceFleet, ManagedInstance, ManagedServer, ServerFleet } from "./components";

// The components the provider plugin serves through `construct`. Their one declaration is the
// TypeScript `*Args` interface (names, types, doc comments): scripts/generate-schema.ts reads it
// with the TypeScript checker, and the argument names below are checked against it by the compiler
// (`argNames`), so the schema, `construct` and the TypeScript API name the same properties.

/** One component of the plugin. */
export interface PluginComponent {
    /** The type token, e.g. `ecs-ops:alicloud:ManagedInstance` (the TypeScript class registers the same). */
    readonly token: string;
    /** The module of the TypeScript class and its `*Args` interface, relative to the repository root, without `.ts`. */
    readonly module: string;
    /** The TypeScript class's name (the schema's description is its doc comment). */
    readonly className: string;
    /** The name of its `*Args` interface. */
    readonly argsType: string;
    /** Every argument of the TypeScript class. */
    readonly argNames: readonly string[];
    /**
     * Arguments of the TypeScript class that are not in the schema, with the reason: resource
     * objects a fleet hands its members (`after`); other languages have the `dependsOn` option.
     */
    readonly typeScriptOnly: Readonly<Record<string, string>>;
    /** The class `construct` builds, whose children are the plugin's resources. */
    readonly component: new (name: string, args: never, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;
}

const AFTER = "resources the member waits for, handed by a fleet to its members; in other languages the `dependsOn` resource option does this";

/** The plugin's components, by type token. */
export const PLUGIN_COMPONENTS: readonly PluginComponent[] = [
    {
        token: "ecs-ops:alicloud:ManagedInstance",
        module: "components/alicloud/managed-instance",
        className: "ManagedInstance",
        argsType: "ManagedInstanceArgs",
        argNames: MANAGED_INSTANCE_ARGS,
        typeScriptOnly: { after: AFTER },
        component: ManagedInstance,
    },
    {
        token: "ecs-ops:alicloud:InstanceFleet",
        module: "components/alicloud/instance-fleet",
        className: "InstanceFleet",
        argsType: "InstanceFleetArgs",
        argNames: INSTANCE_FLEET_ARGS,
        typeScriptOnly: {},
        component: InstanceFleet,
    },
    {
        token: "ecs-ops:huaweicloud:ManagedServer",
        module: "components/huaweicloud/managed-server",
        className: "ManagedServer",
        argsType: "ManagedServerArgs",
        argNames: MANAGED_SERVER_ARGS,
        typeScriptOnly: { after: AFTER },
        component: ManagedServer,
    },
    {
        token: "ecs-ops:huaweicloud:ServerFleet",
        module: "components/huaweicloud/server-fleet",
        className: "ServerFleet",
        argsType: "ServerFleetArgs",
        argNames: SERVER_FLEET_ARGS,
        typeScriptOnly: {},
        component: ServerFleet,
    },
];

/** The component of a type token, or undefined. */
export function pluginComponent(token: string): PluginComponent | undefined {
    return PLUGIN_COMPONENTS.find((c) => c.token === token);
}

/** The arguments of a component that the schema lists (every argument but the TypeScript-only ones). */
export function schemaArgNames(component: PluginComponent): string[] {
    return component.argNames.filter((name) => !(name in component.typeScriptOnly));
}
