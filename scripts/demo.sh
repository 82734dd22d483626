#!/usr/bin/env bash
# `npm run demo`: a throwaway local registry, small per-arch images, the bundled dist/index.js run
# exactly as the GitHub runner runs it, then the digest, the list and the job summary, checked
# against the registry. Works on a fresh Debian/Ubuntu machine (as root it installs what it needs).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/ncc ] && [ -x node_modules/.bin/node ] || npm install --no-audit --no-fund
bash scripts/ensure-system.sh
NODE=node_modules/.bin/node
"$NODE" -e 'if (+process.versions.node.split(".")[0] < 24) { console.error("the demo needs Node 24: run npm install (it installs node@24 locally)"); process.exit(1) }'
[ -f dist/index.js ] || npm run build
# The demo imports the integration-test helpers (registry, image pusher, runner emulation).
node_modules/.bin/ncc build scripts/demo.ts -o .tmp/demo --quiet
exec "$NODE" .tmp/demo/index.js "$@"
