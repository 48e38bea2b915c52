// Types for scripts/ensure-pulumi.js (plain CommonJS so it runs before `npm run build`).

export interface EnsuredPulumi {
    /** Directory holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs (and pulumi-language-yaml when built). */
    binDir: string;
    /** Absolute path of the pulumi executable. */
    pulumi: string;
    /** CLI version without the leading "v", e.g. "3.259.0". */
    version: string;
    /** "path": a pulumi >= 3.200 found on PATH; "built": the pinned build in .tools/bin. */
    source: "path" | "built";
    /**
     * The YAML language host (pulumi-language-yaml): beside the CLI or on PATH, else the pinned build in
     * .tools/bin. Undefined only when a PATH CLI has none and `build: false` forbade building it; then
     * `yamlMissing` says why and what to run, and Node programs still work.
     */
    yamlHost?: string;
    /** Why there is no YAML host (see yamlHost). */
    yamlMissing?: string;
    /** Environment overrides to run it: binDir first on PATH, then the YAML host's dir. */
    env: { PATH: string };
}

/** Finds or (unless build: false) builds the CLI. Building prints progress on stderr. */
export function ensurePulumi(opts?: { build?: boolean }): Promise<EnsuredPulumi>;
/** process.env (or base) with the bin dir first on PATH and update checks off. */
export function pulumiEnv(ensured: EnsuredPulumi, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
/** The version pinned by tools/pulumi/go.mod. */
export function pinnedVersion(): string;
/** The pulumi-yaml version pinned by tools/pulumi/language-yaml/go.mod, e.g. "1.25.0". */
export function pinnedYamlVersion(): string;
export const binDir: string;
export const MIN_VERSION: string;
