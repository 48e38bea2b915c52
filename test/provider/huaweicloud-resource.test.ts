// The resource class of huaweicloud.ServerReinstall, registered under Pulumi's mocks: its type token,
// the tiny delegating provider in its inputs, its declared outputs, the secret inputs wrapped as
// secrets. (That the engine stores the fingerprints as secrets is checked end to end, in the state file.)
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime";

/** How a secret value travels in a registration (pulumi's special signature key and secret marker). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

function value<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

describe("huaweicloud.ServerReinstall resource class", () => {
    const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];
    let huaweicloud: typeof import("../../provider/huaweicloud");

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args: MockResourceArgs) => {
                    registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
                    const { adminPass: _a, userData: _u, ...rest } = args.inputs as Record<string, unknown>;
                    const state = {
                        ...rest,
                        adminPassFingerprint: "sha256:aa:bb",
                        jobId: "ff808082job",
                        status: "SUCCESS",
                        reinstallCount: 1,
                        triggersHash: "sha256:cc",
                    };
                    return { id: String(rest.serverId), state };
                },
                call: () => ({}),
            },
            "hw-classes",
            "test",
            false,
        );
        huaweicloud = await import("../../provider/huaweicloud");
    });

    it("registers with its type token, a tiny provider, secret inputs wrapped, and resolves its outputs", async () => {
        const r = new huaweicloud.ServerReinstall("web", {
            serverId: "277c9006-6084-45d6-9702-91a3349b38b8",
            adminPass: "Reinstall-2026x",
            userData: "#cloud-config\n",
            cloudInit: true,
            triggers: ["rev-1"],
        });
        expect(await value(r.status)).to.equal("SUCCESS");
        expect(await value(r.jobId)).to.equal("ff808082job");
        expect(await value(r.serverId)).to.equal("277c9006-6084-45d6-9702-91a3349b38b8");
        expect(await value(r.triggers)).to.deep.equal(["rev-1"]);
        expect(await value(r.reinstallCount)).to.equal(1);
        expect(await value(r.pendingJobId)).to.equal(undefined);
        const reg = registered.find((x) => x.name === "web")!;
        expect(reg.type).to.equal("pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerReinstall");
        const provider = String(reg.inputs.__provider);
        expect(provider).to.equal('exports.handler = () => require("ecs-ops/dist/provider/registry").handler("huaweicloud.ServerReinstall");');
        expect(provider.length).to.be.lessThan(3000);
        expect(provider).to.not.include("Reinstall-2026x");
        expect(reg.inputs.adminPass).to.deep.equal({ [SECRET_SIG]: SECRET_VALUE_SIG, value: "Reinstall-2026x" });
        expect(reg.inputs.userData).to.deep.equal({ [SECRET_SIG]: SECRET_VALUE_SIG, value: "#cloud-config\n" });
        expect(await value(r.adminPassFingerprint)).to.equal("sha256:aa:bb");
    });

    it("is exported as huaweicloud.ServerReinstall from the package root", async () => {
        const root = await import("../../index");
        expect((root as unknown as { huaweicloud: { ServerReinstall: unknown } }).huaweicloud.ServerReinstall).to.equal(huaweicloud.ServerReinstall);
    });
});
