#!/usr/bin/env bash
# All tests: unit tests on values, integration tests against real docker-registry processes
# (plain HTTP, TLS + basic auth, token auth) running the bundled dist/index.js as the runner does.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/jest ] || npm install --no-audit --no-fund
bash scripts/ensure-system.sh --with-skopeo --with-podman
# Always build first: a local run never tests a stale bundle.
npm run -s build
NODE=node_modules/.bin/node
"$NODE" -e 'if (+process.versions.node.split(".")[0] < 24) { console.error("tests need Node 24: run npm install (it installs node@24 locally)"); process.exit(1) }'
# The whole suite also lints and checks formatting (ESLint, Prettier); a run of chosen test files does not.
if [ $# -eq 0 ]; then
  "$NODE" node_modules/.bin/eslint . || { echo "lint failed: fix the findings above (npx eslint . --fix fixes most)" >&2; exit 1; }
  "$NODE" node_modules/.bin/prettier --check --log-level warn "src/**/*.ts" "__tests__/**/*.ts" "harness/**/*.ts" "scripts/**/*.ts" || { echo "formatting differs: run npm run format" >&2; exit 1; }
  echo "lint and format: clean"
fi
mkdir -p .tmp
set +e
"$NODE" node_modules/.bin/jest --ci --json --outputFile=.tmp/jest.json "$@"
code=$?
set -e
# A plain closing line that any CI log reader understands.
"$NODE" -e 'const r=require("./.tmp/jest.json"); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`)' || true
exit $code
