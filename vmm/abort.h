/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: a virtual Data Abort for a guest store the VMM refuses (a
 * reader's store to a read-only shared region).
 */
#ifndef UMBRA_VMM_ABORT_H
#define UMBRA_VMM_ABORT_H

#include <stdint.h>

#include <linux/umbra.h>

/* DFSR of the abort: WnR (bit 11), FS = 0b01111, permission fault (page) */
#define ABORT_DFSR_WRITE_PERMISSION	0x80fu

unsigned int abort_thumb_store_len(uint16_t hw);
void abort_enter(struct umbra_regs *r, uint32_t sctlr, uint32_t vbar,
		 unsigned int insn_len);

#endif /* UMBRA_VMM_ABORT_H */
