// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: boot information and heap bounds.
 *
 * Guest RAM is laid out as [image | heap ... | stack reserve] with the
 * stack growing down from the top of RAM, where the VMM points SP.
 */
#include <umbra/guest.h>

#include "glue.h"

static uintptr_t boot_ram_base;
static size_t boot_ram_size;
static uintptr_t boot_dtb;
static uintptr_t heap_start;
static uintptr_t heap_limit;

/**
 * __umbra_guest_setup() - record the boot registers and size the heap
 * @ram_base: RAM base IPA from r0 at entry
 * @ram_size: RAM size in bytes from r1 at entry
 * @sp:       SP at entry, the top of RAM
 * @dtb:      r2 at entry: IPA of the device tree blob, 0 if none
 *
 * Called by crt0 after .bss is cleared and before any library code. The
 * heap runs from the end of the image up to @sp less the stack reserve; if
 * RAM is too small for that, the heap is empty and malloc() fails.
 */
void __umbra_guest_setup(uintptr_t ram_base, size_t ram_size, uintptr_t sp,
			 uintptr_t dtb)
{
	uintptr_t reserve = (uintptr_t)__umbra_stack_reserve;

	boot_ram_base = ram_base;
	boot_ram_size = ram_size;
	boot_dtb = dtb;
	heap_start = (uintptr_t)__umbra_heap_start;
	heap_limit = heap_start;
	if (sp > reserve && sp - reserve > heap_start)
		heap_limit = sp - reserve;
}

uintptr_t umbra_ram_base(void)
{
	return boot_ram_base;
}

size_t umbra_ram_size(void)
{
	return boot_ram_size;
}

uintptr_t umbra_heap_start(void)
{
	return heap_start;
}

uintptr_t umbra_heap_limit(void)
{
	return heap_limit;
}

uintptr_t umbra_dtb(void)
{
	return boot_dtb;
}
