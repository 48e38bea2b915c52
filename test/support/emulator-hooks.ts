// Test support: the mocha hooks of a suite run against an in-process emulator (or an emulated cloud
// wrapping one), optionally with the console captured around each test.
import { alicloudLimiters } from "../../provider/alicloud/api/client";
import { resetDescribeBatchers } from "../../provider/alicloud/api/describe-batch";
import { resetOwnerTagBatchers } from "../../provider/alicloud/api/ownership";
import { huaweicloudLimiters } from "../../provider/huaweicloud/api/client";
import { resetServerOwnerListings } from "../../provider/huaweicloud/api/ownership";
import { resetServerBatchers } from "../../provider/huaweicloud/api/server-batch";
import { ConsoleCapture } from "./console-capture";

/** What the hooks do around each test besides starting and stopping. */
export interface EmulatorHookOptions<C> {
    /** Run before each test (e.g. reset the emulator, or clear its call log). */
    beforeEachTest?: (emulator: C) => Promise<unknown>;
    /** Captured from just before each test to just after it (and stopped after the suite). */
    capture?: ConsoleCapture;
}

/**
 * Registers the hooks of the current suite: `start` before it (the result handed to `started`),
 * `beforeEachTest` then the capture around each test, the capture and the emulator stopped after it.
 * Hooks the caller registers afterwards run after these.
 */
export function emulatorHooks<C extends { stop(): Promise<void> }>(
    start: () => Promise<C>,
    started: (emulator: C) => void,
    options: EmulatorHookOptions<C> = {},
): void {
    let emulator: C | undefined;
    before(async () => {
        emulator = await start();
        started(emulator);
    });
    after(async () => {
        options.capture?.stop();
        await emulator?.stop();
    });
    beforeEach(async () => {
        // The clients' limiters and read batchers are process-wide (one provider process per
        // deployment): each test starts fresh, so a batch window does not wait by the gaps between tests.
        alicloudLimiters.clear();
        huaweicloudLimiters.clear();
        resetDescribeBatchers();
        resetOwnerTagBatchers();
        resetServerBatchers();
        resetServerOwnerListings();
        if (options.beforeEachTest) await options.beforeEachTest(emulator!);
        options.capture?.start();
    });
    afterEach(() => options.capture?.stop());
}
