#!/usr/bin/env bash
# Checks deploy/ without a container engine: compose.yaml through docker-compose's parser, every Kubernetes manifest
# and every kustomize overlay's output against the Kubernetes schemas, the systemd units with systemd-analyze, then the
# compose topology as local processes (deploy/smoke.sh). The Python tools live in virtual environments of their own
# (docker-compose pins an old jsonschema that kubernetes-validate refuses).
#   bash deploy/check.sh [BIN_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug}
cache=${SOLSTAKE_DEPLOY_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/solstake-deploy-tools}
venv() { # name, pip arguments...
  local dir="$cache/$1"; shift
  if [ ! -x "$dir/bin/python" ]; then python3 -m venv "$dir"; fi
  "$dir/bin/pip" install -q "$@" >&2
  echo "$dir/bin"
}

# docker-compose 1.29 needs PyYAML < 6, which has no wheel for current Pythons: 5.3.1 builds from source.
compose_bin=$(venv compose "PyYAML==5.3.1" "docker-compose==1.29.2")
"$compose_bin/docker-compose" -f deploy/compose.yaml config -q
"$compose_bin/docker-compose" -f deploy/compose.yaml --profile monitoring config -q
services=$("$compose_bin/docker-compose" -f deploy/compose.yaml --profile monitoring config --services | tr '\n' ' ')
echo "check: ok compose.yaml is valid (services: $services)"

validate_bin=$(venv validate "kubernetes-validate==1.37.0")
manifests=$(find deploy/kubernetes/base -name '*.yaml' ! -name kustomization.yaml | sort)
# shellcheck disable=SC2086
"$validate_bin/kubernetes-validate" --strict --quiet $manifests
echo "check: ok $(echo "$manifests" | wc -w) Kubernetes manifests valid against the schemas"
if command -v kubectl >/dev/null 2>&1; then
  for dir in deploy/kubernetes/base deploy/kubernetes/overlays/*; do
    out=$(mktemp --suffix=.yaml)
    kubectl kustomize "$dir" >"$out"
    "$validate_bin/kubernetes-validate" --strict --quiet "$out"
    echo "check: ok kustomize $dir: $(grep -c '^kind:' "$out") objects, valid"
    rm -f "$out"
  done
else
  echo "check: SKIPPED the kustomize overlays: kubectl (with kustomize) is not installed"
fi

if command -v systemd-analyze >/dev/null 2>&1; then
  units=$(mktemp -d)
  # verify needs the binary the units name: point them at the one built here.
  for unit in deploy/systemd/*.service; do
    sed -e "s|/usr/local/bin/solstake|$(cd "$bin" && pwd)/solstake|" -e 's|^EnvironmentFile=|EnvironmentFile=-|' "$unit" >"$units/$(basename "$unit")"
  done
  (cd "$units" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no ./*.service)
  echo "check: ok systemd units verified: $(cd deploy/systemd && ls ./*.service | tr '\n' ' ')"
  rm -rf "$units"
else
  echo "check: SKIPPED the systemd units: systemd-analyze is not installed"
fi

bash deploy/smoke.sh "$bin"
