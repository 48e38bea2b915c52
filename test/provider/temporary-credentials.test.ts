// The process-wide cache of temporary credentials, without a server: one fetch for concurrent
// callers, renewal at the margin before expiry, the old keys kept while a renewal fails and they are
// still valid, invalidation; and the shape of its errors.
import { expect } from "chai";
import {
    CredentialCache,
    CredentialSourceError,
    KeyMaterial,
    NOTHING_SET,
    refreshAt,
    transportReason,
} from "../../provider/core/credentials/temporary-credentials";

function source(fetch: () => Promise<KeyMaterial>, key = "k") {
    return { key, fetch };
}

describe("temporary credentials cache", () => {
    let now = 1_000_000;
    const clock = (): number => now;

    it("renews 15 minutes before expiry, half-way for short-lived keys", () => {
        expect(refreshAt(0, 60 * 60_000)).to.equal(45 * 60_000);
        expect(refreshAt(0, 12 * 3600_000)).to.equal(12 * 3600_000 - 15 * 60_000);
        expect(refreshAt(0, 20 * 60_000)).to.equal(10 * 60_000);
    });

    it("fetches once for concurrent callers and again only after the renewal point", async () => {
        const cache = new CredentialCache(clock);
        let fetches = 0;
        const s = source(async () => {
            fetches++;
            return { accessKeyId: `id-${fetches}`, accessKeySecret: "s", securityToken: "t", expiration: now + 3_600_000 };
        });
        const keys = await Promise.all([cache.get(s), cache.get(s), cache.get(s)]);
        expect(keys.map((k) => k.accessKeyId)).to.deep.equal(["id-1", "id-1", "id-1"]);
        now += 44 * 60_000;
        expect((await cache.get(s)).accessKeyId).to.equal("id-1");
        now += 2 * 60_000;
        expect((await cache.get(s)).accessKeyId).to.equal("id-2");
        expect(fetches).to.equal(2);
    });

    it("keeps the old keys while a renewal fails and they are still valid, then reports the failure", async () => {
        const cache = new CredentialCache(clock);
        let fail = false;
        const s = source(async () => {
            if (fail) throw new Error("STS down");
            return { accessKeyId: "id", accessKeySecret: "s", expiration: now + 600_000 };
        });
        await cache.get(s);
        fail = true;
        now += 400_000; // past half-way: renewal due, 200 s of validity left
        expect((await cache.get(s)).accessKeyId).to.equal("id");
        now += 197_000; // 3 s left: too close to use
        const err = await cache.get(s).catch((e: Error) => e);
        expect((err as Error).message).to.equal("STS down");
    });

    it("never caches permanent keys' absence of expiry as stale, and forgets a source on invalidate", async () => {
        const cache = new CredentialCache(clock);
        let fetches = 0;
        const s = source(async () => ({ accessKeyId: `id-${++fetches}`, accessKeySecret: "s" }));
        await cache.get(s);
        now += 10 * 24 * 3600_000;
        expect((await cache.get(s)).accessKeyId).to.equal("id-1");
        cache.invalidate(s);
        expect((await cache.get(s)).accessKeyId).to.equal("id-2");
    });

    it("words errors: the source, what was not set before it, the reason, the fix; or that nothing is set", () => {
        const e = new CredentialSourceError(
            "Alibaba Cloud",
            "ALIBABA_CLOUD_CREDENTIALS_URI",
            "the credentials URI http://127.0.0.1:1 is unreachable",
            "Start it.",
            ["stack config keys"],
        );
        expect(e.message).to.equal(
            "Alibaba Cloud credentials: using ALIBABA_CLOUD_CREDENTIALS_URI (not set before it: stack config keys): the credentials URI http://127.0.0.1:1 is unreachable. Start it.",
        );
        expect(new CredentialSourceError("Huawei Cloud", NOTHING_SET, "looked at, in order: a; b", "Set one.").message).to.equal(
            "Huawei Cloud credentials are not set: looked at, in order: a; b. Set one.",
        );
        expect(transportReason(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }), 1000)).to.equal(
            "connection failed (ECONNREFUSED)",
        );
        expect(transportReason(Object.assign(new Error("x"), { name: "TimeoutError" }), 2000)).to.equal("no answer within 2 s");
    });
});
