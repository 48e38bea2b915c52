import * as crypto from "crypto";
import * as http from "http";

/**
 * A test-only Huawei Cloud client with its own SDK-HMAC-SHA256 signer, written from
 * shared/notes/huaweicloud-ecs.md independently of the emulator's verifier (it imports nothing
 * from emulator/), so an accepted request shows the two agree. It can tamper with a request
 * after signing it, to check the emulator rejects what it should.
 */

/** Credentials and project of a signed request. */
export interface HwCreds {
    ak: string;
    sk: string;
    projectId: string;
    securityToken?: string;
}

/** The default emulator credentials. */
export const DEFAULT_CREDS: HwCreds = {
    ak: "EMULATORAK00000000000",
    sk: "emulator-secret-key",
    projectId: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
};

/** The default fixture's temporary credentials (project 1 only). */
export const STS_CREDS: HwCreds = {
    ak: "EMULATORSTSAK0000000",
    sk: "emulator-sts-secret-key",
    projectId: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
    securityToken: "emulator-security-token",
};

/** Project ids and server ids of the default fixture (emulator/fixtures/default-huaweicloud.json). */
export const P1 = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
export const P2 = "cc84bf66150e04221ef61f2c21addd88";
export const SERVERS = {
    /** ACTIVE Linux, key pair KeyPair-350b (reinstall needs mode withStopServer). */
    web: "7f3d9350-288d-41dd-9616-195bba332426",
    /** SHUTOFF Linux, password login: ready for a reinstall. */
    app: "277c9006-6084-45d6-9702-91a3349b38b8",
    /** SHUTOFF, locked. */
    locked: "65098b1f-7bc2-4cbc-9b4a-9abbd2bd66e1",
    /** SHUTOFF, no system disk. */
    nodisk: "9e58abf8-d523-4fda-9572-252c22a70df1",
    /** SHUTOFF, next reinstall job FAILs. */
    failing: "a6ff54cf-d08a-4a99-b87b-73e88c4bdb07",
    /** SHUTOFF Windows. */
    win: "02e1e5a2-f0c0-407d-aa52-76a3e5a35920",
    /** SHUTOFF, next reinstall job stays RUNNING 30 modelled minutes. */
    stuck: "c85a4d25-5d3a-4c81-84c4-7d973e1fd22d",
    /** ERROR. */
    error: "dfa65efd-830c-4860-b9f2-f0c26e8eb00b",
    /** Project 2 (ap-southeast-1), ACTIVE. */
    sgWeb: "d8b06b73-0fdb-46c9-9364-43b5dd148bfb",
    /** Project 2 (ap-southeast-1), SHUTOFF. */
    sgDb: "2f5bfe12-ebde-4c56-a378-6912a1edc7cd",
} as const;
/** KMS keys of the default fixture. */
export const CMK = {
    authorized: "83cdb52d-9ebf-4469-9cfa-e7b5b80da846",
    notAuthorized: "011b81fb-ab0a-4efd-a00f-95c9a513f509",
    otherProject: "7c3e34d3-2210-487e-8af7-ad52d3a27475",
} as const;
/** The IAM user id of the default credentials. */
export const USER_ID = "7e25b1da389f4697a79df3a0e5bd494e";

/** A request as it will go on the wire; `tamper` may change it after signing. */
export interface WireRequest {
    method: string;
    /** Path, percent-encoded as it will be sent. */
    path: string;
    /** Query string without `?` as it will be sent. */
    query: string;
    headers: Record<string, string>;
    body: string;
}

/** Options of one call. */
export interface HwCallOptions {
    method?: string;
    path: string;
    query?: Record<string, string | number>;
    /** A query string sent as is (instead of `query`). */
    rawQuery?: string;
    /** A JSON value (serialized) or a raw string body. */
    body?: unknown;
    creds?: HwCreds;
    /** Signing time (default now). */
    date?: Date;
    /** Extra headers, signed like the others. */
    headers?: Record<string, string>;
    /** Send X-Project-Id (default true). */
    projectHeader?: boolean;
    /** Skip signing entirely (no Authorization header). */
    unsigned?: boolean;
    /** Lower-case names of headers sent but left out of SignedHeaders. */
    omitFromSigning?: string[];
    /** Changes the request after it was signed. */
    tamper?: (req: WireRequest) => void;
}

/** A parsed response. */
export interface HwResponse {
    status: number;
    headers: http.IncomingHttpHeaders;
    /** The JSON body; `any` because the tests check many shapes field by field. */
    json: any;
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** Percent-encodes every byte outside the RFC 3986 unreserved set, upper-case hex. */
function enc(s: string): string {
    let out = "";
    for (const ch of s) {
        if (UNRESERVED.test(ch)) out += ch;
        else for (const b of Buffer.from(ch, "utf8")) out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
    }
    return out;
}

function sha256(s: string): string {
    return crypto.createHash("sha256").update(s, "utf8").digest("hex");
}

/** `YYYYMMDDTHHMMSSZ` of a date. */
export function sdkDate(d: Date): string {
    const p = (n: number): string => String(n).padStart(2, "0");
    return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

/**
 * Signs `req` in place: adds X-Sdk-Date (if absent) and an Authorization over all its headers but
 * `unsigned` ones. An `X-Sdk-Content-Sha256` header replaces the body hash, as in the official SDK.
 */
export function signRequest(req: WireRequest, ak: string, sk: string, date: Date, unsigned: string[] = []): void {
    if (!Object.keys(req.headers).some((k) => k.toLowerCase() === "x-sdk-date")) req.headers["X-Sdk-Date"] = sdkDate(date);
    const dateHeader = Object.entries(req.headers).find(([k]) => k.toLowerCase() === "x-sdk-date")?.[1] ?? "";
    const names = Object.keys(req.headers)
        .map((k) => k.toLowerCase())
        .filter((k) => !unsigned.includes(k))
        .sort();
    const value = (lower: string): string => Object.entries(req.headers).find(([k]) => k.toLowerCase() === lower)?.[1] ?? "";
    const segments = req.path.split("/").map((s) => enc(decodeURIComponent(s)));
    let uri = segments.join("/");
    if (!uri.endsWith("/")) uri += "/";
    const pairs = req.query === "" ? [] : req.query.split("&").map((kv) => kv.split("=").map((x) => decodeURIComponent(x)) as [string, string]);
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    const query = pairs.map(([k, v]) => `${enc(k)}=${enc(v ?? "")}`).join("&");
    const canonical = [
        req.method,
        uri,
        query,
        names.map((n) => `${n}:${value(n).trim()}\n`).join(""),
        names.join(";"),
        value("x-sdk-content-sha256") || sha256(req.body),
    ].join("\n");
    const toSign = `SDK-HMAC-SHA256\n${dateHeader}\n${sha256(canonical)}`;
    const signature = crypto.createHmac("sha256", sk).update(toSign).digest("hex");
    req.headers.Authorization = `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
}

/** Sends a raw request to the emulator and parses the JSON answer. */
export function send(baseUrl: string, req: WireRequest): Promise<HwResponse> {
    const u = new URL(baseUrl);
    return new Promise((resolve, reject) => {
        const r = http.request(
            {
                host: u.hostname,
                port: u.port,
                method: req.method,
                path: req.query === "" ? req.path : `${req.path}?${req.query}`,
                headers: req.body === "" ? req.headers : { ...req.headers, "Content-Length": String(Buffer.byteLength(req.body)) },
            },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    let json: unknown;
                    try {
                        json = text === "" ? undefined : JSON.parse(text);
                    } catch {
                        json = text;
                    }
                    resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
                });
            },
        );
        r.on("error", reject);
        if (req.body !== "") r.write(req.body);
        r.end();
    });
}

/** Builds, signs (unless told not to), optionally tampers with and sends one call. */
export function hwCall(baseUrl: string, o: HwCallOptions): Promise<HwResponse> {
    const creds = o.creds ?? DEFAULT_CREDS;
    const u = new URL(baseUrl);
    const body = o.body === undefined ? "" : typeof o.body === "string" ? o.body : JSON.stringify(o.body);
    const headers: Record<string, string> = { Host: u.host };
    if (body !== "") headers["Content-Type"] = "application/json";
    if (o.projectHeader !== false) headers["X-Project-Id"] = creds.projectId;
    if (creds.securityToken !== undefined) headers["X-Security-Token"] = creds.securityToken;
    Object.assign(headers, o.headers ?? {});
    const query =
        o.rawQuery ??
        Object.entries(o.query ?? {})
            .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
            .join("&");
    const req: WireRequest = { method: o.method ?? (o.body === undefined ? "GET" : "POST"), path: o.path, query, headers, body };
    if (!o.unsigned) signRequest(req, creds.ak, creds.sk, o.date ?? new Date(), o.omitFromSigning);
    o.tamper?.(req);
    return send(baseUrl, req);
}

/** GETs a control-API path. */
export async function control(baseUrl: string, path: string, method = "GET", body?: unknown): Promise<HwResponse> {
    return send(baseUrl, {
        method,
        path: `/_emulator/${path}`,
        query: "",
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? "" : JSON.stringify(body),
    });
}

/** Polls `fn` every `everyMs` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 10_000, everyMs = 10): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
        const v = await fn();
        if (v) return v;
        if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, everyMs));
    }
}
