#!/usr/bin/env bash
# Benchmark (not a test): the bundled action vs `docker manifest create` + `push`, through a
# loopback proxy that adds a fixed delay each way in front of a local registry.
# Usage: npm run bench -- [--delay MS] [--rounds R] [--sizes 4,8,32] [--loopback N] [--no-docker] [--verbose]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/ncc ] || npm install --no-audit --no-fund
bash scripts/ensure-system.sh
[ -f dist/index.js ] || npm run build
NODE=node_modules/.bin/node
"$NODE" -e 'if (+process.versions.node.split(".")[0] < 24) { console.error("the benchmark needs Node 24: run npm install (it installs node@24 locally)"); process.exit(1) }'
mkdir -p .tmp
# ncc bundles the TypeScript bench with the test helpers and the proxy (no ts-jest involved).
node_modules/.bin/ncc build scripts/bench.ts -o .tmp/bench --quiet
exec "$NODE" .tmp/bench/index.js "$@"
