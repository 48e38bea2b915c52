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

/** A stack config value, or undefined when unset or when no `configure` ran (direct use, tests). */
export function stackConfig(key: string): string | undefined {
    const value = current?.get(key);
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
