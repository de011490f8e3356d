#!/usr/bin/env bash
# `load` and `save` of a ~200 MB four-layer image (half random, half compressible files): Wharf
# (through tests/image-crash-worker, timed inside the process: store open + operation) beside
# Debian's dockerd (a private instance: own data root, exec root, socket; `docker load -i` and
# `docker save -o` timed from the CLI), same tar, same run. Prints MB/s and the ratio.
# Wharf's load is what `docker load` does: blobs stored, layers unpacked (as the archive is read,
# synced to disk before each commit) and the image named; the "store only" figure is the first part alone.
#   bench/image-save-load.sh [layer-MB]          needs root, dockerd, dotnet; not run by CI
#
# Wharf's times include its process start and JIT (~0.25 s): a daemon would not pay them; dockerd is warm.
#
# Last runs (2 vCPU VM shared with other work, ext4 on virtio, Debian dockerd 20.10 overlay2, 200 MB):
#   load: wharf 830-910 ms, 220-240 MB/s; docker 2.0-2.5 s, 80-100 MB/s; ratio 2.3-2.7
#         (before layers were unpacked in parallel and as the archive is read: wharf 1.6-1.9 s, ratio 1.2-1.5;
#         the syncfs that makes layers durable now waits ~50 ms of that, ~150 ms before writeback started early)
#   save: wharf 310-750 ms, docker 1.7-2.4 s; ratio 2.8-6.5 (the spread is the page cache's)
set -euo pipefail
cd "$(dirname "$0")/.."
layer_mb=${1:-50}
worker=tests/image-crash-worker/bin/Release/net10.0/image-crash-worker.dll
dotnet build -c Release tests/image-crash-worker -v q -nologo >/dev/null
command -v dockerd >/dev/null || { echo "needs dockerd: apt-get install -y docker.io" >&2; exit 1; }

work=$(mktemp -d /tmp/wharf-bench-image-XXXXXX)
sock=$work/docker.sock
docker_pid=""
cleanup() {
  if [ -n "$docker_pid" ]; then kill "$docker_pid" 2>/dev/null || true; wait "$docker_pid" 2>/dev/null || true; fi
  umount -R "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Layers: per layer, half random files and half repetitive text, ~layer_mb MB.
for l in 1 2 3 4; do
  d=$work/layers/$l/layer$l
  mkdir -p "$d"
  files=$((layer_mb / 2))
  for i in $(seq 1 "$files"); do
    head -c 1048576 /dev/urandom > "$d/random$i"
    (yes "layer $l line $i of compressible text" || true) | head -c 1048576 > "$d/text$i"
  done
  tar -C "$work/layers/$l" -cf "$work/layer$l.tar" "layer$l"
done
dotnet "$worker" "$work/source" make-archive "$work/image.tar" bench/image:v1 "$work"/layer{1,2,3,4}.tar >/dev/null
size_mb=$(awk -v b="$(stat -c %s "$work/image.tar")" 'BEGIN { printf "%.1f", b / 1048576 }')

ms() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.0f", (e - s) / 1000000 }'; }
rate() { awk -v mb="$size_mb" -v ms="$1" 'BEGIN { printf "%.1f", mb / (ms / 1000) }'; }
wharf_ms() { dotnet "$worker" "$@" | awk '/^done / { print $2 }'; }

# Wharf: load into a fresh root (store, unpack, name, as docker load), save from it; and, for the
# breakdown, the store-only half on a root of its own.
sync
wharf_load=$(wharf_ms "$work/wharf" load "$work/image.tar")
sync
wharf_store=$(wharf_ms "$work/wharf-store" store "$work/image.tar")
sync
wharf_save=$(wharf_ms "$work/wharf" save bench/image:v1 "$work/wharf-saved.tar")

# Docker: a private daemon.
mkdir -p "$work/docker-data" "$work/docker-exec"
dockerd --data-root "$work/docker-data" --exec-root "$work/docker-exec" -H "unix://$sock" \
  --pidfile "$work/docker.pid" --bridge none --iptables=false >"$work/dockerd.log" 2>&1 &
docker_pid=$!
for _ in $(seq 1 100); do docker -H "unix://$sock" version >/dev/null 2>&1 && break; sleep 0.1; done
docker -H "unix://$sock" version >/dev/null || { cat "$work/dockerd.log" >&2; exit 1; }
driver=$(docker -H "unix://$sock" info --format '{{.Driver}}')
sync
s=$(date +%s%N); docker -H "unix://$sock" load -i "$work/image.tar" >/dev/null; e=$(date +%s%N); docker_load=$(ms "$s" "$e")
sync
s=$(date +%s%N); docker -H "unix://$sock" save -o "$work/docker-saved.tar" bench/image:v1; e=$(date +%s%N); docker_save=$(ms "$s" "$e")

echo "image: $size_mb MB, 4 layers; docker storage driver $driver; wharf load ${wharf_load} ms (store only ${wharf_store} ms), save ${wharf_save} ms; docker load ${docker_load} ms, save ${docker_save} ms"
for op in load save; do
  w=$(eval echo "\$wharf_$op"); d=$(eval echo "\$docker_$op")
  echo "$op: wharf $(rate "$w") MB/s, docker $(rate "$d") MB/s, ratio $(awk -v w="$w" -v d="$d" 'BEGIN { printf "%.2f", d / w }')"
done
