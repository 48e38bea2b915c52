import { expect } from "chai";
import { CloudApiError } from "../../provider/core/transport/errors";
import { actionEvidence, InstanceAction, novaTimeMs, unreadable } from "../../provider/huaweicloud/api/instance-actions";

// The Huawei action list as evidence of an operation (pure: no server).

const T = Date.parse("2026-12-07T10:00:00Z");
const action = (a: string, at: number, id = "req-1"): InstanceAction => ({ action: a, requestId: id, startedAt: at, message: null });

describe("huaweicloud instance actions as evidence", () => {
    it("reads Nova's zoneless times as UTC, and zoned ones as given", () => {
        expect(novaTimeMs("2026-12-07T10:00:00.000000")).to.equal(T);
        expect(novaTimeMs("2026-12-07T12:00:00+02:00")).to.equal(T);
        expect(novaTimeMs("")).to.equal(undefined);
        expect(novaTimeMs(null)).to.equal(undefined);
    });

    it("ran: the newest action of the kind since the intent (a few seconds of clock skew allowed)", () => {
        const list = [action("rebuild", T + 4000, "req-new"), action("reboot", T - 3000, "req-r"), action("create", T - 86_400_000)];
        const rebuilt = actionEvidence(list, "rebuild", T);
        expect(rebuilt.outcome).to.equal("ran");
        expect(rebuilt.outcome === "ran" && rebuilt.facts?.requestId).to.equal("req-new");
        expect(actionEvidence(list, "reboot", T).outcome).to.equal("ran");
    });

    it("did not run: the list reaches back before the intent and holds none since", () => {
        const list = [action("reboot", T - 60_000), action("create", T - 86_400_000)];
        const e = actionEvidence(list, "reboot", T);
        expect(e.outcome).to.equal("did-not-run");
        expect(e.outcome === "did-not-run" && e.detail).to.match(/shows no reboot since 2026-12-07T10:00:00.000Z/);
    });

    it("cannot tell: the list no longer reaches back to the intent", () => {
        const e = actionEvidence([action("stop", T + 60_000)], "reboot", T);
        expect(e.outcome).to.equal("cannot-tell");
        expect(e.outcome === "cannot-tell" && e.reason).to.match(/no longer reaches back to 2026-12-07T10:00:00.000Z/);
    });

    it("a refused look-up names the call the IAM identity needs; another failure says what it was", () => {
        const denied = unreadable(new CloudApiError("huaweicloud", "Ecs.0103", "Forbidden", 403, "r", "", "fatal"));
        expect(denied.reason).to.match(
            /needs permission for NovaListServerActions \(GET \/v2.1\/\{project_id\}\/servers\/\{server_id\}\/os-instance-actions\)/,
        );
        const broken = unreadable(new CloudApiError("huaweicloud", "Transport", "reset", undefined, undefined, "", "transport"));
        expect(broken.reason).to.match(/could not be read: /);
        expect(broken.reason).to.not.match(/needs permission/);
    });
});
