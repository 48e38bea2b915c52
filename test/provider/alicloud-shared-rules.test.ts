// The Alibaba rules are one rule each (provider/alicloud/rules and the core timeouts): the same
// instance id, region, timeouts or boolean value is accepted or refused alike, with the same
// message, by `check` of every Alibaba resource that takes it, and no check calls the cloud.
import type * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { handler as attributes } from "../../provider/alicloud/instance-attributes/handler";
import { handler as reboot } from "../../provider/alicloud/instance-reboot/handler";
import { handler as reinit } from "../../provider/alicloud/disk-reinit/handler";
import { emulatorHooks } from "../support/emulator-hooks";
import { EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";

const ID = "i-bp67acfmxazb4ph00001";
const PROVIDER = "serialized-provider-text";

/** A resource that takes an instance id, with the least other inputs it needs to be valid, and its boolean inputs. */
interface Taker {
    name: string;
    handler: pulumi.dynamic.ResourceProvider;
    booleans: string[];
}

const TAKERS: Taker[] = [
    { name: "alicloud.InstanceAttributes", handler: attributes, booleans: ["restoreOnDelete", "stopIfNeeded", "enableJumboFrame", "deletionProtection"] },
    { name: "alicloud.InstanceReboot", handler: reboot, booleans: ["forceStop", "dryRun", "rebootOnCreate"] },
    { name: "alicloud.DiskReinit", handler: reinit, booleans: ["autoStartInstance", "stopInstance"] },
];

type Failures = { property: string; reason: string }[];

async function failuresOf(taker: Taker, inputs: Record<string, unknown>): Promise<Failures> {
    const result = await taker.handler.check!({}, { ...inputs, __provider: PROVIDER });
    return (result.failures ?? []).map((f) => ({ property: f.property, reason: f.reason }));
}

/**
 * Checks `inputs` with every resource: all give the same failures; none when `accepted`, else at
 * least one whose text (property and reason) matches `refusal`.
 */
async function expectAlike(inputs: Record<string, unknown>, accepted: boolean, refusal?: RegExp): Promise<void> {
    const results = await Promise.all(TAKERS.map(async (t) => ({ name: t.name, failures: await failuresOf(t, inputs) })));
    const [first, ...others] = results;
    for (const other of others) {
        expect(other.failures, `${other.name} vs ${first.name} on ${JSON.stringify(inputs)}`).to.deep.equal(first.failures);
    }
    if (accepted) {
        expect(first.failures, `accepted: ${JSON.stringify(inputs)}`).to.deep.equal([]);
    } else {
        expect(first.failures, `refused: ${JSON.stringify(inputs)}`).to.not.deep.equal([]);
        if (refusal !== undefined) expect(first.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")).to.match(refusal);
    }
}

type Variant = [title: string, value: unknown, accepted: boolean, refusal?: RegExp];

const INSTANCE_IDS: Variant[] = [
    ["lowercase letters and digits", ID, true],
    ["short", "i-a1", true],
    ["64 characters", `i-${"a".repeat(62)}`, true],
    ["uppercase", "i-BP67ACFMXAZB4PH00001", false, /^instanceId: must be an ECS instance id/],
    ["mixed case", "i-Bp67acfmxazb4ph00001", false, /^instanceId: must be an ECS instance id/],
    ["uppercase prefix", "I-bp67acfmxazb4ph00001", false, /^instanceId: must be an ECS instance id/],
    ["no prefix", "bp67acfmxazb4ph00001", false, /^instanceId: must be an ECS instance id/],
    ["a disk id", "d-bp67acfmxazb4ph00001", false, /^instanceId: must be an ECS instance id/],
    ["the prefix alone", "i-", false, /^instanceId: must be an ECS instance id/],
    ["empty", "", false, /^instanceId: must be an ECS instance id/],
    ["a trailing space", `${ID} `, false, /^instanceId: must be an ECS instance id/],
    ["65 characters", `i-${"a".repeat(63)}`, false, /^instanceId: must be at most 64 characters/],
    ["a number", 42, false, /^instanceId: must be a string such as i-/],
    ["a list", [ID], false, /^instanceId: must be a string such as i-/],
];

const REGIONS: Variant[] = [
    ["cn-hangzhou", "cn-hangzhou", true],
    ["ap-southeast-1", "ap-southeast-1", true],
    ["cn-shanghai-finance-1", "cn-shanghai-finance-1", true],
    ["uppercase", "CN-HANGZHOU", false, /^region: must be a region id such as cn-hangzhou/],
    ["mixed case", "Cn-Hangzhou", false, /^region: must be a region id such as cn-hangzhou/],
    ["an underscore", "cn_hangzhou", false, /^region: must be a region id such as cn-hangzhou/],
    ["a city alone", "hangzhou", false, /^region: must be a region id such as cn-hangzhou/],
    ["a trailing hyphen", "cn-", false, /^region: must be a region id such as cn-hangzhou/],
    ["a trailing space", "cn-hangzhou ", false, /^region: must be a region id such as cn-hangzhou/],
    ["empty", "", false, /^region: must be a region id such as cn-hangzhou/],
    ["a number", 1, false, /^region: must be a string such as cn-hangzhou/],
];

const TIMEOUTS: Variant[] = [
    ["one limit", { create: "10m" }, true],
    ["every limit", { create: "30s", update: "1h30m", delete: "500ms" }, true],
    ["24h", { update: "24h" }, true],
    ["none", {}, true],
    ["uppercase unit", { create: "10M" }, false, /timeouts\.create: must be a duration such as "30s", "10m" or "1h30m", got "10M"/],
    ["mixed-case unit", { create: "1H30m" }, false, /timeouts\.create: must be a duration/],
    ["over 24h", { update: "48h" }, false, /timeouts\.update: must be at most 24h, got "48h"/],
    ["zero", { delete: "0s" }, false, /timeouts\.delete: must be a duration/],
    ["no unit", { create: "600" }, false, /timeouts\.create: must be a duration/],
    ["words", { create: "soon" }, false, /timeouts\.create: must be a duration/],
    ["a number", { create: 600 }, false, /timeouts\.create/],
    ["an unknown operation", { destroy: "1m" }, false, /unknown input.*destroy/],
    ["a duration instead of the object", "10m", false, /timeouts/],
];

const BOOLEANS: Variant[] = [
    ["true", true, true],
    ["false", false, true],
    ["the text true", "true", false, /must be true or false/],
    ["the text False", "False", false, /must be true or false/],
    ["1", 1, false, /must be true or false/],
];

describe("Alibaba shared rules: one rule each, alike in every resource", () => {
    let cloud: EmulatedAlicloud;
    emulatorHooks(
        () => startEmulatedAlicloud(),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.clearCalls() },
    );

    afterEach(async () => {
        expect(await cloud.calls(), "check never calls the cloud").to.deep.equal([]);
    });

    for (const [title, value, accepted, refusal] of INSTANCE_IDS) {
        it(`instance id, ${title}: ${accepted ? "accepted" : "refused"} alike`, () => expectAlike({ instanceId: value }, accepted, refusal));
    }

    for (const [title, value, accepted, refusal] of REGIONS) {
        it(`region, ${title}: ${accepted ? "accepted" : "refused"} alike`, () => expectAlike({ instanceId: ID, region: value }, accepted, refusal));
    }

    for (const [title, value, accepted, refusal] of TIMEOUTS) {
        it(`timeouts, ${title}: ${accepted ? "accepted" : "refused"} alike`, () => expectAlike({ instanceId: ID, timeouts: value }, accepted, refusal));
    }

    for (const [title, value, accepted, refusal] of BOOLEANS) {
        it(`a boolean input, ${title}: ${accepted ? "accepted" : "refused"} by every boolean input of every resource, with the same message`, async () => {
            for (const taker of TAKERS) {
                for (const name of taker.booleans) {
                    const failures = await failuresOf(taker, { instanceId: ID, [name]: value });
                    if (accepted) expect(failures, `${taker.name}.${name}`).to.deep.equal([]);
                    else expect(failures, `${taker.name}.${name}`).to.deep.equal([{ property: name, reason: "must be true or false" }]);
                    if (refusal !== undefined) expect(failures[0].reason).to.match(refusal);
                }
            }
        });
    }

    it("several bad shared inputs at once: the same failures, in the same order, from every resource", () =>
        expectAlike({ instanceId: "i-BAD", region: "Hangzhou", timeouts: { create: "soon", update: "48h" } }, false));

    describe("the password: one rule whose special characters are the API's own", () => {
        // ModifyInstanceAttribute (InstanceAttributes) and ReInitDisk (DiskReinit) list their special
        // characters each; everything else of the rule is the same, with the same messages.
        const takers = TAKERS.filter((t) => t.name !== "alicloud.InstanceReboot");
        const passwordFailures = async (taker: Taker, password: unknown): Promise<Failures> => failuresOf(taker, { instanceId: ID, password });

        const ALIKE: Variant[] = [
            ["three classes", "Abcdefg1", true],
            ["four classes with specials both allow", "Abc123!@#", true],
            ["30 characters", `Aa1${"b".repeat(27)}`, true],
            ["too short", "Ab1!", false, /8 to 30 characters long \(got 4\)/],
            ["too long", `Aa1${"b".repeat(28)}`, false, /8 to 30 characters long \(got 31\)/],
            ["two classes", "abcdefgh1", false, /at least three of/],
            ["a character neither allows", "Abcdefg1 é", false, /may contain only letters, digits and the special characters/],
            ["not a string", 12345678, false, /must be a string/],
        ];
        for (const [title, value, accepted, refusal] of ALIKE) {
            it(`${title}: ${accepted ? "accepted" : "refused"} alike (the list of specials aside)`, async () => {
                const [a, b] = await Promise.all(takers.map((t) => passwordFailures(t, value)));
                // The message names the allowed specials, which each API lists: compare without them.
                const plain = (fs: Failures) => fs.map((f) => ({ ...f, reason: f.reason.replace(/special characters \S+ \(/, "special characters … (") }));
                expect(plain(b)).to.deep.equal(plain(a));
                if (accepted) expect(a).to.deep.equal([]);
                else expect(a.map((f) => `${f.property}: ${f.reason}`).join("; ")).to.match(refusal!);
                for (const f of [...a, ...b]) if (typeof value === "string") expect(f.reason).to.not.include(value);
            });
        }

        it("a backquote: ReInitDisk allows it, ModifyInstanceAttribute does not (their references differ)", async () => {
            const [modify, reinitFailures] = await Promise.all(takers.map((t) => passwordFailures(t, "Abcdef1`")));
            expect(reinitFailures).to.deep.equal([]);
            expect(modify).to.have.length(1);
            expect(modify[0].reason).to.match(/may contain only letters, digits and the special characters/);
        });
    });
});
