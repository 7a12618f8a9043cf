/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: crt0, the guest's entry point.
 *
 * The VMM enters _start with the guest MMU off (VA == IPA) in a virtual
 * privileged mode that really runs in PL0, so only user-mode instructions
 * may appear here: no MRC/MCR/CPS/MSR to the control bits, but for the
 * two a hard-float build needs to enable the VFP, which umbra emulates.
 * At entry:
 *
 *   r0 = RAM base IPA, r1 = RAM size in bytes, r2 = DTB IPA (0: none),
 *   SP = RAM base + RAM size (top of RAM).
 *
 * This file is ARM state; the C code it calls is Thumb (interworking BL).
 */
	.syntax	unified
	.arch	armv7-a
	.arm

	.section .text.umbra_start, "ax", %progbits
	.global	_start
	.type	_start, %function
_start:
	/* Keep the boot registers across the calls below. */
	mov	r4, r0			@ RAM base
	mov	r5, r1			@ RAM size
	mov	r6, sp			@ top of RAM
	mov	r7, r2			@ DTB IPA, 0 if none

	/* AAPCS: 8-byte aligned stack; fp = lr = 0 ends any backtrace. */
	bic	r0, r6, #7
	mov	sp, r0
	mov	fp, #0
	mov	lr, #0

#ifdef __ARM_PCS_VFP
	/*
	 * Hard-float: enable the Floating-point extension as a PL1 boot
	 * does (ARM ARM B1.11, B4.1.40): CPACR cp10/cp11 full access, then
	 * FPEXC.EN. Both trap in PL0 and umbra emulates them.
	 */
	.fpu	vfpv3-d16
	mov	r0, #0x00f00000
	mcr	p15, 0, r0, c1, c0, 2	@ CPACR
	isb
	mov	r0, #0x40000000
	vmsr	fpexc, r0		@ FPEXC.EN
#endif

	/* Clear .bss; guest.ld aligns both ends to 4 bytes. */
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b

	/* Record RAM and the DTB, size the heap for _sbrk. */
	mov	r0, r4
	mov	r1, r5
	mov	r2, r6
	mov	r3, r7
	bl	__umbra_guest_setup

	/* Constructors now, destructors from exit(). */
	ldr	r0, =__libc_fini_array
	bl	atexit
	bl	__libc_init_array

	/* exit(main(1, { "guest", NULL }, { NULL })) */
	mov	r0, #1
	ldr	r1, =guest_argv
	ldr	r2, =guest_envp
	bl	main
	bl	exit
	/* exit() does not return; trap here in case it ever does. */
2:	b	2b
	.size	_start, . - _start
	.ltorg

	/* argv strings must be writable (C11 5.1.2.2.1), so .data. */
	.data
	.balign	4
guest_argv:
	.word	guest_name, 0
guest_envp:
	.word	0
guest_name:
	.asciz	"guest"
