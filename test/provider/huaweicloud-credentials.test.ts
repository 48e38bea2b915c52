// The Huawei credential chain against the emulator's IAM and metadata service, over real HTTP:
// each source alone, precedence, renewal before expiry, actionable errors, and no secret, token or
// ID token in errors, console, call log or emulator state.
import { expect } from "chai";
import * as http from "http";
import { AddressInfo } from "net";
import { defaultFixture, Fixture } from "../../emulator";
import { CloudApiError } from "../../provider/core/transport/errors";
import { clearStackConfig, setStackConfig } from "../../provider/core/credentials/stack-config";
import { EcsClient } from "../../provider/huaweicloud/api/client";
import { clearHuaweiCredentialCache } from "../../provider/huaweicloud/credentials/credential-chain";
import { currentKeys, resolveCredentials } from "../../provider/huaweicloud/credentials/credentials";
import { showServer } from "../../provider/huaweicloud/api/ecs-api";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorControl } from "../support/emulator-control";
import { emulatorHooks } from "../support/emulator-hooks";
import { ISSUED_SECRET_PATTERN, oidcToken, OIDC_ISSUER, PIPELINE_SUBJECT, tempDir } from "../support/identity";
import { EmulatedHuaweicloud, HUAWEI_ENV_KEYS, SERVERS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

const AK = "EMULATORAK00000000000";
const SK = "emulator-secret-key";
const AUDIENCE = "ecs-ops";
const soon = (ms = 30_000): number => Date.now() + ms;

function identity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        agencies: [
            { name: "ecs-ops-deployer", trustedAccessKeys: [AK], trustedFromInstance: true },
            { name: "locked", trustedAccessKeys: [] },
        ],
        identityProviders: [{ id: "github", issuer: OIDC_ISSUER, clientIds: [AUDIENCE], subjects: [PIPELINE_SUBJECT] }],
        instanceAgency: "ecs-ops-runner",
        ...overrides,
    };
}

function fixture(id: Record<string, unknown> = identity()): Fixture {
    const f = defaultFixture();
    return { ...f, huaweicloud: { ...(f.huaweicloud as Record<string, unknown>), identity: id } };
}

describe("Huawei credential chain against the emulator", function () {
    this.timeout(60_000);
    let emu!: EmulatedHuaweicloud;
    const capture = new ConsoleCapture();
    const files = tempDir();
    const secrets = new Set<string>([SK]);
    const errors: string[] = [];
    const audited: string[] = [];
    const home = process.env.HOME;

    emulatorHooks(
        () => startEmulatedHuaweicloud(),
        (e) => (emu = e),
        {
            capture,
            beforeEachTest: async (e) => {
                await e.reset(fixture() as never);
                clearHuaweiCredentialCache();
                clearStackConfig();
                for (const k of HUAWEI_ENV_KEYS) if (!["ECS_OPS_HUAWEICLOUD_ENDPOINT", "HW_REGION_NAME", "HW_PROJECT_ID"].includes(k)) delete process.env[k];
                process.env.ECS_OPS_HUAWEICLOUD_IAM_ENDPOINT = e.url;
                process.env.HOME = files.dir;
            },
        },
    );
    afterEach(async () => {
        audited.push(JSON.stringify(await emulatorControl(emu.url, "GET", "calls")), JSON.stringify(await emu.state()), capture.text());
    });
    after(() => {
        process.env.HOME = home;
        clearStackConfig();
        clearHuaweiCredentialCache();
        files.cleanup();
    });

    const config = (values: Record<string, string>): void => setStackConfig({ get: (k) => values[k] });

    function oidcEnv(token = oidcToken({ aud: AUDIENCE })): string {
        secrets.add(token);
        const file = files.write("hw-id-token", token);
        process.env.HUAWEICLOUD_SDK_IDP_ID = "github";
        process.env.HUAWEICLOUD_SDK_ID_TOKEN_FILE = file;
        return file;
    }

    async function use(): Promise<string> {
        const c = resolveCredentials();
        const k = await currentKeys(c);
        secrets.add(k.secretKey);
        if (k.securityToken !== undefined) secrets.add(k.securityToken);
        const server = await showServer(new EcsClient(c), SERVERS.shutoff, { deadline: soon() });
        expect(server.status).to.equal("SHUTOFF");
        return c.source;
    }

    async function failure(): Promise<string> {
        const err = await (async () => {
            const c = resolveCredentials();
            await currentKeys(c);
        })().then(
            () => undefined,
            (e: Error) => e,
        );
        expect(err, "the chain should have failed").to.be.instanceOf(Error);
        errors.push((err as Error).message);
        return (err as Error).message;
    }

    const ops = async (): Promise<string[]> => (await emu.calls()).map((c) => `${c.action}${c.code ? `:${c.code}` : ""}`);

    describe("each source alone", () => {
        it("environment keys", async () => {
            process.env.HW_ACCESS_KEY = AK;
            process.env.HW_SECRET_KEY = SK;
            expect(await use()).to.equal("HW_ACCESS_KEY + HW_SECRET_KEY");
        });

        it("federated OIDC: the ID token exchanged for a token, then for temporary AK/SK — no static key anywhere", async () => {
            const file = oidcEnv();
            expect(await use()).to.equal(`OIDC identity provider github (HUAWEICLOUD_SDK_IDP_ID, token file ${file})`);
            expect(await ops()).to.deep.equal(["CreateTokenWithIdToken", "CreateTemporaryAccessKeyByToken", "ShowServer"]);
        });

        it("an agency (huaweicloud:assumeRole) on top of stack config keys", async () => {
            config({
                "huaweicloud:accessKey": AK,
                "huaweicloud:secretKey": SK,
                "huaweicloud:assumeRole": JSON.stringify({ agencyName: "ecs-ops-deployer", domainName: "ecs-ops-domain", duration: 900 }),
            });
            expect(await use()).to.equal(
                "agency ecs-ops-deployer of ecs-ops-domain (huaweicloud:assumeRole / HW_ASSUME_ROLE_*), with the keys of stack config huaweicloud:accessKey + huaweicloud:secretKey",
            );
            expect(await ops()).to.deep.equal(["CreateTemporaryAccessKeyByAgency", "ShowServer"]);
            const [assume] = await emu.calls();
            expect(assume.params).to.deep.include({ method: "assume_role", agency_name: "ecs-ops-deployer", duration_seconds: 900 });
        });

        it("the ECS metadata security key, with an agency from HW_ASSUME_ROLE_* on top", async () => {
            process.env.HW_USE_ECS_METADATA = "true";
            process.env.ECS_OPS_HUAWEICLOUD_METADATA_ENDPOINT = emu.url;
            expect(await use()).to.equal("the ECS metadata security key (the server's agency)");
            clearHuaweiCredentialCache();
            process.env.HW_ASSUME_ROLE_AGENCY_NAME = "ecs-ops-deployer";
            process.env.HW_ASSUME_ROLE_DOMAIN_NAME = "ecs-ops-domain";
            expect(await use()).to.contain("with the keys of the ECS metadata security key");
            expect(await ops()).to.deep.equal(["MetadataSecurityKey", "ShowServer", "MetadataSecurityKey", "CreateTemporaryAccessKeyByAgency", "ShowServer"]);
        });

        it("a KooCLI profile named by HW_PROFILE from HW_SHARED_CONFIG_FILE, and by huaweicloud:profile", async () => {
            const file = files.write(
                "hcloud.json",
                JSON.stringify({
                    current: "other",
                    profiles: [
                        { name: "other", mode: "AKSK", accessKeyId: "X", secretAccessKey: "Y" },
                        { name: "ops", mode: "AKSK", accessKeyId: AK, secretAccessKey: SK },
                    ],
                }),
            );
            process.env.HW_SHARED_CONFIG_FILE = file;
            process.env.HW_PROFILE = "ops";
            expect(await use()).to.equal(`HW_PROFILE (profile ops of ${file})`);
            delete process.env.HW_PROFILE;
            delete process.env.HW_SHARED_CONFIG_FILE;
            config({ "huaweicloud:profile": "ops", "huaweicloud:sharedConfigFile": file });
            expect(await use()).to.equal(`stack config huaweicloud:profile (profile ops of ${file})`);
        });
    });

    it("precedence: stack config keys, env keys, OIDC, then the metadata key", async () => {
        config({ "huaweicloud:accessKey": AK, "huaweicloud:secretKey": SK });
        process.env.HW_ACCESS_KEY = AK;
        process.env.HW_SECRET_KEY = SK;
        oidcEnv();
        process.env.HW_USE_ECS_METADATA = "true";
        process.env.ECS_OPS_HUAWEICLOUD_METADATA_ENDPOINT = emu.url;
        const order = [await use()];
        clearStackConfig();
        order.push(await use());
        delete process.env.HW_ACCESS_KEY;
        delete process.env.HW_SECRET_KEY;
        order.push(await use());
        delete process.env.HUAWEICLOUD_SDK_IDP_ID;
        delete process.env.HUAWEICLOUD_SDK_ID_TOKEN_FILE;
        order.push(await use());
        expect(order.map((s) => s.split(" (")[0])).to.deep.equal([
            "stack config huaweicloud:accessKey + huaweicloud:secretKey",
            "HW_ACCESS_KEY + HW_SECRET_KEY",
            "OIDC identity provider github",
            "the ECS metadata security key",
        ]);
    });

    it("renews keys that live 3 s before they expire: no call is refused", async () => {
        await emu.reset(fixture(identity({ credentialLifetimeSeconds: 3 })) as never);
        oidcEnv();
        const client = new EcsClient(resolveCredentials());
        const seen = new Set<string>();
        const until = Date.now() + 45_000;
        while (seen.size < 3 && Date.now() < until) {
            const k = await currentKeys(client.credentials);
            seen.add(k.accessKey);
            secrets.add(k.secretKey);
            secrets.add(k.securityToken as string);
            await showServer(client, SERVERS.shutoff, { deadline: soon() });
            await new Promise((r) => setTimeout(r, 100));
        }
        expect(seen.size).to.equal(3);
        const calls = await emu.calls();
        expect(calls.filter((c) => c.code !== null).map((c) => `${c.action}:${c.code}`)).to.deep.equal([]);
    });

    it("the ECS side refuses issued keys once they expired (APIGW.0301, saying so)", async () => {
        // Keys that live 1 ms: IAM writes whole seconds (rounded down), so they have expired by the time they are used.
        await emu.reset(fixture(identity({ credentialLifetimeSeconds: 0.001 })) as never);
        oidcEnv();
        const k = await currentKeys(resolveCredentials());
        expect(k.expiration).to.be.at.most(Date.now() + 1);
        secrets.add(k.secretKey);
        secrets.add(k.securityToken as string);
        while (Date.now() <= (k.expiration as number)) await new Promise((r) => setTimeout(r, 1));
        config({ "huaweicloud:accessKey": k.accessKey, "huaweicloud:secretKey": k.secretKey, "huaweicloud:securityToken": k.securityToken as string });
        const err = (await showServer(new EcsClient(resolveCredentials(), { maxAttempts: 1 }), SERVERS.shutoff, { deadline: soon() }).catch(
            (e) => e,
        )) as CloudApiError;
        expect(err).to.be.instanceOf(CloudApiError);
        expect(err.code).to.equal("APIGW.0301");
        expect(err.apiMessage).to.contain("expired");
        errors.push(err.message);
    });

    describe("errors a pipeline engineer can act on", () => {
        it("an agency the caller may not assume", async () => {
            config({
                "huaweicloud:accessKey": AK,
                "huaweicloud:secretKey": SK,
                "huaweicloud:assumeRole": JSON.stringify({ agencyName: "locked", domainName: "ecs-ops-domain" }),
            });
            const m = await failure();
            expect(m).to.contain("Huawei Cloud credentials: using agency locked of ecs-ops-domain");
            expect(m).to.contain(
                "IAM refused to let stack config huaweicloud:accessKey + huaweicloud:secretKey assume the agency locked of ecs-ops-domain (HTTP 403",
            );
            expect(m).to.contain("iam:agencies:assume");
        });

        it("an ID token whose subject the identity provider maps to no user, and a missing token file", async () => {
            oidcEnv(oidcToken({ aud: AUDIENCE, sub: "repo:someone/else:ref:refs/heads/main" }));
            expect(await failure()).to.contain("the identity provider github maps this pipeline's token to no user (HTTP 403");
            process.env.HUAWEICLOUD_SDK_ID_TOKEN_FILE = `${files.dir}/nope`;
            expect(await failure()).to.contain(`the ID token file ${files.dir}/nope does not exist`);
        });

        it("an unreachable metadata service", async () => {
            const closed = http.createServer();
            await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
            const port = (closed.address() as AddressInfo).port;
            await new Promise<void>((r) => closed.close(() => r()));
            process.env.ECS_OPS_HUAWEICLOUD_METADATA_ENDPOINT = `http://127.0.0.1:${port}`;
            const m = await failure();
            expect(m).to.contain(`the ECS metadata service at http://127.0.0.1:${port} is unreachable: connection failed (ECONNREFUSED)`);
            expect(m).to.contain("(not set before it: stack config huaweicloud:accessKey");
        });
    });

    describe("secrets audit", () => {
        it("no secret, security token or ID token in any error, console line, call log entry or state", () => {
            expect(errors.length).to.be.at.least(5);
            for (const text of [...errors, ...audited]) {
                expect(ISSUED_SECRET_PATTERN.test(text), `an issued secret in: ${text.slice(0, 200)}`).to.equal(false);
                for (const s of secrets) expect(text.includes(s), `a secret in: ${text.slice(0, 200)}`).to.equal(false);
            }
        });
    });
});
