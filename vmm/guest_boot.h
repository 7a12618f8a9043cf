/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: putting one guest of a system file into its RAM: image, device
 * tree, initrd, boot registers.
 */
#ifndef UMBRA_VMM_GUEST_BOOT_H
#define UMBRA_VMM_GUEST_BOOT_H

#include <stdint.h>

#include <glib.h>
#include <linux/umbra.h>

#include "guest_mem.h"
#include "system.h"

/* Room for a generated device tree in an ELF or raw guest (bytes). */
#define GUEST_BOOT_DTB_ROOM	(64ull << 10)

/**
 * struct guest_boot - where things went
 * @entry:       entry IPA (bit 0: Thumb)
 * @dtb:         IPA of the device tree blob
 * @dtb_size:    its size in bytes
 * @initrd:      IPA of the initrd, 0 if none
 * @initrd_size: its size in bytes
 */
struct guest_boot {
	uint32_t entry;
	uint64_t dtb;
	uint64_t dtb_size;
	uint64_t initrd;
	uint64_t initrd_size;
};

gboolean guest_boot_load(const struct system *sys, guint guest,
			 const struct guest_ram *ram, struct umbra_regs *regs,
			 struct guest_boot *boot, GError **error);

#endif /* UMBRA_VMM_GUEST_BOOT_H */
