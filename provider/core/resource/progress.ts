/**
 * Progress lines for long operations. A dynamic provider has no channel to the engine's
 * logger: `console.log` from the provider process is what the user sees during `pulumi up`.
 * Messages must never contain secrets; callers pass only ids, states and timings.
 */
export function progress(subject: string, message: string): void {
    console.log(`[ecs-ops] ${subject}: ${message}`);
}

/** Formats a duration in milliseconds as `1m05s` / `12s` / `350ms` for progress lines and errors. */
export function formatDuration(ms: number): string {
    if (ms < 1000) return `${Math.round(ms)}ms`;
    const totalSeconds = Math.round(ms / 1000);
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    return minutes > 0 ? `${minutes}m${String(seconds).padStart(2, "0")}s` : `${seconds}s`;
}
