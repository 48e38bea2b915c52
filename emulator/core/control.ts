import { EmulatorRequest, EmulatorResponse } from "./backend";
import { parseFaultConfig } from "./faults";
import { Fixture } from "./fixture";
import { World } from "./world";

/** Path prefix of the control API; real clients never use it. */
export const CONTROL_PREFIX = "/_emulator/";

function ok(body: unknown): EmulatorResponse {
    return { status: 200, body };
}

function bad(status: number, message: string): EmulatorResponse {
    return { status, body: { error: message } };
}

function parseJson(req: EmulatorRequest): unknown {
    const text = req.rawBody.toString("utf8").trim();
    return text === "" ? {} : JSON.parse(text);
}

function clockView(world: World): { held: boolean; pendingTransitions: number } {
    return { held: world.ctx.clock.held, pendingTransitions: world.ctx.clock.pendingTransitions };
}

/**
 * Serves the control API:
 * - `GET /_emulator/calls`, `DELETE /_emulator/calls`: the call log;
 * - `GET|POST /_emulator/faults`: injected throttling, 5xx and latency;
 * - `GET|POST /_emulator/clock`: hold every modelled transition (`{"hold": true}`) or let them run (`{"hold": false}`);
 * - `GET /_emulator/state`: the whole world;
 * - `POST /_emulator/reset`: reload the fixture (or the fixture in the body), clear calls and faults;
 * - `GET /_emulator/health`.
 */
export function handleControl(world: World, req: EmulatorRequest): EmulatorResponse {
    const route = `${req.method} ${req.url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, "")}`;
    try {
        switch (route) {
            case "GET health":
                return ok({ ok: true });
            case "GET calls":
                return ok({ calls: world.ctx.calls.list() });
            case "DELETE calls":
                world.ctx.calls.clear();
                return ok({ calls: [] });
            case "GET faults":
                return ok({ faults: world.ctx.faults.current() });
            case "POST faults":
                world.ctx.faults.configure(parseFaultConfig(parseJson(req)));
                return ok({ faults: world.ctx.faults.current() });
            case "GET clock":
                return ok(clockView(world));
            case "POST clock": {
                const body = parseJson(req) as { hold?: unknown };
                const keys = Object.keys(body as object);
                if (typeof body.hold !== "boolean" || keys.length !== 1) return bad(400, 'clock: the body must be {"hold": true} or {"hold": false}');
                if (body.hold) world.ctx.clock.hold();
                else world.ctx.clock.release();
                return ok(clockView(world));
            }
            case "GET state":
                return ok(world.state());
            case "POST reset": {
                const body = parseJson(req) as Fixture;
                world.reset(Object.keys(body).length === 0 ? undefined : body);
                return ok({ reset: true });
            }
            default:
                return bad(404, `unknown control route ${route}`);
        }
    } catch (e) {
        return bad(400, (e as Error).message);
    }
}
