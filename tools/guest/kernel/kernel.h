/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra SDK kernel: what vectors.S (ARM state: the exception vectors, the
 * exception stacks, the entry to User mode, CP15 accessors) shares with
 * kernel.c; the architecture's constants (VEC_* for kernel_trap(), PSR_*)
 * are in <umbra/arm.h>. See Documentation/guest-sdk.rst.
 */
#ifndef UMBRA_SDK_KERNEL_H
#define UMBRA_SDK_KERNEL_H

#include <umbra/arm.h>

/* CPSR fields exc_stacks_init() and enter_user() keep: mode, F, I, A */
#define PSR_CTRL	0x1df

/* struct trap_frame, as vectors.S builds it on the exception stack */
#define TF_SPSR		0
#define TF_VEC		4
#define TF_R0		8
#define TF_LR		60		/* r0-r12, then the exception LR */
#define TF_SIZE		64

/* Size of the Abort and Undefined mode stacks, bytes each */
#define EXC_STACK_SIZE	16384

#ifndef __ASSEMBLER__
#include <stdint.h>

/**
 * struct trap_frame - User-mode state at an exception, on the exception
 *                     mode's stack; written back when the handler returns
 * @spsr: the exception mode's SPSR: the User-mode CPSR
 * @vec:  vector offset, VEC_*
 * @r:    r0-r12 of User mode
 * @lr:   the exception mode's LR; the return address after the handler
 */
struct trap_frame {
	uint32_t spsr;
	uint32_t vec;
	uint32_t r[13];
	uint32_t lr;
};

/* The vector table, for VBAR: 32-byte aligned. */
extern const char kernel_vectors[];

/* Sets up the Abort and Undefined mode stacks; call in SVC mode. */
void exc_stacks_init(void);

/*
 * Enter User mode at @entry (bit 0: Thumb) with SP_usr = @sp and
 * r0-r2 = @a0-@a2, every other register 0. Does not return: the kernel
 * runs again only in kernel_trap().
 */
void __attribute__((noreturn)) enter_user(uint32_t entry, uint32_t sp,
					  uint32_t a0, uint32_t a1,
					  uint32_t a2);

/* Called by the vectors with interrupts masked, in the exception mode. */
void kernel_trap(struct trap_frame *tf);

/* CP15 (MRC/MCR, emulated by umbra in virtual PL1) */
uint32_t read_sctlr(void);
void write_sctlr(uint32_t v);
void write_ttbr0(uint32_t v);
void write_ttbcr(uint32_t v);
void write_dacr(uint32_t v);
void write_vbar(uint32_t v);
uint32_t read_vbar(void);
uint32_t read_dfsr(void);
uint32_t read_dfar(void);
uint32_t read_ifsr(void);
uint32_t read_ifar(void);
void tlbiall(void);

/* The embedded user program and its command line (embed.S). */
extern const unsigned char user_elf[], user_elf_end[];
extern const char user_cmdline[];
#endif

#endif /* UMBRA_SDK_KERNEL_H */
