#!/usr/bin/env bash
# One command from a fresh machine: install what is missing, build, start the daemon, import the
# embedded busybox image, and run the main job: a busybox container, through the daemon.
#   scripts/setup.sh            the daemon stays up on /run/wharf.sock (state in /var/lib/wharf);
#                               stop it with: kill $(cat /run/wharfd.pid)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scripts/make-busybox-rootfs.sh out/busybox/rootfs >/dev/null
tar --numeric-owner -C out/busybox/rootfs -cf out/busybox/rootfs.tar .

socket=${WHARF_SOCKET:-/run/wharf.sock}
export DOCKER_HOST=unix://$socket DOCKER_CONFIG=${DOCKER_CONFIG:-$PWD/out/docker-config}
mkdir -p "$DOCKER_CONFIG"
docker=/usr/local/bin/docker
[ -x "$docker" ] || docker=docker

if ! "$docker" version >/dev/null 2>&1; then
  echo "starting wharfd on $socket (log: out/wharfd.log)"
  setsid out/wharfd/wharfd -H "unix://$socket" >out/wharfd.log 2>&1 </dev/null &
  for _ in $(seq 1 100); do "$docker" version >/dev/null 2>&1 && break; sleep 0.1; done
  "$docker" version >/dev/null || { cat out/wharfd.log >&2; exit 1; }
fi

"$docker" import --change 'CMD ["sh"]' --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' out/busybox/rootfs.tar busybox:latest >/dev/null
"$docker" images busybox
"$docker" run --rm busybox sh -c 'echo "hello from a wharf container: pid $$, hostname $(hostname)"; ls /sys/class/net'
