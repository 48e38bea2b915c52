// Test support: the mocha hooks of a suite run against an emulated cloud with its console captured.
import { ConsoleCapture } from "./console-capture";

/** What the hooks need of a started emulated cloud. */
interface ResettableCloud {
    reset(): Promise<void>;
    stop(): Promise<void>;
}

/**
 * Registers the hooks of the current suite: start the cloud before it (handing it to `started`),
 * reset it (unless `resetEachTest` is false) and capture the console around each test, stop both
 * after it. Hooks the caller registers afterwards run after these.
 */
export function emulatedSuiteHooks<C extends ResettableCloud>(
    start: () => Promise<C>,
    started: (cloud: C) => void,
    out: ConsoleCapture,
    { resetEachTest = true }: { resetEachTest?: boolean } = {},
): void {
    let cloud: C | undefined;
    before(async () => {
        cloud = await start();
        started(cloud);
    });
    after(async () => {
        out.stop();
        await cloud?.stop();
    });
    beforeEach(async () => {
        if (resetEachTest) await cloud!.reset();
        out.start();
    });
    afterEach(() => out.stop());
}
