import { COMMON, fail, POWER, REBOOT } from "./errors";
import { Instance } from "./model-types";
import { AlicloudModel, DURATIONS } from "./models";

/** Parameters of RebootInstance, StopInstance and StartInstance. */
export interface PowerRequest {
    instanceId: string;
    regionId?: string;
    forceStop: boolean;
    dryRun: boolean;
    /** StopInstance only. */
    stoppedMode?: "KeepCharging" | "StopCharging";
}

function transitional(inst: Instance): boolean {
    return inst.status !== "Running" && inst.status !== "Stopped";
}

function statusError(inst: Instance): never {
    if (transitional(inst)) {
        return fail(
            COMMON.IncorrectInstanceStatusDetail,
            `The current status of the resource does not support this operation. The instance ${inst.instanceId} is ${inst.status}.`,
        );
    }
    return fail(COMMON.IncorrectInstanceStatus);
}

/** Lock and billing rules shared by every power action. */
function checkUsable(model: AlicloudModel, action: string, r: PowerRequest): Instance {
    const inst = model.instance(r.instanceId, r.regionId);
    model.scriptedFault(action, { instanceId: inst.instanceId });
    if (model.securityLocked(inst)) fail(POWER.InstanceLockedForSecurity);
    if (inst.expiredOrInArrears) fail(POWER.InstanceExpiredOrInArrears);
    return inst;
}

/** Every attached disk must be In_use (not being attached, detached or re-initialised). */
function checkDisks(model: AlicloudModel, inst: Instance): void {
    if (model.disksOf(inst.instanceId).some((d) => d.status !== "In_use")) fail(POWER.DiskError);
}

/** Encrypted disks need their KMS key usable by ECS to boot. */
function checkKms(model: AlicloudModel, inst: Instance): void {
    for (const disk of model.disksOf(inst.instanceId)) {
        if (!disk.encrypted || disk.kmsKeyId === null) continue;
        const key = model.world.kmsKeys.find((k) => k.keyId === disk.kmsKeyId);
        if (!key) fail(REBOOT.KMSKeyIdNotFound, `The specified KMS key ${disk.kmsKeyId} of disk ${disk.diskId} does not exist.`);
        if (!key.ecsAuthorized) fail(REBOOT.KMSKeyIdKMSUnauthorized, `ECS service have no right to access your KMS key ${key.keyId}.`);
        if (key.keyState !== "Enabled") fail(REBOOT.KMSKeyIdCMKNotEnabled, `The CMK ${key.keyId} needs to be enabled (it is ${key.keyState}).`);
        if (!key.ecsTagged) fail(REBOOT.KMSKeyIdCMKUnauthorized, `The CMK ${key.keyId} needs to be added ECS tag.`);
    }
}

/** RebootInstance: Running only; Running → Starting → Running (as the reference says); DryRun validates only. */
export function rebootInstance(model: AlicloudModel, r: PowerRequest): void {
    const inst = checkUsable(model, "RebootInstance", r);
    if (inst.status !== "Running") statusError(inst);
    checkDisks(model, inst);
    checkKms(model, inst);
    if (r.dryRun) fail(COMMON.DryRunOperation);
    // The reference: "After an instance is restarted, the status of the instance changes to Starting."
    model.run(inst, [
        { status: "Starting", holdMs: (r.forceStop ? DURATIONS.forceStop : DURATIONS.stop) + DURATIONS.start },
        { status: "Running", holdMs: 0 },
    ]);
}

/** StopInstance: Running only; Stopping → Stopped. StopCharging applies to pay-as-you-go VPC instances. */
export function stopInstance(model: AlicloudModel, r: PowerRequest): void {
    const inst = checkUsable(model, "StopInstance", r);
    if (inst.status !== "Running") statusError(inst);
    if (r.dryRun) fail(COMMON.DryRunOperation);
    const economical = r.stoppedMode === "StopCharging" && inst.instanceChargeType === "PostPaid" && inst.instanceNetworkType === "vpc";
    const mode = inst.instanceChargeType === "PrePaid" ? "Not-applicable" : economical ? "StopCharging" : "KeepCharging";
    model.run(
        inst,
        [
            { status: "Stopping", holdMs: r.forceStop ? DURATIONS.forceStop : DURATIONS.stop },
            { status: "Stopped", holdMs: 0 },
        ],
        () => {
            inst.stoppedMode = mode;
        },
    );
}

/** StartInstance: Stopped only, disks In_use and keys usable; Starting → Running (a boot). */
export function startInstance(model: AlicloudModel, r: PowerRequest): void {
    const inst = checkUsable(model, "StartInstance", r);
    if (inst.status !== "Stopped") statusError(inst);
    checkDisks(model, inst);
    checkKms(model, inst);
    if (r.dryRun) fail(COMMON.DryRunOperation);
    model.run(inst, [
        { status: "Starting", holdMs: DURATIONS.start },
        { status: "Running", holdMs: 0 },
    ]);
}
