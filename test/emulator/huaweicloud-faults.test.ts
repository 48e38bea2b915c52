import { expect } from "chai";
import { Emulator, defaultFixture, startEmulator } from "../../emulator";
import { emulatorHooks } from "../support/emulator-hooks";
import { DEFAULT_CREDS, P1, SERVERS, control, hwCall } from "./huaweicloud-client";

/**
 * Injected faults on the Huawei side (429 in the gateway shape, 500 and 503), applied after
 * authentication; latency; and the fixture section's validation.
 */
describe("huaweicloud emulator: injected faults and fixtures", () => {
    let emu: Emulator;
    const show = `/v1/${P1}/cloudservers/${SERVERS.app}`;
    const reinstallPath = `/v2/${P1}/cloudservers/${SERVERS.app}/reinstallos`;

    emulatorHooks(
        () => startEmulator({ timeScale: 0.01 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => control(e.url, "reset", "POST", defaultFixture()) },
    );

    it("throttling → 429 APIGW.0308 in the gateway shape, request_id = X-Request-Id; the call is logged; then served again", async () => {
        await control(emu.url, "faults", "POST", { throttle: [{ cloud: "huaweicloud", action: "ShowServer", count: 1 }] });
        const r = await hwCall(emu.url, { path: show });
        expect(r.status).to.equal(429);
        expect(Object.keys(r.json)).to.deep.equal(["error_code", "error_msg", "request_id"]);
        expect(r.json.error_code).to.equal("APIGW.0308");
        expect(r.json.error_msg).to.match(/^The throttling threshold has been reached/);
        expect(r.json.request_id).to.equal(r.headers["x-request-id"]);
        expect((await hwCall(emu.url, { path: show })).status).to.equal(200);
        const calls = (await control(emu.url, "calls")).json.calls;
        expect(calls.map((c: { action: string; status: number; code: string | null }) => [c.action, c.status, c.code])).to.deep.equal([
            ["ShowServer", 429, "APIGW.0308"],
            ["ShowServer", 200, null],
        ]);
    });

    it("a QPS quota throttles the calls beyond it within one second", async () => {
        await control(emu.url, "faults", "POST", { throttle: [{ cloud: "huaweicloud", action: "ShowJob", qps: 2 }] });
        const path = `/v1/${P1}/jobs/ff80808288d41e1b018990260955686a`;
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await hwCall(emu.url, { path })).status);
        expect(statuses).to.deep.equal([400, 400, 429, 429]);
        expect((await hwCall(emu.url, { path: show })).status).to.equal(200);
    });

    it("500 → APIGW.0201 in the gateway shape; 503 → APIGW.0201 Backend unavailable (Ecs.0002 is a 400 in the ECS table); nothing is done", async () => {
        await control(emu.url, "faults", "POST", { errors: [{ cloud: "huaweicloud", action: "ReinstallServerWithCloudInit", status: 500, count: 1 }] });
        const body = { "os-reinstall": { adminpass: "Zq8#vLm2!pR4" } };
        const r500 = await hwCall(emu.url, { path: reinstallPath, body });
        expect(r500.status).to.equal(500);
        expect(r500.json).to.deep.equal({ error_code: "APIGW.0201", error_msg: "An unexpected error occurred", request_id: r500.headers["x-request-id"] });
        await control(emu.url, "faults", "POST", { errors: [{ cloud: "huaweicloud", status: 503, count: 1 }] });
        const r503 = await hwCall(emu.url, { path: reinstallPath, body });
        expect(r503.status).to.equal(503);
        expect(r503.json).to.deep.equal({ error_code: "APIGW.0201", error_msg: "Backend unavailable", request_id: r503.headers["x-request-id"] });
        expect(r503.headers["x-request-id"]).to.match(/^[0-9a-f]{32}$/);
        expect((await control(emu.url, "state")).json.huaweicloud.jobs).to.deep.equal([]);
        const ok = await hwCall(emu.url, { path: reinstallPath, body });
        expect(ok.status).to.equal(200);
    });

    it("faults apply after authentication: a bad signature still gets 401 and does not use up the fault", async () => {
        await control(emu.url, "faults", "POST", { throttle: [{ cloud: "huaweicloud", count: 1 }], errors: [{ cloud: "huaweicloud", status: 503, count: 1 }] });
        const bad = await hwCall(emu.url, { path: show, creds: { ...DEFAULT_CREDS, sk: "wrong" } });
        expect(bad.status).to.equal(401);
        expect((await hwCall(emu.url, { path: show })).status).to.equal(429);
        expect((await hwCall(emu.url, { path: show })).status).to.equal(503);
        expect((await hwCall(emu.url, { path: show })).status).to.equal(200);
    });

    it("faults for the other cloud or another operation do not apply", async () => {
        await control(emu.url, "faults", "POST", {
            throttle: [
                { cloud: "alicloud", count: 5 },
                { cloud: "huaweicloud", action: "ShowJob", count: 5 },
            ],
            errors: [{ cloud: "alicloud", status: 500, count: 5 }],
        });
        expect((await hwCall(emu.url, { path: show })).status).to.equal(200);
    });

    it("latency delays the matching operation only", async () => {
        await control(emu.url, "faults", "POST", { latency: [{ cloud: "huaweicloud", action: "ShowServer", ms: 200 }] });
        let t = Date.now();
        expect((await hwCall(emu.url, { path: show })).status).to.equal(200);
        expect(Date.now() - t).to.be.at.least(190);
        t = Date.now();
        expect((await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/detail` })).status).to.equal(200);
        expect(Date.now() - t).to.be.below(150);
    });

    describe("fixture section validation (POST /_emulator/reset with a fixture)", () => {
        const cases: Array<[string, (s: Record<string, unknown>) => void, RegExp]> = [
            ["an unknown key", (s) => (s.servres = []), /huaweicloud: Unrecognized key: "servres"/],
            ["a bad server status", (s) => ((s.servers as Array<Record<string, unknown>>)[0].status = "RUNNING"), /huaweicloud\.servers\[0\]\.status/],
            [
                "a project id that is not 32 hex",
                (s) => ((s.projects as Array<Record<string, unknown>>)[0].id = "0a1b"),
                /huaweicloud\.projects\[0\]\.id: must be 32 lower-case hex/,
            ],
            [
                "a server in an unknown project",
                (s) => ((s.servers as Array<Record<string, unknown>>)[1].projectId = "f".repeat(32)),
                /huaweicloud\.servers\[1\]\.projectId: unknown project/,
            ],
            [
                "a key pair name no key pair has",
                (s) => ((s.servers as Array<Record<string, unknown>>)[0].keyName = "KeyPair-nope"),
                /servers\[0\]\.keyName: no key pair KeyPair-nope/,
            ],
            [
                "a scripted fault for an unknown server",
                (s) => ((s.scriptedFaults as Array<Record<string, unknown>>)[0].serverId = "00000000-0000-4000-8000-000000000000"),
                /scriptedFaults\[0\]\.serverId: unknown server/,
            ],
            ["a duplicate server id", (s) => (s.servers as unknown[]).push((s.servers as unknown[])[0]), /duplicate id 7f3d9350/],
        ];
        for (const [name, mutate, msg] of cases) {
            it(`rejects ${name}, naming the path, and keeps the world`, async () => {
                const fixture = defaultFixture();
                mutate(fixture.huaweicloud as Record<string, unknown>);
                const r = await control(emu.url, "reset", "POST", fixture);
                expect(r.status).to.equal(400);
                expect(r.json.error).to.match(msg);
                expect(r.json.error).to.not.include("emulator-secret-key");
                expect((await hwCall(emu.url, { path: show })).status).to.equal(200);
            });
        }

        it("accepts a minimal section: one project, one credential, one server", async () => {
            const r = await control(emu.url, "reset", "POST", {
                huaweicloud: {
                    projects: [{ id: "1".repeat(32), name: "eu-west-101", region: "eu-west-101" }],
                    credentials: [{ accessKey: "AK1", secretKey: "SK1", projectIds: ["1".repeat(32)] }],
                    servers: [
                        {
                            id: "11111111-1111-4111-8111-111111111111",
                            projectId: "1".repeat(32),
                            name: "only",
                            status: "SHUTOFF",
                            osType: "Linux",
                            image: { id: "22222222-2222-4222-8222-222222222222", name: "Ubuntu" },
                            flavor: { id: "s6.small.1", name: "s6.small.1", vcpus: 1, ram: 1024 },
                            availabilityZone: "eu-west-101a",
                            systemDisk: { id: "33333333-3333-4333-8333-333333333333", device: "/dev/vda", sizeGb: 40 },
                            vpcId: "44444444-4444-4444-8444-444444444444",
                            created: "2026-01-01T00:00:00Z",
                        },
                    ],
                },
            });
            expect(r.status, JSON.stringify(r.json)).to.equal(200);
            const creds = { ak: "AK1", sk: "SK1", projectId: "1".repeat(32) };
            const shown = await hwCall(emu.url, { path: `/v1/${"1".repeat(32)}/cloudservers/11111111-1111-4111-8111-111111111111`, creds });
            expect(shown.status).to.equal(200);
            expect(shown.json.server).to.deep.include({ name: "only", key_name: "", locked: false });
            expect((await hwCall(emu.url, { path: show })).json.error_msg).to.match(/ak not exist/);
        });
    });
});
