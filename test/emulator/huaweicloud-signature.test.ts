import { createHash } from "crypto";
import { expect } from "chai";
import * as core from "@huaweicloud/huaweicloud-sdk-core";
import * as ecs from "@huaweicloud/huaweicloud-sdk-ecs";
import { Emulator, startEmulator } from "../../emulator";
import { canonicalRequest, signCanonicalRequest } from "../../emulator/huaweicloud/wire-signature";
import { emulatorHooks } from "../support/emulator-hooks";
import { DEFAULT_CREDS, HwCallOptions, P1, P2, SERVERS, STS_CREDS, USER_ID, control, hwCall, sdkDate } from "./huaweicloud-client";

/**
 * The gateway side of the Huawei emulator: SDK-HMAC-SHA256 as the official SDK signs it, requests
 * signed by an independent signer accepted, tampered ones rejected, clock skew, temporary
 * credentials, project checks, unknown APIs, X-Request-Id everywhere.
 */
describe("huaweicloud emulator: signature and gateway", () => {
    let emu: Emulator;
    const show = `/v1/${P1}/cloudservers/${SERVERS.app}`;

    emulatorHooks(
        () => startEmulator({ timeScale: 0.01 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => control(e.url, "reset", "POST") },
    );

    describe("known-answer vectors signed by the official SDK (huaweicloud-sdk-core 3.1.211 AKSKSigner)", () => {
        // Each vector: the request the SDK signed at X-Sdk-Date 20261123T120000Z with the default AK/SK,
        // as it goes on the wire (lower-case header names, as Node parses them), and the SDK's signature.
        const vectors = [
            {
                name: "POST v2 reinstallos with a JSON body",
                method: "POST",
                rawPath: `/v2/${P1}/cloudservers/3f8a1c52-7d0e-4b6a-9c1f-2e5d8b4a7c90/reinstallos`,
                rawQuery: "",
                headers: { "content-type": "application/json", host: "127.0.0.1:8080", "x-project-id": P1, "x-sdk-date": "20261123T120000Z" },
                body: '{"os-reinstall":{"keyname":"KeyPair-350b","userid":"7e25b1da389f4697a79df3a0e5bd494e","mode":"withStopServer"}}',
                signed: ["content-type", "host", "x-project-id", "x-sdk-date"],
                signature: "892adab69c46971d3e0d0bfc58997c56f953a3971f2ea8a27db675d771da430f",
            },
            {
                name: "GET with a query needing encoding (space, dot), keys out of order",
                method: "GET",
                rawPath: `/v1/${P1}/cloudservers/detail`,
                rawQuery: "status=ACTIVE&name=web%200.&offset=1&limit=2",
                headers: { host: "127.0.0.1:8080", "x-project-id": P1, "x-sdk-date": "20261123T120000Z" },
                body: "",
                signed: ["host", "x-project-id", "x-sdk-date"],
                signature: "4c6373b5b2c9aa619e2bfe71cfe87d073124926ffc2d22052dbd6645c0c71077",
            },
            {
                name: "GET with X-Security-Token (temporary credentials)",
                method: "GET",
                rawPath: `/v1/${P1}/jobs/ff80808288d41e1b018990260955686a`,
                rawQuery: "",
                headers: { host: "127.0.0.1:8080", "x-project-id": P1, "x-sdk-date": "20261123T120000Z", "x-security-token": "emulator-security-token" },
                body: "",
                signed: ["host", "x-project-id", "x-sdk-date", "x-security-token"],
                signature: "489f608fc0fa4a8e495170c4d20b69676c54d4a5ffe2ec3a9f3f33c481e61a3c",
            },
        ];
        for (const v of vectors) {
            it(v.name, () => {
                const body = Buffer.from(v.body);
                const hash = createHash("sha256").update(body).digest("hex");
                const canonical = canonicalRequest({ method: v.method, rawPath: v.rawPath, rawQuery: v.rawQuery, headers: v.headers, body }, v.signed, hash);
                expect(signCanonicalRequest(DEFAULT_CREDS.sk, "20261123T120000Z", canonical)).to.equal(v.signature);
            });
        }
    });

    describe("the official SDK as a client, unchanged, pointed at the emulator", () => {
        function client(): ecs.EcsClient {
            const cred = new core.BasicCredentials().withAk(DEFAULT_CREDS.ak).withSk(DEFAULT_CREDS.sk).withProjectId(P1);
            return ecs.EcsClient.newBuilder().withCredential(cred).withEndpoint(emu.url).build();
        }

        it("ShowServer and ListServersDetails (query with a space) are accepted", async () => {
            const shown = await client().showServer(new ecs.ShowServerRequest(SERVERS.app));
            expect(shown.server?.name).to.equal("ecs-app-01");
            expect(shown.server?.status).to.equal("SHUTOFF");
            const listed = await client().listServersDetails(new ecs.ListServersDetailsRequest().withName("ecs web").withLimit(5));
            expect(listed.count).to.equal(0);
            const page = await client().listServersDetails(new ecs.ListServersDetailsRequest().withStatus("SHUTOFF").withLimit(2).withOffset(2));
            expect(page.count).to.equal(6);
            expect(page.servers).to.have.length(2);
        });

        it("ReinstallServerWithCloudInit, ReinstallServerWithoutCloudInit (POST bodies) and ShowJob are accepted", async () => {
            const v2 = await client().reinstallServerWithCloudInit(
                new ecs.ReinstallServerWithCloudInitRequest()
                    .withServerId(SERVERS.web)
                    .withBody(
                        new ecs.ReinstallServerWithCloudInitRequestBody().withOsReinstall(
                            new ecs.ReinstallServerWithCloudInitOption().withKeyname("KeyPair-350b").withUserid(USER_ID).withMode("withStopServer"),
                        ),
                    ),
            );
            const jobId = (v2 as unknown as { job_id: string }).job_id;
            expect(jobId).to.match(/^[0-9a-f]{32}$/);
            const job = await client().showJob(new ecs.ShowJobRequest(jobId));
            expect(job.status).to.be.oneOf(["INIT", "RUNNING"]);
            const v1 = await client().reinstallServerWithoutCloudInit(
                new ecs.ReinstallServerWithoutCloudInitRequest()
                    .withServerId(SERVERS.app)
                    .withBody(
                        new ecs.ReinstallServerWithoutCloudInitRequestBody().withOsReinstall(
                            new ecs.ReinstallServerWithoutCloudInitOption().withAdminpass("Zq8#vLm2!pR4"),
                        ),
                    ),
            );
            expect((v1 as unknown as { job_id: string }).job_id).to.match(/^[0-9a-f]{32}$/);
            const calls = (await control(emu.url, "calls")).json.calls.map((c: { action: string; status: number }) => `${c.action} ${c.status}`);
            expect(calls).to.deep.equal(["ReinstallServerWithCloudInit 200", "ShowJob 200", "ReinstallServerWithoutCloudInit 200"]);
        });
    });

    describe("an independent signer (test/emulator/huaweicloud-client.ts)", () => {
        it("is accepted, and every response carries X-Request-Id", async () => {
            const r = await hwCall(emu.url, { path: show });
            expect(r.status).to.equal(200);
            expect(r.json.server.id).to.equal(SERVERS.app);
            expect(r.headers["x-request-id"]).to.match(/^[0-9a-f]{32}$/);
        });

        it("is accepted for a percent-encoded path segment and a repeated, unsorted query", async () => {
            const r = await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/%37${SERVERS.web.slice(1)}` });
            expect(r.status).to.equal(200);
            expect(r.json.server.id).to.equal(SERVERS.web);
            const q = await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/detail`, rawQuery: "status=SHUTOFF&name=ecs-.ocked&limit=5&limit=4&marker=" });
            expect(q.status).to.equal(200);
            expect(q.json.servers.map((s: { name: string }) => s.name)).to.deep.equal(["ecs-locked-01"]);
        });

        it("accepts X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD (body not hashed)", async () => {
            const r = await hwCall(emu.url, {
                path: `/v2/${P1}/cloudservers/${SERVERS.app}/reinstallos`,
                body: { "os-reinstall": { adminpass: "Zq8#vLm2!pR4" } },
                headers: { "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD" },
            });
            expect(r.status).to.equal(200);
        });

        it("accepts a clock 14 minutes off", async () => {
            expect((await hwCall(emu.url, { path: show, date: new Date(Date.now() - 14 * 60_000) })).status).to.equal(200);
            expect((await hwCall(emu.url, { path: show, date: new Date(Date.now() + 14 * 60_000) })).status).to.equal(200);
        });
    });

    describe("rejections (gateway shape, 401)", () => {
        const body = { "os-reinstall": { adminpass: "Zq8#vLm2!pR4" } };
        const post = `/v2/${P1}/cloudservers/${SERVERS.app}/reinstallos`;
        // `call` is built when the test runs, so the skewed dates are relative to that moment.
        const cases: Array<{ name: string; call: () => HwCallOptions; code: string; msg: RegExp }> = [
            {
                name: "body changed after signing",
                call: () => ({ path: post, body, tamper: (r) => (r.body = r.body.replace("Zq8", "Zq9")) }),
                code: "APIGW.0301",
                msg: /verify aksk signature fail$/,
            },
            {
                name: "signed header changed (X-Project-Id)",
                call: () => ({ path: show, tamper: (r) => (r.headers["X-Project-Id"] = P2) }),
                code: "APIGW.0301",
                msg: /signature fail/,
            },
            {
                name: "Host changed",
                call: () => ({ path: show, tamper: (r) => (r.headers.Host = "ecs.cn-north-4.myhuaweicloud.com") }),
                code: "APIGW.0301",
                msg: /signature fail/,
            },
            {
                name: "query changed",
                call: () => ({ path: `/v1/${P1}/cloudservers/detail`, query: { limit: 2 }, tamper: (r) => (r.query = "limit=3") }),
                code: "APIGW.0301",
                msg: /signature fail/,
            },
            {
                name: "path changed",
                call: () => ({ path: show, tamper: (r) => (r.path = `/v1/${P1}/cloudservers/${SERVERS.web}`) }),
                code: "APIGW.0301",
                msg: /signature fail/,
            },
            {
                name: "wrong SK",
                call: () => ({ path: show, creds: { ...DEFAULT_CREDS, sk: "not-the-secret" } }),
                code: "APIGW.0301",
                msg: /verify aksk signature fail$/,
            },
            {
                name: "unknown AK (not echoed whole)",
                call: () => ({ path: show, creds: { ...DEFAULT_CREDS, ak: "UNKNOWNAK1234567890" } }),
                code: "APIGW.0301",
                msg: /ak:UNKN\*+,err:ak not exist/,
            },
            { name: "no Authorization", call: () => ({ path: show, unsigned: true }), code: "APIGW.0301", msg: /Unauthorized/ },
            {
                name: "token instead of AK/SK",
                call: () => ({ path: show, unsigned: true, headers: { "X-Auth-Token": "MIIxyz" } }),
                code: "APIGW.0301",
                msg: /decrypt token fail/,
            },
            {
                name: "garbled Authorization",
                call: () => ({ path: show, tamper: (r) => (r.headers.Authorization = "SDK-HMAC-SHA256 garbage") }),
                code: "APIGW.0301",
                msg: /malformed Authorization/,
            },
            {
                name: "other algorithm",
                call: () => ({ path: show, tamper: (r) => (r.headers.Authorization = r.headers.Authorization.replace("SDK-HMAC-SHA256", "AWS4-HMAC-SHA256")) }),
                code: "APIGW.0301",
                msg: /malformed/,
            },
            {
                name: "X-Sdk-Date removed",
                call: () => ({ path: show, tamper: (r) => delete r.headers["X-Sdk-Date"] }),
                code: "APIGW.0301",
                msg: /X-Sdk-Date is missing/,
            },
            {
                name: "X-Sdk-Date not YYYYMMDDTHHMMSSZ",
                call: () => ({ path: show, headers: { "X-Sdk-Date": "2026-11-23T12:00:00Z" } }),
                code: "APIGW.0301",
                msg: /X-Sdk-Date/,
            },
            { name: "host not signed", call: () => ({ path: show, omitFromSigning: ["host"] }), code: "APIGW.0301", msg: /host must be signed/ },
            {
                name: "X-Project-Id sent unsigned",
                call: () => ({ path: show, omitFromSigning: ["x-project-id"] }),
                code: "APIGW.0301",
                msg: /x-project-id must be signed/,
            },
            {
                name: "signed header absent",
                call: () => ({ path: show, headers: { "X-Extra": "1" }, tamper: (r) => delete r.headers["X-Extra"] }),
                code: "APIGW.0301",
                msg: /signed header x-extra is missing/,
            },
            {
                name: "X-Sdk-Content-Sha256 not the body's hash",
                call: () => ({ path: post, body, headers: { "X-Sdk-Content-Sha256": "0".repeat(64) } }),
                code: "APIGW.0301",
                msg: /does not match the body/,
            },
            {
                name: "temporary AK without its security token",
                call: () => ({ path: show, creds: { ...STS_CREDS, securityToken: undefined } }),
                code: "APIGW.0301",
                msg: /X-Security-Token/,
            },
            {
                name: "temporary AK with another token",
                call: () => ({ path: show, creds: { ...STS_CREDS, securityToken: "stolen" } }),
                code: "APIGW.0301",
                msg: /X-Security-Token/,
            },
            {
                name: "permanent AK with a security token",
                call: () => ({ path: show, creds: { ...DEFAULT_CREDS, securityToken: "emulator-security-token" } }),
                code: "APIGW.0301",
                msg: /X-Security-Token/,
            },
            {
                name: "X-Security-Token sent unsigned",
                call: () => ({ path: show, creds: STS_CREDS, omitFromSigning: ["x-security-token"] }),
                code: "APIGW.0301",
                msg: /x-security-token must be signed/,
            },
            {
                name: "X-Sdk-Date 16 minutes behind",
                call: () => ({ path: show, date: new Date(Date.now() - 16 * 60_000) }),
                code: "APIGW.0303",
                msg: /signature expired, signature time:\d{8}T\d{6}Z,server time:\d{8}T\d{6}Z/,
            },
            {
                name: "X-Sdk-Date 16 minutes ahead",
                call: () => ({ path: show, date: new Date(Date.now() + 16 * 60_000) }),
                code: "APIGW.0303",
                msg: /^Incorrect app authentication information: signature expired/,
            },
        ];
        for (const c of cases) {
            it(`${c.name} → ${c.code}`, async () => {
                const r = await hwCall(emu.url, c.call());
                expect(r.status, JSON.stringify(r.json)).to.equal(401);
                expect(r.json.error_code).to.equal(c.code);
                expect(r.json.error_msg).to.match(c.msg);
                expect(r.json.request_id).to.equal(r.headers["x-request-id"]);
            });
        }

        it("temporary credentials with their token are accepted", async () => {
            expect((await hwCall(emu.url, { path: show, creds: STS_CREDS })).status).to.equal(200);
        });

        it("a rejected request is logged under its operation, and changes nothing", async () => {
            await hwCall(emu.url, { path: post, body, creds: { ...DEFAULT_CREDS, sk: "wrong" } });
            const calls = (await control(emu.url, "calls")).json.calls;
            expect(calls).to.have.length(1);
            expect(calls[0]).to.include({ cloud: "huaweicloud", action: "ReinstallServerWithCloudInit", status: 401, code: "APIGW.0301" });
            const state = (await control(emu.url, "state")).json.huaweicloud;
            expect(state.jobs).to.deep.equal([]);
        });
    });

    describe("projects", () => {
        it("the path project must be the X-Project-Id project → Ecs.0023 (400)", async () => {
            const r = await hwCall(emu.url, { path: `/v1/${P2}/cloudservers/${SERVERS.sgWeb}` });
            expect(r.status).to.equal(400);
            expect(r.json).to.deep.equal({ error: { code: "Ecs.0023", message: "project_id in token mismatches with project_id in url." } });
        });

        it("the second project of the account is reachable with its own X-Project-Id, or without the header", async () => {
            const withHeader = await hwCall(emu.url, { path: `/v1/${P2}/cloudservers/${SERVERS.sgWeb}`, creds: { ...DEFAULT_CREDS, projectId: P2 } });
            expect(withHeader.status).to.equal(200);
            const noHeader = await hwCall(emu.url, { path: `/v1/${P2}/cloudservers/${SERVERS.sgWeb}`, projectHeader: false });
            expect(noHeader.status).to.equal(200);
        });

        it("a project the account does not own: in X-Project-Id → APIGW.0301, only in the path → Ecs.0023", async () => {
            const foreign = "ffffffffffffffffffffffffffffffff";
            const inHeader = await hwCall(emu.url, { path: `/v1/${foreign}/cloudservers/detail`, creds: { ...DEFAULT_CREDS, projectId: foreign } });
            expect(inHeader.status).to.equal(401);
            expect(inHeader.json.error_code).to.equal("APIGW.0301");
            const inPath = await hwCall(emu.url, { path: `/v1/${foreign}/cloudservers/detail`, projectHeader: false });
            expect(inPath.status).to.equal(400);
            expect(inPath.json.error.code).to.equal("Ecs.0023");
            const sts = await hwCall(emu.url, { path: `/v1/${P2}/cloudservers/detail`, creds: { ...STS_CREDS, projectId: P2 } });
            expect(sts.json.error_code).to.equal("APIGW.0301");
        });
    });

    describe("unknown APIs → APIGW.0101 (404), before authentication", () => {
        const cases = [
            { name: "unknown path", method: "GET", path: `/v1/${P1}/cloudservers/${SERVERS.app}/os-interface` },
            { name: "trailing slash", method: "GET", path: `/v1/${P1}/cloudservers/${SERVERS.app}/` },
            { name: "wrong method", method: "DELETE", path: `/v1/${P1}/cloudservers/${SERVERS.app}` },
            { name: "GET on reinstallos", method: "GET", path: `/v2/${P1}/cloudservers/${SERVERS.app}/reinstallos` },
        ];
        for (const c of cases) {
            it(c.name, async () => {
                const r = await hwCall(emu.url, { method: c.method, path: c.path, unsigned: true });
                expect(r.status).to.equal(404);
                expect(r.json.error_code).to.equal("APIGW.0101");
                expect(r.json.request_id).to.equal(r.headers["x-request-id"]);
                const calls = (await control(emu.url, "calls")).json.calls;
                expect(calls[calls.length - 1]).to.include({ action: "UnknownOperation", status: 404, code: "APIGW.0101" });
            });
        }
    });

    it("never shows secret keys, tokens or signatures in the state or the call log", async () => {
        await hwCall(emu.url, { path: show, creds: STS_CREDS });
        await hwCall(emu.url, { path: show, creds: { ...DEFAULT_CREDS, sk: "wrong" } });
        const dump = JSON.stringify((await control(emu.url, "state")).json) + JSON.stringify((await control(emu.url, "calls")).json);
        for (const secret of [DEFAULT_CREDS.sk, STS_CREDS.sk, "emulator-security-token", "Signature=", "SDK-HMAC-SHA256"]) {
            expect(dump).to.not.include(secret);
        }
        expect(sdkDate(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).to.equal("20260102T030405Z");
    });
});
