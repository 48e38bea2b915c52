// Fleet scale under the real Pulumi CLI against the emulator: an alicloud.InstanceFleet of N
// instances (test/e2e/fixtures/fleet over test/support/fleet-world.ts), for each N:
//   - calls by action and wall time of adoption (first up), a no-op up, a refresh and an update of
//     one attribute (the description) of every instance;
//   - the same update under injected throttling (every action at Q calls/s): throughput of
//     ModifyInstanceAttribute, failed resources, throttling answers;
//   - state bytes per InstanceAttributes in `pulumi stack export`;
//   - the ratio of the update's wall time to a hand-written @alicloud/pop-core loop sending the same
//     calls at the same concurrency (no engine: the floor any tool pays for those calls).
//
//   node scripts/ensure-pulumi.js && npm run build && \
//     npx ts-node --transpile-only bench/fleet.ts [N...] [--parallel P] [--qps Q]
//     npx ts-node --transpile-only bench/fleet.ts --throttled-runs R [N] [--parallel P] [--qps Q]
//     npx ts-node --transpile-only bench/fleet.ts --adoption-only N... [--parallel P]
//   (any of them with --dump DIR: each update's emulator calls, engine events and CLI output, per run;
//   --no-retry-after: throttling answers without x-acs-retry-after, which the emulator sends by default)
//
// Defaults: N = 10 100 300, P = 8, Q = 5. Prints a markdown table (the README's performance table).
// `--throttled-runs R` adopts N (default 100) instances once, then runs the throttled update R times
// in a row (each a new description) and prints, per run, failed resources, ModifyInstanceAttribute
// throughput against Q and the throttling share of all calls, with the issue's goals (0 failed in
// every run, ≥ 0.9·Q, ≤ 10 % throttled).
import RPCClient from "@alicloud/pop-core";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { EMULATOR_ALICLOUD_CREDENTIALS } from "../emulator";
import type { CallRecord } from "../emulator";
import { createStack, type TestStack, type VerbResult } from "../test/e2e/kit";
import { fleetFixture, fleetInstanceIds } from "../test/support/fleet-world";
import { acceptedRate, Argv, dumpCalls, FLEET_PROGRAM as PROGRAM, fleetDescriptions, seconds, throttled, throttleFleet } from "./fleet-support";

const ATTRIBUTES = "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceAttributes";
/** `--dump DIR`: each update's emulator calls, engine events and CLI output go there, to look into a slow run. */
let dumpDir: string | undefined;
/** `--no-retry-after`: throttling answers without `x-acs-retry-after` (the emulator sends it by default). */
let retryAfter = true;

interface Phase {
    ms: number;
    calls: Record<string, number>;
    total: number;
}

interface Row {
    n: number;
    adoption: Phase;
    noop: Phase;
    refresh: Phase;
    update: Phase;
    popCoreMs: number;
    throttled: ThrottledRun;
    stateBytes: number;
}

function byAction(calls: CallRecord[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of calls) {
        const key = c.code === null ? c.action : `${c.action} (${c.code})`;
        out[key] = (out[key] ?? 0) + 1;
    }
    return out;
}

function phase(r: VerbResult): Phase {
    return { ms: r.durationMs, calls: byAction(r.calls), total: r.calls.length };
}

function check(r: VerbResult, what: string): VerbResult {
    if (r.exitCode !== 0) throw new Error(`${what} failed (exit ${r.exitCode}):\n${r.stderr.slice(-2000)}`);
    return r;
}

/** Sends the recorded calls again with pop-core, `concurrency` at a time, and returns the wall time. */
async function popCoreLoop(url: string, calls: CallRecord[], concurrency: number): Promise<number> {
    const client = new RPCClient({
        endpoint: url,
        apiVersion: "2014-05-26",
        accessKeyId: EMULATOR_ALICLOUD_CREDENTIALS.accessKeyId,
        accessKeySecret: EMULATOR_ALICLOUD_CREDENTIALS.accessKeySecret,
    });
    const queue = calls
        .filter((c) => c.cloud === "alicloud" && c.code === null)
        .map((c) => ({ action: c.action, params: Object.fromEntries(Object.entries(c.params ?? {}).map(([k, v]) => [k, String(v)])) }));
    const started = Date.now();
    const worker = async (): Promise<void> => {
        for (let next = queue.shift(); next; next = queue.shift()) {
            await client.request(next.action, next.params, { method: "POST", timeout: 15_000, formatParams: false });
        }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return Date.now() - started;
}

interface ThrottledRun {
    ms: number;
    modifyPerSecond: number;
    failed: number;
    throttles: number;
    calls: number;
    exitCode: number;
}

/** Throttles every action the fleet uses at `qps` calls/s (the emulator's own quota model). */
async function throttle(stack: TestStack, qps: number | undefined): Promise<void> {
    await throttleFleet((m, p, b) => stack.emulatorRequest(m, p, b), qps, retryAfter);
}

/** One update of every instance's description under throttling: throughput, failures, throttling answers. */
async function throttledUpdate(stack: TestStack, n: number, args: string[], description: string): Promise<ThrottledRun> {
    await stack.setConfig("fleet:description", description);
    const t = await stack.up({ args, allowFailure: true, timeoutMs: 1_800_000 });
    if (dumpDir !== undefined) {
        const base = path.join(dumpDir, description.replace(/\W+/g, "-"));
        dumpCalls(base, t.calls);
        fs.writeFileSync(`${base}.events.json`, JSON.stringify(t.events));
        fs.writeFileSync(`${base}.out.txt`, `${t.stdout}\n---stderr---\n${t.stderr}`);
    }
    const now = await fleetDescriptions((m, p, b) => stack.emulatorRequest(m, p, b));
    return {
        ms: t.durationMs,
        modifyPerSecond: acceptedRate(t.calls, "ModifyInstanceAttribute").perSecond,
        failed: fleetInstanceIds(n).filter((id) => now.get(id) !== description).length,
        throttles: t.calls.filter(throttled).length,
        calls: t.calls.length,
        exitCode: t.exitCode,
    };
}

/** `--throttled-runs`: adoption once, then `runs` throttled updates in a row, with the goals checked. */
async function throttledRuns(n: number, runs: number, parallel: number, qps: number): Promise<void> {
    const args = ["--parallel", String(parallel)];
    const stack = await createStack({ program: PROGRAM, emulator: { timeScale: 0.01, fixture: fleetFixture(n) }, config: { "fleet:count": String(n) } });
    const results: ThrottledRun[] = [];
    let reference: ThrottledRun | undefined;
    try {
        check(await stack.up({ args, timeoutMs: 1_800_000 }), "adoption");
        // The same update without throttling: the rate the engine itself reaches on this machine,
        // a ceiling for any pacing (on a loaded machine it can be below Q).
        reference = await throttledUpdate(stack, n, args, "bench unthrottled reference");
        console.error(`[bench/fleet] unthrottled reference: ${seconds(reference.ms)}, ${reference.modifyPerSecond.toFixed(2)} Modify/s`);
        await throttle(stack, qps);
        for (let i = 1; i <= runs; i++) {
            const r = await throttledUpdate(stack, n, args, `bench throttled run ${i}`);
            results.push(r);
            console.error(
                `[bench/fleet] throttled run ${i}/${runs}: ${seconds(r.ms)}, ${r.modifyPerSecond.toFixed(2)} Modify/s, ${r.failed} failed, ${r.throttles}/${r.calls} throttled, exit ${r.exitCode}`,
            );
        }
    } finally {
        await stack.dispose();
    }
    console.log(
        `\n2 vCPU ${os.cpus()[0]?.model ?? ""}, load average ${os.loadavg()[0].toFixed(1)}, --parallel ${parallel}, N = ${n}, every action throttled at ${qps}/s (${retryAfter ? "with" : "without"} x-acs-retry-after), emulator time scale 0.01\n`,
    );
    if (reference !== undefined)
        console.log(
            `The same update unthrottled: ${seconds(reference.ms)}, ${reference.modifyPerSecond.toFixed(2)} ModifyInstanceAttribute/s (the engine's own rate here).\n`,
        );
    console.log("| run | wall time | failed resources | ModifyInstanceAttribute throughput | throttling answers |");
    console.log("|---|---|---|---|---|");
    results.forEach((r, i) => {
        console.log(
            `| ${i + 1} | ${seconds(r.ms)} | ${r.failed} | ${r.modifyPerSecond.toFixed(2)}/s (${((100 * r.modifyPerSecond) / qps).toFixed(0)} % of ${qps}/s) | ${r.throttles} of ${r.calls} calls (${((100 * r.throttles) / Math.max(1, r.calls)).toFixed(1)} %) |`,
        );
    });
    const failedRuns = results.filter((r) => r.failed > 0 || r.exitCode !== 0).length;
    const minShare = Math.min(...results.map((r) => r.modifyPerSecond / qps));
    const maxThrottled = Math.max(...results.map((r) => r.throttles / Math.max(1, r.calls)));
    console.log(
        `\ngoals: 0 failed resources in every run: ${failedRuns === 0 ? "met" : `NOT met (${failedRuns} runs with failures)`}; ` +
            `throughput ≥ 0.9·Q: ${minShare >= 0.9 ? "met" : "NOT met"} (lowest ${(100 * minShare).toFixed(0)} %); ` +
            `≤ 10 % throttled: ${maxThrottled <= 0.1 ? "met" : "NOT met"} (highest ${(100 * maxThrottled).toFixed(1)} %)`,
    );
}

async function measure(n: number, parallel: number, qps: number): Promise<Row> {
    const args = ["--parallel", String(parallel)];
    const stack = await createStack({ program: PROGRAM, emulator: { timeScale: 0.01, fixture: fleetFixture(n) }, config: { "fleet:count": String(n) } });
    try {
        const log = (s: string): void => console.error(`[bench/fleet] N=${n}: ${s}`);
        const adoption = phase(check(await stack.up({ args, timeoutMs: 1_800_000 }), "adoption"));
        log(`adoption ${adoption.ms} ms`);
        const noop = phase(check(await stack.up({ args, timeoutMs: 1_800_000 }), "no-op up"));
        log(`no-op up ${noop.ms} ms`);
        const refresh = phase(check(await stack.refresh({ args, timeoutMs: 1_800_000 }), "refresh"));
        log(`refresh ${refresh.ms} ms`);
        await stack.setConfig("fleet:description", "bench update one");
        const updateRun = check(await stack.up({ args, timeoutMs: 1_800_000 }), "update");
        const update = phase(updateRun);
        log(`update ${update.ms} ms`);
        const popCoreMs = await popCoreLoop(stack.emulatorUrl!, updateRun.calls, parallel);
        log(`pop-core loop ${popCoreMs} ms`);

        await throttle(stack, qps);
        const throttled = await throttledUpdate(stack, n, args, "bench update throttled");
        await throttle(stack, undefined);
        log(
            `throttled update ${throttled.ms} ms, ${throttled.modifyPerSecond.toFixed(2)} Modify/s, ${throttled.failed} failed, ${throttled.throttles}/${throttled.calls} throttled`,
        );

        const exported = await stack.exportState();
        const attributes = exported.deployment.resources!.filter((r) => r.type === ATTRIBUTES);
        const stateBytes = Math.round(attributes.reduce((sum, r) => sum + JSON.stringify(r).length, 0) / Math.max(1, attributes.length));
        return { n, adoption, noop, refresh, update, popCoreMs, throttled, stateBytes };
    } finally {
        await stack.dispose();
    }
}

function callsText(p: Phase): string {
    const parts = Object.entries(p.calls).map(([action, count]) => `${count} ${action}`);
    return parts.length > 0 ? parts.join(", ") : "none";
}

async function main(): Promise<void> {
    const args = new Argv(process.argv.slice(2));
    const argv = args.rest;
    const flag = (name: string): boolean => args.flag(name);
    const option = (name: string, fallback: number): number => args.number(name, fallback);
    retryAfter = !flag("--no-retry-after");
    dumpDir = args.value("--dump");
    if (dumpDir !== undefined) fs.mkdirSync(dumpDir, { recursive: true });
    const parallel = option("--parallel", 8);
    const qps = option("--qps", 5);
    const runs = option("--throttled-runs", 0);
    if (flag("--adoption-only")) {
        for (const n of argv.map(Number)) {
            const stack = await createStack({
                program: PROGRAM,
                emulator: { timeScale: 0.01, fixture: fleetFixture(n) },
                config: { "fleet:count": String(n) },
            });
            try {
                const adoption = phase(check(await stack.up({ args: ["--parallel", String(parallel)], timeoutMs: 1_800_000 }), "adoption"));
                console.log(
                    `| ${n} | adoption (first up), --parallel ${parallel}: ${seconds(adoption.ms)}: ${callsText(adoption)} (goal ≤ ${Math.ceil(n / Math.min(parallel, 100)) + 1} DescribeInstances) |`,
                );
            } finally {
                await stack.dispose();
            }
        }
        return;
    }
    if (runs > 0) {
        await throttledRuns(argv.length > 0 ? Number(argv[0]) : 100, runs, parallel, qps);
        return;
    }
    const counts = argv.length > 0 ? argv.map(Number) : [10, 100, 300];
    const rows: Row[] = [];
    for (const n of counts) rows.push(await measure(n, parallel, qps));

    console.log(`\n2 vCPU ${os.cpus()[0]?.model ?? ""}, load average ${os.loadavg()[0].toFixed(1)}, --parallel ${parallel}, emulator time scale 0.01\n`);
    console.log(
        `| N | adoption (first up) | no-op up | refresh | update of one attribute | update ÷ pop-core loop | update under throttling (${qps}/s per action) | state per InstanceAttributes |`,
    );
    console.log("|---|---|---|---|---|---|---|---|");
    for (const r of rows) {
        const t = r.throttled;
        console.log(
            `| ${r.n} | ${seconds(r.adoption.ms)}: ${callsText(r.adoption)} | ${seconds(r.noop.ms)}: ${callsText(r.noop)} | ${seconds(r.refresh.ms)}: ${callsText(r.refresh)} | ` +
                `${seconds(r.update.ms)}: ${callsText(r.update)} | ${(r.update.ms / r.popCoreMs).toFixed(1)}× (${seconds(r.popCoreMs)}) | ` +
                `${seconds(t.ms)}: ${t.modifyPerSecond.toFixed(2)} Modify/s (${((100 * t.modifyPerSecond) / qps).toFixed(0)} % of ${qps}/s), ${t.failed} failed, ${t.throttles} of ${t.calls} calls throttled (${((100 * t.throttles) / Math.max(1, t.calls)).toFixed(1)} %) | ${(r.stateBytes / 1024).toFixed(1)} KB |`,
        );
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
