/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: guest RAM as the VMM sees it, one contiguous region of guest
 * intermediate physical addresses (IPA) backed by one host buffer.
 */
#ifndef UMBRA_VMM_GUEST_MEM_H
#define UMBRA_VMM_GUEST_MEM_H

#include <stdbool.h>
#include <stdint.h>

/**
 * struct guest_ram - a guest RAM region and its host mapping
 * @base: IPA of the first byte
 * @size: size in bytes; @base + @size is at most 4 GiB
 * @host: host pointer to the byte at IPA @base
 */
struct guest_ram {
	uint64_t base;
	uint64_t size;
	uint8_t *host;
};

bool guest_ram_contains(const struct guest_ram *ram, uint64_t ipa,
			uint64_t len);
void *guest_ram_ptr(const struct guest_ram *ram, uint64_t ipa, uint64_t len);

#endif /* UMBRA_VMM_GUEST_MEM_H */
