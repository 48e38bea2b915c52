// The provider plugin against the dynamic resources, under the real Pulumi CLI against the emulator:
// a fleet of N InstanceAttributes (one per instance of test/support/fleet-world.ts) declared by a
// YAML program served by the plugin (plugin/) and by a TypeScript program with the dynamic
// resources. For each, in turn on the same machine and in one run:
//   - adoption (first up), a no-op up, a refresh (the reads) and an update of the description of
//     every instance;
//   - calls by action of each phase, which must be the same for both (one ModifyInstanceAttribute
//     each, every id read in batched DescribeInstances: how many batches depends on how fast the
//     requests arrive, so that count may differ by one or two);
//   - wall time of each phase and the ratio plugin ÷ dynamic (the goal: ≤ 1.2×).
//
//   node scripts/ensure-pulumi.js && npm run build && \
//     npx ts-node --transpile-only bench/plugin.ts [N] [--parallel P] [--rounds R]
//
// Defaults: N = 100, P = 8, R = 1. With R > 1 the two programs alternate R times (YAML, TS, TS,
// YAML, …) and the ratio of each phase is taken over the summed times, which evens out load that
// comes and goes; the ratio of each round is printed too. Prints a markdown table and the load average before and after.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { CallRecord } from "../emulator";
import { createStack, type VerbResult } from "../test/e2e/kit";
import { fleetFixture, fleetInstanceIds } from "../test/support/fleet-world";
import { type CallSummary, sameCalls, summarizeCalls, yamlFleetProgram, typescriptFleetProgram } from "./plugin-programs";

type Kind = "yaml" | "typescript";
const PHASES = ["adoption", "no-op up", "refresh", "update"] as const;
type PhaseName = (typeof PHASES)[number];

interface Phase {
    ms: number;
    calls: CallSummary;
}

type Run = Record<PhaseName, Phase>;

function check(r: VerbResult, what: string): VerbResult {
    if (r.exitCode !== 0) throw new Error(`${what} failed (exit ${r.exitCode}):\n${r.stderr.slice(-2000)}\n${r.stdout.slice(-2000)}`);
    return r;
}

function phase(r: VerbResult): Phase {
    return { ms: r.durationMs, calls: summarizeCalls(r.calls as CallRecord[]) };
}

/** Writes the program of `kind` for `n` instances into a fresh folder and returns it. */
function programDir(kind: Kind, n: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ecs-ops-bench-plugin-${kind}-`));
    const ids = fleetInstanceIds(n);
    if (kind === "yaml") fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yamlFleetProgram(ids));
    else {
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: bench-plugin-ts\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench-plugin-ts", private: true, main: "index.ts" }));
        fs.writeFileSync(path.join(dir, "index.ts"), typescriptFleetProgram(ids));
    }
    return dir;
}

async function measure(kind: Kind, n: number, parallel: number): Promise<Run> {
    const program = programDir(kind, n);
    const args = ["--parallel", String(parallel)];
    const yaml = kind === "yaml";
    const stack = await createStack({
        program,
        emulator: { timeScale: 0.01, fixture: fleetFixture(n) },
        // The plugin reads only its own namespace; the dynamic resources the alicloud: keys (the kit's defaults).
        config: yaml
            ? {
                  "ecs-ops:alicloudRegion": "cn-hangzhou",
                  "ecs-ops:alicloudAccessKey": "LTAI5tEmulatorAccessKey",
                  "ecs-ops:alicloudSecretKey": { value: "emulator-access-key-secret", secret: true },
              }
            : {},
    });
    const key = yaml ? "description" : "bench-plugin-ts:description";
    try {
        const log = (s: string): void => console.error(`[bench/plugin] ${kind} N=${n}: ${s}`);
        await stack.setConfig(key, "bench adopted");
        const adoption = phase(check(await stack.up({ args, timeoutMs: 1_800_000 }), "adoption"));
        log(`adoption ${adoption.ms} ms`);
        const noop = phase(check(await stack.up({ args, timeoutMs: 1_800_000 }), "no-op up"));
        log(`no-op up ${noop.ms} ms`);
        const refresh = phase(check(await stack.refresh({ args, timeoutMs: 1_800_000 }), "refresh"));
        log(`refresh ${refresh.ms} ms`);
        await stack.setConfig(key, "bench updated");
        const update = phase(check(await stack.up({ args, timeoutMs: 1_800_000 }), "update"));
        log(`update ${update.ms} ms`);
        return { adoption, "no-op up": noop, refresh, update };
    } finally {
        await stack.dispose();
        fs.rmSync(program, { recursive: true, force: true });
    }
}

function callsText(calls: CallSummary): string {
    const parts = Object.entries(calls.byAction).map(([action, count]) => `${count} ${action}`);
    return parts.length > 0 ? parts.join(", ") : "none";
}

function seconds(ms: number): string {
    return `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    const valueOf = (name: string, fallback: number): number => {
        const i = argv.indexOf(name);
        if (i < 0) return fallback;
        const value = Number(argv[i + 1]);
        argv.splice(i, 2);
        return value;
    };
    const parallel = valueOf("--parallel", 8);
    const rounds = valueOf("--rounds", 1);
    const n = argv.length > 0 ? Number(argv[0]) : 100;
    const loadBefore = os.loadavg()[0];
    const runs: Record<Kind, Run[]> = { yaml: [], typescript: [] };
    for (let round = 0; round < rounds; round++) {
        const order: Kind[] = round % 2 === 0 ? ["yaml", "typescript"] : ["typescript", "yaml"];
        for (const kind of order) runs[kind].push(await measure(kind, n, parallel));
    }
    const loadAfter = os.loadavg()[0];
    const total = (kind: Kind, name: PhaseName): number => runs[kind].reduce((sum, r) => sum + r[name].ms, 0);

    console.log(
        `\n2 vCPU ${os.cpus()[0]?.model ?? ""}, load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after, --parallel ${parallel}, N = ${n}, ${rounds} round(s), emulator time scale 0.01\n`,
    );
    console.log("| phase | YAML through the plugin | TypeScript, dynamic resources | plugin ÷ dynamic | same calls |");
    console.log("|---|---|---|---|---|");
    for (const name of PHASES) {
        const y = runs.yaml[0][name];
        const t = runs.typescript[0][name];
        const same = runs.yaml.every((r, i) => sameCalls(r[name].calls, runs.typescript[i][name].calls));
        console.log(
            `| ${name} | ${seconds(total("yaml", name) / rounds)}: ${callsText(y.calls)} | ${seconds(total("typescript", name) / rounds)}: ${callsText(t.calls)} | ` +
                `${(total("yaml", name) / total("typescript", name)).toFixed(2)}× | ${same ? "yes" : "NO"} |`,
        );
    }
    const all = (kind: Kind): number => PHASES.reduce((sum, name) => sum + total(kind, name), 0);
    const perRound = runs.yaml.map((r, i) => {
        const sum = (run: Run): number => PHASES.reduce((s, name) => s + run[name].ms, 0);
        return `${(sum(r) / sum(runs.typescript[i])).toFixed(2)}×`;
    });
    console.log(`\nall phases: plugin ÷ dynamic ${(all("yaml") / all("typescript")).toFixed(2)}× (goal ≤ 1.2×); by round: ${perRound.join(", ")}`);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
