import { fail, MODIFY } from "./errors";
import { fingerprint } from "./fingerprint";
import { CreditSpecification, Credential, HostnameType, Instance, SecurityGroup } from "./model-types";
import { AlicloudModel } from "./models";
import { MODIFY_PASSWORD_SPECIALS, userDataProblem, validDescription, validHostName, validInstanceName, validPassword } from "./validators";

/** CPU topology types ModifyInstanceAttribute accepts. */
export const TOPOLOGY_TYPES = ["ContinuousCoreToHTMapping", "DiscreteCoreToHTMapping"] as const;
/** Remote connection types (invitation-only preview). */
export const REMOTE_CONNECTION_TYPES = ["vnc", "none"] as const;

/** The parameters of one ModifyInstanceAttribute call, as typed by the route (raw strings where a rule decides). */
export interface ModifyInstanceRequest {
    instanceId: string;
    regionId?: string;
    password?: string;
    hostName?: string;
    instanceName?: string;
    description?: string;
    userData?: string;
    recyclable?: boolean;
    creditSpecification?: string;
    deletionProtection?: boolean;
    networkInterfaceQueueNumber?: string;
    securityGroupIds?: string[];
    remoteConnectionPassword?: string;
    remoteConnectionType?: string;
    enableJumboFrame?: boolean;
    cpuCore?: string;
    cpuThreadsPerCore?: string;
    cpuTopologyType?: string;
    cpuNestedVirtualization?: string;
    dns: {
        enableInstanceIdDnsARecord?: boolean;
        enableInstanceIdDnsAAAARecord?: boolean;
        enableIpDnsARecord?: boolean;
        enableIpDnsPtrRecord?: boolean;
        hostnameType?: string;
    };
    enableNetworkEncryption?: boolean;
}

function intOrNull(raw: string | undefined): number | null | undefined {
    if (raw === undefined) return undefined;
    return /^-?\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : null;
}

/** Format rules that need no instance: they come first, as the real API checks them up front. */
function checkFormats(r: ModifyInstanceRequest): void {
    if (r.instanceName !== undefined && !validInstanceName(r.instanceName)) fail(MODIFY.InvalidInstanceNameMalformed);
    if (r.description !== undefined && !validDescription(r.description)) fail(MODIFY.InvalidDescriptionMalformed);
    if (r.password !== undefined && !validPassword(r.password, MODIFY_PASSWORD_SPECIALS)) fail(MODIFY.InvalidPasswordMalformed);
    if (r.userData !== undefined) {
        const problem = userDataProblem(r.userData);
        if (problem === "base64") fail(MODIFY.InvalidUserDataBase64FormatInvalid);
        if (problem === "size") fail(MODIFY.InvalidUserDataSizeExceeded);
    }
    if (r.creditSpecification !== undefined && !["Standard", "Unlimited"].includes(r.creditSpecification)) {
        fail(MODIFY.InvalidParameterCreditSpecification);
    }
    if (r.cpuTopologyType !== undefined && !(TOPOLOGY_TYPES as readonly string[]).includes(r.cpuTopologyType)) {
        fail(MODIFY.InvalidParameterCpuOptionsTopologyType, r.cpuTopologyType);
    }
    if (r.cpuNestedVirtualization !== undefined && !["enabled", "disabled"].includes(r.cpuNestedVirtualization)) {
        fail(MODIFY.InvalidParameterCpuOptionsNestedVirtualization, r.cpuNestedVirtualization);
    }
    const core = intOrNull(r.cpuCore);
    if (core === null || (core !== undefined && core < 1)) fail(MODIFY.InvalidParameterCpuOptionsCore);
    const threads = intOrNull(r.cpuThreadsPerCore);
    if (threads === null || (threads !== undefined && (threads < 1 || threads > 2))) fail(MODIFY.InvalidParameterCpuOptionsThreadsPerCore);
    const queues = intOrNull(r.networkInterfaceQueueNumber);
    // -1 resets the primary NIC to the type's default number of queues (the SDK documentation).
    if (queues === null || (queues !== undefined && queues < 1 && queues !== -1)) {
        fail(
            MODIFY.InvalidParameterInvalidEniQueueNumber,
            `The specified NetworkInterfaceQueueNumber "${r.networkInterfaceQueueNumber}" is not valid, it must be a positive integer.`,
        );
    }
    if (r.dns.hostnameType !== undefined && !["Custom", "IpBased", "InstanceIdBased"].includes(r.dns.hostnameType)) fail(MODIFY.InvalidParameter);
    if (r.remoteConnectionType !== undefined && !(REMOTE_CONNECTION_TYPES as readonly string[]).includes(r.remoteConnectionType)) {
        fail(MODIFY.InvalidRemoteConnectionOptionsType);
    }
    if (r.remoteConnectionPassword !== undefined && !validPassword(r.remoteConnectionPassword, MODIFY_PASSWORD_SPECIALS)) {
        fail(MODIFY.InvalidRemoteConnectionOptionsPassword);
    }
    if (r.securityGroupIds !== undefined && new Set(r.securityGroupIds).size !== r.securityGroupIds.length) {
        fail(MODIFY.InvalidParameterSecurityGroupIdRepeated);
    }
}

function stable(inst: Instance): boolean {
    return inst.status === "Running" || inst.status === "Stopped";
}

/** Security group rules of a one-call replacement of the instance's set. */
function checkSecurityGroups(model: AlicloudModel, inst: Instance, ids: string[]): SecurityGroup[] {
    if (inst.instanceNetworkType === "classic") fail(MODIFY.InvalidNetworkTypeNotSupported);
    const limit = model.world.limits.securityGroupsPerInstance;
    if (ids.length > limit) {
        fail(MODIFY.JoinedGroupLimitExceed, `The maximum number of security groups that the instance ${inst.instanceId} can join is ${limit}.`);
    }
    const groups = ids.map((id) => {
        const g = model.securityGroup(id);
        if (!g) return fail(MODIFY.InvalidSecurityGroupIdNotFound);
        if (g.regionId !== inst.regionId) {
            fail(
                MODIFY.InvalidOperationInvalidRegion,
                `The security group ${id} is in region ${g.regionId}, the instance ${inst.instanceId} in ${inst.regionId}.`,
            );
        }
        return g;
    });
    if (groups.some((g) => g.vpcId === null)) fail(MODIFY.InvalidSecurityGroupTypeNotSupportClassic);
    if (groups.some((g) => g.vpcId !== inst.vpcId)) fail(MODIFY.InvalidSecurityGroupVpcNotBelongToOneVpc);
    if (new Set(groups.map((g) => g.securityGroupType)).size > 1) fail(MODIFY.EnterpriseGroupLimitedMutliGroupType);
    const joining = groups.filter((g) => !inst.securityGroupIds.includes(g.securityGroupId));
    const leaving = inst.securityGroupIds.filter((id) => !ids.includes(id)).map((id) => model.securityGroup(id));
    for (const g of [...joining, ...leaving]) {
        if (g?.serviceManaged) {
            fail(
                MODIFY.InvalidOperationResourceManagedByCloudProduct,
                `The security group ${g.securityGroupId} is managed by the cloud service ${g.serviceId ?? "unknown"} and its members cannot be changed.`,
            );
        }
    }
    for (const g of joining) {
        if (model.membersOf(g.securityGroupId).length >= g.maxInstances) {
            fail(g.securityGroupType === "enterprise" ? MODIFY.InvalidOperationEniCountExceeded : MODIFY.OperationDenied);
        }
    }
    const rules = groups.reduce((sum, g) => sum + g.ruleCount, 0);
    if (rules > model.world.limits.aclRulesPerInstance) {
        fail(
            MODIFY.AclLimitExceed,
            `The security groups of the instance ${inst.instanceId} have ${rules} rules together, more than the limit of ${model.world.limits.aclRulesPerInstance}.`,
        );
    }
    if (!stable(inst)) fail(MODIFY.IncorrectInstanceStatus);
    return groups;
}

/** Rules that depend on the instance (its OS, type, network, billing, state). */
function checkAgainstInstance(model: AlicloudModel, inst: Instance, r: ModifyInstanceRequest, credential: Credential): void {
    const type = model.typeOf(inst);
    const image = model.image(inst.imageId);
    if (r.hostName !== undefined && !validHostName(r.hostName, inst.osType)) fail(MODIFY.InvalidHostNameMalformed);
    if (r.password !== undefined && inst.osType === "windows" && r.password.startsWith("/")) fail(MODIFY.InvalidHostPasswordMalformed);
    // The SDK documentation of Password and HostName: "The instance cannot be in the Starting state."
    if ((r.password !== undefined || r.hostName !== undefined) && inst.status === "Starting") {
        fail(MODIFY.IncorrectInstanceStatus);
    }
    if (r.userData !== undefined) {
        if (credential.userDataForbidden) fail(MODIFY.InvalidUserDataForbidden);
        if (inst.instanceNetworkType !== "vpc" || !inst.ioOptimized) fail(MODIFY.InvalidUserDataNotSupported);
        if (image !== undefined && !image.cloudInit) fail(MODIFY.ImageNotSupportCloudInit);
    }
    if (r.recyclable !== undefined) {
        if (!model.world.features.recycleBin) fail(MODIFY.InvalidParameterRecycleBin);
        if (inst.instanceChargeType === "PostPaid") fail(MODIFY.ChargeTypeViolation);
    }
    if (r.creditSpecification !== undefined) {
        if (!type.burstable) fail(MODIFY.CreditNotFound);
        const zone = model.world.regions.flatMap((reg) => reg.zones).find((z) => z.zoneId === inst.zoneId);
        if (!zone?.creditSpecifications.includes(r.creditSpecification as CreditSpecification)) fail(MODIFY.InvalidParameterCreditSpecification);
        if (!stable(inst)) fail(MODIFY.InvalidInstanceStatusCreditSpecRestricted);
    }
    if (r.deletionProtection === true && (inst.instanceChargeType === "PrePaid" || inst.spotStrategy !== "NoSpot")) {
        fail(MODIFY.InvalidChargeTypeValueNotSupported);
    }
    if (r.remoteConnectionPassword !== undefined || r.remoteConnectionType !== undefined) {
        if (inst.osType === "windows") fail(MODIFY.OSTypeValueNotSupported);
        if (!type.remoteConnection) fail(MODIFY.InstanceTypeValueNotSupported);
    }
    if (r.enableJumboFrame !== undefined) {
        if (r.enableJumboFrame && !type.jumboFrame) fail(MODIFY.InvalidParamNotSupportJumboFrame);
        // The SDK documentation: "The instance must be a VPC-connected instance."
        if (inst.instanceNetworkType !== "vpc") fail(MODIFY.InvalidParamNotSupportJumboFrame);
        if (!stable(inst)) fail(MODIFY.InvalidOperationInstanceStatusNotSupport);
        if (inst.needRestart) fail(MODIFY.InvalidInstanceStatusNeedRestart);
    }
    if (r.networkInterfaceQueueNumber !== undefined) {
        const asked = Number(r.networkInterfaceQueueNumber);
        const queues = asked === -1 ? type.defaultQueueNumber : asked;
        if (queues > type.maxQueueNumberPerEni) {
            fail(
                MODIFY.InvalidOperationMaxEniQueueNumberExceeded,
                `The queue number ${queues} exceeds the maximum of ${type.maxQueueNumberPerEni} for one network interface of ${type.instanceTypeId}.`,
            );
        }
        const total = queues + inst.secondaryEniQueueNumbers.reduce((a, b) => a + b, 0);
        if (total > type.totalQueueNumber) {
            fail(
                MODIFY.InvalidOperationExceedInstanceTypeQueueNumber,
                `The network interfaces of the instance would have ${total} queues, more than the ${type.totalQueueNumber} of ${type.instanceTypeId}.`,
            );
        }
        if (inst.status !== "Stopped") {
            fail(
                MODIFY.InvalidOperationInvalidEcsState,
                `The instance ${inst.instanceId} is ${inst.status}; stop it before changing NetworkInterfaceQueueNumber.`,
            );
        }
        if (inst.needRestart) fail(MODIFY.InvalidInstanceStatusNeedRestart);
    }
    if (r.cpuCore !== undefined || r.cpuThreadsPerCore !== undefined) {
        if (r.cpuThreadsPerCore !== undefined && !type.threadsPerCoreModifiable) fail(MODIFY.InvalidInstanceTypeCpuOptionsThreadsPerCoreUnsupported);
        if (r.cpuCore !== undefined && Number(r.cpuCore) !== type.coreCount) fail(MODIFY.InvalidParameterCpuOptionsCore);
        if (r.cpuThreadsPerCore !== undefined && Number(r.cpuThreadsPerCore) > type.threadsPerCore) fail(MODIFY.InvalidParameterCpuOptionsThreadsPerCore);
        if (inst.status !== "Stopped") fail(MODIFY.InvalidStatusStoppedRequired);
        if (inst.needRestart) fail(MODIFY.InvalidInstanceStatusNeedRestart);
    }
    if (r.cpuTopologyType !== undefined) {
        if (!type.topologyTypes.includes(r.cpuTopologyType)) fail(MODIFY.InvalidInstanceTypeNotSupportCpuOptionsTopologyType, r.cpuTopologyType);
        if (inst.status !== "Stopped") fail(MODIFY.InvalidOperationInstanceStatusUnsupported);
    }
    if (r.cpuNestedVirtualization !== undefined) {
        if (r.cpuNestedVirtualization === "enabled" && !type.nestedVirtualization) {
            fail(MODIFY.InvalidInstanceTypeNotSupportCpuOptionsNestedVirtualization, r.cpuNestedVirtualization);
        }
        if (inst.status !== "Stopped") fail(MODIFY.InvalidStatusStoppedRequired);
    }
    if (r.enableNetworkEncryption !== undefined) {
        if (!model.world.features.networkEncryption) fail(MODIFY.InvalidOperationUserNotSupportNetworkEncryption);
        if (!type.networkEncryption) fail(MODIFY.InvalidOperationInstanceTypeNotSupportNetworkEncryption);
        if (inst.status !== "Running") fail(MODIFY.InvalidInstanceStatusNotRunning);
    }
}

/**
 * ModifyInstanceAttribute: checks every rule of the reference, then applies all changes at once.
 * HostName, Password and UserData change in the API at once and reach the guest at the next API restart.
 */
export function modifyInstanceAttribute(model: AlicloudModel, r: ModifyInstanceRequest, credential: Credential): void {
    checkFormats(r);
    const inst = model.instance(r.instanceId, r.regionId);
    model.scriptedFault("ModifyInstanceAttribute", { instanceId: inst.instanceId });
    if (model.securityLocked(inst)) fail(MODIFY.InstanceLockedForSecurity);
    if (inst.status === "Pending") fail(MODIFY.IncorrectInstanceStatus);
    checkAgainstInstance(model, inst, r, credential);
    const groups = r.securityGroupIds === undefined ? undefined : checkSecurityGroups(model, inst, r.securityGroupIds);

    if (r.instanceName !== undefined) inst.instanceName = r.instanceName;
    if (r.description !== undefined) inst.description = r.description;
    if (r.hostName !== undefined) inst.hostName = r.hostName;
    if (r.password !== undefined) inst.passwordFingerprint = fingerprint(r.password);
    if (r.userData !== undefined) inst.userData = r.userData;
    if (r.recyclable !== undefined) inst.recyclable = r.recyclable;
    if (r.creditSpecification !== undefined) inst.creditSpecification = r.creditSpecification as CreditSpecification;
    if (r.deletionProtection !== undefined && inst.instanceChargeType === "PostPaid" && inst.spotStrategy === "NoSpot") {
        inst.deletionProtection = r.deletionProtection;
    }
    if (r.enableJumboFrame !== undefined && model.typeOf(inst).jumboFrame) inst.enableJumboFrame = r.enableJumboFrame;
    if (r.networkInterfaceQueueNumber !== undefined) {
        const asked = Number(r.networkInterfaceQueueNumber);
        inst.networkInterfaceQueueNumber = asked === -1 ? model.typeOf(inst).defaultQueueNumber : asked;
    }
    if (r.cpuCore !== undefined) inst.cpuOptions.core = Number(r.cpuCore);
    if (r.cpuThreadsPerCore !== undefined) inst.cpuOptions.threadsPerCore = Number(r.cpuThreadsPerCore);
    if (r.cpuTopologyType !== undefined) inst.cpuOptions.topologyType = r.cpuTopologyType;
    if (r.cpuNestedVirtualization !== undefined) inst.cpuOptions.nestedVirtualization = r.cpuNestedVirtualization as "enabled" | "disabled";
    const dns = inst.privateDnsNameOptions;
    if (r.dns.enableInstanceIdDnsARecord !== undefined) dns.enableInstanceIdDnsARecord = r.dns.enableInstanceIdDnsARecord;
    if (r.dns.enableInstanceIdDnsAAAARecord !== undefined) dns.enableInstanceIdDnsAAAARecord = r.dns.enableInstanceIdDnsAAAARecord;
    if (r.dns.enableIpDnsARecord !== undefined) dns.enableIpDnsARecord = r.dns.enableIpDnsARecord;
    if (r.dns.enableIpDnsPtrRecord !== undefined) dns.enableIpDnsPtrRecord = r.dns.enableIpDnsPtrRecord;
    if (r.dns.hostnameType !== undefined) dns.hostnameType = r.dns.hostnameType as HostnameType;
    if (r.remoteConnectionPassword !== undefined || r.remoteConnectionType !== undefined) {
        inst.remoteConnection = {
            type: r.remoteConnectionType ?? inst.remoteConnection?.type ?? "vnc",
            passwordFingerprint:
                r.remoteConnectionPassword !== undefined ? fingerprint(r.remoteConnectionPassword) : (inst.remoteConnection?.passwordFingerprint ?? ""),
        };
    }
    if (r.enableNetworkEncryption !== undefined) inst.enableNetworkEncryption = r.enableNetworkEncryption;
    if (groups !== undefined) inst.securityGroupIds = groups.map((g) => g.securityGroupId);
}
