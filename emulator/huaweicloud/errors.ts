/**
 * Every error the emulated Huawei Cloud answers, as named entries with their HTTP status and
 * documented message. Two shapes exist on the wire:
 * - the API gateway (APIG) answers `{"error_code", "error_msg", "request_id"}` (authentication,
 *   throttling, unknown API);
 * - ECS itself answers `{"error": {"code", "message"}}`.
 * Codes, statuses and messages follow the ECS "Error Codes" appendix and the APIG error-code table;
 * where the emulator picks a status the tables do not give, the entry says so.
 */

/** Which of the two wire shapes an error is answered in. */
export type ErrorShape = "gateway" | "ecs" | "nova";

/** One documented error. */
export interface ErrorEntry {
    shape: ErrorShape;
    code: string;
    status: number;
    /** The documented message; a detail may be appended after a colon. */
    message: string;
}

function gw(code: string, status: number, message: string): ErrorEntry {
    return { shape: "gateway", code, status, message };
}

function ecs(code: string, status: number, message: string): ErrorEntry {
    return { shape: "ecs", code, status, message };
}

/** API gateway errors (APIG table; the ECS gateway prefixes them `APIGW.`). */
export const GATEWAY_ERRORS = {
    /** No API at this method and path. */
    apiNotFound: gw("APIGW.0101", 404, "The API does not exist or has not been published in the environment"),
    /** Missing, malformed or wrong AK/SK signature, unknown AK, bad security token, project not owned. */
    iamAuth: gw("APIGW.0301", 401, "Incorrect IAM authentication information"),
    /** `X-Sdk-Date` more than 15 minutes away from the gateway's clock. */
    signatureExpired: gw("APIGW.0303", 401, "Incorrect app authentication information"),
    /** Injected 503 fault: the gateway's "Backend unavailable" (its table lists it under 502; the fault's status is kept). */
    unavailable: gw("APIGW.0201", 503, "Backend unavailable"),
    /** Throttled (injected `throttle` fault). */
    throttled: gw("APIGW.0308", 429, "The throttling threshold has been reached"),
    /** Injected 500 fault. */
    internal: gw("APIGW.0201", 500, "An unexpected error occurred"),
} as const;

/** ECS errors (ECS "Error Codes" appendix). */
export const ECS_ERRORS = {
    /** Request error; also the code of a scripted failing reinstall job by default. */
    requestError: ecs("Ecs.0000", 400, "Request error. Try again later or contact customer service."),
    /** The documented system exception, with the status of the ECS error table (400). */
    systemException: ecs("Ecs.0002", 400, "A system exception occurred. Try again later or contact customer service."),
    /** Any invalid parameter: missing `os-reinstall`, wrong types, mutually exclusive fields, bad metadata, bad paging. */
    invalidParameter: ecs("Ecs.0005", 400, "Invalid parameter values. Contact customer service."),
    /** `adminpass` fails the complexity rules. */
    passwordComplexity: ecs("Ecs.0011", 400, "Ensure the password meets the password complexity requirements."),
    /** The project id in the URL is not the one the request is authorised for. */
    projectMismatch: ecs("Ecs.0023", 400, "project_id in token mismatches with project_id in url."),
    /** `__system__cmkid` names a CMK that EVS is not authorised to use. */
    kmsNotAuthorized: ecs("Ecs.0025", 400, "EVS is not authorized to obtain KMS keys for encrypting EVS disks."),
    /** The server's status does not allow the operation. */
    statusNotAllowed: ecs("Ecs.0100", 400, "The ECS status does not meet requirements. Make the ECS in the required status and try again."),
    /** The server has no system disk. */
    noSystemDisk: ecs("Ecs.0105", 400, "No system disk found. Attach the system disk to the ECS and try again."),
    /** No such server in this project. */
    serverNotFound: ecs("Ecs.0114", 404, "The ECS does not exist."),
    /** `keyname` names no key pair of this project. */
    keyPairNotFound: ecs("Ecs.0314", 400, "The key pair does not exist. Refresh the key pair list and check the key pair."),
    /** The server is locked. */
    serverLocked: ecs("Ecs.0605", 400, "ECS locked."),
    /** `__system__cmkid` names no CMK of this project. */
    invalidEncryptionKey: ecs("Ecs.0912", 400, "Invalid disk encryption key."),
    /** Empty request body on a POST. */
    emptyBody: ecs("Common.0002", 400, "The request body cannot be left blank."),
    /** DeleteServerMetadata of a key the server does not have (the reference gives no code: the emulator's choice, with Nova's 404). */
    metadataNotFound: ecs("Ecs.0005", 404, "Invalid parameter values. Contact customer service."),
    /** No such job (never existed, other project, or deleted one day after it ended). */
    jobNotFound: ecs("Common.0011", 400, "Failed to query system tasks."),
} as const;

function nova(code: string, status: number, message: string): ErrorEntry {
    return { shape: "nova", code, status, message };
}

/**
 * Errors of the Nova-compatible APIs (`/v2.1/…`, the security group actions): answered
 * `{"<code>": {"message", "code": <status>}}`, as OpenStack Nova does.
 */
export const NOVA_ERRORS = {
    badRequest: nova("badRequest", 400, "Bad request"),
    itemNotFound: nova("itemNotFound", 404, "Item not found"),
    conflict: nova("conflict", 409, "Conflict"),
    /** A microversion outside the supported range: Nova's fault name for 406 is the default `computeFault`. */
    notAcceptable: nova("computeFault", 406, "Not Acceptable"),
} as const;

/** A client-visible error raised by the Huawei front end; turned into a response by wire.ts. */
export class HuaweiApiError extends Error {
    constructor(
        readonly entry: ErrorEntry,
        /** The full message answered; never contains secrets. Defaults to the documented one. */
        message: string = entry.message,
    ) {
        super(message);
        this.name = "HuaweiApiError";
    }

    /** Real ms the answer asks the caller to wait (HTTP `Retry-After`, whole seconds rounded up), when it says. */
    retryAfterMs?: number;

    get code(): string {
        return this.entry.code;
    }

    get status(): number {
        return this.entry.status;
    }
}

/**
 * An error of `entry` whose message is the documented one followed by `detail` (naming the
 * offending property and rule): `"<message>: <detail>"` for the gateway, `"<message> <detail>"` for ECS.
 */
export function apiError(entry: ErrorEntry, detail?: string): HuaweiApiError {
    if (!detail) return new HuaweiApiError(entry);
    if (entry.shape === "nova") return new HuaweiApiError(entry, detail);
    return new HuaweiApiError(entry, entry.shape === "gateway" ? `${entry.message}: ${detail}` : `${entry.message} ${detail}`);
}
