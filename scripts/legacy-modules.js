#!/usr/bin/env node
// Writes into dist/ the tiny modules that state or tools of earlier releases require by path
// (LEGACY_MODULES of provider/registry.ts): a resource's handler by its 0.1.0 file path, a module
// that moved. Run by `npm run build` after tsc and prune-dist.js. Usage: legacy-modules.js [root].
"use strict";
const fs = require("fs");
const path = require("path");

/** The legacy module paths (relative to the package root, with `.js`), and the text of each. */
function legacyModules(root) {
    const { LEGACY_MODULES } = require(path.join(root, "dist", "provider", "registry.js"));
    const modules = new Map();
    for (const [modulePath, target] of Object.entries(LEGACY_MODULES)) {
        const file = `${modulePath}.js`;
        const dir = path.posix.dirname(modulePath);
        const relative = (to) => {
            const rel = path.posix.relative(dir, to);
            return rel.startsWith(".") ? rel : `./${rel}`;
        };
        const header = `"use strict";\n// Written by scripts/legacy-modules.js: a path that stacks or tools of an earlier ecs-ops release require.\n`;
        const body =
            "handler" in target
                ? `Object.defineProperty(exports, "handler", { enumerable: true, get: () => require(${JSON.stringify(relative("dist/provider/registry"))}).handler(${JSON.stringify(target.handler)}) });\n`
                : `module.exports = require(${JSON.stringify(relative(target.reexport))});\n`;
        const text = header + body;
        modules.set(file, text);
    }
    return modules;
}

module.exports = { legacyModules };

if (require.main === module) {
    const root = path.resolve(process.argv[2] ?? path.join(__dirname, ".."));
    for (const [file, text] of legacyModules(root)) {
        const full = path.join(root, file);
        fs.mkdirSync(path.dirname(full), { recursive: true });
        if (!fs.existsSync(full) || fs.readFileSync(full, "utf8") !== text) fs.writeFileSync(full, text);
    }
}
