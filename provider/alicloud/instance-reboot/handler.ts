import { randomBytes } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { PartialFailure } from "../../core/transport/errors";
import { NO_OPERATION, triggerReason } from "../../core/resource/plan";
import { progress } from "../../core/resource/progress";
import { setStackConfig } from "../../core/credentials/stack-config";
import { deadlineFor } from "../../core/inputs/timeouts";
import { assertValid, engineSafeFailures } from "../../core/inputs/validation";
import { checkKnownInputs, presentInputs } from "../../core/inputs/check-inputs";
import { underWay } from "../../core/operation/in-flight";
import { interruptible } from "../../core/operation/interrupt";
import { triggerFingerprint } from "../../core/operation/operation-record";
import { AfterAcceptedError, clearRebootRecord, describeInstance, instanceNotFound, rebootInstance } from "../operations/instance-power";
import {
    INSTANCE_REBOOT_COMPARISON_INPUTS,
    INSTANCE_REBOOT_INPUTS,
    INSTANCE_REBOOT_REPLACE_ON_CHANGE,
    INSTANCE_REBOOT_SECRET_INPUTS,
    InstanceRebootInputs,
    instanceRebootDeclaration,
    instanceRebootSchema,
} from "./declaration";
import type { StateOf } from "../../core/resource/declaration";
import { containsUnknown } from "../../core/inputs/unknowns";
import { recordedInLegacyForm, triggersChanged, valuesDiffer } from "../../core/inputs/triggers";
import { dueText, isObserving, operationCheck, PENDING_KEY, pendingAfter } from "../../core/resource/observe";

/** The outputs of `alicloud.InstanceReboot`: the inputs as applied plus the record of the last reboot. */
export type InstanceRebootOutputs = StateOf<typeof instanceRebootDeclaration>;

/** Values an unset input stands for. */
const INPUT_DEFAULTS: Readonly<Record<string, unknown>> = { forceStop: false, dryRun: true, rebootOnCreate: true, observeOnly: false };

function subject(instanceId: string): string {
    return `alicloud.InstanceReboot ${instanceId}`;
}

/** The input properties as given (undefined ones dropped), to store as outputs and return from read. */
function inputsOf(props: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of INSTANCE_REBOOT_INPUTS) {
        if (props[key] !== undefined && !INSTANCE_REBOOT_COMPARISON_INPUTS.includes(key)) out[key] = props[key];
    }
    return out;
}

/** Reboots once and returns the outputs; a failure after the reboot was accepted keeps its record in state. */
async function rebootAndRecord(
    id: string,
    inputs: InstanceRebootInputs,
    rawInputs: Record<string, unknown>,
    previousCount: number,
    operation: "create" | "update",
): Promise<InstanceRebootOutputs> {
    const base = inputsOf(presentInputs(rawInputs)) as unknown as InstanceRebootInputs;
    try {
        // SIGINT/SIGTERM end the waits at once (the same interruption as on Huawei Cloud); the send is never aborted.
        const result = await underWay(`the reboot of instance ${inputs.instanceId}`, () =>
            interruptible((signal) =>
                rebootInstance(inputs.instanceId, {
                    region: inputs.region,
                    deadline: deadlineFor(inputs.timeouts, operation),
                    describe: subject(inputs.instanceId),
                    forceStop: inputs.forceStop,
                    dryRun: inputs.dryRun,
                    fingerprint: triggerFingerprint(inputs.triggers),
                    creating: operation === "create",
                    signal,
                }),
            ),
        );
        return {
            ...base,
            lastRebootAt: result.at,
            lastRebootRequestId: result.requestId ?? "",
            rebootCount: previousCount + 1,
        };
    } catch (err) {
        if (err instanceof AfterAcceptedError) {
            // The reboot ran: record it, so the next `up` does not reboot a second time for the same triggers.
            const properties = {
                ...base,
                lastRebootAt: err.at,
                lastRebootRequestId: err.requestId ?? "",
                rebootCount: previousCount + 1,
                __provider: rawInputs.__provider,
            };
            throw new PartialFailure(err.message, id, properties);
        }
        throw err;
    }
}

/**
 * What `up` will do, by the rules of create and update: reboot once when created (unless
 * `rebootOnCreate: false`) and once when the triggers change; nothing otherwise. `olds` are the
 * old inputs (empty when the resource is created or replaced).
 */
export function rebootPlan(olds: Record<string, unknown>, news: Record<string, unknown>): string {
    const target = `instance ${typeof news.instanceId === "string" ? news.instanceId : "(known at up)"}`;
    const how = news.forceStop === true ? "hard restart (ForceStop)" : "restart";
    const creating = olds.instanceId === undefined || olds.instanceId !== news.instanceId || valuesDiffer(olds.region, news.region);
    if (creating) {
        if (news.rebootOnCreate === false) return NO_OPERATION;
        if (containsUnknown(news.rebootOnCreate))
            return `reboot ${target} (${how}) once it is taken under management, if a restart is pending then (known at up)`;
        return `reboot ${target} (${how}): the reboot resource is created`;
    }
    if (recordedInLegacyForm(olds.triggers, news.triggers, news.legacyTriggers))
        return `${NO_OPERATION} (the triggers an earlier ecs-ops release recorded are the same values: recorded anew, no reboot)`;
    if (!triggersChanged(olds.triggers, news.triggers, news.legacyTriggers)) return NO_OPERATION;
    return `reboot ${target} (${how}): ${triggerReason(olds.triggers, news.triggers)}`;
}

/**
 * The dynamic provider of `alicloud.InstanceReboot`: an explicit operation that reboots an ECS
 * instance on create and whenever `triggers` change, and does nothing on delete.
 */
export const handler: pulumi.dynamic.ResourceProvider = {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        setStackConfig(req.config);
    },

    async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
        const { failures } = checkKnownInputs(instanceRebootSchema, presentInputs(news));
        return {
            inputs: { ...news, ...operationCheck(olds, news, rebootPlan(presentInputs(olds), presentInputs(news))) },
            failures: engineSafeFailures(failures, INSTANCE_REBOOT_INPUTS, INSTANCE_REBOOT_SECRET_INPUTS),
        };
    },

    async diff(_id: string, oldOutputs: Record<string, unknown>, newInputs: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
        const olds = presentInputs(oldOutputs);
        const news = presentInputs(newInputs);
        const replaces: string[] = [];
        const changed: string[] = [];
        for (const key of INSTANCE_REBOOT_INPUTS) {
            if (INSTANCE_REBOOT_COMPARISON_INPUTS.includes(key)) continue;
            // Unset and the default are the same: `dryRun: true` → unset is no change.
            const previous = olds[key] ?? INPUT_DEFAULTS[key];
            const next = news[key] ?? INPUT_DEFAULTS[key];
            if (!valuesDiffer(previous, next)) continue;
            changed.push(key);
            if ((INSTANCE_REBOOT_REPLACE_ON_CHANGE as readonly string[]).includes(key)) replaces.push(key);
        }
        return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
        const valid = assertValid(instanceRebootSchema, presentInputs(inputs), "alicloud.InstanceReboot inputs");
        const id = `${valid.instanceId}:reboot:${randomBytes(4).toString("hex")}`;
        if (valid.rebootOnCreate === false || valid.observeOnly === true) {
            // Take the instance under management without rebooting it; triggers changes will.
            const instance = await describeInstance(valid.instanceId, {
                region: valid.region,
                deadline: deadlineFor(valid.timeouts, "create"),
                describe: subject(valid.instanceId),
            });
            if (instance === undefined) throw instanceNotFound(valid.instanceId, valid.region);
            const outs: InstanceRebootOutputs = { ...(inputsOf(presentInputs(inputs)) as unknown as InstanceRebootInputs), rebootCount: 0 };
            if (valid.observeOnly === true && valid.rebootOnCreate !== false) {
                outs.pendingOperation = dueText(inputs, `reboot instance ${valid.instanceId}: the reboot resource was created`);
                progress(subject(valid.instanceId), `observeOnly: not rebooted; recorded as due (${outs.pendingOperation})`);
            } else progress(subject(valid.instanceId), "rebootOnCreate is false: recorded without rebooting");
            return { id, outs };
        }
        const outs = await rebootAndRecord(id, valid, inputs, 0, "create");
        return { id, outs };
    },

    async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
        const valid = assertValid(instanceRebootSchema, presentInputs(news), "alicloud.InstanceReboot inputs");
        const previousCount = typeof olds.rebootCount === "number" ? olds.rebootCount : 0;
        const changed = triggersChanged(olds.triggers ?? undefined, news.triggers ?? undefined, valid.legacyTriggers);
        const due = typeof olds[PENDING_KEY] === "string" ? (olds[PENDING_KEY] as string) : undefined;
        if (valid.observeOnly === true) {
            // Observe only: nothing is sent; a reboot that became due is recorded, to run once when observeOnly is turned off.
            const pending = pendingAfter(
                due,
                changed ? dueText(news, `reboot instance ${valid.instanceId}: ${triggerReason(olds.triggers, news.triggers)}`) : undefined,
            );
            if (pending !== undefined) progress(subject(valid.instanceId), `observeOnly: not rebooted; due: ${pending}`);
            // (The engine's Struct refuses undefined values: only the recorded ones are returned.)
            const outs = presentInputs({
                ...inputsOf(presentInputs(news)),
                lastRebootAt: olds.lastRebootAt,
                lastRebootRequestId: olds.lastRebootRequestId,
                rebootCount: previousCount,
            });
            if (pending !== undefined) outs[PENDING_KEY] = pending;
            return { outs };
        }
        if (changed || due !== undefined) {
            progress(subject(valid.instanceId), changed ? "triggers changed: rebooting" : `observeOnly turned off: rebooting once (due: ${due})`);
            const outs = await rebootAndRecord(id, valid, news, previousCount, "update");
            return { outs };
        }
        // forceStop, dryRun, timeouts (or only the provider's code) changed, or the triggers were
        // recorded by an earlier release in its form of the same values: nothing to do in the cloud.
        // Never rebooted yet (rebootOnCreate false): no last reboot to return (the engine's Struct refuses undefined).
        const outs = presentInputs({
            ...inputsOf(presentInputs(news)),
            lastRebootAt: olds.lastRebootAt,
            lastRebootRequestId: olds.lastRebootRequestId,
            rebootCount: previousCount,
        });
        return { outs };
    },

    async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
        const state = presentInputs(props);
        const valid = assertValid(instanceRebootSchema, inputsOf(state), "alicloud.InstanceReboot state");
        const instance = await describeInstance(valid.instanceId, {
            region: valid.region,
            deadline: deadlineFor(valid.timeouts, "update"),
            describe: subject(valid.instanceId),
        });
        if (instance === undefined) {
            progress(subject(valid.instanceId), `instance ${valid.instanceId} no longer exists: the reboot resource is gone`);
            return { id: "", props: {}, inputs: {} };
        }
        // A reboot is an event, not a state: refresh only confirms the instance is still there. No
        // input comes from the cloud, so none are returned and the engine keeps the inputs it has
        // (legacyTriggers, a secret kept only there, included): no phantom diff after a refresh.
        return { id, props: state };
    },

    async delete(_id: string, props: Record<string, unknown>): Promise<void> {
        // Deleting the record of a reboot leaves the instance as it is; only ecs-ops' own tag of
        // the last reboot goes, so that a new resource with the same triggers reboots again.
        const state = presentInputs(props);
        if (typeof state.instanceId !== "string" || !(typeof state.rebootCount === "number" && state.rebootCount > 0)) return;
        if (isObserving(state)) {
            progress(subject(state.instanceId), "observeOnly: the reboot record (tag ecs-ops-reboot) is left on the instance");
            return;
        }
        const region = typeof state.region === "string" ? state.region : undefined;
        try {
            await clearRebootRecord(state.instanceId, triggerFingerprint(state.triggers), {
                region,
                deadline: Date.now() + 60_000,
                describe: subject(state.instanceId),
            });
        } catch (err) {
            progress(subject(state.instanceId), `warning: the reboot record (tag ecs-ops-reboot) was left on the instance: ${(err as Error).message}`);
        }
    },
};
