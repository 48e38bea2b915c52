import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

// ManagedInstance's restart triggers as ecs-ops releases before the keyed restart trigger recorded
// them, so that the first `up` after an upgrade reboots nothing that did not change.

/** The legacy digest of the password and user data (the second element of the earlier triggers). */
export function legacySecretDigest(password: string | undefined, userData: string | undefined): string {
    return createHash("sha256")
        .update(JSON.stringify({ password: password ?? null, userData: userData ?? null }))
        .digest("hex");
}

/**
 * The same values in the form ecs-ops releases before the keyed restart trigger recorded as the
 * reboot's triggers: `[hostName ?? null, sha256 of {password, userData}]` (the digest a secret,
 * for it is derived from a password). The reboot takes state recorded in this form as unchanged
 * triggers, so the first `up` after an upgrade reboots nothing unless a value really changed.
 */
export function legacyRestartTriggers(values: {
    hostName?: pulumi.Input<string>;
    password?: pulumi.Input<string>;
    userData?: pulumi.Input<string>;
}): pulumi.Output<unknown[]> {
    const digest = pulumi.all([values.password, values.userData]).apply(([password, userData]) => legacySecretDigest(password, userData));
    return pulumi.secret(pulumi.all([pulumi.output(values.hostName).apply((h) => h ?? null), digest]));
}
