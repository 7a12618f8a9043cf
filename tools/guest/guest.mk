# SPDX-License-Identifier: GPL-2.0
#
# guest.mk - make fragment for building umbra guests with the guest SDK.
#
# Include it from a guest's Makefile (GNU make):
#
#	include $(UMBRA_ROOT)/tools/guest/guest.mk
#
#	$(OBJ)/%.o: %.c
#		$(guest-cc)
#	$(O)/foo.elf: $(OBJ)/foo.o $(GUEST_SDK_FILES)
#		$(guest-link)
#
# Variables (override on the command line or before the include):
#   GUEST_CROSS_COMPILE  toolchain prefix (default arm-none-eabi-)
#   GUEST_FLOAT          soft (default) or hard: the float ABI. "hard" builds
#                        with -march=armv7-a+fp -mfloat-abi=hard (VFPv3-D16,
#                        newlib's thumb/v7-a+fp/hard multilib, runs on
#                        Cortex-A9 and A15 alike); crt0 then enables the
#                        VFP (CPACR, FPEXC) before any C code runs
#   GUEST_SDK_O          where the SDK is built (default build/guest, or
#                        build/guest-hard for GUEST_FLOAT=hard)
# Provided:
#   GUEST_CC, GUEST_CFLAGS, GUEST_LDFLAGS, GUEST_LDLIBS
#   GUEST_SDK_FILES  the SDK outputs; list them as prerequisites of an ELF,
#                    and the SDK is (re)built by "make -C tools/guest" first
#   guest-cc         recipe: compile $< to $@ (with a .d file beside it)
#   guest-link       recipe: link the .o/.a prerequisites of $@ into an ELF
#                    guest, then reject it if check-guest.sh finds
#                    privileged instructions (or, soft-float, VFP/NEON)
#   %.elf: %.o       pattern rule using guest-link
#
# Each guest Makefile runs "make -C tools/guest" itself; a top-level build
# that makes several guests in parallel should build the SDK first so that
# those sub-makes have nothing left to do.

# Targets defined here must not become the includer's default goal.
guest_saved_goal := $(.DEFAULT_GOAL)

GUEST_SDK_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
UMBRA_ROOT ?= $(abspath $(GUEST_SDK_DIR)/../..)
GUEST_FLOAT ?= soft
ifeq ($(GUEST_FLOAT),hard)
GUEST_SDK_O ?= $(UMBRA_ROOT)/build/guest-hard
# ARMv7-A, Thumb-2, VFPv3-D16, hard-float: thumb/v7-a+fp/hard.
GUEST_ARCH_FLAGS := -mthumb -march=armv7-a+fp -mfloat-abi=hard
else ifeq ($(GUEST_FLOAT),soft)
GUEST_SDK_O ?= $(UMBRA_ROOT)/build/guest
# ARMv7-A, Thumb-2, soft-float: newlib's thumb/v7-a/nofp multilib.
GUEST_ARCH_FLAGS := -mthumb -march=armv7-a -mfloat-abi=soft
else
$(error GUEST_FLOAT must be soft or hard, not $(GUEST_FLOAT))
endif
override GUEST_SDK_O := $(abspath $(GUEST_SDK_O))
GUEST_CROSS_COMPILE ?= arm-none-eabi-

GUEST_CC := $(GUEST_CROSS_COMPILE)gcc
GUEST_AR := $(GUEST_CROSS_COMPILE)ar

GUEST_CFLAGS := $(GUEST_ARCH_FLAGS) -O2 -g -Wall \
	-ffunction-sections -fdata-sections \
	-I$(GUEST_SDK_DIR)/include -I$(GUEST_SDK_DIR)/libfdt \
	-I$(UMBRA_ROOT)/include/uapi

GUEST_LDFLAGS := $(GUEST_ARCH_FLAGS) -nostdlib \
	-T $(GUEST_SDK_O)/guest.ld -Wl,--gc-sections \
	-Wl,-z,max-page-size=4096 -Wl,--build-id=none

# -nostdlib: the start files, our crt0 and the libraries are listed
# explicitly, gcc's crti/crtbegin/crtend/crtn for this multilib included.
guest_crt = $(shell $(GUEST_CC) $(GUEST_ARCH_FLAGS) -print-file-name=$(1))
GUEST_STARTFILES := $(call guest_crt,crti.o) $(call guest_crt,crtbegin.o) \
	$(GUEST_SDK_O)/crt0.o
GUEST_ENDFILES := $(call guest_crt,crtend.o) $(call guest_crt,crtn.o)

# A group: libc calls the SDK's _write etc., the SDK calls libc.
GUEST_LDLIBS := -L$(GUEST_SDK_O) \
	-Wl,--start-group -lumbra-guest -lc -lm -lgcc -Wl,--end-group

GUEST_SDK_FILES := $(GUEST_SDK_O)/crt0.o $(GUEST_SDK_O)/libumbra-guest.a \
	$(GUEST_SDK_O)/guest.ld
GUEST_CHECK := $(GUEST_SDK_DIR)/check-guest.sh

define guest-cc
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<
endef

define guest-link
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_LDFLAGS) -o $@ $(GUEST_STARTFILES) \
		$(filter-out $(GUEST_SDK_FILES),$(filter %.o %.a,$^)) \
		$(GUEST_LDLIBS) $(GUEST_ENDFILES)
	CROSS_COMPILE=$(GUEST_CROSS_COMPILE) GUEST_FLOAT=$(GUEST_FLOAT) \
		$(GUEST_CHECK) $@ || \
		{ rm -f $@; exit 1; }
endef

%.elf: %.o $(GUEST_SDK_FILES)
	$(guest-link)

# Outside the SDK's own Makefile, build the SDK on demand. The recipe-less
# rule lets make re-check the files' times after the sub-make, so guests
# relink only when the SDK really changed.
ifndef GUEST_SDK_BUILDING
.PHONY: guest-sdk
guest-sdk:
	$(MAKE) -C $(GUEST_SDK_DIR) O=$(GUEST_SDK_O) GUEST_FLOAT=$(GUEST_FLOAT)

$(GUEST_SDK_FILES): guest-sdk ;
endif

.DEFAULT_GOAL := $(guest_saved_goal)
