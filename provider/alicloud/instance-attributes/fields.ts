import type { EcsParams } from "../api/client";
import { redactedInputNames } from "../../core/resource/declaration";
import { ATTRIBUTE_KEYS, AttributeKey, InstanceAttributesInputs, instanceAttributesDeclaration, PlainAttributes } from "./declaration";

// The attributes InstanceAttributes manages (declared in ./declaration), one entry each: how a value
// goes on the wire of ModifyInstanceAttribute, how it compares, when it takes effect, and whether the
// cloud reports it.

export { ATTRIBUTE_KEYS } from "./declaration";
export type { AttributeKey } from "./declaration";

/** Attributes that hold secrets (declared secret): never stored, only fingerprinted. */
export const SECRET_KEYS: ReadonlySet<AttributeKey> = new Set(ATTRIBUTE_KEYS.filter((key) => redactedInputNames(instanceAttributesDeclaration).includes(key)));

/** Changes that ECS accepts at once but that the OS sees only after a restart from the console or API. */
export const RESTART_KEYS: ReadonlySet<AttributeKey> = new Set<AttributeKey>(["hostName", "password", "userData"]);

/** Changes that ECS accepts only while the instance is Stopped. */
export const STOPPED_KEYS: ReadonlySet<AttributeKey> = new Set<AttributeKey>(["cpuOptions", "networkInterfaceQueueNumber"]);

/** Attributes read with DescribeInstanceAttribute (DescribeInstances does not report them). */
export const INSTANCE_ATTRIBUTE_KEYS: ReadonlySet<AttributeKey> = new Set<AttributeKey>(["enableJumboFrame", "enableNetworkEncryption"]);

export type { PlainAttributes } from "./declaration";

/** A non-secret attribute's key. */
export type PlainKey = keyof PlainAttributes;

/** The non-secret attribute keys, in wire order. */
export const PLAIN_KEYS = ATTRIBUTE_KEYS.filter((k) => !SECRET_KEYS.has(k)) as PlainKey[];

const WIRE_NAMES: Record<string, string> = {
    core: "Core",
    threadsPerCore: "ThreadsPerCore",
    topologyType: "TopologyType",
    nestedVirtualization: "NestedVirtualization",
    enableInstanceIdDnsARecord: "EnableInstanceIdDnsARecord",
    enableInstanceIdDnsAAAARecord: "EnableInstanceIdDnsAAAARecord",
    enableIpDnsARecord: "EnableIpDnsARecord",
    enableIpDnsPtrRecord: "EnableIpDnsPtrRecord",
    hostnameType: "HostnameType",
    password: "Password",
    type: "Type",
};

function dotted(prefix: string, value: Record<string, unknown>): EcsParams {
    const out: EcsParams = {};
    for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        out[`${prefix}.${WIRE_NAMES[k] ?? k[0].toUpperCase() + k.slice(1)}`] = v as string | number | boolean;
    }
    return out;
}

/**
 * The ModifyInstanceAttribute parameters for some attribute values (plaintext secrets included:
 * the result goes to `callEcs` and nowhere else). Objects become dotted keys, security groups
 * `SecurityGroupIds.N` (which replaces the whole set), user data is base64-encoded.
 */
export function toModifyParams(values: Partial<Pick<InstanceAttributesInputs, AttributeKey>>): EcsParams {
    const p: EcsParams = {};
    const v = values;
    if (v.instanceName !== undefined) p.InstanceName = v.instanceName;
    if (v.description !== undefined) p.Description = v.description;
    if (v.hostName !== undefined) p.HostName = v.hostName;
    if (v.password !== undefined) p.Password = v.password;
    if (v.userData !== undefined) p.UserData = Buffer.from(v.userData, "utf8").toString("base64");
    if (v.securityGroupIds !== undefined) v.securityGroupIds.forEach((id, i) => (p[`SecurityGroupIds.${i + 1}`] = id));
    if (v.enableJumboFrame !== undefined) p.EnableJumboFrame = v.enableJumboFrame;
    if (v.deletionProtection !== undefined) p.DeletionProtection = v.deletionProtection;
    if (v.creditSpecification !== undefined) p.CreditSpecification = v.creditSpecification;
    if (v.recyclable !== undefined) p.Recyclable = v.recyclable;
    if (v.networkInterfaceQueueNumber !== undefined) p.NetworkInterfaceQueueNumber = v.networkInterfaceQueueNumber;
    if (v.cpuOptions !== undefined) Object.assign(p, dotted("CpuOptions", v.cpuOptions));
    if (v.privateDnsNameOptions !== undefined) Object.assign(p, dotted("PrivateDnsNameOptions", v.privateDnsNameOptions));
    if (v.remoteConnectionOptions !== undefined) Object.assign(p, dotted("RemoteConnectionOptions", v.remoteConnectionOptions));
    if (v.enableNetworkEncryption !== undefined) p.EnableNetworkEncryption = v.enableNetworkEncryption;
    return p;
}

/** Deep equality of JSON-like values (objects compared key by key, ignoring undefined members). */
export function sameValue(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
        const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
        const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
        return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
    }
    return false;
}

/** Whether two security group lists name the same set (order does not matter to ECS). */
export function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
    if (a === undefined || b === undefined) return a === b;
    const sa = new Set(a);
    const sb = new Set(b);
    return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** Whether a desired non-secret value equals a known one (security groups as a set). */
export function samePlain(key: PlainKey, desired: unknown, known: unknown): boolean {
    if (key === "securityGroupIds") return sameSet(desired as string[] | undefined, known as string[] | undefined);
    return sameValue(desired, known);
}

/**
 * Whether the cloud's value already satisfies the desired one. For option objects only the
 * members the program sets are compared (the others are not managed). A value the cloud does
 * not report (undefined) does not satisfy anything.
 */
export function cloudSatisfies(key: PlainKey, desired: unknown, cloud: unknown): boolean {
    if (cloud === undefined) return false;
    if ((key === "cpuOptions" || key === "privateDnsNameOptions") && desired !== null && typeof desired === "object") {
        const c = cloud as Record<string, unknown>;
        return Object.entries(desired as Record<string, unknown>).every(([k, v]) => v === undefined || c[k] === v);
    }
    return samePlain(key, desired, cloud);
}

/** The part of a cloud value that a desired value manages (the same members of an option object). */
export function managedPart(key: PlainKey, desired: unknown, cloud: unknown): unknown {
    if (cloud === undefined) return undefined;
    if ((key === "cpuOptions" || key === "privateDnsNameOptions") && desired !== null && typeof desired === "object") {
        const c = cloud as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(desired as Record<string, unknown>)) if (c[k] !== undefined) out[k] = c[k];
        return Object.keys(out).length > 0 ? out : undefined;
    }
    return cloud;
}
