/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: crt0 of a program run in virtual User mode by the SDK
 * kernel (tools/guest/kernel). User mode: only unprivileged instructions.
 * The kernel enters _start with
 *
 *   r0 = argc, r1 = argv, r2 = envp (arrays and strings on the stack),
 *   SP = below them, 8-byte aligned,
 *
 * and the heap is asked for with SYS_BRK (user/syscalls.c). ARM state; the
 * C code it calls is Thumb (interworking BL).
 */
	.syntax	unified
	.arch	armv7-a
	.arm

	.section .text.umbra_start, "ax", %progbits
	.global	_start
	.type	_start, %function
_start:
	mov	r4, r0			@ argc
	mov	r5, r1			@ argv
	mov	r6, r2			@ envp
	mov	fp, #0
	mov	lr, #0

	/* Clear .bss (the kernel did, but a program must not rely on it). */
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b

	ldr	r0, =environ
	str	r6, [r0]

	/* Constructors now, destructors from exit(). */
	ldr	r0, =__libc_fini_array
	bl	atexit
	bl	__libc_init_array

	mov	r0, r4
	mov	r1, r5
	mov	r2, r6
	bl	main
	bl	exit
2:	b	2b
	.size	_start, . - _start
	.ltorg
