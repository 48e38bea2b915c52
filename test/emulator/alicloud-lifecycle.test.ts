import { expect } from "chai";
import { Emulator, startEmulator } from "../../emulator";
import { emulatorControl } from "../support/emulator-control";
import { emulatorHooks } from "../support/emulator-hooks";
import { call, D, diskOf, fixtureWith, I, instanceOf, instanceState, reset, SG, sha, state, waitFor } from "./alicloud-client";

/** timeScale of this file: a reboot (5 s stop + 8 s start) takes 130 ms. Reads are live here (settleMs 0): settling has its own test. */
const SCALE = 0.01;

async function statusOf(url: string, id: string, regionId = "cn-hangzhou"): Promise<string> {
    const r = await call(url, "DescribeInstances", { RegionId: regionId, InstanceIds: JSON.stringify([id]) });
    const list = (r.body.Instances as { Instance: { Status: string }[] }).Instance;
    return list[0].Status;
}

/** Polls DescribeInstances until `final`; returns the time taken. */
async function watch(url: string, id: string, final: string, limitMs = 3000): Promise<{ ms: number }> {
    const t0 = Date.now();
    await waitFor(`${id} ${final}`, limitMs, async () => ((await statusOf(url, id)) === final ? true : undefined));
    return { ms: Date.now() - t0 };
}

/** The statuses an instance went through since the fixture was loaded (the emulator's record). */
async function history(url: string, id: string): Promise<string[]> {
    return (await instanceState(url, id)).statusHistory.map((h) => h.status);
}

async function diskStatus(url: string, id: string): Promise<string> {
    const d = (await state(url)).disks.find((x) => x.diskId === id);
    if (!d) throw new Error(`no disk ${id}`);
    return d.status;
}

describe("alicloud emulator: state machine and guest state", function () {
    let emu: Emulator;

    emulatorHooks(
        () => startEmulator({ timeScale: SCALE, settleMs: 0 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => reset(e.url) },
    );

    it("RebootInstance goes Running → Starting → Running in the scaled time (the reference: a restarted instance is Starting)", async () => {
        const t0 = Date.now();
        const r = await call(emu.url, "RebootInstance", { InstanceId: I.web });
        expect(r.status).to.equal(200);
        expect(await statusOf(emu.url, I.web)).to.equal("Starting");
        await watch(emu.url, I.web, "Running");
        expect(Date.now() - t0).to.be.at.least((5000 + 8000) * SCALE - 15);
        const inst = await instanceState(emu.url, I.web);
        expect(inst.statusHistory.map((h) => h.status)).to.deep.equal(["Starting", "Running"]);
        const at = inst.statusHistory.map((h) => Date.parse(h.at));
        expect(at[1] - at[0], "Starting lasts 5 s (stop) + 8 s (start) scaled").to.be.within(13000 * SCALE - 2, 13000 * SCALE + 400);
        expect(inst.guest.bootCount).to.equal(1);
    });

    it("a clock hold keeps a reboot Starting until it is released, then the reboot runs out its time", async () => {
        const hold = (on: boolean) => emulatorControl(emu.url, "POST", "clock", { hold: on }) as Promise<{ held: boolean; pendingTransitions: number }>;
        expect(await hold(true)).to.deep.equal({ held: true, pendingTransitions: 0 });
        expect((await call(emu.url, "RebootInstance", { InstanceId: I.web })).status).to.equal(200);
        // The same reboot on an emulator whose clock runs, started after the held one: once it has ended, the held
        // reboot would have ended too had it not been held (no fixed sleep to guess how long that takes).
        const running = await startEmulator({ timeScale: SCALE, settleMs: 0 });
        try {
            expect((await call(running.url, "RebootInstance", { InstanceId: I.web })).status).to.equal(200);
            await watch(running.url, I.web, "Running");
        } finally {
            await running.stop();
        }
        expect(await statusOf(emu.url, I.web)).to.equal("Starting");
        expect(await emulatorControl(emu.url, "GET", "clock")).to.deep.equal({ held: true, pendingTransitions: 1 });
        const released = Date.now();
        expect((await hold(false)).held).to.equal(false);
        await watch(emu.url, I.web, "Running");
        expect(Date.now() - released, "the held reboot still lasts its scaled time after the release").to.be.at.least(13000 * SCALE - 15);
        expect((await instanceState(emu.url, I.web)).guest.bootCount).to.equal(1);
        const bad = await fetch(`${emu.url}/_emulator/clock`, { method: "POST", body: JSON.stringify({ hold: "yes" }) });
        expect(bad.status).to.equal(400);
    });

    it("a forced reboot is faster", async () => {
        // Its own, slower emulator: 500 ms forced against 650 ms, a margin timers on a busy machine keep.
        const slow = await startEmulator({ timeScale: 0.05, settleMs: 0 });
        try {
            await call(slow.url, "RebootInstance", { InstanceId: I.web, ForceStop: "true" });
            await watch(slow.url, I.web, "Running", 10_000);
            const at = (await instanceState(slow.url, I.web)).statusHistory.map((h) => Date.parse(h.at));
            expect(at[1] - at[0], "a forced reboot lasts 2 s + 8 s scaled").to.be.within(10000 * 0.05 - 2, 13000 * 0.05 - 5);
        } finally {
            await slow.stop();
        }
    });

    it("StopInstance then StartInstance, with the economical stop mode", async () => {
        expect((await call(emu.url, "StopInstance", { InstanceId: I.web, StoppedMode: "StopCharging" })).status).to.equal(200);
        await watch(emu.url, I.web, "Stopped");
        expect(await history(emu.url, I.web)).to.deep.equal(["Stopping", "Stopped"]);
        const stopped = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify([I.web]) });
        expect((stopped.body.Instances as { Instance: { StoppedMode: string }[] }).Instance[0].StoppedMode).to.equal("StopCharging");
        const again = await call(emu.url, "StopInstance", { InstanceId: I.web });
        expect([again.status, again.body.Code]).to.deep.equal([403, "IncorrectInstanceStatus"]);
        const dry = await call(emu.url, "StartInstance", { InstanceId: I.web, DryRun: "true" });
        expect(dry.body.Code).to.equal("DryRunOperation");
        expect((await call(emu.url, "StartInstance", { InstanceId: I.web })).status).to.equal(200);
        await watch(emu.url, I.web, "Running");
        expect(await history(emu.url, I.web)).to.deep.equal(["Stopping", "Stopped", "Starting", "Running"]);
    });

    it("HostName, Password and UserData: the API shows them at once, the guest after an API restart", async () => {
        const userData = Buffer.from("#!/bin/sh\necho v2\n").toString("base64");
        const before = await instanceState(emu.url, I.web);
        const m = await call(emu.url, "ModifyInstanceAttribute", {
            InstanceId: I.web,
            HostName: "web-two",
            Password: "Emulator#Next2pass",
            UserData: userData,
        });
        expect(m.status).to.equal(200);

        const d = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify([I.web]) });
        expect((d.body.Instances as { Instance: { HostName: string }[] }).Instance[0].HostName).to.equal("web-two");
        const u = await call(emu.url, "DescribeUserData", { RegionId: "cn-hangzhou", InstanceId: I.web });
        expect(u.body.UserData).to.equal(userData);

        const pending = await instanceState(emu.url, I.web);
        expect(pending.restartPending).to.deep.equal(["HostName", "Password", "UserData"]);
        expect(pending.passwordFingerprint).to.equal(sha("Emulator#Next2pass"));
        expect(pending.guest.hostName).to.equal("web-1");
        expect(pending.guest.passwordFingerprint).to.equal(before.guest.passwordFingerprint);

        await call(emu.url, "RebootInstance", { InstanceId: I.web });
        await watch(emu.url, I.web, "Running");
        const applied = await instanceState(emu.url, I.web);
        expect(applied.restartPending).to.deep.equal([]);
        expect(applied.guest).to.include({
            hostName: "web-two",
            passwordFingerprint: sha("Emulator#Next2pass"),
            userDataFingerprint: sha(userData),
            bootCount: 1,
        });
    });

    it("a stop and a start also apply pending changes", async () => {
        await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.web, HostName: "web-three" });
        await call(emu.url, "StopInstance", { InstanceId: I.web, ForceStop: "true" });
        await watch(emu.url, I.web, "Stopped");
        expect((await instanceState(emu.url, I.web)).restartPending).to.deep.equal(["HostName"]);
        await call(emu.url, "StartInstance", { InstanceId: I.web });
        await watch(emu.url, I.web, "Running");
        expect((await instanceState(emu.url, I.web)).guest.hostName).to.equal("web-three");
    });

    it("ReInitDisk with AutoStartInstance: disk ReIniting → In_use, then Starting → Running with the new logon", async () => {
        const t0 = Date.now();
        const r = await call(emu.url, "ReInitDisk", {
            DiskId: D.batchSystem,
            KeyPairName: "deploy-key",
            AutoStartInstance: "true",
            SecurityEnhancementStrategy: "Active",
        });
        expect(r.status).to.equal(200);
        expect(await diskStatus(emu.url, D.batchSystem)).to.equal("ReIniting");
        expect(await statusOf(emu.url, I.batch)).to.equal("Stopped");
        const again = await call(emu.url, "ReInitDisk", { DiskId: D.batchSystem });
        expect([again.status, again.body.Code]).to.deep.equal([403, "IncorrectDiskStatus"]);
        const start = await call(emu.url, "StartInstance", { InstanceId: I.batch });
        expect([start.status, start.body.Code]).to.deep.equal([403, "DiskError"]);
        await watch(emu.url, I.batch, "Running");
        expect(await history(emu.url, I.batch)).to.deep.equal(["Starting", "Running"]);
        expect(Date.now() - t0).to.be.at.least((40000 + 8000) * SCALE - 20);
        const s = await state(emu.url);
        const disk = s.disks.find((x) => x.diskId === D.batchSystem);
        expect(disk).to.include({ status: "In_use", reInitCount: 1 });
        const inst = s.instances.find((x) => x.instanceId === I.batch);
        expect(inst?.guest).to.include({ keyPairName: "deploy-key", passwordFingerprint: null });
    });

    it("ReInitDisk without AutoStartInstance leaves the instance Stopped", async () => {
        expect((await call(emu.url, "ReInitDisk", { DiskId: D.batchData })).status).to.equal(200);
        await waitFor("data disk In_use", 2000, async () => ((await diskStatus(emu.url, D.batchData)) === "In_use" ? true : undefined));
        expect(await statusOf(emu.url, I.batch)).to.equal("Stopped");
    });

    it("a Pending instance of the fixture becomes Running (a boot)", async () => {
        await reset(
            emu.url,
            fixtureWith((a) => {
                instanceOf(a, I.web).status = "Pending";
            }),
        );
        await watch(emu.url, I.web, "Running");
        expect(await history(emu.url, I.web)).to.deep.equal(["Pending", "Running"]);
        expect((await instanceState(emu.url, I.web)).guest.bootCount).to.equal(1);
    });

    it("CPU options, queues and jumbo frames while Stopped", async () => {
        const r = await call(emu.url, "ModifyInstanceAttribute", {
            InstanceId: I.batch,
            "CpuOptions.Core": "2",
            "CpuOptions.ThreadsPerCore": "1",
            "CpuOptions.NestedVirtualization": "enabled",
            NetworkInterfaceQueueNumber: "3",
            EnableJumboFrame: "true",
        });
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
        const inst = await instanceState(emu.url, I.batch);
        expect(inst.cpuOptions).to.deep.include({ core: 2, threadsPerCore: 1, nestedVirtualization: "enabled" });
        expect(inst).to.include({ networkInterfaceQueueNumber: 3, enableJumboFrame: true });
    });

    it("SecurityGroupIds replaces the whole set in one call, across group types", async () => {
        expect((await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.batch, "SecurityGroupIds.1": SG.app })).status).to.equal(200);
        expect((await instanceState(emu.url, I.batch)).securityGroupIds).to.deep.equal([SG.app]);
        expect((await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.batch, "SecurityGroupIds.1": SG.enterprise })).status).to.equal(200);
        expect((await instanceState(emu.url, I.batch)).securityGroupIds).to.deep.equal([SG.enterprise]);
        const g = await call(emu.url, "DescribeSecurityGroups", { RegionId: "cn-hangzhou", SecurityGroupIds: JSON.stringify([SG.enterprise, SG.app]) });
        const groups = (g.body.SecurityGroups as { SecurityGroup: { SecurityGroupId: string; EcsCount: number }[] }).SecurityGroup;
        expect(groups.map((x) => [x.SecurityGroupId, x.EcsCount])).to.deep.equal([
            [SG.app, 2],
            [SG.enterprise, 1],
        ]);
    });

    it("deletion protection and credit mode change where allowed", async () => {
        expect((await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.web, DeletionProtection: "true" })).status).to.equal(200);
        expect((await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.batch, DeletionProtection: "false" })).status).to.equal(200);
        expect((await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.burst, CreditSpecification: "Unlimited" })).status).to.equal(200);
        const d = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify([I.web, I.burst]) });
        const list = (d.body.Instances as { Instance: { DeletionProtection: boolean; CreditSpecification?: string }[] }).Instance;
        expect(list[0].DeletionProtection).to.equal(true);
        expect(list[1].CreditSpecification).to.equal("Unlimited");
    });

    it("scripted faults: one-shot fires once, sticky every time", async () => {
        await reset(
            emu.url,
            fixtureWith((a) => {
                a.faults.push({ action: "RebootInstance", instanceId: I.web, code: "InternalError" });
                a.faults.push({
                    action: "ModifyInstanceAttribute",
                    instanceId: I.burst,
                    code: "InvalidUser.Unauthorized",
                    sticky: true,
                    message: "scripted: no permission",
                });
                a.faults.push({ action: "DescribeDisks", code: "InternalError", times: 2 });
            }),
        );
        for (let n = 0; n < 2; n++) expect((await call(emu.url, "DescribeDisks", { RegionId: "cn-hangzhou" })).body.Code).to.equal("InternalError");
        expect((await call(emu.url, "DescribeDisks", { RegionId: "cn-hangzhou" })).status).to.equal(200);
        expect((await call(emu.url, "RebootInstance", { InstanceId: I.web })).status).to.equal(500);
        expect((await call(emu.url, "RebootInstance", { InstanceId: I.web })).status).to.equal(200);
        for (let n = 0; n < 2; n++) {
            const r = await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.burst, InstanceName: "burst-x" });
            expect([r.status, r.body.Code, r.body.Message]).to.deep.equal([403, "InvalidUser.Unauthorized", "scripted: no permission"]);
        }
        expect((await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.web, InstanceName: "web-x" })).status).to.equal(200);
    });

    it("DescribeInstances pages by number and by token", async () => {
        const p1 = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", PageSize: "3" });
        expect(p1.body).to.include({ TotalCount: 10, PageNumber: 1, PageSize: 3 });
        const p3 = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", PageSize: "3", PageNumber: "4" });
        expect((p3.body.Instances as { Instance: unknown[] }).Instance).to.have.length(1);
        const ids: string[] = [];
        let token = "";
        for (let n = 0; n < 10; n++) {
            const r = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", MaxResults: "3", ...(token ? { NextToken: token } : {}) });
            ids.push(...(r.body.Instances as { Instance: { InstanceId: string }[] }).Instance.map((i) => i.InstanceId));
            token = r.body.NextToken as string;
            if (token === "") break;
        }
        expect(ids).to.have.length(10);
        expect(new Set(ids).size).to.equal(10);
        const filtered = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", Status: "Stopped", InstanceName: "*-1" });
        expect((filtered.body.Instances as { Instance: { InstanceId: string }[] }).Instance.map((i) => i.InstanceId)).to.deep.equal([
            I.batch,
            I.expired,
            I.fresh,
        ]);
    });

    it("DescribeDisks filters by instance, type and ids", async () => {
        const web = await call(emu.url, "DescribeDisks", { RegionId: "cn-hangzhou", InstanceId: I.web });
        const disks = (web.body.Disks as { Disk: { DiskId: string; Type: string; Status: string; InstanceId: string }[] }).Disk;
        expect(disks.map((x) => [x.DiskId, x.Type, x.Status])).to.deep.equal([
            [D.webSystem, "system", "In_use"],
            [D.webData, "data", "In_use"],
            [D.webAssets, "data", "In_use"],
        ]);
        const byIds = await call(emu.url, "DescribeDisks", { RegionId: "cn-hangzhou", DiskIds: JSON.stringify([D.spare]), DiskType: "data" });
        expect((byIds.body.Disks as { Disk: { Status: string; InstanceId: string }[] }).Disk).to.deep.equal([
            (byIds.body.Disks as { Disk: { Status: string; InstanceId: string }[] }).Disk[0],
        ]);
        expect((byIds.body.Disks as { Disk: { Status: string; InstanceId: string }[] }).Disk[0]).to.include({ Status: "Available", InstanceId: "" });
    });

    it("an invalid fixture is refused with the field named", async () => {
        const res = await fetch(`${emu.url}/_emulator/reset`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(
                fixtureWith((a) => {
                    diskOf(a, D.spare).size = -1;
                }),
            ),
        });
        expect(res.status).to.equal(400);
        expect(((await res.json()) as { error: string }).error).to.match(/alicloud fixture: disks\.\d+\.size/);
    });
});
