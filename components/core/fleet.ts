import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MAX_UNAVAILABLE, planWaves, RestartStrategy, waveSize } from "./rolling-restart";

/**
 * The cloud-neutral part of the fleet components (Alibaba `InstanceFleet`, Huawei `ServerFleet`):
 * the member ids and per-member overrides checked, the rolling-restart waves planned and wired
 * (each wave's members wait for the restarts of the wave before it), and the fleet's outputs.
 */

/** How a fleet names its members: `{ ids: "instanceIds", overrides: "instances", noun: "instance" }`. */
export interface FleetNames {
    ids: string;
    overrides: string;
    noun: string;
    /** The status a restarted member is back in: "Running", "ACTIVE". */
    running: string;
}

/** Checks a fleet's ids and the keys of its per-member overrides; the ids. */
export function checkFleetIds(where: string, names: FleetNames, ids: unknown, overrides: Record<string, unknown> | undefined): string[] {
    const what = names.ids;
    if (!Array.isArray(ids) || ids.length === 0) throw new Error(`${where}: ${what} must be a non-empty list of ${names.noun} ids`);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (duplicates.length > 0) throw new Error(`${where}: ${what} lists ${[...new Set(duplicates)].join(", ")} more than once`);
    const overridesKey = names.overrides;
    const strays = Object.keys(overrides ?? {}).filter((id) => !ids.includes(id));
    if (strays.length > 0) {
        throw new Error(`${where}: ${overridesKey} has settings for ${strays.join(", ")}, which ${strays.length > 1 ? "are" : "is"} not in ${what}`);
    }
    return ids as string[];
}

/** A member of a fleet as the fleet sees it. */
export interface FleetMember {
    /** The member's reboot resource, when it has one (the next wave waits for it). */
    restart?: pulumi.Resource;
    pendingRestart: pulumi.Output<boolean>;
}

/** What `rollOut` gives back. */
export interface RollOut<M extends FleetMember> {
    /** The members, in the order of `ids`. */
    members: Record<string, M>;
    /** The waves, in order (empty when the fleet restarts nothing). */
    waves: string[][];
    /** Ids of the members still waiting for a restart. */
    pendingRestart: pulumi.Output<string[]>;
}

/**
 * Creates the fleet's members: those restarted by the fleet (`restarts` true for them) in waves of
 * at most `maxUnavailable` (in the order of `ids`), each wave's members created with `after` = the
 * reboots of the wave before; the others with no wait. Logs the waves when there is more than one.
 */
export function rollOut<M extends FleetMember>(
    where: string,
    names: FleetNames,
    parent: pulumi.Resource,
    ids: string[],
    strategy: RestartStrategy | undefined,
    restarts: (id: string) => boolean,
    create: (id: string, after: pulumi.Resource[]) => M,
): RollOut<M> {
    const size = waveSize(strategy?.maxUnavailable, ids.length, where);
    const waves = planWaves(ids.filter(restarts), size);
    const made: Record<string, M> = {};
    let previous: pulumi.Resource[] = [];
    for (const wave of waves) {
        previous = wave.map((id) => (made[id] = create(id, previous)).restart).filter((r): r is pulumi.Resource => r !== undefined);
    }
    for (const id of ids) if (!(id in made)) made[id] = create(id, []);
    if (waves.length > 1) {
        const sizeText = strategy?.maxUnavailable ?? `${DEFAULT_MAX_UNAVAILABLE} (default)`;
        pulumi.log.info(
            `rolling restarts in ${waves.length} waves of at most ${size} (maxUnavailable ${sizeText}); a wave starts when the one before it is ${names.running} again: ` +
                waves.map((w, i) => `wave ${i + 1}: ${w.join(", ")}`).join("; "),
            parent,
        );
    }
    const members = Object.fromEntries(ids.map((id) => [id, made[id]]));
    const pendingRestart = pulumi
        .all(ids.map((id) => members[id].pendingRestart.apply((pending) => (pending ? id : undefined))))
        .apply((list) => list.filter((id): id is string => id !== undefined));
    return { members, waves, pendingRestart };
}

/** The arguments of a fleet that belong to its selector. */
export interface SelectorArgs {
    expectedCount?: unknown;
    allowMassRelease?: unknown;
}

/**
 * Checks the selector-related arguments of a fleet. Without a selector (`selector` undefined),
 * `expectedCount` and `allowMassRelease` are refused (they guard a selection). With one, the selector
 * must set at least one filter (none would select the whole region), and the fixed ids (`ids`, may
 * be absent or empty) must be a list without duplicates; the fixed ids.
 */
export function checkSelectorArgs(where: string, names: FleetNames, ids: unknown, selector: object | undefined, args: SelectorArgs): string[] {
    if (selector === undefined) {
        const given = (["expectedCount", "allowMassRelease"] as const).filter((k) => args[k] !== undefined);
        if (given.length > 0)
            throw new Error(
                `${where}: ${given.join(" and ")} guard${given.length > 1 ? "" : "s"} a selection: ${given.length > 1 ? "they need" : "it needs"} selector`,
            );
        return [];
    }
    if (Object.values(selector).every((v) => v === undefined)) {
        throw new Error(
            `${where}: selector must set at least one filter (tags, namePattern, status, ...): an empty one would select every ${names.noun} of the region`,
        );
    }
    if (args.allowMassRelease !== undefined && typeof args.allowMassRelease !== "boolean") throw new Error(`${where}: allowMassRelease must be true or false`);
    if (ids === undefined) return [];
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string")) throw new Error(`${where}: ${names.ids} must be a list of ${names.noun} ids`);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (duplicates.length > 0) throw new Error(`${where}: ${names.ids} lists ${[...new Set(duplicates)].join(", ")} more than once`);
    return ids as string[];
}

/** The members of a fleet with a selector: the fixed ids in their order, then the selected ones not among them, sorted. */
export function selectedMembers(fixed: readonly string[], selected: readonly string[]): string[] {
    return [...fixed, ...[...new Set(selected)].filter((id) => !fixed.includes(id)).sort()];
}

/** The keys of the per-member overrides that are not members. */
export function strayOverrides(members: readonly string[], overrides: Record<string, unknown> | undefined): string[] {
    return Object.keys(overrides ?? {}).filter((id) => !members.includes(id));
}

/** What `rollOutSelection` gives back. */
export interface SelectedRollOut<M extends FleetMember> {
    /** The members, keyed by id: filled once the selection is known. */
    members: Record<string, M>;
    /** The waves, in order. */
    waves: pulumi.Output<string[][]>;
    /** Ids of the members still waiting for a restart. */
    pendingRestart: pulumi.Output<string[]>;
}

/**
 * The members of a fleet chosen by a selector, registered once the selection is known (in preview
 * too: the look-up is a read), each after `membership` (whose `check` judges the selection before
 * any step) and in rolling waves as `rollOut` makes them. Settings in `overrides` for ids that are
 * not selected now are ignored with a warning (an instance may be out of the selection for a while).
 */
export function rollOutSelection<M extends FleetMember>(
    where: string,
    names: FleetNames,
    parent: pulumi.Resource,
    memberIds: pulumi.Output<string[]>,
    overrides: Record<string, unknown> | undefined,
    strategy: RestartStrategy | undefined,
    restarts: (id: string) => boolean,
    membership: pulumi.Resource,
    create: (id: string, after: pulumi.Resource[]) => M,
): SelectedRollOut<M> {
    const members: Record<string, M> = {};
    const rolled = memberIds.apply((ids) => {
        const strays = strayOverrides(ids, overrides);
        if (strays.length > 0) pulumi.log.warn(`${where}: ${names.overrides} has settings for ${strays.join(", ")}, not selected now: ignored`, parent);
        const out = rollOut(where, names, parent, ids, strategy, restarts, (id, after) => create(id, [membership, ...after]));
        Object.assign(members, out.members);
        return { waves: out.waves, pendingRestart: out.pendingRestart };
    });
    return { members, waves: rolled.apply((r) => r.waves), pendingRestart: rolled.apply((r) => r.pendingRestart) };
}
