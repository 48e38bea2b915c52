import { CredentialCache, CredentialSourceError, KeyMaterial, NOTHING_SET, RefreshableSource } from "./temporary-credentials";
import { asSourceError, keyPairOf, sourceError } from "./credential-source";

// The cloud-neutral credential chain: a list of named sources walked in order, the first that is
// set wins. Each cloud's chain (provider/<cloud>/credentials/credential-chain.ts) only lists its
// own sources and fetchers. Sources are labelled by name everywhere (messages, `describe`), and
// no message ever holds a value.

/** A source of a chain, ready to fetch keys: its name for messages, whether its keys are temporary. */
export interface BuiltSource extends RefreshableSource {
    /** Where the keys come from, e.g. `stack config alicloud:accessKey + alicloud:secretKey` (a name, never a value). */
    describe: string;
    /** Whether the keys are temporary and the source can issue new ones. */
    refreshable: boolean;
    /** The keys of a permanent source, known without a call (undefined for a temporary one). */
    staticKeys?: KeyMaterial;
}

/** One entry of a chain: its name and how to build it from config, variables and files (no call). */
export interface ChainSource<B> {
    /** The source's name in every message, e.g. `HW_ACCESS_KEY + HW_SECRET_KEY`. */
    readonly name: string;
    /**
     * The source when it is set; undefined when it is not. Throws `SourceFailure` when it is set but
     * unusable (e.g. a key without its secret): the chain then fails naming this source.
     */
    readonly build: () => B | undefined;
}

/**
 * What a chain puts on top of the chosen source when configured (an assumed role, an agency): its
 * name, and the source built over the chosen one's keys (undefined when not configured; throws
 * `SourceFailure` when configured wrong, named `<name>, with the keys of <chosen source>`).
 */
export interface ChainTop<B> {
    readonly name: string;
    readonly build: (base: B) => B | undefined;
}

/** The source a chain chose, with the names of the sources looked at before it. */
export interface ChosenSource<B> {
    built: B;
    tried: string[];
}

/** A chain of named sources. */
export interface CredentialChain<B> {
    /** The names of the sources, in order. */
    readonly names: readonly string[];
    /**
     * The first source that is set (with the chain's top applied), and the names of the sources
     * looked at before it. Throws `CredentialSourceError` naming the source that is set but
     * unusable, or, when none is set, every source looked at. Reads config, variables and files only.
     */
    choose(): ChosenSource<B>;
    /** The keys of `chosen` now, from `cache`; a failure is the `CredentialSourceError` of that source. */
    keys(chosen: ChosenSource<B>, cache: CredentialCache): Promise<KeyMaterial>;
}

/**
 * A chain of `cloud` (`Alibaba Cloud`) over `sources`, walked in order; `nothingFix` says what to
 * set when none is; `top`, when given, goes on top of the chosen source. Source names must be
 * unique: they are the sources' only labels.
 */
export function credentialChain<B extends BuiltSource>(
    cloud: string,
    sources: ReadonlyArray<ChainSource<B>>,
    nothingFix: string,
    top?: ChainTop<B>,
): CredentialChain<B> {
    const names = sources.map((s) => s.name);
    const twice = names.filter((n, i) => names.indexOf(n) !== i);
    if (twice.length > 0) throw new Error(`credential chain of ${cloud}: source name(s) used twice: ${twice.join("; ")}`);
    const first = (): ChosenSource<B> => {
        const tried: string[] = [];
        for (const source of sources) {
            const built = asSourceError(cloud, source.name, tried, source.build);
            if (built !== undefined) return { built, tried };
            tried.push(source.name);
        }
        throw new CredentialSourceError(cloud, NOTHING_SET, `looked at, in order: ${names.join("; ")}`, nothingFix);
    };
    return {
        names,
        choose: () => {
            const { built, tried } = first();
            if (top === undefined) return { built, tried };
            const over = asSourceError(cloud, `${top.name}, with the keys of ${built.describe}`, tried, () => top.build(built));
            return { built: over ?? built, tried };
        },
        keys: async ({ built, tried }, cache) => {
            try {
                return await cache.get(built);
            } catch (err) {
                throw sourceError(cloud, built.describe, tried, err);
            }
        },
    };
}

/** Permanent (or caller-provided temporary) keys, named `describe`. */
export function staticKeySource(describe: string, accessKeyId: string, accessKeySecret: string, securityToken: string | undefined): BuiltSource {
    const keys: KeyMaterial = { accessKeyId, accessKeySecret, ...(securityToken !== undefined ? { securityToken } : {}) };
    return {
        describe,
        refreshable: false,
        key: JSON.stringify(["static", accessKeyId, accessKeySecret, securityToken ?? ""]),
        fetch: async () => keys,
        staticKeys: keys,
    };
}

/**
 * A chain entry for a key pair read as a whole from one place: `read` looks up the key, the secret
 * and the optional security token by their `names`; `where` prefixes the names in messages
 * (`stack config `, or nothing for variables). The entry is named `<where><key> + <secret>`. Not set
 * when neither half is; an error naming the missing half when only one is.
 */
export function keyPairSource(read: (name: string) => string | undefined, names: readonly [string, string, string], where = ""): ChainSource<BuiltSource> {
    const [keyName, secretName, tokenName] = names;
    const name = `${where}${keyName} + ${secretName}`;
    return {
        name,
        build: () => {
            const pair = keyPairOf([`${where}${keyName}`, `${where}${secretName}`], [read(keyName), read(secretName)]);
            return pair === undefined ? undefined : staticKeySource(name, pair[0], pair[1], read(tokenName));
        },
    };
}
