import * as pulumi from "@pulumi/pulumi";

/** Stack config keys that hold credentials and must be set with `pulumi config set --secret`. */
export const SECRET_CONFIG_KEYS = {
    alicloud: ["alicloud:secretKey", "alicloud:securityToken"],
    huaweicloud: ["huaweicloud:secretKey", "huaweicloud:securityToken"],
} as const;

const warned = new Set<string>();

/** Whether a config key was set as a secret, as the language host tells the program. */
function isSecretConfig(key: string): boolean {
    // The SDK's own check (present at runtime, not in its typings); the environment variable the
    // language host sets is the same information when the SDK lacks it.
    const sdkCheck = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    if (typeof sdkCheck === "function") return sdkCheck(key);
    try {
        const keys: unknown = JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]");
        return Array.isArray(keys) && keys.includes(key);
    } catch {
        return false;
    }
}

/**
 * Warns, once per key and program run, when a credential is in the stack config as plaintext: the
 * engine copies every stack config value into the state of the dynamic-provider plugin, so a
 * plaintext secret key ends up in plaintext state. Runs in the program (resource constructors),
 * never prints the value.
 */
export function warnOnPlaintextSecretConfig(keys: readonly string[]): void {
    for (const key of keys) {
        if (warned.has(key)) continue;
        warned.add(key);
        if (pulumi.runtime.getConfig(key) === undefined || isSecretConfig(key)) continue;
        pulumi.log.warn(
            `stack config ${key} is set in plaintext: the engine stores all stack config in the state, so this credential is ` +
                `in plaintext there. Set it again with \`pulumi config set --secret ${key} <value>\`.`,
        );
    }
}
