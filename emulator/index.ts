import { createAlicloudBackend } from "./alicloud";
import { CloudBackend, EmulatorContext } from "./core/backend";
import { Fixture } from "./core/fixture";
import { serve } from "./core/server";
import { DEFAULT_SETTLE_MS } from "./core/settling";
import { World } from "./core/world";
import { createHuaweicloudBackend } from "./huaweicloud";

export { Fixture, defaultFixture } from "./core/fixture";
export { CallRecord, CloudName } from "./core/call-log";
export { FaultConfig } from "./core/faults";
export { DEFAULT_SETTLE_MS } from "./core/settling";
export { DEFAULT_ACTIONTRAIL_DELAY_MS } from "./alicloud/actiontrail";

/** Options of `startEmulator`. */
export interface EmulatorOptions {
    /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
    port?: number;
    /** A fixture file path or object; the default fixture when omitted. */
    fixture?: string | Fixture;
    /** Multiplier applied to every modelled duration (1 = realistic, 0.01 = 100x faster). Default 1. */
    timeScale?: number;
    /**
     * Settling delay in modelled ms (scaled by `timeScale`): for this long after an action, Describe
     * calls still report the state from before it. Default `DEFAULT_SETTLE_MS` (3000); 0 = reads are live.
     */
    settleMs?: number;
    /**
     * A state file: read at start when it exists (the world, the operations under way and the call
     * log, instead of the fixture), written after every request and transition. An emulator killed
     * and started again with the same file keeps its world, like a cloud endpoint after an outage.
     */
    stateFile?: string;
    /**
     * How long ActionTrail takes to deliver an Alibaba call's event to LookupEvents, in modelled ms
     * (scaled by `timeScale`). Default `DEFAULT_ACTIONTRAIL_DELAY_MS` (5 minutes); a fixture's
     * `alicloud.actionTrail.deliveryDelayMs` overrides it.
     */
    actionTrailDelayMs?: number;
}

/** A running emulator. */
export interface Emulator {
    /** Base URL, e.g. `http://127.0.0.1:38211`: the endpoint for both clouds. */
    url: string;
    port: number;
    /** Stops the server and every pending state transition. */
    stop(): Promise<void>;
}

/** Default Alibaba Cloud credentials accepted by the default fixture. */
export const EMULATOR_ALICLOUD_CREDENTIALS = {
    accessKeyId: "LTAI5tEmulatorAccessKey",
    accessKeySecret: "emulator-access-key-secret",
} as const;

/** Default Huawei Cloud credentials and project accepted by the default fixture. */
export const EMULATOR_HUAWEICLOUD_CREDENTIALS = {
    accessKey: "EMULATORAK00000000000",
    secretKey: "emulator-secret-key",
    projectId: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
} as const;

/** Starts the local ECS emulator of both clouds on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
    const alicloud = (ctx: EmulatorContext): CloudBackend => createAlicloudBackend(ctx, { actionTrailDelayMs: options.actionTrailDelayMs });
    const world = new World(
        options.fixture,
        options.timeScale ?? 1,
        [alicloud, createHuaweicloudBackend],
        options.settleMs ?? DEFAULT_SETTLE_MS,
        options.stateFile,
    );
    const server = await serve(world, options.port ?? 0);
    return {
        url: server.url,
        port: server.port,
        stop: async () => {
            world.ctx.clock.stop();
            await server.close();
        },
    };
}
