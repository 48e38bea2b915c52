/** Read access to stack configuration, as the dynamic-provider host hands it to `configure`. */
export interface ConfigSource {
    /** The value of a fully qualified key such as `alicloud:accessKey`; secrets arrive unwrapped. */
    get(key: string): string | undefined;
}

let current: ConfigSource | undefined;

/**
 * Remembers the stack configuration for this provider process. Called from every provider's
 * `configure`; the value lives only in process memory, never in state or in the serialized provider.
 */
export function setStackConfig(config: ConfigSource): void {
    current = config;
}

/** Whether a stack configuration was set (a provider's `configure` ran, or a program's look-up set its own). */
export function hasStackConfig(): boolean {
    return current !== undefined;
}

/**
 * The `ecs-ops:` name of a cloud provider's key: `alicloud:region` -> `ecs-ops:alicloudRegion`,
 * `huaweicloud:accessKey` -> `ecs-ops:huaweicloudAccessKey`; undefined for any other key. The engine
 * configures the ecs-ops provider plugin (YAML, Python, Go programs) with the `ecs-ops:` namespace
 * only, so every `alicloud:*` / `huaweicloud:*` setting the handlers read has this second name.
 */
export function ecsOpsConfigKey(key: string): string | undefined {
    const match = /^(alicloud|huaweicloud):([a-zA-Z][a-zA-Z0-9]*)$/.exec(key);
    if (match === null) return undefined;
    return `ecs-ops:${match[1]}${match[2][0].toUpperCase()}${match[2].slice(1)}`;
}

/**
 * A stack config value, or undefined when unset or when no `configure` ran (direct use, tests). An
 * `alicloud:*` / `huaweicloud:*` key falls back to its `ecs-ops:` name (`ecsOpsConfigKey`), so one
 * stack config serves the TypeScript dynamic resources and the provider plugin alike.
 */
export function stackConfig(key: string): string | undefined {
    const own = nonEmpty(current?.get(key));
    if (own !== undefined) return own;
    const alias = ecsOpsConfigKey(key);
    return alias === undefined ? undefined : nonEmpty(current?.get(alias));
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value === "" ? undefined : value;
}

/** Forgets the stack configuration (tests). */
export function clearStackConfig(): void {
    current = undefined;
}

/** The first non-empty value, with the name of the source it came from. */
export function firstSet(sources: ReadonlyArray<[name: string, value: string | undefined]>): { name: string; value: string } | undefined {
    for (const [name, value] of sources) {
        if (value !== undefined && value !== "") return { name, value };
    }
    return undefined;
}

/** An environment variable read at call time, or undefined when unset or empty. */
export function env(name: string): string | undefined {
    const value = process.env[name];
    return value === undefined || value === "" ? undefined : value;
}
