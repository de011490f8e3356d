#!/usr/bin/env bash
# CLI startup beside the docker CLI, interleaved so both see the same machine: `--help` (no
# daemon) and `version` against the same daemon (a private dockerd unless DAEMON_SOCKET names one).
# Prints medians and the ratio.
#   bench/cli-startup.sh [iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=${1:-40}
wharf=${WHARF_CLI:-$PWD/out/wharf/wharf}
docker=${DOCKER_CLI:-$(command -v docker)}
[ -x "$wharf" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }

work=$(mktemp -d /tmp/wharf-cli-bench-XXXXXX)
daemon_pid=""
cleanup() {
  if [ -n "$daemon_pid" ]; then kill "$daemon_pid" 2>/dev/null || true; wait "$daemon_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

socket=${DAEMON_SOCKET:-}
if [ -z "$socket" ]; then
  socket="$work/d.sock"
  dockerd --data-root "$work/data" --exec-root "$work/exec" -H "unix://$socket" --pidfile "$work/d.pid" \
    --bridge none --iptables=false >"$work/dockerd.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done
  [ -S "$socket" ] || { echo "dockerd did not start; see $work/dockerd.log" >&2; exit 1; }
fi

# Milliseconds of one run of "$@", as a decimal.
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", (e - s) / 1000000 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# compare NAME WHARF-ARGS... -- DOCKER-ARGS...
compare() {
  local name=$1; shift
  local wharf_args=() docker_args=() side=wharf
  for arg in "$@"; do
    if [ "$arg" = "--" ]; then side=docker; continue; fi
    if [ $side = wharf ]; then wharf_args+=("$arg"); else docker_args+=("$arg"); fi
  done
  : > "$work/w.ms"; : > "$work/d.ms"
  for _ in 1 2 3; do time_ms "$wharf" "${wharf_args[@]}" >/dev/null; time_ms "$docker" "${docker_args[@]}" >/dev/null; done
  for _ in $(seq 1 "$iterations"); do
    time_ms "$wharf" "${wharf_args[@]}" >> "$work/w.ms"
    time_ms "$docker" "${docker_args[@]}" >> "$work/d.ms"
  done
  local w d
  w=$(median < "$work/w.ms"); d=$(median < "$work/d.ms")
  echo "$name (median of $iterations, ms): wharf $w, docker $d, ratio $(awk -v w="$w" -v d="$d" 'BEGIN { printf "%.2f", w / d }')"
}

compare "cli --help" --help -- --help
compare "cli version" -H "unix://$socket" version -- -H "unix://$socket" version
compare "cli info" -H "unix://$socket" info -- -H "unix://$socket" info
