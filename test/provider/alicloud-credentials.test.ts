// The Alibaba credential chain against the emulator's STS and metadata service, over real HTTP:
// each source alone, precedence, renewal before expiry, the process-wide cache, actionable errors,
// and that no secret, token or OIDC token shows in errors, console, call log or emulator state.
import { expect } from "chai";
import * as http from "http";
import { AddressInfo } from "net";
import { callEcs } from "../../provider/alicloud/api/client";
import { clearAlicloudCredentialCache, resolveAlicloudCredentials } from "../../provider/alicloud/credentials/credential-chain";
import { stsCredentials } from "../../provider/alicloud/credentials/sts-client";
import { CloudApiError } from "../../provider/core/transport/errors";
import { clearStackConfig, setStackConfig } from "../../provider/core/credentials/stack-config";
import { refreshAt } from "../../provider/core/credentials/temporary-credentials";
import { emulatorControl } from "../support/emulator-control";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import {
    DEPLOYER_ROLE_ARN,
    fixtureWithIdentity,
    identityWorld,
    INSTANCE_ROLE,
    LOCKED_ROLE_ARN,
    OIDC_PROVIDER_ARN,
    oidcToken,
    tempDir,
    URI_KEYS,
} from "../support/identity";
import { ALICLOUD_ENV_KEYS, EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";

const EMULATOR_KEY = { id: "LTAI5tEmulatorAccessKey", secret: "emulator-access-key-secret" };
const deadline = (ms = 30_000): number => Date.now() + ms;

describe("Alibaba credential chain against the emulator", function () {
    this.timeout(60_000);
    let emu!: EmulatedAlicloud;
    const capture = new ConsoleCapture();
    const files = tempDir();
    /** Every secret value a test handed out or received: none may show anywhere. */
    const secrets = new Set<string>([EMULATOR_KEY.secret, URI_KEYS.accessKeySecret, URI_KEYS.securityToken]);
    const errors: string[] = [];
    let uriServer: http.Server;
    let uriUrl = "";

    emulatorHooks(startEmulatedAlicloud, (e) => (emu = e), {
        capture,
        beforeEachTest: async (e) => {
            await e.reset(fixtureWithIdentity());
            clearAlicloudCredentialCache();
            clearStackConfig();
            // Only the endpoints: every test sets its own source.
            for (const k of ALICLOUD_ENV_KEYS) if (k !== "ECS_OPS_ALICLOUD_ENDPOINT" && k !== "ALIBABA_CLOUD_REGION_ID") delete process.env[k];
            process.env.ECS_OPS_ALICLOUD_STS_ENDPOINT = e.url;
            process.env.ECS_OPS_ALICLOUD_METADATA_ENDPOINT = e.url;
            // A home without ~/.aliyun/config.json: the developer's own profile must not join in.
            process.env.HOME = files.dir;
        },
    });

    const home = process.env.HOME;
    /** What each test left in the emulator's call log and state and on the console, audited at the end. */
    const audited: string[] = [];
    afterEach(async () => {
        audited.push(JSON.stringify(await emulatorControl(emu.url, "GET", "calls")), JSON.stringify(await emu.state()), capture.text());
    });

    before(async () => {
        uriServer = http.createServer((_req, res) => {
            res.setHeader("Content-Type", "application/json");
            res.end(
                JSON.stringify({
                    Code: "Success",
                    AccessKeyId: URI_KEYS.accessKeyId,
                    AccessKeySecret: URI_KEYS.accessKeySecret,
                    SecurityToken: URI_KEYS.securityToken,
                    Expiration: new Date(Date.now() + 3_600_000).toISOString(),
                }),
            );
        });
        await new Promise<void>((r) => uriServer.listen(0, "127.0.0.1", r));
        uriUrl = `http://127.0.0.1:${(uriServer.address() as AddressInfo).port}/credentials`;
    });

    after(async () => {
        process.env.HOME = home;
        clearStackConfig();
        clearAlicloudCredentialCache();
        files.cleanup();
        await new Promise<void>((r) => uriServer.close(() => r()));
    });

    const config = (values: Record<string, string>): void => setStackConfig({ get: (k) => values[k] });

    function oidcEnv(tokenText = oidcToken()): string {
        secrets.add(tokenText);
        const file = files.write("oidc-token", tokenText);
        process.env.ALIBABA_CLOUD_ROLE_ARN = DEPLOYER_ROLE_ARN;
        process.env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN = OIDC_PROVIDER_ARN;
        process.env.ALIBABA_CLOUD_OIDC_TOKEN_FILE = file;
        return file;
    }

    /** Resolves the chain, makes one ECS call with it, remembers the keys as secrets; returns the source. */
    async function use(): Promise<string> {
        const c = await resolveAlicloudCredentials();
        secrets.add(c.accessKeySecret);
        if (c.securityToken !== undefined) secrets.add(c.securityToken);
        const r = await callEcs("DescribeInstances", {}, { deadline: deadline() });
        expect(r.RequestId).to.be.a("string");
        return c.source;
    }

    async function failure(): Promise<Error> {
        const err = (await resolveAlicloudCredentials().then(
            () => undefined,
            (e: Error) => e,
        )) as Error | undefined;
        expect(err, "the chain should have failed").to.be.instanceOf(Error);
        errors.push((err as Error).message);
        return err as Error;
    }

    async function actions(): Promise<string[]> {
        return (await emu.calls()).map((c) => `${c.action}${c.code ? `:${c.code}` : ""}`);
    }

    describe("each source alone", () => {
        it("stack config keys", async () => {
            config({ "alicloud:accessKey": EMULATOR_KEY.id, "alicloud:secretKey": EMULATOR_KEY.secret });
            expect(await use()).to.equal("stack config alicloud:accessKey + alicloud:secretKey");
        });

        it("environment keys", async () => {
            process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = EMULATOR_KEY.id;
            process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = EMULATOR_KEY.secret;
            expect(await use()).to.equal("ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        });

        it("OIDC: the token file exchanged with AssumeRoleWithOIDC, no static key anywhere", async () => {
            const file = oidcEnv();
            const source = await use();
            expect(source).to.equal(`OIDC role ${DEPLOYER_ROLE_ARN} (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, token file ${file})`);
            expect(await actions()).to.deep.equal(["AssumeRoleWithOIDC", "DescribeInstances"]);
            const [exchange] = await emu.calls();
            expect(exchange.params?.OIDCToken).to.equal("<redacted>");
            const c = await resolveAlicloudCredentials();
            expect(c.accessKeyId).to.match(/^STS\./);
            expect(c.refreshable).to.equal(true);
        });

        it("credentials URI", async () => {
            process.env.ALIBABA_CLOUD_CREDENTIALS_URI = uriUrl;
            expect(await use()).to.equal("ALIBABA_CLOUD_CREDENTIALS_URI");
            delete process.env.ALIBABA_CLOUD_CREDENTIALS_URI;
        });

        it("a CLI profile (AK mode) named by ALIBABA_CLOUD_PROFILE, from ALICLOUD_SHARED_CREDENTIALS_FILE", async () => {
            process.env.ALICLOUD_SHARED_CREDENTIALS_FILE = files.write(
                "config.json",
                JSON.stringify({
                    current: "other",
                    profiles: [
                        { name: "other", mode: "AK", access_key_id: "nope", access_key_secret: "nope-secret" },
                        { name: "ops", mode: "AK", access_key_id: EMULATOR_KEY.id, access_key_secret: EMULATOR_KEY.secret, region_id: "cn-hangzhou" },
                    ],
                }),
            );
            process.env.ALIBABA_CLOUD_PROFILE = "ops";
            expect(await use()).to.contain("profile ops of");
            delete process.env.ALIBABA_CLOUD_PROFILE;
        });

        it("stack config alicloud:profile with a RamRoleArn profile assumes the role", async () => {
            const file = files.write(
                "config-role.json",
                JSON.stringify({
                    profiles: [
                        {
                            name: "deploy",
                            mode: "RamRoleArn",
                            access_key_id: EMULATOR_KEY.id,
                            access_key_secret: EMULATOR_KEY.secret,
                            ram_role_arn: DEPLOYER_ROLE_ARN,
                            ram_session_name: "laptop",
                        },
                    ],
                }),
            );
            config({ "alicloud:profile": "deploy", "alicloud:sharedCredentialsFile": file });
            expect(await use()).to.contain("stack config alicloud:profile (profile deploy of");
            expect(await actions()).to.deep.equal(["AssumeRole", "DescribeInstances"]);
        });

        it("stack config alicloud:ecsRoleName: the instance's RAM role from the metadata service (IMDSv2 token first)", async () => {
            config({ "alicloud:ecsRoleName": INSTANCE_ROLE });
            expect(await use()).to.equal(`stack config alicloud:ecsRoleName (role ${INSTANCE_ROLE}, from the metadata service)`);
            expect(await actions()).to.deep.equal(["MetadataToken", "MetadataRamSecurityCredentials", "DescribeInstances"]);
        });

        it("ALIBABA_CLOUD_ECS_METADATA, with the metadata service in hardened (token-only) mode", async () => {
            await emu.reset(fixtureWithIdentity(identityWorld({ metadataTokenRequired: true })));
            process.env.ALIBABA_CLOUD_ECS_METADATA = INSTANCE_ROLE;
            expect(await use()).to.contain("ALIBABA_CLOUD_ECS_METADATA");
            delete process.env.ALIBABA_CLOUD_ECS_METADATA;
        });

        it("alicloud:assumeRole on top of the instance role (role chaining), with sessionName and sessionExpiration", async () => {
            config({
                "alicloud:ecsRoleName": INSTANCE_ROLE,
                "alicloud:assumeRole": JSON.stringify({ roleArn: DEPLOYER_ROLE_ARN, sessionName: "rollout", sessionExpiration: 900 }),
            });
            expect(await use()).to.equal(
                `stack config alicloud:assumeRole (role ${DEPLOYER_ROLE_ARN}), with the keys of stack config alicloud:ecsRoleName (role ${INSTANCE_ROLE}, from the metadata service)`,
            );
            const calls = await emu.calls();
            const assume = calls.find((c) => c.action === "AssumeRole");
            expect(assume?.params).to.include({ RoleArn: DEPLOYER_ROLE_ARN, RoleSessionName: "rollout", DurationSeconds: "900" });
            const state = (await emu.state()) as unknown as { identity: { sessions: Array<{ roleName: string; sessionName: string }> } };
            expect(state.identity.sessions).to.deep.include({ roleName: "ecs-ops-deployer", sessionName: "rollout" });
        });
    });

    describe("precedence", () => {
        it("stack config keys, then env keys, then OIDC, then the credentials URI, then a profile, then the instance role", async () => {
            const cfg = { "alicloud:accessKey": EMULATOR_KEY.id, "alicloud:secretKey": EMULATOR_KEY.secret };
            config(cfg);
            process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = EMULATOR_KEY.id;
            process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = EMULATOR_KEY.secret;
            oidcEnv();
            process.env.ALIBABA_CLOUD_CREDENTIALS_URI = uriUrl;
            process.env.ALICLOUD_SHARED_CREDENTIALS_FILE = files.write(
                "config-p.json",
                JSON.stringify({ current: "p", profiles: [{ name: "p", mode: "AK", access_key_id: EMULATOR_KEY.id, access_key_secret: EMULATOR_KEY.secret }] }),
            );
            process.env.ALIBABA_CLOUD_ECS_METADATA = INSTANCE_ROLE;
            const order: string[] = [];
            order.push(await use());
            clearStackConfig();
            order.push(await use());
            delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
            delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
            order.push(await use());
            delete process.env.ALIBABA_CLOUD_OIDC_TOKEN_FILE;
            delete process.env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN;
            order.push(await use());
            delete process.env.ALIBABA_CLOUD_CREDENTIALS_URI;
            order.push(await use());
            // An explicit file that does not exist is an error, not a skip: without one, ~/.aliyun/config.json is looked for.
            delete process.env.ALICLOUD_SHARED_CREDENTIALS_FILE;
            order.push(await use());
            expect(order.map((s) => s.split(" (")[0])).to.deep.equal([
                "stack config alicloud:accessKey + alicloud:secretKey",
                "ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                `OIDC role ${DEPLOYER_ROLE_ARN}`,
                "ALIBABA_CLOUD_CREDENTIALS_URI",
                "the current profile",
                "ALIBABA_CLOUD_ECS_METADATA",
            ]);
            delete process.env.ALIBABA_CLOUD_ECS_METADATA;
            delete process.env.ALIBABA_CLOUD_ROLE_ARN;
        });
    });

    describe("temporary credentials over a long run", () => {
        it("renews 15 minutes before expiry, or half-way for short-lived keys", () => {
            expect(refreshAt(0, 3_600_000)).to.equal(45 * 60_000);
            expect(refreshAt(0, 10_000)).to.equal(5_000);
        });

        it("shares one exchange between concurrent calls of the process", async () => {
            oidcEnv();
            await Promise.all(Array.from({ length: 8 }, () => callEcs("DescribeInstances", {}, { deadline: deadline() })));
            const calls = await actions();
            expect(calls.filter((a) => a === "AssumeRoleWithOIDC")).to.have.length(1);
            expect(calls.filter((a) => a === "DescribeInstances")).to.have.length(8);
        });

        it("renews keys that expire during a run before they expire: no call is refused", async () => {
            await emu.reset(fixtureWithIdentity(identityWorld({ credentialLifetimeSeconds: 3 })));
            oidcEnv();
            const seen = new Set<string>();
            const until = Date.now() + 45_000;
            // Call until three different keys were used (each lives 3 s, renewed after 1.5 s).
            while (seen.size < 3 && Date.now() < until) {
                const c = await resolveAlicloudCredentials();
                seen.add(c.accessKeyId);
                secrets.add(c.accessKeySecret);
                secrets.add(c.securityToken as string);
                await callEcs("DescribeInstances", {}, { deadline: deadline() });
                await new Promise((r) => setTimeout(r, 100));
            }
            expect(seen.size).to.equal(3);
            const calls = await emu.calls();
            expect(calls.filter((c) => c.code !== null).map((c) => `${c.action}:${c.code}`)).to.deep.equal([]);
            expect(calls.filter((c) => c.action === "AssumeRoleWithOIDC").length).to.be.at.least(3);
        });

        it("a passing STS failure (503) is retried within the call; the call itself succeeds", async () => {
            let failures = 1;
            const flaky = http.createServer((req, res) => {
                const chunks: Buffer[] = [];
                req.on("data", (c: Buffer) => chunks.push(c));
                req.on("end", async () => {
                    if (failures-- > 0) {
                        res.writeHead(503, { "Content-Type": "application/json" });
                        res.end(JSON.stringify({ Code: "ServiceUnavailable", Message: "try later", RequestId: "R-1" }));
                        return;
                    }
                    const upstream = await fetch(`${emu.url}/`, {
                        method: "POST",
                        headers: { "Content-Type": "application/x-www-form-urlencoded" },
                        body: Buffer.concat(chunks),
                    });
                    res.writeHead(upstream.status, { "Content-Type": "application/json" });
                    res.end(await upstream.text());
                });
            });
            await new Promise<void>((r) => flaky.listen(0, "127.0.0.1", r));
            try {
                process.env.ECS_OPS_ALICLOUD_STS_ENDPOINT = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
                oidcEnv();
                const r = await callEcs("DescribeInstances", {}, { deadline: deadline() });
                expect(r.RequestId).to.be.a("string");
                expect(await actions()).to.deep.equal(["AssumeRoleWithOIDC", "DescribeInstances"]);
                expect(capture.text()).to.match(
                    /DescribeInstances: Alibaba Cloud credentials from OIDC role .* not obtained \(STS failed AssumeRoleWithOIDC .*\), retrying in/,
                );
            } finally {
                await new Promise<void>((r) => flaky.close(() => r()));
            }
        });

        it("the ECS side refuses issued keys after their expiry with InvalidSecurityToken.Expired", async () => {
            // Keys that live 1 ms: STS writes whole seconds (rounded down), so they have expired by the time they are used.
            await emu.reset(fixtureWithIdentity(identityWorld({ credentialLifetimeSeconds: 0.001 })));
            const keys = await stsCredentials(
                emu.url,
                "AssumeRole",
                { RoleArn: DEPLOYER_ROLE_ARN, RoleSessionName: "direct", DurationSeconds: "900" },
                { accessKeyId: EMULATOR_KEY.id, accessKeySecret: EMULATOR_KEY.secret },
            );
            secrets.add(keys.accessKeySecret);
            secrets.add(keys.securityToken as string);
            expect(keys.expiration).to.be.at.most(Date.now() + 1);
            while (Date.now() <= (keys.expiration as number)) await new Promise((r) => setTimeout(r, 1));
            config({
                "alicloud:accessKey": keys.accessKeyId,
                "alicloud:secretKey": keys.accessKeySecret,
                "alicloud:securityToken": keys.securityToken as string,
            });
            const err = (await callEcs("DescribeInstances", {}, { deadline: deadline() }).catch((e) => e)) as CloudApiError;
            expect(err).to.be.instanceOf(CloudApiError);
            expect(err.code).to.equal("InvalidSecurityToken.Expired");
            errors.push(err.message);
        });
    });

    describe("errors a pipeline engineer can act on", () => {
        it("a denied AssumeRole names the role, the caller's source, the code and the fix", async () => {
            config({
                "alicloud:accessKey": EMULATOR_KEY.id,
                "alicloud:secretKey": EMULATOR_KEY.secret,
                "alicloud:assumeRole": JSON.stringify({ roleArn: LOCKED_ROLE_ARN }),
            });
            const err = await failure();
            expect(err.message).to.contain(
                `using stack config alicloud:assumeRole (role ${LOCKED_ROLE_ARN}), with the keys of stack config alicloud:accessKey + alicloud:secretKey`,
            );
            expect(err.message).to.contain(`STS refused AssumeRole on ${LOCKED_ROLE_ARN} (NoPermission`);
            expect(err.message).to.contain("trust policy");
            expect(await actions()).to.deep.equal(["AssumeRole:NoPermission"]);
        });

        it("an OIDC token whose subject the role does not trust: the role cannot be assumed by this OIDC provider", async () => {
            oidcEnv(oidcToken({ sub: "repo:someone/else:ref:refs/heads/main" }));
            const err = await failure();
            expect(err.message).to.contain(`the role ${DEPLOYER_ROLE_ARN} cannot be assumed by this OIDC provider (AuthenticationFail.NoPermission`);
            expect(err.message).to.contain("oidc:sub");
        });

        it("an expired OIDC token, an unknown provider, a missing token file, a partial OIDC setup", async () => {
            const file = oidcEnv(oidcToken({ expiresInSeconds: -60 }));
            expect((await failure()).message).to.contain(`the OIDC token in ${file} has expired (AuthenticationFail.OIDCToken.Expired`);
            clearAlicloudCredentialCache();
            oidcEnv();
            process.env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN = OIDC_PROVIDER_ARN.replace("/ci", "/gitlab");
            expect((await failure()).message).to.contain("is not registered in the role's account");
            process.env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN = OIDC_PROVIDER_ARN;
            process.env.ALIBABA_CLOUD_OIDC_TOKEN_FILE = `${files.dir}/missing-token`;
            expect((await failure()).message).to.contain(`the OIDC token file ${files.dir}/missing-token does not exist`);
            delete process.env.ALIBABA_CLOUD_OIDC_TOKEN_FILE;
            const partial = await failure();
            expect(partial.message).to.contain("ALIBABA_CLOUD_OIDC_TOKEN_FILE is not set");
            expect(partial.message).to.contain("(not set before it: stack config alicloud:accessKey");
            delete process.env.ALIBABA_CLOUD_ROLE_ARN;
            delete process.env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN;
        });

        it("an unreachable metadata service, and a role the instance does not have", async () => {
            const closed = http.createServer();
            await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
            const port = (closed.address() as AddressInfo).port;
            await new Promise<void>((r) => closed.close(() => r()));
            config({ "alicloud:ecsRoleName": INSTANCE_ROLE, "ecs-ops:alicloudMetadataEndpoint": `http://127.0.0.1:${port}` });
            const err = await failure();
            expect(err.message).to.contain(`the ECS metadata service at http://127.0.0.1:${port} is unreachable: connection failed (ECONNREFUSED)`);
            expect(err.message).to.contain("works only on an ECS instance with a RAM role attached");
            config({ "alicloud:ecsRoleName": "not-this-one" });
            expect((await failure()).message).to.contain("this instance has no RAM role named not-this-one");
        });

        it("a malformed alicloud:assumeRole and a profile file that is not JSON (its content never shown)", async () => {
            config({
                "alicloud:accessKey": EMULATOR_KEY.id,
                "alicloud:secretKey": EMULATOR_KEY.secret,
                "alicloud:assumeRole": JSON.stringify({ roleArn: "deployer", sessionExpiration: 60 }),
            });
            expect((await failure()).message).to.contain("stack config alicloud:assumeRole roleArn must be a role ARN");
            const file = files.write("broken.json", `{"profiles":[{"name":"x","access_key_secret":"${EMULATOR_KEY.secret}"`);
            config({ "alicloud:profile": "x", "alicloud:sharedCredentialsFile": file });
            expect((await failure()).message).to.contain(`the profile file ${file} is not valid JSON`);
            // (A metadata endpoint override alone opts in to the instance role: without it, nothing is set.)
            delete process.env.ECS_OPS_ALICLOUD_METADATA_ENDPOINT;
            config({ "alicloud:assumeRole": JSON.stringify({ roleArn: DEPLOYER_ROLE_ARN }) });
            expect((await failure()).message).to.contain(
                "Alibaba Cloud credentials are not set: alicloud:assumeRole is set, but there are no keys to assume the role with (looked at, in order:",
            );
        });
    });

    describe("secrets audit", () => {
        it("no secret, security token or OIDC token in any error, console line, call log entry or emulator state", async () => {
            expect(errors.length).to.be.at.least(8);
            expect(audited.length).to.be.at.least(30);
            const texts = [...errors, ...audited];
            for (const text of texts) {
                for (const s of secrets) expect(text.includes(s), `a secret in: ${text.slice(0, 300)}`).to.equal(false);
            }
        });
    });
});
