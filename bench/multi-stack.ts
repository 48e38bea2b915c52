// Several stacks on one account's quota, as large estates run them (a CI matrix job per stack, Pulumi
// Deployments, the Pulumi Kubernetes Operator): ONE emulator whose every fleet action is throttled at
// Q calls/s for the whole emulator (one account's quota per API), S stacks of N instances each, every
// stack its own Pulumi project copy, backend and state (test/e2e/fixtures/fleet with its own `first`
// instance), and every run one `pulumi up` process per stack started at the same moment.
//
//   node scripts/ensure-pulumi.js && npm run build && \
//     npx ts-node --transpile-only bench/multi-stack.ts [--stacks S] [--instances N] [--qps Q] [--runs K]
//        [--parallel P] [--no-refresh] [--no-retry-after] [--independent] [--dump DIR]
//
// The stacks share their limiters' state through a directory (ECS_OPS_SHARED_PACING_DIR, as stacks
// deployed side by side on one machine can); `--independent`: each stack its own limiters (as on
// separate machines: a CI matrix, Pulumi Deployments, the Kubernetes operator's pods).
// Defaults: S = 3, N = 100, Q = 5, K = 1, P = 8. Each stack adopts its N instances (unthrottled, all at
// once), then makes the same update without throttling (the rate the engines themselves reach with S
// of them on this machine), then, K times with every fleet action throttled at Q/s, the update measured:
// a new description on all its instances with `pulumi up --refresh` (without: `--no-refresh`), so each
// stack sends N ModifyInstanceAttribute calls (no pre-read: docs/fleet-scale.md) and about ⌈N / P⌉ + 1
// batched DescribeInstances for the refresh, all S stacks against the same quota of each action.
//
// Per run it measures: failed resources (instances without the new description, over all stacks);
// aggregate throughput of ModifyInstanceAttribute (accepted calls of all stacks from the first to the
// last, the "busy period") as a share of Q; the share of throttling answers among all calls; and each
// stack's wall time. It checks the goals (0 failed, ≥ 0.9·Q, ≤ 10 % throttled) and prints a markdown
// table row per run, ready to paste into docs/fleet-scale.md, with the load average at that run's end.
// `--dump DIR`: per run, every call (with its stack), each stack's engine events and CLI output.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { startEmulator, type CallRecord, type Emulator } from "../emulator";
import { createStack, type TestStack, type VerbResult } from "../test/e2e/kit";
import { fleetFixture, fleetInstanceIds } from "../test/support/fleet-world";
import { acceptedRate, Argv, dumpCalls, FLEET_PROGRAM, fleetDescriptions, seconds, throttled, throttleFleet, type EmulatorRequest } from "./fleet-support";

interface Options {
    stacks: number;
    instances: number;
    qps: number;
    runs: number;
    parallel: number;
    refresh: boolean;
    retryAfter: boolean;
    /** Whether the stacks share their limiters' state (ECS_OPS_SHARED_PACING_DIR), as stacks on one machine can. */
    sharedPacing: boolean;
    dumpDir?: string;
}

/** One run of S concurrent updates. */
interface Run {
    /** Instances (all stacks) without the new description afterwards. */
    failed: number;
    /** Stacks whose `pulumi up` exited non-zero. */
    failedStacks: number;
    /** Accepted ModifyInstanceAttribute of all stacks per second over the busy period. */
    modifyPerSecond: number;
    busyS: number;
    /**
     * Accepted ModifyInstanceAttribute per second while every stack was sending them (from the last
     * stack's first to the first stack's last): the limiters' share of the quota when all compete,
     * without the stretches where fewer stacks run (their engines may be slower than Q alone).
     */
    overlap: { perSecond: number; spanS: number };
    throttles: number;
    calls: number;
    /** Each stack's wall time (ms), and its own accepted ModifyInstanceAttribute per second. */
    stacks: Array<{ ms: number; modifyPerSecond: number; exitCode: number }>;
    load: number;
}

const MODIFY = "ModifyInstanceAttribute";

/** Which stack a call belongs to, from its instance id (stack s has ids s·N … s·N + N − 1); undefined for batched reads. */
function stackOf(c: CallRecord, n: number): number | undefined {
    const id = c.params?.InstanceId;
    if (typeof id !== "string") return undefined;
    const m = /^i-bp1fleet(\d{8})$/.exec(id);
    return m === null ? undefined : Math.floor(Number(m[1]) / n);
}

/** Runs `pulumi up` on every stack at once (one process each), with `description` set first; the shared call log is cleared once before. */
async function upAll(stacks: TestStack[], request: EmulatorRequest, o: Options, description: string): Promise<{ results: VerbResult[]; calls: CallRecord[] }> {
    await Promise.all(stacks.map((s) => s.setConfig("fleet:description", description)));
    await request("DELETE", "/_emulator/calls");
    const args = ["--parallel", String(o.parallel), ...(o.refresh ? ["--refresh"] : [])];
    const results = await Promise.all(stacks.map((s) => s.up({ args, allowFailure: true, keepCalls: true, timeoutMs: 1_800_000 })));
    const calls = ((await request("GET", "/_emulator/calls")) as { calls?: CallRecord[] }).calls ?? [];
    if (o.dumpDir !== undefined) {
        const base = path.join(o.dumpDir, description.replace(/\W+/g, "-"));
        dumpCalls(base, calls, (c) => ({ stack: stackOf(c, o.instances) }));
        results.forEach((r, s) => {
            fs.writeFileSync(`${base}.stack${s}.events.json`, JSON.stringify(r.events));
            fs.writeFileSync(`${base}.stack${s}.out.txt`, `${r.stdout}\n---stderr---\n${r.stderr}`);
        });
    }
    return { results, calls };
}

async function measure(stacks: TestStack[], request: EmulatorRequest, o: Options, description: string): Promise<Run> {
    const { results, calls } = await upAll(stacks, request, o, description);
    const now = await fleetDescriptions(request);
    const all = fleetInstanceIds(o.stacks * o.instances);
    const aggregate = acceptedRate(calls, MODIFY);
    const modifies = calls.filter((c) => c.action === MODIFY && c.code === null);
    const spans = Array.from({ length: o.stacks }, (_, s) => modifies.filter((c) => stackOf(c, o.instances) === s).map((c) => Date.parse(c.at)));
    const from = Math.max(...spans.map((t) => (t.length > 0 ? Math.min(...t) : Infinity)));
    const to = Math.min(...spans.map((t) => (t.length > 0 ? Math.max(...t) : -Infinity)));
    const inOverlap = modifies.filter((c) => Date.parse(c.at) >= from && Date.parse(c.at) <= to).length;
    const overlapS = to > from ? (to - from) / 1000 : 0;
    return {
        failed: all.filter((id) => now.get(id) !== description).length,
        failedStacks: results.filter((r) => r.exitCode !== 0).length,
        modifyPerSecond: aggregate.perSecond,
        busyS: aggregate.spanS,
        overlap: { perSecond: overlapS > 0 ? (inOverlap - 1) / overlapS : 0, spanS: overlapS },
        throttles: calls.filter(throttled).length,
        calls: calls.length,
        stacks: results.map((r, s) => ({
            ms: r.durationMs,
            exitCode: r.exitCode,
            modifyPerSecond: acceptedRate(
                calls.filter((c) => stackOf(c, o.instances) === s),
                MODIFY,
            ).perSecond,
        })),
        load: os.loadavg()[0],
    };
}

function describeRun(r: Run, o: Options): string {
    return (
        `${r.failed} failed, ${r.modifyPerSecond.toFixed(2)} Modify/s over ${r.busyS.toFixed(1)} s (${((100 * r.modifyPerSecond) / o.qps).toFixed(0)} % of ${o.qps}/s; ` +
        `${r.overlap.perSecond.toFixed(2)}/s over the ${r.overlap.spanS.toFixed(1)} s all stacks sent), ` +
        `${r.throttles}/${r.calls} throttled, stacks ${r.stacks.map((s) => `${seconds(s.ms)} at ${s.modifyPerSecond.toFixed(2)}/s${s.exitCode !== 0 ? ` exit ${s.exitCode}` : ""}`).join(", ")}, load ${r.load.toFixed(1)}`
    );
}

async function main(): Promise<void> {
    const args = new Argv(process.argv.slice(2));
    const o: Options = {
        stacks: args.number("--stacks", 3),
        instances: args.number("--instances", 100),
        qps: args.number("--qps", 5),
        runs: args.number("--runs", 1),
        parallel: args.number("--parallel", 8),
        refresh: !args.flag("--no-refresh"),
        retryAfter: !args.flag("--no-retry-after"),
        sharedPacing: !args.flag("--independent"),
        dumpDir: args.value("--dump"),
    };
    if (args.rest.length > 0) throw new Error(`unknown arguments: ${args.rest.join(" ")}`);
    if (o.dumpDir !== undefined) fs.mkdirSync(o.dumpDir, { recursive: true });
    const log = (s: string): void => console.error(`[bench/multi-stack] ${s}`);

    const emulator: Emulator = await startEmulator({ timeScale: 0.01, fixture: fleetFixture(o.stacks * o.instances) });
    const request: EmulatorRequest = async (method, urlPath, body) => {
        const res = await fetch(emulator.url + urlPath, {
            method,
            headers: body === undefined ? undefined : { "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`emulator ${method} ${urlPath}: HTTP ${res.status} ${text}`);
        return text ? JSON.parse(text) : undefined;
    };
    const pacingDir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-bench-pacing-"));
    const stacks: TestStack[] = [];
    const runs: Run[] = [];
    let reference: Run | undefined;
    try {
        for (let s = 0; s < o.stacks; s++) {
            stacks.push(
                await createStack({
                    program: FLEET_PROGRAM,
                    stackName: `fleet-${s}`,
                    emulator: { url: emulator.url },
                    config: { "fleet:count": String(o.instances), "fleet:first": String(s * o.instances) },
                    ...(o.sharedPacing ? { env: { ECS_OPS_SHARED_PACING_DIR: pacingDir } } : {}),
                }),
            );
        }
        const adoption = await upAll(stacks, request, o, "fleet instance");
        const adoptionFailures = adoption.results.filter((r) => r.exitCode !== 0);
        if (adoptionFailures.length > 0) throw new Error(`adoption failed:\n${adoptionFailures[0].stderr.slice(-2000)}`);
        log(`adopted ${o.stacks} × ${o.instances}: ${adoption.results.map((r) => seconds(r.durationMs)).join(", ")}`);
        reference = await measure(stacks, request, o, "bench multi-stack unthrottled reference");
        log(`unthrottled reference: ${describeRun(reference, o)}`);
        await throttleFleet(request, o.qps, o.retryAfter);
        for (let i = 1; i <= o.runs; i++) {
            const r = await measure(stacks, request, o, `bench multi-stack run ${i}`);
            runs.push(r);
            log(`run ${i}/${o.runs}: ${describeRun(r, o)}`);
        }
    } finally {
        await Promise.all(stacks.map((s) => s.dispose()));
        await emulator.stop();
        fs.rmSync(pacingDir, { recursive: true, force: true });
    }

    console.log(
        `\n2 vCPU ${os.cpus()[0]?.model ?? ""}, ${o.stacks} stacks × ${o.instances} instances, one \`pulumi up${o.refresh ? " --refresh" : ""} --parallel ${o.parallel}\` per stack at once, ` +
            `every action throttled at ${o.qps}/s for all stacks together (${o.retryAfter ? "with" : "without"} x-acs-retry-after), ` +
            `${o.sharedPacing ? "limiters' state shared through ECS_OPS_SHARED_PACING_DIR (stacks on one machine)" : "each stack its own limiters (--independent: stacks on separate machines)"}, emulator time scale 0.01\n`,
    );
    if (reference !== undefined)
        console.log(
            `The same update unthrottled: ${reference.modifyPerSecond.toFixed(2)} ModifyInstanceAttribute/s for all stacks together (the engines' own rate here), stacks ${reference.stacks.map((s) => seconds(s.ms)).join(", ")}.\n`,
        );
    console.log(
        "| stacks × instances, Q | run | load average | failed resources | aggregate ModifyInstanceAttribute (busy period) | while all stacks sent | throttling answers | wall time per stack |",
    );
    console.log("|---|---|---|---|---|---|---|---|");
    runs.forEach((r, i) => {
        console.log(
            `| ${o.stacks} × ${o.instances}, ${o.qps}/s | ${i + 1} | ${r.load.toFixed(1)} | ${r.failed} | ${r.modifyPerSecond.toFixed(2)}/s (${((100 * r.modifyPerSecond) / o.qps).toFixed(0)} % of Q, ${r.busyS.toFixed(0)} s) | ` +
                `${r.overlap.perSecond.toFixed(2)}/s (${((100 * r.overlap.perSecond) / o.qps).toFixed(0)} %, ${r.overlap.spanS.toFixed(0)} s) | ${r.throttles} of ${r.calls} calls (${((100 * r.throttles) / Math.max(1, r.calls)).toFixed(1)} %) | ${r.stacks.map((s) => seconds(s.ms)).join(", ")} |`,
        );
    });
    if (runs.length === 0) return;
    const failedRuns = runs.filter((r) => r.failed > 0 || r.failedStacks > 0).length;
    const minShare = Math.min(...runs.map((r) => r.modifyPerSecond / o.qps));
    const maxThrottled = Math.max(...runs.map((r) => r.throttles / Math.max(1, r.calls)));
    console.log(
        `\ngoals: 0 failed resources in every run: ${failedRuns === 0 ? "met" : `NOT met (${failedRuns} runs with failures)`}; ` +
            `aggregate throughput ≥ 0.9·Q: ${minShare >= 0.9 ? "met" : "NOT met"} (lowest ${(100 * minShare).toFixed(0)} %); ` +
            `≤ 10 % throttled: ${maxThrottled <= 0.1 ? "met" : "NOT met"} (highest ${(100 * maxThrottled).toFixed(1)} %)`,
    );
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
