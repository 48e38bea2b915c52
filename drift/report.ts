import { inputNames, redactedInputNames, secretOutputNames } from "../provider/core/resource/declaration";
import { COMPUTED_INPUTS } from "../provider/core/resource/plan";
import { DECLARATIONS } from "../provider/declarations";

/**
 * The drift report of `ecs-ops-drift`, from what `pulumi preview --refresh --json` prints: for each
 * resource the preview would change after refreshing from the cloud, each property whose program
 * value differs from the cloud's (the refreshed state), with both values. Pure: no I/O.
 *
 * Secrets are never shown: a value the JSON marks secret, a property that is a secret input of an
 * ecs-ops resource (password, userData, triggers, …) and any property named like a secret print as
 * `[secret]`; fingerprints (`passwordFingerprint`, …) are not secrets and print as they are.
 */

/** How a secret value is shown. */
export const SECRET = "[secret]";
/** Pulumi's marker of a secret value in serialized state (`{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", …}`). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Type token prefix of ecs-ops' dynamic resources: `pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceAttributes`. */
const ECS_OPS_TYPE = /^pulumi-nodejs:dynamic\/ecs-ops:(.+)$/;

/**
 * Secret inputs (and those that may hold secrets) and the secret values a resource keeps in state only, of each
 * ecs-ops resource, from its declaration. Fingerprint outputs are not among them: they show a secret's drift.
 */
const SECRET_INPUTS: Readonly<Record<string, ReadonlyArray<string>>> = Object.fromEntries(
    Object.entries(DECLARATIONS).map(([type, declaration]) => [
        type,
        [...redactedInputNames(declaration), ...Object.keys(declaration.stateOnly.shape).filter((name) => secretOutputNames(declaration).includes(name))],
    ]),
);

/** The inputs a program declares for each ecs-ops resource (computed and internal inputs are not drift). */
const DECLARED_INPUTS: Readonly<Record<string, ReadonlyArray<string>>> = Object.fromEntries(
    Object.entries(DECLARATIONS).map(([type, declaration]) => [type, inputNames(declaration)]),
);

/** A property name that holds a secret whatever the resource (a last guard); `…Fingerprint` names are not. */
const SECRET_NAME = /(password|passwd|adminpass|userdata|secret|token|accesskey|privatekey|triggers)$/i;

/** One drifted property: its path, the program's value and the cloud's (both as display text). */
export interface DriftedProperty {
    property: string;
    program: string;
    cloud: string;
}

/** One resource with drift: its name, type, the instance / server / disk id and the drifted properties. */
export interface DriftedResource {
    name: string;
    type: string;
    urn: string;
    /** The cloud id (instance, server or disk) the resource manages; the resource id otherwise. */
    cloudId: string;
    /** What the preview would do: `update`, `replace`, `create` (gone from the cloud), `delete`; `observe` for a resource under `observeOnly`. */
    op: string;
    properties: DriftedProperty[];
}

/** The report: the drifted resources, in the preview's order. */
export interface DriftReport {
    resources: DriftedResource[];
}

type Json = Record<string, unknown>;

interface StepState {
    urn?: string;
    type?: string;
    id?: string;
    inputs?: Json;
    outputs?: Json;
}

interface Step {
    op?: string;
    urn?: string;
    oldState?: StepState;
    newState?: StepState;
    diffReasons?: string[];
    detailedDiff?: Record<string, unknown> | null;
}

/** The ops of `steps[]` that report a difference (one per resource: a replace's other steps are skipped). */
const DRIFT_OPS = new Set(["update", "replace", "create", "delete"]);

function isObject(v: unknown): v is Json {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isSecretValue(v: unknown): boolean {
    return v === SECRET || (isObject(v) && Object.hasOwn(v, SECRET_SIG));
}

function containsSecret(v: unknown): boolean {
    if (isSecretValue(v)) return true;
    if (Array.isArray(v)) return v.some(containsSecret);
    if (isObject(v)) return Object.values(v).some(containsSecret);
    return false;
}

/** Whether a property path of a resource type is secret by name or by the resource's secret inputs. */
export function isSecretProperty(type: string, path: string): boolean {
    const m = ECS_OPS_TYPE.exec(type);
    const segments = path.split(/[.[\]"]+/).filter((s) => s !== "");
    const root = segments[0] ?? path;
    if (m !== null && (SECRET_INPUTS[m[1]] ?? []).includes(root)) return true;
    return segments.some((s) => SECRET_NAME.test(s) && !/fingerprint$/i.test(s));
}

/** A value as one line of text: strings as they are, the rest as compact JSON, secrets as `[secret]`. */
export function display(value: unknown, secret: boolean): string {
    if (secret || containsSecret(value)) return SECRET;
    if (value === undefined) return "(not set)";
    if (typeof value === "string") return value;
    return JSON.stringify(value);
}

/** The value at a property path such as `tags.env`, `securityGroupIds[1]` or `cpuOptions.core`. */
export function valueAt(root: unknown, path: string): unknown {
    let cur: unknown = root;
    for (const seg of path.split(/\.|\[|\]/).filter((s) => s !== "")) {
        if (Array.isArray(cur) && /^\d+$/.test(seg)) cur = cur[Number(seg)];
        else if (isObject(cur)) cur = cur[seg.replace(/^"|"$/g, "")];
        else return undefined;
    }
    return cur;
}

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

function nameOf(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i < 0 ? urn : urn.slice(i + 2);
}

/** Whether an input is one a program declares (not `__provider`, not computed such as `plannedOperation`). */
function declared(type: string, key: string): boolean {
    const m = ECS_OPS_TYPE.exec(type);
    const list = m === null ? undefined : DECLARED_INPUTS[m[1]];
    if (list !== undefined) return list.includes(key);
    return !key.startsWith("__") && !COMPUTED_INPUTS.includes(key);
}

/**
 * The visible fingerprint of a secret input, when the resource keeps one in plain sight: the salted
 * HMAC in `restartTrigger.<key>` (ecs-ops' restart trigger) or a non-secret `<key>Fingerprint`.
 */
function fingerprintOf(inputs: Json, outputs: Json, key: string): string | undefined {
    for (const v of [valueAt(inputs, `restartTrigger.${key}`), outputs[`${key}Fingerprint`], inputs[`${key}Fingerprint`]]) {
        if (typeof v === "string" && v !== "" && !isSecretValue(v)) return v;
    }
    return undefined;
}

/**
 * The drifted properties of an update or replace: the detailed diff's paths when the provider gave
 * one, else every declared input whose program value differs from the refreshed state's. Two secret
 * values (both `[secret]` in the JSON) differ when their visible fingerprints do; they show only as
 * `[secret]` with the fingerprint.
 */
function driftedProperties(step: Step, type: string): DriftedProperty[] {
    const program = step.newState?.inputs ?? {};
    const refreshedInputs = step.oldState?.inputs ?? {};
    const refreshedOutputs = step.oldState?.outputs ?? {};
    const cloudValue = (p: string): unknown => {
        const v = valueAt(refreshedInputs, p);
        return v === undefined ? valueAt(refreshedOutputs, p) : v;
    };
    const row = (p: string, extra: { program?: string; cloud?: string } = {}): DriftedProperty => {
        const secret = isSecretProperty(type, p);
        const programText = display(valueAt(program, p), secret);
        const cloudText = display(cloudValue(p), secret);
        return {
            property: p,
            program: extra.program !== undefined ? `${programText} (${extra.program})` : programText,
            cloud: extra.cloud !== undefined ? `${cloudText} (${extra.cloud})` : cloudText,
        };
    };
    if (isObject(step.detailedDiff) && Object.keys(step.detailedDiff).length > 0) {
        return Object.keys(step.detailedDiff)
            .filter((p) => declared(type, p.split(/[.[]/)[0]))
            .map((p) => row(p));
    }
    const keys = [...new Set([...Object.keys(program), ...Object.keys(refreshedInputs)])].filter((k) => declared(type, k)).sort();
    const out: DriftedProperty[] = [];
    for (const k of keys) {
        const a = program[k];
        const b = cloudValue(k);
        if (containsSecret(a) || containsSecret(b) || isSecretProperty(type, k)) {
            const fa = fingerprintOf(program, {}, k);
            const fb = fingerprintOf(refreshedInputs, refreshedOutputs, k);
            const bothMasked = containsSecret(a) && containsSecret(b);
            const differs = bothMasked ? fa !== undefined && fb !== undefined && fa !== fb : !sameValue(a, b);
            if (differs)
                out.push(
                    row(k, { ...(fa !== undefined ? { program: `fingerprint ${fa}` } : {}), ...(fb !== undefined ? { cloud: `fingerprint ${fb}` } : {}) }),
                );
            continue;
        }
        if (!sameValue(a, b)) out.push(row(k));
    }
    return out;
}

/**
 * The drift an ecs-ops resource's `check` read from the cloud (computed input `drift`, made safe by
 * the provider: secrets as keyed fingerprints) and the operation an observing one holds as due
 * (`pendingOperation`). See docs/drift.md#observe-only.
 */
function observedProperties(program: Json): DriftedProperty[] {
    const out: DriftedProperty[] = [];
    if (Array.isArray(program.drift)) {
        for (const e of program.drift) {
            if (!isObject(e) || typeof e.property !== "string") continue;
            out.push({ property: e.property, program: display(e.program, false), cloud: display(e.cloud, false) });
        }
    }
    if (typeof program.pendingOperation === "string" && !isSecretValue(program.pendingOperation)) {
        out.push({ property: "(operation)", program: program.pendingOperation, cloud: "not run (observeOnly)" });
    }
    return out;
}

/**
 * The drift in a `pulumi preview --refresh --json` document: every step that would change a
 * custom resource, with its properties' program value (the step's new inputs) and cloud value (the
 * refreshed state: its outputs, else its inputs). Internal properties (`__provider`, …) are left out.
 * Throws when the document is not a preview's JSON.
 */
export function driftFromPreview(doc: unknown): DriftReport {
    if (!isObject(doc) || !Array.isArray(doc.steps)) {
        throw new Error("not the JSON of `pulumi preview --json`: it has no steps[] (was the preview run with --json?)");
    }
    const resources: DriftedResource[] = [];
    for (const raw of doc.steps as unknown[]) {
        if (!isObject(raw)) continue;
        const step = raw as Step;
        const op = String(step.op ?? "");
        const urn = String(step.urn ?? step.newState?.urn ?? step.oldState?.urn ?? "");
        const type = String(step.newState?.type ?? step.oldState?.type ?? "");
        if (type === "" || type.startsWith("pulumi:providers:")) continue;
        const program = step.newState?.inputs ?? {};
        const refreshed = step.oldState ?? {};
        const cloud: Json = { ...(refreshed.outputs ?? {}), ...(refreshed.inputs ?? {}) };
        const idOf = (o: Json): unknown => o.instanceId ?? o.serverId ?? o.diskId;
        const cloudId = String(idOf(program) ?? idOf(cloud) ?? refreshed.id ?? step.newState?.id ?? "");
        const observed = observedProperties(program);
        if (program.observeOnly === true && op !== "delete") {
            // Observe only: whatever the step (often none: the drift is unchanged), the drift check read is the report.
            if (observed.length > 0) resources.push({ name: nameOf(urn), type, urn, cloudId, op: "observe", properties: observed });
            continue;
        }
        if (!DRIFT_OPS.has(op)) continue;
        const own = op === "update" || op === "replace" ? driftedProperties(step, type) : [];
        // observeOnly turned off: what the drift check read will be enforced too.
        const properties = [...own, ...observed.filter((o) => !own.some((p) => p.property === o.property))];
        // An update of nothing a program declares (e.g. a recomputed plan note) is no drift.
        if (op === "update" && properties.length === 0) continue;
        resources.push({ name: nameOf(urn), type, urn, cloudId, op, properties });
    }
    return { resources };
}

/** 0 when nothing drifted, 2 when something did (Terraform's `-detailed-exitcode`). */
export function exitCodeOf(report: DriftReport): 0 | 2 {
    return report.resources.length === 0 ? 0 : 2;
}

function cell(text: string): string {
    const oneLine = text.replace(/\r?\n/g, "⏎").replace(/\|/g, "\\|");
    const short = oneLine.length > 200 ? `${oneLine.slice(0, 197)}…` : oneLine;
    return `\`${short.replace(/`/g, "ˋ")}\``;
}

function shortType(type: string): string {
    return ECS_OPS_TYPE.exec(type)?.[1] ?? type;
}

const OP_NOTE: Readonly<Record<string, string>> = {
    create: "in the program but not in the cloud (or not in the state): `up` would create it",
    delete: "in the state but no longer in the program: `up` would delete it",
    replace: "`up` would replace it",
    update: "`up` would change it back to the program's values",
    observe: "observed only (`observeOnly`): `up` changes nothing; turning observeOnly off enforces the program's values",
};

/** The report as Markdown a pull request or issue comment holds: a heading, then a table per resource. */
export function renderMarkdown(report: DriftReport, stack?: string): string {
    const where = stack !== undefined ? ` in stack \`${stack}\`` : "";
    if (report.resources.length === 0) return `### ecs-ops drift report${where}\n\nNo drift: the cloud matches the program.\n`;
    const lines = [`### ecs-ops drift report${where}`, "", `${report.resources.length} resource(s) drifted from the program.`, ""];
    for (const r of report.resources) {
        lines.push(`#### \`${r.name}\` (${shortType(r.type)}, ${r.cloudId === "" ? "no id" : `\`${r.cloudId}\``})`, "", OP_NOTE[r.op] ?? r.op, "");
        if (r.properties.length > 0) {
            lines.push("| property | program | cloud |", "| --- | --- | --- |");
            for (const p of r.properties) lines.push(`| ${cell(p.property)} | ${cell(p.program)} | ${cell(p.cloud)} |`);
            lines.push("");
        }
    }
    return `${lines.join("\n")}\n`;
}

/** The report as JSON: `{ stack, drift, resources: [{ name, type, urn, cloudId, op, properties: [{ property, program, cloud }] }] }`. */
export function renderJson(report: DriftReport, stack?: string): string {
    return `${JSON.stringify({ ...(stack !== undefined ? { stack } : {}), drift: report.resources.length > 0, resources: report.resources }, null, 2)}\n`;
}
