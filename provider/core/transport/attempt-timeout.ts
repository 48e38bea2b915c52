import { env, stackConfig } from "../credentials/stack-config";
import { parseDuration } from "../inputs/timeouts";

/**
 * The longest one attempt of a call may wait for an answer: stack config `ecs-ops:attemptTimeout`,
 * then `ECS_OPS_ATTEMPT_TIMEOUT` (durations such as `"15s"`, `"2s"`, `"500ms"`), else the
 * client's default. A malformed value is an error naming the setting.
 */
export function configuredAttemptTimeoutMs(defaultMs: number): number {
    const fromConfig = stackConfig("ecs-ops:attemptTimeout");
    const text = fromConfig ?? env("ECS_OPS_ATTEMPT_TIMEOUT");
    if (text === undefined) return defaultMs;
    const ms = parseDuration(text);
    if (ms === undefined || ms < 100 || ms > 10 * 60_000) {
        const source = fromConfig !== undefined ? "ecs-ops:attemptTimeout" : "ECS_OPS_ATTEMPT_TIMEOUT";
        throw new Error(`${source} must be a duration between 100ms and 10m such as "15s", got "${text}"`);
    }
    return ms;
}
