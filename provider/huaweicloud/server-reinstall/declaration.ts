import { z } from "zod";
import { observeInputs, observeOperationOutputs } from "../../core/resource/observe";
import {
    ArgsOf,
    ArgsOfObject,
    declareResource,
    InputsOf,
    inputNames,
    mayHoldSecrets,
    OutputsOf,
    redactedInputNames,
    replaceOnChange,
    replaceOnChangeNames,
    secret,
    StateOf,
} from "../../core/resource/declaration";
import { serverIdSchema, serverLocationInputs } from "../rules/ids";
import { passwordSchema } from "../rules/password";
import { timeoutsSchema } from "../rules/timeouts";

/** Largest user data, in bytes of UTF-8 text before base64 encoding (32 KB, as the API definition states). */
export const USER_DATA_MAX_BYTES = 32 * 1024;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const USER_ID = /^[0-9a-fA-F]{32}$/;
const KEY_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Metadata of the reinstalled server (`metadata`), as the program gives it. */
const reinstallMetadataSchema = z
    .object({
        /** Bring your own license (v2 only): `true` sends `BYOL: "true"`; false or absent sends nothing. */
        byol: z.boolean({ error: 'must be a boolean (true sends BYOL "true"; false or absent sends nothing)' }).optional(),
        /** Encrypt the new system disk (`__system__encrypted` `"1"`; false sends `"0"`). */
        systemEncrypted: z.boolean({ error: 'must be a boolean (sent as __system__encrypted "1" or "0")' }).optional(),
        /** KMS key id (UUID) of the encrypted system disk (`__system__cmkid`); only with `systemEncrypted: true`. */
        systemCmkId: z.string({ error: "must be a string" }).regex(UUID, "must be a KMS key id: a UUID of 36 characters").optional(),
    })
    .strict();

const userDataSchema = z.string({ error: "must be a string (plain text; ecs-ops base64-encodes it)" }).superRefine((value, ctx) => {
    if (value.length === 0) ctx.addIssue({ code: "custom", message: "must not be empty (omit it instead)" });
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes > USER_DATA_MAX_BYTES) {
        ctx.addIssue({ code: "custom", message: `must be at most ${USER_DATA_MAX_BYTES} bytes (32 KB) before base64 encoding, got ${bytes}` });
    }
});

/**
 * The one declaration of `huaweicloud.ServerReinstall`: every input with its rules (those of the
 * reinstallos v1 and v2 references and of the ECS notes; the rules that combine inputs are in
 * `serverReinstallSchema` below) and the outputs it computes. The server id, region, project,
 * timeouts and password rules are the Huawei ones of ../rules, shared by every Huawei resource.
 */
export const serverReinstallDeclaration = declareResource({
    type: "huaweicloud.ServerReinstall",
    inputs: {
        /** Id (UUID) of the existing server whose OS is reinstalled from its current image. Changing it replaces the resource. */
        serverId: replaceOnChange(serverIdSchema),
        ...serverLocationInputs,
        /**
         * Whether the image has Cloud-Init/Cloudbase-Init: `true` calls the v2 API (user data
         * allowed), `false` (default) the v1 API.
         */
        cloudInit: z.boolean({ error: "must be a boolean: true when the image has Cloud-Init/Cloudbase-Init (v2 API), false otherwise (v1 API)" }).optional(),
        /**
         * New password of root/Administrator (stored as a secret; state keeps only a salted
         * fingerprint): 8-26 characters, at least three of upper case, lower case, digits and
         * `!@$%^-_=+[{}]:,./?~#*`, not containing root/Administrator or their reverse.
         * Exactly one of adminPass or keyName with v1; not both with v2.
         */
        adminPass: secret(passwordSchema).optional(),
        /** Name of the SSH key pair to inject instead of a password; needs `userId`. */
        keyName: z.string({ error: "must be a string" }).regex(KEY_NAME, "must be a key pair name: 1 to 64 letters, digits, '.', '_' or '-'").optional(),
        /** IAM user id (32 hex characters) owning `keyName`; only with `keyName`. */
        userId: z.string({ error: "must be a string" }).regex(USER_ID, "must be an IAM user id: 32 hexadecimal characters").optional(),
        /**
         * User data for Cloud-Init, as plain text (ecs-ops base64-encodes it); at most 32 KB.
         * v2 only; required with v2 when neither adminPass nor keyName is set. Stored as a secret
         * input; state keeps only a fingerprint.
         */
        userData: secret(userDataSchema).optional(),
        /** System disk encryption and license options. */
        metadata: reinstallMetadataSchema.optional(),
        /** Let the reinstall stop a running server first (`mode: "withStopServer"`); otherwise it must be SHUTOFF. */
        stopServer: z.boolean({ error: 'must be a boolean: true sends mode "withStopServer" (a running server is stopped first)' }).optional(),
        /**
         * Any values; the OS is reinstalled when the resource is created and each time this list
         * changes, exactly once per change. Changing other inputs never reinstalls by itself.
         */
        triggers: mayHoldSecrets(z.array(z.unknown(), { error: "must be a list: any change of it reinstalls the OS once" })).optional(),
        /** Time limits, e.g. `{ create: "20m" }` (default 10 minutes; an update uses `update`, else `create`). */
        timeouts: timeoutsSchema.optional(),
        ...observeInputs,
    },
    // The secrets are never outputs: state keeps their fingerprints.
    inputOnly: ["adminPass", "userData"],
    outputs: {
        /** Salted SHA-256 of the password (secret output), so changes can be detected without storing it. */
        adminPassFingerprint: secret(z.string()).optional(),
        /** Salted SHA-256 of the user data (secret output). */
        userDataFingerprint: secret(z.string()).optional(),
        /** Id of the last reinstall job. */
        jobId: z.string(),
        /**
         * Its final status: SUCCESS (or FAIL, or UNKNOWN when its record expired before it could be
         * read); INIT or RUNNING while it has not been seen to end (`pendingJobId`).
         */
        status: z.string(),
        /** When the last job began, as the cloud reports it. */
        beginTime: z.string().optional(),
        /** When the last job ended, as the cloud reports it. */
        endTime: z.string().optional(),
        /** Set while a job accepted by an earlier run has not been seen to end; the next `up` resumes it. */
        pendingJobId: z.string().optional(),
        /** Hash of the `triggers` value the last job was submitted for. */
        triggersHash: z.string(),
        /** How many reinstall jobs this resource has submitted. */
        reinstallCount: z.number(),
        /** The failure of the last job when it FAILed (code, reason and sub-jobs' messages). */
        failure: z.string().optional(),
        ...observeOperationOutputs,
    },
});

/** The inputs of a ServerReinstall. */
export type ServerReinstallArgs = ArgsOf<typeof serverReinstallDeclaration>;

/** Metadata of the reinstalled server. */
export type ServerReinstallMetadataArgs = ArgsOfObject<typeof reinstallMetadataSchema>;

/** Validated inputs of a ServerReinstall (Pulumi inputs resolved). */
export type ServerReinstallInputs = InputsOf<typeof serverReinstallDeclaration>;

/** The output properties of `huaweicloud.ServerReinstall`. */
export type ServerReinstallOutputProperties = OutputsOf<typeof serverReinstallDeclaration>;

/**
 * What state records: the inputs but the secret ones, the fingerprints that stand for those, and
 * the record of the jobs (each member absent until known).
 */
export type ServerReinstallState = Omit<StateOf<typeof serverReinstallDeclaration>, "adminPass" | "userData" | "jobId" | "status" | "triggersHash"> &
    Partial<Pick<StateOf<typeof serverReinstallDeclaration>, "jobId" | "status" | "triggersHash">>;

/** The inputs of `huaweicloud.ServerReinstall`, in the order they are validated. */
export const SERVER_REINSTALL_INPUTS = inputNames(serverReinstallDeclaration);

/** Inputs whose change replaces the resource: they name another server. */
export const SERVER_REINSTALL_REPLACE_ON_CHANGE = replaceOnChangeNames(serverReinstallDeclaration);

/** Inputs that are secrets or may hold them: never named to the engine in a failure. */
export const SERVER_REINSTALL_SECRET_INPUTS = redactedInputNames(serverReinstallDeclaration);

/**
 * The zod schema of ServerReinstall inputs: the declaration's rules, then those that combine
 * inputs (the v1 / v2 rules of the references). `unknown` names the inputs the engine does not
 * know yet (preview): they are not judged, and count as set for the rules that combine inputs.
 * `__provider` (the engine's) is let through.
 */
export function serverReinstallSchema(unknown: ReadonlySet<string> = new Set()): z.ZodType<ServerReinstallInputs> {
    const unknownShape = Object.fromEntries(SERVER_REINSTALL_INPUTS.filter((name) => unknown.has(name)).map((name) => [name, z.unknown()]));
    // The inputs not known yet are no values to judge: the parsed value is not used (only the failures are).
    const inputs = serverReinstallDeclaration.inputs
        .extend({ __provider: z.unknown().optional() })
        .extend(unknownShape) as unknown as z.ZodType<ServerReinstallInputs>;
    return inputs.superRefine((v, ctx) => {
        const has = (name: keyof ServerReinstallInputs): boolean => unknown.has(name) || v[name] !== undefined;
        const issue = (path: string[], message: string): void => ctx.addIssue({ code: "custom", path, message });

        if (has("keyName") && !has("userId")) issue(["userId"], "is required with keyName (the IAM user id that owns the key pair)");
        if (has("userId") && !has("keyName")) issue(["userId"], "is only used with keyName; remove it or set keyName");
        if (!unknown.has("metadata") && v.metadata?.systemCmkId !== undefined && v.metadata.systemEncrypted !== true) {
            issue(
                ["metadata", "systemCmkId"],
                'is only allowed with metadata.systemEncrypted: true (__system__cmkid must be used with __system__encrypted "1")',
            );
        }

        if (unknown.has("cloudInit")) {
            if (has("adminPass") && has("keyName")) issue(["adminPass"], "set either adminPass or keyName, not both");
            return;
        }
        if (v.cloudInit === true) {
            if (has("adminPass") && has("keyName")) issue(["adminPass"], "set either adminPass or keyName, not both (v2 API)");
            if (!has("adminPass") && !has("keyName") && !has("userData")) {
                issue(
                    ["adminPass"],
                    "with cloudInit: true set adminPass, keyName, or userData (with neither password nor key, the v2 API requires user data, e.g. a cloud-config that sets them)",
                );
            }
        } else {
            if (has("adminPass") && has("keyName")) issue(["adminPass"], "set either adminPass or keyName, not both (v1 API)");
            if (!has("adminPass") && !has("keyName")) issue(["adminPass"], "one of adminPass or keyName is required with cloudInit: false (v1 API)");
            if (has("userData")) issue(["userData"], "needs cloudInit: true: only the v2 API (images with Cloud-Init) injects user data");
            if (!unknown.has("metadata") && v.metadata?.byol !== undefined) {
                issue(["metadata", "byol"], "needs cloudInit: true: BYOL is a field of the v2 API only");
            }
        }
    });
}
