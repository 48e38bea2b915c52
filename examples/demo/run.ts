// `npm run demo`: the GitOps story of ecs-ops, under the real `pulumi` CLI, against the local
// emulator — no cloud account needed. It prints every command it runs and what the engine said,
// and ends with the API calls each step made. Exit code non-zero if any step fails.
import * as path from "path";
import { CallRecord, EMULATOR_ALICLOUD_CREDENTIALS, startEmulator } from "../../emulator";
import { createStack, ensureCli, TestStack } from "../../tools/stack-runner";

const repo = path.resolve(__dirname, "..", "..");
const FLEET = ["i-bp1paygrunning00001", "i-bp1paygrunning00009", "i-bp1paygrunning00010"];
const FLEET_GROUPS = ["sg-bp1webnormal000001", "sg-bp1appnormal000002"];
const REBOOT_TARGET = "i-bp1paygrunning00001";
const REINIT_TARGET = "i-bp1subsstopped00002";
/** The default Huawei world's running server (project 1, cn-north-4). */
const HUAWEI_SERVER = "7f3d9350-288d-41dd-9616-195bba332426";

interface StepSummary {
    step: string;
    calls: CallRecord[];
}
const summary: StepSummary[] = [];

function banner(text: string): void {
    console.log(`\n${"=".repeat(78)}\n== ${text}\n${"=".repeat(78)}`);
}

function countCalls(calls: CallRecord[]): string {
    const counts = new Map<string, number>();
    for (const c of calls) {
        const key = c.code ? `${c.action}(${c.code})` : c.action;
        counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts.size === 0 ? "no API calls" : [...counts].map(([k, n]) => `${k}×${n}`).join(", ");
}

/** Runs one pulumi command the way a user would type it and shows its output. */
async function step(stack: TestStack, title: string, args: string[]): Promise<string> {
    banner(title);
    console.log(`$ pulumi ${args.join(" ")}\n`);
    await stack.clearEmulatorCalls();
    const r = await stack.run(args, { allowFailure: true });
    const calls = await stack.emulatorCalls();
    console.log(r.stdout.trimEnd());
    if (r.stderr.trim()) console.log(r.stderr.trimEnd());
    summary.push({ step: title, calls });
    console.log(`\n-- API calls: ${countCalls(calls)}`);
    if (r.exitCode !== 0) throw new Error(`step "${title}" failed: pulumi exited with ${r.exitCode}`);
    return r.stdout;
}

/** Changes an instance behind Pulumi's back, as a colleague in the console would. */
async function renameByHand(emulatorUrl: string, instanceId: string, name: string): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const RPCClient = require("@alicloud/pop-core").RPCClient;
    const client = new RPCClient({
        endpoint: emulatorUrl,
        apiVersion: "2014-05-26",
        accessKeyId: EMULATOR_ALICLOUD_CREDENTIALS.accessKeyId,
        accessKeySecret: EMULATOR_ALICLOUD_CREDENTIALS.accessKeySecret,
    });
    await client.request("ModifyInstanceAttribute", { RegionId: "cn-hangzhou", InstanceId: instanceId, InstanceName: name }, { method: "POST" });
}

async function main(): Promise<void> {
    banner("ecs-ops demo: the Pulumi CLI (a pulumi >= 3.200 on PATH, else the pinned build in .tools/bin)");
    // The same steps as `npm test`'s pretest: PATH first, then the cached build, else build it with progress.
    const cli = await ensureCli({ build: true });
    console.log(`pulumi v${cli.version} from ${cli.source === "path" ? "PATH" : cli.binDir}`);

    banner("ecs-ops demo: starting the local ECS emulator (Alibaba Cloud + Huawei Cloud)");
    const emulator = await startEmulator({ timeScale: 0.05 });
    console.log(`emulator listening on ${emulator.url}`);
    const stacks: TestStack[] = [];
    try {
        banner("creating a local stack for examples/alicloud-attributes (file backend in a temp dir)");
        const fleet = await createStack({
            program: path.join(repo, "examples", "alicloud-attributes"),
            stackName: "demo",
            emulator: { url: emulator.url },
        });
        stacks.push(fleet);
        const configArgs = await fleet.setListConfig({ instanceIds: FLEET, securityGroupIds: FLEET_GROUPS });
        console.log(`$ pulumi ${configArgs.map((a) => (a.includes("=") ? `'${a}'` : a)).join(" ")}`);
        console.log(`project copied to ${fleet.projectDir}; endpoint and credentials set as stack config`);

        await step(fleet, "1. pulumi preview: what would change, and which changes need a restart", ["preview", "--diff"]);
        await step(fleet, "2. pulumi up: adopt the instances, one ModifyInstanceAttribute each (hostnames unchanged: no reboot)", [
            "up",
            "--yes",
            "--skip-preview",
        ]);
        await step(fleet, "3. pulumi up again: nothing to do", ["up", "--yes", "--skip-preview"]);

        banner("4. drift: someone renames an instance in the console");
        await renameByHand(emulator.url, FLEET[0], "renamed-by-hand");
        console.log(`ModifyInstanceAttribute InstanceName=renamed-by-hand on ${FLEET[0]} (outside Pulumi)`);
        await step(fleet, "4a. pulumi refresh: the drift shows up", ["refresh", "--yes", "--skip-preview", "--diff"]);
        await step(fleet, "4b. pulumi up: converge back to the program", ["up", "--yes", "--skip-preview", "--diff"]);

        banner("5. a change that needs a restart: new hostnames");
        await fleet.setConfig("namePrefix", "www");
        console.log("$ pulumi config set namePrefix www");
        await step(fleet, "5a. pulumi preview: the hostname change needs a restart", ["preview", "--diff"]);
        await step(fleet, "5b. pulumi up: modify, then exactly one reboot per instance", ["up", "--yes", "--skip-preview"]);

        banner("creating a second stack for examples/alicloud-reboot-reinit");
        const ops = await createStack({
            program: path.join(repo, "examples", "alicloud-reboot-reinit"),
            stackName: "demo",
            emulator: { url: emulator.url },
            config: {
                instanceId: REBOOT_TARGET,
                rebootRevision: "1",
                reinitInstanceId: REINIT_TARGET,
                reinitPassword: { value: "Demo#Reinit2026", secret: true },
            },
        });
        stacks.push(ops);
        await step(ops, "6a. pulumi up: an explicit reboot and a system-disk re-init, each once when created", ["up", "--yes", "--skip-preview"]);
        await ops.setConfig("rebootRevision", "2");
        console.log("$ pulumi config set rebootRevision 2");
        await step(ops, "6b. pulumi up after bumping the trigger: exactly one reboot", ["up", "--yes", "--skip-preview"]);
        await step(ops, "6c. pulumi up with the same triggers: nothing runs", ["up", "--yes", "--skip-preview"]);

        await step(ops, "7a. pulumi destroy: operations are released, nothing is touched", ["destroy", "--yes", "--skip-preview"]);
        await step(fleet, "7b. pulumi destroy: instances are released from management, not deleted", ["destroy", "--yes", "--skip-preview"]);

        banner("8. the same story on Huawei Cloud: examples/huaweicloud-servers (ServerFleet)");
        const huawei = await createStack({ program: path.join(repo, "examples", "huaweicloud-servers"), stackName: "demo", emulator: { url: emulator.url } });
        stacks.push(huawei);
        await huawei.setListConfig({ serverIds: [HUAWEI_SERVER] });
        await step(huawei, "8a. pulumi up: adopt the server, UpdateServer, then one reboot to apply its new hostname", ["up", "--yes", "--skip-preview"]);
        await huawei.setConfig("namePrefix", "www");
        console.log("$ pulumi config set namePrefix www");
        await step(huawei, "8b. pulumi up after a hostname change: UpdateServer, then exactly one BatchRebootServers", [
            "up",
            "--yes",
            "--skip-preview",
            "--diff",
        ]);
        await step(huawei, "8c. pulumi destroy: the server is released from management, not rebooted", ["destroy", "--yes", "--skip-preview"]);

        banner("summary: API calls made per step (from the emulator's call log)");
        for (const s of summary) console.log(`${s.step.padEnd(100).slice(0, 100)}\n    ${countCalls(s.calls)}`);
        console.log("\ndemo finished: every step succeeded");
    } finally {
        for (const s of stacks) await s.dispose();
        await emulator.stop();
    }
}

main().catch((e: Error) => {
    console.error(`\ndemo failed: ${e.message}`);
    process.exit(1);
});
