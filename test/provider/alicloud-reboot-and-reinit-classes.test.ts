// The resource classes of alicloud.InstanceReboot and alicloud.DiskReinit, registered under Pulumi's
// mocks: their type tokens, the tiny delegating provider in their inputs, every declared output
// resolved from the provider's outputs, and the password passed as a secret input.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime";

/** How a secret value travels in a registration (pulumi's special signature key and secret marker). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

function value<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

describe("alicloud.InstanceReboot and alicloud.DiskReinit resource classes", () => {
    const registered: Registered[] = [];
    // Loaded after setMocks so that the classes register against the mock monitor.
    let alicloud: typeof import("../../provider/alicloud");

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args: MockResourceArgs) => {
                    registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
                    const outputs: Record<string, unknown> = args.type.endsWith("alicloud.InstanceReboot")
                        ? { ...args.inputs, lastRebootAt: "2024-01-01T00:00:00.000Z", lastRebootRequestId: "R-1", rebootCount: 1 }
                        : {
                              ...args.inputs,
                              password: undefined,
                              diskId: "d-bp1resolved000000001",
                              diskType: "system",
                              passwordFingerprint: "sha256:00:11",
                              lastReinitAt: "2024-01-01T00:00:00.000Z",
                              lastReinitRequestId: "R-2",
                              reinitCount: 1,
                          };
                    return { id: `${args.name}-id`, state: outputs };
                },
                call: () => ({}),
            },
            "classes",
            "test",
            false,
        );
        alicloud = await import("../../provider/alicloud");
    });

    it("InstanceReboot: type token, delegating provider, every output resolved (unset inputs included)", async () => {
        const reboot = new alicloud.InstanceReboot("r", { instanceId: "i-bp1paygrunning00001", triggers: ["a"] });
        expect(await value(reboot.rebootCount)).to.equal(1);
        expect(await value(reboot.lastRebootRequestId)).to.equal("R-1");
        expect(await value(reboot.instanceId)).to.equal("i-bp1paygrunning00001");
        expect(await value(reboot.triggers)).to.deep.equal(["a"]);
        expect(await value(reboot.forceStop)).to.equal(undefined);
        const reg = registered.find((r) => r.name === "r")!;
        expect(reg.type).to.equal("pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceReboot");
        const provider = String(reg.inputs.__provider);
        expect(provider).to.equal('exports.handler = () => require("ecs-ops/dist/provider/registry").handler("alicloud.InstanceReboot");');
        expect(provider.length).to.be.lessThan(3000);
    });

    it("DiskReinit: type token, the resolved diskId output although only instanceId was given, the password a secret", async () => {
        const reinit = new alicloud.DiskReinit("d", { instanceId: "i-bp1subsstopped00002", password: "Reinit`Secret42", triggers: [1] });
        expect(await value(reinit.diskId)).to.equal("d-bp1resolved000000001");
        expect(await value(reinit.diskType)).to.equal("system");
        expect(await value(reinit.reinitCount)).to.equal(1);
        expect(await value(reinit.keyPairName)).to.equal(undefined);
        const reg = registered.find((r) => r.name === "d")!;
        expect(reg.type).to.equal("pulumi-nodejs:dynamic/ecs-ops:alicloud.DiskReinit");
        expect(String(reg.inputs.__provider)).to.include('.handler("alicloud.DiskReinit")');
        expect(String(reg.inputs.__provider)).to.not.include("Reinit`Secret42");
        // The class wraps the password in pulumi.secret although the program passed a plain string.
        expect(reg.inputs.password).to.deep.equal({ [SECRET_SIG]: SECRET_VALUE_SIG, value: "Reinit`Secret42" });
        const asInput = (reinit as unknown as { passwordFingerprint: pulumi.Output<string> }).passwordFingerprint;
        expect(await value(asInput)).to.equal("sha256:00:11");
    });
});
