import { expect } from "chai";
import * as childProcess from "child_process";
import * as fs from "fs";
import * as path from "path";
import { driftFromPreview, exitCodeOf, isSecretProperty, renderJson, renderMarkdown, SECRET } from "../../drift/report";

// The drift report on JSON recorded from `pulumi preview --refresh --json` (fixtures/README.md), and on
// variants of it for what the recording does not show (a replace, a resource gone, secrets in JSON form).

const FIXTURES = path.join(__dirname, "fixtures");
const load = (name: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")) as Record<string, unknown>;
const ATTRIBUTES = "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceAttributes";
const SECRET_OBJECT = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };

type Step = Record<string, unknown> & { op: string; urn: string; oldState?: Record<string, unknown>; newState?: Record<string, unknown> };

describe("drift report (pure)", () => {
    it("a clean preview --refresh: no drift, exit 0", () => {
        const report = driftFromPreview(load("preview-refresh-clean.json"));
        expect(report.resources).to.deep.equal([]);
        expect(exitCodeOf(report)).to.equal(0);
        expect(renderMarkdown(report, "prod")).to.include("No drift");
        expect(JSON.parse(renderJson(report, "prod"))).to.deep.equal({ stack: "prod", drift: false, resources: [] });
    });

    it("recorded drift: the instance, its description with program and cloud values, user data only as [secret] with fingerprints; exit 2", () => {
        const report = driftFromPreview(load("preview-refresh-drift.json"));
        expect(exitCodeOf(report)).to.equal(2);
        expect(report.resources).to.have.length(1);
        const [web] = report.resources;
        expect(web).to.include({ name: "web", type: ATTRIBUTES, cloudId: "i-bp1paygrunning00001", op: "update" });
        // plannedOperation and restartTrigger differ too, but they are computed, not drift.
        expect(web.properties.map((p) => p.property)).to.deep.equal(["description", "userData"]);
        expect(web.properties[0]).to.deep.equal({ property: "description", program: "managed by ecs-ops", cloud: "changed by hand" });
        expect(web.properties[1].program).to.match(/^\[secret\] \(fingerprint hmac:[0-9a-f]{16}\)$/);
        expect(web.properties[1].cloud).to.match(/^\[secret\] \(fingerprint hmac:[0-9a-f]{16}\)$/);
        expect(web.properties[1].program).to.not.equal(web.properties[1].cloud);
        const md = renderMarkdown(report, "prod");
        expect(md).to.include("#### `web` (alicloud.InstanceAttributes, `i-bp1paygrunning00001`)");
        expect(md).to.include("| `description` | `managed by ecs-ops` | `changed by hand` |");
        const json = JSON.parse(renderJson(report)) as { drift: boolean; resources: unknown[] };
        expect(json.drift).to.equal(true);
        expect(json.resources).to.deep.equal(report.resources);
    });

    it("never prints a secret: values marked secret in either JSON form, secret inputs and secret-named properties", () => {
        const doc = load("preview-refresh-drift.json") as { steps: Step[] };
        const update = doc.steps.find((s) => s.op === "update") as Step;
        const oldInputs = (update.oldState as { inputs: Record<string, unknown> }).inputs;
        const newInputs = (update.newState as { inputs: Record<string, unknown> }).inputs;
        // Plaintext where the JSON would have [secret] (a provider that does not mark it), and the object form.
        oldInputs.password = "Old#Plaintext-1";
        newInputs.password = "New#Plaintext-2";
        oldInputs.remoteConnectionOptions = { password: "Rc#Plain-3", type: "vnc" };
        newInputs.remoteConnectionOptions = SECRET_OBJECT;
        oldInputs.instanceName = "web-old";
        newInputs.instanceName = SECRET_OBJECT;
        const report = driftFromPreview(doc);
        const text = renderMarkdown(report) + renderJson(report);
        for (const s of ["Old#Plaintext-1", "New#Plaintext-2", "Rc#Plain-3", "ciphertext", "v1:abc"]) expect(text).to.not.include(s);
        const byName = Object.fromEntries(report.resources[0].properties.map((p) => [p.property, p]));
        expect(byName.password).to.deep.equal({ property: "password", program: SECRET, cloud: SECRET });
        expect(byName.remoteConnectionOptions.cloud).to.equal(SECRET);
        expect(byName.instanceName).to.deep.equal({ property: "instanceName", program: SECRET, cloud: "web-old" });
        expect(isSecretProperty(ATTRIBUTES, "passwordFingerprint")).to.equal(false);
        expect(isSecretProperty("pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerReinstall", "adminPass")).to.equal(true);
        expect(isSecretProperty("aws:ec2/instance:Instance", "userData")).to.equal(true);
        expect(isSecretProperty("aws:ec2/instance:Instance", "tags.Name")).to.equal(false);
    });

    it("reports a replace once, a resource gone from the cloud (create) and one gone from the program (delete); nested and detailed-diff paths", () => {
        const server = "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerAttributes";
        const urn = (name: string, type: string): string => `urn:pulumi:prod::fleet::${type}::${name}`;
        const sid = "7f3d9350-288d-41dd-9616-195bba332426";
        const doc = {
            steps: [
                { op: "same", urn: urn("a", ATTRIBUTES), newState: { type: ATTRIBUTES } },
                {
                    op: "update",
                    urn: urn("app", server),
                    oldState: { type: server, id: sid, inputs: { serverId: sid, tags: { env: "dev", team: "a" } } },
                    newState: { type: server, inputs: { serverId: sid, tags: { env: "prod", team: "a" } } },
                    detailedDiff: { "tags.env": { kind: "update" } },
                },
                ...["create-replacement", "replace", "delete-replaced"].map((op) => ({
                    op,
                    urn: urn("reboot", "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceReboot"),
                    oldState: {
                        type: "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceReboot",
                        inputs: { instanceId: "i-bp1x", forceStop: false, triggers: "[secret]" },
                    },
                    newState: {
                        type: "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceReboot",
                        inputs: { instanceId: "i-bp1x", forceStop: true, triggers: "[secret]" },
                    },
                })),
                { op: "create", urn: urn("gone", ATTRIBUTES), newState: { type: ATTRIBUTES, inputs: { instanceId: "i-bp1gone" } } },
                { op: "delete", urn: urn("old", ATTRIBUTES), oldState: { type: ATTRIBUTES, id: "i-bp1old", inputs: { instanceId: "i-bp1old" } } },
                {
                    op: "update",
                    urn: urn("noop", ATTRIBUTES),
                    oldState: { type: ATTRIBUTES, inputs: { instanceId: "i-bp1n", plannedOperation: "a" } },
                    newState: { type: ATTRIBUTES, inputs: { instanceId: "i-bp1n", plannedOperation: "b" } },
                },
            ],
        };
        const report = driftFromPreview(doc);
        expect(report.resources.map((r) => [r.name, r.op, r.cloudId])).to.deep.equal([
            ["app", "update", sid],
            ["reboot", "replace", "i-bp1x"],
            ["gone", "create", "i-bp1gone"],
            ["old", "delete", "i-bp1old"],
        ]);
        expect(report.resources[0].properties).to.deep.equal([{ property: "tags.env", program: "prod", cloud: "dev" }]);
        expect(report.resources[1].properties).to.deep.equal([{ property: "forceStop", program: "true", cloud: "false" }]);
        const md = renderMarkdown(report);
        expect(md).to.include("4 resource(s) drifted");
        expect(md).to.include("`up` would create it");
        expect(() => driftFromPreview({ config: {} })).to.throw(/no steps\[\]/);
    });

    it("observeOnly: the drift check read is the report whatever the step (op observe), a due operation as (operation); turned off: merged with the update's own", () => {
        const server = "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerAttributes";
        const reboot = "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerReboot";
        const reinstall = "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerReinstall";
        const urn = (name: string, type: string): string => `urn:pulumi:prod::fleet::${type}::${name}`;
        const sid = "7f3d9350-288d-41dd-9616-195bba332426";
        const drift = [
            { property: "description", program: "managed by ecs-ops", cloud: "changed by hand" },
            { property: "metadata", program: { owner: "platform" }, cloud: { owner: null } },
        ];
        const due = "reboot server 7f3d9350-288d-41dd-9616-195bba332426 (SOFT reboot, BatchRebootServers): hostname changes";
        const doc = {
            steps: [
                // Observing, the same drift as recorded: no step change, still reported.
                { op: "same", urn: urn("web", server), newState: { type: server, inputs: { serverId: sid, observeOnly: true, drift } } },
                {
                    op: "same",
                    urn: urn("web-restart", reboot),
                    newState: { type: reboot, inputs: { serverId: sid, observeOnly: true, pendingOperation: due } },
                },
                // Observing with nothing due and no drift: not reported.
                { op: "same", urn: urn("web-reinstall", reinstall), newState: { type: reinstall, inputs: { serverId: sid, observeOnly: true } } },
                // A due operation held secret is never printed.
                {
                    op: "same",
                    urn: urn("other-restart", reboot),
                    newState: { type: reboot, inputs: { serverId: sid, observeOnly: true, pendingOperation: "[secret]" } },
                },
                // observeOnly turned off: the update's own difference, and what the drift check read will be enforced too.
                {
                    op: "update",
                    urn: urn("app", server),
                    oldState: { type: server, id: sid, inputs: { serverId: sid, observeOnly: true, name: "app-1" } },
                    newState: {
                        type: server,
                        inputs: { serverId: sid, observeOnly: false, name: "app-2", drift: [{ property: "name", program: "app-2", cloud: "app-0" }, drift[0]] },
                    },
                },
            ],
        };
        const report = driftFromPreview(doc);
        expect(report.resources.map((r) => [r.name, r.op, r.cloudId])).to.deep.equal([
            ["web", "observe", sid],
            ["web-restart", "observe", sid],
            ["app", "update", sid],
        ]);
        expect(report.resources[0].properties).to.deep.equal([
            { property: "description", program: "managed by ecs-ops", cloud: "changed by hand" },
            { property: "metadata", program: '{"owner":"platform"}', cloud: '{"owner":null}' },
        ]);
        expect(report.resources[1].properties).to.deep.equal([{ property: "(operation)", program: due, cloud: "not run (observeOnly)" }]);
        expect(report.resources[2].properties.map((p) => p.property)).to.deep.equal(["name", "observeOnly", "description"]);
        expect(exitCodeOf(report)).to.equal(2);
        expect(renderMarkdown(report)).to.include("observed only (`observeOnly`): `up` changes nothing");
    });

    it("Markdown cells hold any value on one line: pipes escaped, newlines marked, long values cut", () => {
        const doc = {
            steps: [
                {
                    op: "update",
                    urn: "urn:pulumi:s::p::t::x",
                    oldState: { type: ATTRIBUTES, inputs: { instanceId: "i-1", description: "a|b\nc" } },
                    newState: { type: ATTRIBUTES, inputs: { instanceId: "i-1", description: "x".repeat(300) } },
                },
            ],
        };
        const md = renderMarkdown(driftFromPreview(doc));
        const row = md.split("\n").find((l) => l.startsWith("| `description`")) as string;
        expect(row).to.include("a\\|b⏎c");
        expect(row).to.include("…");
        expect(row.length).to.be.lessThan(300);
    });
});

describe("ecs-ops-drift command (standard input)", () => {
    const cli = path.join(__dirname, "..", "..", "dist", "drift", "cli.js");
    const run = (args: string[], input: string): childProcess.SpawnSyncReturns<string> =>
        childProcess.spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8" });

    it("exit 0 clean, 2 drift (Markdown or JSON), 1 on bad input or a bad argument", () => {
        const clean = run(["-"], fs.readFileSync(path.join(FIXTURES, "preview-refresh-clean.json"), "utf8"));
        expect(clean.status).to.equal(0);
        expect(clean.stdout).to.include("No drift");
        const drift = run(["-", "--format", "json"], fs.readFileSync(path.join(FIXTURES, "preview-refresh-drift.json"), "utf8"));
        expect(drift.status).to.equal(2);
        expect((JSON.parse(drift.stdout) as { resources: Array<{ cloudId: string }> }).resources[0].cloudId).to.equal("i-bp1paygrunning00001");
        const notJson = run(["-"], "error: no stack");
        expect(notJson.status).to.equal(1);
        expect(notJson.stderr).to.match(/not JSON/);
        const bad = run(["--format", "yaml", "-"], "{}");
        expect(bad.status).to.equal(1);
        expect(bad.stderr).to.match(/--format must be markdown or json/);
    });
});
