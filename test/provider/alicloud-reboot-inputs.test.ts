// alicloud.InstanceReboot: every input rule is reported by `check`, property by property, with zero
// API calls; create with bad inputs fails before any call; the diff follows the triggers rule.
import { expect } from "chai";
import { handler } from "../../provider/alicloud/instance-reboot/handler";
import { UNKNOWN } from "../../provider/core/inputs/unknowns";
import { emulatorHooks } from "../support/emulator-hooks";
import { BadInputRow, itReportsEachBadInput } from "./bad-input-table";
import { EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";

const ID = "i-bp1reboot0000000001";
const PROVIDER = "serialized-provider-text";

const BAD_INPUTS: BadInputRow[] = [
    ["instanceId missing", {}, "instanceId", /is required/],
    ["instanceId not an instance id", { instanceId: "bp1reboot" }, "instanceId", /ECS instance id: i- followed by/],
    ["instanceId with uppercase", { instanceId: "i-BP1" }, "instanceId", /ECS instance id/],
    ["instanceId not a string", { instanceId: 42 }, "instanceId", /must be a string/],
    ["instanceId too long", { instanceId: `i-${"a".repeat(70)}` }, "instanceId", /at most 64/],
    ["region not a region id", { instanceId: ID, region: "Hangzhou" }, "region", /region id such as cn-hangzhou/],
    ["forceStop not a boolean", { instanceId: ID, forceStop: "yes" }, "forceStop", /true or false/],
    ["dryRun not a boolean", { instanceId: ID, dryRun: 1 }, "dryRun", /true or false/],
    ["rebootOnCreate not a boolean", { instanceId: ID, rebootOnCreate: "no" }, "rebootOnCreate", /true or false/],
    ["timeouts.create not a duration", { instanceId: ID, timeouts: { create: "soon" } }, "timeouts.create", /duration such as/],
    ["timeouts.update over 24h", { instanceId: ID, timeouts: { update: "48h" } }, "timeouts.update", /at most 24h/],
    ["timeouts with an unknown key", { instanceId: ID, timeouts: { destroy: "1m" } }, "timeouts.destroy", /unknown input/],
    ["a misspelt property", { instanceId: ID, forcestop: true }, "forcestop", /unknown input "forcestop" — did you mean "forceStop"\?/],
];

describe("alicloud.InstanceReboot inputs", () => {
    let cloud: EmulatedAlicloud;
    emulatorHooks(
        () => startEmulatedAlicloud(),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.clearCalls() },
    );

    itReportsEachBadInput(handler, BAD_INPUTS, { provider: PROVIDER, calls: () => cloud.calls() });

    it("check reports every failure at once and returns the inputs unchanged", async () => {
        const news = { instanceId: "nope", region: "X", forceStop: "no", __provider: PROVIDER };
        const result = await handler.check!({}, news);
        expect(result.failures!.map((f) => f.property).sort()).to.deep.equal(["forceStop", "instanceId", "region"]);
        expect(result.inputs).to.deep.equal({ ...news, plannedOperation: "reboot instance nope (restart): the reboot resource is created" });
    });

    it("check accepts valid inputs, any triggers, and unknown values (preview)", async () => {
        const ok = await handler.check!(
            {},
            {
                instanceId: ID,
                region: "cn-hangzhou",
                triggers: [1, "a", { nested: [true, null] }],
                forceStop: true,
                dryRun: false,
                timeouts: { create: "15m", update: "1h30m" },
                __provider: PROVIDER,
            },
        );
        expect(ok.failures).to.deep.equal([]);
        const unknown = await handler.check!({}, { instanceId: UNKNOWN, triggers: [UNKNOWN], __provider: PROVIDER });
        expect(unknown.failures).to.deep.equal([]);
        expect(await cloud.calls()).to.deep.equal([]);
    });

    it("null inputs (an unset optional value inside pulumi.secret) count as unset", async () => {
        const news = { instanceId: ID, region: null, triggers: null, dryRun: null, __provider: PROVIDER };
        expect((await handler.check!({}, news)).failures).to.deep.equal([]);
        const olds = { instanceId: ID, rebootCount: 1, __provider: PROVIDER };
        expect(await handler.diff!("id", olds, news)).to.deep.include({ changes: false, replaces: [] });
    });

    it("create with bad inputs fails naming the property, before any call", async () => {
        const err = await handler.create({ instanceId: "bad", dryRun: "x", __provider: PROVIDER }).catch((e: Error) => e);
        expect(err).to.be.instanceOf(Error);
        expect((err as Error).message)
            .to.match(/instanceId: .*ECS instance id/)
            .and.match(/dryRun: must be true or false/);
        expect(await cloud.calls()).to.deep.equal([]);
    });

    describe("diff", () => {
        const olds = {
            instanceId: ID,
            region: "cn-hangzhou",
            triggers: ["v1", { b: 2, a: 1 }],
            lastRebootAt: "2024-01-01T00:00:00.000Z",
            lastRebootRequestId: "R-1",
            rebootCount: 1,
            __provider: "old provider code",
        };
        const same = { instanceId: ID, region: "cn-hangzhou", triggers: ["v1", { a: 1, b: 2 }], __provider: PROVIDER };

        it("unchanged triggers (keys in another order) and a new __provider: no change", async () => {
            expect(await handler.diff!("id", olds, same)).to.deep.include({ changes: false, replaces: [] });
        });
        it("dryRun true / forceStop false / rebootOnCreate true are the defaults: setting them is no change", async () => {
            expect(await handler.diff!("id", olds, { ...same, dryRun: true, forceStop: false, rebootOnCreate: true })).to.deep.include({ changes: false });
        });
        it("a trigger change is an update, not a replace", async () => {
            expect(await handler.diff!("id", olds, { ...same, triggers: ["v2", { a: 1, b: 2 }] })).to.deep.include({ changes: true, replaces: [] });
        });
        it("a nested trigger change counts", async () => {
            expect(await handler.diff!("id", olds, { ...same, triggers: ["v1", { a: 1, b: 3 }] })).to.deep.include({ changes: true });
        });
        it("forceStop, dryRun, timeouts changes are updates", async () => {
            for (const change of [{ forceStop: true }, { dryRun: false }, { rebootOnCreate: false }, { timeouts: { create: "5m" } }]) {
                expect(await handler.diff!("id", olds, { ...same, ...change })).to.deep.include({ changes: true, replaces: [] });
            }
        });
        it("instanceId and region changes replace", async () => {
            expect((await handler.diff!("id", olds, { ...same, instanceId: "i-bp1other000000000001" })).replaces).to.deep.equal(["instanceId"]);
            expect((await handler.diff!("id", olds, { ...same, region: "cn-shanghai" })).replaces).to.deep.equal(["region"]);
        });
        it("unknown triggers (preview) count as a change", async () => {
            expect(await handler.diff!("id", olds, { ...same, triggers: UNKNOWN })).to.deep.include({ changes: true, replaces: [] });
        });
    });

    it("delete makes no call", async () => {
        await handler.delete!("id", { instanceId: ID, __provider: PROVIDER });
        expect(await cloud.calls()).to.deep.equal([]);
    });
});
