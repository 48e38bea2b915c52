// The package schema of the ecs-ops provider plugin (provider/plugin/schema.json): generated from the
// declarations and never stale; every input of every resource in it with its type, description and
// secret / replace-on-change flags, nothing it does not declare; the plugin's settings cover every
// stack config key the provider code reads, under its ecs-ops: name.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { clearStackConfig, ecsOpsConfigKey, setStackConfig, stackConfig } from "../../provider/core/credentials/stack-config";
import { outputNames, secretOutputNames } from "../../provider/core/resource/declaration";
import { PLUGIN_SETTINGS, pluginConfigName } from "../../provider/plugin/config";
import { resultItemShape } from "../../provider/core/lookup/declaration";
import { LOOKUP_KEYS, lookup } from "../../provider/lookups";
import { factsOf, folderOf, functionTokenOf, tokenOf } from "../../provider/plugin/facts";
import { RESOURCE_TYPE_KEYS, ResourceTypeKey } from "../../provider/registry";
import { PLUGIN_COMPONENTS, schemaArgNames } from "../../components/plugin/catalog";
import { generatedSchema, schemaText, SCHEMA_FILE, type PackageSpec, type PropertySpec } from "../../scripts/generate-schema";

const ROOT = path.resolve(__dirname, "..", "..");
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as PackageSpec;

/** The inputs of a resource as its handler validates them (declaration, else its schema module's list). */
function inputNamesOf(type: ResourceTypeKey): string[] {
    const facts = factsOf(type);
    if (facts.declaration !== undefined) return Object.keys(facts.declaration.inputs.shape);
    const name = type.split(".")[1];
    const modules = ["fields", "schema"]
        .map((file) => path.join(ROOT, "provider", folderOf(type), file))
        .filter((module) => fs.existsSync(`${module}.ts`))
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        .map((module) => require(module) as Record<string, unknown>);
    for (const exports of modules) {
        const list = Object.entries(exports).find(([key, value]) => /^[A-Z_]+_INPUTS$/.test(key) && !key.endsWith("SECRET_INPUTS") && Array.isArray(value));
        if (list !== undefined) return [...(list[1] as string[])];
    }
    for (const exports of modules) {
        const zod = exports[`${name[0].toLowerCase()}${name.slice(1)}Schema`] as { shape?: object } | undefined;
        if (zod?.shape !== undefined) return Object.keys(zod.shape);
    }
    throw new Error(`no input list for ${type}`);
}

function typed(spec: PropertySpec | undefined): boolean {
    return spec !== undefined && (spec.type !== undefined || spec.$ref !== undefined);
}

describe("the ecs-ops package schema", function () {
    this.timeout(120_000);

    it("is generated from the declarations and checked in as generated (npx ts-node --transpile-only scripts/generate-schema.ts)", function () {
        expect(schemaText(generatedSchema()) === fs.readFileSync(SCHEMA_FILE, "utf8"), "provider/plugin/schema.json is stale").to.equal(true);
    });

    it("is the package ecs-ops at the version of package.json", () => {
        const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
        expect(schema.name).to.equal("ecs-ops");
        expect(schema.version).to.equal(packageJson.version);
        expect(Object.keys(schema.resources).sort()).to.deep.equal([...RESOURCE_TYPE_KEYS.map(tokenOf), ...PLUGIN_COMPONENTS.map((c) => c.token)].sort());
    });

    for (const type of RESOURCE_TYPE_KEYS) {
        it(`${tokenOf(type)}: every input with its type, description and traits, and nothing else`, () => {
            const facts = factsOf(type);
            const resource = schema.resources[tokenOf(type)];
            expect(resource.description, "resource description").to.be.a("string").and.not.equal("");
            const names = inputNamesOf(type);
            expect(Object.keys(resource.inputProperties).sort()).to.deep.equal([...names].sort());
            for (const name of names) {
                const spec = resource.inputProperties[name];
                expect(typed(spec), `${name} has a type`).to.equal(true);
                expect(spec.description, `${name} has a description`).to.be.a("string").and.not.equal("");
                expect(spec.secret === true, `${name} secret`).to.equal(facts.secretInputs.includes(name));
                expect(spec.replaceOnChanges === true, `${name} replaceOnChanges`).to.equal(facts.replaceOnChange.includes(name));
            }
            for (const [name, spec] of Object.entries(resource.properties)) {
                expect(typed(spec), `output ${name} has a type`).to.equal(true);
                expect(spec.secret === true, `output ${name} secret`).to.equal(facts.secretInputs.includes(name) || facts.secretOutputs.includes(name));
            }
            for (const name of facts.inputOnly) expect(resource.properties, `input-only ${name}`).to.not.have.property(name);
            if (facts.declaration !== undefined) {
                expect(Object.keys(resource.properties).sort()).to.deep.equal(outputNames(facts.declaration).sort());
                // Secret state-only values are not outputs; the secret outputs are marked.
                for (const name of secretOutputNames(facts.declaration))
                    if (name in resource.properties) expect(resource.properties[name].secret).to.equal(true);
            }
        });
    }

    it("has a function for every look-up and nothing else", () => {
        expect(Object.keys(schema.functions).sort()).to.deep.equal(LOOKUP_KEYS.map(functionTokenOf).sort());
    });

    for (const key of LOOKUP_KEYS) {
        it(`${functionTokenOf(key)}: every filter and every result field (and each item's) with its type and description, and nothing else`, () => {
            const declaration = lookup(key).declaration;
            const fn = schema.functions[functionTokenOf(key)];
            expect(fn.description, "function description").to.be.a("string").and.not.equal("");
            const described = (properties: Record<string, PropertySpec>, names: string[], what: string): void => {
                expect(Object.keys(properties).sort(), what).to.deep.equal([...names].sort());
                for (const name of names) {
                    expect(typed(properties[name]), `${what} ${name} has a type`).to.equal(true);
                    expect(properties[name].description, `${what} ${name} has a description`).to.be.a("string").and.not.equal("");
                }
            };
            described(fn.inputs.properties, Object.keys(declaration.args.shape), "filter");
            expect(fn.inputs.required ?? [], "every filter is optional").to.deep.equal([]);
            const resultNames = Object.keys(declaration.result.shape);
            described(fn.outputs.properties, resultNames, "result");
            expect([...(fn.outputs.required ?? [])].sort()).to.deep.equal([...resultNames].sort());
            for (const name of resultNames) {
                const itemShape = resultItemShape(declaration, name);
                if (itemShape === undefined) continue;
                const ref = fn.outputs.properties[name].items?.$ref;
                expect(ref, `${name} items are an object type`).to.be.a("string");
                const item = schema.types[ref!.slice("#/types/".length)];
                described(item.properties, Object.keys(itemShape), `${name} item`);
            }
        });
    }

    for (const component of PLUGIN_COMPONENTS) {
        it(`${component.token}: a component with every argument of the TypeScript class (but the TypeScript-only ones), described, and its outputs`, () => {
            const resource = schema.resources[component.token];
            expect(resource.isComponent).to.equal(true);
            expect(resource.description, "component description").to.be.a("string").and.not.equal("");
            // The names come from the compiler-checked list of the `*Args` interface: an argument added
            // to the class and missing from the schema (or the reverse) fails here.
            expect(Object.keys(resource.inputProperties).sort()).to.deep.equal(schemaArgNames(component).sort());
            for (const name of Object.keys(component.typeScriptOnly)) expect(component.argNames, name).to.include(name);
            for (const [name, spec] of Object.entries(resource.inputProperties)) {
                expect(typed(spec), `${name} has a type`).to.equal(true);
                expect(spec.description, `${name} has a description`).to.be.a("string").and.not.equal("");
            }
            expect(Object.keys(resource.properties)).to.include("pendingRestart");
            for (const [name, spec] of Object.entries(resource.properties)) {
                expect(typed(spec), `output ${name} has a type`).to.equal(true);
                expect(spec.description, `output ${name} has a description`).to.be.a("string").and.not.equal("");
            }
        });
    }

    it("a component's nested secret inputs are marked secret (attributes.password, reinstall.adminPass)", () => {
        const types = schema.types as Record<string, { properties: Record<string, PropertySpec> }>;
        expect(types["ecs-ops:alicloud:ManagedInstanceAttributes"].properties.password.secret).to.equal(true);
        expect(types["ecs-ops:alicloud:ManagedInstanceAttributes"].properties.instanceName.secret).to.equal(undefined);
        expect(types["ecs-ops:alicloud:InstanceFleetInstancesValue"].properties.password.secret).to.equal(true);
        expect(types["ecs-ops:huaweicloud:ManagedServerReinstall"].properties.adminPass.secret).to.equal(true);
    });

    it("every type reference resolves", () => {
        const refs = JSON.stringify(schema).match(/"#\/types\/[^"]+"/g) ?? [];
        for (const ref of refs) expect(schema.types, ref).to.have.property(ref.slice('"#/types/'.length, -1));
    });
});

describe("the plugin's settings", () => {
    afterEach(() => clearStackConfig());

    it("cover every stack config key the provider code reads, each in the schema's config under its ecs-ops: name", () => {
        const read = new Set<string>();
        const walk = (dir: string): void => {
            for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                const file = path.join(dir, entry.name);
                if (entry.isDirectory()) walk(file);
                else if (entry.name.endsWith(".ts")) for (const m of fs.readFileSync(file, "utf8").matchAll(/stackConfig\("([^"]+)"\)/g)) read.add(m[1]);
            }
        };
        walk(path.join(ROOT, "provider"));
        expect(read.size).to.be.greaterThan(10);
        expect([...read].filter((key) => !PLUGIN_SETTINGS.some((s) => s.key === key))).to.deep.equal([]);
        for (const setting of PLUGIN_SETTINGS) expect(schema.config.variables, setting.key).to.have.property(pluginConfigName(setting.key));
        expect(schema.config.variables.alicloudSecretKey.secret).to.equal(true);
    });

    it("alicloud:* and huaweicloud:* keys fall back to their ecs-ops: names; the provider's own name wins", () => {
        expect(ecsOpsConfigKey("alicloud:region")).to.equal("ecs-ops:alicloudRegion");
        expect(ecsOpsConfigKey("huaweicloud:sharedConfigFile")).to.equal("ecs-ops:huaweicloudSharedConfigFile");
        expect(ecsOpsConfigKey("ecs-ops:attemptTimeout")).to.equal(undefined);
        const values = new Map([
            ["ecs-ops:alicloudRegion", "cn-shanghai"],
            ["ecs-ops:huaweicloudProjectId", "p1"],
        ]);
        setStackConfig({ get: (key) => values.get(key) });
        expect(stackConfig("alicloud:region")).to.equal("cn-shanghai");
        expect(stackConfig("huaweicloud:projectId")).to.equal("p1");
        expect(stackConfig("huaweicloud:region")).to.equal(undefined);
        values.set("alicloud:region", "cn-hangzhou");
        expect(stackConfig("alicloud:region")).to.equal("cn-hangzhou");
    });
});
