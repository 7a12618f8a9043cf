#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `umbra-vmm stat` against a made-up statistics directory laid out as the
# module's debugfs one (Documentation/api.rst, "Exit statistics"), TAP
# output: sums over vCPUs, one row per VM sorted by pid, the command name
# of a live pid, usage errors, a missing directory, the refreshed table.
#
# Usage: [TEST_RUNNER=qemu-arm-static] test-stat.sh UMBRA_VMM
set -uo pipefail

vmm=$1
runner=${TEST_RUNNER:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
echo "1..9"

ok() {
	n=$((n + 1))
	if [ "$1" = yes ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		sed 's/^/#   /' "$tmp/out"
		failed=$((failed + 1))
	fi
}

# counters FILE EXITS IRQ HYPERCALL: an exits file as the module writes it
counters() {
	printf 'exits %s\nirq %s\nhypercall %s\nmmio 0\n' "$2" "$3" "$4" >"$1"
}

d=$tmp/umbra
# this shell's pid: a live process; 999999999: none
mkdir -p "$d/$$-7/vcpu0" "$d/$$-7/vcpu1" "$d/999999999-3/vcpu0" "$d/$$-2"
counters "$d/$$-7/vcpu0/exits" 10 4 3
counters "$d/$$-7/vcpu1/exits" 5 1 2
counters "$d/999999999-3/vcpu0/exits" 100 50 0
comm=$(cat /proc/$$/comm)

$runner "$vmm" stat --once --debugfs "$d" >"$tmp/out" 2>&1
st=$?
ok "$([ $st = 0 ] && echo yes)" "stat --once exits 0"
head -1 "$tmp/out" | grep -Eq '^VM +PID +COMM +VCPUS +EXITS +IRQ +HYPERCALL +MMIO$'
ok "$([ $? = 0 ] && echo yes)" "header: VM PID COMM VCPUS and the counters in the module's order"
grep -Eq "^$$-7 +$$ +$comm +2 +15 +5 +5 +0$" "$tmp/out"
ok "$([ $? = 0 ] && echo yes)" "two vCPUs summed, command name of a live pid"
grep -Eq "^999999999-3 +999999999 +- +1 +100 +50 +0 +0$" "$tmp/out"
ok "$([ $? = 0 ] && echo yes)" "a VM whose process is gone"
grep -Eq "^$$-2 +$$ +$comm +0 +0 +0 +0 +0$" "$tmp/out"
ok "$([ $? = 0 ] && echo yes)" "a VM without vCPUs"
# sorted by pid: this shell's VMs (-2 before -7) before 999999999's
[ "$(sed -n '2,$p' "$tmp/out" | awk '{ print $1 }' | tr '\n' ' ')" = \
  "$$-2 $$-7 999999999-3 " ]
ok "$([ $? = 0 ] && echo yes)" "rows sorted by pid, then name"

$runner "$vmm" stat --interval 0 --debugfs "$d" >"$tmp/out" 2>&1
ok "$([ $? = 2 ] && echo yes)" "--interval 0 is a usage error (exit 2)"
$runner "$vmm" stat --once --debugfs "$tmp/none" >"$tmp/out" 2>&1
st=$?
ok "$([ $st = 125 ] && grep -q 'umbra.ko loaded' "$tmp/out" && echo yes)" \
	"missing directory: exit 125 and a hint"

# refreshed: 1000 more exits once the first table is out, interval 1 s
$runner "$vmm" stat --interval 1 --debugfs "$d" >"$tmp/out" 2>&1 &
pid=$!
for _ in $(seq 100); do
	grep -q "^$$-7 " "$tmp/out" && break
	sleep 0.05
done
counters "$d/$$-7/vcpu0/exits" 1010 4 3
for _ in $(seq 100); do
	[ "$(grep -c "^$$-7 " "$tmp/out")" -ge 2 ] && break
	sleep 0.05
done
kill "$pid"
wait "$pid" 2>/dev/null
# the second table: 1000 exits/s for $$-7 (1000 in 1 s)
grep -Eq "^$$-7 .* 1015 +5 +5 +0 +1000$" "$tmp/out"
ok "$([ $? = 0 ] && echo yes)" "--interval: table refreshed, EXITS/S over the interval"
[ "$failed" -eq 0 ]
