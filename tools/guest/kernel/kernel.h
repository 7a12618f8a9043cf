/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra SDK kernel: what vectors.S (ARM state: the exception vectors, the
 * exception stacks, the entry to User mode, CP15 accessors) shares with
 * kernel.c. See Documentation/guest-sdk.rst.
 */
#ifndef UMBRA_SDK_KERNEL_H
#define UMBRA_SDK_KERNEL_H

/* Vector offsets (ARM ARM B1.8.1), the second argument of kernel_trap(). */
#define VEC_RESET	0x00
#define VEC_UND		0x04
#define VEC_SVC		0x08
#define VEC_PABT	0x0c
#define VEC_DABT	0x10
#define VEC_UNUSED	0x14
#define VEC_IRQ		0x18
#define VEC_FIQ		0x1c

/* CPSR (B1.3.3) */
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
#define PSR_CTRL	0x1df		/* mode, T excluded, F, I, A */

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
