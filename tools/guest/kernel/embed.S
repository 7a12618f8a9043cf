/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra SDK kernel: the user program and its command line, built into the
 * kernel image. Assembled once per image with
 *
 *   -DUSER_ELF_PATH='"prog.elf"'   the program (an ELF linked by user.mk)
 *   -DUSER_CMDLINE='"prog arg1"'   argv, split at spaces by the kernel
 */
	.section .rodata.user_elf, "a", %progbits
	.balign	8
	.global	user_elf, user_elf_end, user_cmdline
user_elf:
	.incbin	USER_ELF_PATH
user_elf_end:
user_cmdline:
	.asciz	USER_CMDLINE

	.section .note.GNU-stack, "", %progbits
