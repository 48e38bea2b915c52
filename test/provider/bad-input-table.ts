// Test support for the provider input tests: one `check` test per row of a table of bad inputs.
import type * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { CallRecord } from "../../emulator";

/** A bad-input row: a title, the inputs (without `__provider`), the property that must fail and its reason. */
export type BadInputRow = [title: string, inputs: Record<string, unknown>, property: string, reason: RegExp];

/** What every row's test needs besides the row. */
export interface BadInputTableOptions {
    /** The `__provider` value added to every row's inputs. */
    provider: string;
    /** The calls the emulated cloud served since the last clear (the suite clears them before each test). */
    calls: () => Promise<CallRecord[]>;
    /** Input properties whose string value must not appear in the failures (e.g. a password). */
    secretProperties?: string[];
}

/**
 * The property a check failure is about: `property`, or — for secret, nested and unknown inputs,
 * whose value the engine would print — the name at the start of the reason.
 */
export function failedProperty(f: { property: string; reason: string }): string {
    if (f.property !== "") return f.property;
    const unknown = /^unknown input "([^"]+)"/.exec(f.reason);
    if (unknown) return unknown[1];
    const named = /^([A-Za-z0-9_.[\]-]+): /.exec(f.reason);
    return named ? named[1] : "";
}

/** The failure about `property`, if any. */
export function failureFor<F extends { property: string; reason: string }>(failures: readonly F[], property: string): F | undefined {
    return failures.find((f) => failedProperty(f) === property);
}

/**
 * Registers one test per row in the current suite: `check` reports a failure for the row's property
 * whose reason matches the row's, no secret input appears in the failures, and no API call was made.
 */
export function itReportsEachBadInput(handler: pulumi.dynamic.ResourceProvider, rows: BadInputRow[], options: BadInputTableOptions): void {
    for (const [title, inputs, property, reason] of rows) {
        it(`check: ${title} → ${property}`, async () => {
            const result = await handler.check!({}, { ...inputs, __provider: options.provider });
            const failures = result.failures ?? [];
            const failure = failureFor(failures, property);
            for (const f of failures) {
                if (f.property !== "")
                    expect(options.secretProperties ?? [], `${f.property} is secret: the engine would print its value`).to.not.include(
                        f.property.split(/[.[]/)[0],
                    );
            }
            expect(failure, `failures: ${JSON.stringify(failures)}`).to.not.equal(undefined);
            expect(failure!.reason).to.match(reason);
            for (const secretProperty of options.secretProperties ?? []) {
                const secret = inputs[secretProperty];
                if (typeof secret === "string") expect(JSON.stringify(result.failures)).to.not.include(secret);
            }
            expect(await options.calls()).to.deep.equal([]);
        });
    }
}
