import { outputNames, replaceOnChangeNames, secretInputNames, secretOutputNames } from "../core/resource/declaration";
import { AnyResourceDeclaration, DECLARATIONS } from "../declarations";
import { LOOKUP_KEYS, LookupKey } from "../lookups";
import { RESOURCE_TYPE_KEYS, ResourceTypeKey } from "../registry";

// What the provider plugin and its schema need to know of each resource type beyond its handler:
// the package type token, the secret inputs and outputs, the inputs that replace the resource. They
// come from the resource's declaration (provider/<cloud>/<resource>/declaration.ts, all of them in
// provider/declarations.ts).

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
    /** The declaration. */
    readonly declaration: AnyResourceDeclaration;
}

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

/** The function token of a look-up: `alicloud.getInstances` -> `ecs-ops:alicloud:getInstances`. */
export function functionTokenOf(key: LookupKey): string {
    const [cloud, name] = key.split(".");
    return `${PACKAGE_NAME}:${cloud}:${name}`;
}

/** The look-up of a function token, or undefined when the token is not an ecs-ops function. */
export function lookupOfToken(token: string): LookupKey | undefined {
    return LOOKUP_KEYS.find((key) => functionTokenOf(key) === token);
}

/**
 * The resource types `pulumi import` adopts through the plugin (their handler's read, given no
 * state, records the object with nothing managed). The others are operations (a reboot, a
 * re-initialisation, a reinstall) or a fleet's record, which are declared, not imported.
 */
export const IMPORTABLE_TYPES: readonly ResourceTypeKey[] = ["alicloud.InstanceAttributes", "huaweicloud.ServerAttributes"];

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

const cache = new Map<ResourceTypeKey, ResourceFacts>();

/** What the plugin knows of a resource type, from its declaration. */
export function factsOf(type: ResourceTypeKey): ResourceFacts {
    const known = cache.get(type);
    if (known !== undefined) return known;
    const declaration = DECLARATIONS[type];
    const outputs = outputNames(declaration);
    const facts: ResourceFacts = {
        type,
        token: tokenOf(type),
        secretInputs: secretInputNames(declaration),
        secretOutputs: secretOutputNames(declaration),
        replaceOnChange: replaceOnChangeNames(declaration),
        inputOnly: Object.keys(declaration.inputs.shape).filter((name) => !outputs.includes(name)),
        declaration,
    };
    cache.set(type, facts);
    return facts;
}
