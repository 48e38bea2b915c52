import type * as pulumi from "@pulumi/pulumi";

/** The full Pulumi SDK, loaded when a resource class registers (in the program): a provider process that loads this module never needs it. */
function programSdk(): typeof import("@pulumi/pulumi") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
    return require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
}

/**
 * Adds to a resource's `props` every key of `args` that the class does not know, so that the
 * provider's `check` rejects it by name (`unknown input "trigger" — did you mean "triggers"?`)
 * instead of the class dropping it silently (a plain-JavaScript program has no type checker).
 * The value goes as a secret: a misspelt `pasword` must not reach a log or the state in the clear.
 */
export function withUnknownArgs(props: Record<string, unknown>, args: object): Record<string, unknown> {
    for (const [key, value] of Object.entries(args)) {
        if (!(key in props) && value !== undefined) props[key] = programSdk().secret(value as pulumi.Input<unknown>);
    }
    return props;
}
