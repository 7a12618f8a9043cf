#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/mkinitramfs.sh - pack the umbra test initramfs: a gzip'd newc cpio
# with the static armhf busybox (and its applet symlinks), /init =
# tools/target-init.sh and PAYLOAD_DIR copied to /umbra/ (symlinks in the
# payload are followed). --mode sets the default of umbra.mode= (suite).
#
# No root tricks: GNU cpio stores every file as owned by 0:0 (-R) and the
# one device node the kernel needs before /init runs, /dev/console, is
# written directly as a second small newc archive (the kernel unpacks
# concatenated archives). devtmpfs provides the rest of /dev.
#
# Usage: tools/mkinitramfs.sh OUT PAYLOAD_DIR [--mode suite|demo]
#	BUSYBOX=path overrides build/sysroot/bin/busybox.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage()
{
	die "usage: $0 OUT PAYLOAD_DIR [--mode suite|demo]"
}

mode=suite
args=()
while [ $# -gt 0 ]; do
	case $1 in
	--mode) [ $# -ge 2 ] || usage; mode=$2; shift 2 ;;
	--mode=*) mode=${1#--mode=}; shift ;;
	-*) usage ;;
	*) args+=("$1"); shift ;;
	esac
done
[ "${#args[@]}" = 2 ] || usage
out=${args[0]}
payload=${args[1]}
case $mode in suite|demo) ;; *) usage ;; esac
[ -d "$payload" ] || die "payload dir '$payload' does not exist"
busybox=${BUSYBOX:-$UMBRA_BUILD/sysroot/bin/busybox}
[ -x "$busybox" ] || die "no busybox at $busybox: run tools/sysroot.sh"
need_cmd cpio gzip qemu-arm-static
case $mode in
suite) script=suite.sh ;;
demo) script=demo.sh ;;
esac
[ -e "$payload/$script" ] || log "warning: $payload has no $script"

# newc_entry NAME MODE [RDEVMAJOR RDEVMINOR] - an empty newc cpio entry
# owned by 0:0 (MODE is the full st_mode, in octal).
newc_entry()
{
	local name=$1 namesize=$((${#1} + 1)) pad

	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		0 "$(($2))" 0 0 1 0 0 0 0 "${3:-0}" "${4:-0}" "$namesize" 0
	printf '%s\0' "$name"
	pad=$(((4 - (110 + namesize) % 4) % 4))
	head -c "$pad" /dev/zero
}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,tmp,etc,root,umbra}
cp "$busybox" "$stage/bin/busybox"
while read -r applet; do
	[ -e "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
done < <(qemu-arm-static "$stage/bin/busybox" --list-full)
[ -e "$stage/bin/sh" ] || die "busybox has no sh applet"
install -m 0755 "$UMBRA_ROOT/tools/target-init.sh" "$stage/init"
echo "$mode" >"$stage/etc/umbra-mode"
cp -RL "$payload/." "$stage/umbra/"
chmod -R u+rwX,go+rX "$stage"
# Reproducible: fixed timestamps, sorted names, 0:0, renumbered inodes.
find "$stage" -exec touch -h -d @0 {} +

mkdir -p "$(dirname "$out")"
{
	newc_entry dev 040755
	newc_entry dev/console 020600 5 1
	newc_entry TRAILER!!! 0
	(cd "$stage" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --reproducible --quiet)
} | gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"
log "$out: $(du -h "$out" | cut -f1), mode $mode, payload $payload"
