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
#   make install  build, then install the module, umbra-vmm, the uapi
#                 headers, documentation, example configurations, the
#                 systemd unit and the module snippets
#                 (Documentation/integration.rst lists the tree)
#   make install-dkms
#                 the module's sources and dkms.conf in
#                 $(DESTDIR)/usr/src/umbra-<version>/ for DKMS
#   make clean
#
# Variables: KDIR (kernel build tree, default the running kernel's),
# ARCH (arm), CROSS_COMPILE, UMBRA_CACHE (cache outside the clone,
# default ~/.cache/umbra); for install: DESTDIR (staging root, default
# none), PREFIX (default /usr/local), INSTALL_MOD_PATH (root of
# lib/modules/, default none, as for the kernel's modules_install).

KDIR ?= /lib/modules/$(shell uname -r)/build
ARCH ?= arm
CROSS_COMPILE ?=
DESTDIR ?=
PREFIX ?= /usr/local
INSTALL_MOD_PATH ?=
# the release of the kernel in KDIR (its include/config/kernel.release;
# set KVER when KDIR has none, e.g. with O=): the module goes to its
# lib/modules/<KVER>/
KVER ?= $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
# one version for the VMM, DKMS and the installed tree: dkms.conf's
UMBRA_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' \
	$(CURDIR)/dkms.conf)
BINDIR = $(PREFIX)/bin
INCDIR = $(PREFIX)/include/linux
DOCDIR = $(PREFIX)/share/doc/umbra
DATADIR = $(PREFIX)/share/umbra
UNITDIR = $(PREFIX)/lib/systemd/system
MODDIR = $(INSTALL_MOD_PATH)/lib/modules/$(KVER)/extra
DKMSDIR = /usr/src/umbra-$(UMBRA_VERSION)

all: module vmm

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) ARCH=$(ARCH) \
		CROSS_COMPILE=$(CROSS_COMPILE) modules

# The VMM for the board: links against the board's glib, libelf and libfdt
# as pkg-config finds them (set PKG_CONFIG_LIBDIR/SYSROOT_DIR when cross
# compiling). The result is vmm/umbra-vmm.
vmm:
	$(MAKE) -C vmm CROSS_COMPILE=$(CROSS_COMPILE) O=$(CURDIR)/build/board \
		VERSION=$(UMBRA_VERSION)
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

# Installs what `all` built. Without DESTDIR and INSTALL_MOD_PATH (on the
# machine itself) depmod makes the module known to modprobe.
install: all
	@test -n "$(KVER)" || { echo "no kernel release in $(KDIR)" >&2; exit 1; }
	install -D -m 0644 kmod/umbra.ko $(DESTDIR)$(MODDIR)/umbra.ko
	install -D -m 0755 build/board/umbra-vmm $(DESTDIR)$(BINDIR)/umbra-vmm
	install -D -m 0644 -t $(DESTDIR)$(INCDIR) \
		include/uapi/linux/umbra.h include/uapi/linux/umbra_hypercall.h
	install -D -m 0644 -t $(DESTDIR)$(DOCDIR) README.md \
		Documentation/*.rst Documentation/install-tree.txt
	set -e; for f in $$(find vmm/examples -maxdepth 1 -type f -name "*.ini" \
		2>/dev/null | sort); do \
		install -D -m 0644 $$f $(DESTDIR)$(DATADIR)/examples/$${f##*/}; \
	done
	mkdir -p $(DESTDIR)$(UNITDIR)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g' \
		tools/dist/umbra@.service.in >$(DESTDIR)$(UNITDIR)/umbra@.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/umbra@.service
	install -D -m 0644 tools/dist/modules-load.conf \
		$(DESTDIR)$(PREFIX)/lib/modules-load.d/umbra.conf
	install -D -m 0644 tools/dist/modprobe.conf \
		$(DESTDIR)$(PREFIX)/lib/modprobe.d/umbra.conf
	if [ -z "$(DESTDIR)$(INSTALL_MOD_PATH)" ]; then depmod -a $(KVER); fi

# What DKMS builds from: Kbuild, kmod/ and the uapi headers, dkms.conf.
install-dkms:
	install -D -m 0644 -t $(DESTDIR)$(DKMSDIR) dkms.conf Kbuild
	install -D -m 0644 -t $(DESTDIR)$(DKMSDIR)/include/uapi/linux \
		include/uapi/linux/umbra.h include/uapi/linux/umbra_hypercall.h
	install -D -m 0644 -t $(DESTDIR)$(DKMSDIR)/kmod kmod/Kbuild \
		kmod/*.[chS]
	install -D -m 0644 -t $(DESTDIR)$(DKMSDIR)/kmod/core kmod/core/*.[ch]

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) ARCH=$(ARCH) clean 2>/dev/null
	rm -rf build vmm/umbra-vmm

.PHONY: all module vmm check demo bench fuzz unit install install-dkms clean
