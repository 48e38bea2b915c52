// huaweicloud.ServerReinstall through the real Pulumi engine against the emulator: preview makes no
// call, up reinstalls each server exactly once (v1 and v2 bodies as documented), a second up does
// nothing, a password change alone makes no call, a trigger change reinstalls exactly once more,
// refresh only reads, destroy only removes the operation records; secrets are in no printed line and not in plaintext in
// the state. An up that times out, or is interrupted, after the job was accepted keeps the job in
// state, and the next up resumes it without a second POST.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { CallRecord, defaultFixture } from "../../emulator";
import { createStack, type TestStack, type VerbResult } from "./kit";

const FIXTURE = path.join(__dirname, "fixtures", "huaweicloud-reinstall");
const TYPE = "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerReinstall";
const PASSWORD = "E2e-Reinstall-2026";
const USER_DATA = "#cloud-config\nruncmd:\n  - echo e2e-user-data-marker > /etc/motd\n";
const USER_DATA_B64 = Buffer.from(USER_DATA, "utf8").toString("base64");
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const STUCK_SERVER = "c85a4d25-5d3a-4c81-84c4-7d973e1fd22d";
/** Its next reinstall job FAILs (scripted in the default fixture); the one after succeeds. */
const FAILING_SERVER = "a6ff54cf-d08a-4a99-b87b-73e88c4bdb07";

function ops(r: VerbResult): string[] {
    return r.steps
        .filter((s) => s.type === TYPE)
        .map((s) => `${s.name}:${s.op}`)
        .sort();
}

function posts(calls: CallRecord[]): CallRecord[] {
    return calls.filter((c) => c.cloud === "huaweicloud" && c.action.startsWith("ReinstallServer"));
}

function hwCalls(calls: CallRecord[]): string[] {
    return calls.filter((c) => c.cloud === "huaweicloud").map((c) => c.action);
}

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

function expectNoSecrets(text: string): void {
    for (const s of [PASSWORD, USER_DATA, USER_DATA_B64, "e2e-user-data-marker", "emulator-secret-key"]) expect(text).to.not.include(s);
}

/** The default fixture with the stuck server's next job RUNNING for `runningMs` modelled ms. */
function fixtureWithStuckJob(runningMs: number): ReturnType<typeof defaultFixture> {
    const f = defaultFixture() as { huaweicloud: { scriptedFaults: Array<{ serverId: string; nextReinstall: unknown }> } };
    f.huaweicloud.scriptedFaults = f.huaweicloud.scriptedFaults.map((s) =>
        s.serverId === STUCK_SERVER ? { serverId: s.serverId, nextReinstall: { stuck: { runningMs } } } : s,
    );
    return f as ReturnType<typeof defaultFixture>;
}

/** The resource's outputs in the exported state, by resource name. */
async function stateOutputs(
    stack: TestStack,
    name: string,
): Promise<{ outputs: Record<string, unknown>; inputs: Record<string, unknown>; initErrors?: string[] }> {
    const exported = await stack.exportState();
    const res = exported.deployment.resources!.find((r) => r.type === TYPE && r.urn.endsWith(`::${name}`));
    expect(res, `resource ${name} in state`).to.not.equal(undefined);
    return res as unknown as { outputs: Record<string, unknown>; inputs: Record<string, unknown>; initErrors?: string[] };
}

/** Sends SIGINT to this stack's `pulumi` CLI process (found by the kit's per-stack environment marker). */
function interruptCli(stack: TestStack): number {
    const marker = Buffer.from(`ECS_OPS_E2E_STACK_DIR=${stack.dir}\0`);
    let sent = 0;
    for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
        try {
            if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "pulumi") continue;
            if (!fs.readFileSync(`/proc/${pid}/environ`).includes(marker)) continue;
            process.kill(Number(pid), "SIGINT");
            sent++;
        } catch {
            // gone, or not ours
        }
    }
    return sent;
}

describe("e2e: huaweicloud.ServerReinstall through the engine", function () {
    this.timeout(300_000);

    describe("v1 and v2 reinstalls, triggers, refresh, destroy", () => {
        let stack: TestStack;
        before(async () => {
            stack = await createStack({
                program: FIXTURE,
                emulator: { timeScale: 0.01 },
                config: {
                    "hw-reinstall:adminPass": { value: PASSWORD, secret: true },
                    "hw-reinstall:userData": { value: USER_DATA, secret: true },
                },
            });
        });
        after(async () => {
            await stack?.dispose();
        });

        it("preview shows two creates and makes no call", async () => {
            const r = await stack.preview();
            expect(r.exitCode, printed(r)).to.equal(0);
            expect(ops(r)).to.deep.equal(["app-v1:create", "web-v2:create"]);
            expect(hwCalls(r.calls)).to.deep.equal([]);
        });

        it("up reinstalls each server exactly once with the documented bodies and prints progress", async () => {
            const r = await stack.up();
            expect(r.exitCode, printed(r)).to.equal(0);
            expect(ops(r)).to.deep.equal(["app-v1:create", "web-v2:create"]);
            const sent = posts(r.calls);
            expect(sent.map((c) => c.action).sort()).to.deep.equal(["ReinstallServerWithCloudInit", "ReinstallServerWithoutCloudInit"]);
            expect(sent.find((c) => c.action === "ReinstallServerWithoutCloudInit")!.params).to.deep.equal({
                "os-reinstall": { adminpass: "<redacted>", mode: "withStopServer" },
            });
            expect(sent.find((c) => c.action === "ReinstallServerWithCloudInit")!.params).to.deep.equal({
                "os-reinstall": {
                    keyname: "KeyPair-350b",
                    userid: "7e25b1da389f4697a79df3a0e5bd494e",
                    metadata: { BYOL: "true", user_data: "<redacted>", __system__encrypted: "1", __system__cmkid: "83cdb52d-9ebf-4469-9cfa-e7b5b80da846" },
                    mode: "withStopServer",
                },
            });
            const text = printed(r);
            expect(text).to.match(/\[ecs-ops\] server 277c9006-6084-45d6-9702-91a3349b38b8: reinstall job ff808082\w+ accepted/);
            expect(text).to.match(/reinstall job ff808082\w+ of server 7f3d9350-288d-41dd-9616-195bba332426: done \(SUCCESS/);
            expectNoSecrets(text);
            const outputs = await stack.outputs();
            expect(outputs).to.include({ appStatus: "SUCCESS", webStatus: "SUCCESS", appReinstalls: 1, webReinstalls: 1 });
            const state = (await stack.emulatorRequest("GET", "/_emulator/state")) as {
                huaweicloud: { servers: Array<{ id: string; guest: { reinstallCount: number; lastJobId: string } }> };
            };
            const web = state.huaweicloud.servers.find((s) => s.id === "7f3d9350-288d-41dd-9616-195bba332426")!;
            expect(web.guest.reinstallCount).to.equal(1);
            expect(web.guest.lastJobId).to.equal(outputs.webJobId);
        });

        it("keeps no secret in plaintext in the state; the fingerprints and secret inputs are secrets", async () => {
            expectNoSecrets(stack.stateFileText());
            for (const name of ["app-v1", "web-v2"]) {
                const res = await stateOutputs(stack, name);
                expect(res.outputs).to.not.have.property("adminPass");
                expect(res.outputs).to.not.have.property("userData");
                expect(res.outputs.status).to.equal("SUCCESS");
                expect(res.outputs).to.not.have.property("pendingJobId");
            }
            const app = await stateOutputs(stack, "app-v1");
            expect(JSON.stringify(app.outputs.adminPassFingerprint)).to.include(SECRET_SIG);
            expect(JSON.stringify(app.inputs.adminPass)).to.include(SECRET_SIG);
            const web = await stateOutputs(stack, "web-v2");
            expect(JSON.stringify(web.outputs.userDataFingerprint)).to.include(SECRET_SIG);
            expect(JSON.stringify(web.inputs.userData)).to.include(SECRET_SIG);
        });

        it("a second up changes nothing and makes no call", async () => {
            const r = await stack.up();
            expect(ops(r)).to.deep.equal(["app-v1:same", "web-v2:same"]);
            expect(hwCalls(r.calls)).to.deep.equal([]);
        });

        it("a new password alone is recorded without any call (no reinstall)", async () => {
            await stack.setConfig("hw-reinstall:adminPass", "Another-E2e-Pass9", { secret: true });
            const r = await stack.up();
            expect(r.exitCode, printed(r)).to.equal(0);
            expect(ops(r)).to.deep.equal(["app-v1:update", "web-v2:same"]);
            expect(hwCalls(r.calls)).to.deep.equal([]);
            expect((await stack.outputs()).appReinstalls).to.equal(1);
        });

        it("a trigger change reinstalls each server exactly once more", async () => {
            await stack.setConfig("hw-reinstall:revision", "2");
            const preview = await stack.preview();
            expect(ops(preview)).to.deep.equal(["app-v1:update", "web-v2:update"]);
            expect(hwCalls(preview.calls)).to.deep.equal([]);
            const r = await stack.up();
            expect(r.exitCode, printed(r)).to.equal(0);
            expect(
                posts(r.calls)
                    .map((c) => c.action)
                    .sort(),
            ).to.deep.equal(["ReinstallServerWithCloudInit", "ReinstallServerWithoutCloudInit"]);
            expect(await stack.outputs()).to.include({ appReinstalls: 2, webReinstalls: 2, appStatus: "SUCCESS", webStatus: "SUCCESS" });
            expectNoSecrets(printed(r));
        });

        it("refresh only reads (servers and jobs) and changes nothing", async () => {
            const r = await stack.refresh();
            expect(r.exitCode, printed(r)).to.equal(0);
            expect(posts(r.calls)).to.deep.equal([]);
            // Both servers' reads batched into ListServersDetails (server_id=a,b): at most ceil(2/100)+1 calls.
            expect(new Set(hwCalls(r.calls))).to.deep.equal(new Set(["ListServersDetails"]));
            expect(hwCalls(r.calls).length).to.be.at.most(2);
            const after = await stack.up();
            expect(ops(after)).to.deep.equal(["app-v1:same", "web-v2:same"]);
        });

        it("destroy leaves the servers alone: it only removes ecs-ops' own operation records (tags)", async () => {
            const r = await stack.destroy();
            expect(r.exitCode, printed(r)).to.equal(0);
            expect(ops(r)).to.deep.equal(["app-v1:delete", "web-v2:delete"]);
            expect(hwCalls(r.calls).sort()).to.deep.equal(["BatchDeleteServerTags", "BatchDeleteServerTags", "ShowServerTags", "ShowServerTags"]);
        });
    });

    describe("a reinstall job that FAILs", () => {
        let stack: TestStack;
        before(async () => {
            stack = await createStack({
                program: FIXTURE,
                stackName: "fail",
                emulator: { timeScale: 0.01 },
                config: {
                    "hw-reinstall:adminPass": { value: PASSWORD, secret: true },
                    "hw-reinstall:singleServerId": FAILING_SERVER,
                },
            });
        });
        after(async () => {
            await stack?.dispose();
        });

        it("fails the up with the job's code, reason and sub-job message, keeping the job in state", async () => {
            const r = await stack.up({ allowFailure: true });
            expect(r.exitCode).to.not.equal(0);
            expect(posts(r.calls)).to.have.length(1);
            expect(printed(r)).to.match(
                /reinstall job ff808082\w+ failed: Ecs\.0000: Request error\. Try again later or contact customer service\.; sub-job ff808082\w+ FAIL: Ecs\.0000: Failed to create the system disk from image db510626-019b-4df6-b9dc-1aef0d836ffd\.\. The OS was not reinstalled as asked; change `triggers` to try again/,
            );
            const res = await stateOutputs(stack, "single");
            expect(res.outputs.status).to.equal("FAIL");
            expect(res.outputs).to.not.have.property("pendingJobId");
        });

        it("the next up reports the failure again without any call; a new trigger reinstalls once", async () => {
            const again = await stack.up({ allowFailure: true });
            expect(again.exitCode).to.not.equal(0);
            expect(hwCalls(again.calls)).to.deep.equal([]);
            expect(printed(again)).to.match(/reinstall job ff808082\w+ failed: Ecs\.0000/);

            await stack.setConfig("hw-reinstall:revision", "2");
            const retried = await stack.up();
            expect(retried.exitCode, printed(retried)).to.equal(0);
            expect(posts(retried.calls)).to.have.length(1);
            expect(await stack.outputs()).to.include({ singleStatus: "SUCCESS", singleReinstalls: 2 });
            const res = await stateOutputs(stack, "single");
            expect(res.initErrors ?? []).to.deep.equal([]);
        });
    });

    describe("an up that times out after the job was accepted", () => {
        let stack: TestStack;
        before(async () => {
            stack = await createStack({
                program: FIXTURE,
                stackName: "timeout",
                // 800 000 modelled ms at 0.01: the job runs for 8 s.
                emulator: { timeScale: 0.01, fixture: fixtureWithStuckJob(800_000) },
                config: {
                    "hw-reinstall:adminPass": { value: PASSWORD, secret: true },
                    "hw-reinstall:singleServerId": STUCK_SERVER,
                    "hw-reinstall:createTimeout": "2s",
                    "hw-reinstall:updateTimeout": "90s",
                },
            });
        });
        after(async () => {
            await stack?.dispose();
        });

        it("fails naming the job and its last status, and keeps the job in state", async () => {
            const r = await stack.up({ allowFailure: true });
            expect(r.exitCode).to.not.equal(0);
            expect(posts(r.calls)).to.have.length(1);
            const text = printed(r);
            expect(text).to.match(/reinstall job ff808082\w+ of server c85a4d25-5d3a-4c81-84c4-7d973e1fd22d did not finish in time: .*last state: RUNNING/);
            expect(text).to.include("the next `pulumi up` resumes waiting for it instead of reinstalling again");
            expectNoSecrets(text);
            const res = await stateOutputs(stack, "single");
            expect(res.outputs.pendingJobId).to.match(/^ff808082/);
            expect(res.outputs.status).to.equal("RUNNING");
            expect(res.initErrors ?? []).to.have.length(1);
        });

        it("the preview names the resumption (the job, no new reinstall), and the next up resumes the same job without a second POST", async () => {
            const before = await stateOutputs(stack, "single");
            // Decided from the state alone (the job kept as pendingJobId), so whether the job has ended
            // meanwhile does not matter: the plan is the same, and the preview makes no call.
            const preview = await stack.preview();
            expect(preview.exitCode, printed(preview)).to.equal(0);
            expect(ops(preview)).to.deep.equal(["single:update"]);
            expect(printed(preview)).to.include(
                `up resumes reinstall job ${before.outputs.pendingJobId}, accepted by an earlier run and not seen to end (no new reinstall for it)`,
            );
            const step = (preview.json as { steps?: Array<{ urn: string; newState?: { inputs?: Record<string, unknown> } }> }).steps?.find((st) =>
                st.urn.endsWith("::single"),
            );
            expect(step?.newState?.inputs?.plannedOperation).to.equal(
                "none (no new reinstall; a job of an earlier run not seen to end is followed to its end)",
            );
            expect(hwCalls(preview.calls)).to.deep.equal([]);
            const r = await stack.up();
            expect(r.exitCode, printed(r)).to.equal(0);
            expect(ops(r)).to.deep.equal(["single:update"]);
            expect(posts(r.calls)).to.deep.equal([]);
            // Reads only (the job, then the server until it no longer shows the rebuild) and the
            // operation record's tag update: no reinstall.
            const resumed = hwCalls(r.calls);
            expect(resumed).to.include("ShowJob");
            expect(
                resumed.filter(
                    (a) => !["ShowJob", "ShowServer", "ListServersDetails", "ShowServerTags", "BatchCreateServerTags", "BatchDeleteServerTags"].includes(a),
                ),
                resumed.join(","),
            ).to.deep.equal([]);
            expect(printed(r)).to.include(`resuming reinstall job ${before.outputs.pendingJobId} accepted by an earlier run (no new reinstall)`);
            const outputs = await stack.outputs();
            expect(outputs).to.include({ singleStatus: "SUCCESS", singleJobId: before.outputs.pendingJobId });
            const after = await stateOutputs(stack, "single");
            expect(after.outputs).to.not.have.property("pendingJobId");
            expect(after.initErrors ?? []).to.deep.equal([]);
            const again = await stack.up();
            expect(ops(again)).to.deep.equal(["single:same"]);
            expect(hwCalls(again.calls)).to.deep.equal([]);
        });
    });

    describe("an up interrupted (SIGINT) while the job runs", () => {
        let stack: TestStack;
        before(async () => {
            stack = await createStack({
                program: FIXTURE,
                stackName: "interrupt",
                // The job runs for 12 s; the interrupted up gives up waiting after 4 s.
                emulator: { timeScale: 0.01, fixture: fixtureWithStuckJob(1_200_000) },
                config: {
                    "hw-reinstall:adminPass": { value: PASSWORD, secret: true },
                    "hw-reinstall:singleServerId": STUCK_SERVER,
                    "hw-reinstall:createTimeout": "4s",
                    "hw-reinstall:updateTimeout": "90s",
                },
            });
        });
        after(async () => {
            await stack?.dispose();
        });

        it("keeps the accepted job in state, and the next up resumes it without a second POST", async () => {
            const running = stack.up({ allowFailure: true });
            let accepted = false;
            for (let i = 0; i < 600 && !accepted; i++) {
                await new Promise((r) => setTimeout(r, 50));
                accepted = posts(await stack.emulatorCalls()).some((c) => c.status === 200);
            }
            expect(accepted, "the reinstall was accepted").to.equal(true);
            expect(interruptCli(stack)).to.equal(1);
            const r = await running;
            expect(r.exitCode).to.not.equal(0);
            expect(posts(r.calls)).to.have.length(1);
            // The engine lets the running create finish: it gives up at its own deadline and
            // reports the job as kept in state.
            expect(printed(r)).to.match(/reinstall job ff808082\w+ of server c85a4d25-5d3a-4c81-84c4-7d973e1fd22d did not finish in time/);
            const res = await stateOutputs(stack, "single");
            const jobId = res.outputs.pendingJobId as string;
            expect(jobId).to.match(/^ff808082/);

            const resumed = await stack.up();
            expect(resumed.exitCode, printed(resumed)).to.equal(0);
            expect(posts(resumed.calls)).to.deep.equal([]);
            expect(await stack.outputs()).to.include({ singleStatus: "SUCCESS", singleJobId: jobId });
            expectNoSecrets(printed(r) + printed(resumed));
        });
    });
});
