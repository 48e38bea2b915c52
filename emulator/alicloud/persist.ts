import { AlicloudWorld, InstanceStatus } from "./model-types";
import { AlicloudModel, DURATIONS } from "./models";

/**
 * The Alibaba half of the emulator's state file: the world (instances, disks, tags, …) plus the
 * operations accepted but not finished, so that a restarted emulator carries them on as the real
 * cloud would have during an endpoint outage (a reboot keeps going to Running, a re-initialisation
 * to In_use). Pending timers themselves cannot be saved; they are rebuilt from this record.
 */

/** Operations accepted and still under way, per instance / disk. */
interface InFlight {
    /** Instance id → the status its power operation ends in. */
    power: Record<string, InstanceStatus>;
    /** Disk id → whether the instance is started when the re-initialisation ends. */
    reinit: Record<string, { autoStart: boolean }>;
}

const inflight = new WeakMap<AlicloudModel, InFlight>();

function of(model: AlicloudModel): InFlight {
    let f = inflight.get(model);
    if (f === undefined) {
        f = { power: {}, reinit: {} };
        inflight.set(model, f);
    }
    return f;
}

/** Called by the backend for every successful call: remembers the operations that change state over time. */
export function noteAccepted(model: AlicloudModel, action: string, params: ReadonlyMap<string, string>): void {
    if (params.get("DryRun") === "true") return;
    const f = of(model);
    const instanceId = params.get("InstanceId");
    if (instanceId !== undefined && (action === "RebootInstance" || action === "StartInstance")) f.power[instanceId] = "Running";
    if (instanceId !== undefined && action === "StopInstance") f.power[instanceId] = "Stopped";
    const diskId = params.get("DiskId");
    if (diskId !== undefined && action === "ReInitDisk") f.reinit[diskId] = { autoStart: params.get("AutoStartInstance") === "true" };
}

/** What the state file holds for Alibaba Cloud. */
export interface AlicloudSnapshot {
    world: AlicloudWorld;
    inflight: InFlight;
}

/** The current world and the operations under way (finished ones dropped). */
export function snapshotAlicloud(model: AlicloudModel): AlicloudSnapshot {
    const f = of(model);
    for (const [id, target] of Object.entries(f.power)) {
        const inst = model.world.instances.find((i) => i.instanceId === id);
        if (inst === undefined || (inst.status === target && !["Pending", "Starting", "Stopping"].includes(inst.status))) delete f.power[id];
    }
    for (const id of Object.keys(f.reinit)) {
        const disk = model.world.disks.find((d) => d.diskId === id);
        if (disk === undefined || disk.status !== "ReIniting") delete f.reinit[id];
    }
    return { world: model.world, inflight: structuredClone(f) };
}

/**
 * Loads a saved world and carries on what was under way: an instance between states goes on to
 * the status its operation ends in (a reboot caught Stopping still starts again), a disk
 * ReIniting finishes (and starts its instance with AutoStartInstance), each after its full
 * modelled duration from the restart.
 */
export function restoreAlicloud(model: AlicloudModel, saved: AlicloudSnapshot): void {
    model.load(saved.world);
    const f = of(model);
    f.power = { ...saved.inflight.power };
    f.reinit = { ...saved.inflight.reinit };
    for (const inst of model.world.instances) {
        const target = f.power[inst.instanceId];
        if (target === undefined) continue;
        if (inst.status === "Stopping" && target === "Running") {
            model.run(inst, [
                { status: "Stopping", holdMs: DURATIONS.stop },
                { status: "Starting", holdMs: DURATIONS.start },
                { status: "Running", holdMs: 0 },
            ]);
        } else if (inst.status === "Starting" || inst.status === "Pending") {
            model.run(inst, [
                { status: inst.status, holdMs: DURATIONS.start },
                { status: "Running", holdMs: 0 },
            ]);
        }
    }
    for (const disk of model.world.disks) {
        const pending = f.reinit[disk.diskId];
        if (disk.status !== "ReIniting" || pending === undefined) continue;
        model.later(disk.type === "system" ? DURATIONS.reInitSystemDisk : DURATIONS.reInitDataDisk, () => {
            disk.status = "In_use";
            disk.reInitCount++;
            disk.lastReInitAt = model.nowIso();
            const inst = disk.instanceId === null ? undefined : model.world.instances.find((i) => i.instanceId === disk.instanceId);
            if (pending.autoStart && inst !== undefined && inst.status === "Stopped") {
                model.run(inst, [
                    { status: "Starting", holdMs: DURATIONS.start },
                    { status: "Running", holdMs: 0 },
                ]);
            }
        });
    }
}
