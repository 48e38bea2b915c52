import { PLUGIN_SCHEMA_TEXT, PLUGIN_VERSION, serve as serveProvider } from "../../provider/plugin/main";
import { EcsOpsProvider } from "../../provider/plugin/provider";
import type { EcsOpsComponentProvider } from "./construct";

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

/**
 * The plugin's provider: the resource methods at once, `construct` (./construct, which loads the
 * components and the whole Pulumi SDK) on the first component a program declares. The engine starts
 * the plugin for every command (preview, up, refresh); one that only has resources, or no program
 * at all (refresh), does not pay for loading the components (about half a second here).
 */
export class LazyComponentProvider extends EcsOpsProvider {
    private components: EcsOpsComponentProvider | undefined;

    /** Builds a component (the engine's Construct), by ./construct's provider. */
    construct(...args: Parameters<EcsOpsComponentProvider["construct"]>): ReturnType<EcsOpsComponentProvider["construct"]> {
        if (this.components === undefined) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
            const { EcsOpsComponentProvider: Components } = require("./construct") as typeof import("./construct");
            this.components = new Components(this.version, this.schema);
        }
        return this.components.construct(...args);
    }
}

/** Starts the provider plugin with the components; the promise settles once it listens. */
export function serve(args: string[] = process.argv.slice(2)): Promise<void> {
    quietRpcAnswers();
    return serveProvider(args, new LazyComponentProvider(PLUGIN_VERSION, PLUGIN_SCHEMA_TEXT));
}
