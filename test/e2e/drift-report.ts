// What the e2e files of drift (drift, observe-only, observe-only-huaweicloud) share: running the
// package's `ecs-ops-drift` command against a stack, and reading a preview's plan for one resource.
import { expect } from "chai";
import * as childProcess from "child_process";
import * as path from "path";

import type { TestStack, VerbResult } from "./kit";

/** The built `ecs-ops-drift` command (`npm run build` writes it). */
const CLI = path.join(__dirname, "..", "..", "dist", "drift", "cli.js");

/** How the command ended: its exit status (0 no drift, 2 drift, 1 error) and what it printed. */
export interface DriftRun {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** Runs `ecs-ops-drift --stack <stack> --cwd <project> --format <format>` as a pipeline would, with the stack's environment. */
export function runDriftReport(stack: TestStack, format: "markdown" | "json"): Promise<DriftRun> {
    return new Promise((resolve, reject) => {
        const child = childProcess.execFile(
            process.execPath,
            [CLI, "--stack", stack.stackName, "--cwd", stack.projectDir, "--format", format],
            { env: stack.environment, encoding: "utf8", timeout: 240_000 },
            (err, stdout, stderr) => {
                if (err !== null && typeof err.code !== "number") return reject(err);
                resolve({ status: err === null ? 0 : (err.code as number), stdout, stderr });
            },
        );
        child.stdin?.end();
    });
}

/** A step of a `preview --json` document, as much as `planOf` reads. */
interface PreviewStep {
    urn?: string;
    newState?: { inputs?: Record<string, unknown> };
}

/** The planned operation the preview shows for the resource whose URN ends with `name`. */
export function planOf(preview: VerbResult, name: string): string {
    const steps = ((preview.json as { steps?: PreviewStep[] }).steps ?? []).filter(
        (s) => s.urn?.endsWith(`::${name}`) && s.newState?.inputs?.plannedOperation !== undefined,
    );
    expect(steps, `a step for ${name}`).to.have.length.greaterThan(0);
    return String(steps[0].newState?.inputs?.plannedOperation);
}
