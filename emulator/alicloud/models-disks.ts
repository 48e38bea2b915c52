import { COMMON, fail, REINIT } from "./errors";
import { fingerprint } from "./fingerprint";
import { Disk, Instance } from "./model-types";
import { AlicloudModel, DURATIONS } from "./models";
import { REINIT_PASSWORD_SPECIALS, validPassword } from "./validators";

/** Local disk categories: they cannot be re-initialised (DiskCategory.OperationNotSupported). */
export const LOCAL_DISK_CATEGORIES = ["ephemeral", "ephemeral_ssd", "local_ssd_pro", "local_hdd_pro"];
/** Elastic ephemeral disks: no re-initialisation (InvalidOperation.ReInitUnsupported). */
export const NO_REINIT_CATEGORIES = ["elastic_ephemeral_disk_standard", "elastic_ephemeral_disk_premium"];
/** Categories that need an I/O optimized instance (DependencyViolation.IoOptimize otherwise). */
export const IO_OPTIMIZED_CATEGORIES = ["cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry"];
/** Snapshots taken before this date cannot re-initialise a disk once it was detached. */
export const OLD_SNAPSHOT_CUTOFF = Date.parse("2013-07-15T00:00:00Z");

/** Parameters of ReInitDisk. */
export interface ReInitDiskRequest {
    diskId: string;
    regionId?: string;
    password?: string;
    keyPairName?: string;
    autoStartInstance: boolean;
    securityEnhancementStrategy?: "Active" | "Deactive";
}

function checkDisk(model: AlicloudModel, disk: Disk): void {
    if (LOCAL_DISK_CATEGORIES.includes(disk.category)) fail(REINIT.DiskCategoryOperationNotSupported);
    if (NO_REINIT_CATEGORIES.includes(disk.category)) fail(REINIT.InvalidOperationReInitUnsupported);
    if (disk.multiAttach) fail(REINIT.InvalidOperationMultiAttachDisk);
    if (disk.clonedFromDiskId !== null) fail(REINIT.InvalidDiskDiskFromClonedNotSupport, disk.diskId, disk.clonedFromDiskId);
    if (disk.status !== "In_use" || disk.instanceId === null) fail(REINIT.IncorrectDiskStatus);
    if (disk.snapshots.some((s) => s.status === "progressing")) fail(REINIT.DiskCreatingSnapshot);
    if (disk.snapshots.some((s) => s.instantAccess)) fail(REINIT.DiskHasSnapshotsWithInstantAccessEnabled);
    const source = disk.sourceSnapshot;
    if (source !== null) {
        if (source.deleted) fail(disk.type === "system" ? REINIT.InvalidSourceSnapshot : REINIT.OperationDenied);
        if (Date.parse(source.createdAt) < OLD_SNAPSHOT_CUTOFF && disk.detachedOnce) fail(REINIT.InvalidSnapshotTooOld);
    }
    if (disk.encrypted && disk.kmsKeyId !== null) {
        const key = model.world.kmsKeys.find((k) => k.keyId === disk.kmsKeyId);
        if (!key || key.keyState !== "Enabled") fail(REINIT.KMSKeyIdCMKNotEnabled);
        if (!key.ecsAuthorized) fail(REINIT.KMSKeyIdKMSUnauthorized);
        if (!key.ecsTagged) fail(REINIT.KMSKeyIdCMKUnauthorized);
    }
}

function checkInstance(model: AlicloudModel, inst: Instance, disk: Disk): void {
    if (model.securityLocked(inst)) fail(REINIT.InstanceLockedForSecurity);
    if (inst.expiredOrInArrears) fail(REINIT.InstanceExpiredOrInArrears);
    if (inst.hibernationConfigured) fail(REINIT.HibernationConfiguredInstanceOperationForbidden);
    if (inst.status !== "Stopped" || !inst.startedOnce) fail(REINIT.IncorrectInstanceStatus);
    if (!inst.ioOptimized && IO_OPTIMIZED_CATEGORIES.includes(disk.category)) fail(REINIT.DependencyViolationIoOptimize);
}

/** Rules of the system disk's image and of the logon settings reset with it. */
function checkSystemDisk(model: AlicloudModel, inst: Instance, disk: Disk, r: ReInitDiskRequest): void {
    const image = model.image(disk.imageId ?? inst.imageId);
    if (!image) fail(REINIT.InvalidImageIdNotFound);
    if (image.deleted) fail(image.imageOwnerAlias === "others" ? REINIT.SharedImageDeleted : REINIT.InvalidDiskIdOperationNotSupported);
    if (r.keyPairName !== undefined) {
        if (inst.osType === "windows") fail(REINIT.DependencyViolationWindowsInstance);
        if (!model.world.keyPairs.some((k) => k.keyPairName === r.keyPairName && k.regionId === inst.regionId)) fail(REINIT.InvalidKeyPairNameNotFound);
    }
    if (r.password !== undefined && inst.osType === "windows" && r.password.startsWith("/")) fail(REINIT.InvalidPasswordMalformed);
    if (inst.loginAsNonRoot) {
        const region = model.world.regions.find((reg) => reg.regionId === inst.regionId);
        if (!region?.loginAsNonRootSupported) fail(REINIT.LoginAsNonRootRegionNotSupport);
        if (!image.loginAsNonRootSupported) fail(REINIT.LoginAsNonRootImageNotSupport);
    }
}

/**
 * ReInitDisk: checks every rule of the reference, then re-initialises the disk (status
 * ReIniting for a while, back to In_use), optionally starting the instance afterwards. A system
 * disk gets the new password or key pair; the guest sees them, and the API's hostname and user
 * data, at the boot that follows.
 */
export function reInitDisk(model: AlicloudModel, r: ReInitDiskRequest): void {
    if (r.password !== undefined && !validPassword(r.password, REINIT_PASSWORD_SPECIALS)) fail(REINIT.InvalidPasswordMalformed);
    const disk = model.world.disks.find((d) => d.diskId === r.diskId && (r.regionId === undefined || d.regionId === r.regionId) && model.inScope(d.regionId));
    if (!disk) return fail(REINIT.InvalidDiskIdNotFound);
    model.scriptedFault("ReInitDisk", { diskId: disk.diskId, instanceId: disk.instanceId ?? undefined });
    checkDisk(model, disk);
    const inst = model.instance(disk.instanceId as string);
    checkInstance(model, inst, disk);
    if (disk.type === "system") checkSystemDisk(model, inst, disk, r);
    if (r.securityEnhancementStrategy === "Active" && model.image(inst.imageId)?.imageOwnerAlias !== "system") {
        fail(COMMON.InvalidParameterNamed, "SecurityEnhancementStrategy");
    }

    disk.status = "ReIniting";
    if (disk.type === "system") {
        if (r.keyPairName !== undefined) {
            inst.keyPairName = r.keyPairName;
            inst.passwordFingerprint = r.password !== undefined ? fingerprint(r.password) : null;
        } else if (r.password !== undefined) {
            inst.passwordFingerprint = fingerprint(r.password);
        }
    }
    model.later(disk.type === "system" ? DURATIONS.reInitSystemDisk : DURATIONS.reInitDataDisk, () => {
        disk.status = "In_use";
        disk.reInitCount++;
        disk.lastReInitAt = model.nowIso();
        if (r.autoStartInstance && inst.status === "Stopped") {
            model.run(inst, [
                { status: "Starting", holdMs: DURATIONS.start },
                { status: "Running", holdMs: 0 },
            ]);
        }
    });
}
