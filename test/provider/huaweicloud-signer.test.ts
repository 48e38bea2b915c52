import { expect } from "chai";
import * as crypto from "crypto";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { EMULATOR_HUAWEICLOUD_CREDENTIALS } from "../../emulator";
import { rfc3986, sdkDate, signRequest } from "../../provider/huaweicloud/api/signer";
import { emulatorHooks } from "../support/emulator-hooks";
import { EmulatedHuaweicloud, SERVERS, startEmulatedHuaweicloud } from "./huaweicloud-emulated";

/**
 * A second SDK-HMAC-SHA256 signer written in this test from shared/notes/huaweicloud-ecs.md,
 * sharing no code with provider/huaweicloud/signer.ts: byte-wise percent-encoding, its own
 * canonical query and header handling. Both must give the same Authorization header.
 */
function referenceAuthorization(input: {
    method: string;
    url: string;
    headers: Array<[string, string]>;
    body: string;
    date: string;
    ak: string;
    sk: string;
}): string {
    const unreserved = new Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~");
    const pct = (s: string): string => {
        let out = "";
        for (const byte of Buffer.from(s, "utf8")) {
            const ch = String.fromCharCode(byte);
            out += byte < 0x80 && unreserved.has(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
        }
        return out;
    };
    const u = new URL(input.url);
    let uri = "";
    for (const seg of u.pathname.split("/").slice(1)) uri += `/${pct(decodeURIComponent(seg))}`;
    if (!uri.endsWith("/")) uri += "/";
    const rawQuery = u.search.startsWith("?") ? u.search.slice(1) : u.search;
    const query =
        rawQuery === ""
            ? []
            : rawQuery.split("&").map((p) => {
                  const [k, v = ""] = p.split("=");
                  return `${pct(decodeURIComponent(k.replace(/\+/g, " ")))}=${pct(decodeURIComponent(v.replace(/\+/g, " ")))}`;
              });
    query.sort();
    const all: Array<[string, string]> = [
        ["host", u.host],
        ["x-sdk-date", input.date],
        ...input.headers.map(([k, v]): [string, string] => [k.toLowerCase(), v.trim()]),
    ];
    all.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const signed = all.map(([k]) => k).join(";");
    const canonical = `${input.method}\n${uri}\n${query.join("&")}\n${all.map(([k, v]) => `${k}:${v}`).join("\n")}\n\n${signed}\n${crypto.createHash("sha256").update(input.body).digest("hex")}`;
    const sts = `SDK-HMAC-SHA256\n${input.date}\n${crypto.createHash("sha256").update(canonical).digest("hex")}`;
    const sig = crypto.createHmac("sha256", input.sk).update(sts).digest("hex");
    return `SDK-HMAC-SHA256 Access=${input.ak}, SignedHeaders=${signed}, Signature=${sig}`;
}

const KEY = { accessKey: "HPUAXXXXEXAMPLEKEY01", secretKey: "test-secret-key-0123456789" };
const WHEN = new Date(Date.UTC(2026, 2, 18, 9, 5, 7));

describe("huaweicloud signer", () => {
    it("formats X-Sdk-Date as YYYYMMDDTHHMMSSZ in UTC", () => {
        expect(sdkDate(WHEN)).to.equal("20260318T090507Z");
    });

    it("percent-encodes as RFC 3986 (unreserved kept, everything else %XX upper case)", () => {
        expect(rfc3986("a-b_c.d~e")).to.equal("a-b_c.d~e");
        expect(rfc3986("a b/c*d!'()é")).to.equal("a%20b%2Fc%2Ad%21%27%28%29%C3%A9");
    });

    const vectors: Array<{ name: string; method: string; url: string; headers: Record<string, string>; body: string }> = [
        {
            name: "GET without query",
            method: "GET",
            url: "https://ecs.cn-north-4.myhuaweicloud.com/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/cloudservers/7f3d9350-288d-41dd-9616-195bba332426",
            headers: { "X-Project-Id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9" },
            body: "",
        },
        {
            name: "POST with a JSON body and temporary credentials",
            method: "POST",
            url: "https://ecs.ap-southeast-1.myhuaweicloud.com/v2/cc84bf66150e04221ef61f2c21addd88/cloudservers/2f5bfe12-ebde-4c56-a378-6912a1edc7cd/reinstallos",
            headers: {
                "Content-Type": "application/json;charset=UTF-8",
                "X-Project-Id": "cc84bf66150e04221ef61f2c21addd88",
                "X-Security-Token": "  token-with-spaces-around  ",
            },
            body: JSON.stringify({
                "os-reinstall": { keyname: "KeyPair-350b", userid: "7e25b1da389f4697a79df3a0e5bd494e", metadata: { user_data: "IyEvYmluL3NoCg==" } },
            }),
        },
        {
            name: "query needing encoding, repeated keys, unsorted",
            method: "GET",
            url: "http://127.0.0.1:8443/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/cloudservers/detail?status=ACTIVE&name=web%20%2A01&limit=10&tags=b&tags=a&empty=",
            headers: { "X-Project-Id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9" },
            body: "",
        },
        { name: "path segment needing encoding", method: "GET", url: "https://ecs.cn-north-4.myhuaweicloud.com/v1/p/jobs/job%20id%2Fx", headers: {}, body: "" },
    ];

    for (const v of vectors) {
        it(`matches an independent implementation: ${v.name}`, () => {
            const ours = signRequest({ method: v.method, url: new URL(v.url), headers: v.headers, body: v.body }, KEY, WHEN);
            const reference = referenceAuthorization({
                method: v.method,
                url: v.url,
                headers: Object.entries(v.headers),
                body: v.body,
                date: "20260318T090507Z",
                ak: KEY.accessKey,
                sk: KEY.secretKey,
            });
            expect(ours.headers.Authorization).to.equal(reference);
            expect(ours.headers["X-Sdk-Date"]).to.equal("20260318T090507Z");
            expect(ours.headers.Host).to.equal(new URL(v.url).host);
        });
    }

    describe("matches the official SDK's AKSKSigner (@huaweicloud/huaweicloud-sdk-core, dev dependency only)", () => {
        const sdkCases: Array<{ name: string; method: string; url: string; query: Record<string, string>; headers: Record<string, string>; data?: unknown }> = [
            {
                name: "v1 reinstallos POST",
                method: "POST",
                url: "https://ecs.cn-north-4.myhuaweicloud.com/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/cloudservers/277c9006-6084-45d6-9702-91a3349b38b8/reinstallos",
                query: {},
                headers: { "Content-Type": "application/json;charset=UTF-8", "X-Project-Id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9" },
                data: { "os-reinstall": { adminpass: "Zq8#vLm2!pR4", mode: "withStopServer" } },
            },
            {
                name: "ShowJob GET with temporary credentials",
                method: "GET",
                url: "http://127.0.0.1:8080/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/jobs/ff80808288d41e1b018990260955686a",
                query: {},
                headers: { "X-Project-Id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "X-Security-Token": "emulator-security-token" },
            },
            {
                name: "GET with a query needing encoding",
                method: "GET",
                url: "https://ecs.cn-north-4.myhuaweicloud.com/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/cloudservers/detail",
                query: { status: "ACTIVE", name: "web 0.*", limit: "2" },
                headers: { "X-Project-Id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9" },
            },
        ];
        for (const c of sdkCases) {
            it(c.name, () => {
                const credential = new BasicCredentials().withAk(KEY.accessKey).withSk(KEY.secretKey);
                const sdk = AKSKSigner.sign(
                    {
                        method: c.method,
                        endpoint: c.url,
                        headers: { ...c.headers, "X-Sdk-Date": "20260318T090507Z" },
                        queryParams: c.query,
                        data: c.data,
                    } as unknown as Parameters<typeof AKSKSigner.sign>[0],
                    credential,
                ) as Record<string, string>;
                const url = new URL(c.url);
                for (const [k, v] of Object.entries(c.query)) url.searchParams.append(k, v);
                const body = c.data === undefined ? "" : JSON.stringify(c.data);
                const ours = signRequest({ method: c.method, url, headers: c.headers, body }, KEY, WHEN);
                expect(ours.headers.Authorization).to.equal(sdk.Authorization);
            });
        }
    });

    it("keeps the default port out of the host header and a non-default one in it", () => {
        const a = signRequest({ method: "GET", url: new URL("https://ecs.cn-north-4.myhuaweicloud.com:443/v1/"), headers: {}, body: "" }, KEY, WHEN);
        const b = signRequest({ method: "GET", url: new URL("http://127.0.0.1:9000/v1/"), headers: {}, body: "" }, KEY, WHEN);
        expect(a.headers.Host).to.equal("ecs.cn-north-4.myhuaweicloud.com");
        expect(b.headers.Host).to.equal("127.0.0.1:9000");
        expect(a.canonicalRequest.split("\n")[1]).to.equal("/v1/");
    });

    it("changes the signature when anything signed changes", () => {
        const base = {
            method: "POST",
            url: new URL("https://ecs.cn-north-4.myhuaweicloud.com/v1/p/cloudservers/s/reinstallos"),
            headers: { "X-Project-Id": "p" },
            body: "{}",
        };
        const sig = (r: typeof base, k = KEY) => signRequest(r, k, WHEN).headers.Authorization;
        const original = sig(base);
        expect(sig({ ...base, body: "{ }" })).to.not.equal(original);
        expect(sig({ ...base, method: "PUT" })).to.not.equal(original);
        expect(sig({ ...base, headers: { "X-Project-Id": "q" } })).to.not.equal(original);
        expect(sig(base, { ...KEY, secretKey: "other" })).to.not.equal(original);
        expect(sig(base)).to.equal(original);
    });

    describe("against the emulator", () => {
        let emu: EmulatedHuaweicloud;
        emulatorHooks(
            () => startEmulatedHuaweicloud(),
            (e) => (emu = e),
        );

        const projectId = EMULATOR_HUAWEICLOUD_CREDENTIALS.projectId;
        const key = { accessKey: EMULATOR_HUAWEICLOUD_CREDENTIALS.accessKey, secretKey: EMULATOR_HUAWEICLOUD_CREDENTIALS.secretKey };

        async function send(
            tamper: (h: Record<string, string>) => Record<string, string> = (h) => h,
            date = new Date(),
        ): Promise<{ status: number; body: Record<string, unknown> }> {
            const url = new URL(`${emu.url}/v1/${projectId}/cloudservers/${SERVERS.shutoff}`);
            const signed = signRequest({ method: "GET", url, headers: { "X-Project-Id": projectId }, body: "" }, key, date);
            const res = await fetch(url, { headers: tamper(signed.headers) });
            return { status: res.status, body: (await res.json()) as Record<string, unknown> };
        }

        it("accepts a request signed by our signer", async () => {
            const res = await send();
            expect(res.status).to.equal(200);
            expect((res.body.server as { id: string }).id).to.equal(SERVERS.shutoff);
        });

        it("rejects a tampered signature, a changed signed header and a wrong key with APIGW.0301", async () => {
            const flip = (h: Record<string, string>) => {
                const auth = h.Authorization;
                const last = auth[auth.length - 1];
                return { ...h, Authorization: auth.slice(0, -1) + (last === "0" ? "1" : "0") };
            };
            for (const tamper of [flip, (h: Record<string, string>) => ({ ...h, "X-Sdk-Date": sdkDate(new Date(Date.now() - 60_000)) })]) {
                const res = await send(tamper);
                expect(res.status).to.equal(401);
                expect(res.body.error_code).to.equal("APIGW.0301");
            }
            const url = new URL(`${emu.url}/v1/${projectId}/cloudservers/${SERVERS.shutoff}`);
            const wrong = signRequest({ method: "GET", url, headers: { "X-Project-Id": projectId }, body: "" }, { ...key, secretKey: "not-the-secret" });
            const res = await fetch(url, { headers: wrong.headers });
            expect(res.status).to.equal(401);
            expect(((await res.json()) as { error_code: string }).error_code).to.equal("APIGW.0301");
        });

        it("rejects a request signed more than 15 minutes ago with APIGW.0303", async () => {
            const res = await send((h) => h, new Date(Date.now() - 20 * 60_000));
            expect(res.status).to.equal(401);
            expect(res.body.error_code).to.equal("APIGW.0303");
        });
    });
});
