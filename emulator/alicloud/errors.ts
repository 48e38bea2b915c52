/**
 * Every error the Alibaba Cloud side of the emulator answers, as named entries with the HTTP
 * status and message of the published references (ModifyInstanceAttribute, RebootInstance,
 * ReInitDisk) and of the OpenAPI gateway's common errors. `%s` in a message is filled by
 * `AlicloudError` arguments.
 */

/** One documented error: code, HTTP status and message template. */
export interface ErrorSpec {
    readonly code: string;
    readonly status: number;
    readonly message: string;
}

function e(code: string, status: number, message: string): ErrorSpec {
    return { code, status, message };
}

/** Gateway (signature, envelope, throttling) and generic errors shared by every action. */
export const COMMON = {
    MissingParameter: e("MissingParameter", 400, 'The input parameter "%s" that is mandatory for processing this request is not supplied.'),
    IncompleteSignature: e("IncompleteSignature", 400, "The request signature does not conform to Aliyun standards."),
    InvalidSignatureMethod: e("InvalidSignatureMethod", 400, "Specified signature method is not valid."),
    InvalidTimeStampFormat: e("InvalidTimeStamp.Format", 400, "Specified time stamp or date value is not well formatted."),
    InvalidTimeStampExpired: e("InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired."),
    InvalidAccessKeyIdNotFound: e("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found."),
    InvalidAccessKeyIdInactive: e("InvalidAccessKeyId.Inactive", 400, "Specified access key is disabled."),
    SignatureDoesNotMatch: e("SignatureDoesNotMatch", 400, "Specified signature is not matched with our calculation. server string to sign is:%s"),
    SignatureNonceUsed: e("SignatureNonceUsed", 400, "Specified signature nonce was used already."),
    InvalidSecurityTokenMalformed: e("InvalidSecurityToken.Malformed", 400, "Specified SecurityToken is malformed."),
    InvalidSecurityTokenExpired: e("InvalidSecurityToken.Expired", 400, "Specified SecurityToken is expired."),
    InvalidSecurityTokenMismatch: e("InvalidSecurityToken.MismatchWithAccessKey", 400, "Specified SecurityToken mismatch with the AccessKey."),
    InvalidVersion: e("InvalidVersion", 400, "Specified parameter Version is not valid."),
    InvalidActionNotFound: e("InvalidAction.NotFound", 404, "Specified api is not found, please check your url and method."),
    InvalidParameterFormat: e("InvalidParameter.Format", 400, "Specified parameter format is not valid."),
    UnsupportedHTTPMethod: e("UnsupportedHTTPMethod", 403, "This http method not supported."),
    ThrottlingUser: e("Throttling.User", 400, "Request was denied due to user flow control."),
    InternalError: e("InternalError", 500, "The request processing has failed due to some unknown error, exception or failure."),
    ServiceUnavailable: e("ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server."),
    InvalidRegionIdMalFormed: e("InvalidRegionId.MalFormed", 400, "The specified RegionId is not valid."),
    InvalidRegionIdNotFound: e("InvalidRegionId.NotFound", 404, "The specified RegionId does not exist."),
    /** A malformed value of a named parameter (wrong type, out of range, unknown enum value). */
    InvalidParameterNamed: e("InvalidParameter", 400, 'The specified parameter "%s" is not valid.'),
    DryRunOperation: e("DryRunOperation", 400, "Request validation has been passed with DryRun flag set."),
    InvalidInstanceIdsMalformed: e("InvalidInstanceIds.Malformed", 400, "The specified parameter InstanceIds is not valid."),
    InvalidInstanceIdsTooMany: e("InvalidInstanceIds.Malformed", 400, "The amount of specified instance Ids exceeds the limit."),
    InvalidDiskIdsMalformed: e("InvalidDiskIds.Malformed", 400, "The amount of specified disk Ids exceeds the limit."),
    InvalidSecurityGroupIdsMalformed: e("InvalidSecurityGroupIds.Malformed", 400, "The specified parameter SecurityGroupIds is not valid."),
    InvalidDiskTypeValueNotSupported: e("InvalidDiskType.ValueNotSupported", 400, "The specified disk type is not supported."),
    InvalidInstanceIdNotFound: e("InvalidInstanceId.NotFound", 404, "The specified InstanceId does not exist."),
    IncorrectInstanceStatus: e("IncorrectInstanceStatus", 403, "The current status of the resource does not support this operation."),
    IncorrectInstanceStatusDetail: e("IncorrectInstanceStatus", 403, "%s"),
    InstanceLockedForSecurity: e("InstanceLockedForSecurity", 403, "The specified operation is denied as your instance is locked for security reasons."),
    InstanceExpiredOrInArrears: e(
        "InstanceExpiredOrInArrears",
        403,
        "The specified operation is denied as your prepay instance is expired (prepay mode) or in arrears (afterpay mode).",
    ),
} as const;

/** The error `Missing<Name>` that the gateway answers for a missing required business parameter. */
export function missingParameterSpec(name: string): ErrorSpec {
    return e(`Missing${name}`, 400, `${name} is mandatory for this action.`);
}

/** Errors of ModifyInstanceAttribute, in the order of its reference. */
export const MODIFY = {
    InvalidInstanceNameMalformed: e("InvalidInstanceName.Malformed", 400, 'The specified parameter "InstanceName" is not valid.'),
    InvalidDescriptionMalformed: e("InvalidDescription.Malformed", 400, 'The specified parameter "Description" is not valid.'),
    InvalidRemoteConnectionOptionsPassword: e("InvalidRemoteConnectionOptions.Password", 400, "The remote connection password is invalid."),
    InvalidRemoteConnectionOptionsType: e("InvalidRemoteConnectionOptions.Type", 400, "The remote connection type is invalid."),
    InstanceTypeValueNotSupported: e("InstanceType.ValueNotSupported", 400, "The instance type not supported."),
    OSTypeValueNotSupported: e("OSType.ValueNotSupported", 400, "The OS type is not supported."),
    InvalidHostPasswordMalformed: e("InvalidHostPassword.Malformed", 400, 'The specified parameter "Password" is not valid.'),
    InvalidHostNameMalformed: e("InvalidHostName.Malformed", 400, 'The specified parameter "HostName" is not valid.'),
    InvalidPasswordMalformed: e("InvalidPassword.Malformed", 400, 'The specified parameter "Password" is not valid.'),
    InvalidUserDataSizeExceeded: e("InvalidUserData.SizeExceeded", 400, 'The specified parameter "UserData" exceeds the size.'),
    InvalidUserDataNotSupported: e("InvalidUserData.NotSupported", 400, 'TThe specified parameter "UserData" only support the vpc and IoOptimized Instance.'),
    ImageNotSupportCloudInit: e("ImageNotSupportCloudInit", 400, "The specified image does not support cloud-init."),
    ChargeTypeViolation: e("ChargeTypeViolation", 400, "Pay-As-You-Go instances do not support this operation."),
    InvalidParameterRecycleBin: e("InvalidParameter.RecycleBin", 400, "You do not have permission to set recyclable properties."),
    InvalidParameterCreditSpecification: e("InvalidParameter.CreditSpecification", 400, "The specified CreditSpecification is not supported in this region."),
    InvalidInstanceStatusCreditSpecRestricted: e(
        "InvalidInstanceStatus.CreditSpecRestricted",
        400,
        "The current status of the resource does not support this operation.",
    ),
    InvalidInstanceStatusNotRunning: e(
        "InvalidInstanceStatus.NotRunning",
        400,
        "The current status of the resource is invalid, you can only do this operation when instance is running.",
    ),
    InvalidNetworkTypeNotSupported: e("InvalidNetworkType.NotSupported", 400, "The classic networkType does not support to modify security group"),
    InvalidOperationEniCountExceeded: e("InvalidOperation.EniCountExceeded", 400, "=The maximum number of eni in a enterprise security group is exceeded."),
    JoinedGroupLimitExceed: e("JoinedGroupLimitExceed", 400, "%s"),
    InvalidParameter: e("InvalidParameter", 400, "The specified parameter is not valid."),
    InvalidOperationInvalidEcsState: e("InvalidOperation.InvalidEcsState", 400, "%s"),
    InvalidParamNotSupportJumboFrame: e("InvalidParam.NotSupportJumboFrame", 400, "Not support jumbo frame."),
    InvalidOperationInstanceStatusNotSupport: e("InvalidOperation.InstanceStatusNotSupport", 400, "The instance status is not support modify mtu config."),
    InvalidOperationInstanceStatusUnsupported: e(
        "InvalidOperation.InstanceStatusUnsupported",
        400,
        "The specified instance status does not support modification of cpu topology type.",
    ),
    InvalidParameterCpuOptionsTopologyType: e(
        "InvalidParameter.CpuOptionsTopologyType",
        400,
        "The specified parameter CpuOptions.TopologyType: %s is not valid.",
    ),
    InvalidInstanceTypeNotSupportCpuOptionsTopologyType: e(
        "InvalidInstanceType.NotSupportCpuOptionsTopologyType",
        400,
        "The specified instance type does not support CpuOptions.TopologyType: %s.",
    ),
    InvalidAdditionalInfoPvdConfigSizeExceeded: e(
        "InvalidAdditionalInfoPvdConfig.SizeExceeded",
        400,
        "The specified parameter AdditionalInfo.PvdConfig exceeds the size.",
    ),
    InvalidInstanceTypeNotSupportHighDensityMode: e(
        "InvalidInstanceType.NotSupportHighDensityMode",
        400,
        "The specified instance type does not support the use of the high density mode.",
    ),
    InvalidStatusStoppedRequired: e(
        "InvalidStatus.StoppedRequired",
        400,
        "The current state of the resource does not support this operation, it can only be operated in a stopped state.",
    ),
    InvalidParameterCpuOptionsTurboMode: e("InvalidParameter.CpuOptionsTurboMode", 400, "The specified parameter TurboMode is not valid."),
    InvalidInstanceTypeEnableNVSUnsupported: e("InvalidInstanceType.EnableNVSUnsupported", 400, "The specified instance type does not support EnableNVS."),
    InvalidInstanceTypeEnableVISSTUnsupported: e(
        "InvalidInstanceType.EnableVISSTUnsupported",
        400,
        "The specified instance type does not support EnableVISST.",
    ),
    InvalidInstanceTypeEnableVRDTUnsupported: e("InvalidInstanceType.EnableVRDTUnsupported", 400, "The specified instance type does not support EnableVRDT."),
    InvalidInstanceTypeSingleCoreMaxModeUnsupported: e(
        "InvalidInstanceType.SingleCoreMaxModeUnsupported",
        400,
        'The specified instance type does not support TurboMode: "SINGLE CORE MAX".',
    ),
    InvalidInstanceTypeGpuOptionsConfidentialComputingUnsupported: e(
        "InvalidInstanceType.GpuOptionsConfidentialComputingUnsupported",
        400,
        "The specified instance type does not support the confidential computing mode.",
    ),
    InvalidParameterGpuOptionsConfidentialComputing: e(
        "InvalidParameter.GpuOptionsConfidentialComputing",
        400,
        "The specified parameter confidential computing mode is not valid.",
    ),
    InvalidParameterAuthorizedGpuOptionsConfidentialComputing: e(
        "InvalidParameterAuthorized.GpuOptionsConfidentialComputing",
        400,
        "The specified parameter confidential computing mode is unauthorized.",
    ),
    InvalidParameterCpuOptionsNestedVirtualization: e(
        "InvalidParameter.CpuOptionsNestedVirtualization",
        400,
        "The specified parameter CpuOptions.NestedVirtualization: %s is not valid.",
    ),
    InvalidInstanceTypeNotSupportCpuOptionsNestedVirtualization: e(
        "InvalidInstanceType.NotSupportCpuOptionsNestedVirtualization",
        400,
        "The specified instance type does not support CpuOptions.NestedVirtualization: %s.",
    ),
    InternalError: e("InternalError", 500, "The request processing has failed due to some unknown error."),
    IncorrectInstanceStatus: COMMON.IncorrectInstanceStatus,
    InstanceLockedForSecurity: COMMON.InstanceLockedForSecurity,
    OperationDenied: e("OperationDenied", 403, "The instance amount in the specified SecurityGroup reach its limit."),
    InvalidUserDataForbidden: e(
        "InvalidUserData.Forbidden",
        403,
        'User not authorized to input the parameter "UserData"please apply for permission "UserData"',
    ),
    InvalidUserDataBase64FormatInvalid: e("InvalidUserData.Base64FormatInvalid", 403, "The specified UserData is not valid"),
    InvalidChargeTypeValueNotSupported: e(
        "InvalidChargeType.ValueNotSupported",
        403,
        "Deletion protection is only valid for postPaid instance, not for prePaid or spot instance.",
    ),
    InvalidUserUnauthorized: e("InvalidUser.Unauthorized", 403, "The user is not authorized"),
    EnterpriseGroupLimitedMutliGroupType: e("EnterpriseGroupLimited.MutliGroupType", 403, "The specified instance can not join multi SecurityGroup types."),
    SecurityGroupInstanceLimitExceed: e("SecurityGroupInstanceLimitExceed", 403, "%s"),
    InstanceNotInSecurityGroup: e("InstanceNotInSecurityGroup", 403, "The instance not in the group."),
    InvalidOperationInvalidRegion: e("InvalidOperation.InvalidRegion", 403, "%s"),
    InvalidOperationResourceManagedByCloudProduct: e("InvalidOperation.ResourceManagedByCloudProduct", 403, "%s"),
    InvalidParameterInvalidEniQueueNumber: e("InvalidParameter.InvalidEniQueueNumber", 403, "%s"),
    InvalidOperationMaxEniQueueNumberExceeded: e("InvalidOperation.MaxEniQueueNumberExceeded", 403, "%s"),
    InvalidOperationExceedInstanceTypeQueueNumber: e("InvalidOperation.ExceedInstanceTypeQueueNumber", 403, "%s"),
    InvalidOperationInstanceTypeNotSupportHighPerformanceTrafficMode: e("InvalidOperation.InstanceTypeNotSupportHighPerformanceTrafficMode", 403, "%s"),
    InvalidParameterInvalidQueuePairNumber: e("InvalidParameter.InvalidQueuePairNumber", 403, "%s"),
    InvalidOperationMaxEniQueuePairNumberExceed: e("InvalidOperation.MaxEniQueuePairNumberExceed", 403, "%s"),
    InvalidOperationEniQueuePairNumberOverflow: e("InvalidOperation.EniQueuePairNumberOverflow", 403, "%s"),
    AclLimitExceed: e("AclLimitExceed", 403, "%s"),
    InvalidInstanceTypeCpuOptionsThreadsPerCoreUnsupported: e(
        "InvalidInstanceType.CpuOptionsThreadsPerCoreUnsupported",
        403,
        "The current instance type does not support setting or modifying the CpuOptions.ThreadsPerCore parameter.",
    ),
    InvalidParameterCpuOptionsCore: e("InvalidParameter.CpuOptionsCore", 403, "The specified parameter CpuOptions.Core is not valid."),
    InvalidParameterCpuOptionsThreadsPerCore: e(
        "InvalidParameter.CpuOptionsThreadsPerCore",
        403,
        "The specified parameter CpuOptions.ThreadsPerCore is not valid.",
    ),
    InvalidOperationUserNotSupportNetworkEncryption: e("InvalidOperation.UserNotSupportNetworkEncryption", 403, "User not support network encryption."),
    InvalidOperationInstanceTypeNotSupportNetworkEncryption: e(
        "InvalidOperation.InstanceTypeNotSupportNetworkEncryption",
        403,
        "The specified instance type does not support network encryption.",
    ),
    InvalidInstanceIdNotFound: COMMON.InvalidInstanceIdNotFound,
    InvalidSecurityGroupIdNotFound: e("InvalidSecurityGroupId.NotFound", 404, "The specified SecurityGroupId does not exist."),
    CreditNotFound: e("Credit.NotFound", 404, "The specified credit information does not exist."),
    InvalidInstanceStatusNeedRestart: e(
        "InvalidInstanceStatus.NeedRestart",
        404,
        "The current status of the resource is invalid, you can only do this operation after instance is restarted.",
    ),
    InvalidParameterSecurityGroupIdRepeated: e("InvalidParameter.SecurityGroupIdRepeated", 404, "The specified security group ids has repeated."),
    InvalidSecurityGroupTypeNotSupportClassic: e("InvalidSecurityGroupType.NotSupportClassic", 404, "The specified SecurityGroupIds have classic group type."),
    InvalidSecurityGroupVpcNotBelongToOneVpc: e(
        "InvalidSecurityGroupVpc.NotBelongToOneVpc",
        404,
        "The specified SecurityGroupIds are belong to different vpc.",
    ),
} as const;

/** Errors of RebootInstance, in the order of its reference. */
export const REBOOT = {
    IncorrectInstanceStatus: COMMON.IncorrectInstanceStatus,
    InstanceLockedForSecurity: COMMON.InstanceLockedForSecurity,
    DiskError: e("DiskError", 403, "IncorrectDiskStatus."),
    InstanceExpiredOrInArrears: COMMON.InstanceExpiredOrInArrears,
    IncorrectInstanceStatusDetail: COMMON.IncorrectInstanceStatusDetail,
    KMSKeyIdCMKUnauthorized: e("InvalidParameter.KMSKeyId.CMKUnauthorized", 403, "%s"),
    KMSKeyIdCMKNotEnabled: e("InvalidParameter.KMSKeyId.CMKNotEnabled", 403, "%s"),
    KMSKeyIdKMSUnauthorized: e("InvalidParameter.KMSKeyId.KMSUnauthorized", 403, "%s"),
    KMSKeyIdNotFound: e("InvalidParameter.KMSKeyId.NotFound", 404, "%s"),
    InvalidInstanceIdNotFound: COMMON.InvalidInstanceIdNotFound,
    InternalError: e("InternalError", 500, "The request processing has failed due to some unknown error."),
    InternalErrorDetail: COMMON.InternalError,
} as const;

/** Errors of ReInitDisk, in the order of its reference. */
export const REINIT = {
    LoginAsNonRootImageNotSupport: e("LoginAsNonRoot.ImageNotSupport", 400, "The specified image does not support login as non-root."),
    DiskHasSnapshotsWithInstantAccessEnabled: e(
        "DiskHasSnapshotsWithInstantAccessEnabled.OperationNotSupported",
        400,
        "The operation is not supported to the specified disk that have snapshots with InstantAccess enabled.",
    ),
    InvalidPasswordMalformed: e("InvalidPassword.Malformed", 400, 'The specified parameter "Password" is not valid.'),
    InvalidKeyPairNameNotFound: e("InvalidKeyPairName.NotFound", 400, "The specified KeyPairName does not exist."),
    DependencyViolationIoOptimize: e("DependencyViolation.IoOptimize", 400, "The specified parameter InstanceId is not valid."),
    DiskCategoryOperationNotSupported: e(
        "DiskCategory.OperationNotSupported",
        400,
        "The operation is not supported to the specified disk due to its disk category.",
    ),
    InvalidRegionIdMalFormed: COMMON.InvalidRegionIdMalFormed,
    InternalError: COMMON.InternalError,
    LoginAsNonRootRegionNotSupport: e("LoginAsNonRoot.RegionNotSupport", 403, "The specified region does not support login as non-root."),
    IncorrectDiskStatus: e("IncorrectDiskStatus", 403, "The current disk status does not support this operation."),
    IncorrectInstanceStatus: COMMON.IncorrectInstanceStatus,
    InstanceLockedForSecurity: e("InstanceLockedForSecurity", 403, "The instance is locked due to security."),
    InvalidSnapshotTooOld: e(
        "InvalidSnapshot.TooOld",
        403,
        "The disk is created from a snapshotId made before 2013-07-15, it cannot be re-initiated the specified disk any more since the detached first time.",
    ),
    OperationDenied: e("OperationDenied", 403, "The snapshot which is used to create the specified disk has been deleted."),
    InstanceExpiredOrInArrears: COMMON.InstanceExpiredOrInArrears,
    DiskCreatingSnapshot: e("DiskCreatingSnapshot", 403, "The operation is denied due to a snapshot of the specified disk is not completed yet."),
    SharedImageDeleted: e("SharedImageDeleted", 403, "The specified image by others shared is deleted."),
    DependencyViolationWindowsInstance: e("DependencyViolation.WindowsInstance", 403, "The instance creating is windows, cannot use ssh key pair to login."),
    InvalidDiskDiskFromClonedNotSupport: e(
        "InvalidDisk.DiskFromClonedNotSupport",
        403,
        "The specified disk %s is cloned from source disk %s, so not support reinit",
    ),
    UserNotInTheWhiteList: e("UserNotInTheWhiteList", 403, "The user is not in volume white list."),
    KMSKeyIdCMKNotEnabled: e("InvalidParameter.KMSKeyId.CMKNotEnabled", 403, "The CMK needs to be enabled."),
    KMSKeyIdKMSUnauthorized: e("InvalidParameter.KMSKeyId.KMSUnauthorized", 403, "ECS service have no right to access your KMS."),
    HibernationConfiguredInstanceOperationForbidden: e(
        "HibernationConfigured.InstanceOperationForbidden",
        403,
        "The operation is not permitted due to limit of the hibernation configured instance.",
    ),
    InvalidOperationMultiAttachDisk: e("InvalidOperation.MultiAttachDisk", 403, "Multi attach disk does not support this operation."),
    KMSKeyIdCMKUnauthorized: e("InvalidParameter.KMSKeyId.CMKUnauthorized", 403, "The CMK needs to be added ECS tag."),
    InvalidSourceSnapshot: e("InvalidSourceSnapshot", 403, "The source snapshot of the disk has been deleted and cannot support the current operation."),
    InvalidOperationReInitUnsupported: e("InvalidOperation.ReInitUnsupported", 403, "The specified disk does not support reInit."),
    InvalidDiskIdNotFound: e("InvalidDiskId.NotFound", 404, "The specified disk does not exist."),
    InvalidImageIdNotFound: e("InvalidImageId.NotFound", 404, "The specified ImageId does not exist."),
    InvalidDiskIdOperationNotSupported: e("InvalidDiskId.OperationNotSupported", 404, "The operation is not supported due to image not exist."),
} as const;

/** Errors of StopInstance and StartInstance (the states, locks and billing rules they share with RebootInstance). */
export const POWER = {
    IncorrectInstanceStatus: COMMON.IncorrectInstanceStatus,
    InstanceLockedForSecurity: COMMON.InstanceLockedForSecurity,
    InstanceExpiredOrInArrears: COMMON.InstanceExpiredOrInArrears,
    InvalidInstanceIdNotFound: COMMON.InvalidInstanceIdNotFound,
    DiskError: REBOOT.DiskError,
    InternalError: COMMON.InternalError,
} as const;

/** Errors of ActionTrail's LookupEvents beyond the common ones (actiontrail.ts). */
export const ACTIONTRAIL = {
    /** RAM denies `actiontrail:LookupEvents`. */
    NoPermission: e("NoPermission", 403, "You are not authorized to do this action. You should be authorized by RAM."),
} as const;

/** The documented errors of each action, for validating scripted faults in fixtures. */
export const ACTION_ERRORS: Readonly<Record<string, readonly ErrorSpec[]>> = {
    ModifyInstanceAttribute: Object.values(MODIFY),
    RebootInstance: Object.values(REBOOT),
    ReInitDisk: Object.values(REINIT),
    StopInstance: Object.values(POWER),
    StartInstance: Object.values(POWER),
    DescribeInstances: [COMMON.InternalError],
    DescribeInstanceAttribute: [COMMON.InternalError, COMMON.InvalidInstanceIdNotFound],
    DescribeUserData: [COMMON.InternalError, COMMON.InvalidInstanceIdNotFound],
    DescribeDisks: [COMMON.InternalError],
    DescribeSecurityGroups: [COMMON.InternalError],
    // ActionTrail (actiontrail.ts): a RAM policy that denies actiontrail:LookupEvents.
    LookupEvents: [ACTIONTRAIL.NoPermission, COMMON.InternalError],
};

/** An error answered to the client in Alibaba's error shape. */
export class AlicloudError extends Error {
    readonly code: string;
    readonly status: number;
    /** Real ms the answer asks the caller to wait (`x-acs-retry-after`), when it says. */
    retryAfterMs?: number;

    /** @param args values for the `%s` placeholders of the spec's message, in order. */
    constructor(spec: ErrorSpec, ...args: string[]) {
        let i = 0;
        super(spec.message.replace(/%s/g, () => args[i++] ?? ""));
        this.code = spec.code;
        this.status = spec.status;
        this.name = "AlicloudError";
    }
}

/** Throws `spec` with the message arguments. */
export function fail(spec: ErrorSpec, ...args: string[]): never {
    throw new AlicloudError(spec, ...args);
}
