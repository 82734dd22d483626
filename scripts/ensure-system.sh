#!/usr/bin/env bash
# Installs the Debian packages the demo and the tests use (as root), or says in one line what to install.
set -euo pipefail
need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v htpasswd >/dev/null || need+=(apache2-utils)
command -v openssl >/dev/null || need+=(openssl)
for flag in "$@"; do
  case "$flag" in
    --with-skopeo) command -v skopeo >/dev/null || need+=(skopeo) ;;
    # podman: the credential tests log in with it to write a real containers auth file.
    --with-podman) command -v podman >/dev/null || need+=(podman) ;;
  esac
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "installing ${need[*]} (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null; }
else
  echo "missing system packages: run 'sudo apt-get install -y ${need[*]}' and try again" >&2
  exit 1
fi
