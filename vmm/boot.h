/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: the guest boot protocol's initial register state.
 */
#ifndef UMBRA_VMM_BOOT_H
#define UMBRA_VMM_BOOT_H

#include <stdint.h>

#include <linux/umbra.h>

void boot_set_regs(struct umbra_regs *regs, uint32_t entry,
		   uint64_t ram_base, uint64_t ram_size);

#endif /* UMBRA_VMM_BOOT_H */
