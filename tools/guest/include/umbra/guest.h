/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: what the VMM told the guest at boot.
 *
 * crt0 records the boot registers (r0 = RAM base IPA, r1 = RAM size, SP =
 * top of RAM) before main() runs; these accessors hand them out. The heap
 * that malloc() draws from is [umbra_heap_start(), umbra_heap_limit()).
 */
#ifndef _UMBRA_GUEST_GUEST_H
#define _UMBRA_GUEST_GUEST_H

#include <stddef.h>
#include <stdint.h>

/**
 * umbra_ram_base() - RAM base the VMM passed in r0
 *
 * Return: guest physical (IPA) address of the first byte of RAM.
 */
uintptr_t umbra_ram_base(void);

/**
 * umbra_ram_size() - RAM size the VMM passed in r1
 *
 * Return: size of guest RAM in bytes.
 */
size_t umbra_ram_size(void);

/**
 * umbra_heap_start() - first byte of the heap, just past the image
 *
 * Return: IPA of the heap's first byte.
 */
uintptr_t umbra_heap_start(void);

/**
 * umbra_heap_limit() - end of the heap (exclusive)
 *
 * The heap ends below the stack, at the initial SP less the stack reserve,
 * which is 1 MiB unless the link sets __umbra_stack_reserve.
 *
 * Return: IPA one past the heap's last byte.
 */
uintptr_t umbra_heap_limit(void);

/**
 * umbra_dtb() - the device tree blob the VMM passed in r2
 *
 * Return: IPA of the flattened device tree (read it with libfdt,
 * <libfdt.h>), or 0 if the VMM passed none (``umbra-vmm run GUEST.elf``).
 */
uintptr_t umbra_dtb(void);

/**
 * struct umbra_shared_region - a shared region as the device tree gives it
 * @ipa:    IPA of its first byte (the guest's MMU is off: also its address)
 * @size:   size in bytes
 * @writer: 1 if this guest is its writer (mapped read-write), 0 if a
 *          reader (mapped read-only: a write is a virtual Data Abort)
 */
struct umbra_shared_region {
	uintptr_t ipa;
	size_t size;
	int writer;
};

/**
 * umbra_shared_region() - find one of this guest's shared regions by name
 * @name:   the NAME of its [shared NAME] group in the system file
 * @region: filled in on success
 *
 * Looks for a /reserved-memory child with compatible "umbra,shared-region"
 * and umbra,name = @name in the device tree of umbra_dtb()
 * (Documentation/config.rst).
 *
 * Return: 0 on success; -ENOENT if there is no device tree or no such
 * region, -EINVAL if the tree or the node is malformed (bad header, reg
 * missing or not one <address size> pair, umbra,role missing).
 */
int umbra_shared_region(const char *name, struct umbra_shared_region *region);

/* Called by crt0 only, before anything else. */
void __umbra_guest_setup(uintptr_t ram_base, size_t ram_size, uintptr_t sp,
			 uintptr_t dtb);

#endif /* _UMBRA_GUEST_GUEST_H */
