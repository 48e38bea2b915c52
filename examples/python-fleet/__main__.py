"""ecs-ops from Python: adopt an existing Alibaba Cloud ECS instance and reboot it on a trigger.

The resources come from the ecs-ops provider plugin through its generated SDK (`pulumi_ecs_ops`); the
plugin reads its settings from `ecs-ops:` stack config (see Pulumi.yaml).
"""
import pulumi
from pulumi_ecs_ops import alicloud

config = pulumi.Config()
instance_id = config.require("instanceId")
instance_name = config.get("instanceName") or "web-1"
host_name = config.get("hostName") or "web-1"
# A secret input of InstanceAttributes: the plugin keeps it secret even when set as plain text.
password = config.get_secret("instancePassword")
reboot_revision = config.get_int("rebootRevision") or 1

# Adopt the instance: its name, host name and password are made to match; nothing is created or deleted.
web = alicloud.InstanceAttributes(
    "web",
    instance_id=instance_id,
    instance_name=instance_name,
    host_name=host_name,
    password=password,
    deletion_protection=True,
    stop_if_needed=False,
)

# Reboot once whenever a trigger changes (not when first adopted).
web_reboot = alicloud.InstanceReboot(
    "webReboot",
    instance_id=web.instance_id,
    triggers=[reboot_revision],
    reboot_on_create=False,
)

pulumi.export("instanceName", web.instance_name)
pulumi.export("rebootCount", web_reboot.reboot_count)
