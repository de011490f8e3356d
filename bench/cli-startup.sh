#!/usr/bin/env bash
# CLI startup beside the docker CLI, interleaved so both see the same machine: `--help` (no
# daemon), then `version` and `ps` against the same daemon: a private wharfd (out/wharfd/wharfd)
# with a few containers to list, unless DAEMON_SOCKET names a running daemon. Prints medians and
# the ratio (goal for version and ps: 0.3 or less).
#   bench/cli-startup.sh [iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=${1:-40}
wharf=${WHARF_CLI:-$PWD/out/wharf/wharf}
wharfd=${WHARFD:-$PWD/out/wharfd/wharfd}
docker=${DOCKER_CLI:-$(command -v docker)}
[ -x "$wharf" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }

work=$(mktemp -d /tmp/wharf-cli-bench-XXXXXX)
daemon_pid=""
cleanup() {
  if [ -n "$daemon_pid" ]; then
    DOCKER_HOST="unix://$socket" "$docker" rm -f bench-a bench-b bench-c >/dev/null 2>&1 || true
    kill "$daemon_pid" 2>/dev/null || true; wait "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

socket=${DAEMON_SOCKET:-}
if [ -z "$socket" ]; then
  [ -x "$wharfd" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
  socket="$work/wharf.sock"
  "$wharfd" -H "unix://$socket" --data-root "$work/data" --exec-root "$work/exec" --pidfile "$work/wharfd.pid" \
    >"$work/wharfd.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done
  [ -S "$socket" ] || { echo "wharfd did not start; see $work/wharfd.log" >&2; exit 1; }
  # Something to list: three containers of a busybox image, one of them running.
  if [ -x /bin/busybox ]; then
    sh scripts/make-busybox-rootfs.sh "$work/rootfs" >/dev/null
    tar --numeric-owner -C "$work/rootfs" -cf "$work/busybox.tar" .
    export DOCKER_HOST="unix://$socket"
    "$docker" import -c 'CMD ["sh"]' "$work/busybox.tar" bench-busybox >/dev/null
    "$docker" run -d --name bench-a bench-busybox sleep 600 >/dev/null
    "$docker" run --name bench-b bench-busybox true >/dev/null
    "$docker" create --name bench-c bench-busybox true >/dev/null
    unset DOCKER_HOST
  fi
fi

# compare NAME WHARF-ARGS... -- DOCKER-ARGS...: runs both interleaved (3 warm-ups, then $iterations
# each) and prints the median wall time and, as the machine may be busy, the median CPU time
# (user + system, from wait4) beside it.
compare() {
  python3 - "$iterations" "$wharf" "$docker" "$@" <<'PY'
import os, statistics, subprocess, sys, time
iterations, wharf, docker, name = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
rest = sys.argv[5:]
cut = rest.index("--")
commands = {"wharf": [wharf] + rest[:cut], "docker": [docker] + rest[cut + 1:]}
def run(argv):
    devnull = os.open(os.devnull, os.O_RDWR)
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, _, usage = os.wait4(pid, 0)
    wall = (time.perf_counter() - start) * 1000
    os.close(devnull)
    return wall, (usage.ru_utime + usage.ru_stime) * 1000
samples = {k: ([], []) for k in commands}
for i in range(iterations + 3):
    for k, argv in commands.items():
        wall, cpu = run(argv)
        if i >= 3:
            samples[k][0].append(wall)
            samples[k][1].append(cpu)
w, d = (statistics.median(samples[k][0]) for k in ("wharf", "docker"))
wc, dc = (statistics.median(samples[k][1]) for k in ("wharf", "docker"))
print(f"{name} (median of {iterations}, ms): wharf {w:.2f}, docker {d:.2f}, ratio {w / d:.2f}; cpu: wharf {wc:.2f}, docker {dc:.2f}, ratio {wc / dc:.2f}")
PY
}

compare "cli --help" --help -- --help
compare "cli version" -H "unix://$socket" version -- -H "unix://$socket" version
compare "cli ps" -H "unix://$socket" ps -a -- -H "unix://$socket" ps -a
compare "cli info" -H "unix://$socket" info -- -H "unix://$socket" info
