# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tools/build.sh - build steps shared by tools/check.sh and tools/demo.sh.
# Source it after tools/lib.sh. Every step is incremental: make decides.

# prepare_host - packages, the armhf sysroot and both host kernels.
prepare_host()
{
	"$UMBRA_ROOT/tools/setup-host.sh"
	"$UMBRA_ROOT/tools/sysroot.sh"
	"$UMBRA_ROOT/tools/kernel-distro.sh"
	[ "${1:-}" = distro-only ] || "$UMBRA_ROOT/tools/kernel-test.sh"
}

# build_userspace - the static armhf VMM, guests, in-target tests and the
# expected Lua outputs (from the build machine's lua5.4).
build_userspace()
{
	local j="-j$(nproc)"

	make -s -C "$UMBRA_ROOT/tools/guest"
	make -s -C "$UMBRA_ROOT/tools/umbra-patch"
	make -s $j -C "$UMBRA_ROOT/tests/guests/hello"
	make -s $j -C "$UMBRA_ROOT/tests/guests/mmu"
	make -s $j -C "$UMBRA_ROOT/tests/guests/tick"
	make -s $j -C "$UMBRA_ROOT/tests/guests/crashme"
	make -s $j -C "$UMBRA_ROOT/tests/guests/usermode"
	make -s $j -C "$UMBRA_ROOT/tests/guests/uart"
	make -s $j -C "$UMBRA_ROOT/tests/guests/lua"
	make -s $j -C "$UMBRA_ROOT/tests/guests/pvisa" >/dev/null
	make -s $j -C "$UMBRA_ROOT/tests/guests/passthru"
	make -s $j -C "$UMBRA_ROOT/tests/guests/multi"
	make -s $j -C "$UMBRA_ROOT/tests/guests/zboot"
	patch_report
	make -s -C "$UMBRA_ROOT/tests/lua"
	(
		# shellcheck disable=SC1091
		. "$UMBRA_BUILD/sysroot.env"
		make -s $j -C "$UMBRA_ROOT/vmm" CROSS_COMPILE="$UMBRA_CROSS" \
			STATIC=1 2>&1 | grep -v 'statically linked applications' |
			grep -v 'getpw\|g_get_user_database_entry' || true
	)
	[ -x "$UMBRA_BUILD/vmm/umbra-vmm" ] || die "umbra-vmm was not built"
	make -s $j -C "$UMBRA_ROOT/tests/target"
}

# patch_report - umbra-patch's report over the guests (pvisa's own patch
# report included) in build/logs/umbra-patch.log, summaries on stdout.
# The SDK's guests are shipped as built: hello and lua need no patch,
# crashme has no sensitive instruction, mmu's LDRT/STRT are its subject.
patch_report()
{
	local log=$UMBRA_BUILD/logs/umbra-patch.log g

	mkdir -p "$UMBRA_BUILD/logs"
	{
		for g in hello lua mmu crashme; do
			"$UMBRA_BUILD/umbra-patch/umbra-patch" -n \
				--allow-unpatched "$UMBRA_BUILD/guests/$g.elf"
		done
		cat "$UMBRA_BUILD/guests/pvisa.patch.txt"
	} >"$log"
	grep '^umbra-patch: ' "$log"
}

# build_module NAME - umbra.ko for build/kernels/NAME, built in a copy of
# the sources (build/mod-NAME) so the kernels' objects never mix.
build_module()
{
	local name=$1 out=$UMBRA_BUILD/mod-$1

	mkdir -p "$out"
	rsync -a --delete --exclude='*.o' --exclude='.*.cmd' \
		"$UMBRA_ROOT/Kbuild" "$UMBRA_ROOT/kmod" "$UMBRA_ROOT/include" \
		"$out/"
	make -s -C "$UMBRA_BUILD/kernels/$name/kdir" M="$out" ARCH=arm \
		CROSS_COMPILE="$UMBRA_CROSS" W=1 modules
	echo "$out/kmod/umbra.ko"
}

# build_native NAME - the test-only umbra_native.ko (tests/target/native/)
# for build/kernels/NAME, in build/native-NAME.
build_native()
{
	local name=$1 out=$UMBRA_BUILD/native-$1

	mkdir -p "$out"
	rsync -a --delete --exclude='*.o' --exclude='.*.cmd' \
		"$UMBRA_ROOT/tests/target/native/" "$out/"
	make -s -C "$UMBRA_BUILD/kernels/$name/kdir" M="$out" ARCH=arm \
		CROSS_COMPILE="$UMBRA_CROSS" W=1 modules
	echo "$out/umbra_native.ko"
}

# make_payload NAME DIR - the files the initramfs gets under /umbra/ for
# the kernel NAME: module, VMM, test programs, guests, Lua scripts.
make_payload()
{
	local name=$1 dir=$2 ko native

	ko=$(build_module "$name")
	native=$(build_native "$name")
	rm -rf "$dir"
	mkdir -p "$dir/bin" "$dir/guests" "$dir/lua"
	cp "$ko" "$native" "$dir/"
	cp "$UMBRA_BUILD/vmm/umbra-vmm" "$UMBRA_BUILD"/tests/target/umbra_test_* \
		"$dir/bin/"
	cp "$UMBRA_BUILD"/guests/*.elf "$UMBRA_BUILD"/guests/*.bin "$dir/guests/"
	cp "$UMBRA_ROOT"/tests/lua/*.lua "$UMBRA_BUILD"/lua-expected/*.out \
		"$dir/lua/"
	cp "$UMBRA_BUILD/tests/target/suite.sh" \
		"$UMBRA_BUILD/tests/target/demo.sh" "$dir/"
}
