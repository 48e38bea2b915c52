import * as pulumi from "@pulumi/pulumi";

/**
 * The cloud-neutral restart logic of the managed-server components (Alibaba `ManagedInstance`,
 * Huawei `ManagedServer`): how the reboot resource follows the attributes' restart trigger under
 * the "auto" and "never" policies, and when a restart is still pending.
 */

/** What a managed-server component does when a change needs a restart to take effect. */
export type RestartPolicy = "auto" | "never";

/** The restart policy given, checked ("auto" when unset); throws naming the component and the rule. */
export function restartPolicyOf(policy: unknown, where: string): RestartPolicy {
    const p = policy ?? "auto";
    if (p !== "auto" && p !== "never") throw new Error(`${where}: restartPolicy must be "auto" or "never", got "${String(p)}"`);
    return p;
}

/**
 * The triggers of the reboot that applies restart-requiring changes: the attributes'
 * `restartTrigger` (non-secret: the restart-requiring values or their keyed fingerprints, a
 * revision that grows with every run that changes one of them — a drift correction included — and
 * the reason). It changes exactly when `up` applies such a change and is known during preview, so
 * the preview marks the reboot's `triggers` changed, with the reason, exactly then.
 */
export function restartTriggers(attributes: { restartTrigger: pulumi.Output<unknown> }): pulumi.Output<unknown> {
    return attributes.restartTrigger.apply((t) => t ?? null);
}

/** How the reboot resource of a managed server is wired under a policy. */
export interface RestartWiring {
    triggers: pulumi.Output<unknown>;
    rebootOnCreate: pulumi.Input<boolean>;
    ignoreChanges: string[];
}

/**
 * The reboot resource exists under both policies, so that its record of the last reboot survives a
 * policy switch (the attributes still list a change as restart-requiring after the reboot that
 * applied it). Under "auto" it follows the restart trigger and reboots on adoption only when a
 * restart is pending. Under "never" its triggers are ignored: they keep the values of the last
 * reboot (or of adoption), and a switch to "auto" reboots exactly when they differ; created under
 * "never" while a restart is pending, it records that instead. `rebootOnCreate` matters only when
 * the reboot resource is created: later changes of it (it follows the attributes' outputs) must
 * not show as updates.
 */
export function restartWiring(
    policy: RestartPolicy,
    attributes: { restartTrigger: pulumi.Output<unknown>; restartRequired: pulumi.Output<string[]> },
): RestartWiring {
    const pendingNow = attributes.restartRequired.apply((r) => r.length > 0);
    const triggers = restartTriggers(attributes);
    if (policy === "auto") return { triggers, rebootOnCreate: pendingNow, ignoreChanges: ["rebootOnCreate"] };
    const neverTriggers = pulumi
        .all([pendingNow, triggers])
        .apply(([pending, values]): unknown => (pending ? { reason: "restart pending when taken under management" } : values));
    return { triggers: neverTriggers, rebootOnCreate: false, ignoreChanges: ["rebootOnCreate", "triggers"] };
}

/**
 * Whether a restart is still pending: the attributes say one is, and the component's reboot has not
 * happened since (a reboot at or after `restartPendingSince` applied it, whatever the policy now).
 */
export function stillPending(pending: boolean, since: string | undefined, lastRebootAt: string | undefined): boolean {
    return pending && !(lastRebootAt !== undefined && since !== undefined && lastRebootAt >= since);
}

/** `stillPending` over the outputs of the attributes and of the reboot resource (when there is one). */
export function pendingRestartOutput(
    attributes: { pendingRestart: pulumi.Output<boolean>; restartPendingSince: pulumi.Output<string | undefined> },
    restart: { lastRebootAt: pulumi.Output<string | undefined> } | undefined,
): pulumi.Output<boolean> {
    if (restart === undefined) return attributes.pendingRestart;
    return pulumi
        .all([attributes.pendingRestart, attributes.restartPendingSince, restart.lastRebootAt])
        .apply(([pending, since, at]) => stillPending(pending, since, at));
}
