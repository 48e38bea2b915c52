import { Clock, realClock } from "../transport/clock";
import { OperationRecord, parseTimeField, PENDING_CREATE_NOTICE, RECOVERY_POINTER, runUncertainAgain } from "./operation-record";
import { formatDuration, progress } from "../resource/progress";
import { abortable } from "./interrupt";
import type { CannotTell, DidNotRun, Evidence, EvidenceQuery, OnceOperation, Ran } from "./types";

/**
 * The exactly-once protocol of every operation that must not repeat (a reboot, a disk
 * re-initialisation, a reinstall, a stop or start), written once:
 *
 * 1. read the record on the resource; one of an earlier run for the same trigger change is
 *    resolved first: recorded as accepted → followed; an intent → the cloud is asked whether it
 *    ran (`evidence`, believed "did not run" only after the visibility grace, asked again while an
 *    answer may still come): ran → followed, did not run → run now, cannot tell → the user's
 *    `ECS_OPS_UNCERTAIN_OPERATION` choice (unset: `UncertainOperationError` naming what was missing);
 * 2. `preflight` (a refusal here changes nothing);
 * 3. the intent record (required: a failure stops the operation before anything is sent);
 * 4. `send`, once. Refused → the intent is cleared and the refusal thrown. Outcome unknown → the
 *    cloud is asked (`evidence`, live) until the grace ends: ran → recorded as accepted (when the
 *    operation gives `lostFields`) and followed; otherwise this run
 *    fails saying so, the intent stays, and the next run resolves it as in 1;
 * 5. the accepted record (a failure only warns);
 * 6. `follow` to the end.
 */
export async function runOnce<P, A, R, F = undefined>(op: OnceOperation<P, A, R, F>): Promise<R> {
    const clock = op.clock ?? realClock;
    const store = op.record;
    if (store !== undefined) {
        const earlier = await store.read();
        if (earlier !== undefined && earlier.fingerprint === op.fingerprint) {
            const resolved = await resolveEarlier(op, earlier, clock);
            if (resolved !== undefined) return resolved.value;
        }
    }
    const prepared = await op.preflight();
    const sentAt = clock.now();
    const intent: OperationRecord = { phase: "intent", fingerprint: op.fingerprint, fields: op.intentFields(prepared, sentAt) };
    if (store !== undefined) await store.write(intent, true);
    let answer: A;
    try {
        answer = await op.send(prepared);
    } catch (err) {
        if (!op.isOutcomeUnknown(err)) {
            // Refused: nothing happened, so the intent is void.
            if (store !== undefined) await store.clear();
            throw err;
        }
        const message = (err as Error).message;
        progress(op.subject, `${message}; watching ${op.watched ?? op.target} for the ${op.noun}`);
        // The grace runs from the moment the answer was lost: the send itself may have taken long.
        const evidence = await ask(op, { record: intent, sentAt, live: true }, clock, clock.now());
        if (evidence.outcome === "ran") {
            progress(op.subject, `${evidence.detail}: ${op.acceptedAs ?? `the ${op.noun}`} was accepted`);
            if (store !== undefined && op.lostFields !== undefined) {
                const fields = op.lostFields(prepared, sentAt).map((f) => f.replace(/[^A-Za-z0-9-]/g, ""));
                await store.write({ phase: "accepted", fingerprint: op.fingerprint, fields }, false);
            }
            return op.follow({ how: "answer-lost", sentAt, prepared, detail: evidence.detail, facts: evidence.facts });
        }
        const shown = evidence.outcome === "did-not-run" ? evidence.detail : evidence.reason;
        const note = op.afterFailureNote?.();
        throw new Error(
            `${message}. For ${formatDuration(clock.now() - sentAt)} after it was sent ${shown}, so it cannot be known yet whether ${op.acceptedAs ?? "it"} was accepted; it was not sent again. ` +
                (store !== undefined
                    ? `The intent is recorded on ${store.where}: the next \`pulumi up\` ${op.nextUp}`
                    : op.nextUpWithoutRecord !== undefined
                      ? `The next \`pulumi up\` ${op.nextUpWithoutRecord}`
                      : `Check ${op.target} before running \`pulumi up\` again`) +
                ` (${RECOVERY_POINTER})` +
                (note !== undefined ? `. ${note}` : ""),
        );
    }
    if (store !== undefined) {
        const fields = op.acceptedFields(prepared, answer, sentAt).map((f) => f.replace(/[^A-Za-z0-9-]/g, ""));
        await store.write({ phase: "accepted", fingerprint: op.fingerprint, fields }, false);
    }
    return op.follow({ how: "sent", sentAt, prepared, answer });
}

/** When an intent record says the operation was sent: its first field (a time field), else undefined. */
export function intentSentAt(record: OperationRecord): number | undefined {
    return record.phase === "intent" ? parseTimeField(record.fields[0]) : undefined;
}

function at(sentAt: number | undefined): string {
    return sentAt !== undefined ? new Date(sentAt).toISOString() : "an unrecorded time";
}

/**
 * An earlier run's record for the same trigger change. Returns `{ value }` when it is settled
 * (followed to its end, or assumed done), undefined when the operation is to run now.
 */
async function resolveEarlier<P, A, R, F>(op: OnceOperation<P, A, R, F>, earlier: OperationRecord, clock: Clock): Promise<{ value: R } | undefined> {
    if (op.creating === true) progress(op.subject, PENDING_CREATE_NOTICE);
    const sentAt = (op.sentAtOf ?? intentSentAt)(earlier);
    const when = at(sentAt);
    if (earlier.phase === "accepted") {
        progress(
            op.subject,
            `the ${op.noun} sent by an earlier run${sentAt !== undefined ? ` at ${when}` : ""} took effect: not ${op.doing} again (recorded as accepted on ${op.record?.where ?? op.target})`,
        );
        return { value: await op.follow({ how: "earlier", record: earlier, sentAt, detail: "recorded as accepted", assumed: false }) };
    }
    const evidence = await ask(op, { record: earlier, sentAt, live: false }, clock);
    if (evidence.outcome === "ran") {
        progress(op.subject, `the ${op.noun} sent by an earlier run at ${when} took effect: not ${op.doing} again (${evidence.detail})`);
        return { value: await op.follow({ how: "earlier", record: earlier, sentAt, detail: evidence.detail, facts: evidence.facts, assumed: false }) };
    }
    if (evidence.outcome === "did-not-run") {
        progress(
            op.subject,
            `an earlier run recorded a ${op.noun} for these triggers at ${when}, but ${evidence.detail}: it was not accepted; ${op.doing} now`,
        );
        return undefined;
    }
    const again = runUncertainAgain({
        subject: op.subject,
        what: `The ${op.noun} of ${op.target} for this trigger change (sent by an earlier run at ${when}, its answer never recorded)`,
        why: evidence.reason,
        noun: op.noun,
        doing: op.doing,
    });
    if (again) return undefined;
    return {
        value: await op.follow({ how: "earlier", record: earlier, sentAt, detail: "assumed done (ECS_OPS_UNCERTAIN_OPERATION=assume-done)", assumed: true }),
    };
}

/**
 * Asks the cloud whether the operation of `query.record` ran, again and again while the answer
 * may still change: a "did not run" is believed only once the visibility grace after the send has
 * passed, and a "cannot tell" with `until` is asked again until then. Never waits past the
 * deadline: there, a "did not run" still inside the grace becomes a "cannot tell".
 */
async function ask<P, A, R, F>(
    op: OnceOperation<P, A, R, F>,
    query: EvidenceQuery,
    clock: Clock,
    graceFrom = query.sentAt,
): Promise<Ran<F> | DidNotRun | CannotTell> {
    const graceEnd = (graceFrom ?? Number.NEGATIVE_INFINITY) + op.graceMs;
    const said = new Set<string>();
    for (;;) {
        const asked = clock.now();
        const evidence: Evidence<F> = await op.evidence(query);
        if (evidence.outcome === "ran") return evidence;
        const now = clock.now();
        let until: number | undefined;
        let waiting: string | undefined;
        let interval = op.pollMs ?? 1000;
        if (evidence.outcome === "did-not-run") {
            if (now >= graceEnd) return evidence;
            until = graceEnd;
            waiting = query.live
                ? undefined
                : `an earlier run recorded a ${op.noun} for these triggers at ${at(query.sentAt)}; waiting to see whether it took effect`;
        } else {
            until = evidence.until;
            waiting = evidence.waiting;
            interval = evidence.askAgainMs ?? interval;
        }
        const end = Math.min(until ?? now, op.deadline);
        if (now >= end) {
            // A "cannot tell" until a time that passed while the question was out (a slow look-up, a
            // loaded machine): its answer was judged before that time, so ask once more, deadline permitting.
            if (evidence.outcome === "cannot-tell" && until !== undefined && until > asked && now < op.deadline) continue;
            if (evidence.outcome === "did-not-run") {
                return {
                    outcome: "cannot-tell",
                    reason: `${evidence.detail}, but only ${formatDuration(now - (query.sentAt ?? now))} after it was sent, while the cloud may take ${formatDuration(op.graceMs)} to show it (the resource's timeout ran out first)`,
                };
            }
            return evidence;
        }
        if (waiting !== undefined && !said.has(waiting)) {
            said.add(waiting);
            progress(op.subject, waiting);
        }
        await abortable(clock, Math.min(interval, end - now), op.signal);
    }
}
