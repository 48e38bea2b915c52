import { OutcomeUnknownError } from "../../provider/core/transport/outcome";
import { expect } from "chai";
import * as net from "net";
import { CloudApiError } from "../../provider/core/transport/errors";
import { clearStackConfig, setStackConfig } from "../../provider/core/credentials/stack-config";
import { EcsClient, parseErrorBody } from "../../provider/huaweicloud/api/client";
import { resolveCredentials } from "../../provider/huaweicloud/credentials/credentials";
import { reinstallServer, showJob, showServer } from "../../provider/huaweicloud/api/ecs-api";
import { ERROR_HINTS, hintFor, OPERATION_HINTS } from "../../provider/huaweicloud/api/error-hints";
import { batchRebootServers } from "../../provider/huaweicloud/api/power-api";
import { updateServer } from "../../provider/huaweicloud/server-attributes/api";
import { hwCall, P1 } from "../emulator/huaweicloud-client";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { EmulatedHuaweicloud, operations, SERVERS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

const fast = { retryBaseMs: 5, attemptTimeoutMs: 2000 };
const soon = (ms = 20_000) => Date.now() + ms;

describe("huaweicloud credentials", () => {
    const keys = [
        "HW_ACCESS_KEY",
        "HW_SECRET_KEY",
        "HW_SECURITY_TOKEN",
        "HW_REGION_NAME",
        "HW_PROJECT_ID",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        "HUAWEICLOUD_SDK_PROJECT_ID",
        "ECS_OPS_HUAWEICLOUD_ENDPOINT",
    ];
    const saved = new Map<string, string | undefined>();
    beforeEach(() => {
        for (const k of keys) {
            saved.set(k, process.env[k]);
            delete process.env[k];
        }
        clearStackConfig();
    });
    afterEach(() => {
        for (const [k, v] of saved) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
        clearStackConfig();
    });
    const config = (values: Record<string, string>) => setStackConfig({ get: (k) => values[k] });
    const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    it("prefers stack config, then HW_*, then HUAWEICLOUD_SDK_*, taking the key pair from one source", () => {
        process.env.HUAWEICLOUD_SDK_AK = "sdk-ak";
        process.env.HUAWEICLOUD_SDK_SK = "sdk-sk";
        process.env.HW_REGION_NAME = "cn-north-4";
        process.env.HUAWEICLOUD_SDK_PROJECT_ID = PROJECT;
        let c = resolveCredentials();
        expect([c.accessKey, c.secretKey, c.source, c.endpoint, c.projectId]).to.deep.equal([
            "sdk-ak",
            "sdk-sk",
            "HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK",
            "https://ecs.cn-north-4.myhuaweicloud.com",
            PROJECT,
        ]);
        process.env.HW_ACCESS_KEY = "hw-ak";
        process.env.HW_SECRET_KEY = "hw-sk";
        process.env.HW_SECURITY_TOKEN = "hw-token";
        c = resolveCredentials();
        expect([c.accessKey, c.secretKey, c.securityToken]).to.deep.equal(["hw-ak", "hw-sk", "hw-token"]);
        config({
            "huaweicloud:accessKey": "cfg-ak",
            "huaweicloud:secretKey": "cfg-sk",
            "huaweicloud:region": "ap-southeast-1",
            "huaweicloud:projectId": "cc84bf66150e04221ef61f2c21addd88",
        });
        c = resolveCredentials();
        expect([c.accessKey, c.secretKey, c.securityToken, c.region, c.projectId, c.endpoint]).to.deep.equal([
            "cfg-ak",
            "cfg-sk",
            undefined,
            "ap-southeast-1",
            "cc84bf66150e04221ef61f2c21addd88",
            "https://ecs.ap-southeast-1.myhuaweicloud.com",
        ]);
    });

    it("uses the endpoint override from config or env", () => {
        process.env.HW_ACCESS_KEY = "ak";
        process.env.HW_SECRET_KEY = "sk";
        process.env.HW_PROJECT_ID = PROJECT;
        process.env.ECS_OPS_HUAWEICLOUD_ENDPOINT = "http://127.0.0.1:9999/";
        expect(resolveCredentials().endpoint).to.equal("http://127.0.0.1:9999");
        config({ "ecs-ops:huaweicloudEndpoint": "https://ecs.example.test" });
        expect(resolveCredentials().endpoint).to.equal("https://ecs.example.test");
    });

    it("fails clearly, naming the sources and never a value", () => {
        const failure = () => {
            try {
                resolveCredentials();
            } catch (e) {
                return (e as Error).message;
            }
            return "no error";
        };
        expect(failure()).to.match(/huaweicloud:accessKey.*HW_ACCESS_KEY.*HUAWEICLOUD_SDK_AK/);
        config({ "huaweicloud:accessKey": "cfg-ak-value" });
        process.env.HW_SECRET_KEY = "hw-secret-value";
        expect(failure()).to.equal(
            "Huawei Cloud credentials: using stack config huaweicloud:accessKey + huaweicloud:secretKey: stack config huaweicloud:accessKey is set but stack config huaweicloud:secretKey is not. The key pair must come from one source: set both, or neither.",
        );
        config({ "huaweicloud:accessKey": "cfg-ak-value", "huaweicloud:secretKey": "cfg-secret-value", "huaweicloud:region": "cn-north-4" });
        expect(failure()).to.match(/project id is not set: set stack config huaweicloud:projectId, or the environment variable HW_PROJECT_ID/);
        process.env.HW_PROJECT_ID = "not-a-project";
        expect(failure()).to.equal("HW_PROJECT_ID must be a project id of 32 lower-case hexadecimal characters");
        process.env.HW_PROJECT_ID = PROJECT;
        config({ "huaweicloud:accessKey": "cfg-ak-value", "huaweicloud:secretKey": "cfg-secret-value", "huaweicloud:region": "cn north/4" });
        expect(failure()).to.match(/^huaweicloud:region must be a Huawei Cloud region id/);
        config({ "huaweicloud:accessKey": "cfg-ak-value", "huaweicloud:secretKey": "cfg-secret-value" });
        expect(failure()).to.match(/region is not set: set stack config huaweicloud:region or the environment variable HW_REGION_NAME/);
        process.env.ECS_OPS_HUAWEICLOUD_ENDPOINT = "ftp://x";
        expect(failure()).to.match(/^ECS_OPS_HUAWEICLOUD_ENDPOINT must be an http\(s\) URL/);
        for (const text of [failure()]) {
            expect(text).to.not.include("cfg-secret-value");
            expect(text).to.not.include("hw-secret-value");
        }
    });
});

describe("huaweicloud error parsing and hints", () => {
    it("reads the ECS shape, the gateway shape, other JSON and non-JSON bodies", () => {
        expect(parseErrorBody(404, '{"error":{"code":"Ecs.0114","message":"The ECS does not exist."}}')).to.deep.equal({
            code: "Ecs.0114",
            message: "The ECS does not exist.",
        });
        expect(parseErrorBody(401, '{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information","request_id":"r1"}')).to.deep.equal({
            code: "APIGW.0301",
            message: "Incorrect IAM authentication information",
            requestId: "r1",
        });
        // Nova's shape (the /v2.1 security group actions): the key names the error, which error-hints.ts hints.
        expect(parseErrorBody(404, '{"itemNotFound":{"message":"Instance could not be found","code":404}}')).to.deep.equal({
            code: "itemNotFound",
            message: "Instance could not be found",
        });
        expect(parseErrorBody(502, "<html>Bad Gateway</html>")).to.deep.equal({ code: "HTTP502", message: "<html>Bad Gateway</html>" });
        expect(parseErrorBody(503, "")).to.deep.equal({ code: "HTTP503", message: "HTTP 503 with no body" });
    });

    it("has a hint for every documented code and falls back on the HTTP status", () => {
        for (const code of ["Ecs.0000", "Ecs.0005", "Ecs.0011", "Ecs.0025", "Ecs.0100", "Ecs.0105", "Ecs.0114", "APIGW.0301", "APIGW.0303", "APIGW.0308"]) {
            expect(ERROR_HINTS[code], code).to.be.a("string").and.not.equal("");
        }
        expect(hintFor("Nope.1", 429)).to.match(/Too many requests/);
        expect(hintFor("Nope.1", 418)).to.equal("");
    });
});

describe("huaweicloud client against the emulator", () => {
    let emu: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud(),
        (e) => (emu = e),
        { beforeEachTest: (e) => e.reset(), capture: out },
    );

    const client = () => new EcsClient(resolveCredentials(), fast);

    it("reads a server", async () => {
        const server = await showServer(client(), SERVERS.shutoff, { deadline: soon() });
        expect(server.status).to.equal("SHUTOFF");
        expect(server.metadata?.os_type).to.equal("Linux");
        expect(operations(await emu.calls())).to.deep.equal(["ShowServer"]);
    });

    it("turns the ECS error shape into `<code>: <message> (request <id>). <hint>`", async () => {
        const err = (await showServer(client(), SERVERS.missing, { deadline: soon() }).catch((e) => e)) as CloudApiError;
        const [call] = await emu.calls();
        expect(err).to.be.instanceOf(CloudApiError);
        expect(err.code).to.equal("Ecs.0114");
        expect(err.status).to.equal(404);
        expect(err.requestId).to.equal(call.requestId);
        expect(err.message).to.equal(`Ecs.0114: ${err.apiMessage} (request ${call.requestId}). ${ERROR_HINTS["Ecs.0114"]}`);
        expect(err.apiMessage).to.match(/could not be found|does not exist/);
    });

    it("names the operation attempted in the hint of a refusal (Ecs.0100: reboot, attribute update, reinstall)", async () => {
        const refusal = async (p: Promise<unknown>): Promise<CloudApiError> => {
            const err = (await p.then(
                () => undefined,
                (e: unknown) => e,
            )) as CloudApiError;
            expect(err).to.be.instanceOf(CloudApiError);
            expect(err.code).to.equal("Ecs.0100");
            return err;
        };
        // The ERROR server: a reboot needs ACTIVE, a reinstall SHUTOFF.
        const reboot = await refusal(batchRebootServers(client(), [SERVERS.error], "SOFT", { deadline: soon() }));
        expect(reboot.hint)
            .to.equal(OPERATION_HINTS.reboot["Ecs.0100"])
            .and.match(/allow a reboot now: BatchRebootServers needs it ACTIVE/)
            .and.not.match(/stopServer/);
        expect(reboot.message).to.match(/\. The server's status does not allow a reboot now/);
        const reinstall = await refusal(
            reinstallServer(client(), "v1", SERVERS.error, { "os-reinstall": { adminpass: "Reinstall-2026x" } }, { deadline: soon() }),
        );
        expect(reinstall.hint)
            .to.equal(OPERATION_HINTS.reinstall["Ecs.0100"])
            .and.match(/allow a reinstall now: stop it first \(status SHUTOFF\) or set stopServer: true/);
        // A server running a job (the stuck server's reinstall stays RUNNING) refuses an attribute update.
        await reinstallServer(client(), "v1", SERVERS.stuck, { "os-reinstall": { adminpass: "Reinstall-2026x" } }, { deadline: soon() });
        const update = await refusal(updateServer(client(), SERVERS.stuck, { name: "renamed" }, { deadline: soon() }));
        expect(update.hint)
            .to.equal(OPERATION_HINTS["attribute update"]["Ecs.0100"])
            .and.match(/allow an attribute update now/)
            .and.not.match(/stopServer|reboot now/);
        expect(operations(await emu.calls())).to.deep.equal([
            "BatchRebootServers",
            "ReinstallServerWithoutCloudInit",
            "ReinstallServerWithoutCloudInit",
            "UpdateServer",
        ]);
        // Any other operation (and no operation given) gets the code's own hint, naming none of them.
        expect(hintFor("Ecs.0100", 400, "ShowServer"))
            .to.equal(ERROR_HINTS["Ecs.0100"])
            .and.not.match(/stopServer|ACTIVE/);
        expect(hintFor("Ecs.0605", 400, "BatchRebootServers")).to.match(/before rebooting it/);
        expect(hintFor("Ecs.0114", 404, "BatchRebootServers")).to.equal(ERROR_HINTS["Ecs.0114"]);
    });

    it("turns the gateway error shape into the same form and does not retry it", async () => {
        const creds = { ...resolveCredentials(), secretKey: "wrong-secret-key" };
        const err = (await showServer(new EcsClient(creds, fast), SERVERS.shutoff, { deadline: soon() }).catch((e) => e)) as CloudApiError;
        const calls = await emu.calls();
        expect(calls).to.have.length(1);
        expect(err.code).to.equal("APIGW.0301");
        expect(err.message).to.match(
            new RegExp(`^APIGW\\.0301: Incorrect IAM authentication information.* \\(request ${calls[0].requestId}\\)\\. Authentication failed`),
        );
        expect(err.message).to.not.include("wrong-secret-key");
        expect(out.text()).to.not.include("wrong-secret-key");
    });

    it("retries 429 (throttling) with backoff and prints one line per retry", async () => {
        await emu.faults({ throttle: [{ cloud: "huaweicloud", action: "ShowServer", count: 2 }] });
        const server = await showServer(client(), SERVERS.shutoff, { deadline: soon() });
        expect(server.id).to.equal(SERVERS.shutoff);
        const calls = await emu.calls();
        expect(calls.map((c) => [c.action, c.status, c.code])).to.deep.equal([
            ["ShowServer", 429, "APIGW.0308"],
            ["ShowServer", 429, "APIGW.0308"],
            ["ShowServer", 200, null],
        ]);
        expect(out.lines.filter((l) => l.includes("APIGW.0308; pacing ShowServer at"))).to.have.length(2);
    });

    it("retries 500 and 503 for reads", async () => {
        await emu.faults({
            errors: [
                { cloud: "huaweicloud", status: 500, count: 1 },
                { cloud: "huaweicloud", status: 503, count: 1 },
            ],
        });
        await showServer(client(), SERVERS.shutoff, { deadline: soon() });
        expect((await emu.calls()).map((c) => c.status)).to.deep.equal([500, 503, 200]);
    });

    it("retries a reinstall POST only when it was certainly not processed (429), never after a 5xx or a timeout", async () => {
        const body = { "os-reinstall": { adminpass: "Reinstall-2026x" } };
        await emu.faults({ throttle: [{ cloud: "huaweicloud", action: "ReinstallServerWithoutCloudInit", count: 1 }] });
        const jobId = await reinstallServer(client(), "v1", SERVERS.shutoff, body, { deadline: soon() });
        expect((await emu.calls()).map((c) => c.status)).to.deep.equal([429, 200]);
        const job = await showJob(client(), jobId, { deadline: soon() });
        expect(job.job_id).to.equal(jobId);

        for (const status of [500, 503] as const) {
            await emu.reset();
            await emu.faults({ errors: [{ cloud: "huaweicloud", action: "ReinstallServerWithoutCloudInit", status, count: 1 }] });
            const err = (await reinstallServer(client(), "v1", SERVERS.shutoff, body, { deadline: soon() }).catch((e) => e)) as OutcomeUnknownError;
            expect(err).to.be.instanceOf(OutcomeUnknownError);
            expect(err.cause.status).to.equal(status);
            expect(err.message)
                .to.match(/^ReinstallServerWithoutCloudInit server [0-9a-f-]+: outcome unknown after 1 attempt — /)
                .and.match(/did not send it again/);
            expect((await emu.calls()).map((c) => c.status)).to.deep.equal([status]);
        }

        await emu.reset();
        await emu.faults({ latency: [{ cloud: "huaweicloud", action: "ReinstallServerWithoutCloudInit", ms: 400 }] });
        const slow = (await reinstallServer(new EcsClient(resolveCredentials(), { ...fast, attemptTimeoutMs: 100 }), "v1", SERVERS.shutoff, body, {
            deadline: soon(),
        }).catch((e) => e)) as OutcomeUnknownError;
        expect(slow).to.be.instanceOf(OutcomeUnknownError);
        expect(slow.limit).to.equal("per-attempt");
        expect(slow.message).to.match(
            /outcome unknown after 1 attempt — Timeout: no answer from .* within 100ms \(the per-attempt limit, ecs-ops:attemptTimeout\)/,
        );
        // The POST given up on is still queued in the emulator (its latency) and is logged when it is served. Every
        // attempt went out before the client gave up; a probe sent now (signed by hand, past the client's pacing) waits
        // the same latency behind them, so once it is answered they are all logged: one reinstall, then the probe.
        const probe = await hwCall(emu.url, { path: `/v1/${P1}/cloudservers/${SERVERS.missing}/reinstallos`, body });
        expect(probe.status).to.equal(404);
        expect((await emu.calls()).filter((c) => c.action === "ReinstallServerWithoutCloudInit").map((c) => c.status)).to.deep.equal([200, 404]);
    });

    it("reports a connection that cannot be opened as a transport error after retrying until the deadline", async () => {
        const port = await new Promise<number>((resolve) => {
            const srv = net.createServer().listen(0, "127.0.0.1", () => {
                const p = (srv.address() as net.AddressInfo).port;
                srv.close(() => resolve(p));
            });
        });
        const creds = { ...resolveCredentials(), endpoint: `http://127.0.0.1:${port}` };
        const started = Date.now();
        const err = (await showServer(new EcsClient(creds, { ...fast, maxAttempts: 3 }), SERVERS.shutoff, { deadline: soon(5000) }).catch(
            (e) => e,
        )) as CloudApiError;
        expect(err.code).to.equal("Transport.ECONNREFUSED");
        expect(err.message).to.equal(
            `Transport.ECONNREFUSED: cannot reach 127.0.0.1:${port}: ECONNREFUSED. check ecs-ops:huaweicloudEndpoint / huaweicloud:region and the network (3 attempts; the most attempts allowed were made)`,
        );
        expect(out.lines.filter((l) => l.includes("Transport.ECONNREFUSED, retrying"))).to.have.length(2);
        expect(Date.now() - started).to.be.lessThan(5000);
    });

    it("limits each attempt in time", async () => {
        await emu.faults({ latency: [{ cloud: "huaweicloud", action: "ShowServer", ms: 400 }] });
        const err = (await showServer(new EcsClient(resolveCredentials(), { ...fast, attemptTimeoutMs: 100, maxAttempts: 2 }), SERVERS.shutoff, {
            deadline: soon(),
        }).catch((e) => e)) as CloudApiError;
        expect(err.code).to.equal("Timeout");
        expect(err.message).to.match(
            /^Timeout: no answer from 127\.0\.0\.1:\d+ within 100ms \(the per-attempt limit, ecs-ops:attemptTimeout\) \(2 attempts; the most attempts allowed were made\)$/,
        );
    });
});
