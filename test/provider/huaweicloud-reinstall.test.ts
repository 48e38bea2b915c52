import { expect } from "chai";
import { createHash } from "crypto";
import { defaultFixture } from "../../emulator";
import { CloudApiError, PartialFailure } from "../../provider/core/transport/errors";
import { matchesFingerprint } from "../../provider/core/resource/secrets";
import { UNKNOWN } from "../../provider/core/inputs/unknowns";
import { hintFor } from "../../provider/huaweicloud/api/error-hints";
import { handler, reinstallPlan } from "../../provider/huaweicloud/server-reinstall/handler";
import { ConsoleCapture } from "../support/console-capture";
import { inputsAfterRefresh, printedChanges } from "./engine-refresh";
import { emulatorHooks } from "../support/emulator-hooks";
import {
    CMK_AUTHORIZED,
    CMK_NOT_GRANTED,
    EmulatedHuaweicloud,
    fastJobPolls,
    fixtureWithStuckJob,
    KEY_NAME,
    operations,
    SERVERS,
    startEmulatedHuaweicloud,
    USER_ID,
} from "./huaweicloud-emulated";
import { eventually } from "./emulated-alicloud";

type Props = Record<string, unknown>;

const PASSWORD = "Reinstall-2026x";
const USER_DATA = "#cloud-config\nchpasswd:\n  expire: false\nruncmd:\n  - echo ecs-ops > /etc/motd\n";
const USER_DATA_B64 = Buffer.from(USER_DATA, "utf8").toString("base64");
const SECRETS = [PASSWORD, USER_DATA, USER_DATA_B64, "emulator-secret-key"];
const PROVIDER = "provider-code-v1";
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

async function expectRejection<T extends Error>(p: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
    const err = await p.then(
        () => undefined,
        (e: unknown) => e,
    );
    expect(err, "expected a rejection").to.be.instanceOf(type);
    return err as T;
}

function expectNoSecrets(value: unknown): void {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    for (const s of SECRETS) expect(text).to.not.include(s);
}

describe("huaweicloud.ServerReinstall against the emulator", () => {
    let emu: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.01 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => e.reset(defaultFixture()), capture: out },
    );
    fastJobPolls();
    afterEach(() => {
        expectNoSecrets(out.text());
    });

    const reinstallCalls = async () => (await emu.calls()).filter((c) => c.action.startsWith("ReinstallServer"));
    /** Runs `fn` with the emulator's clock held (no job or status moves), releasing it whatever happens. */
    async function whileHeld<T>(fn: () => Promise<T>): Promise<T> {
        await emu.holdClock(true);
        try {
            return await fn();
        } finally {
            await emu.holdClock(false);
        }
    }
    /** Waits until the emulator's job `jobId` has ended. */
    const jobEnded = (jobId: string) =>
        eventually(
            `job ${jobId} to end`,
            async () => {
                const jobs = (await emu.state()).jobs as Array<{ jobId: string; status: string }>;
                const job = jobs.find((j) => j.jobId === jobId);
                return job !== undefined && job.status !== "RUNNING" && job.status !== "INIT" ? job : undefined;
            },
            30_000,
        );

    it("v1 with a password: checks the server, POSTs the documented body once, polls the job to SUCCESS, keeps no password", async () => {
        const inputs = { serverId: SERVERS.shutoff, adminPass: PASSWORD, triggers: ["r1"], __provider: PROVIDER };
        const { id, outs } = await handler.create(inputs);
        const all = await emu.calls();
        // The record on the server: read first, the intent before the POST, the job id once accepted.
        expect(operations(all).slice(0, 5)).to.deep.equal([
            "ShowServer",
            "ShowServerTags",
            "BatchCreateServerTags",
            "ReinstallServerWithoutCloudInit",
            "BatchCreateServerTags",
        ]);
        const calls = all.filter((c) => !/ServerTags$/.test(c.action));
        const ops = operations(calls);
        expect(ops.slice(0, 2)).to.deep.equal(["ShowServer", "ReinstallServerWithoutCloudInit"]);
        // ShowJob until SUCCESS, then the (batched) server read until the server shows the rebuild ended (server reads lag the job).
        expect(ops.slice(2).join(" "), "ShowJob…, then ListServersDetails…").to.match(/^(ShowJob ?)+(ListServersDetails ?)+$/);
        expect(ops.filter((o) => o.startsWith("Reinstall"))).to.have.length(1);
        expect(calls[1].params).to.deep.equal({ "os-reinstall": { adminpass: "<redacted>" } });

        const state = await emu.state();
        const server = (state.servers as Array<Props & { id: string; guest: Props }>).find((s) => s.id === SERVERS.shutoff)!;
        expect(server.guest.adminPassFingerprint).to.equal(sha256(PASSWORD));
        expect(server.guest.cloudInit).to.equal(false);

        expect(id).to.equal(SERVERS.shutoff);
        expect(outs.status).to.equal("SUCCESS");
        expect(outs.jobId).to.equal(server.guest.lastJobId);
        expect(outs.beginTime).to.be.a("string").and.not.equal("");
        expect(outs.endTime).to.be.a("string").and.not.equal("");
        expect(outs.reinstallCount).to.equal(1);
        expect(outs.pendingJobId).to.equal(undefined);
        expect(outs.adminPass).to.equal(undefined);
        expect(matchesFingerprint(PASSWORD, outs.adminPassFingerprint)).to.equal(true);
        expect(outs.__provider).to.equal(PROVIDER);
        expect(outs.triggers).to.deep.equal(["r1"]);
        expectNoSecrets(outs);
        expect(out.text()).to.include(`reinstall job ${outs.jobId} accepted`);
        expect(out.text()).to.match(/done \(SUCCESS/);
    });

    it("v2 with a key pair, user data, BYOL, encryption and stop: the exact documented body, user data base64-encoded", async () => {
        const inputs = {
            serverId: SERVERS.active,
            cloudInit: true,
            keyName: KEY_NAME,
            userId: USER_ID,
            userData: USER_DATA,
            metadata: { byol: true, systemEncrypted: true, systemCmkId: CMK_AUTHORIZED },
            stopServer: true,
            __provider: PROVIDER,
        };
        const { outs } = await handler.create(inputs);
        const posts = await reinstallCalls();
        expect(posts).to.have.length(1);
        expect(posts[0].action).to.equal("ReinstallServerWithCloudInit");
        expect(posts[0].params).to.deep.equal({
            "os-reinstall": {
                keyname: KEY_NAME,
                userid: USER_ID,
                metadata: { BYOL: "true", user_data: "<redacted>", __system__encrypted: "1", __system__cmkid: CMK_AUTHORIZED },
                mode: "withStopServer",
            },
        });
        const server = ((await emu.state()).servers as Array<Props & { id: string; guest: Props; metadata: Props }>).find((s) => s.id === SERVERS.active)!;
        expect(server.guest.userDataFingerprint).to.equal(sha256(USER_DATA));
        expect(server.guest.keyName).to.equal(KEY_NAME);
        expect(server.metadata.BYOL).to.equal("true");
        expect(server.status).to.equal("ACTIVE");
        expect(outs.status).to.equal("SUCCESS");
        expect(matchesFingerprint(USER_DATA, outs.userDataFingerprint)).to.equal(true);
        expect(outs.userData).to.equal(undefined);
        expectNoSecrets(outs);
    });

    it("refuses a running server without stopServer, a locked server and a Windows-only password rule before any reinstall call", async () => {
        const cases: Array<[Props, RegExp]> = [
            [{ serverId: SERVERS.active, adminPass: PASSWORD }, /server 7f3d9350-.* is running \(status ACTIVE\): stop it first, or set stopServer: true/],
            [{ serverId: SERVERS.locked, adminPass: PASSWORD }, /server 65098b1f-.* is locked: unlock it/],
            [
                { serverId: SERVERS.windows, adminPass: "Xmin-2026ab" },
                /^adminPass: must not contain three or more consecutive characters of the user name Administrator \(Windows image\)$/,
            ],
        ];
        for (const [inputs, message] of cases) {
            await emu.clearCalls();
            const err = await expectRejection(handler.create({ ...inputs, __provider: PROVIDER }), Error);
            expect(err).to.not.be.instanceOf(PartialFailure);
            expect(err.message).to.match(message);
            expect(operations(await emu.calls())).to.deep.equal(["ShowServer", "ShowServerTags"]);
        }
    });

    it("region and projectId: the reinstall, its job, refresh and delete go to that project; another region replaces", async () => {
        const SG_DB = "2f5bfe12-ebde-4c56-a378-6912a1edc7cd"; // SHUTOFF, project ap-southeast-1 only
        const target = { region: "ap-southeast-1", projectId: "cc84bf66150e04221ef61f2c21addd88" };
        const elsewhere = await handler.create({ serverId: SG_DB, adminPass: PASSWORD, __provider: PROVIDER }).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(elsewhere?.message, "not in the default project cn-north-4").to.match(/^Ecs\.0114/);
        const { id, outs } = await handler.create({ serverId: SG_DB, ...target, adminPass: PASSWORD, triggers: [1], __provider: PROVIDER });
        expect(outs).to.include({ ...target, status: "SUCCESS", reinstallCount: 1 });
        expect((await reinstallCalls()).map((c) => c.status)).to.deep.equal([200]);
        const read = await handler.read!(id, outs);
        expect(read.id, "read in that project").to.equal(id);
        expect(read.props).to.include(target);
        expect(reinstallPlan(outs, { serverId: SG_DB, triggers: [1] })).to.match(/the reinstall resource is created$/);
        await emu.clearCalls();
        await handler.delete!(id, outs);
        expect(
            (await emu.calls()).map((c) => `${c.action} ${c.status}`),
            "its record removed in that project",
        ).to.deep.equal(["ShowServerTags 200", "BatchDeleteServerTags 204"]);
    });

    it("reports the cloud's refusals with code, request id and hint, keeping nothing in state", async () => {
        const cases: Array<[Props, string]> = [
            [{ serverId: SERVERS.missing, adminPass: PASSWORD }, "Ecs.0114"],
            [{ serverId: SERVERS.noSystemDisk, adminPass: PASSWORD }, "Ecs.0105"],
            [{ serverId: SERVERS.error, adminPass: PASSWORD }, "Ecs.0100"],
            [{ serverId: SERVERS.shutoff, adminPass: PASSWORD, metadata: { systemEncrypted: true, systemCmkId: CMK_NOT_GRANTED } }, "Ecs.0025"],
            [{ serverId: SERVERS.shutoff, adminPass: "P@ssw0rd" }, "Ecs.0011"],
        ];
        for (const [inputs, code] of cases) {
            await emu.clearCalls();
            const err = await expectRejection(handler.create({ ...inputs, __provider: PROVIDER }), CloudApiError);
            const last = (await emu.calls()).filter((c) => c.action !== "BatchDeleteServerTags").at(-1)!;
            expect(err.code).to.equal(code);
            expect(last.code).to.equal(code);
            expect(err.message).to.equal(`${code}: ${err.apiMessage} (request ${last.requestId}). ${hintFor(code, err.status, last.action)}`);
            if (code === "Ecs.0100") expect(err.hint).to.match(/does not allow a reinstall now: stop it first/);
            expect(err.message).to.not.include("P@ssw0rd");
        }
    });

    it("a FAILed job is reported with its code, reason and sub-job message, kept in state, and retried only by a new trigger", async () => {
        const inputs = { serverId: SERVERS.failsNext, adminPass: PASSWORD, triggers: ["a"], __provider: PROVIDER };
        const err = await expectRejection(handler.create(inputs), PartialFailure);
        const [post] = await reinstallCalls();
        const jobId = err.properties.jobId as string;
        expect(post).to.not.equal(undefined);
        expect(err.message).to.match(
            new RegExp(
                `^reinstall job ${jobId} failed: Ecs\\.0000: Request error\\. Try again later or contact customer service\\.; sub-job ff808082\\w+ FAIL: Ecs\\.0000: Failed to create the system disk from image db510626-019b-4df6-b9dc-1aef0d836ffd\\.\\. The OS was not reinstalled as asked; change \`triggers\` to try again`,
            ),
        );
        expect(err.id).to.equal(SERVERS.failsNext);
        expect(err.properties.status).to.equal("FAIL");
        expect(err.properties.pendingJobId).to.equal(undefined);
        expect(err.properties.failure).to.match(/^reinstall job .* failed: Ecs\.0000/);
        expect(err.properties.__provider).to.equal(PROVIDER);
        expectNoSecrets(err.properties);

        await emu.clearCalls();
        const again = await expectRejection(handler.update!(err.id, err.properties, { ...inputs, __provider: "provider-code-v2" }), PartialFailure);
        expect(again.message).to.equal(err.message);
        expect(again.properties.__provider).to.equal("provider-code-v2");
        expect(await emu.calls()).to.deep.equal([]);

        const { outs } = await handler.update!(err.id, again.properties, { ...inputs, triggers: ["b"] });
        const posts = await reinstallCalls();
        expect(posts).to.have.length(1);
        expect(outs.status).to.equal("SUCCESS");
        expect(outs.failure).to.equal(undefined);
        expect(outs.reinstallCount).to.equal(2);
        expect(outs.jobId).to.not.equal(jobId);
    });

    it("a timeout after the job was accepted keeps the job id in state; the next update resumes it without a second POST", async () => {
        await emu.reset(fixtureWithStuckJob(150_000));
        const inputs = { serverId: SERVERS.stuck, adminPass: PASSWORD, triggers: [1], timeouts: { create: "1s" }, __provider: PROVIDER };
        // The job cannot end while the clock is held, however slow the machine: the create times out with it RUNNING.
        const err = await whileHeld(() => expectRejection(handler.create(inputs), PartialFailure));
        const jobId = err.properties.pendingJobId as string;
        expect(jobId).to.match(/^ff808082/);
        expect(err.id).to.equal(SERVERS.stuck);
        expect(err.properties.jobId).to.equal(jobId);
        // Held from the start, the job has not left INIT (a job of a real region may be RUNNING by then).
        expect(err.properties.status).to.equal("INIT");
        expect(err.properties.__provider).to.equal(PROVIDER);
        expect(err.message).to.match(
            new RegExp(
                `^reinstall job ${jobId} of server ${SERVERS.stuck} did not finish in time: timed out after .* waiting for reinstall job ${jobId} of server ${SERVERS.stuck}; last state: INIT`,
            ),
        );
        expect(err.message).to.include("the next `pulumi up` resumes waiting for it instead of reinstalling again");
        expect(await reinstallCalls()).to.have.length(1);

        await emu.clearCalls();
        const { outs } = await handler.update!(err.id, err.properties, { ...inputs, timeouts: { create: "400ms", update: "30s" } });
        expect(await reinstallCalls()).to.deep.equal([]);
        expect(operations(await emu.calls()).join(" "), "ShowJob…, then ListServersDetails…").to.match(/^(ShowJob ?)+(ListServersDetails ?)+$/);
        expect(outs.status).to.equal("SUCCESS");
        expect(outs.jobId).to.equal(jobId);
        expect(outs.pendingJobId).to.equal(undefined);
        expect(outs.reinstallCount).to.equal(1);
        expect(out.text()).to.include(`resuming reinstall job ${jobId} accepted by an earlier run (no new reinstall)`);
    });

    it("resumes a job that ended meanwhile with a single ShowJob; an unknown job ends as UNKNOWN", async () => {
        await emu.reset(fixtureWithStuckJob(30_000));
        const inputs = { serverId: SERVERS.stuck, adminPass: PASSWORD, timeouts: { create: "1s" }, __provider: PROVIDER };
        const err = await whileHeld(() => expectRejection(handler.create(inputs), PartialFailure));
        await jobEnded(err.properties.pendingJobId as string);
        await emu.clearCalls();
        // The preview says so: the diff names the job to resume, the plan says no new reinstall.
        const planned = await handler.check!(inputs, inputs);
        expect(planned.inputs.plannedOperation).to.equal("none (no new reinstall; a job of an earlier run not seen to end is followed to its end)");
        // (The update runs because the partial failure left init errors, which make the engine update it.)
        await handler.diff!(err.id, err.properties, planned.inputs);
        expect(out.text()).to.include(
            `up resumes reinstall job ${err.properties.pendingJobId as string}, accepted by an earlier run and not seen to end (no new reinstall for it)`,
        );
        expect(await emu.calls()).to.deep.equal([]);
        const { outs } = await handler.update!(err.id, err.properties, inputs);
        expect(operations(await emu.calls())).to.deep.equal(["ShowJob"]);
        expect(outs.status).to.equal("SUCCESS");
        expect(out.text()).to.include(`reinstall job ${err.properties.jobId} ended with SUCCESS`);

        await emu.clearCalls();
        const gone = { ...err.properties, pendingJobId: "ff80808200000000000000000000dead", jobId: "ff80808200000000000000000000dead" };
        const { outs: unknownOuts } = await handler.update!(err.id, gone, inputs);
        expect(operations(await emu.calls())).to.deep.equal(["ShowJob"]);
        expect(unknownOuts.status).to.equal("UNKNOWN");
        expect(unknownOuts.pendingJobId).to.equal(undefined);
    });

    it("an interruption (SIGTERM) while polling keeps the job id in state", async () => {
        await emu.reset(fixtureWithStuckJob(100_000));
        const listeners = process.listenerCount("SIGTERM");
        const pending = handler.create({ serverId: SERVERS.stuck, adminPass: PASSWORD, __provider: PROVIDER });
        // Interrupt once the provider is polling the accepted job (a ShowJob in the call log).
        await eventually("a ShowJob of the accepted job", async () => (operations(await emu.calls()).includes("ShowJob") ? true : undefined), 30_000);
        process.emit("SIGTERM", "SIGTERM");
        const err = await expectRejection(pending, PartialFailure);
        expect(err.message).to.match(
            new RegExp(
                `^interrupted by SIGTERM while waiting for reinstall job ${err.properties.pendingJobId} of server ${SERVERS.stuck} \\(last status (INIT|RUNNING)\\)`,
            ),
        );
        expect(err.properties.pendingJobId).to.match(/^ff808082/);
        expect(process.listenerCount("SIGTERM")).to.equal(listeners);
        expect(await reinstallCalls()).to.have.length(1);
    });

    it("reinstalls once per trigger change and never for other changes; __provider alone is no change (an update records it)", async () => {
        const inputs = { serverId: SERVERS.shutoff, adminPass: PASSWORD, stopServer: true, triggers: [1], __provider: PROVIDER };
        const { id, outs } = await handler.create(inputs);

        const same = await handler.diff!(id, outs, { ...inputs });
        expect(same.changes).to.equal(false);
        expect(same.replaces).to.deep.equal([]);

        await emu.clearCalls();
        const newPassword = { ...inputs, adminPass: "Another-Pass-9" };
        expect((await handler.diff!(id, outs, newPassword)).changes).to.equal(true);
        const { outs: outs2 } = await handler.update!(id, outs, newPassword);
        expect(await emu.calls()).to.deep.equal([]);
        expect(outs2.jobId).to.equal(outs.jobId);
        expect(matchesFingerprint("Another-Pass-9", outs2.adminPassFingerprint)).to.equal(true);
        expect((await handler.diff!(id, outs2, newPassword)).changes).to.equal(false);

        const newProvider = { ...newPassword, __provider: "provider-code-v2" };
        expect((await handler.diff!(id, outs2, newProvider)).changes, "a new provider text alone is no change").to.equal(false);
        const { outs: outs3 } = await handler.update!(id, outs2, newProvider);
        expect(await emu.calls()).to.deep.equal([]);
        expect(outs3.__provider).to.equal("provider-code-v2");

        const retrigger = { ...newProvider, triggers: [2] };
        expect((await handler.diff!(id, outs3, retrigger)).changes).to.equal(true);
        expect((await handler.diff!(id, outs3, { ...newProvider, triggers: UNKNOWN })).changes).to.equal(true);
        const { outs: outs4 } = await handler.update!(id, outs3, retrigger);
        const posts = await reinstallCalls();
        expect(posts).to.have.length(1);
        expect(outs4.jobId).to.not.equal(outs.jobId);
        expect(outs4.reinstallCount).to.equal(2);
        expect((await handler.diff!(id, outs4, retrigger)).changes).to.equal(false);

        const moved = await handler.diff!(id, outs4, { ...retrigger, serverId: SERVERS.active });
        expect(moved.replaces).to.deep.equal(["serverId"]);
        expect(moved.changes).to.equal(true);
    });

    it("retries ShowJob under throttling (429) and every call under 503, still with a single POST", async () => {
        await emu.faults({ throttle: [{ cloud: "huaweicloud", action: "ShowJob", count: 2 }] });
        const { outs } = await handler.create({ serverId: SERVERS.shutoff, adminPass: PASSWORD, __provider: PROVIDER });
        expect(outs.status).to.equal("SUCCESS");
        let calls = await emu.calls();
        expect(calls.filter((c) => c.action === "ShowJob" && c.status === 429)).to.have.length(2);
        expect(calls.filter((c) => c.action.startsWith("Reinstall"))).to.have.length(1);
        expect(out.text()).to.include("ShowJob job");

        await emu.reset(defaultFixture());
        await emu.faults({ errors: [{ cloud: "huaweicloud", status: 503, count: 2 }] });
        const { outs: outs2 } = await handler.create({ serverId: SERVERS.shutoff, adminPass: PASSWORD, __provider: PROVIDER });
        expect(outs2.status).to.equal("SUCCESS");
        calls = await emu.calls();
        expect(calls.filter((c) => c.status === 503)).to.have.length(2);
        expect(calls.filter((c) => c.action.startsWith("Reinstall") && c.status === 200)).to.have.length(1);
    });

    it("read verifies the server and refreshes the job; a vanished server reads as gone; delete does nothing", async () => {
        await emu.reset(fixtureWithStuckJob(100_000));
        const inputs = { serverId: SERVERS.stuck, adminPass: PASSWORD, triggers: ["x"], timeouts: { create: "1s" }, __provider: PROVIDER };
        await emu.holdClock(true);
        let running: Awaited<ReturnType<NonNullable<typeof handler.read>>>;
        let err: PartialFailure;
        try {
            err = await expectRejection(handler.create(inputs), PartialFailure);
            running = await handler.read!(err.id, err.properties);
        } finally {
            await emu.holdClock(false);
        }
        expect(running.id).to.equal(SERVERS.stuck);
        expect(running.props!.pendingJobId).to.equal(err.properties.pendingJobId);
        expect(running.props!.status).to.equal("INIT");
        // No input comes from the cloud: the engine keeps the inputs it has (adminPass still a secret).
        expect(running.inputs).to.equal(undefined);
        expectNoSecrets(running);

        await jobEnded(err.properties.pendingJobId as string);
        const done = await handler.read!(err.id, err.properties);
        expect(done.props!.status).to.equal("SUCCESS");
        expect(done.props!.pendingJobId).to.equal(undefined);
        expect(done.props!.endTime).to.be.a("string").and.not.equal("");
        expectNoSecrets(done);

        await emu.clearCalls();
        await handler.delete!(err.id, done.props!);
        // Delete leaves the server alone; it removes only ecs-ops' own record of the reinstall.
        expect(operations(await emu.calls())).to.deep.equal(["ShowServerTags", "BatchDeleteServerTags"]);

        const gone = await handler.read!(SERVERS.missing, { ...done.props, serverId: SERVERS.missing });
        expect(gone.id).to.equal("");
    });

    it("refresh keeps the inputs it was given (adminPass, userData), so the next preview shows only the real change", async () => {
        const given = { serverId: SERVERS.shutoff, cloudInit: true, adminPass: PASSWORD, userData: USER_DATA, triggers: ["a"], __provider: PROVIDER };
        const first = await handler.check!({}, given);
        const { id, outs } = await handler.create(first.inputs);
        const stateInputs = (await handler.check!(first.inputs, given)).inputs;
        const read = await handler.read!(id, { ...outs, __provider: PROVIDER });
        expectNoSecrets(read);
        const refreshed = inputsAfterRefresh(stateInputs, read);
        expect(refreshed).to.include({ adminPass: PASSWORD, userData: USER_DATA });
        const next = await handler.check!(refreshed, { ...given, stopServer: true });
        expect(printedChanges(refreshed, next.inputs)).to.deep.equal(["stopServer"]);
        expect(String(next.inputs.plannedOperation)).to.match(/^none/);
        const unchanged = await handler.check!(refreshed, given);
        expect((await handler.diff!(id, { ...read.props, __provider: PROVIDER }, unchanged.inputs)).changes).to.equal(false);
    });

    describe("exactly once across lost answers and killed runs (the record on the server)", () => {
        const saved = process.env.ECS_OPS_VISIBILITY_GRACE_MS;
        beforeEach(() => {
            process.env.ECS_OPS_VISIBILITY_GRACE_MS = "1500";
        });
        afterEach(() => {
            if (saved === undefined) delete process.env.ECS_OPS_VISIBILITY_GRACE_MS;
            else process.env.ECS_OPS_VISIBILITY_GRACE_MS = saved;
        });
        const guestOf = async (id: string) => ((await emu.state()).servers as Array<Props & { id: string; guest: Props }>).find((s) => s.id === id)!.guest;

        it("a 5xx after the POST was accepted: never re-sent; the server is seen rebuilding and followed to the end; one reinstall", async () => {
            // A rebuild long enough to be seen (2 s here; minutes in the real cloud).
            await emu.reset(fixtureWithStuckJob(200_000) as never);
            await emu.faults({ errors: [{ cloud: "huaweicloud", action: "ReinstallServerWithoutCloudInit", status: 500, count: 1, after: true }] });
            const outs = (await handler.create({ serverId: SERVERS.stuck, adminPass: PASSWORD, triggers: ["a"], __provider: PROVIDER })).outs;
            expect(await reinstallCalls()).to.have.length(1);
            expect(outs).to.include({ status: "UNKNOWN", reinstallCount: 1 });
            expect((await guestOf(SERVERS.stuck)).reinstallCount).to.equal(1);
            expect(out.text())
                .to.match(/outcome unknown after 1 attempt/)
                .and.match(/its job id is unknown, so ecs-ops follows the server/);
        });

        it("a run killed after the job was accepted: the next run resumes the job recorded on the server instead of reinstalling", async () => {
            const inputs = { serverId: SERVERS.shutoff, adminPass: PASSWORD, triggers: ["k"], __provider: PROVIDER };
            const first = (await handler.create(inputs)).outs;
            await emu.clearCalls();
            // The engine never recorded the first create (the CLI was killed): the same create comes again.
            const again = (await handler.create(inputs)).outs;
            expect(await reinstallCalls()).to.have.length(0);
            expect(again).to.include({ jobId: first.jobId, status: "SUCCESS", reinstallCount: 1 });
            expect((await guestOf(SERVERS.shutoff)).reinstallCount).to.equal(1);
            expect(out.text()).to.match(/reinstall job [0-9a-f]+ for these triggers is recorded on the server: following it instead of reinstalling again/);
            // A create that resumes: the engine kept the killed run's pending CREATE; the user is told what clears it.
            expect(out.text()).to.match(/this create resumes one that an earlier run started.*run `pulumi refresh --clear-pending-creates --yes`/);
        });

        it("a 5xx before the reinstall was accepted: fails saying so; the next run reads the server's action list, finds no rebuild and reinstalls once, with no human step", async () => {
            await emu.faults({ errors: [{ cloud: "huaweicloud", action: "ReinstallServerWithoutCloudInit", status: 503, count: 1 }] });
            const inputs = { serverId: SERVERS.shutoff, adminPass: PASSWORD, triggers: ["u"], __provider: PROVIDER };
            const err = await expectRejection(handler.create(inputs), Error);
            expect(err.message)
                .to.match(/outcome unknown/)
                .and.match(/showed no reinstall running/)
                .and.match(/tag ecs-ops-reinstall/);
            const outs = (await handler.create(inputs)).outs as Record<string, unknown>;
            expect(outs.status).to.equal("SUCCESS");
            expect(out.text()).to.match(
                /the server's action list shows no rebuild since .*, and its system disk is the same: it was not accepted; reinstalling now/,
            );
            expect((await reinstallCalls()).filter((c) => c.status === 200)).to.have.length(1);
        });

        it("a 5xx after the reinstall was accepted, then a lost state: the next run finds the rebuild in the action list and the new system disk, and reinstalls nothing", async () => {
            await emu.faults({ errors: [{ cloud: "huaweicloud", action: "ReinstallServerWithoutCloudInit", status: 500, count: 1, after: true }] });
            const inputs = { serverId: SERVERS.shutoff, adminPass: PASSWORD, triggers: ["w"], __provider: PROVIDER };
            await handler.create(inputs);
            const outs = (await handler.create(inputs)).outs as Record<string, unknown>;
            expect(outs.reinstallCount).to.equal(1);
            expect(out.text()).to.match(
                /the reinstall sent by an earlier run at .* took effect: not reinstalling again \((the server has a new system disk|the server's action list shows a rebuild)/,
            );
            expect((await reinstallCalls()).map((c) => c.status)).to.deep.equal([500]);
        });

        it("the action list unreadable (NovaListServerActions failing): as before, the next run asks instead of reinstalling, naming the missing record", async () => {
            await emu.faults({
                errors: [
                    { cloud: "huaweicloud", action: "ReinstallServerWithoutCloudInit", status: 503, count: 1 },
                    { cloud: "huaweicloud", action: "NovaListServerActions", status: 500, count: 1000 },
                ],
            });
            const inputs = { serverId: SERVERS.shutoff, adminPass: PASSWORD, triggers: ["v"], __provider: PROVIDER };
            await expectRejection(handler.create(inputs), Error);
            const again = await expectRejection(handler.create(inputs), Error);
            expect(again.message)
                .to.match(/may or may not have run, and the cloud cannot tell/)
                .and.match(
                    /the server's action list \(NovaListServerActions \(GET \/v2.1\/\{project_id\}\/servers\/\{server_id\}\/os-instance-actions\)\) could not be read/,
                )
                .and.match(/ECS_OPS_UNCERTAIN_OPERATION=run-again/);
            expect((await reinstallCalls()).filter((c) => c.status === 200)).to.have.length(0);
        });
    });
});
