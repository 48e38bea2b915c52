// Explicit operations as triggers: the instance is rebooted when `rebootRevision` changes, and its
// system disk re-initialised when `reinitRevision` changes — like @pulumi/command's `triggers`.
// The re-initialisation runs only when `reinitInstanceId` is set (with `reinitPassword` as a
// secret, or `reinitKeyPairName`).
//   pulumi config set rebootRevision 2 && pulumi up   → exactly one RebootInstance
import * as pulumi from "@pulumi/pulumi";
import { alicloud } from "ecs-ops";

const config = new pulumi.Config();

const reboot = new alicloud.InstanceReboot("reboot", {
    instanceId: config.require("instanceId"),
    triggers: [config.getNumber("rebootRevision") ?? 1],
});

const reinitInstanceId = config.get("reinitInstanceId");
const reinit = reinitInstanceId
    ? new alicloud.DiskReinit("system-disk", {
          instanceId: reinitInstanceId,
          // The new root password is a secret: `pulumi config set --secret reinitPassword ...`.
          password: config.getSecret("reinitPassword"),
          keyPairName: config.get("reinitKeyPairName"),
          stopInstance: true,
          autoStartInstance: true,
          triggers: [config.getNumber("reinitRevision") ?? 1],
      })
    : undefined;

/** When the last reboot was accepted, and by which request. */
export const lastRebootAt = reboot.lastRebootAt;
export const lastRebootRequestId = reboot.lastRebootRequestId;
/** The disk re-initialised, if any. */
export const reinitDiskId = reinit?.diskId;
