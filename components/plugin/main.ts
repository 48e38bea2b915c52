import { PLUGIN_SCHEMA_TEXT, PLUGIN_VERSION, serve as serveProvider } from "../../provider/plugin/main";
import { EcsOpsComponentProvider } from "./construct";

// The entry point of the ecs-ops provider plugin (plugin/index.js requires this module's build):
// the resource methods of provider/plugin and `construct` for the components. It lives above
// provider/ because `construct` builds the components (imports flow components -> provider).

/** The debug logger of `@pulumi/pulumi` (its runtime calls it through this module object). */
interface SdkLog {
    debug(message: string, ...rest: unknown[]): Promise<void>;
}

/** Whether an SDK debug message prints a monitor's answer (which holds the resource's outputs, secrets in plain text). */
export function printsRpcAnswer(message: string): boolean {
    return /RPC finished: [\s\S]*resp: /.test(message);
}

/**
 * Keeps the SDK's debug messages that print an RPC answer out of the engine's log. `construct` runs
 * the components in this process with the Node SDK, which logs each monitor answer at debug level
 * (`RegisterResource RPC finished: …; resp: <the child's outputs>`); a secret output (e.g. the
 * recorded password of `InstanceAttributes`) would be in `pulumi up --json` and `--debug` output.
 */
export function quietRpcAnswers(): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's own module object, which its runtime calls
    const log = require("@pulumi/pulumi/log") as SdkLog;
    const debug = log.debug.bind(log);
    log.debug = (message: string, ...rest: unknown[]): Promise<void> => (printsRpcAnswer(message) ? Promise.resolve() : debug(message, ...rest));
}

/** Starts the provider plugin with the components; the promise settles once it listens. */
export function serve(args: string[] = process.argv.slice(2)): Promise<void> {
    quietRpcAnswers();
    return serveProvider(args, new EcsOpsComponentProvider(PLUGIN_VERSION, PLUGIN_SCHEMA_TEXT));
}
