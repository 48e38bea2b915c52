import { createHash } from "crypto";
import { ServerRecord } from "./models";
import { launchedAt, reportedHostname } from "./models-attributes";

/**
 * The ECS `ServerDetail` JSON of a server, as answered by ShowServer (`{server: …}`) and
 * ListServersDetails (`{count, servers: […]}`), `OS-EXT-SRV-ATTR:user_data` included (base64).
 */

/** Nova power states: 1 running (also while powering off or rebooting), 4 shut down (also while rebuilding). */
function powerState(s: ServerRecord): number {
    return s.status === "ACTIVE" || s.status === "REBOOT" || s.status === "HARD_REBOOT" ? 1 : 4;
}

function mac(seed: string): string {
    const h = createHash("sha256").update(seed).digest("hex");
    return `fa:16:3e:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
}

/** `created` / `updated` as the reference writes them: `2018-08-15T14:21:22Z` (seconds, UTC). */
export function hwSeconds(iso: string): string {
    return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

/** `OS-SRV-USG:launched_at` as the reference writes it: `2018-08-15T14:21:22.000000` (microseconds, no zone). */
export function hwMicros(iso: string): string {
    const d = new Date(iso).toISOString();
    return `${d.slice(0, 23)}000`;
}

/**
 * The entry ListServersDetails answers for a `server_id` the project does not hold: every field
 * null but `id` and `fault` (SDK model ListServersDetailsRequest, `server_id`).
 */
export function missingServerView(id: string, template: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(template)) out[key] = null;
    return { ...out, id, fault: { code: 404, message: `Instance[${id}] could not be found.`, created: hwSeconds(new Date(0).toISOString()) } };
}

/** The `UpdateServerResult` of UpdateServer (a smaller, Nova-like view: `image` is a string, no security groups). */
export function updateServerView(s: ServerRecord): Record<string, unknown> {
    const links = (kind: string, id: string) => [{ rel: "self", href: `https://ecs.example/v2.1/${s.projectId}/${kind}/${id}` }];
    return {
        tenant_id: s.projectId,
        image: "",
        accessIPv4: "",
        accessIPv6: "",
        metadata: { ...s.metadata },
        addresses: { [s.vpcId]: s.privateIps.map((addr) => ({ version: 4, addr })) },
        created: hwSeconds(s.created),
        hostId: createHash("sha256").update(`${s.projectId}/${s.availabilityZone}`).digest("hex").slice(0, 56),
        flavor: { id: s.flavor.id, links: links("flavors", s.flavor.id) },
        "OS-DCF:diskConfig": "MANUAL",
        user_id: s.userId,
        name: s.name,
        progress: 0,
        links: links("servers", s.id),
        id: s.id,
        updated: hwSeconds(s.updated),
        locked: s.locked,
        description: s.description,
        tags: [...s.tags],
        status: s.status,
        "OS-EXT-SRV-ATTR:user_data": s.userData ?? "",
        "OS-EXT-SRV-ATTR:hostname": reportedHostname(s),
    };
}

/** The ServerDetail object of one server. */
export function serverView(s: ServerRecord): Record<string, unknown> {
    const volumes = [
        ...(s.systemDisk ? [{ id: s.systemDisk.id, delete_on_termination: "true", bootIndex: "0", device: s.systemDisk.device }] : []),
        ...s.dataDisks.map((d, i) => ({ id: d.id, delete_on_termination: "false", bootIndex: String(i + 1), device: d.device })),
    ];
    return {
        id: s.id,
        name: s.name,
        description: s.description,
        status: s.status,
        created: hwSeconds(s.created),
        updated: hwSeconds(s.updated),
        hostId: createHash("sha256").update(`${s.projectId}/${s.availabilityZone}`).digest("hex").slice(0, 56),
        addresses: {
            [s.vpcId]: s.privateIps.map((addr) => ({
                version: "4",
                addr,
                "OS-EXT-IPS:type": "fixed",
                "OS-EXT-IPS-MAC:mac_addr": mac(`${s.id}/${addr}`),
                "OS-EXT-IPS:port_id": createHash("md5")
                    .update(`${s.id}/${addr}`)
                    .digest("hex")
                    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5"),
            })),
        },
        key_name: s.keyName ?? "",
        image: { id: s.imageId },
        flavor: { id: s.flavor.id, name: s.flavor.name, disk: "0", vcpus: String(s.flavor.vcpus), ram: String(s.flavor.ram) },
        security_groups: s.securityGroups.map((g) => ({ id: g.id, name: g.name })),
        "OS-EXT-AZ:availability_zone": s.availabilityZone,
        user_id: s.userId,
        tenant_id: s.projectId,
        "OS-DCF:diskConfig": "MANUAL",
        accessIPv4: "",
        accessIPv6: "",
        progress: 0,
        "OS-EXT-STS:power_state": powerState(s),
        "OS-EXT-STS:vm_state": s.vmState,
        "OS-EXT-STS:task_state": s.taskState,
        "OS-SRV-USG:launched_at": hwMicros(launchedAt(s)),
        "OS-SRV-USG:terminated_at": "",
        "os-extended-volumes:volumes_attached": volumes,
        fault: s.fault === null ? null : { ...s.fault, created: hwSeconds(s.fault.created) },
        metadata: { ...s.metadata },
        locked: s.locked,
        tags: [...s.tags],
        enterprise_project_id: s.enterpriseProjectId,
        sys_tags: [{ key: "_sys_enterprise_project_id", value: s.enterpriseProjectId }],
        host_status: "UP",
        config_drive: "",
        "OS-EXT-SRV-ATTR:hostname": reportedHostname(s),
        "OS-EXT-SRV-ATTR:instance_name": `instance-${s.id.slice(0, 8)}`,
        "OS-EXT-SRV-ATTR:reservation_id": s.reservationId,
        "OS-EXT-SRV-ATTR:launch_index": 0,
        "OS-EXT-SRV-ATTR:root_device_name": s.systemDisk ? s.systemDisk.device : "",
        // The user data of the last reinstall (base64, as the reinstall body carried it), or "".
        "OS-EXT-SRV-ATTR:user_data": s.userData ?? "",
    };
}
