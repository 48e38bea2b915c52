import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { callEcs } from "../../provider/alicloud/api/client";
import { EcsClient } from "../../provider/huaweicloud/api/client";
import { resolveCredentials } from "../../provider/huaweicloud/credentials/credentials";
import { reinstallServer, showJob, showServer, showServerTags } from "../../provider/huaweicloud/api/ecs-api";
import { changeSecurityGroup, changeServerTags, updateServer, updateServerMetadata } from "../../provider/huaweicloud/server-attributes/api";
import { startEmulatedAlicloud } from "../provider/emulated-alicloud";
import { SERVERS, startEmulatedHuaweicloud } from "../provider/huaweicloud-emulated";

const INSTANCE = "i-bp1paygrunning00001";

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
        const v = await read();
        if (ok(v)) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

describe("emulator state file: a restarted emulator keeps its world and carries on what was under way", function () {
    this.timeout(60_000);
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-ops-state-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("Alibaba: a reboot accepted before the restart ends Running after it, once; tags and the call log survive", async () => {
        const stateFile = path.join(dir, "world.json");
        const first = await startEmulatedAlicloud({ timeScale: 0.2, stateFile });
        const deadline = Date.now() + 20_000;
        try {
            await callEcs("TagResources", { ResourceType: "instance", "ResourceId.1": INSTANCE, "Tag.1.Key": "k", "Tag.1.Value": "v" }, { deadline });
            await callEcs("RebootInstance", { InstanceId: INSTANCE }, { deadline, idempotent: false });
        } finally {
            await first.stop(); // like a kill: its pending transitions are gone with it
        }
        const saved = JSON.parse(fs.readFileSync(stateFile, "utf8")) as { version: number };
        expect(saved.version).to.equal(1);
        const second = await startEmulatedAlicloud({ timeScale: 0.2, stateFile });
        try {
            type Inst = { instanceId: string; status: string; guest: { bootCount: number } };
            const now = (await second.state()).instances.find((i) => i.instanceId === INSTANCE) as unknown as Inst;
            expect(now.status).to.equal("Starting"); // RebootInstance: Running → Starting → Running, as its reference says
            const done = await until(
                "Running",
                async () => (await second.state()).instances.find((i) => i.instanceId === INSTANCE) as unknown as Inst,
                (i) => i.status === "Running",
            );
            expect(done.guest.bootCount).to.equal(1);
            const calls = await second.calls();
            expect(calls.filter((c) => c.action === "RebootInstance")).to.have.length(1);
            const body = await callEcs<{ Instances: { Instance: Array<{ Tags: { Tag: Array<{ TagKey: string; TagValue: string }> } }> } }>(
                "DescribeInstances",
                { InstanceIds: JSON.stringify([INSTANCE]) },
                { deadline: Date.now() + 10_000 },
            );
            expect(body.Instances.Instance[0].Tags.Tag).to.deep.equal([{ TagKey: "k", TagValue: "v" }]);
        } finally {
            await second.stop();
        }
    });

    it("Huawei: a reinstall job running at the restart succeeds after it, once, with what the reinstall asked", async () => {
        const stateFile = path.join(dir, "world.json");
        const first = await startEmulatedHuaweicloud({ timeScale: 0.02, stateFile });
        let jobId: string;
        try {
            jobId = await reinstallServer(
                new EcsClient(resolveCredentials()),
                "v1",
                SERVERS.shutoff,
                { "os-reinstall": { adminpass: "Reinstall-2026x" } },
                { deadline: Date.now() + 10_000 },
            );
        } finally {
            await first.stop();
        }
        const second = await startEmulatedHuaweicloud({ timeScale: 0.02, stateFile });
        try {
            const client = new EcsClient(resolveCredentials());
            const job = await until(
                "SUCCESS",
                () => showJob(client, jobId, { deadline: Date.now() + 10_000 }),
                (j) => j.status === "SUCCESS",
            );
            expect(job.job_id).to.equal(jobId);
            type Srv = { id: string; guest: { reinstallCount: number; lastJobId: string } };
            const server = ((await second.state()).servers as unknown as Srv[]).find((s) => s.id === SERVERS.shutoff)!;
            expect(server.guest).to.include({ reinstallCount: 1, lastJobId: jobId });
            expect(fs.readFileSync(stateFile, "utf8")).to.not.include("Reinstall-2026x");
        } finally {
            await second.stop();
        }
    });

    it("Huawei: every attribute set through the API reads back after a restart (ShowServer, ListServersDetails, ShowServerTags), with settling on", async () => {
        // Reads lag by the settling delay (60 ms here): the restarted emulator must answer the servers
        // of the state file, not those of the fixture it started from (ecs-web-01) before loading it.
        const stateFile = path.join(dir, "world.json");
        const options = { timeScale: 0.02, settleMs: 3000, stateFile };
        const WEB_GROUP = "3f1c2a9e-7b4d-4e6a-9c21-5d8e0f1a2b3c";
        const DEFAULT_GROUP = "d5d00e78-2944-49bf-b861-d2abaa54fa29";
        const first = await startEmulatedHuaweicloud(options);
        try {
            const client = new EcsClient(resolveCredentials());
            const o = () => ({ deadline: Date.now() + 10_000 });
            await updateServer(client, SERVERS.active, { name: "web-renamed", description: "set through the API", hostname: "web-host-7" }, o());
            await updateServerMetadata(client, SERVERS.active, { owner: "platform" }, o());
            await changeServerTags(client, SERVERS.active, "create", { team: "web" }, o());
            await changeSecurityGroup(client, SERVERS.active, "add", WEB_GROUP, o());
            await changeSecurityGroup(client, SERVERS.active, "remove", DEFAULT_GROUP, o());
        } finally {
            await first.stop();
        }
        const second = await startEmulatedHuaweicloud(options);
        try {
            const client = new EcsClient(resolveCredentials());
            const o = () => ({ deadline: Date.now() + 10_000 });
            type Detail = {
                name: string;
                description: string;
                "OS-EXT-SRV-ATTR:hostname": string;
                metadata: Record<string, string>;
                tags: string[];
                security_groups: Array<{ id: string }>;
            };
            const expectSet = (d: Detail, via: string) => {
                expect(d.name, via).to.equal("web-renamed");
                expect(d.description, via).to.equal("set through the API");
                expect(d["OS-EXT-SRV-ATTR:hostname"], via).to.equal("web-host-7");
                expect(d.metadata, via).to.include({ owner: "platform" });
                expect(d.tags, via).to.include("team=web");
                expect(
                    d.security_groups.map((g) => g.id),
                    via,
                ).to.deep.equal([WEB_GROUP]);
            };
            // No write has happened since the start: nothing else would bring the reads up to date.
            expectSet((await showServer(client, SERVERS.active, o())) as unknown as Detail, "ShowServer");
            const list = await client.call<{ servers: Detail[] }>({
                method: "GET",
                path: ["v1", client.credentials.projectId, "cloudservers", "detail"],
                query: { server_id: SERVERS.active },
                operation: "ListServersDetails",
                subject: `server ${SERVERS.active}`,
                idempotent: true,
                ...o(),
            });
            expect(list.servers).to.have.length(1);
            expectSet(list.servers[0], "ListServersDetails");
            expect(await showServerTags(client, SERVERS.active, o())).to.include({ team: "web" });
        } finally {
            await second.stop();
        }
    });
});
