import { IncomingHttpHeaders } from "http";
import { CallLog, CloudName } from "./call-log";
import { Clock } from "./clock";
import { FaultInjector } from "./faults";

/** A request as read by the HTTP server, before any cloud-specific parsing. */
export interface EmulatorRequest {
    method: string;
    /**
     * Parsed URL (path and query) of the request, without the regional prefix: `/cn-hangzhou/` is
     * the Alibaba endpoint of cn-hangzhou and reads as `/`, `/cn-north-4/v1/…` as `/v1/…`.
     */
    url: URL;
    /** The region of the endpoint the request was sent to (its path prefix), or undefined for the root endpoint. */
    endpointRegion?: string;
    /** Raw path and query exactly as sent (signatures are computed over it). */
    rawUrl: string;
    headers: IncomingHttpHeaders;
    rawBody: Buffer;
}

/** What a cloud front end answers; a non-string body is sent as JSON. */
export interface EmulatorResponse {
    status: number;
    headers?: Record<string, string>;
    body: unknown;
}

/** Shared services every cloud front end uses. */
export interface EmulatorContext {
    clock: Clock;
    faults: FaultInjector;
    calls: CallLog;
    /**
     * Settling delay in modelled ms (scaled by the clock): Describe-style reads show the state of
     * that long ago, so an action's effect becomes visible only after it. 0 = reads are live.
     */
    settleMs: number;
}

/**
 * One emulated cloud: its wire protocol, models and errors. The server hands it every
 * request it `accepts`; the backend authenticates, consults `ctx.faults`, applies latency,
 * runs the action and records exactly one entry in `ctx.calls` per request.
 */
export interface CloudBackend {
    readonly cloud: CloudName;
    /** Whether this request is addressed to this cloud (by path and shape). */
    accepts(req: EmulatorRequest): boolean;
    /** Serves one request. Never throws for client errors: they are answered in the cloud's error shape. */
    handle(req: EmulatorRequest): Promise<EmulatorResponse>;
    /** A JSON view of this cloud's world, for `GET /_emulator/state`. */
    state(): unknown;
    /** Reloads the world from this cloud's fixture section (`POST /_emulator/reset`). */
    reset(section: unknown): void;
    /** The world and the operations under way, as JSON, for the state file (`--state-file`). */
    snapshot?(): unknown;
    /** Loads what `snapshot` returned, carrying on the operations that were under way. */
    restore?(saved: unknown): void;
}

/** Builds a backend over the shared context; the world then calls `reset` with its fixture section. */
export type BackendFactory = (ctx: EmulatorContext) => CloudBackend;
