// The guard of a fleet whose members a selector chooses (alicloud.InstanceFleet, huaweicloud.ServerFleet):
// a selection that is empty or exploding (a mistyped tag, an API glitch) or that would release most of
// the fleet at once is refused before anything happens. Pure: the FleetMembership resources' `check`
// runs it on the previous member list (their old inputs) and the new one.

/** Bounds on the number of members a selector may choose. */
export interface ExpectedCount {
    /** Fewest members the selection may have. */
    min?: number;
    /** Most members the selection may have. */
    max?: number;
}

/** What the guard judges. */
export interface MembershipChange {
    /** The fleet, for the message: `InstanceFleet "web"`. */
    fleet: string;
    /** The selector as given, for the message. */
    selector: unknown;
    /** The members before (the recorded list), or undefined when the fleet has none recorded yet. */
    previous: readonly string[] | undefined;
    /** The members the selection gives now. */
    next: readonly string[];
    expectedCount?: ExpectedCount;
    /** Release more than half of the current members at once. Default false. */
    allowMassRelease?: boolean;
}

/** The members that leave: in `previous`, not in `next`. */
export function releasedMembers(previous: readonly string[] | undefined, next: readonly string[]): string[] {
    return (previous ?? []).filter((id) => !next.includes(id));
}

/** The members that join: in `next`, not in `previous`. */
export function joiningMembers(previous: readonly string[] | undefined, next: readonly string[]): string[] {
    const before = previous ?? [];
    return next.filter((id) => !before.includes(id));
}

/** A selector as the messages print it: `{"tags":{"tier":"web"}}`. */
export function selectorText(selector: unknown): string {
    return JSON.stringify(selector ?? {});
}

function listText(ids: readonly string[], most = 10): string {
    return ids.length <= most ? ids.join(", ") : `${ids.slice(0, most).join(", ")} and ${ids.length - most} more`;
}

/**
 * Why the change is refused, or undefined when it is allowed: a count outside `expectedCount`, or
 * (unless `allowMassRelease`) more than half of the current members released at once.
 */
export function membershipRefusal(change: MembershipChange): string | undefined {
    const { fleet, next, expectedCount } = change;
    const count = next.length;
    const selector = selectorText(change.selector);
    const min = expectedCount?.min;
    const max = expectedCount?.max;
    if ((min !== undefined && count < min) || (max !== undefined && count > max)) {
        const bounds = min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
        return (
            `${fleet}: the selector ${selector} selects ${count} member${count === 1 ? "" : "s"}, expectedCount wants ${bounds}; ` +
            `nothing is adopted or released (a mistyped tag or filter? fix the selector or expectedCount)`
        );
    }
    const previous = change.previous ?? [];
    const released = releasedMembers(previous, next);
    if (change.allowMassRelease !== true && previous.length > 0 && released.length * 2 > previous.length) {
        return (
            `${fleet}: the selector ${selector} selects ${count} member${count === 1 ? "" : "s"} and would release ${released.length} of the ` +
            `${previous.length} current ones (${listText(released)}), more than half; nothing is adopted or released. ` +
            `If that is meant, set allowMassRelease: true for this update`
        );
    }
    return undefined;
}

/** Checks `expectedCount` itself: whole numbers ≥ 0, min ≤ max. The failure, or undefined. */
export function expectedCountProblem(expected: ExpectedCount | undefined): string | undefined {
    if (expected === undefined) return undefined;
    if (expected.min !== undefined && expected.max !== undefined && expected.min > expected.max) {
        return `expectedCount: min (${expected.min}) must not be greater than max (${expected.max})`;
    }
    return undefined;
}
