import { randomBytes } from "crypto";
import { z } from "zod";
import { EmulatorResponse } from "../core/backend";
import { Authenticator } from "./auth";
import { AlicloudError, COMMON, ErrorSpec, fail } from "./errors";
import { Credential } from "./model-types";
import { loggableParams, Params, render, RpcRequest } from "./wire";

/**
 * The identity side of Alibaba Cloud in the emulator: STS (`AssumeRole`, `AssumeRoleWithOIDC`,
 * `GetCallerIdentity`, RPC version 2015-04-01 on the same `/` as ECS) and the ECS instance
 * metadata service's RAM role credentials (`/latest/…`). Every credential it issues is added to
 * the ECS side's accepted keys with its expiration, so the ECS side accepts it and then answers
 * `InvalidSecurityToken.Expired` once it has expired.
 *
 * Its world is the `identity` key of the fixture's `alicloud` section (see emulator/README.md).
 */

/** The STS API version. */
export const STS_API_VERSION = "2015-04-01";

function e(code: string, status: number, message: string): ErrorSpec {
    return { code, status, message };
}

/** STS errors, as the STS error reference names them. */
export const STS_ERRORS = {
    NoPermission: e("NoPermission", 403, "You are not authorized to do this action. You should be authorized by RAM."),
    RoleNotExist: e("EntityNotExist.Role", 404, "The role not exists: %s."),
    InvalidRoleArn: e("InvalidParameter.RoleArn", 400, "The parameter RoleArn is wrong."),
    InvalidSessionName: e("InvalidParameter.RoleSessionName", 400, "The parameter RoleSessionName is wrong."),
    InvalidDuration: e("InvalidParameter.DurationSeconds", 400, "The Min/Max value of DurationSeconds is 15min/%s."),
    PolicyGrammar: e("InvalidParameter.PolicyGrammar", 400, "The parameter Policy has not passed grammar check."),
    OidcNoProvider: e("AuthenticationFail.NoPermission", 401, "No such OIDC Provider registered."),
    OidcNoPermission: e("AuthenticationFail.NoPermission", 401, "There is no permission"),
    OidcTokenEmpty: e("AuthenticationFail.OIDCToken.Invalid", 401, "The OIDCToken can not empty."),
    OidcTokenParts: e("AuthenticationFail.OIDCToken.Invalid", 401, "The number of Jwt field should be divided into 3 parts with '.' ."),
    OidcTokenContent: e("AuthenticationFail.OIDCToken.Invalid", 401, "The Jwt content is invalid that cannot be recognized."),
    OidcTokenExpired: e("AuthenticationFail.OIDCToken.Expired", 401, "This JsonWebToken is expired."),
    OidcIssuer: e("AuthenticationFail.OIDCToken.IssuerNotMatch", 401, "Invalid issuer."),
    OidcAudience: e("AuthenticationFail.OIDCToken.AudienceNotMatch", 401, "Invalid audience."),
} as const;

const oidcProvider = z
    .object({
        name: z.string().regex(/^[\w.-]{1,128}$/),
        issuer: z.string().url(),
        clientIds: z.array(z.string().min(1)).min(1),
    })
    .strict();

const role = z
    .object({
        roleName: z.string().regex(/^[\w.-]{1,64}$/),
        maxSessionDurationSeconds: z.number().int().min(3600).max(43200).default(3600),
        /** AccessKey ids (fixture credentials) whose holders may call AssumeRole on this role. */
        trustedAccessKeyIds: z.array(z.string()).default([]),
        /** Roles whose sessions (STS or instance role credentials) may assume this role (role chaining). */
        trustedRoles: z.array(z.string()).default([]),
        /** OIDC providers trusted by the role, each with the `sub` claims it allows (empty: any subject). */
        trustedOidcProviders: z.array(z.object({ provider: z.string(), subjects: z.array(z.string()).default([]) }).strict()).default([]),
    })
    .strict();

const identitySection = z
    .object({
        accountId: z
            .string()
            .regex(/^\d{16}$/)
            .default("1234567890123456"),
        roles: z.array(role).default([]),
        oidcProviders: z.array(oidcProvider).default([]),
        /** The RAM role attached to "this instance", served by the metadata service; null: none. */
        instanceRole: z.string().nullable().default(null),
        /** The metadata service answers only requests carrying an IMDSv2 token (hardened mode). */
        metadataTokenRequired: z.boolean().default(false),
        /** Caps the lifetime of every issued credential (seconds): lets a test see expiry within an `up`. */
        credentialLifetimeSeconds: z.number().positive().nullable().default(null),
    })
    .strict();

/** The identity world: roles, OIDC providers and the instance's role. */
export type IdentityWorld = z.infer<typeof identitySection>;

/** The default identity world: one deployer role, trusted by the default key, a CI OIDC provider and the instance role. */
export function defaultIdentity(): unknown {
    return {
        accountId: "1234567890123456",
        oidcProviders: [{ name: "ci", issuer: "https://token.actions.githubusercontent.com", clientIds: ["sts.aliyuncs.com"] }],
        roles: [
            {
                roleName: "ecs-ops-deployer",
                trustedAccessKeyIds: ["LTAI5tEmulatorAccessKey"],
                trustedRoles: ["ecs-ops-runner"],
                trustedOidcProviders: [{ provider: "ci", subjects: [] }],
            },
            { roleName: "ecs-ops-runner" },
        ],
        instanceRole: "ecs-ops-runner",
    };
}

/** Parses the `identity` key of the alicloud fixture section (the default identity when absent). */
export function loadIdentity(raw: unknown): IdentityWorld {
    const parsed = identitySection.safeParse(raw ?? defaultIdentity());
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`alicloud fixture: identity.${issue.path.join(".")}: ${issue.message}`);
    }
    return parsed.data;
}

/** Whether an RPC request is addressed to STS (by its API version). */
export function isStsRequest(rpc: RpcRequest): boolean {
    return rpc.params.get("Version") === STS_API_VERSION || rpc.raw.headers["x-acs-version"] === STS_API_VERSION;
}

/** Parameters of STS calls whose values are secrets, never logged. */
const STS_SECRET_PARAMS = ["OIDCToken", "SecurityToken"];

/** The call-log view of an STS request: envelope removed, the OIDC token redacted. */
export function stsLoggableParams(rpc: RpcRequest): Record<string, unknown> {
    const out = loggableParams(rpc);
    for (const k of STS_SECRET_PARAMS) if (k in out) out[k] = "<redacted>";
    return out;
}

/** An STS error body, with STS's host id. */
export function stsErrorResponse(format: "JSON" | "XML", err: AlicloudError, requestId: string): EmulatorResponse {
    const body = {
        RequestId: requestId,
        HostId: "sts.aliyuncs.com",
        Code: err.code,
        Message: err.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=Sts&requestId=${requestId}`,
    };
    return render(format, "Error", err.status, body, requestId);
}

/** Who a credential issued by the emulator belongs to. */
interface Session {
    roleName: string;
    sessionName: string;
}

const ROLE_ARN = /^acs:ram::(\d{16}):role\/([\w.-]{1,64})$/i;
const OIDC_ARN = /^acs:ram::(\d{16}):oidc-provider\/([\w.-]{1,128})$/;
const SESSION_NAME = /^[\w.@-]{2,64}$/;

function b64urlJson(part: string): Record<string, unknown> | undefined {
    try {
        const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
        return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/** The identity service: issues temporary credentials into the ECS side's key list. */
export class AlibabaIdentity {
    private world: IdentityWorld = loadIdentity(undefined);
    /** Issued credentials → whose session they are. */
    private sessions = new Map<string, Session>();
    /** The instance role's current metadata credential. */
    private instanceCredential: Credential | undefined;
    /** IMDSv2 tokens → when they expire. */
    private metadataTokens = new Map<string, number>();

    constructor(
        private readonly now: () => number,
        private readonly credentials: () => Credential[],
    ) {}

    /** Whose session an issued AccessKey is (role and session name), or undefined for a fixture key. */
    sessionOf(accessKeyId: string): { roleName: string; sessionName: string } | undefined {
        const s = this.sessions.get(accessKeyId);
        return s === undefined ? undefined : { ...s };
    }

    /** The account id of the identity world. */
    get accountId(): string {
        return this.world.accountId;
    }

    /** Reloads the identity world (a fresh world: no session, no metadata token). */
    load(raw: unknown): void {
        this.world = loadIdentity(raw);
        this.sessions.clear();
        this.metadataTokens.clear();
        this.instanceCredential = undefined;
    }

    /** The identity world for `GET /_emulator/state` (it holds no secret). */
    state(): unknown {
        return { ...this.world, sessions: [...this.sessions.values()] };
    }

    private issue(session: Session, durationSeconds: number): Credential {
        const cap = this.world.credentialLifetimeSeconds;
        const lifetimeMs = Math.min(durationSeconds, cap ?? Infinity) * 1000;
        const credential: Credential = {
            accessKeyId: `STS.NT${randomBytes(12).toString("base64url")}`,
            // Marked, so that a test can look for issued secrets in output and state it cannot otherwise know.
            accessKeySecret: `EmuStsSecret${randomBytes(18).toString("base64url")}`,
            securityToken: `CAIS${randomBytes(48).toString("base64url")}`,
            // Whole seconds, as STS writes it: the emulator enforces exactly what it told the client.
            expiration: new Date(Math.floor((this.now() + lifetimeMs) / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
            disabled: false,
            userDataForbidden: false,
        };
        const keys = this.credentials();
        // Drop expired issued keys so a long run does not grow the list without bound.
        for (let i = keys.length - 1; i >= 0; i--) {
            const k = keys[i];
            if (this.sessions.has(k.accessKeyId) && k.expiration !== null && Date.parse(k.expiration) + 3_600_000 < this.now()) {
                this.sessions.delete(k.accessKeyId);
                keys.splice(i, 1);
            }
        }
        keys.push(credential);
        this.sessions.set(credential.accessKeyId, session);
        return credential;
    }

    private roleFromArn(arn: string): IdentityWorld["roles"][number] {
        const m = ROLE_ARN.exec(arn);
        if (!m) return fail(STS_ERRORS.InvalidRoleArn);
        const found = m[1] === this.world.accountId ? this.world.roles.find((r) => r.roleName.toLowerCase() === m[2].toLowerCase()) : undefined;
        if (!found) return fail(STS_ERRORS.RoleNotExist, arn);
        return found;
    }

    private sessionParams(p: Params, maxSeconds: number): { sessionName: string; duration: number } {
        const sessionName = p.required("RoleSessionName");
        if (!SESSION_NAME.test(sessionName)) fail(STS_ERRORS.InvalidSessionName);
        const duration = p.int("DurationSeconds", STS_ERRORS.InvalidDuration, `${maxSeconds / 3600}hr`) ?? 3600;
        if (duration < 900 || duration > maxSeconds) fail(STS_ERRORS.InvalidDuration, `${maxSeconds / 3600}hr`);
        const policy = p.str("Policy");
        if (policy !== undefined && policy !== "") {
            let parsed: unknown;
            try {
                parsed = JSON.parse(policy);
            } catch {
                fail(STS_ERRORS.PolicyGrammar);
            }
            if (parsed === null || typeof parsed !== "object" || !("Statement" in parsed)) fail(STS_ERRORS.PolicyGrammar);
        }
        return { sessionName, duration };
    }

    private answer(arnRole: string, session: Session, credential: Credential): Record<string, unknown> {
        return {
            AssumedRoleUser: {
                Arn: `acs:ram::${this.world.accountId}:assumed-role/${arnRole}/${session.sessionName}`,
                AssumedRoleId: `3${this.world.accountId.slice(0, 8)}${randomBytes(4).toString("hex")}:${session.sessionName}`,
            },
            Credentials: {
                AccessKeyId: credential.accessKeyId,
                AccessKeySecret: credential.accessKeySecret,
                SecurityToken: credential.securityToken,
                Expiration: credential.expiration,
            },
        };
    }

    /** Serves one STS request; throws `AlicloudError`s answered in STS's error shape. */
    serve(rpc: RpcRequest, auth: Authenticator): Record<string, unknown> {
        if (rpc.method !== "GET" && rpc.method !== "POST") fail(COMMON.UnsupportedHTTPMethod);
        const p = new Params(rpc.params);
        switch (rpc.action) {
            case "AssumeRole": {
                const caller = auth.authenticate(rpc, this.credentials());
                const target = this.roleFromArn(p.required("RoleArn"));
                const { sessionName, duration } = this.sessionParams(p, target.maxSessionDurationSeconds);
                const callerSession = this.sessions.get(caller.accessKeyId);
                const trusted =
                    callerSession === undefined
                        ? target.trustedAccessKeyIds.includes(caller.accessKeyId)
                        : target.trustedRoles.includes(callerSession.roleName);
                if (!trusted) fail(STS_ERRORS.NoPermission);
                const session = { roleName: target.roleName, sessionName };
                return this.answer(target.roleName, session, this.issue(session, duration));
            }
            case "AssumeRoleWithOIDC": {
                const providerArn = p.required("OIDCProviderArn");
                const pm = OIDC_ARN.exec(providerArn);
                const provider = pm && pm[1] === this.world.accountId ? this.world.oidcProviders.find((o) => o.name === pm[2]) : undefined;
                if (!provider) return fail(STS_ERRORS.OidcNoProvider);
                const token = p.str("OIDCToken") ?? "";
                if (token === "") fail(STS_ERRORS.OidcTokenEmpty);
                const parts = token.split(".");
                if (parts.length !== 3) fail(STS_ERRORS.OidcTokenParts);
                const header = b64urlJson(parts[0]);
                const claims = b64urlJson(parts[1]);
                // The emulator checks claims, not the signature (it has no IdP keys): see emulator/README.md.
                if (!header || !claims || typeof claims.iss !== "string" || typeof claims.exp !== "number") return fail(STS_ERRORS.OidcTokenContent);
                if (claims.exp * 1000 <= this.now()) fail(STS_ERRORS.OidcTokenExpired);
                if (claims.iss !== provider.issuer) fail(STS_ERRORS.OidcIssuer);
                const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
                if (!audiences.some((a) => typeof a === "string" && provider.clientIds.includes(a))) fail(STS_ERRORS.OidcAudience);
                const target = this.roleFromArn(p.required("RoleArn"));
                const subject = typeof claims.sub === "string" ? claims.sub : "";
                const grant = target.trustedOidcProviders.find((t) => t.provider === provider.name);
                if (!grant || (grant.subjects.length > 0 && !grant.subjects.includes(subject))) fail(STS_ERRORS.OidcNoPermission);
                const { sessionName, duration } = this.sessionParams(p, target.maxSessionDurationSeconds);
                const session = { roleName: target.roleName, sessionName };
                return {
                    ...this.answer(target.roleName, session, this.issue(session, duration)),
                    OIDCTokenInfo: { Subject: subject, Issuer: provider.issuer, ClientIds: audiences.join(",") },
                };
            }
            case "GetCallerIdentity": {
                const caller = auth.authenticate(rpc, this.credentials());
                const session = this.sessions.get(caller.accessKeyId);
                return session
                    ? {
                          AccountId: this.world.accountId,
                          IdentityType: "AssumedRoleUser",
                          Arn: `acs:ram::${this.world.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
                      }
                    : { AccountId: this.world.accountId, IdentityType: "RAMUser", Arn: `acs:ram::${this.world.accountId}:user/${caller.accessKeyId}` };
            }
            default:
                return fail(COMMON.InvalidActionNotFound);
        }
    }

    /**
     * Serves the instance metadata service's RAM role paths: `PUT /latest/api/token` (IMDSv2 token,
     * TTL 1–21600 s in `X-aliyun-ecs-metadata-token-ttl-seconds`), `GET
     * /latest/meta-data/ram/security-credentials/` (the role name) and `…/<role>` (its credentials).
     * Returns the response and the name recorded in the call log.
     */
    metadata(method: string, path: string, headers: Record<string, string | string[] | undefined>): { action: string; response: EmulatorResponse } {
        const text = (status: number, body: string): EmulatorResponse => ({ status, headers: { "Content-Type": "text/plain" }, body });
        const header = (name: string): string | undefined => {
            const v = headers[name];
            return Array.isArray(v) ? v[0] : v;
        };
        if (path === "/latest/api/token") {
            if (method !== "PUT") return { action: "MetadataToken", response: text(405, "Method Not Allowed") };
            const ttl = Number(header("x-aliyun-ecs-metadata-token-ttl-seconds"));
            if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) return { action: "MetadataToken", response: text(400, "Bad Request") };
            const token = randomBytes(24).toString("base64url");
            this.metadataTokens.set(token, this.now() + ttl * 1000);
            return { action: "MetadataToken", response: text(200, token) };
        }
        const prefix = "/latest/meta-data/ram/security-credentials/";
        const action = "MetadataRamSecurityCredentials";
        if (!path.startsWith(prefix)) return { action: "Metadata", response: text(404, "Not Found") };
        if (method !== "GET") return { action, response: text(405, "Method Not Allowed") };
        const token = header("x-aliyun-ecs-metadata-token");
        if (token !== undefined) {
            const until = this.metadataTokens.get(token);
            if (until === undefined || until <= this.now()) return { action, response: text(401, "Unauthorized") };
        } else if (this.world.metadataTokenRequired) {
            return { action, response: text(403, "Forbidden") };
        }
        const roleName = this.world.instanceRole;
        const asked = decodeURIComponent(path.slice(prefix.length));
        if (roleName === null) return { action, response: text(404, "Not Found") };
        if (asked === "") return { action, response: text(200, roleName) };
        if (asked !== roleName) return { action, response: text(404, "Not Found") };
        const current = this.instanceCredential;
        // Like the real service, hand out the same credential until it nears expiry, then a new one.
        const lifetime = Math.min(6 * 3600, this.world.credentialLifetimeSeconds ?? Infinity) * 1000;
        if (current === undefined || Date.parse(current.expiration as string) - this.now() < lifetime / 2) {
            this.instanceCredential = this.issue({ roleName, sessionName: "instance" }, 6 * 3600);
        }
        const c = this.instanceCredential as Credential;
        const body = {
            AccessKeyId: c.accessKeyId,
            AccessKeySecret: c.accessKeySecret,
            SecurityToken: c.securityToken,
            Expiration: c.expiration,
            LastUpdated: new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
            Code: "Success",
        };
        return { action, response: { status: 200, body } };
    }
}
