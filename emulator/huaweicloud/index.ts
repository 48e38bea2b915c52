import { CloudBackend, EmulatorContext, EmulatorRequest, EmulatorResponse } from "../core/backend";
import { CallRecord } from "../core/call-log";
import { ECS_ERRORS, GATEWAY_ERRORS, HuaweiApiError, apiError } from "./errors";
import { parseHuaweiSection } from "./fixture-schema";
import { CredentialRecord, HuaweiWorld } from "./models";
import { novaRequestId } from "./models-actions";
import { parseReinstallBody } from "./models-reinstall";
import { HuaweiSnapshot, noteReinstall, restoreHuawei, snapshotHuawei } from "./persist";
import { matchRoute } from "./routes";
import { HuaweiIdentity, IamError, iamErrorResponse } from "./iam";
import { errorResponse, header, jsonBody, newRequestId, okResponse, signedParts } from "./wire";
import { authenticate } from "./wire-signature";

/** Operation name recorded for a request that matches no API (answered `APIGW.0101`). */
export const UNKNOWN_OPERATION = "UnknownOperation";

/**
 * Checks the project of the request against the credential: an `X-Project-Id` must be one of the
 * account's projects (else `APIGW.0301`), and the project id in the path must be that header's
 * value, or one of the account's projects when the header is absent (else `Ecs.0023`).
 */
function authorizeProject(req: EmulatorRequest, credential: CredentialRecord, pathProject: string): void {
    const headerProject = header(req, "x-project-id");
    if (headerProject !== undefined && !credential.projectIds.includes(headerProject)) {
        throw apiError(GATEWAY_ERRORS.iamAuth, `the project ${headerProject} in X-Project-Id does not belong to the AK's account`);
    }
    const allowed = headerProject !== undefined ? pathProject === headerProject : credential.projectIds.includes(pathProject);
    if (!allowed) throw apiError(ECS_ERRORS.projectMismatch);
}

/**
 * The Huawei Cloud ECS front end: gateway (route match, SDK-HMAC-SHA256, project, injected
 * faults), then the ECS operation. Records exactly one call per request.
 */
export function createHuaweicloudBackend(ctx: EmulatorContext): CloudBackend {
    const world = new HuaweiWorld(ctx.clock, ctx.settleMs);
    // IAM and the metadata security key (iam.ts): the keys they issue are accepted until they expire.
    const identity = new HuaweiIdentity(
        () => ctx.clock.now(),
        (ak) => world.credentials.get(ak),
        () => [...new Set([...world.credentials.values()].flatMap((c) => c.projectIds))],
    );

    async function serveIdentity(req: EmulatorRequest, requestId: string, call: CallRecord): Promise<EmulatorResponse> {
        call.action = req.url.pathname.startsWith("/openstack/") ? "MetadataSecurityKey" : "IAM";
        try {
            const { operation, response, params } = identity.serve(req);
            call.action = operation;
            if (params !== undefined) call.params = params;
            return { ...response, headers: { ...(response.headers ?? {}), "X-Request-Id": requestId } };
        } catch (e) {
            if (e instanceof IamError) {
                call.code = String(e.status);
                return iamErrorResponse(requestId, e);
            }
            throw e;
        }
    }

    async function serve(req: EmulatorRequest, requestId: string, call: CallRecord): Promise<EmulatorResponse> {
        const matched = matchRoute(req);
        // A regional endpoint (`/<region>/v1/…`) exists only for the regions of the world's projects.
        const knownRegion = req.endpointRegion === undefined || [...world.projects.values()].some((p) => p.region === req.endpointRegion);
        if (!matched || !knownRegion) {
            throw apiError(GATEWAY_ERRORS.apiNotFound, `${req.method} ${req.url.pathname}`);
        }
        const { route, path } = matched;
        call.action = route.operation;
        call.params = route.logParams(req, path);
        const credential = authenticate(signedParts(req), (ak) => identity.lookup(ak), ctx.clock.now());
        authorizeProject(req, credential, path[0]);
        const latency = ctx.faults.latencyFor("huaweicloud", route.operation);
        if (latency > 0) await ctx.clock.sleepReal(latency);
        const decision = ctx.faults.decide("huaweicloud", route.operation, ctx.clock.now());
        if (decision.kind === "throttle") {
            const throttled = apiError(GATEWAY_ERRORS.throttled, "policy user over ratelimit");
            throttled.retryAfterMs = decision.retryAfterMs;
            throw throttled;
        }
        if (decision.kind === "error") {
            throw apiError(decision.status === 500 ? GATEWAY_ERRORS.internal : GATEWAY_ERRORS.unavailable);
        }
        world.scope = req.endpointRegion;
        // The jobs a call creates record its request id and caller in their instance actions (models-actions.ts).
        world.request = { requestId: novaRequestId(requestId), userId: credential.userId };
        let result: ReturnType<typeof route.handle>;
        try {
            result = route.handle(world, req, path[0], path);
        } finally {
            world.scope = undefined;
            world.request = undefined;
            // What the request changed becomes visible to server reads one settling delay from now.
            if (req.method !== "GET") world.commit();
        }
        if (route.operation.startsWith("ReinstallServer")) {
            const jobId = (result.body as { job_id?: string }).job_id;
            if (jobId !== undefined) noteReinstall(world, jobId, parseReinstallBody(req.url.pathname.startsWith("/v2/") ? "v2" : "v1", jsonBody(req)));
        }
        // Faults after acceptance: the operation took effect; only its answer is late or lost.
        const lateMs = ctx.faults.latencyFor("huaweicloud", route.operation, "after");
        if (lateMs > 0) await ctx.clock.sleepReal(lateMs);
        const late = ctx.faults.decide("huaweicloud", route.operation, ctx.clock.now(), "after");
        if (late.kind === "error") throw apiError(late.status === 500 ? GATEWAY_ERRORS.internal : GATEWAY_ERRORS.unavailable);
        return okResponse(requestId, result.body, result.status, result.headers);
    }

    return {
        cloud: "huaweicloud",
        // The root endpoint or a regional one (`/<region>/v1/…`, the prefix already stripped from `url`), and IAM.
        accepts: (req) => /^\/v(1|2|2\.1)\//.test(req.url.pathname) || HuaweiIdentity.accepts(req),
        handle: async (req) => {
            const requestId = newRequestId();
            const call: CallRecord = {
                cloud: "huaweicloud",
                action: UNKNOWN_OPERATION,
                status: 0,
                code: null,
                requestId,
                at: new Date(ctx.clock.now()).toISOString(),
            };
            let response: EmulatorResponse;
            try {
                response = HuaweiIdentity.accepts(req) ? await serveIdentity(req, requestId, call) : await serve(req, requestId, call);
            } catch (e) {
                if (!(e instanceof HuaweiApiError)) {
                    ctx.calls.record({ ...call, status: 500, code: "EmulatorFailure" });
                    throw e;
                }
                response = errorResponse(requestId, e);
                call.code = e.code;
            }
            call.status = response.status;
            ctx.calls.record(call);
            return response;
        },
        state: () => ({ ...(world.state() as Record<string, unknown>), identity: identity.state() }),
        snapshot: () => snapshotHuawei(world),
        restore: (saved) => restoreHuawei(world, saved as HuaweiSnapshot),
        reset: (section) => {
            // The identity world is its own key of the section, read by iam.ts.
            const { identity: identitySection, ...rest } = (section ?? {}) as Record<string, unknown>;
            const parsed = parseHuaweiSection(rest);
            identity.load(identitySection);
            world.load(parsed);
        },
    };
}
