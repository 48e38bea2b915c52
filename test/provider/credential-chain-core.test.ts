// The cloud-neutral credential chain builder, without a server: sources walked in order, the first
// that is set wins, a half-set source fails naming it, sources labelled by name in every message and
// in `describe`, and no value in any message.
import { expect } from "chai";
import { BuiltSource, ChainSource, credentialChain, keyPairSource, staticKeySource } from "../../provider/core/credentials/credential-chain";
import { SourceFailure } from "../../provider/core/credentials/credential-source";
import { CredentialCache, CredentialSourceError, NOTHING_SET } from "../../provider/core/credentials/temporary-credentials";

const CLOUD = "Test Cloud";
const FIX = "Set TEST_KEY + TEST_SECRET.";
const SECRETS = ["AKID-value-1", "secret-value-2", "token-value-3", "AKID-value-4", "secret-value-5"];

/** A variable store the sources read (stands for stack config or the environment). */
let vars: Record<string, string | undefined> = {};

/** A key pair read from `vars` as PREFIX_KEY, PREFIX_SECRET, PREFIX_TOKEN, named with `where` before them. */
function pair(prefix: string, where = ""): ChainSource<BuiltSource> {
    return keyPairSource((n) => vars[n], [`${prefix}_KEY`, `${prefix}_SECRET`, `${prefix}_TOKEN`], where);
}

/** A source that counts its builds, set when `on` is. */
function counted(name: string, on: () => boolean, builds: string[]): ChainSource<BuiltSource> {
    return {
        name,
        build: () => {
            builds.push(name);
            return on() ? staticKeySource(name, "AKID-value-4", "secret-value-5", undefined) : undefined;
        },
    };
}

function caught(f: () => unknown): CredentialSourceError {
    try {
        f();
    } catch (err) {
        expect(err).to.be.instanceOf(CredentialSourceError);
        return err as CredentialSourceError;
    }
    throw new Error("expected a CredentialSourceError");
}

function expectNoValue(text: string): void {
    for (const s of SECRETS) expect(text, text).not.to.include(s);
}

describe("credential chain builder (core)", () => {
    beforeEach(() => {
        vars = {};
    });

    it("walks the sources in order and stops at the first that is set", () => {
        const builds: string[] = [];
        const chain = credentialChain(
            CLOUD,
            [counted("first source", () => false, builds), counted("second source", () => true, builds), counted("third source", () => true, builds)],
            FIX,
        );
        const { built, tried } = chain.choose();
        expect(built.describe).to.equal("second source");
        expect(tried).to.deep.equal(["first source"]);
        expect(builds).to.deep.equal(["first source", "second source"]);
        expect(chain.names).to.deep.equal(["first source", "second source", "third source"]);
    });

    it("the first set source wins even when a later one is set too", async () => {
        vars = { A_KEY: "AKID-value-1", A_SECRET: "secret-value-2", A_TOKEN: "token-value-3", B_KEY: "AKID-value-4", B_SECRET: "secret-value-5" };
        const chain = credentialChain(CLOUD, [pair("A", "stack config "), pair("B")], FIX);
        const { built, tried } = chain.choose();
        expect(built.describe).to.equal("stack config A_KEY + A_SECRET");
        expect(built.refreshable).to.equal(false);
        expect(tried).to.deep.equal([]);
        expect(await built.fetch()).to.deep.equal({ accessKeyId: "AKID-value-1", accessKeySecret: "secret-value-2", securityToken: "token-value-3" });
        expect(built.staticKeys).to.deep.equal({ accessKeyId: "AKID-value-1", accessKeySecret: "secret-value-2", securityToken: "token-value-3" });

        vars = { B_KEY: "AKID-value-4", B_SECRET: "secret-value-5" };
        const second = chain.choose();
        expect(second.built.describe).to.equal("B_KEY + B_SECRET");
        expect(second.tried).to.deep.equal(["stack config A_KEY + A_SECRET"]);
        expect(await second.built.fetch()).to.deep.equal({ accessKeyId: "AKID-value-4", accessKeySecret: "secret-value-5" });
    });

    it("a key without its secret (or a secret without its key) fails naming that source and the missing half, never the value", () => {
        const chain = credentialChain(CLOUD, [pair("A"), pair("B")], FIX);
        vars = { B_KEY: "AKID-value-4", A_SECRET: undefined };
        const e = caught(() => chain.choose());
        expect(e.source).to.equal("B_KEY + B_SECRET");
        expect(e.tried).to.deep.equal(["A_KEY + A_SECRET"]);
        expect(e.reason).to.equal("B_KEY is set but B_SECRET is not");
        const prefixed = caught(() => credentialChain(CLOUD, [pair("B", "stack config ")], FIX).choose());
        expect(prefixed.source).to.equal("stack config B_KEY + B_SECRET");
        expect(prefixed.reason).to.equal("stack config B_KEY is set but stack config B_SECRET is not");
        expectNoValue(prefixed.message);
        expect(e.message).to.include("using B_KEY + B_SECRET (not set before it: A_KEY + A_SECRET)");
        expectNoValue(e.message);

        vars = { A_SECRET: "secret-value-2", B_KEY: "AKID-value-4", B_SECRET: "secret-value-5" };
        const f = caught(() => chain.choose());
        expect(f.source).to.equal("A_KEY + A_SECRET");
        expect(f.reason).to.equal("A_SECRET is set but A_KEY is not");
        expect(f.tried).to.deep.equal([]);
        expectNoValue(f.message);
    });

    it("a source's own failure is worded with its name, its reason and fix, never a value", () => {
        vars = { A_KEY: "AKID-value-1" };
        const chain = credentialChain(
            CLOUD,
            [
                pair("B"),
                {
                    name: "the token file named by TEST_TOKEN_FILE",
                    build: () => {
                        throw new SourceFailure("the token file /nowhere does not exist", "Write it first.");
                    },
                },
            ],
            FIX,
        );
        const e = caught(() => chain.choose());
        expect(e.source).to.equal("the token file named by TEST_TOKEN_FILE");
        expect(e.message).to.equal(
            "Test Cloud credentials: using the token file named by TEST_TOKEN_FILE (not set before it: B_KEY + B_SECRET): the token file /nowhere does not exist. Write it first.",
        );
    });

    it("nothing set: the error lists every source looked at, by name and in order, and the fix", () => {
        vars = { UNRELATED: "secret-value-2" };
        const chain = credentialChain(CLOUD, [pair("A", "stack config "), pair("B")], FIX);
        const e = caught(() => chain.choose());
        expect(e.source).to.equal(NOTHING_SET);
        expect(e.message).to.equal(
            "Test Cloud credentials are not set: looked at, in order: stack config A_KEY + A_SECRET; B_KEY + B_SECRET. Set TEST_KEY + TEST_SECRET.",
        );
        expect(e.message).not.to.match(/\b(source|sources)\s*\[?\d/);
        expectNoValue(e.message);
    });

    it("labels are names: two sources with one name are refused when the chain is built", () => {
        expect(() => credentialChain(CLOUD, [pair("A"), pair("A")], FIX)).to.throw(/used twice: A_KEY \+ A_SECRET/);
    });

    it("static keys of different values are different cache entries; the same values, one", () => {
        const a = staticKeySource("one", "AKID-value-1", "secret-value-2", undefined);
        const b = staticKeySource("two", "AKID-value-1", "secret-value-2", undefined);
        const c = staticKeySource("one", "AKID-value-1", "secret-value-2", "token-value-3");
        expect(a.key).to.equal(b.key);
        expect(a.key).not.to.equal(c.key);
    });

    it("a top (an assumed role) goes over the chosen source, and its failures name it over that source", async () => {
        let top: "off" | "on" | "wrong" = "off";
        const chain = credentialChain(CLOUD, [pair("A"), pair("B")], FIX, {
            name: "stack config test:assumeRole",
            build: (base) => {
                if (top === "off") return undefined;
                if (top === "wrong") throw new SourceFailure("stack config test:assumeRole roleArn must be a role ARN", "Fix it.");
                return { describe: `role R, with the keys of ${base.describe}`, refreshable: true, key: `role:${base.key}`, fetch: () => base.fetch() };
            },
        });
        vars = { B_KEY: "AKID-value-4", B_SECRET: "secret-value-5" };
        expect(chain.choose().built.describe).to.equal("B_KEY + B_SECRET");
        top = "on";
        const chosen = chain.choose();
        expect(chosen.built.describe).to.equal("role R, with the keys of B_KEY + B_SECRET");
        expect(chosen.tried).to.deep.equal(["A_KEY + A_SECRET"]);
        expect(await chain.keys(chosen, new CredentialCache())).to.deep.equal({ accessKeyId: "AKID-value-4", accessKeySecret: "secret-value-5" });
        top = "wrong";
        const e = caught(() => chain.choose());
        expect(e.source).to.equal("stack config test:assumeRole, with the keys of B_KEY + B_SECRET");
        expect(e.tried).to.deep.equal(["A_KEY + A_SECRET"]);
        expectNoValue(e.message);
    });

    it("keys(): a failure of the chosen source's fetch is that source's error, named, after the ones not set", async () => {
        vars = { B_KEY: "AKID-value-4", B_SECRET: "secret-value-5" };
        const chain = credentialChain(
            CLOUD,
            [
                pair("A"),
                {
                    name: "the metadata service",
                    build: () => ({
                        describe: "the instance's role (from the metadata service)",
                        refreshable: true,
                        key: "metadata",
                        fetch: () => Promise.reject(new SourceFailure("the metadata service at http://127.0.0.1:9 is unreachable", "Use another source.")),
                    }),
                },
                pair("B"),
            ],
            FIX,
        );
        const chosen = chain.choose();
        let err: unknown;
        await chain.keys(chosen, new CredentialCache()).catch((e: unknown) => (err = e));
        expect(err).to.be.instanceOf(CredentialSourceError);
        const e = err as CredentialSourceError;
        expect(e.source).to.equal("the instance's role (from the metadata service)");
        expect(e.tried).to.deep.equal(["A_KEY + A_SECRET"]);
        expect(e.message).to.include("is unreachable");
    });
});
