// The fidelity gaps of issue 15, one test each: rules the emulator was too lenient or too strict
// about, and settable fields no answer showed.
import { expect } from "chai";
import { defaultFixture, Emulator, startEmulator } from "../../emulator";
import { ECS_ERRORS } from "../../emulator/huaweicloud/errors";
import { emulatorHooks } from "../support/emulator-hooks";
import { call, fixtureWith, I, instanceOf, reset, state } from "./alicloud-client";
import { CMK, control, hwCall, P1, SERVERS, USER_ID } from "./huaweicloud-client";

const SH = { RegionId: "cn-shanghai" };

async function describe1(url: string, id: string, regionId = "cn-hangzhou"): Promise<Record<string, unknown>> {
    const r = await call(url, "DescribeInstances", { RegionId: regionId, InstanceIds: JSON.stringify([id]) });
    return (r.body.Instances as { Instance: Record<string, unknown>[] }).Instance[0];
}

describe("emulator fidelity gaps (issue 15)", function () {
    let emu: Emulator;
    emulatorHooks(
        () => startEmulator({ timeScale: 0.01, settleMs: 0 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => reset(e.url) },
    );

    describe("Alibaba Cloud", () => {
        for (const bad of ["-abc", "ab--c", "abc-"]) {
            it(`Windows hostname ${bad} is refused (no leading/trailing or double hyphen)`, async () => {
                const r = await call(emu.url, "ModifyInstanceAttribute", { ...SH, InstanceId: I.win, HostName: bad });
                expect(r.body.Code).to.equal("InvalidHostName.Malformed");
            });
        }

        it("a Windows hostname with single inner hyphens is accepted", async () => {
            expect((await call(emu.url, "ModifyInstanceAttribute", { ...SH, InstanceId: I.win, HostName: "win-app-1" })).status).to.equal(200);
        });

        it("Password and HostName are refused while the instance is Starting; other attributes are not", async () => {
            const slow = await startEmulator({ timeScale: 1, settleMs: 0 }); // Starting lasts 8 s here
            try {
                expect((await call(slow.url, "StartInstance", { InstanceId: I.fresh })).status).to.equal(200);
                for (const change of [{ Password: "Starting#Pass1" }, { HostName: "fresh-renamed" }] as Record<string, string>[]) {
                    const r = await call(slow.url, "ModifyInstanceAttribute", { InstanceId: I.fresh, ...change });
                    expect(r.status, JSON.stringify(change)).to.equal(403);
                    expect(r.body.Code).to.equal("IncorrectInstanceStatus");
                }
                expect((await call(slow.url, "ModifyInstanceAttribute", { InstanceId: I.fresh, InstanceName: "fresh-renamed" })).status).to.equal(200);
            } finally {
                await slow.stop();
            }
        });

        it("jumbo frames need a VPC instance", async () => {
            await reset(
                emu.url,
                fixtureWith((a) => Object.assign(instanceOf(a, I.classic), { instanceType: "ecs.g7.large" })),
            );
            const r = await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.classic, EnableJumboFrame: true });
            expect(r.body.Code).to.equal("InvalidParam.NotSupportJumboFrame");
        });

        it("NetworkInterfaceQueueNumber -1 resets the queues to the type's default", async () => {
            await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.batch, NetworkInterfaceQueueNumber: 2 });
            expect((await state(emu.url)).instances.find((i) => i.instanceId === I.batch)?.networkInterfaceQueueNumber).to.equal(2);
            const r = await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.batch, NetworkInterfaceQueueNumber: -1 });
            expect(r.status, r.text).to.equal(200);
            expect((await state(emu.url)).instances.find((i) => i.instanceId === I.batch)?.networkInterfaceQueueNumber).to.equal(4); // ecs.g8i.xlarge
            expect((await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.batch, NetworkInterfaceQueueNumber: -2 })).body.Code).to.equal(
                "InvalidParameter.InvalidEniQueueNumber",
            );
        });

        it("CpuOptions.NestedVirtualization set through ModifyInstanceAttribute shows in DescribeInstances", async () => {
            expect((await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.batch, "CpuOptions.NestedVirtualization": "enabled" })).status).to.equal(
                200,
            );
            expect((await describe1(emu.url, I.batch)).CpuOptions).to.deep.include({ NestedVirtualization: "enabled" });
        });

        it("EnableNetworkEncryption shows in DescribeInstanceAttribute, top level and in NetworkOptions", async () => {
            await reset(
                emu.url,
                fixtureWith((a) => {
                    Object.assign(instanceOf(a, I.web), { instanceType: "ecs.g8i.xlarge" });
                    a.features = { ...(a.features ?? {}), networkEncryption: true };
                }),
            );
            const r = await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.web, EnableNetworkEncryption: true });
            expect(r.status, r.text).to.equal(200);
            const attr = (await call(emu.url, "DescribeInstanceAttribute", { InstanceId: I.web })).body;
            expect(attr.EnableNetworkEncryption).to.equal(true);
            expect(attr.NetworkOptions).to.deep.equal({ EnableJumboFrame: attr.EnableJumboFrame, EnableNetworkEncryption: true });
        });

        it("ServiceID of a service-managed group is a number, as in the SDK model", async () => {
            const r = await call(emu.url, "DescribeSecurityGroups", { RegionId: "cn-hangzhou", PageSize: 50 });
            const ids = (r.body.SecurityGroups as { SecurityGroup: { ServiceID?: unknown }[] }).SecurityGroup.map((g) => g.ServiceID).filter(
                (v) => v !== undefined,
            );
            expect(ids.length).to.be.greaterThan(0);
            for (const id of ids) expect(id).to.be.a("number");
        });
    });

    describe("Huawei Cloud", () => {
        beforeEach(() => control(emu.url, "reset", "POST", defaultFixture()));
        const v1 = (id: string): string => `/v1/${P1}/cloudservers/${id}/reinstallos`;
        const v2 = (id: string): string => `/v2/${P1}/cloudservers/${id}/reinstallos`;

        it("created/updated read like 2018-08-15T14:21:22Z and launched_at like 2018-08-15T14:21:22.000000", async () => {
            const s = (await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/${SERVERS.app}` })).json.server;
            expect(s.created).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
            expect(s.updated).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
            expect(s["OS-SRV-USG:launched_at"]).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
        });

        it("v2 examples 1 and 3 of the reference (userid only; userid with encryption) are accepted", async () => {
            const ex1 = await hwCall(emu.url, { path: v2(SERVERS.web), body: { "os-reinstall": { userid: USER_ID, mode: "withStopServer" } } });
            expect(ex1.status, JSON.stringify(ex1.json)).to.equal(200);
            const ex3 = await hwCall(emu.url, {
                path: v2(SERVERS.app),
                body: { "os-reinstall": { userid: USER_ID, metadata: { __system__encrypted: "1", __system__cmkid: CMK.authorized } } },
            });
            expect(ex3.status, JSON.stringify(ex3.json)).to.equal(200);
        });

        it("userid is checked: malformed, or not a user of the project's account → Ecs.0005", async () => {
            const malformed = await hwCall(emu.url, { path: v2(SERVERS.app), body: { "os-reinstall": { keyname: "KeyPair-350b", userid: "not-a-user" } } });
            expect(malformed.json.error.code).to.equal("Ecs.0005");
            const stranger = await hwCall(emu.url, { path: v2(SERVERS.app), body: { "os-reinstall": { keyname: "KeyPair-350b", userid: "0".repeat(32) } } });
            expect(stranger.status).to.equal(400);
            expect(stranger.json.error.code).to.equal("Ecs.0005");
        });

        it("v1 is refused for an image with Cloud-Init, v2 for an image without (each reference names its images)", async () => {
            const fx = defaultFixture() as { huaweicloud: { servers: Array<{ id: string; image: Record<string, unknown> }> } };
            fx.huaweicloud.servers.find((s) => s.id === SERVERS.app)!.image.cloudInit = true;
            fx.huaweicloud.servers.find((s) => s.id === SERVERS.win)!.image.cloudInit = false;
            await control(emu.url, "reset", "POST", fx);
            const v1OnCloudInit = await hwCall(emu.url, { path: v1(SERVERS.app), body: { "os-reinstall": { adminpass: "Reinstall-2026x" } } });
            expect(v1OnCloudInit.json.error.code).to.equal("Ecs.0005");
            expect(v1OnCloudInit.json.error.message).to.match(/Cloud-Init installed: reinstall it with the v2 API/);
            const v2Without = await hwCall(emu.url, { path: v2(SERVERS.win), body: { "os-reinstall": { adminpass: "Reinstall-2026x" } } });
            expect(v2Without.json.error.code).to.equal("Ecs.0005");
            expect((await hwCall(emu.url, { path: v2(SERVERS.app), body: { "os-reinstall": { adminpass: "Reinstall-2026x" } } })).status).to.equal(200);
            expect((await hwCall(emu.url, { path: v1(SERVERS.win), body: { "os-reinstall": { adminpass: "Reinstall-2026x" } } })).status).to.equal(200);
        });

        it("Ecs.0002 has the status of the ECS error table (400)", () => {
            expect(ECS_ERRORS.systemException).to.include({ code: "Ecs.0002", status: 400 });
        });
    });
});
