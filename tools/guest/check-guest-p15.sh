#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-guest-p15.sh - tools/guest/check-guest.sh for guest kernels: the
# same checks (no VFP/NEON, no privileged instructions, p_paddr == p_vaddr)
# except that MRC and MCR to coprocessor 15 are allowed, since umbra
# emulates them in the guest's virtual privileged modes, and so are MRRC
# and MCRR to coprocessor 15 (the Generic Timer's 64-bit registers, which
# umbra emulates for a VM with an irqchip). Any other coprocessor access
# (p14, the VFP's p10/p11, LDC, ...) still fails.
#
# Usage: check-guest-p15.sh GUEST.elf... (CROSS_COMPILE as check-guest.sh)
set -euo pipefail

CROSS=${CROSS_COMPILE:-arm-none-eabi-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

objdump=$(command -v "${CROSS}objdump")
readelf=$(command -v "${CROSS}readelf")

# objdump without the "ADDR:<TAB>mrc|mcr|mrrc|mcrr<TAB>p15, ..." lines
cat >"$tmp/p15-objdump" <<EOS
#!/bin/bash
set -o pipefail
"$objdump" "\$@" | awk -F '\t' '!(\$2 ~ /^(mrc|mcr|mrrc|mcrr)\$/ && \$3 ~ /^p?15, /)'
EOS
chmod +x "$tmp/p15-objdump"
ln -s "$readelf" "$tmp/p15-readelf"

CROSS_COMPILE="$tmp/p15-" "$here/check-guest.sh" "$@"
