import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

/**
 * The triggers of the reboot that applies restart-requiring changes: the hostName as given, and
 * a digest of the password and user data kept secret (it is derived from a password). They change
 * exactly when one of the three changes in the program, and are known during preview, so the
 * preview shows the reboot only then. The preview shows the triggers as `[secret]` (a property with
 * a secret part is secret as a whole); the hostName change shows in the clear on the attributes.
 */
export function restartTriggers(values: {
    hostName?: pulumi.Input<string>;
    password?: pulumi.Input<string>;
    userData?: pulumi.Input<string>;
}): pulumi.Input<unknown>[] {
    const secretDigest = pulumi
        .all([values.password, values.userData])
        .apply(([password, userData]) =>
            createHash("sha256")
                .update(JSON.stringify({ password: password ?? null, userData: userData ?? null }))
                .digest("hex"),
        );
    return [pulumi.output(values.hostName).apply((h) => h ?? null), pulumi.secret(secretDigest)];
}
