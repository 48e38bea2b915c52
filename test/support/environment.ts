// Test support: replacing a set of process environment variables and putting them back afterwards.

/**
 * Deletes every variable in `keys` from `process.env`, then sets `values`; returns a function that
 * restores every variable in `keys` to what it was before (deleting the ones that were unset).
 */
export function replaceEnvironment(keys: readonly string[], values: Record<string, string>): () => void {
    const saved = new Map<string, string | undefined>(keys.map((k) => [k, process.env[k]]));
    for (const key of keys) delete process.env[key];
    Object.assign(process.env, values);
    return () => {
        for (const [key, value] of saved) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    };
}

/**
 * Mocha hooks for a provider given only its own config (the plugin's `ecs-ops:` keys): each test runs
 * with the variables in `keys` unset, put back after it, and then `cleanup` (e.g. the provider's stack
 * config cleared).
 */
export function withoutEnvironmentEachTest(keys: readonly string[], cleanup: () => void = () => undefined): void {
    let restore: () => void = () => undefined;
    beforeEach(() => {
        restore = replaceEnvironment(keys, {});
    });
    afterEach(() => {
        restore();
        cleanup();
    });
}
