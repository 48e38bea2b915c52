import { ReinstallApi } from "../api/ecs-api";
import type { ServerReinstallInputs } from "./declaration";

/** The `metadata` object of `os-reinstall`, with the wire names of the references. */
export interface OsReinstallMetadata {
    BYOL?: "true";
    user_data?: string;
    __system__encrypted?: "0" | "1";
    __system__cmkid?: string;
}

/** The `os-reinstall` object of both reinstallos APIs. */
export interface OsReinstall {
    adminpass?: string;
    keyname?: string;
    userid?: string;
    metadata?: OsReinstallMetadata;
    mode?: "withStopServer";
}

/** Which API to call and the exact body to send. */
export interface ReinstallRequest {
    api: ReinstallApi;
    body: { "os-reinstall": OsReinstall };
}

/**
 * Builds the request of validated inputs: `cloudInit: true` → v2, otherwise v1; fields in the
 * order of the references' tables; `userData` (plain text) base64-encoded; `byol: true` →
 * `BYOL: "true"` (false → absent); `systemEncrypted` → `"1"`/`"0"`; `stopServer: true` →
 * `mode: "withStopServer"`. Absent inputs are absent fields, and an empty metadata is omitted.
 */
export function buildReinstallRequest(inputs: ServerReinstallInputs): ReinstallRequest {
    const api: ReinstallApi = inputs.cloudInit === true ? "v2" : "v1";
    const os: OsReinstall = {};
    if (inputs.adminPass !== undefined) os.adminpass = inputs.adminPass;
    if (inputs.keyName !== undefined) os.keyname = inputs.keyName;
    if (inputs.userId !== undefined) os.userid = inputs.userId;
    const metadata: OsReinstallMetadata = {};
    if (api === "v2" && inputs.metadata?.byol === true) metadata.BYOL = "true";
    if (api === "v2" && inputs.userData !== undefined) metadata.user_data = Buffer.from(inputs.userData, "utf8").toString("base64");
    if (inputs.metadata?.systemEncrypted !== undefined) metadata.__system__encrypted = inputs.metadata.systemEncrypted ? "1" : "0";
    if (inputs.metadata?.systemCmkId !== undefined) metadata.__system__cmkid = inputs.metadata.systemCmkId;
    if (Object.keys(metadata).length > 0) os.metadata = metadata;
    if (inputs.stopServer === true) os.mode = "withStopServer";
    return { api, body: { "os-reinstall": os } };
}
