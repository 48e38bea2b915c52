import { CloudBackend, EmulatorContext, EmulatorRequest, EmulatorResponse } from "../core/backend";
import { Authenticator } from "./auth";
import { AlicloudError, COMMON, fail } from "./errors";
import { loadAlicloudSection } from "./fixture-section";
import { AlicloudModel } from "./models";
import { ROUTES } from "./routes";
import { checkEnvelope, errorResponse, loggableParams, newRequestId, Params, parseRpcRequest, render, RpcRequest } from "./wire";

/**
 * The Alibaba Cloud ECS front end: RPC requests on `/` (GET query or POST form), signed v1
 * (pop-core) or v3 (official clients). Per request: envelope → authentication → injected faults
 * → action, and exactly one call-log record.
 */
export function createAlicloudBackend(ctx: EmulatorContext): CloudBackend {
    const model = new AlicloudModel(ctx.clock);
    const auth = new Authenticator(() => ctx.clock.now());

    async function serve(rpc: RpcRequest, requestId: string): Promise<EmulatorResponse> {
        checkEnvelope(rpc);
        const handler = ROUTES[rpc.action];
        if (!handler) fail(COMMON.InvalidActionNotFound);
        const credential = auth.authenticate(rpc, model.world.credentials);
        const latency = ctx.faults.latencyFor("alicloud", rpc.action);
        if (latency > 0) await ctx.clock.sleepReal(latency);
        const decision = ctx.faults.decide("alicloud", rpc.action, ctx.clock.now());
        if (decision.kind === "throttle") fail(COMMON.ThrottlingUser);
        if (decision.kind === "error") fail(decision.status === 503 ? COMMON.ServiceUnavailable : COMMON.InternalError);
        const body = handler({ params: new Params(rpc.params), model, credential });
        return render(rpc.format, `${rpc.action}Response`, 200, { RequestId: requestId, ...body }, requestId);
    }

    return {
        cloud: "alicloud",
        accepts: (req: EmulatorRequest) => req.url.pathname === "/",
        async handle(req: EmulatorRequest): Promise<EmulatorResponse> {
            const requestId = newRequestId();
            const at = new Date(ctx.clock.now()).toISOString();
            const rpc = parseRpcRequest(req);
            let response: EmulatorResponse;
            let code: string | null = null;
            try {
                response = await serve(rpc, requestId);
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
        state: () => model.state(),
        reset(section: unknown): void {
            auth.reset();
            model.load(loadAlicloudSection(section));
        },
    };
}
