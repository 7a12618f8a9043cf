#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/run-qemu.sh - boot an emulated ARMv7 host with an umbra initramfs and
# judge the boot log.
#
#   tools/run-qemu.sh --board virt|vexpress --kernel build/kernels/NAME \
#	--initrd FILE --log FILE [--timeout SEC] [--append "cmdline"] \
#	[--verbose] [--ignore-tap] [--icount] [--passthrough]
#   tools/run-qemu.sh --count LOG
#
# Boards: virt = `-M virt -cpu cortex-a15 -smp 2`, vexpress = `-M vexpress-a9
# -cpu cortex-a9 -smp 4` with the kernel dir's vexpress-v2p-ca9.dtb; 512 MiB
# each. --kernel takes a directory with zImage (and the dtb), or just NAME
# for build/kernels/NAME. The kernel command line is "console=ttyAMA0
# panic=-1" plus --append (e.g. umbra.mode=demo umbra.modparams="a=1 b=2").
# QEMU is killed after --timeout seconds (default 600). --verbose also
# copies the console to stdout. --icount adds `-icount shift=0,sleep=off`:
# the virtual clock then advances 1 ns per instruction (tools/bench.sh).
# --passthrough marks one spare device of the board for device passthrough
# (Documentation/user-guide.rst): the board boots a device tree in which
# that device's compatible is "umbra,passthrough" alone (no "arm,primecell",
# so no AMBA driver takes it) and uio_pdrv_genirq binds it
# (uio_pdrv_genirq.of_id=umbra,passthrough): on virt the PL031 RTC at
# 0x09010000 (SPI 2; the host then has no RTC: umbra.date= on the command
# line gives tools/target-init.sh the time), on vexpress the second
# SP804 timer at 0x10012000 (SPI 3; Linux only uses the first). The edited
# DTB is written beside --log.
#
# QEMU exits 0 even when the target panics, so the log decides. Exit status:
#   0  UMBRA-DONE reached, no kernel trouble in the log (Oops, BUG:,
#      WARNING:, Unable to handle, Kernel panic, Internal error, UBSAN:, hung_task,
#      blocked for more than) and no "not ok" TAP result
#      (--ignore-tap: TAP failures do not count)
#   1  otherwise: the reason and the log's last 60 lines are printed
#   2  usage error
# The last line printed is "run-qemu: N passed, N failed, N skipped".
#
# --count LOG prints "N passed, N failed, N skipped" for the TAP lines
# (lines starting with "ok " or "not ok "; "ok ... # SKIP" is a skip)
# between the ==== UMBRA-RESULTS-BEGIN/END markers of LOG.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BAD_RE='Oops|BUG:|WARNING:|Unable to handle|Kernel panic|Internal error|UBSAN:'
BAD_RE+='|hung_task|blocked for more than'

usage()
{
	sed -n '7,10p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# print_counts LOG - "N passed, N failed, N skipped".
print_counts()
{
	local pass fail skip

	read -r pass fail skip < <(tap_counts "$1")
	printf '%d passed, %d failed, %d skipped\n' "$pass" "$fail" "$skip"
}

board='' kernel='' initrd='' logf='' append=''
timeout=600 verbose=0 ignore_tap=0 icount=() passthrough=0
while [ $# -gt 0 ]; do
	case $1 in
	--count)
		if [ $# != 2 ] || [ ! -r "$2" ]; then
			usage
		fi
		print_counts "$2"
		exit 0
		;;
	--board) board=${2:-}; shift 2 || usage ;;
	--kernel) kernel=${2:-}; shift 2 || usage ;;
	--initrd) initrd=${2:-}; shift 2 || usage ;;
	--log) logf=${2:-}; shift 2 || usage ;;
	--timeout) timeout=${2:-}; shift 2 || usage ;;
	--append) append=${2:-}; shift 2 || usage ;;
	--verbose|-v) verbose=1; shift ;;
	--ignore-tap) ignore_tap=1; shift ;;
	--passthrough) passthrough=1; shift ;;
	--icount)
		# shellcheck disable=SC2054 # the comma belongs to -icount
		icount=(-icount shift=0,sleep=off)
		shift
		;;
	*) usage ;;
	esac
done
if [ -z "$board" ] || [ -z "$kernel" ] || [ -z "$initrd" ] ||
   [ -z "$logf" ]; then
	usage
fi
[[ $timeout =~ ^[0-9]+$ ]] || usage
kernel=${kernel%/}
if [ ! -d "$kernel" ] && [ -d "$UMBRA_BUILD/kernels/$kernel" ]; then
	kernel=$UMBRA_BUILD/kernels/$kernel
fi
[ -r "$kernel/zImage" ] || die "no zImage in '$kernel'"
[ -r "$initrd" ] || die "no initrd '$initrd'"
need_cmd qemu-system-arm timeout

case $board in
virt)
	machine=(-M virt -cpu cortex-a15 -smp 2 -m 512M)
	;;
vexpress)
	[ -r "$kernel/vexpress-v2p-ca9.dtb" ] ||
		die "no vexpress-v2p-ca9.dtb in '$kernel'"
	# shellcheck disable=SC2054 # the commas belong to -audiodev
	machine=(-M vexpress-a9 -cpu cortex-a9 -smp 4 -m 512M
		 -dtb "$kernel/vexpress-v2p-ca9.dtb" -audiodev none,id=snd0)
	;;
*)
	usage
	;;
esac

# mark_passthrough DTB NODE OUT - DTB with NODE's compatible replaced by
# "umbra,passthrough", as OUT.
mark_passthrough()
{
	need_cmd dtc
	dtc -q -I dtb -O dts "$1" |
		awk -v node="$2" '
			index($0, node " {") { inside = 1 }
			inside && /compatible = / {
				sub(/compatible = .*;/,
				    "compatible = \"umbra,passthrough\";")
				inside = 0; done = 1
			}
			{ print }
			END { if (!done) exit 1 }' >"$3.dts" ||
		die "no node $2 in $1"
	dtc -q -I dts -O dtb -o "$3" "$3.dts"
	rm -f "$3.dts"
}

if [ "$passthrough" = 1 ]; then
	mkdir -p "$(dirname "$logf")"
	pdtb=$(dirname "$logf")/passthrough-$board.dtb
	case $board in
	virt)
		qemu-system-arm "${machine[@]}" -machine dumpdtb="$pdtb.orig" \
			-nographic -nic none >/dev/null 2>&1 ||
			die "qemu could not dump the virt device tree"
		mark_passthrough "$pdtb.orig" pl031@9010000 "$pdtb"
		rm -f "$pdtb.orig"
		machine+=(-dtb "$pdtb")
		# the host has lost its RTC: its init sets the clock from this
		append="umbra.date=$(date +%s)${append:+ $append}"
		;;
	vexpress)
		mark_passthrough "$kernel/vexpress-v2p-ca9.dtb" timer@12000 \
			"$pdtb"
		for i in "${!machine[@]}"; do
			[ "${machine[$i]}" != "$kernel/vexpress-v2p-ca9.dtb" ] ||
				machine[i]=$pdtb
		done
		;;
	esac
	append="uio_pdrv_genirq.of_id=umbra,passthrough${append:+ $append}"
fi

qemu=(qemu-system-arm "${machine[@]}" ${icount[@]+"${icount[@]}"}
      -nographic -no-reboot -nic none
      -kernel "$kernel/zImage" -initrd "$initrd"
      -append "console=ttyAMA0 panic=-1${append:+ $append}")
release=$(cat "$kernel/release" 2>/dev/null || echo "?")
label="$board/${kernel##*/} ($release)"

mkdir -p "$(dirname "$logf")"
log "booting $label, log $logf"
t0=$SECONDS
set +e
if [ "$verbose" = 1 ]; then
	timeout -k 5 "$timeout" "${qemu[@]}" </dev/null 2>&1 | tee "$logf"
	rc=${PIPESTATUS[0]}
else
	timeout -k 5 "$timeout" "${qemu[@]}" </dev/null >"$logf" 2>&1
	rc=$?
fi
set -e
secs=$((SECONDS - t0))

reason=
bad=$(tr -d '\r' <"$logf" | grep -nE "$BAD_RE" | head -n 5 || true)
read -r pass fail skip < <(tap_counts "$logf")
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	reason="QEMU killed after the ${timeout}s timeout"
elif [ "$rc" != 0 ]; then
	reason="QEMU exited with status $rc"
fi
if [ -z "$reason" ] && [ -n "$bad" ]; then
	reason="kernel trouble in the log:"$'\n'"$bad"
fi
if [ -z "$reason" ] && ! grep -q 'UMBRA-DONE' "$logf"; then
	if grep -q 'UMBRA-BOOT-OK' "$logf"; then
		reason="UMBRA-DONE missing (the target stopped after /init started)"
	else
		reason="UMBRA-DONE missing (the target never reached /init)"
	fi
fi
if [ -z "$reason" ] && [ "$ignore_tap" = 0 ] && [ "$fail" -gt 0 ]; then
	reason="$fail TAP result(s) not ok:"$'\n'
	reason+=$(tr -d '\r' <"$logf" | grep '^not ok ' | head -n 20)
fi

if [ -n "$reason" ]; then
	echo "---- last 60 lines of $logf:" >&2
	tail -n 60 "$logf" | tr -d '\r' >&2
	echo "----" >&2
	log "FAIL $label after ${secs}s: $reason"
	status=1
else
	log "PASS $label in ${secs}s"
	status=0
fi
echo "run-qemu: $pass passed, $fail failed, $skip skipped"
exit "$status"
