import { createHash } from "crypto";

// The owner tags `check` judges (docs/ownership.md), read from one listing per (cloud, region or
// project, credentials) instead of one read per instance: the engine checks resources one after the
// other, so per-instance reads there never share a call. A listing answers the checks of the provider
// process for a short time (30 s) after it arrives; checks that arrive while it runs wait for it (one
// call in flight). Owner tags this process writes meanwhile are noted and win over the listing, so a
// check never judges an instance by a tag the process itself has since changed. The listing only
// informs the preview's verdict: the take at `up` re-reads the tag before any change. Pure: the
// listing itself is the caller's function; time is a parameter.

/** How long a listing answers checks after it arrives. */
export const OWNER_LISTING_TTL_MS = 30_000;

/** What one listing found. */
export interface OwnerListing {
    /** Owner tag by instance id (as the caller normalises ids); undefined: listed, without the tag. */
    owners: Map<string, string | undefined>;
    /**
     * Whether the listing names every instance of its scope (then an instance it does not name does
     * not exist there: `missing`), or only those carrying the owner tag (then one it does not name has no owner).
     */
    complete: boolean;
}

interface Entry {
    promise: Promise<OwnerListing>;
    /** When the listing settled (undefined while it runs). */
    settledAt?: number;
}

/**
 * The owner tags of one cloud's instances as listings found them, by scope key (see
 * `credentialIdentity`), with the owner tags the process wrote since.
 */
export class OwnerListingCache {
    private readonly entries = new Map<string, Entry>();
    private readonly written = new Map<string, { owner: string | undefined; at: number }>();
    private readonly ttlMs: number;
    private readonly now: () => number;
    /** Listings started (tests). */
    listings = 0;

    constructor(options: { ttlMs?: number; now?: () => number } = {}) {
        this.ttlMs = options.ttlMs ?? OWNER_LISTING_TTL_MS;
        this.now = options.now ?? Date.now;
    }

    /**
     * The owner tag of `id` in the scope `key`: from the listing of the scope (started with `list`
     * when there is none, or the last one settled more than the TTL ago; shared while it runs), unless
     * this process wrote the tag within the TTL. A listing that fails rejects every check waiting on
     * it, and the checks of the TTL after it (the caller reads those instances one by one, as before
     * listings existed): a listing refused for good costs one call, not one more per check.
     */
    async ownerOf(key: string, id: string, list: () => Promise<OwnerListing>): Promise<string | undefined | "missing"> {
        const noted = this.written.get(id);
        if (noted !== undefined && this.now() - noted.at < this.ttlMs) return noted.owner;
        const listing = await this.listing(key, list);
        const again = this.written.get(id);
        if (again !== undefined && this.now() - again.at < this.ttlMs) return again.owner;
        if (listing.owners.has(id)) return listing.owners.get(id);
        return listing.complete ? "missing" : undefined;
    }

    /** Notes an owner tag this process wrote (`undefined`: removed), which wins over listings for the TTL. */
    noteWritten(id: string, owner: string | undefined): void {
        this.written.set(id, { owner, at: this.now() });
    }

    /** Forgets every listing and noted write, as in a new provider process (tests). */
    clear(): void {
        this.entries.clear();
        this.written.clear();
        this.listings = 0;
    }

    private listing(key: string, list: () => Promise<OwnerListing>): Promise<OwnerListing> {
        const current = this.entries.get(key);
        if (current !== undefined && (current.settledAt === undefined || this.now() - current.settledAt < this.ttlMs)) return current.promise;
        this.listings++;
        const entry: Entry = {
            promise: list().then(
                (found) => {
                    entry.settledAt = this.now();
                    return found;
                },
                (err: unknown) => {
                    entry.settledAt = this.now();
                    throw err;
                },
            ),
        };
        this.entries.set(key, entry);
        return entry.promise;
    }
}

/**
 * A scope key part that tells credentials apart without holding them: the first 16 hex characters
 * of the SHA-256 of the given parts (e.g. the credential source's name and the access key id).
 */
export function credentialIdentity(...parts: string[]): string {
    return createHash("sha256").update(JSON.stringify(parts), "utf8").digest("hex").slice(0, 16);
}
