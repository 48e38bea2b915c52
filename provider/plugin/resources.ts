import * as pulumi from "@pulumi/pulumi";
import { diskReinitDeclaration } from "../alicloud/disk-reinit/declaration";
import { fleetMembershipDeclaration as alicloudFleetMembershipDeclaration } from "../alicloud/fleet-membership/declaration";
import { instanceAttributesDeclaration } from "../alicloud/instance-attributes/declaration";
import { instanceRebootDeclaration } from "../alicloud/instance-reboot/declaration";
import { additionalSecretOutputNames, ArgsOf, declaredProps, OutputsOf, ResourceDeclaration } from "../core/resource/declaration";
import { fleetMembershipDeclaration as huaweicloudFleetMembershipDeclaration } from "../huaweicloud/fleet-membership/declaration";
import { serverAttributesDeclaration } from "../huaweicloud/server-attributes/declaration";
import { serverRebootDeclaration } from "../huaweicloud/server-reboot/declaration";
import { serverReinstallDeclaration } from "../huaweicloud/server-reinstall/declaration";
import type { ResourceTypeKey } from "../registry";
import { tokenOf } from "./facts";

// The ecs-ops resources as resources of the provider plugin (type `ecs-ops:<cloud>:<Type>`, served
// by the plugin process through the engine) instead of dynamic resources (type
// `pulumi-nodejs:dynamic/ecs-ops:<type>`, served by the engine's dynamic-provider host from the
// project's node_modules). One generic class, made per resource type from its declaration: the same
// props (secret inputs as secrets, every output a key) and the same secret outputs as the dynamic
// class. The plugin's components build their children with these (inside the plugin process a
// dynamic child would make the engine look for node_modules in the consumer's project); a
// TypeScript program may use them too (docs/languages/typescript.md).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any resource's declaration
type AnyDeclaration = ResourceDeclaration<any, any, any, any>;

/** A plugin-backed resource of a declaration: a custom resource with the declaration's output properties. */
export type PluginResource<D extends AnyDeclaration> = pulumi.CustomResource & OutputsOf<D>;

/** The class of a plugin-backed resource: the constructor of the dynamic class, the plugin's type token. */
export type PluginResourceClass<D extends AnyDeclaration> = new (name: string, args: ArgsOf<D>, opts?: pulumi.CustomResourceOptions) => PluginResource<D>;

/** The plugin-backed class of a resource type, from its declaration (its type key names the type token). */
export function pluginResourceClass<D extends AnyDeclaration>(declaration: D): PluginResourceClass<D> {
    const token = tokenOf(declaration.type as ResourceTypeKey);
    const secrets = additionalSecretOutputNames(declaration);
    class Declared extends pulumi.CustomResource {
        constructor(name: string, args: ArgsOf<D>, opts?: pulumi.CustomResourceOptions) {
            const options = secrets.length === 0 ? opts : pulumi.mergeOptions(opts, { additionalSecretOutputs: secrets });
            super(token, name, declaredProps(declaration, args), options);
        }
    }
    Object.defineProperty(Declared, "name", { value: declaration.type.split(".")[1] });
    return Declared as unknown as PluginResourceClass<D>;
}

/** The Alibaba Cloud resources of ecs-ops, served by the provider plugin. */
export const alicloud = {
    /** `alicloud.InstanceAttributes` as `ecs-ops:alicloud:InstanceAttributes`. */
    InstanceAttributes: pluginResourceClass(instanceAttributesDeclaration),
    /** `alicloud.InstanceReboot` as `ecs-ops:alicloud:InstanceReboot`. */
    InstanceReboot: pluginResourceClass(instanceRebootDeclaration),
    /** `alicloud.DiskReinit` as `ecs-ops:alicloud:DiskReinit`. */
    DiskReinit: pluginResourceClass(diskReinitDeclaration),
    /** `alicloud.FleetMembership` as `ecs-ops:alicloud:FleetMembership`. */
    FleetMembership: pluginResourceClass(alicloudFleetMembershipDeclaration),
};

/** The Huawei Cloud resources of ecs-ops, served by the provider plugin. */
export const huaweicloud = {
    /** `huaweicloud.ServerAttributes` as `ecs-ops:huaweicloud:ServerAttributes`. */
    ServerAttributes: pluginResourceClass(serverAttributesDeclaration),
    /** `huaweicloud.ServerReboot` as `ecs-ops:huaweicloud:ServerReboot`. */
    ServerReboot: pluginResourceClass(serverRebootDeclaration),
    /** `huaweicloud.ServerReinstall` as `ecs-ops:huaweicloud:ServerReinstall`. */
    ServerReinstall: pluginResourceClass(serverReinstallDeclaration),
    /** `huaweicloud.FleetMembership` as `ecs-ops:huaweicloud:FleetMembership`. */
    FleetMembership: pluginResourceClass(huaweicloudFleetMembershipDeclaration),
};
