/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The monitor page: exception vectors and the code that runs while the
 * guest's shadow tables are in TTBR0. It is copied into a page of its own,
 * mapped PL1-only at UMBRA_MONITOR_CODE_VA (the forbidden range) in every
 * shadow table and in the trampoline table, so it must be position
 * independent: no literal addresses, everything relative to PC or to SP,
 * which points at the running vCPU's save slot.
 *
 * Any exception taken from the guest (PL0) lands here (VBAR, SCTLR.V == 0;
 * ARM ARM B1.8.1). The stub stores the guest's user-mode r0-r14 with
 * STM (user registers) (B9.3.6), the return address and SPSR, restores the
 * host's DACR, moves to the trampoline table, invalidates every TLB entry
 * the guest could have created and continues at umbra_host_continue in
 * SVC mode with IRQs and FIQs still masked.
 *
 * One call is served here without leaving the guest's tables: see
 * mon_svc (an IRQ mask or unmask, UMBRA_HC_SET_CPSR_C).
 */
#include <linux/linkage.h>
#include "switch.h"

#define MODE_SVC	0x13
#define MODE_USR	0x10
#define PSR_MODE	0x1f
#define PSR_T		0x20
#define PSR_AIF		0x1c0		/* A, I, F */
#define SVC_0_AL	0xef000000	/* ARM svc #0, condition AL */

	.syntax unified
	.arm
	.text
	.align	5

ENTRY(umbra_monitor_start)
	b	.			@ reset: not taken from PL0
	b	mon_und
	b	mon_svc
	b	mon_pabt
	b	mon_dabt
	b	.			@ HVC/unused: not taken from PL0
	b	mon_irq
	b	mon_fiq

	.macro	mon_stub name, code
\name:
	stmia	sp, {r0-r14}^
	nop				@ no banked access right after STM ^
	mov	r0, #\code
	b	mon_exit
	.endm

	mon_stub mon_und, UMBRA_EXC_UND

/*
 * The fast path: UMBRA_HC_SET_CPSR_C that keeps the virtual mode - a guest
 * kernel masking or unmasking interrupts - issued as an ARM "svc #0" in a
 * virtual privileged mode, while the host allows it (SLOT_FAST: no virtual
 * interrupt pending). It changes the A, I and F bits of the virtual CPSR
 * in the slot (SLOT_VCPSR, which the host reads back at the next exit)
 * and r0 (0, success), exactly as umbra_hc_psr() would, and returns to the
 * instruction after the SVC without a world switch. Anything else takes
 * the full exit with the guest's registers untouched.
 *
 * The load of the SVC instruction cannot fault: the guest has just
 * executed it from PL0, so its page is in the live shadow table, readable
 * at PL0 (short descriptors have no execute-only pages, B3.7.1) and so at
 * PL1, and outside the forbidden range.
 */
mon_svc:
	stmia	sp, {r0-r3}		@ scratch (r0-r12 are the guest's)
	ldr	r2, [sp, #SLOT_FAST]
	cmp	r2, #0
	beq	mon_svc_full
	mov	r2, #MON_HC_SET_CPSR_C_HI
	orr	r2, r2, #MON_HC_SET_CPSR_C_LO
	cmp	r0, r2
	bne	mon_svc_full
	mrs	r2, spsr
	tst	r2, #PSR_T		@ Thumb: the full path decodes it
	bne	mon_svc_full
	ldr	r3, [sp, #SLOT_VCPSR]
	eor	r2, r3, r1
	tst	r2, #PSR_MODE		@ a mode change: the full path
	bne	mon_svc_full
	and	r2, r3, #PSR_MODE
	cmp	r2, #MODE_USR		@ virtual User: a system call
	beq	mon_svc_full
	ldr	r2, [lr, #-4]
	cmp	r2, #SVC_0_AL
	bne	mon_svc_full
	bic	r3, r3, #PSR_AIF
	and	r2, r1, #PSR_AIF
	orr	r3, r3, r2
	str	r3, [sp, #SLOT_VCPSR]
	mov	r0, #0			@ UMBRA_SMCCC_RET_SUCCESS
	ldmib	sp, {r1-r3}
	movs	pc, lr			@ CPSR = SPSR: back to the guest
mon_svc_full:
	ldmia	sp, {r0-r3}
	stmia	sp, {r0-r14}^
	nop				@ no banked access right after STM ^
	mov	r0, #UMBRA_EXC_SVC
	b	mon_exit

	mon_stub mon_pabt, UMBRA_EXC_PABT
	mon_stub mon_dabt, UMBRA_EXC_DABT
	mon_stub mon_irq, UMBRA_EXC_IRQ
	mon_stub mon_fiq, UMBRA_EXC_FIQ

mon_exit:
	str	r0, [sp, #SLOT_EXC]
	str	lr, [sp, #SLOT_PC]
	mrs	r1, spsr
	str	r1, [sp, #SLOT_CPSR]
	ldr	r1, [sp, #SLOT_HOST_DACR]
	ldr	r2, [sp, #SLOT_TRAMP_TTBR]
	ldr	r3, [sp, #SLOT_HOST_CONT]
	ldr	r0, [sp, #SLOT_HOST_CTX]
	mcr	p15, 0, r1, c3, c0, 0		@ DACR = host
	ldr	r1, [sp, #SLOT_HOST_TTBR0]
	mcr	p15, 0, r2, c2, c0, 0		@ TTBR0 = trampoline
	isb
	mov	r4, #0				@ r0, r1, r3: umbra_host_continue
	mcr	p15, 0, r4, c8, c7, 0		@ TLBIALL: drop guest entries
	mcr	p15, 0, r4, c7, c5, 6		@ BPIALL
	dsb
	isb
	cps	#MODE_SVC
	bx	r3				@ umbra_host_continue(r0, r1)

/*
 * Entered from umbra_world_switch with TTBR0 = trampoline, SVC mode, IRQs
 * and FIQs masked. r1 = slot (forbidden-range address), r3 = shadow TTBR0,
 * r4 = guest DACR.
 */
ENTRY(umbra_monitor_enter)
	mcr	p15, 0, r3, c2, c0, 0		@ TTBR0 = shadow tables
	isb
	mcr	p15, 0, r4, c3, c0, 0		@ DACR = guest
	mov	r2, #0
	mcr	p15, 0, r2, c8, c7, 0		@ TLBIALL: drop host entries
	mcr	p15, 0, r2, c7, c5, 0		@ ICIALLU
	mcr	p15, 0, r2, c7, c5, 6		@ BPIALL
	dsb
	isb
	mov	sp, r1
	ldr	r2, [sp, #SLOT_CPSR]
	msr	spsr_cxsf, r2
	ldr	lr, [sp, #SLOT_PC]
	ldmia	sp, {r0-r14}^
	nop				@ no banked access right after LDM ^
	movs	pc, lr
ENDPROC(umbra_monitor_enter)
	.globl	umbra_monitor_end
umbra_monitor_end:
