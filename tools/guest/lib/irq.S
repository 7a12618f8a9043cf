/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: exception vectors and IRQ mode for bare guests,
 * include/umbra/irq.h. ARM state: the ARM "svc #0" of UMBRA_HC_SET_CPSR_C
 * that keeps the mode is served by umbra's monitor without leaving the
 * guest's tables (Documentation/hypercalls.rst).
 */
#include <linux/umbra_hypercall.h>
#include <umbra/irq.h>

#define PSR_MODE_IRQ	0x12
#define PSR_F		0x40
#define PSR_I		0x80
#define PSR_A		0x100
#define PSR_CTRL	0x1df		/* mode, F, I, A */

	.syntax	unified
	.arch	armv7-a
	.arm

	.section .text.umbra_irq, "ax", %progbits
	.balign	32
umbra_vectors:
	b	umbra_vec_dead		@ reset
	b	umbra_vec_dead		@ undefined instruction
	b	umbra_vec_dead		@ SVC
	b	umbra_vec_dead		@ prefetch abort
	b	umbra_vec_dead		@ data abort
	b	umbra_vec_dead
	b	umbra_vec_irq
	b	umbra_vec_dead		@ FIQ

/* LR_irq = interrupted instruction + 4; return with svc #1 (PC <- LR). */
umbra_vec_irq:
	sub	lr, lr, #4
	push	{r0-r3, r12, lr}	@ 24 bytes: SP stays 8-byte aligned
	ldr	r0, =umbra_irq_handler
	blx	r0
	pop	{r0-r3, r12, lr}
	svc	#1

umbra_vec_dead:
	ldr	r0, =UMBRA_HC_SHUTDOWN
	mov	r1, #UMBRA_IRQ_DEAD_STATUS
	svc	#0
	b	umbra_vec_dead

/* umbra_irq_init(): VBAR, SP_irq; CPSR as it was (IRQs still masked). */
	.global	umbra_irq_init
	.type	umbra_irq_init, %function
umbra_irq_init:
	push	{r4, lr}
	ldr	r0, =umbra_vectors
	mcr	p15, 0, r0, c12, c0, 0	@ VBAR (umbra emulates it)
	isb
	ldr	r0, =UMBRA_HC_GET_CPSR
	svc	#0
	ldr	r1, =PSR_CTRL
	and	r4, r0, r1
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	ldr	r1, =(PSR_MODE_IRQ | PSR_A | PSR_I | PSR_F)
	svc	#0
	ldr	sp, =umbra_irq_stack + UMBRA_IRQ_STACK_SIZE
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	mov	r1, r4
	svc	#0			@ back: the caller's SP and LR again
	pop	{r4, pc}
	.size	umbra_irq_init, . - umbra_irq_init

/* umbra_irq_enable() / umbra_irq_disable(): CPSR.I, mode kept */
	.global	umbra_irq_enable
	.type	umbra_irq_enable, %function
umbra_irq_enable:
	ldr	r0, =UMBRA_HC_GET_CPSR
	svc	#0
	ldr	r1, =PSR_CTRL
	and	r1, r0, r1
	bic	r1, r1, #PSR_I
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	svc	#0
	bx	lr
	.size	umbra_irq_enable, . - umbra_irq_enable

	.global	umbra_irq_disable
	.type	umbra_irq_disable, %function
umbra_irq_disable:
	ldr	r0, =UMBRA_HC_GET_CPSR
	svc	#0
	ldr	r1, =PSR_CTRL
	and	r1, r0, r1
	orr	r1, r1, #PSR_I
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	svc	#0
	bx	lr
	.size	umbra_irq_disable, . - umbra_irq_disable

/* umbra_irq_enabled(): 1 when CPSR.I is clear */
	.global	umbra_irq_enabled
	.type	umbra_irq_enabled, %function
umbra_irq_enabled:
	ldr	r0, =UMBRA_HC_GET_CPSR
	svc	#0
	tst	r0, #PSR_I
	moveq	r0, #1
	movne	r0, #0
	bx	lr
	.size	umbra_irq_enabled, . - umbra_irq_enabled
	.ltorg

	.weak	umbra_irq_handler
	.type	umbra_irq_handler, %function
umbra_irq_handler:
	ldr	r12, =umbra_gic_handle_irq	@ Thumb: interworking bx
	bx	r12
	.ltorg
	.size	umbra_irq_handler, . - umbra_irq_handler

	.section .bss.umbra_irq_stack, "aw", %nobits
	.balign	8
	.global	umbra_irq_stack
umbra_irq_stack:
	.space	UMBRA_IRQ_STACK_SIZE

	.section .note.GNU-stack, "", %progbits
