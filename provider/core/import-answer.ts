import type * as pulumi from "@pulumi/pulumi";

/**
 * The answer to the `import` resource option on an ecs-ops resource: dynamic providers cannot
 * import (the engine would fail later with `code must be a string, not undefined`), and none is
 * needed — creating the resource adopts the existing instance, disk or server. Throws at once,
 * before anything is registered, with the program line to write instead.
 *
 * @param type e.g. `alicloud.InstanceAttributes`
 * @param idInput the input that names the existing object, e.g. `instanceId`
 * @param rest what else the line needs, e.g. `hostName: "web-1" /* the attributes to manage *\/`
 * @param created what creating the resource does to the existing object (default: adopts it)
 */
export function refuseImport(
    opts: pulumi.CustomResourceOptions | undefined,
    type: string,
    name: string,
    idInput: string,
    rest = "",
    created = `creating the resource takes the existing ${idInput.replace(/Id$/, "")} under management (verified, nothing recreated)`,
): void {
    if (opts?.import === undefined) return;
    const id = typeof opts.import === "string" ? opts.import : "<id>";
    throw new Error(
        `${type} "${name}": the import option does not apply to ecs-ops resources, and is not needed: adoption is the model — ${created}. ` +
            `Remove the import option and write: new ${type}(${JSON.stringify(name)}, { ${idInput}: ${JSON.stringify(id)}${rest ? `, ${rest}` : ""} });`,
    );
}
