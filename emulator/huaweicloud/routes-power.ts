import { EmulatorRequest } from "../core/backend";
import { acceptPowerAction, parsePowerBody, POWER_OPERATIONS, PowerAction, powerActionOf } from "./models-power";
import type { Route } from "./routes";
import { jsonBody, tryJson } from "./wire";

/**
 * The batch power actions, `POST /v1/{project_id}/cloudservers/action`: the body's key tells
 * BatchRebootServers (`reboot`), BatchStopServers (`os-stop`) and BatchStartServers (`os-start`)
 * apart; a body with none of them is answered by BatchRebootServers' rules (`Ecs.0005`). The rules
 * and transitions are in models-power.ts.
 */

function powerRoute(action: PowerAction): Route {
    return {
        method: "POST",
        pattern: /^\/v1\/([^/]+)\/cloudservers\/action$/,
        operation: POWER_OPERATIONS[action],
        matches: (req: EmulatorRequest) => {
            const asked = powerActionOf(tryJson(req));
            return asked === action || (action === "reboot" && asked === undefined);
        },
        logParams: (req) => {
            const body = tryJson(req);
            return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
        },
        handle: (world, req, projectId) => {
            const job = acceptPowerAction(world, projectId, parsePowerBody(action, jsonBody(req)));
            return { status: 200, body: { job_id: job.jobId } };
        },
    };
}

/** The power routes, appended to the route table (the reboot route last: it answers unknown bodies). */
export const POWER_ROUTES: Route[] = [powerRoute("stop"), powerRoute("start"), powerRoute("reboot")];
