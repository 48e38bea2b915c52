import { z } from "zod";

/**
 * The `huaweicloud` section of a fixture (documented in emulator/README.md, "Huawei Cloud").
 * Parsed strictly: an unknown key or a dangling reference is an error naming its path.
 */

const projectId = z.string().regex(/^[0-9a-f]{32}$/, "must be 32 lower-case hex characters");
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "must be a lower-case UUID");
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 time");

const projectSchema = z
    .object({
        id: projectId,
        /** IAM project name, conventionally the region id. */
        name: z.string().min(1),
        region: z.string().min(1),
    })
    .strict();

const credentialSchema = z
    .object({
        accessKey: z.string().min(1),
        secretKey: z.string().min(1),
        /** Present for temporary credentials: requests must then carry (and sign) this `X-Security-Token`. */
        securityToken: z.string().min(1).optional(),
        /** Projects this credential's account owns. */
        projectIds: z.array(projectId).min(1),
        /** IAM user id of the credential's user (informational). */
        userId: z.string().min(1).optional(),
    })
    .strict();

const keyPairSchema = z
    .object({
        projectId,
        name: z.string().min(1),
        type: z.enum(["ssh", "x509"]).default("ssh"),
        fingerprint: z.string().default(""),
    })
    .strict();

const kmsKeySchema = z
    .object({
        projectId,
        id: uuid,
        alias: z.string().min(1),
        /** Whether EVS is authorised to use this CMK (false → `Ecs.0025`). */
        authorized: z.boolean(),
    })
    .strict();

const diskSchema = z
    .object({
        id: uuid,
        device: z.string().min(1),
        sizeGb: z.number().int().positive(),
    })
    .strict();

const serverSchema = z
    .object({
        id: uuid,
        projectId,
        name: z.string().min(1).max(128),
        status: z.enum(["ACTIVE", "SHUTOFF", "ERROR"]),
        osType: z.enum(["Linux", "Windows"]),
        // cloudInit: whether the image has Cloud-Init / Cloudbase-Init installed (v2 reinstall) or not (v1); unset accepts both.
        image: z.object({ id: uuid, name: z.string().min(1), cloudInit: z.boolean().optional() }).strict(),
        flavor: z.object({ id: z.string().min(1), name: z.string().min(1), vcpus: z.number().int().positive(), ram: z.number().int().positive() }).strict(),
        availabilityZone: z.string().min(1),
        keyName: z.string().min(1).nullable().default(null),
        locked: z.boolean().default(false),
        /** null: the server has no system disk (reinstall → `Ecs.0105`). */
        systemDisk: diskSchema.nullable(),
        dataDisks: z.array(diskSchema).default([]),
        privateIps: z.array(z.string().min(1)).default([]),
        vpcId: uuid,
        securityGroups: z.array(z.object({ id: uuid, name: z.string().min(1) }).strict()).default([]),
        metadata: z.record(z.string(), z.string()).default({}),
        tags: z.array(z.string().min(1)).default([]),
        description: z.string().default(""),
        created: isoTime,
        userId: z.string().min(1).optional(),
        enterpriseProjectId: z.string().default("0"),
        reservationId: z.string().min(1).optional(),
    })
    .strict();

const failSchema = z
    .object({
        errorCode: z.string().min(1).default("Ecs.0000"),
        failReason: z.string().min(1).default("Request error. Try again later or contact customer service."),
        /** `errorcode_message` / `fail_reason` of the sub-job; defaults to `failReason`. */
        subJobFailReason: z.string().min(1).optional(),
        /** Modelled milliseconds the job runs before failing. */
        afterMs: z.number().int().nonnegative().default(20_000),
        /** Status the server is left in; ERROR servers accept a new reinstall (the "reinstallation failed" state). */
        serverStatus: z.enum(["SHUTOFF", "ERROR"]).default("SHUTOFF"),
    })
    .strict();

const stuckSchema = z
    .object({
        /** Modelled milliseconds the job stays RUNNING before it succeeds (default two hours). */
        runningMs: z.number().int().positive().default(7_200_000),
    })
    .strict();

const powerFailSchema = z
    .object({
        errorCode: z.string().min(1).default("Ecs.0000"),
        failReason: z.string().min(1).default("Request error. Try again later or contact customer service."),
        /** Modelled milliseconds the server's sub-job runs before failing. */
        afterMs: z.number().int().nonnegative().default(5_000),
        /** Status the server is left in (default: the one it had before the action). */
        serverStatus: z.enum(["ACTIVE", "SHUTOFF", "ERROR"]).optional(),
    })
    .strict();

const reinstallFaultSchema = z
    .object({
        serverId: uuid,
        nextReinstall: z.union([z.object({ fail: failSchema }).strict(), z.object({ stuck: stuckSchema }).strict()]),
    })
    .strict();

/** The next power action (BatchRebootServers, BatchStopServers, BatchStartServers) on the server: its sub-job fails or stays RUNNING. */
const powerFaultSchema = z
    .object({
        serverId: uuid,
        nextPowerAction: z.union([z.object({ fail: powerFailSchema }).strict(), z.object({ stuck: stuckSchema }).strict()]),
    })
    .strict();

const scriptedFaultSchema = z.union([reinstallFaultSchema, powerFaultSchema]);

/** Schema of the whole `huaweicloud` section. */
export const huaweiSectionSchema = z
    .object({
        $comment: z.string().optional(),
        projects: z.array(projectSchema).default([]),
        credentials: z.array(credentialSchema).default([]),
        keyPairs: z.array(keyPairSchema).default([]),
        kmsKeys: z.array(kmsKeySchema).default([]),
        /** Security groups a server can be added to (besides those the servers are already in), for NovaAssociateSecurityGroup. */
        securityGroups: z.array(z.object({ id: uuid, name: z.string().min(1), projectId }).strict()).default([]),
        servers: z.array(serverSchema).default([]),
        /** Consumed in order: the first entry for a server applies to its next accepted reinstall. */
        scriptedFaults: z.array(scriptedFaultSchema).default([]),
        /** Passwords refused as easily guessed (compared case-insensitively), in addition to the structural rules. */
        weakPasswords: z.array(z.string().min(1)).default([]),
    })
    .strict();

/** The parsed `huaweicloud` section. */
export type HuaweiSection = z.infer<typeof huaweiSectionSchema>;
/** One server as written in the fixture. */
export type FixtureServer = z.infer<typeof serverSchema>;
/** A scripted outcome of a server's next reinstall. */
export type ScriptedReinstall = z.infer<typeof reinstallFaultSchema>["nextReinstall"];
/** A scripted outcome of a server's next power action. */
export type ScriptedPowerAction = z.infer<typeof powerFaultSchema>["nextPowerAction"];
/** One entry of `scriptedFaults`. */
export type ScriptedFault = z.infer<typeof scriptedFaultSchema>;

function duplicates(values: string[]): string[] {
    const seen = new Set<string>();
    const dup = new Set<string>();
    for (const v of values) (seen.has(v) ? dup : seen).add(v);
    return [...dup];
}

/**
 * Parses and cross-checks the `huaweicloud` fixture section. Throws an Error listing every problem
 * as `huaweicloud.<path>: <rule>`.
 */
export function parseHuaweiSection(raw: unknown): HuaweiSection {
    const parsed = huaweiSectionSchema.safeParse(raw ?? {});
    if (!parsed.success) {
        const lines = parsed.error.issues.map((i) => {
            const path = i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
            return `huaweicloud${path}: ${i.message}`;
        });
        throw new Error(`invalid huaweicloud fixture section:\n${lines.join("\n")}`);
    }
    const s = parsed.data;
    const problems: string[] = [];
    const projectIds = new Set(s.projects.map((p) => p.id));
    for (const d of duplicates(s.projects.map((p) => p.id))) problems.push(`huaweicloud.projects: duplicate id ${d}`);
    for (const d of duplicates(s.credentials.map((c) => c.accessKey))) problems.push(`huaweicloud.credentials: duplicate accessKey ${d}`);
    for (const d of duplicates(s.servers.map((v) => v.id))) problems.push(`huaweicloud.servers: duplicate id ${d}`);
    for (const d of duplicates(s.kmsKeys.map((k) => k.id))) problems.push(`huaweicloud.kmsKeys: duplicate id ${d}`);
    for (const d of duplicates(s.keyPairs.map((k) => `${k.projectId}/${k.name}`))) problems.push(`huaweicloud.keyPairs: duplicate name ${d}`);
    s.credentials.forEach((c, i) =>
        c.projectIds.forEach((p, j) => {
            if (!projectIds.has(p)) problems.push(`huaweicloud.credentials[${i}].projectIds[${j}]: unknown project ${p}`);
        }),
    );
    const refs: Array<[string, string]> = [
        ...s.keyPairs.map((k, i): [string, string] => [`keyPairs[${i}]`, k.projectId]),
        ...s.kmsKeys.map((k, i): [string, string] => [`kmsKeys[${i}]`, k.projectId]),
        ...s.securityGroups.map((g, i): [string, string] => [`securityGroups[${i}]`, g.projectId]),
        ...s.servers.map((v, i): [string, string] => [`servers[${i}]`, v.projectId]),
    ];
    for (const [where, p] of refs) if (!projectIds.has(p)) problems.push(`huaweicloud.${where}.projectId: unknown project ${p}`);
    s.servers.forEach((v, i) => {
        if (v.keyName !== null && !s.keyPairs.some((k) => k.projectId === v.projectId && k.name === v.keyName)) {
            problems.push(`huaweicloud.servers[${i}].keyName: no key pair ${v.keyName} in project ${v.projectId}`);
        }
    });
    const serverIds = new Set(s.servers.map((v) => v.id));
    s.scriptedFaults.forEach((f, i) => {
        if (!serverIds.has(f.serverId)) problems.push(`huaweicloud.scriptedFaults[${i}].serverId: unknown server ${f.serverId}`);
    });
    if (problems.length > 0) throw new Error(`invalid huaweicloud fixture section:\n${problems.join("\n")}`);
    return s;
}
