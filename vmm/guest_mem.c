// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: translating guest IPA ranges to host pointers.
 */
#include <stddef.h>

#include "guest_mem.h"

/**
 * guest_ram_contains() - whether an IPA range lies entirely in guest RAM
 * @ram: the guest RAM region
 * @ipa: IPA of the first byte of the range
 * @len: length of the range in bytes; may be 0
 *
 * An empty range is contained if @ipa is inside the region or just past its
 * end. The arithmetic cannot overflow: @ipa and @len come from 32-bit guest
 * registers or ELF fields and are compared in 64 bits.
 *
 * Return: true if [@ipa, @ipa + @len) is inside [@ram->base, @ram->base +
 * @ram->size), false otherwise.
 */
bool guest_ram_contains(const struct guest_ram *ram, uint64_t ipa,
			uint64_t len)
{
	if (ipa < ram->base)
		return false;
	if (ipa - ram->base > ram->size)
		return false;
	return len <= ram->size - (ipa - ram->base);
}

/**
 * guest_ram_ptr() - host pointer to an IPA range in guest RAM
 * @ram: the guest RAM region
 * @ipa: IPA of the first byte of the range
 * @len: length of the range in bytes
 *
 * Return: the host address of the byte at @ipa if the whole range
 * [@ipa, @ipa + @len) is in guest RAM (see guest_ram_contains()), NULL
 * otherwise. Bytes up to @len may be accessed through it.
 */
void *guest_ram_ptr(const struct guest_ram *ram, uint64_t ipa, uint64_t len)
{
	if (!guest_ram_contains(ram, ipa, len))
		return NULL;
	return ram->host + (ipa - ram->base);
}
