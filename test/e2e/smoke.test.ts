// Smoke test of the e2e kit and of the Pulumi engine on this machine: a tiny dynamic resource from
// test/e2e/fixtures/smoke goes through preview, up, a no-op up, an update and destroy on a real stack.
// The steps share one stack and run in order.
import { expect } from "chai";
import * as path from "path";

import { createStack, DEFAULT_CONFIG, type TestStack, type VerbResult } from "./kit";

const FIXTURE = path.join(__dirname, "fixtures", "smoke");
const NOTE_TYPE = "pulumi-nodejs:dynamic/smoke:Note";
const TOKEN = "smoke-token-3f9c2a71d8e4";

function noteOps(r: VerbResult): string[] {
    return r.steps.filter((s) => s.type === NOTE_TYPE).map((s) => s.op);
}

function providerOutput(r: VerbResult): string[] {
    return r.diagnostics.flatMap((d) => d.message.split("\n")).filter((line) => line.startsWith("smoke-provider:"));
}

describe("e2e smoke: a dynamic resource through the real Pulumi engine", function () {
    this.timeout(180_000);
    let stack: TestStack;

    before(async () => {
        stack = await createStack({
            program: FIXTURE,
            config: { "smoke:text": "hello" },
            env: { SMOKE_TOKEN: TOKEN },
        });
    });

    after(async () => {
        await stack?.dispose();
    });

    it("runs the pinned CLI (or a pulumi >= 3.200 from PATH)", () => {
        expect(stack.pulumi.version).to.match(/^3\.\d+\.\d+$/);
        expect(Number(stack.pulumi.version.split(".")[1])).to.be.at.least(200);
    });

    it("preview shows a create and calls no provider method that changes anything", async () => {
        const r = await stack.preview();
        expect(r.exitCode).to.equal(0);
        expect(noteOps(r)).to.deep.equal(["create"]);
        expect(r.changes).to.deep.equal({ create: 2 }); // the stack and the note
        expect(providerOutput(r)).to.deep.equal([]);
        const json = r.json as { steps: { op: string; urn: string }[] };
        expect(json.steps.map((s) => s.op)).to.deep.equal(["create", "create"]);
    });

    it("up creates it; the provider's console output comes back as diagnostics", async () => {
        const r = await stack.up();
        expect(noteOps(r)).to.deep.equal(["create"]);
        expect(r.changes).to.deep.equal({ create: 2 });
        expect(providerOutput(r)).to.deep.equal(["smoke-provider: create hello"]);
        const outputs = await stack.outputs();
        expect(outputs.lengths).to.deep.equal([5]);
        expect((outputs.ids as string[])[0]).to.match(/^note-/);
    });

    it("a second up reports no changes", async () => {
        const r = await stack.up();
        expect(noteOps(r)).to.deep.equal(["same"]);
        expect(r.changes).to.deep.equal({ same: 2 });
        expect(providerOutput(r)).to.deep.equal([]);
    });

    it("a changed input gives an update (not a replace)", async () => {
        const before = await stack.outputs();
        await stack.setConfig("smoke:text", "hello again");
        const preview = await stack.preview();
        expect(noteOps(preview)).to.deep.equal(["update"]);
        const r = await stack.up();
        expect(noteOps(r)).to.deep.equal(["update"]);
        expect(r.changes).to.deep.equal({ update: 1, same: 1 });
        const after = await stack.outputs();
        expect(after.ids).to.deep.equal(before.ids);
        expect(after.lengths).to.deep.equal([11]);
        expect(providerOutput(r)).to.deep.equal([`smoke-provider: update ${(after.ids as string[])[0]} hello again`]);
    });

    it("pulumi.secret inputs and secret config are not in plaintext in the state", async () => {
        const exported = await stack.exportState();
        const text = JSON.stringify(exported);
        const file = stack.stateFileText();
        for (const plaintext of [
            TOKEN,
            (DEFAULT_CONFIG["alicloud:secretKey"] as { value: string }).value,
            (DEFAULT_CONFIG["huaweicloud:secretKey"] as { value: string }).value,
        ]) {
            expect(text).not.to.include(plaintext);
            expect(file).not.to.include(plaintext);
        }
        const note = exported.deployment.resources!.find((r) => r.type === NOTE_TYPE)!;
        const secretSig = "4dabf18193072939515e22adb298388d"; // Pulumi's marker of an encrypted secret value
        expect(note.inputs!.token).to.have.property(secretSig);
        expect(note.outputs!.token).to.have.property(secretSig);
        expect(note.outputs!.text).to.equal("hello again");
    });

    it("plain stack config is copied into the state (inputs of the default pulumi-nodejs provider)", async () => {
        // Characterizes the engine, so nobody puts a credential into plaintext config: all stack config
        // is given to the dynamic-provider's default provider, and plaintext values stay plaintext.
        const exported = await stack.exportState();
        const provider = exported.deployment.resources!.find((r) => r.type === "pulumi:providers:pulumi-nodejs")!;
        expect(provider.inputs!["smoke:text"]).to.equal("hello again");
        expect(provider.inputs!["alicloud:secretKey"]).to.have.property("4dabf18193072939515e22adb298388d");
    });

    it("refresh keeps the resource", async () => {
        const r = await stack.refresh();
        expect(r.exitCode).to.equal(0);
        expect(noteOps(r)).to.deep.equal(["refresh"]);
    });

    it("destroy removes it", async () => {
        const r = await stack.destroy();
        expect(noteOps(r)).to.deep.equal(["delete"]);
        expect(r.changes).to.deep.equal({ delete: 2 });
        expect(providerOutput(r)).to.have.length(1);
        expect(providerOutput(r)[0]).to.match(/^smoke-provider: delete note-/);
        const exported = await stack.exportState();
        expect(exported.deployment.resources ?? []).to.deep.equal([]);
    });
});
