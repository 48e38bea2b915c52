// Root hook plugin of the whole suite (.mocharc.suite.js requires it): prints one line per test file with
// its wall time, hooks included, e.g. `[file-timing] test/e2e/examples.test.ts 95.2 s`, so a CI log shows
// where the suite's time goes. Works serially (root hooks run once; each file ends at its last top-level
// suite's end) and in parallel mode (each worker runs the root hooks per file).
import * as path from "path";
import type { Context, Suite } from "mocha";

const REPO = path.resolve(__dirname, "..", "..");

/** The line printed when a file's last top-level suite ends. */
export function timingLine(file: string, ms: number): string {
    return `[file-timing] ${path.relative(REPO, file)} ${(ms / 1000).toFixed(1)} s\n`;
}

/** The mocha root hooks (the plugin's interface). */
export const mochaHooks = {
    beforeAll(this: Context): void {
        const root: Suite | undefined = this.test?.parent;
        if (!root) return;
        let mark = Date.now();
        const lastSuiteOf = new Map<string, Suite>();
        for (const suite of root.suites) if (suite.file) lastSuiteOf.set(suite.file, suite);
        for (const [file, suite] of lastSuiteOf) {
            // Appended: runs after the suite's own after() hooks, i.e. when the file's work is over.
            suite.afterAll(() => {
                const now = Date.now();
                process.stderr.write(timingLine(file, now - mark));
                mark = now;
            });
        }
    },
};
