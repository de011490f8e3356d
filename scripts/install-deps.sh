#!/usr/bin/env bash
# Installs the Debian packages Wharf needs to build, run and test, when they are missing.
# Idempotent: a machine that has everything is left as it is.
set -euo pipefail

packages=(
  busybox-static   # the embedded busybox base image
  runc             # reference runtime: the black-box suite runs against it and wharf-runtime
  gcc libc6-dev    # the static runtime-probe run inside test containers
  iproute2         # `ip` for network checks in tests
  util-linux       # unshare/nsenter/mount used by tests
  skopeo           # interop tests: inspects and converts saved archives
  docker.io        # interop tests: a reference dockerd (started by the test, never as a service)
  podman           # interop tests: podman save/load/run with its own --root
  tini             # `run --init`: tini-static is bind-mounted as the container's init
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
