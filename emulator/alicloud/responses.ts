import { tagList } from "./models-tags";
import { Disk, Instance, SecurityGroup } from "./model-types";
import { AlicloudModel } from "./models";

/** The response shapes of the Describe* actions, field for field as the real API names them. */

/**
 * Instance times as the real API writes them: UTC to the minute, `2017-12-10T04:04Z`. (A client
 * that needs to know whether an instance restarted after some moment cannot rely on the seconds.)
 */
export function apiMinute(iso: string): string {
    const t = Date.parse(iso);
    return Number.isFinite(t) ? `${new Date(t).toISOString().slice(0, 16)}Z` : iso;
}

function ipList(ip: string | null): { IpAddress: string[] } {
    return { IpAddress: ip === null ? [] : [ip] };
}

function vpcAttributes(inst: Instance): Record<string, unknown> {
    return {
        VpcId: inst.vpcId ?? "",
        VSwitchId: inst.vSwitchId ?? "",
        PrivateIpAddress: ipList(inst.instanceNetworkType === "vpc" ? inst.privateIpAddress : null),
        NatIpAddress: "",
    };
}

function operationLocks(inst: Instance): { LockReason: { LockReason: string; LockMsg: string }[] } {
    return { LockReason: inst.operationLocks.map((l) => ({ LockReason: l.lockReason, LockMsg: l.lockMsg })) };
}

/** The fields both instance views open with, in this order: id, names, status and type. */
function identityAndStatus(inst: Instance): Record<string, unknown> {
    return {
        InstanceId: inst.instanceId,
        InstanceName: inst.instanceName,
        HostName: inst.hostName,
        Description: inst.description,
        Status: inst.status,
        InstanceType: inst.instanceType,
    };
}

/** One element of DescribeInstances' `Instances.Instance[]`. */
export function instanceView(model: AlicloudModel, inst: Instance): Record<string, unknown> {
    const type = model.typeOf(inst);
    const image = model.image(inst.imageId);
    const dns = inst.privateDnsNameOptions;
    return {
        ...identityAndStatus(inst),
        InstanceTypeFamily: type.instanceTypeFamily,
        Cpu: type.cpu,
        Memory: type.memoryGiB * 1024,
        OSType: inst.osType,
        OSName: image?.osName ?? "",
        OSNameEn: image?.osNameEn ?? "",
        ImageId: inst.imageId,
        RegionId: inst.regionId,
        ZoneId: inst.zoneId,
        InstanceChargeType: inst.instanceChargeType,
        InternetChargeType: inst.internetChargeType,
        SpotStrategy: inst.spotStrategy,
        SpotPriceLimit: 0,
        ExpiredTime: apiMinute(inst.expiredTime),
        StoppedMode: inst.stoppedMode,
        CreationTime: apiMinute(inst.creationTime),
        StartTime: apiMinute(inst.startTime),
        AutoReleaseTime: "",
        DeletionProtection: inst.deletionProtection,
        ...(inst.creditSpecification !== null ? { CreditSpecification: inst.creditSpecification } : {}),
        InstanceNetworkType: inst.instanceNetworkType,
        IoOptimized: inst.ioOptimized,
        VpcAttributes: vpcAttributes(inst),
        InnerIpAddress: ipList(inst.instanceNetworkType === "classic" ? inst.privateIpAddress : null),
        PublicIpAddress: ipList(inst.publicIpAddress),
        EipAddress: { AllocationId: "", IpAddress: "", InternetChargeType: "", Bandwidth: 0 },
        SecurityGroupIds: { SecurityGroupId: [...inst.securityGroupIds] },
        OperationLocks: operationLocks(inst),
        NetworkInterfaces: {
            NetworkInterface: [
                {
                    NetworkInterfaceId: inst.networkInterfaceId,
                    Type: "Primary",
                    MacAddress: inst.macAddress,
                    PrimaryIpAddress: inst.privateIpAddress,
                    PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: inst.privateIpAddress, Primary: true }] },
                },
            ],
        },
        CpuOptions: {
            CoreCount: inst.cpuOptions.core,
            ThreadsPerCore: inst.cpuOptions.threadsPerCore,
            Numa: "",
            TopologyType: inst.cpuOptions.topologyType,
            NestedVirtualization: inst.cpuOptions.nestedVirtualization,
        },
        PrivateDnsNameOptions: {
            EnableInstanceIdDnsARecord: dns.enableInstanceIdDnsARecord,
            EnableInstanceIdDnsAAAARecord: dns.enableInstanceIdDnsAAAARecord,
            EnableIpDnsARecord: dns.enableIpDnsARecord,
            EnableIpDnsPtrRecord: dns.enableIpDnsPtrRecord,
            HostnameType: dns.hostnameType,
        },
        ImageOptions: { LoginAsNonRoot: inst.loginAsNonRoot },
        HibernationOptions: { Configured: inst.hibernationConfigured },
        KeyPairName: inst.keyPairName ?? "",
        Recyclable: inst.recyclable,
        DeviceAvailable: true,
        GPUAmount: 0,
        GPUSpec: "",
        LocalStorageAmount: 0,
        LocalStorageCapacity: 0,
        SerialNumber: serialNumber(inst.instanceId),
        ResourceGroupId: "",
        Tags: { Tag: tagList(model, "instance", inst.instanceId) },
    };
}

function serialNumber(id: string): string {
    const hex = Buffer.from(id).toString("hex").padEnd(32, "0").slice(0, 32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The body of DescribeInstanceAttribute (adds EnableJumboFrame, lacks the CPU and DNS options). */
export function instanceAttributeView(model: AlicloudModel, inst: Instance): Record<string, unknown> {
    const type = model.typeOf(inst);
    return {
        ...identityAndStatus(inst),
        Cpu: type.cpu,
        Memory: type.memoryGiB * 1024,
        ImageId: inst.imageId,
        RegionId: inst.regionId,
        ZoneId: inst.zoneId,
        ClusterId: "",
        InstanceNetworkType: inst.instanceNetworkType,
        InstanceChargeType: inst.instanceChargeType,
        InternetChargeType: inst.internetChargeType,
        InternetMaxBandwidthIn: 100,
        InternetMaxBandwidthOut: 0,
        IoOptimized: inst.ioOptimized ? "optimized" : "none",
        SerialNumber: serialNumber(inst.instanceId),
        CreationTime: apiMinute(inst.creationTime),
        ExpiredTime: apiMinute(inst.expiredTime),
        StoppedMode: inst.stoppedMode,
        ...(inst.creditSpecification !== null ? { CreditSpecification: inst.creditSpecification } : {}),
        EnableJumboFrame: inst.enableJumboFrame,
        EnableNetworkEncryption: inst.enableNetworkEncryption,
        NetworkOptions: { EnableJumboFrame: inst.enableJumboFrame, EnableNetworkEncryption: inst.enableNetworkEncryption },
        VlanId: "",
        SecurityGroupIds: { SecurityGroupId: [...inst.securityGroupIds] },
        PublicIpAddress: ipList(inst.publicIpAddress),
        InnerIpAddress: ipList(inst.instanceNetworkType === "classic" ? inst.privateIpAddress : null),
        VpcAttributes: vpcAttributes(inst),
        EipAddress: { AllocationId: "", IpAddress: "", InternetChargeType: "", Bandwidth: 0 },
        DedicatedHostAttribute: { DedicatedHostId: "", DedicatedHostName: "" },
        OperationLocks: operationLocks(inst),
    };
}

/** One element of DescribeDisks' `Disks.Disk[]`. */
export function diskView(model: AlicloudModel, disk: Disk): Record<string, unknown> {
    const attached = disk.instanceId !== null;
    return {
        DiskId: disk.diskId,
        DiskName: disk.diskName,
        Description: disk.description,
        Type: disk.type,
        Category: disk.category,
        Size: disk.size,
        PerformanceLevel: disk.performanceLevel,
        Status: disk.status,
        RegionId: disk.regionId,
        ZoneId: disk.zoneId,
        InstanceId: disk.instanceId ?? "",
        Device: disk.device,
        ImageId: disk.imageId ?? "",
        SourceSnapshotId: disk.sourceSnapshot?.snapshotId ?? "",
        Encrypted: disk.encrypted,
        KMSKeyId: disk.kmsKeyId ?? "",
        DeleteWithInstance: disk.deleteWithInstance,
        Portable: disk.portable,
        MultiAttach: disk.multiAttach ? "Enabled" : "Disabled",
        EnableAutoSnapshot: true,
        CreationTime: disk.creationTime,
        AttachedTime: attached ? disk.creationTime : "",
        DetachedTime: "",
        ExpiredTime: attached ? model.instance(disk.instanceId as string).expiredTime : "2999-09-08T16:00Z",
        DiskChargeType: attached ? model.instance(disk.instanceId as string).instanceChargeType : "PostPaid",
        OperationLocks: { OperationLock: [] },
        Attachments: { Attachment: attached ? [{ InstanceId: disk.instanceId, Device: disk.device, AttachedTime: disk.creationTime }] : [] },
        Tags: { Tag: tagList(model, "disk", disk.diskId) },
    };
}

/** One element of DescribeSecurityGroups' `SecurityGroups.SecurityGroup[]`. */
export function securityGroupView(model: AlicloudModel, g: SecurityGroup): Record<string, unknown> {
    const members = model.membersOf(g.securityGroupId).length;
    return {
        SecurityGroupId: g.securityGroupId,
        SecurityGroupName: g.securityGroupName,
        Description: g.description,
        SecurityGroupType: g.securityGroupType,
        VpcId: g.vpcId ?? "",
        CreationTime: g.creationTime,
        ServiceManaged: g.serviceManaged,
        ...(g.serviceId !== null ? { ServiceID: Number(g.serviceId) } : {}), // a number in the SDK model
        EcsCount: members,
        AvailableInstanceAmount: Math.max(0, g.maxInstances - members),
        RuleCount: g.ruleCount,
        ResourceGroupId: "",
        Tags: { Tag: [] },
    };
}
