// Writes the Pulumi package schema of the ecs-ops provider plugin (provider/plugin/schema.json) from
// each resource's declaration (provider/<cloud>/<resource>/declaration.ts) and resource class: never
// written by hand.
//
//   npx ts-node --transpile-only scripts/generate-schema.ts          rewrite provider/plugin/schema.json
//   npx ts-node --transpile-only scripts/generate-schema.ts --check  exit 1 when it is stale
//
// - Property names, types and descriptions come from the TypeScript checker: the inputs from the
//   handler's input type (`InputsOf<declaration>`), their doc comments from the declaration;
//   the outputs from the resource class's output properties and their doc comments.
// - The traits (secret, replaces on change, input only) from the declaration's zod schemas at run
//   time (provider/plugin/facts.ts), like the handlers' own checks.
// - Object-valued properties become object types in `types` (`ecs-ops:<cloud>:<Resource><Property>`);
//   values of no one type (`unknown`, mixed unions) are `pulumi.json#/Any`.
// - The functions (`ecs-ops:<cloud>:get…`) from each look-up's declaration
//   (provider/<cloud>/lookups/declaration.ts, all of them in provider/lookups.ts): the filters and
//   the result with their doc comments, the description from the look-up function's doc comment.
// - The config variables are the plugin's settings (provider/plugin/config.ts).
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { RESOURCE_TYPE_KEYS, ResourceTypeKey } from "../provider/registry";
import { factsOf, folderOf, functionTokenOf, PACKAGE_NAME } from "../provider/plugin/facts";
import { lookup, LOOKUP_KEYS, LookupKey } from "../provider/lookups";
import { probeTypes } from "./type-probe";
import { PLUGIN_SETTINGS, pluginConfigName } from "../provider/plugin/config";
import { secretInputNames } from "../provider/core/resource/declaration";
import { DECLARATIONS } from "../provider/declarations";
import { PLUGIN_COMPONENTS, PluginComponent, schemaArgNames } from "../components/plugin/catalog";

const ROOT = path.resolve(__dirname, "..");

/** Where the schema is checked in (the plugin serves it). */
export const SCHEMA_FILE = path.join(ROOT, "provider/plugin/schema.json");

/** A type in the Pulumi package schema. */
export interface TypeSpec {
    type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
    items?: TypeSpec;
    additionalProperties?: TypeSpec;
    $ref?: string;
}

/** A property in the Pulumi package schema. */
export interface PropertySpec extends TypeSpec {
    description?: string;
    secret?: boolean;
    replaceOnChanges?: boolean;
}

/** An object type of the schema (`types`). */
export interface ObjectTypeSpec {
    type: "object";
    description?: string;
    properties: Record<string, PropertySpec>;
    required?: string[];
}

/** A resource of the schema. */
export interface ResourceSpec extends ObjectTypeSpec {
    /** A component (served by `construct`). */
    isComponent?: boolean;
    inputProperties: Record<string, PropertySpec>;
    requiredInputs?: string[];
}

/** A function of the schema (a look-up the plugin's `invoke` serves). */
export interface FunctionSpec {
    description?: string;
    inputs: { type: "object"; properties: Record<string, PropertySpec>; required?: string[] };
    outputs: { type: "object"; properties: Record<string, PropertySpec>; required?: string[] };
}

/** The package schema (the parts ecs-ops writes). */
export interface PackageSpec {
    name: string;
    displayName: string;
    version: string;
    description: string;
    homepage?: string;
    license: string;
    repository?: string;
    config: { variables: Record<string, PropertySpec> };
    provider: { description: string; inputProperties?: Record<string, PropertySpec>; type: "object" };
    types: Record<string, ObjectTypeSpec>;
    resources: Record<string, ResourceSpec>;
    functions: Record<string, FunctionSpec>;
    language: Record<string, unknown>;
}

const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };

function pascal(name: string): string {
    return name[0].toUpperCase() + name.slice(1);
}

/** The probe module of one resource: `Inputs`, `Docs` (where the input doc comments are), `Outputs`. */
function probeText(type: ResourceTypeKey): string {
    const folder = `provider/${folderOf(type)}`;
    const name = type.split(".")[1];
    const facts = factsOf(type);
    const common =
        `import type * as pulumi from "@pulumi/pulumi";\n` +
        `import type { ${name} } from "./${folder}/resource";\n` +
        `export { ${name} as ResourceExport } from "./${folder}/resource";\n` +
        `type Unwrapped<C> = { [K in keyof Omit<C, keyof pulumi.CustomResource>]: C[K] extends pulumi.Output<infer T> ? T : never };\n` +
        `export type Outputs = Unwrapped<${name}>;\n` +
        `export type Resource = ${name};\n`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the folder's declaration module, found by its type key
    const module = require(path.join(ROOT, folder, "declaration")) as Record<string, unknown>;
    const exportName = Object.keys(module).find((key) => module[key] === facts.declaration);
    return (
        common +
        `import type { InputsOf } from "./provider/core/resource/declaration";\n` +
        `import type { ${exportName} } from "./${folder}/declaration";\n` +
        `export type Inputs = InputsOf<typeof ${exportName}>;\n` +
        `export type Docs = Inputs;\n`
    );
}

interface Probed {
    checker: ts.TypeChecker;
    inputs: ts.Type;
    docs: ts.Type;
    outputs: ts.Type;
    /** A component's output properties as the class declares them (their doc comments). */
    outputDocs?: ts.Type;
    /** The doc comment of the resource class (or of the const that holds it). */
    description: string;
}

/** The probe module of one look-up: `Inputs`, `Outputs` and the look-up function (its doc comment). */
function lookupProbeText(key: LookupKey): string {
    const entry = lookup(key);
    const name = key.split(".")[1];
    const module = name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    return (
        `import type { z } from "zod";\n` +
        `import type { ${entry.declarationExport} } from "./provider/${entry.folder}/declaration";\n` +
        `export { ${name} as FunctionExport } from "./provider/${entry.folder}/${module}";\n` +
        `export type Inputs = z.input<typeof ${entry.declarationExport}.args>;\n` +
        `export type Outputs = z.output<typeof ${entry.declarationExport}.result>;\n`
    );
}

/** Label of a look-up's probe (beside the resources' type keys). */
function lookupLabel(key: LookupKey): string {
    return `function ${key}`;
}

/**
 * The probe module of one component: its `*Args` interface (the component's one declaration) with
 * Pulumi inputs unwrapped and the TypeScript-only arguments left out, and its output properties
 * (the class's `pulumi.Output` properties).
 */
function componentProbeText(component: PluginComponent): string {
    const omitted = Object.keys(component.typeScriptOnly)
        .map((name) => JSON.stringify(name))
        .join(" | ");
    return (
        `import type * as pulumi from "@pulumi/pulumi";\n` +
        `import type { ${component.className}, ${component.argsType} } from "./${component.module}";\n` +
        `export { ${component.className} as ResourceExport } from "./${component.module}";\n` +
        `type Args = ${omitted === "" ? component.argsType : `Omit<${component.argsType}, ${omitted}>`};\n` +
        `export type Inputs = pulumi.Unwrap<Args>;\n` +
        `export type Docs = Args;\n` +
        `type C = ${component.className};\n` +
        `type OutputKeys = Exclude<{ [K in keyof C]-?: C[K] extends pulumi.Output<unknown> ? K : never }[keyof C], keyof pulumi.ComponentResource>;\n` +
        `export type Outputs = { [K in OutputKeys]: C[K] extends pulumi.Output<infer T> ? T : never };\n` +
        `export type OutputDocs = Pick<C, OutputKeys>;\n`
    );
}

function probeAll(): Map<string, Probed> {
    const probed = probeTypes(
        ROOT,
        new Map<string, string>([
            ...RESOURCE_TYPE_KEYS.map((type): [string, string] => [type, probeText(type)]),
            ...LOOKUP_KEYS.map((key): [string, string] => [lookupLabel(key), lookupProbeText(key)]),
            ...PLUGIN_COMPONENTS.map((component): [string, string] => [component.token, componentProbeText(component)]),
        ]),
    );
    const result = new Map<string, Probed>();
    for (const type of [...RESOURCE_TYPE_KEYS, ...PLUGIN_COMPONENTS.map((component) => component.token)]) {
        const { checker, typeOf } = probed.get(type)!;
        result.set(type, {
            checker,
            inputs: typeOf("Inputs"),
            docs: typeOf("Docs"),
            outputs: typeOf("Outputs"),
            outputDocs: RESOURCE_TYPE_KEYS.includes(type as ResourceTypeKey) ? undefined : typeOf("OutputDocs"),
            description: probed.get(type)!.exportDoc("ResourceExport"),
        });
    }
    for (const key of LOOKUP_KEYS) {
        const { checker, typeOf, exportDoc } = probed.get(lookupLabel(key))!;
        result.set(lookupLabel(key), {
            checker,
            inputs: typeOf("Inputs"),
            docs: typeOf("Inputs"),
            outputs: typeOf("Outputs"),
            description: exportDoc("FunctionExport"),
        });
    }
    return result;
}

function docOf(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): string {
    if (symbol === undefined) return "";
    return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

/** Builds the schema types of TypeScript types, collecting object types under `types`. */
class TypeMapper {
    readonly types: Record<string, ObjectTypeSpec> = {};

    constructor(private readonly checker: ts.TypeChecker) {}

    /** The doc comment type of a property of `docs` (the `*Args` side), looking through `pulumi.Input`. */
    private docType(docs: ts.Type | undefined, name: string): ts.Type | undefined {
        const symbol = docs?.getProperty(name);
        if (symbol === undefined) return undefined;
        const type = this.checker.getNonNullableType(this.checker.getTypeOfSymbol(symbol));
        // pulumi.Input<T> = T | Promise<T> | OutputInstance<T>: the object member is the one with properties.
        const members = type.isUnion() ? type.types : [type];
        return members.find(
            (member) => member.getProperties().length > 0 && member.getProperty("then") === undefined && member.getProperty("apply") === undefined,
        );
    }

    /** The schema type of `type`; `name` is the token an object type gets. */
    map(type: ts.Type, name: string, docs: ts.Type | undefined): TypeSpec {
        const checker = this.checker;
        const flags = ts.TypeFlags;
        let members = type.isUnion() ? type.types : [type];
        members = members.filter((m) => !(m.flags & (flags.Undefined | flags.Null | flags.Void)));
        if (members.length === 0) return ANY;
        const every = (f: ts.TypeFlags): boolean => members.every((m) => (m.flags & f) !== 0);
        if (every(flags.StringLike)) return { type: "string" };
        if (every(flags.NumberLike)) return { type: "number" };
        if (every(flags.BooleanLike)) return { type: "boolean" };
        if (members.length !== 1) return ANY;
        const only = members[0];
        if (only.flags & (flags.Unknown | flags.Any)) return ANY;
        if (checker.isArrayType(only) || checker.isTupleType(only)) {
            const element = checker.getTypeArguments(only as ts.TypeReference)[0];
            return { type: "array", items: element === undefined ? ANY : this.map(element, `${name}Item`, undefined) };
        }
        if (only.flags & flags.Object) {
            const index = checker.getIndexInfoOfType(only, ts.IndexKind.String);
            const properties = checker.getPropertiesOfType(only);
            if (index !== undefined && properties.length === 0)
                return { type: "object", additionalProperties: this.map(index.type, `${name}Value`, undefined) };
            if (properties.length === 0) return ANY;
            const spec: ObjectTypeSpec = { type: "object", properties: {}, required: [] };
            for (const property of properties) {
                const docSymbol = docs?.getProperty(property.name) ?? property;
                const propertyType = checker.getTypeOfSymbol(property);
                spec.properties[property.name] = {
                    ...this.map(propertyType, `${name}${pascal(property.name)}`, this.docType(docs, property.name)),
                    ...description(docOf(checker, docSymbol)),
                };
                if ((property.flags & ts.SymbolFlags.Optional) === 0 && !mayBeUndefined(propertyType)) spec.required!.push(property.name);
            }
            if (spec.required!.length === 0) delete spec.required;
            this.types[name] = spec;
            return { $ref: `#/types/${name}` };
        }
        return ANY;
    }

    /** The properties of a resource's inputs or outputs. */
    properties(type: ts.Type, docs: ts.Type, tokenPrefix: string, only?: readonly string[]): { properties: Record<string, PropertySpec>; required: string[] } {
        const properties: Record<string, PropertySpec> = {};
        const required: string[] = [];
        for (const symbol of this.checker.getPropertiesOfType(type)) {
            if (symbol.name.startsWith("__") || (only !== undefined && !only.includes(symbol.name))) continue;
            const docSymbol = docs.getProperty(symbol.name) ?? symbol;
            properties[symbol.name] = {
                ...this.map(this.checker.getTypeOfSymbol(symbol), `${tokenPrefix}${pascal(symbol.name)}`, this.docType(docs, symbol.name)),
                ...description(docOf(this.checker, docSymbol)),
            };
            if ((symbol.flags & ts.SymbolFlags.Optional) === 0 && !mayBeUndefined(this.checker.getTypeOfSymbol(symbol))) required.push(symbol.name);
        }
        return { properties, required };
    }
}

/** `properties` with the names of `order` first, in that order, then the others as they were. */
function inDeclaredOrder(properties: Record<string, PropertySpec>, order: readonly string[]): Record<string, PropertySpec> {
    const names = [...order.filter((name) => name in properties), ...Object.keys(properties).filter((name) => !order.includes(name))];
    return Object.fromEntries(names.map((name) => [name, properties[name]]));
}

function mayBeUndefined(type: ts.Type): boolean {
    const members = type.isUnion() ? type.types : [type];
    return members.some((m) => (m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Unknown | ts.TypeFlags.Any)) !== 0);
}

function description(text: string): { description?: string } {
    return text === "" ? {} : { description: text };
}

/** The package schema as it should be. */
export function generatedSchema(): PackageSpec {
    const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string; description: string; license: string };
    const probed = probeAll();
    const types: Record<string, ObjectTypeSpec> = {};
    const resources: Record<string, ResourceSpec> = {};
    for (const type of RESOURCE_TYPE_KEYS) {
        const facts = factsOf(type);
        const probe = probed.get(type)!;
        const mapper = new TypeMapper(probe.checker);
        const inputs = mapper.properties(probe.inputs, probe.docs, facts.token);
        for (const [name, spec] of Object.entries(inputs.properties)) {
            if (facts.secretInputs.includes(name)) spec.secret = true;
            if (facts.replaceOnChange.includes(name)) spec.replaceOnChanges = true;
        }
        // Outputs: every property of the class (echoed inputs keep the input's doc comment).
        const outputs = mapper.properties(probe.outputs, probe.docs, facts.token);
        for (const [name, spec] of Object.entries(outputs.properties)) {
            if (facts.secretInputs.includes(name) || facts.secretOutputs.includes(name)) spec.secret = true;
            if (spec.description === undefined && inputs.properties[name]?.description !== undefined) spec.description = inputs.properties[name].description;
        }
        {
            // The declaration's order (the checker lists an intersection's properties in its own order).
            inputs.properties = inDeclaredOrder(inputs.properties, Object.keys(facts.declaration.inputs.shape));
            outputs.properties = inDeclaredOrder(outputs.properties, [
                ...Object.keys(facts.declaration.inputs.shape),
                ...Object.keys(facts.declaration.outputs.shape),
            ]);
        }
        for (const [name, spec] of Object.entries(mapper.types)) types[name] = spec;
        resources[facts.token] = {
            type: "object",
            ...description(probe.description),
            inputProperties: inputs.properties,
            ...(inputs.required.length > 0 ? { requiredInputs: inputs.required } : {}),
            properties: outputs.properties,
            ...(outputs.required.length > 0 ? { required: outputs.required } : {}),
        };
    }
    for (const component of PLUGIN_COMPONENTS) {
        const probe = probed.get(component.token)!;
        const mapper = new TypeMapper(probe.checker);
        const order = schemaArgNames(component);
        const inputs = mapper.properties(probe.inputs, probe.docs, component.token);
        const outputs = mapper.properties(probe.outputs, probed.get(component.token)!.outputDocs!, component.token);
        // A nested property named as a secret input of the cloud's resources (e.g. `attributes.password`) is a secret.
        const cloud = component.token.split(":")[1];
        const secrets = new Set(
            Object.entries(DECLARATIONS)
                .filter(([type]) => type.startsWith(`${cloud}.`))
                .flatMap(([, declaration]) => secretInputNames(declaration)),
        );
        for (const [name, spec] of Object.entries(mapper.types)) {
            for (const [property, propertySpec] of Object.entries(spec.properties)) if (secrets.has(property)) propertySpec.secret = true;
            types[name] = spec;
        }
        resources[component.token] = {
            type: "object",
            isComponent: true,
            ...description(probe.description),
            inputProperties: inDeclaredOrder(inputs.properties, order),
            ...(inputs.required.length > 0 ? { requiredInputs: inputs.required } : {}),
            properties: outputs.properties,
            ...(outputs.required.length > 0 ? { required: outputs.required } : {}),
        };
    }
    const functions: Record<string, FunctionSpec> = {};
    for (const key of LOOKUP_KEYS) {
        const entry = lookup(key);
        const probe = probed.get(lookupLabel(key))!;
        const mapper = new TypeMapper(probe.checker);
        const token = functionTokenOf(key);
        const typePrefix = `${PACKAGE_NAME}:${key.split(".")[0]}:${pascal(key.split(".")[1])}`;
        const inputs = mapper.properties(probe.inputs, probe.inputs, typePrefix);
        const outputs = mapper.properties(probe.outputs, probe.outputs, typePrefix);
        for (const [name, spec] of Object.entries(mapper.types)) types[name] = spec;
        functions[token] = {
            ...description(probe.description),
            inputs: {
                type: "object",
                properties: inDeclaredOrder(inputs.properties, Object.keys(entry.declaration.args.shape)),
                ...(inputs.required.length > 0 ? { required: inputs.required } : {}),
            },
            outputs: {
                type: "object",
                properties: inDeclaredOrder(outputs.properties, Object.keys(entry.declaration.result.shape)),
                ...(outputs.required.length > 0 ? { required: outputs.required } : {}),
            },
        };
    }
    const variables: Record<string, PropertySpec> = {};
    for (const setting of PLUGIN_SETTINGS) {
        variables[pluginConfigName(setting.key)] = {
            ...(setting.object === true ? ANY : { type: "string" }),
            description: `${setting.description} (TypeScript resources: \`${setting.key}\`; stack config \`${PACKAGE_NAME}:${pluginConfigName(setting.key)}\`.)`,
            ...(setting.secret === true ? { secret: true } : {}),
        };
    }
    return {
        name: PACKAGE_NAME,
        displayName: "ecs-ops",
        version: packageJson.version,
        description: packageJson.description,
        license: packageJson.license,
        config: { variables },
        provider: { type: "object", description: "The ecs-ops provider: its settings are the `ecs-ops:` stack config keys." },
        types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))),
        resources,
        functions,
        language: {
            python: { packageName: "pulumi_ecs_ops" },
            nodejs: { packageName: "@ecs-ops/pulumi" },
            // The Go SDK is generated where it is used (docs/languages/go.md) and reached through a
            // `replace`: the module path is a name, not a download address. The version in the schema
            // is the one the SDK asks the engine for (not the Go module's own, which a replace hides).
            go: { importBasePath: "ecs-ops.local/sdk/ecsops", respectSchemaVersion: true },
            csharp: { namespaces: { "ecs-ops": "EcsOps", alicloud: "Alicloud", huaweicloud: "Huaweicloud" }, respectSchemaVersion: true },
        },
    };
}

/** The schema as the checked-in file holds it. */
export function schemaText(schema: PackageSpec): string {
    return JSON.stringify(schema, null, 2) + "\n";
}

if (require.main === module) {
    const text = schemaText(generatedSchema());
    if (process.argv.includes("--check")) {
        if (!fs.existsSync(SCHEMA_FILE) || fs.readFileSync(SCHEMA_FILE, "utf8") !== text) {
            console.error("provider/plugin/schema.json is stale (run: npx ts-node --transpile-only scripts/generate-schema.ts)");
            process.exit(1);
        }
    } else {
        fs.writeFileSync(SCHEMA_FILE, text);
    }
}
