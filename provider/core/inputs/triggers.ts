import { canonicalText } from "./canonical-json";
import { containsUnknown } from "./unknowns";

/**
 * Whether two values differ deeply (the `triggers` rule of @pulumi/command: any change of any
 * element re-runs the operation). Object key order does not count; a value that still contains
 * an unknown (preview) counts as a change.
 */
export function valuesDiffer(previous: unknown, next: unknown): boolean {
    if (containsUnknown(next)) return true;
    return canonicalText(previous) !== canonicalText(next);
}

/**
 * Whether the triggers recorded in state differ from the new ones. `legacy` is the same trigger
 * values in the form an earlier ecs-ops release computed them (ManagedInstance's
 * `[hostName, sha256 of password and user data]` before the keyed restart trigger): recorded
 * triggers equal to it are the same values, so upgrading ecs-ops reboots nothing.
 */
export function triggersChanged(recorded: unknown, next: unknown, legacy?: unknown): boolean {
    if (!valuesDiffer(recorded, next)) return false;
    return legacy === undefined || legacy === null || valuesDiffer(recorded, legacy);
}

/** Whether the recorded triggers are in the earlier release's form of the new ones (recorded anew, with no reboot). */
export function recordedInLegacyForm(recorded: unknown, next: unknown, legacy?: unknown): boolean {
    return valuesDiffer(recorded, next) && !triggersChanged(recorded, next, legacy);
}
