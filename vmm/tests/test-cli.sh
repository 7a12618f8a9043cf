#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Command-line tests for umbra-vmm, TAP output. Without /dev/umbra:
# --help, --version, usage errors (exit 2), bad images (exit 2), a missing
# device (exit 125). With FAKE_UMBRA (tests/fake-umbra.so, LD_PRELOADed in
# place of the module): boot registers, console hypercalls, every exit
# reason and stopping on signals.
#
# Usage: [TEST_RUNNER=qemu-arm-static] [FAKE_UMBRA=fake-umbra.so] \
#        test-cli.sh UMBRA_VMM MKELF
set -uo pipefail

vmm=$1
mkelf=$2
runner=${TEST_RUNNER:-}
fake=${FAKE_UMBRA:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
echo "1..52"

result() {
	local name=$1 ok=$2 status=$3 want=$4 out=$5
	n=$((n + 1))
	if [ "$ok" = yes ]; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		echo "# exit status $status (wanted $want), output:"
		while IFS= read -r line; do echo "#   $line"; done <<<"$out"
		failed=$((failed + 1))
	fi
}

# expect NAME STATUS PATTERN -- ARGS...: run the VMM with ARGS (stdin from
# $stdin, default empty), check its exit status and that stdout+stderr
# match the extended regex PATTERN (newlines included).
stdin=/dev/null
expect() {
	local name=$1 want=$2 pattern=$3 status out ok=no
	shift 4
	out=$($runner "$vmm" "$@" <"$stdin" 2>&1)
	status=$?
	if [ "$status" -eq "$want" ] && grep -Ezq -- "$pattern" <<<"$out"; then
		ok=yes
	fi
	result "$name" "$ok" "$status" "$want" "$out"
}

# fake NAME STATUS PATTERN SCRIPT [ARGS...]: run the good guest on the fake
# device with the given script.
fake() {
	local name=$1 want=$2 pattern=$3 script=$4
	shift 4
	if [ -z "$fake" ]; then
		n=$((n + 1))
		echo "ok $n - $name # SKIP no fake-umbra.so (static or cross build)"
		return
	fi
	UMBRA_FAKE_DEV=/fake/umbra UMBRA_FAKE_SCRIPT="$script" \
	LD_PRELOAD="$fake" expect "$name" "$want" "$pattern" -- \
		run --device /fake/umbra "$@" "$tmp/good.elf"
}

for kind in good outside overlap x86; do
	$runner "$mkelf" "$kind" "$tmp/$kind.elf" || exit 1
done

expect "--version" 0 '^umbra-vmm [0-9]' -- --version
expect "--help lists run and exit statuses" 0 'Commands:.*  run .*125' -- --help
expect "run --help" 0 'Usage:.*umbra-vmm run.*GUEST\.elf' -- run --help
expect "no command" 2 'missing COMMAND' --
expect "unknown command" 2 "unknown command 'frob'" -- frob
expect "unknown option" 2 'Unknown option' -- run --frob x.elf
expect "run without a guest" 2 'missing GUEST.elf' -- run
expect "two guests" 2 "unexpected argument" -- run a.elf b.elf
expect "bad --mem" 2 "--mem '12Q'" -- run --mem 12Q "$tmp/good.elf"
expect "unaligned --ram-base" 2 '--ram-base 0x40000800' -- \
	run --ram-base 0x40000800 "$tmp/good.elf"
expect "missing guest file" 2 "nonexistent.elf: cannot open" -- \
	run "$tmp/nonexistent.elf"
expect "segment outside RAM" 2 \
	'outside.elf: segment 1 \(IPA 0x80000000, 16 bytes\) lies entirely outside guest RAM \[0x40000000, 0x44000000\)' \
	-- run "$tmp/outside.elf"
expect "segment outside a smaller RAM" 2 \
	'good.elf: segment 0 \(IPA 0x40000000, 8192 bytes\) lies partly outside guest RAM \[0x40000000, 0x40001000\)' \
	-- run --mem 4K "$tmp/good.elf"
expect "overlapping segments" 2 'overlap.elf: segment 1 .* overlaps segment 0' \
	-- run "$tmp/overlap.elf"
expect "x86 image" 2 'x86.elf: ELF machine 3' -- run "$tmp/x86.elf"
# check: the configuration file (the full table of bad files is test-system)
printf '[guest a]\nimage = good.elf\n[guest b]\nimage = good.elf\nram-size = 16M\n' \
	>"$tmp/good.ini"
printf '[guest a]\nimage = good.elf\nformat = coff\n[bogus]\n' >"$tmp/bad.ini"
expect "check: good file" 0 \
	'good.ini: ok \(2 guests, 0 shared regions, 0 devices, schedule linux\)' \
	-- check "$tmp/good.ini"
expect "check: every error, FILE:LINE: [group] key" 2 \
	"bad.ini:3: \\[guest a\\] format: 'coff': expected elf, raw or zimage.*bad.ini:4: \\[bogus\\]: unknown group" \
	-- check "$tmp/bad.ini"
expect "check: missing file" 2 "nosuch.ini: .*No such file" -- \
	check "$tmp/nosuch.ini"
expect "check without FILE" 2 "missing FILE" -- check
expect "--help lists check" 0 'Commands:.*  check ' -- --help
# The shipped examples must stay valid: give them the images they name.
for ex in "$(dirname "$0")"/../examples/*.ini; do
	cp "$ex" "$tmp/"
done
for img in producer consumer control; do cp "$tmp/good.elf" "$tmp/$img.elf"; done
printf '%036d\x18\x28\x6f\x01\x00\x00\x00\x00\x00\x10\x00\x00' 0 >"$tmp/zImage"
head -c 4096 /dev/zero >>"$tmp/zImage"
head -c 65536 /dev/zero >"$tmp/initramfs.cpio.gz"
expect "check: examples/partitions.ini" 0 \
	'partitions.ini: ok \(2 guests, 1 shared region, 0 devices, schedule cyclic\)' \
	-- check "$tmp/partitions.ini"
expect "check: examples/linux.ini" 0 \
	'linux.ini: ok \(2 guests, 0 shared regions, 1 device, schedule linux\)' \
	-- check "$tmp/linux.ini"
expect "missing device" 125 "$tmp/no-umbra: No such file or directory" -- \
	run --device "$tmp/no-umbra" "$tmp/good.elf"

fake "boot registers, default RAM" 7 \
	'slot 0: IPA 0x40000000, 0x4000000 bytes.*pc=40000000 cpsr=000001d3 r0=40000000 r1=04000000 r2=00000000 sp_svc=44000000' \
	"shutdown:7"
fake "boot registers, --mem 1M" 0 \
	'slot 0: IPA 0x40000000, 0x100000 bytes.*r1=00100000 r2=00000000 sp_svc=40100000' \
	"shutdown:0" --mem 1M
fake "console write" 0 \
	'hello,_world.*hypercall 0x86000100 -> 12' \
	"poke:0x40001000:hello,_world write:0x40001000:12 shutdown:0"
fake "console write outside RAM" 3 'hypercall 0x86000100 -> -3' \
	"write:0x3ffffffe:4 shutdown:3"
stdin=$tmp/input
printf 'typed' >"$stdin"
fake "console read, then echo" 0 \
	'hypercall 0x86000101 -> 5.*typed.*hypercall 0x86000100 -> 5.*hypercall 0x86000101 -> 0' \
	"read:0x40002000:64 write:0x40002000:5 read:0x40002000:64 shutdown:0"
stdin=/dev/null
fake "unknown hypercall" 0 'hypercall 0x86001234 -> -1' \
	"hc:0x86001234 shutdown:0"
fake "status truncated to 8 bits" 255 'pc=' "shutdown:0x1ff"
fake "spurious EINTR" 4 'pc=' "eintr eintr shutdown:4"
fake "MMIO write: 125" 125 \
	'MMIO write of 4 bytes \(0x11223344\) to IPA 0x0a000000: no device.*guest registers' \
	"mmio:0x0a000000:4:w"
fake "MMIO read: 125" 125 'MMIO read of 2 bytes from IPA 0x1c090000' \
	"mmio:0x1c090000:2:r"
fake "MMIO past the PL011's window: 125" 125 \
	'MMIO read of 4 bytes from IPA 0x09001000: no device' \
	"mmio:0x09001000:4:r"

# The PL011 at 0x09000000: CR = UARTEN|TXE|RXE (0x301), DR 0x000, FR 0x018,
# IMSC 0x038.
uart_on="mmio:0x09000030:4:w:0x301"
fake "PL011 transmits to stdout, FR TXFE|RXFE" 0 \
	'H.*mmio read 0x09000018 -> 0x90.*i!' \
	"mmio:0x09000000:4:w:0x48 $uart_on mmio:0x09000018:4:r mmio:0x09000000:1:w:0x69 mmio:0x09000000:4:w:0x21 shutdown:0"
stdin=$tmp/input
printf 'xyz' >"$stdin"
fake "PL011 receives stdin only once enabled, FIFO off: 1 entry" 0 \
	'mmio read 0x09000018 -> 0x90.*mmio read 0x09000018 -> 0xc0.*mmio read 0x09000000 -> 0x78.*mmio read 0x09000000 -> 0x79.*mmio read 0x09000000 -> 0x7a.*mmio read 0x09000018 -> 0x90' \
	"wait:100 mmio:0x09000018:4:r $uart_on wait:200 mmio:0x09000018:4:r mmio:0x09000000:4:r wait:200 mmio:0x09000000:4:r wait:200 mmio:0x09000000:4:r wait:200 mmio:0x09000018:4:r shutdown:0"
export UMBRA_FAKE_IRQCHIP=1
fake "PL011 RX interrupt on SPI 33 through UMBRA_IRQ_LINE" 0 \
	'irqchip GICD 0x08000000 GICC 0x08010000 64 irqs.*irq line 33 level 1.*mmio read 0x09000040 -> 0x10.*irq line 33 level 0.*(mmio read 0x09000000 -> 0x78.*irq line 33 level 1|irq line 33 level 1.*mmio read 0x09000000 -> 0x78)' \
	"mmio:0x09000038:4:w:0x10 $uart_on wait:200 mmio:0x09000040:4:r mmio:0x09000000:4:r shutdown:0"
unset UMBRA_FAKE_IRQCHIP
stdin=/dev/null
expect "bad --console" 2 "--console 'tcp': not 'stdio' or 'pty'" -- \
	run --console tcp "$tmp/good.elf"

fake "internal error: 125" 125 \
	'internal error: suberror 2, undefined instruction; 3 data: pc 0x40000010, instruction 0xe7f000f0, cpsr 0x1d3' \
	"internal:2"
fake "failed entry: 125" 125 'entry failed: reason 0x2, register state' \
	"fail:2"
fake "unknown exit: 125" 125 'unexpected exit reason 99 \(0x63\).* 01020304' \
	"exit:99"

# Signals. "block": the fake sits in UMBRA_RUN until immediate_exit is set;
# "read": the VMM sits in a console read() of a silent FIFO.
mkfifo "$tmp/fifo"
exec 3<>"$tmp/fifo"
for test in "TERM block" "INT block" "TERM read"; do
	read -r sig where <<<"$test"
	want=$((128 + $(kill -l "$sig")))
	name="SIG$sig during $where: exit $want"
	if [ -z "$fake" ]; then
		n=$((n + 1))
		echo "ok $n - $name # SKIP no fake-umbra.so"
		continue
	fi
	case $where in
	block)	script="block shutdown:0"; log="immediate_exit seen" ;;
	read)	script="read:0x40000000:16 shutdown:0"; log="pc=" ;;
	esac
	UMBRA_FAKE_DEV=/fake/umbra UMBRA_FAKE_SCRIPT="$script" \
	LD_PRELOAD="$fake" "$vmm" run --device /fake/umbra "$tmp/good.elf" \
		<&3 >"$tmp/sig.out" 2>&1 &
	pid=$!
	sleep 0.5
	kill -s "$sig" "$pid"
	wait "$pid"
	status=$?
	ok=no
	if [ "$status" -eq "$want" ] && grep -q "$log" "$tmp/sig.out" &&
	   grep -q "stopped by SIG$sig" "$tmp/sig.out"; then
		ok=yes
	fi
	result "$name" "$ok" "$status" "$want" "$(cat "$tmp/sig.out")"
done
exec 3>&-

# --console=pty: the VMM prints the pty's path; we type into it and read
# what the guest transmits from it.
name="--console=pty: path printed, input and output through the pty"
if [ -z "$fake" ]; then
	n=$((n + 1))
	echo "ok $n - $name # SKIP no fake-umbra.so"
else
	UMBRA_FAKE_DEV=/fake/umbra LD_PRELOAD="$fake" \
	UMBRA_FAKE_SCRIPT="$uart_on wait:1500 mmio:0x09000000:4:r mmio:0x09000000:4:w:0x5a wait:500 shutdown:0" \
		"$vmm" run --console=pty --device /fake/umbra "$tmp/good.elf" \
		</dev/null >"$tmp/pty.out" 2>&1 &
	pid=$!
	pty=
	for _ in $(seq 50); do
		pty=$(sed -n 's/^umbra-vmm: console on //p' "$tmp/pty.out")
		[ -n "$pty" ] && break
		sleep 0.1
	done
	got=
	if [ -n "$pty" ]; then
		exec 4<>"$pty"
		printf 'Q' >&4
		got=$(timeout 5 head -c 1 <&4)
		exec 4>&-
	fi
	wait "$pid"
	status=$?
	ok=no
	if [ "$status" -eq 0 ] && [ "$got" = Z ] &&
	   grep -q 'mmio read 0x09000000 -> 0x51' "$tmp/pty.out"; then
		ok=yes
	fi
	result "$name" "$ok" "$status" 0 "pty '$pty', read '$got'; $(cat "$tmp/pty.out")"
fi

# A system file (run FILE.ini) on the fake, which has room for one VM: the
# console hypercalls and the PL011 multiplexed on stdout as "NAME: " lines,
# the accounting on stderr, the guest's status as the exit status.
printf '[guest solo]\nimage = good.elf\nram-size = 16M\n' >"$tmp/solo.ini"
if [ -z "$fake" ]; then
	for i in 1 2; do
		n=$((n + 1))
		echo "ok $n - system file # SKIP no fake-umbra.so"
	done
else
	UMBRA_FAKE_DEV=/fake/umbra LD_PRELOAD="$fake" \
	UMBRA_FAKE_SCRIPT="poke:0x40001000:one write:0x40001000:3 $uart_on mmio:0x09000000:4:w:0x0a mmio:0x09000000:4:w:0x54 shutdown:7" \
		expect "system file: prefixed console lines, accounting, status" 7 \
		'solo: one.*solo: T.*umbra-vmm: solo: cpu [0-9]+\.[0-9]{3} s of [0-9]+\.[0-9]{3} s, exits 5 \(hypercall 1, mmio 3, shutdown 1\), eintr 0, overruns 0 \(latest \+0 us\), status 7' \
		-- run --device /fake/umbra "$tmp/solo.ini"
	UMBRA_FAKE_DEV=/fake/umbra LD_PRELOAD="$fake" \
	UMBRA_FAKE_SCRIPT="mmio:0x0a000000:4:r shutdown:0" \
		expect "system file: a guest's failure is 125, named" 125 \
		'umbra-vmm: solo: guest MMIO read of 4 bytes from IPA 0x0a000000: no device there.*status 125' \
		-- run --device /fake/umbra "$tmp/solo.ini"
fi
# SIGUSR1 prints the accounting of a running guest; SIGINT then stops it.
name="system file: SIGUSR1 prints the accounting, SIGINT stops: 130"
if [ -z "$fake" ]; then
	n=$((n + 1))
	echo "ok $n - $name # SKIP no fake-umbra.so"
else
	UMBRA_FAKE_DEV=/fake/umbra UMBRA_FAKE_SCRIPT="hc:0x86001234 block" \
	LD_PRELOAD="$fake" "$vmm" run --device /fake/umbra "$tmp/solo.ini" \
		</dev/null >"$tmp/usr1.out" 2>&1 &
	pid=$!
	sleep 0.5
	kill -s USR1 "$pid"
	sleep 0.5
	kill -s INT "$pid"
	wait "$pid"
	status=$?
	ok=no
	if [ "$status" -eq 130 ] &&
	   grep -Eq 'umbra-vmm: solo: cpu .* exits 1 \(hypercall 1\).*, running$' "$tmp/usr1.out" &&
	   grep -q 'umbra-vmm: solo: stopped by SIGINT' "$tmp/usr1.out" &&
	   grep -Eq 'umbra-vmm: solo: cpu .*status 130$' "$tmp/usr1.out"; then
		ok=yes
	fi
	result "$name" "$ok" "$status" 130 "$(cat "$tmp/usr1.out")"
fi
# console = pty: the guest's own pseudo-terminal, named, with input.
name="system file: console = pty, path printed with the guest's name"
printf '[guest solo]\nimage = good.elf\nram-size = 16M\nconsole = pty\n' \
	>"$tmp/pty.ini"
if [ -z "$fake" ]; then
	n=$((n + 1))
	echo "ok $n - $name # SKIP no fake-umbra.so"
else
	UMBRA_FAKE_DEV=/fake/umbra LD_PRELOAD="$fake" \
	UMBRA_FAKE_SCRIPT="$uart_on wait:1500 mmio:0x09000000:4:r mmio:0x09000000:4:w:0x5a wait:500 shutdown:0" \
		"$vmm" run --device /fake/umbra "$tmp/pty.ini" \
		</dev/null >"$tmp/spty.out" 2>&1 &
	pid=$!
	pty=
	for _ in $(seq 50); do
		pty=$(sed -n 's/^umbra-vmm: solo: console on //p' "$tmp/spty.out")
		[ -n "$pty" ] && break
		sleep 0.1
	done
	got=
	if [ -n "$pty" ]; then
		exec 4<>"$pty"
		printf 'Q' >&4
		got=$(timeout 5 head -c 1 <&4)
		exec 4>&-
	fi
	wait "$pid"
	status=$?
	ok=no
	if [ "$status" -eq 0 ] && [ "$got" = Z ] &&
	   grep -q 'mmio read 0x09000000 -> 0x51' "$tmp/spty.out"; then
		ok=yes
	fi
	result "$name" "$ok" "$status" 0 "pty '$pty', read '$got'; $(cat "$tmp/spty.out")"
fi

# policy linux: a setting the host refuses ends the guest, named.
printf '[guest solo]\nimage = good.elf\nram-size = 16M\naffinity = 63\n' \
	>"$tmp/cpu63.ini"
if [ -z "$fake" ] || [ "$(nproc --all)" -gt 63 ]; then
	n=$((n + 1))
	echo "ok $n - system file: affinity refused # SKIP"
else
	UMBRA_FAKE_DEV=/fake/umbra LD_PRELOAD="$fake" \
	UMBRA_FAKE_SCRIPT="shutdown:0" \
		expect "system file: affinity to a CPU the host lacks: 125, named" 125 \
		'umbra-vmm: solo: affinity: Invalid argument.*status 125' \
		-- run --device /fake/umbra "$tmp/cpu63.ini"
fi
expect "system file: options of an ELF guest refused" 2 \
	'--mem, --ram-base, --console and --passthrough are for an ELF guest' \
	-- run --mem 4M "$tmp/solo.ini"
printf '[guest solo]\nimage = good.elf\n[schedule]\npolicy = bogus\n' >"$tmp/badsched.ini"
expect "system file: invalid file, every error printed" 2 \
	'badsched.ini:4: \[schedule\] policy' -- run "$tmp/badsched.ini"

[ "$failed" -eq 0 ]
