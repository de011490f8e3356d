#!/bin/sh
# make-busybox-rootfs.sh DEST
#
# Builds the embedded `busybox` root filesystem in DEST from Debian's busybox-static: the static
# /bin/busybox, one relative symlink per applet (placed where `busybox --list-full` says), a
# minimal /etc (passwd, group) and the usual empty directories. It installs nothing: the
# project's setup script installs busybox-static.
#
# Idempotent (run it again on the same DEST and nothing changes) and deterministic: owners are
# 0:0, modes are fixed and every mtime is SOURCE_DATE_EPOCH (default 0), so `wharf import` of
# the result gives the same layer digest on every machine with the same busybox-static.
set -eu

die() { echo "make-busybox-rootfs: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: make-busybox-rootfs.sh DEST"
DEST=$1
BUSYBOX=${BUSYBOX:-/bin/busybox}
EPOCH=${SOURCE_DATE_EPOCH:-0}

[ -x "$BUSYBOX" ] || die "$BUSYBOX not found: install Debian's busybox-static (apt-get install busybox-static)"
# Debian's dynamic `busybox` package also ships /bin/busybox; only the static one runs in an empty rootfs.
if command -v file >/dev/null 2>&1; then
    file -L "$BUSYBOX" | grep -q 'statically linked' || die "$BUSYBOX is not statically linked: install busybox-static"
fi

umask 022
mkdir -p "$DEST"
cd "$DEST"

for d in bin sbin usr usr/bin usr/sbin etc root home var var/log var/run proc sys dev; do
    mkdir -p "$d"
    chmod 0755 "$d"
done
chmod 0700 root
mkdir -p tmp var/tmp
chmod 1777 tmp var/tmp

# Copy the binary only when it differs, so a second run leaves the inode alone.
if ! cmp -s "$BUSYBOX" bin/busybox 2>/dev/null; then
    cp "$BUSYBOX" bin/busybox.new
    mv -f bin/busybox.new bin/busybox
fi
chmod 0755 bin/busybox

# One relative symlink per applet: usr/bin/[ -> ../../bin/busybox. Skip anything outside the
# four bin directories (Debian lists /linuxrc) and busybox itself.
"$BUSYBOX" --list-full | LC_ALL=C sort | while IFS= read -r applet; do
    case "$applet" in
        bin/busybox) continue ;;
        bin/*|sbin/*) target=../bin/busybox ;;
        usr/bin/*|usr/sbin/*) target=../../bin/busybox ;;
        *) continue ;;
    esac
    ln -sfn "$target" "$applet"
done

write() { # write PATH MODE: stdin -> PATH, only rewritten when the content differs
    tmp="$1.new"
    cat > "$tmp"
    if cmp -s "$tmp" "$1" 2>/dev/null; then rm -f "$tmp"; else mv -f "$tmp" "$1"; fi
    chmod "$2" "$1"
}

write etc/passwd 0644 <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
EOF

write etc/group 0644 <<'EOF'
root:x:0:
daemon:x:1:
nogroup:x:65534:
EOF

write etc/shadow 0640 <<'EOF'
root:*::0:::::
daemon:*::0:::::
nobody:*::0:::::
EOF

chown -hR 0:0 .
# Fixed mtimes on everything, symlinks included (-h), directories last by construction of find.
find . -depth -exec touch -h -d "@$EPOCH" {} +
