// The owner listing cache of check (provider/core/ownership/owner-listing.ts): one listing per scope
// shared by concurrent checks, kept for the TTL after it arrives, failures kept likewise, and the
// owner tags the process wrote winning over a listing. Pure: a fake clock, no server.
import { expect } from "chai";
import { credentialIdentity, OwnerListing, OwnerListingCache, OWNER_LISTING_TTL_MS } from "../../provider/core/ownership/owner-listing";

/** A listing function that counts its calls and answers when released. */
function lister(owners: Record<string, string | undefined>, complete = false) {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const calls = { n: 0 };
    const list = async (): Promise<OwnerListing> => {
        calls.n++;
        await gate;
        return { owners: new Map(Object.entries(owners)), complete };
    };
    return {
        list,
        calls,
        release: () => release(),
    };
}

describe("ownership: the owner listing cache of check", () => {
    let t: number;
    const now = (): number => t;
    beforeEach(() => (t = 1_000_000));

    it("N concurrent checks of one scope share one listing (one in flight), and each gets its instance's owner", async () => {
        const cache = new OwnerListingCache({ now });
        const l = lister({ "i-1": "shop.a", "i-2": "shop.b" });
        const ids = ["i-1", "i-2", "i-3", "i-4", "i-5"];
        const answers = ids.map((id) => cache.ownerOf("k", id, l.list));
        l.release();
        expect(await Promise.all(answers)).to.deep.equal(["shop.a", "shop.b", undefined, undefined, undefined]);
        expect(l.calls.n).to.equal(1);
        expect(cache.listings).to.equal(1);
    });

    it("a listing answers for the TTL after it arrived, then the next check lists again", async () => {
        const cache = new OwnerListingCache({ now });
        const l = lister({ "i-1": "shop.a" });
        l.release();
        expect(await cache.ownerOf("k", "i-1", l.list)).to.equal("shop.a");
        t += OWNER_LISTING_TTL_MS - 1;
        expect(await cache.ownerOf("k", "i-2", l.list)).to.equal(undefined);
        expect(l.calls.n).to.equal(1);
        t += 1;
        expect(await cache.ownerOf("k", "i-1", l.list)).to.equal("shop.a");
        expect(l.calls.n).to.equal(2);
    });

    it("the TTL counts from when the listing arrived, not when it started", async () => {
        const cache = new OwnerListingCache({ now });
        const l = lister({});
        const first = cache.ownerOf("k", "i-1", l.list);
        t += OWNER_LISTING_TTL_MS * 2; // a slow listing
        l.release();
        await first;
        t += OWNER_LISTING_TTL_MS - 1;
        await cache.ownerOf("k", "i-2", l.list);
        expect(l.calls.n).to.equal(1);
    });

    it("scopes (cloud region or project, credentials) are listed apart", async () => {
        const cache = new OwnerListingCache({ now });
        const a = lister({ "i-1": "shop.a" });
        const b = lister({});
        a.release();
        b.release();
        expect(await cache.ownerOf("region-a", "i-1", a.list)).to.equal("shop.a");
        expect(await cache.ownerOf("region-b", "i-1", b.list)).to.equal(undefined);
        expect([a.calls.n, b.calls.n]).to.deep.equal([1, 1]);
    });

    it("a complete listing says `missing` for an instance it does not name; a listing of tagged instances says no owner", async () => {
        const cache = new OwnerListingCache({ now });
        const complete = lister({ "s-1": undefined, "s-2": "shop.a" }, true);
        complete.release();
        expect(await cache.ownerOf("c", "s-1", complete.list)).to.equal(undefined);
        expect(await cache.ownerOf("c", "s-2", complete.list)).to.equal("shop.a");
        expect(await cache.ownerOf("c", "s-3", complete.list)).to.equal("missing");
        const tagged = lister({ "i-2": "shop.a" });
        tagged.release();
        expect(await cache.ownerOf("t", "i-3", tagged.list)).to.equal(undefined);
    });

    it("a failed listing rejects every waiting check and the checks of the TTL after it (one failing call, not one per check)", async () => {
        const cache = new OwnerListingCache({ now });
        let calls = 0;
        const failing = async (): Promise<OwnerListing> => {
            calls++;
            throw new Error("Forbidden.RAM");
        };
        const waiting = [cache.ownerOf("k", "i-1", failing), cache.ownerOf("k", "i-2", failing)];
        for (const w of waiting) expect(((await w.catch((e: Error) => e)) as Error).message).to.equal("Forbidden.RAM");
        t += OWNER_LISTING_TTL_MS - 1;
        expect(((await cache.ownerOf("k", "i-3", failing).catch((e: Error) => e)) as Error).message).to.equal("Forbidden.RAM");
        expect(calls).to.equal(1);
        t += 1;
        const l = lister({ "i-3": "shop.a" });
        l.release();
        expect(await cache.ownerOf("k", "i-3", l.list)).to.equal("shop.a");
    });

    it("an owner tag the process wrote wins over the listing for the TTL, also one written while the listing ran", async () => {
        const cache = new OwnerListingCache({ now });
        const l = lister({ "i-1": "shop.a", "i-2": "shop.a" });
        l.release();
        expect(await cache.ownerOf("k", "i-1", l.list)).to.equal("shop.a");
        cache.noteWritten("i-1", "shop.b");
        cache.noteWritten("i-2", undefined);
        expect(await cache.ownerOf("k", "i-1", l.list)).to.equal("shop.b");
        expect(await cache.ownerOf("k", "i-2", l.list)).to.equal(undefined);

        t += OWNER_LISTING_TTL_MS;
        const slow = lister({ "i-1": "shop.a" });
        const pending = cache.ownerOf("k", "i-1", slow.list);
        cache.noteWritten("i-1", "shop.c");
        slow.release();
        expect(await pending).to.equal("shop.c");

        t += OWNER_LISTING_TTL_MS;
        const later = lister({ "i-1": "shop.d" });
        later.release();
        expect(await cache.ownerOf("k", "i-1", later.list), "a noted write older than the TTL no longer wins").to.equal("shop.d");
    });

    it("clear forgets listings and noted writes", async () => {
        const cache = new OwnerListingCache({ now });
        const l = lister({ "i-1": "shop.a" });
        l.release();
        await cache.ownerOf("k", "i-1", l.list);
        cache.noteWritten("i-1", "shop.b");
        cache.clear();
        expect(await cache.ownerOf("k", "i-1", l.list)).to.equal("shop.a");
        expect(l.calls.n).to.equal(2);
    });

    it("credentialIdentity tells credentials apart without holding them", () => {
        const a = credentialIdentity("env ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-key-one");
        expect(a).to.match(/^[0-9a-f]{16}$/);
        expect(a).to.not.include("LTAI");
        expect(credentialIdentity("env ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-key-one")).to.equal(a);
        expect(credentialIdentity("env ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-key-two")).to.not.equal(a);
    });
});
