/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest_gic: a guest kernel taking interrupts of the virtual GIC; see
 * guest_gic.h. ARM state, PL0-legal instructions only (the guest's
 * privileged operations are hypercalls), position independent.
 */
#include <linux/umbra_hypercall.h>
#include "guest_code.h"
#include "guest_gic.h"

#define GICD_CTLR	0x000
#define GICD_ISENABLER	0x100
#define GICD_IPRIORITYR	0x400
#define GICD_ITARGETSR	0x800
#define GICD_ICFGR	0xc00
#define GICC_CTLR	0x00
#define GICC_PMR	0x04
#define GICC_IAR	0x0c
#define GICC_EOIR	0x10

#define CPSR_SVC_AIF	0x1d3
#define CPSR_SVC_AF	0x153
#define CPSR_IRQ_AIF	0x1d2

	.syntax unified
	.arm
	.section .rodata.umbra_guest, "a"

.macro setcpsr val
	ldr	r0, =UMBRA_HC_SET_CPSR_C
	ldr	r1, =\val
	svc	#0
.endm

.macro report
	ldr	r0, =GUEST_HC_REPORT
	svc	#0
.endm

	.balign	32
	.global	guest_gic_start
guest_gic_start:
	b	.Lstart			@ 0x00 reset
	b	.Lbad			@ 0x04 undefined
	b	.Lbad			@ 0x08 SVC
	b	.Lbad			@ 0x0c prefetch abort
	b	.Lbad			@ 0x10 data abort
	b	.Lbad			@ 0x14
	b	.Lirq			@ 0x18 IRQ
	b	.Lbad			@ 0x1c FIQ
.Lbad:
	ldr	r1, =0xbadec000
	mov	r2, lr
	ldr	r0, =UMBRA_HC_SHUTDOWN
	svc	#0
	udf	#0

.Lstart:
	mov	r6, r0			@ GICD
	mov	r7, r1			@ GICC
	mov	r8, r2			@ SPI
	mov	r9, r3			@ flags
	adr	r12, guest_gic_start
	mcr	p15, 0, r12, c12, c0, 0	@ VBAR
	adr	r12, .Lvars
	str	r7, [r12]		@ GICC for the handler
	mov	r0, #0
	str	r0, [r12, #4]		@ count
	sub	r11, pc, #8		@ IRQ stack: RAM base + GUEST_GIC_STACK
	lsr	r11, r11, #20
	lsl	r11, r11, #20
	add	r11, r11, #GUEST_GIC_STACK
	setcpsr	CPSR_IRQ_AIF
	mov	sp, r11
	setcpsr	CPSR_SVC_AIF

	mov	r0, #1
	str	r0, [r6, #GICD_CTLR]
	mov	r0, #0xf0
	str	r0, [r7, #GICC_PMR]
	mov	r0, #1
	str	r0, [r7, #GICC_CTLR]
	add	r1, r6, #GICD_IPRIORITYR
	mov	r0, #0x80
	strb	r0, [r1, r8]
	add	r1, r6, #GICD_ITARGETSR
	mov	r0, #1
	strb	r0, [r1, r8]
	tst	r9, #GUEST_GIC_EDGE
	beq	1f
	lsr	r1, r8, #4		@ GICD_ICFGR(n / 16), bit 2 * (n % 16) + 1
	lsl	r1, r1, #2
	add	r1, r1, r6
	add	r1, r1, #GICD_ICFGR
	and	r2, r8, #15
	lsl	r2, r2, #1
	add	r2, r2, #1
	mov	r0, #1
	lsl	r0, r0, r2
	ldr	r3, [r1]
	orr	r3, r3, r0
	str	r3, [r1]
1:	lsr	r1, r8, #5		@ GICD_ISENABLER(n / 32), bit n % 32
	lsl	r1, r1, #2
	add	r1, r1, r6
	add	r1, r1, #GICD_ISENABLER
	and	r2, r8, #31
	mov	r0, #1
	lsl	r0, r0, r2
	str	r0, [r1]

	tst	r9, #GUEST_GIC_MASKED
	beq	.Lunmasked
	ldr	r1, =GUEST_GIC_READY
	mov	r2, #0
	report
	ldr	r5, =GUEST_GIC_SPIN
2:	subs	r5, r5, #1
	bne	2b
	ldr	r1, [r12, #4]
	cmp	r1, #0
	ldrne	r0, =GUEST_GIC_BAD_EARLY
	orrne	r1, r1, r0
	bne	.Lfail
	setcpsr	CPSR_SVC_AF
	ldr	r1, [r12, #4]
	cmp	r1, #1
	ldrne	r0, =GUEST_GIC_BAD_LATE
	orrne	r1, r1, r0
	bne	.Lfail
	b	.Lloop

.Lunmasked:
	setcpsr	CPSR_SVC_AF
	ldr	r1, =GUEST_GIC_READY
	mov	r2, #0
	report
.Lloop:
	ldr	r0, [r12, #4]
	cmp	r0, r4
	bhs	.Ldone
	tst	r9, #GUEST_GIC_WFI
	svcne	#2			@ WFI
	b	.Lloop
.Ldone:
	setcpsr	CPSR_SVC_AIF
	ldr	r1, =GUEST_OK
.Lfail:
	ldr	r0, =UMBRA_HC_SHUTDOWN
	svc	#0
	udf	#0

.Lirq:
	sub	lr, lr, #4
	push	{r0-r4, r12, lr}
	adr	r12, .Lvars
	ldr	r1, [r12]		@ GICC
	ldr	r4, [r1, #GICC_IAR]
	ldr	r3, =0x3ff
	and	r3, r4, r3
	ldr	r0, =1023
	cmp	r3, r0
	beq	3f			@ spurious: no EOI
	ldr	r2, [r12, #4]
	add	r2, r2, #1
	str	r2, [r12, #4]
	mov	r1, r4
	report
	ldr	r1, [r12]
	str	r4, [r1, #GICC_EOIR]
3:	pop	{r0-r4, r12, lr}
	svc	#1			@ exception return: PC = LR, CPSR = SPSR

	.balign	4
.Lvars:
	.word	0			@ GICC base
	.word	0			@ IRQs counted
	.ltorg
	.balign	4
	.global	guest_gic_end
guest_gic_end:

	.section .note.GNU-stack, "", %progbits
