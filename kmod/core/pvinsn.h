/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Paravirtual sensitive instructions: the SVC classes 1-15 of
 * include/uapi/linux/umbra_hypercall.h, which tools/umbra-patch writes in
 * place of the instructions that behave differently at PL1 and PL0
 * without trapping (CPS, MRS/MSR of CPSR/SPSR, exception returns, RFE,
 * SRS, LDM/STM of User registers). Each is emulated here as the ARM ARM
 * describes the original at PL1 (A8.8, B9.3).
 */
#ifndef UMBRA_CORE_PVINSN_H
#define UMBRA_CORE_PVINSN_H

#include "types.h"
#include <linux/umbra.h>

/**
 * typedef umbra_pv_read_fn - read an aligned word of guest virtual memory
 * as a PL1 data access (a load of the guest kernel).
 * @ctx: caller's context
 * @va:  word-aligned guest virtual address
 * @val: out: the word
 * @fsr: out, on -EFAULT: the fault status the guest's MMU reports
 *       (short-descriptor format, WnR clear)
 *
 * Return: 0; -EFAULT when the guest's own translation faults; -ENOENT when
 * the IPA is not guest RAM.
 */
typedef int (*umbra_pv_read_fn)(void *ctx, u32 va, u32 *val, u32 *fsr);

/**
 * typedef umbra_pv_write_fn - write an aligned word of guest virtual
 * memory as a PL1 data access; as umbra_pv_read_fn, -ENOENT also for
 * read-only guest memory.
 * @ctx: caller's context
 * @va:  word-aligned guest virtual address
 * @val: the word
 * @fsr: out, on -EFAULT: the fault status (WnR clear)
 */
typedef int (*umbra_pv_write_fn)(void *ctx, u32 va, u32 val, u32 *fsr);

/**
 * struct umbra_pv_mem - guest memory for the emulation.
 * @read:  word loads
 * @write: word stores
 * @ctx:   passed to both
 */
struct umbra_pv_mem {
	umbra_pv_read_fn read;
	umbra_pv_write_fn write;
	void *ctx;
};

/**
 * struct umbra_pv_fault - what went wrong, for UMBRA_PV_ABORT and
 * UMBRA_PV_NOT_RAM.
 * @fsr: DFSR value for the guest (WnR included)
 * @far: the faulting guest virtual address (DFAR)
 */
struct umbra_pv_fault {
	u32 fsr;
	u32 far;
};

/* Outcomes of umbra_pv_emulate() */
#define UMBRA_PV_DONE		0	/* emulated: registers updated */
#define UMBRA_PV_UNDEF		1	/* virtual Undefined Instruction */
#define UMBRA_PV_ABORT		2	/* virtual Data Abort, see fault */
#define UMBRA_PV_NOT_RAM	3	/* access outside guest RAM */

/* Short-descriptor DFSR: alignment fault, and WnR (B4.1.52) */
#define UMBRA_PV_FSR_ALIGNMENT	0x001
#define UMBRA_PV_FSR_WNR	(1u << 11)

int umbra_pv_emulate(struct umbra_regs *regs, u32 imm24,
		     const struct umbra_pv_mem *mem,
		     struct umbra_pv_fault *fault);
u32 umbra_arm_expand_imm(u32 imm12);

#endif /* UMBRA_CORE_PVINSN_H */
