/* SPDX-License-Identifier: GPL-2.0 */
/*
 * World switch, host side: from the ioctl's kernel context into the guest
 * and back. The address space changes twice each way:
 *
 *   host TTBR0 --(here)--> trampoline --(monitor page)--> shadow tables
 *
 * The trampoline table maps only this code (at its kernel address) and the
 * monitor page (at UMBRA_MONITOR_CODE_VA), so each switch runs from a page
 * mapped at the same address before and after it. See vectors.S for the
 * other half and Documentation/design.rst for the picture.
 *
 * Registers per ARM ARM B4.1: TTBR0 c2,c0,0; DACR c3,c0,0; SCTLR c1,c0,0;
 * VBAR c12,c0,0; TPIDRURW c13,c0,2; TPIDRURO c13,c0,3; TLBIALL c8,c7,0;
 * BPIALL c7,c5,6.
 */
#include <linux/linkage.h>
#include "switch.h"

#define SCTLR_A		(1 << 1)
#define SCTLR_V		(1 << 13)
#define MODE_FIQ	0x11
#define MODE_IRQ	0x12
#define MODE_SVC	0x13
#define MODE_ABT	0x17
#define MODE_UND	0x1b

	.syntax unified
	.arm
	.text
	.align	5

	.globl	umbra_switch_start
umbra_switch_start:

/*
 * void umbra_world_switch(struct umbra_host_ctx *ctx)
 * Called with IRQs disabled, in SVC mode. Returns when the guest takes any
 * exception; the vCPU's save slot then holds its registers and the vector.
 */
ENTRY(umbra_world_switch)
	push	{r4-r12, lr}
	mrs	r1, cpsr
	str	r1, [r0, #CTX_CPSR]
	cpsid	if
	str	sp, [r0, #CTX_SP]

	@ Every exception mode's SP points at the slot while the guest runs.
	ldr	r1, [r0, #CTX_SLOT_FVA]
	cps	#MODE_ABT
	str	sp, [r0, #CTX_SP_ABT]
	mov	sp, r1
	cps	#MODE_UND
	str	sp, [r0, #CTX_SP_UND]
	mov	sp, r1
	cps	#MODE_IRQ
	str	sp, [r0, #CTX_SP_IRQ]
	mov	sp, r1
	cps	#MODE_FIQ
	str	sp, [r0, #CTX_SP_FIQ]
	mov	sp, r1
	cps	#MODE_SVC

	@ Vectors: VBAR = monitor page, SCTLR.V = 0 (B1.8.1); SCTLR.A.
	mrc	p15, 0, r2, c12, c0, 0
	str	r2, [r0, #CTX_VBAR]
	ldr	r2, =UMBRA_MONITOR_CODE_VA
	mcr	p15, 0, r2, c12, c0, 0
	mrc	p15, 0, r2, c1, c0, 0
	str	r2, [r0, #CTX_SCTLR]
	bic	r2, r2, #SCTLR_V
	bic	r2, r2, #SCTLR_A
	ldr	r3, [r0, #CTX_G_SCTLR_A]
	orr	r2, r2, r3			@ alignment checks: the guest's
	mcr	p15, 0, r2, c1, c0, 0

	@ User-visible thread ID registers: the guest's own values.
	mrc	p15, 0, r2, c13, c0, 2
	str	r2, [r0, #CTX_TPIDRURW]
	mrc	p15, 0, r2, c13, c0, 3
	str	r2, [r0, #CTX_TPIDRURO]
	ldr	r2, [r0, #CTX_G_TPIDRURW]
	mcr	p15, 0, r2, c13, c0, 2
	ldr	r2, [r0, #CTX_G_TPIDRURO]
	mcr	p15, 0, r2, c13, c0, 3

	ldr	r6, [r0, #CTX_SLOT_KVA]
	mrc	p15, 0, r2, c2, c0, 0
	str	r2, [r6, #SLOT_HOST_TTBR0]
	mrc	p15, 0, r2, c3, c0, 0
	str	r2, [r6, #SLOT_HOST_DACR]
	isb

	ldr	r2, [r0, #CTX_TRAMP_TTBR]
	ldr	r3, [r0, #CTX_SPT_TTBR]
	ldr	r4, [r0, #CTX_GUEST_DACR]
	ldr	r5, [r0, #CTX_MONITOR_ENTER]
	mcr	p15, 0, r2, c2, c0, 0		@ TTBR0 = trampoline
	isb
	bx	r5				@ umbra_monitor_enter
ENDPROC(umbra_world_switch)
	.ltorg

/*
 * Back from the monitor page: SVC mode, IRQs and FIQs masked, TTBR0 = the
 * trampoline (whose TLB entries were just invalidated), host DACR, r0 = ctx,
 * r1 = host TTBR0. The trampoline maps no data: switch before any access.
 */
ENTRY(umbra_host_continue)
	mcr	p15, 0, r1, c2, c0, 0		@ TTBR0 = host
	isb
	mov	r1, #0
	mcr	p15, 0, r1, c8, c7, 0		@ TLBIALL
	mcr	p15, 0, r1, c7, c5, 6		@ BPIALL
	dsb
	isb

	ldr	r1, [r0, #CTX_VBAR]
	mcr	p15, 0, r1, c12, c0, 0
	ldr	r1, [r0, #CTX_SCTLR]
	mcr	p15, 0, r1, c1, c0, 0
	mrc	p15, 0, r1, c13, c0, 2		@ the guest may write it
	str	r1, [r0, #CTX_G_TPIDRURW]
	ldr	r1, [r0, #CTX_TPIDRURW]
	mcr	p15, 0, r1, c13, c0, 2
	ldr	r1, [r0, #CTX_TPIDRURO]
	mcr	p15, 0, r1, c13, c0, 3
	isb

	cps	#MODE_ABT
	ldr	sp, [r0, #CTX_SP_ABT]
	cps	#MODE_UND
	ldr	sp, [r0, #CTX_SP_UND]
	cps	#MODE_IRQ
	ldr	sp, [r0, #CTX_SP_IRQ]
	cps	#MODE_FIQ
	ldr	sp, [r0, #CTX_SP_FIQ]
	cps	#MODE_SVC
	ldr	sp, [r0, #CTX_SP]
	ldr	r1, [r0, #CTX_CPSR]
	msr	cpsr_c, r1
	pop	{r4-r12, pc}
ENDPROC(umbra_host_continue)
	.globl	umbra_switch_end
umbra_switch_end:
