import { randomBytes } from "crypto";
import { z } from "zod";
import { EmulatorRequest, EmulatorResponse } from "../core/backend";
import { apiError, GATEWAY_ERRORS } from "./errors";
import { CredentialRecord } from "./models";
import { header, signedParts } from "./wire";
import { authenticate } from "./wire-signature";

/**
 * The identity side of Huawei Cloud in the emulator (IAM v3.0 on the same port as ECS):
 * - `POST /v3.0/OS-CREDENTIAL/securitytokens` — temporary AK/SK and security token, by
 *   `assume_role` (an agency, the request signed with AK/SK) or by `token` (an `X-Auth-Token`);
 * - `POST /v3.0/OS-AUTH/id-token/tokens` — a federated token for an OIDC ID token (`X-Idp-Id`),
 *   answered in `X-Subject-Token`;
 * - `GET /openstack/latest/securitykey` — the ECS metadata security key of the agency attached to
 *   "this" server.
 * Issued keys are accepted by the ECS side until they expire, then refused (`APIGW.0301`, with a
 * detail saying they expired). Its world is the `identity` key of the fixture's `huaweicloud` section.
 */

const idp = z
    .object({
        id: z.string().regex(/^[\w.-]{1,64}$/),
        issuer: z.string().url(),
        clientIds: z.array(z.string().min(1)).min(1),
        /** `sub` claims the identity conversion rules map to a user (empty: any). */
        subjects: z.array(z.string()).default([]),
    })
    .strict();

const agency = z
    .object({
        name: z.string().regex(/^[\w.-]{1,64}$/),
        /** AKs whose users may assume the agency (its trust: the delegated account's users). */
        trustedAccessKeys: z.array(z.string()).default([]),
        /** Whether sessions of the server's agency may assume it (agency chaining). */
        trustedFromInstance: z.boolean().default(false),
    })
    .strict();

const identitySection = z
    .object({
        domainName: z.string().default("ecs-ops-domain"),
        domainId: z
            .string()
            .regex(/^[0-9a-f]{32}$/)
            .default("d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0"),
        /** Projects issued keys may act in (default: every project of the fixture). */
        projectIds: z.array(z.string()).nullable().default(null),
        agencies: z.array(agency).default([]),
        identityProviders: z.array(idp).default([]),
        /** The agency attached to "this" server, served as the metadata security key; null: none. */
        instanceAgency: z.string().nullable().default(null),
        /** Caps the lifetime of every issued key (seconds), so a test sees expiry within an `up`. */
        credentialLifetimeSeconds: z.number().positive().nullable().default(null),
    })
    .strict();

/** The Huawei identity world. */
export type HuaweiIdentityWorld = z.infer<typeof identitySection>;

/** The default identity world: an agency the default AK may assume, a CI identity provider, the server's agency. */
export function defaultHuaweiIdentity(): unknown {
    return {
        agencies: [{ name: "ecs-ops-deployer", trustedAccessKeys: ["EMULATORAK00000000000"], trustedFromInstance: true }],
        identityProviders: [{ id: "github", issuer: "https://token.actions.githubusercontent.com", clientIds: ["ecs-ops"] }],
        instanceAgency: "ecs-ops-runner",
    };
}

function loadIdentity(raw: unknown): HuaweiIdentityWorld {
    const parsed = identitySection.safeParse(raw ?? defaultHuaweiIdentity());
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`huaweicloud fixture: identity.${issue.path.join(".")}: ${issue.message}`);
    }
    return parsed.data;
}

/** An IAM error, answered in Keystone's shape `{"error":{"code","message","title"}}`. */
export class IamError extends Error {
    constructor(
        readonly status: number,
        readonly title: string,
        message: string,
    ) {
        super(message);
    }
}

function iamError(status: number, title: string, message: string): IamError {
    return new IamError(status, title, message);
}

/** The response of an IAM error. */
export function iamErrorResponse(requestId: string, err: IamError): EmulatorResponse {
    return { status: err.status, headers: { "X-Request-Id": requestId }, body: { error: { code: err.status, message: err.message, title: err.title } } };
}

interface Issued extends CredentialRecord {
    expiresAt: number;
    agency: string | null;
}

function jsonOf(req: EmulatorRequest): Record<string, unknown> {
    try {
        const v: unknown = JSON.parse(req.rawBody.toString("utf8"));
        if (v !== null && typeof v === "object") return v as Record<string, unknown>;
    } catch {
        // answered below
    }
    throw iamError(400, "Bad Request", "The request body is not valid JSON.");
}

function claimsOf(jwt: string): Record<string, unknown> | undefined {
    const parts = jwt.split(".");
    if (parts.length !== 3) return undefined;
    try {
        const v: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
        return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/** The identity service of the emulated Huawei Cloud. */
export class HuaweiIdentity {
    private world: HuaweiIdentityWorld = loadIdentity(undefined);
    private issued = new Map<string, Issued>();
    /** Federated tokens → when they expire. */
    private tokens = new Map<string, { expiresAt: number; subject: string }>();
    private instanceKey: Issued | undefined;

    constructor(
        private readonly now: () => number,
        private readonly fixtureCredential: (accessKey: string) => CredentialRecord | undefined,
        private readonly allProjects: () => string[],
    ) {}

    /** Reloads the identity world: no issued key, no token. */
    load(raw: unknown): void {
        this.world = loadIdentity(raw);
        this.issued.clear();
        this.tokens.clear();
        this.instanceKey = undefined;
    }

    /** The identity world for the state dump (no secret). */
    state(): unknown {
        return {
            ...this.world,
            issued: [...this.issued.values()].map((c) => ({ accessKey: c.accessKey, agency: c.agency, expiresAt: new Date(c.expiresAt).toISOString() })),
        };
    }

    /** Whether a request is addressed to IAM or the metadata service. */
    static accepts(req: EmulatorRequest): boolean {
        return req.url.pathname.startsWith("/v3.0/") || req.url.pathname.startsWith("/openstack/latest/");
    }

    /**
     * The credential of an AK, for the ECS side: a fixture key, or a key issued here — refused with
     * `APIGW.0301` once it has expired.
     */
    lookup(accessKey: string): CredentialRecord | undefined {
        const issued = this.issued.get(accessKey);
        if (issued === undefined) return this.fixtureCredential(accessKey);
        if (issued.expiresAt <= this.now()) {
            throw apiError(GATEWAY_ERRORS.iamAuth, "the temporary AK/SK and security token have expired");
        }
        return issued;
    }

    private issue(agencyName: string | null, durationSeconds: number): Issued {
        const cap = this.world.credentialLifetimeSeconds;
        const expiresAt = Math.floor((this.now() + Math.min(durationSeconds, cap ?? Infinity) * 1000) / 1000) * 1000;
        for (const [k, c] of this.issued) if (c.expiresAt + 3_600_000 < this.now()) this.issued.delete(k);
        const key: Issued = {
            accessKey: `EMUTMP${randomBytes(10).toString("hex").toUpperCase()}`,
            // Marked, so that audits can find issued secrets in output and state.
            secretKey: `EmuStsSecret${randomBytes(18).toString("base64url")}`,
            securityToken: `CAIS${randomBytes(48).toString("base64url")}`,
            projectIds: this.world.projectIds ?? this.allProjects(),
            expiresAt,
            agency: agencyName,
        };
        this.issued.set(key.accessKey, key);
        return key;
    }

    private static credentialBody(c: Issued): Record<string, unknown> {
        return { credential: { access: c.accessKey, secret: c.secretKey, securitytoken: c.securityToken, expires_at: new Date(c.expiresAt).toISOString() } };
    }

    /** Serves one IAM or metadata request; returns the response and the operation name for the call log. */
    serve(req: EmulatorRequest): { operation: string; response: EmulatorResponse; params?: Record<string, unknown> } {
        const path = req.url.pathname.replace(/\/+$/, "");
        if (path === "/openstack/latest/securitykey") {
            const operation = "MetadataSecurityKey";
            if (req.method !== "GET") throw iamError(405, "Method Not Allowed", "GET only");
            const name = this.world.instanceAgency;
            if (name === null) throw iamError(404, "Not Found", "no agency is attached to this server");
            const lifetime = Math.min(24 * 3600, this.world.credentialLifetimeSeconds ?? Infinity) * 1000;
            if (this.instanceKey === undefined || this.instanceKey.expiresAt - this.now() < lifetime / 2)
                this.instanceKey = this.issue(`instance:${name}`, 24 * 3600);
            return { operation, response: { status: 200, body: HuaweiIdentity.credentialBody(this.instanceKey) } };
        }
        if (path === "/v3.0/OS-CREDENTIAL/securitytokens" && req.method === "POST") {
            const body = jsonOf(req);
            const identity = ((body.auth as Record<string, unknown> | undefined)?.identity ?? {}) as Record<string, unknown>;
            const methods = Array.isArray(identity.methods) ? identity.methods : [];
            if (methods.includes("assume_role")) {
                const caller = authenticate(signedParts(req), (ak) => this.lookup(ak), this.now());
                const ar = (identity.assume_role ?? {}) as Record<string, unknown>;
                const params = {
                    method: "assume_role",
                    agency_name: ar.agency_name,
                    domain_name: ar.domain_name,
                    domain_id: ar.domain_id,
                    duration_seconds: ar.duration_seconds,
                };
                const duration = typeof ar.duration_seconds === "number" ? ar.duration_seconds : 900;
                if (!Number.isInteger(duration) || duration < 900 || duration > 86400)
                    throw iamError(400, "Bad Request", "Invalid duration_seconds: it must be 900 to 86400.");
                const domainOk = ar.domain_name === this.world.domainName || ar.domain_id === this.world.domainId;
                const target = this.world.agencies.find((a) => a.name === ar.agency_name);
                if (!domainOk || target === undefined)
                    throw iamError(404, "Not Found", `Could not find agency: ${String(ar.agency_name)} in domain ${String(ar.domain_name ?? ar.domain_id)}.`);
                const fromInstance = this.issued.get(caller.accessKey)?.agency?.startsWith("instance:") ?? false;
                const trusted = fromInstance ? target.trustedFromInstance : target.trustedAccessKeys.includes(caller.accessKey);
                if (!trusted) throw iamError(403, "Forbidden", `You are not authorized to perform the requested action: assume agency ${target.name}.`);
                return {
                    operation: "CreateTemporaryAccessKeyByAgency",
                    params,
                    response: { status: 201, body: HuaweiIdentity.credentialBody(this.issue(target.name, duration)) },
                };
            }
            if (methods.includes("token")) {
                const t = (identity.token ?? {}) as Record<string, unknown>;
                const params = { method: "token", duration_seconds: t.duration_seconds };
                const token = header(req, "x-auth-token") ?? (typeof t.id === "string" ? t.id : undefined);
                const known = token !== undefined ? this.tokens.get(token) : undefined;
                if (known === undefined) throw iamError(401, "Unauthorized", "The request you have made requires authentication.");
                if (known.expiresAt <= this.now()) throw iamError(401, "Unauthorized", "The token has expired.");
                const duration = typeof t.duration_seconds === "number" ? t.duration_seconds : 900;
                if (!Number.isInteger(duration) || duration < 900 || duration > 86400)
                    throw iamError(400, "Bad Request", "Invalid duration_seconds: it must be 900 to 86400.");
                return {
                    operation: "CreateTemporaryAccessKeyByToken",
                    params,
                    response: { status: 201, body: HuaweiIdentity.credentialBody(this.issue(null, duration)) },
                };
            }
            throw iamError(400, "Bad Request", "Invalid identity methods: use assume_role or token.");
        }
        if (path === "/v3.0/OS-AUTH/id-token/tokens" && req.method === "POST") {
            const operation = "CreateTokenWithIdToken";
            const idpId = header(req, "x-idp-id");
            const provider = this.world.identityProviders.find((p) => p.id === idpId);
            if (provider === undefined) throw iamError(404, "Not Found", `Could not find identity provider: ${idpId ?? "(no X-Idp-Id)"}.`);
            const body = jsonOf(req);
            const jwt = ((body.auth as Record<string, unknown> | undefined)?.id_token as Record<string, unknown> | undefined)?.id;
            const claims = typeof jwt === "string" ? claimsOf(jwt) : undefined;
            // The emulator checks claims, not the signature (it has no IdP keys).
            if (claims === undefined) throw iamError(400, "Bad Request", "The id_token is not a JWT.");
            if (typeof claims.exp !== "number" || claims.exp * 1000 <= this.now()) throw iamError(401, "Unauthorized", "The id_token has expired.");
            if (claims.iss !== provider.issuer) throw iamError(401, "Unauthorized", "The id_token's issuer does not match the identity provider.");
            const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
            if (!aud.some((a) => typeof a === "string" && provider.clientIds.includes(a)))
                throw iamError(401, "Unauthorized", "The id_token's audience is not a client id of the identity provider.");
            const subject = typeof claims.sub === "string" ? claims.sub : "";
            if (provider.subjects.length > 0 && !provider.subjects.includes(subject)) {
                throw iamError(403, "Forbidden", "The identity conversion rules of the identity provider map this id_token to no user.");
            }
            const token = `MII${randomBytes(48).toString("base64url")}`;
            const expiresAt = this.now() + 24 * 3600 * 1000;
            this.tokens.set(token, { expiresAt, subject });
            return {
                operation,
                params: { idp: idpId },
                response: {
                    status: 201,
                    headers: { "X-Subject-Token": token },
                    body: {
                        token: {
                            expires_at: new Date(expiresAt).toISOString(),
                            methods: ["mapped"],
                            user: { name: subject, "OS-FEDERATION": { identity_provider: { id: provider.id } } },
                        },
                    },
                },
            };
        }
        throw apiError(GATEWAY_ERRORS.apiNotFound, `${req.method} ${req.url.pathname}`);
    }
}
