/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding of guest load/store instructions that fault on an IPA outside
 * every memory region, so they can be completed as MMIO. Without the
 * Virtualization Extensions there is no syndrome register: umbra reads the
 * instruction and decodes it (ARM ARM A5.3, A5.2.8; Thumb A6.2.4, A6.3.7
 * to A6.3.10).
 */
#ifndef UMBRA_CORE_DECODE_H
#define UMBRA_CORE_DECODE_H

#include "types.h"
#include <linux/umbra.h>

/**
 * struct umbra_ldst - a decoded single load or store.
 * @is_write:    store
 * @len:         access size in bytes: 1, 2 or 4
 * @sign_extend: a load whose value is sign-extended to 32 bits
 * @rt:          transfer register
 * @addr:        the address the instruction accesses (a guest VA)
 * @writeback:   the base register is updated
 * @rn:          base register
 * @rn_value:    its value after the instruction, when @writeback
 * @big_endian:  CPSR.E was set: data bytes in big-endian order (A2.4.3)
 * @insn_len:    bytes of the instruction: 4, or 2 for a 16-bit Thumb one
 */
struct umbra_ldst {
	bool is_write;
	u8 len;
	bool sign_extend;
	u8 rt;
	u32 addr;
	bool writeback;
	u8 rn;
	u32 rn_value;
	bool big_endian;
	u8 insn_len;
};

int umbra_decode_arm_ldst(u32 insn, const u32 regs[16], u32 cpsr,
			  struct umbra_ldst *out);
int umbra_decode_thumb_ldst(u32 insn, const u32 regs[16], u32 cpsr,
			    struct umbra_ldst *out);
u32 umbra_ldst_load_value(const struct umbra_ldst *ld, u32 data);
u32 umbra_ldst_store_data(const struct umbra_ldst *ld, u32 value);

#endif /* UMBRA_CORE_DECODE_H */
