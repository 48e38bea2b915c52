import { IncomingMessage, ServerResponse } from "http";
import { EmulatorResponse } from "./backend";

/** Largest request body the emulator reads (the real gateways refuse far smaller ones). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Reads a request body up to MAX_BODY_BYTES; rejects larger ones. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                reject(new Error("request body too large"));
                req.destroy();
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () => resolve(Buffer.concat(chunks)));
        req.on("error", reject);
    });
}

/** Writes an EmulatorResponse; non-string bodies are serialized as JSON. */
export function send(res: ServerResponse, response: EmulatorResponse): void {
    const isText = typeof response.body === "string";
    const payload = isText ? (response.body as string) : JSON.stringify(response.body);
    res.writeHead(response.status, {
        "Content-Type": isText ? "text/plain; charset=utf-8" : "application/json;charset=utf-8",
        "Content-Length": Buffer.byteLength(payload),
        ...response.headers,
    });
    res.end(payload);
}
