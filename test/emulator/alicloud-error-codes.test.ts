import { expect } from "chai";
import { Emulator, Fixture, startEmulator } from "../../emulator";
import { ErrorSpec, MODIFY, REBOOT, REINIT } from "../../emulator/alicloud/errors";
import { emulatorHooks } from "../support/emulator-hooks";
import { AliSection, call, D, diskOf, fixtureWith, groupOf, I, imageOf, instanceOf, reset, SG } from "./alicloud-client";

/**
 * Every error code of the three Alibaba references (ModifyInstanceAttribute, RebootInstance,
 * ReInitDisk) produced over real HTTP, with its documented HTTP status. Rules derivable from state
 * are provoked through the state (a fixture edit); codes tied to parameters outside the reference
 * or to account-side conditions come from the fixture's scripted faults.
 *
 * This file runs the emulator at timeScale 1 so that transitional states (Pending, Starting,
 * Stopping) set in a fixture last seconds, long enough to be observed deterministically; no row
 * waits for a transition.
 */

interface Row {
    action: "ModifyInstanceAttribute" | "RebootInstance" | "ReInitDisk";
    code: string;
    status: number;
    params: Record<string, string>;
    /** Edits the default fixture's alicloud section before the call. */
    fixture?: (a: AliSection) => void;
    /** A part of the message to expect (for `%s` messages). */
    message?: RegExp;
    why: string;
}

const UBUNTU = "ubuntu_22_04_x64_20G_alibase_20240926.vhd";
const KMS = "key-hzz65f2a8c1d0e9b7a4c3";

function scripted(action: Row["action"], code: string, resource: { instanceId?: string; diskId?: string }): (a: AliSection) => void {
    return (a) => {
        a.faults.push({ action, code, ...resource });
    };
}

function set(id: string, fields: Record<string, unknown>): (a: AliSection) => void {
    return (a) => Object.assign(instanceOf(a, id), fields);
}

function setDisk(id: string, fields: Record<string, unknown>): (a: AliSection) => void {
    return (a) => Object.assign(diskOf(a, id), fields);
}

const M = "ModifyInstanceAttribute" as const;
const R = "RebootInstance" as const;
const X = "ReInitDisk" as const;

const MODIFY_ROWS: Row[] = [
    {
        action: M,
        code: "InvalidInstanceName.Malformed",
        status: 400,
        params: { InstanceId: I.web, InstanceName: "1-starts-with-digit" },
        why: "name must start with a letter",
    },
    {
        action: M,
        code: "InvalidInstanceName.Malformed",
        status: 400,
        params: { InstanceId: I.web, InstanceName: "https://web" },
        why: "name cannot start with https://",
    },
    {
        action: M,
        code: "InvalidDescription.Malformed",
        status: 400,
        params: { InstanceId: I.web, Description: "http://example.com" },
        why: "description cannot start with http://",
    },
    {
        action: M,
        code: "InvalidRemoteConnectionOptions.Password",
        status: 400,
        params: { InstanceId: I.web, "RemoteConnectionOptions.Password": "short" },
        why: "remote password rules",
    },
    {
        action: M,
        code: "InvalidRemoteConnectionOptions.Type",
        status: 400,
        params: { InstanceId: I.web, "RemoteConnectionOptions.Type": "rdp" },
        why: "remote connection type enum",
    },
    {
        action: M,
        code: "InstanceType.ValueNotSupported",
        status: 400,
        params: { InstanceId: I.burst, "RemoteConnectionOptions.Type": "vnc" },
        why: "t6 has no remote connection",
    },
    {
        action: M,
        code: "OSType.ValueNotSupported",
        status: 400,
        params: { RegionId: "cn-shanghai", InstanceId: I.win, "RemoteConnectionOptions.Type": "vnc" },
        why: "remote connection on Windows",
    },
    {
        action: M,
        code: "InvalidHostPassword.Malformed",
        status: 400,
        params: { RegionId: "cn-shanghai", InstanceId: I.win, Password: "/Abcdef123" },
        why: "Windows password cannot start with /",
    },
    {
        action: M,
        code: "InvalidHostName.Malformed",
        status: 400,
        params: { InstanceId: I.web, HostName: "-web-" },
        why: "Linux hostname cannot start with a hyphen",
    },
    {
        action: M,
        code: "InvalidHostName.Malformed",
        status: 400,
        params: { InstanceId: I.web, HostName: "web..one" },
        why: "Linux hostname: no consecutive periods",
    },
    {
        action: M,
        code: "InvalidHostName.Malformed",
        status: 400,
        params: { RegionId: "cn-shanghai", InstanceId: I.win, HostName: "win.app" },
        why: "Windows hostname: no periods",
    },
    {
        action: M,
        code: "InvalidHostName.Malformed",
        status: 400,
        params: { RegionId: "cn-shanghai", InstanceId: I.win, HostName: "WINDOWS-APP-0001" },
        why: "Windows hostname: at most 15 characters",
    },
    { action: M, code: "InvalidPassword.Malformed", status: 400, params: { InstanceId: I.web, Password: "alllowercase" }, why: "three character kinds needed" },
    {
        action: M,
        code: "InvalidPassword.Malformed",
        status: 400,
        params: { InstanceId: I.web, Password: "Abc`12345" },
        why: "the backquote is not allowed here",
    },
    {
        action: M,
        code: "InvalidUserData.SizeExceeded",
        status: 400,
        params: { InstanceId: I.web, UserData: Buffer.alloc(32 * 1024 + 1, 65).toString("base64") },
        why: "raw user data over 32 KB",
    },
    {
        action: M,
        code: "InvalidUserData.NotSupported",
        status: 400,
        params: { InstanceId: I.classic, UserData: "ZWNobyBoaQ==" },
        why: "classic, not I/O optimized",
    },
    { action: M, code: "ImageNotSupportCloudInit", status: 400, params: { InstanceId: I.spot, UserData: "ZWNobyBoaQ==" }, why: "image without cloud-init" },
    {
        action: M,
        code: "ChargeTypeViolation",
        status: 400,
        params: { InstanceId: I.web, Recyclable: "true" },
        fixture: (a) => {
            a.features = { recycleBin: true };
        },
        why: "Recyclable on a pay-as-you-go instance",
    },
    {
        action: M,
        code: "InvalidParameter.RecycleBin",
        status: 400,
        params: { InstanceId: I.batch, Recyclable: "true" },
        why: "account lacks the recycle bin preview",
    },
    {
        action: M,
        code: "InvalidParameter.CreditSpecification",
        status: 400,
        params: { InstanceId: I.burst, CreditSpecification: "Turbo" },
        why: "unknown performance mode",
    },
    {
        action: M,
        code: "InvalidParameter.CreditSpecification",
        status: 400,
        params: { RegionId: "cn-shanghai", InstanceId: I.shApp, CreditSpecification: "Unlimited" },
        fixture: set(I.shApp, { instanceType: "ecs.t6-c1m2.large" }),
        why: "cn-shanghai-m offers Standard only",
    },
    {
        action: M,
        code: "InvalidInstanceStatus.CreditSpecRestricted",
        status: 400,
        params: { InstanceId: I.burst, CreditSpecification: "Unlimited" },
        fixture: set(I.burst, { status: "Stopping" }),
        why: "credit mode while Stopping",
    },
    {
        action: M,
        code: "InvalidInstanceStatus.NotRunning",
        status: 400,
        params: { InstanceId: I.batch, EnableNetworkEncryption: "true" },
        fixture: (a) => {
            a.features = { networkEncryption: true };
        },
        why: "network encryption needs Running",
    },
    {
        action: M,
        code: "InvalidNetworkType.NotSupported",
        status: 400,
        params: { InstanceId: I.classic, "SecurityGroupIds.1": SG.classic },
        why: "classic instance",
    },
    {
        action: M,
        code: "InvalidOperation.EniCountExceeded",
        status: 400,
        params: { InstanceId: I.web, "SecurityGroupIds.1": SG.enterprise },
        fixture: (a) => {
            groupOf(a, SG.enterprise).maxInstances = 1;
            instanceOf(a, I.burst).securityGroupIds = [SG.enterprise];
        },
        why: "advanced group full",
    },
    {
        action: M,
        code: "JoinedGroupLimitExceed",
        status: 400,
        params: { InstanceId: I.web, "SecurityGroupIds.1": SG.web, "SecurityGroupIds.2": SG.app },
        fixture: (a) => {
            a.limits = { securityGroupsPerInstance: 1 };
        },
        message: /maximum number of security groups/,
        why: "more groups than the quota",
    },
    {
        action: M,
        code: "InvalidParameter",
        status: 400,
        params: { InstanceId: I.web, "PrivateDnsNameOptions.HostnameType": "Random" },
        why: "hostname type enum",
    },
    {
        action: M,
        code: "InvalidOperation.InvalidEcsState",
        status: 400,
        params: { InstanceId: I.web, NetworkInterfaceQueueNumber: "2" },
        message: /Running/,
        why: "queue number needs Stopped",
    },
    {
        action: M,
        code: "InvalidParam.NotSupportJumboFrame",
        status: 400,
        params: { InstanceId: I.spot, EnableJumboFrame: "true" },
        why: "g6 has no jumbo frames",
    },
    {
        action: M,
        code: "InvalidOperation.InstanceStatusNotSupport",
        status: 400,
        params: { InstanceId: I.web, EnableJumboFrame: "true" },
        fixture: set(I.web, { status: "Starting" }),
        why: "MTU while Starting",
    },
    {
        action: M,
        code: "InvalidOperation.InstanceStatusUnsupported",
        status: 400,
        params: { InstanceId: I.batch, "CpuOptions.TopologyType": "DiscreteCoreToHTMapping" },
        fixture: set(I.batch, { status: "Running" }),
        why: "topology needs Stopped",
    },
    {
        action: M,
        code: "InvalidParameter.CpuOptionsTopologyType",
        status: 400,
        params: { InstanceId: I.batch, "CpuOptions.TopologyType": "Spread" },
        message: /Spread/,
        why: "topology enum",
    },
    {
        action: M,
        code: "InvalidInstanceType.NotSupportCpuOptionsTopologyType",
        status: 400,
        params: { InstanceId: I.web, "CpuOptions.TopologyType": "DiscreteCoreToHTMapping" },
        message: /DiscreteCoreToHTMapping/,
        why: "g7 has no topology choice",
    },
    {
        action: M,
        code: "InvalidAdditionalInfoPvdConfig.SizeExceeded",
        status: 400,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidAdditionalInfoPvdConfig.SizeExceeded", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidInstanceType.NotSupportHighDensityMode",
        status: 400,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidInstanceType.NotSupportHighDensityMode", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidStatus.StoppedRequired",
        status: 400,
        params: { InstanceId: I.web, "CpuOptions.ThreadsPerCore": "1" },
        why: "CPU options need Stopped",
    },
    {
        action: M,
        code: "InvalidParameter.CpuOptionsTurboMode",
        status: 400,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidParameter.CpuOptionsTurboMode", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidInstanceType.EnableNVSUnsupported",
        status: 400,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidInstanceType.EnableNVSUnsupported", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidInstanceType.EnableVISSTUnsupported",
        status: 400,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidInstanceType.EnableVISSTUnsupported", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidInstanceType.EnableVRDTUnsupported",
        status: 400,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidInstanceType.EnableVRDTUnsupported", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidInstanceType.SingleCoreMaxModeUnsupported",
        status: 400,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidInstanceType.SingleCoreMaxModeUnsupported", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidInstanceType.GpuOptionsConfidentialComputingUnsupported",
        status: 400,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidInstanceType.GpuOptionsConfidentialComputingUnsupported", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidParameter.GpuOptionsConfidentialComputing",
        status: 400,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidParameter.GpuOptionsConfidentialComputing", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidParameterAuthorized.GpuOptionsConfidentialComputing",
        status: 400,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidParameterAuthorized.GpuOptionsConfidentialComputing", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidParameter.CpuOptionsNestedVirtualization",
        status: 400,
        params: { InstanceId: I.batch, "CpuOptions.NestedVirtualization": "maybe" },
        message: /maybe/,
        why: "enum",
    },
    {
        action: M,
        code: "InvalidInstanceType.NotSupportCpuOptionsNestedVirtualization",
        status: 400,
        params: { RegionId: "cn-shanghai", InstanceId: I.shApp, "CpuOptions.NestedVirtualization": "enabled" },
        message: /enabled/,
        why: "g7 has no nested virtualization",
    },
    {
        action: M,
        code: "InternalError",
        status: 500,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InternalError", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "IncorrectInstanceStatus",
        status: 403,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: set(I.web, { status: "Pending" }),
        why: "still being created",
    },
    {
        action: M,
        code: "IncorrectInstanceStatus",
        status: 403,
        params: { InstanceId: I.web, "SecurityGroupIds.1": SG.app },
        fixture: set(I.web, { status: "Stopping" }),
        why: "groups while Stopping",
    },
    { action: M, code: "InstanceLockedForSecurity", status: 403, params: { InstanceId: I.locked, InstanceName: "locked-x" }, why: "security lock" },
    { action: M, code: "OperationDenied", status: 403, params: { InstanceId: I.web, "SecurityGroupIds.1": SG.full }, why: "basic group at its instance limit" },
    {
        action: M,
        code: "InvalidUserData.Forbidden",
        status: 403,
        params: { InstanceId: I.web, UserData: "ZWNobyBoaQ==" },
        fixture: (a) => {
            a.credentials[0].userDataForbidden = true;
        },
        why: "identity may not pass user data",
    },
    { action: M, code: "InvalidUserData.Base64FormatInvalid", status: 403, params: { InstanceId: I.web, UserData: "not base64!" }, why: "not base64" },
    { action: M, code: "InvalidChargeType.ValueNotSupported", status: 403, params: { InstanceId: I.batch, DeletionProtection: "true" }, why: "subscription" },
    { action: M, code: "InvalidChargeType.ValueNotSupported", status: 403, params: { InstanceId: I.spot, DeletionProtection: "true" }, why: "spot" },
    {
        action: M,
        code: "InvalidUser.Unauthorized",
        status: 403,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidUser.Unauthorized", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "EnterpriseGroupLimited.MutliGroupType",
        status: 403,
        params: { InstanceId: I.web, "SecurityGroupIds.1": SG.web, "SecurityGroupIds.2": SG.enterprise },
        why: "basic + advanced",
    },
    {
        action: M,
        code: "SecurityGroupInstanceLimitExceed",
        status: 403,
        params: { InstanceId: I.web, "SecurityGroupIds.1": SG.app },
        fixture: scripted(M, "SecurityGroupInstanceLimitExceed", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InstanceNotInSecurityGroup",
        status: 403,
        params: { InstanceId: I.web, "SecurityGroupIds.1": SG.app },
        fixture: scripted(M, "InstanceNotInSecurityGroup", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidOperation.InvalidRegion",
        status: 403,
        params: { InstanceId: I.web, "SecurityGroupIds.1": SG.shanghaiWeb },
        message: /cn-shanghai/,
        why: "group of another region",
    },
    {
        action: M,
        code: "InvalidOperation.ResourceManagedByCloudProduct",
        status: 403,
        params: { InstanceId: I.web, "SecurityGroupIds.1": SG.web, "SecurityGroupIds.2": SG.managed },
        message: /managed/,
        why: "joining a service-managed group",
    },
    {
        action: M,
        code: "InvalidParameter.InvalidEniQueueNumber",
        status: 403,
        params: { InstanceId: I.batch, NetworkInterfaceQueueNumber: "0" },
        why: "queue number below 1",
    },
    {
        action: M,
        code: "InvalidOperation.MaxEniQueueNumberExceeded",
        status: 403,
        params: { InstanceId: I.batch, NetworkInterfaceQueueNumber: "5" },
        why: "over the per-ENI maximum of g8i.xlarge",
    },
    {
        action: M,
        code: "InvalidOperation.ExceedInstanceTypeQueueNumber",
        status: 403,
        params: { InstanceId: I.batch, NetworkInterfaceQueueNumber: "4" },
        fixture: set(I.batch, { secondaryEniQueueNumbers: [4, 4, 4, 4] }),
        why: "over the type's total over all ENIs",
    },
    {
        action: M,
        code: "InvalidOperation.InstanceTypeNotSupportHighPerformanceTrafficMode",
        status: 403,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidOperation.InstanceTypeNotSupportHighPerformanceTrafficMode", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidParameter.InvalidQueuePairNumber",
        status: 403,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidParameter.InvalidQueuePairNumber", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidOperation.MaxEniQueuePairNumberExceed",
        status: 403,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidOperation.MaxEniQueuePairNumberExceed", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "InvalidOperation.EniQueuePairNumberOverflow",
        status: 403,
        params: { InstanceId: I.web, InstanceName: "web-x" },
        fixture: scripted(M, "InvalidOperation.EniQueuePairNumberOverflow", { instanceId: I.web }),
        why: "scripted",
    },
    {
        action: M,
        code: "AclLimitExceed",
        status: 403,
        params: { InstanceId: I.web, "SecurityGroupIds.1": SG.web, "SecurityGroupIds.2": SG.manyRules },
        message: /1001 rules/,
        why: "rules of the groups together",
    },
    {
        action: M,
        code: "InvalidInstanceType.CpuOptionsThreadsPerCoreUnsupported",
        status: 403,
        params: { InstanceId: I.spot, "CpuOptions.ThreadsPerCore": "1" },
        why: "g6 cannot change threads",
    },
    {
        action: M,
        code: "InvalidParameter.CpuOptionsCore",
        status: 403,
        params: { InstanceId: I.batch, "CpuOptions.Core": "3" },
        why: "core count is fixed by the type",
    },
    {
        action: M,
        code: "InvalidParameter.CpuOptionsThreadsPerCore",
        status: 403,
        params: { InstanceId: I.batch, "CpuOptions.ThreadsPerCore": "3" },
        why: "1 or 2 threads",
    },
    {
        action: M,
        code: "InvalidOperation.UserNotSupportNetworkEncryption",
        status: 403,
        params: { InstanceId: I.batch, EnableNetworkEncryption: "true" },
        why: "account lacks the preview",
    },
    {
        action: M,
        code: "InvalidOperation.InstanceTypeNotSupportNetworkEncryption",
        status: 403,
        params: { InstanceId: I.web, EnableNetworkEncryption: "true" },
        fixture: (a) => {
            a.features = { networkEncryption: true };
        },
        why: "g7 lacks it",
    },
    {
        action: M,
        code: "InvalidInstanceId.NotFound",
        status: 404,
        params: { InstanceId: "i-bp1doesnotexist0000", InstanceName: "x-y" },
        why: "unknown instance",
    },
    {
        action: M,
        code: "InvalidInstanceId.NotFound",
        status: 404,
        params: { InstanceId: I.web, RegionId: "cn-shanghai", InstanceName: "x-y" },
        why: "instance of another region",
    },
    {
        action: M,
        code: "InvalidSecurityGroupId.NotFound",
        status: 404,
        params: { InstanceId: I.web, "SecurityGroupIds.1": "sg-bp1doesnotexist000" },
        why: "unknown group",
    },
    { action: M, code: "Credit.NotFound", status: 404, params: { InstanceId: I.web, CreditSpecification: "Unlimited" }, why: "not burstable" },
    {
        action: M,
        code: "InvalidInstanceStatus.NeedRestart",
        status: 404,
        params: { InstanceId: I.batch, "CpuOptions.ThreadsPerCore": "1" },
        fixture: set(I.batch, { needRestart: true }),
        why: "type changed, not restarted",
    },
    {
        action: M,
        code: "InvalidParameter.SecurityGroupIdRepeated",
        status: 404,
        params: { InstanceId: I.web, "SecurityGroupIds.1": SG.web, "SecurityGroupIds.2": SG.web },
        why: "duplicates",
    },
    {
        action: M,
        code: "InvalidSecurityGroupType.NotSupportClassic",
        status: 404,
        params: { InstanceId: I.web, "SecurityGroupIds.1": SG.classic },
        why: "classic group",
    },
    {
        action: M,
        code: "InvalidSecurityGroupVpc.NotBelongToOneVpc",
        status: 404,
        params: { InstanceId: I.web, "SecurityGroupIds.1": SG.web, "SecurityGroupIds.2": SG.otherVpc },
        why: "two VPCs",
    },
];

const batchRunning = set(I.batch, { status: "Running" });

const REBOOT_ROWS: Row[] = [
    {
        action: R,
        code: "IncorrectInstanceStatus",
        status: 403,
        params: { InstanceId: I.batch },
        message: /^The current status of the resource does not support this operation\.$/,
        why: "Stopped",
    },
    {
        action: R,
        code: "IncorrectInstanceStatus",
        status: 403,
        params: { InstanceId: I.web },
        fixture: set(I.web, { status: "Starting" }),
        message: /is Starting/,
        why: "between states (%s message)",
    },
    { action: R, code: "InstanceLockedForSecurity", status: 403, params: { InstanceId: I.locked }, why: "security lock" },
    {
        action: R,
        code: "DiskError",
        status: 403,
        params: { InstanceId: I.web },
        fixture: setDisk(D.webData, { status: "Attaching" }),
        why: "a disk is being attached",
    },
    { action: R, code: "InstanceExpiredOrInArrears", status: 403, params: { InstanceId: I.expired }, why: "expired subscription" },
    {
        action: R,
        code: "InvalidParameter.KMSKeyId.CMKUnauthorized",
        status: 403,
        params: { InstanceId: I.batch },
        fixture: (a) => {
            batchRunning(a);
            a.kmsKeys[0].ecsTagged = false;
        },
        message: new RegExp(KMS),
        why: "key lacks the ECS tag",
    },
    {
        action: R,
        code: "InvalidParameter.KMSKeyId.CMKNotEnabled",
        status: 403,
        params: { InstanceId: I.batch },
        fixture: (a) => {
            batchRunning(a);
            a.kmsKeys[0].keyState = "Disabled";
        },
        message: new RegExp(KMS),
        why: "key disabled",
    },
    {
        action: R,
        code: "InvalidParameter.KMSKeyId.KMSUnauthorized",
        status: 403,
        params: { InstanceId: I.batch },
        fixture: (a) => {
            batchRunning(a);
            a.kmsKeys[0].ecsAuthorized = false;
        },
        message: new RegExp(KMS),
        why: "ECS not authorized on KMS",
    },
    {
        action: R,
        code: "InvalidParameter.KMSKeyId.NotFound",
        status: 404,
        params: { InstanceId: I.batch },
        fixture: (a) => {
            batchRunning(a);
            a.kmsKeys = [];
        },
        message: new RegExp(KMS),
        why: "key deleted",
    },
    { action: R, code: "InvalidInstanceId.NotFound", status: 404, params: { InstanceId: "i-bp1doesnotexist0000" }, why: "unknown instance" },
    {
        action: R,
        code: "InternalError",
        status: 500,
        params: { InstanceId: I.web },
        fixture: scripted(R, "InternalError", { instanceId: I.web }),
        message: /unknown error\.$/,
        why: "scripted",
    },
    {
        action: R,
        code: "DryRunOperation",
        status: 400,
        params: { InstanceId: I.web, DryRun: "true" },
        message: /^Request validation has been passed with DryRun flag set\.$/,
        why: "DryRun",
    },
];

const REINIT_ROWS: Row[] = [
    {
        action: X,
        code: "LoginAsNonRoot.ImageNotSupport",
        status: 400,
        params: { DiskId: D.batchSystem },
        fixture: (a) => {
            set(I.batch, { loginAsNonRoot: true })(a);
            imageOf(a, UBUNTU).loginAsNonRootSupported = false;
        },
        why: "image cannot log in as ecs-user",
    },
    {
        action: X,
        code: "DiskHasSnapshotsWithInstantAccessEnabled.OperationNotSupported",
        status: 400,
        params: { DiskId: D.batchSystem },
        fixture: setDisk(D.batchSystem, { snapshots: [{ snapshotId: "s-bp1instant0000000001", instantAccess: true }] }),
        why: "instant-access snapshot",
    },
    { action: X, code: "InvalidPassword.Malformed", status: 400, params: { DiskId: D.batchSystem, Password: "password" }, why: "weak password" },
    {
        action: X,
        code: "InvalidPassword.Malformed",
        status: 400,
        params: { RegionId: "cn-shanghai", DiskId: D.winSystem, Password: "/Abcdef123" },
        fixture: set(I.win, { status: "Stopped" }),
        why: "Windows password cannot start with /",
    },
    { action: X, code: "InvalidKeyPairName.NotFound", status: 400, params: { DiskId: D.batchSystem, KeyPairName: "no-such-key" }, why: "unknown key pair" },
    {
        action: X,
        code: "DependencyViolation.IoOptimize",
        status: 400,
        params: { DiskId: D.batchSystem },
        fixture: set(I.batch, { ioOptimized: false }),
        why: "ESSD on a non-optimized instance",
    },
    {
        action: X,
        code: "DiskCategory.OperationNotSupported",
        status: 400,
        params: { DiskId: D.batchData },
        fixture: setDisk(D.batchData, { category: "ephemeral_ssd" }),
        why: "local disk",
    },
    { action: X, code: "InvalidRegionId.MalFormed", status: 400, params: { DiskId: D.batchSystem, RegionId: "Hangzhou!" }, why: "malformed region" },
    {
        action: X,
        code: "InternalError",
        status: 500,
        params: { DiskId: D.batchSystem },
        fixture: scripted(X, "InternalError", { diskId: D.batchSystem }),
        why: "scripted",
    },
    {
        action: X,
        code: "LoginAsNonRoot.RegionNotSupport",
        status: 403,
        params: { DiskId: D.batchSystem },
        fixture: (a) => {
            set(I.batch, { loginAsNonRoot: true })(a);
            a.regions[0].loginAsNonRootSupported = false;
        },
        why: "region without non-root logon",
    },
    { action: X, code: "IncorrectDiskStatus", status: 403, params: { DiskId: D.spare }, why: "Available disk" },
    { action: X, code: "IncorrectInstanceStatus", status: 403, params: { DiskId: D.webSystem }, why: "instance Running" },
    { action: X, code: "IncorrectInstanceStatus", status: 403, params: { DiskId: D.freshSystem }, why: "never started" },
    { action: X, code: "InstanceLockedForSecurity", status: 403, params: { DiskId: D.lockedSystem }, why: "security lock" },
    {
        action: X,
        code: "InvalidSnapshot.TooOld",
        status: 403,
        params: { DiskId: D.batchData },
        fixture: setDisk(D.batchData, { sourceSnapshot: { snapshotId: "s-bp1ancient000000001", createdAt: "2013-01-01T00:00:00Z" }, detachedOnce: true }),
        why: "snapshot before 2013-07-15",
    },
    {
        action: X,
        code: "OperationDenied",
        status: 403,
        params: { DiskId: D.batchData },
        fixture: setDisk(D.batchData, { sourceSnapshot: { snapshotId: "s-bp1deleted000000001", createdAt: "2024-01-01T00:00:00Z", deleted: true } }),
        why: "data disk's snapshot deleted",
    },
    { action: X, code: "InstanceExpiredOrInArrears", status: 403, params: { DiskId: D.expiredSystem }, why: "expired subscription" },
    {
        action: X,
        code: "DiskCreatingSnapshot",
        status: 403,
        params: { DiskId: D.batchSystem },
        fixture: setDisk(D.batchSystem, { snapshots: [{ snapshotId: "s-bp1inprogress000001", status: "progressing" }] }),
        why: "snapshot in progress",
    },
    {
        action: X,
        code: "SharedImageDeleted",
        status: 403,
        params: { DiskId: D.batchSystem },
        fixture: (a) => Object.assign(imageOf(a, UBUNTU), { imageOwnerAlias: "others", deleted: true }),
        why: "shared image deleted",
    },
    {
        action: X,
        code: "DependencyViolation.WindowsInstance",
        status: 403,
        params: { RegionId: "cn-shanghai", DiskId: D.winSystem, KeyPairName: "ops-key" },
        fixture: set(I.win, { status: "Stopped" }),
        why: "key pair on Windows",
    },
    {
        action: X,
        code: "InvalidDisk.DiskFromClonedNotSupport",
        status: 403,
        params: { DiskId: D.batchData },
        fixture: setDisk(D.batchData, { clonedFromDiskId: "d-bp1source000000001" }),
        message: /d-bp1source000000001/,
        why: "cloned disk",
    },
    {
        action: X,
        code: "UserNotInTheWhiteList",
        status: 403,
        params: { DiskId: D.batchSystem },
        fixture: scripted(X, "UserNotInTheWhiteList", { diskId: D.batchSystem }),
        why: "scripted",
    },
    {
        action: X,
        code: "InvalidParameter.KMSKeyId.CMKNotEnabled",
        status: 403,
        params: { DiskId: D.batchData },
        fixture: (a) => {
            a.kmsKeys[0].keyState = "Disabled";
        },
        why: "key disabled",
    },
    {
        action: X,
        code: "InvalidParameter.KMSKeyId.KMSUnauthorized",
        status: 403,
        params: { DiskId: D.batchData },
        fixture: (a) => {
            a.kmsKeys[0].ecsAuthorized = false;
        },
        why: "ECS not authorized",
    },
    {
        action: X,
        code: "HibernationConfigured.InstanceOperationForbidden",
        status: 403,
        params: { DiskId: D.batchSystem },
        fixture: set(I.batch, { hibernationConfigured: true }),
        why: "hibernation configured",
    },
    {
        action: X,
        code: "InvalidOperation.MultiAttachDisk",
        status: 403,
        params: { DiskId: D.batchData },
        fixture: setDisk(D.batchData, { multiAttach: true }),
        why: "multi-attach",
    },
    {
        action: X,
        code: "InvalidParameter.KMSKeyId.CMKUnauthorized",
        status: 403,
        params: { DiskId: D.batchData },
        fixture: (a) => {
            a.kmsKeys[0].ecsTagged = false;
        },
        why: "key lacks the ECS tag",
    },
    {
        action: X,
        code: "InvalidSourceSnapshot",
        status: 403,
        params: { DiskId: D.batchSystem },
        fixture: setDisk(D.batchSystem, { sourceSnapshot: { snapshotId: "s-bp1deleted000000002", createdAt: "2024-01-01T00:00:00Z", deleted: true } }),
        why: "system disk's snapshot deleted",
    },
    {
        action: X,
        code: "InvalidOperation.ReInitUnsupported",
        status: 403,
        params: { DiskId: D.batchData },
        fixture: setDisk(D.batchData, { category: "elastic_ephemeral_disk_standard" }),
        why: "elastic ephemeral disk",
    },
    { action: X, code: "InvalidDiskId.NotFound", status: 404, params: { DiskId: "d-bp1doesnotexist0000" }, why: "unknown disk" },
    {
        action: X,
        code: "InvalidImageId.NotFound",
        status: 404,
        params: { DiskId: D.batchSystem },
        fixture: setDisk(D.batchSystem, { imageId: "m-bp1vanishedimage001" }),
        why: "image unknown",
    },
    {
        action: X,
        code: "InvalidDiskId.OperationNotSupported",
        status: 404,
        params: { DiskId: D.batchSystem },
        fixture: (a) => Object.assign(imageOf(a, UBUNTU), { imageOwnerAlias: "self", deleted: true }),
        why: "own image deleted",
    },
];

const ROWS = [...MODIFY_ROWS, ...REBOOT_ROWS, ...REINIT_ROWS];

describe("alicloud emulator: every documented error code", function () {
    let emu: Emulator;

    emulatorHooks(
        () => startEmulator({ timeScale: 1 }),
        (e) => (emu = e),
    );

    for (const row of ROWS) {
        it(`${row.action} → ${row.status} ${row.code} (${row.why})`, async () => {
            const fixture: Fixture | undefined = row.fixture ? fixtureWith(row.fixture) : undefined;
            await reset(emu.url, fixture);
            const res = await call(emu.url, row.action, row.params);
            expect(res.body.Code, JSON.stringify(res.body)).to.equal(row.code);
            expect(res.status).to.equal(row.status);
            expect(res.body.Message).to.be.a("string").and.not.equal("");
            if (row.message) expect(res.body.Message).to.match(row.message);
        });
    }

    const references: [Row["action"], Record<string, ErrorSpec>][] = [
        ["ModifyInstanceAttribute", MODIFY],
        ["RebootInstance", REBOOT],
        ["ReInitDisk", REINIT],
    ];
    for (const [action, specs] of references) {
        it(`${action}: the table covers every code of the reference with its status`, () => {
            for (const spec of Object.values(specs)) {
                const rows = ROWS.filter((r) => r.action === action && r.code === spec.code);
                expect(rows, `${action} ${spec.code} has no scenario`).to.have.length.greaterThan(0);
                for (const r of rows) expect(r.status, `${action} ${spec.code}`).to.equal(spec.status);
            }
        });
    }
});
