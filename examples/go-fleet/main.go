// ecs-ops from Go: adopt an existing Alibaba Cloud ECS instance with its attributes, and reboot it
// once whenever the stack config `rebootRevision` changes. See Pulumi.yaml for the setup.
package main

import (
	"ecs-ops.local/sdk/ecsops/alicloud"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		web, err := alicloud.NewInstanceAttributes(ctx, "web", &alicloud.InstanceAttributesArgs{
			InstanceId:   pulumi.String(cfg.Require("instanceId")),
			InstanceName: pulumi.String(cfg.Get("instanceName")),
			HostName:     pulumi.String(cfg.Get("hostName")),
			// A secret whether or not the config value was set with --secret: the schema marks the
			// input secret, and RequireSecret keeps it one inside the program too.
			Password:           cfg.RequireSecret("instancePassword"),
			DeletionProtection: pulumi.Bool(true),
			StopIfNeeded:       pulumi.Bool(false),
		})
		if err != nil {
			return err
		}
		reboot, err := alicloud.NewInstanceReboot(ctx, "webReboot", &alicloud.InstanceRebootArgs{
			InstanceId:     web.InstanceId,
			Triggers:       pulumi.Array{pulumi.Int(cfg.GetInt("rebootRevision"))},
			RebootOnCreate: pulumi.Bool(false),
		})
		if err != nil {
			return err
		}
		ctx.Export("instanceName", web.InstanceName)
		ctx.Export("rebootCount", reboot.RebootCount)
		return nil
	})
}
