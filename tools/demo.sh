#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/demo.sh - `make demo`: boot an emulated ARMv7 board running Linux,
# load umbra.ko, run the hello guest and the Lua guest with umbra-vmm, and
# show what they print. Defaults to the embedded case umbra exists for:
# a Cortex-A9 (no Virtualization Extensions) on vexpress, with Debian's
# armmp kernel. UMBRA_DEMO_BOARD=virt and UMBRA_DEMO_KERNEL=test change it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$UMBRA_ROOT/tools/build.sh"

board=${UMBRA_DEMO_BOARD:-vexpress}
kernel=${UMBRA_DEMO_KERNEL:-distro}
log=$UMBRA_BUILD/logs/demo-$kernel-$board.log

if [ "$kernel" = distro ]; then
	prepare_host distro-only
else
	prepare_host
fi
build_userspace
make_payload "$kernel" "$UMBRA_BUILD/payload-demo-$kernel"
"$UMBRA_ROOT/tools/mkinitramfs.sh" "$UMBRA_BUILD/initramfs-demo.cpio.gz" \
	"$UMBRA_BUILD/payload-demo-$kernel" --mode demo >/dev/null
mkdir -p "$UMBRA_BUILD/logs"
log "booting $board with the $kernel kernel (log: $log)"
rc=0
"$UMBRA_ROOT/tools/run-qemu.sh" --board "$board" \
	--kernel "$UMBRA_BUILD/kernels/$kernel" \
	--initrd "$UMBRA_BUILD/initramfs-demo.cpio.gz" --log "$log" \
	--timeout 600 >"$log.run" 2>&1 || rc=$?
# What the target printed after it booted, without the kernel's messages.
tr -d '\r' <"$log" | sed -n '/^UMBRA-BOOT-OK/,/^==== UMBRA-DMESG-BEGIN/p' |
	grep -v '^\[ *[0-9.]*\]' | grep -v '^==== UMBRA-DMESG-BEGIN'
if [ "$rc" -ne 0 ]; then
	cat "$log.run" >&2
	die "the demo did not finish cleanly"
fi
