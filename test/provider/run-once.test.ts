import { expect } from "chai";
import { runOnce } from "../../provider/core/operation";
import type { Evidence, EvidenceQuery, OnceOperation, RecordStore, Start } from "../../provider/core/operation";
import { OperationRecord, timeField, UncertainOperationError } from "../../provider/core/operation/operation-record";
import { OutcomeUnknownError } from "../../provider/core/transport/outcome";
import { CloudApiError } from "../../provider/core/transport/errors";
import { ConsoleCapture } from "../support/console-capture";
import { FakeClock } from "../support/fake-clock";

// The exactly-once engine on its own: a scripted record store, scripted evidence and a fake clock,
// one test per branch of the protocol.

const FP = "abc123def456";
const GRACE = 20_000;

/** A record store in memory that logs what is done to it; `failWrite` makes a required write fail. */
class ScriptedStore implements RecordStore {
    readonly where = "instance i-1 (tag ecs-ops-reboot)";
    readonly log: string[] = [];
    failWrite = false;

    constructor(public value: OperationRecord | undefined = undefined) {}

    async read(): Promise<OperationRecord | undefined> {
        this.log.push("read");
        return this.value;
    }

    async write(record: OperationRecord, required: boolean): Promise<void> {
        if (this.failWrite && required) throw new Error("could not record the operation (TagResources refused). Nothing was changed.");
        this.log.push(`write ${record.phase} ${record.fields.join(",")}`);
        this.value = record;
    }

    async clear(): Promise<void> {
        this.log.push("clear");
        this.value = undefined;
    }
}

type Answer = { requestId: string };
type Facts = { requestId: string };
type Follow = Start<string, Answer, Facts>;

interface Script {
    clock: FakeClock;
    store: ScriptedStore | undefined;
    calls: string[];
    queries: EvidenceQuery[];
    followed: Follow[];
    op: OnceOperation<string, Answer, string, Facts>;
}

/**
 * One operation with scripted parts: `evidence` answers from the clock's time, `send` does what
 * `sendDoes` says; every call is logged in `calls`.
 */
function scripted(options: {
    store?: ScriptedStore | null;
    evidence?: (query: EvidenceQuery, now: number) => Evidence<Facts>;
    sendDoes?: "accept" | "refuse" | "lose";
    preflightFails?: boolean;
    deadlineIn?: number;
    creating?: boolean;
    signal?: AbortSignal;
}): Script {
    const clock = new FakeClock(Date.parse("2026-12-07T10:00:00Z"));
    const store = options.store === null ? undefined : (options.store ?? new ScriptedStore());
    const calls: string[] = [];
    const queries: EvidenceQuery[] = [];
    const followed: Follow[] = [];
    const op: OnceOperation<string, Answer, string, Facts> = {
        subject: "test.Reboot i-1",
        target: "instance i-1",
        noun: "reboot",
        doing: "rebooting",
        fingerprint: FP,
        record: store,
        creating: options.creating,
        deadline: clock.now() + (options.deadlineIn ?? 600_000),
        graceMs: GRACE,
        pollMs: 1000,
        clock,
        signal: options.signal,
        async preflight() {
            calls.push("preflight");
            if (options.preflightFails) throw new Error("IncorrectInstanceStatus: instance i-1 is Stopped");
            return "base-202612070900";
        },
        intentFields: (prepared, sentAt) => [timeField(sentAt), prepared.slice(5)],
        async send(prepared) {
            calls.push(`send ${prepared}`);
            const does = options.sendDoes ?? "accept";
            const cause = new CloudApiError(
                "alicloud",
                "InternalError",
                "The request processing has failed due to some unknown error.",
                500,
                "R-500",
                "",
                "unavailable",
            );
            if (does === "refuse")
                throw new CloudApiError(
                    "alicloud",
                    "IncorrectInstanceStatus",
                    "The current status of the resource does not support this operation.",
                    403,
                    "R-403",
                    "",
                    "fatal",
                );
            if (does === "lose") throw new OutcomeUnknownError("RebootInstance", "instance i-1", 1, "none", cause);
            return { requestId: "REQ_1/2" };
        },
        isOutcomeUnknown: (err) => err instanceof OutcomeUnknownError,
        acceptedFields: (prepared, answer, sentAt) => [timeField(sentAt), prepared.slice(5), answer.requestId],
        async evidence(query) {
            queries.push(query);
            calls.push("evidence");
            return (options.evidence ?? (() => ({ outcome: "did-not-run", detail: "the instance has not restarted since (StartTime unchanged)" })))(
                query,
                clock.now(),
            );
        },
        async follow(start) {
            calls.push(`follow ${start.how}`);
            followed.push(start);
            return "followed";
        },
        nextUp: "compares the instance's StartTime with it and reboots only if no reboot happened",
        afterFailureNote: () => "Instance i-1 is left as it was",
    };
    return { clock, store, calls, queries, followed, op };
}

/** Runs the engine, moving the fake clock until it settles; returns its value or error. */
async function drive<T>(clock: FakeClock, promise: Promise<T>): Promise<{ value?: T; error?: Error; elapsed: number }> {
    const started = clock.now();
    let settled = false;
    let value: T | undefined;
    let error: Error | undefined;
    promise.then(
        (v) => {
            settled = true;
            value = v;
        },
        (e: Error) => {
            settled = true;
            error = e;
        },
    );
    for (let i = 0; i < 10_000 && !settled; i++) await clock.advance(250);
    expect(settled, "the engine settled").to.equal(true);
    return { value, error, elapsed: clock.now() - started };
}

const intentAt = (ms: number, base = "202612070900"): OperationRecord => ({ phase: "intent", fingerprint: FP, fields: [timeField(ms), base] });

describe("runOnce: the exactly-once engine", () => {
    const out = new ConsoleCapture();
    let savedChoice: string | undefined;

    beforeEach(() => {
        savedChoice = process.env.ECS_OPS_UNCERTAIN_OPERATION;
        delete process.env.ECS_OPS_UNCERTAIN_OPERATION;
        out.start();
    });

    afterEach(() => {
        out.stop();
        if (savedChoice === undefined) delete process.env.ECS_OPS_UNCERTAIN_OPERATION;
        else process.env.ECS_OPS_UNCERTAIN_OPERATION = savedChoice;
    });

    describe("with no earlier record", () => {
        it("checks, records the intent, sends once, records the acceptance (fields cleaned) and follows", async () => {
            const s = scripted({});
            const sentAt = timeField(s.clock.now());
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.value).to.equal("followed");
            expect(s.calls).to.deep.equal(["preflight", "send base-202612070900", "follow sent"]);
            expect(s.store?.log).to.deep.equal(["read", `write intent ${sentAt},202612070900`, `write accepted ${sentAt},202612070900,REQ12`]);
            expect(s.followed[0]).to.include({ how: "sent", prepared: "base-202612070900" });
            expect((s.followed[0] as { answer: Answer }).answer.requestId).to.equal("REQ_1/2");
        });

        it("a record of other triggers is ignored and overwritten", async () => {
            const s = scripted({ store: new ScriptedStore({ phase: "accepted", fingerprint: "999999999999", fields: ["x"] }) });
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.value).to.equal("followed");
            expect(s.calls).to.deep.equal(["preflight", "send base-202612070900", "follow sent"]);
            expect(s.store?.value?.fingerprint).to.equal(FP);
        });

        it("a preflight refusal writes and sends nothing", async () => {
            const s = scripted({ preflightFails: true });
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.error?.message).to.match(/^IncorrectInstanceStatus/);
            expect(s.calls).to.deep.equal(["preflight"]);
            expect(s.store?.log).to.deep.equal(["read"]);
        });

        it("an intent that cannot be written stops the operation before the send", async () => {
            const store = new ScriptedStore();
            store.failWrite = true;
            const s = scripted({ store });
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.error?.message).to.match(/could not record the operation .*Nothing was changed/);
            expect(s.calls).to.deep.equal(["preflight"]);
        });

        it("a refused send clears the intent and throws the refusal as it is", async () => {
            const s = scripted({ sendDoes: "refuse" });
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.error).to.be.instanceOf(CloudApiError);
            expect((r.error as CloudApiError).code).to.equal("IncorrectInstanceStatus");
            expect(s.store?.log.slice(-1)).to.deep.equal(["clear"]);
            expect(s.store?.value).to.equal(undefined);
            expect(s.calls).to.not.include("follow sent");
        });

        it("a lost answer is settled by the cloud's evidence within the grace: followed, never sent again", async () => {
            let sentAt = 0;
            const s = scripted({
                sendDoes: "lose",
                evidence: (q, now) => {
                    sentAt = q.sentAt ?? 0;
                    return now - sentAt >= 3000
                        ? { outcome: "ran", detail: "the instance is Stopping", facts: { requestId: "R-seen" } }
                        : { outcome: "did-not-run", detail: "no sign yet" };
                },
            });
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.value).to.equal("followed");
            expect(s.calls.filter((c) => c.startsWith("send"))).to.have.length(1);
            expect(s.queries.every((q) => q.live && q.record.phase === "intent")).to.equal(true);
            expect(s.followed[0]).to.deep.include({ how: "answer-lost", detail: "the instance is Stopping", facts: { requestId: "R-seen" } });
            // Without lostFields the intent stays: the next run's evidence confirms it again.
            expect(s.store?.value?.phase).to.equal("intent");
            expect(out.text()).to.match(/outcome unknown after 1 attempt .*; watching instance i-1 for the reboot/);
            expect(out.text()).to.match(/the instance is Stopping: the reboot was accepted/);
        });

        it("a lost answer the cloud shows ran, with lostFields: recorded as accepted (no id to keep) before the follow", async () => {
            const s = scripted({ sendDoes: "lose", evidence: () => ({ outcome: "ran", detail: "the instance is Stopping" }) });
            const sentAt = timeField(s.clock.now());
            s.op.lostFields = (prepared, at) => [timeField(at), prepared.slice(5), ""];
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.value).to.equal("followed");
            expect(s.store?.log).to.deep.equal(["read", `write intent ${sentAt},202612070900`, `write accepted ${sentAt},202612070900,`]);
        });

        it("a lost answer with no evidence through the grace fails, keeping the intent for the next run", async () => {
            const s = scripted({ sendDoes: "lose" });
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.error?.message).to.match(/^RebootInstance instance i-1: outcome unknown after 1 attempt/);
            expect(r.error?.message).to.match(
                /For 20s after it was sent the instance has not restarted since \(StartTime unchanged\), so it cannot be known yet whether it was accepted; it was not sent again\. The intent is recorded on instance i-1 \(tag ecs-ops-reboot\): the next `pulumi up` compares the instance's StartTime/,
            );
            expect(r.error?.message).to.match(/Recovery after a hard stop.*\. Instance i-1 is left as it was$/);
            expect(r.elapsed).to.be.within(GRACE, GRACE + 2000);
            expect(s.store?.value?.phase).to.equal("intent");
            expect(s.calls.filter((c) => c.startsWith("send"))).to.have.length(1);
        });

        it("a send that took long before its answer was lost: the grace runs from the loss, not from the send", async () => {
            const s = scripted({ sendDoes: "lose" });
            const send = s.op.send;
            s.op.send = async (prepared) => {
                await s.clock.sleep(15_000);
                return send(prepared);
            };
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.elapsed).to.be.within(15_000 + GRACE, 15_000 + GRACE + 2000);
            expect(r.error?.message).to.match(/For 35s after it was sent/);
        });

        it("a cannot-tell that asks to be asked less often (askAgainMs) is asked at that pace", async () => {
            const s = scripted({});
            const until = s.clock.now() + 30_000;
            s.op.evidence = async () => {
                s.calls.push("evidence");
                return { outcome: "cannot-tell", reason: "not delivered yet", until, askAgainMs: 10_000 };
            };
            s.store!.value = intentAt(s.clock.now() - 3_600_000);
            await drive(s.clock, runOnce(s.op));
            expect(s.calls.filter((c) => c === "evidence")).to.have.length(4);
        });

        it("without a record store (records in state only) the lost answer says to check the resource", async () => {
            const s = scripted({ store: null, sendDoes: "lose" });
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.error?.message).to.match(/Check instance i-1 before running `pulumi up` again/);
        });

        it("a lost answer near the deadline stops asking at the deadline, saying the grace was not over", async () => {
            const s = scripted({ sendDoes: "lose", deadlineIn: 5000 });
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.elapsed).to.be.within(5000, 6000);
            expect(r.error?.message).to.match(
                /but only 5s after it was sent, while the cloud may take 20s to show it \(the resource's timeout ran out first\)/,
            );
        });
    });

    describe("with an earlier run's record for the same triggers", () => {
        it("recorded as accepted: followed, nothing checked or sent", async () => {
            const record: OperationRecord = { phase: "accepted", fingerprint: FP, fields: ["ff8080821234"] };
            const s = scripted({ store: new ScriptedStore(record) });
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.value).to.equal("followed");
            expect(s.calls).to.deep.equal(["follow earlier"]);
            expect(s.followed[0]).to.deep.include({ how: "earlier", record, assumed: false, sentAt: undefined });
            expect(out.text()).to.match(
                /the reboot sent by an earlier run took effect: not rebooting again \(recorded as accepted on instance i-1 \(tag ecs-ops-reboot\)\)/,
            );
        });

        it("an intent the cloud shows ran: followed with what the look-up found, not sent again", async () => {
            const s = scripted({ evidence: () => ({ outcome: "ran", detail: "StartTime moved", facts: { requestId: "R-9" } }) });
            const sentAt = s.clock.now() - 3_600_000;
            s.store!.value = intentAt(sentAt);
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.value).to.equal("followed");
            expect(s.calls).to.deep.equal(["evidence", "follow earlier"]);
            expect(s.queries[0]).to.deep.include({ live: false, sentAt });
            expect(s.followed[0]).to.deep.include({ how: "earlier", facts: { requestId: "R-9" }, assumed: false });
            expect(out.text()).to.match(/the reboot sent by an earlier run at 2026-12-07T09:00:00.000Z took effect: not rebooting again \(StartTime moved\)/);
        });

        it("an intent the cloud shows did not run (the grace long over): run once now", async () => {
            const s = scripted({});
            s.store!.value = intentAt(s.clock.now() - 3_600_000);
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.value).to.equal("followed");
            expect(s.calls).to.deep.equal(["evidence", "preflight", "send base-202612070900", "follow sent"]);
            expect(r.elapsed).to.be.below(1000);
            expect(out.text()).to.match(/but the instance has not restarted since \(StartTime unchanged\): it was not accepted; rebooting now/);
        });

        it("an intent still inside the grace: 'did not run' is not believed until the grace is over", async () => {
            let asked = 0;
            const s = scripted({
                evidence: (q, now) => {
                    asked++;
                    return now - (q.sentAt ?? 0) >= 12_000
                        ? { outcome: "ran", detail: "the instance is Starting" }
                        : { outcome: "did-not-run", detail: "StartTime unchanged" };
                },
            });
            s.store!.value = intentAt(s.clock.now() - 5000);
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.value).to.equal("followed");
            expect(s.calls.filter((c) => c.startsWith("send"))).to.deep.equal([]);
            expect(asked).to.be.within(5, 12);
            expect(r.elapsed).to.be.within(7000, 9000);
            expect(out.text().match(/waiting to see whether it took effect/g)).to.have.length(1);
        });

        it("an intent inside the grace that never shows: run once after the grace", async () => {
            const s = scripted({});
            s.store!.value = intentAt(s.clock.now() - 5000);
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.value).to.equal("followed");
            expect(r.elapsed).to.be.within(GRACE - 5000, GRACE - 5000 + 1500);
            expect(s.calls.filter((c) => c.startsWith("send"))).to.have.length(1);
        });

        it("cannot tell, no choice given: UncertainOperationError naming the missing record; nothing sent", async () => {
            const s = scripted({
                evidence: () => ({ outcome: "cannot-tell", reason: "ActionTrail LookupEvents was refused (the RAM identity needs actiontrail:LookupEvents)" }),
            });
            s.store!.value = intentAt(s.clock.now() - 3_600_000);
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.error).to.be.instanceOf(UncertainOperationError);
            expect(r.error?.message).to.match(
                /^The reboot of instance i-1 for this trigger change \(sent by an earlier run at 2026-12-07T09:00:00.000Z, its answer never recorded\) may or may not have run/,
            );
            expect(r.error?.message).to.match(
                /the cloud cannot tell: ActionTrail LookupEvents was refused \(the RAM identity needs actiontrail:LookupEvents\)\./,
            );
            expect(r.error?.message).to.match(/ECS_OPS_UNCERTAIN_OPERATION=run-again pulumi up/);
            expect(s.calls).to.deep.equal(["evidence"]);
            expect(s.store?.value?.phase).to.equal("intent");
        });

        it("cannot tell, ECS_OPS_UNCERTAIN_OPERATION=run-again: run once now", async () => {
            process.env.ECS_OPS_UNCERTAIN_OPERATION = "run-again";
            const s = scripted({ evidence: () => ({ outcome: "cannot-tell", reason: "no record" }) });
            s.store!.value = intentAt(s.clock.now() - 3_600_000);
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.value).to.equal("followed");
            expect(s.calls).to.deep.equal(["evidence", "preflight", "send base-202612070900", "follow sent"]);
            expect(out.text()).to.match(/ECS_OPS_UNCERTAIN_OPERATION=run-again: rebooting again/);
        });

        it("cannot tell, ECS_OPS_UNCERTAIN_OPERATION=assume-done: followed as assumed, nothing sent", async () => {
            process.env.ECS_OPS_UNCERTAIN_OPERATION = "assume-done";
            const s = scripted({ evidence: () => ({ outcome: "cannot-tell", reason: "no record" }) });
            s.store!.value = intentAt(s.clock.now() - 3_600_000);
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.value).to.equal("followed");
            expect(s.calls).to.deep.equal(["evidence", "follow earlier"]);
            expect(s.followed[0]).to.deep.include({ how: "earlier", assumed: true });
        });

        it("cannot tell yet (a delivery delay): asks again until the answer comes, saying once that it waits", async () => {
            let asked = 0;
            const s = scripted({
                evidence: (_q, now) =>
                    ++asked < 4
                        ? {
                              outcome: "cannot-tell",
                              reason: "the event may not be delivered yet",
                              until: now + 60_000,
                              waiting: "ActionTrail delivers events late: waiting for it",
                          }
                        : { outcome: "did-not-run", detail: "ActionTrail shows no ReInitDisk since the intent" },
            });
            s.store!.value = intentAt(s.clock.now() - 3_600_000);
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.value).to.equal("followed");
            expect(s.calls.filter((c) => c === "evidence")).to.have.length(4);
            expect(s.calls.slice(-3)).to.deep.equal(["preflight", "send base-202612070900", "follow sent"]);
            expect(out.text().match(/ActionTrail delivers events late: waiting for it/g)).to.have.length(1);
        });

        it("cannot tell until a fixed time that passes: the uncertain choice, after waiting exactly that long", async () => {
            const s = scripted({});
            const until = s.clock.now() + 30_000;
            s.op.evidence = async () => ({
                outcome: "cannot-tell",
                reason: "ActionTrail had not delivered the events of 09:00 by the deadline",
                until,
                waiting: "waiting for ActionTrail",
            });
            s.store!.value = intentAt(s.clock.now() - 3_600_000);
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.error).to.be.instanceOf(UncertainOperationError);
            expect(r.error?.message).to.match(/had not delivered the events of 09:00 by the deadline/);
            expect(r.elapsed).to.be.within(30_000, 31_000);
        });

        it("a 'cannot tell' whose time passes while the look-up is out: asked once more, not taken as the last word", async () => {
            // The evidence judges at the start of its look-up (as ActionTrail's does) and the look-up takes 2 s:
            // the answer asked at 9 s says "until 10 s" and arrives at 11 s.
            const s = scripted({});
            const until = s.clock.now() + 10_000;
            s.op.evidence = async () => {
                s.calls.push("evidence");
                const judged = s.clock.now();
                await s.clock.sleep(2000);
                return judged < until
                    ? { outcome: "cannot-tell", reason: "ActionTrail had not delivered the events yet", until }
                    : { outcome: "did-not-run", detail: "ActionTrail shows no ReInitDisk since the intent" };
            };
            s.store!.value = intentAt(s.clock.now() - 3_600_000);
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.error, r.error?.message).to.equal(undefined);
            expect(r.value).to.equal("followed");
            expect(s.calls.filter((c) => c.startsWith("send"))).to.have.length(1);
        });

        it("a delivery delay past the resource's deadline: asks until the deadline only", async () => {
            const s = scripted({ deadlineIn: 10_000 });
            s.op.evidence = async () => ({ outcome: "cannot-tell", reason: "not delivered yet", until: s.clock.now() + 600_000 });
            s.store!.value = intentAt(s.clock.now() - 3_600_000);
            const r = await drive(s.clock, runOnce(s.op));
            expect(r.error).to.be.instanceOf(UncertainOperationError);
            expect(r.elapsed).to.be.within(10_000, 11_000);
        });

        it("an interruption ends the wait at once with its reason", async () => {
            const controller = new AbortController();
            const s = scripted({ signal: controller.signal });
            s.op.evidence = async () => ({ outcome: "cannot-tell", reason: "not delivered yet", until: s.clock.now() + 600_000 });
            s.store!.value = intentAt(s.clock.now() - 3_600_000);
            const running = runOnce(s.op);
            await s.clock.advance(3000);
            controller.abort(new Error("interrupted by SIGINT"));
            const r = await drive(s.clock, running);
            expect(r.error?.message).to.equal("interrupted by SIGINT");
            expect(s.calls.filter((c) => c.startsWith("send"))).to.deep.equal([]);
        });

        it("a create that finds an earlier run's record says the engine kept a pending CREATE", async () => {
            const s = scripted({ creating: true, evidence: () => ({ outcome: "ran", detail: "StartTime moved" }) });
            s.store!.value = intentAt(s.clock.now() - 3_600_000);
            await drive(s.clock, runOnce(s.op));
            expect(out.text()).to.match(/--clear-pending-creates/);
        });

        it("a create with no earlier record says nothing of pending creates", async () => {
            const s = scripted({ creating: true });
            await drive(s.clock, runOnce(s.op));
            expect(out.text()).to.not.match(/pending CREATE/);
        });
    });
});
