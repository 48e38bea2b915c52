import { ECS_ERRORS, apiError } from "./errors";
import { startReinstallJob } from "./models-jobs";
import { HuaweiWorld, JobRecord } from "./models";
import { passwordViolation } from "./password-policy";

/**
 * The rules of `POST /v1|v2/{project_id}/cloudservers/{server_id}/reinstallos`, checked in this
 * order (the first broken rule answers):
 * 1. body shape and parameters (`Ecs.0005`): `os-reinstall` required; only documented keys; string
 *    values; v1: exactly one of `adminpass`/`keyname`; v2: not both, `metadata.user_data` required
 *    with neither, `userid` required with `keyname`; `mode` only `withStopServer`; metadata:
 *    `BYOL` "true" or absent, `__system__encrypted` "0"/"1", `__system__cmkid` only with
 *    `__system__encrypted` "1", `user_data` (v2 only) base64 of at most 32 KB before encoding;
 * 2. the server exists in the project (`Ecs.0114`, 404);
 * 3. password complexity (`Ecs.0011`);
 * 4. the key pair exists in the project (`Ecs.0314`);
 * 5. the CMK exists (`Ecs.0912`) and EVS is authorised to use it (`Ecs.0025`);
 * 6. the server has a system disk (`Ecs.0105`);
 * 7. the server is not locked (`Ecs.0605`);
 * 8. the server's status allows it (`Ecs.0100`): SHUTOFF; ACTIVE only with `mode: withStopServer`;
 *    ERROR only after a failed reinstall; never while another job runs on it.
 */

/** Which reinstall API was called. */
export type ReinstallApi = "v1" | "v2";

/** Largest user data accepted, in bytes before base64 encoding (32 KB). */
export const MAX_USER_DATA_BYTES = 32 * 1024;

/** A reinstall request that passed the parameter rules. */
export interface ReinstallRequest {
    api: ReinstallApi;
    adminpass?: string;
    keyname?: string;
    userid?: string;
    withStopServer: boolean;
    byol: boolean;
    encrypted?: "0" | "1";
    cmkId?: string;
    /** Decoded user data (v2 only). */
    userData?: Buffer;
}

const OPTION_KEYS = ["adminpass", "keyname", "userid", "mode", "metadata"];
const METADATA_KEYS: Record<ReinstallApi, string[]> = {
    v1: ["BYOL", "__system__encrypted", "__system__cmkid"],
    v2: ["BYOL", "user_data", "__system__encrypted", "__system__cmkid"],
};

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function bad(detail: string): never {
    throw apiError(ECS_ERRORS.invalidParameter, detail);
}

function optionalString(obj: Record<string, unknown>, key: string, where: string): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") bad(`${where}.${key} must be a string.`);
    if (v.length === 0) bad(`${where}.${key} must not be empty.`);
    return v;
}

/** Whether `s` is canonical base64 (RFC 4648 alphabet, padded to a multiple of 4). */
function isBase64(s: string): boolean {
    return s.length > 0 && s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

/** Checks the body of a reinstall request against the parameter rules (`Ecs.0005`). */
export function parseReinstallBody(api: ReinstallApi, body: unknown): ReinstallRequest {
    if (!isObject(body)) bad("The request body must be a JSON object.");
    for (const key of Object.keys(body)) if (key !== "os-reinstall") bad(`${key} is not a parameter of this API.`);
    const opt = body["os-reinstall"];
    if (opt === undefined || opt === null) bad("os-reinstall is required.");
    if (!isObject(opt)) bad("os-reinstall must be an object.");
    for (const key of Object.keys(opt)) if (!OPTION_KEYS.includes(key)) bad(`os-reinstall.${key} is not a parameter of this API.`);

    const adminpass = optionalString(opt, "adminpass", "os-reinstall");
    const keyname = optionalString(opt, "keyname", "os-reinstall");
    const userid = optionalString(opt, "userid", "os-reinstall");
    const mode = optionalString(opt, "mode", "os-reinstall");
    if (mode !== undefined && mode !== "withStopServer") bad("os-reinstall.mode must be withStopServer when set.");

    const req: ReinstallRequest = { api, adminpass, keyname, userid, withStopServer: mode === "withStopServer", byol: false };
    const md = opt.metadata;
    if (md !== undefined && md !== null) {
        if (!isObject(md)) bad("os-reinstall.metadata must be an object.");
        for (const key of Object.keys(md)) {
            if (key === "user_data" && api === "v1") {
                bad("os-reinstall.metadata.user_data is not supported when reinstalling with an image without Cloud-Init (v1); use the v2 API.");
            }
            if (!METADATA_KEYS[api].includes(key)) bad(`os-reinstall.metadata.${key} is not a parameter of this API.`);
        }
        const byol = optionalString(md, "BYOL", "os-reinstall.metadata");
        if (byol !== undefined && byol !== "true") bad('os-reinstall.metadata.BYOL must be "true" when set.');
        req.byol = byol === "true";
        const encrypted = optionalString(md, "__system__encrypted", "os-reinstall.metadata");
        if (encrypted !== undefined && encrypted !== "0" && encrypted !== "1") {
            bad('os-reinstall.metadata.__system__encrypted must be "0" or "1".');
        }
        req.encrypted = encrypted as "0" | "1" | undefined;
        const cmkId = optionalString(md, "__system__cmkid", "os-reinstall.metadata");
        if (cmkId !== undefined && encrypted !== "1") {
            bad('os-reinstall.metadata.__system__cmkid must be used with os-reinstall.metadata.__system__encrypted = "1".');
        }
        req.cmkId = cmkId;
        const userData = optionalString(md, "user_data", "os-reinstall.metadata");
        if (userData !== undefined) {
            if (!isBase64(userData)) bad("os-reinstall.metadata.user_data must be base64-encoded.");
            const decoded = Buffer.from(userData, "base64");
            if (decoded.length > MAX_USER_DATA_BYTES) {
                bad(`os-reinstall.metadata.user_data must be at most 32 KB (${MAX_USER_DATA_BYTES} bytes) before base64 encoding.`);
            }
            req.userData = decoded;
        }
    }

    if (adminpass !== undefined && keyname !== undefined) bad("os-reinstall.adminpass and os-reinstall.keyname cannot both be set.");
    if (api === "v1" && adminpass === undefined && keyname === undefined) {
        bad("One of os-reinstall.adminpass or os-reinstall.keyname must be set.");
    }
    if (api === "v2") {
        // Examples 1 and 3 of the v2 reference send neither adminpass, keyname nor user_data (only
        // userid): accepted, as the reference shows (the image's own login settings then apply).
        if (keyname !== undefined && userid === undefined) bad("os-reinstall.userid is required when os-reinstall.keyname is set.");
    }
    if (userid !== undefined && !/^[0-9a-f]{32}$/.test(userid)) bad("os-reinstall.userid must be a user ID (32 lower-case hexadecimal characters).");
    return req;
}

/**
 * Applies the server-side rules to a parsed request and, when they hold, accepts it: creates the
 * job (INIT) and schedules its transitions. Returns the job.
 */
export function acceptReinstall(world: HuaweiWorld, projectId: string, serverId: string, req: ReinstallRequest): JobRecord {
    const server = world.server(projectId, serverId);
    // The v1 reference: "This API supports the images without Cloud-Init or Cloudbase-Init installed.
    // Otherwise, use the API described in Reinstalling an ECS OS (Using an Image with Cloud-Init Installed)."
    if (req.api === "v1" && server.imageCloudInit === true) {
        throw apiError(
            ECS_ERRORS.invalidParameter,
            `The image ${server.imageId} has Cloud-Init installed: reinstall it with the v2 API (/v2/{project_id}/cloudservers/{server_id}/reinstallos).`,
        );
    }
    if (req.api === "v2" && server.imageCloudInit === false) {
        throw apiError(
            ECS_ERRORS.invalidParameter,
            `The image ${server.imageId} has no Cloud-Init installed: reinstall it with the v1 API (/v1/{project_id}/cloudservers/{server_id}/reinstallos).`,
        );
    }
    if (req.userid !== undefined) {
        const users = [...world.credentials.values()].filter((c) => c.projectIds.includes(projectId) && c.userId !== undefined).map((c) => c.userId);
        if (users.length > 0 && !users.includes(req.userid)) {
            throw apiError(ECS_ERRORS.invalidParameter, `os-reinstall.userid ${req.userid} is not a user of the account that owns project ${projectId}.`);
        }
    }
    if (req.adminpass !== undefined) {
        const violation = passwordViolation(req.adminpass, server.osType, world.weakPasswords);
        if (violation) throw apiError(ECS_ERRORS.passwordComplexity, violation);
    }
    if (req.keyname !== undefined && !world.keyPairs.some((k) => k.projectId === projectId && k.name === req.keyname)) {
        throw apiError(ECS_ERRORS.keyPairNotFound, `Key pair ${req.keyname} does not exist.`);
    }
    if (req.cmkId !== undefined) {
        const key = world.kmsKeys.find((k) => k.projectId === projectId && k.id === req.cmkId);
        if (!key) throw apiError(ECS_ERRORS.invalidEncryptionKey, `CMK ${req.cmkId} does not exist in this project.`);
        if (!key.authorized) throw apiError(ECS_ERRORS.kmsNotAuthorized, `CMK ${req.cmkId} (${key.alias}) is not authorized for EVS.`);
    }
    if (server.systemDisk === null) throw apiError(ECS_ERRORS.noSystemDisk);
    if (server.locked) throw apiError(ECS_ERRORS.serverLocked);
    if (server.busyJobId !== null) {
        throw apiError(ECS_ERRORS.statusNotAllowed, `Another job (${server.busyJobId}) is operating on the ECS.`);
    }
    const allowed = server.status === "SHUTOFF" || (server.status === "ACTIVE" && req.withStopServer) || (server.status === "ERROR" && server.reinstallFailed);
    if (!allowed) {
        const need = server.status === "ACTIVE" ? ' unless os-reinstall.mode is "withStopServer"' : "";
        throw apiError(ECS_ERRORS.statusNotAllowed, `The ECS is ${server.status}; reinstalling the OS requires SHUTOFF${need}.`);
    }
    return startReinstallJob(world, server, req, world.takeScriptedReinstall(server.id));
}
