#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/bench.sh - `make bench`: build the benchmark (tests/bench) and
# umbra.ko, pack them into an initramfs of their own, boot the emulated
# virt/Cortex-A15 board under `-icount shift=0,sleep=off` (1 ns of virtual
# time = 1 instruction), its PL031 RTC marked for passthrough (UIO, see
# below), Linux with maxcpus=1 (see below), and print
# umbra_bench's report. A benchmark, not a test: it fails only when the
# benchmark cannot run to the end.
#
# Everything it writes is under build/bench/ and build/payload-bench/: the
# module is built in build/bench/mod-KERNEL-{worktree,COMMIT} (not in
# build/mod-KERNEL, which tools/check.sh owns), the native IRQ-masking
# baseline tests/bench/kmod/umbra_bench_irq.ko in build/bench/irqmod-KERNEL
# (always from the working tree), the initramfs is
# build/bench/initramfs-bench.cpio.gz,
# the boot log build/bench/boot-KERNEL-virt.log and the report
# build/bench/report-KERNEL-virt.txt. See Documentation/benchmarks.rst.
#
# Environment:
#	UMBRA_BENCH_KERNEL	test (default) or distro; "test" falls back to
#				distro when the test kernel cannot be built
#	UMBRA_BENCH_ARGS	umbra_bench options, e.g. "-n 2048 -k 7"
#	UMBRA_BENCH_TIMEOUT	QEMU time limit in seconds (default 1800)
#	UMBRA_BENCH_REV		build umbra.ko from this commit (git archive,
#				e.g. HEAD) instead of the working tree
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$UMBRA_ROOT/tools/build.sh"

OUT=$UMBRA_BUILD/bench
PAYLOAD=$UMBRA_BUILD/payload-bench
INITRD=$OUT/initramfs-bench.cpio.gz
BOARD=virt

# module_source - where umbra.ko's sources come from: the working tree, or
# UMBRA_BENCH_REV exported (read-only) into build/bench/src. Prints the
# directory; sets SOURCE_DESC, and SOURCE_REV for a commit.
module_source()
{
	local rev src=$OUT/src head

	head=$(git -C "$UMBRA_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
	if [ -z "${UMBRA_BENCH_REV:-}" ]; then
		SOURCE_DESC="working tree (HEAD $head"
		if [ -n "$(git --no-optional-locks -C "$UMBRA_ROOT" status \
			--porcelain -- Kbuild kmod include 2>/dev/null)" ]; then
			SOURCE_DESC+=" with local changes to the module)"
		else
			SOURCE_DESC+=")"
		fi
		echo "$UMBRA_ROOT"
		return
	fi
	rev=$(git -C "$UMBRA_ROOT" rev-parse --short "$UMBRA_BENCH_REV^{commit}") ||
		die "UMBRA_BENCH_REV=$UMBRA_BENCH_REV is not a commit"
	rm -rf "$src"
	mkdir -p "$src"
	git -C "$UMBRA_ROOT" archive "$rev" Kbuild kmod include | tar -x -C "$src"
	SOURCE_DESC="commit $rev"
	SOURCE_REV=$rev
	echo "$src"
}

# bench_module NAME SRC TAG - umbra.ko for build/kernels/NAME from SRC,
# built like build_module (tools/build.sh) but in build/bench/mod-NAME-TAG,
# so that a concurrent tools/check.sh never shares an object directory with
# us, and objects of one commit never pass for another's (git archive gives
# the files the commit's date).
bench_module()
{
	local name=$1 src=$2 out=$OUT/mod-$1-$3

	mkdir -p "$out"
	rsync -a --delete --exclude='*.o' --exclude='.*.cmd' \
		"$src/Kbuild" "$src/kmod" "$src/include" "$out/"
	make -s -C "$UMBRA_BUILD/kernels/$name/kdir" M="$out" ARCH=arm \
		CROSS_COMPILE="$UMBRA_CROSS" W=1 modules >&2 || return 1
	echo "$out/kmod/umbra.ko"
}

# bench_irq_module NAME - tests/bench/kmod/umbra_bench_irq.ko (the native
# local_irq_save/restore baseline) for build/kernels/NAME, built in
# build/bench/irqmod-NAME. Prints the .ko's path.
bench_irq_module()
{
	local out=$OUT/irqmod-$1

	mkdir -p "$out"
	rsync -a --delete "$UMBRA_ROOT/tests/bench/kmod/" "$out/"
	make -s -C "$UMBRA_BUILD/kernels/$1/kdir" M="$out" ARCH=arm \
		CROSS_COMPILE="$UMBRA_CROSS" W=1 modules >&2 || return 1
	echo "$out/umbra_bench_irq.ko"
}

main()
{
	local kernel=${UMBRA_BENCH_KERNEL:-test} ko irq_ko log report src
	local bench_args
	local rc=0

	mkdir -p "$OUT"
	case $kernel in
	test)
		prepare_host distro-only
		if ! "$UMBRA_ROOT/tools/kernel-test.sh" ||
		   [ ! -r "$UMBRA_BUILD/kernels/test/zImage" ]; then
			log "warning: no test kernel, falling back to distro"
			kernel=distro
		fi
		;;
	distro)
		prepare_host distro-only
		;;
	*)
		die "UMBRA_BENCH_KERNEL must be test or distro, not '$kernel'"
		;;
	esac

	module_source >"$OUT/src.dir"	# not $(...): it sets SOURCE_DESC
	src=$(cat "$OUT/src.dir")
	ko=$(bench_module "$kernel" "$src" "${SOURCE_REV:-worktree}") ||
		die "umbra.ko did not build"
	irq_ko=$(bench_irq_module "$kernel") ||
		die "umbra_bench_irq.ko did not build"
	(
		# glib for the passthrough row's GMainLoop variant
		# shellcheck disable=SC1091
		. "$UMBRA_BUILD/sysroot.env"
		rm -f "$OUT/umbra_bench"
		make -s -C "$UMBRA_ROOT/tests/bench" O="$OUT" \
			CROSS_COMPILE="$UMBRA_CROSS" 2>&1 |
			grep -v 'statically linked applications' |
			grep -v 'getpw\|g_get_user_database_entry' || true
	)
	[ -x "$OUT/umbra_bench" ] || die "umbra_bench was not built"
	rm -rf "$PAYLOAD"
	mkdir -p "$PAYLOAD/bin"
	cp "$ko" "$PAYLOAD/"
	cp "$irq_ko" "$PAYLOAD/bin/"
	cp "$OUT/umbra_bench" "$PAYLOAD/bin/"
	cp "$OUT/suite.sh" "$PAYLOAD/"
	"$UMBRA_ROOT/tools/mkinitramfs.sh" "$INITRD" "$PAYLOAD" >/dev/null

	log="$OUT/boot-$kernel-$BOARD.log"
	report="$OUT/report-$kernel-$BOARD.txt"
	rm -f "$report"
	bench_args=${UMBRA_BENCH_ARGS:+ umbra.bench=\"$UMBRA_BENCH_ARGS\"}
	# maxcpus=1: under -icount QEMU runs the board's two vCPUs round
	# robin on one thread, and the kernel's stop_machine() calls at boot
	# (kernel memory permissions, STRICT_KERNEL_RWX) then spin for
	# minutes of virtual time (RCU stall reports; /init not reached in 15
	# minutes); a second online CPU would also add its instructions to
	# the shared virtual clock. The board keeps its two vCPUs, Linux
	# brings up one.
	#
	# --passthrough: the board's PL031 RTC becomes /dev/uio0
	# (uio_pdrv_genirq), the device of the passthrough rows
	# (umbra_bench's pt_setup(); without it those rows read -1).
	log "running the benchmark on $BOARD with the $kernel kernel" \
		"(-icount shift=0,sleep=off; log $log)"
	"$UMBRA_ROOT/tools/run-qemu.sh" --board "$BOARD" \
		--kernel "$UMBRA_BUILD/kernels/$kernel" --initrd "$INITRD" \
		--log "$log" --icount --passthrough \
		--timeout "${UMBRA_BENCH_TIMEOUT:-1800}" \
		--append "maxcpus=1 umbra.timeout=3000$bench_args" \
		>"$log.run" 2>&1 || rc=$?
	{
		echo "# tools/bench.sh: board $BOARD (-M virt -cpu cortex-a15" \
			"-smp 2 -m 512M -icount shift=0,sleep=off; Linux" \
			"booted with maxcpus=1; PL031 marked for" \
			"passthrough)," \
			"kernel $kernel ($(cat "$UMBRA_BUILD/kernels/$kernel/release"))," \
			"QEMU $(qemu-system-arm --version | head -n1 |
				sed 's/.*version //')"
		echo "# umbra.ko built from: $SOURCE_DESC"
		tr -d '\r' <"$log" |
			sed -n '/^==== UMBRA-RESULTS-BEGIN/,/^==== UMBRA-RESULTS-END/p' |
			sed '1d;$d'
	} >"$report"
	cat "$report"
	if [ "$rc" -ne 0 ] || ! grep -q '^ok 1 umbra_bench' "$report"; then
		cat "$log.run" >&2
		die "the benchmark did not run to the end (log $log)"
	fi
	log "report: $report"
}

main "$@"
