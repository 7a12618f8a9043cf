#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/fuzz.sh - what `make fuzz` runs: the ioctl fuzzer
# (tests/target/umbra_test_fuzz.c) alone, for long, on an emulated host.
# Builds the payload as tools/check.sh does, but its /umbra/suite.sh only
# runs umbra_test_fuzz (plus the kernel log check), then boots the board.
# Ends with one line "N passed, N failed" and exits non-zero when anything
# failed.
#
# Environment:
#   UMBRA_FUZZ_SEQUENCES  sequences to run (default 10000)
#   UMBRA_FUZZ_SEED       seed (default: a new one from the clock, printed)
#   UMBRA_FUZZ_THREADS, UMBRA_FUZZ_FIRST, UMBRA_FUZZ_VERBOSE,
#   UMBRA_FUZZ_KEEP_GOING  passed to the fuzzer (see its header comment)
#   UMBRA_FUZZ_BOARD      virt (default: Cortex-A15) or vexpress (Cortex-A9)
#   UMBRA_FUZZ_KERNEL     distro (default: Debian's armmp) or test
#   UMBRA_FUZZ_DEBUG=1    load umbra.ko with debug_checks=1
#   UMBRA_CRASHME_WORDS   random words for the crashme guest run after the
#                         fuzzer (default 1000000, half ARM, half Thumb;
#                         0: no crashme run), with seed UMBRA_FUZZ_SEED
# The boot log is build/logs/fuzz-BOARD.log.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$UMBRA_ROOT/tools/build.sh"

SEQUENCES=${UMBRA_FUZZ_SEQUENCES:-10000}
SEED=${UMBRA_FUZZ_SEED:-$(printf '%#x' "$(date +%s%N | cut -c1-15)")}
BOARD=${UMBRA_FUZZ_BOARD:-virt}
KERNEL=${UMBRA_FUZZ_KERNEL:-distro}
PAYLOAD=$UMBRA_BUILD/payload-fuzz
INITRD=$UMBRA_BUILD/initramfs-fuzz-$KERNEL.cpio.gz
LOG=$UMBRA_BUILD/logs/fuzz-$BOARD.log
# time limits: about 40 ms a sequence on TCG, with a wide margin
CRASHME_WORDS=${UMBRA_CRASHME_WORDS:-1000000}
[[ $CRASHME_WORDS =~ ^[0-9]+$ ]] || die "UMBRA_CRASHME_WORDS: not a number"
# crashme: 16 words a sequence, as many sequences in Thumb as in ARM state
CRASHME_SEQS=$(((CRASHME_WORDS + 31) / 32))
LIMIT=$((600 + SEQUENCES / 5 + CRASHME_SEQS / 20))

[[ $SEQUENCES =~ ^[0-9]+$ ]] || die "UMBRA_FUZZ_SEQUENCES: not a number"

# fuzz_suite - the payload's /umbra/suite.sh (busybox sh): the fuzzer with
# its settings, its TAP as suite.sh prints it, and the kernel log check.
fuzz_suite()
{
	local var name

	cat <<EOF
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /umbra/suite.sh of the fuzz payload, written by tools/fuzz.sh.
FUZZ_TIMEOUT=$((LIMIT - 30))
export UMBRA_FUZZ_SEQUENCES=$SEQUENCES UMBRA_FUZZ_SEED=$SEED
EOF
	for var in THREADS FIRST VERBOSE KEEP_GOING; do
		name=UMBRA_FUZZ_$var
		[ -z "${!name:-}" ] || echo "export $name=${!name}"
	done
	echo "CRASHME_SEQS=$CRASHME_SEQS"
	cat <<'EOF'
MARK="umbra-fuzz: start $$"
echo "<5>$MARK" > /dev/kmsg
echo "# umbra fuzz on $(uname -r) $(uname -m)"
rc=0
# kselftest TAP: results at column 0, the rest as comments
timeout -k 10 "$FUZZ_TIMEOUT" /umbra/bin/umbra_test_fuzz 2>&1 || rc=$?
case $rc in
0 | 1) ;;
*) echo "not ok - umbra_test_fuzz exited with status $rc" ;;
esac
if [ "$CRASHME_SEQS" -gt 0 ]; then
	# crashme at scale: its TAP as it prints it, its exit status the
	# number of its failures
	rc=0
	/umbra/bin/umbra-vmm run /umbra/guests/crashme-long.elf \
		</dev/null 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		echo "ok - crashme: $((CRASHME_SEQS * 32)) random words, status 0"
	else
		echo "not ok - crashme: exit status $rc"
	fi
fi
bad=$(dmesg | sed -n "/$MARK/,\$p" |
	grep -E 'Oops|BUG:|WARNING:|Internal error|Unable to handle|Kernel panic|soft lockup|hard LOCKUP|blocked for more than|rcu: INFO|Bad page|corruption' |
	head -n 20) || true
if [ -n "$bad" ]; then
	echo "not ok - kernel log clean during the fuzz run"
	echo "$bad" | sed 's/^/# /'
else
	echo "ok - kernel log clean during the fuzz run"
fi
EOF
}

main()
{
	local start=$SECONDS rc=0 p f s append="umbra.timeout=$LIMIT"

	case $BOARD in virt|vexpress) ;; *) die "UMBRA_FUZZ_BOARD: virt or vexpress" ;; esac
	case $KERNEL in distro|test) ;; *) die "UMBRA_FUZZ_KERNEL: distro or test" ;; esac
	[ "${UMBRA_FUZZ_DEBUG:-0}" = 0 ] ||
		append="$append umbra.modparams=debug_checks=1"
	mkdir -p "$UMBRA_BUILD/logs"
	if [ "$KERNEL" = distro ]; then
		prepare_host distro-only
	else
		prepare_host
	fi
	build_userspace
	make_payload "$KERNEL" "$PAYLOAD"
	# only the fuzzer, and a suite that runs nothing else
	find "$PAYLOAD/bin" -name 'umbra_test_*' ! -name umbra_test_fuzz \
		-delete
	if [ "$CRASHME_SEQS" -gt 0 ]; then
		make -s -C "$UMBRA_ROOT/tests/guests/crashme" \
			O="$UMBRA_BUILD/fuzz-guests" CRASHME_SEED="$SEED" \
			CRASHME_CFLAGS="-DCRASHME_ARM_SEQS=$CRASHME_SEQS -DCRASHME_THUMB_SEQS=$CRASHME_SEQS"
		cp "$UMBRA_BUILD/fuzz-guests/crashme.elf" \
			"$PAYLOAD/guests/crashme-long.elf"
	fi
	fuzz_suite >"$PAYLOAD/suite.sh"
	chmod 0755 "$PAYLOAD/suite.sh"
	"$UMBRA_ROOT/tools/mkinitramfs.sh" "$INITRD" "$PAYLOAD" >/dev/null

	log "fuzzing: $SEQUENCES sequences, seed $SEED, $BOARD/$KERNEL" \
		"(limit ${LIMIT}s); replay with UMBRA_FUZZ_SEED=$SEED"
	"$UMBRA_ROOT/tools/run-qemu.sh" --board "$BOARD" \
		--kernel "$UMBRA_BUILD/kernels/$KERNEL" --initrd "$INITRD" \
		--log "$LOG" --timeout "$((LIMIT + 120))" --append "$append" \
		>"$LOG.run" 2>&1 || rc=$?
	read -r p f s < <(tap_counts "$LOG")
	if [ "$rc" -ne 0 ]; then
		f=$((f + 1))
		cat "$LOG.run" >&2
	fi
	tr -d '\r' <"$LOG" | grep -E '^# fuzz: |^# crashme: |^not ok ' >&2 ||
		true
	log "fuzz $BOARD/$KERNEL: $p passed, $f failed, $s skipped in" \
		"$((SECONDS - start)) s (log $LOG)"
	echo "$p passed, $f failed"
	[ "$f" -eq 0 ]
}

main "$@"
