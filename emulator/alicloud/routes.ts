import { COMMON, fail } from "./errors";
import { Credential, Instance, InstanceStatus } from "./model-types";
import { AlicloudModel } from "./models";
import { reInitDisk } from "./models-disks";
import { listTagResources, tagFilter, tagResources, tagsMatch, tagsOf, untagResources } from "./models-tags";
import { modifyInstanceAttribute } from "./models-modify";
import { PowerRequest, rebootInstance, startInstance, stopInstance } from "./models-power";
import { diskView, instanceAttributeView, instanceView, securityGroupView } from "./responses";
import { Params } from "./wire";

/** What a handler gets: typed parameters, the world, and who signed the request. */
export interface ActionContext {
    params: Params;
    model: AlicloudModel;
    credential: Credential;
}

/** An action handler: returns the response body without `RequestId` (added by the backend). */
export type ActionHandler = (ctx: ActionContext) => Record<string, unknown>;

const INSTANCE_STATUSES: InstanceStatus[] = ["Pending", "Running", "Starting", "Stopping", "Stopped"];

function requiredRegion(ctx: ActionContext): string {
    const regionId = ctx.params.required("RegionId");
    ctx.model.checkRegion(regionId);
    return regionId;
}

function optionalRegion(ctx: ActionContext): string | undefined {
    return ctx.model.checkRegion(ctx.params.str("RegionId"))?.regionId;
}

function encodeToken(offset: number): string {
    return Buffer.from(`ecs-emulator:${offset}`).toString("base64url");
}

function decodeToken(token: string): number {
    const m = /^ecs-emulator:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
    if (!m) return fail(COMMON.InvalidParameterNamed, "NextToken");
    return Number(m[1]);
}

/** Pages a result: PageNumber/PageSize, or NextToken/MaxResults (both answered). */
function paginate<T>(p: Params, items: T[], maxPageSize: number): { slice: T[]; meta: Record<string, unknown> } {
    const tokenMode = p.has("NextToken") || p.has("MaxResults");
    let offset: number;
    let size: number;
    let pageNumber: number;
    if (tokenMode) {
        size = p.int("MaxResults") ?? 10;
        if (size < 1 || size > maxPageSize) fail(COMMON.InvalidParameterNamed, "MaxResults");
        const token = p.str("NextToken") ?? "";
        offset = token === "" ? 0 : decodeToken(token);
        pageNumber = Math.floor(offset / size) + 1;
    } else {
        pageNumber = p.int("PageNumber") ?? 1;
        if (pageNumber < 1) fail(COMMON.InvalidParameterNamed, "PageNumber");
        size = p.int("PageSize") ?? 10;
        if (size < 1 || size > maxPageSize) fail(COMMON.InvalidParameterNamed, "PageSize");
        offset = (pageNumber - 1) * size;
    }
    const slice = items.slice(offset, offset + size);
    const next = offset + size < items.length ? encodeToken(offset + size) : "";
    return { slice, meta: { TotalCount: items.length, PageNumber: pageNumber, PageSize: size, NextToken: next } };
}

/** `*` is a wildcard in name filters, as in the console. */
function nameMatches(pattern: string | undefined, value: string): boolean {
    if (pattern === undefined || pattern === "") return true;
    const re = new RegExp(
        `^${pattern
            .split("*")
            .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
            .join(".*")}$`,
    );
    return re.test(value);
}

function describeInstances(ctx: ActionContext): Record<string, unknown> {
    const p = ctx.params;
    const regionId = requiredRegion(ctx);
    const ids = p.jsonArray("InstanceIds", COMMON.InvalidInstanceIdsMalformed, COMMON.InvalidInstanceIdsTooMany, 100);
    const status = p.oneOf("Status", INSTANCE_STATUSES);
    const chargeType = p.oneOf("InstanceChargeType", ["PostPaid", "PrePaid"] as const);
    const networkType = p.oneOf("InstanceNetworkType", ["vpc", "classic"] as const);
    const tags = tagFilter(p);
    const filters: ((i: Instance) => boolean)[] = [
        (i) => i.regionId === regionId && ctx.model.inScope(i.regionId),
        (i) => ids === undefined || ids.includes(i.instanceId),
        (i) => status === undefined || i.status === status,
        (i) => chargeType === undefined || i.instanceChargeType === chargeType,
        (i) => networkType === undefined || i.instanceNetworkType === networkType,
        (i) => nameMatches(p.str("InstanceName"), i.instanceName),
        (i) => !p.str("ZoneId") || i.zoneId === p.str("ZoneId"),
        (i) => !p.str("VpcId") || i.vpcId === p.str("VpcId"),
        (i) => !p.str("VSwitchId") || i.vSwitchId === p.str("VSwitchId"),
        (i) => !p.str("SecurityGroupId") || i.securityGroupIds.includes(p.str("SecurityGroupId") as string),
        (i) => !p.str("InstanceType") || i.instanceType === p.str("InstanceType"),
        (i) => !p.str("InstanceTypeFamily") || ctx.model.typeOf(i).instanceTypeFamily === p.str("InstanceTypeFamily"),
        (i) => !p.str("ImageId") || i.imageId === p.str("ImageId"),
        (i) => !p.str("KeyPairName") || i.keyPairName === p.str("KeyPairName"),
        (i) => !p.str("LockReason") || i.operationLocks.some((l) => l.lockReason === p.str("LockReason")),
        (i) => tagsMatch(tagsOf(ctx.model, "instance", i.instanceId), tags),
    ];
    ctx.model.scriptedFault("DescribeInstances", {});
    const matching = ctx.model.visible().instances.filter((i) => filters.every((f) => f(i)));
    const { slice, meta } = paginate(p, matching, 100);
    return { ...meta, Instances: { Instance: slice.map((i) => instanceView(ctx.model, i)) } };
}

function describeInstanceAttribute(ctx: ActionContext): Record<string, unknown> {
    const instanceId = ctx.params.required("InstanceId");
    const inst = ctx.model.visibleInstance(instanceId, optionalRegion(ctx));
    ctx.model.scriptedFault("DescribeInstanceAttribute", { instanceId });
    return instanceAttributeView(ctx.model, inst);
}

function describeUserData(ctx: ActionContext): Record<string, unknown> {
    const regionId = requiredRegion(ctx);
    const instanceId = ctx.params.required("InstanceId");
    const inst = ctx.model.visibleInstance(instanceId, regionId);
    ctx.model.scriptedFault("DescribeUserData", { instanceId });
    return { RegionId: regionId, InstanceId: inst.instanceId, UserData: inst.userData };
}

function modify(ctx: ActionContext): Record<string, unknown> {
    const p = ctx.params;
    modifyInstanceAttribute(
        ctx.model,
        {
            instanceId: p.required("InstanceId"),
            regionId: optionalRegion(ctx),
            password: p.str("Password"),
            hostName: p.str("HostName"),
            instanceName: p.str("InstanceName"),
            description: p.str("Description"),
            userData: p.str("UserData"),
            recyclable: p.bool("Recyclable"),
            creditSpecification: p.str("CreditSpecification"),
            deletionProtection: p.bool("DeletionProtection"),
            networkInterfaceQueueNumber: p.str("NetworkInterfaceQueueNumber"),
            securityGroupIds: p.list("SecurityGroupIds"),
            remoteConnectionPassword: p.str("RemoteConnectionOptions.Password"),
            remoteConnectionType: p.str("RemoteConnectionOptions.Type"),
            enableJumboFrame: p.bool("EnableJumboFrame"),
            cpuCore: p.str("CpuOptions.Core"),
            cpuThreadsPerCore: p.str("CpuOptions.ThreadsPerCore"),
            cpuTopologyType: p.str("CpuOptions.TopologyType"),
            cpuNestedVirtualization: p.str("CpuOptions.NestedVirtualization"),
            dns: {
                enableInstanceIdDnsARecord: p.bool("PrivateDnsNameOptions.EnableInstanceIdDnsARecord"),
                enableInstanceIdDnsAAAARecord: p.bool("PrivateDnsNameOptions.EnableInstanceIdDnsAAAARecord"),
                enableIpDnsARecord: p.bool("PrivateDnsNameOptions.EnableIpDnsARecord"),
                enableIpDnsPtrRecord: p.bool("PrivateDnsNameOptions.EnableIpDnsPtrRecord"),
                hostnameType: p.str("PrivateDnsNameOptions.HostnameType"),
            },
            enableNetworkEncryption: p.bool("EnableNetworkEncryption"),
        },
        ctx.credential,
    );
    return {};
}

function powerRequest(ctx: ActionContext): PowerRequest {
    const p = ctx.params;
    return {
        instanceId: p.required("InstanceId"),
        regionId: optionalRegion(ctx),
        forceStop: p.bool("ForceStop") ?? false,
        dryRun: p.bool("DryRun") ?? false,
    };
}

function reboot(ctx: ActionContext): Record<string, unknown> {
    rebootInstance(ctx.model, powerRequest(ctx));
    return {};
}

function stop(ctx: ActionContext): Record<string, unknown> {
    const r = powerRequest(ctx);
    ctx.params.bool("ConfirmStop");
    r.stoppedMode = ctx.params.oneOf("StoppedMode", ["KeepCharging", "StopCharging"] as const);
    stopInstance(ctx.model, r);
    return {};
}

function start(ctx: ActionContext): Record<string, unknown> {
    const r = powerRequest(ctx);
    ctx.params.bool("InitLocalDisk");
    startInstance(ctx.model, r);
    return {};
}

function reInit(ctx: ActionContext): Record<string, unknown> {
    const p = ctx.params;
    reInitDisk(ctx.model, {
        diskId: p.required("DiskId"),
        regionId: optionalRegion(ctx),
        password: p.str("Password"),
        keyPairName: p.str("KeyPairName"),
        autoStartInstance: p.bool("AutoStartInstance") ?? false,
        securityEnhancementStrategy: p.oneOf("SecurityEnhancementStrategy", ["Active", "Deactive"] as const),
    });
    return {};
}

function describeDisks(ctx: ActionContext): Record<string, unknown> {
    const p = ctx.params;
    const regionId = requiredRegion(ctx);
    const ids = p.jsonArray("DiskIds", COMMON.InvalidDiskIdsMalformed, COMMON.InvalidDiskIdsMalformed, 100);
    const diskType = p.oneOf("DiskType", ["all", "system", "data"] as const, COMMON.InvalidDiskTypeValueNotSupported);
    ctx.model.scriptedFault("DescribeDisks", {});
    const matching = ctx.model
        .visible()
        .disks.filter(
            (d) =>
                d.regionId === regionId &&
                ctx.model.inScope(d.regionId) &&
                (ids === undefined || ids.includes(d.diskId)) &&
                (!p.str("InstanceId") || d.instanceId === p.str("InstanceId")) &&
                (diskType === undefined || diskType === "all" || d.type === diskType) &&
                (!p.str("Category") || p.str("Category") === "all" || d.category === p.str("Category")) &&
                (!p.str("Status") || p.str("Status") === "All" || d.status === p.str("Status")) &&
                (!p.str("ZoneId") || d.zoneId === p.str("ZoneId")),
        );
    const { slice, meta } = paginate(p, matching, 100);
    return { ...meta, Disks: { Disk: slice.map((d) => diskView(ctx.model, d)) } };
}

function describeSecurityGroups(ctx: ActionContext): Record<string, unknown> {
    const p = ctx.params;
    const regionId = requiredRegion(ctx);
    const ids = p.jsonArray("SecurityGroupIds", COMMON.InvalidSecurityGroupIdsMalformed, COMMON.InvalidSecurityGroupIdsMalformed, 100);
    const type = p.oneOf("SecurityGroupType", ["normal", "enterprise"] as const);
    const serviceManaged = p.bool("ServiceManaged");
    ctx.model.scriptedFault("DescribeSecurityGroups", {});
    const matching = ctx.model.world.securityGroups.filter(
        (g) =>
            g.regionId === regionId &&
            ctx.model.inScope(g.regionId) &&
            (ids === undefined || ids.includes(g.securityGroupId)) &&
            (!p.str("SecurityGroupId") || g.securityGroupId === p.str("SecurityGroupId")) &&
            (!p.str("VpcId") || g.vpcId === p.str("VpcId")) &&
            (type === undefined || g.securityGroupType === type) &&
            (serviceManaged === undefined || g.serviceManaged === serviceManaged) &&
            nameMatches(p.str("SecurityGroupName"), g.securityGroupName),
    );
    const { slice, meta } = paginate(p, matching, 50);
    return { RegionId: regionId, ...meta, SecurityGroups: { SecurityGroup: slice.map((g) => securityGroupView(ctx.model, g)) } };
}

/** Action name → handler: every action the Alibaba side serves. */
export const ROUTES: Readonly<Record<string, ActionHandler>> = {
    DescribeInstances: describeInstances,
    DescribeInstanceAttribute: describeInstanceAttribute,
    DescribeUserData: describeUserData,
    ModifyInstanceAttribute: modify,
    RebootInstance: reboot,
    StopInstance: stop,
    StartInstance: start,
    ReInitDisk: reInit,
    DescribeDisks: describeDisks,
    DescribeSecurityGroups: describeSecurityGroups,
    TagResources: (ctx) => tagResources(ctx.model, ctx.params),
    UntagResources: (ctx) => untagResources(ctx.model, ctx.params),
    ListTagResources: (ctx) => listTagResources(ctx.model, ctx.params),
};
