import { DriftEntry, NOT_READABLE, NOT_SET, secretShown } from "../../core/resource/observe";
import { cloudSatisfies, managedPart, PLAIN_KEYS, PlainAttributes } from "./fields";
import { keyedFingerprint } from "./plan";

// The drift of an observing `alicloud.InstanceAttributes` (docs/drift.md#observe-only): each managed
// attribute whose cloud value differs from the program's. Pure: the caller reads the cloud.

/** The program's managed values, as `check` receives them (secrets in plaintext: only fingerprinted here). */
export interface ProgramValues extends Partial<PlainAttributes> {
    password?: string;
    userData?: string;
    remoteConnectionOptions?: { password?: string; type?: string };
}

/** What the cloud reports of the instance (userData only when read). */
export interface CloudValues {
    attributes: Partial<PlainAttributes>;
    userData?: string;
}

/** The attributes the cloud never reports back: their drift is "not applied yet", never a comparison. */
export const WRITE_ONLY_KEYS = ["password", "remoteConnectionOptions"] as const;

/**
 * The drift: a plain attribute whose cloud value does not satisfy the program's (option objects:
 * only the members the program sets; the cloud's part of them is shown), the user data by keyed
 * fingerprint, and the write-only attributes named in `unapplied` (never sent to the cloud while
 * observing) as not readable. A plain attribute the cloud does not report is listed only when
 * `unapplied` names it too.
 */
export function attributesDrift(program: ProgramValues, cloud: CloudValues, key: string, unapplied: ReadonlySet<string>): DriftEntry[] {
    const out: DriftEntry[] = [];
    for (const name of PLAIN_KEYS) {
        const desired = program[name];
        if (desired === undefined || desired === null) continue;
        const reported = cloud.attributes[name];
        if (reported === undefined) {
            if (unapplied.has(name)) out.push({ property: name, program: desired, cloud: NOT_READABLE });
            continue;
        }
        if (!cloudSatisfies(name, desired, reported)) out.push({ property: name, program: desired, cloud: managedPart(name, desired, reported) ?? NOT_SET });
    }
    if (program.userData !== undefined && cloud.userData !== undefined && cloud.userData !== program.userData) {
        out.push({
            property: "userData",
            program: secretShown(keyedFingerprint(key, program.userData)),
            cloud: cloud.userData === "" ? NOT_SET : secretShown(keyedFingerprint(key, cloud.userData)),
        });
    }
    if (program.password !== undefined && unapplied.has("password")) {
        out.push({ property: "password", program: secretShown(keyedFingerprint(key, program.password)), cloud: NOT_READABLE });
    }
    const rco = program.remoteConnectionOptions;
    if (rco !== undefined && unapplied.has("remoteConnectionOptions")) {
        out.push({
            property: "remoteConnectionOptions",
            program: rco.password === undefined ? { type: rco.type } : { type: rco.type, password: secretShown(keyedFingerprint(key, rco.password)) },
            cloud: NOT_READABLE,
        });
    }
    return out;
}

/**
 * The write-only attributes (and plain ones the cloud may not report) not applied to the cloud yet,
 * as `check` judges from the old inputs: on adoption every one the program sets; later those the
 * last drift named still, and those whose value changed while observing. An attribute that was
 * applied before observing started (the old inputs did not observe) counts as applied when unchanged.
 */
export function unappliedKeys(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    oldDrift: readonly DriftEntry[],
    sameValue: (a: unknown, b: unknown) => boolean,
): Set<string> {
    const adopting = olds.instanceId === undefined || olds.instanceId !== news.instanceId;
    const named = new Set(oldDrift.map((e) => e.property));
    const out = new Set<string>();
    for (const name of [...WRITE_ONLY_KEYS, ...PLAIN_KEYS] as string[]) {
        if (news[name] === undefined || news[name] === null) continue;
        if (adopting || named.has(name) || !sameValue(olds[name], news[name])) out.add(name);
    }
    return out;
}
