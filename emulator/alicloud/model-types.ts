/** The shapes of the Alibaba Cloud world the emulator holds (loaded from the fixture, changed by actions). */

/** ECS instance lifecycle states. */
export type InstanceStatus = "Pending" | "Starting" | "Running" | "Stopping" | "Stopped";
/** Billing method. */
export type ChargeType = "PostPaid" | "PrePaid";
/** Spot strategy; `NoSpot` for regular instances. */
export type SpotStrategy = "NoSpot" | "SpotWithPriceLimit" | "SpotAsPriceGo";
/** Performance mode of a burstable instance. */
export type CreditSpecification = "Standard" | "Unlimited";
/** Hostname type of the private DNS name options. */
export type HostnameType = "Custom" | "IpBased" | "InstanceIdBased";
/** Disk states. */
export type DiskStatus = "In_use" | "Available" | "Attaching" | "Detaching" | "Creating" | "ReIniting";

/** An AccessKey pair (optionally STS) the emulator accepts. */
export interface Credential {
    accessKeyId: string;
    accessKeySecret: string;
    /** STS token required with this key, if any. */
    securityToken: string | null;
    /** When the STS token expires (ISO 8601), if it does. */
    expiration: string | null;
    /** A disabled key is answered `InvalidAccessKeyId.Inactive`. */
    disabled: boolean;
    /** This identity may not pass UserData (`InvalidUserData.Forbidden`). */
    userDataForbidden: boolean;
}

/** A zone and which burstable performance modes it offers. */
export interface Zone {
    zoneId: string;
    creditSpecifications: CreditSpecification[];
}

/** A region with its zones. */
export interface Region {
    regionId: string;
    localName: string;
    zones: Zone[];
    /** Whether instances here may log in as a non-root user (`LoginAsNonRoot.RegionNotSupport`). */
    loginAsNonRootSupported: boolean;
}

/** A vSwitch of a VPC. */
export interface VSwitch {
    vSwitchId: string;
    zoneId: string;
    cidrBlock: string;
}

/** A VPC. */
export interface Vpc {
    vpcId: string;
    regionId: string;
    vpcName: string;
    cidrBlock: string;
    vSwitches: VSwitch[];
}

/** A security group: basic (`normal`) or advanced (`enterprise`); `vpcId` null for a classic-network group. */
export interface SecurityGroup {
    securityGroupId: string;
    regionId: string;
    vpcId: string | null;
    securityGroupName: string;
    description: string;
    securityGroupType: "normal" | "enterprise";
    /** How many instances may join (OperationDenied / InvalidOperation.EniCountExceeded beyond it). */
    maxInstances: number;
    /** Managed by a cloud service (e.g. ACK): its membership cannot be changed by users. */
    serviceManaged: boolean;
    serviceId: string | null;
    /** Number of rules (AclLimitExceed when an instance's groups exceed the account limit together). */
    ruleCount: number;
    creationTime: string;
}

/** An SSH key pair (regional). */
export interface KeyPair {
    keyPairName: string;
    regionId: string;
    keyPairFingerPrint: string;
}

/** An image that instances and system disks were created from. */
export interface Image {
    imageId: string;
    /** Region the image lives in; null for public images available everywhere. */
    regionId: string | null;
    osType: "linux" | "windows";
    osName: string;
    osNameEn: string;
    /** Whether the image runs cloud-init (ImageNotSupportCloudInit when UserData is set otherwise). */
    cloudInit: boolean;
    loginAsNonRootSupported: boolean;
    imageOwnerAlias: "system" | "self" | "others" | "marketplace";
    /** Deleted images cannot be used to re-initialise system disks. */
    deleted: boolean;
}

/** A KMS key used to encrypt disks. */
export interface KmsKey {
    keyId: string;
    regionId: string;
    keyState: "Enabled" | "Disabled" | "PendingDeletion";
    /** ECS was granted access to KMS (KMSUnauthorized otherwise). */
    ecsAuthorized: boolean;
    /** The key carries the ECS tag (CMKUnauthorized otherwise). */
    ecsTagged: boolean;
}

/** What an instance type allows. */
export interface InstanceTypeSpec {
    instanceTypeId: string;
    instanceTypeFamily: string;
    cpu: number;
    memoryGiB: number;
    /** Physical cores (CpuOptions.Core must equal it). */
    coreCount: number;
    /** Maximum threads per core (1 or 2). */
    threadsPerCore: number;
    threadsPerCoreModifiable: boolean;
    /** CPU topology types the family supports (empty: none). */
    topologyTypes: string[];
    burstable: boolean;
    jumboFrame: boolean;
    /** Default queue number of the primary ENI. */
    defaultQueueNumber: number;
    /** Maximum queues of one ENI. */
    maxQueueNumberPerEni: number;
    /** Maximum queues over all ENIs of an instance. */
    totalQueueNumber: number;
    nestedVirtualization: boolean;
    networkEncryption: boolean;
    /** Supports RemoteConnectionOptions (InstanceType.ValueNotSupported otherwise). */
    remoteConnection: boolean;
}

/** What is in effect inside the guest OS: applied from the API values at each API restart. */
export interface GuestState {
    hostName: string;
    /** `sha256:<hex>` of the password in effect, or null (none / key pair only). */
    passwordFingerprint: string | null;
    /** `sha256:<hex>` of the base64 user data the guest booted with, or null. */
    userDataFingerprint: string | null;
    keyPairName: string | null;
    /** Number of boots (API starts and restarts) since the fixture was loaded. */
    bootCount: number;
    lastBootAt: string | null;
}

/** CPU options of an instance. */
export interface CpuOptions {
    core: number;
    threadsPerCore: number;
    topologyType: string;
    nestedVirtualization: "enabled" | "disabled";
}

/** Private DNS name options of an instance. */
export interface PrivateDnsNameOptions {
    enableInstanceIdDnsARecord: boolean;
    enableInstanceIdDnsAAAARecord: boolean;
    enableIpDnsARecord: boolean;
    enableIpDnsPtrRecord: boolean;
    hostnameType: HostnameType;
}

/** An ECS instance. Secrets are held only as fingerprints, except user data (DescribeUserData returns it). */
export interface Instance {
    instanceId: string;
    regionId: string;
    zoneId: string;
    instanceName: string;
    hostName: string;
    description: string;
    status: InstanceStatus;
    instanceType: string;
    osType: "linux" | "windows";
    imageId: string;
    instanceChargeType: ChargeType;
    spotStrategy: SpotStrategy;
    internetChargeType: "PayByTraffic" | "PayByBandwidth";
    /** Subscription end (PrePaid) or a far-future date. */
    expiredTime: string;
    /** Subscription expired (PrePaid) or account in arrears (PostPaid). */
    expiredOrInArrears: boolean;
    stoppedMode: "KeepCharging" | "StopCharging" | "Not-applicable";
    instanceNetworkType: "vpc" | "classic";
    vpcId: string | null;
    vSwitchId: string | null;
    privateIpAddress: string;
    publicIpAddress: string | null;
    ioOptimized: boolean;
    securityGroupIds: string[];
    deletionProtection: boolean;
    /** Burstable types only; null otherwise. */
    creditSpecification: CreditSpecification | null;
    enableJumboFrame: boolean;
    networkInterfaceId: string;
    macAddress: string;
    networkInterfaceQueueNumber: number;
    /** Queue numbers of secondary ENIs (they count toward the type's total). */
    secondaryEniQueueNumbers: number[];
    cpuOptions: CpuOptions;
    privateDnsNameOptions: PrivateDnsNameOptions;
    operationLocks: { lockReason: string; lockMsg: string }[];
    /** Whether the instance has been started at least once since it was created. */
    startedOnce: boolean;
    /** Base64 user data as stored ("" when none). */
    userData: string;
    passwordFingerprint: string | null;
    keyPairName: string | null;
    /** The image logs in as ecs-user instead of root. */
    loginAsNonRoot: boolean;
    hibernationConfigured: boolean;
    recyclable: boolean;
    enableNetworkEncryption: boolean;
    /** The instance type was changed and the instance not restarted since (InvalidInstanceStatus.NeedRestart). */
    needRestart: boolean;
    remoteConnection: { type: string; passwordFingerprint: string } | null;
    creationTime: string;
    startTime: string;
    guest: GuestState;
}

/** A snapshot of a disk. */
export interface DiskSnapshot {
    snapshotId: string;
    status: "accomplished" | "progressing";
    instantAccess: boolean;
}

/** A cloud or local disk. */
export interface Disk {
    diskId: string;
    regionId: string;
    zoneId: string;
    diskName: string;
    description: string;
    type: "system" | "data";
    category: string;
    size: number;
    performanceLevel: string;
    status: DiskStatus;
    instanceId: string | null;
    device: string;
    /** Image a system disk was created from. */
    imageId: string | null;
    /** Snapshot the disk was created from (null: from an image or empty). */
    sourceSnapshot: { snapshotId: string; createdAt: string; deleted: boolean } | null;
    snapshots: DiskSnapshot[];
    multiAttach: boolean;
    clonedFromDiskId: string | null;
    /** Whether the disk was ever detached (InvalidSnapshot.TooOld applies after that). */
    detachedOnce: boolean;
    encrypted: boolean;
    kmsKeyId: string | null;
    deleteWithInstance: boolean;
    portable: boolean;
    creationTime: string;
    reInitCount: number;
    lastReInitAt: string | null;
}

/** A fault the fixture scripts for one resource and action (for codes no state can produce). */
export interface ScriptedFault {
    action: string;
    instanceId: string | null;
    diskId: string | null;
    code: string;
    /** Message override (the documented message otherwise). */
    message: string | null;
    /** Sticky faults fire on every matching call; others fire `times` times (default once). */
    sticky: boolean;
    remaining: number;
    /** The answer carries `x-acs-retry-after` with this many ms (null: no header). */
    retryAfterMs: null | number;
}

/** Account-wide quotas. */
export interface Limits {
    securityGroupsPerInstance: number;
    aclRulesPerInstance: number;
}

/** Invitation-only features the account has. */
export interface Features {
    recycleBin: boolean;
    networkEncryption: boolean;
}

/** The whole Alibaba Cloud world. */
export interface AlicloudWorld {
    credentials: Credential[];
    regions: Region[];
    vpcs: Vpc[];
    securityGroups: SecurityGroup[];
    keyPairs: KeyPair[];
    images: Image[];
    kmsKeys: KmsKey[];
    instanceTypes: InstanceTypeSpec[];
    instances: Instance[];
    disks: Disk[];
    faults: ScriptedFault[];
    limits: Limits;
    features: Features;
    /** Resource tags by `type:id` (`instance:i-…`, `disk:d-…`), key → value (models-tags.ts). */
    resourceTags?: Record<string, Record<string, string>>;
}
