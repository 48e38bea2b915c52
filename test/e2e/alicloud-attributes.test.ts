// alicloud.InstanceAttributes through the real Pulumi engine against the emulator: preview makes one
// read (the owner tag, docs/ownership.md) and no change, up adopts the instance, records its owner
// and applies what differs in one ModifyInstanceAttribute, a second up
// and a refresh without drift change nothing, drift made outside Pulumi (with pop-core) shows on
// refresh and the next up fixes just that, destroy restores the adopted attributes in one call and
// removes the owner tag.
// Password and user data are in no printed line and not in plaintext in the state.
import RPCClient from "@alicloud/pop-core";
import { expect } from "chai";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import { createStack, type StateResource, type TestStack, type VerbResult } from "./kit";

const FIXTURE = path.join(__dirname, "fixtures", "alicloud-attributes");
const TYPE = "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceAttributes";
const INSTANCE = "i-bp1paygrunning00001";
const PASSWORD = "E2e#Attributes-Pass1";
const USER_DATA = "#!/bin/sh\necho e2e-user-data-7c1f > /etc/motd\n";
const SECRET_SIG = "4dabf18193072939515e22adb298388d"; // Pulumi's marker of an encrypted secret value

function ops(r: VerbResult): string[] {
    return r.steps.filter((s) => s.type === TYPE).map((s) => s.op);
}

function alicloudCalls(r: VerbResult): CallRecord[] {
    return r.calls.filter((c) => c.cloud === "alicloud");
}

function modifies(r: VerbResult): Array<Record<string, unknown>> {
    return alicloudCalls(r)
        .filter((c) => c.action === "ModifyInstanceAttribute" && c.code === null)
        .map((c) => (c.params ?? {}) as Record<string, unknown>);
}

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

interface EmulatedInstance {
    instanceId: string;
    instanceName: string;
    hostName: string;
    description: string;
    securityGroupIds: string[];
    deletionProtection: boolean;
    restartPending: string[];
}

describe("e2e: alicloud.InstanceAttributes through the engine", function () {
    this.timeout(300_000);
    let stack: TestStack;
    const everything: string[] = [];

    async function instance(): Promise<EmulatedInstance> {
        const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as { alicloud: { instances: EmulatedInstance[] } };
        return state.alicloud.instances.find((i) => i.instanceId === INSTANCE)!;
    }

    async function resourceState(): Promise<StateResource> {
        const exported = await stack.exportState();
        return exported.deployment.resources!.find((x) => x.type === TYPE)!;
    }

    async function run(verb: "preview" | "up" | "refresh" | "destroy"): Promise<VerbResult> {
        const r = await stack[verb]();
        everything.push(printed(r));
        return r;
    }

    before(async () => {
        stack = await createStack({
            program: FIXTURE,
            emulator: { timeScale: 0.02 },
            config: {
                "attributes:password": { value: PASSWORD, secret: true },
                "attributes:userData": { value: USER_DATA, secret: true },
            },
        });
    });
    after(async () => {
        await stack?.dispose();
    });

    it("preview shows a create of the typed resource and makes one read only (the owner tag)", async () => {
        const r = await run("preview");
        expect(r.exitCode).to.equal(0);
        expect(ops(r)).to.deep.equal(["create"]);
        expect(alicloudCalls(r).map((c) => c.action)).to.deep.equal(["DescribeInstances"]);
    });

    it("up adopts the instance, records its owner and applies what differs in one ModifyInstanceAttribute", async () => {
        const r = await run("up");
        expect(ops(r)).to.deep.equal(["create"]);
        // check reads the owner tag, create the instance; the tag is written before the change.
        expect(alicloudCalls(r).map((c) => c.action)).to.deep.equal([
            "DescribeInstances",
            "DescribeInstances",
            "DescribeUserData",
            "TagResources",
            "ModifyInstanceAttribute",
        ]);
        expect(alicloudCalls(r).find((c) => c.action === "TagResources")?.params).to.include({
            "ResourceId.1": INSTANCE,
            "Tag.1.Key": "ecs-ops-owner",
            "Tag.1.Value": `${stack.projectName}.${stack.stackName}`,
        });
        const [params] = modifies(r);
        expect(params).to.deep.equal({
            InstanceId: INSTANCE,
            RegionId: "cn-hangzhou",
            InstanceName: "web-prod",
            Description: "managed by ecs-ops",
            HostName: "web-prod-1",
            Password: "<redacted>",
            UserData: "<redacted>",
            "SecurityGroupIds.1": "sg-bp1webnormal000001",
            "SecurityGroupIds.2": "sg-bp1appnormal000002",
            DeletionProtection: "true",
        });
        expect(printed(r)).to.match(/hostName, password, userData applied; they take effect only after the instance is restarted/);
        const outputs = await stack.outputs();
        expect(outputs).to.deep.include({ instanceName: "web-prod", pendingRestart: true, restartRequired: ["hostName", "password", "userData"] });
        expect(outputs.adoptedAttributes).to.deep.equal({
            instanceName: "web-1",
            description: "pay-as-you-go web server",
            hostName: "web-1",
            securityGroupIds: ["sg-bp1webnormal000001"],
            deletionProtection: false,
        });
        const inst = await instance();
        expect(inst).to.include({ instanceName: "web-prod", hostName: "web-prod-1", deletionProtection: true });
        expect(inst.restartPending).to.have.members(["HostName", "Password", "UserData"]);
    });

    it("a second up changes nothing and makes no call", async () => {
        const r = await run("up");
        expect(ops(r)).to.deep.equal(["same"]);
        expect(r.changes).to.deep.equal({ same: 2 });
        expect(alicloudCalls(r)).to.deep.equal([]);
    });

    it("refresh without drift reads only, and the next preview is clean", async () => {
        const r = await run("refresh");
        expect(r.exitCode).to.equal(0);
        expect(ops(r)).to.deep.equal(["refresh"]);
        expect(r.changes.update ?? 0).to.equal(0);
        expect(alicloudCalls(r).map((c) => c.action)).to.deep.equal(["DescribeInstances", "DescribeUserData"]);
        const preview = await run("preview");
        expect(ops(preview)).to.deep.equal(["same"]);
        expect(alicloudCalls(preview)).to.deep.equal([]);
    });

    it("drift made outside Pulumi shows on refresh, and up fixes exactly that", async () => {
        const client = new RPCClient({
            endpoint: stack.emulatorUrl!,
            apiVersion: "2014-05-26",
            accessKeyId: "LTAI5tEmulatorAccessKey",
            accessKeySecret: "emulator-access-key-secret",
        });
        await client.request("ModifyInstanceAttribute", { RegionId: "cn-hangzhou", InstanceId: INSTANCE, InstanceName: "renamed-by-hand" }, { method: "POST" });

        const refresh = await run("refresh");
        expect(refresh.exitCode).to.equal(0);
        expect(refresh.changes.update).to.equal(1);
        // Stack outputs are the program's and stay until the next up; the resource's state has the drift.
        expect((await resourceState()).outputs!.instanceName).to.equal("renamed-by-hand");
        expect((await resourceState()).inputs!.instanceName).to.equal("renamed-by-hand");

        const preview = await run("preview");
        expect(ops(preview)).to.deep.equal(["update"]);
        const up = await run("up");
        expect(ops(up)).to.deep.equal(["update"]);
        expect(modifies(up)).to.deep.equal([{ InstanceId: INSTANCE, RegionId: "cn-hangzhou", InstanceName: "web-prod" }]);
        expect((await instance()).instanceName).to.equal("web-prod");
        expect((await stack.outputs()).instanceName).to.equal("web-prod");
    });

    it("password and user data are not in plaintext in the state; secret outputs are encrypted", async () => {
        const text = stack.stateFileText();
        for (const secret of [PASSWORD, USER_DATA, Buffer.from(USER_DATA).toString("base64"), "e2e-user-data-7c1f"]) {
            expect(text).to.not.include(secret);
        }
        const res = await resourceState();
        const outputs = res.outputs as Record<string, unknown>;
        expect(outputs).to.not.have.property("password");
        expect(outputs).to.not.have.property("userData");
        // The salted fingerprints are secret outputs too (a salted hash of a weak password can be brute-forced).
        expect(outputs.passwordFingerprint).to.have.property(SECRET_SIG);
        expect(outputs.userDataFingerprint).to.have.property(SECRET_SIG);
        // The program's secrets are secret inputs (encrypted), as the resource class wraps them.
        expect((res.inputs as Record<string, unknown>).password).to.have.property(SECRET_SIG);
        expect((res.inputs as Record<string, unknown>).userData).to.have.property(SECRET_SIG);
        // What read returns as the secret inputs, and the key of the restart trigger's fingerprints: encrypted.
        expect(outputs.secretInputs).to.have.property(SECRET_SIG);
    });

    it("destroy restores the adopted attributes in one call and removes the owner tag", async () => {
        const r = await run("destroy");
        expect(ops(r)).to.deep.equal(["delete"]);
        const calls = modifies(r);
        expect(calls).to.have.length(1);
        expect(calls[0]).to.deep.equal({
            InstanceId: INSTANCE,
            RegionId: "cn-hangzhou",
            InstanceName: "web-1",
            Description: "pay-as-you-go web server",
            HostName: "web-1",
            "SecurityGroupIds.1": "sg-bp1webnormal000001",
            DeletionProtection: "false",
        });
        expect(
            alicloudCalls(r)
                .filter((c) => c.action === "UntagResources")
                .map((c) => c.params),
        ).to.deep.equal([{ ResourceType: "instance", "ResourceId.1": INSTANCE, "TagKey.1": "ecs-ops-owner", RegionId: "cn-hangzhou" }]);
        const inst = await instance();
        expect(inst).to.include({ instanceName: "web-1", hostName: "web-1", description: "pay-as-you-go web server", deletionProtection: false });
        expect(inst.securityGroupIds).to.deep.equal(["sg-bp1webnormal000001"]);
        expect(printed(r)).to.match(/restoring .* of instance i-bp1paygrunning00001 as found at adoption/);
    });

    it("printed nothing secret in any run", () => {
        const all = everything.join("\n");
        for (const secret of [PASSWORD, USER_DATA.trim(), Buffer.from(USER_DATA).toString("base64"), "emulator-access-key-secret"]) {
            expect(all).to.not.include(secret);
        }
    });
});
