// Timing of the Pulumi engine as the e2e kit runs it: warm `up` of 1 and of 50 tiny dynamic resources
// (test/e2e/fixtures/smoke), plus preview, a no-op up and destroy, and the recorded CLI build time.
//
//   node scripts/ensure-pulumi.js && npx ts-node --transpile-only bench/engine.ts [counts...] [--runs N]
//
// Defaults: counts 1 and 50, 3 runs each; median and minimum are printed with the load average (the
// minimum is the better estimate on a busy shared machine). Figures go into docs/engine.md.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { createStack } from "../tools/stack-runner";

const FIXTURE = path.join(__dirname, "..", "test", "e2e", "fixtures", "smoke");

interface Sample {
    setup: number;
    preview: number;
    up: number;
    noopUp: number;
    destroy: number;
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
    const t0 = process.hrtime.bigint();
    const r = await fn();
    return [r, Number(process.hrtime.bigint() - t0) / 1e6];
}

async function sample(count: number): Promise<Sample> {
    const [stack, setup] = await timed(() => createStack({ program: FIXTURE, config: { "smoke:count": String(count) }, env: { SMOKE_TOKEN: "bench" } }));
    try {
        const [, preview] = await timed(() => stack.preview());
        const [up, upMs] = await timed(() => stack.up());
        if (up.changes.create !== count + 1) throw new Error(`expected ${count + 1} creates: ${JSON.stringify(up.changes)}`);
        const [noop, noopUp] = await timed(() => stack.up());
        if (noop.changes.same !== count + 1) throw new Error(`expected no changes: ${JSON.stringify(noop.changes)}`);
        const [, destroy] = await timed(() => stack.destroy());
        return { setup, preview, up: upMs, noopUp, destroy };
    } finally {
        await stack.dispose();
    }
}

function fmt(ms: number): string {
    return `${(ms / 1000).toFixed(2)} s`;
}

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const runsIdx = args.indexOf("--runs");
    const runs = runsIdx >= 0 ? Number(args[runsIdx + 1]) : 3;
    const counts = args.filter((a, i) => /^\d+$/.test(a) && i !== runsIdx + 1).map(Number);
    if (counts.length === 0) counts.push(1, 50);

    const stampFile = path.join(__dirname, "..", ".tools", "bin", ".ecs-ops-build.json");
    if (fs.existsSync(stampFile)) {
        const stamp = JSON.parse(fs.readFileSync(stampFile, "utf8")) as { version: string; buildMs?: number };
        console.log(`CLI build (last, from .tools/bin stamp): v${stamp.version} in ${fmt(stamp.buildMs ?? NaN)}`);
    }
    console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), node ${process.version}`);

    await sample(1); // warm-up: disk caches, ts-node
    const load = () =>
        os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(" ");
    console.log(`load average before: ${load()}`);
    console.log(`\nmedian (min) of ${runs} runs | stack setup | preview | up (create) | no-op up | destroy`);
    for (const count of counts) {
        const samples: Sample[] = [];
        for (let i = 0; i < runs; i++) samples.push(await sample(count));
        const m = (k: keyof Sample) => {
            const xs = samples.map((s) => s[k]);
            return `${fmt(median(xs))} (${fmt(Math.min(...xs))})`;
        };
        console.log(`${count} resource(s) | ${m("setup")} | ${m("preview")} | ${m("up")} | ${m("noopUp")} | ${m("destroy")}`);
    }
    console.log(`\nload average after: ${load()}`);
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
