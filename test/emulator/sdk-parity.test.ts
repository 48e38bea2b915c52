// Parity with the official SDKs' response models: every emulated action is called and every
// field of its answers is checked against the SDK model (names, nesting, types, timestamp
// formats). The model fields the emulator leaves out on purpose are listed, with why; anything
// else — a field the model lacks, a type that differs, a model field not answered and not
// listed, a listed field that is in fact answered, an action without a row — fails.
import * as ali from "@alicloud/ecs20140526";
import { expect } from "chai";
import { Emulator, startEmulator } from "../../emulator";
import { ROUTES } from "../../emulator/alicloud/routes";
import { ROUTES as HUAWEI_ROUTES } from "../../emulator/huaweicloud/routes";
import { emulatorHooks } from "../support/emulator-hooks";
import { call, D, fixtureWith, I, reset, waitFor } from "./alicloud-client";
import { control, hwCall, P1, SERVERS, USER_ID } from "./huaweicloud-client";
import { ACTIONTRAIL_ACTIONS } from "../../emulator/alicloud/actiontrail";
import { ALI_LOOKUP_EVENTS_RESPONSE, aliModel, compare, HW_NOVA_ACTION_MODELS, hwModel, Parity, Schema } from "./sdk-models";

/** One row: how to get answers of an action, its SDK model, and what the emulator omits on purpose. */
interface Row {
    cloud: "alicloud" | "huaweicloud";
    action: string;
    model: Schema;
    answers: (url: string) => Promise<unknown[]>;
    /** Model field paths never answered, each with the reason. */
    omitted: Record<string, string>;
    /** Field paths holding timestamps, with the format the references document. */
    timestamps?: Record<string, RegExp>;
}

const ALI_SECOND = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/; // 2020-07-22T14:00:00Z (ActionTrail)
const ALI_MINUTE = /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/; // 2017-12-10T04:04Z
const HW_SECONDS_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/; // 2018-08-15T14:21:22Z (created, updated)
const HW_MICROS_NO_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/; // 2018-08-15T14:21:22.000000 (launched_at)
const NOVA_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/; // 2014-12-11T02:17:49.000000 (instance actions)
const HW_JOB_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$|^$/; // 2019-07-16T08:59:16.146Z, "" while running

async function aliOk(url: string, action: string, params: Record<string, string | number | boolean>): Promise<Record<string, unknown>> {
    const r = await call(url, action, params);
    expect(r.status, `${action}: ${r.text}`).to.equal(200);
    return r.body;
}

async function hwOk(url: string, o: Parameters<typeof hwCall>[1]): Promise<Record<string, unknown>> {
    const r = await hwCall(url, o);
    expect(r.status, `${o.path}: ${JSON.stringify(r.json)}`).to.equal(200);
    return r.json as Record<string, unknown>;
}

/** A call the API answers 204 with no body (the tag writes): the answer has no field at all. */
async function hwNoContent(url: string, o: Parameters<typeof hwCall>[1]): Promise<Record<string, unknown>> {
    const r = await hwCall(url, o);
    expect(r.status, `${o.path}: ${JSON.stringify(r.json)}`).to.equal(204);
    expect(r.json === "" || r.json === undefined, `${o.path}: a 204 has no body`).to.equal(true);
    return {};
}

/** A Nova action the API answers 202 with no body (the security group actions). */
async function hwAccepted(url: string, o: Parameters<typeof hwCall>[1]): Promise<Record<string, unknown>> {
    const r = await hwCall(url, o);
    expect(r.status, `${o.path}: ${JSON.stringify(r.json)}`).to.equal(202);
    expect(r.json === "" || r.json === undefined, `${o.path}: a 202 has no body`).to.equal(true);
    return {};
}

const INSTANCE_OMITTED: Record<string, string> = {
    "Instances.Instance[].AdditionalInfo": "enhanced-virtualization details of a few families; not modelled",
    "Instances.Instance[].ClockOptions": "PTP clock options: not modelled",
    "Instances.Instance[].ClusterId": "deprecated in the model",
    "Instances.Instance[].CpuOptions.EnableVISST": "Intel SST options, not settable through the referenced APIs",
    "Instances.Instance[].CpuOptions.EnableVRDT": "Intel RDT options, not settable through the referenced APIs",
    "Instances.Instance[].CpuOptions.TurboMode": "TurboMode is outside the ModifyInstanceAttribute reference (scripted fault only)",
    "Instances.Instance[].DedicatedHostAttribute": "dedicated hosts: not modelled",
    "Instances.Instance[].DedicatedInstanceAttribute": "dedicated instances: not modelled",
    "Instances.Instance[].DeploymentSetGroupNo": "deployment sets: not modelled",
    "Instances.Instance[].DeploymentSetId": "deployment sets: not modelled",
    "Instances.Instance[].EcsCapacityReservationAttr": "capacity reservations: not modelled",
    "Instances.Instance[].EipAddress.IsSupportUnassociate": "EIPs are not modelled (EipAddress is answered empty)",
    "Instances.Instance[].EnableNVS": "NVS: not modelled",
    "Instances.Instance[].HpcClusterId": "HPC clusters: not modelled",
    "Instances.Instance[].ISP": "ISP lines of public IPs: not modelled",
    "Instances.Instance[].ImageOptions.CurrentOSNVMeSupported": "NVMe: not modelled",
    "Instances.Instance[].InternetMaxBandwidthIn": "public bandwidth: not modelled",
    "Instances.Instance[].InternetMaxBandwidthOut": "public bandwidth: not modelled",
    "Instances.Instance[].MetadataOptions": "instance metadata service options: not modelled",
    "Instances.Instance[].NetworkInterfaces.NetworkInterface[].Ipv4PrefixSets": "IP prefixes: not modelled",
    "Instances.Instance[].NetworkInterfaces.NetworkInterface[].Ipv6PrefixSets": "IPv6: not modelled",
    "Instances.Instance[].NetworkInterfaces.NetworkInterface[].Ipv6Sets": "IPv6: not modelled",
    "Instances.Instance[].NetworkInterfaces.NetworkInterface[].PrivateIpSets.PrivateIpSet[].PrivateDnsName": "per-IP DNS names: not modelled",
    "Instances.Instance[].RdmaIpAddress": "RDMA: not modelled",
    "Instances.Instance[].SaleCycle": "deprecated in the model",
    "Instances.Instance[].SecurityOptions": "confidential computing / trusted boot: not modelled",
    "Instances.Instance[].SpotDuration": "spot protection periods: not modelled",
    "Instances.Instance[].SpotInterruptionBehavior": "spot interruption: not modelled",
    "Instances.Instance[].VlanId": "DescribeInstanceAttribute answers it; DescribeInstances leaves it out (classic VLANs)",
};

const DISK_OMITTED: Record<string, string> = {
    "Disks.Disk[].AutoSnapshotPolicyId": "snapshot policies: not modelled",
    "Disks.Disk[].BdfId": "PCI BDF ids: not modelled",
    "Disks.Disk[].BurstingEnabled": "disk bursting: not modelled",
    "Disks.Disk[].DataSource": "disk data sources: not modelled",
    "Disks.Disk[].DeleteAutoSnapshot": "snapshot policies: not modelled",
    "Disks.Disk[].EnableAutomatedSnapshotPolicy": "snapshot policies: not modelled",
    "Disks.Disk[].IOPS": "disk performance: not modelled",
    "Disks.Disk[].IOPSRead": "disk performance: not modelled",
    "Disks.Disk[].IOPSWrite": "disk performance: not modelled",
    "Disks.Disk[].MountInstanceNum": "multi-attach mounts: the emulator models multiAttach as a flag only",
    "Disks.Disk[].MountInstances": "multi-attach mounts: the emulator models multiAttach as a flag only",
    "Disks.Disk[].Placement": "disk placement: not modelled",
    "Disks.Disk[].ProductCode": "marketplace products: not modelled",
    "Disks.Disk[].ProvisionedIops": "disk performance: not modelled",
    "Disks.Disk[].ResourceGroupId": "resource groups: not modelled",
    "Disks.Disk[].SerialNumber": "disk serial numbers: not modelled",
    "Disks.Disk[].SourceDiskId": "disk copies: not modelled",
    "Disks.Disk[].StorageClusterId": "dedicated block storage clusters: not modelled",
    "Disks.Disk[].StorageSetId": "storage sets: not modelled",
    "Disks.Disk[].StorageSetPartitionNumber": "storage sets: not modelled",
    "Disks.Disk[].Throughput": "disk performance: not modelled",
    "Disks.Disk[].ThroughputRead": "disk performance: not modelled",
    "Disks.Disk[].ThroughputWrite": "disk performance: not modelled",
};

/** ServerDetail fields left out (paths relative to the server object). */
const SERVER_OMITTED: [string, string][] = [
    ["OS-EXT-SRV-ATTR:host", "hypervisor placement: visible to administrators only"],
    ["OS-EXT-SRV-ATTR:hypervisor_hostname", "hypervisor placement: visible to administrators only"],
    ["OS-EXT-SRV-ATTR:kernel_id", "kernel/ramdisk images: not modelled"],
    ["OS-EXT-SRV-ATTR:ramdisk_id", "kernel/ramdisk images: not modelled"],
    ["addresses{}[].primary", "multi-NIC primary flags: one NIC per server is modelled"],
    ["auto_terminate_time", "scheduled deletion: not modelled"],
    ["cpu_options", "CPU options: not modelled for Huawei servers"],
    ["flavor.asic_accelerators", "accelerators: not modelled"],
    ["flavor.gpus", "GPUs: not modelled"],
    ["hypervisor", "hypervisor details: not modelled"],
    ["network_interfaces", "NIC details: the addresses map carries the modelled NIC"],
    ["os:scheduler_hints", "scheduler hints: not modelled"],
    ["security_options", "secure boot options: not modelled"],
];
const serverOmitted = (prefix: string): Record<string, string> => Object.fromEntries(SERVER_OMITTED.map(([k, v]) => [`${prefix}${k}`, v]));

const ROWS: Row[] = [
    {
        cloud: "alicloud",
        action: "DescribeInstances",
        model: aliModel(ali.DescribeInstancesResponseBody),
        answers: async (url) => [
            await aliOk(url, "DescribeInstances", { RegionId: "cn-hangzhou", PageSize: 100 }),
            await aliOk(url, "DescribeInstances", { RegionId: "cn-shanghai", PageSize: 100 }),
        ],
        omitted: INSTANCE_OMITTED,
        timestamps: {
            "Instances.Instance[].CreationTime": ALI_MINUTE,
            "Instances.Instance[].StartTime": ALI_MINUTE,
            "Instances.Instance[].ExpiredTime": ALI_MINUTE,
        },
    },
    {
        cloud: "alicloud",
        action: "DescribeInstanceAttribute",
        model: aliModel(ali.DescribeInstanceAttributeResponseBody),
        answers: async (url) => [
            await aliOk(url, "DescribeInstanceAttribute", { InstanceId: I.web }),
            await aliOk(url, "DescribeInstanceAttribute", { InstanceId: I.batch }),
            await aliOk(url, "DescribeInstanceAttribute", { InstanceId: I.classic }),
            await aliOk(url, "DescribeInstanceAttribute", { InstanceId: I.burst }),
            await aliOk(url, "DescribeInstanceAttribute", { InstanceId: I.win, RegionId: "cn-shanghai" }),
        ],
        omitted: {
            "NetworkOptions.BandwidthWeighting": "bandwidth weighting: not modelled",
            SecurityOptions: "confidential computing / trusted boot: not modelled",
        },
    },
    {
        cloud: "alicloud",
        action: "DescribeUserData",
        model: aliModel(ali.DescribeUserDataResponseBody),
        answers: async (url) => [await aliOk(url, "DescribeUserData", { RegionId: "cn-hangzhou", InstanceId: I.web })],
        omitted: {},
    },
    {
        cloud: "alicloud",
        action: "DescribeDisks",
        model: aliModel(ali.DescribeDisksResponseBody),
        answers: async (url) => [
            await aliOk(url, "DescribeDisks", { RegionId: "cn-hangzhou", PageSize: 100 }),
            await aliOk(url, "DescribeDisks", { RegionId: "cn-shanghai", PageSize: 100 }),
        ],
        omitted: DISK_OMITTED,
    },
    {
        cloud: "alicloud",
        action: "DescribeSecurityGroups",
        model: aliModel(ali.DescribeSecurityGroupsResponseBody),
        answers: async (url) => [
            await aliOk(url, "DescribeSecurityGroups", { RegionId: "cn-hangzhou", PageSize: 50 }),
            await aliOk(url, "DescribeSecurityGroups", { RegionId: "cn-shanghai", PageSize: 50 }),
        ],
        omitted: { "SecurityGroups.SecurityGroup[].GroupToGroupRuleCount": "group-to-group rules: rules are modelled as a count only (ruleCount)" },
    },
    {
        cloud: "alicloud",
        action: "ModifyInstanceAttribute",
        model: aliModel(ali.ModifyInstanceAttributeResponseBody),
        answers: async (url) => [await aliOk(url, "ModifyInstanceAttribute", { InstanceId: I.web, InstanceName: "web-parity" })],
        omitted: {},
    },
    {
        cloud: "alicloud",
        action: "RebootInstance",
        model: aliModel(ali.RebootInstanceResponseBody),
        answers: async (url) => [await aliOk(url, "RebootInstance", { InstanceId: I.web })],
        omitted: {},
    },
    {
        cloud: "alicloud",
        action: "StopInstance",
        model: aliModel(ali.StopInstanceResponseBody),
        answers: async (url) => [await aliOk(url, "StopInstance", { InstanceId: I.burst })],
        omitted: {},
    },
    {
        cloud: "alicloud",
        action: "StartInstance",
        model: aliModel(ali.StartInstanceResponseBody),
        answers: async (url) => [await aliOk(url, "StartInstance", { InstanceId: I.fresh })],
        omitted: {},
    },
    {
        cloud: "alicloud",
        action: "ReInitDisk",
        model: aliModel(ali.ReInitDiskResponseBody),
        answers: async (url) => [await aliOk(url, "ReInitDisk", { DiskId: D.batchData })],
        omitted: {},
    },
    {
        cloud: "alicloud",
        action: "TagResources",
        model: aliModel(ali.TagResourcesResponseBody),
        answers: async (url) => [
            await aliOk(url, "TagResources", {
                RegionId: "cn-hangzhou",
                ResourceType: "instance",
                "ResourceId.1": I.web,
                "Tag.1.Key": "team",
                "Tag.1.Value": "web",
            }),
        ],
        omitted: {},
    },
    {
        cloud: "alicloud",
        action: "UntagResources",
        model: aliModel(ali.UntagResourcesResponseBody),
        answers: async (url) => [
            await aliOk(url, "UntagResources", { RegionId: "cn-hangzhou", ResourceType: "instance", "ResourceId.1": I.web, "TagKey.1": "team" }),
        ],
        omitted: {},
    },
    {
        cloud: "alicloud",
        action: "ListTagResources",
        model: aliModel(ali.ListTagResourcesResponseBody),
        answers: async (url) => {
            await aliOk(url, "TagResources", {
                RegionId: "cn-hangzhou",
                ResourceType: "disk",
                "ResourceId.1": D.batchData,
                "Tag.1.Key": "team",
                "Tag.1.Value": "batch",
            });
            return [await aliOk(url, "ListTagResources", { RegionId: "cn-hangzhou", ResourceType: "disk", "ResourceId.1": D.batchData })];
        },
        omitted: {},
    },
    {
        cloud: "alicloud",
        action: "LookupEvents",
        model: ALI_LOOKUP_EVENTS_RESPONSE,
        answers: async (url) => {
            await reset(
                url,
                fixtureWith((a) => (a.actionTrail = { deliveryDelayMs: 0 })),
            );
            await aliOk(url, "RebootInstance", { InstanceId: I.web });
            await aliOk(url, "DescribeDisks", { RegionId: "cn-hangzhou", DiskIds: JSON.stringify([D.webData]) });
            const page = (await call(url, "LookupEvents", { MaxResults: 1 }, { version: "2020-07-06" })).body;
            expect(page.NextToken, "a next page").to.not.equal("");
            return [page, (await call(url, "LookupEvents", {}, { version: "2020-07-06" })).body];
        },
        omitted: {},
        timestamps: { StartTime: ALI_SECOND, EndTime: ALI_SECOND, "Events[].eventTime": ALI_SECOND },
    },
    {
        cloud: "huaweicloud",
        action: "ShowServer",
        model: hwModel("ShowServerResponse"),
        answers: async (url) =>
            Promise.all(
                Object.values(SERVERS)
                    .slice(0, 8)
                    .map((id) => hwOk(url, { path: `/v1/${P1}/cloudservers/${id}` })),
            ),
        omitted: serverOmitted("server."),
        timestamps: { "server.created": HW_SECONDS_Z, "server.updated": HW_SECONDS_Z, "server.OS-SRV-USG:launched_at": HW_MICROS_NO_ZONE },
    },
    {
        cloud: "huaweicloud",
        action: "ListServersDetails",
        model: hwModel("ListServersDetailsResponse"),
        answers: async (url) => [
            await hwOk(url, { path: `/v1/${P1}/cloudservers/detail`, query: { limit: 100 } }),
            await hwOk(url, { path: `/v1/${P1}/cloudservers/detail`, query: { server_id: `${SERVERS.web},${SERVERS.app}`, limit: 2 } }),
        ],
        omitted: serverOmitted("servers[]."),
        timestamps: { "servers[].created": HW_SECONDS_Z, "servers[].updated": HW_SECONDS_Z, "servers[].OS-SRV-USG:launched_at": HW_MICROS_NO_ZONE },
    },
    {
        cloud: "huaweicloud",
        action: "ReinstallServerWithoutCloudInit",
        model: hwModel("ReinstallServerWithoutCloudInitResponse"),
        answers: async (url) => [
            await hwOk(url, { path: `/v1/${P1}/cloudservers/${SERVERS.win}/reinstallos`, body: { "os-reinstall": { adminpass: "Parity-2026-xY" } } }),
        ],
        omitted: {},
    },
    {
        cloud: "huaweicloud",
        action: "ReinstallServerWithCloudInit",
        model: hwModel("ReinstallServerWithCloudInitResponse"),
        answers: async (url) => [
            await hwOk(url, {
                path: `/v2/${P1}/cloudservers/${SERVERS.app}/reinstallos`,
                body: { "os-reinstall": { keyname: "KeyPair-350b", userid: USER_ID } },
            }),
        ],
        omitted: {},
    },
    {
        cloud: "huaweicloud",
        action: "BatchCreateServerTags",
        model: hwModel("BatchCreateServerTagsResponse"),
        answers: async (url) => [
            await hwNoContent(url, {
                path: `/v1/${P1}/cloudservers/${SERVERS.app}/tags/action`,
                body: { action: "create", tags: [{ key: "team", value: "app" }] },
            }),
        ],
        omitted: {},
    },
    {
        cloud: "huaweicloud",
        action: "BatchDeleteServerTags",
        model: hwModel("BatchDeleteServerTagsResponse"),
        answers: async (url) => [
            await hwNoContent(url, { path: `/v1/${P1}/cloudservers/${SERVERS.app}/tags/action`, body: { action: "delete", tags: [{ key: "team" }] } }),
        ],
        omitted: {},
    },
    {
        cloud: "huaweicloud",
        action: "ShowServerTags",
        model: hwModel("ShowServerTagsResponse"),
        answers: async (url) => {
            await hwNoContent(url, {
                path: `/v1/${P1}/cloudservers/${SERVERS.app}/tags/action`,
                body: { action: "create", tags: [{ key: "team", value: "app" }] },
            });
            return [await hwOk(url, { path: `/v1/${P1}/cloudservers/${SERVERS.app}/tags` })];
        },
        omitted: {},
    },
    {
        cloud: "huaweicloud",
        action: "UpdateServer",
        model: hwModel("UpdateServerResponse"),
        answers: async (url) => [
            await hwOk(url, {
                method: "PUT",
                path: `/v1/${P1}/cloudservers/${SERVERS.app}`,
                body: { server: { name: "parity-app", description: "parity", hostname: "parity-app" } },
            }),
        ],
        omitted: {},
        timestamps: { "server.created": HW_SECONDS_Z, "server.updated": HW_SECONDS_Z },
    },
    {
        cloud: "huaweicloud",
        action: "UpdateServerMetadata",
        model: hwModel("UpdateServerMetadataResponse"),
        answers: async (url) => [await hwOk(url, { path: `/v1/${P1}/cloudservers/${SERVERS.app}/metadata`, body: { metadata: { owner: "parity" } } })],
        omitted: {},
    },
    {
        cloud: "huaweicloud",
        action: "DeleteServerMetadata",
        model: hwModel("DeleteServerMetadataResponse"),
        answers: async (url) => {
            await hwOk(url, { path: `/v1/${P1}/cloudservers/${SERVERS.app}/metadata`, body: { metadata: { owner: "parity" } } });
            return [await hwNoContent(url, { method: "DELETE", path: `/v1/${P1}/cloudservers/${SERVERS.app}/metadata/owner` })];
        },
        omitted: {},
    },
    {
        cloud: "huaweicloud",
        action: "NovaAssociateSecurityGroup",
        model: hwModel("NovaAssociateSecurityGroupResponse"),
        answers: async (url) => [await hwAccepted(url, { path: `/v2.1/${P1}/servers/${SERVERS.app}/action`, body: { addSecurityGroup: { name: "web" } } })],
        omitted: {},
    },
    {
        cloud: "huaweicloud",
        action: "NovaDisassociateSecurityGroup",
        model: hwModel("NovaDisassociateSecurityGroupResponse"),
        answers: async (url) => {
            await hwAccepted(url, { path: `/v2.1/${P1}/servers/${SERVERS.app}/action`, body: { addSecurityGroup: { name: "ssh" } } });
            return [await hwAccepted(url, { path: `/v2.1/${P1}/servers/${SERVERS.app}/action`, body: { removeSecurityGroup: { name: "ssh" } } })];
        },
        omitted: {},
    },
    {
        cloud: "huaweicloud",
        action: "BatchRebootServers",
        model: hwModel("BatchRebootServersResponse"),
        answers: async (url) => [
            await hwOk(url, { path: `/v1/${P1}/cloudservers/action`, body: { reboot: { type: "SOFT", servers: [{ id: SERVERS.web }] } } }),
        ],
        omitted: {},
    },
    {
        cloud: "huaweicloud",
        action: "BatchStopServers",
        model: hwModel("BatchStopServersResponse"),
        answers: async (url) => [
            await hwOk(url, { path: `/v1/${P1}/cloudservers/action`, body: { "os-stop": { type: "HARD", servers: [{ id: SERVERS.web }] } } }),
        ],
        omitted: {},
    },
    {
        cloud: "huaweicloud",
        action: "BatchStartServers",
        model: hwModel("BatchStartServersResponse"),
        answers: async (url) => [await hwOk(url, { path: `/v1/${P1}/cloudservers/action`, body: { "os-start": { servers: [{ id: SERVERS.app }] } } })],
        omitted: {},
    },
    {
        cloud: "huaweicloud",
        action: "ShowJob",
        model: hwModel("ShowJobResponse"),
        answers: async (url) => {
            // The clock held while the jobs are posted and the first one read: that answer is INIT however slow the machine.
            await control(url, "clock", "POST", { hold: true });
            const failing = await hwOk(url, {
                path: `/v1/${P1}/cloudservers/${SERVERS.failing}/reinstallos`,
                body: { "os-reinstall": { adminpass: "Parity-2026-xY" } },
            });
            const ok = await hwOk(url, {
                path: `/v2/${P1}/cloudservers/${SERVERS.app}/reinstallos`,
                body: { "os-reinstall": { adminpass: "Parity-2026-xY", userid: USER_ID } },
            });
            const read = (id: unknown): Promise<Record<string, unknown>> => hwOk(url, { path: `/v1/${P1}/jobs/${String(id)}` });
            const first = await read(ok.job_id);
            expect(first.status).to.equal("INIT");
            await control(url, "clock", "POST", { hold: false });
            const ended = (id: unknown): Promise<Record<string, unknown>> =>
                waitFor(`job ${String(id)} to end`, 20_000, async () => {
                    const j = await read(id);
                    return j.status === "SUCCESS" || j.status === "FAIL" ? j : undefined;
                });
            const reboot = await hwOk(url, { path: `/v1/${P1}/cloudservers/action`, body: { reboot: { type: "HARD", servers: [{ id: SERVERS.web }] } } });
            return [first, await ended(ok.job_id), await ended(failing.job_id), await ended(reboot.job_id)];
        },
        omitted: {
            code: "the model's error fields of a failed query: the emulator answers errors in the ECS error shape instead",
            message: "the model's error fields of a failed query: the emulator answers errors in the ECS error shape instead",
            "entities.nic_id": "NIC jobs: only reinstall jobs are modelled",
            "entities.sub_jobs[].entities.nic_id": "NIC jobs: only reinstall jobs are modelled",
        },
        timestamps: {
            begin_time: HW_JOB_TIME,
            end_time: HW_JOB_TIME,
            "entities.sub_jobs[].begin_time": HW_JOB_TIME,
            "entities.sub_jobs[].end_time": HW_JOB_TIME,
        },
    },
    {
        cloud: "huaweicloud",
        action: "NovaListServerActions",
        model: HW_NOVA_ACTION_MODELS.NovaListServerActionsResponse,
        answers: async (url) => {
            await rebootAndWait(url);
            return [
                await hwOk(url, { path: `/v2.1/${P1}/servers/${SERVERS.web}/os-instance-actions` }),
                // updated_at from 2.58 (no limit: the `links` of a full page are not in the SDK model).
                await hwOk(url, { path: `/v2.1/${P1}/servers/${SERVERS.web}/os-instance-actions`, headers: { "X-OpenStack-Nova-API-Version": "2.58" } }),
                await hwOk(url, { path: `/v2/${P1}/servers/${SERVERS.app}/os-instance-actions` }),
            ];
        },
        omitted: {},
        timestamps: { "instanceActions[].start_time": NOVA_TIME, "instanceActions[].updated_at": NOVA_TIME },
    },
    {
        cloud: "huaweicloud",
        action: "NovaShowServerAction",
        model: HW_NOVA_ACTION_MODELS.NovaShowServerActionResponse,
        answers: async (url) => {
            await rebootAndWait(url);
            const listed = await hwOk(url, { path: `/v2.1/${P1}/servers/${SERVERS.web}/os-instance-actions` });
            const ids = (listed.instanceActions as Array<{ request_id: string }>).map((a) => a.request_id);
            // At 2.1: the SDK's NovaServerActionDetail has no updated_at (Nova adds it from 2.58).
            return Promise.all(ids.map((id) => hwOk(url, { path: `/v2.1/${P1}/servers/${SERVERS.web}/os-instance-actions/${id}` })));
        },
        omitted: {},
        timestamps: {
            "instanceAction.start_time": NOVA_TIME,
            "instanceAction.events[].start_time": NOVA_TIME,
            "instanceAction.events[].finish_time": NOVA_TIME,
        },
    },
];

/** A soft reboot of the web server, waited for: its instance action is then finished. */
async function rebootAndWait(url: string): Promise<void> {
    const r = await hwOk(url, { path: `/v1/${P1}/cloudservers/action`, body: { reboot: { type: "SOFT", servers: [{ id: SERVERS.web }] } } });
    await waitFor(`job ${String(r.job_id)} to end`, 20_000, async () => {
        const j = await hwOk(url, { path: `/v1/${P1}/jobs/${String(r.job_id)}` });
        return j.status === "SUCCESS" ? j : undefined;
    });
}

function valuesAt(answers: unknown[], path: string): unknown[] {
    let values = answers;
    for (const part of path.split(".")) {
        const isArray = part.endsWith("[]");
        const key = isArray ? part.slice(0, -2) : part;
        values = values.flatMap((v) => (v !== null && typeof v === "object" && key in (v as object) ? [(v as Record<string, unknown>)[key]] : []));
        if (isArray) values = values.flatMap((v) => (Array.isArray(v) ? v : []));
    }
    return values;
}

describe("emulator parity with the official SDK response models", function () {
    this.timeout(60_000);
    let emu: Emulator;
    emulatorHooks(
        () => startEmulator({ timeScale: 0.005, settleMs: 0 }),
        (e) => (emu = e),
        { beforeEachTest: (e) => reset(e.url) },
    );

    it("has a row for every emulated action", () => {
        const rows = new Set(ROWS.map((r) => `${r.cloud}:${r.action}`));
        const actions = [
            ...Object.keys(ROUTES).map((a) => `alicloud:${a}`),
            ...ACTIONTRAIL_ACTIONS.map((a) => `alicloud:${a}`),
            ...HUAWEI_ROUTES.map((r) => `huaweicloud:${r.operation}`),
        ];
        expect(
            actions.filter((a) => !rows.has(a)),
            "actions without a parity row",
        ).to.deep.equal([]);
        expect(
            [...rows].filter((r) => !actions.includes(r)),
            "rows for actions the emulator does not serve",
        ).to.deep.equal([]);
    });

    for (const row of ROWS) {
        it(`${row.cloud} ${row.action}: every field as the SDK model has it`, async () => {
            const answers = await row.answers(emu.url);
            const parity: Parity = { missing: new Set(), problems: [] };
            compare(row.model, answers, "", parity);
            for (const [p, re] of Object.entries(row.timestamps ?? {})) {
                const values = valuesAt(answers, p);
                expect(values.length, `${p} answered`).to.be.greaterThan(0);
                for (const v of values)
                    if (typeof v !== "string" || !re.test(v)) parity.problems.push(`${p}: ${JSON.stringify(v)} is not in the documented format ${re}`);
            }
            expect(parity.problems, "departures from the model").to.deep.equal([]);
            const undocumented = [...parity.missing].filter((p) => !(p in row.omitted)).sort();
            expect(undocumented, "model fields neither answered nor listed as omitted").to.deep.equal([]);
            const answered = Object.keys(row.omitted).filter((p) => !parity.missing.has(p));
            expect(answered, "listed as omitted but answered (update the list)").to.deep.equal([]);
        });
    }
});
