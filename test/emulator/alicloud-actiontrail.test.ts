import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Emulator, startEmulator } from "../../emulator";
import { emulatorControl } from "../support/emulator-control";
import { emulatorHooks } from "../support/emulator-hooks";
import { call, CREDS, D, fixtureWith, I, RawAnswer, reset, state, waitFor } from "./alicloud-client";

/**
 * ActionTrail's LookupEvents (2020-07-06) over the emulator: every ECS call it accepted becomes an
 * event (its request id, parameters without secrets, caller, resources, error code), delivered
 * only after the delivery delay (held by the clock hold), filtered and paged as the reference
 * says, per region, and refused with NoPermission when RAM denies it (a scripted fault).
 */
describe("alicloud emulator: ActionTrail LookupEvents", function () {
    this.timeout(60_000);
    let emu: Emulator;
    /** Events delivered at once unless a test says otherwise. */
    const immediate = fixtureWith((a) => (a.actionTrail = { deliveryDelayMs: 0 }));
    emulatorHooks(
        () => startEmulator({ timeScale: 0.01, settleMs: 0 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => reset(e.url, immediate) },
    );

    const lookup = (params: Record<string, string | number> = {}, url = emu.url): Promise<RawAnswer> =>
        call(url, "LookupEvents", params, { version: "2020-07-06" });
    const events = async (params: Record<string, string | number> = {}, url = emu.url): Promise<Array<Record<string, any>>> => {
        const r = await lookup(params, url);
        expect(r.status, r.text).to.equal(200);
        return r.body.Events as Array<Record<string, any>>;
    };
    const byResource = (id: string): Promise<Array<Record<string, any>>> =>
        events({
            "LookupAttribute.1.Key": "ResourceName",
            "LookupAttribute.1.Value": id,
            "LookupAttribute.2.Key": "ServiceName",
            "LookupAttribute.2.Value": "Ecs",
        });
    const ok = async (action: string, params: Record<string, string | number | boolean>): Promise<RawAnswer> => {
        const r = await call(emu.url, action, params);
        expect(r.status, `${action}: ${r.text}`).to.equal(200);
        return r;
    };
    const rid = (r: RawAnswer): string => String(r.body.RequestId);

    it("records every accepted ECS call: name, request id, read/write, region, resources, caller, parameters without secrets", async () => {
        const modify = await ok("ModifyInstanceAttribute", {
            InstanceId: I.web,
            InstanceName: "web-trail",
            Password: "Trail-Secret-2026!",
            UserData: Buffer.from("#!/bin/sh\necho secret-user-data").toString("base64"),
        });
        const reboot = await ok("RebootInstance", { InstanceId: I.web, ForceStop: true });
        const read = await ok("DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify([I.web]) });
        const stop = await ok("StopInstance", { InstanceId: I.burst });
        const start = await ok("StartInstance", { InstanceId: I.fresh });
        const reinit = await ok("ReInitDisk", { DiskId: D.batchData });

        const web = await byResource(I.web);
        expect(
            web.map((e) => e.eventName),
            "newest first",
        ).to.deep.equal(["DescribeInstances", "RebootInstance", "ModifyInstanceAttribute"]);
        expect(web.map((e) => e.requestId)).to.deep.equal([read, reboot, modify].map(rid));
        expect(web.map((e) => e.eventRW)).to.deep.equal(["Read", "Write", "Write"]);
        for (const e of web) {
            expect(e).to.include({
                serviceName: "Ecs",
                acsRegion: "cn-hangzhou",
                eventType: "ApiCall",
                apiVersion: "2014-05-26",
                eventVersion: 1,
                isGlobal: false,
            });
            expect(e.eventId).to.equal(e.requestId);
            expect(e.eventTime).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
            expect(e.referencedResources).to.deep.equal({ "ACS::ECS::Instance": [I.web] });
            expect([e.resourceType, e.resourceName]).to.deep.equal(["ACS::ECS::Instance", I.web]);
            expect(e.userIdentity).to.include({ type: "root-account", accessKeyId: CREDS.accessKeyId, accountId: "1234567890123456" });
            expect(e).to.not.have.property("errorCode");
        }
        const m = web[2].requestParameters;
        expect(m).to.include({
            InstanceId: I.web,
            InstanceName: "web-trail",
            Password: "******",
            UserData: "******",
            AcsProduct: "Ecs",
            RequestId: rid(modify),
        });
        expect(web[1].requestParameters.ForceStop, "typed as the API types it").to.equal(true);
        const everything = JSON.stringify(await events({ MaxResults: 50 }));
        for (const secret of ["Trail-Secret-2026!", "secret-user-data", CREDS.accessKeySecret, "Signature"]) expect(everything, secret).to.not.include(secret);

        expect((await byResource(I.burst)).map((e) => [e.eventName, e.requestId])).to.deep.equal([["StopInstance", rid(stop)]]);
        expect((await byResource(I.fresh)).map((e) => [e.eventName, e.requestId])).to.deep.equal([["StartInstance", rid(start)]]);
        const disk = await byResource(D.batchData);
        expect(disk.map((e) => [e.eventName, e.requestId, e.resourceType])).to.deep.equal([["ReInitDisk", rid(reinit), "ACS::ECS::Disk"]]);
    });

    it("records a refused call with its error code, and nothing for calls refused before their action (signature, throttling)", async () => {
        const refused = await call(emu.url, "RebootInstance", { InstanceId: I.batch });
        expect(refused.body.Code).to.equal("IncorrectInstanceStatus");
        expect((await call(emu.url, "RebootInstance", { InstanceId: I.web }, { accessKeySecret: "wrong" })).body.Code).to.equal("SignatureDoesNotMatch");
        await emulatorControl(emu.url, "POST", "faults", { throttle: [{ cloud: "alicloud", action: "StopInstance", count: 1 }] });
        expect((await call(emu.url, "StopInstance", { InstanceId: I.web })).body.Code).to.equal("Throttling.User");
        const trail = await events({ "LookupAttribute.1.Key": "ServiceName", "LookupAttribute.1.Value": "Ecs" });
        expect(trail.map((e) => [e.eventName, e.requestId, e.errorCode])).to.deep.equal([["RebootInstance", rid(refused), "IncorrectInstanceStatus"]]);
        expect(trail[0].errorMessage).to.be.a("string").and.not.equal("");
    });

    it("records a call whose answer was lost after the action took effect, as a success", async () => {
        await emulatorControl(emu.url, "POST", "faults", { errors: [{ cloud: "alicloud", action: "RebootInstance", status: 503, count: 1, after: true }] });
        const lost = await call(emu.url, "RebootInstance", { InstanceId: I.web });
        expect([lost.status, lost.body.Code]).to.deep.equal([503, "ServiceUnavailable"]);
        const found = await events({ "LookupAttribute.1.Key": "EventName", "LookupAttribute.1.Value": "RebootInstance" });
        expect(found.map((e) => [e.requestId, e.errorCode ?? null, e.resourceName])).to.deep.equal([[rid(lost), null, I.web]]);
    });

    it("filters by attribute, time and direction, and pages with MaxResults and NextToken", async () => {
        const ids: string[] = [];
        for (const name of ["a", "b", "c", "d", "e"]) ids.push(rid(await ok("ModifyInstanceAttribute", { InstanceId: I.web, InstanceName: `web-${name}` })));
        await ok("DescribeInstances", { RegionId: "cn-hangzhou" });
        const writes = { "LookupAttribute.1.Key": "EventRW", "LookupAttribute.1.Value": "Write" };
        const all = await events(writes);
        expect(all.map((e) => e.requestId)).to.deep.equal([...ids].reverse());
        expect((await events({ "LookupAttribute.1.Key": "EventRW", "LookupAttribute.1.Value": "Read" })).map((e) => e.eventName)).to.include(
            "DescribeInstances",
        );
        expect((await events({ "LookupAttribute.1.Key": "EventAccessKeyId", "LookupAttribute.1.Value": CREDS.accessKeyId })).length).to.be.greaterThan(5);
        expect(await events({ "LookupAttribute.1.Key": "EventName", "LookupAttribute.1.Value": "StopInstance" })).to.deep.equal([]);

        const seen: string[] = [];
        let token = "";
        let pages = 0;
        do {
            const r = await lookup({ ...writes, MaxResults: 2, ...(token ? { NextToken: token } : {}) });
            expect(r.status, r.text).to.equal(200);
            seen.push(...(r.body.Events as Array<{ requestId: string }>).map((e) => e.requestId));
            token = String(r.body.NextToken);
            pages++;
        } while (token !== "" && pages < 10);
        expect(pages).to.equal(3);
        expect(seen).to.deep.equal([...ids].reverse());
        const forward = await events({ ...writes, Direction: "FORWARD", MaxResults: 2 });
        expect(forward.map((e) => e.requestId)).to.deep.equal(ids.slice(0, 2));

        const future = new Date(Date.now() + 3_600_000).toISOString().slice(0, 19) + "Z";
        const later = new Date(Date.now() + 7_200_000).toISOString().slice(0, 19) + "Z";
        const r = await lookup({ StartTime: future, EndTime: later });
        expect(r.body.Events).to.deep.equal([]);
        expect([r.body.StartTime, r.body.EndTime]).to.deep.equal([future, later]);
        const deflt = await lookup();
        expect(Date.parse(String(deflt.body.EndTime)) - Date.parse(String(deflt.body.StartTime)), "7 days by default").to.equal(7 * 24 * 3600 * 1000);
    });

    it("refuses bad parameters with InvalidParameter naming them", async () => {
        const cases: Array<[Record<string, string | number>, string]> = [
            [{ MaxResults: 51 }, "MaxResults"],
            [{ MaxResults: 0 }, "MaxResults"],
            [{ StartTime: "2026-01-01T00:00:00Z" }, "EndTime"],
            [{ StartTime: "yesterday", EndTime: "2026-01-01T00:00:00Z" }, "StartTime"],
            [{ StartTime: "2026-01-02T00:00:00Z", EndTime: "2026-01-01T00:00:00Z" }, "StartTime"],
            [{ "LookupAttribute.1.Key": "Colour", "LookupAttribute.1.Value": "red" }, "LookupAttribute.1.Key"],
            [{ Direction: "SIDEWAYS" }, "Direction"],
            [{ NextToken: "not-a-token" }, "NextToken"],
        ];
        for (const [params, name] of cases) {
            const r = await lookup(params);
            expect([r.status, r.body.Code], JSON.stringify(params)).to.deep.equal([400, "InvalidParameter"]);
            expect(String(r.body.Message)).to.include(name);
        }
        expect((await call(emu.url, "DescribeTrails", {}, { version: "2020-07-06" })).body.Code, "only LookupEvents is modelled").to.equal(
            "InvalidAction.NotFound",
        );
        expect((await call(emu.url, "LookupEvents", {}, { version: "2020-07-06", accessKeySecret: "wrong" })).body.Code, "signed as ECS").to.equal(
            "SignatureDoesNotMatch",
        );
    });

    it("delivers an event only after the delivery delay: held by the clock hold, never early", async () => {
        await reset(
            emu.url,
            fixtureWith((a) => (a.actionTrail = { deliveryDelayMs: 200_000 })),
        );
        expect(((await state(emu.url)).actionTrail as { deliveryDelayMs: number }).deliveryDelayMs).to.equal(200_000);
        await emulatorControl(emu.url, "POST", "clock", { hold: true });
        const stop = await ok("StopInstance", { InstanceId: I.web });
        const calledAt = Date.now();
        expect(await byResource(I.web), "held: not delivered").to.deep.equal([]);
        const dumped = (await state(emu.url)).actionTrail as { events: Array<{ delivered: boolean; event: { requestId: string; serviceName: string } }> };
        expect(dumped.events.filter((e) => e.event.serviceName === "Ecs").map((e) => [e.event.requestId, e.delivered])).to.deep.equal([[rid(stop), false]]);
        await emulatorControl(emu.url, "POST", "clock", { hold: false });
        const found = await waitFor("the StopInstance event", 20_000, async () => {
            const e = await byResource(I.web);
            return e.length > 0 ? e : undefined;
        });
        // 200 modelled s at time scale 0.01 = 2 s, counted from the call (the hold only delays it).
        expect(Date.now() - calledAt, "not before the delay").to.be.at.least(1_900);
        expect(found.map((e) => e.requestId)).to.deep.equal([rid(stop)]);
        expect(Date.parse(found[0].eventTime), "eventTime is the call's").to.be.at.most(calledAt + 1000);
    });

    it("defaults to 5 modelled minutes, or the emulator option, scaled by the time scale", async () => {
        const plain = await startEmulator({ timeScale: 0.01, settleMs: 0 });
        const tuned = await startEmulator({ timeScale: 0.01, settleMs: 0, actionTrailDelayMs: 1000 });
        try {
            expect(((await state(plain.url)).actionTrail as { deliveryDelayMs: number }).deliveryDelayMs).to.equal(300_000);
            const r = await call(tuned.url, "RebootInstance", { InstanceId: I.web });
            expect(r.status).to.equal(200);
            const found = await waitFor("delivery after 10 ms real", 10_000, async () => {
                const e = (
                    await call(
                        tuned.url,
                        "LookupEvents",
                        { "LookupAttribute.1.Key": "EventName", "LookupAttribute.1.Value": "RebootInstance" },
                        { version: "2020-07-06" },
                    )
                ).body.Events as unknown[];
                return e.length > 0 ? e : undefined;
            });
            expect(found).to.have.length(1);
        } finally {
            await plain.stop();
            await tuned.stop();
        }
    });

    it("answers the events of the endpoint's region", async () => {
        const sh = await call(`${emu.url}/cn-shanghai`, "DescribeInstanceAttribute", { InstanceId: I.win });
        expect(sh.status, sh.text).to.equal(200);
        await ok("DescribeInstanceAttribute", { InstanceId: I.web });
        const shanghai = await events({}, `${emu.url}/cn-shanghai`);
        expect(shanghai.map((e) => [e.eventName, e.resourceName, e.acsRegion])).to.deep.equal([["DescribeInstanceAttribute", I.win, "cn-shanghai"]]);
        const hangzhou = await events({ "LookupAttribute.1.Key": "ServiceName", "LookupAttribute.1.Value": "Ecs" }, `${emu.url}/cn-hangzhou`);
        expect(hangzhou.map((e) => e.resourceName)).to.deep.equal([I.web]);
        const root = await events({ RegionId: "cn-shanghai", "LookupAttribute.1.Key": "ServiceName", "LookupAttribute.1.Value": "Ecs" });
        expect(
            root.map((e) => e.resourceName),
            "the root endpoint serves the RegionId sent",
        ).to.deep.equal([I.win]);
    });

    it("answers NoPermission (403) when RAM denies LookupEvents (a scripted fault), and records the denied call", async () => {
        await reset(
            emu.url,
            fixtureWith((a) => {
                a.actionTrail = { deliveryDelayMs: 0 };
                a.faults.push({ action: "LookupEvents", code: "NoPermission", sticky: true });
            }),
        );
        await ok("RebootInstance", { InstanceId: I.web });
        for (let i = 0; i < 2; i++) {
            const r = await lookup();
            expect([r.status, r.body.Code], r.text).to.deep.equal([403, "NoPermission"]);
            expect(r.body.HostId).to.equal("actiontrail.cn-hangzhou.aliyuncs.com");
        }
        const trail = (await state(emu.url)).actionTrail as { events: Array<{ event: Record<string, unknown> }> };
        const denied = trail.events.map((e) => e.event).filter((e) => e.eventName === "LookupEvents");
        expect(denied.map((e) => [e.serviceName, e.eventRW, e.errorCode])).to.deep.equal([
            ["Actiontrail", "Read", "NoPermission"],
            ["Actiontrail", "Read", "NoPermission"],
        ]);
    });

    it("keeps its events across a restart with a state file, and delivers the undelivered ones a full delay later", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-trail-"));
        const stateFile = path.join(dir, "world.json");
        const fixture = fixtureWith((a) => (a.actionTrail = { deliveryDelayMs: 300_000 }));
        const reboot = (url: string): Promise<Array<Record<string, any>>> =>
            events({ "LookupAttribute.1.Key": "EventName", "LookupAttribute.1.Value": "RebootInstance" }, url);
        try {
            const first = await startEmulator({ timeScale: 0.01, settleMs: 0, stateFile, fixture });
            let delivered: string;
            let pending: string;
            try {
                delivered = rid(await call(first.url, "RebootInstance", { InstanceId: I.web }));
                await waitFor("the first event", 20_000, async () => ((await reboot(first.url)).length > 0 ? true : undefined));
                await emulatorControl(first.url, "POST", "clock", { hold: true });
                pending = rid(await call(first.url, "RebootInstance", { InstanceId: I.burst }));
            } finally {
                await first.stop();
            }
            const second = await startEmulator({ timeScale: 0.01, settleMs: 0, stateFile, fixture });
            try {
                expect(
                    (await reboot(second.url)).map((e) => e.requestId),
                    "the delivered event survives; the other is not delivered yet",
                ).to.deep.equal([delivered]);
                const both = await waitFor("the second event", 20_000, async () => {
                    const e = await reboot(second.url);
                    return e.length === 2 ? e : undefined;
                });
                expect(both.map((e) => e.requestId)).to.deep.equal([pending, delivered]);
            } finally {
                await second.stop();
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
