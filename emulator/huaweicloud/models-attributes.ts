import { ECS_ERRORS, NOVA_ERRORS, apiError } from "./errors";
import { HuaweiWorld, ServerRecord } from "./models";

/**
 * The server attributes of the attribute routes (routes-attributes.ts), after the
 * `@huaweicloud/huaweicloud-sdk-ecs` models and the ECS API reference:
 * - UpdateServer (`PUT /v1/{project_id}/cloudservers/{server_id}`, `UpdateServerRequestBody` →
 *   `UpdateServerOption`): `name` 1-128 of letters, digits, `_`, `-`, `.`; `description` 0-85 without
 *   `<>`; `hostname` 1-64, period-separated segments of letters, digits and `-`, no `..`, `--`, `.-`,
 *   `-.`, not starting or ending with `.` or `-` (all from the API reference's table 3).
 *   The hostname takes effect in the guest at its next boot (reference: "restart the cloud server to
 *   apply the change"): it is kept as `pendingHostname` until a reboot or a start (models-power.ts),
 *   while reads already report it (the reference's example answer shows the new
 *   `OS-EXT-SRV-ATTR:hostname` at once).
 * - UpdateServerMetadata (`POST …/metadata`): keys 1-255 of `A-Za-z0-9-_:.`, values at most 255
 *   (reference); added or updated, other keys unchanged; answers the metadata sent. The derived
 *   system keys (`os_type`, `charging_mode`, `metering.*`, …) are refused (an emulator choice: the
 *   reference lists them as set by ECS). DeleteServerMetadata (`DELETE …/metadata/{key}`): 204; an
 *   absent key is 404 `Ecs.0005` (emulator choice, the reference gives no code).
 * - NovaAssociateSecurityGroup / NovaDisassociateSecurityGroup (`POST /v2.1/{project_id}/servers/{server_id}/action`
 *   with `addSecurityGroup` / `removeSecurityGroup` `{name}`, a security group name or id): 202, one
 *   group per call; Nova-shaped errors (`{"badRequest": {...}}`, `{"itemNotFound": {...}}`).
 * Every change needs the server idle (no job: `Ecs.0100`) and unlocked (`Ecs.0605`).
 */

/** Fields of a server the attribute routes add (optional: older state files lack them). */
export interface AttributeFields {
    /** Hostname in effect in the guest (absent: derived from the name, as at creation). */
    hostname?: string;
    /** Hostname set by UpdateServer, applied at the next boot (models-power.ts). */
    pendingHostname?: string | null;
}

/** Boot facts recorded by the power models, when present. */
interface BootFields {
    power?: { lastBootAt?: string | null };
}

/** Most security groups a server can be in (the SDK's NovaAssociateSecurityGroup note: "at most 5 recommended"; ECS quota 10). */
export const MAX_SERVER_SECURITY_GROUPS = 10;
/** Longest name, description, hostname, metadata key and value. */
export const NAME_MAX = 128;
export const DESCRIPTION_MAX = 85;
export const HOSTNAME_MAX = 64;
export const METADATA_KEY_MAX = 255;
export const METADATA_VALUE_MAX = 255;

const NAME = /^[\p{L}\p{N}_.-]+$/u;
const METADATA_KEY = /^[A-Za-z0-9_:.-]+$/;
/** Metadata keys ECS derives itself (models.ts `systemMetadata`). */
const SYSTEM_KEYS = new Set(["charging_mode", "image_name", "os_type", "os_bit", "vpc_id"]);

/** Whether a metadata key is one ECS sets itself. */
export function isSystemMetadataKey(key: string): boolean {
    return SYSTEM_KEYS.has(key) || key.startsWith("metering.");
}

function bad(detail: string): never {
    throw apiError(ECS_ERRORS.invalidParameter, detail);
}

/** The hostname derived from a name, as a new server gets it. */
function derivedHostname(name: string): string {
    return name.toLowerCase().replace(/[^a-z0-9-]/g, "-");
}

/** The hostname reads report (`OS-EXT-SRV-ATTR:hostname`): the last one set, even before it takes effect. */
export function reportedHostname(s: ServerRecord): string {
    const h = s as ServerRecord & AttributeFields;
    return h.pendingHostname ?? h.hostname ?? derivedHostname(s.name);
}

/** The hostname the guest OS runs with. */
export function guestHostname(s: ServerRecord): string {
    const h = s as ServerRecord & AttributeFields;
    return h.hostname ?? derivedHostname(s.name);
}

/** `OS-SRV-USG:launched_at`: when the guest last started (its creation, a reinstall, a reboot or a start). */
export function launchedAt(s: ServerRecord): string {
    const last = (s as ServerRecord & BootFields).power?.lastBootAt;
    return typeof last === "string" && last > s.launchedAt ? last : s.launchedAt;
}

/** Why a hostname breaks the reference's rule, or undefined. */
export function hostnameProblem(h: string): string | undefined {
    if (h.length < 1 || h.length > HOSTNAME_MAX) return `hostname must be 1 to ${HOSTNAME_MAX} characters.`;
    if (!/^[A-Za-z0-9.-]+$/.test(h)) return "hostname may contain only letters, digits, hyphens (-) and periods (.).";
    if (/^[.-]|[.-]$/.test(h)) return "hostname cannot start or end with a period (.) or a hyphen (-).";
    if (/\.\.|--|\.-|-\./.test(h)) return "hostname cannot contain .., --, .- or -.";
    return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Refuses a change to a server that is running a job or locked. */
function assertChangeable(s: ServerRecord): void {
    if (s.busyJobId !== null || s.status === "REBUILD")
        throw apiError(ECS_ERRORS.statusNotAllowed, `server ${s.id} is running job ${s.busyJobId ?? "(rebuild)"}.`);
    if (s.locked) throw apiError(ECS_ERRORS.serverLocked);
}

/** The validated `server` object of UpdateServer. */
export interface UpdateServerChange {
    name?: string;
    description?: string;
    hostname?: string;
}

/** Validates an UpdateServer body (`Ecs.0005` naming the field and rule). */
export function parseUpdateServerBody(body: unknown): UpdateServerChange {
    if (!isObject(body) || !isObject(body.server)) bad("server is required and must be an object.");
    const o = body.server;
    for (const k of Object.keys(o)) {
        if (!["name", "description", "hostname", "user_data", "security_options"].includes(k)) bad(`server.${k} is not a parameter of UpdateServer.`);
    }
    if ("user_data" in o || "security_options" in o) bad("server.user_data and server.security_options are not supported by this emulator.");
    const out: UpdateServerChange = {};
    if (o.name !== undefined) {
        if (typeof o.name !== "string" || [...o.name].length < 1 || [...o.name].length > NAME_MAX || !NAME.test(o.name)) {
            bad(`name must be 1 to ${NAME_MAX} letters, digits, underscores (_), hyphens (-) and periods (.).`);
        }
        out.name = o.name;
    }
    if (o.description !== undefined) {
        if (typeof o.description !== "string" || [...o.description].length > DESCRIPTION_MAX || /[<>]/.test(o.description)) {
            bad(`description must be 0 to ${DESCRIPTION_MAX} characters without angle brackets (<>).`);
        }
        out.description = o.description;
    }
    if (o.hostname !== undefined) {
        if (typeof o.hostname !== "string") bad("hostname must be a string.");
        const p = hostnameProblem(o.hostname);
        if (p !== undefined) bad(p);
        out.hostname = o.hostname;
    }
    return out;
}

/** Applies UpdateServer; the hostname waits for the next boot. */
export function updateServer(world: HuaweiWorld, projectId: string, serverId: string, change: UpdateServerChange): ServerRecord {
    const s = world.server(projectId, serverId);
    assertChangeable(s);
    const h = s as ServerRecord & AttributeFields;
    // The hostname was fixed at creation: a new name does not change it.
    if (h.hostname === undefined) h.hostname = derivedHostname(s.name);
    if (change.name !== undefined) s.name = change.name;
    if (change.description !== undefined) s.description = change.description;
    if (change.hostname !== undefined) h.pendingHostname = change.hostname === h.hostname ? null : change.hostname;
    s.updated = world.nowIso();
    return s;
}

/** Validates an UpdateServerMetadata body: `{metadata: {key: value}}`. */
export function parseMetadataBody(body: unknown): Record<string, string> {
    if (!isObject(body) || !isObject(body.metadata)) bad("metadata is required and must be an object.");
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(body.metadata)) {
        if ([...k].length < 1 || [...k].length > METADATA_KEY_MAX || !METADATA_KEY.test(k)) {
            bad(
                `metadata key ${JSON.stringify(k.slice(0, 40))} must be 1 to ${METADATA_KEY_MAX} letters, digits, hyphens (-), underscores (_), colons (:) and periods (.).`,
            );
        }
        if (isSystemMetadataKey(k)) bad(`metadata key ${k} is set by ECS and cannot be changed.`);
        if (typeof v !== "string" || [...v].length > METADATA_VALUE_MAX)
            bad(`metadata value of ${k} must be a string of at most ${METADATA_VALUE_MAX} characters.`);
        out[k] = v;
    }
    return out;
}

/** UpdateServerMetadata: adds or updates the keys sent, others unchanged. */
export function updateMetadata(world: HuaweiWorld, projectId: string, serverId: string, metadata: Record<string, string>): Record<string, string> {
    const s = world.server(projectId, serverId);
    assertChangeable(s);
    Object.assign(s.metadata, metadata);
    s.updated = world.nowIso();
    return metadata;
}

/** DeleteServerMetadata: removes one key (404 when absent). */
export function deleteMetadata(world: HuaweiWorld, projectId: string, serverId: string, key: string): void {
    const s = world.server(projectId, serverId);
    assertChangeable(s);
    if (isSystemMetadataKey(key)) bad(`metadata key ${key} is set by ECS and cannot be deleted.`);
    if (!(key in s.metadata)) throw apiError(ECS_ERRORS.metadataNotFound, `Metadata item ${key} was not found.`);
    delete s.metadata[key];
    s.updated = world.nowIso();
}

/** The security group named or identified by `ref` among those known in the project (fixture groups and the servers'). */
function findGroup(world: HuaweiWorld, projectId: string, ref: string): { id: string; name: string } {
    const known = [...world.securityGroupsOf(projectId)];
    const byId = known.find((g) => g.id === ref);
    if (byId) return byId;
    const byName = known.filter((g) => g.name === ref);
    if (byName.length === 1) return byName[0];
    if (byName.length > 1) throw apiError(NOVA_ERRORS.conflict, `Multiple security groups named ${ref}: use the id.`);
    throw apiError(NOVA_ERRORS.itemNotFound, `Security group ${ref} not found.`);
}

/** Parses `{addSecurityGroup: {name}}` or `{removeSecurityGroup: {name}}`. */
export function parseSecurityGroupAction(body: unknown, key: "addSecurityGroup" | "removeSecurityGroup"): string {
    if (!isObject(body) || !isObject(body[key])) throw apiError(NOVA_ERRORS.badRequest, `${key} is required and must be an object.`);
    const name = body[key].name;
    if (typeof name !== "string" || name === "") throw apiError(NOVA_ERRORS.badRequest, `${key}.name is required: a security group name or id.`);
    return name;
}

/** NovaAssociateSecurityGroup: adds one group. */
export function addSecurityGroup(world: HuaweiWorld, projectId: string, serverId: string, ref: string): void {
    const s = world.server(projectId, serverId);
    const g = findGroup(world, projectId, ref);
    assertChangeable(s);
    if (s.securityGroups.some((x) => x.id === g.id))
        throw apiError(NOVA_ERRORS.badRequest, `Server ${serverId} is already a member of security group ${g.id}.`);
    if (s.securityGroups.length >= MAX_SERVER_SECURITY_GROUPS)
        throw apiError(NOVA_ERRORS.badRequest, `A server can be in at most ${MAX_SERVER_SECURITY_GROUPS} security groups.`);
    s.securityGroups.push({ id: g.id, name: g.name });
    s.updated = world.nowIso();
}

/** NovaDisassociateSecurityGroup: removes one group (never the last one). */
export function removeSecurityGroup(world: HuaweiWorld, projectId: string, serverId: string, ref: string): void {
    const s = world.server(projectId, serverId);
    const g = findGroup(world, projectId, ref);
    assertChangeable(s);
    if (!s.securityGroups.some((x) => x.id === g.id)) throw apiError(NOVA_ERRORS.badRequest, `Security group ${g.id} not associated with server ${serverId}.`);
    if (s.securityGroups.length === 1)
        throw apiError(NOVA_ERRORS.badRequest, `Security group ${g.id} is the last one of server ${serverId}: a server keeps at least one.`);
    s.securityGroups = s.securityGroups.filter((x) => x.id !== g.id);
    s.updated = world.nowIso();
}
