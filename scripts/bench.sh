#!/usr/bin/env bash
# Benchmark (not a test), issue 10 "At the round-trip floor": the bundled action vs `docker manifest`
# and `buildah manifest` through a latency proxy (round trips + connection handshakes) in front of a
# token-auth registry, and a large cross-registry copy vs `skopeo copy --all`. See scripts/bench/index.ts.
# Usage: npm run bench -- [--quick] [--trace] [--rtt MS] [--sizes 8,32] [--rounds R] [--peer-rounds P]
#                         [--copy-rounds C] [--copy-mb M] [--1g] [--no-docker|--no-buildah|--no-copy|--no-fanin|--no-tags]
#                         [--verbose] [--action FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/ncc ] || npm install --no-audit --no-fund
bash scripts/ensure-system.sh
# The bench's own peers: buildah (fan-in) and skopeo (large copy). Installed when root, else named.
need=()
command -v buildah >/dev/null || need+=(buildah)
command -v skopeo >/dev/null || need+=(skopeo)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench: installing ${need[*]} (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null; }
  else
    echo "bench: ${need[*]} missing (the runs that need them are skipped): install with 'sudo apt-get install -y ${need[*]}'" >&2
  fi
fi
command -v docker >/dev/null || echo "bench: no docker CLI on PATH (the docker manifest runs are skipped): install the docker CLI (no daemon needed), e.g. 'sudo apt-get install -y docker.io' or docker-ce-cli" >&2
[ -f dist/index.js ] || npm run build
NODE=node_modules/.bin/node
"$NODE" -e 'if (+process.versions.node.split(".")[0] < 24) { console.error("the benchmark needs Node 24: run npm install (it installs node@24 locally)"); process.exit(1) }'
mkdir -p .tmp
# ncc bundles the TypeScript bench with the harness (no ts-jest involved).
node_modules/.bin/ncc build scripts/bench/index.ts -o .tmp/bench --quiet
exec "$NODE" .tmp/bench/index.js "$@"
