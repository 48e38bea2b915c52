/**
 * What a user can do about each Huawei Cloud error code that ECS reinstall, reboot, job, server
 * queries and the attribute APIs (UpdateServer, server metadata, the Nova security group actions,
 * tags) are documented or known to answer. The hint follows the API's own message. Codes whose
 * remedy depends on the operation attempted have their own text per operation (OPERATION_HINTS);
 * this table holds the text for any other operation.
 */
export const ERROR_HINTS: Readonly<Record<string, string>> = {
    "Ecs.0000": "The request was rejected as malformed; check serverId and the resource's inputs against the API reference",
    "Ecs.0005":
        "A request parameter is invalid; check serverId and the resource's inputs (ecs-ops validates the documented rules, so this is usually a value the cloud knows is wrong)",
    "Ecs.0011":
        "The password does not meet the complexity rules of the image: 8-26 characters, 3 of upper/lower/digit/special (!@$%^-_=+[{}]:,./?~#*), not containing the user name (root, Administrator) or its reverse",
    "Ecs.0025":
        "ECS is not authorised to use KMS for the system disk key: create the EVSAccessKMS agency (grant EVS access to KMS) in this region, or drop metadata.systemEncrypted/systemCmkId",
    "Ecs.0100": "The server's status does not allow this operation now: make sure no other operation (a reinstall, a reboot) is running on it, then run again",
    "Ecs.0105": "The server has no system disk, so its OS cannot be reinstalled; attach a system disk first",
    "Ecs.0114": "No such server in this project: check serverId, huaweicloud:region and huaweicloud:projectId",
    "Ecs.0002":
        "A system exception occurred in ECS; ecs-ops retries it (never a reinstall or reboot whose outcome is unknown); the attempts made are counted at the end of this message. Retry later",
    "Ecs.0023": "The project id in the URL is not the project of the credentials: check huaweicloud:projectId against the region",
    "Ecs.0314": "The key pair does not exist in this project: check keyName (key pairs are per region/project)",
    "Ecs.0605": "The server is locked: unlock it in the console (or ask whoever locked it), then run again",
    "Ecs.0912": "The KMS key does not exist in this project: check metadata.systemCmkId",
    "Common.0002": "The request body was empty",
    badRequest:
        "Nova refused the security group change: the server may already be in the group, not be in it (the set changed since the last refresh: run pulumi refresh), or the change would leave it with none or more than 10; check securityGroupIds",
    itemNotFound:
        "No such security group (or server) in this project: check securityGroupIds against the groups of the server's VPC, huaweicloud:region and huaweicloud:projectId",
    conflict: "Several security groups match: ecs-ops sends ids, so check that securityGroupIds lists ids, not names",
    "Common.0011": "The job could not be found: job records are deleted one day after the job ends, and a job belongs to one project",
    "APIGW.0101": "The API was not found at this endpoint: check huaweicloud:region or ecs-ops:huaweicloudEndpoint",
    "APIGW.0201":
        "The gateway failed internally; ecs-ops retries it (never a reinstall or reboot whose outcome is unknown); the attempts made are counted at the end of this message. Retry later",
    "APIGW.0301":
        "Authentication failed: check the access key pair (huaweicloud:accessKey/secretKey or HW_ACCESS_KEY/HW_SECRET_KEY) and, for temporary credentials, the security token",
    "APIGW.0302": "The credentials are not allowed to call this API: grant the IAM user ECS permissions (e.g. ECS FullAccess) in this project",
    "APIGW.0303": "The request time is more than 15 minutes away from the gateway's clock: synchronise this machine's clock (NTP)",
    "APIGW.0308": "The API is throttled (too many requests); ecs-ops retries with backoff. Lower parallelism (pulumi up --parallel) or retry later",
};

/** The operations whose refusals have their own hints: what each ECS operation name is part of. */
export type HintedOperation = "reinstall" | "reboot" | "attribute update";

/** The kind of each ECS operation (`EcsCall.operation`) with operation-specific hints. */
const OPERATION_KINDS: Readonly<Record<string, HintedOperation>> = {
    ReinstallServerWithCloudInit: "reinstall",
    ReinstallServerWithoutCloudInit: "reinstall",
    BatchRebootServers: "reboot",
    UpdateServer: "attribute update",
    UpdateServerMetadata: "attribute update",
    DeleteServerMetadata: "attribute update",
    NovaAssociateSecurityGroup: "attribute update",
    NovaDisassociateSecurityGroup: "attribute update",
};

/**
 * The hints of codes whose remedy depends on the operation attempted, per operation: the status a
 * reinstall needs is not the one a reboot needs, and neither concerns an attribute update.
 * Sources: the reinstallos v1/v2 references (SHUTOFF, or `mode: "withStopServer"`), the
 * BatchRebootServers reference (ACTIVE servers only), UpdateServer / metadata / Nova action
 * references (no other task running), and the ECS error code table.
 */
export const OPERATION_HINTS: Readonly<Record<HintedOperation, Readonly<Record<string, string>>>> = {
    reinstall: {
        "Ecs.0000":
            "The reinstall request was rejected as malformed; check serverId and the reinstall inputs (adminPass, keyName, userId, userData, metadata) against the API reference",
        "Ecs.0005":
            "A reinstall parameter is invalid; check adminPass, keyName, userId, userData and metadata (ecs-ops validates the documented rules, so this is usually a value the cloud knows is wrong, e.g. an unknown key pair or user id)",
        "Ecs.0100":
            "The server's status does not allow a reinstall now: stop it first (status SHUTOFF) or set stopServer: true, and make sure no other operation (a reboot, an attribute update) is running on it, then run again",
        "Ecs.0605": "The server is locked: unlock it in the console (or ask whoever locked it) before reinstalling its OS",
    },
    reboot: {
        "Ecs.0000": "The reboot request was rejected as malformed; check serverId and type (SOFT or HARD)",
        "Ecs.0005": "A reboot parameter is invalid; check serverId and type (SOFT or HARD)",
        "Ecs.0100":
            "The server's status does not allow a reboot now: BatchRebootServers needs it ACTIVE (start it if it is SHUTOFF) with no other operation (a reinstall, another reboot) running on it; nothing was rebooted, run again once it is",
        "Ecs.0605": "The server is locked: unlock it in the console (or ask whoever locked it) before rebooting it",
    },
    "attribute update": {
        "Ecs.0000": "The attribute update was rejected as malformed; check serverId and the ServerAttributes inputs against the API reference",
        "Ecs.0005":
            "An attribute value is invalid; check name, description, hostname, metadata and tags (ecs-ops validates the documented rules, so this is usually a value the cloud knows is wrong, e.g. a metadata key that is no longer there)",
        "Ecs.0100":
            "The server's status does not allow an attribute update now: wait until no other operation (a reinstall, a reboot) is running on it, then run again",
        "Ecs.0605": "The server is locked: unlock it in the console (or ask whoever locked it) before changing its attributes",
    },
};

/** The kind of an ECS operation name with its own hints, or undefined. */
export function hintedOperationOf(operation: string | undefined): HintedOperation | undefined {
    return operation === undefined ? undefined : OPERATION_KINDS[operation];
}

/** Hints by HTTP status for codes not in the table. */
const STATUS_HINTS: Readonly<Record<number, string>> = {
    401: "Authentication failed: check the Huawei Cloud access key pair and security token",
    403: "The credentials are not allowed to do this: check the IAM permissions of the user in this project",
    404: "Not found: check the ids, huaweicloud:region and huaweicloud:projectId",
    429: "Too many requests; ecs-ops retries with backoff. Lower parallelism or retry later",
    500: "The service failed internally; retry later",
    502: "The gateway could not reach the service; retry later",
    503: "The service is unavailable; retry later",
    504: "The service timed out; retry later",
};

/**
 * The hint for an error code answered to `operation` (an ECS operation name such as
 * `BatchRebootServers`): the operation's own hint when it has one, else the code's, else the HTTP
 * status's; empty when nothing useful is known.
 */
export function hintFor(code: string, status?: number, operation?: string): string {
    const kind = hintedOperationOf(operation);
    const hint = (kind !== undefined ? OPERATION_HINTS[kind][code] : undefined) ?? ERROR_HINTS[code];
    if (hint) return hint;
    return status !== undefined ? (STATUS_HINTS[status] ?? "") : "";
}
