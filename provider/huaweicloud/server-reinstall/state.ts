import { createHash } from "crypto";
import { canonicalJson } from "../../core/inputs/canonical-json";
import { fingerprint, matchesFingerprint } from "../../core/resource/secrets";
import { SERVER_REINSTALL_INPUTS, serverReinstallDeclaration, ServerReinstallInputs, ServerReinstallState } from "./declaration";

/** What state records about the reinstall jobs of one ServerReinstall (outputs declared in ./declaration; each absent until known). */
export type JobRecord = Pick<ServerReinstallState, "jobId" | "status" | "beginTime" | "endTime" | "pendingJobId" | "triggersHash" | "failure"> &
    Partial<Pick<ServerReinstallState, "reinstallCount">>;

/** Fingerprints that stand in state for the secret inputs. */
export type SecretFingerprints = Pick<ServerReinstallState, "adminPassFingerprint" | "userDataFingerprint">;

/** The inputs state records: all but the secret ones (which only their fingerprints stand for). */
const RECORDED_INPUTS = SERVER_REINSTALL_INPUTS.filter((name) => !(serverReinstallDeclaration.inputOnly as readonly string[]).includes(name));

/** `sha256:<hex>` of the triggers (absent triggers hash like an empty list). */
export function triggersHash(triggers: unknown[] | undefined): string {
    return `sha256:${createHash("sha256")
        .update(canonicalJson(triggers ?? []))
        .digest("hex")}`;
}

/** Fingerprints of the secret inputs, reusing the old ones when the secret did not change (no churn in state). */
export function secretFingerprints(inputs: ServerReinstallInputs, olds: Record<string, unknown> = {}): SecretFingerprints {
    const keep = (secret: string | undefined, old: unknown): string | undefined => {
        if (secret === undefined) return undefined;
        return matchesFingerprint(secret, old) ? (old as string) : fingerprint(secret);
    };
    return {
        adminPassFingerprint: keep(inputs.adminPass, olds.adminPassFingerprint),
        userDataFingerprint: keep(inputs.userData, olds.userDataFingerprint),
    };
}

/** Whether a secret input differs from what a fingerprint in state was made from. */
export function secretChanged(secret: string | undefined, oldFingerprint: unknown): boolean {
    if (secret === undefined) return oldFingerprint !== undefined;
    return !matchesFingerprint(secret, oldFingerprint);
}

/** Reads the job record out of old outputs. */
export function jobRecordOf(olds: Record<string, unknown>): JobRecord {
    const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
    return {
        jobId: str(olds.jobId),
        status: str(olds.status),
        beginTime: str(olds.beginTime),
        endTime: str(olds.endTime),
        pendingJobId: str(olds.pendingJobId),
        triggersHash: str(olds.triggersHash) ?? (olds.jobId !== undefined ? triggersHash(Array.isArray(olds.triggers) ? olds.triggers : undefined) : undefined),
        reinstallCount: typeof olds.reinstallCount === "number" ? olds.reinstallCount : 0,
        failure: str(olds.failure),
    };
}

/**
 * The outputs stored in state: the non-secret inputs, fingerprints for the secret ones, and
 * the job record. Never the password or the user data.
 */
export function outputsOf(inputs: ServerReinstallInputs, fingerprints: SecretFingerprints, job: JobRecord): ServerReinstallState {
    const state: Record<string, unknown> = {};
    for (const name of RECORDED_INPUTS) state[name] = inputs[name];
    Object.assign(state, {
        adminPassFingerprint: fingerprints.adminPassFingerprint,
        userDataFingerprint: fingerprints.userDataFingerprint,
        jobId: job.jobId,
        status: job.status,
        beginTime: job.beginTime,
        endTime: job.endTime,
        pendingJobId: job.pendingJobId,
        triggersHash: job.triggersHash,
        reinstallCount: job.reinstallCount ?? 0,
        failure: job.failure,
    });
    // Absent members are left out (state records no undefined).
    return Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined)) as ServerReinstallState;
}
