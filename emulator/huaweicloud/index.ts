import { CloudBackend, EmulatorContext } from "../core/backend";

/** Placeholder until the huaweicloud front end lands: accepts no request. */
export function createHuaweicloudBackend(_ctx: EmulatorContext): CloudBackend {
    return {
        cloud: "huaweicloud",
        accepts: () => false,
        handle: async () => ({ status: 501, body: {} }),
        state: () => ({}),
        reset: () => undefined,
    };
}
