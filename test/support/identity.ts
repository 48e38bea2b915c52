// Test support: the identity side of the tests — OIDC tokens as a CI would write them, token files,
// and emulator fixtures with an `identity` world (roles, OIDC providers, the instance role).
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultFixture, Fixture } from "../../emulator";

/** Account of the emulator's default identity world. */
export const ACCOUNT = "1234567890123456";
/** The default deployer role, trusted by the default key, the `ci` OIDC provider and the instance role. */
export const DEPLOYER_ROLE_ARN = `acs:ram::${ACCOUNT}:role/ecs-ops-deployer`;
/** A role the tests add that nobody may assume. */
export const LOCKED_ROLE_ARN = `acs:ram::${ACCOUNT}:role/locked`;
/** The default OIDC provider. */
export const OIDC_PROVIDER_ARN = `acs:ram::${ACCOUNT}:oidc-provider/ci`;
/** Its issuer and client id. */
export const OIDC_ISSUER = "https://token.actions.githubusercontent.com";
export const OIDC_AUDIENCE = "sts.aliyuncs.com";
/** The subject a pipeline's token carries in these tests. */
export const PIPELINE_SUBJECT = "repo:example/infra:ref:refs/heads/main";
/** The RAM role attached to the emulated instance. */
export const INSTANCE_ROLE = "ecs-ops-runner";

/** A JWT shaped like a CI's OIDC token (the emulator checks claims, not the signature). */
export function oidcToken(claims: { sub?: string; aud?: string; iss?: string; expiresInSeconds?: number } = {}): string {
    const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const payload = {
        iss: claims.iss ?? OIDC_ISSUER,
        aud: claims.aud ?? OIDC_AUDIENCE,
        sub: claims.sub ?? PIPELINE_SUBJECT,
        iat: now,
        exp: now + (claims.expiresInSeconds ?? 600),
        jti: randomBytes(8).toString("hex"),
    };
    return `${b64({ alg: "RS256", typ: "JWT", kid: "test" })}.${b64(payload)}.${randomBytes(64).toString("base64url")}`;
}

/** A temp dir for token and profile files; `cleanup()` removes it. */
export function tempDir(): { dir: string; write(name: string, text: string): string; cleanup(): void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-identity-"));
    return {
        dir,
        write(name, text) {
            const file = path.join(dir, name);
            fs.writeFileSync(file, text, { mode: 0o600 });
            return file;
        },
        cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
}

/** The default identity world, with a role nobody may assume, a subject condition on `ci`, and optional overrides. */
export function identityWorld(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        accountId: ACCOUNT,
        oidcProviders: [{ name: "ci", issuer: OIDC_ISSUER, clientIds: [OIDC_AUDIENCE] }],
        roles: [
            {
                roleName: "ecs-ops-deployer",
                trustedAccessKeyIds: ["LTAI5tEmulatorAccessKey"],
                trustedRoles: [INSTANCE_ROLE],
                trustedOidcProviders: [{ provider: "ci", subjects: [PIPELINE_SUBJECT] }],
            },
            { roleName: INSTANCE_ROLE },
            { roleName: "locked" },
        ],
        instanceRole: INSTANCE_ROLE,
        ...overrides,
    };
}

/** Static STS keys the fixture accepts (for a credentials-URI server to hand out). */
export const URI_KEYS = { accessKeyId: "STS.UriServedKey0001", accessKeySecret: "uri-served-secret-0001", securityToken: "CAISuriServedToken0001" } as const;

/** The default fixture with `identity` in its alicloud section and the URI keys accepted. */
export function fixtureWithIdentity(identity: Record<string, unknown> = identityWorld()): Fixture {
    const f = defaultFixture();
    const alicloud = f.alicloud as { credentials: unknown[] } & Record<string, unknown>;
    alicloud.credentials = [...alicloud.credentials, { ...URI_KEYS, expiration: "2099-12-31T16:00:00Z" }];
    return { ...f, alicloud: { ...alicloud, identity } };
}

/** What every temporary secret or security token the emulator issues looks like (see emulator/README.md). */
export const ISSUED_SECRET_PATTERN = /EmuStsSecret[A-Za-z0-9_-]{8,}|CAIS[A-Za-z0-9_-]{20,}/;
