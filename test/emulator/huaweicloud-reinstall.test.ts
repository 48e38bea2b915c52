import { expect } from "chai";
import { Emulator, startEmulator } from "../../emulator";
import { emulatorHooks } from "../support/emulator-hooks";
import { CMK, P1, SERVERS, USER_ID, control, hwCall } from "./huaweicloud-client";

/**
 * Every rule of the two reinstallos references and the note, one scenario each: the emulator's
 * answer (HTTP status, error code, a message naming the property and rule), and for accepted
 * requests the job id and the call log's copy of the body with secrets redacted.
 */
describe("huaweicloud emulator: reinstallos rules (v1 without cloud-init, v2 with cloud-init)", () => {
    let emu: Emulator;
    const GOOD_PASS = "Zq8#vLm2!pR4";
    const b64 = (s: string | Buffer): string => Buffer.from(s).toString("base64");

    emulatorHooks(
        () => startEmulator({ timeScale: 0.01 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => control(e.url, "reset", "POST") },
    );

    type Api = "v1" | "v2";
    interface Case {
        name: string;
        api: Api;
        server?: string;
        /** A JSON value, or a raw string body. */
        body: unknown;
        headers?: Record<string, string>;
        status: number;
        code: string | null;
        msg?: RegExp;
    }

    const reinstall = (api: Api, server: string, body: unknown, headers?: Record<string, string>) =>
        hwCall(emu.url, { method: "POST", path: `/${api}/${P1}/cloudservers/${server}/reinstallos`, body, headers });
    const opt = (o: Record<string, unknown>) => ({ "os-reinstall": o });

    const reject = (name: string, api: Api, body: unknown, code: string, msg?: RegExp, server: string = SERVERS.app, status = 400): Case => ({
        name,
        api,
        body,
        code,
        msg,
        server,
        status,
    });
    const accept = (name: string, api: Api, body: unknown, server: string = SERVERS.app): Case => ({ name, api, body, server, status: 200, code: null });

    const bodyRules: Case[] = [
        { name: "empty body", api: "v1", body: "", status: 400, code: "Common.0002", msg: /request body cannot be left blank/ },
        { name: "body is not JSON", api: "v2", body: "{os-reinstall", status: 400, code: "Ecs.0005", msg: /not valid JSON/ },
        {
            name: "Content-Type is not JSON",
            api: "v1",
            body: JSON.stringify(opt({ adminpass: GOOD_PASS })),
            headers: { "Content-Type": "text/plain" },
            status: 400,
            code: "Ecs.0005",
            msg: /Content-Type must be application\/json/,
        },
        reject("body is a JSON array", "v1", [opt({ adminpass: GOOD_PASS })], "Ecs.0005", /must be a JSON object/),
        reject("os-reinstall missing", "v1", {}, "Ecs.0005", /os-reinstall is required/),
        reject("os-reinstall missing (v2)", "v2", { "os-reinstal": {} }, "Ecs.0005", /os-reinstal is not a parameter/),
        reject("os-reinstall is not an object", "v2", { "os-reinstall": "keyname" }, "Ecs.0005", /os-reinstall must be an object/),
        reject("unknown option (adminPass camel case)", "v1", opt({ adminPass: GOOD_PASS }), "Ecs.0005", /os-reinstall\.adminPass is not a parameter/),
        reject("adminpass not a string", "v1", opt({ adminpass: 12345678 }), "Ecs.0005", /os-reinstall\.adminpass must be a string/),
        reject("adminpass empty", "v1", opt({ adminpass: "" }), "Ecs.0005", /os-reinstall\.adminpass must not be empty/),
        reject("keyname not a string", "v2", opt({ keyname: ["KeyPair-350b"], userid: USER_ID }), "Ecs.0005", /keyname must be a string/),
        reject("userid not a string", "v2", opt({ keyname: "KeyPair-350b", userid: 7 }), "Ecs.0005", /userid must be a string/),
        reject("v1: adminpass and keyname both set", "v1", opt({ adminpass: GOOD_PASS, keyname: "KeyPair-350b" }), "Ecs.0005", /cannot both be set/),
        reject(
            "v1: neither adminpass nor keyname",
            "v1",
            opt({ userid: USER_ID }),
            "Ecs.0005",
            /One of os-reinstall\.adminpass or os-reinstall\.keyname must be set/,
        ),
        reject(
            "v1: metadata.user_data (v2 only)",
            "v1",
            opt({ adminpass: GOOD_PASS, metadata: { user_data: b64("#!/bin/sh\n") } }),
            "Ecs.0005",
            /user_data is not supported .* \(v1\)/,
        ),
        reject(
            "v2: adminpass and keyname both set",
            "v2",
            opt({ adminpass: GOOD_PASS, keyname: "KeyPair-350b", userid: USER_ID }),
            "Ecs.0005",
            /cannot both be set/,
        ),
        reject("v2: keyname without userid", "v2", opt({ keyname: "KeyPair-350b" }), "Ecs.0005", /userid is required when os-reinstall\.keyname is set/),
        reject("mode other than withStopServer", "v2", opt({ adminpass: GOOD_PASS, mode: "force" }), "Ecs.0005", /mode must be withStopServer/),
        reject("metadata not an object", "v1", opt({ adminpass: GOOD_PASS, metadata: "BYOL" }), "Ecs.0005", /metadata must be an object/),
        reject("metadata unknown key", "v2", opt({ adminpass: GOOD_PASS, metadata: { byol: "true" } }), "Ecs.0005", /metadata\.byol is not a parameter/),
        reject('BYOL other than "true"', "v1", opt({ adminpass: GOOD_PASS, metadata: { BYOL: "false" } }), "Ecs.0005", /BYOL must be "true"/),
        reject("BYOL not a string", "v2", opt({ adminpass: GOOD_PASS, metadata: { BYOL: true } }), "Ecs.0005", /BYOL must be a string/),
        reject("__system__encrypted other than 0/1", "v1", opt({ adminpass: GOOD_PASS, metadata: { __system__encrypted: "yes" } }), "Ecs.0005", /"0" or "1"/),
        reject(
            "__system__cmkid without __system__encrypted",
            "v2",
            opt({ adminpass: GOOD_PASS, metadata: { __system__cmkid: CMK.authorized } }),
            "Ecs.0005",
            /__system__cmkid must be used with .*__system__encrypted = "1"/,
        ),
        reject(
            "__system__cmkid with __system__encrypted = 0",
            "v1",
            opt({ adminpass: GOOD_PASS, metadata: { __system__encrypted: "0", __system__cmkid: CMK.authorized } }),
            "Ecs.0005",
            /__system__cmkid must be used/,
        ),
        reject("user_data not base64", "v2", opt({ metadata: { user_data: "#!/bin/bash" } }), "Ecs.0005", /user_data must be base64-encoded/),
        reject("user_data base64 without padding", "v2", opt({ metadata: { user_data: "YWJjZA" } }), "Ecs.0005", /base64/),
        reject(
            "user_data over 32 KB before encoding",
            "v2",
            opt({ metadata: { user_data: b64(Buffer.alloc(32 * 1024 + 1, 0x61)) } }),
            "Ecs.0005",
            /at most 32 KB \(32768 bytes\) before base64/,
        ),
        reject(
            "parameter errors come before a missing server",
            "v1",
            opt({ adminpass: GOOD_PASS, keyname: "KeyPair-350b" }),
            "Ecs.0005",
            /both/,
            "00000000-0000-4000-8000-000000000000",
        ),
    ];

    const passwordRules: Case[] = [
        reject("password of 7 characters", "v1", opt({ adminpass: "Ab1!Ab1" }), "Ecs.0011", /8 to 26 characters/),
        reject("password of 27 characters", "v1", opt({ adminpass: "Ab1!".repeat(6) + "Ab1" }), "Ecs.0011", /8 to 26 characters/),
        reject("password with two character classes", "v2", opt({ adminpass: "abcdefgh1234" }), "Ecs.0011", /at least three of/),
        reject(
            "password with a special character outside the set (&)",
            "v1",
            opt({ adminpass: "Abc123&def" }),
            "Ecs.0011",
            /only letters, digits and the special characters/,
        ),
        reject("password with a space", "v1", opt({ adminpass: "Abc 123!def" }), "Ecs.0011", /only letters/),
        reject("password with parentheses on Linux", "v1", opt({ adminpass: "Q(w)e!2345" }), "Ecs.0011", /only letters/),
        reject(
            "password containing the user name root (any case)",
            "v1",
            opt({ adminpass: "xRooT1234!" }),
            "Ecs.0011",
            /user name root or the user name spelled backwards/,
        ),
        reject("password containing root reversed", "v2", opt({ adminpass: "Xtoor123!" }), "Ecs.0011", /spelled backwards/),
        reject("easily guessed password", "v1", opt({ adminpass: "Huawei@123" }), "Ecs.0011", /easily guessed/),
        reject("Windows: password containing Administrator", "v1", opt({ adminpass: "Administrator1!" }), "Ecs.0011", /Administrator/, SERVERS.win),
        reject("Windows: password containing Administrator reversed", "v1", opt({ adminpass: "1!rotartsinimda" }), "Ecs.0011", /Administrator/, SERVERS.win),
        reject(
            "Windows: three consecutive characters of the user name (min)",
            "v2",
            opt({ adminpass: "Minx!2345Q" }),
            "Ecs.0011",
            /more than two consecutive characters/,
            SERVERS.win,
        ),
        accept("Windows: root is fine, parentheses allowed", "v1", opt({ adminpass: "Q(w)e!Root2" }), SERVERS.win),
        accept("password of exactly 8 characters, three classes", "v1", opt({ adminpass: "Xy3!wq7z" })),
        accept("password of exactly 26 characters with every special character class", "v2", opt({ adminpass: "Aa1!@$%^-_=+[{}]:,./?~#*Zz" })),
    ];

    const serverRules: Case[] = [
        reject(
            "unknown server",
            "v1",
            opt({ adminpass: GOOD_PASS }),
            "Ecs.0114",
            /^Instance\[00000000-0000-4000-8000-000000000000\] could not be found\.$/,
            "00000000-0000-4000-8000-000000000000",
            404,
        ),
        reject("server of the other project", "v2", opt({ adminpass: GOOD_PASS }), "Ecs.0114", /could not be found/, SERVERS.sgDb, 404),
        reject("unknown key pair", "v2", opt({ keyname: "KeyPair-none", userid: USER_ID }), "Ecs.0314", /key pair does not exist/),
        reject("key pair of the other project", "v1", opt({ keyname: "KeyPair-sg" }), "Ecs.0314", /KeyPair-sg/),
        reject(
            "unknown CMK",
            "v2",
            opt({ adminpass: GOOD_PASS, metadata: { __system__encrypted: "1", __system__cmkid: "00000000-0000-4000-8000-000000000000" } }),
            "Ecs.0912",
            /Invalid disk encryption key/,
        ),
        reject(
            "CMK of the other project",
            "v1",
            opt({ adminpass: GOOD_PASS, metadata: { __system__encrypted: "1", __system__cmkid: CMK.otherProject } }),
            "Ecs.0912",
            /does not exist in this project/,
        ),
        reject(
            "CMK EVS is not authorised to use",
            "v2",
            opt({ adminpass: GOOD_PASS, metadata: { __system__encrypted: "1", __system__cmkid: CMK.notAuthorized } }),
            "Ecs.0025",
            /EVS is not authorized to obtain KMS keys/,
        ),
        reject("server without system disk", "v1", opt({ adminpass: GOOD_PASS }), "Ecs.0105", /No system disk found/, SERVERS.nodisk),
        reject("locked server", "v2", opt({ adminpass: GOOD_PASS }), "Ecs.0605", /^ECS locked\.$/, SERVERS.locked),
        reject(
            "ACTIVE server without mode withStopServer",
            "v2",
            opt({ adminpass: GOOD_PASS }),
            "Ecs.0100",
            /is ACTIVE; .*requires SHUTOFF unless os-reinstall\.mode is "withStopServer"/,
            SERVERS.web,
        ),
        reject("ACTIVE server without mode withStopServer (v1)", "v1", opt({ keyname: "KeyPair-350b" }), "Ecs.0100", /ACTIVE/, SERVERS.web),
        reject(
            "ERROR server (not after a failed reinstall), even with withStopServer",
            "v1",
            opt({ adminpass: GOOD_PASS, mode: "withStopServer" }),
            "Ecs.0100",
            /is ERROR/,
            SERVERS.error,
        ),
        reject("password rules come before the server state", "v1", opt({ adminpass: "short" }), "Ecs.0011", /8 to 26/, SERVERS.locked),
    ];

    const accepted: Case[] = [
        accept("v1 with adminpass", "v1", opt({ adminpass: GOOD_PASS })),
        accept("v1 with keyname and userid (the reference's example)", "v1", opt({ keyname: "KeyPair-350b", userid: USER_ID })),
        accept("v1 with keyname only", "v1", opt({ keyname: "KeyPair-emulator" })),
        accept(
            "v1 with every metadata field",
            "v1",
            opt({ adminpass: GOOD_PASS, metadata: { BYOL: "true", __system__encrypted: "1", __system__cmkid: CMK.authorized } }),
        ),
        accept("v2 with keyname and userid (the reference's example)", "v2", opt({ keyname: "KeyPair-350b", userid: USER_ID })),
        accept("v2 with adminpass and userid", "v2", opt({ adminpass: GOOD_PASS, userid: USER_ID })),
        accept("v2 with user_data only", "v2", opt({ metadata: { user_data: b64("#!/bin/bash\necho user_test > /home/user.txt") } })),
        accept("v2 with user_data of exactly 32 KB", "v2", opt({ metadata: { user_data: b64(Buffer.alloc(32 * 1024, 0x61)) } })),
        accept("v2 encrypted with the default key (no CMK id)", "v2", opt({ adminpass: GOOD_PASS, metadata: { __system__encrypted: "1" } })),
        accept(
            "v2 encrypted with an authorised CMK",
            "v2",
            opt({ keyname: "KeyPair-350b", userid: USER_ID, metadata: { __system__encrypted: "1", __system__cmkid: CMK.authorized } }),
        ),
        accept("v2 not encrypted, BYOL", "v2", opt({ adminpass: GOOD_PASS, metadata: { __system__encrypted: "0", BYOL: "true" } })),
        accept("ACTIVE server with mode withStopServer", "v2", opt({ keyname: "KeyPair-350b", userid: USER_ID, mode: "withStopServer" }), SERVERS.web),
        accept("SHUTOFF server with mode withStopServer", "v1", opt({ adminpass: GOOD_PASS, mode: "withStopServer" })),
        accept("null optional fields are ignored", "v1", opt({ adminpass: GOOD_PASS, keyname: null, metadata: null })),
    ];

    for (const [group, cases] of [
        ["body and parameter rules", bodyRules],
        ["password rules (Ecs.0011)", passwordRules],
        ["server, key pair and KMS rules", serverRules],
        ["accepted requests", accepted],
    ] as Array<[string, Case[]]>) {
        describe(group, () => {
            for (const c of cases) {
                it(`${/^v[12]:/.test(c.name) ? "" : `${c.api}: `}${c.name} → ${c.status}${c.code ? ` ${c.code}` : ""}`, async () => {
                    const r = await reinstall(c.api, c.server ?? SERVERS.app, c.body, c.headers);
                    expect(r.status, JSON.stringify(r.json)).to.equal(c.status);
                    expect(r.headers["x-request-id"]).to.match(/^[0-9a-f]{32}$/);
                    const calls = (await control(emu.url, "calls")).json.calls;
                    expect(calls).to.have.length(1);
                    expect(calls[0]).to.include({
                        action: c.api === "v1" ? "ReinstallServerWithoutCloudInit" : "ReinstallServerWithCloudInit",
                        status: c.status,
                        code: c.code,
                    });
                    const state = (await control(emu.url, "state")).json.huaweicloud;
                    if (c.code !== null) {
                        expect(Object.keys(r.json)).to.deep.equal(["error"]);
                        expect(r.json.error.code).to.equal(c.code);
                        if (c.msg) expect(r.json.error.message).to.match(c.msg);
                        expect(state.jobs).to.deep.equal([]);
                    } else {
                        expect(Object.keys(r.json)).to.deep.equal(["job_id"]);
                        expect(r.json.job_id).to.match(/^[0-9a-f]{32}$/);
                        expect(state.jobs.map((j: { jobId: string }) => j.jobId)).to.deep.equal([r.json.job_id]);
                        expect(state.jobs[0]).to.include({ api: c.api, serverId: c.server ?? SERVERS.app });
                        expect(state.jobs[0].status).to.be.oneOf(["INIT", "RUNNING"]);
                    }
                });
            }
        });
    }

    describe("call log", () => {
        it("records the exact body, with adminpass and user_data replaced by <redacted>", async () => {
            const body = {
                "os-reinstall": {
                    adminpass: GOOD_PASS,
                    userid: USER_ID,
                    mode: "withStopServer",
                    metadata: { BYOL: "true", user_data: b64("#!/bin/bash\necho secret-token-123"), __system__encrypted: "1", __system__cmkid: CMK.authorized },
                },
            };
            expect((await reinstall("v2", SERVERS.web, body)).status).to.equal(200);
            const v1 = { "os-reinstall": { keyname: "KeyPair-350b", userid: USER_ID, metadata: { __system__encrypted: "0" } } };
            expect((await reinstall("v1", SERVERS.app, v1)).status).to.equal(200);
            const calls = (await control(emu.url, "calls")).json.calls;
            expect(calls[0].params).to.deep.equal({
                "os-reinstall": {
                    adminpass: "<redacted>",
                    userid: USER_ID,
                    mode: "withStopServer",
                    metadata: { BYOL: "true", user_data: "<redacted>", __system__encrypted: "1", __system__cmkid: CMK.authorized },
                },
            });
            expect(calls[1].params).to.deep.equal(v1);
            const everything = JSON.stringify(calls) + JSON.stringify((await control(emu.url, "state")).json);
            expect(everything).to.not.include(GOOD_PASS);
            expect(everything).to.not.include(b64("#!/bin/bash\necho secret-token-123"));
            expect(everything).to.not.include("secret-token-123");
        });

        it("redacts secrets of rejected requests too, and never echoes a password in an error", async () => {
            const r = await reinstall("v1", SERVERS.app, opt({ adminpass: "Huawei@123" }));
            expect(r.json.error.code).to.equal("Ecs.0011");
            expect(r.json.error.message).to.not.include("Huawei@123");
            const calls = (await control(emu.url, "calls")).json.calls;
            expect(calls[0].params).to.deep.equal({ "os-reinstall": { adminpass: "<redacted>" } });
        });

        it("a second reinstall while the first job runs is refused (Ecs.0100) and no second job is created", async () => {
            expect((await reinstall("v2", SERVERS.app, opt({ adminpass: GOOD_PASS }))).status).to.equal(200);
            const second = await reinstall("v2", SERVERS.app, opt({ adminpass: GOOD_PASS }));
            expect(second.status).to.equal(400);
            expect(second.json.error.code).to.equal("Ecs.0100");
            expect(second.json.error.message).to.match(/Another job \([0-9a-f]{32}\) is operating on the ECS/);
            expect((await control(emu.url, "state")).json.huaweicloud.jobs).to.have.length(1);
        });
    });
});
