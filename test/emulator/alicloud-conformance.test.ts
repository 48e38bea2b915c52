import * as crypto from "crypto";
import * as http from "http";
import { expect } from "chai";
import Ecs, * as $Ecs from "@alicloud/ecs20140526";
import * as OpenApi from "@alicloud/openapi-core";
import { Emulator, startEmulator } from "../../emulator";
import { emulatorHooks } from "../support/emulator-hooks";
import { call, calls, CREDS, D, faults, fixtureWith, I, reset, SG, STS } from "./alicloud-client";

// pop-core ships CommonJS without usable typings for strict mode: the shape used here.
interface PopClient {
    request(action: string, params?: Record<string, unknown>, opts?: Record<string, unknown>): Promise<Record<string, unknown>>;
}
interface PopError extends Error {
    code: string;
    data: { RequestId: string; HostId: string; Code: string; Message: string; Recommend: string };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RPCClient = require("@alicloud/pop-core") as new (config: Record<string, unknown>) => PopClient;

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

function pop(url: string, creds: { accessKeyId: string; accessKeySecret: string; securityToken?: string } = CREDS): PopClient {
    return new RPCClient({ endpoint: url, apiVersion: "2014-05-26", ...creds });
}

async function popError(p: Promise<unknown>): Promise<PopError> {
    try {
        await p;
    } catch (e) {
        return e as PopError;
    }
    throw new Error("expected the call to fail");
}

function official(url: string, secret = CREDS.accessKeySecret): Ecs {
    return new Ecs(
        new OpenApi.$OpenApiUtil.Config({
            accessKeyId: CREDS.accessKeyId,
            accessKeySecret: secret,
            endpoint: url.replace(/^http:\/\//, ""),
            protocol: "http",
            regionId: "cn-hangzhou",
        }),
    );
}

/** A v3 (ACS3-HMAC-SHA256) request signed here, independently of the emulator, then optionally tampered with. */
function v3Request(
    url: string,
    action: string,
    query: Record<string, string>,
    tamper?: (q: Record<string, string>) => void,
): Promise<{ status: number; body: Record<string, unknown> }> {
    const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
    const host = url.replace(/^http:\/\//, "");
    const headers: Record<string, string> = {
        host,
        "x-acs-action": action,
        "x-acs-version": "2014-05-26",
        "x-acs-date": new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        "x-acs-signature-nonce": crypto.randomUUID(),
        "x-acs-content-sha256": crypto.createHash("sha256").update("").digest("hex"),
    };
    const canonicalQuery = (q: Record<string, string>): string =>
        Object.keys(q)
            .sort()
            .map((k) => `${enc(k)}=${enc(q[k])}`)
            .join("&");
    const signed = Object.keys(headers).sort();
    const canonical = [
        "POST",
        "/",
        canonicalQuery(query),
        signed.map((h) => `${h}:${headers[h]}\n`).join(""),
        signed.join(";"),
        headers["x-acs-content-sha256"],
    ].join("\n");
    const toSign = `ACS3-HMAC-SHA256\n${crypto.createHash("sha256").update(canonical).digest("hex")}`;
    const signature = crypto.createHmac("sha256", CREDS.accessKeySecret).update(toSign).digest("hex");
    headers.authorization = `ACS3-HMAC-SHA256 Credential=${CREDS.accessKeyId},SignedHeaders=${signed.join(";")},Signature=${signature}`;
    const sent = { ...query };
    tamper?.(sent);
    return new Promise((resolve, reject) => {
        const req = http.request(`${url}/?${canonicalQuery(sent)}`, { method: "POST", headers: { ...headers, "content-length": "0" } }, (res) => {
            let text = "";
            res.on("data", (c) => (text += c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
        });
        req.on("error", reject);
        req.end();
    });
}

describe("alicloud emulator: wire conformance", function () {
    let emu: Emulator;

    emulatorHooks(
        () => startEmulator({ timeScale: 0.01, settleMs: 0 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => reset(e.url) },
    );

    describe("@alicloud/pop-core, unchanged", () => {
        it("POST: DescribeInstances answers the documented shape", async () => {
            const r = await pop(emu.url).request(
                "DescribeInstances",
                { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify([I.web, I.burst, I.locked]) },
                { method: "POST" },
            );
            expect(r.RequestId).to.match(REQUEST_ID);
            expect(r.TotalCount).to.equal(3);
            const list = (r.Instances as { Instance: Record<string, unknown>[] }).Instance;
            expect(list.map((i) => i.InstanceId)).to.deep.equal([I.web, I.locked, I.burst]);
            const web = list[0];
            expect(web).to.include({
                InstanceName: "web-1",
                HostName: "web-1",
                Status: "Running",
                InstanceChargeType: "PostPaid",
                DeletionProtection: false,
                OSType: "linux",
                IoOptimized: true,
            });
            expect(web.SecurityGroupIds).to.deep.equal({ SecurityGroupId: [SG.web] });
            expect((web.VpcAttributes as { VpcId: string }).VpcId).to.equal("vpc-bp1mainvpc00000001");
            expect(web.OperationLocks).to.deep.equal({ LockReason: [] });
            expect(web).to.not.have.property("CreditSpecification");
            expect(web.CpuOptions).to.include({ CoreCount: 1, ThreadsPerCore: 2 });
            expect(web.PrivateDnsNameOptions).to.include({ HostnameType: "Custom" });
            expect(list[1].OperationLocks).to.deep.equal({
                LockReason: [{ LockReason: "security", LockMsg: "The instance is locked: suspicious outbound traffic was detected." }],
            });
            expect(list[2].CreditSpecification).to.equal("Standard");
        });

        it("GET: ModifyInstanceAttribute then DescribeInstanceAttribute", async () => {
            const c = pop(emu.url);
            const r = await c.request("ModifyInstanceAttribute", {
                InstanceId: I.web,
                InstanceName: "web-renamed",
                Description: "renamed over GET",
                EnableJumboFrame: true,
            });
            expect(Object.keys(r)).to.deep.equal(["RequestId"]);
            const a = await c.request("DescribeInstanceAttribute", { InstanceId: I.web });
            expect(a).to.include({ InstanceName: "web-renamed", Description: "renamed over GET", EnableJumboFrame: true, IoOptimized: "optimized" });
            await c.request("ModifyInstanceAttribute", { InstanceId: I.web, InstanceName: "网站:一号", Description: "说明 with spaces, (parens) & *stars*!" });
            const b = await c.request("DescribeInstanceAttribute", { InstanceId: I.web }, { method: "POST" });
            expect(b).to.include({ InstanceName: "网站:一号", Description: "说明 with spaces, (parens) & *stars*!" });
        });

        it("errors carry Code, Message, RequestId, HostId and Recommend", async () => {
            const e = await popError(
                pop(emu.url).request("RebootInstance", { RegionId: "cn-hangzhou", InstanceId: "i-bp1doesnotexist0000" }, { method: "POST" }),
            );
            expect(e.code).to.equal("InvalidInstanceId.NotFound");
            expect(e.data.Message).to.equal("The specified InstanceId does not exist.");
            expect(e.data.RequestId).to.match(REQUEST_ID);
            expect(e.data.HostId).to.equal("ecs.cn-hangzhou.aliyuncs.com");
            expect(e.data.Recommend).to.contain("InvalidInstanceId.NotFound").and.contain(e.data.RequestId);
        });

        it("STS credentials: the token is checked", async () => {
            const ok = await pop(emu.url, STS).request("DescribeUserData", { RegionId: "cn-hangzhou", InstanceId: I.web }, { method: "POST" });
            expect(ok.UserData).to.equal("IyEvYmluL3NoCmVjaG8gaGVsbG8K");
            const wrong = await popError(
                pop(emu.url, { ...STS, securityToken: "CAISsomethingelse" }).request("DescribeInstances", { RegionId: "cn-hangzhou" }, { method: "POST" }),
            );
            expect(wrong.code).to.equal("InvalidSecurityToken.MismatchWithAccessKey");
            const missing = await call(
                emu.url,
                "DescribeInstances",
                { RegionId: "cn-hangzhou" },
                { accessKeyId: STS.accessKeyId, accessKeySecret: STS.accessKeySecret },
            );
            expect([missing.status, missing.body.Code]).to.deep.equal([400, "MissingParameter"]);
            expect(missing.body.Message).to.contain('"SecurityToken"');
            const stray = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" }, { securityToken: "CAISnotforthiskey" });
            expect([stray.status, stray.body.Code]).to.deep.equal([400, "InvalidSecurityToken.Malformed"]);
        });

        it("an expired STS token is refused", async () => {
            await reset(
                emu.url,
                fixtureWith((a) => {
                    a.credentials[1].expiration = "2020-01-01T00:00:00Z";
                }),
            );
            const e = await popError(pop(emu.url, STS).request("DescribeInstances", { RegionId: "cn-hangzhou" }, { method: "POST" }));
            expect(e.code).to.equal("InvalidSecurityToken.Expired");
        });
    });

    describe("@alicloud/ecs20140526 (ACS3-HMAC-SHA256), unchanged", () => {
        it("describes, modifies with nested options, and gets documented errors", async () => {
            const ecs = official(emu.url);
            const d = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "cn-hangzhou", instanceIds: JSON.stringify([I.batch]) }));
            expect(d.statusCode).to.equal(200);
            const batch = d.body?.instances?.instance?.[0];
            expect(batch?.status).to.equal("Stopped");
            expect(batch?.securityGroupIds?.securityGroupId).to.deep.equal([SG.web, SG.app]);

            await ecs.modifyInstanceAttribute(
                new $Ecs.ModifyInstanceAttributeRequest({
                    instanceId: I.batch,
                    hostName: "batch-one",
                    securityGroupIds: [SG.app],
                    cpuOptions: new $Ecs.ModifyInstanceAttributeRequestCpuOptions({ core: 2, threadsPerCore: 1, topologyType: "DiscreteCoreToHTMapping" }),
                    privateDnsNameOptions: new $Ecs.ModifyInstanceAttributeRequestPrivateDnsNameOptions({ enableIpDnsARecord: true, hostnameType: "IpBased" }),
                }),
            );
            await ecs.modifyInstanceAttribute(new $Ecs.ModifyInstanceAttributeRequest({ instanceId: I.web, description: "批处理 (nightly) & 'quotes' *!" }));
            const described = await ecs.describeInstanceAttribute(new $Ecs.DescribeInstanceAttributeRequest({ instanceId: I.web }));
            expect(described.body?.description).to.equal("批处理 (nightly) & 'quotes' *!");
            const after = (await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "cn-hangzhou", instanceIds: JSON.stringify([I.batch]) })))
                .body?.instances?.instance?.[0];
            expect(after?.hostName).to.equal("batch-one");
            expect(after?.securityGroupIds?.securityGroupId).to.deep.equal([SG.app]);
            expect(after?.cpuOptions).to.include({ coreCount: 2, threadsPerCore: 1, topologyType: "DiscreteCoreToHTMapping" });
            expect(after?.privateDnsNameOptions).to.include({ enableIpDnsARecord: true, hostnameType: "IpBased" });

            try {
                await ecs.rebootInstance(new $Ecs.RebootInstanceRequest({ instanceId: I.web, dryRun: true }));
                expect.fail("a dry run answers DryRunOperation");
            } catch (e) {
                const err = e as { code: string; statusCode: number; data: { RequestId: string } };
                expect([err.statusCode, err.code]).to.deep.equal([400, "DryRunOperation"]);
                expect(err.data.RequestId).to.match(REQUEST_ID);
            }
            const disks = await ecs.describeDisks(new $Ecs.DescribeDisksRequest({ regionId: "cn-hangzhou", instanceId: I.web, diskType: "system" }));
            expect(disks.body?.disks?.disk?.map((x) => x.diskId)).to.deep.equal([D.webSystem]);
            const groups = await ecs.describeSecurityGroups(
                new $Ecs.DescribeSecurityGroupsRequest({ regionId: "cn-hangzhou", securityGroupType: "enterprise" }),
            );
            expect(groups.body?.securityGroups?.securityGroup?.map((g) => g.securityGroupId)).to.deep.equal([SG.enterprise]);
        });

        it("a wrong secret is SignatureDoesNotMatch (400)", async () => {
            try {
                await official(emu.url, "not-the-secret").describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "cn-hangzhou" }));
                expect.fail("the signature must not match");
            } catch (e) {
                const err = e as { code: string; statusCode: number };
                expect([err.statusCode, err.code]).to.deep.equal([400, "SignatureDoesNotMatch"]);
            }
        });

        it("an independent v3 signature is accepted; a query changed after signing is rejected", async () => {
            const ok = await v3Request(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify([I.web]) });
            expect(ok.status).to.equal(200);
            expect(ok.body.TotalCount).to.equal(1);
            const tampered = await v3Request(emu.url, "ModifyInstanceAttribute", { InstanceId: I.web, InstanceName: "web-a" }, (q) => {
                q.InstanceName = "web-b";
            });
            expect([tampered.status, tampered.body.Code]).to.deep.equal([400, "SignatureDoesNotMatch"]);
            expect(tampered.body.Message).to.contain("server string to sign is:POST\n/\n");
        });
    });

    describe("the gateway's checks (independent v1 signer)", () => {
        it("GET and POST are both accepted", async () => {
            for (const method of ["GET", "POST"] as const) {
                const r = await call(emu.url, "DescribeInstances", { RegionId: "cn-shanghai" }, { method });
                expect([r.status, r.body.TotalCount], method).to.deep.equal([200, 2]);
            }
        });

        it("a bad secret: SignatureDoesNotMatch echoing the server's string to sign", async () => {
            const r = await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.web, Password: "Secret#Pass123" }, { accessKeySecret: "wrong" });
            expect([r.status, r.body.Code]).to.deep.equal([400, "SignatureDoesNotMatch"]);
            expect(r.body.Message).to.match(/^Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&AccessKeyId%3D/);
            // Like the real server the message carries the parameters: clients must redact it.
            expect(r.body.Message).to.contain("Password%3DSecret%2523Pass123");
        });

        it("an unknown key is InvalidAccessKeyId.NotFound (404); a disabled one InvalidAccessKeyId.Inactive", async () => {
            const r = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" }, { accessKeyId: "LTAI5tNobodyKnowsMe" });
            expect([r.status, r.body.Code, r.body.Message]).to.deep.equal([404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."]);
            const d = await call(
                emu.url,
                "DescribeInstances",
                { RegionId: "cn-hangzhou" },
                { accessKeyId: "LTAI5tEmulatorDisabledKey", accessKeySecret: "emulator-disabled-key-secret" },
            );
            expect([d.status, d.body.Code]).to.deep.equal([400, "InvalidAccessKeyId.Inactive"]);
        });

        it("a replayed SignatureNonce is SignatureNonceUsed", async () => {
            const nonce = crypto.randomUUID();
            const first = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" }, { nonce });
            expect(first.status).to.equal(200);
            const again = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" }, { nonce });
            expect([again.status, again.body.Code, again.body.Message]).to.deep.equal([
                400,
                "SignatureNonceUsed",
                "Specified signature nonce was used already.",
            ]);
        });

        it("timestamps more than 15 minutes off, or malformed, are refused", async () => {
            const iso = (ms: number): string => new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
            const stale = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" }, { timestamp: iso(-16 * 60_000) });
            expect([stale.status, stale.body.Code]).to.deep.equal([400, "InvalidTimeStamp.Expired"]);
            const future = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" }, { timestamp: iso(16 * 60_000) });
            expect([future.status, future.body.Code]).to.deep.equal([400, "InvalidTimeStamp.Expired"]);
            const near = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" }, { timestamp: iso(-14 * 60_000) });
            expect(near.status).to.equal(200);
            const bad = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" }, { timestamp: "23/11/2026 10:00" });
            expect([bad.status, bad.body.Code]).to.deep.equal([400, "InvalidTimeStamp.Format"]);
        });

        it("missing envelope parts, unknown actions and versions, unsupported methods", async () => {
            const noSig = await fetch(`${emu.url}/?Action=DescribeInstances&Version=2014-05-26&Format=JSON&RegionId=cn-hangzhou`);
            expect([noSig.status, ((await noSig.json()) as { Code: string }).Code]).to.deep.equal([400, "IncompleteSignature"]);
            const noTs = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" }, { omit: ["Timestamp"] });
            expect([noTs.status, noTs.body.Code]).to.deep.equal([400, "MissingParameter"]);
            expect(noTs.body.Message).to.contain('"Timestamp"');
            const unknown = await call(emu.url, "DescribeMoonPhases", {});
            expect([unknown.status, unknown.body.Code]).to.deep.equal([404, "InvalidAction.NotFound"]);
            const version = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" }, { version: "2016-03-14" });
            expect([version.status, version.body.Code]).to.deep.equal([400, "InvalidVersion"]);
            const put = await fetch(`${emu.url}/?Action=DescribeInstances&Format=JSON`, { method: "PUT" });
            expect([put.status, ((await put.json()) as { Code: string }).Code]).to.deep.equal([403, "UnsupportedHTTPMethod"]);
        });

        it("missing and malformed business parameters", async () => {
            const cases: [string, Record<string, string>, number, string][] = [
                ["DescribeInstances", {}, 400, "MissingRegionId"],
                ["DescribeInstances", { RegionId: "cn-nowhere" }, 404, "InvalidRegionId.NotFound"],
                ["DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: "i-1,i-2" }, 400, "InvalidInstanceIds.Malformed"],
                [
                    "DescribeInstances",
                    { RegionId: "cn-hangzhou", InstanceIds: JSON.stringify(Array.from({ length: 101 }, (_, n) => `i-${n}`)) },
                    400,
                    "InvalidInstanceIds.Malformed",
                ],
                ["DescribeInstances", { RegionId: "cn-hangzhou", PageSize: "101" }, 400, "InvalidParameter"],
                ["DescribeInstances", { RegionId: "cn-hangzhou", NextToken: "forged" }, 400, "InvalidParameter"],
                ["ModifyInstanceAttribute", { InstanceName: "x-y" }, 400, "MissingInstanceId"],
                ["RebootInstance", { InstanceId: I.web, ForceStop: "perhaps" }, 400, "InvalidParameter"],
                ["StopInstance", { InstanceId: I.web, StoppedMode: "Nap" }, 400, "InvalidParameter"],
                ["ReInitDisk", {}, 400, "MissingDiskId"],
                ["ReInitDisk", { DiskId: D.batchSystem, SecurityEnhancementStrategy: "Maybe" }, 400, "InvalidParameter"],
                ["DescribeUserData", { RegionId: "cn-hangzhou" }, 400, "MissingInstanceId"],
                ["DescribeUserData", { InstanceId: I.web }, 400, "MissingRegionId"],
                ["DescribeInstanceAttribute", { InstanceId: "i-bp1doesnotexist0000" }, 404, "InvalidInstanceId.NotFound"],
                ["DescribeDisks", { RegionId: "cn-hangzhou", DiskType: "swap" }, 400, "InvalidDiskType.ValueNotSupported"],
                ["DescribeDisks", { RegionId: "cn-hangzhou", DiskIds: "[1,2]" }, 400, "InvalidDiskIds.Malformed"],
                ["DescribeSecurityGroups", { RegionId: "cn-hangzhou", SecurityGroupIds: "{}" }, 400, "InvalidSecurityGroupIds.Malformed"],
                ["StartInstance", { InstanceId: I.expired }, 403, "InstanceExpiredOrInArrears"],
                ["StopInstance", { InstanceId: I.batch }, 403, "IncorrectInstanceStatus"],
                ["StopInstance", { InstanceId: I.locked }, 403, "InstanceLockedForSecurity"],
                ["StartInstance", { InstanceId: I.web, DryRun: "false" }, 403, "IncorrectInstanceStatus"],
            ];
            for (const [action, params, status, code] of cases) {
                const r = await call(emu.url, action, params);
                expect([r.status, r.body.Code], `${action} ${JSON.stringify(params)}`).to.deep.equal([status, code]);
            }
        });

        it("Format=XML (the v1 default) answers XML, errors included", async () => {
            const ok = await call(emu.url, "DescribeSecurityGroups", { RegionId: "cn-shanghai" }, { format: "XML" });
            expect(ok.contentType).to.contain("text/xml");
            expect(ok.text).to.match(/^<\?xml version='1\.0' encoding='UTF-8'\?><DescribeSecurityGroupsResponse><RequestId>/);
            expect(ok.text).to.contain("<SecurityGroups><SecurityGroup><SecurityGroupId>sg-uf6webnormal000001</SecurityGroupId>");
            const byDefault = await call(emu.url, "DescribeInstances", { RegionId: "cn-shanghai" }, { omit: ["Format"] });
            expect(byDefault.text).to.contain("<DescribeInstancesResponse>").and.contain("<TotalCount>2</TotalCount>");
            const err = await call(emu.url, "RebootInstance", { InstanceId: I.batch }, { format: "XML" });
            expect(err.status).to.equal(403);
            expect(err.text).to.contain("<Error><RequestId>").and.contain("<Code>IncorrectInstanceStatus</Code>");
        });
    });

    describe("call log and injected faults", () => {
        it("records one entry per request, secrets redacted, envelope removed", async () => {
            await faults(emu.url, {});
            await fetch(`${emu.url}/_emulator/calls`, { method: "DELETE" });
            const secrets = {
                Password: "Emulator#New1pass",
                UserData: Buffer.from("#!/bin/sh\necho secret-token-42\n").toString("base64"),
                "RemoteConnectionOptions.Password": "Remote#Pass123",
            };
            await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.web, ...secrets, HostName: "web-log" });
            await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.web, Password: "Emulator#New2pass" }, { accessKeySecret: "wrong" });
            await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" }, { ...STS });
            const log = await calls(emu.url);
            expect(log.map((c) => [c.action, c.status, c.code])).to.deep.equal([
                ["ModifyInstanceAttribute", 200, null],
                ["ModifyInstanceAttribute", 400, "SignatureDoesNotMatch"],
                ["DescribeInstances", 200, null],
            ]);
            expect(log[0].params).to.deep.equal({
                InstanceId: I.web,
                HostName: "web-log",
                Password: "<redacted>",
                UserData: "<redacted>",
                "RemoteConnectionOptions.Password": "<redacted>",
            });
            expect(log[2].params).to.deep.equal({ RegionId: "cn-hangzhou", SecurityToken: "<redacted>" });
            for (const c of log) expect(c.requestId).to.match(REQUEST_ID);
            const everything = JSON.stringify(log) + JSON.stringify(await (await fetch(`${emu.url}/_emulator/state`)).json());
            for (const secret of [
                "Emulator#New1pass",
                "Emulator#New2pass",
                "Remote#Pass123",
                secrets.UserData,
                "secret-token-42",
                STS.securityToken,
                CREDS.accessKeySecret,
                "Emulator#Web1pass",
            ]) {
                expect(everything).to.not.contain(secret);
            }
        });

        it("throttling answers Throttling.User (400), after authentication", async () => {
            await faults(emu.url, { throttle: [{ cloud: "alicloud", action: "ModifyInstanceAttribute", count: 1 }] });
            const unsigned = await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.web, InstanceName: "web-t" }, { accessKeySecret: "wrong" });
            expect(unsigned.body.Code).to.equal("SignatureDoesNotMatch");
            const throttled = await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.web, InstanceName: "web-t" });
            expect([throttled.status, throttled.body.Code, throttled.body.Message]).to.deep.equal([
                400,
                "Throttling.User",
                "Request was denied due to user flow control.",
            ]);
            const next = await call(emu.url, "ModifyInstanceAttribute", { InstanceId: I.web, InstanceName: "web-t" });
            expect(next.status).to.equal(200);
        });

        it("QPS throttling lets the quota through each second", async () => {
            await faults(emu.url, { throttle: [{ cloud: "alicloud", action: "DescribeInstances", qps: 2 }] });
            const codes: (string | undefined)[] = [];
            for (let n = 0; n < 4; n++) codes.push((await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" })).body.Code as string | undefined);
            expect(codes).to.deep.equal([undefined, undefined, "Throttling.User", "Throttling.User"]);
        });

        it("5xx faults answer InternalError (500) and ServiceUnavailable (503)", async () => {
            await faults(emu.url, {
                errors: [
                    { cloud: "alicloud", action: "RebootInstance", status: 500, count: 1 },
                    { cloud: "alicloud", action: "DescribeInstances", status: 503, count: 1 },
                ],
            });
            const e500 = await call(emu.url, "RebootInstance", { InstanceId: I.web });
            expect([e500.status, e500.body.Code, e500.body.Message]).to.deep.equal([
                500,
                "InternalError",
                "The request processing has failed due to some unknown error, exception or failure.",
            ]);
            const e503 = await call(emu.url, "DescribeInstances", { RegionId: "cn-hangzhou" });
            expect([e503.status, e503.body.Code]).to.deep.equal([503, "ServiceUnavailable"]);
            const log = await calls(emu.url);
            expect(log.slice(-2).map((c) => [c.status, c.code])).to.deep.equal([
                [500, "InternalError"],
                [503, "ServiceUnavailable"],
            ]);
        });

        it("latency delays matching calls", async () => {
            await faults(emu.url, { latency: [{ cloud: "alicloud", action: "DescribeDisks", ms: 150 }] });
            const t0 = Date.now();
            const r = await call(emu.url, "DescribeDisks", { RegionId: "cn-hangzhou" });
            expect(r.status).to.equal(200);
            expect(Date.now() - t0).to.be.at.least(140);
        });
    });
});
