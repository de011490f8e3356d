#!/usr/bin/env bash
# `run` of `true` in a busybox bundle (all namespaces but network), wharf-runtime beside runc,
# interleaved in one run so both see the same machine. Prints medians and the ratio.
#   bench/runtime-run.sh [iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=${1:-30}
wharf=${WHARF_RUNTIME:-$PWD/out/wharf-runtime/wharf-runtime}
runc=${RUNC:-$(command -v runc)}
[ -x "$wharf" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }

work=$(mktemp -d /tmp/wharf-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
scripts/make-busybox-rootfs.sh "$work/bundle/rootfs" >/dev/null
"$wharf" spec --bundle "$work/bundle"
python3 - "$work/bundle/config.json" <<'PY'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
spec["process"]["terminal"] = False
spec["process"]["args"] = ["true"]
spec["linux"]["namespaces"] = [n for n in spec["linux"]["namespaces"] if n["type"] != "network"] + [{"type": "cgroup"}]
json.dump(spec, open(path, "w"))
PY

# Milliseconds of one `run`, as a decimal.
time_run() {
  local start end
  start=$(date +%s%N)
  "$1" --root "$work/state-$2" run --bundle "$work/bundle" "bench-$2-$3" >/dev/null
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", (e - s) / 1000000 }' 
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

: > "$work/wharf.ms"; : > "$work/runc.ms"
for i in 0 1 2; do time_run "$wharf" wharf "warm$i" >/dev/null; time_run "$runc" runc "warm$i" >/dev/null; done
for i in $(seq 1 "$iterations"); do
  time_run "$wharf" wharf "$i" >> "$work/wharf.ms"
  time_run "$runc" runc "$i" >> "$work/runc.ms"
done
w=$(median < "$work/wharf.ms"); r=$(median < "$work/runc.ms")
echo "runtime run true (median of $iterations, ms): wharf $w, runc $r, ratio $(awk -v w="$w" -v r="$r" 'BEGIN { printf "%.2f", w / r }')"
