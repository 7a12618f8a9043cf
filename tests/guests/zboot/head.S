/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zboot guest: a zImage header (Linux Documentation/arm/booting.rst,
 * arch/arm/boot/compressed/head.S) in front of the SDK's crt0, so that
 * the raw binary of this guest boots as a zImage: magic 0x016f2818 at
 * 0x24, the image's start and end addresses at 0x28 and 0x2c.
 *
 * Entry (booting.rst): r0 = 0, r1 = machine type (~0: none, DT boot),
 * r2 = DTB IPA, SVC mode, MMU off. Kept in zboot_regs (.data, which
 * crt0 does not clear), then crt0 is entered with the SDK's protocol:
 * r0 = RAM base (this image's address - 0x8000), r1 = the RAM below the
 * DTB, sp = the DTB, r2 = the DTB.
 */
	.syntax	unified
	.arch	armv7-a
	.arm

	.section .text.umbra_head, "ax", %progbits
	.global	zboot_head
zboot_head:
	.rept	8
	mov	r0, r0			@ 0x00-0x1c
	.endr
	b	zboot_entry		@ 0x20
	.word	0x016f2818		@ 0x24: zImage magic
	.word	zboot_head		@ 0x28: start
	.word	__bss_start		@ 0x2c: end of the loaded image
	.word	0x04030201		@ 0x30: little-endian

zboot_entry:
	ldr	r3, =zboot_regs
	stm	r3, {r0, r1, r2}
	adr	r0, zboot_head
	sub	r0, r0, #0x8000		@ RAM base
	sub	r1, r2, r0		@ RAM below the DTB
	mov	sp, r2
	b	_start

	.data
	.balign	4
	.global	zboot_regs
zboot_regs:
	.word	0x5a5a5a5a, 0x5a5a5a5a, 0x5a5a5a5a
