import { CloudApiError } from "../../core/transport/errors";
import { callEcs } from "../api/client";
import type { BatchWindow } from "../../core/transport/batcher";
import { describeInstanceEntry } from "../api/describe-batch";
import { tagsOfEntry } from "../api/ownership";
import type { PlainAttributes } from "./fields";

/** What ecs-ops observes of an instance: its state and the attributes InstanceAttributes manages. */
export interface ObservedInstance {
    instanceId: string;
    regionId: string | undefined;
    /** `Pending`, `Running`, `Starting`, `Stopping`, `Stopped`. */
    status: string;
    /** `linux` or `windows`. */
    osType: string | undefined;
    /** `PrePaid` (subscription) or `PostPaid` (pay-as-you-go). */
    chargeType: string | undefined;
    /** `NoSpot`, `SpotWithPriceLimit`, `SpotAsPriceGo`. */
    spotStrategy: string | undefined;
    /** `OperationLocks.LockReason[].LockReason`, e.g. `security`, `financial`. */
    lockReasons: string[];
    /** When the instance was last started (restarts included), as the API wrote it. */
    startTime: string | undefined;
    /** Attribute values in the program's shape; a member is undefined when the cloud does not report it. */
    attributes: Partial<PlainAttributes>;
    /** Decoded user data, when asked for (kept in memory only; empty string when none is set). */
    userData?: string;
    /** The instance's tags (DescribeInstances `Tags.Tag[]`), the owner tag among them. */
    tags: Record<string, string>;
}

/** What to read besides `DescribeInstances`. */
export interface ObserveOptions {
    region: string;
    deadline: number;
    /** Also call `DescribeInstanceAttribute` (jumbo frames, network encryption). */
    withInstanceAttribute?: boolean;
    /** Also call `DescribeUserData`. */
    withUserData?: boolean;
    /** How long the read may wait for others to join its batch (default: the batcher's). */
    window?: BatchWindow;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined;
}

function str(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}

function bool(v: unknown): boolean | undefined {
    if (typeof v === "boolean") return v;
    if (v === "true") return true;
    if (v === "false") return false;
    return undefined;
}

function int(v: unknown): number | undefined {
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    return typeof n === "number" && Number.isInteger(n) ? n : undefined;
}

/** Drops undefined members; undefined when nothing is left. */
function compact<T extends Json>(o: T): T | undefined {
    const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    return Object.keys(out).length > 0 ? out : undefined;
}

function list(v: unknown, member: string): unknown[] | undefined {
    const inner = obj(v)?.[member];
    return Array.isArray(inner) ? inner : undefined;
}

/** Maps one `DescribeInstances` entry to the program's attribute shape. */
export function attributesFromDescribeInstances(raw: Json): Partial<PlainAttributes> {
    const cpu = obj(raw.CpuOptions);
    const dns = obj(raw.PrivateDnsNameOptions);
    const groups = list(raw.SecurityGroupIds, "SecurityGroupId")?.filter((g): g is string => typeof g === "string");
    const credit = str(raw.CreditSpecification);
    const attributes: Partial<PlainAttributes> = {
        instanceName: str(raw.InstanceName),
        description: str(raw.Description),
        hostName: str(raw.HostName),
        securityGroupIds: groups,
        deletionProtection: bool(raw.DeletionProtection),
        creditSpecification: credit === "Standard" || credit === "Unlimited" ? credit : undefined,
        recyclable: bool(raw.Recyclable),
        cpuOptions: cpu
            ? (compact({
                  core: int(cpu.CoreCount ?? cpu.Core),
                  threadsPerCore: int(cpu.ThreadsPerCore) as 1 | 2 | undefined,
                  topologyType: str(cpu.TopologyType) as "ContinuousCoreToHTMapping" | "DiscreteCoreToHTMapping" | undefined,
                  nestedVirtualization: str(cpu.NestedVirtualization) as "enabled" | "disabled" | undefined,
              }) as PlainAttributes["cpuOptions"])
            : undefined,
        privateDnsNameOptions: dns
            ? (compact({
                  enableInstanceIdDnsARecord: bool(dns.EnableInstanceIdDnsARecord),
                  enableInstanceIdDnsAAAARecord: bool(dns.EnableInstanceIdDnsAAAARecord),
                  enableIpDnsARecord: bool(dns.EnableIpDnsARecord),
                  enableIpDnsPtrRecord: bool(dns.EnableIpDnsPtrRecord),
                  hostnameType: str(dns.HostnameType) as "Custom" | "IpBased" | "InstanceIdBased" | undefined,
              }) as PlainAttributes["privateDnsNameOptions"])
            : undefined,
    };
    return attributes;
}

function notFound(err: unknown): boolean {
    return err instanceof CloudApiError && err.code === "InvalidInstanceId.NotFound";
}

/**
 * Reads an instance: `DescribeInstances`, batched with the provider process's other reads of the
 * same account and region (up to 100 ids a call), plus the per-instance `DescribeInstanceAttribute`
 * and `DescribeUserData` (no batch form exists) only when asked, i.e. when the program manages an
 * attribute only they report. Undefined when the region holds
 * no such instance (empty list, or a NotFound from the follow-up calls).
 */
export async function observeInstance(instanceId: string, options: ObserveOptions): Promise<ObservedInstance | undefined> {
    const call = { region: options.region, deadline: options.deadline };
    const raw: Json | undefined = await describeInstanceEntry(instanceId, { ...call, window: options.window });
    if (raw === undefined) return undefined;
    const locks = list(raw.OperationLocks, "LockReason") ?? [];
    const observed: ObservedInstance = {
        instanceId,
        regionId: str(raw.RegionId) ?? options.region,
        status: str(raw.Status) ?? "Unknown",
        osType: str(raw.OSType)?.toLowerCase(),
        chargeType: str(raw.InstanceChargeType),
        spotStrategy: str(raw.SpotStrategy),
        lockReasons: locks.map((l) => str(obj(l)?.LockReason) ?? "").filter((r) => r !== ""),
        startTime: str(raw.StartTime),
        attributes: attributesFromDescribeInstances(raw),
        tags: tagsOfEntry(raw),
    };
    try {
        if (options.withInstanceAttribute) {
            const attr = await callEcs<Json>(
                "DescribeInstanceAttribute",
                { InstanceId: instanceId },
                { ...call, describe: `DescribeInstanceAttribute ${instanceId}` },
            );
            const network = obj(attr.NetworkOptions);
            observed.attributes.enableJumboFrame = bool(attr.EnableJumboFrame) ?? bool(network?.EnableJumboFrame);
            observed.attributes.enableNetworkEncryption = bool(attr.EnableNetworkEncryption) ?? bool(network?.EnableNetworkEncryption);
        }
        if (options.withUserData) {
            const ud = await callEcs<{ UserData?: unknown }>(
                "DescribeUserData",
                { InstanceId: instanceId },
                { ...call, describe: `DescribeUserData ${instanceId}` },
            );
            const encoded = str(ud.UserData) ?? "";
            observed.userData = Buffer.from(encoded, "base64").toString("utf8");
        }
    } catch (err) {
        if (notFound(err)) return undefined;
        throw err;
    }
    return observed;
}
