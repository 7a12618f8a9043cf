#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/kernel-test.sh - build the umbra TEST kernel: Debian's linux-source-6.1
# configured as allnoconfig + tools/kernel-test.config, built out of tree in
# the cache, then published at build/kernels/test/. With --flavour debug it
# builds the DEBUG kernel instead: the same plus tools/kernel-debug.config
# (KASAN, UBSAN, kmemleak, lockdep, fault injection; its lines win over the
# test fragment's), cached under kernel-debug/ and published at
# build/kernels/debug/. Either way the directory holds:
#	zImage			the kernel
#	vexpress-v2p-ca9.dtb	for `-M vexpress-a9`
#	kdir			-> the build tree (make -C kdir M=... modules)
#	release			its `uname -r`
#
# The build tree is cached under $UMBRA_CACHE/kernel-FLAVOUR/, keyed on the
# linux-source package version, the (merged) fragment's sha256, the cross toolchain's
# version and RECIPE below; a cached tree makes this a no-op (a second or
# so). An interrupted build resumes where it stopped. A new key's tree starts
# as a copy of the newest tree with the same source, toolchain and RECIPE, so
# a fragment change rebuilds incrementally (Kbuild tracks CONFIG_*
# dependencies per file); UMBRA_KERNEL_SEED=0 builds from scratch instead.
# Only the 3 newest trees are kept.
#
# A fresh tree is proven by building a hello module against it; `--check`
# redoes that on a cached one.
#
# Usage: tools/kernel-test.sh [-j JOBS] [--check] [--flavour test|debug]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Bump when this script changes how the tree is configured or built.
RECIPE=1
TARBALL=/usr/src/linux-source-6.1.tar.xz
JOBS=$(nproc)
check=0
flavour=test

while [ $# -gt 0 ]; do
	case $1 in
	-j) JOBS=${2:-}; shift 2 || die "-j needs a number" ;;
	-j*) JOBS=${1#-j}; shift ;;
	--check) check=1; shift ;;
	--flavour) flavour=${2:-}; shift 2 || die "--flavour needs a name" ;;
	*) die "usage: $0 [-j JOBS] [--check] [--flavour test|debug]" ;;
	esac
done
case $flavour in
test | debug) ;;
*) die "--flavour: test or debug, not '$flavour'" ;;
esac
OUT=$UMBRA_BUILD/kernels/$flavour
CACHE=$UMBRA_CACHE/kernel-$flavour
mkdir -p "$CACHE"

# The fragment: the test kernel's, and for debug the debug lines over it
# (a symbol the debug fragment sets is dropped from the test fragment).
FRAGMENT=$UMBRA_ROOT/tools/kernel-test.config
if [ "$flavour" = debug ]; then
	merged=$CACHE/fragment.$$
	trap 'rm -f "$merged"' EXIT
	dbg=$UMBRA_ROOT/tools/kernel-debug.config
	sed -n 's/^\(# \)\?\(CONFIG_[A-Za-z0-9_]*\)[= ].*/\2/p' "$dbg" \
		>"$merged.syms"
	{
		grep -v -w -F -f "$merged.syms" "$FRAGMENT"
		cat "$dbg"
	} >"$merged"
	rm -f "$merged.syms"
	FRAGMENT=$merged
fi

need_cmd "${UMBRA_CROSS}gcc" make bc bison flex dtc modinfo
[ -r "$TARBALL" ] || die "$TARBALL missing: run tools/setup-host.sh"

src_ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
cc_ver=$("${UMBRA_CROSS}gcc" --version | head -n1)
ld_ver=$("${UMBRA_CROSS}ld" --version | head -n1)
frag_sum=$(sha256sum "$FRAGMENT" | cut -d' ' -f1)
base=$(hash_str "$RECIPE" "$src_ver" "$cc_ver" "$ld_ver")
key=$src_ver-$(hash_str "$base" "$frag_sum")
src=$UMBRA_CACHE/kernel-src/linux-source-$src_ver
tree=$CACHE/$key
kmake=(make -C "$src" O="$tree" ARCH=arm CROSS_COMPILE="$UMBRA_CROSS"
       -j"$JOBS" -s)

# extract_source - unpack the linux-source tarball once per package version.
extract_source()
{
	local tmp

	[ -e "$src/.umbra-ok" ] && return 0
	log "extracting $TARBALL ($src_ver)"
	tmp=$src.tmp
	rm -rf "$tmp" "$src"
	mkdir -p "$tmp"
	tar -xJf "$TARBALL" -C "$tmp" --strip-components=1
	touch "$tmp/.umbra-ok"
	mv "$tmp" "$src"
}

# seed_tree - start a new tree as a copy of the newest finished one built
# from the same source and toolchain.
seed_tree()
{
	local seed

	[ ! -e "$tree" ] && [ "${UMBRA_KERNEL_SEED:-1}" != 0 ] || return 0
	seed=$(find "$CACHE" -mindepth 2 -maxdepth 2 \
		-name .umbra-ok -printf '%T@ %h\n' 2>/dev/null | sort -rn |
		while read -r _ d; do
			if [ "$(cat "$d/.umbra-base" 2>/dev/null)" = "$base" ]; then
				echo "$d"
				break
			fi
		done)
	[ -n "$seed" ] || return 0
	log "seeding from ${seed##*/} (incremental build)"
	rm -rf "$tree.tmp"
	cp -a "$seed" "$tree.tmp"
	rm -f "$tree.tmp/.umbra-ok"
	mv "$tree.tmp" "$tree"
}

# prune_trees - keep the 3 newest finished trees (and the current one).
prune_trees()
{
	find "$CACHE" -mindepth 2 -maxdepth 2 \
		-name .umbra-ok -printf '%T@ %h\n' 2>/dev/null | sort -rn |
		tail -n +4 | while read -r _ d; do
			[ "$d" = "$tree" ] && continue
			log "pruning old tree ${d##*/}"
			rm -rf "$d"
		done
}

# check_config - every line of the fragment must be in .config verbatim;
# "# CONFIG_X is not set" lines must have no CONFIG_X=.
check_config()
{
	local line sym dropped=()

	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			grep -qxF -- "$line" "$tree/.config" ||
				dropped+=("$line (got: $(grep -E "^(# )?${line%%=*}[= ]" \
					"$tree/.config" || echo unset))")
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			! grep -q "^$sym=" "$tree/.config" ||
				dropped+=("$line (got: $(grep "^$sym=" "$tree/.config"))")
			;;
		esac
	done <"$FRAGMENT"
	if [ "${#dropped[@]}" -gt 0 ]; then
		printf '  %s\n' "${dropped[@]}" >&2
		die "${#dropped[@]} fragment option(s) did not survive Kconfig"
	fi
}

# build_tree - configure and build into $tree (resumes a partial build).
build_tree()
{
	local t0=$SECONDS

	[ -e "$tree/.umbra-ok" ] && return 0
	with_lock "$UMBRA_CACHE/kernel-src/.lock-$src_ver" extract_source
	seed_tree
	mkdir -p "$tree"
	echo "$base" >"$tree/.umbra-base"
	log "configuring $key"
	KCONFIG_ALLCONFIG=$FRAGMENT "${kmake[@]}" allnoconfig
	check_config
	log "building zImage, modules, vexpress-v2p-ca9.dtb (-j$JOBS)"
	"${kmake[@]}" zImage modules vexpress-v2p-ca9.dtb
	[ -s "$tree/Module.symvers" ] || die "no Module.symvers"
	"${kmake[@]}" kernelrelease >"$tree/.umbra-release"
	module_self_check "$tree" "$(cat "$tree/.umbra-release")"
	touch "$tree/.umbra-ok"
	log "built in $((SECONDS - t0)) s"
	prune_trees
}

# publish SRC DST - copy SRC to DST unless identical (keeps mtimes stable).
publish()
{
	cmp -s "$1" "$2" 2>/dev/null || cp "$1" "$2"
}

with_lock "$CACHE/.lock-$key" build_tree
[ "$check" = 0 ] ||
	module_self_check "$tree" "$(cat "$tree/.umbra-release")"

mkdir -p "$OUT"
publish "$tree/arch/arm/boot/zImage" "$OUT/zImage"
publish "$tree/arch/arm/boot/dts/vexpress-v2p-ca9.dtb" \
	"$OUT/vexpress-v2p-ca9.dtb"
publish "$tree/.umbra-release" "$OUT/release"
ln -sfn "$tree" "$OUT/kdir"
log "$flavour kernel $(cat "$OUT/release") ready in ${OUT#"$UMBRA_ROOT"/}"
