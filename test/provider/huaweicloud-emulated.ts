// Test support for the Huawei Cloud provider: an in-process emulator reached over real HTTP, the
// environment pointing the client at it, and its control API.
import { CallRecord, defaultFixture, EMULATOR_HUAWEICLOUD_CREDENTIALS, EmulatorOptions } from "../../emulator";
import { pollTuning } from "../../provider/huaweicloud/server-reinstall/handler";
import { EmulatedCloud, startEmulatedCloud } from "../support/emulated-cloud";

/** Every variable the Huawei credential resolution reads; saved, cleared and restored around a test file. */
export const HUAWEI_ENV_KEYS = [
    "HW_ACCESS_KEY",
    "HW_SECRET_KEY",
    "HW_SECURITY_TOKEN",
    "HW_REGION_NAME",
    "HW_PROJECT_ID",
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "ECS_OPS_HUAWEICLOUD_ENDPOINT",
    "HUAWEICLOUD_SDK_IDP_ID",
    "HUAWEICLOUD_SDK_ID_TOKEN_FILE",
    "HW_PROFILE",
    "HW_SHARED_CONFIG_FILE",
    "HW_USE_ECS_METADATA",
    "HW_ASSUME_ROLE_AGENCY_NAME",
    "HW_ASSUME_ROLE_DOMAIN_NAME",
    "HW_ASSUME_ROLE_DURATION",
    "ECS_OPS_HUAWEICLOUD_IAM_ENDPOINT",
    "ECS_OPS_HUAWEICLOUD_METADATA_ENDPOINT",
] as const;

/** Server ids of the default fixture (emulator/fixtures/default-huaweicloud.json). */
export const SERVERS = {
    /** ACTIVE Linux: a reinstall needs stopServer. */
    active: "7f3d9350-288d-41dd-9616-195bba332426",
    /** SHUTOFF Linux, ready. */
    shutoff: "277c9006-6084-45d6-9702-91a3349b38b8",
    /** Locked: reinstall answers Ecs.0605. */
    locked: "65098b1f-7bc2-4cbc-9b4a-9abbd2bd66e1",
    /** No system disk: Ecs.0105. */
    noSystemDisk: "9e58abf8-d523-4fda-9572-252c22a70df1",
    /** Its next reinstall job FAILs (scripted), the one after succeeds. */
    failsNext: "a6ff54cf-d08a-4a99-b87b-73e88c4bdb07",
    /** SHUTOFF Windows. */
    windows: "02e1e5a2-f0c0-407d-aa52-76a3e5a35920",
    /** Its next reinstall job stays RUNNING for 30 modelled minutes (scripted). */
    stuck: "c85a4d25-5d3a-4c81-84c4-7d973e1fd22d",
    /** ERROR (not from a failed reinstall): Ecs.0100. */
    error: "dfa65efd-830c-4860-b9f2-f0c26e8eb00b",
    /** Not in the fixture. */
    missing: "00000000-0000-4000-8000-000000000000",
} as const;

/** The IAM user id of the default credentials, and a key pair of the default project. */
export const USER_ID = "7e25b1da389f4697a79df3a0e5bd494e";
export const KEY_NAME = "KeyPair-350b";
/** An authorised and an unauthorised KMS key of the default project. */
export const CMK_AUTHORIZED = "83cdb52d-9ebf-4469-9cfa-e7b5b80da846";
export const CMK_NOT_GRANTED = "011b81fb-ab0a-4efd-a00f-95c9a513f509";

/** A running emulator with the environment pointed at it; `reset()` without a fixture reloads the last one loaded. */
export type EmulatedHuaweicloud = EmulatedCloud<Record<string, unknown>, unknown>;

/** Starts the emulator on 127.0.0.1 (port 0) and points the Huawei client at it through the environment. */
export function startEmulatedHuaweicloud(options: EmulatorOptions = { timeScale: 0.01 }): Promise<EmulatedHuaweicloud> {
    return startEmulatedCloud<Record<string, unknown>, unknown>({
        cloud: "huaweicloud",
        options,
        envKeys: HUAWEI_ENV_KEYS,
        env: (url) => ({
            ECS_OPS_HUAWEICLOUD_ENDPOINT: `${url}/{region}`, // each region at its regional endpoint
            HW_ACCESS_KEY: EMULATOR_HUAWEICLOUD_CREDENTIALS.accessKey,
            HW_SECRET_KEY: EMULATOR_HUAWEICLOUD_CREDENTIALS.secretKey,
            HW_PROJECT_ID: EMULATOR_HUAWEICLOUD_CREDENTIALS.projectId,
            HW_REGION_NAME: "cn-north-4",
        }),
    });
}

/** Operation names of calls, in order. */
export function operations(calls: CallRecord[]): string[] {
    return calls.map((c) => c.action);
}

/** Mocha hooks of a describe block: a job (the reinstall's, or the `tuning` given) is polled every 50–200 ms (instead of seconds) while it runs. */
export function fastJobPolls(tuning: { initialIntervalMs?: number; maxIntervalMs?: number } = pollTuning): void {
    before(() => {
        tuning.initialIntervalMs = 50;
        tuning.maxIntervalMs = 200;
    });
    after(() => {
        delete tuning.initialIntervalMs;
        delete tuning.maxIntervalMs;
    });
}

/** The default fixture, with the "stuck" server's next job RUNNING for `runningMs` modelled ms. */
export function fixtureWithStuckJob(runningMs: number): unknown {
    const f = defaultFixture() as { huaweicloud: { scriptedFaults: Array<{ serverId: string; nextReinstall: unknown }> } };
    f.huaweicloud.scriptedFaults = f.huaweicloud.scriptedFaults.map((s) =>
        s.serverId === SERVERS.stuck ? { serverId: s.serverId, nextReinstall: { stuck: { runningMs } } } : s,
    );
    return f;
}
