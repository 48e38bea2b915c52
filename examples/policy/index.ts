// An example policy pack for ecs-ops stacks: the guard rails a platform team enforces on every `pulumi
// preview` / `pulumi up` of a GitOps pipeline.
//
//   pulumi preview --policy-pack examples/policy                      # the defaults below
//   pulumi preview --policy-pack examples/policy --policy-pack-config my-policy-config.json
//
// my-policy-config.json: { "ecs-ops-allowed-security-groups": { "allowedSecurityGroupIds": ["sg-…"] } }
//
// All three policies are mandatory: a violation fails the preview and refuses the update.
import { PolicyPack } from "@pulumi/policy";

import { DEFAULT_ALLOWED_SECURITY_GROUPS, deletionProtectionViolation, destructiveOperationViolation, securityGroupViolation, TYPES } from "./rules";

new PolicyPack("ecs-ops", {
    enforcementLevel: "mandatory",
    policies: [
        {
            name: "ecs-ops-deletion-protection",
            description: "Managed instances (alicloud.InstanceAttributes, also inside ManagedInstance and InstanceFleet) keep deletion protection on.",
            validateResource: (args, reportViolation) => {
                if (args.type !== TYPES.instanceAttributes) return;
                const message = deletionProtectionViolation(args.props);
                if (message) reportViolation(message);
            },
        },
        {
            name: "ecs-ops-destructive-operations",
            description: "No alicloud.DiskReinit or huaweicloud.ServerReinstall unless the stack sets ecs-ops:allowDestructiveOperations to true.",
            validateResource: (args, reportViolation) => {
                const message = destructiveOperationViolation(args.type, args.name, args.provider?.props);
                if (message) reportViolation(message);
            },
        },
        {
            name: "ecs-ops-allowed-security-groups",
            description: "Managed instances use only security groups from the allowed list.",
            configSchema: {
                properties: {
                    allowedSecurityGroupIds: {
                        type: "array",
                        items: { type: "string" },
                        default: DEFAULT_ALLOWED_SECURITY_GROUPS,
                    },
                },
            },
            validateResource: (args, reportViolation) => {
                if (args.type !== TYPES.instanceAttributes) return;
                const { allowedSecurityGroupIds } = args.getConfig<{ allowedSecurityGroupIds: string[] }>();
                const message = securityGroupViolation(args.props, allowedSecurityGroupIds);
                if (message) reportViolation(message);
            },
        },
    ],
});
