import type { z } from "zod";
import { outputNames, ResourceDeclaration, replaceOnChangeNames, secretInputNames, secretOutputNames } from "../core/resource/declaration";
import { RESOURCE_TYPE_KEYS, ResourceTypeKey } from "../registry";

// What the provider plugin and its schema need to know of each resource type beyond its handler:
// the package type token, the secret inputs and outputs, the inputs that replace the resource. They
// come from the resource's declaration (provider/<cloud>/<resource>/declaration.ts); a resource not
// declared that way yet takes them from LEGACY_TRAITS below, written from its resource class. Once
// a resource has a declaration its entry is ignored (delete it then).

/** The package name of the provider plugin (the first part of every type token). */
export const PACKAGE_NAME = "ecs-ops";

/** What the plugin knows of one resource type. */
export interface ResourceFacts {
    /** The registry key, e.g. `alicloud.InstanceReboot`. */
    readonly type: ResourceTypeKey;
    /** The package type token, e.g. `ecs-ops:alicloud:InstanceReboot`. */
    readonly token: string;
    /** The inputs that are secrets: returned as secrets in checked inputs and outputs. */
    readonly secretInputs: readonly string[];
    /** The computed outputs that are secrets. */
    readonly secretOutputs: readonly string[];
    /** The inputs whose change replaces the resource. */
    readonly replaceOnChange: readonly string[];
    /** The inputs never returned as outputs. */
    readonly inputOnly: readonly string[];
    /** The declaration, when the resource has one. */
    readonly declaration?: ResourceDeclaration<z.ZodRawShape, z.ZodRawShape, string>;
}

/** Traits of resources that have no declaration yet, as their resource classes state them. */
export const LEGACY_TRAITS: Partial<Record<ResourceTypeKey, Omit<ResourceFacts, "type" | "token" | "declaration">>> = {
    "alicloud.InstanceAttributes": {
        secretInputs: ["password", "userData", "remoteConnectionOptions"],
        secretOutputs: ["passwordFingerprint", "userDataFingerprint", "fingerprintKey", "secretInputs"],
        replaceOnChange: ["instanceId", "region"],
        inputOnly: ["password", "userData"],
    },
    "alicloud.DiskReinit": {
        secretInputs: ["password"],
        secretOutputs: ["passwordFingerprint"],
        replaceOnChange: ["diskId", "instanceId", "region"],
        inputOnly: [],
    },
    "huaweicloud.ServerAttributes": {
        secretInputs: [],
        secretOutputs: [],
        replaceOnChange: ["serverId", "region", "projectId"],
        inputOnly: [],
    },
    "huaweicloud.ServerReboot": {
        secretInputs: [],
        secretOutputs: [],
        replaceOnChange: ["serverId", "region", "projectId"],
        inputOnly: [],
    },
    "huaweicloud.ServerReinstall": {
        secretInputs: ["adminPass", "userData"],
        secretOutputs: ["adminPassFingerprint", "userDataFingerprint"],
        replaceOnChange: ["serverId", "region", "projectId"],
        inputOnly: [],
    },
};

function kebab(name: string): string {
    return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** The package type token of a registry key: `alicloud.InstanceReboot` -> `ecs-ops:alicloud:InstanceReboot`. */
export function tokenOf(type: ResourceTypeKey): string {
    const [cloud, name] = type.split(".");
    return `${PACKAGE_NAME}:${cloud}:${name}`;
}

/** The registry key of a type token, or undefined when the token is not an ecs-ops resource. */
export function typeOfToken(token: string): ResourceTypeKey | undefined {
    return RESOURCE_TYPE_KEYS.find((type) => tokenOf(type) === token);
}

/** The type token of a resource URN (`urn:pulumi:<stack>::<project>::<parent types$>type::<name>`). */
export function tokenOfUrn(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** The folder of a resource type, relative to provider/: `alicloud/instance-reboot`. */
export function folderOf(type: ResourceTypeKey): string {
    const [cloud, name] = type.split(".");
    return `${cloud}/${kebab(name)}`;
}

/** The declaration of a resource type, when its folder has one. */
export function declarationOf(type: ResourceTypeKey): ResourceDeclaration<z.ZodRawShape, z.ZodRawShape, string> | undefined {
    let module: Record<string, unknown>;
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        module = require(`../${folderOf(type)}/declaration`) as Record<string, unknown>;
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String((err as Error).message).includes(`${folderOf(type)}/declaration`))
            return undefined;
        throw err;
    }
    const found = Object.values(module).find(
        (value) => (value as { type?: unknown } | undefined)?.type === type && (value as { inputs?: unknown }).inputs !== undefined,
    );
    return found as ResourceDeclaration<z.ZodRawShape, z.ZodRawShape, string> | undefined;
}

const cache = new Map<ResourceTypeKey, ResourceFacts>();

/** What the plugin knows of a resource type (from its declaration, else LEGACY_TRAITS). */
export function factsOf(type: ResourceTypeKey): ResourceFacts {
    const known = cache.get(type);
    if (known !== undefined) return known;
    const declaration = declarationOf(type);
    let facts: ResourceFacts;
    if (declaration !== undefined) {
        const outputs = outputNames(declaration);
        facts = {
            type,
            token: tokenOf(type),
            secretInputs: secretInputNames(declaration),
            secretOutputs: secretOutputNames(declaration),
            replaceOnChange: replaceOnChangeNames(declaration),
            inputOnly: Object.keys(declaration.inputs.shape).filter((name) => !outputs.includes(name)),
            declaration,
        };
    } else {
        const legacy = LEGACY_TRAITS[type];
        if (legacy === undefined) throw new Error(`ecs-ops resource ${type} has neither a declaration nor LEGACY_TRAITS`);
        facts = { type, token: tokenOf(type), ...legacy };
    }
    cache.set(type, facts);
    return facts;
}
