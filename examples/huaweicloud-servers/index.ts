// A small fleet of existing Huawei Cloud ECS servers under declarative management — the same story
// as examples/alicloud-attributes on the other cloud. `pulumi preview` shows what would change and
// which servers a hostname change will reboot; `pulumi up` applies each server's changes with
// UpdateServer / UpdateServerMetadata and then reboots each server whose hostname changed exactly
// once (BatchRebootServers, job followed to its end), at most `maxUnavailable` at a time.
import * as pulumi from "@pulumi/pulumi";
import { huaweicloud } from "ecs-ops";

const config = new pulumi.Config();
const serverIds = config.requireObject<string[]>("serverIds");
const namePrefix = config.get("namePrefix") ?? "web";
const restartPolicy = (config.get("restartPolicy") ?? "auto") as huaweicloud.RestartPolicy;

const fleet = new huaweicloud.ServerFleet("web", {
    serverIds,
    // The policy of the tier: the same for every server.
    attributes: {
        description: "web tier, managed by ecs-ops",
        metadata: { tier: "web", owner: "platform" },
    },
    // What differs per server.
    servers: Object.fromEntries(serverIds.map((id, i) => [id, { name: `${namePrefix}-${i + 1}`, hostname: `${namePrefix}-${i + 1}` }])),
    restartPolicy,
    restartStrategy: { maxUnavailable: config.getNumber("maxUnavailable") ?? 1 },
});

/** Servers whose changes still wait for a restart. */
export const pendingRestart = fleet.pendingRestart;
/** The rolling-restart waves. */
export const restartWaves = fleet.restartWaves;
/** How many reboots each server's restart resource has made. */
export const rebootCounts = pulumi.all(
    Object.fromEntries(Object.entries(fleet.servers).map(([id, s]) => [id, s.restart ? s.restart.rebootCount : pulumi.output(0)])),
);
