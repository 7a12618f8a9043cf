#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/install-check.sh - `make install` and `make install-dkms` as a
# product integrator runs them, checked; TAP output for tools/check.sh.
#
# In a copy of the sources (tracked and untracked files, no build/), for
# the board kernel build/kernels/KERNEL/kdir (default test) and the cross
# toolchain against the armhf sysroot (build/sysroot.env):
#   - make install DESTDIR=T/root produces exactly the tree of
#     Documentation/install-tree.txt (which the documentation shows);
#   - the module is built for that kernel, the VMM for ARM;
#   - systemd-analyze verify accepts umbra@example.service in that tree
#     (with the build machine's systemd units and /sbin/modprobe copied
#     in, so that its dependencies and every command it runs resolve);
#   - PREFIX=/usr and INSTALL_MOD_PATH move what they should;
#   - make install-dkms produces exactly its documented tree, and
#     dkms.conf's MAKE[0], run as DKMS runs it (in a copy of that tree at
#     $dkms_tree/umbra/<version>/build, kernel_source_dir = the kernel),
#     builds umbra.ko at BUILT_MODULE_LOCATION.
#
# Usage: tools/install-check.sh [KERNEL]
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KERNEL=${1:-test}
KDIR=$UMBRA_BUILD/kernels/$KERNEL/kdir
TREE=$UMBRA_ROOT/Documentation/install-tree.txt
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
failed=0

# ok NAME CMD...: one TAP line for CMD's success; its output as comments
ok()
{
	local name=$1

	shift
	n=$((n + 1))
	if "$@" >"$t/out" 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$t/out" | tail -40
		failed=$((failed + 1))
	fi
}

# expected SECTION VERSION - the files of one section of install-tree.txt
# (1: make install, 2: make install-dkms) with <kver> and <version> filled
# in and every "DIR/<SRC:GLOBS>" expanded to DIR/ + each file SRC/GLOB
# matches, relative to SRC.
expected()
{
	local sec=$1 line pre spec src globs g f

	awk -v sec="$sec" '/^#/ { s++; next } s == sec' "$TREE" |
	sed -e "s|<kver>|$kver|g" -e "s|<version>|$version|g" |
	while IFS= read -r line; do
		case $line in
		*'<'*'>')
			pre=${line%%<*}
			spec=${line#*<}
			spec=${spec%>}
			src=${spec%%:*}
			globs=${spec#*:}
			for g in $globs; do
				for f in "$src_dir/$src"/$g; do
					[ -f "$f" ] && echo "$pre${f#"$src_dir/$src"/}"
				done
			done
			;;
		*) echo "$line" ;;
		esac
	done | sort
}

# same_tree ROOT SECTION - the files under ROOT are exactly SECTION's
same_tree()
{
	expected "$2" >"$t/want"
	(cd "$1" && find . -type f -o -type l) | sed 's|^\./||' | sort >"$t/have"
	diff -u "$t/want" "$t/have"
}

vermagic_is()
{
	local v

	v=$(modinfo -F vermagic "$1") || return 1
	echo "vermagic '$v', kernel $kver"
	[ "${v%% *}" = "$kver" ]
}

is_arm_elf()
{
	readelf -h "$1" | grep -E 'Machine: +ARM$'
}

# systemd_verify ROOT UNITDIR BINDIR: systemd-analyze verify of an
# instance of the installed template, with nothing to say
systemd_verify()
{
	local root=$1 out

	grep -x "ExecStart=$3/umbra-vmm run /etc/umbra/%i.ini" \
		"$root$2/umbra@.service" || return 1
	mkdir -p "$root/usr/lib/systemd" "$root/sbin"
	cp -a /lib/systemd/system "$root/usr/lib/systemd/"
	cp /sbin/modprobe "$root/sbin/"
	out=$(systemd-analyze verify --root="$root" umbra@example.service 2>&1)
	local rc=$?
	echo "$out"
	[ "$rc" -eq 0 ] && [ -z "$out" ]
}

# dkms_make ROOT: dkms.conf's MAKE[0] as DKMS runs it
dkms_make()
{
	local tree=$t/dkms build

	build=$tree/umbra/$version/build
	mkdir -p "$tree/umbra/$version"
	cp -a "$1/usr/src/umbra-$version" "$build"
	(
		# the variables DKMS sets for dkms.conf
		# shellcheck disable=SC2034
		kernelver=$kver kernel_source_dir=$KDIR dkms_tree=$tree
		# shellcheck disable=SC1091
		. "$build/dkms.conf" || exit 1
		[ "$PACKAGE_NAME" = umbra ] && [ "$PACKAGE_VERSION" = "$version" ] ||
			exit 1
		cd "$build" || exit 1
		echo "MAKE[0]: ${MAKE[0]}"
		# cross-building here: the board's ARCH and toolchain come
		# from the environment, as on a native DKMS host they need not
		ARCH=arm CROSS_COMPILE=$UMBRA_CROSS eval "${MAKE[0]}" || exit 1
		ko=$build/${BUILT_MODULE_LOCATION[0]}${BUILT_MODULE_NAME[0]}.ko
		echo "built: $ko"
		[ -f "$ko" ] && vermagic_is "$ko"
	)
}

[ -d "$KDIR" ] || die "no kernel build tree $KDIR"
kver=$(cat "$KDIR/include/config/kernel.release")
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$UMBRA_ROOT/dkms.conf")
src_dir=$t/src
mkdir -p "$src_dir"
(cd "$UMBRA_ROOT" && git ls-files -co --exclude-standard -z |
	grep -zv '^build/' | xargs -0 cp --parents -t "$src_dir") ||
	die "cannot copy the sources"
# shellcheck disable=SC1091
. "$UMBRA_BUILD/sysroot.env"

echo "1..9"
ok "make install DESTDIR=... KDIR=<$KERNEL kernel> CROSS_COMPILE=$UMBRA_CROSS" \
	make -C "$src_dir" install DESTDIR="$t/root" KDIR="$KDIR" ARCH=arm \
	CROSS_COMPILE="$UMBRA_CROSS"
ok "installed tree is Documentation/install-tree.txt's" \
	same_tree "$t/root" 1
ok "umbra.ko built for $kver" \
	vermagic_is "$t/root/lib/modules/$kver/extra/umbra.ko"
ok "umbra-vmm built for ARM" is_arm_elf "$t/root/usr/local/bin/umbra-vmm"
ok "systemd-analyze verify umbra@example.service" \
	systemd_verify "$t/root" /usr/local/lib/systemd/system /usr/local/bin
ok "PREFIX=/usr INSTALL_MOD_PATH=/opt/rootfs" \
	make -C "$src_dir" install DESTDIR="$t/root2" KDIR="$KDIR" ARCH=arm \
	CROSS_COMPILE="$UMBRA_CROSS" PREFIX=/usr INSTALL_MOD_PATH=/opt/rootfs
ok "PREFIX=/usr INSTALL_MOD_PATH=/opt/rootfs: module, binary, unit moved" \
	test -f "$t/root2/opt/rootfs/lib/modules/$kver/extra/umbra.ko" -a \
	-x "$t/root2/usr/bin/umbra-vmm" -a \
	-f "$t/root2/usr/share/doc/umbra/api.rst" -a \
	! -e "$t/root2/usr/local" -a \
	-n "$(grep -x 'ExecStart=/usr/bin/umbra-vmm run /etc/umbra/%i.ini' \
		"$t/root2/usr/lib/systemd/system/umbra@.service")"
ok "make install-dkms tree is Documentation/install-tree.txt's" \
	eval "make -C '$src_dir' install-dkms DESTDIR='$t/dkmsroot' &&
	      same_tree '$t/dkmsroot' 2"
ok "dkms.conf MAKE[0] builds umbra.ko at BUILT_MODULE_LOCATION" \
	dkms_make "$t/dkmsroot"
[ "$failed" -eq 0 ]
