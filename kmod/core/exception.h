/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual exceptions: taking an exception into the guest's own vectors and
 * returning from one, as an ARMv7-A processor does (ARM ARM B1.8
 * "Exception handling", B1.9 "Exception descriptions").
 */
#ifndef UMBRA_CORE_EXCEPTION_H
#define UMBRA_CORE_EXCEPTION_H

#include "types.h"
#include "cp15.h"
#include <linux/umbra.h>

enum umbra_vexc {
	UMBRA_VEXC_UND,
	UMBRA_VEXC_SVC,
	UMBRA_VEXC_PABT,
	UMBRA_VEXC_DABT,
	UMBRA_VEXC_IRQ,
	UMBRA_VEXC_FIQ,
};

u32 umbra_exception_vector(const struct umbra_cp15 *cp15, enum umbra_vexc exc);
void umbra_exception_enter(struct umbra_regs *regs,
			   const struct umbra_cp15 *cp15, enum umbra_vexc exc,
			   u32 pref_return);
int umbra_exception_return(struct umbra_regs *regs, u32 new_pc);
bool umbra_mode_privileged(u32 cpsr);
bool umbra_condition_passed(u32 cond, u32 cpsr);
u32 umbra_insn_cond(u32 insn, bool thumb, u32 cpsr);
u32 umbra_it_advance(u32 cpsr);

#endif /* UMBRA_CORE_EXCEPTION_H */
