import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { delegatingProvider } from "../../provider/core/resource/delegating-provider";
import { CloudApiError } from "../../provider/core/transport/errors";
import { retryCause, withRetries } from "../../provider/core/transport/retry";
import { CredentialSourceError } from "../../provider/core/credentials/temporary-credentials";
import { fingerprint, matchesFingerprint, redact } from "../../provider/core/resource/secrets";
import { parseDuration, timeoutFor, timeoutsSchema } from "../../provider/core/inputs/timeouts";
import { splitUnknowns, UNKNOWN } from "../../provider/core/inputs/unknowns";
import { failuresFromZod } from "../../provider/core/inputs/validation";
import { waitUntil, WaitTimeoutError } from "../../provider/core/transport/wait";

const throttled = () => new CloudApiError("alicloud", "Throttling.User", "Request was denied due to user flow control.", 400, "R1", "", "throttled");
const fatal = () => new CloudApiError("alicloud", "InvalidInstanceName.Malformed", "bad name", 400, "R2", "", "fatal");
const quiet = { sleep: async () => undefined, random: () => 0.5 };

describe("provider core", () => {
    let log: typeof console.log;
    beforeEach(() => {
        log = console.log;
        console.log = () => undefined;
    });
    afterEach(() => {
        console.log = log;
    });

    describe("withRetries", () => {
        it("retries retryable errors and returns the first success", async () => {
            let calls = 0;
            const result = await withRetries(
                async () => {
                    calls++;
                    if (calls < 3) throw throttled();
                    return "ok";
                },
                { deadline: Date.now() + 60_000, describe: "test", ...quiet },
            );
            expect(result).to.equal("ok");
            expect(calls).to.equal(3);
        });

        it("fails at once on a non-retryable error", async () => {
            let calls = 0;
            const err = await withRetries(
                async () => {
                    calls++;
                    throw fatal();
                },
                { deadline: Date.now() + 60_000, describe: "test", ...quiet },
            ).catch((e: Error) => e);
            expect(calls).to.equal(1);
            expect((err as CloudApiError).code).to.equal("InvalidInstanceName.Malformed");
        });

        it("gives up after maxAttempts and when the next sleep would cross the deadline", async () => {
            let calls = 0;
            await withRetries(
                async () => {
                    calls++;
                    throw throttled();
                },
                { deadline: Date.now() + 60_000, describe: "test", maxAttempts: 4, ...quiet },
            ).catch(() => undefined);
            expect(calls).to.equal(4);
            calls = 0;
            await withRetries(
                async () => {
                    calls++;
                    throw throttled();
                },
                { deadline: Date.now() + 10, describe: "test", baseMs: 1000, random: () => 1, sleep: async () => undefined },
            ).catch(() => undefined);
            expect(calls).to.equal(1);
        });
        it("says what failed when retrying: the code, a passing credential failure by source and reason, else the class name", async () => {
            const printed: string[] = [];
            console.log = (...args: unknown[]) => void printed.push(args.join(" "));
            const sts = new CredentialSourceError("Alibaba Cloud", "OIDC role acs:ram::1:role/ci", "STS failed AssumeRoleWithOIDC (Throttling)", "", [], true);
            const failures: unknown[] = [throttled(), sts];
            await withRetries(
                async () => {
                    const next = failures.shift();
                    if (next !== undefined) throw next;
                    return "ok";
                },
                { deadline: Date.now() + 60_000, describe: "DescribeInstances i-1", isRetryable: () => true, ...quiet },
            );
            expect(printed.join("\n")).to.match(/Throttling.User, retrying in/);
            expect(printed.join("\n")).to.match(
                /Alibaba Cloud credentials from OIDC role acs:ram::1:role\/ci not obtained \(STS failed AssumeRoleWithOIDC \(Throttling\)\), retrying in/,
            );
            expect(printed.join("\n")).to.not.match(/\berror, retrying/);
            expect(retryCause(new TypeError("fetch failed for secret-value"))).to.equal("TypeError");
            expect(retryCause(new Error("secret-value"))).to.not.include("secret-value");
        });
    });

    describe("waitUntil", () => {
        it("returns the state that satisfies done", async () => {
            const states = ["Stopping", "Starting", "Running"];
            const final = await waitUntil({
                describe: "instance i-1 to be Running",
                poll: async () => states.shift() ?? "Running",
                show: (s) => s,
                done: (s) => s === "Running",
                deadline: Date.now() + 10_000,
                sleep: async () => undefined,
            });
            expect(final).to.equal("Running");
        });

        it("times out naming what it waited for and the last state", async () => {
            const err = await waitUntil({
                describe: "instance i-1 to be Running",
                poll: async () => "Stopping",
                show: (s) => s,
                done: () => false,
                deadline: Date.now() + 30,
                initialIntervalMs: 5,
            }).catch((e: Error) => e);
            expect(err).to.be.instanceOf(WaitTimeoutError);
            expect((err as Error).message).to.match(/waiting for instance i-1 to be Running; last state: Stopping/);
        });
    });

    it("fingerprints secrets with a salt and never contains them", () => {
        const a = fingerprint("Secr3t!Pass");
        const b = fingerprint("Secr3t!Pass");
        expect(a).to.not.equal(b);
        expect(a).to.not.contain("Secr3t!Pass");
        expect(matchesFingerprint("Secr3t!Pass", a)).to.equal(true);
        expect(matchesFingerprint("other", a)).to.equal(false);
        expect(matchesFingerprint("Secr3t!Pass", "garbage")).to.equal(false);
    });

    it("redacts secrets, raw and URL-encoded", () => {
        expect(redact("pw=Ab1!xyz& and Ab1%21xyz", ["Ab1!xyz"])).to.equal("pw=<redacted>& and <redacted>");
    });

    it("parses durations and validates the timeouts input", () => {
        expect(parseDuration("90s")).to.equal(90_000);
        expect(parseDuration("1h30m")).to.equal(5_400_000);
        expect(parseDuration("2m")).to.equal(120_000);
        expect(parseDuration("500ms")).to.equal(500);
        expect(parseDuration("ten minutes")).to.equal(undefined);
        expect(timeoutFor({ create: "30s" }, "create")).to.equal(30_000);
        expect(timeoutFor(undefined, "update")).to.equal(600_000);
        expect(timeoutsSchema.safeParse({ create: "soon" }).success).to.equal(false);
        expect(timeoutsSchema.safeParse({ create: "48h" }).success).to.equal(false);
    });

    it("turns zod issues into property-named check failures", () => {
        const schema = z.object({ name: z.string().min(2, "must be at least 2 characters"), tags: z.array(z.string()) }).strict();
        const parsed = schema.safeParse({ name: "a", tags: ["x", 3], extra: true });
        expect(parsed.success).to.equal(false);
        const failures = failuresFromZod((parsed as { error: z.ZodError }).error);
        expect(failures).to.deep.include({ property: "name", reason: "must be at least 2 characters" });
        expect(failures.map((f) => f.property)).to.include.members(["tags[1]", "extra"]);
    });

    it("splits unknown inputs from known ones", () => {
        expect(splitUnknowns({ a: 1, b: UNKNOWN, c: [1, UNKNOWN] })).to.deep.equal({ known: { a: 1 }, unknown: ["b", "c"] });
    });

    it("serializes a delegating provider to a few hundred bytes holding only the handler path", async () => {
        const provider = delegatingProvider("ecs-ops/dist/provider/does-not-matter", "cloud.Thing");
        const serialized = await pulumi.runtime.serializeFunction(() => provider);
        expect(serialized.text.length).to.be.lessThan(3000);
        expect(serialized.text).to.contain("ecs-ops/dist/provider/does-not-matter");
        expect(provider.source).to.equal('exports.handler = () => require("ecs-ops/dist/provider/does-not-matter").handler("cloud.Thing");');
    });
});
