import * as pulumi from "@pulumi/pulumi";
import type { InstanceAttributes } from "../../provider/alicloud/instance-attributes";

/**
 * The triggers of the reboot that applies restart-requiring changes: the attributes' `restartTrigger`
 * — the hostName, keyed fingerprints of the password and user data (no secret: the preview shows
 * them change), a revision that grows with every run that changes one of them (a drift correction
 * after a refresh included) and the reason. It changes exactly when `up` applies such a change and
 * is known during preview, so the preview marks the reboot's `triggers` changed, with the reason,
 * exactly then.
 */
export function restartTriggers(attributes: Pick<InstanceAttributes, "restartTrigger">): pulumi.Output<unknown> {
    return attributes.restartTrigger.apply((t) => t ?? null);
}
