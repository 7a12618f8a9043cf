#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/kernel-distro.sh - the DISTRO kernel: Debian's prebuilt armmp kernel
# and its headers, unpacked (not installed) into the cache, published at
# build/kernels/distro/:
#	zImage			the vmlinuz
#	vexpress-v2p-ca9.dtb	Debian's, for `-M vexpress-a9`
#	kdir			-> the headers tree (make -C kdir M=... modules)
#	release			its `uname -r`
#
# The ABI (6.1.0-NN) comes from the linux-image-armmp:armhf metapackage's
# dependency. linux-image-<abi>-armmp:armhf, linux-headers-<abi>-armmp:armhf,
# linux-headers-<abi>-common and linux-kbuild-6.1:amd64 are downloaded at
# that same version and unpacked into $UMBRA_CACHE/kernel-distro/<key>/root;
# the headers' absolute paths are rewritten to point into that root. A fresh
# tree is proven by building a hello module against it (`--check` redoes it).
#
# Usage: tools/kernel-distro.sh [--check]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Bump when this script changes how the tree is made.
RECIPE=1
OUT=$UMBRA_BUILD/kernels/distro

check=0
case ${1:-} in
--check) check=1 ;;
"") ;;
*) die "usage: $0 [--check]" ;;
esac

need_cmd "${UMBRA_CROSS}gcc-12" make dpkg-deb apt-get modinfo

# The metapackage's "Depends: linux-image-6.1.0-NN-armmp (= VERSION)".
dep_re='^Depends:.*\(linux-image-[0-9][^ ,]*-armmp\) (= \([^)]*\)).*'
dep=$(apt-cache show --no-all-versions linux-image-armmp:armhf 2>/dev/null |
	sed -n "s/$dep_re/\\1 \\2/p")
[ -n "$dep" ] ||
	die "cannot resolve linux-image-armmp:armhf (apt-get update needed?)"
read -r image ver <<<"$dep"
release=${image#linux-image-}
abi=${release%-armmp}
key=$release-$ver-r$RECIPE
dir=$UMBRA_CACHE/kernel-distro/$key
root=$dir/root
kdir=$root/usr/src/linux-headers-$release
specs=(
	"linux-image-$release:armhf=$ver"
	"linux-headers-$release:armhf=$ver"
	"linux-headers-$abi-common=$ver"
	"linux-kbuild-6.1:amd64=$ver"
)

# make_tree - download, unpack and fix up the packages into $root.
make_tree()
{
	local deb

	[ -e "$dir/.umbra-ok" ] && return 0
	log "unpacking $release ($ver)"
	apt_download "$dir/debs" "${specs[@]}"
	rm -rf "$root"
	mkdir -p "$root"
	for deb in "$dir"/debs/*.deb; do
		dpkg-deb -x "$deb" "$root"
	done
	# "include /usr/src/linux-headers-<abi>-common/Makefile"
	sed -i "s|^include /usr/src/|include $root/usr/src/|" "$kdir/Makefile"
	grep -q "^include $root/" "$kdir/Makefile" ||
		die "unexpected $kdir/Makefile"
	# lib/modules/<release>/{build,source} -> /usr/src/...
	fix_abs_symlinks "$root"
	[ -x "$kdir/scripts/mod/modpost" ] || die "kbuild scripts missing"
	module_self_check "$kdir" "$release"
	touch "$dir/.umbra-ok"
}

# publish SRC DST - copy SRC to DST unless identical (keeps mtimes stable).
publish()
{
	cmp -s "$1" "$2" 2>/dev/null || cp "$1" "$2"
}

with_lock "$UMBRA_CACHE/kernel-distro/.lock-$key" make_tree
[ "$check" = 0 ] || module_self_check "$kdir" "$release"

mkdir -p "$OUT"
publish "$root/boot/vmlinuz-$release" "$OUT/zImage"
publish "$root/usr/lib/linux-image-$release/vexpress-v2p-ca9.dtb" \
	"$OUT/vexpress-v2p-ca9.dtb"
echo "$release" >"$OUT/release.tmp"
publish "$OUT/release.tmp" "$OUT/release"
rm -f "$OUT/release.tmp"
ln -sfn "$kdir" "$OUT/kdir"
log "distro kernel $release ($ver) ready in ${OUT#"$UMBRA_ROOT"/}"
