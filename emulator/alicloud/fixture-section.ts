import { z } from "zod";
import { ACTION_ERRORS } from "./errors";
import { fingerprint } from "./fingerprint";
import { BUILTIN_INSTANCE_TYPES } from "./instance-types";
import { AlicloudWorld, Disk, Instance, InstanceTypeSpec } from "./model-types";

/** Actions that list resources: their scripted faults name no resource. */
const LIST_ACTIONS = ["DescribeInstances", "DescribeDisks", "DescribeSecurityGroups", "LookupEvents"];

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date");
const FAR_FUTURE = "2099-12-31T16:00Z";
const CREATED = "2024-06-01T08:00:00Z";

const credential = z
    .object({
        accessKeyId: z.string().min(1),
        accessKeySecret: z.string().min(1),
        securityToken: z.string().min(1).nullable().default(null),
        expiration: iso.nullable().default(null),
        disabled: z.boolean().default(false),
        userDataForbidden: z.boolean().default(false),
    })
    .strict();

const creditSpec = z.enum(["Standard", "Unlimited"]);

const region = z
    .object({
        regionId: z.string().regex(/^[a-z]{2,}(-[a-z0-9]+)+$/),
        localName: z.string().default(""),
        zones: z.array(z.object({ zoneId: z.string(), creditSpecifications: z.array(creditSpec).default(["Standard", "Unlimited"]) }).strict()).min(1),
        loginAsNonRootSupported: z.boolean().default(true),
    })
    .strict();

const vpc = z
    .object({
        vpcId: z.string().startsWith("vpc-"),
        regionId: z.string(),
        vpcName: z.string().default(""),
        cidrBlock: z.string().default("172.16.0.0/12"),
        vSwitches: z.array(z.object({ vSwitchId: z.string().startsWith("vsw-"), zoneId: z.string(), cidrBlock: z.string() }).strict()).default([]),
    })
    .strict();

const securityGroup = z
    .object({
        securityGroupId: z.string().startsWith("sg-"),
        regionId: z.string(),
        vpcId: z.string().nullable().default(null),
        securityGroupName: z.string().default(""),
        description: z.string().default(""),
        securityGroupType: z.enum(["normal", "enterprise"]).default("normal"),
        maxInstances: z.number().int().positive().default(2000),
        serviceManaged: z.boolean().default(false),
        serviceId: z.string().nullable().default(null),
        ruleCount: z.number().int().nonnegative().default(3),
        creationTime: iso.default(CREATED),
    })
    .strict();

const keyPair = z
    .object({
        keyPairName: z.string().min(2),
        regionId: z.string(),
        keyPairFingerPrint: z.string().default("ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89"),
    })
    .strict();

const image = z
    .object({
        imageId: z.string().min(1),
        regionId: z.string().nullable().default(null),
        osType: z.enum(["linux", "windows"]),
        osName: z.string(),
        osNameEn: z.string().optional(),
        cloudInit: z.boolean().default(true),
        loginAsNonRootSupported: z.boolean().default(true),
        imageOwnerAlias: z.enum(["system", "self", "others", "marketplace"]).default("system"),
        deleted: z.boolean().default(false),
    })
    .strict();

const kmsKey = z
    .object({
        keyId: z.string(),
        regionId: z.string(),
        keyState: z.enum(["Enabled", "Disabled", "PendingDeletion"]).default("Enabled"),
        ecsAuthorized: z.boolean().default(true),
        ecsTagged: z.boolean().default(true),
    })
    .strict();

const instanceType = z
    .object({
        instanceTypeId: z.string().startsWith("ecs."),
        instanceTypeFamily: z.string(),
        cpu: z.number().int().positive(),
        memoryGiB: z.number().positive(),
        coreCount: z.number().int().positive(),
        threadsPerCore: z.number().int().min(1).max(2),
        threadsPerCoreModifiable: z.boolean().default(false),
        topologyTypes: z.array(z.string()).default([]),
        burstable: z.boolean().default(false),
        jumboFrame: z.boolean().default(false),
        defaultQueueNumber: z.number().int().positive(),
        maxQueueNumberPerEni: z.number().int().positive(),
        totalQueueNumber: z.number().int().positive(),
        nestedVirtualization: z.boolean().default(false),
        networkEncryption: z.boolean().default(false),
        remoteConnection: z.boolean().default(false),
    })
    .strict();

const instance = z
    .object({
        instanceId: z.string().startsWith("i-"),
        regionId: z.string(),
        zoneId: z.string(),
        instanceName: z.string(),
        hostName: z.string(),
        description: z.string().default(""),
        status: z.enum(["Pending", "Starting", "Running", "Stopping", "Stopped"]),
        instanceType: z.string(),
        imageId: z.string(),
        instanceChargeType: z.enum(["PostPaid", "PrePaid"]).default("PostPaid"),
        spotStrategy: z.enum(["NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"]).default("NoSpot"),
        internetChargeType: z.enum(["PayByTraffic", "PayByBandwidth"]).default("PayByTraffic"),
        expiredTime: iso.optional(),
        expiredOrInArrears: z.boolean().default(false),
        stoppedMode: z.enum(["KeepCharging", "StopCharging", "Not-applicable"]).default("Not-applicable"),
        instanceNetworkType: z.enum(["vpc", "classic"]).default("vpc"),
        vpcId: z.string().nullable().default(null),
        vSwitchId: z.string().nullable().default(null),
        privateIpAddress: z.string(),
        publicIpAddress: z.string().nullable().default(null),
        ioOptimized: z.boolean().default(true),
        securityGroupIds: z.array(z.string()).min(1),
        deletionProtection: z.boolean().default(false),
        creditSpecification: creditSpec.nullable().default(null),
        enableJumboFrame: z.boolean().default(false),
        networkInterfaceId: z.string().optional(),
        macAddress: z.string().optional(),
        networkInterfaceQueueNumber: z.number().int().positive().optional(),
        secondaryEniQueueNumbers: z.array(z.number().int().positive()).default([]),
        cpuOptions: z
            .object({
                core: z.number().int().positive().optional(),
                threadsPerCore: z.number().int().min(1).max(2).optional(),
                topologyType: z.string().default(""),
                nestedVirtualization: z.enum(["enabled", "disabled"]).default("disabled"),
            })
            .strict()
            .default({ topologyType: "", nestedVirtualization: "disabled" }),
        privateDnsNameOptions: z
            .object({
                enableInstanceIdDnsARecord: z.boolean().default(false),
                enableInstanceIdDnsAAAARecord: z.boolean().default(false),
                enableIpDnsARecord: z.boolean().default(false),
                enableIpDnsPtrRecord: z.boolean().default(false),
                hostnameType: z.enum(["Custom", "IpBased", "InstanceIdBased"]).default("Custom"),
            })
            .strict()
            .default({
                enableInstanceIdDnsARecord: false,
                enableInstanceIdDnsAAAARecord: false,
                enableIpDnsARecord: false,
                enableIpDnsPtrRecord: false,
                hostnameType: "Custom",
            }),
        operationLocks: z.array(z.object({ lockReason: z.string(), lockMsg: z.string().default("") }).strict()).default([]),
        startedOnce: z.boolean().default(true),
        userData: z.string().default(""),
        /** Plaintext in the fixture (fake); kept only as a fingerprint. */
        password: z.string().optional(),
        keyPairName: z.string().nullable().default(null),
        loginAsNonRoot: z.boolean().default(false),
        hibernationConfigured: z.boolean().default(false),
        recyclable: z.boolean().default(false),
        enableNetworkEncryption: z.boolean().default(false),
        needRestart: z.boolean().default(false),
        creationTime: iso.default(CREATED),
        startTime: iso.optional(),
        /** Resource tags (key → value), as TagResources sets them; DescribeInstances reports and filters by them. */
        tags: z.record(z.string().min(1).max(128), z.string().max(128)).optional(),
        /** What is in effect in the guest, when it differs from the API values (a restart is pending). */
        guest: z
            .object({
                hostName: z.string().optional(),
                password: z.string().nullable().optional(),
                userData: z.string().nullable().optional(),
                keyPairName: z.string().nullable().optional(),
            })
            .strict()
            .optional(),
    })
    .strict();

const disk = z
    .object({
        diskId: z.string().startsWith("d-"),
        regionId: z.string(),
        zoneId: z.string(),
        diskName: z.string().default(""),
        description: z.string().default(""),
        type: z.enum(["system", "data"]),
        category: z.string().default("cloud_essd"),
        size: z.number().int().positive(),
        performanceLevel: z.string().default("PL0"),
        status: z.enum(["In_use", "Available", "Attaching", "Detaching", "Creating", "ReIniting"]).optional(),
        instanceId: z.string().nullable().default(null),
        device: z.string().default(""),
        imageId: z.string().nullable().default(null),
        sourceSnapshot: z
            .object({ snapshotId: z.string(), createdAt: iso, deleted: z.boolean().default(false) })
            .strict()
            .nullable()
            .default(null),
        snapshots: z
            .array(
                z
                    .object({
                        snapshotId: z.string(),
                        status: z.enum(["accomplished", "progressing"]).default("accomplished"),
                        instantAccess: z.boolean().default(false),
                    })
                    .strict(),
            )
            .default([]),
        multiAttach: z.boolean().default(false),
        clonedFromDiskId: z.string().nullable().default(null),
        detachedOnce: z.boolean().default(false),
        encrypted: z.boolean().default(false),
        kmsKeyId: z.string().nullable().default(null),
        deleteWithInstance: z.boolean().default(true),
        portable: z.boolean().optional(),
        creationTime: iso.default(CREATED),
    })
    .strict();

const fault = z
    .object({
        action: z.string(),
        instanceId: z.string().nullable().default(null),
        diskId: z.string().nullable().default(null),
        code: z.string(),
        message: z.string().nullable().default(null),
        sticky: z.boolean().default(false),
        times: z.number().int().positive().default(1),
        retryAfterMs: z.number().int().positive().nullable().default(null),
    })
    .strict();

const section = z
    .object({
        $comment: z.string().optional(),
        credentials: z.array(credential).min(1),
        regions: z.array(region).min(1),
        vpcs: z.array(vpc).default([]),
        securityGroups: z.array(securityGroup).default([]),
        keyPairs: z.array(keyPair).default([]),
        images: z.array(image).default([]),
        kmsKeys: z.array(kmsKey).default([]),
        instanceTypes: z.array(instanceType).default([]),
        instances: z.array(instance).default([]),
        disks: z.array(disk).default([]),
        faults: z.array(fault).default([]),
        limits: z
            .object({ securityGroupsPerInstance: z.number().int().positive().default(5), aclRulesPerInstance: z.number().int().positive().default(1000) })
            .strict()
            .default({ securityGroupsPerInstance: 5, aclRulesPerInstance: 1000 }),
        features: z
            .object({ recycleBin: z.boolean().default(false), networkEncryption: z.boolean().default(false) })
            .strict()
            .default({ recycleBin: false, networkEncryption: false }),
    })
    .strict();

type InstanceInput = z.infer<typeof instance>;
type DiskInput = z.infer<typeof disk>;

function macFor(id: string): string {
    let h = 0;
    for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    const bytes = [0x00, 0x16, 0x3e, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
    return bytes.map((b) => b.toString(16).padStart(2, "0")).join(":");
}

function toInstance(i: InstanceInput, types: Map<string, InstanceTypeSpec>): Instance {
    const spec = types.get(i.instanceType);
    if (!spec) throw new Error(`instance ${i.instanceId}: unknown instanceType ${i.instanceType}`);
    if (i.creditSpecification !== null && !spec.burstable) {
        throw new Error(`instance ${i.instanceId}: creditSpecification is only for burstable types, ${i.instanceType} is not one`);
    }
    const passwordFingerprint = i.password === undefined ? null : fingerprint(i.password);
    const userDataFingerprint = i.userData === "" ? null : fingerprint(i.userData);
    const g = i.guest ?? {};
    const guestPassword = g.password === undefined ? passwordFingerprint : g.password === null ? null : fingerprint(g.password);
    const guestUserData = g.userData === undefined ? userDataFingerprint : g.userData === null || g.userData === "" ? null : fingerprint(g.userData);
    const running = i.status === "Running" || i.status === "Stopping";
    return {
        instanceId: i.instanceId,
        regionId: i.regionId,
        zoneId: i.zoneId,
        instanceName: i.instanceName,
        hostName: i.hostName,
        description: i.description,
        status: i.status,
        instanceType: i.instanceType,
        osType: "linux",
        imageId: i.imageId,
        instanceChargeType: i.instanceChargeType,
        spotStrategy: i.spotStrategy,
        internetChargeType: i.internetChargeType,
        expiredTime: i.expiredTime ?? FAR_FUTURE,
        expiredOrInArrears: i.expiredOrInArrears,
        stoppedMode: i.stoppedMode,
        instanceNetworkType: i.instanceNetworkType,
        vpcId: i.vpcId,
        vSwitchId: i.vSwitchId,
        privateIpAddress: i.privateIpAddress,
        publicIpAddress: i.publicIpAddress,
        ioOptimized: i.ioOptimized,
        securityGroupIds: [...i.securityGroupIds],
        deletionProtection: i.deletionProtection,
        creditSpecification: i.creditSpecification,
        enableJumboFrame: i.enableJumboFrame,
        networkInterfaceId: i.networkInterfaceId ?? `eni-${i.instanceId.slice(2)}`,
        macAddress: i.macAddress ?? macFor(i.instanceId),
        networkInterfaceQueueNumber: i.networkInterfaceQueueNumber ?? spec.defaultQueueNumber,
        secondaryEniQueueNumbers: [...i.secondaryEniQueueNumbers],
        cpuOptions: {
            core: i.cpuOptions.core ?? spec.coreCount,
            threadsPerCore: i.cpuOptions.threadsPerCore ?? spec.threadsPerCore,
            topologyType: i.cpuOptions.topologyType,
            nestedVirtualization: i.cpuOptions.nestedVirtualization,
        },
        privateDnsNameOptions: { ...i.privateDnsNameOptions },
        operationLocks: i.operationLocks.map((l) => ({ ...l })),
        startedOnce: i.startedOnce,
        userData: i.userData,
        passwordFingerprint,
        keyPairName: i.keyPairName,
        loginAsNonRoot: i.loginAsNonRoot,
        hibernationConfigured: i.hibernationConfigured,
        recyclable: i.recyclable,
        enableNetworkEncryption: i.enableNetworkEncryption,
        needRestart: i.needRestart,
        remoteConnection: null,
        creationTime: i.creationTime,
        startTime: i.startTime ?? i.creationTime,
        guest: {
            hostName: g.hostName ?? i.hostName,
            passwordFingerprint: guestPassword,
            userDataFingerprint: guestUserData,
            keyPairName: g.keyPairName === undefined ? i.keyPairName : g.keyPairName,
            bootCount: 0,
            lastBootAt: running ? (i.startTime ?? i.creationTime) : null,
        },
    };
}

function toDisk(d: DiskInput): Disk {
    return {
        ...d,
        status: d.status ?? (d.instanceId === null ? "Available" : "In_use"),
        portable: d.portable ?? d.type === "data",
        sourceSnapshot: d.sourceSnapshot === null ? null : { ...d.sourceSnapshot },
        snapshots: d.snapshots.map((s) => ({ ...s })),
        reInitCount: 0,
        lastReInitAt: null,
    };
}

function check(condition: boolean, message: string): void {
    if (!condition) throw new Error(`alicloud fixture: ${message}`);
}

/** Checks that every reference in the world points at something that exists. */
function checkReferences(w: AlicloudWorld): void {
    const regions = new Set(w.regions.map((r) => r.regionId));
    const zones = new Map(w.regions.flatMap((r) => r.zones.map((z) => [z.zoneId, r.regionId] as const)));
    const vpcs = new Map(w.vpcs.map((v) => [v.vpcId, v]));
    const groups = new Map(w.securityGroups.map((g) => [g.securityGroupId, g]));
    const images = new Set(w.images.map((i) => i.imageId));
    const instances = new Map(w.instances.map((i) => [i.instanceId, i]));
    const unique = (ids: string[], what: string): void => {
        const seen = new Set<string>();
        for (const id of ids) {
            check(!seen.has(id), `duplicate ${what} ${id}`);
            seen.add(id);
        }
    };
    unique(
        w.credentials.map((c) => c.accessKeyId),
        "accessKeyId",
    );
    unique(
        w.instances.map((i) => i.instanceId),
        "instanceId",
    );
    unique(
        w.disks.map((d) => d.diskId),
        "diskId",
    );
    unique(
        w.securityGroups.map((g) => g.securityGroupId),
        "securityGroupId",
    );
    for (const v of w.vpcs) check(regions.has(v.regionId), `vpc ${v.vpcId}: unknown region ${v.regionId}`);
    for (const g of w.securityGroups) {
        check(regions.has(g.regionId), `security group ${g.securityGroupId}: unknown region ${g.regionId}`);
        check(g.vpcId === null || vpcs.get(g.vpcId)?.regionId === g.regionId, `security group ${g.securityGroupId}: vpc ${g.vpcId} is not in ${g.regionId}`);
    }
    for (const i of w.instances) {
        check(zones.get(i.zoneId) === i.regionId, `instance ${i.instanceId}: zone ${i.zoneId} is not in region ${i.regionId}`);
        check(images.has(i.imageId), `instance ${i.instanceId}: unknown image ${i.imageId}`);
        if (i.instanceNetworkType === "vpc") {
            check(i.vpcId !== null && vpcs.get(i.vpcId)?.regionId === i.regionId, `instance ${i.instanceId}: a vpc instance needs a vpcId of its region`);
        } else {
            check(i.vpcId === null, `instance ${i.instanceId}: a classic instance has no vpcId`);
        }
        for (const sg of i.securityGroupIds) {
            const g = groups.get(sg);
            check(g !== undefined && g.regionId === i.regionId, `instance ${i.instanceId}: security group ${sg} not found in ${i.regionId}`);
        }
        if (i.keyPairName !== null) {
            check(
                w.keyPairs.some((k) => k.keyPairName === i.keyPairName && k.regionId === i.regionId),
                `instance ${i.instanceId}: unknown key pair ${i.keyPairName}`,
            );
        }
    }
    for (const d of w.disks) {
        check(zones.get(d.zoneId) === d.regionId, `disk ${d.diskId}: zone ${d.zoneId} is not in region ${d.regionId}`);
        if (d.instanceId !== null) {
            const inst = instances.get(d.instanceId);
            check(inst !== undefined && inst.regionId === d.regionId, `disk ${d.diskId}: unknown instance ${d.instanceId}`);
        }
        check(d.type !== "system" || d.instanceId !== null, `disk ${d.diskId}: a system disk must be attached to an instance`);
        check(d.kmsKeyId === null || w.kmsKeys.some((k) => k.keyId === d.kmsKeyId) || d.encrypted, `disk ${d.diskId}: kmsKeyId needs encrypted`);
    }
    for (const f of w.faults) {
        const documented = ACTION_ERRORS[f.action];
        check(documented !== undefined, `fault: unknown action ${f.action}`);
        check(
            documented.some((s) => s.code === f.code),
            `fault: ${f.code} is not a documented error of ${f.action}`,
        );
        check(f.instanceId === null || instances.has(f.instanceId), `fault: unknown instance ${f.instanceId}`);
        check(
            !LIST_ACTIONS.includes(f.action) || (f.instanceId === null && f.diskId === null),
            `fault: a ${f.action} fault applies to every call and names no resource`,
        );
        check(f.diskId === null || w.disks.some((d) => d.diskId === f.diskId), `fault: unknown disk ${f.diskId}`);
    }
}

/** Validates the fixture's `alicloud` section and builds the world from it; throws naming the bad field. */
export function loadAlicloudSection(raw: unknown): AlicloudWorld {
    const parsed = section.safeParse(raw ?? {});
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`alicloud fixture: ${issue.path.join(".") || "(section)"}: ${issue.message}`);
    }
    const s = parsed.data;
    const types = new Map(BUILTIN_INSTANCE_TYPES.map((t) => [t.instanceTypeId, t]));
    for (const t of s.instanceTypes) types.set(t.instanceTypeId, t);
    const imageOs = new Map(s.images.map((im) => [im.imageId, im.osType]));
    const world: AlicloudWorld = {
        credentials: s.credentials,
        regions: s.regions,
        vpcs: s.vpcs,
        securityGroups: s.securityGroups,
        keyPairs: s.keyPairs,
        images: s.images.map((im) => ({ ...im, osNameEn: im.osNameEn ?? im.osName })),
        kmsKeys: s.kmsKeys,
        instanceTypes: [...types.values()],
        instances: s.instances.map((i) => ({ ...toInstance(i, types), osType: imageOs.get(i.imageId) ?? "linux" })),
        disks: s.disks.map(toDisk),
        faults: s.faults.map((f) => ({
            action: f.action,
            instanceId: f.instanceId,
            diskId: f.diskId,
            code: f.code,
            message: f.message,
            sticky: f.sticky,
            remaining: f.times,
            retryAfterMs: f.retryAfterMs,
        })),
        limits: s.limits,
        features: s.features,
        resourceTags: Object.fromEntries(
            s.instances.filter((i) => i.tags !== undefined && Object.keys(i.tags).length > 0).map((i) => [`instance:${i.instanceId}`, { ...i.tags }]),
        ),
    };
    checkReferences(world);
    return world;
}
