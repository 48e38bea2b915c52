import { z } from "zod";
import { Timeouts, timeoutsSchema } from "../../core/inputs/timeouts";
import { projectIdSchema, regionSchema } from "../rules/ids";

/** The special characters a Huawei ECS password may contain (reinstallos v1/v2 references). */
export const PASSWORD_SPECIALS = "!@$%^-_=+[{}]:,./?~#*";

/** Largest user data, in bytes of UTF-8 text before base64 encoding (32 KB, as the API definition states). */
export const USER_DATA_MAX_BYTES = 32 * 1024;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const USER_ID = /^[0-9a-fA-F]{32}$/;
const KEY_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const ALLOWED_PASSWORD_CHAR = new RegExp(`^[A-Za-z0-9${PASSWORD_SPECIALS.replace(/[\\\]^-]/g, "\\$&")}]$`);

/** Administrator user names of Huawei images; a password must not contain them or their reverse. */
const USER_NAMES = ["root", "administrator"];

/**
 * The documented password rules that hold for every image, as messages that never repeat
 * any part of the password: 8-26 characters; only letters, digits and
 * `!@$%^-_=+[{}]:,./?~#*`; at least three of upper case, lower case, digits and specials;
 * not containing `root`/`Administrator` or their reverse (case-insensitive).
 */
export function passwordProblems(password: string): string[] {
    const problems: string[] = [];
    const chars = [...password];
    if (chars.length < 8 || chars.length > 26) problems.push(`must be 8 to 26 characters long (got ${chars.length})`);
    if (chars.some((c) => !ALLOWED_PASSWORD_CHAR.test(c))) {
        problems.push(`may contain only letters, digits and the special characters ${PASSWORD_SPECIALS}`);
    }
    const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, new RegExp(`[${PASSWORD_SPECIALS.replace(/[\\\]^-]/g, "\\$&")}]`)].filter((re) => re.test(password)).length;
    if (classes < 3) problems.push(`must contain at least three of: upper-case letters, lower-case letters, digits, special characters (has ${classes})`);
    const lower = password.toLowerCase();
    for (const name of USER_NAMES) {
        const reversed = [...name].reverse().join("");
        if (lower.includes(name) || lower.includes(reversed)) {
            problems.push(`must not contain the administrator user name "${name}" or its reverse "${reversed}" (any case)`);
        }
    }
    return problems;
}

/**
 * The extra rule for Windows images: no run of three or more consecutive characters of
 * `Administrator` (case-insensitive). Checked once the server's `os_type` is known.
 */
export function windowsPasswordProblem(password: string): string | undefined {
    const lower = password.toLowerCase();
    const name = "administrator";
    for (let i = 0; i + 3 <= name.length; i++) {
        if (lower.includes(name.slice(i, i + 3))) {
            return "must not contain three or more consecutive characters of the user name Administrator (Windows image)";
        }
    }
    return undefined;
}

/** Metadata of the reinstalled server, in program form. */
export interface ReinstallMetadata {
    /** Bring your own license (v2 only): `true` sends `BYOL: "true"`, otherwise the field is absent. */
    byol?: boolean;
    /** Encrypt the new system disk: sends `__system__encrypted` `"1"` (true) or `"0"` (false). */
    systemEncrypted?: boolean;
    /** KMS key id (UUID) for the encrypted system disk; only with `systemEncrypted: true`. */
    systemCmkId?: string;
}

/** Validated inputs of a ServerReinstall. */
export interface ServerReinstallInputs {
    serverId: string;
    region?: string;
    projectId?: string;
    cloudInit?: boolean;
    adminPass?: string;
    keyName?: string;
    userId?: string;
    userData?: string;
    metadata?: ReinstallMetadata;
    stopServer?: boolean;
    triggers?: unknown[];
    timeouts?: Timeouts;
    __provider?: string;
}

const metadataSchema = z
    .object({
        byol: z.boolean({ error: "must be a boolean (true sends BYOL \"true\"; false or absent sends nothing)" }).optional(),
        systemEncrypted: z.boolean({ error: "must be a boolean (sent as __system__encrypted \"1\" or \"0\")" }).optional(),
        systemCmkId: z.string({ error: "must be a string" }).regex(UUID, "must be a KMS key id: a UUID of 36 characters").optional(),
    })
    .strict();

/** Wraps a field so that, when the engine sent it as unknown (preview), it is optional and unchecked. */
function field<T extends z.ZodType>(schema: T, name: string, unknown: ReadonlySet<string>, required = false): z.ZodType {
    if (unknown.has(name)) return z.unknown();
    return required ? schema : schema.optional();
}

/** The inputs of `huaweicloud.ServerReinstall`. */
export const SERVER_REINSTALL_INPUTS = ["serverId", "region", "projectId", "cloudInit", "adminPass", "keyName", "userId", "userData", "metadata", "stopServer", "triggers", "timeouts"] as const;

/** Inputs whose change replaces the resource: they name another server. */
export const SERVER_REINSTALL_REPLACE_ON_CHANGE = ["serverId", "region", "projectId"] as const;

/** Inputs that are secrets or may hold them: never named to the engine in a failure. */
export const SERVER_REINSTALL_SECRET_INPUTS = ["adminPass", "userData", "triggers"] as const;

/**
 * The zod schema of ServerReinstall inputs: every rule of the reinstallos v1 and v2
 * references and of the ECS notes. `unknown` names the inputs the engine does not know yet
 * (preview): they are skipped, and count as set for the rules that combine inputs.
 */
export function serverReinstallSchema(unknown: ReadonlySet<string> = new Set()): z.ZodType<ServerReinstallInputs> {
    const shape = {
        serverId: field(z.string({ error: (iss) => (iss.input === undefined ? "is required: the id (UUID) of the server to reinstall" : "must be a string: the id (UUID) of the server to reinstall") }).regex(UUID, "must be a server id: a UUID such as 8e5c1f3a-…"), "serverId", unknown, true),
        region: field(regionSchema, "region", unknown),
        projectId: field(projectIdSchema, "projectId", unknown),
        cloudInit: field(z.boolean({ error: "must be a boolean: true when the image has Cloud-Init/Cloudbase-Init (v2 API), false otherwise (v1 API)" }), "cloudInit", unknown),
        adminPass: field(
            z.string({ error: "must be a string" }).superRefine((value, ctx) => {
                for (const message of passwordProblems(value)) ctx.addIssue({ code: "custom", message });
            }),
            "adminPass",
            unknown,
        ),
        keyName: field(z.string({ error: "must be a string" }).regex(KEY_NAME, "must be a key pair name: 1 to 64 letters, digits, '.', '_' or '-'"), "keyName", unknown),
        userId: field(z.string({ error: "must be a string" }).regex(USER_ID, "must be an IAM user id: 32 hexadecimal characters"), "userId", unknown),
        userData: field(
            z.string({ error: "must be a string (plain text; ecs-ops base64-encodes it)" }).superRefine((value, ctx) => {
                if (value.length === 0) ctx.addIssue({ code: "custom", message: "must not be empty (omit it instead)" });
                const bytes = Buffer.byteLength(value, "utf8");
                if (bytes > USER_DATA_MAX_BYTES) {
                    ctx.addIssue({ code: "custom", message: `must be at most ${USER_DATA_MAX_BYTES} bytes (32 KB) before base64 encoding, got ${bytes}` });
                }
            }),
            "userData",
            unknown,
        ),
        metadata: field(metadataSchema, "metadata", unknown),
        stopServer: field(z.boolean({ error: "must be a boolean: true sends mode \"withStopServer\" (a running server is stopped first)" }), "stopServer", unknown),
        triggers: field(z.array(z.unknown(), { error: "must be a list: any change of it reinstalls the OS once" }), "triggers", unknown),
        timeouts: field(timeoutsSchema, "timeouts", unknown),
        __provider: z.unknown().optional(),
    };
    return z
        .object(shape)
        .strict()
        .superRefine((raw, ctx) => {
            const v = raw as ServerReinstallInputs;
            const has = (name: keyof ServerReinstallInputs): boolean => unknown.has(name) || v[name] !== undefined;
            const issue = (path: string[], message: string): void => ctx.addIssue({ code: "custom", path, message });

            if (has("keyName") && !has("userId")) issue(["userId"], "is required with keyName (the IAM user id that owns the key pair)");
            if (has("userId") && !has("keyName")) issue(["userId"], "is only used with keyName; remove it or set keyName");
            if (!unknown.has("metadata") && v.metadata?.systemCmkId !== undefined && v.metadata.systemEncrypted !== true) {
                issue(["metadata", "systemCmkId"], "is only allowed with metadata.systemEncrypted: true (__system__cmkid must be used with __system__encrypted \"1\")");
            }

            if (unknown.has("cloudInit")) {
                if (has("adminPass") && has("keyName")) issue(["adminPass"], "set either adminPass or keyName, not both");
                return;
            }
            if (v.cloudInit === true) {
                if (has("adminPass") && has("keyName")) issue(["adminPass"], "set either adminPass or keyName, not both (v2 API)");
                if (!has("adminPass") && !has("keyName") && !has("userData")) {
                    issue(["adminPass"], "with cloudInit: true set adminPass, keyName, or userData (with neither password nor key, the v2 API requires user data, e.g. a cloud-config that sets them)");
                }
            } else {
                if (has("adminPass") && has("keyName")) issue(["adminPass"], "set either adminPass or keyName, not both (v1 API)");
                if (!has("adminPass") && !has("keyName")) issue(["adminPass"], "one of adminPass or keyName is required with cloudInit: false (v1 API)");
                if (has("userData")) issue(["userData"], "needs cloudInit: true: only the v2 API (images with Cloud-Init) injects user data");
                if (!unknown.has("metadata") && v.metadata?.byol !== undefined) {
                    issue(["metadata", "byol"], "needs cloudInit: true: BYOL is a field of the v2 API only");
                }
            }
        }) as unknown as z.ZodType<ServerReinstallInputs>;
}
