import { Clock } from "../core/clock";
import { Settling } from "../core/settling";
import { ACTION_ERRORS, AlicloudError, COMMON, ErrorSpec, fail } from "./errors";
import { fingerprint } from "./fingerprint";
import { AlicloudWorld, Disk, Image, Instance, InstanceStatus, InstanceTypeSpec, Region, SecurityGroup } from "./model-types";

/** Realistic durations (ms) of the modelled transitions; the clock scales them. */
export const DURATIONS = {
    /** A graceful stop (Stopping → Stopped). */
    stop: 5_000,
    /** A forced stop (power off). */
    forceStop: 2_000,
    /** A start (Starting → Running). */
    start: 8_000,
    /** Creation (Pending → Running). */
    pending: 10_000,
    /** Re-initialising a system disk. */
    reInitSystemDisk: 40_000,
    /** Re-initialising a data disk. */
    reInitDataDisk: 15_000,
} as const;

/** The part of the world Describe calls read, lagging by the settling delay. */
export interface VisibleWorld {
    instances: Instance[];
    disks: Disk[];
}

/** One step of a timed transition: the status to show and how long it lasts. */
interface Step {
    status: InstanceStatus;
    holdMs: number;
}

/**
 * The Alibaba Cloud world and its rules shared by every action: lookups answering the documented
 * not-found errors, scripted faults, and the instance state machine with timed transitions.
 * Actions live in models-instances.ts, models-power.ts and models-disks.ts.
 */
export class AlicloudModel {
    world!: AlicloudWorld;
    /** Transition generation per instance: a newer transition cancels an older one's remaining steps. */
    private generations = new Map<string, number>();
    /** Statuses each instance went through since the world was loaded, with when (ISO 8601, ms). */
    private history = new Map<string, { status: InstanceStatus; at: string }[]>();

    /** What Describe calls see: the instances and disks as they were one settling delay ago. */
    private readonly settling: Settling<VisibleWorld>;

    /**
     * @param clock the emulator clock
     * @param settleMs settling delay (modelled ms): Describe calls report the state of that long ago
     */
    constructor(
        readonly clock: Clock,
        settleMs = 0,
    ) {
        this.settling = new Settling<VisibleWorld>(clock, settleMs, () => structuredClone({ instances: this.world.instances, disks: this.world.disks }));
        clock.onTick(() => this.commit());
    }

    /** Installs a freshly loaded world and starts the transitions of instances caught mid-way. */
    load(world: AlicloudWorld): void {
        this.world = world;
        this.generations.clear();
        this.history.clear();
        for (const inst of world.instances) {
            if (inst.status === "Pending")
                this.run(inst, [
                    { status: "Pending", holdMs: DURATIONS.pending },
                    { status: "Running", holdMs: 0 },
                ]);
            if (inst.status === "Starting")
                this.run(inst, [
                    { status: "Starting", holdMs: DURATIONS.start },
                    { status: "Running", holdMs: 0 },
                ]);
            if (inst.status === "Stopping")
                this.run(inst, [
                    { status: "Stopping", holdMs: DURATIONS.stop },
                    { status: "Stopped", holdMs: 0 },
                ]);
        }
        this.settling.reset();
    }

    /** Records the world as changed now (after each served action and each timed transition). */
    commit(): void {
        if (this.world !== undefined) this.settling.commit();
    }

    /** The instances and disks Describe calls report: the state of one settling delay ago. */
    visible(): VisibleWorld {
        return this.settling.visible({ instances: this.world.instances, disks: this.world.disks });
    }

    /** The instance as Describe calls report it (settling applies), or InvalidInstanceId.NotFound. */
    visibleInstance(instanceId: string, regionId?: string): Instance {
        this.instance(instanceId, regionId);
        return this.visible().instances.find((i) => i.instanceId === instanceId) as Instance;
    }

    /** Current time, ISO 8601 without milliseconds (as the API shows times). */
    nowIso(): string {
        return new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    }

    // ---- lookups -------------------------------------------------------------------------

    /** Validates an optional RegionId: malformed → InvalidRegionId.MalFormed, unknown → InvalidRegionId.NotFound. */
    checkRegion(regionId: string | undefined): Region | undefined {
        if (regionId === undefined) return undefined;
        if (!/^[a-z]{2,}(-[a-z0-9]+)+$/.test(regionId)) fail(COMMON.InvalidRegionIdMalFormed);
        const region = this.world.regions.find((r) => r.regionId === regionId);
        if (!region) fail(COMMON.InvalidRegionIdNotFound);
        return region;
    }

    /**
     * The region of the endpoint serving the current request (set by the backend around each
     * action): resources of other regions are not found there, as on the real regional endpoints.
     * Undefined outside a request.
     */
    scope: string | undefined;

    /** Whether a resource of `regionId` is reachable from the endpoint serving the current request. */
    inScope(regionId: string): boolean {
        return this.scope === undefined || this.scope === regionId;
    }

    /** The instance with this id (in `regionId` when given, and in the endpoint's region), or InvalidInstanceId.NotFound. */
    instance(instanceId: string, regionId?: string, notFound: ErrorSpec = COMMON.InvalidInstanceIdNotFound): Instance {
        const inst = this.world.instances.find(
            (i) => i.instanceId === instanceId && (regionId === undefined || i.regionId === regionId) && this.inScope(i.regionId),
        );
        if (!inst) return fail(notFound);
        return inst;
    }

    /** The instance type of an instance. */
    typeOf(inst: Instance): InstanceTypeSpec {
        const spec = this.world.instanceTypes.find((t) => t.instanceTypeId === inst.instanceType);
        if (!spec) throw new Error(`instance type ${inst.instanceType} vanished from the catalogue`);
        return spec;
    }

    /** The image with this id, if the world knows it. */
    image(imageId: string | null): Image | undefined {
        return imageId === null ? undefined : this.world.images.find((i) => i.imageId === imageId);
    }

    /** The security group with this id, in any region. */
    securityGroup(id: string): SecurityGroup | undefined {
        return this.world.securityGroups.find((g) => g.securityGroupId === id);
    }

    /** Instances that are members of a security group. */
    membersOf(groupId: string): Instance[] {
        return this.world.instances.filter((i) => i.securityGroupIds.includes(groupId));
    }

    /** Disks attached to an instance, system disk first. */
    disksOf(instanceId: string): Disk[] {
        return this.world.disks.filter((d) => d.instanceId === instanceId).sort((a, b) => (a.type === b.type ? 0 : a.type === "system" ? -1 : 1));
    }

    /** Whether an instance carries a security lock. */
    securityLocked(inst: Instance): boolean {
        return inst.operationLocks.some((l) => l.lockReason === "security");
    }

    // ---- scripted faults ----------------------------------------------------------------

    /**
     * Throws the fixture's scripted fault for this action and resource, if one is armed (a fault
     * naming no resource matches every call of its action). One-shot faults are used up; sticky ones stay.
     */
    scriptedFault(action: string, ids: { instanceId?: string; diskId?: string }): void {
        const f = this.world.faults.find(
            (x) =>
                x.action === action &&
                (x.sticky || x.remaining > 0) &&
                (x.instanceId === null || x.instanceId === ids.instanceId) &&
                (x.diskId === null || x.diskId === ids.diskId),
        );
        if (!f) return;
        if (!f.sticky) f.remaining--;
        const spec = ACTION_ERRORS[action].find((s) => s.code === f.code) as ErrorSpec;
        const err = new AlicloudError(spec, ...(f.message === null ? [defaultDetail(spec.code, ids)] : []));
        if (f.message !== null) Object.defineProperty(err, "message", { value: f.message });
        if (f.retryAfterMs !== null) err.retryAfterMs = f.retryAfterMs;
        throw err;
    }

    // ---- state machine ------------------------------------------------------------------

    /**
     * Runs a timed transition: shows `steps[0].status` now, then each next status after the
     * previous one's hold time. Entering Running from Starting or Pending is a boot.
     */
    run(inst: Instance, steps: Step[], after?: () => void): void {
        const gen = (this.generations.get(inst.instanceId) ?? 0) + 1;
        this.generations.set(inst.instanceId, gen);
        const enter = (i: number): void => {
            if (this.generations.get(inst.instanceId) !== gen) return;
            const previous = inst.status;
            this.setStatus(inst, steps[i].status, previous);
            if (i + 1 < steps.length) this.clock.after(steps[i].holdMs, () => enter(i + 1));
            else after?.();
        };
        enter(0);
    }

    /** Waits a modelled duration, then runs `fn` (cancelled by reset). */
    later(ms: number, fn: () => void): void {
        this.clock.after(ms, fn);
    }

    private setStatus(inst: Instance, status: InstanceStatus, previous: InstanceStatus): void {
        inst.status = status;
        const seen = this.history.get(inst.instanceId) ?? [];
        seen.push({ status, at: new Date(this.clock.now()).toISOString() });
        this.history.set(inst.instanceId, seen.slice(-50));
        if (status === "Running" && (previous === "Starting" || previous === "Pending")) this.boot(inst);
        if (status === "Stopped" && inst.stoppedMode === "Not-applicable" && inst.instanceChargeType === "PostPaid") {
            inst.stoppedMode = "KeepCharging";
        }
        if (status === "Starting" || status === "Running") inst.stoppedMode = "Not-applicable";
    }

    /** A boot: what the API holds now takes effect inside the guest. */
    private boot(inst: Instance): void {
        const now = this.nowIso();
        inst.startedOnce = true;
        inst.startTime = now;
        inst.needRestart = false;
        inst.guest = {
            hostName: inst.hostName,
            passwordFingerprint: inst.passwordFingerprint,
            userDataFingerprint: inst.userData === "" ? null : fingerprint(inst.userData),
            keyPairName: inst.keyPairName,
            bootCount: inst.guest.bootCount + 1,
            lastBootAt: now,
        };
    }

    // ---- state view ---------------------------------------------------------------------

    /** Settings changed through the API that the guest will see only after an API restart. */
    restartPending(inst: Instance): string[] {
        const pending: string[] = [];
        if (inst.guest.hostName !== inst.hostName) pending.push("HostName");
        if (inst.guest.passwordFingerprint !== inst.passwordFingerprint) pending.push("Password");
        const ud = inst.userData === "" ? null : fingerprint(inst.userData);
        if (inst.guest.userDataFingerprint !== ud) pending.push("UserData");
        if (inst.guest.keyPairName !== inst.keyPairName) pending.push("KeyPairName");
        return pending;
    }

    /** The world for `GET /_emulator/state`: secrets only as fingerprints, credentials without secrets. */
    state(): unknown {
        const w = this.world;
        return {
            credentials: w.credentials.map((c) => ({
                accessKeyId: c.accessKeyId,
                securityToken: c.securityToken === null ? null : "<redacted>",
                expiration: c.expiration,
                disabled: c.disabled,
            })),
            regions: w.regions,
            vpcs: w.vpcs,
            securityGroups: w.securityGroups.map((g) => ({ ...g, instanceCount: this.membersOf(g.securityGroupId).length })),
            keyPairs: w.keyPairs,
            images: w.images,
            kmsKeys: w.kmsKeys,
            instances: w.instances.map((i) => {
                const { userData, remoteConnection, ...rest } = i;
                return {
                    ...rest,
                    userData: userData === "" ? null : { fingerprint: fingerprint(userData), base64Length: userData.length },
                    remoteConnection,
                    restartPending: this.restartPending(i),
                    statusHistory: this.history.get(i.instanceId) ?? [],
                };
            }),
            disks: w.disks,
            faults: w.faults,
            limits: w.limits,
            features: w.features,
            resourceTags: w.resourceTags ?? {},
        };
    }
}

function defaultDetail(code: string, ids: { instanceId?: string; diskId?: string }): string {
    const what = ids.instanceId ?? ids.diskId ?? "the resource";
    return `${code}: the operation on ${what} was refused (scripted fault).`;
}
