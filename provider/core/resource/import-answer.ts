import type * as pulumi from "@pulumi/pulumi";

/** What the program line that adopts an existing object looks like, per ecs-ops resource type. */
interface AdoptionLine {
    /** The input that names the existing object, e.g. `instanceId`. */
    idInput: string;
    /** What else the line needs, e.g. `hostName: "web-1" /* the attributes to manage *\/`. */
    rest: string;
    /** What creating the resource does to the existing object. */
    created: string;
}

/** The adoption line of every ecs-ops resource type (the type as in `pulumi-nodejs:dynamic/ecs-ops:<type>`). */
const ADOPTION: Readonly<Record<string, AdoptionLine>> = {
    "alicloud.InstanceAttributes": {
        idInput: "instanceId",
        rest: '/* the attributes to manage, e.g. */ instanceName: "web-1"',
        created: "creating the resource takes the existing instance under management (verified, nothing recreated)",
    },
    "alicloud.InstanceReboot": {
        idInput: "instanceId",
        rest: "rebootOnCreate: false, triggers: [/* what should reboot it */]",
        created: "a reboot is an operation, not an object to import: with rebootOnCreate: false, creating the resource only records the instance",
    },
    "alicloud.DiskReinit": {
        idInput: "diskId",
        rest: "triggers: [/* what should re-initialise it */]",
        created: "a re-initialisation is an operation, not an object to import (note: creating the resource re-initialises the disk once, erasing it)",
    },
    "huaweicloud.ServerReinstall": {
        idInput: "serverId",
        rest: "triggers: [/* what should reinstall it */]",
        created: "a reinstall is an operation, not an object to import (note: creating the resource reinstalls the OS once)",
    },
    "huaweicloud.ServerReboot": {
        idInput: "serverId",
        rest: "rebootOnCreate: false, triggers: [/* what should reboot it */]",
        created: "a reboot is an operation, not an object to import: with rebootOnCreate: false, creating the resource only records the server",
    },
};

/** What creating a resource of `type` does to the existing object (e.g. `alicloud.InstanceReboot`), or undefined for a type not in the table. */
export function adoptionNote(type: string): string | undefined {
    return ADOPTION[type]?.created;
}

/** The program line that adopts the object `id` as resource `name` of `type`. */
function programLine(type: string, name: string, id: string): string {
    const line = ADOPTION[type];
    return `new ${type}(${JSON.stringify(name)}, { ${line.idInput}: ${JSON.stringify(id)}${line.rest ? `, ${line.rest}` : ""} });`;
}

/**
 * The answer to `pulumi import` of an ecs-ops resource (given by the dynamic-provider launcher of
 * ecs-ops' CLI build, which reads this module from the project): dynamic providers cannot import,
 * and none is needed. Returns undefined for a type that is not an ecs-ops resource.
 *
 * @param type e.g. `alicloud.InstanceAttributes`
 */
export function importCommandAnswer(type: string, name: string, id: string): string | undefined {
    if (ADOPTION[type] === undefined) return undefined;
    return (
        `${type} "${name}": ecs-ops resources are not imported, and need not be: adoption is the model — ${ADOPTION[type].created}. ` +
        `Instead of \`pulumi import\`, add to the program: ${programLine(type, name, id)} and run \`pulumi up\``
    );
}

/**
 * The answer to the `import` resource option on an ecs-ops resource: dynamic providers cannot
 * import (the engine would fail later with `code must be a string, not undefined`), and none is
 * needed — creating the resource adopts the existing instance, disk or server. Throws at once,
 * before anything is registered, with the program line to write instead.
 *
 * @param type e.g. `alicloud.InstanceAttributes` (a key of the adoption table)
 */
export function refuseImport(opts: pulumi.CustomResourceOptions | undefined, type: keyof typeof ADOPTION, name: string): void {
    if (opts?.import === undefined) return;
    const id = typeof opts.import === "string" ? opts.import : "<id>";
    throw new Error(
        `${type} "${name}": the import option does not apply to ecs-ops resources, and is not needed: adoption is the model — ${ADOPTION[type].created}. ` +
            `Remove the import option and write: ${programLine(type, name, id)}`,
    );
}
