// provider/core/transport/file-limiter-store.ts: limiters' state shared through a file between the
// provider processes of stacks deployed side by side on one machine (ECS_OPS_SHARED_PACING_DIR).
import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

import { FileLimiterStore, sharedLimiterStore } from "../../provider/core/transport/file-limiter-store";
import { AdaptiveRateLimiter, initialLimiterState } from "../../provider/core/transport/rate-limiter";

describe("file limiter store (stacks on one machine sharing their pacing)", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-pacing-"));
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("two limiters on one file see each other's throttling: pacing turns on for both, at the same rate", () => {
        const file = path.join(dir, "ModifyInstanceAttribute.json");
        const a = new AdaptiveRateLimiter({ store: new FileLimiterStore(file) });
        const b = new AdaptiveRateLimiter({ store: new FileLimiterStore(file) });
        expect(b.status()).to.include({ enabled: false });
        a.onThrottle(Date.now());
        expect(b.status()).to.include({ enabled: true, throttles: 1 });
        expect(b.status().rate).to.equal(a.status().rate);
        expect(fs.readdirSync(dir)).to.deep.equal(["ModifyInstanceAttribute.json"]);
    });

    it("takes over a lock left by a process that died holding it, and forgets a state nobody wrote for two minutes", () => {
        const file = path.join(dir, "k.json");
        fs.mkdirSync(`${file}.lock`);
        const old = new Date(Date.now() - 5000);
        fs.utimesSync(`${file}.lock`, old, old);
        const store = new FileLimiterStore(file);
        expect(store.transact((s) => s.throttles)).to.equal(0);
        fs.writeFileSync(file, JSON.stringify({ writtenAt: Date.now() - 3 * 60_000, state: { ...initialLimiterState(), enabled: true, throttles: 7 } }));
        expect(store.transact((s) => s.throttles)).to.equal(0);
        fs.writeFileSync(file, JSON.stringify({ writtenAt: Date.now(), state: { ...initialLimiterState(), enabled: true, throttles: 7 } }));
        expect(store.transact((s) => s.throttles)).to.equal(7);
        expect(fs.existsSync(`${file}.lock`)).to.equal(false);
    });

    it("one file per key, named by a hash of the key (no endpoint in the name); none without a directory", () => {
        expect(sharedLimiterStore(undefined, "alicloud|https://ecs.aliyuncs.com|cn-hangzhou|DescribeInstances")).to.equal(undefined);
        const s1 = sharedLimiterStore(dir, "alicloud|https://ecs.aliyuncs.com|cn-hangzhou|DescribeInstances")!;
        const s2 = sharedLimiterStore(dir, "alicloud|https://ecs.aliyuncs.com|cn-shanghai|DescribeInstances")!;
        s1.transact((s) => (s.throttles = 1));
        s2.transact((s) => (s.throttles = 2));
        const names = fs.readdirSync(dir).sort();
        expect(names).to.have.length(2);
        for (const n of names) expect(n).to.match(/^DescribeInstances-[0-9a-f]{16}\.json$/);
    });

    it("a directory it cannot use: the limiter says so once and paces alone, and no call fails", () => {
        const notADir = path.join(dir, "a-file");
        fs.writeFileSync(notADir, "");
        const lines: string[] = [];
        const log = console.log;
        console.log = (...args: unknown[]) => void lines.push(args.join(" "));
        try {
            const limiter = new AdaptiveRateLimiter({ store: sharedLimiterStore(path.join(notADir, "pacing"), "alicloud|e|r|DescribeInstances") });
            limiter.onSuccess(Date.now());
            limiter.onThrottle(Date.now());
            expect(limiter.status()).to.include({ enabled: true, throttles: 1 });
        } finally {
            console.log = log;
        }
        expect(lines).to.have.length(1);
        expect(lines[0]).to.match(/^\[ecs-ops\] pacing: cannot share the pacing state through .*; this process paces alone$/);
    });

    it("four processes each adding 200 to a counter under the lock lose no update", async function () {
        this.timeout(60_000);
        const file = path.join(dir, "counter.json");
        const storeModule = path.join(__dirname, "..", "..", "provider", "core", "transport", "file-limiter-store");
        const script = `
            require("ts-node").register({ transpileOnly: true });
            const { FileLimiterStore } = require(${JSON.stringify(storeModule)});
            const store = new FileLimiterStore(${JSON.stringify(file)});
            for (let i = 0; i < 200; i++) store.transact((s) => { s.throttles++; });
        `;
        await Promise.all([1, 2, 3, 4].map(() => promisify(execFile)(process.execPath, ["-e", script], { cwd: path.join(__dirname, "..", "..") })));
        expect(new FileLimiterStore(file).transact((s) => s.throttles)).to.equal(800);
    });
});
