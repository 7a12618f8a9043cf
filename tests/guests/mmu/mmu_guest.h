/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmu guest: what vectors.S (ARM state: exception vectors, CP15 accessors,
 * probes, User-mode entry) shares with mmu.c.
 *
 * Every exception the guest takes is logged in exc_log[] by its vector:
 * the vector offset, the fault status and address registers (DFSR/DFAR or
 * IFSR/IFAR, 0 for Undefined and SVC), the exception mode's LR, its SPSR
 * and the CPSR inside the handler (both read with the PSR hypercalls), and
 * r0 and r7 of the interrupted code. Then:
 *
 * - Data Abort: if fix_ptr is set, store fix_val there (a translation
 *   table entry), TLBIMVAA the faulting address and retry the access;
 *   else return to exc_fixup if set; else skip the faulting instruction.
 * - Prefetch Abort: return to exc_fixup (one shot); without one, shut down
 *   with EXC_DEAD_PABT.
 * - Undefined Instruction: skip it.
 * - SVC (only User mode reaches it): a system call, number in r7. SYS_REPORT
 *   returns to User mode; SYS_EXIT returns from enter_user() with r0.
 * - Anything else: shut down with EXC_DEAD_OTHER.
 */
#ifndef MMU_GUEST_H
#define MMU_GUEST_H

#include <umbra/arm.h>

/* One exc_log record: 8 words. */
#define REC_VEC		0
#define REC_FSR		4
#define REC_FAR		8
#define REC_LR		12
#define REC_SPSR	16
#define REC_CPSR	20
#define REC_R0		24
#define REC_R7		28
#define REC_SIZE	32
#define EXC_LOG_LEN	16	/* further exceptions overwrite the last */

/* User-mode system calls (number in r7). */
#define SYS_REPORT	1	/* log r0, return to the caller */
#define SYS_EXIT	2	/* enter_user() returns r0 */

/* Shutdown statuses when a handler cannot go on. */
#define EXC_DEAD_PABT	0xf1	/* prefetch abort without a fixup */
#define EXC_DEAD_OTHER	0xf2	/* reset, unused, IRQ or FIQ vector */

/* What probe_ldr() returns when the load does not complete. */
#define PROBE_POISON	0xdeadbeef

#ifndef __ASSEMBLER__
#include <stdint.h>

struct exc_rec {
	uint32_t vec, fsr, far, lr, spsr, cpsr, r0, r7;
};

extern volatile struct exc_rec exc_log[EXC_LOG_LEN];
extern volatile uint32_t exc_n;		/* exceptions taken (not clamped) */
extern volatile uint32_t exc_fixup;	/* resume address, one shot */
extern volatile uint32_t fix_ptr, fix_val;
extern volatile uint32_t hivec_hits;	/* exceptions via the high vectors */

/* The vector table (VBAR) and the page holding the high vectors. */
extern const char vectors[], hivec_page[];

/* CP15 (ARM state MRC/MCR, emulated by umbra) */
uint32_t read_sctlr(void);
void write_sctlr(uint32_t v);
uint32_t read_ttbr0(void);
void write_ttbr0(uint32_t v);
uint32_t read_ttbr1(void);
void write_ttbr1(uint32_t v);
uint32_t read_ttbcr(void);
void write_ttbcr(uint32_t v);
uint32_t read_dacr(void);
void write_dacr(uint32_t v);
uint32_t read_contextidr(void);
void write_contextidr(uint32_t v);
uint32_t read_vbar(void);
void write_vbar(uint32_t v);
uint32_t read_dfsr(void);
uint32_t read_dfar(void);
uint32_t read_ifsr(void);
uint32_t read_ifar(void);
uint32_t read_midr(void);
void tlbiall(void);
void tlbimva(uint32_t mva_asid);
void tlbiasid(uint32_t asid);
void tlbimvaa(uint32_t mva);
void tlbiallis(void);
void tlbimvais(uint32_t mva_asid);
void cp15_barriers(void);	/* DSB, ISB, DMB, cache maintenance: no-ops */

/* Sets up the ABT and UND stacks; call once, in SVC mode. */
void exc_init(void);

/*
 * Probes: each has one instruction that may fault (label *_insn).
 * probe_ldr() returns PROBE_POISON when the load does not complete.
 */
uint32_t probe_ldr(uint32_t va);
void probe_str(uint32_t va, uint32_t val);
void probe_udf(void);
uint32_t probe_mrc_impdef(void);
uint32_t probe_ldrt(uint32_t va);		/* PROBE_POISON if it faults */
void probe_strt(uint32_t va, uint32_t val);
uint32_t probe_ldm(uint32_t va);		/* ldm of 2 words, returns 1st */
/* Branch to @va; returns 1 when a prefetch abort came back (exc_fixup). */
int try_jump(uint32_t va);
extern const char probe_ldr_insn[], probe_str_insn[], probe_udf_insn[];
extern const char probe_mrc_insn[], probe_ldrt_insn[], probe_strt_insn[];
extern const char probe_ldm_insn[];

/*
 * Run the User-mode program at @entry (a VA) with SP_usr = @sp and
 * r0-r2 = @a0-@a2, until it makes SYS_EXIT; return its r0.
 */
uint32_t enter_user(uint32_t entry, uint32_t sp, uint32_t a0, uint32_t a1,
		    uint32_t a2);

/* The User-mode program: a page of its own (position independent). */
extern const char user_page[], user_prog[], user_ret_report1[];
extern const char user_ldr_pl1[], user_str_ro[], user_ldr_kernel[];
extern const char user_mrc[], user_ret_hc[], user_ret_svc1[], user_end[];
#endif

#endif /* MMU_GUEST_H */
