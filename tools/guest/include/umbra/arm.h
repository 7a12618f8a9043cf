/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: ARMv7-A architecture constants for guest kernels (the
 * SDK kernel, the mmu and crashme guests), in C and in assembler: vector
 * offsets, CPSR bits, SCTLR bits, short-descriptor translation table
 * entries, AP[2:0] values, DACR and fault status fields. Section numbers
 * are the ARM ARM's (ARMv7-A/R, DDI 0406C).
 *
 * In assembler (.S) it also gives the macros guest kernels share:
 * vector_table (the eight branches of a vector table), cp15_read /
 * cp15_write (one CP15 accessor function each) and user_eret (the
 * exception return into a User-mode program).
 */
#ifndef _UMBRA_GUEST_ARM_H
#define _UMBRA_GUEST_ARM_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* Vector offsets from VBAR (B1.8.1) */
#define VEC_RESET	0x00
#define VEC_UND		0x04
#define VEC_SVC		0x08
#define VEC_PABT	0x0c
#define VEC_DABT	0x10
#define VEC_UNUSED	0x14
#define VEC_IRQ		0x18
#define VEC_FIQ		0x1c

/* CPSR and SPSR (B1.3.3) */
#define PSR_MODE_MASK	0x1f
#define PSR_MODE_USR	0x10
#define PSR_MODE_SVC	0x13
#define PSR_MODE_ABT	0x17
#define PSR_MODE_UND	0x1b
#define PSR_MODE_SYS	0x1f
#define PSR_T		(1 << 5)
#define PSR_F		(1 << 6)
#define PSR_I		(1 << 7)
#define PSR_A		(1 << 8)
#define PSR_IT_MASK	0x0600fc00	/* IT[7:2] bits 15:10, IT[1:0] 26:25 */

/* SCTLR (B4.1.130) */
#define SCTLR_M		(1u << 0)
#define SCTLR_A		(1u << 1)
#define SCTLR_V		(1u << 13)
#define SCTLR_TRE	(1u << 28)
#define SCTLR_AFE	(1u << 29)

/* First-level descriptors (B3.5.1) */
#define L1_TABLE	0x1u
#define L1_SECT		0x2u
#define L1_SUPER	((1u << 18) | 0x2u)
#define L1_DOM(d)	((uint32_t)(d) << 5)
#define SECT_B		(1u << 2)
#define SECT_C		(1u << 3)
#define SECT_XN		(1u << 4)
#define SECT_AP(ap)	((((uint32_t)(ap) & 3) << 10) | \
			 (((uint32_t)(ap) >> 2) << 15))
#define SECT_NG		(1u << 17)
#define SECT_MEM	(SECT_C | SECT_B)	/* Normal, write-back: TEX 0 */

/* Second-level descriptors (B3.5.1) */
#define L2_LARGE	0x1u
#define L2_SMALL	0x2u
#define L2_SMALL_XN	0x1u
#define L2_B		(1u << 2)
#define L2_C		(1u << 3)
#define L2_AP(ap)	((((uint32_t)(ap) & 3) << 4) | \
			 (((uint32_t)(ap) >> 2) << 9))
#define L2_NG		(1u << 11)
#define L2_MEM		(L2_C | L2_B)		/* Normal, write-back: TEX 0 */

/* AP[2:0] with SCTLR.AFE == 0 (Table B3-8) */
#define AP_NONE		0	/* no access */
#define AP_PL1_RW	1	/* PL1 read/write, PL0 no access */
#define AP_USER_RO	2	/* PL1 read/write, PL0 read-only */
#define AP_RW		3	/* PL1 and PL0 read/write */
#define AP_PL1_RO	5	/* PL1 read-only, PL0 no access */
#define AP_RO		7	/* read-only at PL1 and PL0 */

/* DACR (B4.1.43): the two bits of each domain */
#define DACR_NOACCESS	0u
#define DACR_CLIENT	1u
#define DACR_MANAGER	3u
#define DACR_D0_CLIENT	DACR_CLIENT	/* domain 0 client, others none */

/* Short-descriptor DFSR/IFSR (B4.1.52, Table B3-23) */
#define FSR_WNR		(1u << 11)
#define FSR_FS(fsr)	((((fsr) >> 6) & 0x10) | ((fsr) & 0xf)) /* FS[4:0] */

#ifdef __ASSEMBLER__
/*
 * vector_table - the eight entries of a vector table (B1.8.1), each a
 * branch to vec_reset, vec_und, vec_svc, vec_pabt, vec_dabt, vec_unused,
 * vec_irq and vec_fiq; the caller aligns it (VBAR: 32 bytes).
 */
.macro	vector_table
	b	vec_reset
	b	vec_und
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_unused
	b	vec_irq
	b	vec_fiq
.endm

/* cp15_read NAME, ... - global function NAME returning MRC p15 in r0 */
.macro	cp15_read name, opc1, crn, crm, opc2
	.global	\name
	.type	\name, %function
\name:
	mrc	p15, \opc1, r0, \crn, \crm, \opc2
	bx	lr
	.size	\name, . - \name
.endm

/* cp15_write NAME, ... - global function NAME doing MCR p15 of r0 */
.macro	cp15_write name, opc1, crn, crm, opc2
	.global	\name
	.type	\name, %function
\name:
	mcr	p15, \opc1, r0, \crn, \crm, \opc2
	bx	lr
	.size	\name, . - \name
.endm

/*
 * user_eret - the exception return of a guest kernel into User mode with
 * r0-r2 = r6-r8 and every other register 0: "svc #1" is umbra's
 * exception return (PC <- LR, CPSR <- SPSR of the current mode;
 * Documentation/hypercalls.rst). The caller has set LR and the SPSR.
 */
.macro	user_eret
	mov	r0, r6
	mov	r1, r7
	mov	r2, r8
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	mov	r6, #0
	mov	r7, #0
	mov	r8, #0
	mov	r9, #0
	mov	r10, #0
	mov	r11, #0
	mov	r12, #0
	svc	#1
.endm
#endif /* __ASSEMBLER__ */

#endif /* _UMBRA_GUEST_ARM_H */
