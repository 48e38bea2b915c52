import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { env, stackConfig } from "../../core/credentials/stack-config";
import { httpUrl, readProfileFile, readTokenFile, sharedCredentialCache, SourceFailure } from "../../core/credentials/credential-source";
import {
    BuiltSource as Built,
    ChainSource,
    ChosenSource,
    credentialChain,
    keyPairSource,
    staticKeySource as staticKeys,
} from "../../core/credentials/credential-chain";
import { CredentialSourceError, httpRequest, KeyMaterial, NOTHING_SET, transportReason } from "../../core/credentials/temporary-credentials";
import { StsError, stsCredentials } from "./sts-client";

/**
 * The Alibaba Cloud credential chain of ecs-ops: the sources of the official SDKs' default chain
 * (`@alicloud/credentials`), in the same order, after the `@pulumi/alicloud` stack config names.
 * Written here rather than taken from `@alicloud/credentials` because that library cannot be
 * pointed at a loopback emulator (its STS calls are hard-wired to https, its metadata calls to
 * 100.100.100.200), echoes the CLI config file's content (secrets included) in a parse error,
 * and prints refresh failures to stderr.
 *
 * 1. stack config `alicloud:accessKey` + `alicloud:secretKey` (+ `alicloud:securityToken`);
 * 2. stack config `alicloud:profile` / `alicloud:sharedCredentialsFile` (the CLI's config.json);
 * 3. stack config `alicloud:ecsRoleName` (the instance's RAM role, from the metadata service);
 * 4. `ALIBABA_CLOUD_ACCESS_KEY_ID` + `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (+ `ALIBABA_CLOUD_SECURITY_TOKEN`);
 * 5. `ALICLOUD_ACCESS_KEY` + `ALICLOUD_SECRET_KEY` (+ `ALICLOUD_SECURITY_TOKEN`);
 * 6. `ALIBABA_CLOUD_ROLE_ARN` + `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` + `ALIBABA_CLOUD_OIDC_TOKEN_FILE` (AssumeRoleWithOIDC);
 * 7. `ALIBABA_CLOUD_CREDENTIALS_URI`;
 * 8. a CLI profile: `ALIBABA_CLOUD_PROFILE` / `ALICLOUD_PROFILE`, else the `current` profile of
 *    `ALICLOUD_SHARED_CREDENTIALS_FILE` or `~/.aliyun/config.json` when that file exists;
 * 9. `ALIBABA_CLOUD_ECS_METADATA` (the instance's RAM role name; the metadata service is asked
 *    only when a role name or `ECS_OPS_ALICLOUD_METADATA_ENDPOINT` is set, never probed blindly).
 * Then, when stack config `alicloud:assumeRole` is set, the chosen keys assume that role.
 */

/** Credentials for one call: key material and where it came from (a name, never a value). */
export interface AlicloudCredentials extends KeyMaterial {
    /** The chosen source, e.g. `stack config alicloud:accessKey + alicloud:secretKey`. */
    source: string;
    /** Whether the keys are temporary and the source can issue new ones. */
    refreshable: boolean;
}

const TRANSIENT_STS_CODES = new Set(["Transport", "ServiceUnavailable", "InternalError", "Throttling", "Throttling.User", "Throttling.Api"]);

const CLOUD = "Alibaba Cloud";
const METADATA_TIMEOUT_MS = 2_000;
const URI_TIMEOUT_MS = 5_000;
const ROLE_ARN = /^acs:ram::\d+:role\/[\w.-]+$/i;
const OIDC_PROVIDER_ARN = /^acs:ram::\d+:oidc-provider\/[\w.-]+$/;
const SESSION_NAME = /^[\w.@-]{2,64}$/;

const cache = sharedCredentialCache();

/** Forgets every cached temporary credential (tests). */
export function clearAlicloudCredentialCache(): void {
    cache.clear();
}

/** The STS endpoint: the override, the profile's, the regional one (`ALIBABA_CLOUD_STS_REGION`), or the central one. */
function stsEndpoint(profileEndpoint?: string): string {
    const override = stackConfig("ecs-ops:alicloudStsEndpoint") ?? env("ECS_OPS_ALICLOUD_STS_ENDPOINT");
    if (override !== undefined) return httpUrl("ecs-ops:alicloudStsEndpoint / ECS_OPS_ALICLOUD_STS_ENDPOINT", override);
    if (profileEndpoint !== undefined && profileEndpoint !== "")
        return profileEndpoint.includes("://") ? httpUrl("the profile's sts_endpoint", profileEndpoint) : `https://${profileEndpoint}`;
    const region = env("ALIBABA_CLOUD_STS_REGION");
    const vpc = (env("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED") ?? "").toLowerCase() === "true";
    return region !== undefined ? `https://sts${vpc ? "-vpc" : ""}.${region}.aliyuncs.com` : "https://sts.aliyuncs.com";
}

function metadataEndpoint(): string {
    const override = stackConfig("ecs-ops:alicloudMetadataEndpoint") ?? env("ECS_OPS_ALICLOUD_METADATA_ENDPOINT");
    return override !== undefined ? httpUrl("ecs-ops:alicloudMetadataEndpoint / ECS_OPS_ALICLOUD_METADATA_ENDPOINT", override) : "http://100.100.100.200";
}

/** Words for an STS failure, with what to do about it. */
function stsFailure(
    err: unknown,
    action: string,
    roleArn: string,
    what: { caller?: string; oidc?: { providerArn: string; tokenFile: string } },
): SourceFailure {
    if (!(err instanceof StsError)) return new SourceFailure(`${action} failed (${(err as Error).name ?? "error"})`, "");
    const rid = err.requestId !== undefined ? `, RequestId ${err.requestId}` : "";
    const said = `(${err.code}${rid})`;
    if (TRANSIENT_STS_CODES.has(err.code) && err.code !== "Transport")
        return new SourceFailure(`STS failed ${action} on ${roleArn} ${said}: ${err.message}`, "", true);
    switch (err.code) {
        case "Transport":
            return new SourceFailure(
                err.message,
                "Check the network path to STS, or set the endpoint with ecs-ops:alicloudStsEndpoint / ECS_OPS_ALICLOUD_STS_ENDPOINT (ALIBABA_CLOUD_STS_REGION picks a regional one).",
                true,
            );
        case "NoPermission":
            return new SourceFailure(
                `STS refused ${action} on ${roleArn} ${said}: ${what.caller ?? "the caller"} may not assume this role`,
                "Add the caller (its RAM user or role) to the Principal of the role's trust policy, and grant the caller sts:AssumeRole on the role (e.g. the AliyunSTSAssumeRoleAccess policy).",
            );
        case "EntityNotExist.Role":
            return new SourceFailure(`the role ${roleArn} does not exist ${said}`, "Check the role ARN (acs:ram::<account id>:role/<role name>).");
        case "InvalidParameter.RoleArn":
            return new SourceFailure(`STS says the role ARN ${roleArn} is malformed ${said}`, "Use the form acs:ram::<account id>:role/<role name>.");
        case "InvalidParameter.DurationSeconds":
            return new SourceFailure(
                `STS refused the session duration ${said}: ${err.message}`,
                "Use 900 seconds up to the role's maximum session duration (3600 by default).",
            );
        case "InvalidParameter.PolicyGrammar":
            return new SourceFailure(
                `STS refused the session policy ${said}`,
                'The policy must be a RAM policy document in JSON ({"Version":"1","Statement":[…]}).',
            );
        case "AuthenticationFail.OIDCToken.Expired":
            return new SourceFailure(
                `the OIDC token in ${what.oidc?.tokenFile} has expired ${said}`,
                "The CI must write a fresh token to that file before ecs-ops runs (it is read again at every renewal).",
            );
        case "AuthenticationFail.OIDCToken.AudienceNotMatch":
            return new SourceFailure(
                `the OIDC token's audience is not a client id of ${what.oidc?.providerArn} ${said}`,
                "Request the token with the audience registered as the provider's client id (e.g. sts.aliyuncs.com), or add that audience to the provider.",
            );
        case "AuthenticationFail.OIDCToken.IssuerNotMatch":
            return new SourceFailure(
                `the OIDC token's issuer is not the issuer of ${what.oidc?.providerArn} ${said}`,
                "Use the provider registered for this CI's issuer URL.",
            );
        case "AuthenticationFail.OIDCToken.Invalid":
        case "AuthenticationFail.OIDCToken.InvalidSignature":
            return new SourceFailure(
                `STS could not validate the OIDC token in ${what.oidc?.tokenFile} ${said}: ${err.message}`,
                "The file must hold the raw JWT your CI issued, and nothing else.",
            );
        case "AuthenticationFail.NoPermission":
            return err.message.includes("OIDC Provider")
                ? new SourceFailure(
                      `the OIDC provider ${what.oidc?.providerArn} is not registered in the role's account ${said}`,
                      "Check ALIBABA_CLOUD_OIDC_PROVIDER_ARN (acs:ram::<account id>:oidc-provider/<name>).",
                  )
                : new SourceFailure(
                      `the role ${roleArn} cannot be assumed by this OIDC provider ${said}`,
                      `Add ${what.oidc?.providerArn} to the role's trust policy, with a condition on oidc:sub that matches this pipeline's token (e.g. repo:<org>/<repo>:ref:refs/heads/main), or use a role that trusts it.`,
                  );
        default:
            return new SourceFailure(`${action} on ${roleArn} failed ${said}: ${err.message}`, "");
    }
}

interface AssumeRoleSettings {
    roleArn: string;
    sessionName: string;
    durationSeconds: number;
    policy?: string;
    externalId?: string;
}

function assumeRole(base: Built, s: AssumeRoleSettings, describe: string): Built {
    return {
        describe: `${describe}, with the keys of ${base.describe}`,
        refreshable: true,
        key: JSON.stringify(["assumeRole", base.key, s]),
        fetch: async () => {
            const caller = await cache.get(base);
            const endpoint = stsEndpoint();
            try {
                return await stsCredentials(
                    endpoint,
                    "AssumeRole",
                    {
                        RoleArn: s.roleArn,
                        RoleSessionName: s.sessionName,
                        DurationSeconds: String(s.durationSeconds),
                        ...(s.policy !== undefined ? { Policy: s.policy } : {}),
                        ...(s.externalId !== undefined ? { ExternalId: s.externalId } : {}),
                    },
                    caller,
                );
            } catch (err) {
                throw stsFailure(err, "AssumeRole", s.roleArn, { caller: `the keys of ${base.describe}` });
            }
        },
    };
}

interface OidcSettings {
    roleArn: string;
    providerArn: string;
    tokenFile: string;
    sessionName: string;
    durationSeconds: number;
    policy?: string;
    stsEndpoint?: string;
}

function oidc(s: OidcSettings, describe: string): Built {
    return {
        describe,
        refreshable: true,
        key: JSON.stringify(["oidc", s]),
        fetch: async () => {
            const token = readTokenFile(
                s.tokenFile,
                "the OIDC token file",
                "Write the CI's OIDC token to that file before ecs-ops runs (see the README's GitHub Actions / GitLab CI example), or point ALIBABA_CLOUD_OIDC_TOKEN_FILE at it.",
            );
            try {
                return await stsCredentials(
                    s.stsEndpoint ?? stsEndpoint(),
                    "AssumeRoleWithOIDC",
                    {
                        RoleArn: s.roleArn,
                        OIDCProviderArn: s.providerArn,
                        OIDCToken: token,
                        RoleSessionName: s.sessionName,
                        DurationSeconds: String(s.durationSeconds),
                        ...(s.policy !== undefined ? { Policy: s.policy } : {}),
                    },
                    undefined,
                );
            } catch (err) {
                throw stsFailure(err, "AssumeRoleWithOIDC", s.roleArn, { oidc: { providerArn: s.providerArn, tokenFile: s.tokenFile } });
            }
        },
    };
}

function parseTemporary(body: unknown, what: string): KeyMaterial {
    const b = (body ?? {}) as Record<string, unknown>;
    const expiration = typeof b.Expiration === "string" ? Date.parse(b.Expiration) : NaN;
    if (typeof b.AccessKeyId !== "string" || typeof b.AccessKeySecret !== "string" || typeof b.SecurityToken !== "string" || Number.isNaN(expiration)) {
        throw new SourceFailure(`the ${what} answer lacks AccessKeyId, AccessKeySecret, SecurityToken or Expiration`, "");
    }
    return { accessKeyId: b.AccessKeyId, accessKeySecret: b.AccessKeySecret, securityToken: b.SecurityToken, expiration };
}

function ecsRamRole(roleName: string | undefined, describe: string): Built {
    return {
        describe,
        refreshable: true,
        key: JSON.stringify(["ecsRamRole", roleName ?? ""]),
        fetch: async () => {
            const base = metadataEndpoint();
            const unreachable = (err: unknown): SourceFailure =>
                new SourceFailure(
                    `the ECS metadata service at ${base} is unreachable: ${transportReason(err, METADATA_TIMEOUT_MS)}`,
                    "This source works only on an ECS instance with a RAM role attached; elsewhere unset alicloud:ecsRoleName / ALIBABA_CLOUD_ECS_METADATA (the metadata endpoint is ecs-ops:alicloudMetadataEndpoint / ECS_OPS_ALICLOUD_METADATA_ENDPOINT).",
                );
            const headers: Record<string, string> = {};
            try {
                const t = await httpRequest(`${base}/latest/api/token`, {
                    method: "PUT",
                    headers: { "X-aliyun-ecs-metadata-token-ttl-seconds": "21600" },
                    timeoutMs: METADATA_TIMEOUT_MS,
                });
                if (t.status === 200) headers["X-aliyun-ecs-metadata-token"] = t.text.trim();
                else if ((env("ALIBABA_CLOUD_IMDSV1_DISABLED") ?? "").toLowerCase() === "true") {
                    throw new SourceFailure(`the metadata service gave no IMDSv2 token (HTTP ${t.status}) and ALIBABA_CLOUD_IMDSV1_DISABLED is true`, "");
                }
            } catch (err) {
                if (err instanceof SourceFailure) throw err;
                throw unreachable(err);
            }
            const prefix = `${base}/latest/meta-data/ram/security-credentials/`;
            let role = roleName;
            try {
                if (role === undefined) {
                    const r = await httpRequest(prefix, { method: "GET", headers, timeoutMs: METADATA_TIMEOUT_MS });
                    if (r.status === 404)
                        throw new SourceFailure("this instance has no RAM role attached", "Attach a RAM role to the instance, or use another source.");
                    if (r.status !== 200) throw new SourceFailure(`the metadata service answered HTTP ${r.status} for the role name`, "");
                    role = r.text.trim().split("\n")[0];
                }
                const r = await httpRequest(`${prefix}${encodeURIComponent(role)}`, { method: "GET", headers, timeoutMs: METADATA_TIMEOUT_MS });
                if (r.status === 404)
                    throw new SourceFailure(
                        `this instance has no RAM role named ${role}`,
                        "Set alicloud:ecsRoleName / ALIBABA_CLOUD_ECS_METADATA to the role attached to the instance.",
                    );
                if (r.status !== 200)
                    throw new SourceFailure(
                        `the metadata service answered HTTP ${r.status} for the role ${role}`,
                        r.status === 403 || r.status === 401 ? "The instance requires IMDSv2 tokens; check that PUT /latest/api/token is reachable." : "",
                    );
                let body: unknown;
                try {
                    body = JSON.parse(r.text);
                } catch {
                    throw new SourceFailure(`the metadata service's answer for the role ${role} is not JSON`, "");
                }
                if ((body as { Code?: unknown }).Code !== "Success")
                    throw new SourceFailure(`the metadata service did not answer Success for the role ${role}`, "");
                return parseTemporary(body, "metadata service");
            } catch (err) {
                if (err instanceof SourceFailure) throw err;
                throw unreachable(err);
            }
        },
    };
}

function credentialsUri(uri: string): Built {
    const describe = "ALIBABA_CLOUD_CREDENTIALS_URI";
    return {
        describe,
        refreshable: true,
        key: JSON.stringify(["uri", uri]),
        fetch: async () => {
            const url = httpUrl("ALIBABA_CLOUD_CREDENTIALS_URI", uri);
            let r;
            try {
                r = await httpRequest(uri, { method: "GET", timeoutMs: URI_TIMEOUT_MS });
            } catch (err) {
                throw new SourceFailure(
                    `the credentials URI ${url} is unreachable: ${transportReason(err, URI_TIMEOUT_MS)}`,
                    "Check that the credentials server is running and the variable names it.",
                );
            }
            if (r.status !== 200) throw new SourceFailure(`the credentials URI ${url} answered HTTP ${r.status}`, "");
            let body: unknown;
            try {
                body = JSON.parse(r.text);
            } catch {
                throw new SourceFailure(`the credentials URI ${url} did not answer JSON`, "");
            }
            if ((body as { Code?: unknown }).Code !== "Success") throw new SourceFailure(`the credentials URI ${url} did not answer Code "Success"`, "");
            return parseTemporary(body, "credentials URI");
        },
    };
}

/** One profile of the Alibaba Cloud CLI's config.json (the fields ecs-ops reads). */
interface CliProfile {
    name?: string;
    mode?: string;
    access_key_id?: string;
    access_key_secret?: string;
    sts_token?: string;
    ram_role_arn?: string;
    ram_session_name?: string;
    expired_seconds?: number;
    ram_role_name?: string;
    oidc_provider_arn?: string;
    oidc_token_file?: string;
    source_profile?: string;
    sts_endpoint?: string;
    external_id?: string;
}

/** The default location of the CLI's config file. */
export function defaultCliConfigFile(): string {
    return path.join(os.homedir(), ".aliyun", "config.json");
}

function readCliConfig(file: string): { current?: string; profiles: CliProfile[] } {
    const parsed = readProfileFile(file, {
        unreadable: "Create it with `aliyun configure`, or set alicloud:sharedCredentialsFile / ALICLOUD_SHARED_CREDENTIALS_FILE to its path.",
        invalid: "Fix it or recreate it with `aliyun configure`.",
    });
    const profiles = parsed.profiles;
    if (!Array.isArray(profiles)) throw new SourceFailure(`the profile file ${file} has no "profiles" list`, "Recreate it with `aliyun configure`.");
    const current = parsed.current;
    return { current: typeof current === "string" && current !== "" ? current : undefined, profiles: profiles as CliProfile[] };
}

function profileSource(file: string, name: string | undefined, describe: string, depth = 0): Built {
    const config = readCliConfig(file);
    const wanted = name ?? config.current ?? "default";
    const p = config.profiles.find((x) => x.name === wanted);
    if (p === undefined) {
        const names = config.profiles.map((x) => x.name).filter((n) => typeof n === "string");
        throw new SourceFailure(
            `the profile file ${file} has no profile named ${wanted} (it has: ${names.join(", ") || "none"})`,
            "Set alicloud:profile / ALIBABA_CLOUD_PROFILE to one of them.",
        );
    }
    const here = `${describe} (profile ${wanted} of ${file})`;
    const need = (field: keyof CliProfile): string => {
        const v = p[field];
        if (typeof v !== "string" || v === "")
            throw new SourceFailure(`profile ${wanted} (mode ${p.mode}) has no ${field}`, "Set it with `aliyun configure`, or fix the file.");
        return v;
    };
    const duration = typeof p.expired_seconds === "number" && p.expired_seconds >= 900 ? p.expired_seconds : 3600;
    const mode = p.mode ?? "AK";
    switch (mode) {
        case "AK":
            return staticKeys(here, need("access_key_id"), need("access_key_secret"), undefined);
        case "StsToken":
            return staticKeys(here, need("access_key_id"), need("access_key_secret"), need("sts_token"));
        case "RamRoleArn":
            return assumeRole(
                staticKeys(
                    `the keys of profile ${wanted}`,
                    need("access_key_id"),
                    need("access_key_secret"),
                    typeof p.sts_token === "string" && p.sts_token !== "" ? p.sts_token : undefined,
                ),
                {
                    roleArn: need("ram_role_arn"),
                    sessionName: p.ram_session_name || "ecs-ops",
                    durationSeconds: duration,
                    ...(p.external_id ? { externalId: p.external_id } : {}),
                },
                here,
            );
        case "ChainableRamRoleArn": {
            if (depth > 4) throw new SourceFailure(`profile ${wanted} chains source profiles too deep`, "");
            const base = profileSource(file, need("source_profile"), `source profile ${p.source_profile}`, depth + 1);
            return assumeRole(base, { roleArn: need("ram_role_arn"), sessionName: p.ram_session_name || "ecs-ops", durationSeconds: duration }, here);
        }
        case "EcsRamRole":
            return ecsRamRole(typeof p.ram_role_name === "string" && p.ram_role_name !== "" ? p.ram_role_name : undefined, here);
        case "OIDC":
            return oidc(
                {
                    roleArn: need("ram_role_arn"),
                    providerArn: need("oidc_provider_arn"),
                    tokenFile: need("oidc_token_file"),
                    sessionName: p.ram_session_name || "ecs-ops",
                    durationSeconds: duration,
                    ...(p.sts_endpoint ? { stsEndpoint: stsEndpoint(p.sts_endpoint) } : {}),
                },
                here,
            );
        default:
            throw new SourceFailure(
                `profile ${wanted} has mode ${mode}, which ecs-ops does not support`,
                "Use one of AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC.",
            );
    }
}

/** `alicloud:assumeRole`, parsed and checked (the engine hands object config as JSON text). */
function assumeRoleConfig(): AssumeRoleSettings | undefined {
    const raw = stackConfig("alicloud:assumeRole");
    if (raw === undefined) return undefined;
    const fail = (rule: string): never => {
        throw new SourceFailure(
            `stack config alicloud:assumeRole ${rule}`,
            "Set it as an object, e.g. `pulumi config set --path alicloud:assumeRole.roleArn acs:ram::<account id>:role/<name>`.",
        );
    };
    let value: unknown;
    try {
        value = JSON.parse(raw);
    } catch {
        return fail("is not an object");
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) return fail("is not an object");
    const v = value as Record<string, unknown>;
    const known = ["roleArn", "sessionName", "sessionExpiration", "policy", "externalId"];
    const unknown = Object.keys(v).filter((k) => !known.includes(k));
    if (unknown.length > 0) fail(`has unknown key(s) ${unknown.join(", ")} (known: ${known.join(", ")})`);
    if (typeof v.roleArn !== "string" || !ROLE_ARN.test(v.roleArn)) fail("roleArn must be a role ARN such as acs:ram::1234567890123456:role/deployer");
    if (v.sessionName !== undefined && (typeof v.sessionName !== "string" || !SESSION_NAME.test(v.sessionName)))
        fail("sessionName must be 2 to 64 letters, digits or . @ - _");
    const expiration = v.sessionExpiration === undefined ? 3600 : typeof v.sessionExpiration === "string" ? Number(v.sessionExpiration) : v.sessionExpiration;
    if (typeof expiration !== "number" || !Number.isInteger(expiration) || expiration < 900 || expiration > 43200)
        fail("sessionExpiration must be a whole number of seconds from 900 to 43200");
    if (v.policy !== undefined && typeof v.policy !== "string") fail("policy must be a RAM policy document as JSON text");
    if (v.externalId !== undefined && typeof v.externalId !== "string") fail("externalId must be a string");
    return {
        roleArn: v.roleArn as string,
        sessionName: (v.sessionName as string | undefined) ?? env("ALIBABA_CLOUD_ROLE_SESSION_NAME") ?? "ecs-ops",
        durationSeconds: expiration as number,
        ...(v.policy !== undefined ? { policy: v.policy as string } : {}),
        ...(v.externalId !== undefined ? { externalId: v.externalId as string } : {}),
    };
}

/** The sources of the chain, in order (see the module comment), each labelled by its name. */
const SOURCES: ReadonlyArray<ChainSource<Built>> = [
    keyPairSource(stackConfig, ["alicloud:accessKey", "alicloud:secretKey", "alicloud:securityToken"], "stack config "),
    {
        name: "stack config alicloud:profile / alicloud:sharedCredentialsFile",
        build: () => {
            const name = stackConfig("alicloud:profile");
            const file = stackConfig("alicloud:sharedCredentialsFile");
            if (name === undefined && file === undefined) return undefined;
            return profileSource(file ?? env("ALICLOUD_SHARED_CREDENTIALS_FILE") ?? defaultCliConfigFile(), name, "stack config alicloud:profile");
        },
    },
    {
        name: "stack config alicloud:ecsRoleName",
        build: () => {
            const role = stackConfig("alicloud:ecsRoleName");
            return role === undefined ? undefined : ecsRamRole(role, `stack config alicloud:ecsRoleName (role ${role}, from the metadata service)`);
        },
    },
    keyPairSource(env, ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"]),
    keyPairSource(env, ["ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN"]),
    {
        name: "ALIBABA_CLOUD_ROLE_ARN + ALIBABA_CLOUD_OIDC_PROVIDER_ARN + ALIBABA_CLOUD_OIDC_TOKEN_FILE",
        build: oidcFromEnv,
    },
    {
        name: "ALIBABA_CLOUD_CREDENTIALS_URI",
        build: () => {
            const uri = env("ALIBABA_CLOUD_CREDENTIALS_URI");
            return uri === undefined ? undefined : credentialsUri(uri);
        },
    },
    {
        name: "a profile (ALIBABA_CLOUD_PROFILE / ALICLOUD_PROFILE, or the file ~/.aliyun/config.json)",
        build: () => {
            const name = env("ALIBABA_CLOUD_PROFILE") ?? env("ALICLOUD_PROFILE");
            const explicitFile = env("ALICLOUD_SHARED_CREDENTIALS_FILE");
            const file = explicitFile ?? defaultCliConfigFile();
            if (name === undefined && (explicitFile === undefined ? !fs.existsSync(file) : false)) return undefined;
            return profileSource(file, name, name !== undefined ? "ALIBABA_CLOUD_PROFILE / ALICLOUD_PROFILE" : "the current profile");
        },
    },
    {
        name: "ALIBABA_CLOUD_ECS_METADATA",
        build: () => {
            const role = env("ALIBABA_CLOUD_ECS_METADATA");
            const endpointSet = (stackConfig("ecs-ops:alicloudMetadataEndpoint") ?? env("ECS_OPS_ALICLOUD_METADATA_ENDPOINT")) !== undefined;
            if (role === undefined && !endpointSet) return undefined;
            return ecsRamRole(
                role,
                role !== undefined
                    ? `ALIBABA_CLOUD_ECS_METADATA (role ${role}, from the metadata service)`
                    : "the instance's RAM role (from the metadata service)",
            );
        },
    },
];

/** The OIDC source from ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE. */
function oidcFromEnv(): Built | undefined {
    const names = ["ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"] as const;
    const values = names.map((n) => env(n));
    if (values.every((v) => v === undefined)) return undefined;
    // ALIBABA_CLOUD_ROLE_ARN alone is no OIDC setup (the SDKs also read it for AssumeRole).
    if (values[1] === undefined && values[2] === undefined) return undefined;
    const missing = names.filter((_, i) => values[i] === undefined);
    if (missing.length > 0)
        throw new SourceFailure(
            `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set`,
            "OIDC role assumption needs all three of ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE.",
        );
    const [roleArn, providerArn, tokenFile] = values as string[];
    if (!ROLE_ARN.test(roleArn)) throw new SourceFailure("ALIBABA_CLOUD_ROLE_ARN is not a role ARN", "Use the form acs:ram::<account id>:role/<role name>.");
    if (!OIDC_PROVIDER_ARN.test(providerArn))
        throw new SourceFailure("ALIBABA_CLOUD_OIDC_PROVIDER_ARN is not an OIDC provider ARN", "Use the form acs:ram::<account id>:oidc-provider/<name>.");
    const sessionName = env("ALIBABA_CLOUD_ROLE_SESSION_NAME") ?? "ecs-ops";
    if (!SESSION_NAME.test(sessionName)) throw new SourceFailure("ALIBABA_CLOUD_ROLE_SESSION_NAME must be 2 to 64 letters, digits or . @ - _", "");
    return oidc(
        { roleArn, providerArn, tokenFile, sessionName, durationSeconds: 3600 },
        `OIDC role ${roleArn} (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, token file ${tokenFile})`,
    );
}

const chain = credentialChain(
    CLOUD,
    SOURCES,
    "In CI, use OIDC (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE); on an ECS runner, alicloud:ecsRoleName; on a laptop, alicloud:profile; or keys as secret stack config (pulumi config set --secret alicloud:secretKey). See the README's credentials section.",
    {
        name: "stack config alicloud:assumeRole",
        build: (base) => {
            const role = assumeRoleConfig();
            return role === undefined ? undefined : assumeRole(base, role, `stack config alicloud:assumeRole (role ${role.roleArn})`);
        },
    },
);

/** Names of the sources, in order, for the "nothing set" message. */
export const ALICLOUD_SOURCES: readonly string[] = chain.names;

/** The source the chain picks now, with the stack config `alicloud:assumeRole` applied on top. */
function chosenSource(): ChosenSource<Built> {
    try {
        return chain.choose();
    } catch (err) {
        if (err instanceof CredentialSourceError && err.source === NOTHING_SET && stackConfig("alicloud:assumeRole") !== undefined) {
            throw new CredentialSourceError(
                CLOUD,
                NOTHING_SET,
                `alicloud:assumeRole is set, but there are no keys to assume the role with (${err.reason})`,
                err.fix,
            );
        }
        throw err;
    }
}

/**
 * The credentials for a call now: from the first source of the chain that is set (see the module
 * comment), renewed before expiry and shared by every resource of this provider process. Throws
 * `CredentialSourceError` naming the source used, why it failed and what to set — never a secret.
 */
export async function resolveAlicloudCredentials(): Promise<AlicloudCredentials> {
    const chosen = chosenSource();
    const keys = await chain.keys(chosen, cache);
    return { ...keys, source: chosen.built.describe, refreshable: chosen.built.refreshable };
}

/** Forgets the current source's temporary keys (the cloud answered that they expired). */
export function invalidateAlicloudCredentials(): void {
    try {
        cache.invalidate(chosenSource().built);
    } catch {
        // Nothing to forget when the chain itself fails.
    }
}
