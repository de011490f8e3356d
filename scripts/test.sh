#!/usr/bin/env bash
# Runs every test: unit tests, kernel tests (as root) and the black-box OCI runtime suite
# against both wharf-runtime and runc. Prints "N passed, N failed, N skipped" at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh || exit 1

results=$(mktemp -d)
status=0
dotnet test Wharf.slnx -c Release --no-build -nologo --logger "trx" --results-directory "$results" \
  -- RunConfiguration.TestSessionTimeout=1800000 || status=$?

# Sum the outcome counters of every project's TRX report.
read -r passed failed skipped < <(python3 - "$results" <<'PY'
import glob, re, sys
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<Counters [^>]*>', text)
    if not m: continue
    c = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(p, f, s)
PY
)
rm -rf "$results"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$status" -eq 0 ] && [ "${failed}" -eq 0 ] && [ "${passed}" -gt 0 ]
