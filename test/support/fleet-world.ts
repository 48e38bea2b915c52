// Test and benchmark support: an emulator world with a fleet of N identical running pay-as-you-go
// instances (copies of the default fixture's web server), ids from `fleetInstanceId`. The program
// test/e2e/fixtures/fleet builds the same ids from its `count` config.
import defaultAlicloud from "../../emulator/fixtures/default-alicloud.json";
import type { Fixture } from "../../emulator";

/** The id of the i-th instance (0-based) of the fleet world: `i-bp1fleet00000000`, … */
export function fleetInstanceId(i: number): string {
    return `i-bp1fleet${String(i).padStart(8, "0")}`;
}

/** The ids of a fleet of `n`. */
export function fleetInstanceIds(n: number): string[] {
    return Array.from({ length: n }, (_, i) => fleetInstanceId(i));
}

/** A fixture: the default Alibaba world plus `n` fleet instances in cn-hangzhou (Running, PostPaid). */
export function fleetFixture(n: number): Fixture {
    const base = JSON.parse(JSON.stringify(defaultAlicloud)) as { instances: Array<Record<string, unknown>> } & Record<string, unknown>;
    const template = base.instances.find((i) => i.instanceId === "i-bp1paygrunning00001")!;
    const fleet = fleetInstanceIds(n).map((instanceId, i) => {
        const copy: Record<string, unknown> = { ...template, instanceId, instanceName: `fleet-${i}`, hostName: `fleet-${i}`, description: "fleet instance" };
        copy.privateIpAddress = `172.16.${2 + Math.floor(i / 250)}.${10 + (i % 250)}`;
        delete copy.publicIpAddress;
        return copy;
    });
    return { alicloud: { ...base, instances: [...base.instances, ...fleet] } } as unknown as Fixture;
}
