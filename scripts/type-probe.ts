// The TypeScript checker's view of types named in small generated modules ("probes"), for the
// generators of the reference pages and of the package schema: each probe is the text of a module
// placed in the repository root that declares type aliases; the answer gives each alias's type.
import * as path from "path";
import * as ts from "typescript";

/** One probe's answer: the checker of the program and the type of each alias the probe declares. */
export interface ProbedTypes {
    readonly checker: ts.TypeChecker;
    /** The type of an alias declared by the probe; throws for one it does not declare. */
    typeOf(alias: string): ts.Type;
    /** The doc comment of a value the probe re-exports (`export { X as Name } from …`), following the re-export; "" when it has none. */
    exportDoc(name: string): string;
}

/** Compiles every probe (label → module text) in one program rooted at `root`; a probe that does not type-check throws, naming its label. */
export function probeTypes(root: string, probes: ReadonlyMap<string, string>): Map<string, ProbedTypes> {
    const files = new Map([...probes].map(([label, text], i) => [path.join(root, `__type_probe_${i}.ts`), { label, text }]));
    const options: ts.CompilerOptions = {
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        resolveJsonModule: true,
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (file) => files.get(path.resolve(file))?.text ?? readFile(file);
    host.fileExists = (file) => files.has(path.resolve(file)) || fileExists(file);
    host.getSourceFile = (file, language) => {
        const probe = files.get(path.resolve(file));
        return probe === undefined ? getSourceFile(file, language) : ts.createSourceFile(file, probe.text, language);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const checker = program.getTypeChecker();
    const result = new Map<string, ProbedTypes>();
    for (const [file, { label }] of files) {
        const sf = program.getSourceFile(file)!;
        const diagnostics = ts.getPreEmitDiagnostics(program, sf);
        if (diagnostics.length > 0) throw new Error(`${label}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, "\n")}`);
        const aliases = new Map<string, ts.TypeAliasDeclaration>();
        sf.forEachChild((node) => {
            if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node);
        });
        const typeOf = (alias: string): ts.Type => {
            const node = aliases.get(alias);
            if (node === undefined) throw new Error(`${label}: the probe declares no type ${alias}`);
            return checker.getTypeAtLocation(node.name);
        };
        const exportDoc = (name: string): string => {
            const module = checker.getSymbolAtLocation(sf);
            const exported = module === undefined ? undefined : checker.getExportsOfModule(module).find((symbol) => symbol.name === name);
            if (exported === undefined) throw new Error(`${label}: the probe exports no ${name}`);
            const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
            return ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
        };
        result.set(label, { checker, typeOf, exportDoc });
    }
    return result;
}
