// The pure parts of bench/plugin.ts: the two programs it compares declare the same resources (one
// InstanceAttributes per id, the same names, the description from config), and the comparison of
// the calls they make counts actions (Alibaba's, an error code apart) and finds any difference.
import { expect } from "chai";
import { sameCalls, summarizeCalls, typescriptFleetProgram, yamlFleetProgram } from "../bench/plugin-programs";

const IDS = ["i-bp1fleet00000000", "i-bp1fleet00000001", "i-bp1fleet00000002"];

describe("bench/plugin programs", () => {
    it("the YAML program declares one InstanceAttributes per id through the plugin folder, named as the TypeScript one names them", () => {
        const yaml = yamlFleetProgram(IDS);
        expect(yaml)
            .to.match(/^runtime: yaml$/m)
            .and.include("path: ./node_modules/ecs-ops/plugin");
        expect(yaml.match(/type: ecs-ops:alicloud:InstanceAttributes/g)).to.have.length(3);
        IDS.forEach((id, i) =>
            expect(yaml).to.include(`  web-${i}:\n    type: ecs-ops:alicloud:InstanceAttributes\n    properties:\n      instanceId: ${id}\n`),
        );
        expect(yaml.match(/description: \$\{description\}/g)).to.have.length(3);
        const ts = typescriptFleetProgram(IDS);
        expect(ts)
            .to.include(JSON.stringify(IDS))
            .and.include('new alicloud.InstanceAttributes(`web-${i}`, { instanceId, region: "cn-hangzhou", description })');
    });

    it("summarises Alibaba calls by action (an error code apart) with the ids read, and compares writes and ids read, not the number of read batches", () => {
        const read = (ids: string[]) => ({ cloud: "alicloud" as const, action: "DescribeInstances", code: null, params: { InstanceIds: JSON.stringify(ids) } });
        const modify = (code: string | null = null) => ({ cloud: "alicloud" as const, action: "ModifyInstanceAttribute", code, params: {} });
        const summary = summarizeCalls([
            read([IDS[1], IDS[0]]),
            read([IDS[2]]),
            modify("Throttling.User"),
            modify(),
            { cloud: "huaweicloud" as const, action: "ListServersDetails", code: null, params: {} },
        ]);
        expect(summary).to.deep.equal({
            byAction: { DescribeInstances: 2, ModifyInstanceAttribute: 1, "ModifyInstanceAttribute (Throttling.User)": 1 },
            readIds: [...IDS],
        });
        // The same ids in one batch: the same calls.
        expect(sameCalls(summary, summarizeCalls([read(IDS), modify("Throttling.User"), modify()]))).to.equal(true);
        // One id not read, one read twice, or one more write: not the same.
        expect(sameCalls(summary, summarizeCalls([read([IDS[0], IDS[1]]), modify("Throttling.User"), modify()]))).to.equal(false);
        expect(sameCalls(summary, summarizeCalls([read([...IDS, IDS[0]]), modify("Throttling.User"), modify()]))).to.equal(false);
        expect(sameCalls(summary, summarizeCalls([read(IDS), modify("Throttling.User"), modify(), modify()]))).to.equal(false);
    });
});
