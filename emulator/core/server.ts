import * as http from "http";
import { AddressInfo } from "net";
import { EmulatorRequest } from "./backend";
import { CONTROL_PREFIX, handleControl } from "./control";
import { readBody, send } from "./http-io";
import { World } from "./world";

function isLoopback(address: string | undefined): boolean {
    return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1" || (address ?? "").startsWith("127.");
}

/** A region id as the first path segment: `cn-hangzhou`, `ap-southeast-1`, `cn-north-4`. */
const REGION_SEGMENT = /^\/([a-z]{2,}(?:-[a-z0-9]+)+)(\/.*)?$/;

/**
 * Regional endpoints: a path starting with a region id (`/cn-shanghai/`, `/cn-north-4/v1/…`) is
 * that region's endpoint. Strips the prefix from `url` (the raw URL, which signatures cover, is
 * left alone) and returns the region.
 */
function splitRegionalPrefix(url: URL): string | undefined {
    const m = REGION_SEGMENT.exec(url.pathname);
    if (!m) return undefined;
    url.pathname = m[2] ?? "/";
    return m[1];
}

/** A running emulator HTTP server. */
export interface RunningServer {
    url: string;
    port: number;
    close(): Promise<void>;
}

/**
 * Serves both clouds and the control API on one loopback port. A request goes to the
 * first backend that accepts it (Alibaba RPC on `/`, Huawei REST on `/v1/…` and `/v2/…`).
 */
export function serve(world: World, port: number): Promise<RunningServer> {
    const server = http.createServer(async (req, res) => {
        try {
            const rawUrl = req.url ?? "/";
            const rawBody = await readBody(req);
            const url = new URL(rawUrl, "http://emulator.invalid");
            const endpointRegion = splitRegionalPrefix(url);
            const request: EmulatorRequest = {
                method: (req.method ?? "GET").toUpperCase(),
                url,
                rawUrl,
                headers: req.headers,
                rawBody,
                ...(endpointRegion !== undefined ? { endpointRegion } : {}),
            };
            if (request.url.pathname.startsWith(CONTROL_PREFIX)) {
                if (!isLoopback(req.socket.remoteAddress)) {
                    send(res, { status: 403, body: { error: "the control API answers loopback clients only" } });
                    return;
                }
                send(res, handleControl(world, request));
                world.persist();
                return;
            }
            const backend = world.backends.find((b) => b.accepts(request));
            if (!backend) {
                send(res, { status: 404, body: { error: `no emulated API at ${request.method} ${request.url.pathname}` } });
                return;
            }
            const answer = await backend.handle(request);
            world.persist();
            send(res, answer);
        } catch (e) {
            // Never echo the request: it may carry secrets.
            send(res, { status: 500, body: { error: `emulator failure: ${(e as Error).message}` } });
        }
    });
    server.keepAliveTimeout = 1000;
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => {
            const actual = (server.address() as AddressInfo).port;
            resolve({
                url: `http://127.0.0.1:${actual}`,
                port: actual,
                close: () =>
                    new Promise<void>((done) => {
                        server.close(() => done());
                        server.closeAllConnections();
                    }),
            });
        });
    });
}
