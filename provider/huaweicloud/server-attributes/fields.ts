// The attributes huaweicloud.ServerAttributes manages and the resource's other inputs: a tiny module
// of constants (no imports), cheap to load in user programs.

/** Inputs that are attributes of the server (everything else configures the resource). */
export const SERVER_ATTRIBUTE_KEYS = ["name", "description", "hostname", "securityGroupIds", "metadata", "tags"] as const;

/** One managed attribute's input name. */
export type ServerAttributeKey = (typeof SERVER_ATTRIBUTE_KEYS)[number];

/** Every input of `huaweicloud.ServerAttributes`: the server, its attributes, and the resource's settings. */
export const SERVER_ATTRIBUTES_INPUTS: readonly string[] = ["serverId", "region", "projectId", ...SERVER_ATTRIBUTE_KEYS, "restoreOnDelete", "timeouts"];

/** Inputs whose change replaces the resource (another server, or the same id elsewhere). */
export const REPLACE_KEYS: readonly string[] = ["serverId", "region", "projectId"];

/** Changes that ECS accepts at once but that the guest OS sees only after the server restarts. */
export const RESTART_KEYS: ReadonlySet<ServerAttributeKey> = new Set<ServerAttributeKey>(["hostname"]);
