# SPDX-License-Identifier: GPL-2.0
#
# user.mk - make fragment for programs run in virtual User mode by the SDK
# kernel (tools/guest/kernel), and for the guest images that pair the
# kernel with one such program. Include it instead of guest.mk:
#
#	include $(UMBRA_ROOT)/tools/guest/user.mk
#
#	$(OBJ)/%.o: %.c
#		$(guest-cc)
#	$(OBJ)/prog.uelf: $(OBJ)/prog.o $(USER_SDK_FILES)
#		$(user-link)
#	$(O)/prog.elf: USER_CMDLINE := prog arg1 arg2
#	$(O)/prog.elf: $(OBJ)/prog.uelf $(USER_SDK_FILES)
#		$(kernel-image)
#
# Objects are compiled as for any guest ($(guest-cc), GUEST_CFLAGS).
# Provided besides guest.mk's variables:
#   USER_VA_BASE    where programs are linked: the kernel's user region
#   USER_SDK_FILES  the SDK outputs user-link and kernel-image use
#   user-link       recipe: link the .o/.a prerequisites of $@ into a User-
#                   mode program (an ELF at USER_VA_BASE, newlib on the
#                   kernel's system calls), checked like any guest by
#                   check-guest.sh: no VFP/NEON, no privileged instructions
#   kernel-image    recipe: the guest ELF $@, the SDK kernel with the
#                   program $< (stripped) built in; argv is USER_CMDLINE
#                   split at spaces (default: the program's name)
# See Documentation/guest-sdk.rst.

include $(abspath $(dir $(lastword $(MAKEFILE_LIST))))/guest.mk

user_saved_goal := $(.DEFAULT_GOAL)

# The kernel maps its user region here (tools/guest/kernel/kernel.c).
USER_VA_BASE := 0x00100000

USER_LDFLAGS := $(GUEST_ARCH_FLAGS) -nostdlib \
	-T $(GUEST_SDK_O)/guest.ld -Wl,--defsym=__umbra_load_addr=$(USER_VA_BASE) \
	-Wl,--gc-sections -Wl,-z,max-page-size=4096 -Wl,--build-id=none
USER_STARTFILES := $(call guest_crt,crti.o) $(call guest_crt,crtbegin.o) \
	$(GUEST_SDK_O)/user/crt0.o
USER_LDLIBS := -L$(GUEST_SDK_O) \
	-Wl,--start-group -lumbra-user -lc -lm -lgcc -Wl,--end-group
USER_KERNEL_OBJS := $(GUEST_SDK_O)/kernel/kernel.o \
	$(GUEST_SDK_O)/kernel/vectors.o
USER_SDK_FILES := $(GUEST_SDK_O)/user/crt0.o $(GUEST_SDK_O)/libumbra-user.a \
	$(GUEST_SDK_O)/guest.ld $(USER_KERNEL_OBJS) $(GUEST_SDK_FILES)
USER_CMDLINE ?=

define user-link
	@mkdir -p $(@D)
	$(GUEST_CC) $(USER_LDFLAGS) -o $@ $(USER_STARTFILES) \
		$(filter-out $(USER_SDK_FILES),$(filter %.o %.a,$^)) \
		$(USER_LDLIBS) $(GUEST_ENDFILES)
	CROSS_COMPILE=$(GUEST_CROSS_COMPILE) GUEST_FLOAT=$(GUEST_FLOAT) \
		$(GUEST_SDK_DIR)/check-guest.sh $@ || { rm -f $@; exit 1; }
endef

# The kernel is checked with CP15 MRC/MCR allowed; the program inside is
# data to objdump, checked by user-link already.
define kernel-image
	@mkdir -p $(@D)
	$(GUEST_CROSS_COMPILE)strip -o $@.user $<
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@.embed.o \
		-DUSER_ELF_PATH='"$@.user"' \
		-DUSER_CMDLINE='"$(or $(strip $(USER_CMDLINE)),$(basename $(notdir $<)))"' \
		$(GUEST_SDK_DIR)/kernel/embed.S
	$(GUEST_CC) $(GUEST_LDFLAGS) -o $@ $(GUEST_STARTFILES) \
		$(USER_KERNEL_OBJS) $@.embed.o $(GUEST_LDLIBS) $(GUEST_ENDFILES)
	rm -f $@.user $@.embed.o
	CROSS_COMPILE=$(GUEST_CROSS_COMPILE) GUEST_FLOAT=$(GUEST_FLOAT) \
		$(GUEST_SDK_DIR)/check-guest-p15.sh $@ || { rm -f $@; exit 1; }
endef

ifndef GUEST_SDK_BUILDING
$(filter-out $(GUEST_SDK_FILES),$(USER_SDK_FILES)): guest-sdk ;
endif

.DEFAULT_GOAL := $(user_saved_goal)
