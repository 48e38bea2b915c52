import * as pulumi from "@pulumi/pulumi";
import { hasStackConfig, setStackConfig } from "./stack-config";

/**
 * Makes the stack configuration of the running program the source of `stackConfig` when no
 * provider `configure` set one: a look-up called from a program (its own process, where no dynamic
 * provider runs) then reads `alicloud:*`, `huaweicloud:*` and `ecs-ops:*` as the resources' handlers
 * do. Outside a Pulumi program the runtime has no config and the environment is used, as before.
 */
export function useProgramConfig(): void {
    if (!hasStackConfig()) setStackConfig({ get: (key) => pulumi.runtime.getConfig(key) });
}
