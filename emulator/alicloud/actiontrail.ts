import { createHash } from "crypto";
import { z } from "zod";
import { Clock } from "../core/clock";
import { EmulatorResponse } from "../core/backend";
import { ACTIONTRAIL, AlicloudError, COMMON, fail } from "./errors";
import { ENVELOPE_PARAMS, Params, render, RpcRequest } from "./wire";

/**
 * Alibaba Cloud ActionTrail as the emulator keeps it: every ECS call the emulator accepted (its
 * action ran, whether it succeeded or answered a business error) becomes an event, delivered to
 * `LookupEvents` (API version 2020-07-06, RPC, signed as ECS) only after a delivery delay — the
 * real service says events arrive within minutes. The delay is `actionTrailDelayMs` (emulator
 * option, default 5 modelled minutes, scaled by the time scale like every modelled duration; a
 * fixture's `alicloud.actionTrail.deliveryDelayMs` overrides it), run on the emulator clock, so
 * `POST /_emulator/clock {"hold": true}` keeps events undelivered.
 *
 * LookupEvents (ActionTrail API reference 2020-07-06 and "How do I configure the LookupAttribute
 * parameter"): `LookupAttribute.N.Key/Value` (at most two used, exact and case-sensitive, the same
 * key twice: the second wins), `StartTime`/`EndTime` (`YYYY-MM-DDThh:mm:ssZ`, both or neither;
 * default the last 7 days), `MaxResults` (1–50, default 20), `NextToken`, `Direction`
 * (`BACKWARD`, newest first, the default, or `FORWARD`). It answers the events of the endpoint's
 * region. The answer: `{RequestId, StartTime, EndTime, NextToken, Events}`, each event in the
 * management event structure.
 */

/** The ActionTrail API version served. */
export const ACTIONTRAIL_API_VERSION = "2020-07-06";
/** The ActionTrail actions served. */
export const ACTIONTRAIL_ACTIONS: readonly string[] = ["LookupEvents"];
/** Default delivery delay of an event, in modelled ms: ActionTrail delivers events within minutes. */
export const DEFAULT_ACTIONTRAIL_DELAY_MS = 5 * 60 * 1000;
/** Events kept (ActionTrail keeps 90 days of events). */
export const RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** The errors LookupEvents answers besides the gateway's. */
export const ACTIONTRAIL_ERRORS = {
    /** RAM denies `actiontrail:LookupEvents` (scripted fault `{"action": "LookupEvents", "code": "NoPermission"}`). */
    NoPermission: ACTIONTRAIL.NoPermission,
    InvalidParameter: COMMON.InvalidParameterNamed,
    InternalError: COMMON.InternalError,
} as const;

/** Keys `LookupAttribute.N.Key` accepts. */
export const LOOKUP_KEYS = [
    "ServiceName",
    "EventName",
    "User",
    "EventId",
    "ResourceType",
    "ResourceName",
    "EventRW",
    "EventAccessKeyId",
    "SensitiveAction",
    "SourceIpAddress",
    "EventType",
    "RoleName",
] as const;

/** Whether an RPC request is addressed to ActionTrail (by its API version). */
export function isActionTrailRequest(rpc: RpcRequest): boolean {
    return rpc.params.get("Version") === ACTIONTRAIL_API_VERSION || rpc.raw.headers["x-acs-version"] === ACTIONTRAIL_API_VERSION;
}

/** An ActionTrail error body, with ActionTrail's host id. */
export function actionTrailErrorResponse(format: "JSON" | "XML", err: AlicloudError, requestId: string, regionId: string): EmulatorResponse {
    const body = {
        RequestId: requestId,
        HostId: `actiontrail.${regionId}.aliyuncs.com`,
        Code: err.code,
        Message: err.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=Actiontrail&requestId=${requestId}`,
    };
    const response = render(format, "Error", err.status, body, requestId);
    if (err.retryAfterMs !== undefined) response.headers = { ...response.headers, "x-acs-retry-after": String(Math.max(1, Math.ceil(err.retryAfterMs))) };
    return response;
}

/** Who made a call, as `userIdentity` shows it. */
export interface Caller {
    accessKeyId: string;
    accountId: string;
    /** The role session of an STS key issued by the emulator, if it is one. */
    session?: { roleName: string; sessionName: string };
}

/** One call to record. */
export interface CallToRecord {
    /** `Ecs` or `Actiontrail`. */
    serviceName: string;
    apiVersion: string;
    action: string;
    regionId: string;
    requestId: string;
    /** When the call arrived (epoch ms). */
    at: number;
    params: ReadonlyMap<string, string>;
    caller: Caller;
    userAgent: string;
    sourceIp: string;
    /** The business error answered, if any. */
    error?: { code: string; message: string };
}

/** A recorded event and its delivery. */
interface StoredEvent {
    event: Record<string, unknown>;
    /** Epoch ms of the call. */
    at: number;
    delivered: boolean;
}

/** Parameters whose values are secrets: never in an event (masked). */
const SECRET_PARAMS = new Set(["Password", "UserData", "RemoteConnectionOptions.Password", "SecurityToken", "OIDCToken"]);
/** Parameters ActionTrail shows typed as booleans / numbers (as the references type them). */
const BOOLEAN_PARAMS = new Set([
    "ForceStop",
    "DryRun",
    "ConfirmStop",
    "InitLocalDisk",
    "AutoStartInstance",
    "DeletionProtection",
    "Recyclable",
    "EnableJumboFrame",
    "EnableNetworkEncryption",
    "All",
    "ServiceManaged",
]);
const NUMBER_PARAMS = new Set(["PageNumber", "PageSize", "MaxResults"]);

/** ECS resource types by the parameters naming them. */
function referencedResources(action: string, p: ReadonlyMap<string, string>): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    const add = (type: string, id: string): void => {
        const ids = (out[type] ??= []);
        if (!ids.includes(id)) ids.push(id);
    };
    const json = (name: string): string[] => {
        try {
            const v: unknown = JSON.parse(p.get(name) ?? "[]");
            return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
        } catch {
            return [];
        }
    };
    const instanceId = p.get("InstanceId");
    if (instanceId) add("ACS::ECS::Instance", instanceId);
    for (const id of json("InstanceIds")) add("ACS::ECS::Instance", id);
    const diskId = p.get("DiskId");
    if (diskId) add("ACS::ECS::Disk", diskId);
    for (const id of json("DiskIds")) add("ACS::ECS::Disk", id);
    if (/^(Tag|Untag|ListTag)Resources$/.test(action)) {
        const type = p.get("ResourceType") === "disk" ? "ACS::ECS::Disk" : "ACS::ECS::Instance";
        for (const [k, v] of p) if (/^ResourceId\.\d+$/.test(k)) add(type, v);
    }
    return out;
}

function typed(name: string, value: string): unknown {
    if (BOOLEAN_PARAMS.has(name) && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
    if (NUMBER_PARAMS.has(name) && /^\d{1,9}$/.test(value)) return Number(value);
    return value;
}

/** `YYYY-MM-DDThh:mm:ssZ`, as ActionTrail writes times. */
export function trailTime(ms: number): string {
    return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The management event of a call (ActionTrail's "Management event structure"). */
export function buildEvent(c: CallToRecord): Record<string, unknown> {
    const host = c.serviceName === "Ecs" ? `ecs.${c.regionId}.aliyuncs.com` : `actiontrail.${c.regionId}.aliyuncs.com`;
    const requestParameters: Record<string, unknown> = {};
    for (const [k, v] of c.params) {
        if (ENVELOPE_PARAMS.has(k) || k === "SecurityToken") continue;
        requestParameters[k] = SECRET_PARAMS.has(k) ? "******" : typed(k, v);
    }
    Object.assign(requestParameters, { AcsHost: host, AcsProduct: c.serviceName, RequestId: c.requestId, RegionId: c.params.get("RegionId") ?? c.regionId });
    const resources = referencedResources(c.action, c.params);
    const types = Object.keys(resources);
    const identity: Record<string, unknown> = c.caller.session
        ? {
              type: "assumed-role",
              principalId: `3${createHash("sha256").update(c.caller.session.roleName).digest("hex").replace(/[a-f]/g, "").slice(0, 16).padEnd(16, "0")}:${c.caller.session.sessionName}`,
              accountId: c.caller.accountId,
              accessKeyId: c.caller.accessKeyId,
              userName: `${c.caller.session.roleName}:${c.caller.session.sessionName}`,
              sessionContext: { attributes: { mfaAuthenticated: "false", creationDate: trailTime(c.at) } },
          }
        : { type: "root-account", principalId: c.caller.accountId, accountId: c.caller.accountId, accessKeyId: c.caller.accessKeyId, userName: "root" };
    return {
        eventId: c.requestId,
        eventVersion: 1,
        eventCategory: "Management",
        eventType: "ApiCall",
        eventName: c.action,
        eventRW: /^(Describe|List|Get|Lookup)/.test(c.action) ? "Read" : "Write",
        eventSource: host,
        eventTime: trailTime(c.at),
        acsRegion: c.regionId,
        isGlobal: false,
        serviceName: c.serviceName,
        apiVersion: c.apiVersion,
        requestId: c.requestId,
        requestParameters,
        referencedResources: resources,
        resourceType: types.join(";"),
        resourceName: types.flatMap((t) => resources[t]).join(";"),
        sourceIpAddress: c.sourceIp,
        userAgent: c.userAgent,
        userIdentity: identity,
        additionalEventData: { Scheme: "http" },
        ...(c.error !== undefined ? { errorCode: c.error.code, errorMessage: c.error.message } : {}),
    };
}

const section = z
    .object({
        /** Delivery delay of every event, modelled ms (overrides the emulator option). */
        deliveryDelayMs: z.number().min(0).optional(),
    })
    .strict();

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** What a NextToken carries: the event the next page starts after, and the query it belongs to. */
interface Token {
    after: string;
    query: string;
}

/** The trail: events recorded, delivered after the delay, and looked up. */
export class ActionTrail {
    private events: StoredEvent[] = [];
    private delayMs: number;
    private generation = 0;

    /**
     * @param clock the emulator clock (delivery runs on it: scaled, held by a clock hold)
     * @param defaultDelayMs the emulator option's delivery delay (modelled ms)
     */
    constructor(
        private readonly clock: Clock,
        private readonly defaultDelayMs: number = DEFAULT_ACTIONTRAIL_DELAY_MS,
    ) {
        if (!(defaultDelayMs >= 0) || !Number.isFinite(defaultDelayMs)) throw new Error(`actionTrailDelayMs must be a number ≥ 0, got ${defaultDelayMs}`);
        this.delayMs = defaultDelayMs;
    }

    /** Reloads from the fixture's `alicloud.actionTrail` key (absent: the emulator option): no event. */
    load(raw: unknown): void {
        const parsed = section.safeParse(raw ?? {});
        if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new Error(`alicloud fixture: actionTrail.${issue.path.join(".")}: ${issue.message}`);
        }
        this.delayMs = parsed.data.deliveryDelayMs ?? this.defaultDelayMs;
        this.events = [];
        this.generation++;
    }

    /** Records a call; it becomes visible to LookupEvents after the delivery delay. */
    record(call: CallToRecord): void {
        const stored: StoredEvent = { event: buildEvent(call), at: call.at, delivered: false };
        this.events.push(stored);
        this.schedule(stored);
    }

    private schedule(stored: StoredEvent): void {
        const generation = this.generation;
        const deliver = (): void => {
            if (this.generation === generation) stored.delivered = true;
        };
        if (this.delayMs === 0) deliver();
        else this.clock.deliverAfter(this.delayMs, deliver);
    }

    /** The LookupEvents answer body (without RequestId) for the events of `regionId`. */
    lookup(p: Params, regionId: string): Record<string, unknown> {
        const now = this.clock.now();
        const start = p.str("StartTime");
        const end = p.str("EndTime");
        if (start !== undefined && end === undefined) fail(ACTIONTRAIL_ERRORS.InvalidParameter, "EndTime");
        if (end !== undefined && start === undefined) fail(ACTIONTRAIL_ERRORS.InvalidParameter, "StartTime");
        if (start !== undefined && !TIME.test(start)) fail(ACTIONTRAIL_ERRORS.InvalidParameter, "StartTime");
        if (end !== undefined && !TIME.test(end)) fail(ACTIONTRAIL_ERRORS.InvalidParameter, "EndTime");
        const from = start !== undefined ? Date.parse(start) : Math.floor((now - 7 * 24 * 3600 * 1000) / 1000) * 1000;
        const to = end !== undefined ? Date.parse(end) : Math.floor(now / 1000) * 1000;
        if (from > to) fail(ACTIONTRAIL_ERRORS.InvalidParameter, "StartTime");
        const max = p.int("MaxResults", ACTIONTRAIL_ERRORS.InvalidParameter) ?? 20;
        if (max < 1 || max > 50) fail(ACTIONTRAIL_ERRORS.InvalidParameter, "MaxResults");
        const direction = p.oneOf("Direction", ["FORWARD", "BACKWARD"] as const, ACTIONTRAIL_ERRORS.InvalidParameter) ?? "BACKWARD";
        const conditions = this.conditions(p);
        const query = createHash("sha256")
            .update(JSON.stringify([regionId, start ?? null, end ?? null, direction, conditions]))
            .digest("hex")
            .slice(0, 16);

        let matching = this.events
            .filter((s) => s.delivered && now - s.at <= RETENTION_MS)
            .filter((s) => s.event.acsRegion === regionId && s.at >= from && s.at < to + 1000)
            .filter((s) => conditions.every(([k, v]) => matches(s.event, k, v)));
        if (direction === "BACKWARD") matching = [...matching].reverse();
        const tokenText = p.str("NextToken") ?? "";
        if (tokenText !== "") {
            const token = decodeToken(tokenText);
            const at = token === undefined || token.query !== query ? -1 : matching.findIndex((s) => s.event.eventId === token.after);
            if (at < 0) fail(ACTIONTRAIL_ERRORS.InvalidParameter, "NextToken");
            matching = matching.slice(at + 1);
        }
        const page = matching.slice(0, max);
        const more = matching.length > max;
        return {
            StartTime: trailTime(from),
            EndTime: trailTime(to),
            NextToken: more ? encodeToken({ after: String(page[page.length - 1].event.eventId), query }) : "",
            Events: page.map((s) => structuredClone(s.event)),
        };
    }

    /** The lookup conditions in effect: the first two, a key repeated keeps its last value. */
    private conditions(p: Params): [string, string][] {
        const keys = new Map<number, { key?: string; value?: string }>();
        for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
            const key = p.str(`LookupAttribute.${n}.Key`);
            const value = p.str(`LookupAttribute.${n}.Value`);
            if (key !== undefined || value !== undefined) keys.set(n, { key, value });
        }
        const firstTwo = [...keys.entries()].sort(([a], [b]) => a - b).slice(0, 2);
        const out = new Map<string, string>();
        for (const [n, { key, value }] of firstTwo) {
            if (key === undefined || !(LOOKUP_KEYS as readonly string[]).includes(key)) fail(ACTIONTRAIL_ERRORS.InvalidParameter, `LookupAttribute.${n}.Key`);
            if (value === undefined || value === "") fail(ACTIONTRAIL_ERRORS.InvalidParameter, `LookupAttribute.${n}.Value`);
            out.set(key, value);
        }
        return [...out.entries()];
    }

    /** The trail for the state dump: the delay and every event with its delivery. */
    state(): Record<string, unknown> {
        return { deliveryDelayMs: this.delayMs, events: this.events.map((s) => ({ delivered: s.delivered, event: s.event })) };
    }

    /** The events for the state file. */
    snapshot(): { deliveryDelayMs: number; events: StoredEvent[] } {
        return { deliveryDelayMs: this.delayMs, events: this.events };
    }

    /** Loads saved events; those not yet delivered are delivered a full delay after the restart. */
    restore(saved: { deliveryDelayMs: number; events: StoredEvent[] } | undefined): void {
        this.generation++;
        this.delayMs = saved?.deliveryDelayMs ?? this.defaultDelayMs;
        this.events = structuredClone(saved?.events ?? []);
        for (const s of this.events) if (!s.delivered) this.schedule(s);
    }
}

function matches(event: Record<string, unknown>, key: string, value: string): boolean {
    const identity = event.userIdentity as Record<string, unknown>;
    const resources = event.referencedResources as Record<string, string[]>;
    switch (key) {
        case "ServiceName":
            return event.serviceName === value;
        case "EventName":
            return event.eventName === value;
        case "EventId":
            return event.eventId === value;
        case "EventRW":
            return event.eventRW === value;
        case "EventType":
            return event.eventType === value;
        case "EventAccessKeyId":
            return identity.accessKeyId === value;
        case "User":
            return identity.userName === value;
        case "RoleName":
            return identity.type === "assumed-role" && String(identity.userName).split(":")[0] === value;
        case "SourceIpAddress":
            return event.sourceIpAddress === value;
        case "ResourceType":
            return value in resources;
        case "ResourceName":
            return Object.values(resources).some((ids) => ids.includes(value));
        default:
            // SensitiveAction: no modelled event is a sensitive action.
            return value === "false";
    }
}

function encodeToken(t: Token): string {
    return Buffer.from(JSON.stringify(t)).toString("base64");
}

function decodeToken(s: string): Token | undefined {
    try {
        const v = JSON.parse(Buffer.from(s, "base64").toString("utf8")) as Partial<Token>;
        return typeof v.after === "string" && typeof v.query === "string" ? { after: v.after, query: v.query } : undefined;
    } catch {
        return undefined;
    }
}
