#!/usr/bin/env node
// Removes from dist/ the outputs (.js, .d.ts, their maps) whose TypeScript source is gone. The
// build is incremental (tsBuildInfoFile), and tsc never deletes the outputs of a source that was
// removed or renamed: they would stay requireable, and be packed, with maps naming missing files.
// Run by `npm run build` after tsc; a clean clone has nothing to prune. Usage: prune-dist.js [root].
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(process.argv[2] ?? path.join(__dirname, ".."));
const dist = path.join(root, "dist");

/** The source a dist file was compiled from: dist/a/b.js, b.js.map, b.d.ts, b.d.ts.map -> a/b.ts. */
function sourceOf(relative) {
    const m = /^(.*?)(\.d\.ts|\.js)(\.map)?$/.exec(relative);
    return m === null ? undefined : `${m[1]}.ts`;
}

/** dist files written by scripts/legacy-modules.js: they have no source of their own, and stay. */
function legacyFiles() {
    try {
        return new Set([...require("./legacy-modules").legacyModules(root).keys()].map((file) => path.join(root, file)));
    } catch {
        return new Set(); // no registry built yet
    }
}
const keep = legacyFiles();

function prune(dir) {
    let removed = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            removed += prune(full);
            if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
            continue;
        }
        const source = sourceOf(path.relative(dist, full));
        if (source !== undefined && !keep.has(full) && !fs.existsSync(path.join(root, source))) {
            fs.unlinkSync(full);
            removed++;
        }
    }
    return removed;
}

if (fs.existsSync(dist)) {
    const removed = prune(dist);
    if (removed > 0) console.error(`[prune-dist] removed ${removed} output(s) of deleted sources from dist/`);
}
