/** The exactly-once engine: `runOnce` and the parts an operation gives it. */
export { runOnce, intentSentAt, abortable } from "./run-once";
export type { CannotTell, DidNotRun, Evidence, EvidenceQuery, OnceOperation, Ran, RecordStore, Start } from "./types";
