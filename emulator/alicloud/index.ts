import { CloudBackend, EmulatorContext, EmulatorRequest, EmulatorResponse } from "../core/backend";
import {
    ACTIONTRAIL_ACTIONS,
    ACTIONTRAIL_API_VERSION,
    ActionTrail,
    actionTrailErrorResponse,
    Caller,
    DEFAULT_ACTIONTRAIL_DELAY_MS,
    isActionTrailRequest,
} from "./actiontrail";
import { Authenticator } from "./auth";
import { AlicloudError, COMMON, fail } from "./errors";
import { loadAlicloudSection } from "./fixture-section";
import { AlicloudModel } from "./models";
import { AlicloudSnapshot, noteAccepted, restoreAlicloud, snapshotAlicloud } from "./persist";
import { ROUTES } from "./routes";
import { AlibabaIdentity, isStsRequest, stsErrorResponse, stsLoggableParams } from "./sts";
import { checkEnvelope, ECS_API_VERSION, errorResponse, loggableParams, newRequestId, Params, parseRpcRequest, render, RpcRequest } from "./wire";
import { Credential } from "./model-types";

/** Options of the Alibaba front end. */
export interface AlicloudBackendOptions {
    /** ActionTrail's delivery delay in modelled ms (default 5 minutes); a fixture's `actionTrail.deliveryDelayMs` overrides it. */
    actionTrailDelayMs?: number;
}

/**
 * The Alibaba Cloud ECS front end: RPC requests on `/` (GET query or POST form), signed v1
 * (pop-core) or v3 (official clients). Per request: envelope → authentication → injected faults
 * → action, and exactly one call-log record.
 */
export function createAlicloudBackend(ctx: EmulatorContext, options: AlicloudBackendOptions = {}): CloudBackend {
    const model = new AlicloudModel(ctx.clock, ctx.settleMs);
    // ActionTrail (actiontrail.ts): the events of the calls served, delivered to LookupEvents after a delay.
    const trail = new ActionTrail(ctx.clock, options.actionTrailDelayMs ?? DEFAULT_ACTIONTRAIL_DELAY_MS);
    const auth = new Authenticator(() => ctx.clock.now());
    // STS and the instance metadata service (sts.ts): the credentials they issue join the ECS keys.
    const identity = new AlibabaIdentity(
        () => ctx.clock.now(),
        () => model.world.credentials,
    );

    /**
     * The region whose resources this request reaches: a regional endpoint (`/cn-shanghai/`) its own
     * region only; the root endpoint, like the central `ecs.aliyuncs.com`, the `RegionId` sent, else
     * the fixture's first region (cn-hangzhou by default).
     */
    function endpointScope(rpc: RpcRequest): string {
        const region = rpc.raw.endpointRegion;
        if (region !== undefined) {
            if (!model.world.regions.some((r) => r.regionId === region)) fail(COMMON.InvalidRegionIdNotFound);
            return region;
        }
        return rpc.params.get("RegionId") ?? model.world.regions[0].regionId;
    }

    function callerOf(credential: Credential): Caller {
        const session = identity.sessionOf(credential.accessKeyId);
        return { accessKeyId: credential.accessKeyId, accountId: identity.accountId, ...(session !== undefined ? { session } : {}) };
    }

    /** Records the call in ActionTrail: its action ran (and answered `error`, if it did). */
    function recordCall(
        rpc: RpcRequest,
        serviceName: string,
        apiVersion: string,
        regionId: string,
        requestId: string,
        at: number,
        credential: Credential,
        error?: AlicloudError,
    ): void {
        const ua = rpc.raw.headers["user-agent"];
        trail.record({
            serviceName,
            apiVersion,
            action: rpc.action,
            regionId,
            requestId,
            at,
            params: rpc.params,
            caller: callerOf(credential),
            userAgent: (Array.isArray(ua) ? ua[0] : ua) ?? "",
            sourceIp: "127.0.0.1",
            ...(error !== undefined ? { error: { code: error.code, message: error.message } } : {}),
        });
    }

    /** LookupEvents (ActionTrail 2020-07-06): authentication, injected faults, scripted faults (RAM denial), then the lookup. */
    async function serveActionTrail(rpc: RpcRequest, requestId: string, at: number): Promise<EmulatorResponse> {
        if (rpc.method !== "GET" && rpc.method !== "POST") fail(COMMON.UnsupportedHTTPMethod);
        if (rpc.action === "") fail(COMMON.MissingParameter, "Action");
        if (!ACTIONTRAIL_ACTIONS.includes(rpc.action)) fail(COMMON.InvalidActionNotFound);
        const credential = auth.authenticate(rpc, model.world.credentials);
        const latency = ctx.faults.latencyFor("alicloud", rpc.action);
        if (latency > 0) await ctx.clock.sleepReal(latency);
        const decision = ctx.faults.decide("alicloud", rpc.action, ctx.clock.now());
        if (decision.kind === "throttle") {
            const throttled = new AlicloudError(COMMON.ThrottlingUser);
            throttled.retryAfterMs = decision.retryAfterMs;
            throw throttled;
        }
        if (decision.kind === "error") fail(decision.status === 503 ? COMMON.ServiceUnavailable : COMMON.InternalError);
        const regionId = endpointScope(rpc);
        if (!model.world.regions.some((r) => r.regionId === regionId)) fail(COMMON.InvalidRegionIdNotFound);
        let body: Record<string, unknown>;
        try {
            model.scriptedFault("LookupEvents", {});
            body = trail.lookup(new Params(rpc.params), regionId);
        } catch (e) {
            if (e instanceof AlicloudError) recordCall(rpc, "Actiontrail", ACTIONTRAIL_API_VERSION, regionId, requestId, at, credential, e);
            throw e;
        }
        recordCall(rpc, "Actiontrail", ACTIONTRAIL_API_VERSION, regionId, requestId, at, credential);
        const lateMs = ctx.faults.latencyFor("alicloud", rpc.action, "after");
        if (lateMs > 0) await ctx.clock.sleepReal(lateMs);
        const late = ctx.faults.decide("alicloud", rpc.action, ctx.clock.now(), "after");
        if (late.kind === "error") fail(late.status === 503 ? COMMON.ServiceUnavailable : COMMON.InternalError);
        return render(rpc.format, "LookupEventsResponse", 200, { RequestId: requestId, ...body }, requestId);
    }

    async function serve(rpc: RpcRequest, requestId: string, at: number): Promise<EmulatorResponse> {
        checkEnvelope(rpc);
        const handler = ROUTES[rpc.action];
        if (!handler) fail(COMMON.InvalidActionNotFound);
        const credential = auth.authenticate(rpc, model.world.credentials);
        const latency = ctx.faults.latencyFor("alicloud", rpc.action);
        if (latency > 0) await ctx.clock.sleepReal(latency);
        const decision = ctx.faults.decide("alicloud", rpc.action, ctx.clock.now());
        if (decision.kind === "throttle") {
            const throttled = new AlicloudError(COMMON.ThrottlingUser);
            throttled.retryAfterMs = decision.retryAfterMs;
            throw throttled;
        }
        if (decision.kind === "error") fail(decision.status === 503 ? COMMON.ServiceUnavailable : COMMON.InternalError);
        const regionId = endpointScope(rpc);
        model.scope = regionId;
        let body: Record<string, unknown>;
        try {
            body = handler({ params: new Params(rpc.params), model, credential });
        } catch (e) {
            // The action ran and answered an error: ActionTrail records it, with its code.
            if (e instanceof AlicloudError) recordCall(rpc, "Ecs", ECS_API_VERSION, regionId, requestId, at, credential, e);
            throw e;
        } finally {
            model.scope = undefined;
            // What the action changed becomes visible to Describe calls one settling delay from now.
            if (!rpc.action.startsWith("Describe")) model.commit();
        }
        noteAccepted(model, rpc.action, rpc.params);
        recordCall(rpc, "Ecs", ECS_API_VERSION, regionId, requestId, at, credential);
        // Faults after acceptance: the action took effect; only its answer is late or lost.
        const lateMs = ctx.faults.latencyFor("alicloud", rpc.action, "after");
        if (lateMs > 0) await ctx.clock.sleepReal(lateMs);
        const late = ctx.faults.decide("alicloud", rpc.action, ctx.clock.now(), "after");
        if (late.kind === "error") fail(late.status === 503 ? COMMON.ServiceUnavailable : COMMON.InternalError);
        return render(rpc.format, `${rpc.action}Response`, 200, { RequestId: requestId, ...body }, requestId);
    }

    return {
        cloud: "alicloud",
        // The root or a regional endpoint (`/<region>/`), and the metadata service (`/latest/`).
        accepts: (req: EmulatorRequest) => req.url.pathname === "/" || req.url.pathname.startsWith("/latest/"),
        async handle(req: EmulatorRequest): Promise<EmulatorResponse> {
            const requestId = newRequestId();
            const at = new Date(ctx.clock.now()).toISOString();
            if (req.url.pathname.startsWith("/latest/")) {
                const { action, response } = identity.metadata(req.method, req.url.pathname, req.headers);
                ctx.calls.record({ cloud: "alicloud", action, status: response.status, code: null, requestId, at, params: {} });
                return response;
            }
            const rpc = parseRpcRequest(req);
            if (isActionTrailRequest(rpc)) {
                let response: EmulatorResponse;
                let code: string | null = null;
                try {
                    response = await serveActionTrail(rpc, requestId, Date.parse(at));
                } catch (e) {
                    const err = e instanceof AlicloudError ? e : new AlicloudError(COMMON.InternalError);
                    code = err.code;
                    response = actionTrailErrorResponse(rpc.format, err, requestId, req.endpointRegion ?? rpc.params.get("RegionId") ?? "cn-hangzhou");
                }
                ctx.calls.record({ cloud: "alicloud", action: rpc.action, status: response.status, code, requestId, at, params: loggableParams(rpc) });
                return response;
            }
            if (isStsRequest(rpc)) {
                let response: EmulatorResponse;
                let code: string | null = null;
                try {
                    response = render(rpc.format, `${rpc.action}Response`, 200, { RequestId: requestId, ...identity.serve(rpc, auth) }, requestId);
                } catch (e) {
                    const err = e instanceof AlicloudError ? e : new AlicloudError(COMMON.InternalError);
                    code = err.code;
                    response = stsErrorResponse(rpc.format, err, requestId);
                }
                ctx.calls.record({ cloud: "alicloud", action: rpc.action, status: response.status, code, requestId, at, params: stsLoggableParams(rpc) });
                return response;
            }
            let response: EmulatorResponse;
            let code: string | null = null;
            try {
                response = await serve(rpc, requestId, Date.parse(at));
            } catch (e) {
                // An exception that is not an API error is an emulator bug: answer it as InternalError, visibly.
                const err = e instanceof AlicloudError ? e : new AlicloudError(COMMON.InternalError);
                if (!(e instanceof AlicloudError)) Object.defineProperty(err, "message", { value: `${err.message} (emulator bug: ${(e as Error).message})` });
                code = err.code;
                response = errorResponse(rpc.format, err, requestId, rpc.params.get("RegionId"));
            }
            ctx.calls.record({ cloud: "alicloud", action: rpc.action, status: response.status, code, requestId, at, params: loggableParams(rpc) });
            return response;
        },
        state: () => ({ ...(model.state() as Record<string, unknown>), identity: identity.state(), actionTrail: trail.state() }),
        snapshot: () => ({ ...snapshotAlicloud(model), actionTrail: trail.snapshot() }),
        restore(saved: unknown): void {
            auth.reset();
            restoreAlicloud(model, saved as AlicloudSnapshot);
            trail.restore((saved as { actionTrail?: Parameters<typeof trail.restore>[0] }).actionTrail);
        },
        reset(section: unknown): void {
            // The identity world and the trail's settings are their own keys of the section, read by sts.ts and actiontrail.ts.
            const { identity: identitySection, actionTrail: trailSection, ...rest } = (section ?? {}) as Record<string, unknown>;
            const world = loadAlicloudSection(rest);
            identity.load(identitySection);
            trail.load(trailSection);
            auth.reset();
            model.load(world);
        },
    };
}
