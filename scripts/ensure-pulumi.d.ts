// Types for scripts/ensure-pulumi.js (plain CommonJS so it runs before `npm run build`).

export interface EnsuredPulumi {
    /** Directory holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs. */
    binDir: string;
    /** Absolute path of the pulumi executable. */
    pulumi: string;
    /** CLI version without the leading "v", e.g. "3.259.0". */
    version: string;
    /** "path": a pulumi >= 3.200 found on PATH; "built": the pinned build in .tools/bin. */
    source: "path" | "built";
    /** Environment overrides to run it: binDir first on PATH. */
    env: { PATH: string };
}

/** Finds or (unless build: false) builds the CLI. Building prints progress on stderr. */
export function ensurePulumi(opts?: { build?: boolean }): Promise<EnsuredPulumi>;
/** process.env (or base) with the bin dir first on PATH and update checks off. */
export function pulumiEnv(ensured: EnsuredPulumi, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
/** The version pinned by tools/pulumi/go.mod. */
export function pinnedVersion(): string;
export const binDir: string;
export const MIN_VERSION: string;
