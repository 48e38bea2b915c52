// Keyless Huawei credentials through the real Pulumi engine: a federated OIDC exchange and an `up`
// of two reinstalls with no static key anywhere, the temporary keys (3-second life) renewed while
// the jobs run, with no refused call; no secret, security token or ID token in output, state or calls.
import { expect } from "chai";
import * as path from "path";

import { defaultFixture } from "../../emulator";
import { ISSUED_SECRET_PATTERN, OIDC_ISSUER, oidcToken, tempDir } from "../support/identity";
import { createStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "huaweicloud-reinstall");
const PASSWORD = "E2e-Creds-Reinstall-2026";
const USER_DATA = "#cloud-config\nruncmd:\n  - echo e2e-creds > /etc/motd\n";
const CHAIN_ENV = [
    "HW_ACCESS_KEY",
    "HW_SECRET_KEY",
    "HW_SECURITY_TOKEN",
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "HW_PROFILE",
    "HW_SHARED_CONFIG_FILE",
    "HW_USE_ECS_METADATA",
];

function printed(r: VerbResult): string {
    return [r.stdout, r.stderr, ...r.diagnostics.map((d) => d.message)].join("\n");
}

describe("e2e: keyless Huawei credentials through the engine", function () {
    this.timeout(300_000);
    const files = tempDir();
    const saved = new Map(CHAIN_ENV.map((k) => [k, process.env[k]]));
    before(() => {
        for (const k of CHAIN_ENV) delete process.env[k];
    });
    after(() => {
        files.cleanup();
        for (const [k, v] of saved) if (v !== undefined) process.env[k] = v;
    });

    it("OIDC: up reinstalls with no static key anywhere, 3-second keys renewed during the jobs, no refused call", async () => {
        const token = oidcToken({ aud: "ecs-ops" });
        const tokenFile = files.write("hw-oidc-token", token);
        const f = defaultFixture();
        const fixture = {
            ...f,
            huaweicloud: {
                ...(f.huaweicloud as Record<string, unknown>),
                identity: { identityProviders: [{ id: "github", issuer: OIDC_ISSUER, clientIds: ["ecs-ops"] }], credentialLifetimeSeconds: 3 },
            },
        };
        const stack = await createStack({
            program: PROGRAM,
            noDefaultConfig: true,
            emulator: { timeScale: 0.1, fixture },
            config: {
                "hw-reinstall:adminPass": { value: PASSWORD, secret: true },
                "hw-reinstall:userData": { value: USER_DATA, secret: true },
                "huaweicloud:region": "cn-north-4",
                "huaweicloud:projectId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            },
            env: { HOME: files.dir, HUAWEICLOUD_SDK_IDP_ID: "github", HUAWEICLOUD_SDK_ID_TOKEN_FILE: tokenFile },
        });
        try {
            const url = stack.emulatorUrl as string;
            await stack.setAllConfig({ "ecs-ops:huaweicloudEndpoint": url, "ecs-ops:huaweicloudIamEndpoint": url });
            const r = await stack.up();
            expect(r.exitCode, printed(r)).to.equal(0);
            const hw = r.calls.filter((c) => c.cloud === "huaweicloud");
            const exchanges = hw.filter((c) => c.action === "CreateTemporaryAccessKeyByToken");
            expect(exchanges.length, `up took ${r.durationMs} ms`).to.be.at.least(2);
            expect(hw.filter((c) => c.code !== null).map((c) => `${c.action}:${c.code}`)).to.deep.equal([]);
            expect(hw.map((c) => c.action)).to.include("ReinstallServerWithCloudInit");
            const state = JSON.stringify(await stack.exportState());
            for (const [where, text] of Object.entries({ output: printed(r), state, calls: JSON.stringify(r.calls) })) {
                expect(ISSUED_SECRET_PATTERN.test(text), `an issued secret in the ${where}`).to.equal(false);
                for (const s of [token, PASSWORD]) expect(text.includes(s), `a secret in the ${where}`).to.equal(false);
            }
        } finally {
            await stack.dispose();
        }
    });
});
