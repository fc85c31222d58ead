#!/usr/bin/env bash
# The image, built and run with podman: a Debian base made by debootstrap (no registry is reachable), the Dockerfile's
# runtime stage built on it from the binaries built here, then deploy/smoke.sh with every solstake process in a
# container (PostgreSQL and the simulated cluster stay on the host; containers share its network).
#   bash deploy/container-smoke.sh [BIN_DIR]      (default: .build/debug; run as root, needs podman, runc, debootstrap)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug}
if ! command -v podman >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  echo "container-smoke: SKIPPED: podman or debootstrap is not installed (apt-get install podman runc debootstrap)"
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "container-smoke: SKIPPED: podman here runs as root only"; exit 0; }
[ -x "$bin/solstake" ] || { echo "container-smoke: $bin/solstake is not built" >&2; exit 1; }

work=$(mktemp -d)
cache=${SOLSTAKE_DEPLOY_CACHE:-$HOME/.cache/solstake-deploy-tools}
mkdir -p "$cache"
# The default ulimits are refused on these machines; the cgroupfs manager works without systemd.
printf '[containers]\ndefault_ulimits = []\n' >"$work/containers.conf"
export CONTAINERS_CONF=$work/containers.conf
podman() { command podman --runtime runc --cgroup-manager=cgroupfs "$@"; }
export -f podman
base=localhost/solstake-base:bookworm
image=localhost/solstake:smoke
binaries=localhost/solstake-binaries:smoke
cleanup() {
  podman rm -f $(podman ps -aq --filter name=smoke-) >/dev/null 2>&1 || true
  podman rmi -f "$image" "$binaries" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if ! podman image exists "$base"; then
  if [ ! -f "$cache/bookworm-minbase.tar" ]; then
    echo "container-smoke: debootstrap of a minimal bookworm (a minute or two)"
    debootstrap --variant=minbase bookworm "$work/rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 \
      || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
    tar -C "$work/rootfs" -cf "$cache/bookworm-minbase.tar" .
    rm -rf "$work/rootfs"
  fi
  podman import "$cache/bookworm-minbase.tar" "$base" >/dev/null
fi
echo "container-smoke: ok base image $base"

# HEALTHCHECK exists only in the docker image format (OCI has none), hence --format docker.
# The binaries in the layout the Dockerfile's build stage leaves in /out. A debug build links the Swift runtime
# dynamically: its libraries go to /out/lib (the release image links it statically and has none).
mkdir -p "$work/binaries/out/bin" "$work/binaries/out/lib" "$work/binaries/out/share"
cp "$bin/solstake" "$work/binaries/out/bin/"
ldd "$bin/solstake" | awk '/=> \// { print $3 }' | grep '/swift/' | xargs -r -I{} cp {} "$work/binaries/out/lib/"
bash scripts/install-graphiql.sh "$work/binaries/out/share/graphiql" >/dev/null
tar -C "$work/binaries" -c out | podman import - "$binaries" >/dev/null
podman build --quiet --format docker --network host -f deploy/Dockerfile --target runtime \
  --build-arg RUNTIME_BASE="$base" --build-arg BINARIES="$binaries" -t "$image" . >"$work/build.log" 2>&1 \
  || { tail -n 30 "$work/build.log" >&2; exit 1; }
echo "container-smoke: ok image $image built from the Dockerfile's runtime stage ($(podman image inspect -f '{{.Size}}' "$image") bytes)"
user=$(podman image inspect -f '{{.Config.User}}' "$image")
[ "$user" = solstake ] || { echo "container-smoke: the image runs as '$user', not solstake" >&2; exit 1; }
version=$(podman run --rm --network host "$image" --version)
echo "container-smoke: ok it runs as $user: solstake --version = $version"

SMOKE_RUNNER=podman SMOKE_IMAGE=$image bash deploy/smoke.sh "$bin"
