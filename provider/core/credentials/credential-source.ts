import * as fs from "fs";
import { CredentialCache, CredentialSourceError } from "./temporary-credentials";

// The pieces both credential chains (provider/alicloud/credential-chain.ts and
// provider/huaweicloud/credential-chain.ts) share: the failure of one source, the endpoint URL
// check, the token file read, the key-pair rule and the process-wide cache of temporary keys (the
// walk over the sources is credential-chain.ts). Every message names sources (config keys, variables,
// files, URLs), never a value.

/** A failure of a chosen source: why, and what to set or check (turned into a `CredentialSourceError`). */
export class SourceFailure extends Error {
    constructor(
        readonly reason: string,
        readonly fix: string,
        /** The identity endpoint was unreachable, throttled or failing: the call may try again. */
        readonly transient = false,
    ) {
        super(reason);
    }
}

/** `value` checked as an http(s) URL (an endpoint override named `name`), without a trailing slash. */
export function httpUrl(name: string, value: string): string {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        throw new SourceFailure(`${name} is not a URL`, "Set it to an http(s) URL.");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new SourceFailure(`${name} must be an http(s) URL`, "Set it to an http(s) URL.");
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The text of `file`, a source's file named `what` (`the profile file`); `fix` says how to provide it. */
function readSourceFile(file: string, what: string, fix: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new SourceFailure(code === "ENOENT" ? `${what} ${file} does not exist` : `${what} ${file} cannot be read (${code ?? "error"})`, fix);
    }
}

/**
 * A CLI's profile file, parsed: a failure names the file and what to do, never its content (it
 * holds secrets). `fixes` say how to create it (when it cannot be read) and how to repair it.
 */
export function readProfileFile(file: string, fixes: { unreadable: string; invalid: string }): { current?: unknown; profiles?: unknown } {
    const text = readSourceFile(file, "the profile file", fixes.unreadable);
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw new SourceFailure(`the profile file ${file} is not valid JSON`, fixes.invalid);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
        throw new SourceFailure(`the profile file ${file} is not a JSON object`, fixes.invalid);
    return parsed as { current?: unknown; profiles?: unknown };
}

/**
 * The token a CI wrote to `file` (read at every renewal: CI and Kubernetes rotate it), trimmed.
 * `what` names the file (`the OIDC token file`); `fix` says how to provide it.
 */
export function readTokenFile(file: string, what: string, fix: string): string {
    const token = readSourceFile(file, what, fix).trim();
    if (token === "") throw new SourceFailure(`${what} ${file} is empty`, "Write the CI's OIDC token to it before ecs-ops runs.");
    return token;
}

/**
 * A key pair taken from one source as a whole: undefined when neither half is set, the pair when
 * both are, and a failure naming the missing half when only one is.
 */
export function keyPairOf(names: readonly [string, string], values: readonly [string | undefined, string | undefined]): [string, string] | undefined {
    const [id, secret] = values;
    if (id === undefined && secret === undefined) return undefined;
    if (id === undefined || secret === undefined) {
        const [present, missing] = id === undefined ? [names[1], names[0]] : [names[0], names[1]];
        throw new SourceFailure(`${present} is set but ${missing} is not`, "The key pair must come from one source: set both, or neither.");
    }
    return [id, secret];
}

/** Runs `step`, turning a `SourceFailure` into the `CredentialSourceError` of `source` (after `tried`). */
export function asSourceError<T>(cloud: string, source: string, tried: readonly string[], step: () => T): T {
    try {
        return step();
    } catch (err) {
        throw sourceError(cloud, source, tried, err);
    }
}

/** `err` as the `CredentialSourceError` of `source` when it is a `SourceFailure`; any other error as it is. */
export function sourceError(cloud: string, source: string, tried: readonly string[], err: unknown): unknown {
    return err instanceof SourceFailure ? new CredentialSourceError(cloud, source, err.reason, err.fix, tried, err.transient) : err;
}

const caches = new Set<CredentialCache>();

/** A cache of temporary keys shared by every resource of the provider process (one per cloud). */
export function sharedCredentialCache(): CredentialCache {
    const cache = new CredentialCache();
    caches.add(cache);
    return cache;
}

/** Forgets every cached temporary key of every cloud (tests). */
export function clearCredentialCaches(): void {
    for (const cache of caches) cache.clear();
}
