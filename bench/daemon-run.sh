#!/usr/bin/env bash
# `docker run --rm busybox true` through the real docker CLI against wharfd and against Debian's dockerd
# (a private instance: own data root, exec root and socket; no bridge, no iptables), interleaved, the
# same busybox image imported into both. Then the same run as bare API calls (bench/api-run.py: the
# daemon's own time, without the docker CLI's start-up), the docker CLI's floor (`docker version`:
# start-up plus two requests), Wharf's own CLI (`wharf run --rm busybox true` against wharfd) beside
# docker's CLI against dockerd, 50 containers started in parallel on each, and wharfd's idle RSS.
# Prints medians and ratios (wharf/docker: lower is better).
#   bench/daemon-run.sh [runs]          needs root, dockerd, a built tree (scripts/build.sh); not run by CI
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
wharfd=out/wharfd/wharfd
wharf=out/wharf/wharf
[ -x "$wharfd" ] && [ -x "$wharf" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
command -v dockerd >/dev/null || { echo "needs dockerd: apt-get install -y docker.io" >&2; exit 1; }

work=$(mktemp -d /tmp/wharf-bench-daemon-XXXXXX)
wsock=$work/wharf.sock
dsock=$work/docker.sock
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  umount -R "$work"/*/ 2>/dev/null || true
  grep " $work" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/wharf-data" "$work/wharf-exec" "$work/docker-data" "$work/docker-exec" "$work/config"
"$wharfd" -H "unix://$wsock" --data-root "$work/wharf-data" --exec-root "$work/wharf-exec" >"$work/wharfd.log" 2>&1 &
pids+=($!); wharf_pid=$!
dockerd --data-root "$work/docker-data" --exec-root "$work/docker-exec" -H "unix://$dsock" \
  --pidfile "$work/docker.pid" --bridge none --iptables=false >"$work/dockerd.log" 2>&1 &
pids+=($!)
export DOCKER_CONFIG=$work/config
W() { DOCKER_HOST=unix://$wsock docker "$@"; }
D() { DOCKER_HOST=unix://$dsock docker "$@"; }
for _ in $(seq 1 200); do W version >/dev/null 2>&1 && D version >/dev/null 2>&1 && break; sleep 0.1; done
W version >/dev/null || { cat "$work/wharfd.log" >&2; exit 1; }
D version >/dev/null || { cat "$work/dockerd.log" >&2; exit 1; }

scripts/make-busybox-rootfs.sh "$work/rootfs" >/dev/null
tar -C "$work/rootfs" -cf "$work/busybox.tar" .
for cli in W D; do $cli import -c 'CMD ["sh"]' "$work/busybox.tar" busybox:latest >/dev/null; done
for cli in W D; do $cli run --rm busybox true; done # warm: layers unpacked, caches hot

now() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000000 }'; }
: >"$work/w.txt"; : >"$work/d.txt"
for _ in $(seq 1 "$runs"); do
  s=$(now); W run --rm busybox true; e=$(now); echo $((e - s)) >>"$work/w.txt"
  s=$(now); D run --rm busybox true; e=$(now); echo $((e - s)) >>"$work/d.txt"
done
w=$(median <"$work/w.txt"); d=$(median <"$work/d.txt")
ratio() { awk -v w="$1" -v d="$2" 'BEGIN { printf "%.2f", w / d }'; }
echo "run --rm busybox true (median of $runs): wharf $w ms, docker $d ms, ratio $(ratio "$w" "$d")"

aw=$(bench/api-run.py "$wsock" "$runs"); ad=$(bench/api-run.py "$dsock" "$runs")
echo "the same as bare API calls, no docker CLI (median of $runs): wharf $aw ms, docker $ad ms, ratio $(ratio "$aw" "$ad")"

: >"$work/wv.txt"; : >"$work/dv.txt"
for _ in $(seq 1 "$runs"); do
  s=$(now); W version >/dev/null; e=$(now); echo $((e - s)) >>"$work/wv.txt"
  s=$(now); D version >/dev/null; e=$(now); echo $((e - s)) >>"$work/dv.txt"
done
echo "docker CLI floor, docker version (median of $runs): against wharf $(median <"$work/wv.txt") ms, against docker $(median <"$work/dv.txt") ms"

# The whole Wharf path: its CLI (NativeAOT) and its daemon, against docker's CLI and dockerd.
WW() { WHARF_HOST=unix://$wsock "$wharf" "$@"; }
WW run --rm busybox true
: >"$work/ww.txt"; : >"$work/dd.txt"
for _ in $(seq 1 "$runs"); do
  s=$(now); WW run --rm busybox true; e=$(now); echo $((e - s)) >>"$work/ww.txt"
  s=$(now); D run --rm busybox true; e=$(now); echo $((e - s)) >>"$work/dd.txt"
done
w=$(median <"$work/ww.txt"); d=$(median <"$work/dd.txt")
echo "wharf run --rm busybox true (wharf CLI, median of $runs): wharf $w ms, docker $d ms, ratio $(ratio "$w" "$d")"

parallel() { # $1 = W or D: 50 detached containers at once, wall time until all have started, then removed
  local cli=$1 s e
  s=$(now)
  for i in $(seq 1 50); do $cli run -d --name "par$i" busybox sleep 30 >/dev/null & done
  wait
  e=$(now)
  $cli rm -f $(seq -f 'par%g' 1 50) >/dev/null
  echo $(( (e - s) / 1000000 ))
}
pw=$(parallel W); pd=$(parallel D)
echo "50 in parallel (run -d, wall ms): wharf $pw ms, docker $pd ms, ratio $(ratio "$pw" "$pd")"

sleep 2
rss=$(awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$wharf_pid/status")
echo "wharfd idle RSS: $rss MB"
