import { expect } from "chai";
import { handler as alicloudMembership } from "../../provider/alicloud/fleet-membership/handler";
import { expectedCountProblem, joiningMembers, membershipRefusal, releasedMembers } from "../../provider/core/fleet/membership-guard";
import { checkSelectorArgs, selectedMembers, strayOverrides } from "../../components/core/fleet";

const FLEET = 'InstanceFleet "web"';
const SELECTOR = { tags: { tier: "web" } };
const ids = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `i-bp1member${String(from + i).padStart(6, "0")}`);

describe("fleet membership guard (pure)", () => {
    it("joining and released members are the set differences, in order", () => {
        expect(joiningMembers(["a", "b"], ["b", "c", "d"])).to.deep.equal(["c", "d"]);
        expect(releasedMembers(["a", "b", "c"], ["b"])).to.deep.equal(["a", "c"]);
        expect(joiningMembers(undefined, ["a"])).to.deep.equal(["a"]);
        expect(releasedMembers(undefined, ["a"])).to.deep.equal([]);
    });

    it("a count outside expectedCount is refused, naming the count, the bounds and the selector", () => {
        const refusal = membershipRefusal({ fleet: FLEET, selector: { tags: { tier: "wbe" } }, previous: ids(4), next: [], expectedCount: { min: 1 } });
        expect(refusal).to.include('InstanceFleet "web"');
        expect(refusal).to.include("selects 0 members");
        expect(refusal).to.include("at least 1");
        expect(refusal).to.include('{"tags":{"tier":"wbe"}}');
        const tooMany = membershipRefusal({ fleet: FLEET, selector: SELECTOR, previous: undefined, next: ids(60), expectedCount: { min: 2, max: 50 } });
        expect(tooMany).to.include("selects 60 members").and.include("between 2 and 50");
        expect(membershipRefusal({ fleet: FLEET, selector: SELECTOR, previous: undefined, next: ids(50), expectedCount: { min: 2, max: 50 } })).to.equal(
            undefined,
        );
        expect(membershipRefusal({ fleet: FLEET, selector: SELECTOR, previous: undefined, next: ids(2), expectedCount: { max: 2 } })).to.equal(undefined);
        // allowMassRelease does not lift expectedCount.
        expect(
            membershipRefusal({ fleet: FLEET, selector: SELECTOR, previous: ids(3), next: [], expectedCount: { min: 1 }, allowMassRelease: true }),
        ).to.include("selects 0 members");
    });

    it("releasing more than half of the current members is refused unless allowMassRelease; exactly half is allowed", () => {
        const refusal = membershipRefusal({ fleet: FLEET, selector: SELECTOR, previous: ids(4), next: ids(1) });
        expect(refusal).to.include("release 3 of the 4 current ones").and.include("allowMassRelease").and.include(ids(4)[1]);
        expect(membershipRefusal({ fleet: FLEET, selector: SELECTOR, previous: ids(4), next: ids(2) })).to.equal(undefined);
        expect(membershipRefusal({ fleet: FLEET, selector: SELECTOR, previous: ids(4), next: ids(1), allowMassRelease: true })).to.equal(undefined);
        // Joining members do not offset the released ones: the previous list is what counts.
        expect(membershipRefusal({ fleet: FLEET, selector: SELECTOR, previous: ids(4), next: [...ids(1), ...ids(10, 100)] })).to.include("release 3 of the 4");
        // A mistyped tag on an existing fleet with no expectedCount: every member would go, refused.
        expect(membershipRefusal({ fleet: FLEET, selector: SELECTOR, previous: ids(2), next: [] })).to.include("release 2 of the 2");
        // A new fleet (nothing recorded) has nobody to release.
        expect(membershipRefusal({ fleet: FLEET, selector: SELECTOR, previous: undefined, next: [] })).to.equal(undefined);
        expect(membershipRefusal({ fleet: FLEET, selector: SELECTOR, previous: [], next: [] })).to.equal(undefined);
    });

    it("a long released list is cut in the message", () => {
        expect(membershipRefusal({ fleet: FLEET, selector: SELECTOR, previous: ids(30), next: [] })).to.include("and 20 more");
    });

    it("expectedCount's min must not exceed its max", () => {
        expect(expectedCountProblem({ min: 3, max: 2 }))
            .to.include("min (3)")
            .and.include("max (2)");
        expect(expectedCountProblem({ min: 2, max: 2 })).to.equal(undefined);
        expect(expectedCountProblem(undefined)).to.equal(undefined);
    });
});

describe("fleet selector arguments (pure)", () => {
    const names = { ids: "instanceIds", overrides: "instances", noun: "instance", running: "Running" };
    it("the members are the fixed ids first, then the selected ones not among them, sorted, each once", () => {
        expect(selectedMembers(["i-b", "i-a"], ["i-c", "i-a", "i-0", "i-c"])).to.deep.equal(["i-b", "i-a", "i-0", "i-c"]);
        expect(selectedMembers([], [])).to.deep.equal([]);
        expect(strayOverrides(["i-a"], { "i-a": {}, "i-x": {} })).to.deep.equal(["i-x"]);
    });

    it("expectedCount and allowMassRelease need a selector; a selector needs a filter; fixed ids are optional but unique", () => {
        expect(() => checkSelectorArgs("F", names, ["i-a"], undefined, { expectedCount: { min: 1 } })).to.throw(
            /expectedCount guards a selection: it needs selector/,
        );
        expect(() => checkSelectorArgs("F", names, ["i-a"], undefined, { allowMassRelease: true, expectedCount: {} })).to.throw(
            /expectedCount and allowMassRelease/,
        );
        expect(checkSelectorArgs("F", names, ["i-a"], undefined, {})).to.deep.equal([]);
        expect(() => checkSelectorArgs("F", names, undefined, {}, {})).to.throw(/at least one filter/);
        expect(() => checkSelectorArgs("F", names, undefined, { tags: undefined }, {})).to.throw(/at least one filter/);
        expect(checkSelectorArgs("F", names, undefined, { status: "Running" }, {})).to.deep.equal([]);
        expect(checkSelectorArgs("F", names, [], { status: "Running" }, {})).to.deep.equal([]);
        expect(() => checkSelectorArgs("F", names, ["i-a", "i-a"], { status: "Running" }, {})).to.throw(/lists i-a more than once/);
        expect(() => checkSelectorArgs("F", names, undefined, { status: "Running" }, { allowMassRelease: "yes" })).to.throw(
            /allowMassRelease must be true or false/,
        );
    });
});

describe("alicloud.FleetMembership check", () => {
    const news = (members: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
        fleet: FLEET,
        selector: SELECTOR,
        members,
        __provider: "x",
        ...extra,
    });

    it("judges the new members against the old inputs: a mass release fails check with the property named", async () => {
        const result = await alicloudMembership.check!(news(ids(4)), news(ids(1)));
        expect(result.failures).to.have.length(1);
        expect(result.failures![0].property).to.equal("members");
        expect(result.failures![0].reason).to.include("release 3 of the 4");
        expect((await alicloudMembership.check!(news(ids(4)), news(ids(1), { allowMassRelease: true }))).failures).to.deep.equal([]);
        expect((await alicloudMembership.check!({}, news(ids(1)))).failures).to.deep.equal([]);
    });

    it("refuses a selection outside expectedCount on create too, and a bad expectedCount or member id by rule", async () => {
        const zero = await alicloudMembership.check!({}, news([], { expectedCount: { min: 1 } }));
        expect(zero.failures![0].reason).to.include("selects 0 members");
        const bad = await alicloudMembership.check!({}, news(ids(1), { expectedCount: { min: 3, max: 1 } }));
        expect(bad.failures![0].reason).to.include("min (3)");
        const badId = await alicloudMembership.check!({}, news(["not-an-id"]));
        expect(badId.failures).to.have.length(1);
    });

    it("members still unknown in preview are not judged", async () => {
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        expect((await alicloudMembership.check!(news(ids(4)), news(unknown as unknown as string[]))).failures).to.deep.equal([]);
    });

    it("create, update and delete only record (no cloud call: no client is configured here)", async () => {
        const created = await alicloudMembership.create(news(ids(2)));
        expect(created.outs).to.deep.include({ members: ids(2), fleet: FLEET, memberCount: 2 });
        const updated = await alicloudMembership.update!(created.id, created.outs, news(ids(3)));
        expect(updated.outs!.members).to.deep.equal(ids(3));
        const diff = await alicloudMembership.diff!(created.id, created.outs, news(ids(2)));
        expect(diff.changes).to.equal(false);
        expect((await alicloudMembership.diff!(created.id, created.outs, news(ids(3)))).changes).to.equal(true);
        await alicloudMembership.delete!(created.id, created.outs);
    });
});

describe("huaweicloud.FleetMembership check", () => {
    const sid = (i: number): string => `8e5c1f3a-6c1d-4b1e-9a53-${String(i).padStart(12, "0")}`;
    const news = (members: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
        fleet: 'ServerFleet "web"',
        selector: SELECTOR,
        members,
        ...extra,
    });

    it("refuses a mass release and a count outside expectedCount by the same guard; members must be server ids", async () => {
        const { handler } = await import("../../provider/huaweicloud/fleet-membership/handler");
        const mass = await handler.check!(news([sid(1), sid(2)]), news([]));
        expect(mass.failures![0].reason).to.include('ServerFleet "web"').and.include("release 2 of the 2");
        const zero = await handler.check!({}, news([], { expectedCount: { min: 1 } }));
        expect(zero.failures![0].reason).to.include("selects 0 members");
        expect((await handler.check!(news([sid(1), sid(2)]), news([sid(2), sid(3)]))).failures).to.deep.equal([]);
        expect((await handler.check!({}, news(["i-bp1notaserver"]))).failures).to.have.length(1);
        expect((await handler.create(news([sid(1)]))).outs).to.deep.include({ memberCount: 1 });
    });
});
