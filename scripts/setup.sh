#!/usr/bin/env bash
# One command from a fresh machine: install what is missing, build, make the embedded busybox
# image, and run the main job: a busybox container under wharf-runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scripts/make-busybox-rootfs.sh out/busybox/rootfs >/dev/null

bundle=out/demo-bundle
rm -rf "$bundle" && mkdir -p "$bundle"
ln -s ../busybox/rootfs "$bundle/rootfs"
out/wharf-runtime/wharf-runtime spec --bundle "$bundle"
# A non-interactive demo process instead of the spec's interactive shell.
sed -i -e 's/"terminal": true/"terminal": false/' \
  -e 's|"sh"$|"sh", "-c", "echo hello from a wharf container: pid $$, hostname $(hostname); ls /sys/class/net"|' \
  "$bundle/config.json"
out/wharf-runtime/wharf-runtime --root out/state run --bundle "$bundle" "demo-$$"
