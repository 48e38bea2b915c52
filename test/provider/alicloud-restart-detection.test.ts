// Whether a restart happened after a restart-requiring change, from DescribeInstances' StartTime,
// which the real API reports to the minute ("2017-12-10T04:04Z").
import { expect } from "chai";
import { Emulator, startEmulator } from "../../emulator";
import { pendingAfter, restartedAfter } from "../../provider/alicloud/instance-attributes/state";
import { call, I } from "../emulator/alicloud-client";

describe("alicloud restart detection (StartTime to the minute)", () => {
    const changeAt = new Date("2026-11-23T10:04:30.250Z");

    it("records the StartTime seen when a restart-requiring change is made, and carries it while pending", () => {
        const first = pendingAfter(undefined, ["hostName"], false, changeAt, "2026-11-01T08:00Z");
        expect(first).to.deep.equal({
            restartRequired: ["hostName"],
            pendingRestart: true,
            restartPendingSince: "2026-11-23T10:04:30.250Z",
            restartPendingStartTime: "2026-11-01T08:00Z",
        });
        const carried = pendingAfter(first, [], false, new Date("2026-11-23T11:00:00Z"), "2026-11-01T08:00Z");
        expect(carried.restartPendingSince).to.equal(first.restartPendingSince);
        expect(carried.restartPendingStartTime).to.equal("2026-11-01T08:00Z");
        expect(pendingAfter(first, [], true, new Date(), "2026-11-23T10:05Z")).to.deep.equal({ restartRequired: [], pendingRestart: false });
    });

    it("sees a restart in the same minute as the change by the moved StartTime", () => {
        const pending = { restartPendingSince: changeAt.toISOString(), restartPendingStartTime: "2026-11-01T08:00Z" };
        expect(restartedAfter("2026-11-23T10:04Z", pending)).to.equal(true);
    });

    it("sees no restart while StartTime has not moved, even when it is in the change's minute", () => {
        const startedJustBefore = { restartPendingSince: changeAt.toISOString(), restartPendingStartTime: "2026-11-23T10:04Z" };
        expect(restartedAfter("2026-11-23T10:04Z", startedJustBefore)).to.equal(false);
        expect(restartedAfter(undefined, startedJustBefore)).to.equal(false);
    });

    it("falls back to the time for state written before the StartTime was recorded", () => {
        const old = { restartPendingSince: changeAt.toISOString() };
        expect(restartedAfter("2026-11-23T10:05Z", old)).to.equal(true);
        expect(restartedAfter("2026-11-23T10:04Z", old)).to.equal(false); // same minute: unknown, so not claimed
    });

    describe("the emulator", () => {
        let emu: Emulator;
        before(async () => {
            emu = await startEmulator({ timeScale: 0.01 });
        });
        after(async () => {
            await emu.stop();
        });

        it("reports instance times to the minute, as the real API", async () => {
            const r = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify([I.web]) });
            const inst = (r.body.Instances as { Instance: Record<string, string>[] }).Instance[0];
            for (const field of ["StartTime", "CreationTime", "ExpiredTime"]) {
                expect(inst[field], field).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
            }
        });
    });
});
