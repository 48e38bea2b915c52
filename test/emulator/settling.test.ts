import { expect } from "chai";
import { Emulator, startEmulator } from "../../emulator";
import { emulatorHooks } from "../support/emulator-hooks";
import { call, D, I, instanceState, reset } from "./alicloud-client";
import { control, hwCall, P1, SERVERS } from "./huaweicloud-client";

// Settling: for one settling delay after an action, Describe calls report the state from before it.
// settleMs 3000 at time scale 0.1 = 300 ms of lag. Only lower bounds on times (the lag can only add).
const SCALE = 0.1;
const SETTLE_MS = 3000;
const LAG = SETTLE_MS * SCALE;

/** Polls `read` until `until` holds for a read value, returning every distinct value seen with when (ms after t0). */
async function observe<T>(read: () => Promise<T>, until: (v: T) => boolean, t0: number, limitMs = 20_000): Promise<Array<{ v: T; at: number }>> {
    const seen: Array<{ v: T; at: number }> = [];
    for (;;) {
        const v = await read();
        if (seen.length === 0 || seen[seen.length - 1].v !== v) seen.push({ v, at: Date.now() - t0 });
        if (until(v) && seen.length > 1) return seen;
        if (Date.now() - t0 > limitMs) throw new Error(`gave up after ${limitMs} ms; seen ${JSON.stringify(seen)}`);
        await new Promise((r) => setTimeout(r, 10));
    }
}

async function aliInstance(url: string, id: string): Promise<Record<string, unknown>> {
    const r = await call(url, "DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify([id]) });
    return (r.body.Instances as { Instance: Record<string, unknown>[] }).Instance[0];
}

async function diskStatus(url: string, id: string): Promise<string> {
    const r = await call(url, "DescribeDisks", { RegionId: "cn-hangzhou", DiskIds: JSON.stringify([id]) });
    return (r.body.Disks as { Disk: { Status: string }[] }).Disk[0].Status;
}

describe("emulator settling: Describe reports the previous state for one settling delay", function () {
    let emu: Emulator;
    emulatorHooks(
        () => startEmulator({ timeScale: SCALE, settleMs: SETTLE_MS }),
        (e) => (emu = e),
        { beforeEachTest: (e) => reset(e.url) },
    );

    it("RebootInstance: Running (previous) for the delay, then Starting, then Running with a new StartTime", async () => {
        const before = await aliInstance(emu.url, I.web);
        const t0 = Date.now();
        expect((await call(emu.url, "RebootInstance", { InstanceId: I.web })).status).to.equal(200);
        expect((await instanceState(emu.url, I.web)).status, "the instance itself is Starting at once").to.equal("Starting");
        const seen = await observe(
            async () => (await aliInstance(emu.url, I.web)).Status as string,
            (s) => s === "Running",
            t0,
        );
        expect(seen.map((s) => s.v)).to.deep.equal(["Running", "Starting", "Running"]);
        expect(seen[1].at, "Starting shows only after the settling delay").to.be.at.least(LAG - 5);
        expect(seen[2].at, "Running again only after the reboot (13 s scaled) and the delay").to.be.at.least(13000 * SCALE + LAG - 5);
        const after = await aliInstance(emu.url, I.web);
        expect(after.StartTime).to.not.equal(before.StartTime);
    });

    it("StopInstance then StartInstance: each status change is visible one delay late", async () => {
        let t0 = Date.now();
        await call(emu.url, "StopInstance", { InstanceId: I.web });
        let seen = await observe(
            async () => (await aliInstance(emu.url, I.web)).Status as string,
            (s) => s === "Stopped",
            t0,
        );
        expect(seen.map((s) => s.v)).to.deep.equal(["Running", "Stopping", "Stopped"]);
        expect(seen[1].at).to.be.at.least(LAG - 5);
        t0 = Date.now();
        await call(emu.url, "StartInstance", { InstanceId: I.web });
        seen = await observe(
            async () => (await aliInstance(emu.url, I.web)).Status as string,
            (s) => s === "Running",
            t0,
        );
        expect(seen.map((s) => s.v)).to.deep.equal(["Stopped", "Starting", "Running"]);
        expect(seen[1].at).to.be.at.least(LAG - 5);
    });

    it("ReInitDisk: DescribeDisks shows In_use for the delay, then ReIniting, then In_use", async () => {
        const t0 = Date.now();
        const r = await call(emu.url, "ReInitDisk", { DiskId: D.batchData });
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
        const seen = await observe(
            () => diskStatus(emu.url, D.batchData),
            (s) => s === "In_use",
            t0,
        );
        expect(seen.map((s) => s.v)).to.deep.equal(["In_use", "ReIniting", "In_use"]);
        expect(seen[1].at).to.be.at.least(LAG - 5);
    });

    it("ModifyInstanceAttribute: the old name is described for the delay (DescribeInstances and DescribeInstanceAttribute)", async () => {
        const t0 = Date.now();
        await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.web, InstanceName: "web-settled" });
        const attr = await call(emu.url, "DescribeInstanceAttribute", { InstanceId: I.web });
        expect(attr.body.InstanceName).to.equal("web-1");
        const seen = await observe(
            async () => (await aliInstance(emu.url, I.web)).InstanceName as string,
            (n) => n === "web-settled",
            t0,
        );
        expect(seen.map((s) => s.v)).to.deep.equal(["web-1", "web-settled"]);
        expect(seen[1].at).to.be.at.least(LAG - 5);
    });

    it("a second action is judged on the real state, not the described one (a reboot right after a stop is refused)", async () => {
        await call(emu.url, "StopInstance", { InstanceId: I.web });
        expect((await aliInstance(emu.url, I.web)).Status).to.equal("Running");
        const again = await call(emu.url, "RebootInstance", { InstanceId: I.web });
        expect(again.body.Code).to.equal("IncorrectInstanceStatus");
    });

    it("Huawei: after the job's SUCCESS, ShowServer still reports REBUILD for the delay", async () => {
        // Its own emulator, faster (the rebuild lasts 63 modelled s) with the same 300 ms of lag.
        const hw = await startEmulator({ timeScale: 0.03, settleMs: LAG / 0.03 });
        try {
            await huaweiSettling(hw.url);
        } finally {
            await hw.stop();
        }
    });

    async function huaweiSettling(url: string): Promise<void> {
        await control(url, "reset", "POST");
        const posted = await hwCall(url, {
            path: `/v1/${P1}/cloudservers/${SERVERS.app}/reinstallos`,
            body: { "os-reinstall": { adminpass: "Reinstall#2026x" } },
        });
        expect(posted.status, JSON.stringify(posted.json)).to.equal(200);
        const jobId = posted.json.job_id as string;
        const t0 = Date.now();
        const seen = await observe(
            async () => (await hwCall(url, { path: `/v1/${P1}/cloudservers/${SERVERS.app}` })).json.server.status as string,
            (s) => s === "ACTIVE",
            t0,
        );
        expect(seen.map((s) => s.v)).to.deep.equal(["SHUTOFF", "REBUILD", "ACTIVE"]);
        const job = (await hwCall(url, { path: `/v1/${P1}/jobs/${jobId}` })).json;
        expect(job.status).to.equal("SUCCESS");
        // The job ended (live) at end_time; the server showed ACTIVE only one delay later.
        expect(t0 + seen[2].at - Date.parse(job.end_time as string), "ACTIVE shows one delay after SUCCESS").to.be.at.least(LAG - 5);
    }

    it("settleMs 0: reads are live", async () => {
        const live = await startEmulator({ timeScale: SCALE, settleMs: 0 });
        try {
            await call(live.url, "RebootInstance", { InstanceId: I.web });
            expect((await aliInstance(live.url, I.web)).Status).to.equal("Starting");
            const state = (await (await fetch(`${live.url}/_emulator/state`)).json()) as { settleMs: number };
            expect(state.settleMs).to.equal(0);
        } finally {
            await live.stop();
        }
    });
});
