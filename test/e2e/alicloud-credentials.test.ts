// Keyless Alibaba credentials through the real Pulumi engine against the emulator's STS and
// metadata service: an OIDC exchange and an `up` with no static key anywhere, keys that expire
// every 3 seconds renewed during the `up` with no refused call, the instance role with
// alicloud:assumeRole on top, and a denied AssumeRole failing with an error that says what to do.
// No secret, security token or OIDC token in the output, the state or the emulator's call log.
import { expect } from "chai";
import * as path from "path";

import type { CallRecord } from "../../emulator";
import {
    DEPLOYER_ROLE_ARN,
    fixtureWithIdentity,
    identityWorld,
    INSTANCE_ROLE,
    ISSUED_SECRET_PATTERN,
    LOCKED_ROLE_ARN,
    OIDC_PROVIDER_ARN,
    oidcToken,
    tempDir,
} from "../support/identity";
import { createStack, type TestStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "alicloud-reboot-reinit");
const PASSWORD = "E2e`Creds-Pass42";
const STATIC_SECRET = "emulator-access-key-secret";
/** Every variable of the chain: cleared for the engine, so only what a test sets is there. */
const CHAIN_ENV = [
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALICLOUD_ACCESS_KEY",
    "ALICLOUD_SECRET_KEY",
    "ALICLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_ROLE_ARN",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
    "ALIBABA_CLOUD_CREDENTIALS_URI",
    "ALIBABA_CLOUD_PROFILE",
    "ALICLOUD_PROFILE",
    "ALICLOUD_SHARED_CREDENTIALS_FILE",
    "ALIBABA_CLOUD_ECS_METADATA",
];

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

function failedCalls(calls: CallRecord[]): string[] {
    return calls.filter((c) => c.cloud === "alicloud" && c.code !== null && c.code !== "DryRunOperation").map((c) => `${c.action}:${c.code}`);
}

describe("e2e: keyless Alibaba credentials through the engine", function () {
    this.timeout(300_000);
    const files = tempDir();
    const stacks: TestStack[] = [];
    const savedEnv = new Map(CHAIN_ENV.map((k) => [k, process.env[k]]));

    before(() => {
        // The engine's processes inherit this process's environment: no key may come from there.
        for (const k of CHAIN_ENV) delete process.env[k];
    });
    after(async () => {
        for (const s of stacks) await s.dispose();
        files.cleanup();
        for (const [k, v] of savedEnv) if (v !== undefined) process.env[k] = v;
    });

    /** A stack with only region and endpoints as config: the credentials come from what the test adds. */
    async function keylessStack(
        identity: Record<string, unknown>,
        config: Record<string, string | { value: string; secret: boolean }>,
        env: Record<string, string>,
    ): Promise<TestStack> {
        const stack = await createStack({
            program: PROGRAM,
            noDefaultConfig: true,
            emulator: { timeScale: 0.2, fixture: fixtureWithIdentity(identity) },
            config: { "reboot-reinit:password": { value: PASSWORD, secret: true }, "alicloud:region": "cn-hangzhou", ...config },
            env: { HOME: files.dir, ...env },
        });
        stacks.push(stack);
        const url = stack.emulatorUrl as string;
        await stack.setAllConfig({ "ecs-ops:alicloudEndpoint": url, "ecs-ops:alicloudStsEndpoint": url, "ecs-ops:alicloudMetadataEndpoint": url });
        return stack;
    }

    /** The secrets audit: nothing secret in the output, the exported state or the emulator's call log. */
    async function audit(stack: TestStack, r: VerbResult, extra: string[]): Promise<void> {
        const state = JSON.stringify(await stack.exportState());
        const texts = { output: printed(r), state, calls: JSON.stringify(r.calls) };
        for (const [where, text] of Object.entries(texts)) {
            expect(ISSUED_SECRET_PATTERN.test(text), `an issued secret or token in the ${where}`).to.equal(false);
            for (const s of [STATIC_SECRET, PASSWORD, ...extra]) expect(text.includes(s), `a secret in the ${where}`).to.equal(false);
        }
    }

    it("OIDC: up succeeds with no static key anywhere, and keys that live 3 s are renewed during it without a refused call", async () => {
        const token = oidcToken({ expiresInSeconds: 900 });
        const tokenFile = files.write("github-oidc-token", token);
        const stack = await keylessStack(
            identityWorld({ credentialLifetimeSeconds: 3 }),
            {},
            {
                ALIBABA_CLOUD_ROLE_ARN: DEPLOYER_ROLE_ARN,
                ALIBABA_CLOUD_OIDC_PROVIDER_ARN: OIDC_PROVIDER_ARN,
                ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
            },
        );
        const r = await stack.up();
        expect(r.exitCode, printed(r)).to.equal(0);
        expect(r.changes.create).to.equal(3);
        const exchanges = r.calls.filter((c) => c.action === "AssumeRoleWithOIDC");
        // The up lasts well over 3 s (a reboot and a system disk re-initialisation): keys were renewed.
        expect(exchanges.length, `up took ${r.durationMs} ms`).to.be.at.least(2);
        expect(exchanges.every((c) => c.code === null && c.params?.OIDCToken === "<redacted>")).to.equal(true);
        expect(failedCalls(r.calls)).to.deep.equal([]);
        expect(r.calls.map((c) => c.action)).to.include.members(["RebootInstance", "ReInitDisk"]);
        await audit(stack, r, [token]);
    });

    it("the instance RAM role from the metadata service, with alicloud:assumeRole on top", async () => {
        const stack = await keylessStack(identityWorld(), { "alicloud:ecsRoleName": INSTANCE_ROLE }, {});
        // Object config goes in with --path, as the README shows.
        await stack.run(["config", "set", "--path", "alicloud:assumeRole.roleArn", DEPLOYER_ROLE_ARN]);
        await stack.run(["config", "set", "--path", "alicloud:assumeRole.sessionName", "rollout"]);
        const r = await stack.up();
        expect(r.exitCode, printed(r)).to.equal(0);
        const actions = r.calls.map((c) => c.action);
        expect(actions).to.include.members(["MetadataToken", "MetadataRamSecurityCredentials", "AssumeRole"]);
        expect(r.calls.filter((c) => c.action === "AssumeRole").map((c) => c.params?.RoleSessionName)).to.deep.equal(["rollout"]);
        expect(failedCalls(r.calls)).to.deep.equal([]);
        await audit(stack, r, []);
    });

    it("a denied AssumeRole fails the up with the role, the source, the code and the fix — no secret", async () => {
        const stack = await keylessStack(
            identityWorld(),
            { "alicloud:accessKey": "LTAI5tEmulatorAccessKey", "alicloud:secretKey": { value: STATIC_SECRET, secret: true } },
            {},
        );
        await stack.run(["config", "set", "--path", "alicloud:assumeRole.roleArn", LOCKED_ROLE_ARN]);
        const r = await stack.up({ allowFailure: true });
        expect(r.exitCode).to.not.equal(0);
        const out = printed(r);
        expect(out).to.contain(
            `Alibaba Cloud credentials: using stack config alicloud:assumeRole (role ${LOCKED_ROLE_ARN}), with the keys of stack config alicloud:accessKey + alicloud:secretKey`,
        );
        expect(out).to.contain("(NoPermission");
        expect(out).to.contain("trust policy");
        expect(r.calls.filter((c) => c.action === "RebootInstance" || c.action === "ReInitDisk")).to.deep.equal([]);
        await audit(stack, r, []);
    });
});
