/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crashme guest: exception vectors, handlers and the entry into the random
 * code. ARM state; the C code calling run_guest() is Thumb.
 *
 * Everything here lives in three pages of their own, because the sandbox
 * address space of SVC-mode sequences maps exactly these (crashme.c):
 *
 *   vec_page  this text: vectors, handlers, run_guest()  PL1 read/execute
 *   hro_page  struct hro: the sandbox switch, the two    PL1 read-only
 *             TTBR0 values, the kernel's SP and CPSR
 *             control bits, the fast path's limits
 *   hpage     hctx, hsave, hfast                         PL1 read/write
 *
 * The random code may have left any value in any register, its own SP
 * included, so a handler trusts none of them: it loads SP from a literal
 * and saves r0-r12 and LR in hsave. Then:
 *
 * - fast path (User-mode sequences, hro.fast): an Undefined Instruction,
 *   Data Abort or system call at an instruction of the sequence, later
 *   than the last one resumed after, is counted in hfast and resumed at
 *   the next instruction straight away (LR adjusted, svc #1). A Thumb
 *   sequence reads the SPSR first (UMBRA_HC_GET_SPSR) and leaves IT
 *   blocks, another state or mode to the slow path; an ARM sequence
 *   cannot leave ARM state or User mode without leaving its page.
 * - slow path, everything else: read the SPSR and the fault status (MRC,
 *   emulated by umbra), switch back to the kernel's table if the sequence
 *   ran in the sandbox, return to SVC mode with UMBRA_HC_SET_CPSR_C and
 *   return from run_guest() on the kernel's stack; the C code decides.
 *
 * No conditional MRC/MCR: whether a coprocessor instruction that fails
 * its condition check traps is IMPLEMENTATION DEFINED.
 */
#include <linux/umbra_hypercall.h>
#include "crashme.h"

	.syntax	unified
	.arch	armv7-a
	.arm

	.section .text.crashme_vec, "ax", %progbits
	.balign	4096
	.global	vec_page, vectors
vec_page:
vectors:
	vector_table

.macro	entry vec
	ldr	sp, =hsave
	stm	sp, {r0-r12}
	str	lr, [sp, #HS_LR]
	mov	r4, #\vec
	b	common
.endm

vec_reset:	entry	VEC_RESET
vec_und:	entry	VEC_UND
vec_svc:	entry	VEC_SVC
vec_pabt:	entry	VEC_PABT
vec_dabt:	entry	VEC_DABT
vec_unused:	entry	VEC_UNUSED
vec_irq:	entry	VEC_IRQ
vec_fiq:	entry	VEC_FIQ

/*
 * r4 = vector offset, sp = hsave, lr = the exception mode's LR.
 * Fast path registers: r6 = hro, r7 = Thumb, r8 = the instruction,
 * r9 = hfast, r10 = where to resume.
 */
common:
	mov	r5, sp
	str	r4, [r5, #HS_VEC]
	ldr	r6, =hro
	ldr	r0, [r6, #HRO_FAST]
	cmp	r0, #0
	beq	slow
	ldr	r7, [r6, #HRO_FAST_THUMB]
	cmp	r7, #0
	beq	1f
	ldr	r0, =UMBRA_HC_GET_SPSR
	svc	#0
	ldr	r1, =(PSR_IT_MASK | PSR_T | PSR_MODE_MASK)
	and	r0, r0, r1
	cmp	r0, #(PSR_T | PSR_MODE_USR)
	bne	slow
1:	cmp	r4, #VEC_DABT
	subeq	r8, lr, #8			@ LR_abt = insn + 8
	beq	2f
	cmp	r4, #VEC_UND
	cmpne	r4, #VEC_SVC
	bne	slow
	cmp	r7, #0
	subeq	r8, lr, #4			@ LR_und = insn + 4 / 2
	subne	r8, lr, #2			@ LR_svc = insn + 4 / 2
2:	ldr	r0, [r6, #HRO_FAST_CODE]
	cmp	r8, r0
	blo	slow
	ldr	r0, [r6, #HRO_FAST_END]
	cmp	r8, r0
	bhs	slow
	ldr	r9, =hfast
	ldr	r0, [r9, #HF_LAST]
	cmp	r8, r0
	bls	slow				@ no progress: for the C code
	ldr	r0, [r9, #HF_COUNT]
	ldr	r1, [r6, #HRO_FAST_MAX]
	cmp	r0, r1
	bhs	slow
	add	r0, r0, #1
	str	r0, [r9, #HF_COUNT]
	str	r8, [r9, #HF_LAST]
	cmp	r4, #VEC_SVC
	moveq	r10, lr				@ after the SVC already
	beq	3f
	cmp	r7, #0
	addeq	r10, r8, #4
	beq	3f
	ldrh	r0, [r8]			@ Thumb: 16 or 32 bits (A6.1)
	lsr	r0, r0, #11
	cmp	r0, #0x1d
	addhs	r10, r8, #4
	addlo	r10, r8, #2
3:	add	r0, r9, #HF_EXC
	ldr	r1, [r0, r4]			@ exc[vector / 4]
	add	r1, r1, #1
	str	r1, [r0, r4]
	cmp	r4, #VEC_DABT
	bne	4f
	mrc	p15, 0, r0, c5, c0, 0		@ DFSR
	and	r1, r0, #0xf
	tst	r0, #0x400
	orrne	r1, r1, #0x10			@ FS[4]
	add	r0, r9, #HF_FS
	ldr	r2, [r0, r1, lsl #2]
	add	r2, r2, #1
	str	r2, [r0, r1, lsl #2]
4:	mov	lr, r10
	ldm	sp, {r0-r12}
	svc	#1				@ resume: PC = LR, CPSR = SPSR

slow:
	ldr	r0, =UMBRA_HC_GET_SPSR
	svc	#0
	str	r0, [r5, #HS_SPSR]
	mov	r0, #0
	cmp	r4, #VEC_DABT
	bne	1f
	mrc	p15, 0, r0, c5, c0, 0		@ DFSR
	b	2f
1:	cmp	r4, #VEC_PABT
	bne	2f
	mrc	p15, 0, r0, c5, c0, 1		@ IFSR
2:	str	r0, [r5, #HS_FSR]
	ldr	r6, =hro
	ldr	r0, [r6, #HRO_SANDBOX]
	cmp	r0, #0
	beq	3f
	ldr	r0, [r6, #HRO_KERN_TTBR0]
	mcr	p15, 0, r0, c2, c0, 0		@ TTBR0: the kernel's table
	isb
3:	ldr	r1, [r6, #HRO_CPSR_C]
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	svc	#0				@ SVC mode: SP_svc, LR_svc now
	str	sp, [r5, #HS_SVC_SP]
	str	lr, [r5, #HS_SVC_LR]
	mov	r0, r4
back:	ldr	r1, =hro
	ldr	sp, [r1, #HRO_SP]
	pop	{r4-r11, pc}			@ return from run_guest()

/*
 * uint32_t run_guest(void) - enter hctx. User mode is entered from System
 * mode (SP_usr, LR_usr) or directly, SVC mode after setting SP_svc and
 * LR_svc; either way the last step is an exception return (svc #1) from
 * Undefined mode, whose LR and SPSR are free to hold the target PC and
 * CPSR. With hro.sandbox, TTBR0 switches to the sandbox table just
 * before, from this page, which the sandbox maps.
 */
	.global	run_guest
	.type	run_guest, %function
run_guest:
	push	{r4-r11, lr}
	ldr	r4, =hro
	str	sp, [r4, #HRO_SP]
	ldr	r5, =hctx
	ldr	r6, [r5, #CX_HOW]
	cmp	r6, #HOW_USR_FRESH
	bne	1f
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	ldr	r1, =(PSR_MODE_SYS | PSR_A | PSR_I | PSR_F)
	svc	#0
	ldr	sp, [r5, #CX_SP]		@ SP_usr
	ldr	lr, [r5, #CX_LR]		@ LR_usr
	b	2f
1:	cmp	r6, #HOW_SVC
	bne	2f
	ldr	sp, [r5, #CX_SP]		@ SP_svc: the kernel's is in hro
	ldr	lr, [r5, #CX_LR]		@ LR_svc
2:	ldr	r0, =UMBRA_HC_SET_CPSR_C
	ldr	r1, =(PSR_MODE_UND | PSR_A | PSR_I | PSR_F)
	svc	#0
	ldr	r0, =UMBRA_HC_SET_SPSR
	ldr	r1, [r5, #CX_CPSR]
	svc	#0				@ SPSR_und = the target CPSR
	cmp	r0, #0
	bne	bad_spsr
	ldr	lr, [r5, #CX_PC]		@ LR_und = the target PC
	mov	r0, #0
	str	r0, [r5, #CX_PC]		@ leave no code address behind
	ldr	r0, [r4, #HRO_SANDBOX]
	cmp	r0, #0
	beq	3f
	ldr	r0, [r4, #HRO_SBX_TTBR0]
	mcr	p15, 0, r0, c2, c0, 0		@ TTBR0: the sandbox
	isb
3:	mov	sp, r5
	ldm	sp, {r0-r12}
	svc	#1				@ PC = LR_und, CPSR = SPSR_und

bad_spsr:
	ldr	r1, [r4, #HRO_CPSR_C]
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	svc	#0
	mov	r0, #VEC_BAD_SPSR
	b	back
	.size	run_guest, . - run_guest
	.ltorg

	.global	vec_page_end
	.balign	4096
vec_page_end:

/* ------------------------------------------------------------------ */
/* The handler pages: each alone in its page (.balign at both ends).   */

	.section .data.crashme_hro, "aw", %progbits
	.balign	4096
	.global	hro_page, hro
hro_page:
hro:		.space	HRO_SIZE
	.balign	4096

	.section .data.crashme_h, "aw", %progbits
	.balign	4096
	.global	hpage, hctx, hsave, hfast
hpage:
hctx:		.space	CX_SIZE
	.balign	64
hsave:		.space	HS_SIZE
	.balign	64
hfast:		.space	HF_SIZE
	.balign	4096

	.section .note.GNU-stack, "", %progbits
