import * as aliInstanceFleet from "../alicloud/instance-fleet";
import * as aliManagedInstance from "../alicloud/managed-instance";
import type { AlicloudResourceClasses } from "../alicloud/resource-classes";
import * as hwManagedServer from "../huaweicloud/managed-server";
import type { HuaweicloudResourceClasses } from "../huaweicloud/resource-classes";
import * as hwServerFleet from "../huaweicloud/server-fleet";
import * as resources from "../../provider/plugin/resources";

// The components with plugin-backed children: the same classes as the TypeScript API's (same type
// tokens, arguments and outputs), whose children are the provider plugin's resources
// (`ecs-ops:<cloud>:<Type>`) instead of dynamic ones. The plugin's `construct` builds these; a
// TypeScript program may too (docs/languages/typescript.md).

/** The Alibaba resources of the plugin, as the Alibaba components build their children with them. */
export const PLUGIN_ALICLOUD_CLASSES: AlicloudResourceClasses = resources.alicloud;

/** The Huawei resources of the plugin, as the Huawei components build their children with them. */
export const PLUGIN_HUAWEICLOUD_CLASSES: HuaweicloudResourceClasses = resources.huaweicloud;

/** `alicloud.ManagedInstance` whose children are resources of the provider plugin. */
export class ManagedInstance extends aliManagedInstance.ManagedInstance {
    protected static override readonly resourceClasses = PLUGIN_ALICLOUD_CLASSES;
}

/** `alicloud.InstanceFleet` whose members and membership are resources of the provider plugin. */
export class InstanceFleet extends aliInstanceFleet.InstanceFleet {
    protected static override readonly resourceClasses = PLUGIN_ALICLOUD_CLASSES;
    protected static override readonly memberClass: typeof aliManagedInstance.ManagedInstance = ManagedInstance;
}

/** `huaweicloud.ManagedServer` whose children are resources of the provider plugin. */
export class ManagedServer extends hwManagedServer.ManagedServer {
    protected static override readonly resourceClasses = PLUGIN_HUAWEICLOUD_CLASSES;
}

/** `huaweicloud.ServerFleet` whose members and membership are resources of the provider plugin. */
export class ServerFleet extends hwServerFleet.ServerFleet {
    protected static override readonly resourceClasses = PLUGIN_HUAWEICLOUD_CLASSES;
    protected static override readonly memberClass: typeof hwManagedServer.ManagedServer = ManagedServer;
}
