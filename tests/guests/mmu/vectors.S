/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmu guest: exception vectors, CP15 accessors, probes and the User-mode
 * program. ARM state throughout; the C code calling in is Thumb.
 *
 * The guest kernel runs in PL0 under umbra, so the privileged parts of an
 * ARMv7 kernel are paravirtual here (Documentation/hypercalls.rst):
 * exception return is "svc #1" (PC <- LR, CPSR <- SPSR of the current
 * mode) after adjusting LR, and the CPSR and SPSR are read and written
 * with the PSR hypercalls, never with MRS/MSR/CPS. MRC/MCR to CP15 are
 * used as on hardware: umbra emulates them in virtual privileged modes.
 * See mmu_guest.h for what each handler does.
 */
#include <linux/umbra_hypercall.h>
#include "mmu_guest.h"

	.syntax	unified
	.arch	armv7-a
	.arm

/* ------------------------------------------------------------------ */
/* Vectors (VBAR), 32-byte aligned                                     */

	.section .text.vectors, "ax", %progbits
	.balign	32
	.global	vectors
vectors:
	vector_table

/*
 * record VEC, FSR_OP2, FAR_OP2 - push r0-r5, r12, lr on the mode's stack
 * and log the exception; FSR_OP2 < 0: no FSR/FAR (logged as 0). Leaves
 * r12 = the record, r4/r5 scratch; the stacked lr is at [sp, #28].
 */
.macro	record vec, fsr_op2, far_op2
	push	{r0-r5, r12, lr}
	ldr	r4, =exc_n
	ldr	r5, [r4]
	cmp	r5, #EXC_LOG_LEN
	movhs	r5, #EXC_LOG_LEN - 1
	ldr	r12, =exc_log
	add	r12, r12, r5, lsl #5
	mov	r0, #\vec
	str	r0, [r12, #REC_VEC]
	str	lr, [r12, #REC_LR]
	.if	\fsr_op2 >= 0
	mrc	p15, 0, r0, c5, c0, \fsr_op2
	mrc	p15, 0, r1, c6, c0, \far_op2
	.else
	mov	r0, #0
	mov	r1, #0
	.endif
	str	r0, [r12, #REC_FSR]
	str	r1, [r12, #REC_FAR]
	ldr	r0, [sp]			@ interrupted r0
	str	r0, [r12, #REC_R0]
	str	r7, [r12, #REC_R7]
	ldr	r0, =UMBRA_HC_GET_SPSR
	svc	#0				@ r0-r3 change, r4-r14 kept
	str	r0, [r12, #REC_SPSR]
	ldr	r0, =UMBRA_HC_GET_CPSR
	svc	#0
	str	r0, [r12, #REC_CPSR]
	ldr	r5, [r4]
	add	r5, r5, #1
	str	r5, [r4]
.endm

/* Restore and return (svc #1) to the LR stored at [sp, #28]. */
.macro	eret
	pop	{r0-r5, r12, lr}
	svc	#1
.endm

/*
 * r0 = address of the instruction that trapped, r1 = its SPSR: r0 <- the
 * address of the next instruction (ARM: +4; Thumb: +2 or +4, by the first
 * halfword, ARM ARM A6.1). Clobbers r2.
 */
next_insn:
	tst	r1, #PSR_T
	addeq	r0, r0, #4
	bxeq	lr
	ldrh	r2, [r0]
	lsr	r2, r2, #11
	cmp	r2, #0x1d
	addhs	r0, r0, #4
	addlo	r0, r0, #2
	bx	lr

vec_dabt:
	record	VEC_DABT, 0, 0
	/* demand paging: install the pending entry and retry */
	ldr	r0, =fix_ptr
	ldr	r1, [r0]
	cmp	r1, #0
	beq	1f
	ldr	r2, =fix_val
	ldr	r2, [r2]
	str	r2, [r1]
	mov	r2, #0
	str	r2, [r0]
	dsb
	ldr	r2, [r12, #REC_FAR]
	mcr	p15, 0, r2, c8, c7, 3		@ TLBIMVAA
	ldr	r0, [sp, #28]
	sub	r0, r0, #8			@ the access again
	b	3f
1:	ldr	r0, =exc_fixup
	ldr	r1, [r0]
	cmp	r1, #0
	beq	2f
	mov	r2, #0
	str	r2, [r0]
	mov	r0, r1
	b	3f
2:	ldr	r0, [sp, #28]
	sub	r0, r0, #8			@ LR_abt = access + 8
	ldr	r1, [r12, #REC_SPSR]
	bl	next_insn
3:	str	r0, [sp, #28]
	eret

vec_pabt:
	record	VEC_PABT, 1, 2
	ldr	r0, =exc_fixup
	ldr	r1, [r0]
	cmp	r1, #0
	beq	dead_pabt
	mov	r2, #0
	str	r2, [r0]
	str	r1, [sp, #28]
	eret

vec_und:
	record	VEC_UND, -1, -1
	ldr	r0, [sp, #28]
	ldr	r1, [r12, #REC_SPSR]
	tst	r1, #PSR_T
	subeq	r0, r0, #4			@ LR_und = insn + 4 (ARM)
	subne	r0, r0, #2			@ insn + 2 (Thumb)
	bl	next_insn
	str	r0, [sp, #28]
	eret

/* A system call from User mode. LR_svc is the next instruction already. */
vec_svc:
	record	VEC_SVC, -1, -1
	cmp	r7, #SYS_EXIT
	beq	sys_exit
	eret
sys_exit:
	ldr	r0, [sp]			@ the user's r0
	ldr	r4, =kctx
	str	r0, [r4, #8]
	ldr	sp, [r4]			@ SP_svc of enter_user()
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	ldr	r1, [r4, #4]			@ its CPSR control bits
	svc	#0
	ldr	r0, [r4, #8]
	pop	{r4-r11, pc}			@ return from enter_user()

vec_reset:
vec_unused:
vec_irq:
vec_fiq:
	record	VEC_UNUSED, -1, -1
	mov	r1, #EXC_DEAD_OTHER
	b	die
dead_pabt:
	mov	r1, #EXC_DEAD_PABT
die:	ldr	r0, =UMBRA_HC_SHUTDOWN
	svc	#0
	b	die
	.ltorg

/* ------------------------------------------------------------------ */
/* The high vectors: a page of its own, mapped at 0xffff0000 by the     */
/* test. Position independent: absolute addresses from literals.       */

	.section .text.hivec, "ax", %progbits
	.balign	4096
	.global	hivec_page
hivec_page:
	ldr	pc, 10f
	ldr	pc, 11f
	ldr	pc, 12f
	ldr	pc, 13f
	ldr	pc, 14f
	ldr	pc, 10f
	ldr	pc, 10f
	ldr	pc, 10f
10:	.word	vec_reset
11:	.word	hi_und
12:	.word	hi_svc
13:	.word	hi_pabt
14:	.word	hi_dabt

	.text
/* count the exception, then the normal handler */
.macro	hi_count target
	push	{r0, r1}
	ldr	r0, =hivec_hits
	ldr	r1, [r0]
	add	r1, r1, #1
	str	r1, [r0]
	pop	{r0, r1}
	b	\target
.endm
hi_und:	hi_count vec_und
hi_svc:	hi_count vec_svc
hi_pabt: hi_count vec_pabt
hi_dabt: hi_count vec_dabt
	.ltorg

/* ------------------------------------------------------------------ */
/* Set up SP_abt and SP_und (mode changes with UMBRA_HC_SET_CPSR_C)     */

	.global	exc_init
	.type	exc_init, %function
exc_init:
	push	{r4, lr}
	ldr	r0, =UMBRA_HC_GET_CPSR
	svc	#0
	ldr	r1, =0x1df
	and	r4, r0, r1			@ mode, F, I, A now
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	ldr	r1, =(PSR_MODE_ABT | PSR_A | PSR_I | PSR_F)
	svc	#0
	ldr	sp, =abt_stack + 4096		@ SP_abt
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	ldr	r1, =(PSR_MODE_UND | PSR_A | PSR_I | PSR_F)
	svc	#0
	ldr	sp, =und_stack + 4096		@ SP_und
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	mov	r1, r4
	svc	#0				@ back: SP_svc, LR_svc again
	pop	{r4, pc}
	.size	exc_init, . - exc_init
	.ltorg

/*
 * enter_user(entry, sp, a0, a1, a2): SP_usr through System mode, then an
 * exception return to User mode at entry. sys_exit comes back.
 */
	.global	enter_user
	.type	enter_user, %function
enter_user:
	push	{r4-r11, lr}
	ldr	r8, [sp, #36]			@ a2, the fifth argument
	ldr	r4, =kctx
	str	sp, [r4]
	mov	r5, r0				@ entry
	mov	r6, r2				@ a0
	mov	r7, r3				@ a1
	mov	r9, r1				@ user sp
	ldr	r0, =UMBRA_HC_GET_CPSR
	svc	#0
	ldr	r1, =0x1df
	and	r0, r0, r1
	str	r0, [r4, #4]
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	ldr	r1, =(PSR_MODE_SYS | PSR_A | PSR_I | PSR_F)
	svc	#0
	mov	sp, r9				@ SP_usr (System mode shares it)
	mov	lr, #0
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	ldr	r1, [r4, #4]
	svc	#0
	ldr	r0, =UMBRA_HC_SET_SPSR
	mov	r1, #PSR_MODE_USR
	svc	#0
	mov	lr, r5				@ LR_svc = entry
	user_eret
	.size	enter_user, . - enter_user
	.ltorg

/* ------------------------------------------------------------------ */
/* CP15 accessors                                                      */

/* the macros: <umbra/arm.h> */
	cp15_read	read_sctlr, 0, c1, c0, 0
	cp15_write	write_sctlr, 0, c1, c0, 0
	cp15_read	read_ttbr0, 0, c2, c0, 0
	cp15_write	write_ttbr0, 0, c2, c0, 0
	cp15_read	read_ttbr1, 0, c2, c0, 1
	cp15_write	write_ttbr1, 0, c2, c0, 1
	cp15_read	read_ttbcr, 0, c2, c0, 2
	cp15_write	write_ttbcr, 0, c2, c0, 2
	cp15_read	read_dacr, 0, c3, c0, 0
	cp15_write	write_dacr, 0, c3, c0, 0
	cp15_read	read_contextidr, 0, c13, c0, 1
	cp15_write	write_contextidr, 0, c13, c0, 1
	cp15_read	read_vbar, 0, c12, c0, 0
	cp15_write	write_vbar, 0, c12, c0, 0
	cp15_read	read_dfsr, 0, c5, c0, 0
	cp15_read	read_ifsr, 0, c5, c0, 1
	cp15_read	read_dfar, 0, c6, c0, 0
	cp15_read	read_ifar, 0, c6, c0, 2
	cp15_read	read_midr, 0, c0, c0, 0
	cp15_write	tlbiall, 0, c8, c7, 0
	cp15_write	tlbimva, 0, c8, c7, 1
	cp15_write	tlbiasid, 0, c8, c7, 2
	cp15_write	tlbimvaa, 0, c8, c7, 3
	cp15_write	tlbiallis, 0, c8, c3, 0
	cp15_write	tlbimvais, 0, c8, c3, 1

	.global	cp15_barriers
	.type	cp15_barriers, %function
cp15_barriers:
	mov	r0, #0
	mcr	p15, 0, r0, c7, c10, 4		@ CP15DSB
	mcr	p15, 0, r0, c7, c5, 4		@ CP15ISB
	mcr	p15, 0, r0, c7, c10, 5		@ CP15DMB
	mcr	p15, 0, r0, c7, c5, 0		@ ICIALLU
	mcr	p15, 0, r0, c7, c5, 6		@ BPIALL
	bx	lr
	.size	cp15_barriers, . - cp15_barriers

/* ------------------------------------------------------------------ */
/* Probes                                                              */

	.global	probe_ldr, probe_ldr_insn
	.type	probe_ldr, %function
probe_ldr:
	mov	r1, r0
	ldr	r0, =PROBE_POISON
probe_ldr_insn:
	ldr	r0, [r1]
	bx	lr
	.size	probe_ldr, . - probe_ldr

	.global	probe_str, probe_str_insn
	.type	probe_str, %function
probe_str:
probe_str_insn:
	str	r1, [r0]
	bx	lr
	.size	probe_str, . - probe_str

	.global	probe_udf, probe_udf_insn
	.type	probe_udf, %function
probe_udf:
probe_udf_insn:
	udf	#0x42
	bx	lr
	.size	probe_udf, . - probe_udf

	.global	probe_mrc_impdef, probe_mrc_insn
	.type	probe_mrc_impdef, %function
probe_mrc_impdef:
	ldr	r0, =PROBE_POISON
probe_mrc_insn:
	mrc	p15, 0, r0, c15, c0, 0		@ IMPLEMENTATION DEFINED
	bx	lr
	.size	probe_mrc_impdef, . - probe_mrc_impdef

/* unprivileged loads and stores: PL0 permissions at any PL (A8.8.93) */
	.global	probe_ldrt, probe_ldrt_insn
	.type	probe_ldrt, %function
probe_ldrt:
	mov	r1, r0
	ldr	r0, =PROBE_POISON
probe_ldrt_insn:
	ldrt	r0, [r1]
	bx	lr
	.size	probe_ldrt, . - probe_ldrt

	.global	probe_strt, probe_strt_insn
	.type	probe_strt, %function
probe_strt:
probe_strt_insn:
	strt	r1, [r0]
	bx	lr
	.size	probe_strt, . - probe_strt

	.global	probe_ldm, probe_ldm_insn
	.type	probe_ldm, %function
probe_ldm:
	mov	r1, r0
	ldr	r0, =PROBE_POISON
	mov	r2, r0
probe_ldm_insn:
	ldm	r1, {r0, r2}
	bx	lr
	.size	probe_ldm, . - probe_ldm

	.global	try_jump
	.type	try_jump, %function
try_jump:
	push	{r4, lr}
	ldr	r1, =exc_fixup
	adr	r2, 1f
	str	r2, [r1]
	mov	r4, #0
	blx	r0				@ ARM state target
	b	2f
1:	mov	r4, #1				@ came back through exc_fixup
2:	ldr	r1, =exc_fixup
	mov	r2, #0
	str	r2, [r1]
	mov	r0, r4
	pop	{r4, pc}
	.size	try_jump, . - try_jump
	.ltorg

/* ------------------------------------------------------------------ */
/* The User-mode program, alone in its page (mapped PL0-readable at a   */
/* VA of the test's choosing). r0 = a User-readable VA, r1 = a PL1-only */
/* VA, r2 = a kernel (identity) VA.                                    */

	.section .text.user, "ax", %progbits
	.balign	4096
	.global	user_page, user_prog, user_ret_report1, user_ldr_pl1
	.global	user_str_ro, user_ldr_kernel, user_mrc, user_end
	.global	user_ret_hc, user_ret_svc1
user_page:
user_prog:
	mov	r4, r0
	mov	r5, r1
	mov	r6, r2
	mov	r7, #SYS_REPORT
	ldr	r0, [r4]			@ readable: fine
	svc	#0				@ report 1: the value
user_ret_report1:
	movw	r0, #:lower16:PROBE_POISON
	movt	r0, #:upper16:PROBE_POISON
user_ldr_pl1:
	ldr	r0, [r5]			@ PL1 only: permission fault
	svc	#0				@ report 2: PROBE_POISON
user_str_ro:
	str	r0, [r4]			@ read-only at PL0: permission
user_ldr_kernel:
	ldr	r0, [r6]			@ kernel section: permission
user_mrc:
	mrc	p15, 0, r0, c1, c0, 0		@ SCTLR from User: Undefined
	push	{r4, r5}			@ the User stack
	pop	{r8, r9}
	mov	r0, r8
	svc	#0				@ report 3: r0 (the readable VA)
	movw	r0, #:lower16:UMBRA_HC_SHUTDOWN
	movt	r0, #:upper16:UMBRA_HC_SHUTDOWN
	mov	r1, #0x77
	svc	#0				@ report 4: not a hypercall
user_ret_hc:
	movw	r0, #0x5c1
	svc	#1				@ report 5: not an eret
user_ret_svc1:
	mov	r7, #SYS_EXIT
	movw	r0, #0x1234
	svc	#0
	b	.
user_end:

/* ------------------------------------------------------------------ */
/* Data                                                                */

	.data
	.balign	4
	.global	exc_n, exc_fixup, fix_ptr, fix_val, hivec_hits
exc_n:		.word	0
exc_fixup:	.word	0
fix_ptr:	.word	0
fix_val:	.word	0
hivec_hits:	.word	0
kctx:		.word	0, 0, 0		@ SP_svc, CPSR_c, the user's r0

	.bss
	.balign	32
	.global	exc_log
exc_log:	.space	EXC_LOG_LEN * REC_SIZE
	.balign	8
abt_stack:	.space	4096
und_stack:	.space	4096

	.section .note.GNU-stack, "", %progbits
