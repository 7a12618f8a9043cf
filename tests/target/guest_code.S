/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest code snippets for the umbra target tests; see guest_code.h for
 * what each one does and reports. ARM state, PL0-legal instructions only,
 * position independent: literals are placed inside each snippet.
 */
#include <linux/umbra_hypercall.h>
#include "guest_code.h"

#define SNIPPET_BEGIN(n)	\
	.balign 4;		\
	.global n##_start;	\
n##_start:

#define SNIPPET_END(n)		\
	.ltorg;			\
	.balign 4;		\
	.global n##_end;	\
n##_end:

	.syntax unified
	.arm
	/* Data for the host: the tests copy it into guest RAM. */
	.section .rodata.umbra_guest, "a"

/* shutdown(r1); a resume after shutdown must not run on silently */
.macro shutdown
	ldr	r0, =UMBRA_HC_SHUTDOWN
	svc	#0
	udf	#0
.endm

SNIPPET_BEGIN(guest_shutdown)
	mov	r1, #GUEST_DONE
	shutdown
SNIPPET_END(guest_shutdown)

SNIPPET_BEGIN(guest_loop)
	b	.
SNIPPET_END(guest_loop)

SNIPPET_BEGIN(guest_hc_call)
	svc	#0
	mov	r1, r0
	shutdown
SNIPPET_END(guest_hc_call)

SNIPPET_BEGIN(guest_hc_version)
	ldr	r0, =UMBRA_HC_VERSION
	svc	#0
	ldr	r2, =UMBRA_HC_ABI_VERSION
	mov	r1, r0
	cmp	r0, r2
	ldreq	r1, =GUEST_OK
	shutdown
SNIPPET_END(guest_hc_version)

SNIPPET_BEGIN(guest_hc_console)
	adr	r12, 9f			/* remember sp */
	str	sp, [r12]
	ldr	r0, =UMBRA_HC_CONSOLE_WRITE
	adr	r1, guest_hc_console_msg
	mov	r2, #GUEST_MSG_LEN
	ldr	r3, =GUEST_ARG3
	ldr	r4, =GUEST_ARG4
	ldr	r5, =GUEST_ARG5
	ldr	r6, =GUEST_ARG6
	ldr	r7, =0x77777777
	ldr	r8, =0x88888888
	ldr	r9, =0x99999999
	ldr	r10, =0xaaaaaaaa
	ldr	r11, =0xbbbbbbbb
	ldr	r12, =0xcccccccc
	ldr	lr, =0xeeeeeeee
	svc	#0
	push	{r0-r12, lr}		/* 14 words, compared with 7f */
	mov	r4, sp
	adr	r5, 7f
	mov	r6, #0
1:	ldr	r7, [r4, r6, lsl #2]
	ldr	r8, [r5, r6, lsl #2]
	cmp	r7, r8
	bne	2f
	add	r6, r6, #1
	cmp	r6, #14
	blo	1b
	add	r7, sp, #56		/* sp before the push */
	ldr	r8, 9f
	cmp	r7, r8
	bne	2f
	ldr	r1, =GUEST_OK
	shutdown
2:	ldr	r1, =GUEST_BAD_REG
	orr	r1, r1, r6
	shutdown
	.ltorg
7:	.word	GUEST_RET0, GUEST_RET1, GUEST_RET2, GUEST_RET3
	.word	GUEST_ARG4, GUEST_ARG5, GUEST_ARG6, 0x77777777
	.word	0x88888888, 0x99999999, 0xaaaaaaaa, 0xbbbbbbbb
	.word	0xcccccccc, 0xeeeeeeee
9:	.word	0
	.global	guest_hc_console_msg
guest_hc_console_msg:
	.ascii	GUEST_MSG
SNIPPET_END(guest_hc_console)

SNIPPET_BEGIN(guest_ram_pattern)
	add	r5, r0, r1		/* end */
1:	mov	r4, r0			/* write pass */
2:	eor	r6, r4, r2
	str	r6, [r4], #4
	cmp	r4, r5
	blo	2b
	mov	r4, r0			/* read back */
3:	ldr	r6, [r4]
	eor	r7, r4, r2
	cmp	r6, r7
	bne	4f
	add	r4, r4, #4
	cmp	r4, r5
	blo	3b
	subs	r3, r3, #1
	bne	1b
	ldr	r1, =GUEST_OK
	shutdown
4:	mov	r1, r4
	shutdown
SNIPPET_END(guest_ram_pattern)

SNIPPET_BEGIN(guest_mmio_ldr)
	ldr	r1, [r0]
	shutdown
SNIPPET_END(guest_mmio_ldr)

SNIPPET_BEGIN(guest_mmio_str)
	str	r1, [r0]
	ldr	r1, =GUEST_OK
	shutdown
SNIPPET_END(guest_mmio_str)

SNIPPET_BEGIN(guest_mmio_strb)
	strb	r1, [r0]
	ldr	r1, =GUEST_OK
	shutdown
SNIPPET_END(guest_mmio_strb)

SNIPPET_BEGIN(guest_mmio_ldrh)
	ldrh	r1, [r0, #2]
	shutdown
SNIPPET_END(guest_mmio_ldrh)

SNIPPET_BEGIN(guest_jump)
	bx	r0
SNIPPET_END(guest_jump)

SNIPPET_BEGIN(guest_undef_mrc)
	mrc	p15, 0, r0, c15, c0, 0		@ IMPLEMENTATION DEFINED
	mov	r1, #GUEST_DONE
	shutdown
SNIPPET_END(guest_undef_mrc)

SNIPPET_BEGIN(guest_cp15_sctlr)
	mrc	p15, 0, r1, c1, c0, 0		@ SCTLR, emulated
	shutdown
SNIPPET_END(guest_cp15_sctlr)

	.fpu	vfpv3-d16
SNIPPET_BEGIN(guest_vfp)
	vmov	d8, r0, r1
	vmov	r0, r1, d8
	mov	r1, #GUEST_DONE
	shutdown
SNIPPET_END(guest_vfp)

SNIPPET_BEGIN(guest_undef_udf)
	udf	#0
	mov	r1, #GUEST_DONE
	shutdown
SNIPPET_END(guest_undef_udf)

/*
 * mmu_on TTBR - TTBCR = 0, TTBR0 = TTBR, DACR = all client, TLBIALL,
 * SCTLR.M = 1 (CP15, emulated in the virtual SVC mode). Clobbers r12.
 */
.macro mmu_on ttbr
	mov	r12, #0
	mcr	p15, 0, r12, c2, c0, 2		@ TTBCR
	mcr	p15, 0, \ttbr, c2, c0, 0	@ TTBR0
	ldr	r12, =0x55555555
	mcr	p15, 0, r12, c3, c0, 0		@ DACR
	mcr	p15, 0, r12, c8, c7, 0		@ TLBIALL
	mrc	p15, 0, r12, c1, c0, 0
	orr	r12, r12, #1
	mcr	p15, 0, r12, c1, c0, 0		@ SCTLR.M
.endm

SNIPPET_BEGIN(guest_mmu_ldr)
	mmu_on	r0
	.global	guest_mmu_ldr_insn
guest_mmu_ldr_insn:
	ldr	r1, [r1]
	shutdown
SNIPPET_END(guest_mmu_ldr)

SNIPPET_BEGIN(guest_mmu_str)
	mmu_on	r0
	str	r2, [r1]
	ldr	r1, =GUEST_OK
	shutdown
SNIPPET_END(guest_mmu_str)

SNIPPET_BEGIN(guest_mmu_attack)
	mmu_on	r0
	mov	r4, #0				/* megabyte index */
	ldr	r5, =GUEST_ATTACK_OFF
	ldr	r6, =GUEST_ATTACK_MARK
1:	orr	r7, r5, r4, lsl #20
	orr	r8, r6, r4
	str	r8, [r7]
	add	r4, r4, #1
	cmp	r4, #4096
	blo	1b
	ldr	r7, =0xffff2000			/* UMBRA_FORBIDDEN_BASE */
	str	r8, [r7]
	add	r7, r7, #0x1000
	str	r8, [r7]
	ldr	r1, =GUEST_OK
	shutdown
SNIPPET_END(guest_mmu_attack)

SNIPPET_BEGIN(guest_mmu_sum)
	mmu_on	r0
	mov	r4, r1
	add	r5, r1, r2
1:	mov	r6, r4
	mov	r1, #0
2:	ldr	r7, [r6], #4
	add	r1, r7, r1, ror #27
	cmp	r6, r5
	blo	2b
	ldr	r0, =GUEST_HC_REPORT
	svc	#0
	b	1b
SNIPPET_END(guest_mmu_sum)

SNIPPET_BEGIN(guest_mmu_peek)
	mmu_on	r0
	mov	r4, r1
1:	ldr	r1, [r4]
	ldr	r0, =GUEST_HC_REPORT
	svc	#0
	b	1b
SNIPPET_END(guest_mmu_peek)

	/* no executable stack needed by the host program */
	.section .note.GNU-stack, "", %progbits
