// Mocha config of the whole suite (`npm test` runs `mocha --config .mocharc.suite.js`). `npx mocha <file>`
// uses .mocharc.json instead: that file alone, in one process.
//
// The suite runs its files in parallel worker processes (each file in one worker, its tests in order).
// Nearly all of its time is the e2e files, which mostly wait on the engine and the emulator's modelled
// time, so three jobs on two cores overlap that waiting (the suite's CPU time is about half its serial
// wall time); ECS_OPS_TEST_JOBS=1 runs it serially.
// Files start longest first (the order below, measured), so the long files do not end up last in one
// worker; every other test file follows in alphabetical order, each exactly once.
"use strict";

const fs = require("fs");
const path = require("path");

const base = require("./.mocharc.json");

/** The slowest files, longest first (the `[file-timing]` lines of a full run, test/support/file-timing.ts). */
const LONGEST_FIRST = [
    "test/e2e/demo.test.ts",
    // 2-3.5 min with a warm Go build cache; a cold one (CI) compiles the Pulumi Go SDK first, minutes more.
    "test/e2e/go-plugin.test.ts",
    "test/e2e/preview-plan.test.ts",
    "test/e2e/examples.test.ts",
    "test/e2e/exactly-once.test.ts",
    "test/e2e/python-plugin.test.ts",
    "test/e2e/yaml-plugin.test.ts",
    "test/e2e/yaml-components.test.ts",
    "test/e2e/ts-plugin.test.ts",
    "test/e2e/yaml-import.test.ts",
    "test/e2e/yaml-lookup.test.ts",
    "test/e2e/upgrade-0.1.0.test.ts",
    "test/e2e/upgrade-06749e5.test.ts",
    "test/e2e/fleet-selector.test.ts",
    "test/e2e/huaweicloud-reinstall.test.ts",
    "test/e2e/preview-trust.test.ts",
    "test/e2e/policy.test.ts",
    "test/e2e/alicloud-reboot-reinit.test.ts",
    "test/e2e/fleet.test.ts",
    "test/e2e/fleet-selector-huaweicloud.test.ts",
    "test/e2e/ownership.test.ts",
    "test/e2e/alicloud-attributes.test.ts",
    "test/e2e/alicloud-credentials.test.ts",
    "test/e2e/yaml-fleet-calls.test.ts",
    "test/e2e/smoke.test.ts",
    "test/e2e/yaml-docs-program.test.ts",
    "test/e2e/yaml-host.test.ts",
    "test/e2e/huaweicloud-servers.test.ts",
    "test/e2e/drift.test.ts",
    "test/e2e/observe-only.test.ts",
    "test/e2e/observe-only-huaweicloud.test.ts",
    "test/provider/alicloud-disk-reinit.test.ts",
    "test/e2e/huaweicloud-attributes.test.ts",
    "test/e2e/readme-program.test.ts",
    "test/provider/alicloud-reboot.test.ts",
    "test/e2e/huaweicloud-credentials.test.ts",
    "test/provider/huaweicloud-reinstall.test.ts",
    "test/provider/alicloud-instance-attributes.test.ts",
    "test/e2e/plaintext-credentials.test.ts",
    "test/e2e/cli-verbs.test.ts",
];

/** Every *.test.ts under test/, relative to the repository, sorted. */
function testFiles(dir) {
    const out = [];
    for (const e of fs.readdirSync(path.join(__dirname, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) out.push(...testFiles(rel));
        else if (e.isFile() && e.name.endsWith(".test.ts")) out.push(rel);
    }
    return out.sort();
}

const all = testFiles("test");
const first = LONGEST_FIRST.filter((f) => all.includes(f));
const jobs = Number(process.env.ECS_OPS_TEST_JOBS || 3);
if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`ECS_OPS_TEST_JOBS must be a whole number >= 1, got "${process.env.ECS_OPS_TEST_JOBS}"`);

module.exports = {
    ...base,
    require: [...base.require, "test/support/file-timing.ts"],
    spec: [...first, ...all.filter((f) => !first.includes(f))],
    parallel: jobs > 1,
    jobs,
};
