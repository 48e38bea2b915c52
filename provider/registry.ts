import type * as pulumi from "@pulumi/pulumi";

// The one stable entry that stored state names. A dynamic resource's `__provider` is the text of a
// module that the engine's dynamic-provider host loads in the provider process; ecs-ops stores
// `require("ecs-ops/dist/provider/registry").handler("<type>")` there, so handler files can move
// freely: only this module's path and the type keys below are frozen by stacks in the wild.
// Release 0.1.0 stored the handler files' own paths; those keep resolving through the modules of
// LEGACY_MODULES, which the build writes into dist/ (scripts/legacy-modules.js).

/** The package path of this module, as `__provider` requires it. Never change it. */
export const REGISTRY_MODULE = "ecs-ops/dist/provider/registry";

/** Every ecs-ops resource type (as in `pulumi-nodejs:dynamic/ecs-ops:<type>`) and how to load its handler. */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, never by a program that only declares resources */
const LOADERS = {
    "alicloud.InstanceAttributes": () => (require("./alicloud/instance-attributes/handler") as typeof import("./alicloud/instance-attributes/handler")).handler,
    "alicloud.InstanceReboot": () => (require("./alicloud/instance-reboot/handler") as typeof import("./alicloud/instance-reboot/handler")).handler,
    "alicloud.DiskReinit": () => (require("./alicloud/disk-reinit/handler") as typeof import("./alicloud/disk-reinit/handler")).handler,
    "alicloud.FleetMembership": () => (require("./alicloud/fleet-membership/handler") as typeof import("./alicloud/fleet-membership/handler")).handler,
    "huaweicloud.ServerAttributes": () =>
        (require("./huaweicloud/server-attributes/handler") as typeof import("./huaweicloud/server-attributes/handler")).handler,
    "huaweicloud.ServerReboot": () => (require("./huaweicloud/server-reboot/handler") as typeof import("./huaweicloud/server-reboot/handler")).handler,
    "huaweicloud.FleetMembership": () => (require("./huaweicloud/fleet-membership/handler") as typeof import("./huaweicloud/fleet-membership/handler")).handler,
    "huaweicloud.ServerReinstall": () => (require("./huaweicloud/server-reinstall/handler") as typeof import("./huaweicloud/server-reinstall/handler")).handler,
} satisfies Record<string, () => pulumi.dynamic.ResourceProvider>;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The type key of an ecs-ops resource, e.g. `alicloud.InstanceAttributes`. */
export type ResourceTypeKey = keyof typeof LOADERS;

/** Every type key, in a stable order. */
export const RESOURCE_TYPE_KEYS = Object.keys(LOADERS) as ResourceTypeKey[];

/**
 * The dynamic-provider handler of one ecs-ops resource type, loaded on first use (a program that
 * declares resources never loads a handler; the provider process loads only those it serves).
 */
export function handler(type: string): pulumi.dynamic.ResourceProvider {
    if (!Object.prototype.hasOwnProperty.call(LOADERS, type)) {
        throw new Error(
            `ecs-ops has no resource type "${type}" (known: ${RESOURCE_TYPE_KEYS.join(", ")}): is the installed ecs-ops older than the one that wrote this state?`,
        );
    }
    return LOADERS[type as ResourceTypeKey]();
}

/**
 * Module paths (under the package root, without `.js`) that state or tools written by an earlier
 * release require, and what each must export: `{ handler: <type> }` for a resource's handler,
 * `{ reexport: <module> }` for a module moved elsewhere in dist/. The build writes one tiny module
 * per entry; a test requires each of them.
 */
export const LEGACY_MODULES: Readonly<Record<string, { handler: ResourceTypeKey } | { reexport: string }>> = {
    // Stored as `__provider` by ecs-ops 0.1.0.
    "dist/provider/alicloud/instance-attributes-handler": { handler: "alicloud.InstanceAttributes" },
    "dist/provider/alicloud/instance-reboot-handler": { handler: "alicloud.InstanceReboot" },
    "dist/provider/alicloud/disk-reinit-handler": { handler: "alicloud.DiskReinit" },
    "dist/provider/huaweicloud/server-attributes-handler": { handler: "huaweicloud.ServerAttributes" },
    "dist/provider/huaweicloud/server-reboot-handler": { handler: "huaweicloud.ServerReboot" },
    "dist/provider/huaweicloud/server-reinstall-handler": { handler: "huaweicloud.ServerReinstall" },
    // Required by the import guard of the dynamic-provider launcher of CLIs built by ecs-ops 0.1.0.
    "dist/provider/core/import-answer": { reexport: "dist/provider/core/resource/import-answer" },
};
