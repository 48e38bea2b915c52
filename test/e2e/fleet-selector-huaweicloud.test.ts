// A ServerFleet chosen by a tag selector under the real CLI (program:
// test/e2e/fixtures/fleet-selector-huaweicloud): it adopts exactly the tagged servers; a server tagged
// later is one `+` member and the only one `up` touches (its owner tag, docs/ownership.md, then its
// attributes); an untagged one is released with no call that changes it but the removal of its owner
// tag; releasing more than half of the members is refused, releasing nobody, until
// allowMassRelease. Tags are set by BatchCreateServerTags / BatchDeleteServerTags calls.
import { expect } from "chai";
import * as path from "path";

import type { CallRecord, Fixture } from "../../emulator";
import { hwCall, P1 } from "../emulator/huaweicloud-client";
import { hwFleetFixture, hwFleetServerId, hwFleetServerIds } from "../emulator/huaweicloud-fleet";
import { ownerTagsOf } from "../support/owner-tags";
import { createStack, type TestStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "fleet-selector-huaweicloud");
const ATTRIBUTES = "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerAttributes";
const N = 6;
const TAGGED = hwFleetServerIds(4);

/** N fleet servers, the first four tagged `tier=web`. */
function world(): Fixture {
    const fx = hwFleetFixture(N) as unknown as { huaweicloud: { servers: Array<Record<string, unknown>> } };
    for (const s of fx.huaweicloud.servers) {
        const m = /^fleet-(\d+)$/.exec(String(s.name));
        if (m !== null && Number(m[1]) < 4) s.tags = ["tier=web"];
    }
    return fx as unknown as Fixture;
}

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

/** The calls of a verb that may change something (reads left out). */
function changing(calls: CallRecord[]): CallRecord[] {
    return calls.filter((c) => !/^(Show|List)/.test(c.action));
}

/** Whether the changing calls only remove owner tags, `n` of them (the call log does not name the server: the world does). */
function onlyOwnerTagRemovals(calls: CallRecord[]): number | undefined {
    const changed = changing(calls);
    const removals = changed.filter(
        (c) => c.action === "BatchDeleteServerTags" && JSON.stringify(c.params) === JSON.stringify({ action: "delete", tags: [{ key: "ecs-ops-owner" }] }),
    );
    return removals.length === changed.length ? removals.length : undefined;
}

/** The server ids of the ServerAttributes steps of one op. */
function memberSteps(r: VerbResult, op: string): string[] {
    return r.steps
        .filter((s) => s.type === ATTRIBUTES && s.op === op)
        .map((s) => s.name.replace(/^web-/, ""))
        .sort();
}

describe("e2e: a ServerFleet chosen by a tag selector", function () {
    this.timeout(600_000);
    let stack: TestStack;
    const tag = async (id: string, on: boolean): Promise<void> => {
        const r = await hwCall(stack.emulatorUrl!, {
            method: "POST",
            path: `/v1/${P1}/cloudservers/${id}/tags/action`,
            body: on ? { action: "create", tags: [{ key: "tier", value: "web" }] } : { action: "delete", tags: [{ key: "tier" }] },
        });
        expect(r.status, JSON.stringify(r.json)).to.equal(204);
    };
    /** The server's description, as ShowServer reports it. */
    const description = async (id: string): Promise<string | undefined> => {
        const r = await hwCall(stack.emulatorUrl!, { method: "GET", path: `/v1/${P1}/cloudservers/${id}` });
        expect(r.status, JSON.stringify(r.json)).to.equal(200);
        return (r.json as { server: { description?: string } }).server.description;
    };

    /** The servers carrying an owner tag, id → owner, in id order. */
    const owners = async (): Promise<Record<string, string>> => {
        const found = ownerTagsOf(await stack.emulatorRequest("GET", "/_emulator/state"));
        return Object.fromEntries(
            Object.keys(found)
                .sort()
                .map((id) => [id, found[id]]),
        );
    };

    before(async () => {
        stack = await createStack({ program: PROGRAM, emulator: { timeScale: 0.01, fixture: world() } });
    });
    after(() => stack?.dispose());

    it("adopts exactly the tagged servers", async () => {
        const up = await stack.up();
        expect(up.exitCode, printed(up)).to.equal(0);
        expect(memberSteps(up, "create")).to.deep.equal(TAGGED);
        expect((await stack.outputs()).members).to.deep.equal(TAGGED);
        for (const id of TAGGED) expect(await description(id)).to.equal("web tier");
        expect(await description(hwFleetServerId(4))).to.equal("fleet server");
    });

    it("a server tagged later is one + member, and up changes only it; untagged, it is released with no changing call but its owner tag's removal", async () => {
        const joining = hwFleetServerId(4);
        await tag(joining, true);
        const preview = await stack.preview();
        expect(memberSteps(preview, "create")).to.deep.equal([joining]);
        expect(memberSteps(preview, "delete")).to.deep.equal([]);
        const up = await stack.up();
        expect(up.exitCode, printed(up)).to.equal(0);
        const changed = changing(up.calls);
        expect(changed.map((c) => c.action)).to.deep.equal(["BatchCreateServerTags", "UpdateServer"]);
        expect(JSON.stringify(changed[0].params)).to.include("ecs-ops-owner");
        expect(JSON.stringify(changed[1].params)).to.include(joining);
        expect(Object.keys(await owners())).to.deep.equal([...TAGGED, joining].sort());

        await tag(joining, false);
        const release = await stack.up();
        expect(release.exitCode, printed(release)).to.equal(0);
        expect(memberSteps(release, "delete")).to.deep.equal([joining]);
        expect(onlyOwnerTagRemovals(release.calls)).to.equal(1);
        expect(Object.keys(await owners())).to.deep.equal([...TAGGED].sort());
        expect(await description(joining)).to.equal("web tier");
    });

    it("releasing more than half of the members is refused, releasing nobody, unless allowMassRelease", async () => {
        for (const id of TAGGED.slice(1)) await tag(id, false);
        const refused = await stack.up({ allowFailure: true });
        expect(refused.exitCode).to.not.equal(0);
        expect(printed(refused)).to.include('ServerFleet "web"').and.include("would release 3 of the 4 current ones");
        expect(refused.steps.filter((s) => s.op === "delete")).to.deep.equal([]);
        expect(changing(refused.calls)).to.deep.equal([]);
        await stack.setConfig("sel:allowMassRelease", "true");
        const released = await stack.up();
        expect(released.exitCode, printed(released)).to.equal(0);
        expect(memberSteps(released, "delete")).to.deep.equal(TAGGED.slice(1));
        expect(onlyOwnerTagRemovals(released.calls)).to.equal(3);
        expect(Object.keys(await owners())).to.deep.equal(TAGGED.slice(0, 1));
        expect((await stack.outputs()).members).to.deep.equal(TAGGED.slice(0, 1));
    });
});
