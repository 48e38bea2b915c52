// alicloud.DiskReinit: every input rule of the ReInitDisk reference (and ours) is reported by
// `check`, property by property, with zero API calls and without the password in any message.
import { expect } from "chai";
import { handler } from "../../provider/alicloud/disk-reinit/handler";
import { passwordFailures as failuresFor, REINIT_PASSWORD_SPECIALS, windowsPasswordFailure } from "../../provider/alicloud/rules/password";

const passwordFailures = (password: string): string[] => failuresFor(password, REINIT_PASSWORD_SPECIALS);
import { fingerprint } from "../../provider/core/resource/secrets";
import { UNKNOWN } from "../../provider/core/inputs/unknowns";
import { emulatorHooks } from "../support/emulator-hooks";
import { BadInputRow, itReportsEachBadInput } from "./bad-input-table";
import { EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";

const DISK = "d-bp1reinit0000000001";
const INSTANCE = "i-bp1reinit0000000001";
const PROVIDER = "serialized-provider-text";
const GOOD_PASSWORD = "Reinit`Pass9";

const BAD_INPUTS: BadInputRow[] = [
    ["neither diskId nor instanceId", {}, "diskId", /one of diskId or instanceId .* is required/],
    ["both diskId and instanceId", { diskId: DISK, instanceId: INSTANCE }, "instanceId", /either diskId or instanceId/],
    ["diskId not a disk id", { diskId: "disk-1" }, "diskId", /ECS disk id: d- followed by/],
    ["diskId not a string", { diskId: 7 }, "diskId", /must be a string/],
    ["instanceId not an instance id", { instanceId: "bp1" }, "instanceId", /ECS instance id/],
    ["region not a region id", { diskId: DISK, region: "hangzhou" }, "region", /region id/],
    ["password too short", { diskId: DISK, password: "Ab1!xyz" }, "password", /8 to 30 characters long \(got 7\)/],
    ["password too long", { diskId: DISK, password: `Ab1!${"x".repeat(27)}` }, "password", /8 to 30 characters long \(got 31\)/],
    ["password with two classes", { diskId: DISK, password: "abcdefgh12" }, "password", /at least three of.*found lowercase letters, digits/],
    ["password with a space", { diskId: DISK, password: "Abc def 123" }, "password", /only letters, digits and the special characters/],
    ["password with a double quote", { diskId: DISK, password: 'Abc"def123' }, "password", /only letters, digits and the special characters/],
    ["password with a backslash", { diskId: DISK, password: "Abc\\def123" }, "password", /only letters, digits/],
    ["password with a non-ASCII letter", { diskId: DISK, password: "Abcdéf1234" }, "password", /only letters, digits/],
    ["password not a string", { diskId: DISK, password: 12345678 }, "password", /must be a string/],
    ["password and keyPairName", { diskId: DISK, password: GOOD_PASSWORD, keyPairName: "deploy-key" }, "keyPairName", /either password or keyPairName/],
    ["keyPairName too short", { diskId: DISK, keyPairName: "k" }, "keyPairName", /2 to 128 characters/],
    ["keyPairName too long", { diskId: DISK, keyPairName: `k${"a".repeat(128)}` }, "keyPairName", /2 to 128 characters/],
    ["keyPairName starting with a digit", { diskId: DISK, keyPairName: "1key" }, "keyPairName", /start with a letter/],
    ["keyPairName as a URL", { diskId: DISK, keyPairName: "http://key" }, "keyPairName", /./],
    ["securityEnhancementStrategy lowercase", { diskId: DISK, securityEnhancementStrategy: "active" }, "securityEnhancementStrategy", /"Active" or "Deactive"/],
    ["autoStartInstance a string", { diskId: DISK, autoStartInstance: "true" }, "autoStartInstance", /true or false/],
    ["stopInstance a number", { diskId: DISK, stopInstance: 1 }, "stopInstance", /true or false/],
    ["timeouts.create not a duration", { diskId: DISK, timeouts: { create: "ten minutes" } }, "timeouts.create", /duration/],
    ["a misspelt property", { diskId: DISK, autoStart: true }, "autoStart", /unknown input/],
];

describe("alicloud.DiskReinit inputs", () => {
    let cloud: EmulatedAlicloud;
    emulatorHooks(
        () => startEmulatedAlicloud(),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.clearCalls() },
    );

    itReportsEachBadInput(handler, BAD_INPUTS, { provider: PROVIDER, calls: () => cloud.calls(), secretProperties: ["password"] });

    it("accepts every special character of the reference, backquote included", () => {
        for (const special of "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/") {
            expect(passwordFailures(`Abcdefg${special}`), special).to.deep.equal([]);
        }
        expect(passwordFailures("abcdefg1!")).to.deep.equal([]); // lower + digit + special = three classes
        expect(passwordFailures("ABCDEFG1a")).to.deep.equal([]);
        expect(passwordFailures(`${"Aa1!".repeat(7)}Aa`)).to.deep.equal([]); // 30 characters
    });

    it("the Windows rule: not starting with a forward slash", () => {
        expect(windowsPasswordFailure("/Abcdefg1")).to.match(/forward slash/);
        expect(windowsPasswordFailure("Abcdefg1/")).to.equal(undefined);
        expect(passwordFailures("/Abcdefg1")).to.deep.equal([]); // fine on Linux
    });

    it("check accepts valid inputs and unknown values (preview)", async () => {
        const ok = await handler.check!(
            {},
            {
                instanceId: INSTANCE,
                region: "cn-hangzhou",
                password: GOOD_PASSWORD,
                autoStartInstance: true,
                securityEnhancementStrategy: "Deactive",
                stopInstance: true,
                triggers: { image: "v2" },
                timeouts: { create: "20m" },
                __provider: PROVIDER,
            },
        );
        expect(ok.failures).to.deep.equal([]);
        const keyPair = await handler.check!({}, { diskId: DISK, keyPairName: "deploy-key_01:x", __provider: PROVIDER });
        expect(keyPair.failures).to.deep.equal([]);
        const unknown = await handler.check!({}, { instanceId: UNKNOWN, password: UNKNOWN, __provider: PROVIDER });
        expect(unknown.failures).to.deep.equal([]);
        // An unknown target still counts as given: with diskId also set, both are named.
        const both = await handler.check!({}, { instanceId: UNKNOWN, diskId: DISK, __provider: PROVIDER });
        expect(both.failures!.map((f) => f.property)).to.deep.equal(["instanceId"]);
        expect(await cloud.calls()).to.deep.equal([]);
    });

    it("null inputs (an unset optional secret such as config.getSecret) count as unset", async () => {
        const news = { instanceId: INSTANCE, password: null, keyPairName: null, triggers: null, __provider: PROVIDER };
        expect((await handler.check!({}, news)).failures).to.deep.equal([]);
        const olds = { diskId: DISK, instanceId: INSTANCE, diskType: "system", targetedBy: "instanceId", reinitCount: 1, __provider: PROVIDER };
        expect(await handler.diff!("id", olds, news)).to.deep.include({ changes: false, replaces: [] });
    });

    it("create with bad inputs fails before any call, without the password in the message", async () => {
        const password = "short1A";
        const err = await handler.create({ diskId: DISK, instanceId: INSTANCE, password, __provider: PROVIDER }).catch((e: Error) => e);
        expect((err as Error).message)
            .to.match(/password: must be 8 to 30/)
            .and.match(/either diskId or instanceId/);
        expect((err as Error).message).to.not.include(password);
        expect(await cloud.calls()).to.deep.equal([]);
    });

    describe("diff", () => {
        const fp = fingerprint(GOOD_PASSWORD);
        const olds = {
            diskId: DISK,
            instanceId: INSTANCE,
            diskType: "system",
            targetedBy: "instanceId",
            passwordFingerprint: fp,
            triggers: [1],
            lastReinitAt: "2024-01-01T00:00:00.000Z",
            lastReinitRequestId: "R-1",
            reinitCount: 1,
            __provider: "old provider code",
        };
        const same = { instanceId: INSTANCE, password: GOOD_PASSWORD, triggers: [1], __provider: PROVIDER };

        it("same inputs and a new __provider: no change (the password compared by fingerprint)", async () => {
            expect(await handler.diff!("id", olds, same)).to.deep.include({ changes: false, replaces: [] });
        });
        it("autoStartInstance false / stopInstance false are the defaults", async () => {
            expect(await handler.diff!("id", olds, { ...same, autoStartInstance: false, stopInstance: false })).to.deep.include({ changes: false });
        });
        it("a new password is an update without replace; removing it too", async () => {
            expect(await handler.diff!("id", olds, { ...same, password: "Other`Pass9" })).to.deep.include({ changes: true, replaces: [] });
            const { password: _p, ...withoutPassword } = same;
            expect(await handler.diff!("id", olds, withoutPassword)).to.deep.include({ changes: true, replaces: [] });
        });
        it("trigger and settings changes are updates", async () => {
            for (const change of [
                { triggers: [2] },
                { autoStartInstance: true },
                { stopInstance: true },
                { securityEnhancementStrategy: "Active" },
                { timeouts: { create: "1m" } },
            ]) {
                expect(await handler.diff!("id", olds, { ...same, ...change })).to.deep.include({ changes: true, replaces: [] });
            }
        });
        it("naming the same system disk by diskId instead of instanceId is not a replace", async () => {
            const byDisk = { diskId: DISK, password: GOOD_PASSWORD, triggers: [1], __provider: PROVIDER };
            expect(await handler.diff!("id", olds, byDisk)).to.deep.include({ replaces: [] });
        });
        it("another disk, another instance, another region, or an instance whose system disk was not the target: replace", async () => {
            expect((await handler.diff!("id", olds, { ...same, instanceId: "i-bp1other000000000001" })).replaces).to.deep.equal(["instanceId"]);
            expect((await handler.diff!("id", olds, { diskId: "d-bp1other000000000001", __provider: PROVIDER, triggers: [1] })).replaces).to.deep.equal([
                "diskId",
            ]);
            expect((await handler.diff!("id", olds, { ...same, region: "cn-shanghai" })).replaces).to.deep.equal(["region"]);
            const dataDiskOlds = { ...olds, diskType: "data", targetedBy: "diskId" };
            expect((await handler.diff!("id", dataDiskOlds, same)).replaces).to.deep.equal(["instanceId"]);
        });
        it("unknown password or target in preview: a change (and a replace for the target)", async () => {
            expect(await handler.diff!("id", olds, { ...same, password: UNKNOWN })).to.deep.include({ changes: true, replaces: [] });
            expect((await handler.diff!("id", olds, { ...same, instanceId: UNKNOWN })).replaces).to.deep.equal(["instanceId"]);
        });
    });

    it("delete makes no call", async () => {
        await handler.delete!("id", { diskId: DISK, __provider: PROVIDER });
        expect(await cloud.calls()).to.deep.equal([]);
    });
});
