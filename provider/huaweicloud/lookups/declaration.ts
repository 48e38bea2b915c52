import { z } from "zod";
import { declareLookup, LookupArgsOf, LookupResultOf } from "../../core/lookup/declaration";
import { namePatternSchema, ownerFilterSchema, tagsFilterSchema } from "../../core/lookup/filter";
import { projectIdSchema, regionSchema } from "../rules/ids";

// The one declaration of `huaweicloud.getServers` (the plugin's `ecs-ops:huaweicloud:getServers`):
// its filters with their rules and its answer, each with the doc comment every derived form shows
// (see provider/core/lookup/declaration.ts).

/** The `status` values ListServersDetails filters by. */
const SERVER_STATUSES = [
    "ACTIVE",
    "BUILD",
    "ERROR",
    "HARD_REBOOT",
    "MIGRATING",
    "REBOOT",
    "REBUILD",
    "RESIZE",
    "REVERT_RESIZE",
    "SHUTOFF",
    "VERIFY_RESIZE",
    "SHELVED",
    "SHELVED_OFFLOADED",
    "UNKNOWN",
] as const;

/** The declaration of `huaweicloud.getServers`. */
export const getServersDeclaration = declareLookup({
    name: "huaweicloud.getServers",
    args: {
        /** Region (default: stack config `huaweicloud:region`, then the environment, as the resources). */
        region: regionSchema.optional(),
        /** Project (default: stack config `huaweicloud:projectId`, then the environment). */
        projectId: projectIdSchema.optional(),
        /** Servers carrying every one of these tags with exactly this value (≤ 20). */
        tags: tagsFilterSchema.optional(),
        /**
         * Only servers owned by this stack: `<project>.<stack>` (the value of their tag `ecs-ops-owner`), as
         * ecs-ops records it when it takes one under management (docs/ownership.md).
         */
        owner: ownerFilterSchema.optional(),
        /** Server name glob: `*` any run, `?` one character (`web-*`); matched exactly. */
        namePattern: namePatternSchema.optional(),
        /** Only servers in this status (`ACTIVE`, `SHUTOFF`, …). */
        status: z.enum(SERVER_STATUSES, { error: `must be one of ${SERVER_STATUSES.join(", ")}` }).optional(),
    },
    result: {
        /** The matching servers, in the order the API lists them. */
        servers: z.array(
            z.object({
                /** The server id. */
                serverId: z.string(),
                /** The server name. */
                name: z.string(),
                /** The server description. */
                description: z.string(),
                /** `ACTIVE`, `SHUTOFF`, … */
                status: z.string(),
                /** Every tag, key to value. */
                tags: z.record(z.string(), z.string()),
                /** The stack that owns the server (its tag `ecs-ops-owner`), or absent when none does. */
                owner: z.string().optional(),
                /** The availability zone. */
                availabilityZone: z.string(),
                /** The flavor (instance type). */
                flavorId: z.string(),
                /** The image the server runs. */
                imageId: z.string(),
                /** `Linux` or `Windows` (the server's `os_type` metadata), empty when not reported. */
                osType: z.string(),
                /** The VPC of the server (`vpc_id` metadata), empty when not reported. */
                vpcId: z.string(),
                /** The private addresses. */
                privateIps: z.array(z.string()),
                /** When it was created (ISO 8601). */
                created: z.string(),
            }),
        ),
        /** The ids of the matching servers, in the same order. */
        ids: z.array(z.string()),
    },
});

/** The arguments of `getServers`: every filter optional, all of them must hold. */
export type GetServersArgs = LookupArgsOf<typeof getServersDeclaration>;

/** The answer of `getServers`: the matching servers in the order the API lists them, and their ids. */
export type GetServersResult = LookupResultOf<typeof getServersDeclaration>;

/** One server of the answer. */
export type ServerSummary = GetServersResult["servers"][number];
