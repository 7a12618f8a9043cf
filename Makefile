# SPDX-License-Identifier: GPL-2.0
#
# umbra - hosted hypervisor for ARMv7-A Linux hosts.
#
#   make check    install what is needed, build everything, run the host
#                 unit tests and the in-target suite on emulated boards;
#                 ends with "N passed, N failed"
#   make demo     boot an emulated Cortex-A9 board, run the hello and Lua
#                 guests, show their output
#   make fuzz     the ioctl fuzzer alone, 10^4 sequences on an emulated
#                 Cortex-A15 board (tools/fuzz.sh: UMBRA_FUZZ_SEQUENCES,
#                 UMBRA_FUZZ_SEED, ...); ends with "N passed, N failed"
#   make KDIR=/path/to/board/kernel/build CROSS_COMPILE=arm-linux-gnueabihf-
#                 build kmod/umbra.ko and vmm/umbra-vmm for a real board
#   make unit     host unit tests only
#   make clean
#
# Variables: KDIR (kernel build tree, default the running kernel's),
# ARCH (arm), CROSS_COMPILE, UMBRA_CACHE (cache outside the clone,
# default ~/.cache/umbra).

KDIR ?= /lib/modules/$(shell uname -r)/build
ARCH ?= arm
CROSS_COMPILE ?=

all: module vmm

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) ARCH=$(ARCH) \
		CROSS_COMPILE=$(CROSS_COMPILE) modules

# The VMM for the board: links against the board's glib, libelf and libfdt
# as pkg-config finds them (set PKG_CONFIG_LIBDIR/SYSROOT_DIR when cross
# compiling). The result is vmm/umbra-vmm.
vmm:
	$(MAKE) -C vmm CROSS_COMPILE=$(CROSS_COMPILE) O=$(CURDIR)/build/board
	cp build/board/umbra-vmm vmm/umbra-vmm

check:
	tools/check.sh

demo:
	tools/demo.sh

bench:
	tools/bench.sh

fuzz:
	tools/fuzz.sh

unit:
	$(MAKE) -C tests/unit run
	$(MAKE) -C vmm check

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) ARCH=$(ARCH) clean 2>/dev/null
	rm -rf build vmm/umbra-vmm

.PHONY: all module vmm check demo bench fuzz unit clean
