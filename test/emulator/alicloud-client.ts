import * as crypto from "crypto";
import { CallRecord, defaultFixture, FaultConfig, Fixture } from "../../emulator";
import { callLog, cloudState, emulatorControl, injectFaults } from "../support/emulator-control";

/**
 * A test-only Alibaba Cloud RPC client with its own v1 signer (HMAC-SHA1, RFC 3986), written from
 * the published signing rules independently of the emulator's verifier, so that an accepted request
 * shows the two agree. Unlike `@alicloud/pop-core` it returns the HTTP status of errors too, and it
 * can override any envelope part (nonce, timestamp, key) to provoke the gateway's errors.
 */

/** The default emulator credentials. */
export const CREDS = { accessKeyId: "LTAI5tEmulatorAccessKey", accessKeySecret: "emulator-access-key-secret" };
/** The default fixture's STS credentials. */
export const STS = {
    accessKeyId: "STS.NUemulatorStsAccessKey",
    accessKeySecret: "emulator-sts-access-key-secret",
    securityToken: "CAISemulatorSecurityToken0000000000",
};

/** Instances of the default fixture (emulator/fixtures/default-alicloud.json). */
export const I = {
    /** web-1: cn-hangzhou, PostPaid, Running, ecs.g7.large, Linux, password + user data, group web. */
    web: "i-bp1paygrunning00001",
    /** batch-1: PrePaid, Stopped, ecs.g8i.xlarge (CPU topology, nested virtualization), key pair ops-key, groups web+app. */
    batch: "i-bp1subsstopped00002",
    /** locked-1: Running, OperationLocks security. */
    locked: "i-bp1securitylock0003",
    /** expired-1: PrePaid expired, Stopped, OperationLocks financial. */
    expired: "i-bp1expiredprepaid04",
    /** burst-1: ecs.t6-c1m2.large, CreditSpecification Standard, Running. */
    burst: "i-bp1burstablet60005",
    /** fresh-1: Stopped, never started. */
    fresh: "i-bp1neverstarted0006",
    /** legacy-1: classic network, not I/O optimized. */
    classic: "i-bp1classicnet000007",
    /** spot-1: spot, ecs.g6.large (no jumbo frames), image without cloud-init, in the full group. */
    spot: "i-bp1spotinstance0008",
    /** win-1: cn-shanghai, Windows, PrePaid, Running. */
    win: "i-uf6windows000000001",
    /** sh-app-1: cn-shanghai-m, PostPaid, Stopped, advanced (enterprise) group. */
    shApp: "i-uf6paygstopped000002",
} as const;

/** Disks of the default fixture. */
export const D = {
    webSystem: "d-bp1syspaygrunning00001",
    webData: "d-bp1webdata0000000001",
    webAssets: "d-bp1webdata0000000002",
    batchSystem: "d-bp1syssubsstopped00002",
    batchData: "d-bp1batchdata00000001",
    lockedSystem: "d-bp1syssecuritylock0003",
    expiredSystem: "d-bp1sysexpiredprepaid04",
    freshSystem: "d-bp1sysneverstarted0006",
    winSystem: "d-uf6syswindows000000001",
    spare: "d-bp1sparedata00000001",
} as const;

/** Security groups of the default fixture. */
export const SG = {
    web: "sg-bp1webnormal000001",
    app: "sg-bp1appnormal000002",
    otherVpc: "sg-bp1othervpc0000003",
    enterprise: "sg-bp1enterprise00004",
    classic: "sg-bp1classic00000005",
    managed: "sg-bp1ackmanaged00006",
    full: "sg-bp1fullgroup000007",
    manyRules: "sg-bp1manyrules00008",
    shanghaiWeb: "sg-uf6webnormal000001",
} as const;

function rfc3986(s: string): string {
    return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

function timestamp(at: Date): string {
    return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Options of one raw call. */
export interface CallOptions {
    method?: "GET" | "POST";
    accessKeyId?: string;
    accessKeySecret?: string;
    securityToken?: string;
    nonce?: string;
    timestamp?: string;
    version?: string;
    format?: "JSON" | "XML";
    /** Envelope parameters to leave out. */
    omit?: string[];
}

/** The HTTP answer of a raw call. */
export interface RawAnswer {
    status: number;
    contentType: string;
    text: string;
    /** Parsed JSON body (empty object for XML). */
    body: Record<string, unknown>;
}

/** Signs `params` v1 and sends them (POST form by default). */
export async function call(url: string, action: string, params: Record<string, string | number | boolean> = {}, o: CallOptions = {}): Promise<RawAnswer> {
    const method = o.method ?? "POST";
    const all: Record<string, string> = {
        Action: action,
        Version: o.version ?? "2014-05-26",
        Format: o.format ?? "JSON",
        AccessKeyId: o.accessKeyId ?? CREDS.accessKeyId,
        SignatureMethod: "HMAC-SHA1",
        SignatureVersion: "1.0",
        SignatureNonce: o.nonce ?? crypto.randomUUID(),
        Timestamp: o.timestamp ?? timestamp(new Date()),
    };
    if (o.securityToken !== undefined) all.SecurityToken = o.securityToken;
    for (const k of o.omit ?? []) delete all[k];
    for (const [k, v] of Object.entries(params)) all[k] = String(v);
    const canonical = Object.keys(all)
        .sort()
        .map((k) => `${rfc3986(k)}=${rfc3986(all[k])}`)
        .join("&");
    const stringToSign = `${method}&${rfc3986("/")}&${rfc3986(canonical)}`;
    const signature = crypto
        .createHmac("sha1", `${o.accessKeySecret ?? CREDS.accessKeySecret}&`)
        .update(stringToSign)
        .digest("base64");
    const query = `${canonical}&Signature=${rfc3986(signature)}`;
    const res =
        method === "GET"
            ? await fetch(`${url}/?${query}`)
            : await fetch(`${url}/`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: query });
    const text = await res.text();
    const contentType = res.headers.get("content-type") ?? "";
    return { status: res.status, contentType, text, body: contentType.includes("json") ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A JSON object of a fixture (loosely typed: tests edit it field by field). */
export type Json = Record<string, unknown>;

/** The alicloud section of a fixture, as tests edit it. */
export interface AliSection {
    credentials: Json[];
    regions: Json[];
    securityGroups: Json[];
    images: Json[];
    kmsKeys: Json[];
    instances: Json[];
    disks: Json[];
    faults: Json[];
    limits?: Json;
    features?: Json;
    [key: string]: unknown;
}

/** A copy of the default fixture with its alicloud section changed by `edit`. */
export function fixtureWith(edit: (a: AliSection) => void): Fixture {
    const fx = defaultFixture();
    edit(fx.alicloud as AliSection);
    return fx;
}

function byKey(list: Json[], key: string, id: string): Json {
    const found = list.find((x) => x[key] === id);
    if (!found) throw new Error(`fixture has no ${key} ${id}`);
    return found;
}

/** The fixture instance with this id. */
export const instanceOf = (a: AliSection, id: string): Json => byKey(a.instances, "instanceId", id);
/** The fixture disk with this id. */
export const diskOf = (a: AliSection, id: string): Json => byKey(a.disks, "diskId", id);
/** The fixture image with this id. */
export const imageOf = (a: AliSection, id: string): Json => byKey(a.images, "imageId", id);
/** The fixture security group with this id. */
export const groupOf = (a: AliSection, id: string): Json => byKey(a.securityGroups, "securityGroupId", id);

/** Reloads the default fixture, or `fixture` (sent in full: an empty reset would reload the last one). */
export async function reset(url: string, fixture?: Fixture): Promise<void> {
    await emulatorControl(url, "POST", "reset", fixture ?? defaultFixture());
}

/** An instance as `GET /_emulator/state` shows it. */
export interface InstanceState extends Json {
    instanceId: string;
    status: string;
    hostName: string;
    passwordFingerprint: string | null;
    restartPending: string[];
    statusHistory: { status: string; at: string }[];
    guest: { hostName: string; passwordFingerprint: string | null; userDataFingerprint: string | null; bootCount: number };
}

/** The alicloud section of `GET /_emulator/state`. */
export interface AliState {
    instances: InstanceState[];
    disks: (Json & { diskId: string; status: string; reInitCount: number })[];
    faults: Json[];
    [key: string]: unknown;
}

/** `GET /_emulator/state`, alicloud section. */
export function state(url: string): Promise<AliState> {
    return cloudState<AliState>(url, "alicloud");
}

/** One instance of the state dump. */
export async function instanceState(url: string, id: string): Promise<InstanceState> {
    const found = (await state(url)).instances.find((i) => i.instanceId === id);
    if (!found) throw new Error(`no instance ${id} in state`);
    return found;
}

/** `GET /_emulator/calls`, Alibaba entries only. */
export function calls(url: string): Promise<CallRecord[]> {
    return callLog(url, "alicloud");
}

/** `POST /_emulator/faults`. */
export function faults(url: string, config: FaultConfig): Promise<void> {
    return injectFaults(url, config);
}

/** `sha256:<hex>` of a secret, as the emulator fingerprints it. */
export function sha(secret: string): string {
    return `sha256:${crypto.createHash("sha256").update(secret).digest("hex")}`;
}

/** Polls `probe` every 5 ms until it returns a value other than undefined, or fails after `ms`. */
export async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
        const v = await probe();
        if (v !== undefined) return v;
        if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 5));
    }
}
