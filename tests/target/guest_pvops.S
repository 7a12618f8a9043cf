/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest code for umbra_test_pvops.c: guest_pv_server (see guest_pvops.h).
 * ARM state, position independent, PL0-legal instructions only.
 */
#include <linux/umbra_hypercall.h>
#include "guest_pvops.h"

	.syntax unified
	.arm
	/* Data for the host: the tests copy it into guest RAM. */
	.section .rodata.umbra_guest_pvops, "a"

	.balign	4
	.global	guest_pv_server_start
guest_pv_server_start:
	mov	r12, #0
	mcr	p15, 0, r12, c2, c0, 2		@ TTBCR = 0
	mcr	p15, 0, r0, c2, c0, 0		@ TTBR0 = r0
	ldr	r12, =0x55555555
	mcr	p15, 0, r12, c3, c0, 0		@ DACR: every domain client
	mov	r12, #PV_ASID
	mcr	p15, 0, r12, c13, c0, 1		@ CONTEXTIDR
	mcr	p15, 0, r12, c8, c7, 0		@ TLBIALL
	mrc	p15, 0, r12, c1, c0, 0
	orr	r12, r12, #1
	mcr	p15, 0, r12, c1, c0, 0		@ SCTLR.M = 1
	mov	r1, #0
pv_next:
	ldr	r0, =PV_HC_NEXT
	svc	#0				@ r0 = op, r1-r3 its arguments
	cmp	r0, #PV_OP_LOAD
	bne	1f
	ldr	r1, [r1]
	b	pv_next
1:	cmp	r0, #PV_OP_WFI
	bne	2f
	svc	#UMBRA_SVC_WFI
	.global	guest_pv_server_after_wfi
guest_pv_server_after_wfi:
	ldr	r1, =PV_WFI_DONE
	b	pv_next
2:	cmp	r0, #PV_OP_WFE
	bne	3f
	svc	#UMBRA_SVC_WFE
	ldr	r1, =PV_WFE_DONE
	b	pv_next
3:	mov	r0, r1				@ PV_OP_HC: r1 = ID, r2, r3 args
	mov	r1, r2
	mov	r2, r3
	svc	#0
	mov	r1, r0
	b	pv_next

	.ltorg
	.balign	4
	.global	guest_pv_server_end
guest_pv_server_end:

	.section .note.GNU-stack, "", %progbits
