/* SPDX-License-Identifier: GPL-2.0 */
/*
 * multi guest: a vector table whose Data Abort entry records DFSR and DFAR
 * and calls multi_abort(dfsr, dfar, lr) on a stack of its own (it does not
 * return), and an ARM-state store the reader uses to write its read-only
 * shared region. Every other exception exits with status 126.
 */
#include <linux/umbra_hypercall.h>

	.syntax	unified
	.arch	armv7-a
	.arm

	.section .text.vectors, "ax", %progbits
	.balign	32
	.global	multi_vectors
multi_vectors:
	b	dead			@ reset
	b	dead			@ undefined
	b	dead			@ SVC
	b	dead			@ prefetch abort
	b	dabt			@ data abort
	b	dead			@ unused
	b	dead			@ IRQ
	b	dead			@ FIQ

dead:
	ldr	r0, =UMBRA_HC_SHUTDOWN
	mov	r1, #126
	svc	#0
	b	dead

dabt:
	ldr	sp, =abt_stack_top
	mrc	p15, 0, r0, c5, c0, 0	@ DFSR
	mrc	p15, 0, r1, c6, c0, 0	@ DFAR
	mov	r2, lr
	ldr	r3, =multi_abort
	blx	r3
	b	dead

/* multi_store(addr, value): str r1, [r0], in ARM state */
	.text
	.global	multi_store
	.type	multi_store, %function
multi_store:
	str	r1, [r0]
	bx	lr
	.size	multi_store, . - multi_store

	.bss
	.balign	8
	.space	4096
abt_stack_top:
