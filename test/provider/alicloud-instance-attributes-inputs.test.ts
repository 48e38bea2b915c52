// alicloud.InstanceAttributes: every input rule of ModifyInstanceAttribute is reported by `check`,
// property by property, with zero API calls; unknown inputs (preview) are not judged; create with
// bad inputs fails before any call.
import { expect } from "chai";
import { handler } from "../../provider/alicloud/instance-attributes/handler";
import { fingerprint } from "../../provider/core/resource/secrets";
import { UNKNOWN } from "../../provider/core/inputs/unknowns";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { BadInputRow, failedProperty, itReportsEachBadInput } from "./bad-input-table";
import { EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";

const ID = "i-bp1attrs0000000001";
const PROVIDER = "serialized-provider-text";
const SECRET = "Secret#Pass123";

const withId = (extra: Record<string, unknown>): Record<string, unknown> => ({ instanceId: ID, ...extra });

const BAD_INPUTS: BadInputRow[] = [
    ["instanceId missing", {}, "instanceId", /is required/],
    ["instanceId not an instance id", { instanceId: "web-1" }, "instanceId", /ECS instance id/],
    ["region not a region id", withId({ region: "Hangzhou" }), "region", /region id such as cn-hangzhou/],
    ["instanceName too short", withId({ instanceName: "a" }), "instanceName", /2 to 128 characters/],
    ["instanceName too long", withId({ instanceName: `a${"b".repeat(128)}` }), "instanceName", /2 to 128 characters long \(got 129\)/],
    ["instanceName starting with a digit", withId({ instanceName: "1web" }), "instanceName", /start with a letter or a Chinese character/],
    ["instanceName starting with http://", withId({ instanceName: "http://web" }), "instanceName", /cannot start with http/],
    ["instanceName starting with https://", withId({ instanceName: "https://web" }), "instanceName", /cannot start with http/],
    ["instanceName with a space", withId({ instanceName: "web 1" }), "instanceName", /can contain only letters, Chinese characters, digits/],
    ["instanceName with a slash", withId({ instanceName: "web/1" }), "instanceName", /can contain only/],
    ["description too short", withId({ description: "x" }), "description", /2 to 256 characters/],
    ["description too long", withId({ description: "x".repeat(257) }), "description", /2 to 256 characters long \(got 257\)/],
    ["description starting with https://", withId({ description: "https://example.com" }), "description", /cannot start with http/],
    ["hostName too short", withId({ hostName: "a" }), "hostName", /2 to 64 characters/],
    ["hostName too long", withId({ hostName: "a".repeat(65) }), "hostName", /2 to 64 characters long \(got 65\)/],
    ["hostName with an underscore", withId({ hostName: "web_1" }), "hostName", /only letters, digits, hyphens/],
    ["hostName starting with a hyphen", withId({ hostName: "-web" }), "hostName", /cannot start or end with a period/],
    ["hostName ending with a period", withId({ hostName: "web." }), "hostName", /cannot start or end with a period/],
    ["hostName with consecutive periods", withId({ hostName: "web..example" }), "hostName", /consecutive periods/],
    ["hostName with consecutive hyphens", withId({ hostName: "web--1" }), "hostName", /consecutive periods \(\.\.\) or hyphens/],
    ["password too short", withId({ password: "Ab1#" }), "password", /8 to 30 characters long \(got 4\)$/],
    ["password too long", withId({ password: `Ab1#${"x".repeat(27)}` }), "password", /8 to 30 characters long \(got 31\)$/],
    ["password with two classes", withId({ password: "abcdefgh1" }), "password", /at least three of/],
    ["password with a space", withId({ password: "Abc 12345#" }), "password", /only letters, digits and the special characters/],
    ["password with an unlisted special", withId({ password: 'Abc12345"' }), "password", /only letters, digits and the special/],
    // ModifyInstanceAttribute's list has no backquote (ReInitDisk's has).
    ["password with a backquote", withId({ password: "Abc12345`" }), "password", /only letters, digits and the special/],
    ["userData empty", withId({ userData: "" }), "userData", /cannot be empty/],
    ["userData over 32 KB", withId({ userData: "x".repeat(32 * 1024 + 1) }), "userData", /at most 32 KB/],
    ["securityGroupIds empty", withId({ securityGroupIds: [] }), "securityGroupIds", /at least one security group/],
    ["securityGroupIds not sg- ids", withId({ securityGroupIds: ["group-1"] }), "securityGroupIds[0]", /security group id such as sg-/],
    ["securityGroupIds duplicated", withId({ securityGroupIds: ["sg-bp1a", "sg-bp1b", "sg-bp1a"] }), "securityGroupIds[2]", /lists sg-bp1a twice/],
    ["securityGroupIds over the limit", withId({ securityGroupIds: Array.from({ length: 11 }, (_, i) => `sg-bp1${i}`) }), "securityGroupIds", /at most 10/],
    ["enableJumboFrame not a boolean", withId({ enableJumboFrame: "yes" }), "enableJumboFrame", /true or false/],
    ["deletionProtection not a boolean", withId({ deletionProtection: 1 }), "deletionProtection", /true or false/],
    ["recyclable not a boolean", withId({ recyclable: "true" }), "recyclable", /true or false/],
    ["enableNetworkEncryption not a boolean", withId({ enableNetworkEncryption: "no" }), "enableNetworkEncryption", /true or false/],
    ["creditSpecification unknown", withId({ creditSpecification: "Burst" }), "creditSpecification", /Standard or Unlimited/],
    ["networkInterfaceQueueNumber zero", withId({ networkInterfaceQueueNumber: 0 }), "networkInterfaceQueueNumber", /1 to 64, or -1/],
    ["networkInterfaceQueueNumber fractional", withId({ networkInterfaceQueueNumber: 2.5 }), "networkInterfaceQueueNumber", /integer/],
    ["networkInterfaceQueueNumber too large", withId({ networkInterfaceQueueNumber: 65 }), "networkInterfaceQueueNumber", /1 to 64/],
    ["cpuOptions empty", withId({ cpuOptions: {} }), "cpuOptions", /at least one of core, threadsPerCore/],
    ["cpuOptions.core zero", withId({ cpuOptions: { core: 0 } }), "cpuOptions.core", /at least 1/],
    ["cpuOptions.threadsPerCore 3", withId({ cpuOptions: { threadsPerCore: 3 } }), "cpuOptions.threadsPerCore", /1 \(hyper-threading off\) or 2/],
    [
        "cpuOptions.topologyType unknown",
        withId({ cpuOptions: { topologyType: "Mixed" } }),
        "cpuOptions.topologyType",
        /ContinuousCoreToHTMapping or DiscreteCoreToHTMapping/,
    ],
    [
        "cpuOptions.nestedVirtualization unknown",
        withId({ cpuOptions: { nestedVirtualization: "on" } }),
        "cpuOptions.nestedVirtualization",
        /enabled or disabled/,
    ],
    ["cpuOptions with an unknown member", withId({ cpuOptions: { cores: 2 } }), "cpuOptions.cores", /unknown input/],
    ["privateDnsNameOptions empty", withId({ privateDnsNameOptions: {} }), "privateDnsNameOptions", /at least one option/],
    [
        "privateDnsNameOptions.hostnameType unknown",
        withId({ privateDnsNameOptions: { hostnameType: "Random" } }),
        "privateDnsNameOptions.hostnameType",
        /Custom, IpBased or InstanceIdBased/,
    ],
    [
        "privateDnsNameOptions flag not a boolean",
        withId({ privateDnsNameOptions: { enableIpDnsARecord: "yes" } }),
        "privateDnsNameOptions.enableIpDnsARecord",
        /true or false/,
    ],
    [
        "hostName with a derived hostnameType",
        withId({ hostName: "web-1", privateDnsNameOptions: { hostnameType: "IpBased" } }),
        "hostName",
        /cannot be set together with privateDnsNameOptions.hostnameType IpBased/,
    ],
    ["remoteConnectionOptions empty", withId({ remoteConnectionOptions: {} }), "remoteConnectionOptions", /must set password or type/],
    ["restoreOnDelete not a boolean", withId({ restoreOnDelete: "yes" }), "restoreOnDelete", /true or false/],
    ["stopIfNeeded not a boolean", withId({ stopIfNeeded: "yes" }), "stopIfNeeded", /true or false/],
    ["timeouts.update not a duration", withId({ timeouts: { update: "soon" } }), "timeouts.update", /duration such as/],
    ["a misspelt property", withId({ instancename: "web" }), "instancename", /unknown input "instancename" — did you mean "instanceName"\?/],
];

const GOOD_INPUTS: Array<[string, Record<string, unknown>]> = [
    ["a Chinese instance name", withId({ instanceName: "网站-1" })],
    ["a name with colons, periods, underscores", withId({ instanceName: "web:1.prod_a-b" })],
    ["a dotted Linux hostname", withId({ hostName: "web-1.example.internal" })],
    ["a password with three classes and specials", withId({ password: "abc-123_xyz#" })],
    [
        "every attribute at once",
        withId({
            region: "cn-hangzhou",
            instanceName: "web-1",
            description: "front end",
            hostName: "web-1",
            password: SECRET,
            userData: "#!/bin/sh\necho hello\n",
            securityGroupIds: ["sg-bp1a", "sg-bp1b"],
            enableJumboFrame: true,
            deletionProtection: true,
            creditSpecification: "Unlimited",
            recyclable: false,
            networkInterfaceQueueNumber: -1,
            cpuOptions: { core: 2, threadsPerCore: 1, topologyType: "DiscreteCoreToHTMapping" },
            privateDnsNameOptions: { enableIpDnsARecord: true, hostnameType: "Custom" },
            remoteConnectionOptions: { password: SECRET, type: "vnc" },
            enableNetworkEncryption: false,
            restoreOnDelete: true,
            stopIfNeeded: true,
            timeouts: { create: "5m", update: "90s", delete: "1m" },
        }),
    ],
];

describe("alicloud.InstanceAttributes inputs", () => {
    let cloud: EmulatedAlicloud;
    emulatorHooks(
        () => startEmulatedAlicloud(),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.clearCalls() },
    );

    itReportsEachBadInput(handler, BAD_INPUTS, { provider: PROVIDER, calls: () => cloud.calls() });

    for (const [title, inputs] of GOOD_INPUTS) {
        it(`check accepts ${title}`, async () => {
            const result = await handler.check!({}, { ...inputs, __provider: PROVIDER });
            expect(result.failures).to.deep.equal([]);
            expect(result.inputs.__provider).to.equal(PROVIDER);
        });
    }

    it("reports every failing property at once", async () => {
        const result = await handler.check!(
            {},
            { instanceId: ID, instanceName: "1", hostName: "-", password: "short", creditSpecification: "x", __provider: PROVIDER },
        );
        const properties = (result.failures ?? []).map(failedProperty).sort();
        // "short" breaks two password rules (length, character classes): each is reported.
        expect(properties).to.deep.equal(["creditSpecification", "hostName", "instanceName", "password", "password"]);
        // The engine prints the value of a property a failure names, secret or not: a password's failure names it in the reason.
        expect(result.failures!.filter((f) => failedProperty(f) === "password").map((f) => f.reason)).to.deep.equal([
            "password: must be 8 to 30 characters long (got 5)",
            "password: must contain at least three of: uppercase letters, lowercase letters, digits, special characters (found lowercase letters)",
        ]);
        expect(await cloud.calls()).to.deep.equal([]);
    });

    it("never echoes a password or user data in a failure", async () => {
        const badPassword = "onlylowercaseletters";
        const result = await handler.check!(
            {},
            { instanceId: ID, password: badPassword, userData: "", remoteConnectionOptions: { password: "" }, __provider: PROVIDER },
        );
        expect(JSON.stringify(result.failures)).to.not.include(badPassword);
    });

    it("does not judge unknown inputs (preview) and still judges the known ones", async () => {
        const result = await handler.check!(
            {},
            { instanceId: UNKNOWN, hostName: UNKNOWN, securityGroupIds: ["sg-bp1a", UNKNOWN], instanceName: "1bad", __provider: PROVIDER },
        );
        expect((result.failures ?? []).map((f) => f.property)).to.deep.equal(["instanceName"]);
    });

    it("create with invalid inputs fails before any call", async () => {
        const err = await handler.create({ instanceId: ID, instanceName: "x", __provider: PROVIDER }).catch((e: Error) => e);
        expect(err).to.be.instanceOf(Error);
        expect((err as Error).message).to.match(/instanceName: must be 2 to 128 characters/);
        expect(await cloud.calls()).to.deep.equal([]);
    });

    describe("diff", () => {
        const OLDS = {
            instanceId: ID,
            region: "cn-hangzhou",
            instanceName: "web-1",
            securityGroupIds: ["sg-bp1a", "sg-bp1b"],
            cpuOptions: { threadsPerCore: 2 },
            passwordFingerprint: fingerprint(SECRET),
            userDataFingerprint: fingerprint("echo hi"),
            remoteConnectionOptions: { type: "vnc", passwordFingerprint: fingerprint(SECRET) },
            adoptedAttributes: {},
            restartRequired: [],
            pendingRestart: false,
            __provider: PROVIDER,
        };
        const SAME = {
            instanceId: ID,
            region: "cn-hangzhou",
            instanceName: "web-1",
            securityGroupIds: ["sg-bp1a", "sg-bp1b"],
            cpuOptions: { threadsPerCore: 2 },
            password: SECRET,
            userData: "echo hi",
            remoteConnectionOptions: { type: "vnc", password: SECRET },
            __provider: PROVIDER,
        };
        type Case = [title: string, news: Record<string, unknown>, changes: boolean, replaces: string[]];
        const CASES: Case[] = [
            ["nothing changed", SAME, false, []],
            ["only the __provider changed", { ...SAME, __provider: "another provider" }, false, []],
            ["security groups reordered (a set)", { ...SAME, securityGroupIds: ["sg-bp1b", "sg-bp1a"] }, false, []],
            ["a security group added", { ...SAME, securityGroupIds: ["sg-bp1b", "sg-bp1a", "sg-bp1c"] }, true, []],
            ["the instance name changed", { ...SAME, instanceName: "web-2" }, true, []],
            ["the password changed (fingerprint mismatch)", { ...SAME, password: "Other#Pass999" }, true, []],
            ["the user data changed", { ...SAME, userData: "echo bye" }, true, []],
            ["the remote connection password changed", { ...SAME, remoteConnectionOptions: { type: "vnc", password: "Other#Pass999" } }, true, []],
            ["an attribute no longer managed", { ...SAME, instanceName: undefined }, true, []],
            ["a setting changed", { ...SAME, stopIfNeeded: true }, true, []],
            ["an unknown attribute (preview)", { ...SAME, instanceName: UNKNOWN }, true, []],
            ["an unknown security group (preview)", { ...SAME, securityGroupIds: ["sg-bp1a", UNKNOWN] }, true, []],
            ["another instance", { ...SAME, instanceId: "i-bp1other000000002" }, true, ["instanceId"]],
            ["another region", { ...SAME, region: "cn-shanghai" }, true, ["region"]],
            ["an unknown instance id (preview)", { ...SAME, instanceId: UNKNOWN }, true, ["instanceId"]],
            ["the region input dropped but configured the same", { ...SAME, region: undefined }, false, []],
        ];
        const out = new ConsoleCapture();
        beforeEach(() => out.start());
        afterEach(() => out.stop());

        for (const [title, news, changes, replaces] of CASES) {
            it(`${title} → changes ${changes}${replaces.length ? `, replaces ${replaces.join(", ")}` : ""}`, async () => {
                const d = await handler.diff!(ID, OLDS, news);
                expect(d.changes).to.equal(changes);
                expect(d.replaces ?? []).to.deep.equal(replaces);
                if (replaces.length > 0) expect(d.deleteBeforeReplace).to.equal(true);
                expect(await cloud.calls()).to.deep.equal([]);
            });
        }

        it("prints no note (the plan says it, in check), so that each note is printed once, by the update that applies the change", async () => {
            await handler.diff!(ID, OLDS, { ...SAME, hostName: "web-new", password: "Other#Pass999", cpuOptions: { threadsPerCore: 1 } });
            expect(out.text()).to.equal("");
        });

        it("check plans restart effects and the stop/start of stopIfNeeded, never a secret", async () => {
            const olds = { ...SAME, __provider: PROVIDER };
            const first = await handler.check!({}, olds);
            const base = { ...SAME, restartTrigger: first.inputs.restartTrigger, fingerprintKey: first.inputs.fingerprintKey };
            const plan = async (news: Record<string, unknown>) =>
                String((await handler.check!(base, { ...news, __provider: PROVIDER })).inputs.plannedOperation);
            expect(await plan(SAME)).to.equal("none");
            const restart = await plan({ ...SAME, hostName: "web-new", password: "Other#Pass999" });
            expect(restart).to.equal(`hostName, password take effect only after the instance is restarted (changing on instance ${ID})`);
            expect(await plan({ ...SAME, cpuOptions: { threadsPerCore: 1 } })).to.match(
                /cpuOptions changes only while instance .* is Stopped: the update fails if it is Running/,
            );
            expect(await plan({ ...SAME, cpuOptions: { threadsPerCore: 1 }, stopIfNeeded: true })).to.equal(
                `stop instance ${ID} if it is Running, change cpuOptions, start it again (stopIfNeeded)`,
            );
            const withSecret = await handler.check!(base, { ...SAME, password: "Other#Pass999", __provider: PROVIDER });
            expect(JSON.stringify({ ...withSecret.inputs, password: undefined })).to.not.include("Other#Pass999");
            expect(await cloud.calls()).to.deep.equal([]);
        });
    });
});
