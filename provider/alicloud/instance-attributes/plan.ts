import { createHmac, randomBytes } from "crypto";
import { NO_OPERATION, rpcSecret, unwrapRpcSecret } from "../../core/resource/plan";
import { containsUnknown, UNKNOWN } from "../../core/inputs/unknowns";
import { PLAIN_KEYS, PlainKey, RESTART_KEYS, samePlain, STOPPED_KEYS } from "./fields";
import type { RestartTrigger } from "./declaration";

// What `check` of alicloud.InstanceAttributes adds to the inputs (see provider/core/plan.ts):
// - `plannedOperation`: the effects `up` will have beyond the call itself — which changes take
//   effect only after a restart, and a stop/start for `stopIfNeeded`; "none" otherwise.
// - `restartTrigger`: what a reboot that applies restart-requiring changes must follow. It changes
//   exactly when `up` applies a change of hostName, password or userData (also when it puts back a
//   value that a refresh found drifted), and never holds a secret: the password and user data appear
//   as HMAC-SHA256 fingerprints under a random key, so the preview can show them changing.
// - `fingerprintKey`: that key, a secret (encrypted in state, never shown).

export type { RestartTrigger } from "./declaration";

const TRIGGER_VALUES = ["hostName", "password", "userData"] as const;

/** A keyed fingerprint: safe to show (without the key it reveals nothing about the secret). */
export function keyedFingerprint(key: string, value: string): string {
    return `hmac:${createHmac("sha256", key).update(value, "utf8").digest("hex").slice(0, 16)}`;
}

/** The key kept from the old inputs, or a new one. */
export function fingerprintKeyOf(olds: Record<string, unknown>): string {
    const old = unwrapRpcSecret(olds.fingerprintKey);
    return typeof old === "string" && old.length >= 32 ? old : randomBytes(32).toString("hex");
}

/** The trigger values the program asks for (unknown values stay unknown). */
function wantedValues(key: string, news: Record<string, unknown>): Partial<Record<(typeof TRIGGER_VALUES)[number], string>> {
    const out: Partial<Record<(typeof TRIGGER_VALUES)[number], string>> = {};
    for (const name of TRIGGER_VALUES) {
        const value = news[name];
        if (value === undefined || value === null) continue;
        if (containsUnknown(value) || typeof value !== "string") out[name] = UNKNOWN;
        else out[name] = name === "hostName" ? value : keyedFingerprint(key, value);
    }
    return out;
}

/** The restart trigger after this run, from the old one (old inputs) and the program's values. */
export function nextRestartTrigger(key: string, olds: Record<string, unknown>, news: Record<string, unknown>): RestartTrigger | undefined {
    const wanted = wantedValues(key, news);
    if (Object.keys(wanted).length === 0) return undefined;
    const old = olds.restartTrigger as RestartTrigger | undefined;
    const adopting = olds.instanceId === undefined || olds.instanceId !== news.instanceId;
    if (adopting) return { ...wanted, revision: 1, reason: `${Object.keys(wanted).join(", ")} set when taken under management` };
    if (old === undefined || typeof old !== "object") {
        // State written by an ecs-ops release before the restart trigger: the values as recorded then.
        return { ...wanted, revision: 1, reason: `${Object.keys(wanted).join(", ")} as recorded by an earlier ecs-ops release` };
    }
    const changed = TRIGGER_VALUES.filter((name) => wanted[name] !== undefined && wanted[name] !== old[name]);
    if (changed.length === 0) return { ...wanted, revision: old.revision, reason: old.reason };
    return {
        ...wanted,
        revision: (typeof old.revision === "number" ? old.revision : 0) + 1,
        reason: `${changed.join(", ")} change${changed.length === 1 ? "s" : ""}`,
    };
}

/** The restart-requiring and stop-requiring attributes this run will change, from the old inputs. */
function changedKeys(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    trigger: RestartTrigger | undefined,
): { restart: string[]; stopped: string[] } {
    const old = olds.restartTrigger as RestartTrigger | undefined;
    // Without an old trigger (state of an earlier release) the old inputs' own values tell what changes.
    const differs = (name: (typeof TRIGGER_VALUES)[number]): boolean =>
        old === undefined || typeof old !== "object"
            ? containsUnknown(news[name]) || news[name] !== olds[name]
            : trigger?.[name] !== old[name] || trigger?.[name] === UNKNOWN;
    const restart = TRIGGER_VALUES.filter((name) => trigger?.[name] !== undefined && differs(name));
    const stopped = PLAIN_KEYS.filter(
        (k): k is PlainKey => STOPPED_KEYS.has(k) && news[k] !== undefined && news[k] !== null && (containsUnknown(news[k]) || !samePlain(k, news[k], olds[k])),
    );
    return { restart: restart.filter((k) => RESTART_KEYS.has(k)), stopped };
}

/** The plan text of an InstanceAttributes for this run. */
export function attributesPlan(olds: Record<string, unknown>, news: Record<string, unknown>, trigger: RestartTrigger | undefined): string {
    const instance = typeof news.instanceId === "string" && !containsUnknown(news.instanceId) ? news.instanceId : "(known at up)";
    const adopting = olds.instanceId === undefined || olds.instanceId !== news.instanceId;
    const { restart, stopped } = adopting
        ? {
              restart: TRIGGER_VALUES.filter((k) => news[k] !== undefined && news[k] !== null),
              stopped: PLAIN_KEYS.filter((k) => STOPPED_KEYS.has(k) && news[k] !== undefined && news[k] !== null),
          }
        : changedKeys(olds, news, trigger);
    const parts: string[] = [];
    if (restart.length > 0) {
        parts.push(
            adopting
                ? `${restart.join(", ")} take${restart.length === 1 ? "s" : ""} effect only after the instance is restarted, where adopting instance ${instance} changes ${restart.length === 1 ? "it" : "them"}` +
                      (restart.includes("password") ? " (a password is always set)" : "")
                : `${restart.join(", ")} take${restart.length === 1 ? "s" : ""} effect only after the instance is restarted (changing on instance ${instance})`,
        );
    }
    if (stopped.length > 0) {
        parts.push(
            news.stopIfNeeded === true
                ? `stop instance ${instance} if it is Running, change ${stopped.join(", ")}, start it again (stopIfNeeded)`
                : `${stopped.join(", ")} change${stopped.length === 1 ? "s" : ""} only while instance ${instance} is Stopped: the update fails if it is Running (stopIfNeeded is not set)`,
        );
    }
    return parts.length > 0 ? parts.join("; ") : NO_OPERATION;
}

/** The computed inputs `check` adds. */
export function plannedInputs(olds: Record<string, unknown>, news: Record<string, unknown>): Record<string, unknown> {
    const key = fingerprintKeyOf(olds);
    const trigger = nextRestartTrigger(key, olds, news);
    const out: Record<string, unknown> = { plannedOperation: attributesPlan(olds, news, trigger), fingerprintKey: rpcSecret(key) };
    if (trigger !== undefined) out.restartTrigger = trigger;
    return out;
}

/**
 * The restart trigger as `read` found the cloud: the hostName it reports and the fingerprint of the
 * user data it holds replace the recorded ones (a drift shows as a change the next run puts back
 * and reboots for); the password is write-only and keeps its fingerprint.
 */
export function refreshedRestartTrigger(
    old: RestartTrigger | undefined,
    key: string | undefined,
    cloud: { hostName?: string; userData?: string },
): RestartTrigger | undefined {
    if (old === undefined || typeof old !== "object" || key === undefined) return old;
    const next: RestartTrigger = { ...old };
    if (old.hostName !== undefined && cloud.hostName !== undefined) next.hostName = cloud.hostName;
    if (old.userData !== undefined && cloud.userData !== undefined) next.userData = keyedFingerprint(key, cloud.userData);
    return next;
}
