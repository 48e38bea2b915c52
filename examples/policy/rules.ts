// The rules of the ecs-ops policy pack as pure functions, so they can be tested without the engine.
// index.ts wires them into @pulumi/policy.

/** Resource types of the ecs-ops dynamic resources (pulumi-nodejs:dynamic/<module>:<type>). */
export const TYPES = {
    instanceAttributes: "pulumi-nodejs:dynamic/ecs-ops:alicloud.InstanceAttributes",
    diskReinit: "pulumi-nodejs:dynamic/ecs-ops:alicloud.DiskReinit",
    serverReinstall: "pulumi-nodejs:dynamic/ecs-ops:huaweicloud.ServerReinstall",
} as const;

/**
 * The stack config key that allows destructive operations (`pulumi config set ecs-ops:allowDestructiveOperations
 * true`). The policy reads it from the inputs of the stack's default `pulumi-nodejs` provider, into which the
 * engine copies the stack's config.
 */
export const ALLOW_DESTRUCTIVE_KEY = "ecs-ops:allowDestructiveOperations";

/** The security groups allowed when the pack is given no config: the emulator's web and app groups. */
export const DEFAULT_ALLOWED_SECURITY_GROUPS = ["sg-bp1webnormal000001", "sg-bp1appnormal000002"];

/** deletion-protection: a managed instance must keep deletion protection on. */
export function deletionProtectionViolation(props: Record<string, unknown>): string | undefined {
    if (props.deletionProtection === true) return undefined;
    const id = typeof props.instanceId === "string" ? props.instanceId : "an instance";
    return `${id}: deletionProtection must be true on every managed instance (it is ${JSON.stringify(props.deletionProtection ?? "unset")})`;
}

/** Whether the stack config (as the provider's inputs) allows destructive operations. */
export function destructiveAllowed(providerProps: Record<string, unknown> | undefined): boolean {
    const raw = providerProps?.[ALLOW_DESTRUCTIVE_KEY];
    const value = raw !== null && typeof raw === "object" && "value" in raw ? (raw as { value: unknown }).value : raw;
    return value === true || value === "true";
}

/** destructive-operations: DiskReinit and ServerReinstall only in stacks that allow destructive operations. */
export function destructiveOperationViolation(type: string, name: string, providerProps: Record<string, unknown> | undefined): string | undefined {
    if (type !== TYPES.diskReinit && type !== TYPES.serverReinstall) return undefined;
    if (destructiveAllowed(providerProps)) return undefined;
    const what = type === TYPES.diskReinit ? "DiskReinit (wipes a disk)" : "ServerReinstall (reinstalls the OS)";
    return (
        `${name}: ${what} is a destructive operation; this stack does not allow them. ` +
        `Allow them with \`pulumi config set ${ALLOW_DESTRUCTIVE_KEY} true\` on stacks where that is intended.`
    );
}

/** allowed-security-groups: every security group of a managed instance is on the allowed list. */
export function securityGroupViolation(props: Record<string, unknown>, allowed: readonly string[]): string | undefined {
    const groups = props.securityGroupIds;
    if (!Array.isArray(groups)) return undefined; // not managed by this resource
    const refused = groups.filter((g) => typeof g !== "string" || !allowed.includes(g));
    if (refused.length === 0) return undefined;
    const id = typeof props.instanceId === "string" ? props.instanceId : "an instance";
    return `${id}: security group(s) ${refused.join(", ")} are not on the allowed list (${allowed.join(", ")})`;
}
