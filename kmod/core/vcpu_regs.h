/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's banked core registers (ARM ARM B1.3.2 "ARM core registers").
 * umbra keeps them in struct umbra_regs and, while the guest runs, loads
 * the registers of its current virtual mode into the physical user-mode
 * registers r0-r14.
 */
#ifndef UMBRA_CORE_VCPU_REGS_H
#define UMBRA_CORE_VCPU_REGS_H

#include "types.h"
#include <linux/umbra.h>

bool umbra_psr_mode_valid(u32 cpsr);
u32 *umbra_regs_bank(struct umbra_regs *regs, u32 mode);
void umbra_regs_to_phys(const struct umbra_regs *regs, u32 phys[15]);
void umbra_regs_from_phys(struct umbra_regs *regs, const u32 phys[15]);
int umbra_regs_check(const struct umbra_regs *regs);

#endif /* UMBRA_CORE_VCPU_REGS_H */
