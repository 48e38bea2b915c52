// Test support: capturing everything a provider prints (console.log is its only channel to the user).

/** Everything written to console.log / console.error / console.warn while capturing. */
export class ConsoleCapture {
    readonly lines: string[] = [];
    private saved?: { log: typeof console.log; error: typeof console.error; warn: typeof console.warn };

    /** Clears the captured lines and starts replacing console.log / error / warn. */
    start(): void {
        this.lines.length = 0;
        this.saved = { log: console.log, error: console.error, warn: console.warn };
        const keep = (...args: unknown[]): void => {
            this.lines.push(args.map(String).join(" "));
        };
        console.log = keep;
        console.error = keep;
        console.warn = keep;
    }

    /** Puts the original console functions back (the captured lines stay readable). */
    stop(): void {
        if (this.saved) {
            console.log = this.saved.log;
            console.error = this.saved.error;
            console.warn = this.saved.warn;
            this.saved = undefined;
        }
    }

    /** All captured text in one string. */
    text(): string {
        return this.lines.join("\n");
    }
}
