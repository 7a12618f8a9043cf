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

/**
 * struct guest_slot - one UMBRA_SET_USER_MEMORY_REGION of a guest
 * @slot:   slot number, 0 .. UMBRA_MAX_MEMSLOTS - 1
 * @flags:  UMBRA_MEM_* flags
 * @ipa:    guest_phys_addr
 * @size:   memory_size in bytes
 * @ram:    index into the guest's RAM regions, or -1
 * @shared: index into the system's shared regions (one host buffer each,
 *          given to every guest that maps it), or -1
 * @device: index into the system's devices (an mmap() of its host
 *          mapping), or -1
 */
struct guest_slot {
	uint32_t slot;
	uint32_t flags;
	uint64_t ipa;
	uint64_t size;
	int ram;
	int shared;
	int device;
};

GArray *guest_boot_slots(const struct system *sys, guint guest);
gboolean guest_boot_load(const struct system *sys, guint guest,
			 const struct guest_ram *ram, struct umbra_regs *regs,
			 struct guest_boot *boot, GError **error);

#endif /* UMBRA_VMM_GUEST_BOOT_H */
