import { progress } from "../../core/resource/progress";
import { matchesFingerprint } from "../../core/resource/secrets";
import { containsUnknown } from "../../core/inputs/unknowns";
import { resolveAlicloudRegion } from "../credentials/credentials";
import { ATTRIBUTE_KEYS, AttributeKey, RESTART_KEYS, samePlain, sameValue } from "./fields";
import type { InstanceAttributesState } from "./state";

/** What differs between the state and the program, by kind. */
export interface AttributesDiff {
    /** Attributes whose managed value changes: these go into ModifyInstanceAttribute. */
    changed: AttributeKey[];
    /** Attributes the program no longer sets: released from management, no call. */
    unmanaged: AttributeKey[];
    /** Resource settings that change (restoreOnDelete, stopIfNeeded, timeouts, observeOnly): no call. */
    settings: string[];
    /** Properties whose change replaces the resource (another instance, another region). */
    replaces: string[];
}

const SETTINGS = ["restoreOnDelete", "stopIfNeeded", "timeouts", "observeOnly"] as const;

function secretChanged(key: "password" | "userData", olds: InstanceAttributesState, value: unknown): boolean {
    const fp = key === "password" ? olds.passwordFingerprint : olds.userDataFingerprint;
    return typeof value !== "string" || !matchesFingerprint(value, fp);
}

function remoteOptionsChanged(olds: InstanceAttributesState, value: unknown): boolean {
    const news = value as { password?: string; type?: string };
    const old = olds.remoteConnectionOptions;
    if (old === undefined) return true;
    if (news.type !== old.type) return true;
    if (news.password === undefined) return old.passwordFingerprint !== undefined;
    return !matchesFingerprint(news.password, old.passwordFingerprint);
}

function wasManaged(olds: InstanceAttributesState, key: AttributeKey): boolean {
    if (key === "password") return olds.passwordFingerprint !== undefined;
    if (key === "userData") return olds.userDataFingerprint !== undefined;
    if (key === "remoteConnectionOptions") return olds.remoteConnectionOptions !== undefined;
    return olds[key] !== undefined;
}

/**
 * Compares the old outputs with the new (checked) inputs. Unknown inputs (preview) count as
 * changes; secrets are compared with their fingerprints; security groups as a set; the
 * `__provider` is ignored (a new provider alone calls nothing).
 */
export function diffAttributes(olds: InstanceAttributesState, news: Record<string, unknown>): AttributesDiff {
    const result: AttributesDiff = { changed: [], unmanaged: [], settings: [], replaces: [] };
    if (containsUnknown(news.instanceId) || news.instanceId !== olds.instanceId) result.replaces.push("instanceId");
    if (containsUnknown(news.region)) {
        result.replaces.push("region");
    } else {
        const region = resolveAlicloudRegion(news.region as string | undefined);
        if (region !== undefined && olds.region !== undefined && region !== olds.region) result.replaces.push("region");
    }
    for (const key of ATTRIBUTE_KEYS) {
        const value = news[key];
        if (value === undefined) {
            if (wasManaged(olds, key)) result.unmanaged.push(key);
            continue;
        }
        if (containsUnknown(value)) {
            result.changed.push(key);
            continue;
        }
        let changed: boolean;
        if (key === "password" || key === "userData") changed = secretChanged(key, olds, value);
        else if (key === "remoteConnectionOptions") changed = remoteOptionsChanged(olds, value);
        else changed = !samePlain(key, value, olds[key]);
        if (changed) result.changed.push(key);
    }
    for (const key of SETTINGS) {
        if (containsUnknown(news[key]) || !sameValue(news[key], olds[key])) result.settings.push(key);
    }
    return result;
}

/** Whether a diff leads to any step (an update or a replacement). */
export function hasChanges(d: AttributesDiff): boolean {
    return d.changed.length + d.unmanaged.length + d.settings.length + d.replaces.length > 0;
}

/**
 * Prints, once, after the change was applied, which applied attributes the OS sees only after a
 * restart (nothing when the update's own stop/start for `stopIfNeeded` restarted the instance).
 * What will happen before it runs is the plan (`plannedOperation`) in the preview.
 */
export function announceEffects(subject: string, applied: readonly AttributeKey[], restartedByUpdate: boolean): void {
    const restart = applied.filter((k) => RESTART_KEYS.has(k));
    if (restart.length === 0 || restartedByUpdate) return;
    progress(
        subject,
        `${restart.join(", ")} applied; ${restart.length === 1 ? "it takes" : "they take"} effect only after the instance is restarted from the console or the API ` +
            `(e.g. alicloud.InstanceReboot); outputs restartRequired/pendingRestart say so until then`,
    );
}
