/** The exactly-once engine: `runOnce` and the parts an operation gives it. */
export { runOnce, intentSentAt } from "./run-once";
export { abortable, abortableSleep, interruptible, InterruptedError, interruptions } from "./interrupt";
export type { CannotTell, DidNotRun, Evidence, EvidenceQuery, OnceOperation, Ran, RecordStore, Start } from "./types";
