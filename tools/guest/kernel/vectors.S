/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra SDK kernel: exception vectors, exception stacks, the entry to User
 * mode and CP15 accessors. ARM state throughout; the C code calling in and
 * called is Thumb.
 *
 * The kernel runs in virtual PL1, which umbra runs in PL0, so its
 * privileged operations are paravirtual (Documentation/hypercalls.rst):
 * "svc #1" is the exception return (PC <- LR, CPSR <- SPSR), and the CPSR
 * and SPSR are reached with the PSR hypercalls, never MRS/MSR/CPS. MRC and
 * MCR to CP15 are used as on hardware: umbra traps and emulates them.
 */
#include <linux/umbra_hypercall.h>
#include "kernel.h"

	.syntax	unified
	.arch	armv7-a
	.arm

	.section .text.vectors, "ax", %progbits
	.balign	32
	.global	kernel_vectors
kernel_vectors:
	vector_table

/*
 * trap VEC: build a struct trap_frame on the mode's stack (8-byte
 * aligned: the stacks are, and the frame is 64 bytes), call
 * kernel_trap(frame), write back the SPSR and return with "svc #1" to the
 * frame's LR, r0-r12 from the frame. A hypercall clobbers r0-r3 only.
 */
.macro	trap vec
	push	{r0-r12, lr}
	sub	sp, sp, #8
	ldr	r0, =UMBRA_HC_GET_SPSR
	svc	#0
	str	r0, [sp, #TF_SPSR]
	mov	r0, #\vec
	str	r0, [sp, #TF_VEC]
	mov	r0, sp
	bl	kernel_trap
	ldr	r1, [sp, #TF_SPSR]
	ldr	r0, =UMBRA_HC_SET_SPSR
	svc	#0
	add	sp, sp, #8
	pop	{r0-r12, lr}
	svc	#1
.endm

vec_reset:	trap	VEC_RESET
vec_und:	trap	VEC_UND
vec_svc:	trap	VEC_SVC
vec_pabt:	trap	VEC_PABT
vec_dabt:	trap	VEC_DABT
vec_unused:	trap	VEC_UNUSED
vec_irq:	trap	VEC_IRQ
vec_fiq:	trap	VEC_FIQ
	.ltorg

	.text
/* set_mode MODE|MASKS: UMBRA_HC_SET_CPSR_C, clobbers r0-r3 */
.macro	set_mode bits
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	ldr	r1, =\bits
	svc	#0
.endm

/* exc_stacks_init(): SP_abt and SP_und, back in the caller's mode */
	.global	exc_stacks_init
	.type	exc_stacks_init, %function
exc_stacks_init:
	push	{r4, lr}
	ldr	r0, =UMBRA_HC_GET_CPSR
	svc	#0
	ldr	r1, =PSR_CTRL
	and	r4, r0, r1
	set_mode (PSR_MODE_ABT | PSR_A | PSR_I | PSR_F)
	ldr	sp, =abt_stack + EXC_STACK_SIZE
	set_mode (PSR_MODE_UND | PSR_A | PSR_I | PSR_F)
	ldr	sp, =und_stack + EXC_STACK_SIZE
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	mov	r1, r4
	svc	#0				@ back: SP_svc, LR_svc again
	pop	{r4, pc}
	.size	exc_stacks_init, . - exc_stacks_init
	.ltorg

/*
 * enter_user(entry, sp, a0, a1, a2): SP_usr through System mode (which
 * shares it), SPSR_svc = User mode with A, I and F masked (umbra delivers
 * no interrupts to this kernel) and T from bit 0 of entry, LR_svc =
 * entry, then the exception return.
 */
	.global	enter_user
	.type	enter_user, %function
enter_user:
	ldr	r8, [sp]			@ a2, the fifth argument
	mov	r4, r0				@ entry
	mov	r5, r1				@ user sp
	mov	r6, r2				@ a0
	mov	r7, r3				@ a1
	ldr	r0, =UMBRA_HC_GET_CPSR
	svc	#0
	ldr	r1, =PSR_CTRL
	and	r9, r0, r1			@ this mode (SVC) and masks
	set_mode (PSR_MODE_SYS | PSR_A | PSR_I | PSR_F)
	mov	sp, r5				@ SP_usr
	mov	lr, #0				@ LR_usr
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	mov	r1, r9
	svc	#0
	ldr	r0, =UMBRA_HC_SET_SPSR
	ldr	r1, =(PSR_MODE_USR | PSR_A | PSR_I | PSR_F)	@ no interrupts
	tst	r4, #1
	orrne	r1, r1, #PSR_T
	svc	#0
	bic	lr, r4, #1			@ LR_svc = entry
	user_eret
	.size	enter_user, . - enter_user
	.ltorg

/* CP15 accessors (B4.1 for each register; the macros: <umbra/arm.h>) */
	cp15_read	read_sctlr, 0, c1, c0, 0
	cp15_write	write_sctlr, 0, c1, c0, 0
	cp15_write	write_ttbr0, 0, c2, c0, 0
	cp15_write	write_ttbcr, 0, c2, c0, 2
	cp15_write	write_dacr, 0, c3, c0, 0
	cp15_read	read_vbar, 0, c12, c0, 0
	cp15_write	write_vbar, 0, c12, c0, 0
	cp15_read	read_dfsr, 0, c5, c0, 0
	cp15_read	read_ifsr, 0, c5, c0, 1
	cp15_read	read_dfar, 0, c6, c0, 0
	cp15_read	read_ifar, 0, c6, c0, 2
	cp15_write	tlbiall, 0, c8, c7, 0

	.bss
	.balign	8
abt_stack:	.space	EXC_STACK_SIZE
und_stack:	.space	EXC_STACK_SIZE

	.section .note.GNU-stack, "", %progbits
