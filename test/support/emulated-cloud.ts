// Test support: an in-process emulator on 127.0.0.1 (port 0) with the process environment pointed at
// it for one cloud's client, and that cloud's view of the control API.
import { CallRecord, CloudName, EmulatorOptions, FaultConfig, startEmulator } from "../../emulator";
import { clearStackConfig } from "../../provider/core/credentials/stack-config";
import { callLog, cloudState, emulatorControl, injectFaults } from "./emulator-control";
import { replaceEnvironment } from "./environment";

/** A running emulator with the process environment pointed at it, and its control API for one cloud. */
export interface EmulatedCloud<State, ResetFixture> {
    url: string;
    /** This cloud's calls recorded since the last `clearCalls`, in order. */
    calls(): Promise<CallRecord[]>;
    clearCalls(): Promise<void>;
    faults(config: FaultConfig): Promise<void>;
    /** `GET /_emulator/state`, this cloud's section. */
    state(): Promise<State>;
    /** Holds every modelled transition (`true`) until released (`false`): a job or a settling state stays where it is. */
    holdClock(hold: boolean): Promise<void>;
    /** Reloads a fixture (see `EmulatedCloudSetup.defaultReset`) and clears calls and faults. */
    reset(fixture?: ResetFixture): Promise<void>;
    /** Stops the emulator and restores the environment. */
    stop(): Promise<void>;
}

/** How `startEmulatedCloud` points one cloud's client at the emulator. */
export interface EmulatedCloudSetup {
    cloud: CloudName;
    options: EmulatorOptions;
    /** Every variable the cloud's settings resolution reads: cleared, then restored on `stop`. */
    envKeys: readonly string[];
    /** The variables to set, given the emulator's URL. */
    env(url: string): Record<string, string>;
    /** The body of `reset()` without a fixture; without it no body is sent (the emulator reloads the last fixture). */
    defaultReset?: () => unknown;
}

/** Starts the emulator on 127.0.0.1 (port 0), points the cloud's client at it through the environment, clears stack config. */
export async function startEmulatedCloud<State, ResetFixture>(setup: EmulatedCloudSetup): Promise<EmulatedCloud<State, ResetFixture>> {
    const emulator = await startEmulator({ port: 0, ...setup.options });
    const restoreEnvironment = replaceEnvironment(setup.envKeys, setup.env(emulator.url));
    clearStackConfig();
    return {
        url: emulator.url,
        calls: () => callLog(emulator.url, setup.cloud),
        clearCalls: async () => {
            await emulatorControl(emulator.url, "DELETE", "calls");
        },
        faults: (config) => injectFaults(emulator.url, config),
        state: () => cloudState<State>(emulator.url, setup.cloud),
        holdClock: async (hold) => {
            await emulatorControl(emulator.url, "POST", "clock", { hold });
        },
        reset: async (fixture) => {
            await emulatorControl(emulator.url, "POST", "reset", fixture ?? setup.defaultReset?.());
        },
        stop: async () => {
            await emulator.stop();
            restoreEnvironment();
        },
    };
}
