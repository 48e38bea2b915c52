// The YAML language host (pulumi-language-yaml, built by scripts/ensure-pulumi.js from
// tools/pulumi/language-yaml) under the pinned CLI: a resource-less YAML program
// (test/e2e/fixtures/yaml-host: project config in, stack outputs out) goes through preview, up, a no-op up,
// a config change, a program error and destroy on a local file backend. The steps share one stack and run
// in order.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { createStack, type TestStack } from "./kit";

const FIXTURE = path.join(__dirname, "fixtures", "yaml-host");
const PROJECT = "ecs-ops-yaml-host";
const TOKEN = "yaml-token-7d41c9e0b2a6";

describe("e2e: a YAML program through the YAML language host", function () {
    this.timeout(180_000);
    let stack: TestStack;

    before(async function () {
        stack = await createStack({
            program: FIXTURE,
            noDefaultConfig: true,
            config: { [`${PROJECT}:token`]: { value: TOKEN, secret: true } },
        });
    });

    after(async () => {
        await stack?.dispose();
    });

    it("has a YAML host beside the CLI or on PATH", () => {
        expect(stack.pulumi.yamlHost, stack.pulumi.yamlMissing).to.be.a("string");
        expect(fs.existsSync(stack.pulumi.yamlHost!), stack.pulumi.yamlHost).to.equal(true);
    });

    it("preview shows the stack to create and nothing else", async () => {
        const r = await stack.preview();
        expect(r.exitCode).to.equal(0);
        expect(r.steps.map((s) => [s.op, s.type])).to.deep.equal([["create", "pulumi:pulumi:Stack"]]);
        expect(r.changes).to.deep.equal({ create: 1 });
    });

    it("up evaluates config, variables and outputs; a secret config value stays secret", async () => {
        const r = await stack.up();
        expect(r.changes).to.deep.equal({ create: 1 });
        expect(await stack.outputs()).to.deep.equal({ message: "hello from e2e", project: PROJECT, token: TOKEN });
        const shown = await stack.run(["stack", "output", "--json"]);
        expect(JSON.parse(shown.stdout)).to.deep.include({ token: "[secret]" });
        expect(stack.stateFileText()).to.not.include(TOKEN);
    });

    it("a second up changes nothing", async () => {
        const r = await stack.up();
        expect(r.changes).to.deep.equal({ same: 1 });
    });

    it("a changed config value reaches the program", async () => {
        await stack.setConfig(`${PROJECT}:greeting`, "hi");
        await stack.up();
        expect((await stack.outputs()).message).to.equal("hi from e2e");
    });

    it("an error in the program fails the up and names the cause", async () => {
        const file = path.join(stack.projectDir, "Pulumi.yaml");
        const good = fs.readFileSync(file, "utf8");
        fs.writeFileSync(file, good.replace("${greeting}", "${no_such_variable}"));
        try {
            const r = await stack.up({ allowFailure: true });
            expect(r.exitCode).to.not.equal(0);
            expect(r.stdout + r.stderr).to.include("no_such_variable");
        } finally {
            fs.writeFileSync(file, good);
        }
        expect((await stack.outputs()).message).to.equal("hi from e2e"); // the failed run changed nothing
    });

    it("destroy deletes the stack resource", async () => {
        const r = await stack.destroy();
        expect(r.changes).to.deep.equal({ delete: 1 });
    });
});
