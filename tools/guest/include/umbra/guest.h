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

/* Called by crt0 only, before anything else. */
void __umbra_guest_setup(uintptr_t ram_base, size_t ram_size, uintptr_t sp);

#endif /* _UMBRA_GUEST_GUEST_H */
