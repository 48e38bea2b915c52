// Reinstalling an OS is the most destructive operation there is, so it runs exactly when asked:
// once when the resource is created and once per change of `reinstallRevision`.
//   pulumi config set --secret adminPass '...'
//   pulumi config set reinstallRevision 2 && pulumi up   → exactly one reinstall job per server
import * as pulumi from "@pulumi/pulumi";
import { huaweicloud } from "ecs-ops";

const config = new pulumi.Config();
const revision = config.getNumber("reinstallRevision") ?? 1;

// v1 (image without Cloud-Init): a new root password; the server is stopped first if it runs.
const plain = new huaweicloud.ServerReinstall("app-server", {
    serverId: config.require("serverId"),
    cloudInit: false,
    adminPass: config.requireSecret("adminPass"),
    stopServer: true,
    triggers: [revision],
});

// v2 (image with Cloud-Init): a key pair and user data run by Cloud-Init at first boot.
const cloudInit = new huaweicloud.ServerReinstall("web-server", {
    serverId: config.require("cloudInitServerId"),
    cloudInit: true,
    keyName: config.require("keyName"),
    userId: config.require("userId"),
    userData: ["#cloud-config", "packages: [nginx]", "runcmd:", "  - systemctl enable --now nginx", ""].join("\n"),
    stopServer: true,
    triggers: [revision],
});

/** The reinstall jobs and how they ended. */
export const jobs = {
    appServer: { jobId: plain.jobId, status: plain.status },
    webServer: { jobId: cloudInit.jobId, status: cloudInit.status },
};
