import type { z } from "zod";
import { diskReinitDeclaration } from "./alicloud/disk-reinit/declaration";
import { fleetMembershipDeclaration as alicloudFleetMembershipDeclaration } from "./alicloud/fleet-membership/declaration";
import { instanceAttributesDeclaration } from "./alicloud/instance-attributes/declaration";
import { instanceRebootDeclaration } from "./alicloud/instance-reboot/declaration";
import type { ResourceDeclaration } from "./core/resource/declaration";
import { fleetMembershipDeclaration as huaweicloudFleetMembershipDeclaration } from "./huaweicloud/fleet-membership/declaration";
import { serverAttributesDeclaration } from "./huaweicloud/server-attributes/declaration";
import { serverRebootDeclaration } from "./huaweicloud/server-reboot/declaration";
import { serverReinstallDeclaration } from "./huaweicloud/server-reinstall/declaration";
import type { ResourceTypeKey } from "./registry";

// Every resource's one declaration, by type key: what the provider plugin, its schema, the reference
// pages and the drift report read. (A program that declares resources loads only its resources'
// declarations, through their classes; this module loads them all.)

/** A declaration, whatever its shapes. */
export type AnyResourceDeclaration = ResourceDeclaration<z.ZodRawShape, z.ZodRawShape, string>;

/** The declaration of every ecs-ops resource type; a type the registry serves without one fails to compile. */
export const DECLARATIONS: Readonly<Record<ResourceTypeKey, AnyResourceDeclaration>> = {
    "alicloud.InstanceAttributes": instanceAttributesDeclaration,
    "alicloud.InstanceReboot": instanceRebootDeclaration,
    "alicloud.DiskReinit": diskReinitDeclaration,
    "alicloud.FleetMembership": alicloudFleetMembershipDeclaration,
    "huaweicloud.ServerAttributes": serverAttributesDeclaration,
    "huaweicloud.ServerReboot": serverRebootDeclaration,
    "huaweicloud.ServerReinstall": serverReinstallDeclaration,
    "huaweicloud.FleetMembership": huaweicloudFleetMembershipDeclaration,
};
