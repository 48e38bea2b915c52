// Test support: the default Huawei world plus N running copies of its ACTIVE web server (project
// 1), for power actions, ServerReboot and the fleet components. Ids from `hwFleetServerId`.
import defaultHuawei from "../../emulator/fixtures/default-huaweicloud.json";
import type { Fixture } from "../../emulator";

/** The id of the i-th fleet server (0-based): `0f1ee700-0000-4000-8000-00000000000i`. */
export function hwFleetServerId(i: number): string {
    return `0f1ee700-0000-4000-8000-${String(i).padStart(12, "0")}`;
}

/** The ids of a fleet of `n`. */
export function hwFleetServerIds(n: number): string[] {
    return Array.from({ length: n }, (_, i) => hwFleetServerId(i));
}

/** A fixture: the default Huawei world plus `n` ACTIVE servers in project 1, and `scriptedFaults` appended. */
export function hwFleetFixture(n: number, scriptedFaults: unknown[] = []): Fixture {
    const base = JSON.parse(JSON.stringify(defaultHuawei)) as { servers: Array<Record<string, unknown>>; scriptedFaults: unknown[] } & Record<string, unknown>;
    const template = base.servers.find((s) => s.id === "7f3d9350-288d-41dd-9616-195bba332426")!;
    const fleet = hwFleetServerIds(n).map((id, i) => ({
        ...JSON.parse(JSON.stringify(template)),
        id,
        name: `fleet-${i}`,
        description: "fleet server",
        privateIps: [`192.168.${10 + Math.floor(i / 200)}.${10 + (i % 200)}`],
        systemDisk: { ...(template.systemDisk as Record<string, unknown>), id: `5b2e0000-0000-4000-8000-${String(i).padStart(12, "0")}` },
        dataDisks: [],
    }));
    return {
        huaweicloud: { ...base, servers: [...base.servers, ...fleet], scriptedFaults: [...base.scriptedFaults, ...scriptedFaults] },
    } as unknown as Fixture;
}
