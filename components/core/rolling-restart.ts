/** How many instances of a fleet may be restarting at once: a count, or a percentage such as `"25%"`. */
export type MaxUnavailable = number | `${number}%`;

/** The restart strategy of `InstanceFleet`. */
export interface RestartStrategy {
    /**
     * Most instances restarted at the same time (one wave), as a count (≥ 1) or a percentage of
     * the fleet (rounded down, at least 1). Default `"25%"`.
     */
    maxUnavailable?: MaxUnavailable;
}

/** The default `maxUnavailable`: a quarter of the fleet, at least one instance. */
export const DEFAULT_MAX_UNAVAILABLE: MaxUnavailable = "25%";

/**
 * The wave size for a fleet of `size` instances; throws naming the property and the rule when
 * `maxUnavailable` is neither a positive integer nor a percentage in (0, 100].
 */
export function waveSize(maxUnavailable: MaxUnavailable | undefined, size: number, where: string): number {
    const value = maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE;
    if (typeof value === "number") {
        if (!Number.isInteger(value) || value < 1) {
            throw new Error(`${where}: restartStrategy.maxUnavailable must be a positive integer or a percentage such as "25%", got ${value}`);
        }
        return Math.min(value, Math.max(size, 1));
    }
    const m = typeof value === "string" ? /^(\d+(?:\.\d+)?)%$/.exec(value.trim()) : null;
    const percent = m ? Number(m[1]) : NaN;
    if (!(percent > 0 && percent <= 100)) {
        throw new Error(
            `${where}: restartStrategy.maxUnavailable must be a positive integer or a percentage in (0%, 100%] such as "25%", got ${JSON.stringify(value)}`,
        );
    }
    return Math.max(1, Math.floor((size * percent) / 100));
}

/** The instance ids in waves of at most `size`, in the order given. */
export function planWaves(ids: readonly string[], size: number): string[][] {
    const waves: string[][] = [];
    for (let i = 0; i < ids.length; i += size) waves.push(ids.slice(i, i + size));
    return waves;
}
