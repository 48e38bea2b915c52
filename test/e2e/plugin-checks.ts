// What the e2e files of the provider plugin's languages (yaml-plugin, python-plugin, go-plugin) check
// the same way: the operations of a run's steps, the calls that change an Alibaba instance, what a run
// printed (for secrets), the plan of each step, and the one scenario every language runs — adopt an
// instance with attributes, then reboot it once on a trigger change.
import { expect } from "chai";

import type { CallRecord } from "../../emulator";
import type { TestStack, VerbResult } from "./kit";

/** The resource types of the scenario, as the plugin's tokens. */
export const ATTRS = "ecs-ops:alicloud:InstanceAttributes";
export const REBOOT = "ecs-ops:alicloud:InstanceReboot";

/** The Alibaba actions that change an instance. */
export const ALICLOUD_CHANGING = ["RebootInstance", "StopInstance", "StartInstance", "ReInitDisk", "ModifyInstanceAttribute"];

/** Pulumi's marker of an encrypted secret value in a state export. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The operations of a run's steps on resources of `type`. */
export function ops(r: VerbResult, type: string): string[] {
    return r.steps.filter((s) => s.type === type).map((s) => s.op);
}

/** The calls that changed an Alibaba instance (`Action=ok`, `Action=Code`, `Action(DryRun)=Code`). */
export function effects(calls: CallRecord[]): string[] {
    return calls
        .filter((c) => c.cloud === "alicloud" && ALICLOUD_CHANGING.includes(c.action))
        .map((c) => (c.params?.DryRun === "true" ? `${c.action}(DryRun)=${c.code}` : `${c.action}=${c.code ?? "ok"}`));
}

/**
 * What a run printed, without the CLI's echo of the stack's own plain-text config key `configKey` set to
 * `value` (`--json` and the event log list every config value; a value set without --secret is shown
 * there by the CLI itself).
 */
export function printed(r: VerbResult, configKey: string, value: string): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)]
        .join("\n")
        .split(`"${configKey}": "${value}"`)
        .join("")
        .split(`"${configKey}":"${value}"`)
        .join("");
}

/** The planned operation of each step of a `preview --json` that is not `same`, by resource name. */
export function plans(r: VerbResult): Record<string, unknown> {
    const doc = r.json as { steps?: Array<{ op: string; urn: string; newState?: { inputs?: Record<string, unknown> } }> };
    const out: Record<string, unknown> = {};
    for (const step of doc.steps ?? []) if (step.op !== "same") out[step.urn.split("::").pop()!] = step.newState?.inputs?.plannedOperation;
    return out;
}

/** The README's program in a language (its page under docs/languages/) previews: its resources planned, nothing changed. */
export function expectReadmeProgramPreview(r: VerbResult): void {
    expect(r.exitCode, r.stderr).to.equal(0);
    expect(ops(r, ATTRS).filter((op) => op === "create")).to.have.length(3);
    expect(ops(r, REBOOT).filter((op) => op === "create")).to.have.length(4);
    expect(ops(r, "ecs-ops:huaweicloud:ServerReinstall")).to.deep.equal(["create"]);
    expect(effects(r.calls)).to.deep.equal([]);
    expect(r.calls.filter((c) => c.cloud === "huaweicloud" && !/^(Nova)?(List|Show)/.test(c.action)).map((c) => c.action)).to.deep.equal([]);
}

/**
 * The scenario of examples/<language>-fleet, as `it` blocks: preview plans the adoption and changes
 * nothing, up adopts and a second up is empty, a trigger change (config `<project>:rebootRevision`)
 * reboots exactly once, and the plain-text password config (`<project>:instancePassword`) is never
 * printed and a secret in the state.
 */
export function adoptAndRebootScenario(stack: () => TestStack, project: string, password: string): void {
    const shown = (r: VerbResult): string => printed(r, `${project}:instancePassword`, password);

    it("preview shows the adoption and the planned operation, and changes nothing", async () => {
        const r = await stack().preview();
        expect(r.exitCode, r.stderr).to.equal(0);
        expect(ops(r, ATTRS)).to.deep.equal(["create"]);
        expect(ops(r, REBOOT)).to.deep.equal(["create"]);
        expect(effects(r.calls)).to.deep.equal([]);
        expect(plans(r).web)
            .to.be.a("string")
            .and.match(/adopt|none|instance/i);
        expect(shown(r)).to.not.include(password);
    });

    it("up adopts the instance; a second up changes nothing", async () => {
        const r = await stack().up();
        expect(ops(r, ATTRS)).to.deep.equal(["create"]);
        expect(ops(r, REBOOT)).to.deep.equal(["create"]);
        expect(effects(r.calls)).to.not.include("RebootInstance=ok");
        expect(effects(r.calls)).to.include("ModifyInstanceAttribute=ok");
        expect(shown(r)).to.not.include(password);
        expect(await stack().outputs()).to.include({ instanceName: "web-1", rebootCount: 0 });
        const again = await stack().up();
        expect(again.changes).to.not.have.any.keys("create", "update", "replace", "delete");
        expect(effects(again.calls)).to.deep.equal([]);
    });

    it("a trigger change reboots once: the preview plans it, the up runs it", async () => {
        await stack().setConfig(`${project}:rebootRevision`, "2");
        const preview = await stack().preview();
        expect(ops(preview, REBOOT)).to.deep.equal(["update"]);
        expect(effects(preview.calls)).to.deep.equal([]);
        const r = await stack().up();
        expect(ops(r, REBOOT)).to.deep.equal(["update"]);
        expect(effects(r.calls).filter((e) => e === "RebootInstance=ok")).to.have.length(1);
        expect(await stack().outputs()).to.include({ rebootCount: 1 });
        const again = await stack().up();
        expect(effects(again.calls)).to.deep.equal([]);
        for (const run of [preview, r, again]) expect(shown(run)).to.not.include(password);
    });

    it("the plain-text password is a secret in the state", async () => {
        expect(stack().stateFileText()).to.not.include(password);
        const exported = await stack().exportState();
        const attrs = exported.deployment.resources!.find((res) => res.type === ATTRS)!;
        expect(JSON.stringify((attrs.inputs as Record<string, unknown>).password)).to.include(SECRET_SIG);
    });
}
