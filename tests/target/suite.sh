#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# suite.sh - the umbra in-target test suite, installed as /umbra/suite.sh
# and run by the initramfs init after umbra.ko is loaded (busybox sh).
#
# Prints TAP on stdout:
#  - every kselftest program $UMBRA_ROOT/bin/umbra_test_*, its results
#    renumbered into the suite's sequence ("ok N umbra_test_x: test"),
#    plus a "not ok" line if a program dies, times out or loses results;
#  - the TAP of each self-checking guest ($UMBRA_ROOT/guests/mmu.elf) run
#    by umbra-vmm, renumbered the same way ("ok N mmu.elf: test"), plus a
#    "not ok" line if it dies, times out, loses results or its exit status
#    (its number of failures) disagrees with its "not ok" lines;
#  - one line for the SDK kernel killing a faulting User-mode program
#    (usermode.elf with "fault" on stdin: status 139 and a message);
#  - two lines for the PL011 echo of uart.elf, through stdin/stdout and
#    through --console=pty;
#  - with a device marked for passthrough (/dev/uio0), the TAP of
#    passthru.elf driving it, and one line each for umbra-vmm refusing it
#    twice and refusing it while another VM has it;
#  - one line per Lua comparison and Lua guest: $UMBRA_ROOT/lua/NAME.lua
#    run by the bare Lua guest (lua.elf, "ok N lua NAME") and by Lua in
#    User mode under the SDK kernel (lua-user.elf, "ok N lua-user NAME")
#    must print exactly $UMBRA_ROOT/lua/NAME.out;
#  - one line per Lua guest for a one-liner on stdin, one for the kernel
#    log.
#  - one line for loading the test-only $UMBRA_ROOT/umbra_native.ko.
# Result lines start with "ok " or "not ok " at column 0; every other line
# starts with "#". Exit status 0 if every result is ok.
#
# Environment: UMBRA_ROOT (/umbra), UMBRA_TEST_TIMEOUT (seconds per test
# program, 1200), UMBRA_LUA_TIMEOUT (seconds per Lua run, 120),
# UMBRA_GUEST_TIMEOUT (seconds per TAP guest, 300), UMBRA_LUA_GUESTS (the
# Lua guests compared, comma-separated: "lua,lua-user"), UMBRA_SKIP (test
# programs and TAP guests not to run, comma-separated, e.g.
# "umbra_test_fuzz,crashme"; each is noted), UMBRA_ONLY (when set, only
# these programs and guests run; e.g. "umbra_test_api,mmu"), TMPDIR, and what
# the test programs read (UMBRA_FUZZ_SEQUENCES, UMBRA_KILL_LOOPS,
# UMBRA_SKIP_TESTS: single tests that look for their name there ...).
# Each "umbra.env=NAME=VALUE" on the kernel command line sets one of them.
# shellcheck disable=SC3040 # busybox ash has pipefail
set -euo pipefail

# shellcheck disable=SC2013 # words, not lines
for w in $(cat /proc/cmdline 2>/dev/null); do
	case $w in
	umbra.env=?*=*)	export "${w#umbra.env=}" ;;
	esac
done

ROOT=${UMBRA_ROOT:-/umbra}
VMM=$ROOT/bin/umbra-vmm
# $ROOT/guests/NAME.elf: Lua on stdin
LUA_GUESTS=$(echo "${UMBRA_LUA_GUESTS-lua,lua-user}" | tr , ' ')
TEST_TIMEOUT=${UMBRA_TEST_TIMEOUT:-1200}
LUA_TIMEOUT=${UMBRA_LUA_TIMEOUT:-120}
GUEST_TIMEOUT=${UMBRA_GUEST_TIMEOUT:-300}
TAP_GUESTS="mmu crashme usermode pvisa tick"	# $ROOT/guests/NAME.elf print TAP, exit with #failures
TMP=${TMPDIR:-/tmp}
STATE=$TMP/umbra-suite.state

n=0		# results so far
fails=0		# failed results so far

# result STATUS DESCRIPTION - one TAP line; STATUS 0 is ok.
result()
{
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		fails=$((fails + 1))
	fi
}

# note TEXT... - a TAP comment
note()
{
	echo "# $*"
}

# comment - copy stdin as TAP comments
comment()
{
	sed 's/^/# /'
}

# tree PID - PID and its descendants
tree()
{
	local c

	echo "$1"
	for c in $(awk -v p="$1" '$4 == p { print $1 }' /proc/[0-9]*/stat \
			2>/dev/null); do
		tree "$c"
	done
}

# hang_report PID - where PID's process tree is stuck: every thread's
# state, wait channel and kernel stack, and umbra's exit counters.
hang_report()
{
	local p t

	note "still running at its time limit; its threads:"
	for p in $(tree "$1"); do
		for t in /proc/"$p"/task/*; do
			[ -r "$t/stat" ] || continue
			note "  $p/${t##*/} $(cat "$t/comm" 2>/dev/null) state $(cut -d' ' -f3 "$t/stat" 2>/dev/null) wchan $(cat "$t/wchan" 2>/dev/null)"
			sed 's/^/#      /' "$t/stack" 2>/dev/null || true
		done
	done
	[ ! -x "$VMM" ] || "$VMM" stat --once 2>&1 | comment || true
}

# limit SECONDS CMD... - CMD, stopped after SECONDS as "timeout -k 10"
# would (SIGTERM, SIGKILL 10 s later: status 143 or 137), a hang report
# (hang_report) first, on stderr.
limit()
{
	local secs=$1 pid dog rc

	shift
	# a background job's stdin is /dev/null, even with <&0, in ash
	{ "$@" <&3 3<&- & } 3<&0
	pid=$!
	(
		trap 'kill "$s" 2>/dev/null; exit 0' TERM
		sleep "$secs" &
		s=$!
		wait "$s"
		kill -0 "$pid" 2>/dev/null || exit 0
		hang_report "$pid" >&2
		kill -TERM "$pid" 2>/dev/null
		sleep 10
		kill -KILL "$pid" 2>/dev/null
	) &
	dog=$!
	rc=0
	wait "$pid" || rc=$?
	kill "$dog" 2>/dev/null || true
	wait "$dog" 2>/dev/null || true
	return "$rc"
}

# tap_filter NAME N KIND TIMEOUT - turn a program's TAP output (stdin)
# into suite results numbered after N; the stream ends with
# "@@umbra-rc STATUS". KIND says how to read that status: "kselftest"
# (0 or 1 are fine: failures were reported), or "guest", a guest run by
# umbra-vmm that exits with its number of failures (125: the VMM stopped
# it). A timeout (after TIMEOUT seconds), missing results, or a status
# that disagrees with the results add a "not ok". On EOF it writes
# "N FAILS" (the updated counters) to $STATE.
tap_filter()
{
	name=$1 n=$2 kind=$3 limit=$4 f=0 got=0 plan='' rc=''
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		"ok "*)	st=ok rest=${line#ok } ;;
		"not ok "*)
			st="not ok" rest=${line#not ok } ;;
		"@@umbra-rc "*)
			rc=${line#@@umbra-rc }
			continue ;;
		1..*)	plan=${line#1..}
			echo "# $line"
			continue ;;
		"#"*)	echo "$line"
			continue ;;
		*)	echo "# $line"
			continue ;;
		esac
		# drop the program's own number (and a guest's "- " after it)
		rest=${rest#"${rest%%[!0-9]*}"}
		rest=${rest# }
		rest=${rest#- }
		n=$((n + 1))
		got=$((got + 1))
		[ "$st" = ok ] || f=$((f + 1))
		echo "$st $n $name: $rest"
	done

	why=
	case $kind:$rc in
	*:124 | *:137 | *:143)
		why="timed out after ${limit}s (status $rc)" ;;
	*:)	why="no exit status" ;;
	kselftest:0 | kselftest:1)
		;;	# 1: some tests failed, already reported
	kselftest:*)
		why="exited with status $rc" ;;
	guest:125)
		why="stopped by umbra-vmm (status 125: MMIO exit, internal error or host failure)" ;;
	guest:*)
		[ "$rc" -eq $((f & 255)) ] ||
			why="exited with status $rc, but $f results failed" ;;
	esac
	if [ -z "$why" ] && [ -z "$plan" ]; then
		why="printed no TAP plan"
	elif [ -z "$why" ] && [ "$got" -ne "$plan" ]; then
		why="reported $got of $plan results"
	fi
	if [ -n "$why" ]; then
		n=$((n + 1))
		f=$((f + 1))
		echo "not ok $n $name: $why"
	fi
	echo "$n $f" > "$STATE"
}

# run_kselftests - every umbra_test_* program in $ROOT/bin
# skipped NAME - is the program or guest NAME in $UMBRA_SKIP, or not in a
# non-empty $UMBRA_ONLY?
skipped()
{
	case ",${UMBRA_SKIP:-}," in
	*",$1,"*) return 0 ;;
	esac
	[ -n "${UMBRA_ONLY:-}" ] || return 1
	case ",$UMBRA_ONLY," in
	*",$1,"*) return 1 ;;
	esac
	return 0
}

run_kselftests()
{
	found=0
	for prog in "$ROOT"/bin/umbra_test_*; do
		[ -x "$prog" ] || continue
		found=1
		name=${prog##*/}
		if skipped "$name"; then
			note "$name skipped (UMBRA_SKIP/UMBRA_ONLY)"
			continue
		fi
		note "running $name"
		t0=$(date +%s)
		{
			rc=0
			limit "$TEST_TIMEOUT" "$prog" 2>&1 || rc=$?
			echo "@@umbra-rc $rc"
		} | tap_filter "$name" "$n" kselftest "$TEST_TIMEOUT"
		note "$name took $(($(date +%s) - t0)) s"
		read -r n f < "$STATE"
		fails=$((fails + f))
	done
	[ "$found" = 1 ] || result 1 "kselftests: no $ROOT/bin/umbra_test_*"
}

# run_tap_guests - every guest of $TAP_GUESTS, through umbra-vmm
run_tap_guests()
{
	for g in $TAP_GUESTS; do
		if skipped "$g"; then
			note "$g.elf skipped (UMBRA_SKIP/UMBRA_ONLY)"
			continue
		fi
		elf=$ROOT/guests/$g.elf
		if [ ! -x "$VMM" ] || [ ! -f "$elf" ]; then
			result 1 "$g.elf: missing $VMM or $elf"
			continue
		fi
		note "running $g.elf"
		t0=$(date +%s)
		{
			rc=0
			limit "$GUEST_TIMEOUT" "$VMM" run "$elf" \
				</dev/null 2>&1 || rc=$?
			echo "@@umbra-rc $rc"
		} | tap_filter "$g.elf" "$n" guest "$GUEST_TIMEOUT"
		note "$g.elf took $(($(date +%s) - t0)) s"
		read -r n f < "$STATE"
		fails=$((fails + f))
	done
}

# run_user_kill - usermode.elf storing to an unmapped address without a
# fault handler: the SDK kernel must kill it, status 139, with a message.
run_user_kill()
{
	elf=$ROOT/guests/usermode.elf desc="SDK kernel kills a faulting program"
	if [ ! -x "$VMM" ] || [ ! -f "$elf" ]; then
		result 1 "$desc: missing $VMM or $elf"
		return
	fi
	rc=0
	echo fault | limit "$GUEST_TIMEOUT" "$VMM" run "$elf" \
		> "$TMP/user-kill.out" 2>&1 || rc=$?
	if [ "$rc" = 139 ] && grep -q \
		'^umbra-kernel: usermode killed: data abort at pc 0x[0-9a-f]*, address 0x00000010' \
		"$TMP/user-kill.out" && ! grep -q 'still alive' "$TMP/user-kill.out"
	then
		result 0 "$desc"
	else
		result 1 "$desc"
		note "umbra-vmm exit status $rc, output:"
		head -n 20 "$TMP/user-kill.out" | comment || true
	fi
}

# run_uart_echo - uart.elf (PL011 at 0x09000000, RX interrupt-driven on
# SPI 33 through the virtual GIC, WFI between characters) echoes upper-cased
# what it receives on the UART until '~' and prints TAP on the console
# hypercall: once through stdin/stdout, once through --console=pty (this
# shell opens the pty whose path umbra-vmm prints on stderr).
run_uart_echo()
{
	elf=$ROOT/guests/uart.elf
	if [ ! -x "$VMM" ] || [ ! -f "$elf" ]; then
		result 1 "uart.elf: missing $VMM or $elf"
		return
	fi
	desc="uart.elf: PL011 echo through stdin/stdout"
	rc=0
	printf 'hello, umbra\n~' | limit "$GUEST_TIMEOUT" "$VMM" \
		run "$elf" > "$TMP/uart.out" 2>&1 || rc=$?
	if [ "$rc" = 0 ] && grep -q '^HELLO, UMBRA$' "$TMP/uart.out" &&
	   [ "$(grep -c '^ok ' "$TMP/uart.out")" = 10 ]; then
		result 0 "$desc"
	else
		result 1 "$desc"
		note "umbra-vmm exit status $rc, output:"
		head -n 20 "$TMP/uart.out" | comment || true
	fi

	desc="uart.elf: PL011 echo through --console=pty"
	if [ ! -e /dev/pts/ptmx ]; then
		mkdir -p /dev/pts
		mount -t devpts devpts /dev/pts 2>/dev/null || true
	fi
	rc=0
	: > "$TMP/uart-pty.err"
	limit "$GUEST_TIMEOUT" "$VMM" run --console=pty "$elf" \
		< /dev/null > "$TMP/uart-pty.out" 2> "$TMP/uart-pty.err" &
	pid=$!
	pty= i=0 got=
	while [ -z "$pty" ] && [ $i -lt 60 ]; do
		sleep 1
		pty=$(sed -n 's/^umbra-vmm: console on //p' "$TMP/uart-pty.err")
		i=$((i + 1))
	done
	if [ -n "$pty" ]; then
		got=$({ printf 'through a pty\n~' >&4
			timeout 60 dd bs=1 count=14 2>/dev/null <&4; } \
			4<>"$pty") || true
	fi
	wait "$pid" || rc=$?
	if [ "$rc" = 0 ] && [ "$got" = "THROUGH A PTY" ] &&
	   [ "$(grep -c '^ok ' "$TMP/uart-pty.out")" = 10 ]; then
		result 0 "$desc"
	else
		result 1 "$desc"
		note "umbra-vmm exit status $rc, pty '$pty', read back '$got', output:"
		cat "$TMP/uart-pty.out" "$TMP/uart-pty.err" | head -n 20 |
			comment || true
	fi
}

# run_passthru - the host device marked for passthrough (run-qemu.sh
# --passthrough: virt's PL031, vexpress's second SP804), bound to
# uio_pdrv_genirq as /dev/uio0, handed to passthru.elf with umbra-vmm run
# --passthrough (its TAP counted like a TAP guest's); then what umbra-vmm
# must refuse: the device twice on one command line, and the device while
# another VM has it.
PT_IPA=0x1c000000
PT_SPI=40
PT_GICD=0x08000000	# vmm/vmm.h VMM_GICD_BASE, VMM_GICC_BASE
PT_GICC=0x08010000
run_passthru()
{
	elf=$ROOT/guests/passthru.elf
	if skipped passthru; then
		note "passthru.elf skipped (UMBRA_SKIP/UMBRA_ONLY)"
		return
	fi
	if [ ! -e /dev/uio0 ]; then
		if grep -qs 'umbra,passthrough' \
			/proc/device-tree/*/compatible \
			/proc/device-tree/*/*/*/compatible \
			/proc/device-tree/*/*/*/*/compatible; then
			result 1 "passthru: a device is marked umbra,passthrough but there is no /dev/uio0"
		else
			note "passthru skipped: no device marked for passthrough"
		fi
		return
	fi
	addr=$(cat /sys/class/uio/uio0/maps/map0/addr)
	case $addr in
	0x09010000) note "passthru: uio0 is virt's PL031 RTC ($addr)" ;;
	0x10012000) note "passthru: uio0 is vexpress's second SP804 ($addr)" ;;
	*) note "passthru: uio0 at $addr, not a test board's" ;;
	esac
	note "running passthru.elf --passthrough=uio0:$PT_IPA"
	{
		rc=0
		limit "$GUEST_TIMEOUT" "$VMM" run \
			--passthrough="uio0:$PT_IPA" "$elf" </dev/null 2>&1 ||
			rc=$?
		echo "@@umbra-rc $rc"
	} | tap_filter passthru.elf "$n" guest "$GUEST_TIMEOUT"
	read -r n f < "$STATE"
	fails=$((fails + f))

	# its interrupt forwarded to SPI $PT_SPI of the virtual GIC (umbra-vmm
	# puts it at QEMU virt's addresses), taken by the guest as IRQs
	note "running passthru.elf --passthrough=uio0:$PT_IPA:$PT_SPI (interrupts)"
	{
		rc=0
		echo "irq $PT_GICD $PT_GICC $PT_SPI" |
			limit "$GUEST_TIMEOUT" "$VMM" run \
			--passthrough="uio0:$PT_IPA:$PT_SPI" "$elf" 2>&1 ||
			rc=$?
		echo "@@umbra-rc $rc"
	} | tap_filter "passthru.elf irq" "$n" guest "$GUEST_TIMEOUT"
	read -r n f < "$STATE"
	fails=$((fails + f))

	rc=0
	"$VMM" run --passthrough="uio0:$PT_IPA" \
		--passthrough="uio0:0x1d000000" "$elf" </dev/null \
		> "$TMP/pt-twice.out" 2>&1 || rc=$?
	if [ "$rc" = 2 ] && grep -q 'uio0 is assigned twice' \
		"$TMP/pt-twice.out"; then
		result 0 "passthru: umbra-vmm refuses uio0 twice"
	else
		result 1 "passthru: umbra-vmm refuses uio0 twice"
		note "status $rc:"
		comment < "$TMP/pt-twice.out"
	fi

	# a first VM holds uio0 (the Lua guest waits for its stdin) ...
	rm -f "$TMP/pt-hold"
	mkfifo "$TMP/pt-hold"
	"$VMM" run -v --passthrough="uio0:$PT_IPA" "$ROOT/guests/lua.elf" \
		< "$TMP/pt-hold" > "$TMP/pt-hold.out" 2>&1 &
	holder=$!
	exec 9> "$TMP/pt-hold"
	# -v: it says so once the device is its VM's
	i=0
	while [ $i -lt 60 ] && ! grep -q '^umbra-vmm: uio0: registers at' \
		"$TMP/pt-hold.out"; do
		sleep 1
		i=$((i + 1))
	done
	# ... a second must not get it
	rc=0
	limit 60 "$VMM" run --passthrough="uio0:$PT_IPA" "$elf" \
		</dev/null > "$TMP/pt-busy.out" 2>&1 || rc=$?
	exec 9>&-
	wait "$holder" || true
	rm -f "$TMP/pt-hold"
	if [ "$rc" = 125 ] && grep -q \
		'uio0 (registers at PA .*): its registers are already assigned to another VM' \
		"$TMP/pt-busy.out"; then
		result 0 "passthru: a second VM cannot have uio0"
	else
		result 1 "passthru: a second VM cannot have uio0"
		note "status $rc:"
		comment < "$TMP/pt-busy.out"
		note "the first VM:"
		comment < "$TMP/pt-hold.out"
	fi
}

# lua_run ELF SCRIPT GOT - run a Lua guest on SCRIPT (stdin), output to
# GOT; prints the VMM's exit status.
lua_run()
{
	rc=0
	limit "$LUA_TIMEOUT" "$VMM" run "$1" \
		< "$2" > "$3" 2> "$3.err" || rc=$?
	echo "$rc"
}

# lua_report DESC RC OK EXPECTED GOT - the result of one Lua run; a VMM
# killed by a signal (including the timeout) fails even if the output
# matched.
lua_report()
{
	if [ "$3" = 1 ] && [ "$2" -lt 128 ]; then
		result 0 "$1"
		return
	fi
	result 1 "$1"
	[ "$2" = 0 ] || note "umbra-vmm exit status $2"
	diff -u "$4" "$5" 2>&1 | head -n 40 | comment || true
	if [ -s "$5.err" ]; then
		note "stderr:"
		head -n 20 "$5.err" | comment || true
	fi
}

# run_lua NAME - the Lua comparisons for the Lua guest $ROOT/guests/NAME.elf
run_lua()
{
	lua_elf=$ROOT/guests/$1.elf tag=$1
	missing=
	[ -x "$VMM" ] || missing=$VMM
	[ -f "$lua_elf" ] || missing="$missing $lua_elf"

	for script in "$ROOT"/lua/*.lua; do
		[ -f "$script" ] || continue
		name=${script##*/}
		name=${name%.lua}
		expected=${script%.lua}.out
		if [ ! -f "$expected" ]; then
			note "lua $name: no ${expected##*/}, not compared"
			continue
		fi
		if [ -n "$missing" ]; then
			result 1 "$tag $name"
			note "missing:$missing"
			continue
		fi
		got=$TMP/$tag-$name.got
		rc=$(lua_run "$lua_elf" "$script" "$got")
		ok=0
		cmp -s "$expected" "$got" && ok=1
		lua_report "$tag $name" "$rc" "$ok" "$expected" "$got"
	done

	# A one-liner on stdin.
	if [ -n "$missing" ]; then
		result 1 "$tag stdin one-liner"
		note "missing:$missing"
		return
	fi
	echo 'print(("x"):rep(3))' > "$TMP/oneliner.lua"
	echo xxx > "$TMP/oneliner.exp"
	rc=$(lua_run "$lua_elf" "$TMP/oneliner.lua" "$TMP/$tag-oneliner.got")
	ok=0
	[ "$(cat "$TMP/$tag-oneliner.got")" = xxx ] && ok=1
	lua_report "$tag stdin one-liner" "$rc" "$ok" "$TMP/oneliner.exp" \
		"$TMP/$tag-oneliner.got"
}

BAD_KLOG='Oops|BUG:|WARNING:|Internal error|Unable to handle|Kernel panic'
BAD_KLOG="$BAD_KLOG|soft lockup|hard LOCKUP|blocked for more than"
BAD_KLOG="$BAD_KLOG|rcu_sched detected|rcu: INFO|Bad page|corruption"
BAD_KLOG="$BAD_KLOG|UBSAN:|KASAN:"
MARK="umbra-suite: start $$"

# check_kernel_log - no oops, BUG or WARNING since the suite started
check_kernel_log()
{
	if ! dmesg 2>/dev/null | grep -q "$MARK"; then
		note "kernel log: start marker not found, not checked"
		return
	fi
	dmesg | sed -n "/$MARK/,\$p" | grep -E "$BAD_KLOG" \
		> "$TMP/umbra-klog.bad" || true
	if [ -s "$TMP/umbra-klog.bad" ]; then
		result 1 "kernel log clean during the suite"
		head -n 40 "$TMP/umbra-klog.bad" | comment || true
	else
		result 0 "kernel log clean during the suite"
	fi
}

KMEMLEAK=/sys/kernel/debug/kmemleak

# check_kmemleak - on a kernel with kmemleak (the debug kernel): no object
# allocated by umbra.ko is left unreferenced once every test has closed its
# VMs. Reports whose backtrace has no umbra frame are the kernel's own and
# only counted.
check_kmemleak()
{
	[ -w "$KMEMLEAK" ] || return 0
	# Objects younger than 5 s are never reported; scan twice.
	sleep 5
	echo scan > "$KMEMLEAK" && echo scan > "$KMEMLEAK"
	awk '/^unreferenced object/ { if (b ~ /umbra/) printf "%s", b; b = "" }
	     { b = b $0 "\n" } END { if (b ~ /umbra/) printf "%s", b }' \
		"$KMEMLEAK" > "$TMP/umbra-leaks" 2>/dev/null || true
	note "kmemleak: $(grep -c '^unreferenced object' "$KMEMLEAK" \
		2>/dev/null) unreferenced objects in all"
	if [ -s "$TMP/umbra-leaks" ]; then
		result 1 "kmemleak: nothing leaked by umbra.ko"
		head -n 60 "$TMP/umbra-leaks" | comment || true
	else
		result 0 "kmemleak: nothing leaked by umbra.ko"
	fi
}

mkdir -p "$TMP"
# debugfs: kmemleak and fault injection (debug kernel)
grep -q ' /sys/kernel/debug ' /proc/mounts ||
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
echo "<5>$MARK" > /dev/kmsg 2>/dev/null || true
note "umbra suite on $(uname -r) $(uname -m)"
# umbra_native.ko: native CP15 ID registers for umbra_test_cpu to compare
if [ -e "$ROOT/umbra_native.ko" ]; then
	rc=0
	insmod "$ROOT/umbra_native.ko" 2>&1 | comment || rc=$?
	result "$rc" "insmod umbra_native.ko"
fi
run_kselftests
run_tap_guests
skipped usermode || run_user_kill
skipped uart || run_uart_echo
run_passthru
t0=$(date +%s)
for g in $LUA_GUESTS; do
	run_lua "$g"
done
note "Lua comparisons took $(($(date +%s) - t0)) s"
check_kmemleak
check_kernel_log
note "umbra suite: $n results, $fails failed"
[ "$fails" -eq 0 ]
