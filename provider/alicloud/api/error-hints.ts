import { RetryClass } from "../../core/transport/errors";

/** What ecs-ops tells the user about one Alibaba Cloud error code, and how the retry loop treats it. */
export interface ErrorHint {
    /** An actionable sentence (or two); never contains a value from the request. */
    hint: string;
    retry: RetryClass;
}

/** The ECS actions whose documented error codes have their own hints. */
export type HintedAction = "ModifyInstanceAttribute" | "RebootInstance" | "ReInitDisk";

const fatal = (hint: string): ErrorHint => ({ hint, retry: "fatal" });

const PASSWORD_RULE =
    "The password must be 8-30 characters with at least three of: uppercase letters, lowercase letters, digits and the special characters ()`~!@#$%^&*-_+=|{}[]:;'<>,.?/; on Windows it cannot start with /";

/**
 * Codes every ECS action may answer: authentication, authorization, throttling, availability,
 * and the generic parameter and region errors.
 */
export const COMMON_ERROR_HINTS: Readonly<Record<string, ErrorHint>> = {
    // Throttling and availability: retried with jittered backoff within the resource's timeout.
    Throttling: {
        hint: "The request was throttled; ecs-ops retries with backoff. If it persists, run fewer operations in parallel (pulumi up --parallel).",
        retry: "throttled",
    },
    "Throttling.User": {
        hint: "Your account's API rate limit was reached; ecs-ops retries with backoff. If it persists, run fewer operations in parallel (pulumi up --parallel).",
        retry: "throttled",
    },
    "Throttling.Api": { hint: "This API's rate limit was reached; ecs-ops retries with backoff.", retry: "throttled" },
    "Throttling.Resource": { hint: "Too many requests for this resource; ecs-ops retries with backoff.", retry: "throttled" },
    "Rejected.Throttling": { hint: "The request was rejected by flow control; ecs-ops retries with backoff.", retry: "throttled" },
    ServiceUnavailable: {
        hint: "The ECS service is temporarily unavailable; ecs-ops retries with backoff until the resource's timeout.",
        retry: "unavailable",
    },
    InternalError: {
        hint: "An internal error occurred at Alibaba Cloud; ecs-ops retries with backoff. If it persists, contact Alibaba Cloud support with the RequestId.",
        retry: "unavailable",
    },
    "InternalError.Dispatch": { hint: "An internal dispatch error occurred at Alibaba Cloud; ecs-ops retries with backoff.", retry: "unavailable" },
    // Client-side failures to get an answer (codes made up by the client).
    RequestTimeout: {
        hint: "The message says which limit ran out; ecs-ops retries reads and ModifyInstanceAttribute within the resource's timeout, never a reboot, re-initialisation, stop or start whose outcome is unknown. Check network access to the endpoint, or raise ecs-ops:attemptTimeout.",
        retry: "timeout",
    },
    Transport: {
        hint: "The connection to the ECS endpoint failed; ecs-ops retries until the resource's timeout. Check network access and the endpoint (ecs-ops:alicloudEndpoint / ECS_OPS_ALICLOUD_ENDPOINT).",
        retry: "transport",
    },
    InvalidResponse: {
        hint: "The endpoint answered something that is not an ECS API response; check the endpoint (ecs-ops:alicloudEndpoint / ECS_OPS_ALICLOUD_ENDPOINT) and any proxy in between.",
        retry: "transport",
    },
    EndpointNotFound: fatal(
        "The endpoint's host name does not resolve; check the region, or the endpoint override (ecs-ops:alicloudEndpoint / ECS_OPS_ALICLOUD_ENDPOINT).",
    ),
    // Authentication.
    "InvalidAccessKeyId.NotFound": fatal(
        "The AccessKey id does not exist; check alicloud:accessKey, ALIBABA_CLOUD_ACCESS_KEY_ID or ALICLOUD_ACCESS_KEY (the first one set is used).",
    ),
    "InvalidAccessKeyId.Inactive": fatal("The AccessKey is disabled; enable it in the RAM console or use another one."),
    InvalidAccessKeyId: fatal("The AccessKey id is not valid; check alicloud:accessKey, ALIBABA_CLOUD_ACCESS_KEY_ID or ALICLOUD_ACCESS_KEY."),
    "Forbidden.AccessKeyDisabled": fatal("The AccessKey is disabled; enable it in the RAM console or use another one."),
    SignatureDoesNotMatch: fatal(
        "The request signature was rejected: check the AccessKey secret (alicloud:secretKey, ALIBABA_CLOUD_ACCESS_KEY_SECRET or ALICLOUD_SECRET_KEY) belongs to the AccessKey id, and that the system clock is right.",
    ),
    IncompleteSignature: fatal("The request signature is incomplete; check the AccessKey secret and that no proxy rewrites requests."),
    "InvalidTimeStamp.Expired": fatal("The request timestamp is too far from Alibaba Cloud's clock; synchronise the system clock (NTP)."),
    "InvalidTimeStamp.Format": fatal("The request timestamp was rejected; synchronise the system clock."),
    SignatureNonceUsed: { hint: "A request nonce was reused; ecs-ops retries with a fresh one.", retry: "transport" },
    "InvalidSecurityToken.Expired": fatal(
        "The STS security token has expired; obtain a new one and update alicloud:securityToken, ALIBABA_CLOUD_SECURITY_TOKEN or ALICLOUD_SECURITY_TOKEN.",
    ),
    "InvalidSecurityToken.Malformed": fatal(
        "The STS security token is malformed; check alicloud:securityToken, ALIBABA_CLOUD_SECURITY_TOKEN or ALICLOUD_SECURITY_TOKEN.",
    ),
    "InvalidSecurityToken.MismatchWithAccessKey": fatal(
        "The STS security token was issued for another AccessKey; set the token together with the temporary AccessKey it belongs to.",
    ),
    // Authorization and account state.
    "Forbidden.RAM": fatal(
        "The RAM user or role is not allowed to perform this action; grant the ecs:<Action> permission on the instance (see the RAM authorization of the API).",
    ),
    Forbidden: fatal("The caller is not allowed to perform this action; check the RAM policy of the AccessKey."),
    "Forbidden.Unauthorized": fatal("The caller is not authorized for this action; check the RAM policy of the AccessKey."),
    NoPermission: fatal("The caller lacks the permission for this action; ask the account administrator to grant it in RAM."),
    "InvalidUser.Unauthorized": fatal(
        "The caller is not authorized for this operation or parameter; check the RAM policy and any invitation-only features used.",
    ),
    "Forbidden.RiskControl": fatal("The operation was blocked by Alibaba Cloud risk control; complete the verification in the console or contact support."),
    "Account.Arrearage": fatal("The account has an overdue payment; top it up in the billing console."),
    "InvalidAccountStatus.NotEnoughBalance": fatal("The account balance is insufficient; top it up in the billing console."),
    // Request shape, region and resource.
    MissingParameter: fatal("A required parameter is missing; this is a bug in ecs-ops, please report it with the RequestId."),
    InvalidParameter: fatal("A parameter was rejected by ECS; check the values against the documented rules of the property named in the message."),
    "InvalidAction.NotFound": fatal(
        "The endpoint does not know this action; check the endpoint override (ecs-ops:alicloudEndpoint / ECS_OPS_ALICLOUD_ENDPOINT).",
    ),
    "InvalidRegionId.NotFound": fatal("The region does not exist; check the resource's region or alicloud:region / ALIBABA_CLOUD_REGION_ID / ALICLOUD_REGION."),
    "InvalidRegionId.MalFormed": fatal("The region id is not valid; use an id such as cn-hangzhou."),
    UnsupportedOperation: fatal("This operation is not supported for this resource or region."),
    "InvalidInstanceId.NotFound": fatal(
        "The instance does not exist in this region for this account; check instanceId and region (DescribeInstances lists the instances).",
    ),
    "InvalidInstanceId.MalFormed": fatal("The instance id is malformed; instance ids look like i-bp67acfmxazb4ph****."),
    IncorrectInstanceStatus: fatal(
        "The instance's current status does not allow this operation; wait until it is Running or Stopped, then run pulumi up again.",
    ),
    InstanceLockedForSecurity: fatal(
        'The instance is locked for security reasons (OperationLocks LockReason "security", e.g. after a security violation or an overdue payment) and cannot be changed until Alibaba Cloud unlocks it; see the instance in the console or open a ticket.',
    ),
    InstanceExpiredOrInArrears: fatal(
        "The subscription instance has expired, or the pay-as-you-go account is in arrears; renew the instance or top up the account, then retry.",
    ),
    OperationDenied: fatal("ECS denied the operation for this resource; see the message for the limit or state that applies."),
    DryRunOperation: fatal("The dry run passed: the request would have succeeded."),
};

/** Codes documented for `ModifyInstanceAttribute`, with what to do about each. */
export const MODIFY_INSTANCE_ATTRIBUTE_HINTS: Readonly<Record<string, ErrorHint>> = {
    "InvalidInstanceName.Malformed": fatal(
        "instanceName must be 2-128 characters, start with a letter or a Chinese character, not start with http:// or https://, and contain only letters, Chinese characters, digits, periods (.), colons (:), underscores (_) and hyphens (-)",
    ),
    "InvalidDescription.Malformed": fatal("description must be 2-256 characters and cannot start with http:// or https://"),
    "InvalidRemoteConnectionOptions.Password": fatal(
        "remoteConnectionOptions.password was rejected; remote connection options are an invitation-only preview feature of the account",
    ),
    "InvalidRemoteConnectionOptions.Type": fatal(
        "remoteConnectionOptions.type was rejected; remote connection options are an invitation-only preview feature of the account",
    ),
    "InstanceType.ValueNotSupported": fatal("The instance type does not support this change (e.g. creditSpecification is for burstable t5/t6 instances only)"),
    "OSType.ValueNotSupported": fatal("The instance's operating system does not support this change (e.g. the hostname or password rule of its OS)"),
    "InvalidHostPassword.Malformed": fatal(PASSWORD_RULE),
    "InvalidHostName.Malformed": fatal(
        "hostName: on Windows 2-15 characters of letters, digits and hyphens, not starting or ending with a hyphen, no consecutive hyphens, not only digits; on Linux and others 2-64 characters, segments separated by periods of letters, digits and hyphens, no consecutive periods or hyphens, not starting or ending with a period or hyphen",
    ),
    "InvalidPassword.Malformed": fatal(PASSWORD_RULE),
    "InvalidUserData.SizeExceeded": fatal("userData must be at most 32 KB before base64 encoding"),
    "InvalidUserData.NotSupported": fatal("User data can only be set on VPC, I/O-optimized instances; remove userData for this instance"),
    ImageNotSupportCloudInit: fatal("The instance's image has no cloud-init, so user data cannot be used; remove userData or use an image with cloud-init"),
    ChargeTypeViolation: fatal(
        "This change is not available for the instance's billing method (pay-as-you-go); remove the property or change the billing method",
    ),
    "InvalidParameter.RecycleBin": fatal(
        "Setting recyclable needs the recycle-bin permission (invitation-only preview); remove recyclable or ask Alibaba Cloud to enable it",
    ),
    "InvalidParameter.CreditSpecification": fatal(
        "This creditSpecification is not supported in the instance's zone; use Standard or Unlimited as the zone allows",
    ),
    "InvalidInstanceStatus.CreditSpecRestricted": fatal("The burstable instance's current state does not allow changing creditSpecification now; retry later"),
    "InvalidInstanceStatus.NotRunning": fatal("The instance must be Running for this change; start it, then run pulumi up again"),
    "InvalidNetworkType.NotSupported": fatal(
        "Security groups of a classic-network instance cannot be replaced this way; migrate the instance to a VPC or remove securityGroupIds",
    ),
    "InvalidOperation.EniCountExceeded": fatal(
        "The enterprise security group holds its maximum number of network interfaces; choose another group or remove instances from it",
    ),
    JoinedGroupLimitExceed: fatal("The instance would be in more security groups than allowed (see the message for the limit); list fewer securityGroupIds"),
    "InvalidOperation.InvalidEcsState": fatal("The instance's state does not allow this change (see the message); wait until it is Running or Stopped"),
    "InvalidParam.NotSupportJumboFrame": fatal("The instance type does not support jumbo frames; remove enableJumboFrame or change the instance type"),
    "InvalidOperation.InstanceStatusNotSupport": fatal(
        "The MTU (enableJumboFrame) can be changed only while the instance is Running or Stopped; wait for one of these states",
    ),
    "InvalidOperation.InstanceStatusUnsupported": fatal(
        "cpuOptions.topologyType can be changed only while the instance is Stopped; set stopIfNeeded: true or stop the instance first",
    ),
    "InvalidParameter.CpuOptionsTopologyType": fatal("cpuOptions.topologyType must be ContinuousCoreToHTMapping or DiscreteCoreToHTMapping"),
    "InvalidInstanceType.NotSupportCpuOptionsTopologyType": fatal(
        "The instance type does not support this cpuOptions.topologyType (only some instance families do); remove it",
    ),
    "InvalidAdditionalInfoPvdConfig.SizeExceeded": fatal("The PVD configuration is too large"),
    "InvalidInstanceType.NotSupportHighDensityMode": fatal("The instance type does not support the cloud disk high-density mode"),
    "InvalidStatus.StoppedRequired": fatal("This change needs the instance Stopped; set stopIfNeeded: true to let ecs-ops stop and start it, or stop it first"),
    "InvalidParameter.CpuOptionsTurboMode": fatal("The CPU turbo mode value is not valid"),
    "InvalidInstanceType.EnableNVSUnsupported": fatal("The instance type does not support EnableNVS"),
    "InvalidInstanceType.EnableVISSTUnsupported": fatal("The instance type does not support EnableVISST"),
    "InvalidInstanceType.EnableVRDTUnsupported": fatal("The instance type does not support EnableVRDT"),
    "InvalidInstanceType.SingleCoreMaxModeUnsupported": fatal("The instance type does not support the single-core max turbo mode"),
    "InvalidInstanceType.GpuOptionsConfidentialComputingUnsupported": fatal("The instance type does not support the GPU confidential computing mode"),
    "InvalidParameter.GpuOptionsConfidentialComputing": fatal("The GPU confidential computing mode value is not valid"),
    "InvalidParameterAuthorized.GpuOptionsConfidentialComputing": fatal("The account is not authorized for the GPU confidential computing mode"),
    "InvalidParameter.CpuOptionsNestedVirtualization": fatal("The nested virtualization value is not valid (invitation-only preview)"),
    "InvalidInstanceType.NotSupportCpuOptionsNestedVirtualization": fatal("The instance type does not support this nested virtualization value"),
    IncorrectInstanceStatus: fatal(
        "The instance's current status (e.g. Pending or Starting) does not allow this change; wait until it is Running or Stopped, then run pulumi up again",
    ),
    OperationDenied: fatal("A security group in securityGroupIds already holds its maximum number of instances; choose another group"),
    "InvalidUserData.Forbidden": fatal("The account is not allowed to set user data; apply for the UserData permission or remove userData"),
    "InvalidUserData.Base64FormatInvalid": fatal("The user data was not valid base64; give userData as plain text, ecs-ops encodes it"),
    "InvalidChargeType.ValueNotSupported": fatal(
        "deletionProtection applies only to pay-as-you-go instances, not to subscription or spot instances; remove deletionProtection for this instance",
    ),
    "EnterpriseGroupLimited.MutliGroupType": fatal(
        "securityGroupIds cannot mix basic and advanced (enterprise) security groups; list groups of one type (DescribeSecurityGroups shows the type)",
    ),
    SecurityGroupInstanceLimitExceed: fatal(
        "A security group in securityGroupIds holds its maximum number of instances (see the message); choose another group",
    ),
    InstanceNotInSecurityGroup: fatal("The instance is not in the security group named; refresh the stack (pulumi refresh) and retry"),
    "InvalidOperation.InvalidRegion": fatal("The security group or instance belongs to another region (see the message); use groups of the instance's region"),
    "InvalidOperation.ResourceManagedByCloudProduct": fatal(
        "A security group managed by a cloud service cannot be changed; keep it in securityGroupIds or manage it through that service",
    ),
    "InvalidParameter.InvalidEniQueueNumber": fatal(
        "networkInterfaceQueueNumber is not valid for this instance type (see the message); DescribeInstanceTypes shows the maximum queues per network interface",
    ),
    "InvalidOperation.MaxEniQueueNumberExceeded": fatal("networkInterfaceQueueNumber exceeds the maximum queues per network interface of the instance type"),
    "InvalidOperation.ExceedInstanceTypeQueueNumber": fatal(
        "The total queues of all network interfaces would exceed the instance type's quota; lower networkInterfaceQueueNumber",
    ),
    "InvalidOperation.InstanceTypeNotSupportHighPerformanceTrafficMode": fatal(
        "The instance type does not support network interfaces in the RDMA (high-performance) traffic mode",
    ),
    "InvalidParameter.InvalidQueuePairNumber": fatal("The queue pair number is not valid for this instance type (see the message)"),
    "InvalidOperation.MaxEniQueuePairNumberExceed": fatal("The queue pair number exceeds the maximum per network interface of the instance type"),
    "InvalidOperation.EniQueuePairNumberOverflow": fatal("The total queue pairs of the instance would exceed the instance type's quota"),
    AclLimitExceed: fatal("The security groups would give the network interface or instance more ACL rules than allowed; use fewer groups or rules"),
    "InvalidInstanceType.CpuOptionsThreadsPerCoreUnsupported": fatal("The instance type does not allow setting cpuOptions.threadsPerCore; remove it"),
    "InvalidParameter.CpuOptionsCore": fatal("cpuOptions.core is not valid: it is not customizable and must be the instance type's default core count"),
    "InvalidParameter.CpuOptionsThreadsPerCore": fatal(
        "cpuOptions.threadsPerCore is not valid for this instance type (1 disables hyper-threading; see the instance type's allowed values)",
    ),
    "InvalidOperation.UserNotSupportNetworkEncryption": fatal("The account cannot use VPC traffic encryption (invitation-only preview)"),
    "InvalidOperation.InstanceTypeNotSupportNetworkEncryption": fatal("The instance type does not support VPC traffic encryption"),
    "InvalidSecurityGroupId.NotFound": fatal(
        "A security group in securityGroupIds does not exist in this region for this account; check the ids (DescribeSecurityGroups)",
    ),
    "Credit.NotFound": fatal("No credit information exists for this instance; creditSpecification applies to burstable instances only"),
    "InvalidInstanceStatus.NeedRestart": fatal(
        "The instance must be restarted (from the console or RebootInstance) before this change; reboot it (e.g. with alicloud.InstanceReboot) and run pulumi up again",
    ),
    "InvalidParameter.SecurityGroupIdRepeated": fatal("securityGroupIds lists a group twice; list each group once"),
    "InvalidSecurityGroupType.NotSupportClassic": fatal("securityGroupIds contains a classic-network security group; use VPC security groups"),
    "InvalidSecurityGroupVpc.NotBelongToOneVpc": fatal(
        "The security groups in securityGroupIds must all belong to the instance's VPC; DescribeSecurityGroups shows each group's VPC",
    ),
    InternalError: { hint: COMMON_ERROR_HINTS.InternalError.hint, retry: "unavailable" },
};

/** Codes documented for `RebootInstance`, with what to do about each. */
export const REBOOT_INSTANCE_HINTS: Readonly<Record<string, ErrorHint>> = {
    IncorrectInstanceStatus: fatal("Only a Running instance can be rebooted; start the instance (or wait until it is Running) and run pulumi up again"),
    InstanceLockedForSecurity: COMMON_ERROR_HINTS.InstanceLockedForSecurity,
    DiskError: fatal("A disk of the instance is in a state that does not allow a reboot; check the disks (DescribeDisks) and wait until they are In_use"),
    InstanceExpiredOrInArrears: fatal(
        "The subscription instance has expired or the account is in arrears; renew the instance or top up the account before rebooting",
    ),
    "InvalidParameter.KMSKeyId.CMKUnauthorized": fatal("The KMS key of an encrypted disk needs the ECS tag (acs:ecs:protected=true) before ECS can use it"),
    "InvalidParameter.KMSKeyId.CMKNotEnabled": fatal("The KMS key of an encrypted disk is not enabled; enable it in the KMS console"),
    "InvalidParameter.KMSKeyId.KMSUnauthorized": fatal("ECS is not authorized to use KMS; grant the AliyunECSDiskEncryptDefaultRole in RAM"),
    "InvalidParameter.KMSKeyId.NotFound": fatal("The KMS key of an encrypted disk no longer exists"),
    "InvalidInstanceId.NotFound": COMMON_ERROR_HINTS["InvalidInstanceId.NotFound"],
    InternalError: { hint: COMMON_ERROR_HINTS.InternalError.hint, retry: "unavailable" },
};

/** Codes documented for `ReInitDisk`, with what to do about each. */
export const REINIT_DISK_HINTS: Readonly<Record<string, ErrorHint>> = {
    "LoginAsNonRoot.ImageNotSupport": fatal("The disk's image does not support logging in as a non-root user"),
    "DiskHasSnapshotsWithInstantAccessEnabled.OperationNotSupported": fatal(
        "The disk has snapshots with instant access enabled; disable instant access (or delete those snapshots) first",
    ),
    "InvalidPassword.Malformed": fatal(PASSWORD_RULE),
    "InvalidKeyPairName.NotFound": fatal("keyPairName does not exist in this region; check the name (DescribeKeyPairs)"),
    "DependencyViolation.IoOptimize": fatal("The instance's I/O optimization setting does not allow re-initialising this disk"),
    "DiskCategory.OperationNotSupported": fatal("The disk's category does not support re-initialisation"),
    "InvalidRegionId.MalFormed": COMMON_ERROR_HINTS["InvalidRegionId.MalFormed"],
    InternalError: { hint: COMMON_ERROR_HINTS.InternalError.hint, retry: "unavailable" },
    "LoginAsNonRoot.RegionNotSupport": fatal("The region does not support logging in as a non-root user"),
    IncorrectDiskStatus: fatal("The disk must be In_use (attached) to be re-initialised; wait until it is, or attach it"),
    IncorrectInstanceStatus: fatal("The instance must be Stopped to re-initialise its disk; set stopInstance: true to let ecs-ops stop it, or stop it first"),
    InstanceLockedForSecurity: COMMON_ERROR_HINTS.InstanceLockedForSecurity,
    "InvalidSnapshot.TooOld": fatal("The disk was created from a snapshot made before 2013-07-15 and cannot be re-initialised"),
    OperationDenied: fatal("The snapshot the disk was created from has been deleted, so the disk cannot be re-initialised"),
    InstanceExpiredOrInArrears: fatal("The subscription instance has expired or the account is in arrears; renew the instance or top up the account first"),
    DiskCreatingSnapshot: { hint: "A snapshot of the disk is still being created; ecs-ops retries, or wait until it completes", retry: "unavailable" },
    SharedImageDeleted: fatal("The shared image the disk was created from has been deleted by its owner; the disk cannot be re-initialised"),
    "DependencyViolation.WindowsInstance": fatal("A Windows instance cannot use an SSH key pair; give password instead of keyPairName"),
    "InvalidDisk.DiskFromClonedNotSupport": fatal("The disk was cloned from another disk and cannot be re-initialised"),
    UserNotInTheWhiteList: fatal("The account is not on the allow list for this disk feature; contact Alibaba Cloud support"),
    "InvalidParameter.KMSKeyId.CMKNotEnabled": REBOOT_INSTANCE_HINTS["InvalidParameter.KMSKeyId.CMKNotEnabled"],
    "InvalidParameter.KMSKeyId.KMSUnauthorized": REBOOT_INSTANCE_HINTS["InvalidParameter.KMSKeyId.KMSUnauthorized"],
    "HibernationConfigured.InstanceOperationForbidden": fatal("Instances with hibernation configured do not allow re-initialising their disks"),
    "InvalidOperation.MultiAttachDisk": fatal("Disks with multi-attach enabled cannot be re-initialised"),
    "InvalidParameter.KMSKeyId.CMKUnauthorized": REBOOT_INSTANCE_HINTS["InvalidParameter.KMSKeyId.CMKUnauthorized"],
    InvalidSourceSnapshot: fatal("The disk's source snapshot has been deleted; the disk cannot be re-initialised"),
    "InvalidOperation.ReInitUnsupported": fatal("This disk does not support re-initialisation"),
    "InvalidDiskId.NotFound": fatal("The disk does not exist in this region for this account; check diskId and region (DescribeDisks)"),
    "InvalidImageId.NotFound": fatal(
        "The image the disk was created from no longer exists; the system disk cannot be re-initialised (replace the system disk instead)",
    ),
    "InvalidDiskId.OperationNotSupported": fatal("The image the disk was created from no longer exists; the disk cannot be re-initialised"),
};

/** A sentence ends with a period (hints are written either way in the tables). */
function withPeriod(text: string): string {
    return text === "" || /[.!?]$/.test(text) ? text : `${text}.`;
}

const BY_ACTION: Readonly<Record<HintedAction, Readonly<Record<string, ErrorHint>>>> = {
    ModifyInstanceAttribute: MODIFY_INSTANCE_ATTRIBUTE_HINTS,
    RebootInstance: REBOOT_INSTANCE_HINTS,
    ReInitDisk: REINIT_DISK_HINTS,
};

/**
 * The hint (a sentence ending with a period, or empty) and retry class of an error code: the
 * action's own entry first, then the common table; otherwise `Throttling*` is throttled, HTTP 5xx unavailable, anything else fatal with
 * no hint (the API's message is still shown).
 *
 * `retryAfterMs`, a valid `x-acs-retry-after` of the answer (a positive integer of ms), makes any
 * code throttled, as the official clients do (darabonba-openapi #283, aliyun-cli #1395): the
 * gateway refused the call before it ran and said when to come back.
 */
export function hintFor(code: string, action?: string, status?: number, retryAfterMs?: number): ErrorHint {
    const own = action !== undefined && action in BY_ACTION ? BY_ACTION[action as HintedAction][code] : undefined;
    const known = own ?? COMMON_ERROR_HINTS[code];
    const plain: ErrorHint = known
        ? { hint: withPeriod(known.hint), retry: known.retry }
        : /^Throttling/.test(code) || /\.Throttling$/.test(code)
          ? COMMON_ERROR_HINTS.Throttling
          : status !== undefined && status >= 500
            ? { hint: "The ECS service failed to answer; ecs-ops retries with backoff.", retry: "unavailable" }
            : { hint: "", retry: "fatal" };
    if (retryAfterMs === undefined || plain.retry === "throttled") return plain;
    const wait = `The answer asked to wait ${retryAfterMs} ms (x-acs-retry-after), i.e. flow control refused the call before it ran; ecs-ops retries after that wait.`;
    return { hint: plain.hint === "" ? wait : `${wait} ${plain.hint}`, retry: "throttled" };
}
