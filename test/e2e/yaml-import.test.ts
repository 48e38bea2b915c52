// `pulumi import` of ecs-ops resources through the provider plugin, under the real CLI in a YAML
// project (test/e2e/fixtures/yaml-import): an Alibaba instance with the YAML code the CLI generates
// (`--out`) and a Huawei server without it (`--generate-code=false`). Each import only reads, the
// state holds the object with its id as the only input, and the program written to match (the
// generated code, or the id alone) plans only the recording of ownership (one tag write, see
// docs/ownership.md), then no change; adding an attribute then shows as an update. An operation type is refused with what to declare instead. Skipped without a YAML host.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { ownerTagsOf, plannedOperationOf, recordOwnershipPlan } from "../support/owner-tags";
import { createStack, ensureCli, type TestStack } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "yaml-import");
const INSTANCE = "i-bp1paygrunning00001";
const SERVER = "7f3d9350-288d-41dd-9616-195bba332426";
const ATTRS = "ecs-ops:alicloud:InstanceAttributes";
const SERVER_ATTRS = "ecs-ops:huaweicloud:ServerAttributes";
const READS = new Set(["DescribeInstances", "DescribeInstanceAttribute", "DescribeUserData", "ListServersDetails", "ShowServer", "ListServerTags"]);

async function yamlHost(): Promise<string | undefined> {
    const cli = await ensureCli();
    return cli.env.PATH.split(path.delimiter).find((dir) => dir !== "" && fs.existsSync(path.join(dir, "pulumi-language-yaml")));
}

/** The calls that are not reads. */
function changing(calls: CallRecord[]): string[] {
    return calls.map((c) => c.action).filter((a) => !READS.has(a));
}

const HEADER = `name: yaml-import
runtime: yaml
plugins:
  providers:
    - name: ecs-ops
      path: ./node_modules/ecs-ops/plugin
`;

describe("e2e: pulumi import through the plugin, in a YAML project", function () {
    this.timeout(300_000);
    let stack: TestStack;

    before(async function () {
        if ((await yamlHost()) === undefined) this.skip();
        stack = await createStack({
            program: PROGRAM,
            emulator: { timeScale: 0.02 },
            config: {
                "ecs-ops:alicloudRegion": "cn-hangzhou",
                "ecs-ops:alicloudAccessKey": "LTAI5tEmulatorAccessKey",
                "ecs-ops:alicloudSecretKey": { value: "emulator-access-key-secret", secret: true },
                "ecs-ops:huaweicloudRegion": "cn-north-4",
                "ecs-ops:huaweicloudProjectId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                "ecs-ops:huaweicloudAccessKey": "EMULATORAK00000000000",
                "ecs-ops:huaweicloudSecretKey": { value: "emulator-secret-key", secret: true },
            },
        });
    });
    after(async () => {
        await stack?.dispose();
    });

    const importing = async (args: string[]): Promise<{ exitCode: number; text: string; calls: CallRecord[] }> => {
        await stack.clearEmulatorCalls();
        const r = await stack.run(["import", ...args, "--yes"], { allowFailure: true });
        return { exitCode: r.exitCode, text: `${r.stdout}\n${r.stderr}`, calls: await stack.emulatorCalls() };
    };

    it("imports an instance (only reads), generates YAML for it; that program records ownership once, then previews with no changes", async () => {
        const generated = path.join(stack.dir, "web.yaml");
        const r = await importing([ATTRS, "web", INSTANCE, "--out", generated]);
        expect(r.exitCode, r.text).to.equal(0);
        expect(r.calls.length).to.be.greaterThan(0);
        expect(changing(r.calls)).to.deep.equal([]);
        const code = fs.readFileSync(generated, "utf8");
        expect(code).to.include(`type: ${ATTRS}`).and.include(`instanceId: ${INSTANCE}`);
        const resource = (await stack.exportState()).deployment.resources!.find((res) => res.type === ATTRS)!;
        expect(resource.id).to.equal(INSTANCE);
        expect(resource.inputs).to.deep.equal({ instanceId: INSTANCE });
        expect(resource.outputs).to.include({ instanceId: INSTANCE, region: "cn-hangzhou" });

        fs.writeFileSync(path.join(stack.projectDir, "Pulumi.yaml"), HEADER + code);
        // The import only read; taking the instance under management records this stack as its owner
        // (docs/ownership.md), the one change the generated program's first preview plans.
        const owner = `${stack.projectName}.${stack.stackName}`;
        const preview = await stack.preview();
        expect(preview.steps.filter((s) => s.type === ATTRS).map((s) => s.op)).to.deep.equal(["update"]);
        const step = preview.steps.find((s) => s.type === ATTRS)!;
        expect(plannedOperationOf(preview.json, step.urn)).to.match(recordOwnershipPlan(owner));
        expect(changing(preview.calls)).to.deep.equal([]);
        const up = await stack.up();
        expect(changing(up.calls)).to.deep.equal(["TagResources"]);
        expect(ownerTagsOf(await stack.emulatorRequest("GET", "/_emulator/state"))[INSTANCE]).to.equal(owner);
        const again = await stack.preview({ args: ["--expect-no-changes"] });
        expect(again.exitCode, again.stderr).to.equal(0);
        expect(again.steps.filter((s) => s.type === ATTRS).map((s) => s.op)).to.deep.equal(["same"]);
        expect(changing(again.calls)).to.deep.equal([]);
    });

    it("imports a Huawei server without generating code; the program declaring its id records ownership once, then no change, an attribute an update", async () => {
        const r = await importing([SERVER_ATTRS, "app", SERVER, "--generate-code=false"]);
        expect(r.exitCode, r.text).to.equal(0);
        expect(changing(r.calls)).to.deep.equal([]);
        const resource = (await stack.exportState()).deployment.resources!.find((res) => res.type === SERVER_ATTRS)!;
        expect(resource.inputs).to.deep.equal({ serverId: SERVER });

        const web = `  web:\n    type: ${ATTRS}\n    properties:\n      instanceId: ${INSTANCE}\n    options:\n      protect: true\n`;
        const app = (extra: string): string =>
            `  app:\n    type: ${SERVER_ATTRS}\n    properties:\n      serverId: ${SERVER}\n${extra}    options:\n      protect: true\n`;
        fs.writeFileSync(path.join(stack.projectDir, "Pulumi.yaml"), `${HEADER}resources:\n${web}${app("")}`);
        // The server's only planned change is recording this stack as its owner; after that up, nothing.
        const owner = `${stack.projectName}.${stack.stackName}`;
        const owning = await stack.preview();
        const step = owning.steps.find((s) => s.type === SERVER_ATTRS)!;
        expect(step.op).to.equal("update");
        expect(plannedOperationOf(owning.json, step.urn)).to.match(recordOwnershipPlan(owner));
        const up = await stack.up();
        expect(changing(up.calls)).to.deep.equal(["BatchCreateServerTags"]);
        expect(ownerTagsOf(await stack.emulatorRequest("GET", "/_emulator/state"))[SERVER]).to.equal(owner);
        const same = await stack.preview({ args: ["--expect-no-changes"] });
        expect(same.exitCode, same.stderr).to.equal(0);
        expect(same.steps.filter((s) => s.type === SERVER_ATTRS).map((s) => s.op)).to.deep.equal(["same"]);

        fs.writeFileSync(path.join(stack.projectDir, "Pulumi.yaml"), `${HEADER}resources:\n${web}${app("      description: imported\n")}`);
        const described = await stack.preview();
        expect(described.steps.filter((s) => s.type === SERVER_ATTRS).map((s) => s.op)).to.deep.equal(["update"]);
        expect(changing(described.calls)).to.deep.equal([]);
    });

    it("refuses to import an operation, saying what to declare instead", async () => {
        const r = await importing(["ecs-ops:alicloud:InstanceReboot", "reboot", INSTANCE, "--generate-code=false"]);
        expect(r.exitCode).to.not.equal(0);
        expect(r.text).to.include("cannot be imported").and.include("rebootOnCreate: false");
        expect(changing(r.calls)).to.deep.equal([]);
    });
});
