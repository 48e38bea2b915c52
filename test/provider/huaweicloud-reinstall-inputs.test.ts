import { expect } from "chai";
import { UNKNOWN } from "../../provider/core/inputs/unknowns";
import { handler } from "../../provider/huaweicloud/server-reinstall/handler";
import { buildReinstallRequest } from "../../provider/huaweicloud/server-reinstall/request";
import { passwordProblems, windowsPasswordProblem } from "../../provider/huaweicloud/rules/password";
import { outputsOf, triggersHash } from "../../provider/huaweicloud/server-reinstall/state";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { CMK_AUTHORIZED, EmulatedHuaweicloud, KEY_NAME, SERVERS, startEmulatedHuaweicloud, USER_ID } from "./huaweicloud-emulated";
import { failedProperty, failureFor } from "./bad-input-table";

type Inputs = Record<string, unknown>;

const PASSWORD = "Reinstall-2026x";
const v1 = (extra: Inputs = {}): Inputs => ({ serverId: SERVERS.shutoff, adminPass: PASSWORD, ...extra });
const v2 = (extra: Inputs = {}): Inputs => ({ serverId: SERVERS.shutoff, cloudInit: true, adminPass: PASSWORD, ...extra });
const without = (o: Inputs, ...keys: string[]): Inputs => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** [case, inputs, property, reason pattern]: every rule of both references and the notes. */
const BAD: Array<[string, Inputs, string, RegExp]> = [
    ["serverId missing", without(v1(), "serverId"), "serverId", /^is required/],
    ["serverId not a UUID", v1({ serverId: "i-bp1234" }), "serverId", /must be a server id: a UUID/],
    ["region malformed", v1({ region: "CN North 4" }), "region", /must be a Huawei Cloud region id such as cn-north-4/],
    ["projectId malformed", v1({ projectId: "0A1B" }), "projectId", /32 lower-case hexadecimal characters/],
    ["cloudInit not a boolean", v1({ cloudInit: "true" }), "cloudInit", /must be a boolean/],
    ["password too short", v1({ adminPass: "Ab1-xyz" }), "adminPass", /must be 8 to 26 characters long \(got 7\)/],
    ["password too long", v1({ adminPass: "Ab1-" + "x".repeat(23) }), "adminPass", /must be 8 to 26 characters long \(got 27\)/],
    ["password with two classes", v1({ adminPass: "abcdefgh12" }), "adminPass", /at least three of.*\(has 2\)/],
    [
        "password with a space",
        v1({ adminPass: "Abcdef 12" }),
        "adminPass",
        /may contain only letters, digits and the special characters !@\$%\^-_=\+\[\{\}\]:,\.\/\?~#\*/,
    ],
    ["password with a forbidden special", v1({ adminPass: "Abcdef&12" }), "adminPass", /may contain only letters/],
    ["password with a non-ASCII letter", v1({ adminPass: "Abcdefé12" }), "adminPass", /may contain only letters/],
    ["password containing root", v1({ adminPass: "myRoot-2026" }), "adminPass", /must not contain the administrator user name "root" or its reverse "toor"/],
    ["password containing toor", v1({ adminPass: "TOOR-x2026" }), "adminPass", /"root" or its reverse "toor"/],
    ["password containing Administrator", v1({ adminPass: "Administrator-1" }), "adminPass", /"administrator" or its reverse "rotartsinimda"/],
    ["password containing Administrator reversed", v1({ adminPass: "1-rotartsinimdA" }), "adminPass", /"administrator" or its reverse/],
    ["v1 with both adminPass and keyName", v1({ keyName: KEY_NAME, userId: USER_ID }), "adminPass", /either adminPass or keyName, not both \(v1 API\)/],
    ["v1 with neither adminPass nor keyName", without(v1(), "adminPass"), "adminPass", /one of adminPass or keyName is required with cloudInit: false/],
    ["v1 with user data", v1({ userData: "#!/bin/sh\n" }), "userData", /needs cloudInit: true: only the v2 API/],
    ["v1 with BYOL", v1({ metadata: { byol: true } }), "metadata.byol", /needs cloudInit: true: BYOL is a field of the v2 API only/],
    ["v2 with both adminPass and keyName", v2({ keyName: KEY_NAME, userId: USER_ID }), "adminPass", /either adminPass or keyName, not both \(v2 API\)/],
    ["v2 with no password, key or user data", without(v2(), "adminPass"), "adminPass", /set adminPass, keyName, or userData/],
    ["keyName without userId", v2({ adminPass: undefined, keyName: KEY_NAME }), "userId", /is required with keyName/],
    ["userId without keyName", v2({ userId: USER_ID }), "userId", /is only used with keyName/],
    ["userId not 32 hex", v2({ adminPass: undefined, keyName: KEY_NAME, userId: "user-1" }), "userId", /32 hexadecimal characters/],
    ["keyName with a bad character", v2({ adminPass: undefined, keyName: "my key", userId: USER_ID }), "keyName", /must be a key pair name/],
    ["empty user data", v2({ userData: "" }), "userData", /must not be empty/],
    [
        "user data over 32 KB in bytes",
        v2({ userData: "é".repeat(16 * 1024 + 1) }),
        "userData",
        /at most 32768 bytes \(32 KB\) before base64 encoding, got 32770/,
    ],
    ["BYOL not a boolean", v2({ metadata: { byol: "true" } }), "metadata.byol", /must be a boolean/],
    ["systemEncrypted not a boolean", v1({ metadata: { systemEncrypted: "1" } }), "metadata.systemEncrypted", /must be a boolean/],
    [
        "CMK id without encryption",
        v1({ metadata: { systemCmkId: CMK_AUTHORIZED } }),
        "metadata.systemCmkId",
        /only allowed with metadata.systemEncrypted: true/,
    ],
    [
        "CMK id with encryption off",
        v1({ metadata: { systemEncrypted: false, systemCmkId: CMK_AUTHORIZED } }),
        "metadata.systemCmkId",
        /only allowed with metadata.systemEncrypted: true/,
    ],
    ["CMK id not a UUID", v1({ metadata: { systemEncrypted: true, systemCmkId: "alias/evs" } }), "metadata.systemCmkId", /a UUID of 36 characters/],
    ["unknown metadata key", v1({ metadata: { BYOL: "true" } }), "metadata.BYOL", /unknown input "metadata.BYOL" — did you mean "metadata.byol"\?/],
    ["stopServer not a boolean", v1({ stopServer: "yes" }), "stopServer", /must be a boolean/],
    ["triggers not a list", v1({ triggers: "v2" }), "triggers", /must be a list/],
    ["timeouts malformed", v1({ timeouts: { create: "10 minutes" } }), "timeouts.create", /must be a duration/],
    ["misspelled input", v1({ adminPassword: PASSWORD }), "adminPassword", /unknown input "adminPassword" — did you mean "adminPass"\?/],
];

describe("huaweicloud.ServerReinstall inputs", () => {
    let emu: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud(),
        (e) => (emu = e),
        { capture: out },
    );

    for (const [name, inputs, property, reason] of BAD) {
        it(`rejects ${name} in check and in create, with zero API calls`, async () => {
            await emu.clearCalls();
            const clean = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined));
            const { failures } = await handler.check!({}, clean);
            const failure = failureFor(failures ?? [], property);
            expect(failure, JSON.stringify(failures)).to.not.equal(undefined);
            expect(failure!.reason).to.match(reason);
            const err = (await handler.create(clean).catch((e: Error) => e)) as Error;
            expect(err).to.be.instanceOf(Error);
            expect(err.message).to.match(/^invalid ServerReinstall inputs: /);
            expect(err.message).to.include(`${property}: `);
            expect(await emu.calls()).to.deep.equal([]);
            const password = typeof clean.adminPass === "string" ? clean.adminPass : undefined;
            if (password !== undefined && password.length >= 4) {
                expect(JSON.stringify(failures)).to.not.include(password);
                expect(err.message).to.not.include(password);
            }
        });
    }

    it("accepts valid v1 and v2 inputs", async () => {
        for (const inputs of [
            v1(),
            v1({
                adminPass: undefined,
                keyName: KEY_NAME,
                userId: USER_ID,
                metadata: { systemEncrypted: true, systemCmkId: CMK_AUTHORIZED },
                stopServer: true,
                triggers: [1, "a", { b: 2 }],
                timeouts: { create: "20m" },
            }),
            v2({ adminPass: undefined, userData: "#cloud-config\n" }),
            v2({ adminPass: undefined, keyName: KEY_NAME, userId: USER_ID, userData: "x".repeat(32 * 1024), metadata: { byol: true, systemEncrypted: false } }),
            v2({ adminPass: "a1!~#*[{}]:,./?^$%-_=+@" }),
        ]) {
            const clean = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined));
            expect((await handler.check!({}, clean)).failures, JSON.stringify(clean)).to.deep.equal([]);
        }
    });

    it("treats null as absent", async () => {
        const { failures } = await handler.check!({}, { ...v1(), keyName: null, metadata: { systemCmkId: null } });
        expect(failures).to.deep.equal([]);
    });

    it("checks only known inputs in preview and counts unknown ones as set", async () => {
        const check = async (inputs: Inputs) => (await handler.check!({}, inputs)).failures;
        expect(await check({ serverId: UNKNOWN, adminPass: UNKNOWN })).to.deep.equal([]);
        expect(await check({ serverId: SERVERS.shutoff, cloudInit: true, keyName: UNKNOWN, userId: USER_ID })).to.deep.equal([]);
        expect(await check({ serverId: SERVERS.shutoff, cloudInit: UNKNOWN, userData: "#!/bin/sh\n" })).to.deep.equal([]);
        expect(await check({ serverId: SERVERS.shutoff, metadata: UNKNOWN, adminPass: PASSWORD })).to.deep.equal([]);
        const failures = await check({ serverId: "nope", adminPass: UNKNOWN, keyName: KEY_NAME, userId: USER_ID });
        expect(failures!.map(failedProperty).sort()).to.deep.equal(["adminPass", "serverId"]);
    });

    it("applies the Windows-only rule (three consecutive characters of Administrator)", () => {
        expect(windowsPasswordProblem("Xmin-2026ab")).to.match(/three or more consecutive characters/);
        expect(windowsPasswordProblem("Xyz-2026ab")).to.equal(undefined);
        expect(passwordProblems("Xmin-2026ab")).to.deep.equal([]);
    });
});

describe("huaweicloud reinstall request bodies", () => {
    it("builds v1 with a password, and with a key pair, encryption and stop", () => {
        expect(buildReinstallRequest({ serverId: SERVERS.shutoff, adminPass: PASSWORD })).to.deep.equal({
            api: "v1",
            body: { "os-reinstall": { adminpass: PASSWORD } },
        });
        const r = buildReinstallRequest({
            serverId: SERVERS.shutoff,
            cloudInit: false,
            keyName: KEY_NAME,
            userId: USER_ID,
            metadata: { systemEncrypted: true, systemCmkId: CMK_AUTHORIZED },
            stopServer: true,
        });
        expect(r).to.deep.equal({
            api: "v1",
            body: {
                "os-reinstall": {
                    keyname: KEY_NAME,
                    userid: USER_ID,
                    metadata: { __system__encrypted: "1", __system__cmkid: CMK_AUTHORIZED },
                    mode: "withStopServer",
                },
            },
        });
        expect(JSON.stringify(r.body)).to.equal(
            `{"os-reinstall":{"keyname":"${KEY_NAME}","userid":"${USER_ID}","metadata":{"__system__encrypted":"1","__system__cmkid":"${CMK_AUTHORIZED}"},"mode":"withStopServer"}}`,
        );
    });

    it('builds v2 with base64 user data, BYOL only when true, encryption "0" when false', () => {
        const userData = "#cloud-config\nchpasswd: { expire: false }\n# é\n";
        const r = buildReinstallRequest({ serverId: SERVERS.shutoff, cloudInit: true, userData, metadata: { byol: true, systemEncrypted: false } });
        expect(r).to.deep.equal({
            api: "v2",
            body: { "os-reinstall": { metadata: { BYOL: "true", user_data: Buffer.from(userData, "utf8").toString("base64"), __system__encrypted: "0" } } },
        });
        const noByol = buildReinstallRequest({ serverId: SERVERS.shutoff, cloudInit: true, adminPass: PASSWORD, metadata: { byol: false } });
        expect(noByol.body).to.deep.equal({ "os-reinstall": { adminpass: PASSWORD } });
    });
});

describe("huaweicloud.ServerReinstall diff", () => {
    const triggers = [{ a: 1, b: [2, 3] }];
    const olds = {
        ...outputsOf(
            { serverId: SERVERS.shutoff, keyName: KEY_NAME, userId: USER_ID, metadata: { systemEncrypted: true, systemCmkId: CMK_AUTHORIZED }, triggers },
            {},
            { jobId: "ff808082aa", status: "SUCCESS", triggersHash: triggersHash(triggers), reinstallCount: 1 },
        ),
        __provider: "p1",
    };
    const news = {
        serverId: SERVERS.shutoff,
        keyName: KEY_NAME,
        userId: USER_ID,
        metadata: { systemCmkId: CMK_AUTHORIZED, systemEncrypted: true },
        triggers: [{ b: [2, 3], a: 1 }],
        __provider: "p1",
    };
    const diff = (n: Inputs) => handler.diff!(SERVERS.shutoff, olds, n);

    it("sees no change when only key order differs", async () => {
        expect(await diff(news)).to.deep.equal({ changes: false, replaces: [], deleteBeforeReplace: false });
    });

    it("sees a change (update, no replace) for other inputs, unknowns and triggers; a replace for another server", async () => {
        for (const changed of [
            { ...news, stopServer: true },
            { ...news, timeouts: { update: "20m" } },
            { ...news, cloudInit: true },
            { ...news, adminPass: PASSWORD, keyName: undefined, userId: undefined },
            { ...news, keyName: UNKNOWN },
            { ...news, triggers: [{ a: 1, b: [3, 2] }] },
            { ...news, triggers: UNKNOWN },
        ]) {
            const d = await diff(changed);
            expect(d.changes, JSON.stringify(changed)).to.equal(true);
            expect(d.replaces).to.deep.equal([]);
        }
        expect((await diff({ ...news, serverId: SERVERS.active })).replaces).to.deep.equal(["serverId"]);
        expect((await diff({ ...news, serverId: UNKNOWN })).replaces).to.deep.equal(["serverId"]);
        // Another region or project is another server: replaced, like serverId (setting one where there was none too).
        expect((await diff({ ...news, region: "ap-southeast-1" })).replaces).to.deep.equal(["region"]);
        expect((await diff({ ...news, projectId: "cc84bf66150e04221ef61f2c21addd88" })).replaces).to.deep.equal(["projectId"]);
        expect((await diff({ ...news, region: UNKNOWN })).replaces).to.deep.equal(["region"]);
    });
});
