#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/check.sh - everything `make check` runs, from a fresh machine:
# host setup, host unit tests, builds, and the in-target suite on the
# emulated boards. Ends with one line "N passed, N failed" and exits
# non-zero when anything failed.
#
# Matrix: the test kernel on virt/Cortex-A15 and vexpress/Cortex-A9, and
# Debian's armmp kernel on both boards, plus the debug kernel (the test
# kernel with KASAN, UBSAN, kmemleak, lockdep, SLUB debugging and fault
# injection: tools/kernel-debug.config) on virt with umbra's debug_checks
# on (the isolation invariants checked after every shadow table change).
# UMBRA_BOARDS limits it, e.g. UMBRA_BOARDS="test:virt" tools/check.sh; a
# third field "debug" loads the module with debug_checks=1. The debug
# kernel's build and boot run in the background beside the rest
# (UMBRA_BACKGROUND=0: one after the other).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$UMBRA_ROOT/tools/build.sh"

MATRIX=${UMBRA_BOARDS:-test:virt test:vexpress distro:virt distro:vexpress \
debug:virt:debug}
LOGDIR=$UMBRA_BUILD/logs
# The debug kernel runs the suite 5-10 times slower (KASAN, SLUB debugging
# on every cache, lockdep, debug_checks): the whole suite takes ~30 min
# there. It leaves out what the other four boots run in full and what
# exercises the module least per second (the Lua comparisons, crashme,
# the usermode guest, the VMM's CLI tests) and fuzzes 200 sequences, and
# the tick guest, whose real-time figures a host this slow cannot meet: a
# guest exit costs ~2 ms there, so the 10 ms tick's handler (4-5 exits)
# takes the whole period and the guest's main code never runs again (the
# virtual timer's code runs there in umbra_test_vtimer); for the same
# reason umbra_test_multi's cyclic_shares (10 ms windows: 269 runs > 2 ms
# late, a 0.36 share for a 0.25 window; the budget's code runs there in
# umbra_test_budget and the other multi tests); its
# own tests (kmemleak, the kill loop, the allocation-failure injection
# umbra_test_failinject: 1,000+ injected failures in ~2-3 min) run in full.
# On a loaded 2-core machine that boot takes 15-25 min: its time limit is
# 40 min (UMBRA_DEBUG_BOOT_TIMEOUT, seconds).
DEBUG_SUITE=${UMBRA_DEBUG_SUITE-umbra.env=UMBRA_LUA_GUESTS= \
umbra.env=UMBRA_FUZZ_SEQUENCES=200 \
umbra.env=UMBRA_SKIP=crashme,usermode,umbra_test_vmm,tick \
umbra.env=UMBRA_SKIP_TESTS=cyclic_shares}
# Extra kernel command-line words for every boot, e.g. while working on
# one test: UMBRA_SUITE_ENV="umbra.env=UMBRA_ONLY=umbra_test_api
# umbra.env=UMBRA_LUA_GUESTS=" UMBRA_BOARDS=test:virt tools/check.sh
SUITE_ENV=${UMBRA_SUITE_ENV-}
passed=0
failed=0
failures=()
boot_logs=()
host_errors=0

# record NAME PASS FAIL - add to the tally.
record()
{
	passed=$((passed + $2))
	failed=$((failed + $3))
	[ "$3" -eq 0 ] || failures+=("$1 ($3 failed)")
}

# tap_file FILE - "pass fail" of top-level TAP lines in FILE.
tap_file()
{
	awk '/^ok / { p++ } /^not ok / { f++ } END { printf "%d %d\n", p, f }' "$1"
}

# run_tap NAME CMD... - run a TAP-printing command, log it, count it; a
# non-zero exit with no failing line counts as one failure.
run_tap()
{
	local name=$1 log=$LOGDIR/$1.log rc=0 p f
	shift

	"$@" >"$log" 2>&1 || rc=$?
	read -r p f < <(tap_file "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		tail -20 "$log" >&2
	fi
	[ "$f" -eq 0 ] || { grep '^not ok' "$log" || true; } |
		sed "s/^/$name: /" >&2
	log "$name: $p passed, $f failed"
	record "$name" "$p" "$f"
}

# style - kernel-doc of the module's sources, then checkpatch: one TAP line
# per file.
style()
{
	local cp n=0 f

	cp=$(find "$UMBRA_CACHE/kernel-src" -path '*/scripts/checkpatch.pl' \
		2>/dev/null | head -1)
	[ -n "$cp" ] || { echo "not ok 1 checkpatch.pl not found"; return 1; }
	kd=${cp%checkpatch.pl}kernel-doc
	n=$((n + 1))
	if "$kd" -none "$UMBRA_ROOT"/kmod/*.[ch] "$UMBRA_ROOT"/kmod/core/*.[ch] \
		>"$LOGDIR/kernel-doc.tmp" 2>&1 && ! [ -s "$LOGDIR/kernel-doc.tmp" ]
	then
		echo "ok $n kernel-doc of kmod/"
	else
		echo "not ok $n kernel-doc of kmod/"
		sed 's/^/# /' "$LOGDIR/kernel-doc.tmp"
	fi
	for f in "$UMBRA_ROOT"/kmod/*.[chS] "$UMBRA_ROOT"/kmod/core/*.[ch]; do
		n=$((n + 1))
		if "$cp" --no-tree --quiet --show-types -f "$f" \
			--ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES \
			>"$LOGDIR/checkpatch.tmp" 2>&1; then
			echo "ok $n checkpatch ${f#"$UMBRA_ROOT"/}"
		else
			echo "not ok $n checkpatch ${f#"$UMBRA_ROOT"/}"
			sed 's/^/# /' "$LOGDIR/checkpatch.tmp"
		fi
	done
}

# module_lint KERNEL - W=1 and sparse over the module built for KERNEL.
module_lint()
{
	local out=$UMBRA_BUILD/mod-$1 log=$LOGDIR/lint-$1.txt

	make -s -C "$UMBRA_BUILD/kernels/$1/kdir" M="$out" ARCH=arm \
		CROSS_COMPILE="$UMBRA_CROSS" W=1 C=2 CHECK=sparse modules \
		>"$log" 2>&1 || true
	if grep -q 'warning:\|error:' "$log"; then
		echo "not ok 1 umbra.ko for $1: W=1 and sparse clean"
		sed 's/^/# /' "$log"
	else
		echo "ok 1 umbra.ko for $1: W=1 and sparse clean"
	fi
}

# boot KERNEL BOARD [debug] - one emulated host running the in-target suite.
boot()
{
	local k=$1 b=$2 tag=$1/$2 log p f s rc=0 append limit pt

	limit=${UMBRA_BOOT_TIMEOUT:-900}
	[ "$k" != debug ] || limit=${UMBRA_DEBUG_BOOT_TIMEOUT:-2400}
	# the suite stops in time to print what it has
	append="umbra.timeout=$((limit - 90))"
	if [ "${3:-}" = debug ]; then
		tag=$tag/debug
		append+=" umbra.modparams=debug_checks=1"
	fi
	[ "$k" != debug ] || append+=" $DEBUG_SUITE"
	[ -z "$SUITE_ENV" ] || append+=" $SUITE_ENV"
	log=$LOGDIR/boot-${tag//\//-}.log
	# our kernels have uio_pdrv_genirq built in: hand a device to it
	pt=()
	[ "$k" = distro ] || pt=(--passthrough)
	"$UMBRA_ROOT/tools/run-qemu.sh" --board "$b" ${pt[@]+"${pt[@]}"} \
		--kernel "$UMBRA_BUILD/kernels/$k" \
		--initrd "$UMBRA_BUILD/initramfs-$k.cpio.gz" --log "$log" \
		--timeout "$limit" --ignore-tap \
		--append "$append" >"$log.run" 2>&1 || rc=$?
	read -r p f s < <(tap_counts "$log")
	boot_logs+=("$log")
	if [ "$rc" -ne 0 ]; then
		# A dirty kernel log, a hang or a missing marker fails the boot.
		f=$((f + 1))
		host_errors=$((host_errors + 1))
		cat "$log.run" >&2
	fi
	[ "$f" -eq 0 ] || sed -n '/UMBRA-RESULTS-BEGIN/,/UMBRA-RESULTS-END/p' \
		"$log" | { grep '^not ok' || true; } | sed "s|^|$tag: |" >&2
	log "boot $tag: $p passed, $f failed, $s skipped (log $log)"
	record "boot $tag" "$p" "$f"
}

# figures - the hardening figures of this run, summed over its boots: the
# in-target programs print "umbra-figure: KEY N" (sequences fuzzed, crashme
# words executed, kills survived, injected failures survived, attacks
# tried), and every boot's kernel log was checked.
figures()
{
	local sums

	[ ${#boot_logs[@]} -gt 0 ] || return 0
	sums=$(cat "${boot_logs[@]}" | tr -d '\r' |
		sed -n 's/.*umbra-figure: \([a-z-]*\) \([0-9]*\).*/\1 \2/p' |
		awk '{ s[$1] += $2 } END { for (k in s) printf "%s %d, ", k, s[k] }')
	log "figures over ${#boot_logs[@]} boots: ${sums}host errors $host_errors"
}

# prepare_kernel K - kernel K's payload and initramfs (building the debug
# kernel first), and W=1 + sparse of the module against the kernels users
# have.
prepare_kernel()
{
	local k=$1

	[ "$k" != debug ] || "$UMBRA_ROOT/tools/kernel-test.sh" --flavour debug
	make_payload "$k" "$UMBRA_BUILD/payload-$k"
	"$UMBRA_ROOT/tools/mkinitramfs.sh" "$UMBRA_BUILD/initramfs-$k.cpio.gz" \
		"$UMBRA_BUILD/payload-$k" >/dev/null
	# W=1 and sparse on the two kernels users have
	[ "$k" = debug ] || run_tap "lint-$k" module_lint "$k"
}

# Boots of the debug kernel run as one background job beside everything
# else (QEMU runs one guest CPU per host thread, and the debug kernel's
# build and boot are the longest steps): they write their tally to
# $BG_STATE, which collect_background adds in.
BG_STATE=$LOGDIR/background.state

# background_job ENTRY... - build the debug kernel and boot ENTRY... (matrix
# entries) in a subshell with its own tally.
background_job()
{
	passed=0 failed=0 host_errors=0 failures=() boot_logs=()
	local m k b d rc=0

	# not "|| rc=$?": that would turn errexit off inside the subshell
	set +e
	(set -e; prepare_kernel debug)
	rc=$?
	set -e
	if [ "$rc" -ne 0 ]; then
		record "debug kernel build" 0 1
		host_errors=$((host_errors + 1))
	else
		for m in "$@"; do
			IFS=: read -r k b d <<<"$m"
			boot "$k" "$b" "$d"
		done
	fi
	{
		echo "$passed $failed $host_errors"
		printf 'log %s\n' "${boot_logs[@]}"
		printf 'failure %s\n' "${failures[@]}"
	} >"$BG_STATE"
}

# collect_background PID LOG - wait for the background job, show its log,
# add its tally.
collect_background()
{
	local rc=0 p f h line

	wait "$1" || rc=$?
	log "background job (debug kernel) finished, status $rc; its log:"
	cat "$2" >&2
	if [ ! -s "$BG_STATE" ]; then
		record "debug kernel job" 0 1
		return
	fi
	{
		read -r p f h
		passed=$((passed + p))
		failed=$((failed + f))
		host_errors=$((host_errors + h))
		while read -r line; do
			case $line in
			"log "?*) boot_logs+=("${line#log }") ;;
			"failure "?*) failures+=("${line#failure }") ;;
			esac
		done
	} <"$BG_STATE"
}

main()
{
	local start=$SECONDS k b d m kernels fg=() bg=() bg_pid=

	mkdir -p "$LOGDIR"
	prepare_host
	build_userspace

	for m in $MATRIX; do
		if [ "${m%%:*}" = debug ] && [ "${UMBRA_BACKGROUND:-1}" = 1 ]
		then
			bg+=("$m")
		else
			fg+=("$m")
		fi
	done
	rm -f "$BG_STATE"
	if [ ${#bg[@]} -gt 0 ]; then
		background_job "${bg[@]}" >"$LOGDIR/background.log" 2>&1 &
		bg_pid=$!
	fi

	run_tap unit-core make -s -C "$UMBRA_ROOT/tests/unit" run
	run_tap unit-vmm make -s -C "$UMBRA_ROOT/vmm" check
	run_tap unit-umbra-patch make -s -C "$UMBRA_ROOT/tools/umbra-patch" check
	run_tap checkpatch style
	run_tap docs "$UMBRA_ROOT/tools/check-docs.py" \
		"$UMBRA_ROOT"/Documentation/*.rst
	# make install / install-dkms, the systemd unit, dkms.conf: for the
	# test kernel's build tree (built by prepare_host)
	run_tap install "$UMBRA_ROOT/tools/install-check.sh" test

	kernels=$(for m in "${fg[@]}"; do echo "${m%%:*}"; done | sort -u)
	for k in $kernels; do
		prepare_kernel "$k"
	done
	for m in "${fg[@]}"; do
		IFS=: read -r k b d <<<"$m"
		boot "$k" "$b" "$d"
	done
	[ -z "$bg_pid" ] ||
		collect_background "$bg_pid" "$LOGDIR/background.log"

	figures
	log "done in $((SECONDS - start)) s"
	if [ ${#failures[@]} -gt 0 ]; then
		printf 'failed: %s\n' "${failures[@]}" >&2
	fi
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

main "$@"
