import { CloudBackend, EmulatorContext } from "../core/backend";

/** Placeholder until the alicloud front end lands: accepts no request. */
export function createAlicloudBackend(_ctx: EmulatorContext): CloudBackend {
    return {
        cloud: "alicloud",
        accepts: () => false,
        handle: async () => ({ status: 501, body: {} }),
        state: () => ({}),
        reset: () => undefined,
    };
}
