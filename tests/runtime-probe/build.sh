#!/bin/sh
# build.sh OUT: builds the runtime probe as a static binary at OUT.
set -eu
[ $# -eq 1 ] || { echo "usage: build.sh OUT" >&2; exit 2; }
command -v gcc >/dev/null 2>&1 || { echo "build.sh: gcc not found (apt-get install gcc libc6-dev)" >&2; exit 1; }
exec gcc -static -O2 -Wall -Wextra -o "$1" "$(dirname "$0")/probe.c"
