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

/*
 * guest_atk - the attacker guests' interpreter (see guest_code.h). Vectors
 * first: the snippet is loaded at the start of RAM, so VBAR = its start is
 * 32-byte aligned.
 */
	.section .rodata.umbra_guest, "a"
SNIPPET_BEGIN(guest_atk)
	b	.Latk_start			@ 0x00 reset
	b	.Latk_und			@ 0x04
	b	.Latk_svc			@ 0x08
	b	.Latk_pabt			@ 0x0c
	b	.Latk_dabt			@ 0x10
	b	.Latk_irq			@ 0x14 (not used)
	b	.Latk_irq			@ 0x18
	b	.Latk_irq			@ 0x1c
.Latk_start:
	adr	r12, guest_atk_start
	mcr	p15, 0, r12, c12, c0, 0		@ VBAR
	ldr	r9, =0xfffffffc			@ GUEST_ATK_HC's r2
	mov	r4, r0
	b	.Latk_op
	.global	guest_atk_next
guest_atk_next:
	add	r4, r4, #12
.Latk_op:
	ldm	r4, {r5, r6, r7}		@ op, a, b
	cmp	r5, #GUEST_ATK_OP_MAX
	bhs	.Latk_end
	add	pc, pc, r5, lsl #2
	nop
	b	.Latk_end			@ GUEST_ATK_END
	b	.Latk_ldr			@ GUEST_ATK_LDR
	b	.Latk_str			@ GUEST_ATK_STR
	b	.Latk_cp15			@ GUEST_ATK_CP15
	b	.Latk_eret			@ GUEST_ATK_ERET
	b	.Latk_udf			@ GUEST_ATK_UDF
	b	.Latk_hc			@ GUEST_ATK_HC
	b	.Latk_setlen			@ GUEST_ATK_SETLEN
	b	.Latk_expect			@ GUEST_ATK_EXPECT
.Latk_end:
	ldr	r1, =GUEST_OK
	shutdown
.Latk_ldr:
	ldr	r2, [r6]
	mov	r1, r6
	ldr	r0, =GUEST_HC_LOAD
	svc	#0
	b	guest_atk_next
.Latk_str:
	str	r7, [r6]
	b	guest_atk_next
.Latk_udf:
	udf	#0
	b	guest_atk_next
.Latk_setlen:
	mov	r9, r7
	b	guest_atk_next
.Latk_expect:
	cmp	r10, r6
	beq	guest_atk_next
	mov	r1, r4
	shutdown
.Latk_hc:					@ r0 = a, r1 = b, r2-r6 = hostile
	mov	r8, r6
	mov	r0, r6
	mov	r1, r7
	mov	r2, r9
	ldr	r3, =0x80000000
	mov	r5, #0
	ldr	r6, =0xffff2000
	svc	#0
	mov	r10, r0
	mov	r2, r0
	mov	r1, r8
	ldr	r0, =GUEST_HC_RESULT
	svc	#0
	b	guest_atk_next
.Latk_cp15:
	cmp	r6, #GUEST_ATK_CP15_MAX
	bhs	guest_atk_next
	add	pc, pc, r6, lsl #3
	nop
	b	.Latk_sctlr_orr			@ 0
	nop
	mcr	p15, 0, r7, c2, c0, 0		@ 1 TTBR0
	b	guest_atk_next
	mcr	p15, 0, r7, c2, c0, 1		@ 2 TTBR1
	b	guest_atk_next
	mcr	p15, 0, r7, c2, c0, 2		@ 3 TTBCR
	b	guest_atk_next
	mcr	p15, 0, r7, c3, c0, 0		@ 4 DACR
	b	guest_atk_next
	mcr	p15, 0, r7, c12, c0, 0		@ 5 VBAR
	b	guest_atk_next
	mcr	p15, 0, r7, c13, c0, 1		@ 6 CONTEXTIDR
	b	guest_atk_next
	mcr	p15, 0, r7, c8, c7, 0		@ 7 TLBIALL
	b	guest_atk_next
	mcr	p15, 0, r7, c8, c7, 2		@ 8 TLBIASID
	b	guest_atk_next
.Latk_sctlr_orr:
	mrc	p15, 0, r8, c1, c0, 0
	orr	r8, r8, r7
	mcr	p15, 0, r8, c1, c0, 0
	b	guest_atk_next
.Latk_eret:					@ a = SPSR, b = return
	ldr	r0, =UMBRA_HC_SET_SPSR
	mov	r1, r6
	svc	#0
	mov	r2, r0
	mov	r1, r6
	ldr	r0, =GUEST_HC_RESULT
	svc	#0
	adr	r5, guest_atk_next
	mov	lr, r7
	cmp	r7, #GUEST_ATK_RET_NEXT
	moveq	lr, r5
	cmp	r7, #GUEST_ATK_RET_THUMB
	adreq	lr, .Latk_thumb
	ldreq	r0, =GUEST_HC_THUMB
	svc	#1				@ PC = LR, CPSR = SPSR
	b	guest_atk_next
	.thumb
.Latk_thumb:
	svc	#0				@ r0 = GUEST_HC_THUMB
	bx	r5
	.arm
	.balign	4
.Latk_und:
	mov	r1, #0x04
	mov	r2, lr
	mov	r3, #0
	b	.Latk_trap
.Latk_svc:
	mov	r1, #0x08
	mov	r2, lr
	mov	r3, #0
	b	.Latk_trap
.Latk_pabt:
	mov	r1, #0x0c
	mrc	p15, 0, r2, c6, c0, 2		@ IFAR
	mrc	p15, 0, r3, c5, c0, 1		@ IFSR
	b	.Latk_trap
.Latk_dabt:
	mov	r1, #0x10
	mrc	p15, 0, r2, c6, c0, 0		@ DFAR
	mrc	p15, 0, r3, c5, c0, 0		@ DFSR
	b	.Latk_trap
.Latk_irq:
	mov	r1, #0x18
	mov	r2, lr
	mov	r3, #0
.Latk_trap:					@ report; on to the next op
	ldr	r0, =GUEST_HC_TRAP
	svc	#0
	ldr	r0, =UMBRA_HC_SET_SPSR
	ldr	r1, =0x1d3			@ SVC, A, I, F
	svc	#0
	adr	lr, guest_atk_next
	svc	#1
	udf	#1
	.global	guest_atk_vmm
guest_atk_vmm:					@ r0 = RAM base (umbra-vmm)
	add	r0, r0, #GUEST_ATK_VMM_OPS
	b	.Latk_start
SNIPPET_END(guest_atk)

	.section .note.GNU-stack, "", %progbits
