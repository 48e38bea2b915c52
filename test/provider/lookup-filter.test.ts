import { expect } from "chai";
import { alicloudNameFilter, chunks, globToRegExp, huaweiNameFilter, nameMatches, parseKeyValueTags, tagsMatch } from "../../provider/core/lookup/filter";

describe("look-up filters (pure)", () => {
    it("a glob matches exactly: * any run, ? one character, everything else literal (regex characters too)", () => {
        expect(nameMatches("web-*", "web-1")).to.equal(true);
        expect(nameMatches("web-*", "web-")).to.equal(true);
        expect(nameMatches("web-*", "my-web-1")).to.equal(false);
        expect(nameMatches("web-?", "web-12")).to.equal(false);
        expect(nameMatches("web-??", "web-12")).to.equal(true);
        expect(nameMatches("a.b", "axb")).to.equal(false);
        expect(nameMatches("a.b(1)+[x]", "a.b(1)+[x]")).to.equal(true);
        expect(nameMatches("*", "")).to.equal(true);
        expect(nameMatches(undefined, "anything")).to.equal(true);
        expect(globToRegExp("web-*").test("WEB-1")).to.equal(false);
    });

    it("Alibaba gets its `*` wildcard (? widened to *), nothing for a glob matching every name", () => {
        expect(alicloudNameFilter("web-?1*")).to.equal("web-*1*");
        expect(alicloudNameFilter("web-**")).to.equal("web-*");
        expect(alicloudNameFilter("**")).to.equal(undefined);
        expect(alicloudNameFilter(undefined)).to.equal(undefined);
    });

    it("Huawei gets the longest plain run of the glob (its name filter is a fuzzy substring match)", () => {
        expect(huaweiNameFilter("web-*-prod")).to.equal("-prod");
        expect(huaweiNameFilter("app-server-?")).to.equal("app-server-");
        expect(huaweiNameFilter("a.b*")).to.equal("a");
        expect(huaweiNameFilter("*?*")).to.equal(undefined);
    });

    it("tags: every wanted key with exactly its value; Huawei's key=value strings parsed", () => {
        const tags = { "ecs-ops-owner": "org/project/stack", env: "prod" };
        expect(tagsMatch(tags, { "ecs-ops-owner": "org/project/stack" })).to.equal(true);
        expect(tagsMatch(tags, { "ecs-ops-owner": "org/project/stack", env: "dev" })).to.equal(false);
        expect(tagsMatch(tags, { team: "" })).to.equal(false);
        expect(tagsMatch(tags, {})).to.equal(true);
        expect(tagsMatch(tags, undefined)).to.equal(true);
        expect(parseKeyValueTags(["a=1", "b", "c=x=y"])).to.deep.equal({ a: "1", b: "", c: "x=y" });
        expect(chunks([1, 2, 3, 4, 5], 2)).to.deep.equal([[1, 2], [3, 4], [5]]);
    });
});
