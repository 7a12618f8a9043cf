/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pvisa guest: vectors and test routines written with the REAL sensitive
 * instructions of an ARMv7 kernel (CPS, MRS/MSR of CPSR/SPSR, MOVS PC,
 * SUBS PC, LDM ^, STM ^, RFE, SRS). The build links this into
 * pvisa-unpatched.elf and tools/umbra-patch rewrites them into the SVC
 * encodings umbra emulates (include/uapi/linux/umbra_hypercall.h): the
 * shipped pvisa.elf has none left. ARM state; C (Thumb) calls in.
 *
 * Each routine leaves what it observed in an array the C code checks
 * against the ARM ARM (pvisa.c). Exceptions taken are recorded in
 * exc_rec: vector offset, LR, SPSR, DFSR, DFAR, count, SP_usr, LR_usr.
 */
#include <linux/umbra_hypercall.h>

	.syntax	unified
	.arch	armv7-a
	.arm

#define USR	0x10
#define FIQ	0x11
#define IRQ	0x12
#define SVC	0x13
#define ABT	0x17
#define UND	0x1b
#define SYS	0x1f

	.bss
	.balign	8
fiq_stack:	.space	512
	.global	fiq_top
fiq_top:
irq_stack:	.space	512
irq_top:
abt_stack:	.space	512
abt_top:
und_stack:	.space	512
und_top:
usr_stack:	.space	1024
	.global	usr_top
usr_top:
	.global	exc_rec
exc_rec:	.space	32	/* vec, lr, spsr, dfsr, dfar, count, sp_usr, lr_usr */
kernel_sp:	.space	4
rfe_frame:	.space	8

	.data
	.balign	4
	.global	user_init
user_init:	.word	usr_top, 0xdead0000	/* SP_usr, LR_usr */

/* ------------------------------------------------------------------ */
	.section .text.vectors, "ax", %progbits
	.balign	32
	.global	pv_vectors
pv_vectors:
	b	vec_bad			@ reset
	b	vec_und
	b	vec_svc
	b	vec_bad			@ prefetch abort
	b	vec_dabt
	b	vec_bad
	b	vec_bad			@ IRQ
	b	vec_bad			@ FIQ

/* An exception no test expects: stop with status 99. */
vec_bad:
	ldr	r0, =UMBRA_HC_SHUTDOWN
	mov	r1, #99
	svc	#0
	b	vec_bad

/* record VEC: exc_rec <- VEC, LR, SPSR; count + 1. Uses r0, r1. */
.macro	record vec
	ldr	r0, =exc_rec
	mov	r1, #\vec
	str	r1, [r0]
	str	lr, [r0, #4]
	mrs	r1, spsr
	str	r1, [r0, #8]
	ldr	r1, [r0, #20]
	add	r1, r1, #1
	str	r1, [r0, #20]
.endm

/* Undefined Instruction: resume after it (ARM: LR = insn + 4). */
vec_und:
	push	{r0, r1}
	record	0x04
	pop	{r0, r1}
	movs	pc, lr

/* Data Abort: record DFSR/DFAR, resume after the access (LR = insn + 8). */
vec_dabt:
	push	{r0, r1}
	record	0x10
	mrc	p15, 0, r1, c5, c0, 0	@ DFSR
	str	r1, [r0, #12]
	mrc	p15, 0, r1, c6, c0, 0	@ DFAR
	str	r1, [r0, #16]
	pop	{r0, r1}
	subs	pc, lr, #4

/*
 * System call from User mode (the only SVC that reaches the guest):
 * record it and User SP/LR, then return the User r0 from run_user().
 */
vec_svc:
	push	{r0, r1}
	record	0x08
	add	r1, r0, #24
	stmia	r1, {sp, lr}^
	pop	{r0, r1}
	ldr	r1, =kernel_sp
	ldr	sp, [r1]
	pop	{r4-r11, pc}

/* ------------------------------------------------------------------ */
	.text

/* void pv_setup(void): stacks of every mode, VBAR. From SVC mode. */
	.global	pv_setup
	.type	pv_setup, %function
pv_setup:
	push	{r4, lr}
	mrs	r4, cpsr
	cps	#IRQ
	ldr	sp, =irq_top
	cps	#ABT
	ldr	sp, =abt_top
	cps	#UND
	ldr	sp, =und_top
	cps	#FIQ
	ldr	sp, =fiq_top
	cps	#SYS
	ldr	sp, =usr_top
	msr	cpsr_c, r4
	ldr	r0, =pv_vectors
	mcr	p15, 0, r0, c12, c0, 0	@ VBAR
	isb
	pop	{r4, pc}

/* u32 get_cpsr(void), u32 get_spsr(void) */
	.global	get_cpsr
	.type	get_cpsr, %function
get_cpsr:
	mrs	r0, cpsr
	bx	lr
	.global	get_spsr
	.type	get_spsr, %function
get_spsr:
	mrs	r0, spsr
	bx	lr

/*
 * void t_modes(u32 out[14]): CPS between modes, banked SP, LR and r8.
 *  0 SP_svc  1 LR_svc  2 CPSR in IRQ  3 SP_fiq  4 r8 in SVC after FIQ
 *  5 SP_svc  6 LR_svc  7 SP_irq  8 LR_irq  9 r8_fiq  10 SP in SYS
 * 11 CPSR in SYS  12 CPSR after MSR back  13 CPSR at entry
 */
	.global	t_modes
	.type	t_modes, %function
t_modes:
	push	{r4-r11, lr}
	mov	r4, r0
	mrs	r5, cpsr
	mov	r8, #0x88
	str	sp, [r4, #0]
	str	lr, [r4, #4]
	cps	#IRQ
	mrs	r1, cpsr
	str	r1, [r4, #8]
	mov	r6, sp
	mov	r7, lr
	ldr	sp, =0x11110000
	ldr	lr, =0x22220000
	cps	#FIQ
	mov	r8, #0x99
	str	sp, [r4, #12]
	cps	#SVC
	str	r8, [r4, #16]
	str	sp, [r4, #20]
	str	lr, [r4, #24]
	cps	#IRQ
	str	sp, [r4, #28]
	str	lr, [r4, #32]
	mov	sp, r6
	mov	lr, r7
	cps	#FIQ
	str	r8, [r4, #36]
	cps	#SYS
	str	sp, [r4, #40]
	mrs	r1, cpsr
	str	r1, [r4, #44]
	msr	cpsr_c, r5
	mrs	r1, cpsr
	str	r1, [r4, #48]
	str	r5, [r4, #52]
	pop	{r4-r11, pc}

/*
 * void t_masks(u32 out[5]): CPS with A/I/F, with and without a mode;
 * out[4] = CPSR at entry.
 */
	.global	t_masks
	.type	t_masks, %function
t_masks:
	mrs	r3, cpsr
	str	r3, [r0, #16]
	cpsid	aif
	mrs	r1, cpsr
	str	r1, [r0]
	cpsie	if
	mrs	r1, cpsr
	str	r1, [r0, #4]
	cpsid	i, #SYS
	mrs	r1, cpsr
	str	r1, [r0, #8]
	cpsie	a, #SVC
	mrs	r1, cpsr
	str	r1, [r0, #12]
	msr	cpsr_xc, r3		@ A is in the x byte
	bx	lr

/*
 * void t_msr(u32 out[7]): MSR/MRS of CPSR and SPSR, register and
 * immediate forms, conditional forms taken and not.
 *  0 CPSR after msr cpsr_fc  1 CPSR at entry  2 r2 after mrsne (not
 *  taken)  3 mrseq  4 SPSR after msrne/msreq  5 after msr spsr_f, #imm
 *  6 CPSR after msr cpsr_c, #0xd3 from SYS
 */
	.global	t_msr
	.type	t_msr, %function
t_msr:
	push	{r4, r5, lr}
	mrs	r5, cpsr
	mrs	r4, spsr
	ldr	r1, =0x500000df
	msr	cpsr_fc, r1
	mrs	r2, cpsr
	str	r2, [r0]
	str	r5, [r0, #4]
	msr	cpsr_c, #0xd3
	mrs	r2, cpsr
	str	r2, [r0, #24]
	ldr	r3, =0x12345678
	mov	r2, r3
	cmp	r0, r0
	mrsne	r2, cpsr
	str	r2, [r0, #8]
	mrseq	r2, cpsr
	str	r2, [r0, #12]
	ldr	r1, =0x600000d0
	cmp	r0, r0
	msrne	spsr_fsxc, r3
	msreq	spsr_fsxc, r1
	mrs	r2, spsr
	str	r2, [r0, #16]
	msr	spsr_f, #0x80000000
	mrs	r2, spsr
	str	r2, [r0, #20]
	msr	spsr_fsxc, r4
	msr	cpsr_fc, r5
	pop	{r4, r5, pc}

/*
 * u32 run_user(entry, variant, r0): enter User mode at entry with r0,
 * SP_usr = usr_top, LR_usr = 0xdead0000, by the exception return of
 * @variant: 0 MOVS PC, LR; 1 SUBS PC, LR, #4; 2 LDMFD SP!, {R0, PC}^;
 * 3 RFEIA; 4 conditional forms not taken, then MOVSEQ. The User code's
 * SVC comes back through vec_svc: the User r0 is returned.
 */
	.global	run_user
	.type	run_user, %function
run_user:
	push	{r4-r11, lr}
	ldr	r3, =kernel_sp
	str	sp, [r3]
	ldr	r3, =user_init
	ldmia	r3, {sp, lr}^
	msr	spsr_fsxc, #USR
	cmp	r1, #1
	beq	1f
	cmp	r1, #2
	beq	2f
	cmp	r1, #3
	beq	3f
	cmp	r1, #4
	beq	4f
	mov	lr, r0
	mov	r0, r2
	movs	pc, lr
1:	add	lr, r0, #4
	mov	r0, r2
	subs	pc, lr, #4
2:	mov	r3, r0
	push	{r2, r3}
	ldmfd	sp!, {r0, pc}^
3:	ldr	r3, =rfe_frame
	str	r0, [r3]
	mov	r1, #USR
	str	r1, [r3, #4]
	mov	r0, r2
	rfeia	r3
4:	mov	lr, r0
	mov	r0, r2
	cmp	r0, r0
	movsne	pc, lr
	subsne	pc, lr, #4
	ldmfdne	sp!, {r0, pc}^
	movseq	pc, lr
	b	vec_bad

/* User mode: r0 += SP_usr, system call. */
	.global	user_prog
	.type	user_prog, %function
user_prog:
	add	r0, r0, sp
	.global	user_svc
user_svc:
	svc	#0
	b	vec_bad

/*
 * void t_srs(u32 out[2], u32 buf[4]): SRS to System mode's stack (SP_usr,
 * set and read with LDM/STM of User registers), with writeback.
 *  SPSR_svc = 0x20000010, LR = 0xabcd0000:
 *  srsdb sp!, #SYS with SP_usr = buf + 8; out[0] = SP_usr
 *  srsib sp!, #SYS; out[1] = SP_usr
 */
	.global	t_srs
	.type	t_srs, %function
t_srs:
	push	{r4, r5, lr}
	mrs	r5, spsr
	ldr	r2, =0x20000010
	msr	spsr_fsxc, r2
	add	r3, r1, #8
	str	r3, [r0]
	ldmia	r0, {sp}^
	ldr	lr, =0xabcd0000
	srsdb	sp!, #SYS
	stmia	r0, {sp}^
	srsib	sp!, #SYS
	add	r3, r0, #4
	stmia	r3, {sp}^
	ldr	r3, =user_init
	ldmia	r3, {sp, lr}^
	msr	spsr_fsxc, r5
	pop	{r4, r5, pc}

/*
 * void t_user_bank(u32 out[13]): from FIQ mode, LDM ^ loads User r8-r14
 * (not the FIQ bank), STM ^ stores them: out[0-6]; out[7] = r8_fiq;
 * out[8-12] = r8-r12 seen from SVC mode (User's, shared).
 */
	.global	t_user_bank
	.type	t_user_bank, %function
t_user_bank:
	push	{r4-r11, lr}
	cps	#FIQ
	mov	r8, #0x77
	ldr	r1, =user_bank_vals
	ldmia	r1, {r8-r14}^
	stmia	r0, {r8-r14}^
	str	r8, [r0, #28]
	cps	#SVC
	add	r3, r0, #32
	stmia	r3, {r8-r12}
	ldr	r3, =user_init
	ldmia	r3, {sp, lr}^
	pop	{r4-r11, pc}

	.data
user_bank_vals:
	.word	0x80, 0x90, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0
	.text

/*
 * u32 fault_stm(addr), fault_ldm(addr), fault_rfe(addr): one access at
 * an unaligned addr, a Data Abort (alignment); return the address of the
 * faulting instruction.
 */
	.global	fault_stm
	.type	fault_stm, %function
fault_stm:
	adr	r1, 1f
1:	stmia	r0, {r1}^
	mov	r0, r1
	bx	lr

	.global	fault_ldm
	.type	fault_ldm, %function
fault_ldm:
	adr	r1, 1f
1:	ldmia	r0, {r2, pc}^
	mov	r0, r1
	bx	lr

	.global	fault_rfe
	.type	fault_rfe, %function
fault_rfe:
	adr	r1, 1f
1:	rfeia	r0
	mov	r0, r1
	bx	lr

/*
 * u32 und_msr(void), und_mrs_sys(void), und_eret_sys(void): forms that
 * are UNPREDICTABLE at PL1, a virtual Undefined Instruction under umbra;
 * return the address of the instruction.
 */
	.global	und_msr
	.type	und_msr, %function
und_msr:
	adr	r1, 1f
1:	msr	cpsr_c, #0xd6		@ mode 0x16: Monitor, not a mode here
	mov	r0, r1
	bx	lr

	.global	und_mrs_sys
	.type	und_mrs_sys, %function
und_mrs_sys:
	cps	#SYS
	adr	r1, 1f
1:	mrs	r0, spsr		@ System mode has no SPSR
	cps	#SVC
	mov	r0, r1
	bx	lr

	.global	und_eret_sys
	.type	und_eret_sys, %function
und_eret_sys:
	push	{lr}
	cps	#SYS
	adr	r1, 1f
	adr	lr, 2f
1:	movs	pc, lr			@ no SPSR to return with
2:	cps	#SVC
	mov	r0, r1
	pop	{pc}

/* u32 stm_ldm_user(addr, val): STM ^ of val to addr, LDM ^ back */
	.global	stm_ldm_user
	.type	stm_ldm_user, %function
stm_ldm_user:
	stmia	r0, {r1}^
	mov	r2, #0
	ldmia	r0, {r2}^
	mov	r0, r2
	bx	lr

/* void mmu_on(u32 ttbr0): TTBCR 0, every domain client, SCTLR.M on */
	.global	mmu_on
	.type	mmu_on, %function
mmu_on:
	mcr	p15, 0, r0, c2, c0, 0	@ TTBR0
	mov	r1, #0
	mcr	p15, 0, r1, c2, c0, 2	@ TTBCR
	ldr	r1, =0x55555555
	mcr	p15, 0, r1, c3, c0, 0	@ DACR
	mcr	p15, 0, r1, c8, c7, 0	@ TLBIALL
	dsb
	isb
	mrc	p15, 0, r1, c1, c0, 0
	orr	r1, r1, #1
	mcr	p15, 0, r1, c1, c0, 0	@ SCTLR.M
	isb
	bx	lr

/* void mmu_off(void) */
	.global	mmu_off
	.type	mmu_off, %function
mmu_off:
	mrc	p15, 0, r1, c1, c0, 0
	bic	r1, r1, #1
	mcr	p15, 0, r1, c1, c0, 0
	isb
	bx	lr
