// Test support: the emulator's control API (/_emulator/...) over real HTTP.
import { CallRecord, CloudName, FaultConfig } from "../../emulator";

/** Sends a control-API request to `/_emulator/<path>` and returns its parsed JSON answer; throws on a non-2xx status. */
export async function emulatorControl(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${url}/_emulator/${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text);
}

/** `GET /_emulator/calls`, the entries of one cloud, in order. */
export async function callLog(url: string, cloud: CloudName): Promise<CallRecord[]> {
    return ((await emulatorControl(url, "GET", "calls")) as { calls: CallRecord[] }).calls.filter((c) => c.cloud === cloud);
}

/** `GET /_emulator/state`, the section of one cloud (typed as the caller reads it). */
export async function cloudState<State>(url: string, cloud: CloudName): Promise<State> {
    return ((await emulatorControl(url, "GET", "state")) as Record<CloudName, State>)[cloud];
}

/** `POST /_emulator/faults` (an empty config clears every fault). */
export async function injectFaults(url: string, config: FaultConfig): Promise<void> {
    await emulatorControl(url, "POST", "faults", config);
}
