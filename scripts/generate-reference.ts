// Writes the generated parts of the reference pages (docs/reference/<cloud>/<resource>.md) from the
// one declaration of each resource (provider/<cloud>/<resource>/declaration.ts) and from each
// component's `*Args` interface and output properties: the inputs table and the outputs table,
// each between its `<!-- BEGIN GENERATED: … -->` / `<!-- END GENERATED: … -->` markers. The prose
// around the markers is the page's own.
//
//   npx ts-node --transpile-only scripts/generate-reference.ts          rewrite the pages
//   npx ts-node --transpile-only scripts/generate-reference.ts --check  exit 1 naming each stale page
//
// Types and doc comments come from the TypeScript checker (a doc comment on a declaration's property
// is the text of its row); the traits (secret, replaces on change, never an output) from the
// declaration's zod schemas at run time.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { RESOURCE_TYPE_KEYS } from "../provider/registry";
import { probeTypes } from "./type-probe";
import { outputNames, redactedInputNames, replaceOnChangeNames, secretInputNames, secretOutputNames } from "../provider/core/resource/declaration";

const ROOT = path.resolve(__dirname, "..");

/** One page to generate: where its page is and how to reach its inputs and outputs in TypeScript. */
interface PageSource {
    /** `alicloud.InstanceReboot`. */
    readonly type: string;
    /** The page, relative to the repository root. */
    readonly page: string;
    /** TypeScript text of a module (in the repository root) declaring `type Inputs` and `type Outputs`. */
    readonly probe: string;
    /** Traits of an input by name: notes for the table. */
    readonly inputNotes: (name: string) => string[];
    /** Whether an output is secret. */
    readonly secretOutput: (name: string) => boolean;
    /** Inputs the table lists (in order). */
    readonly inputs?: readonly string[];
    /** Outputs the table lists (in order); every property of `Outputs` when absent. */
    readonly outputs?: readonly string[];
}

function kebab(name: string): string {
    return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

interface DeclarationLike {
    type: string;
    inputs: { shape: Record<string, unknown> };
    outputs: { shape: Record<string, unknown> };
    inputOnly: readonly string[];
}

/** The resources whose folder has a declaration.ts. */
function resourceSources(): PageSource[] {
    const sources: PageSource[] = [];
    for (const type of RESOURCE_TYPE_KEYS) {
        const [cloud, name] = type.split(".");
        const folder = `provider/${cloud}/${kebab(name)}`;
        const file = path.join(ROOT, folder, "declaration.ts");
        if (!fs.existsSync(file)) continue;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(file) as Record<string, unknown>;
        const entry = Object.entries(mod).find(
            ([, value]) => (value as DeclarationLike | undefined)?.type === type && (value as DeclarationLike).inputs !== undefined,
        );
        if (entry === undefined) throw new Error(`${folder}/declaration.ts exports no declaration of ${type}`);
        const [exportName, value] = entry as [string, DeclarationLike];
        const secrets = secretInputNames(value as never);
        const redacted = redactedInputNames(value as never);
        const replaces = replaceOnChangeNames(value as never);
        const secretOutputs = secretOutputNames(value as never);
        sources.push({
            type,
            page: `docs/reference/${cloud}/${kebab(name)}.md`,
            probe:
                `import type { InputsOf, StateOf } from "./provider/core/resource/declaration";\n` +
                `import type { ${exportName} } from "./${folder}/declaration";\n` +
                `export type Inputs = InputsOf<typeof ${exportName}>;\n` +
                `export type Outputs = StateOf<typeof ${exportName}>;\n`,
            inputNotes: (input) => [
                ...(secrets.includes(input) ? ["secret"] : redacted.includes(input) ? ["may hold secrets: never named in a failure"] : []),
                ...(replaces.includes(input) ? ["a change replaces the resource"] : []),
                ...(value.inputOnly.includes(input) ? ["input only (never an output)"] : []),
            ],
            secretOutput: (output) => secretOutputs.includes(output) || secrets.includes(output),
            inputs: Object.keys(value.inputs.shape),
            outputs: outputNames(value as never).filter((output) => !(output in value.inputs.shape)),
        });
    }
    return sources;
}

/** The components: their `*Args` interface and their class's own output properties. */
function componentSources(): PageSource[] {
    const components: [string, string, string][] = [
        ["alicloud.ManagedInstance", "components/alicloud/managed-instance", "ManagedInstance"],
        ["alicloud.InstanceFleet", "components/alicloud/instance-fleet", "InstanceFleet"],
        ["huaweicloud.ManagedServer", "components/huaweicloud/managed-server", "ManagedServer"],
        ["huaweicloud.ServerFleet", "components/huaweicloud/server-fleet", "ServerFleet"],
    ];
    return components.map(([type, module, className]) => ({
        type,
        page: `docs/reference/${type.split(".")[0]}/${kebab(className)}.md`,
        probe:
            `import type { ${className}, ${className}Args } from "./${module}";\n` +
            `import type * as pulumi from "@pulumi/pulumi";\n` +
            `export type Inputs = ${className}Args;\n` +
            `export type Outputs = Omit<${className}, keyof pulumi.ComponentResource>;\n`,
        inputNotes: () => [],
        secretOutput: () => false,
    }));
}

/** A property of a probed type: its name, type text, whether optional, and its doc comment. */
interface Property {
    name: string;
    type: string;
    optional: boolean;
    doc: string;
}

/** Reads `Inputs` and `Outputs` of every probe with one TypeScript program. */
function probe(sources: PageSource[]): Map<string, { inputs: Property[]; outputs: Property[] }> {
    const probed = probeTypes(ROOT, new Map(sources.map((source) => [source.type, source.probe])));
    const result = new Map<string, { inputs: Property[]; outputs: Property[] }>();
    for (const source of sources) {
        const { checker, typeOf } = probed.get(source.type)!;
        const read = (alias: string): Property[] =>
            checker.getPropertiesOfType(typeOf(alias)).map((symbol) => ({
                name: symbol.name,
                // An optional property's `| undefined` is what "optional" says already.
                type: checker
                    .typeToString(
                        checker.getTypeOfSymbol(symbol),
                        undefined,
                        ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope,
                    )
                    .replace(/ \| undefined$/, ""),
                optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0,
                doc: ts.displayPartsToString(symbol.getDocumentationComment(checker)),
            }));
        result.set(source.type, { inputs: read("Inputs"), outputs: read("Outputs") });
    }
    return result;
}

function cell(text: string): string {
    return text
        .replace(/\s*\n\s*/g, " ")
        .replace(/\|/g, "\\|")
        .trim();
}

function typeCell(type: string): string {
    const simplified = type.replace(/import\("[^"]+"\)\./g, "").replace(/\?: ([^;]+?) \| undefined;/g, "?: $1;");
    return "`" + cell(simplified).replace(/`/g, "'") + "`";
}

function inputsTable(source: PageSource, properties: Property[]): string {
    const byName = new Map(properties.map((p) => [p.name, p]));
    const names = source.inputs ?? properties.map((p) => p.name);
    const rows = names.map((name) => {
        const p = byName.get(name);
        if (p === undefined) throw new Error(`${source.type}: input ${name} has no TypeScript property`);
        const notes = [p.optional ? "optional" : "**required**", ...source.inputNotes(name)];
        return `| \`${name}\` | ${typeCell(p.type)} | ${notes.join("; ")} | ${cell(p.doc)} |`;
    });
    return ["| input | type | | description |", "|---|---|---|---|", ...rows].join("\n");
}

function outputsTable(source: PageSource, properties: Property[]): string {
    const byName = new Map(properties.map((p) => [p.name, p]));
    const names = source.outputs ?? properties.map((p) => p.name);
    const rows = names.map((name) => {
        const p = byName.get(name);
        if (p === undefined) throw new Error(`${source.type}: output ${name} has no TypeScript property`);
        return `| \`${name}\` | ${typeCell(p.type)} | ${source.secretOutput(name) ? "secret" : ""} | ${cell(p.doc)} |`;
    });
    const intro = source.outputs === undefined ? "" : "Every input above is also an output (unless marked input only), and:\n\n";
    return intro + ["| output | type | | description |", "|---|---|---|---|", ...rows].join("\n");
}

function replaceBetween(text: string, marker: string, body: string, page: string): string {
    const begin = `<!-- BEGIN GENERATED: ${marker} -->`;
    const end = `<!-- END GENERATED: ${marker} -->`;
    const i = text.indexOf(begin);
    const j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error(`${page} lacks the ${marker} markers`);
    return `${text.slice(0, i + begin.length)}\n${body}\n${text.slice(j)}`;
}

/** Every generated page: its path and its text as it should be. */
export function generatedPages(): Map<string, string> {
    const sources = [...resourceSources(), ...componentSources()];
    const probed = probe(sources);
    const pages = new Map<string, string>();
    for (const source of sources) {
        const { inputs, outputs } = probed.get(source.type)!;
        const file = path.join(ROOT, source.page);
        let text = fs.readFileSync(file, "utf8");
        text = replaceBetween(text, "inputs", inputsTable(source, inputs), source.page);
        text = replaceBetween(text, "outputs", outputsTable(source, outputs), source.page);
        pages.set(source.page, text);
    }
    return pages;
}

if (require.main === module) {
    const check = process.argv.includes("--check");
    const stale: string[] = [];
    for (const [page, text] of generatedPages()) {
        const file = path.join(ROOT, page);
        if (fs.readFileSync(file, "utf8") === text) continue;
        if (check) stale.push(page);
        else fs.writeFileSync(file, text);
    }
    if (stale.length > 0) {
        console.error(`stale reference pages (run: npx ts-node --transpile-only scripts/generate-reference.ts): ${stale.join(", ")}`);
        process.exit(1);
    }
}
