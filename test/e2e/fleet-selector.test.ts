// A fleet chosen by a tag selector under the real CLI (program: test/e2e/fixtures/fleet-selector):
// it adopts exactly the tagged instances; an instance tagged later is one `+` member in the preview
// and the only one `up` touches (its owner tag, docs/ownership.md, then its attributes); an untagged
// one is released with no call that changes it but the removal of its owner tag; a
// mistyped tag (nothing selected) and a release of more than half of the members are refused in
// preview and up, releasing nobody, until allowMassRelease. Tags are set by TagResources calls.
import { expect } from "chai";
import * as path from "path";

import type { CallRecord, Fixture } from "../../emulator";
import { call } from "../emulator/alicloud-client";
import { fleetFixture, fleetInstanceId, fleetInstanceIds } from "../support/fleet-world";
import { createStack, type TestStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "fleet-selector");
const ATTRIBUTES = "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceAttributes";
const MEMBERSHIP = "pulumi-nodejs:dynamic/ecs-ops:alicloud.FleetMembership";
const N = 8;
const TAGGED = fleetInstanceIds(4);

/** N fleet instances, the first four tagged `tier=web`, the others `tier=batch`. */
function world(): Fixture {
    const fx = fleetFixture(N) as unknown as { alicloud: { instances: Array<Record<string, unknown>> } };
    for (const inst of fx.alicloud.instances) {
        const m = /^fleet-(\d+)$/.exec(String(inst.instanceName));
        if (m !== null) inst.tags = { tier: Number(m[1]) < 4 ? "web" : "batch" };
    }
    return fx as unknown as Fixture;
}

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

/** The calls of a verb that may change something (reads and the tag calls of the test left out). */
function changing(calls: CallRecord[]): CallRecord[] {
    return calls.filter((c) => !/^Describe/.test(c.action));
}

/** The instances whose owner tag the calls removed, sorted; undefined when they changed anything else. */
function onlyOwnerTagsRemoved(calls: CallRecord[]): string[] | undefined {
    const changed = changing(calls);
    if (changed.some((c) => c.action !== "UntagResources" || c.params?.["TagKey.1"] !== "ecs-ops-owner" || c.params?.["TagKey.2"] !== undefined))
        return undefined;
    return changed
        .flatMap((c) =>
            Object.entries(c.params ?? {})
                .filter(([k]) => k.startsWith("ResourceId."))
                .map(([, v]) => String(v)),
        )
        .sort();
}

/** The instance ids of the InstanceAttributes steps of one op. */
function memberSteps(r: VerbResult, op: string): string[] {
    return r.steps
        .filter((s) => s.type === ATTRIBUTES && s.op === op)
        .map((s) => s.name.replace(/^web-/, ""))
        .sort();
}

describe("e2e: a fleet chosen by a tag selector", function () {
    this.timeout(600_000);
    let stack: TestStack;
    const tag = async (id: string, value: string): Promise<void> => {
        const r = await call(stack.emulatorUrl!, "TagResources", {
            RegionId: "cn-hangzhou",
            ResourceType: "instance",
            "ResourceId.1": id,
            "Tag.1.Key": "tier",
            "Tag.1.Value": value,
        });
        expect(r.status, r.text).to.equal(200);
    };
    const description = async (id: string): Promise<string | undefined> => {
        const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as {
            alicloud: { instances: Array<{ instanceId: string; description: string }> };
        };
        return state.alicloud.instances.find((i) => i.instanceId === id)?.description;
    };
    const attributesInState = async (): Promise<string[]> =>
        ((await stack.exportState()).deployment.resources ?? [])
            .filter((r) => r.type === ATTRIBUTES)
            .map((r) => String((r.outputs as Record<string, unknown> | undefined)?.instanceId))
            .sort();

    before(async () => {
        stack = await createStack({ program: PROGRAM, emulator: { timeScale: 0.01, fixture: world() } });
    });
    after(() => stack?.dispose());

    it("adopts exactly the tagged instances, each a member named <fleet>-<id>, behind one FleetMembership", async () => {
        const preview = await stack.preview();
        expect(preview.exitCode).to.equal(0);
        expect(memberSteps(preview, "create")).to.deep.equal(TAGGED);
        expect(changing(preview.calls)).to.deep.equal([]);
        const up = await stack.up();
        expect(up.exitCode, printed(up)).to.equal(0);
        expect(memberSteps(up, "create")).to.deep.equal(TAGGED);
        expect(up.steps.filter((s) => s.type === MEMBERSHIP && s.op === "create")).to.have.length(1);
        expect((await stack.outputs()).members).to.deep.equal(TAGGED);
        for (const id of TAGGED) expect(await description(id)).to.equal("web tier");
        expect(await description(fleetInstanceId(4))).to.equal("fleet instance");
    });

    it("an instance tagged later is one + member in the preview, and up changes only it", async () => {
        const joining = fleetInstanceId(4);
        await tag(joining, "web");
        const preview = await stack.preview();
        expect(preview.exitCode).to.equal(0);
        expect(memberSteps(preview, "create")).to.deep.equal([joining]);
        expect(memberSteps(preview, "delete")).to.deep.equal([]);
        expect(preview.steps.filter((s) => s.op === "create").map((s) => s.name)).to.include(`web-${joining}`);
        const up = await stack.up();
        expect(up.exitCode, printed(up)).to.equal(0);
        expect(memberSteps(up, "create")).to.deep.equal([joining]);
        const changed = changing(up.calls);
        expect(changed.map((c) => c.action)).to.deep.equal(["TagResources", "ModifyInstanceAttribute"]);
        expect(changed[0].params).to.include({ "ResourceId.1": joining, "Tag.1.Key": "ecs-ops-owner" }).and.not.have.property("ResourceId.2");
        expect(changed[1].params?.InstanceId).to.equal(joining);
        expect(await description(joining)).to.equal("web tier");
    });

    it("an untagged instance is released: its member deleted, no call that changes it but the removal of its owner tag", async () => {
        const leaving = fleetInstanceId(4);
        await tag(leaving, "batch");
        const preview = await stack.preview();
        expect(preview.exitCode).to.equal(0);
        expect(memberSteps(preview, "delete")).to.deep.equal([leaving]);
        expect(memberSteps(preview, "create")).to.deep.equal([]);
        const up = await stack.up();
        expect(up.exitCode, printed(up)).to.equal(0);
        expect(memberSteps(up, "delete")).to.deep.equal([leaving]);
        expect(onlyOwnerTagsRemoved(up.calls)).to.deep.equal([leaving]);
        expect(await description(leaving)).to.equal("web tier");
        expect(await attributesInState()).to.deep.equal(TAGGED);
    });

    it("a mistyped tag (nothing selected) is refused in preview and up, naming the count and the selector; nobody is released", async () => {
        await stack.setConfig("sel:tier", "wbe");
        await stack.setConfig("sel:min", "1");
        for (const verb of ["preview", "up"] as const) {
            const r = await stack[verb]({ allowFailure: true });
            expect(r.exitCode, verb).to.not.equal(0);
            expect(printed(r)).to.include("selects 0 members").and.include("at least 1").and.include('{"tags":{"tier":"wbe"}}');
            expect(
                r.steps.filter((s) => s.op === "delete"),
                verb,
            ).to.deep.equal([]);
            expect(changing(r.calls), verb).to.deep.equal([]);
        }
        expect(await attributesInState()).to.deep.equal(TAGGED);
        // Without expectedCount the mass-release guard refuses it too.
        await stack.removeConfig("sel:min");
        const preview = await stack.preview({ allowFailure: true });
        expect(preview.exitCode).to.not.equal(0);
        expect(printed(preview)).to.include("would release 4 of the 4 current ones");
        await stack.setConfig("sel:tier", "web");
    });

    it("releasing more than half of the members is refused unless allowMassRelease", async () => {
        for (const id of TAGGED.slice(1)) await tag(id, "batch");
        const up = await stack.up({ allowFailure: true });
        expect(up.exitCode).to.not.equal(0);
        expect(printed(up)).to.include("would release 3 of the 4 current ones").and.include("allowMassRelease");
        expect(up.steps.filter((s) => s.op === "delete")).to.deep.equal([]);
        expect(changing(up.calls)).to.deep.equal([]);
        expect(await attributesInState()).to.deep.equal(TAGGED);

        await stack.setConfig("sel:allowMassRelease", "true");
        const released = await stack.up();
        expect(released.exitCode, printed(released)).to.equal(0);
        expect(memberSteps(released, "delete")).to.deep.equal(TAGGED.slice(1));
        expect(onlyOwnerTagsRemoved(released.calls)).to.deep.equal(TAGGED.slice(1));
        expect(await attributesInState()).to.deep.equal(TAGGED.slice(0, 1));
        expect((await stack.outputs()).members).to.deep.equal(TAGGED.slice(0, 1));
    });
});
