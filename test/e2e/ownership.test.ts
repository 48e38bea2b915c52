// Ownership under the real CLI (program: test/e2e/fixtures/ownership; docs/ownership.md): two stacks of
// one project select the same tagged fleet against one emulator. The first adopts it and records
// itself on each instance (tag ecs-ops-owner); a second up of it is empty and its look-up by owner
// finds the fleet; the second stack fails in preview naming the owner, with no call that changes;
// `takeOver: true` moves the tag; the stack that lost it releases without touching the tag; the new
// owner's release removes it.
import { expect } from "chai";
import * as path from "path";

import type { CallRecord, Fixture } from "../../emulator";
import { call } from "../emulator/alicloud-client";
import { fleetFixture, fleetInstanceIds } from "../support/fleet-world";
import { createStack, type TestStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "ownership");
const ATTRIBUTES = "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceAttributes";
const N = 4;
const TAGGED = fleetInstanceIds(2);
const OWNER_A = "ownership.team-a";
const OWNER_B = "ownership.team-b";

/** N fleet instances, the first two tagged `tier=web`. */
function world(): Fixture {
    const fx = fleetFixture(N) as unknown as { alicloud: { instances: Array<Record<string, unknown>> } };
    for (const inst of fx.alicloud.instances) {
        const m = /^fleet-(\d+)$/.exec(String(inst.instanceName));
        if (m !== null) inst.tags = { tier: Number(m[1]) < 2 ? "web" : "batch" };
    }
    return fx as unknown as Fixture;
}

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

/** The calls of a verb that change something (reads left out). */
function changing(calls: CallRecord[]): string[] {
    return calls.map((c) => c.action).filter((a) => !/^(Describe|List)/.test(a));
}

/** The resource ids of the owner tag writes and removals of a verb. */
function tagCalls(calls: CallRecord[], action: "TagResources" | "UntagResources"): string[] {
    return calls
        .filter((c) => c.action === action)
        .flatMap((c) =>
            Object.entries(c.params ?? {})
                .filter(([k]) => k.startsWith("ResourceId."))
                .map(([, v]) => String(v)),
        )
        .sort();
}

describe("e2e: ownership — two stacks selecting the same tagged fleet", function () {
    this.timeout(600_000);
    let a: TestStack;
    let b: TestStack;

    /** The owner tag of each tagged instance, as DescribeInstances reports it. */
    const owners = async (): Promise<Record<string, string | undefined>> => {
        const r = await call(a.emulatorUrl!, "DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify(TAGGED) });
        expect(r.status, r.text).to.equal(200);
        const body = JSON.parse(r.text) as {
            Instances: { Instance: Array<{ InstanceId: string; Tags?: { Tag?: Array<{ TagKey: string; TagValue: string }> } }> };
        };
        return Object.fromEntries(
            TAGGED.map((id) => {
                const inst = body.Instances.Instance.find((i) => i.InstanceId === id);
                return [id, inst?.Tags?.Tag?.find((t) => t.TagKey === "ecs-ops-owner")?.TagValue];
            }),
        );
    };
    const allOwnedBy = (owner: string | undefined): Record<string, string | undefined> => Object.fromEntries(TAGGED.map((id) => [id, owner]));

    before(async () => {
        a = await createStack({ program: PROGRAM, stackName: "team-a", emulator: { timeScale: 0.01, fixture: world() } });
        b = await createStack({ program: PROGRAM, stackName: "team-b", emulator: { url: a.emulatorUrl! } });
    });
    after(async () => {
        await b?.dispose();
        await a?.dispose();
    });

    it("the first stack adopts the fleet and records itself on each instance; a second up is empty and its look-up by owner finds them", async () => {
        const preview = await a.preview();
        expect(preview.exitCode, printed(preview)).to.equal(0);
        expect(changing(preview.calls)).to.deep.equal([]);
        const up = await a.up();
        expect(up.exitCode, printed(up)).to.equal(0);
        expect(tagCalls(up.calls, "TagResources")).to.deep.equal(TAGGED);
        expect(await owners()).to.deep.equal(allOwnedBy(OWNER_A));
        const again = await a.up();
        expect(again.steps.filter((s) => s.type === ATTRIBUTES && s.op !== "same")).to.deep.equal([]);
        expect(changing(again.calls)).to.deep.equal([]);
        expect((await a.outputs()).owned).to.deep.equal(TAGGED);
    });

    it("a second stack selecting the same tag fails in preview naming the owner, with no call that changes; up refuses too", async () => {
        for (const verb of ["preview", "up"] as const) {
            const r = await b[verb]({ allowFailure: true });
            expect(r.exitCode, verb).to.not.equal(0);
            expect(printed(r)).to.include(`is managed by stack "${OWNER_A}"`).and.include("takeOver: true");
            expect(changing(r.calls), verb).to.deep.equal([]);
        }
        expect(await owners()).to.deep.equal(allOwnedBy(OWNER_A));
    });

    it("takeOver: true moves the fleet: the preview plans it, up rewrites the tag; the stack that lost it releases without touching the tag", async () => {
        await b.setConfig("own:takeOver", "true");
        const preview = await b.preview();
        expect(preview.exitCode, printed(preview)).to.equal(0);
        expect(changing(preview.calls)).to.deep.equal([]);
        const up = await b.up();
        expect(up.exitCode, printed(up)).to.equal(0);
        expect(printed(up)).to.include(`from stack "${OWNER_A}"`);
        expect(tagCalls(up.calls, "TagResources")).to.deep.equal(TAGGED);
        expect(await owners()).to.deep.equal(allOwnedBy(OWNER_B));

        const released = await a.destroy();
        expect(released.exitCode, printed(released)).to.equal(0);
        expect(changing(released.calls)).to.deep.equal([]);
        expect(await owners()).to.deep.equal(allOwnedBy(OWNER_B));
    });

    it("releasing the fleet removes the owner tag", async () => {
        const released = await b.destroy();
        expect(released.exitCode, printed(released)).to.equal(0);
        expect(tagCalls(released.calls, "UntagResources")).to.deep.equal(TAGGED);
        expect(changing(released.calls).every((action) => action === "UntagResources")).to.equal(true);
        expect(await owners()).to.deep.equal(allOwnedBy(undefined));
    });
});
