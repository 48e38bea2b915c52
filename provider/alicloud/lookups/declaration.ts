import { z } from "zod";
import { declareLookup, LookupArgsOf, LookupResultOf } from "../../core/lookup/declaration";
import { namePatternSchema, ownerFilterSchema, tagsFilterSchema } from "../../core/lookup/filter";
import { instanceIdSchema, regionSchema } from "../rules/ids";

// The one declaration of `alicloud.getInstances` (the plugin's `ecs-ops:alicloud:getInstances`):
// its filters with their rules and its answer, each with the doc comment every derived form shows
// (see provider/core/lookup/declaration.ts).

const INSTANCE_STATUSES = ["Pending", "Running", "Starting", "Stopping", "Stopped"] as const;

/** The declaration of `alicloud.getInstances`. */
export const getInstancesDeclaration = declareLookup({
    name: "alicloud.getInstances",
    args: {
        /** Region to list (default: stack config `alicloud:region`, then the environment, as the resources). */
        region: regionSchema.optional(),
        /** Instances carrying every one of these tags with exactly this value, e.g. `{ env: "prod" }` (≤ 20); for the owning stack use `owner`. */
        tags: tagsFilterSchema.optional(),
        /**
         * Only instances owned by this stack: `<project>.<stack>` (the value of their tag `ecs-ops-owner`), as
         * ecs-ops records it when it takes one under management (docs/ownership.md).
         */
        owner: ownerFilterSchema.optional(),
        /** Instance name glob: `*` any run, `?` one character (`web-*`); matched exactly. */
        namePattern: namePatternSchema.optional(),
        /** Only instances in this VPC. */
        vpcId: z
            .string()
            .regex(/^vpc-[0-9a-z]+$/, "must be a VPC id such as vpc-bp1opxu1zkhn00gzv26cz")
            .optional(),
        /** Only instances in this zone. */
        zoneId: z
            .string()
            .regex(/^[a-z]{2}(?:-[a-z0-9]+)+$/, "must be a zone id such as cn-hangzhou-h")
            .optional(),
        /** Only instances in this status (`Pending`, `Running`, `Starting`, `Stopping`, `Stopped`). */
        status: z.enum(INSTANCE_STATUSES, { error: `must be one of ${INSTANCE_STATUSES.join(", ")}` }).optional(),
        /** Only these instances (the other filters still apply; at most 1000). */
        instanceIds: z.array(instanceIdSchema).max(1000, "at most 1000 ids").optional(),
    },
    result: {
        /** The matching instances, in the order the API lists them. */
        instances: z.array(
            z.object({
                /** The instance id (`i-…`). */
                instanceId: z.string(),
                /** The instance name. */
                instanceName: z.string(),
                /** The host name of the OS. */
                hostName: z.string(),
                /** The instance description. */
                description: z.string(),
                /** `Pending`, `Running`, `Starting`, `Stopping` or `Stopped`. */
                status: z.string(),
                /** The region. */
                regionId: z.string(),
                /** The zone. */
                zoneId: z.string(),
                /** The VPC; empty for a classic-network instance. */
                vpcId: z.string(),
                /** The vSwitch; empty for a classic-network instance. */
                vSwitchId: z.string(),
                /** The private addresses (VPC and classic). */
                privateIpAddresses: z.array(z.string()),
                /** The public addresses. */
                publicIpAddresses: z.array(z.string()),
                /** Every tag, key to value. */
                tags: z.record(z.string(), z.string()),
                /** The stack that owns the instance (its tag `ecs-ops-owner`), or absent when none does. */
                owner: z.string().optional(),
                /** `linux` or `windows`. */
                osType: z.string(),
                /** The OS name. */
                osName: z.string(),
                /** The image the instance runs. */
                imageId: z.string(),
                /** `PostPaid` or `PrePaid`. */
                chargeType: z.string(),
                /** The instance type, e.g. `ecs.g7.large`. */
                instanceType: z.string(),
                /** When it was created (ISO 8601). */
                creationTime: z.string(),
            }),
        ),
        /** The ids of the matching instances, in the same order. */
        ids: z.array(z.string()),
    },
});

/** The arguments of `getInstances`: every filter optional, all of them must hold. */
export type GetInstancesArgs = LookupArgsOf<typeof getInstancesDeclaration>;

/** The answer of `getInstances`: the matching instances in the order the API lists them, and their ids. */
export type GetInstancesResult = LookupResultOf<typeof getInstancesDeclaration>;

/** One instance of the answer. */
export type InstanceSummary = GetInstancesResult["instances"][number];
