// A small fleet of existing Alibaba Cloud ECS instances under declarative management.
// `pulumi preview` shows what would change and which changes need a restart; `pulumi up` applies
// each instance's changes in one ModifyInstanceAttribute call and reboots once where a hostname changed.
import * as pulumi from "@pulumi/pulumi";
import { alicloud } from "ecs-ops";

const config = new pulumi.Config();
const instanceIds = config.requireObject<string[]>("instanceIds");
const securityGroupIds = config.requireObject<string[]>("securityGroupIds");
const namePrefix = config.get("namePrefix") ?? "web";
const restartPolicy = (config.get("restartPolicy") ?? "auto") as alicloud.RestartPolicy;

const fleet = new alicloud.InstanceFleet("web", {
    instanceIds,
    // The policy of the tier: the same for every instance.
    attributes: {
        securityGroupIds,
        deletionProtection: true,
        enableJumboFrame: config.getBoolean("jumboFrames") ?? true,
        description: "web tier, managed by ecs-ops",
    },
    // What differs per instance.
    instances: Object.fromEntries(instanceIds.map((id, i) => [id, { instanceName: `${namePrefix}-${i + 1}`, hostName: `${namePrefix}-${i + 1}` }])),
    restartPolicy,
});

/** Instances whose changes still wait for a restart. */
export const pendingRestart = fleet.pendingRestart;
/** What each instance's last applied changes needed. */
export const restartRequired = pulumi.all(Object.fromEntries(Object.entries(fleet.instances).map(([id, m]) => [id, m.restartRequired])));
