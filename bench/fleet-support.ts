// What the fleet benchmarks share (bench/fleet.ts: one stack; bench/multi-stack.ts: several stacks on one
// emulator): the program, the emulator's throttling rules, the instances' descriptions, the command line.
import * as fs from "fs";
import * as path from "path";

import type { CallRecord } from "../emulator";

/** The benchmarks' Pulumi program: an alicloud.InstanceFleet over the emulator's fleet world. */
export const FLEET_PROGRAM = path.join(__dirname, "..", "test", "e2e", "fixtures", "fleet");

/** The actions a fleet's update and refresh use, each throttled on its own (Alibaba counts per API). */
export const FLEET_ACTIONS = ["DescribeInstances", "ModifyInstanceAttribute", "DescribeInstanceAttribute", "DescribeUserData"];

/** Sends an emulator control request (a TestStack's `emulatorRequest`, or one against a shared emulator). */
export type EmulatorRequest = (method: string, urlPath: string, body?: unknown) => Promise<unknown>;

/**
 * Throttles every fleet action at `qps` calls/s per action (the emulator's sliding-second quota, one per
 * action for the whole emulator: every stack on it shares it, as one account's quota), or clears it.
 */
export async function throttleFleet(request: EmulatorRequest, qps: number | undefined, retryAfter: boolean): Promise<void> {
    await request(
        "POST",
        "/_emulator/faults",
        qps === undefined
            ? {}
            : { throttle: FLEET_ACTIONS.map((action) => ({ cloud: "alicloud", action, qps, ...(retryAfter ? {} : { retryAfter: false }) })) },
    );
}

/** Every instance's description in the emulator, by id. */
export async function fleetDescriptions(request: EmulatorRequest): Promise<Map<string, string>> {
    const state = (await request("GET", "/_emulator/state")) as { alicloud: { instances: Array<{ instanceId: string; description: string }> } };
    return new Map(state.alicloud.instances.map((i) => [i.instanceId, i.description]));
}

/** Whether a call was answered with Alibaba's throttling error. */
export function throttled(c: CallRecord): boolean {
    return c.code !== null && c.code.startsWith("Throttling");
}

/** Accepted calls per second of `action` from its first accepted call to its last (0 with fewer than two). */
export function acceptedRate(calls: CallRecord[], action: string): { perSecond: number; count: number; spanS: number } {
    const at = calls.filter((c) => c.action === action && c.code === null).map((c) => Date.parse(c.at));
    const spanS = at.length > 1 ? (Math.max(...at) - Math.min(...at)) / 1000 : 0;
    return { perSecond: spanS > 0 ? (at.length - 1) / spanS : 0, count: at.length, spanS };
}

/** Writes a run's calls (time, action, answer code, instance id) to `<base>.calls.json` for a look into a slow run. */
export function dumpCalls(base: string, calls: CallRecord[], extra: (c: CallRecord) => Record<string, unknown> = () => ({})): void {
    fs.writeFileSync(
        `${base}.calls.json`,
        JSON.stringify(calls.map((c) => ({ at: c.at, action: c.action, code: c.code, id: c.params?.InstanceId, ...extra(c) }))),
    );
}

/** `12.3 s`. */
export function seconds(ms: number): string {
    return `${(ms / 1000).toFixed(1)} s`;
}

/** Takes options out of a command line (`--name value`, `--flag`); what is left are the positional arguments. */
export class Argv {
    constructor(readonly rest: string[]) {}

    /** The value after `name`, taken out; undefined when absent. */
    value(name: string): string | undefined {
        const i = this.rest.indexOf(name);
        if (i < 0) return undefined;
        const value = this.rest[i + 1];
        this.rest.splice(i, 2);
        return value;
    }

    /** A numeric option, or `fallback` when absent. */
    number(name: string, fallback: number): number {
        const value = this.value(name);
        return value === undefined ? fallback : Number(value);
    }

    /** Whether the flag `name` was there (taken out). */
    flag(name: string): boolean {
        const i = this.rest.indexOf(name);
        if (i >= 0) this.rest.splice(i, 1);
        return i >= 0;
    }
}
