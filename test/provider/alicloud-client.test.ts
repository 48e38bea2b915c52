import * as fs from "fs";
// The Alibaba ECS client: credentials/region/endpoint resolution order, the POST-only wire form,
// retries under injected throttling, 5xx and timeouts, non-retryable codes failing at once, and
// errors rebuilt without the URL, the signature, credentials or secrets.
import { expect } from "chai";
import * as http from "http";
import { AddressInfo } from "net";
import { callEcs } from "../../provider/alicloud/api/client";
import { resolveAlicloudRegion, resolveAlicloudSettings } from "../../provider/alicloud/credentials/credentials";
import { hintFor, MODIFY_INSTANCE_ATTRIBUTE_HINTS, REBOOT_INSTANCE_HINTS, REINIT_DISK_HINTS } from "../../provider/alicloud/api/error-hints";
import { CloudApiError } from "../../provider/core/transport/errors";
import { clearStackConfig, setStackConfig } from "../../provider/core/credentials/stack-config";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { replaceEnvironment } from "../support/environment";
import { ALICLOUD_ENV_KEYS, EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";

const RUNNING = "i-bp1paygrunning00001";

/** Runs `fn` with exactly the given Alibaba environment (every ALICLOUD_ENV_KEYS variable) and stack config. */
function withSettings<T>(envValues: Record<string, string>, config: Record<string, string>, fn: () => T): T {
    const restoreEnvironment = replaceEnvironment(ALICLOUD_ENV_KEYS, envValues);
    setStackConfig({ get: (key) => config[key] });
    try {
        return fn();
    } finally {
        clearStackConfig();
        restoreEnvironment();
    }
}

/** `withSettings` for an async `fn`: the environment and config stay in place until it settles. */
async function withSettingsAsync<T>(envValues: Record<string, string>, config: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    const restoreEnvironment = replaceEnvironment(ALICLOUD_ENV_KEYS, envValues);
    setStackConfig({ get: (key) => config[key] });
    try {
        return await fn();
    } finally {
        clearStackConfig();
        restoreEnvironment();
    }
}

const deadline = (ms = 20_000): number => Date.now() + ms;

describe("Alibaba client", () => {
    describe("credentials, region and endpoint resolution", () => {
        const CONFIG = {
            "alicloud:accessKey": "cfg-id",
            "alicloud:secretKey": "cfg-secret",
            "alicloud:securityToken": "cfg-token",
            "alicloud:region": "cn-beijing",
        };
        const ALIBABA = {
            ALIBABA_CLOUD_ACCESS_KEY_ID: "ali-id",
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: "ali-secret",
            ALIBABA_CLOUD_SECURITY_TOKEN: "ali-token",
            ALIBABA_CLOUD_REGION_ID: "cn-shenzhen",
        };
        const ALICLOUD = { ALICLOUD_ACCESS_KEY: "old-id", ALICLOUD_SECRET_KEY: "old-secret", ALICLOUD_REGION: "cn-qingdao" };

        it("prefers stack config, then ALIBABA_CLOUD_*, then ALICLOUD_*", async () => {
            const all = await withSettingsAsync({ ...ALIBABA, ...ALICLOUD }, CONFIG, () => resolveAlicloudSettings());
            expect(all).to.deep.equal({
                accessKeyId: "cfg-id",
                accessKeySecret: "cfg-secret",
                securityToken: "cfg-token",
                region: "cn-beijing",
                endpoint: "https://ecs.cn-beijing.aliyuncs.com",
                source: "stack config alicloud:accessKey + alicloud:secretKey",
                refreshable: false,
            });
            const env = await withSettingsAsync({ ...ALIBABA, ...ALICLOUD }, {}, () => resolveAlicloudSettings());
            expect(env).to.deep.equal({
                accessKeyId: "ali-id",
                accessKeySecret: "ali-secret",
                securityToken: "ali-token",
                region: "cn-shenzhen",
                endpoint: "https://ecs.cn-shenzhen.aliyuncs.com",
                source: "ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                refreshable: false,
            });
            const legacy = await withSettingsAsync(ALICLOUD, {}, () => resolveAlicloudSettings());
            expect(legacy).to.deep.equal({
                accessKeyId: "old-id",
                accessKeySecret: "old-secret",
                region: "cn-qingdao",
                endpoint: "https://ecs.cn-qingdao.aliyuncs.com",
                source: "ALICLOUD_ACCESS_KEY + ALICLOUD_SECRET_KEY",
                refreshable: false,
            });
        });

        it("takes a security token only from the source of the key (never another source's)", async () => {
            const s = await withSettingsAsync(
                {
                    ALICLOUD_ACCESS_KEY: "old-id",
                    ALICLOUD_SECRET_KEY: "old-secret",
                    ALIBABA_CLOUD_SECURITY_TOKEN: "stale-token",
                    ALICLOUD_REGION: "cn-hangzhou",
                },
                {},
                () => resolveAlicloudSettings(),
            );
            expect(s.securityToken).to.equal(undefined);
        });

        it("lets the resource's region win over every configured region", async () => {
            const s = await withSettingsAsync({ ...ALIBABA }, CONFIG, () => resolveAlicloudSettings("ap-southeast-1"));
            expect(s.region).to.equal("ap-southeast-1");
            expect(s.endpoint).to.equal("https://ecs.ap-southeast-1.aliyuncs.com");
            expect(withSettings({}, {}, () => resolveAlicloudRegion())).to.equal(undefined);
        });

        it("uses the endpoint override from config, then from the environment", async () => {
            const fromConfig = await withSettingsAsync(
                { ...ALIBABA, ECS_OPS_ALICLOUD_ENDPOINT: "http://127.0.0.1:2/" },
                { "ecs-ops:alicloudEndpoint": "http://127.0.0.1:1/" },
                () => resolveAlicloudSettings(),
            );
            expect(fromConfig.endpoint).to.equal("http://127.0.0.1:1");
            const fromEnv = await withSettingsAsync({ ...ALIBABA, ECS_OPS_ALICLOUD_ENDPOINT: "http://127.0.0.1:2" }, {}, () => resolveAlicloudSettings());
            expect(fromEnv.endpoint).to.equal("http://127.0.0.1:2");
        });

        it("names every source of a missing credential, and never a value", async () => {
            const err = (await withSettingsAsync({ ALICLOUD_REGION: "cn-hangzhou" }, {}, () => resolveAlicloudSettings()).catch((e: Error) => e)) as Error;
            expect(err.message).to.contain(
                "Alibaba Cloud credentials are not set: looked at, in order: stack config alicloud:accessKey + alicloud:secretKey; stack config alicloud:profile / alicloud:sharedCredentialsFile; " +
                    "stack config alicloud:ecsRoleName; ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET; ALICLOUD_ACCESS_KEY + ALICLOUD_SECRET_KEY; " +
                    "ALIBABA_CLOUD_ROLE_ARN + ALIBABA_CLOUD_OIDC_PROVIDER_ARN + ALIBABA_CLOUD_OIDC_TOKEN_FILE; ALIBABA_CLOUD_CREDENTIALS_URI; ",
            );
            expect(err.message).to.contain("In CI, use OIDC");
            const incomplete = (await withSettingsAsync({ ALIBABA_CLOUD_ACCESS_KEY_SECRET: "lonely-secret-value" }, {}, () =>
                resolveAlicloudSettings("cn-hangzhou"),
            ).catch((e: Error) => e)) as Error;
            expect(incomplete.message).to.match(/ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not/);
            expect(incomplete.message).to.not.include("lonely-secret-value");
            const noRegion = (await withSettingsAsync({ ...ALICLOUD, ALICLOUD_REGION: "" }, {}, () => resolveAlicloudSettings()).catch(
                (e: Error) => e,
            )) as Error;
            expect(noRegion.message).to.match(
                /region is not set: give the resource a region, or set stack config alicloud:region, ALIBABA_CLOUD_REGION_ID, ALICLOUD_REGION/,
            );
        });
    });

    describe("wire form", () => {
        let server: http.Server;
        let seen: { method?: string; url?: string; body: string };
        before(async () => {
            server = http.createServer((req, res) => {
                let body = "";
                req.on("data", (c) => (body += c));
                req.on("end", () => {
                    seen = { method: req.method, url: req.url, body };
                    res.setHeader("content-type", "application/json");
                    res.end(JSON.stringify({ RequestId: "REQ-1" }));
                });
            });
            await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        });
        after(() => new Promise<void>((r) => server.close(() => r())));

        it("POSTs every parameter in the body (none in the URL), RegionId always, booleans as text, undefined dropped", async () => {
            const port = (server.address() as AddressInfo).port;
            const answer = await withSettings(
                {
                    ALIBABA_CLOUD_ACCESS_KEY_ID: "wire-id",
                    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "wire-secret",
                    ECS_OPS_ALICLOUD_ENDPOINT: `http://127.0.0.1:${port}`,
                },
                {},
                () =>
                    callEcs(
                        "ModifyInstanceAttribute",
                        {
                            InstanceId: RUNNING,
                            DeletionProtection: false,
                            EnableJumboFrame: true,
                            NetworkInterfaceQueueNumber: 4,
                            Description: undefined,
                            Password: "Wire#Pass1234",
                        },
                        { region: "cn-hangzhou", deadline: deadline() },
                    ),
            );
            expect(answer.RequestId).to.equal("REQ-1");
            expect(seen.method).to.equal("POST");
            expect(seen.url).to.equal("/");
            const body = new URLSearchParams(seen.body);
            expect(body.get("RegionId")).to.equal("cn-hangzhou");
            expect(body.get("DeletionProtection")).to.equal("false");
            expect(body.get("EnableJumboFrame")).to.equal("true");
            expect(body.get("NetworkInterfaceQueueNumber")).to.equal("4");
            expect(body.has("Description")).to.equal(false);
            expect(body.get("Action")).to.equal("ModifyInstanceAttribute");
            expect(body.get("Version")).to.equal("2014-05-26");
            expect(body.get("SignatureMethod")).to.equal("HMAC-SHA1");
        });
    });

    describe("against the emulator", () => {
        let cloud: EmulatedAlicloud;
        const out = new ConsoleCapture();
        emulatorHooks(
            () => startEmulatedAlicloud({ timeScale: 0.01 }),
            (c) => (cloud = c),
            { beforeEachTest: (c) => c.reset(), capture: out },
        );

        it("answers a call with its body and RequestId", async () => {
            const body = await callEcs<{ Instances: { Instance: Array<{ InstanceId: string }> } }>(
                "DescribeInstances",
                { InstanceIds: JSON.stringify([RUNNING]) },
                { deadline: deadline() },
            );
            expect(body.Instances.Instance.map((i) => i.InstanceId)).to.deep.equal([RUNNING]);
            expect(body.RequestId).to.be.a("string");
            expect(Object.getPrototypeOf(body)).to.equal(Object.prototype);
        });

        it("retries throttling (Throttling.User) until it passes", async () => {
            await cloud.faults({ throttle: [{ cloud: "alicloud", action: "DescribeInstances", count: 2 }] });
            await callEcs("DescribeInstances", {}, { deadline: deadline() });
            expect((await cloud.calls()).map((c) => c.code ?? "ok")).to.deep.equal(["Throttling.User", "Throttling.User", "ok"]);
            expect(out.text()).to.match(/DescribeInstances: Throttling\.User; pacing DescribeInstances at \d+\.\d\/s \(\d+m?\d*s left\)/);
        });

        it("retries 503 and 500 answers", async () => {
            await cloud.faults({
                errors: [
                    { cloud: "alicloud", status: 503, count: 2 },
                    { cloud: "alicloud", status: 500, count: 1 },
                ],
            });
            await callEcs("DescribeInstances", {}, { deadline: deadline() });
            expect((await cloud.calls()).map((c) => c.code ?? "ok")).to.deep.equal(["ServiceUnavailable", "ServiceUnavailable", "InternalError", "ok"]);
        });

        it("fails at once on a non-retryable code, with the documented hint", async () => {
            const err = await callEcs("ModifyInstanceAttribute", { InstanceId: "i-bp1doesnotexist0001", InstanceName: "x-1" }, { deadline: deadline() }).catch(
                (e: Error) => e,
            );
            expect(err).to.be.instanceOf(CloudApiError);
            const e = err as CloudApiError;
            expect(e.code).to.equal("InvalidInstanceId.NotFound");
            expect(e.retryable).to.equal(false);
            expect(e.message).to.match(
                /^InvalidInstanceId\.NotFound: The specified InstanceId does not exist\. \(RequestId [0-9A-F-]+\)\. The instance does not exist in this region/,
            );
            expect(await cloud.calls()).to.have.length(1);
        });

        it("gives up at the deadline while throttled, with the last error", async () => {
            await cloud.faults({ throttle: [{ cloud: "alicloud", action: "DescribeInstances", count: 100 }] });
            const started = Date.now();
            const err = await callEcs("DescribeInstances", {}, { deadline: Date.now() + 1500 }).catch((e: Error) => e);
            expect((err as CloudApiError).code).to.equal("Throttling.User");
            expect(Date.now() - started).to.be.lessThan(2500);
        });

        it("times out a slow attempt and retries it (RequestTimeout)", async () => {
            await cloud.faults({ latency: [{ cloud: "alicloud", action: "DescribeInstances", ms: 700 }] });
            const err = await callEcs("DescribeInstances", {}, { deadline: Date.now() + 1800, attemptTimeoutMs: 300 }).catch((e: Error) => e);
            expect(err).to.be.instanceOf(CloudApiError);
            expect((err as CloudApiError).code).to.equal("RequestTimeout");
            expect((err as CloudApiError).retryClass).to.equal("timeout");
            expect(out.text()).to.match(/RequestTimeout, retrying/);
            await cloud.faults({});
            const ok = await callEcs("DescribeInstances", {}, { deadline: deadline(), attemptTimeoutMs: 3000 });
            expect(ok.RequestId).to.be.a("string");
        });

        it("retries connection failures and reports them without the URL", async () => {
            const saved = process.env.ECS_OPS_ALICLOUD_ENDPOINT;
            process.env.ECS_OPS_ALICLOUD_ENDPOINT = "http://127.0.0.1:1";
            try {
                const err = await callEcs("DescribeInstances", {}, { deadline: Date.now() + 1500 }).catch((e: Error) => e);
                expect((err as CloudApiError).code).to.equal("Transport");
                expect((err as Error).message).to.not.include("127.0.0.1");
                expect(out.text()).to.match(/Transport, retrying/);
            } finally {
                process.env.ECS_OPS_ALICLOUD_ENDPOINT = saved;
            }
        });

        it("replaces SignatureDoesNotMatch's message (it echoes the signed string) and shows no credential", async () => {
            const saved = process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
            process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "a-wrong-secret-value";
            try {
                const err = await callEcs(
                    "ModifyInstanceAttribute",
                    { InstanceId: RUNNING, Password: "Signed#Pass1234" },
                    { deadline: deadline(), secrets: ["Signed#Pass1234"] },
                ).catch((e: Error) => e);
                const e = err as CloudApiError;
                expect(e.code).to.equal("SignatureDoesNotMatch");
                expect(e.apiMessage).to.equal("The request signature does not match (the signed string is not shown: it contains every parameter).");
                expect(e.message).to.match(/check the AccessKey secret \(alicloud:secretKey, ALIBABA_CLOUD_ACCESS_KEY_SECRET or ALICLOUD_SECRET_KEY\)/);
                for (const leaked of [
                    "Signed#Pass1234",
                    "Signed%23Pass1234",
                    "a-wrong-secret-value",
                    "LTAI5tEmulatorAccessKey",
                    "Signature=",
                    "SignatureNonce",
                    "http://",
                ]) {
                    expect(e.message).to.not.include(leaked);
                }
                expect(await cloud.calls()).to.have.length(1);
            } finally {
                process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = saved;
            }
        });

        it("maps an unknown and a disabled AccessKey to their codes with hints naming the sources", async () => {
            const saved = { id: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID, secret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET };
            try {
                process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = "LTAI5tNoSuchKey";
                const unknown = (await callEcs("DescribeInstances", {}, { deadline: deadline() }).catch((e: Error) => e)) as CloudApiError;
                expect(unknown.code).to.equal("InvalidAccessKeyId.NotFound");
                expect(unknown.message).to.match(/check alicloud:accessKey, ALIBABA_CLOUD_ACCESS_KEY_ID or ALICLOUD_ACCESS_KEY/);
                expect(unknown.message).to.not.include("LTAI5tNoSuchKey");
                process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = "LTAI5tEmulatorDisabledKey";
                process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "emulator-disabled-key-secret";
                const disabled = (await callEcs("DescribeInstances", {}, { deadline: deadline() }).catch((e: Error) => e)) as CloudApiError;
                expect(disabled.retryable).to.equal(false);
                expect(disabled.hint).to.match(/disabled/);
            } finally {
                process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = saved.id;
                process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = saved.secret;
            }
        });

        it("signs with STS credentials and their security token", async () => {
            const saved = { ...process.env };
            try {
                process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = "STS.NUemulatorStsAccessKey";
                process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "emulator-sts-access-key-secret";
                process.env.ALIBABA_CLOUD_SECURITY_TOKEN = "CAISemulatorSecurityToken0000000000";
                const ok = await callEcs("DescribeInstances", {}, { deadline: deadline() });
                expect(ok.RequestId).to.be.a("string");
                delete process.env.ALIBABA_CLOUD_SECURITY_TOKEN;
                const err = (await callEcs("DescribeInstances", {}, { deadline: deadline() }).catch((e: Error) => e)) as CloudApiError;
                expect(err).to.be.instanceOf(CloudApiError);
                expect(err.retryable).to.equal(false);
            } finally {
                for (const k of ALICLOUD_ENV_KEYS) {
                    if (saved[k] === undefined) delete process.env[k];
                    else process.env[k] = saved[k];
                }
            }
        });

        it("never shows a password the API rejects", async () => {
            const password = "tooshort";
            const err = (await callEcs(
                "ModifyInstanceAttribute",
                { InstanceId: RUNNING, Password: password },
                { deadline: deadline(), secrets: [password] },
            ).catch((e: Error) => e)) as CloudApiError;
            expect(err.code).to.equal("InvalidPassword.Malformed");
            expect(err.message).to.match(/The password must be 8-30 characters with at least three of/);
            expect(err.message).to.not.include(password);
            expect(out.text()).to.not.include(password);
        });
    });

    describe("error hints", () => {
        // RebootInstance's table lost its separators ("403IncorrectInstanceStatusThe current…"): its codes, read by hand.
        const REBOOT_CODES = [
            "IncorrectInstanceStatus",
            "InstanceLockedForSecurity",
            "DiskError",
            "InstanceExpiredOrInArrears",
            "InvalidParameter.KMSKeyId.CMKUnauthorized",
            "InvalidParameter.KMSKeyId.CMKNotEnabled",
            "InvalidParameter.KMSKeyId.KMSUnauthorized",
            "InvalidParameter.KMSKeyId.NotFound",
            "InvalidInstanceId.NotFound",
            "InternalError",
        ];
        const documented = (file: string): string[] => {
            if (file === "alicloud-ecs-RebootInstance.txt") return REBOOT_CODES;
            const text = fs.readFileSync(`/work/shared/api-reference/${file}`, "utf8");
            const codes = new Set<string>();
            for (const m of text.matchAll(/(?:^|\|\s*|\n)(?:400|403|404|500)\s*\|?\s*([A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*)/g)) codes.add(m[1]);
            return [...codes];
        };

        it("has a hint for every documented code of the three references", () => {
            const tables: Array<[string, string, Record<string, unknown>]> = [
                ["alicloud-ecs-ModifyInstanceAttribute.txt", "ModifyInstanceAttribute", MODIFY_INSTANCE_ATTRIBUTE_HINTS],
                ["alicloud-ecs-RebootInstance.txt", "RebootInstance", REBOOT_INSTANCE_HINTS],
                ["alicloud-ecs-ReInitDisk.txt", "ReInitDisk", REINIT_DISK_HINTS],
            ];
            for (const [file, action, table] of tables) {
                const codes = documented(file);
                expect(codes.length, file).to.be.greaterThan(9);
                expect(
                    codes.filter((c) => hintFor(c, action).hint === ""),
                    file,
                ).to.deep.equal([]);
                // Most have their own wording for the action; the rest share the common one.
                expect(codes.filter((c) => c in table).length, file).to.be.greaterThan(codes.length * 0.8);
            }
            expect(hintFor("InstanceLockedForSecurity", "ModifyInstanceAttribute").hint).to.match(
                /locked for security reasons .* cannot be changed until Alibaba Cloud unlocks it/,
            );
        });

        it("classifies retries: throttling, availability, fatal", () => {
            expect(hintFor("Throttling.User").retry).to.equal("throttled");
            expect(hintFor("Throttling.Whatever").retry).to.equal("throttled");
            expect(hintFor("Rejected.Throttling").retry).to.equal("throttled");
            expect(hintFor("ServiceUnavailable").retry).to.equal("unavailable");
            expect(hintFor("InternalError", "ModifyInstanceAttribute").retry).to.equal("unavailable");
            expect(hintFor("SomethingNew", undefined, 502).retry).to.equal("unavailable");
            expect(hintFor("InvalidInstanceName.Malformed", "ModifyInstanceAttribute")).to.deep.equal({
                hint: "instanceName must be 2-128 characters, start with a letter or a Chinese character, not start with http:// or https://, and contain only letters, Chinese characters, digits, periods (.), colons (:), underscores (_) and hyphens (-).",
                retry: "fatal",
            });
            expect(hintFor("IncorrectInstanceStatus", "RebootInstance").hint).to.match(/Only a Running instance can be rebooted/);
            expect(hintFor("IncorrectInstanceStatus", "ReInitDisk").hint).to.match(/must be Stopped/);
            expect(hintFor("InvalidChargeType.ValueNotSupported", "ModifyInstanceAttribute").hint).to.match(/only to pay-as-you-go instances/);
            expect(hintFor("NoSuchCode")).to.deep.equal({ hint: "", retry: "fatal" });
        });
    });
});
