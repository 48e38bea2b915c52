import { z } from "zod";

/** Per-operation time limits of a resource, as Go-style durations (`"30s"`, `"10m"`, `"1h30m"`). */
export interface Timeouts {
    create?: string;
    update?: string;
    delete?: string;
}

/** The default limit for one operation (polling included): 10 minutes, as the terraform providers. */
export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

const DURATION = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/;

/** Parses `"1h30m"`, `"90s"`, `"500ms"` into milliseconds; undefined for malformed or empty text. */
export function parseDuration(text: string): number | undefined {
    const m = DURATION.exec(text.trim());
    if (!m || text.trim() === "" || m.slice(1).every((g) => g === undefined)) return undefined;
    const [h, min, s, ms] = m.slice(1).map((g) => (g === undefined ? 0 : Number(g)));
    return Math.round(((h * 60 + min) * 60 + s) * 1000 + ms);
}

/** zod schema of the `timeouts` input: each value a positive duration of at most 24h. */
export const timeoutsSchema = z
    .object({
        create: z.string().optional(),
        update: z.string().optional(),
        delete: z.string().optional(),
    })
    .strict()
    .superRefine((value, ctx) => {
        for (const key of ["create", "update", "delete"] as const) {
            const text = value[key];
            if (text === undefined) continue;
            const ms = parseDuration(text);
            if (ms === undefined || ms <= 0) {
                ctx.addIssue({ code: "custom", path: [key], message: `must be a duration such as "30s", "10m" or "1h30m", got "${text}"` });
            } else if (ms > 24 * 60 * 60 * 1000) {
                ctx.addIssue({ code: "custom", path: [key], message: `must be at most 24h, got "${text}"` });
            }
        }
    });

/** The limit in milliseconds for `operation`, from the resource's `timeouts` input or the default. */
export function timeoutFor(timeouts: Timeouts | undefined, operation: keyof Timeouts): number {
    const text = timeouts?.[operation];
    return (text !== undefined ? parseDuration(text) : undefined) ?? DEFAULT_TIMEOUT_MS;
}

/** An absolute deadline (epoch ms) for an operation starting now. */
export function deadlineFor(timeouts: Timeouts | undefined, operation: keyof Timeouts, now = Date.now()): number {
    return now + timeoutFor(timeouts, operation);
}
