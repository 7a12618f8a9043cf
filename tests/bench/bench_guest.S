/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra benchmark guest: bench_server (see bench_guest.h). ARM state,
 * position independent; the CP15 accesses trap (the guest runs in PL0)
 * and are emulated in its virtual SVC mode.
 *
 * Registers: r9 = TTBR0 of AS 0, r10 = K (op_switch), r11 = iterations left,
 * r8 = checksum, r12 = scratch (its value never matters to a TLBIALL).
 */
#include <linux/umbra_hypercall.h>
#include "bench_guest.h"

	.syntax unified
	.arm
	/* Data for the host: the program copies it into guest RAM. */
	.section .rodata.umbra_bench_guest, "a"

#define TLBIALL(r)	mcr	p15, 0, r, c8, c7, 0
#define TLBIMVA(r)	mcr	p15, 0, r, c8, c7, 1
#define BPIALL(r)	mcr	p15, 0, r, c7, c5, 6
#define TTBR0_W(r)	mcr	p15, 0, r, c2, c0, 0
#define CONTEXTIDR_W(r)	mcr	p15, 0, r, c13, c0, 1

#define GICD_CTLR	0x000
#define GICD_ISENABLER	0x100
#define GICD_IPRIORITYR	0x400
#define GICD_ITARGETSR	0x800
#define GICD_ICFGR	0xc00
#define GICC_CTLR	0x00
#define GICC_PMR	0x04
#define GICC_IAR	0x0c
#define GICC_EOIR	0x10

/* touch r3 (>= 1) pages from VA r2: r8 += first word of each (r5-r7) */
.macro touch_pages
	mov	r5, r2
	mov	r6, r3
91:	ldr	r7, [r5]
	add	r5, r5, #4096
	add	r8, r8, r7
	subs	r6, r6, #1
	bne	91b
.endm

/* one touch of VA r2 */
.macro touch_one
	ldr	r7, [r2]
	add	r8, r8, r7
.endm

/* loop_start / loop_end: run the body r11 times (none if 0) */
.macro loop_start
	cmp	r11, #0
	beq	bench_ready
92:
.endm

.macro loop_end
	subs	r11, r11, #1
	bne	92b
	b	bench_ready
.endm

	.balign	4
	.global	bench_server_start
bench_server_start:
	mov	r9, r0
	mov	r12, #0
	mcr	p15, 0, r12, c2, c0, 2		@ TTBCR = 0
	TTBR0_W(r9)
	ldr	r12, =0x55555555
	mcr	p15, 0, r12, c3, c0, 0		@ DACR: every domain client
	mov	r12, #1
	CONTEXTIDR_W(r12)			@ ASID 1
	TLBIALL(r12)
	mrc	p15, 0, r12, c1, c0, 0
	orr	r12, r12, #1
	mcr	p15, 0, r12, c1, c0, 0		@ SCTLR.M
	mov	r8, #0

bench_ready:
	mov	r1, r8
	ldr	r0, =BENCH_HC_READY
	svc	#0				@ r0 = op, r1 = count, r2, r3
	mov	r8, #0
	mov	r11, r1
	TLBIALL(r12)				@ start from empty shadow tables
	cmp	r0, #BENCH_NR_OPS
	addlo	pc, pc, r0, lsl #2
	b	bench_bad
	b	op_empty
	b	op_touch_fault
	b	op_touch_mapped
	b	op_tlbiall
	b	op_cp15_nop
	b	op_hvc
	b	op_switch
	b	op_tlbimva
	b	op_tlbimva_only
	b	op_vmm_hc
	b	op_syscall
	b	op_irq_mask
	b	op_mmio
	b	op_gic_init
	b	op_irq
	b	op_pt_irq

bench_bad:
	ldr	r1, =BENCH_BAD_OP
	orr	r1, r1, r0
	ldr	r0, =UMBRA_HC_SHUTDOWN
	svc	#0
	udf	#0

op_empty:
	loop_start
	loop_end

op_touch_fault:
	loop_start
	TLBIALL(r12)
	touch_pages
	loop_end

op_touch_mapped:
	touch_pages				@ map them
	loop_start
	touch_pages
	loop_end

op_tlbiall:
	loop_start
	TLBIALL(r12)
	loop_end

op_cp15_nop:
	loop_start
	BPIALL(r12)
	loop_end

op_hvc:
	loop_start
	ldr	r0, =UMBRA_HC_VERSION
	svc	#0
	loop_end

/*
 * op_switch: r3 = K address spaces (bits 7:0), AS i = table r9 + i *
 * 16 KiB with ASID i + 1, or ASID 1 for all when bit 8 is set. A round
 * switches to AS 1, 2, ..., K - 1 and back to AS 0 (K switches, each
 * touching r2), as cpu_v7_switch_mm does: CONTEXTIDR, isb, TTBR0, isb.
 * One round before the counted ones, to warm the cache.
 */
.macro switch_round
	mov	r4, #1				@ the AS to switch to
93:	cmp	r4, r10
	moveq	r4, #0				@ after AS K - 1: AS 0
	add	r5, r4, #1
	tst	r3, #BENCH_SWITCH_ONE_ASID
	movne	r5, #1
	add	r6, r9, r4, lsl #14
	tst	r3, #BENCH_SWITCH_HC
	bne	94f
	CONTEXTIDR_W(r5)
	isb
	TTBR0_W(r6)
	isb
	b	95f
94:	mov	r7, r2				@ r2: the window VA
	ldr	r0, =UMBRA_HC_SWITCH_AS
	mov	r1, r6
	mov	r2, r5
	svc	#0				@ both in one call
	mov	r2, r7
95:	touch_one
	cmp	r4, #0
	addne	r4, r4, #1
	bne	93b
.endm

op_switch:
	and	r10, r3, #0xff
	switch_round
	loop_start
	switch_round
	loop_end

op_tlbimva:
	orr	r4, r2, #1			@ MVA | ASID 1
	touch_one
	loop_start
	TLBIMVA(r4)
	touch_one
	loop_end

op_tlbimva_only:
	orr	r4, r2, #1
	touch_one
	loop_start
	TLBIMVA(r4)
	loop_end

op_vmm_hc:
	loop_start
	ldr	r0, =BENCH_HC_PING
	svc	#0
	loop_end

/* Virtual SVC mode, A, I, F masked (as at entry), and IRQs unmasked */
#define CPSR_C_MASKED		0x1d3
#define CPSR_C_UNMASKED		0x153

op_irq_mask:
	loop_start
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	mov	r1, #CPSR_C_UNMASKED
	svc	#0
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	mov	r1, #CPSR_C_MASKED
	svc	#0
	loop_end

/* op_mmio: count x a load from VA r2 (unbacked: an MMIO exit each) */
op_mmio:
	loop_start
	ldr	r7, [r2]
	add	r8, r8, r7
	loop_end

/*
 * op_gic_init: the GIC at BENCH_GICD / BENCH_GICC (identity mapped):
 * distributor and CPU interface on, GICC_PMR 0xf0; SPI r3 priority 0x80,
 * to CPU 0, edge-triggered (r3 | BENCH_GIC_LEVEL: level-sensitive, the
 * reset value), enabled.
 */
op_gic_init:
	and	r10, r3, #BENCH_GIC_LEVEL
	bic	r3, r3, #BENCH_GIC_LEVEL
	ldr	r4, =BENCH_GICD
	ldr	r5, =BENCH_GICC
	mov	r0, #1
	str	r0, [r4, #GICD_CTLR]
	mov	r0, #0xf0
	str	r0, [r5, #GICC_PMR]
	mov	r0, #1
	str	r0, [r5, #GICC_CTLR]
	add	r1, r4, #GICD_IPRIORITYR
	mov	r0, #0x80
	strb	r0, [r1, r3]
	add	r1, r4, #GICD_ITARGETSR
	mov	r0, #1
	strb	r0, [r1, r3]
	lsr	r1, r3, #4			@ GICD_ICFGR(n / 16)
	add	r1, r4, r1, lsl #2
	add	r1, r1, #GICD_ICFGR
	and	r6, r3, #15
	lsl	r6, r6, #1
	add	r6, r6, #1			@ bit 2 * (n % 16) + 1: edge
	mov	r0, #1
	lsl	r0, r0, r6
	ldr	r7, [r1]
	cmp	r10, #0
	orreq	r7, r7, r0
	bicne	r7, r7, r0
	str	r7, [r1]
	lsr	r1, r3, #5			@ GICD_ISENABLER(n / 32)
	add	r1, r4, r1, lsl #2
	add	r1, r1, #GICD_ISENABLER
	and	r6, r3, #31
	mov	r0, #1
	lsl	r0, r0, r6
	str	r0, [r1]
	b	bench_ready

/*
 * op_irq: VBAR = bench_vectors, IRQs unmasked; count x { r7 = 0; with
 * r3 = BENCH_IRQ_ARM a BENCH_HC_IRQ_ARM exit (the program raises the
 * interrupt before it runs the vCPU again); WFI until the handler stamped
 * r7; BENCH_HC_IRQ_STAMP with r1 = r7 }; IRQs masked again.
 */
op_irq:
	adr	r4, bench_vectors
	mcr	p15, 0, r4, c12, c0, 0		@ VBAR
	mov	r10, r3
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	mov	r1, #CPSR_C_UNMASKED
	svc	#0
	loop_start
	mov	r7, #0
	cmp	r10, #BENCH_IRQ_ARM
	bne	1f
	ldr	r0, =BENCH_HC_IRQ_ARM
	svc	#0
1:	cmp	r7, #0
	bne	2f
	svc	#UMBRA_SVC_WFI
	b	1b
2:	ldr	r0, =BENCH_HC_IRQ_STAMP
	mov	r1, r7
	svc	#0
	add	r8, r8, #1
	subs	r11, r11, #1
	bne	92b
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	mov	r1, #CPSR_C_MASKED
	svc	#0
	b	bench_ready

/*
 * op_pt_irq: VBAR = bench_vectors, IRQs unmasked; count x { r7 = 0;
 * r4 = PMCCNTR; RTCIMSC = 1 at BENCH_PT (the device raises its interrupt
 * now); WFI until the handler stamped r7; BENCH_HC_PT_STAMP with r1 =
 * r4, r2 = r7 }; IRQs masked again. The handler writes RTCIMSC = 0.
 */
op_pt_irq:
	adr	r4, bench_vectors
	mcr	p15, 0, r4, c12, c0, 0		@ VBAR
	ldr	r10, =BENCH_PT
	ldr	r0, [r10, #PL031_IMSC]		@ shadow the device page now
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	mov	r1, #CPSR_C_UNMASKED
	svc	#0
	loop_start
	mov	r7, #0
	mov	r0, #1
	mrc	p15, 0, r4, c9, c13, 0		@ PMCCNTR: the trigger time
	str	r0, [r10, #PL031_IMSC]		@ the trigger
1:	cmp	r7, #0
	bne	2f
	svc	#UMBRA_SVC_WFI
	b	1b
2:	ldr	r0, =BENCH_HC_PT_STAMP
	mov	r1, r4
	mov	r2, r7
	svc	#0
	add	r8, r8, #1
	subs	r11, r11, #1
	bne	92b
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	mov	r1, #CPSR_C_MASKED
	svc	#0
	b	bench_ready

/*
 * op_syscall: VBAR = bench_vectors; to User mode at sys_user (SPSR_svc =
 * User, LR_svc = sys_user, exception return); count x svc #0 there, each
 * taken by vec_svc and returned from with svc #1; then a system call with
 * r0 = 1, which vec_svc ends in SVC mode at bench_ready.
 */
op_syscall:
	adr	r4, bench_vectors
	mcr	p15, 0, r4, c12, c0, 0		@ VBAR
	ldr	r0, =UMBRA_HC_SET_SPSR
	mov	r1, #0x1d0			@ User mode, A, I, F masked
	svc	#0
	adr	lr, sys_user
	svc	#UMBRA_SVC_ERET
sys_user:
	cmp	r11, #0
	beq	2f
1:	mov	r0, #0
	svc	#0				@ the guest system call
	subs	r11, r11, #1
	bne	1b
2:	mov	r0, #1
	svc	#0				@ back to SVC mode for good
	udf	#0

	.balign	32
bench_vectors:
	b	vec_bad				@ reset
	b	vec_bad				@ undefined instruction
	b	vec_svc				@ SVC
	b	vec_bad				@ prefetch abort
	b	vec_bad				@ data abort
	b	vec_bad
	b	vec_irq				@ IRQ
	b	vec_bad				@ FIQ
vec_svc:
	cmp	r0, #1
	beq	bench_ready
	svc	#UMBRA_SVC_ERET			@ PC = LR_svc, CPSR = SPSR_svc
vec_bad:
	mov	r0, #0xff
	b	bench_bad

/*
 * The IRQ handler (virtual IRQ mode, entered at VBAR + 0x18): its first
 * instruction stamps the entry with PMCCNTR into r7; then IAR, for
 * BENCH_SPI_PT RTCIMSC = 0 (the device's line drops), EOIR and the
 * exception return. Uses r5, r6 and r12, which op_irq and op_pt_irq
 * leave to it. A spurious IAR (1023) leaves r7 0.
 */
vec_irq:
	mrc	p15, 0, r7, c9, c13, 0		@ PMCCNTR: the entry time
	ldr	r5, =BENCH_GICC
	ldr	r6, [r5, #GICC_IAR]
	ubfx	r6, r6, #0, #10
	cmp	r6, #BENCH_SPI_PT
	ldreq	r5, =BENCH_PT
	moveq	r12, #0
	streq	r12, [r5, #PL031_IMSC]		@ the device's line drops
	ldreq	r5, =BENCH_GICC
	cmp	r6, #1020
	movhs	r7, #0
	strlo	r6, [r5, #GICC_EOIR]
	sub	lr, lr, #4
	svc	#UMBRA_SVC_ERET			@ PC = LR_irq, CPSR = SPSR_irq

	.ltorg
	.balign	4
	.global	bench_server_end
bench_server_end:

	/* no executable stack needed by the host program */
	.section .note.GNU-stack, "", %progbits
