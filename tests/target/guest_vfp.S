/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest code for umbra_test_vfp (Floating-point/Advanced SIMD), and a host
 * helper that makes a system call with every VFP register holding a known
 * value. The snippets run in virtual SVC mode (the reset state) unless a
 * test says otherwise, with the guest MMU off; r0 is the RAM base. They
 * enable the VFP as a PL1 boot does: CPACR cp10/cp11 (MCR, emulated) then
 * FPEXC.EN (VMSR, emulated). Layout of guest RAM: code at 0, inputs at
 * +0x1000, outputs at +0x2000 (VFP_IN, VFP_OUT in umbra_test_vfp.c).
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
	.fpu	neon

.macro shutdown
	ldr	r0, =UMBRA_HC_SHUTDOWN
	svc	#0
	udf	#0
.endm

/* CPACR cp10/cp11 full access, FPEXC.EN (ARM ARM B1.11, B4.1.40) */
.macro vfp_on
	mov	r12, #0x00f00000
	mcr	p15, 0, r12, c1, c0, 2
	isb
	mov	r12, #0x40000000
	vmsr	fpexc, r12
.endm

	.section .rodata.umbra_guest, "a"

/*
 * Arithmetic on a, b, c (doubles at +0x1000); results at +0x2000:
 * a+b, a*b, a/b, sqrt(c), a-c, {(int)(a/b), (float)(a*b)}, a/b rounded
 * toward zero, then NEON q9+q9 (as i32) with q9 = {a+b, a*b}.
 */
SNIPPET_BEGIN(guest_vfp_arith)
	mov	r4, r0
	vfp_on
	add	r8, r4, #0x1000
	vldmia	r8, {d0-d2}
	vadd.f64	d3, d0, d1
	vmul.f64	d4, d0, d1
	vdiv.f64	d5, d0, d1
	vsqrt.f64	d6, d2
	vsub.f64	d7, d0, d2
	vcvt.s32.f64	s16, d5
	vcvt.f32.f64	s17, d4
	vmov.f64	d18, d3
	vmov.f64	d19, d4
	vadd.i32	q10, q9, q9
	vmrs	r5, fpscr
	orr	r6, r5, #0x00c00000		@ RMode: round toward zero
	vmsr	fpscr, r6
	vdiv.f64	d9, d0, d1
	vmsr	fpscr, r5
	add	r8, r4, #0x2000
	vstmia	r8!, {d3-d9}
	vstmia	r8, {d20-d21}
	ldr	r1, =GUEST_OK
	shutdown
SNIPPET_END(guest_vfp_arith)

/*
 * r2 = seed, r3 = iterations. Word i of D0-D31 (as 64 words) becomes
 * seed + i * 0x01010101, FPSCR = seed[31:28] (NZCV) | RMode RZ. Then
 * r3 times: an in-kernel hypercall (an exit and an entry) and a check of
 * all of them; then GUEST_HC_REPORT (an exit to userspace) and a check.
 * Shuts down GUEST_OK, or GUEST_BAD_REG | word index (64: FPSCR).
 */
SNIPPET_BEGIN(guest_vfp_fill)
	mov	r4, r0
	mov	r5, r2
	mov	r6, r3
	vfp_on
	add	r8, r4, #0x1000
	ldr	r10, =0x01010101
	mov	r11, r5
	mov	r9, #64
1:	str	r11, [r8], #4
	add	r11, r11, r10
	subs	r9, r9, #1
	bne	1b
	add	r8, r4, #0x1000
	vldmia	r8!, {d0-d15}
	vldmia	r8, {d16-d31}
	and	r7, r5, #0xf0000000
	orr	r7, r7, #0x00c00000
	vmsr	fpscr, r7
2:	ldr	r0, =UMBRA_HC_VERSION
	svc	#0
	bl	3f
	subs	r6, r6, #1
	bne	2b
	ldr	r0, =GUEST_HC_REPORT
	svc	#0
	bl	3f
	ldr	r1, =GUEST_OK
	shutdown
	/* check: D0-D31 against the pattern, FPSCR against r7 */
3:	add	r8, r4, #0x2000
	vstmia	r8!, {d0-d15}
	vstmia	r8, {d16-d31}
	vmrs	r12, fpscr
	cmp	r12, r7
	ldrne	r1, =GUEST_BAD_REG | 64
	bne	5f
	add	r8, r4, #0x1000
	add	r9, r4, #0x2000
	mov	r10, #0
4:	ldr	r11, [r8, r10, lsl #2]
	ldr	r12, [r9, r10, lsl #2]
	cmp	r11, r12
	bne	6f
	add	r10, r10, #1
	cmp	r10, #64
	bne	4b
	bx	lr
6:	ldr	r1, =GUEST_BAD_REG
	orr	r1, r1, r10
5:	shutdown
SNIPPET_END(guest_vfp_fill)

/* D0-D31 and FPSCR as the guest finds them, to +0x2000 */
SNIPPET_BEGIN(guest_vfp_dump)
	mov	r4, r0
	vfp_on
	add	r8, r4, #0x2000
	vstmia	r8!, {d0-d15}
	vstmia	r8!, {d16-d31}
	vmrs	r12, fpscr
	str	r12, [r8]
	ldr	r1, =GUEST_OK
	shutdown
SNIPPET_END(guest_vfp_dump)

/*
 * The emulated registers: FPSID, MVFR0, MVFR1, FPEXC; a VMRS whose
 * condition fails (r10 keeps 0x1234); FPEXC after VMSR 0. Stored at
 * +0x2000 in that order (r5-r10). Then, with FPEXC.EN clear after the
 * VFP was in use, a VFP instruction: Undefined (vadd.f64 d0, d0, d0).
 */
SNIPPET_BEGIN(guest_vfp_ids)
	mov	r4, r0
	vfp_on
	vmrs	r5, fpsid
	vmrs	r6, mvfr0
	vmrs	r7, mvfr1
	vmrs	r8, fpexc
	ldr	r10, =0x1234
	cmp	r0, r0
	vmrsne	r10, fpexc
	vadd.f64	d0, d0, d0
	mov	r12, #0
	vmsr	fpexc, r12
	vmrs	r9, fpexc
	add	r12, r4, #0x2000
	stmia	r12, {r5-r10}
	vadd.f64	d0, d0, d0
	ldr	r1, =GUEST_OK
	shutdown
SNIPPET_END(guest_vfp_ids)

/* FPEXC.EN with CPACR still denying cp10/cp11: the VMSR is Undefined */
SNIPPET_BEGIN(guest_vfp_no_cpacr)
	mov	r12, #0x40000000
	vmsr	fpexc, r12
	ldr	r1, =GUEST_OK
	shutdown
SNIPPET_END(guest_vfp_no_cpacr)

/* CPACR only: a VFP instruction is Undefined (FPEXC.EN = 0) */
SNIPPET_BEGIN(guest_vfp_no_en)
	mov	r12, #0x00f00000
	mcr	p15, 0, r12, c1, c0, 2
	vadd.f64	d0, d0, d0
	ldr	r1, =GUEST_OK
	shutdown
SNIPPET_END(guest_vfp_no_en)

/* For virtual User mode, CPACR and FPEXC set by the test: UDF #1 if run */
SNIPPET_BEGIN(guest_vfp_user)
	vadd.f64	d0, d0, d0
	udf	#1
SNIPPET_END(guest_vfp_user)

SNIPPET_BEGIN(guest_vfp_user_vmrs)
	vmrs	r0, fpexc
	udf	#1
SNIPPET_END(guest_vfp_user_vmrs)

/*
 * int host_vfp_syscall(struct host_vfp *h) - on the host: load D0-D31
 * and FPSCR from @h, make system call h->nr (h->a0, h->a1, 0), store
 * D0-D31 and FPSCR back into @h, the result in h->ret. Offsets: nr 0,
 * a0 4, a1 8, d 16, fpscr 272, ret 276. Needs D32.
 */
	.text
	.global host_vfp_syscall
	.type	host_vfp_syscall, %function
host_vfp_syscall:
	push	{r4, r7, lr}
	vpush	{d8-d15}
	mov	r4, r0
	add	r3, r4, #16
	vldmia	r3!, {d0-d15}
	vldmia	r3!, {d16-d31}
	ldr	r3, [r3]
	vmsr	fpscr, r3
	ldr	r7, [r4]
	ldr	r0, [r4, #4]
	ldr	r1, [r4, #8]
	mov	r2, #0
	svc	#0
	add	r3, r4, #16
	vstmia	r3!, {d0-d15}
	vstmia	r3!, {d16-d31}
	vmrs	r1, fpscr
	str	r1, [r3]
	str	r0, [r3, #4]
	vpop	{d8-d15}
	pop	{r4, r7, pc}
	.size	host_vfp_syscall, . - host_vfp_syscall

	/* no executable stack needed by the host program */
	.section .note.GNU-stack, "", %progbits
