import { expect } from "chai";
import { Emulator, startEmulator } from "../../emulator";
import { emulatorHooks } from "../support/emulator-hooks";
import { call, CREDS, D, I, reset } from "./alicloud-client";
import { hwCall, P1, P2, SERVERS } from "./huaweicloud-client";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RPCClient = require("@alicloud/pop-core") as new (config: Record<string, unknown>) => {
    request(action: string, params: Record<string, unknown>, opts: Record<string, unknown>): Promise<unknown>;
};

// Regional endpoints: `/<region>/` is that region's endpoint; a call there for a resource of
// another region gets the real cloud's not-found answer. The root endpoint acts like the central
// `ecs.aliyuncs.com`: the `RegionId` sent, else cn-hangzhou (the fixture's first region).
describe("emulator regional endpoints", function () {
    let emu: Emulator;
    emulatorHooks(
        () => startEmulator({ timeScale: 0.01, settleMs: 0 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => reset(e.url) },
    );

    describe("Alibaba Cloud", () => {
        it("an action without RegionId finds only the endpoint region's instances", async () => {
            const sh = `${emu.url}/cn-shanghai`;
            const foreign = await call(sh, "RebootInstance", { InstanceId: I.web, DryRun: true });
            expect(foreign.status).to.equal(404);
            expect(foreign.body.Code).to.equal("InvalidInstanceId.NotFound");
            const own = await call(sh, "DescribeInstanceAttribute", { InstanceId: I.win });
            expect(own.status, own.text).to.equal(200);
            expect(own.body.RegionId).to.equal("cn-shanghai");
            const hz = await call(`${emu.url}/cn-hangzhou`, "DescribeInstanceAttribute", { InstanceId: I.win });
            expect(hz.body.Code).to.equal("InvalidInstanceId.NotFound");
            const disk = await call(sh, "ReInitDisk", { DiskId: D.batchData });
            expect(disk.body.Code).to.equal("InvalidDiskId.NotFound");
        });

        it("a RegionId naming another region than the endpoint's finds nothing there", async () => {
            const r = await call(`${emu.url}/cn-shanghai`, "DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify([I.web]) });
            expect(r.status).to.equal(200);
            expect(r.body.TotalCount).to.equal(0);
            const own = await call(`${emu.url}/cn-hangzhou`, "DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify([I.web]) });
            expect(own.body.TotalCount).to.equal(1);
        });

        it("the root endpoint routes by RegionId, and without it serves cn-hangzhou (the central endpoint)", async () => {
            expect((await call(emu.url, "DescribeInstanceAttribute", { InstanceId: I.win })).body.Code).to.equal("InvalidInstanceId.NotFound");
            expect((await call(emu.url, "DescribeInstanceAttribute", { InstanceId: I.win, RegionId: "cn-shanghai" })).status).to.equal(200);
            expect((await call(emu.url, "DescribeInstanceAttribute", { InstanceId: I.web })).status).to.equal(200);
        });

        it("an endpoint of a region the world does not have answers InvalidRegionId.NotFound", async () => {
            const r = await call(`${emu.url}/eu-west-9`, "DescribeInstanceAttribute", { InstanceId: I.web });
            expect(r.status).to.equal(404);
            expect(r.body.Code).to.equal("InvalidRegionId.NotFound");
        });

        it("@alicloud/pop-core pointed at a regional endpoint signs and gets answers", async () => {
            const client = new RPCClient({ endpoint: `${emu.url}/cn-shanghai`, apiVersion: "2014-05-26", ...CREDS });
            const body = (await client.request("DescribeInstances", { RegionId: "cn-shanghai", InstanceIds: JSON.stringify([I.win]) }, { method: "POST" })) as {
                TotalCount: number;
            };
            expect(body.TotalCount).to.equal(1);
        });
    });

    describe("Huawei Cloud", () => {
        it("a server is found at its project's regional endpoint only (Ecs.0114 elsewhere)", async () => {
            const own = await hwCall(emu.url, { path: `/cn-north-4/v1/${P1}/cloudservers/${SERVERS.app}` });
            expect(own.status, JSON.stringify(own.json)).to.equal(200);
            expect(own.json.server.id).to.equal(SERVERS.app);
            const other = await hwCall(emu.url, { path: `/ap-southeast-1/v1/${P1}/cloudservers/${SERVERS.app}` });
            expect(other.status).to.equal(404);
            expect(other.json.error.code).to.equal("Ecs.0114");
            const list = await hwCall(emu.url, { path: `/ap-southeast-1/v1/${P1}/cloudservers/detail` });
            expect(list.json.count).to.equal(0);
            const p2 = await hwCall(emu.url, { path: `/ap-southeast-1/v1/${P2}/cloudservers/${SERVERS.sgWeb}`, projectHeader: false });
            expect(p2.status, JSON.stringify(p2.json)).to.equal(200);
        });

        it("a region without projects has no endpoint (APIGW.0101)", async () => {
            const r = await hwCall(emu.url, { path: `/eu-west-101/v1/${P1}/cloudservers/${SERVERS.app}` });
            expect(r.status).to.equal(404);
            expect(r.json.error_code).to.equal("APIGW.0101");
        });
    });
});
