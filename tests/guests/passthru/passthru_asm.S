/* SPDX-License-Identifier: GPL-2.0 */
/*
 * passthru guest: exception vectors and the IRQ-mode setup. The guest
 * kernel runs in PL0 under umbra: exception return is "svc #1", the CPSR
 * is changed with UMBRA_HC_SET_CPSR_C, WFI is "svc #2"
 * (Documentation/hypercalls.rst); VBAR is written with MCR, emulated.
 */
#include <linux/umbra_hypercall.h>

	.syntax	unified
	.arch	armv7-a
	.arm

	.section .text.vectors, "ax", %progbits
	.balign	32
vectors:
	b	vec_other		@ reset
	b	vec_other		@ undefined
	b	vec_other		@ SVC
	b	vec_other		@ prefetch abort
	b	vec_other		@ data abort
	b	vec_other
	b	vec_irq
	b	vec_other		@ FIQ

vec_irq:
	sub	lr, lr, #4
	push	{r0-r3, r12, lr}
	bl	passthru_irq
	pop	{r0-r3, r12, lr}
	svc	#1			@ PC <- LR, CPSR <- SPSR_irq

vec_other:
	mov	r0, lr
	bl	passthru_unexpected	@ does not return

	.text
/* void irq_setup(uint32_t irq_stack_top): VBAR, SP_irq; IRQs stay masked */
	.global	irq_setup
	.type	irq_setup, %function
irq_setup:
	push	{r4, lr}
	mov	r4, r0
	ldr	r0, =vectors
	mcr	p15, 0, r0, c12, c0, 0	@ VBAR
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	mov	r1, #0x1d2		@ IRQ mode, A, I masked
	svc	#0
	mov	sp, r4
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	mov	r1, #0x1d3		@ back to SVC mode, A, I, F masked
	svc	#0
	pop	{r4, pc}
	.size	irq_setup, . - irq_setup

/* void irq_enable(int on): clear (on) or set CPSR.I, in SVC mode */
	.global	irq_enable
	.type	irq_enable, %function
irq_enable:
	cmp	r0, #0
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	movne	r1, #0x153		@ SVC, A and F masked, I clear
	moveq	r1, #0x1d3
	svc	#0
	bx	lr
	.size	irq_enable, . - irq_enable

/* void wait_for_interrupt(void) */
	.global	wait_for_interrupt
	.type	wait_for_interrupt, %function
wait_for_interrupt:
	svc	#2
	bx	lr
	.size	wait_for_interrupt, . - wait_for_interrupt
