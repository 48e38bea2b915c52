// The measuring pieces the fleet benchmarks share (bench/fleet-support.ts): the benchmarks themselves
// are not run by the suite (minutes each), but what turns their call logs into figures is checked here.
import { expect } from "chai";

import { acceptedRate, Argv, throttled } from "../bench/fleet-support";
import type { CallRecord } from "../emulator";

function call(atMs: number, action: string, code: string | null = null): CallRecord {
    return { cloud: "alicloud", action, status: code === null ? 200 : 400, code, requestId: "r", at: new Date(atMs).toISOString() };
}

describe("bench/fleet-support: figures from an emulator call log", () => {
    it("accepted calls per second of one action from its first accepted call to its last (refused and other actions left out)", () => {
        const calls = [
            call(1_000, "ModifyInstanceAttribute"),
            call(1_100, "ModifyInstanceAttribute", "Throttling.User"),
            call(1_150, "DescribeInstances"),
            call(1_250, "ModifyInstanceAttribute"),
            call(1_500, "ModifyInstanceAttribute"),
            call(9_000, "DescribeInstances"),
        ];
        expect(acceptedRate(calls, "ModifyInstanceAttribute")).to.deep.equal({ perSecond: 4, count: 3, spanS: 0.5 });
        expect(acceptedRate(calls.slice(0, 2), "ModifyInstanceAttribute")).to.deep.equal({ perSecond: 0, count: 1, spanS: 0 });
        expect(calls.filter(throttled)).to.have.length(1);
        expect(throttled(call(0, "RebootInstance", "Throttling"))).to.equal(true);
        expect(throttled(call(0, "RebootInstance", "IncorrectInstanceStatus"))).to.equal(false);
    });

    it("takes options and flags out of a command line and leaves the positional arguments", () => {
        const args = new Argv(["--stacks", "2", "10", "--independent", "--dump", "/tmp/x", "100"]);
        expect(args.number("--stacks", 3)).to.equal(2);
        expect(args.number("--qps", 5)).to.equal(5);
        expect(args.flag("--independent")).to.equal(true);
        expect(args.flag("--no-refresh")).to.equal(false);
        expect(args.value("--dump")).to.equal("/tmp/x");
        expect(args.rest).to.deep.equal(["10", "100"]);
    });
});
