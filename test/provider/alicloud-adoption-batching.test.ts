// Adoption of a fleet batches its DescribeInstances even when the engine starts creates one by one
// at the pace of its checkpoints (hundreds of ms apart in a large stack): InstanceAttributes' create
// against the emulator, driven as the engine drives it — `--parallel` P slots, each freed only after
// the step's checkpoint, checkpoints written one after another.
import { expect } from "chai";
import { handler } from "../../provider/alicloud/instance-attributes/handler";
import { ConsoleCapture } from "../support/console-capture";
import { emulatorHooks } from "../support/emulator-hooks";
import { fleetFixture, fleetInstanceIds } from "../support/fleet-world";
import { EmulatedAlicloud, startEmulatedAlicloud } from "./emulated-alicloud";

const N = 24;
const P = 8;
/** The engine's checkpoint after each step (longer than the old fixed 150 ms idle window). */
const CHECKPOINT_MS = 220;

describe("adoption batching (InstanceAttributes create, engine-paced)", function () {
    this.timeout(120_000);
    let cloud: EmulatedAlicloud;
    const out = new ConsoleCapture();
    emulatorHooks(
        () => startEmulatedAlicloud({ timeScale: 0.01 }),
        (c) => (cloud = c),
        { beforeEachTest: (c) => c.reset(fleetFixture(N)), capture: out },
    );

    it(`adopting ${N} instances at --parallel ${P} makes at most ⌈N/P⌉ + 1 DescribeInstances`, async () => {
        const queue = fleetInstanceIds(N);
        let checkpoints: Promise<void> = Promise.resolve();
        const checkpoint = (): Promise<void> => (checkpoints = checkpoints.then(() => new Promise<void>((r) => setTimeout(r, CHECKPOINT_MS))));
        const slot = async (): Promise<void> => {
            for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
                await handler.create({ instanceId: id, region: "cn-hangzhou", description: "adopted in batches", __provider: "p" });
                await checkpoint();
            }
        };
        await Promise.all(Array.from({ length: P }, slot));
        const calls = await cloud.calls();
        const describes = calls.filter((c) => c.action === "DescribeInstances");
        expect(calls.filter((c) => c.action === "ModifyInstanceAttribute" && c.code === null)).to.have.length(N);
        expect(describes.length, `batch sizes: ${describes.map((c) => JSON.parse(String(c.params?.InstanceIds)).length).join(", ")}`).to.be.at.most(
            Math.ceil(N / P) + 1,
        );
    });
});
