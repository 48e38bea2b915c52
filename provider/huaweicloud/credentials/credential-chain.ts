import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { redact } from "../../core/resource/secrets";
import { env, stackConfig } from "../../core/credentials/stack-config";
import { httpUrl, readProfileFile, readTokenFile, sharedCredentialCache, SourceFailure } from "../../core/credentials/credential-source";
import {
    BuiltSource as Built,
    ChainSource,
    CredentialChain,
    credentialChain,
    keyPairSource,
    staticKeySource as staticKeys,
} from "../../core/credentials/credential-chain";
import { httpRequest, KeyMaterial, transportReason } from "../../core/credentials/temporary-credentials";
import { signRequest } from "../api/signer";

/**
 * The Huawei Cloud credential chain of ecs-ops, in order (the first source that is set is used, as a whole):
 * 1. stack config `huaweicloud:accessKey` + `huaweicloud:secretKey` (+ `huaweicloud:securityToken`);
 * 2. stack config `huaweicloud:profile` / `huaweicloud:sharedConfigFile` (KooCLI's config.json);
 * 3. `HW_ACCESS_KEY` + `HW_SECRET_KEY` (+ `HW_SECURITY_TOKEN`);
 * 4. `HUAWEICLOUD_SDK_AK` + `HUAWEICLOUD_SDK_SK` (+ `HUAWEICLOUD_SDK_SECURITY_TOKEN`);
 * 5. `HUAWEICLOUD_SDK_IDP_ID` + `HUAWEICLOUD_SDK_ID_TOKEN_FILE`: an OIDC ID token exchanged for a
 *    federated token (CreateTokenWithIdToken), then for temporary AK/SK (CreateTemporaryAccessKeyByToken);
 * 6. a KooCLI profile: `HW_PROFILE`, else the current profile of `HW_SHARED_CONFIG_FILE` or
 *    `~/.hcloud/config.json` when that file exists;
 * 7. the ECS metadata security key (the agency attached to the server), when stack config
 *    `huaweicloud:useMetadata` is true, `HW_USE_ECS_METADATA=true`, or the metadata endpoint is overridden.
 * Then, when stack config `huaweicloud:assumeRole` ({agencyName, domainName | domainId, duration}) or
 * `HW_ASSUME_ROLE_AGENCY_NAME` + `HW_ASSUME_ROLE_DOMAIN_NAME` is set, those keys assume the agency.
 *
 * The official SDK's credential code is not used: it logs request headers (Authorization included)
 * at debug level, and its metadata and IAM endpoints cannot be pointed at a loopback emulator.
 */

/** Key material in Huawei's names. */
export interface HuaweiKeys {
    accessKey: string;
    secretKey: string;
    securityToken?: string;
    /** Epoch ms; undefined for permanent keys. */
    expiration?: number;
}

/** A chosen source: its name (never a value), whether its keys are temporary, and how to get them now. */
export interface HuaweiSource {
    describe: string;
    refreshable: boolean;
    /** The keys of a permanent source (undefined for a temporary one). */
    staticKeys?: HuaweiKeys;
    /** The current keys, renewed before expiry, shared by the process. */
    keys(): Promise<HuaweiKeys>;
    /** Forgets the cached keys (the gateway said they expired). */
    invalidate(): void;
}

const CLOUD = "Huawei Cloud";
const IAM_TIMEOUT_MS = 10_000;
const METADATA_TIMEOUT_MS = 2_000;
const cache = sharedCredentialCache();

/** Forgets every cached temporary key (tests). */
export function clearHuaweiCredentialCache(): void {
    cache.clear();
}

function iamEndpoint(): string {
    const o = stackConfig("ecs-ops:huaweicloudIamEndpoint") ?? env("ECS_OPS_HUAWEICLOUD_IAM_ENDPOINT");
    return o !== undefined ? httpUrl("ecs-ops:huaweicloudIamEndpoint / ECS_OPS_HUAWEICLOUD_IAM_ENDPOINT", o) : "https://iam.myhuaweicloud.com";
}

function metadataEndpoint(): string | undefined {
    const o = stackConfig("ecs-ops:huaweicloudMetadataEndpoint") ?? env("ECS_OPS_HUAWEICLOUD_METADATA_ENDPOINT");
    return o !== undefined ? httpUrl("ecs-ops:huaweicloudMetadataEndpoint / ECS_OPS_HUAWEICLOUD_METADATA_ENDPOINT", o) : undefined;
}

/** Reads `{"credential":{"access","secret","securitytoken","expires_at"}}` (IAM and the metadata service). */
function parseCredential(text: string, what: string): KeyMaterial {
    let body: unknown;
    try {
        body = JSON.parse(text);
    } catch {
        throw new SourceFailure(`the ${what} answer is not JSON`, "");
    }
    const c = (body as { credential?: Record<string, unknown> }).credential;
    const expiration = typeof c?.expires_at === "string" ? Date.parse(c.expires_at) : NaN;
    if (typeof c?.access !== "string" || typeof c.secret !== "string" || typeof c.securitytoken !== "string" || Number.isNaN(expiration)) {
        throw new SourceFailure(`the ${what} answer lacks access, secret, securitytoken or expires_at`, "");
    }
    return { accessKeyId: c.access, accessKeySecret: c.secret, securityToken: c.securitytoken, expiration };
}

/** The error message of an IAM answer, redacted (Keystone `{"error":{"message"}}` or `{"error_msg"}`). */
function iamMessage(text: string, secrets: ReadonlyArray<string | undefined>): string {
    try {
        const b = JSON.parse(text) as { error?: { message?: unknown }; error_msg?: unknown; error_code?: unknown };
        const m =
            typeof b.error?.message === "string"
                ? b.error.message
                : typeof b.error_msg === "string"
                  ? `${String(b.error_code ?? "")} ${b.error_msg}`.trim()
                  : "";
        return redact(m, secrets).slice(0, 300);
    } catch {
        return "";
    }
}

async function iamPost(
    path: string,
    body: unknown,
    headers: Record<string, string>,
    signer: KeyMaterial | undefined,
    secrets: ReadonlyArray<string | undefined>,
): Promise<{ status: number; text: string; headers: Headers }> {
    const endpoint = iamEndpoint();
    const target = new URL(`${endpoint}${path}`);
    const text = JSON.stringify(body);
    let sendHeaders: Record<string, string> = { "Content-Type": "application/json;charset=utf8", ...headers };
    if (signer !== undefined) {
        if (signer.securityToken !== undefined) sendHeaders["X-Security-Token"] = signer.securityToken;
        sendHeaders = signRequest(
            { method: "POST", url: target, headers: sendHeaders, body: text },
            { accessKey: signer.accessKeyId, secretKey: signer.accessKeySecret },
        ).headers;
    }
    try {
        return await httpRequest(target.toString(), { method: "POST", headers: sendHeaders, body: text, timeoutMs: IAM_TIMEOUT_MS });
    } catch (err) {
        void secrets;
        throw new SourceFailure(
            `the IAM endpoint ${endpoint} is unreachable: ${transportReason(err, IAM_TIMEOUT_MS)}`,
            "Check the network path to IAM, or set ecs-ops:huaweicloudIamEndpoint / ECS_OPS_HUAWEICLOUD_IAM_ENDPOINT.",
            true,
        );
    }
}

interface AgencySettings {
    agencyName: string;
    domainName?: string;
    domainId?: string;
    durationSeconds: number;
}

function assumeAgency(base: Built, s: AgencySettings, describe: string): Built {
    return {
        describe: `${describe}, with the keys of ${base.describe}`,
        refreshable: true,
        key: JSON.stringify(["agency", base.key, s]),
        fetch: async () => {
            const caller = await cache.get(base);
            const secrets = [caller.accessKeySecret, caller.securityToken];
            const r = await iamPost(
                "/v3.0/OS-CREDENTIAL/securitytokens",
                {
                    auth: {
                        identity: {
                            methods: ["assume_role"],
                            assume_role: {
                                agency_name: s.agencyName,
                                ...(s.domainId !== undefined ? { domain_id: s.domainId } : { domain_name: s.domainName }),
                                duration_seconds: s.durationSeconds,
                            },
                        },
                    },
                },
                {},
                caller,
                secrets,
            );
            if (r.status === 201 || r.status === 200) return parseCredential(r.text, "CreateTemporaryAccessKeyByAgency");
            const said = iamMessage(r.text, secrets);
            const domain = s.domainId ?? s.domainName;
            if (r.status === 403) {
                throw new SourceFailure(
                    `IAM refused to let ${base.describe} assume the agency ${s.agencyName} of ${domain} (HTTP 403${said ? `: ${said}` : ""})`,
                    "The agency must delegate to the caller's account, and the caller needs the iam:agencies:assume permission on it.",
                );
            }
            if (r.status === 404)
                throw new SourceFailure(`there is no agency ${s.agencyName} in ${domain} (HTTP 404)`, "Check agencyName and domainName / domainId.");
            throw new SourceFailure(
                `CreateTemporaryAccessKeyByAgency answered HTTP ${r.status}${said ? `: ${said}` : ""}`,
                r.status === 401 ? "The caller's AK/SK is not accepted by IAM." : "",
                r.status === 429 || r.status >= 500,
            );
        },
    };
}

function federatedOidc(idpId: string, tokenFile: string, projectId: () => string, describe: string): Built {
    return {
        describe,
        refreshable: true,
        key: JSON.stringify(["oidc", idpId, tokenFile]),
        fetch: async () => {
            const idToken = readTokenFile(
                tokenFile,
                "the ID token file",
                "Write the CI's OIDC token to that file before ecs-ops runs, or point HUAWEICLOUD_SDK_ID_TOKEN_FILE at it.",
            );
            const secrets = [idToken];
            const t = await iamPost(
                "/v3.0/OS-AUTH/id-token/tokens",
                { auth: { id_token: { id: idToken }, scope: { project: { id: projectId() } } } },
                { "X-Idp-Id": idpId },
                undefined,
                secrets,
            );
            if (t.status !== 201 && t.status !== 200) {
                const said = iamMessage(t.text, secrets);
                if (t.status === 404)
                    throw new SourceFailure(
                        `there is no identity provider ${idpId} (HTTP 404)`,
                        "Check HUAWEICLOUD_SDK_IDP_ID: the name of the identity provider in IAM.",
                    );
                if (t.status === 403) {
                    throw new SourceFailure(
                        `the identity provider ${idpId} maps this pipeline's token to no user (HTTP 403${said ? `: ${said}` : ""})`,
                        "Add an identity conversion rule to the provider that matches this token's sub claim (e.g. repo:<org>/<repo>:ref:refs/heads/main).",
                    );
                }
                throw new SourceFailure(
                    `IAM refused the ID token in ${tokenFile} (HTTP ${t.status}${said ? `: ${said}` : ""})`,
                    "The token must be fresh, issued by the provider's issuer, for one of its client ids.",
                );
            }
            const token = t.headers.get("x-subject-token");
            if (token === null || token === "") throw new SourceFailure("CreateTokenWithIdToken answered without X-Subject-Token", "");
            secrets.push(token);
            const k = await iamPost(
                "/v3.0/OS-CREDENTIAL/securitytokens",
                { auth: { identity: { methods: ["token"], token: { duration_seconds: 3600 } } } },
                { "X-Auth-Token": token },
                undefined,
                secrets,
            );
            if (k.status !== 201 && k.status !== 200)
                throw new SourceFailure(
                    `CreateTemporaryAccessKeyByToken answered HTTP ${k.status}${iamMessage(k.text, secrets) ? `: ${iamMessage(k.text, secrets)}` : ""}`,
                    "",
                );
            return parseCredential(k.text, "CreateTemporaryAccessKeyByToken");
        },
    };
}

function metadataKey(describe: string): Built {
    return {
        describe,
        refreshable: true,
        key: JSON.stringify(["metadata"]),
        fetch: async () => {
            const base = metadataEndpoint() ?? "http://169.254.169.254";
            let r;
            try {
                r = await httpRequest(`${base}/openstack/latest/securitykey`, { method: "GET", timeoutMs: METADATA_TIMEOUT_MS });
            } catch (err) {
                throw new SourceFailure(
                    `the ECS metadata service at ${base} is unreachable: ${transportReason(err, METADATA_TIMEOUT_MS)}`,
                    "This source works only on an ECS server with an agency attached; elsewhere unset huaweicloud:useMetadata / HW_USE_ECS_METADATA.",
                );
            }
            if (r.status === 404)
                throw new SourceFailure(
                    "this server has no agency attached (the metadata service has no security key)",
                    "Attach an agency to the server, or use another source.",
                );
            if (r.status !== 200) throw new SourceFailure(`the metadata service answered HTTP ${r.status}`, "");
            return parseCredential(r.text, "metadata service");
        },
    };
}

/** One profile of KooCLI's config.json (the fields ecs-ops reads). */
interface KooProfile {
    name?: string;
    mode?: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    securityToken?: string;
}

/** The default location of KooCLI's config file. */
export function defaultKooConfigFile(): string {
    return path.join(os.homedir(), ".hcloud", "config.json");
}

function profileSource(file: string, name: string | undefined, describe: string): Built {
    const parsed = readProfileFile(file, {
        unreadable: "Create it with `hcloud configure init`, or set huaweicloud:sharedConfigFile / HW_SHARED_CONFIG_FILE to its path.",
        invalid: "Fix it, or recreate it with `hcloud configure init`.",
    });
    const profiles = Array.isArray(parsed.profiles) ? (parsed.profiles as KooProfile[]) : [];
    const wanted = name ?? (typeof parsed.current === "string" ? parsed.current : "default");
    const p = profiles.find((x) => x.name === wanted);
    if (p === undefined) {
        throw new SourceFailure(
            `the profile file ${file} has no profile named ${wanted} (it has: ${profiles.map((x) => x.name).join(", ") || "none"})`,
            "Set huaweicloud:profile / HW_PROFILE to one of them.",
        );
    }
    const here = `${describe} (profile ${wanted} of ${file})`;
    const mode = p.mode ?? "AKSK";
    if (mode === "ecsAgency") return metadataKey(here);
    if (mode !== "AKSK") throw new SourceFailure(`profile ${wanted} has mode ${mode}, which ecs-ops does not support`, "Use mode AKSK or ecsAgency.");
    if (!p.accessKeyId || !p.secretAccessKey)
        throw new SourceFailure(`profile ${wanted} has no accessKeyId or secretAccessKey`, "Set them with `hcloud configure set`.");
    return staticKeys(here, p.accessKeyId, p.secretAccessKey, p.securityToken ? p.securityToken : undefined);
}

function truthy(v: string | undefined): boolean {
    return v !== undefined && ["true", "1", "yes"].includes(v.toLowerCase());
}

/** The sources of the chain, in order (see the module comment), each labelled by its name; `projectId` scopes the OIDC token. */
function huaweiSources(projectId: () => string): ReadonlyArray<ChainSource<Built>> {
    return [
        keyPairSource(stackConfig, ["huaweicloud:accessKey", "huaweicloud:secretKey", "huaweicloud:securityToken"], "stack config "),
        {
            name: "stack config huaweicloud:profile / huaweicloud:sharedConfigFile",
            build: () => {
                const name = stackConfig("huaweicloud:profile");
                const file = stackConfig("huaweicloud:sharedConfigFile");
                if (name === undefined && file === undefined) return undefined;
                return profileSource(file ?? env("HW_SHARED_CONFIG_FILE") ?? defaultKooConfigFile(), name, "stack config huaweicloud:profile");
            },
        },
        keyPairSource(env, ["HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_SECURITY_TOKEN"]),
        keyPairSource(env, ["HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN"]),
        {
            name: "HUAWEICLOUD_SDK_IDP_ID + HUAWEICLOUD_SDK_ID_TOKEN_FILE",
            build: () => {
                const idp = env("HUAWEICLOUD_SDK_IDP_ID");
                const file = env("HUAWEICLOUD_SDK_ID_TOKEN_FILE");
                if (idp === undefined && file === undefined) return undefined;
                if (idp === undefined || file === undefined) {
                    throw new SourceFailure(
                        `${idp === undefined ? "HUAWEICLOUD_SDK_IDP_ID" : "HUAWEICLOUD_SDK_ID_TOKEN_FILE"} is not set`,
                        "Federated OIDC needs both HUAWEICLOUD_SDK_IDP_ID and HUAWEICLOUD_SDK_ID_TOKEN_FILE.",
                    );
                }
                return federatedOidc(idp, file, projectId, `OIDC identity provider ${idp} (HUAWEICLOUD_SDK_IDP_ID, token file ${file})`);
            },
        },
        {
            name: "a profile (HW_PROFILE, or the file ~/.hcloud/config.json)",
            build: () => {
                const name = env("HW_PROFILE");
                const explicit = env("HW_SHARED_CONFIG_FILE");
                const file = explicit ?? defaultKooConfigFile();
                if (name === undefined && explicit === undefined && !fs.existsSync(file)) return undefined;
                return profileSource(file, name, name !== undefined ? "HW_PROFILE" : "the current profile");
            },
        },
        {
            name: "the ECS metadata security key (huaweicloud:useMetadata / HW_USE_ECS_METADATA)",
            build: () => {
                const on = truthy(stackConfig("huaweicloud:useMetadata")) || truthy(env("HW_USE_ECS_METADATA")) || metadataEndpoint() !== undefined;
                return on ? metadataKey("the ECS metadata security key (the server's agency)") : undefined;
            },
        },
    ];
}

/** The chain over `huaweiSources(projectId)`. */
function huaweiChain(projectId: () => string): CredentialChain<Built> {
    return credentialChain(
        CLOUD,
        huaweiSources(projectId),
        "In CI, use OIDC (HUAWEICLOUD_SDK_IDP_ID, HUAWEICLOUD_SDK_ID_TOKEN_FILE); on an ECS runner, huaweicloud:useMetadata; on a laptop, huaweicloud:profile; or keys as secret stack config (pulumi config set --secret huaweicloud:secretKey). See the README's credentials section.",
        {
            name: "the agency",
            build: (base) => {
                const agency = agencyConfig();
                return agency === undefined
                    ? undefined
                    : assumeAgency(
                          base,
                          agency,
                          `agency ${agency.agencyName} of ${agency.domainId ?? agency.domainName} (huaweicloud:assumeRole / HW_ASSUME_ROLE_*)`,
                      );
            },
        },
    );
}

/** Names of the sources, in order, for the "nothing set" message. */
export const HUAWEI_SOURCES: readonly string[] = huaweiChain(() => "").names;

function agencyConfig(): AgencySettings | undefined {
    const raw = stackConfig("huaweicloud:assumeRole");
    const fail = (rule: string): never => {
        throw new SourceFailure(
            `stack config huaweicloud:assumeRole ${rule}`,
            "Set it as an object, e.g. `pulumi config set --path huaweicloud:assumeRole.agencyName <agency>` and `huaweicloud:assumeRole.domainName <account>`.",
        );
    };
    let v: Record<string, unknown>;
    if (raw !== undefined) {
        try {
            v = JSON.parse(raw) as Record<string, unknown>;
        } catch {
            return fail("is not an object");
        }
        if (v === null || typeof v !== "object" || Array.isArray(v)) return fail("is not an object");
        const unknown = Object.keys(v).filter((k) => !["agencyName", "domainName", "domainId", "duration"].includes(k));
        if (unknown.length > 0) fail(`has unknown key(s) ${unknown.join(", ")} (known: agencyName, domainName, domainId, duration)`);
    } else {
        const agencyName = env("HW_ASSUME_ROLE_AGENCY_NAME");
        const domainName = env("HW_ASSUME_ROLE_DOMAIN_NAME");
        if (agencyName === undefined && domainName === undefined) return undefined;
        v = { agencyName, domainName, duration: env("HW_ASSUME_ROLE_DURATION") };
    }
    if (typeof v.agencyName !== "string" || !/^[\w.-]{1,64}$/.test(v.agencyName)) fail("agencyName must be an agency name");
    if (typeof v.domainName !== "string" && typeof v.domainId !== "string") fail("needs domainName or domainId (the account that owns the agency)");
    const duration = v.duration === undefined ? 3600 : Number(v.duration);
    if (!Number.isInteger(duration) || duration < 900 || duration > 86400) fail("duration must be a whole number of seconds from 900 to 86400");
    return {
        agencyName: v.agencyName as string,
        ...(typeof v.domainId === "string" ? { domainId: v.domainId } : { domainName: v.domainName as string }),
        durationSeconds: duration,
    };
}

/** Key material in Huawei's names. */
function huaweiKeys(k: KeyMaterial): HuaweiKeys {
    return {
        accessKey: k.accessKeyId,
        secretKey: k.accessKeySecret,
        ...(k.securityToken !== undefined ? { securityToken: k.securityToken } : {}),
        ...(k.expiration !== undefined ? { expiration: k.expiration } : {}),
    };
}

/**
 * The source of the chain in effect now (see the module comment), with the agency on top when
 * configured. Selection reads only config, variables and files; `keys()` makes the calls. Throws
 * `CredentialSourceError` naming the source, the reason and the fix — never a value.
 */
export function chooseHuaweiSource(projectId: () => string): HuaweiSource {
    const chain = huaweiChain(projectId);
    const chosen = chain.choose();
    const { built } = chosen;
    return {
        describe: built.describe,
        refreshable: built.refreshable,
        ...(built.staticKeys !== undefined ? { staticKeys: huaweiKeys(built.staticKeys) } : {}),
        keys: async () => huaweiKeys(await chain.keys(chosen, cache)),
        invalidate: () => cache.invalidate(built),
    };
}
