import { createHash } from "crypto";
import { redact } from "../resource/secrets";

/**
 * What every credential source hands back: a key pair, an optional security token, and when it
 * expires (epoch ms; undefined for long-lived keys). Lives only in process memory.
 */
export interface KeyMaterial {
    accessKeyId: string;
    accessKeySecret: string;
    securityToken?: string;
    /** Epoch ms after which the cloud rejects the key; undefined when it does not expire. */
    expiration?: number;
}

/** The `source` of a `CredentialSourceError` when no source of the chain is set. */
export const NOTHING_SET = "nothing";

/**
 * A failure to obtain credentials from a chosen source. Its message says which source was used
 * (by name: config keys, variables, files, ARNs, URLs — never a secret), why it failed, and what
 * to set or check. `tried` lists the sources looked at before it, in order.
 */
export class CredentialSourceError extends Error {
    override readonly name = "CredentialSourceError";

    constructor(
        /** e.g. "Alibaba Cloud". */
        readonly cloud: string,
        /** The chosen source, e.g. `OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)`. */
        readonly source: string,
        /** Why it failed, e.g. `the OIDC token file /run/token does not exist`. */
        readonly reason: string,
        /** What to set or check. */
        readonly fix: string,
        /** Sources looked at before the chosen one (not set). */
        readonly tried: readonly string[] = [],
        /** A passing failure (the identity endpoint unreachable, throttled or 5xx): worth another attempt. */
        readonly transient: boolean = false,
    ) {
        super(
            (source === NOTHING_SET
                ? `${cloud} credentials are not set: ${reason}.`
                : `${cloud} credentials: using ${source}${tried.length > 0 ? ` (not set before it: ${tried.join(", ")})` : ""}: ${reason}.`) +
                (fix ? ` ${fix}` : ""),
        );
    }
}

/** A source of key material the cache can ask again when the keys near expiry. */
export interface RefreshableSource {
    /** Identifies the source and its settings (hashed before use; may include secrets). */
    key: string;
    /** Obtains fresh key material; throws `CredentialSourceError`. */
    fetch(): Promise<KeyMaterial>;
}

interface Entry {
    value?: KeyMaterial;
    obtainedAt: number;
    pending?: Promise<KeyMaterial>;
}

/** Longest time before expiry at which keys are renewed (the official SDKs renew 15 minutes before). */
export const MAX_REFRESH_MARGIN_MS = 15 * 60 * 1000;

/**
 * When keys obtained at `obtainedAt` and expiring at `expiration` must be renewed: 15 minutes
 * before expiry, or half-way through their life when they live less than 30 minutes. A 1-hour
 * token is renewed at minute 45, so a 40-minute rollout started at minute 30 never uses an
 * expired one.
 */
export function refreshAt(obtainedAt: number, expiration: number): number {
    return expiration - Math.min(MAX_REFRESH_MARGIN_MS, Math.max(0, expiration - obtainedAt) / 2);
}

/**
 * Temporary credentials shared by every resource of the provider process, one entry per source
 * (keyed by a hash of its settings). Concurrent callers share one fetch; keys are renewed before
 * they expire (`refreshAt`); when a renewal fails while the old keys are still valid for more
 * than a few seconds, the old keys are used and the renewal is tried again on the next call.
 */
export class CredentialCache {
    private readonly entries = new Map<string, Entry>();

    constructor(private readonly now: () => number = Date.now) {}

    private static id(key: string): string {
        return createHash("sha256").update(key).digest("hex");
    }

    /** Key material of `source`, fetched once and renewed before expiry. */
    async get(source: RefreshableSource): Promise<KeyMaterial> {
        const id = CredentialCache.id(source.key);
        let entry = this.entries.get(id);
        if (entry === undefined) {
            entry = { obtainedAt: 0 };
            this.entries.set(id, entry);
        }
        const now = this.now();
        const value = entry.value;
        if (value !== undefined && (value.expiration === undefined || now < refreshAt(entry.obtainedAt, value.expiration))) return value;
        if (entry.pending === undefined) {
            const e = entry;
            const startedAt = now;
            e.pending = source.fetch().then(
                (fresh) => {
                    e.value = fresh;
                    e.obtainedAt = startedAt;
                    e.pending = undefined;
                    return fresh;
                },
                (err: unknown) => {
                    e.pending = undefined;
                    throw err;
                },
            );
        }
        try {
            return await (entry.pending as Promise<KeyMaterial>);
        } catch (err) {
            if (value?.expiration !== undefined && this.now() < value.expiration - 5_000) return value;
            throw err;
        }
    }

    /** Forgets the keys of `source` (the cloud said they expired): the next `get` fetches new ones. */
    invalidate(source: RefreshableSource): void {
        this.entries.delete(CredentialCache.id(source.key));
    }

    /** Forgets every source (tests). */
    clear(): void {
        this.entries.clear();
    }
}

/** The answer of `httpRequest`: status, headers and body text (never shown to a user as is). */
export interface HttpAnswer {
    status: number;
    headers: Headers;
    text: string;
}

/** Why a request to an identity endpoint got no answer, in words, without the URL's query. */
export function transportReason(err: unknown, timeoutMs: number): string {
    const e = err as { name?: string } | undefined;
    if (e?.name === "TimeoutError" || e?.name === "AbortError") return `no answer within ${timeoutMs / 1000} s`;
    // fetch wraps the system error in `cause` (an AggregateError's first error when several addresses were tried).
    let cur: unknown = err;
    let said = "";
    for (let depth = 0; depth < 5 && cur !== null && typeof cur === "object"; depth++) {
        const c = cur as { code?: unknown; cause?: unknown; errors?: unknown[]; message?: unknown };
        if (typeof c.code === "string" && /^E[A-Z]+$/.test(c.code)) return `connection failed (${c.code})`;
        // undici's own short reasons ("bad port"); never a long text, which could carry a URL.
        if (depth > 0 && typeof c.message === "string" && c.message.length <= 40 && !c.message.includes("/")) said = c.message;
        cur = c.cause ?? (Array.isArray(c.errors) ? c.errors[0] : undefined);
    }
    return said ? `connection failed (${said})` : "connection failed";
}

/**
 * One HTTP request to an identity endpoint (STS, IAM, metadata, credentials URI) with a timeout.
 * Throws the transport failure as is (callers turn it into a `CredentialSourceError` with
 * `transportReason`); answers every HTTP status.
 */
export async function httpRequest(
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<HttpAnswer> {
    const res = await fetch(url, {
        method: init.method,
        headers: init.headers,
        body: init.body,
        signal: AbortSignal.timeout(init.timeoutMs),
        redirect: "error",
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
}

/** A short, redacted excerpt of an error text from an identity endpoint (never a success body). */
export function safeExcerpt(text: string, secrets: ReadonlyArray<string | undefined>): string {
    const oneLine = redact(text, secrets).replace(/\s+/g, " ").trim();
    return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}
