// What the Pulumi engine does around a provider's `read` and `diff`, mirrored for provider-level
// tests (checked against pulumi v3.259.0: pkg/resource/deploy/step.go RefreshStep.Apply and
// pkg/backend/display/rows.go): a refresh keeps the inputs in state unless `read` returns inputs
// of its own, and a step without a detailed diff (every Node dynamic provider) is printed as the
// difference between the old inputs in state and the new checked inputs.
import type * as pulumi from "@pulumi/pulumi";

type Props = Record<string, unknown>;

/** The inputs the engine stores after a refresh: those `read` returned, else the ones in state. */
export function inputsAfterRefresh(stateInputs: Props, read: pulumi.dynamic.ReadResult): Props {
    return (read.inputs as Props | undefined) ?? stateInputs;
}

/** The input keys `pulumi preview --diff` prints as added, removed or changed (`__provider` aside). */
export function printedChanges(oldInputs: Props, newInputs: Props): string[] {
    const keys = new Set([...Object.keys(oldInputs), ...Object.keys(newInputs)]);
    keys.delete("__provider");
    return [...keys].filter((k) => JSON.stringify(oldInputs[k] ?? null) !== JSON.stringify(newInputs[k] ?? null)).sort();
}
