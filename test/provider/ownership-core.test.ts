// The owner identity and its encoding as a tag value (provider/core/ownership/owner.ts): pure, no server.
import { expect } from "chai";
import {
    checkOwnership,
    foreignOwnerMessage,
    judgeOwner,
    OWNER_MAX_LENGTH,
    ownerOfUrn,
    ownershipCheckNeeded,
    ownerTagValue,
    stackOwner,
    withOwnershipPlan,
} from "../../provider/core/ownership/owner";
import { tagsWithOwner } from "../../provider/core/lookup/filter";

/** The Huawei server tag value rule (server-attributes/declaration.ts), the stricter of the two clouds. */
const HUAWEI_TAG_VALUE = /^[\p{L}\p{N}_.-]{0,43}$/u;

describe("ownership: the owner as a tag value", () => {
    it("is <project>.<stack> as is when it fits", () => {
        expect(stackOwner("web-platform", "prod")).to.equal("web-platform.prod");
        expect(ownerTagValue("a.b")).to.equal("a.b");
        const exactly43 = `${"p".repeat(20)}.${"s".repeat(22)}`;
        expect(exactly43).to.have.length(43);
        expect(ownerTagValue(exactly43)).to.equal(exactly43);
    });

    it("beyond 43 characters: a readable prefix, '-' and 8 hex characters, within both clouds' rules", () => {
        const long = stackOwner("a-very-long-platform-team-project-name", "production-eu-central");
        expect(long).to.have.length(OWNER_MAX_LENGTH);
        expect(long).to.match(/^a-very-long-platform-team-project--[0-9a-f]{8}$/);
        expect(long).to.match(HUAWEI_TAG_VALUE);
        expect(long).to.not.match(/^(aliyun|acs:)|https?:\/\//i);
    });

    it("distinct stacks that share the prefix get distinct values; the same stack always the same", () => {
        const a = stackOwner("x".repeat(40), "stack-a");
        const b = stackOwner("x".repeat(40), "stack-b");
        expect(a).to.not.equal(b);
        expect(a.slice(0, 34)).to.equal(b.slice(0, 34));
        expect(stackOwner("x".repeat(40), "stack-a")).to.equal(a);
    });

    it("characters outside the tag rule are replaced and the value hashed; a valid value is its own encoding", () => {
        const odd = ownerTagValue("proj.st@ck/1");
        expect(odd).to.match(/^proj\.st_ck_1-[0-9a-f]{8}$/);
        expect(odd).to.match(HUAWEI_TAG_VALUE);
        for (const v of [odd, stackOwner("a-very-long-platform-team-project-name", "production"), "web.prod"]) expect(ownerTagValue(v)).to.equal(v);
    });

    it("the plugin's owner (from the URN) is the program's (project and stack)", () => {
        expect(ownerOfUrn("urn:pulumi:prod::web-platform::ecs-ops:alicloud:InstanceAttributes::web-1")).to.equal(stackOwner("web-platform", "prod"));
        expect(
            ownerOfUrn("urn:pulumi:dev::p::ecs-ops:alicloud:InstanceFleet$ecs-ops:alicloud:ManagedInstance$ecs-ops:alicloud:InstanceAttributes::x"),
        ).to.equal("p.dev");
        expect(ownerOfUrn("not-a-urn")).to.equal(undefined);
    });
});

describe("ownership: judging the tag", () => {
    it("free, ours, ours under the recorded name, foreign, taken over", () => {
        expect(judgeOwner(undefined, "p.dev", undefined, false)).to.deep.equal({ kind: "free" });
        expect(judgeOwner("", "p.dev", undefined, false)).to.deep.equal({ kind: "free" });
        expect(judgeOwner("p.dev", "p.dev", undefined, false)).to.deep.equal({ kind: "ours" });
        expect(judgeOwner("p.old", "p.dev", "p.old", false)).to.deep.equal({ kind: "ours" });
        expect(judgeOwner("q.prod", "p.dev", undefined, false)).to.deep.equal({ kind: "foreign", owner: "q.prod" });
        expect(judgeOwner("q.prod", "p.dev", undefined, true)).to.deep.equal({ kind: "takeOver", from: "q.prod" });
    });

    it("the refusal names the owner as recorded, this stack, and both ways to move the instance", () => {
        const m = foreignOwnerMessage("instance i-bp1x", "team-a.prod", "team-b.prod");
        expect(m).to.include('instance i-bp1x is managed by stack "team-a.prod" (its tag ecs-ops-owner)');
        expect(m).to.include('this stack is "team-b.prod"');
        expect(m).to.include("takeOver: true");
        expect(m).to.include('release it in "team-a.prod"');
    });

    it("check reads the tag only when ownership is to be recorded", () => {
        expect(ownershipCheckNeeded({}, { owner: "p.dev" }, false)).to.equal(true);
        expect(ownershipCheckNeeded({ owner: "p.dev" }, { owner: "p.dev" }, true)).to.equal(false);
        expect(ownershipCheckNeeded({}, { owner: "p.dev" }, true), "a state of an earlier release").to.equal(true);
        expect(ownershipCheckNeeded({ owner: "p.dev" }, { owner: "p.dev" }, false), "another instance").to.equal(true);
        expect(ownershipCheckNeeded({}, {}, false), "no owner given: not managed").to.equal(false);
    });

    it("check: a refusal, a plan, nothing when already ours, and a failed read only noted in the plan", async () => {
        const refused = await checkOwnership("instance i-1", "p.dev", undefined, false, async () => "q.prod");
        expect(refused.failure).to.include('"q.prod"');
        expect((await checkOwnership("instance i-1", "p.dev", undefined, false, async () => undefined)).plan).to.equal(
            "record ownership: tag ecs-ops-owner=p.dev on instance i-1",
        );
        expect((await checkOwnership("instance i-1", "p.dev", undefined, true, async () => "q.prod")).plan).to.equal(
            'take over instance i-1 from stack "q.prod" (takeOver): tag ecs-ops-owner=p.dev',
        );
        expect(await checkOwnership("instance i-1", "p.dev", undefined, false, async () => "p.dev")).to.deep.equal({});
        expect(await checkOwnership("instance i-1", "p.dev", undefined, false, async () => "missing")).to.deep.equal({});
        const failed = await checkOwnership("instance i-1", "p.dev", undefined, false, async () => {
            throw new Error("no credentials");
        });
        expect(failed.failure).to.equal(undefined);
        expect(failed.plan).to.match(/checked at up .*no credentials/);
    });

    it("the ownership plan goes in front of the resource's plan, replacing none", () => {
        expect(withOwnershipPlan("none", "record ownership", "none")).to.equal("record ownership");
        expect(withOwnershipPlan("hostName takes effect", "record ownership", "none")).to.equal("record ownership; hostName takes effect");
        expect(withOwnershipPlan("none", undefined, "none")).to.equal("none");
    });

    it("the look-ups' owner filter is the owner tag, encoded as the resources write it", () => {
        expect(tagsWithOwner({ tier: "web" }, "p.dev")).to.deep.equal({ tier: "web", "ecs-ops-owner": "p.dev" });
        expect(tagsWithOwner(undefined, `${"x".repeat(40)}.prod`)!["ecs-ops-owner"]).to.have.length(43);
        expect(tagsWithOwner({ tier: "web" }, undefined)).to.deep.equal({ tier: "web" });
    });
});
