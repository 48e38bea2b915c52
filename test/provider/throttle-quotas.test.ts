// The emulator's quotas as the clouds apply them — a sliding second (`qps`) or a fixed window aligned to
// the clock (`limit` per `windowMs`, Alibaba's "N per 60 s") — and the time left that their throttling
// answers carry (Alibaba `x-acs-retry-after` in ms, Huawei `Retry-After` in seconds); the Alibaba client
// treating a valid `x-acs-retry-after` as throttling whatever the code; and a job of concurrent
// ModifyInstanceAttribute calls through the real client under a fixed-window quota, with and without the header.
import { expect } from "chai";
import type RPCClientType from "@alicloud/pop-core";
import { defaultFixture, EMULATOR_ALICLOUD_CREDENTIALS, FaultConfig } from "../../emulator";
import { callEcs, retryAfterOf, toCloudApiError } from "../../provider/alicloud/api/client";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { hwCall, P1, SERVERS as HW_SERVERS } from "../emulator/huaweicloud-client";
import { EcsClient } from "../../provider/huaweicloud/api/client";
import { resolveCredentials } from "../../provider/huaweicloud/credentials/credentials";
import { showServer } from "../../provider/huaweicloud/api/ecs-api";
import { EmulatedAlicloud, eventually, startEmulatedAlicloud } from "./emulated-alicloud";
import { EmulatedHuaweicloud, SERVERS as HW_EMULATED_SERVERS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

const RUNNING = "i-bp1paygrunning00001";
const INSTANCES = [RUNNING, "i-bp1paygrunning00009", "i-bp1paygrunning00010", "i-bp1burstablet60005"];

/** A pop-core client on the emulator's root endpoint, to read the raw answers (headers) of the wire client the provider uses. */
function popClient(url: string): RPCClientType {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const RPCClient = require("@alicloud/pop-core") as typeof RPCClientType;
    return new RPCClient({ endpoint: url, apiVersion: "2014-05-26", ...EMULATOR_ALICLOUD_CREDENTIALS });
}

interface Answer {
    /** Null when the call passed. */
    code: string | null;
    retryAfter: string | undefined;
    before: number;
    after: number;
    err?: unknown;
}

async function aliAnswer(client: RPCClientType, action = "DescribeInstances"): Promise<Answer> {
    const before = Date.now();
    try {
        await client.request(action, { RegionId: "cn-hangzhou" }, { method: "POST" });
        return { code: null, retryAfter: undefined, before, after: Date.now() };
    } catch (err) {
        const e = err as { data?: { Code?: string }; entry?: { response?: { headers?: Record<string, string> } } };
        return { code: e.data?.Code ?? "?", retryAfter: e.entry?.response?.headers?.["x-acs-retry-after"], before, after: Date.now(), err };
    }
}

async function hwAnswer(url: string): Promise<Answer> {
    const before = Date.now();
    const r = await hwCall(url, { path: `/v1/${P1}/cloudservers/${HW_SERVERS.app}` });
    return { code: r.status === 200 ? null : String(r.json.error_code), retryAfter: r.headers["retry-after"] as string | undefined, before, after: Date.now() };
}

/**
 * Calls until the first throttling answer (a window may free a call between the calls that fill it),
 * collecting the answers that passed into `passed`.
 */
async function untilThrottled(call: () => Promise<Answer>, most: number, passed: Answer[] = []): Promise<Answer> {
    for (let n = 0; n < most; n++) {
        const a = await call();
        if (a.code !== null) return a;
        passed.push(a);
    }
    throw new Error(`no throttling answer in ${most} calls`);
}

/** Whether a multiple of `windowMs` lies in [from, to]: the header points at a window boundary. */
function boundaryWithin(from: number, to: number, windowMs: number): boolean {
    return Math.ceil(from / windowMs) * windowMs <= to;
}

/** What a job of concurrent calls measured. */
interface JobNumbers {
    calls: number;
    throttled: number;
    elapsedMs: number;
    /** Fixed windows the job touched, from its first call's to its last's. */
    windows: number;
    /** Most calls the emulator accepted in one window. */
    mostPerWindow: number;
    /** Accepted/throttled answers of each window, e.g. `20/8 20/1 20/0`. */
    byWindow: string;
    /** Most throttling answers in one window. */
    mostThrottledPerWindow: number;
    /** Most throttling answers in one window after the first that refused any (the first to fill). */
    mostThrottledAfterFirstFull: number;
}

const measured: Record<string, JobNumbers> = {};

describe("throttling quotas: fixed windows and retry-after headers", () => {
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.01 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(), capture: out },
    );
    after(() => {
        for (const [name, n] of Object.entries(measured)) {
            console.log(
                `      ${name}: ${n.calls} calls, ${n.throttled} throttled (${((100 * n.throttled) / (n.calls + n.throttled)).toFixed(0)}% of answers), ${n.elapsedMs} ms over ${n.windows} windows, at most ${n.mostPerWindow} accepted per window (accepted/throttled by window: ${n.byWindow})`,
            );
        }
    });

    it("rules are validated: limit and windowMs together, positive, one kind per rule, retryAfter a boolean", async () => {
        const bad: Array<[unknown, RegExp]> = [
            [{ limit: 5 }, /throttle\[0\] needs limit and windowMs together/],
            [{ limit: 0, windowMs: 1000 }, /throttle\[0\]\.limit must be a positive number/],
            [{ limit: 1, windowMs: -1 }, /throttle\[0\]\.windowMs must be a positive number/],
            [{ qps: 1, limit: 1, windowMs: 1000 }, /throttle\[0\] takes only one of qps, count, limit\/windowMs/],
            [{ qps: 1, retryAfter: "no" }, /throttle\[0\]\.retryAfter must be a boolean/],
            [{ cloud: "alicloud" }, /throttle\[0\] needs qps, count, or limit with windowMs/],
        ];
        for (const [rule, message] of bad) {
            const res = await fetch(`${cloud.url}/_emulator/faults`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ throttle: [rule] }),
            });
            expect(res.status, JSON.stringify(rule)).to.equal(400);
            expect(await res.text(), JSON.stringify(rule)).to.match(message);
        }
    });

    it("Alibaba: x-acs-retry-after is the ms until the sliding second or the fixed window frees a call; count rules and retryAfter: false send none", async () => {
        const client = popClient(cloud.url);
        await cloud.faults({ throttle: [{ cloud: "alicloud", action: "DescribeInstances", qps: 2 }] });
        const passed: Answer[] = [];
        const third = await untilThrottled(() => aliAnswer(client), 6, passed);
        expect(third.code).to.equal("Throttling.User");
        const ms = Number(third.retryAfter);
        expect(third.retryAfter).to.match(/^[1-9]\d*$/);
        // The sliding second holds the last 2 calls that passed; the older one leaves it 1 s after it arrived.
        const oldest = passed[passed.length - 2];
        expect(ms).to.be.within(oldest.before + 1000 - third.after, oldest.after + 1000 - third.before + 1);
        expect(retryAfterOf(third.err)).to.equal(ms);

        const windowMs = 1000;
        await cloud.faults({ throttle: [{ cloud: "alicloud", action: "DescribeInstances", limit: 2, windowMs }] });
        const refused = await untilThrottled(() => aliAnswer(client), 5);
        const wait = Number(refused.retryAfter);
        expect(wait).to.be.within(1, windowMs);
        expect(boundaryWithin(refused.before + wait - 1, refused.after + wait + 1, windowMs), `${refused.before}+${wait}`).to.equal(true);
        // A call refused in window T passes in T+1: wait for the time the answer gave, then it goes through.
        await new Promise((r) => setTimeout(r, wait));
        expect((await aliAnswer(client)).code).to.equal(null);

        for (const rule of [{ limit: 1, windowMs: 60_000, retryAfter: false }, { qps: 1, retryAfter: false }, { count: 1 }]) {
            await cloud.faults({ throttle: [{ cloud: "alicloud", action: "DescribeInstances", ...rule }] });
            const quiet = await untilThrottled(() => aliAnswer(client), 3);
            expect([quiet.code, quiet.retryAfter], JSON.stringify(rule)).to.deep.equal(["Throttling.User", undefined]);
        }
    });

    it("Huawei: 429 APIGW.0308 with Retry-After in whole seconds, rounded up; none with retryAfter: false or a count rule", async () => {
        await cloud.faults({ throttle: [{ cloud: "huaweicloud", action: "ShowServer", qps: 1 }] });
        const refused = await untilThrottled(() => hwAnswer(cloud.url), 3);
        // Under a second left in the sliding second: one second, rounded up.
        expect([refused.code, refused.retryAfter]).to.deep.equal(["APIGW.0308", "1"]);

        const windowMs = 2500;
        await cloud.faults({ throttle: [{ cloud: "huaweicloud", action: "ShowServer", limit: 1, windowMs }] });
        const late = await untilThrottled(() => hwAnswer(cloud.url), 3);
        expect(late.retryAfter).to.match(/^[1-3]$/);
        const s = Number(late.retryAfter);
        // The boundary is (s-1, s] seconds after the refusal.
        expect(boundaryWithin(late.before + (s - 1) * 1000 - 1, late.after + s * 1000 + 1, windowMs)).to.equal(true);
        expect(boundaryWithin(late.after + 1, late.before + (s - 1) * 1000 - 1, windowMs)).to.equal(false);

        for (const rule of [{ qps: 1, retryAfter: false }, { count: 1 }]) {
            await cloud.faults({ throttle: [{ cloud: "huaweicloud", action: "ShowServer", ...rule }] });
            const quiet = await untilThrottled(() => hwAnswer(cloud.url), 3);
            expect([quiet.code, quiet.retryAfter], JSON.stringify(rule)).to.deep.equal(["APIGW.0308", undefined]);
        }
    });

    it("Alibaba client: a valid x-acs-retry-after (a positive integer) makes any error answer throttled; other values do not", () => {
        const answer = (code: string, status: number, retryAfter?: string): unknown =>
            Object.assign(new Error(`${code}: msg URL`), {
                code,
                data: { Code: code, Message: "the API's message", RequestId: "R-1" },
                entry: { response: { statusCode: status, headers: retryAfter === undefined ? {} : { "x-acs-retry-after": retryAfter } } },
            });
        const classOf = (code: string, status: number, retryAfter?: string): string =>
            toCloudApiError(answer(code, status, retryAfter), "RebootInstance", []).retryClass;
        expect(classOf("DiskError", 403, "1200")).to.equal("throttled");
        expect(classOf("InternalError", 500, "300")).to.equal("throttled");
        expect(classOf("Forbidden.RiskControl", 403, " 50 ")).to.equal("throttled");
        for (const v of ["0", "-5", "1.5", "abc", ""]) expect(classOf("DiskError", 403, v), v).to.equal("fatal");
        expect(classOf("InternalError", 500, "0")).to.equal("unavailable");
        expect(classOf("Throttling.User", 400)).to.equal("throttled");
        const err = toCloudApiError(answer("DiskError", 403, "1200"), "RebootInstance", []);
        expect(err.message).to.match(/asked to wait 1200 ms \(x-acs-retry-after\)/);
    });

    it("RebootInstance answered with a non-throttling code plus x-acs-retry-after is sent again after the wait and runs exactly once", async () => {
        const fixture = defaultFixture() as { alicloud: { faults?: unknown[] } };
        fixture.alicloud.faults = [{ action: "RebootInstance", instanceId: RUNNING, code: "InternalError", retryAfterMs: 1500 }];
        await cloud.reset(fixture);
        const bootCount = async (): Promise<number> =>
            ((await cloud.state()).instances.find((i) => i.instanceId === RUNNING)!.guest as { bootCount: number }).bootCount;
        const before = await bootCount();
        const answer = await callEcs("RebootInstance", { InstanceId: RUNNING }, { deadline: Date.now() + 30_000, idempotent: false });
        expect(answer.RequestId).to.be.a("string");
        const reboots = (await cloud.calls()).filter((c) => c.action === "RebootInstance");
        expect(reboots.map((c) => c.code)).to.deep.equal(["InternalError", null]);
        // The limiter paused for the wait the answer gave before sending again.
        expect(Date.parse(reboots[1].at) - Date.parse(reboots[0].at)).to.be.at.least(1500 - 5);
        // The reboot runs (the guest boots once) and nothing more comes of it.
        await eventually("the guest to boot", async () => ((await bootCount()) > before ? true : undefined));
        expect(await bootCount()).to.equal(before + 1);
        expect(out.text()).to.match(/RebootInstance i-bp1paygrunning00001: InternalError; pacing RebootInstance/);
    });

    /**
     * 60 ModifyInstanceAttribute calls by 8 concurrent callers through `callEcs` under `limit` per
     * `windowMs`; every call must succeed. Returns the numbers read from the emulator's call log.
     */
    async function job(name: string, rule: FaultConfig["throttle"], windowMs: number): Promise<JobNumbers> {
        await cloud.faults({ throttle: rule });
        const total = 60;
        let next = 0;
        const started = Date.now();
        const deadline = started + 10 * 60_000; // the resources' default timeout
        const caller = async (): Promise<void> => {
            for (let n = next++; n < total; n = next++) {
                await callEcs("ModifyInstanceAttribute", { InstanceId: INSTANCES[n % INSTANCES.length], Description: `job call ${n}` }, { deadline });
            }
        };
        await Promise.all(Array.from({ length: 8 }, caller));
        const elapsedMs = Date.now() - started;
        const calls = (await cloud.calls()).filter((c) => c.action === "ModifyInstanceAttribute");
        const accepted = calls.filter((c) => c.code === null);
        const windowOf = (c: { at: string }): number => Math.floor(Date.parse(c.at) / windowMs);
        const perWindow = new Map<number, number>();
        for (const c of accepted) perWindow.set(windowOf(c), (perWindow.get(windowOf(c)) ?? 0) + 1);
        const firstWindow = windowOf(calls[0]);
        const counts = Array.from({ length: windowOf(calls[calls.length - 1]) - firstWindow + 1 }, (_, i) => {
            const here = calls.filter((c) => windowOf(c) === firstWindow + i);
            return { accepted: here.filter((c) => c.code === null).length, throttled: here.filter((c) => c.code !== null).length };
        });
        const numbers: JobNumbers = {
            calls: accepted.length,
            throttled: calls.filter((c) => c.code === "Throttling.User").length,
            elapsedMs,
            windows: windowOf(calls[calls.length - 1]) - windowOf(calls[0]) + 1,
            mostPerWindow: Math.max(...perWindow.values()),
            byWindow: counts.map((c) => `${c.accepted}/${c.throttled}`).join(" "),
            mostThrottledPerWindow: Math.max(...counts.map((c) => c.throttled)),
            mostThrottledAfterFirstFull: Math.max(0, ...counts.slice(counts.findIndex((c) => c.throttled > 0) + 1).map((c) => c.throttled)),
        };
        measured[name] = numbers;
        expect(accepted).to.have.length(total);
        expect(calls.length).to.equal(numbers.calls + numbers.throttled); // no other answer than success or throttling
        expect(numbers.mostPerWindow).to.be.at.most(20);
        // 60 calls at 20 per window need three windows: the job ends no earlier than the third one starts.
        expect(numbers.windows).to.be.at.least(3);
        expect(Date.now()).to.be.at.least((Math.floor(started / windowMs) + 2) * windowMs);
        return numbers;
    }

    it("a job of 60 calls by 8 callers under 20 per 3 s with x-acs-retry-after: all succeed, few throttling answers", async function () {
        this.timeout(60_000);
        const windowMs = 3000;
        const n = await job("with x-acs-retry-after", [{ cloud: "alicloud", action: "ModifyInstanceAttribute", limit: 20, windowMs }], windowMs);
        // When the quota fills, at most the 8 callers' calls in flight are refused, then the limiter
        // pauses until the next window: at most one round of the concurrency per window (without the
        // header, the window that fills first sees about as many).
        expect(n.mostThrottledPerWindow, n.byWindow).to.be.at.most(8);
        expect(n.throttled).to.be.at.most(8 * n.windows);
    });

    it("the same job without the header: all calls still succeed, and a closed window is probed by one call, not paced into", async function () {
        this.timeout(5 * 60_000);
        const windowMs = 3000;
        const n = await job("without the header", [{ cloud: "alicloud", action: "ModifyInstanceAttribute", limit: 20, windowMs, retryAfter: false }], windowMs);
        // Nothing says when the window reopens. The first window to fill, at the callers' pace, sees a
        // round or so refused; after that the limiter pauses (2 s, 4 s, …) and sends one call to see
        // (before, it paced into the closed window: 16–17 refused in the second window, 31–38 % in all).
        expect(n.mostThrottledAfterFirstFull, n.byWindow).to.be.at.most(8);
    });
});

describe("throttling quotas: the Huawei client under a fixed window with Retry-After", () => {
    let emu: EmulatedHuaweicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedHuaweicloud({ timeScale: 0.01 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => e.reset(), capture: out },
    );

    it("a call refused early in window T waits out the Retry-After (not the limiter's 1 s) and passes in T+1, refused once", async () => {
        const windowMs = 2000;
        await emu.faults({ throttle: [{ cloud: "huaweicloud", action: "ShowServer", limit: 1, windowMs }] });
        const client = new EcsClient(resolveCredentials(), { retryBaseMs: 5, attemptTimeoutMs: 2000 });
        // Start in the first tenth of a window, so that the refusal leaves well over the limiter's own 1 s pause.
        await eventually("the start of a window", async () => (Date.now() % windowMs < windowMs / 10 ? true : undefined), 2 * windowMs);
        const read = (): Promise<unknown> => showServer(client, HW_EMULATED_SERVERS.shutoff, { deadline: Date.now() + 20_000 });
        await read();
        await read();
        const calls = await emu.calls();
        expect(calls.map((c) => c.status)).to.deep.equal([200, 429, 200]);
        expect(Math.floor(Date.parse(calls[2].at) / windowMs)).to.equal(Math.floor(Date.parse(calls[0].at) / windowMs) + 1);
    });
});
