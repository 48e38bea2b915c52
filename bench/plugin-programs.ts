// Pure parts of bench/plugin.ts: the two programs it compares (the same fleet of InstanceAttributes
// from YAML through the provider plugin and from TypeScript with the dynamic resources) and the
// comparison of the emulator calls they make. No I/O.
import type { CallRecord } from "../emulator";

/** The name of the resource of the i-th instance in both programs. */
export function resourceName(i: number): string {
    return `web-${i}`;
}

/**
 * The YAML program: one `ecs-ops:alicloud:InstanceAttributes` per id (YAML has no loops), each
 * managing the description from the project config `description`, through the plugin folder of the
 * installed ecs-ops.
 */
export function yamlFleetProgram(ids: readonly string[]): string {
    const resources = ids
        .map(
            (id, i) =>
                `  ${resourceName(i)}:\n    type: ecs-ops:alicloud:InstanceAttributes\n    properties:\n      instanceId: ${id}\n      region: cn-hangzhou\n      description: \${description}\n`,
        )
        .join("");
    return (
        "name: bench-plugin-yaml\nruntime: yaml\n" +
        "plugins:\n  providers:\n    - name: ecs-ops\n      path: ./node_modules/ecs-ops/plugin\n" +
        "config:\n  description:\n    type: string\n" +
        `resources:\n${resources}`
    );
}

/** The TypeScript program: the same resources, with the dynamic `alicloud.InstanceAttributes`. */
export function typescriptFleetProgram(ids: readonly string[]): string {
    return (
        `import * as pulumi from "@pulumi/pulumi";\n` +
        `import { alicloud } from "ecs-ops";\n\n` +
        `const description = new pulumi.Config().require("description");\n` +
        `const ids: string[] = ${JSON.stringify(ids)};\n` +
        `ids.forEach((instanceId, i) => new alicloud.InstanceAttributes(\`web-\${i}\`, { instanceId, region: "cn-hangzhou", description }));\n`
    );
}

/** What a phase asked of Alibaba: calls by action (`Action` or `Action (ErrorCode)`), and every id read. */
export interface CallSummary {
    byAction: Record<string, number>;
    /** The ids of every successful DescribeInstances, sorted (an id read twice is listed twice). */
    readIds: string[];
}

/** Summarises the calls of a phase: Alibaba's only. */
export function summarizeCalls(calls: readonly Pick<CallRecord, "cloud" | "action" | "code" | "params">[]): CallSummary {
    const byAction: Record<string, number> = {};
    const readIds: string[] = [];
    for (const c of calls) {
        if (c.cloud !== "alicloud") continue;
        const key = c.code === null ? c.action : `${c.action} (${c.code})`;
        byAction[key] = (byAction[key] ?? 0) + 1;
        if (c.action === "DescribeInstances" && c.code === null) readIds.push(...(JSON.parse(String(c.params?.InstanceIds ?? "[]")) as string[]));
    }
    return { byAction: Object.fromEntries(Object.entries(byAction).sort(([a], [b]) => a.localeCompare(b))), readIds: readIds.sort() };
}

/**
 * Whether two programs made the same calls: the same count of every action but the reads, and the
 * same ids read. How many DescribeInstances carry the reads depends on how fast requests arrive
 * (the batcher sends what has come in), so their number may differ by one or two between runs.
 */
export function sameCalls(a: CallSummary, b: CallSummary): boolean {
    const writes = (s: CallSummary): Record<string, number> => Object.fromEntries(Object.entries(s.byAction).filter(([k]) => k !== "DescribeInstances"));
    const wa = writes(a);
    const wb = writes(b);
    const keys = new Set([...Object.keys(wa), ...Object.keys(wb)]);
    return [...keys].every((key) => (wa[key] ?? 0) === (wb[key] ?? 0)) && JSON.stringify(a.readIds) === JSON.stringify(b.readIds);
}
