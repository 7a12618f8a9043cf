// SPDX-License-Identifier: GPL-2.0
/*
 * crashme: a guest kernel that executes random instructions, to show that
 * nothing a guest executes crashes, hangs or confuses umbra, and that the
 * guest itself keeps running.
 *
 * It turns its MMU on with its RAM, and only its RAM, mapped (so a wild
 * access is a translation fault, a virtual abort, never an MMIO exit),
 * installs its own vectors (vectors.S) and runs sequences of random words
 * from a code page: CRASHME_WORDS words followed by the rest of the page
 * of UDF, in ARM or Thumb state, mostly in virtual User mode and one
 * sequence in CRASHME_SVC_ONE_IN in virtual SVC mode. Each exception is
 * resumed after the instruction that trapped (Undefined Instruction, Data
 * Abort, system call), by the handler itself in the simple User-mode
 * cases, else by the C code; a Prefetch Abort (a branch out of the page),
 * the UDF after the sequence or anything unexpected ends the sequence.
 * Then:
 *
 *	1..4
 *	ok 1 - ARM state: N random words in M sequences, at least E executed (seed 0x...)
 *	ok 2 - Thumb state: N random words in M sequences, at least E executed
 *	ok 3 - every exception came back to the guest's own vectors ...
 *	ok 4 - guest kernel intact after the run (...)
 *
 * with counts of exceptions by kind and fault status as "#" lines; the
 * exit status is the number of failures. "Executed" is a lower bound: the
 * words up to the last exception of a sequence, and on from there up to
 * the first instruction that may have branched away.
 *
 * Termination without a timer. The guest has no timer, so a loop in the
 * random code would hang it. Control can only move forward: resuming is
 * always after the trapping instruction, and the generator rejects (draws
 * again) every word that could make control go back into an executable
 * page:
 *  - direct branches whose target lies in an executable page (the two
 *    code pages, the vector page), except forward branches without link
 *    or state change within the sequence's own page;
 *  - every instruction that reads the PC as a data operand (ADR, ADD
 *    Rd, PC, ..., STR/STM of PC, MOVT PC, MCR from PC, PC-relative
 *    accesses with writeback), since a register holding a code address
 *    and a later BX would jump back.
 * Indirect branches (BX, BLX, LDR PC, LDM {..., PC}, MOV PC, Rm) stay:
 * their targets come from registers and memory that never hold a code
 * address (initial registers are drawn outside RAM and the code pages,
 * or in the data pages), so they nearly always end in a Prefetch Abort.
 * BL and BLX leave a code address in LR, but only when they leave the
 * page, which ends the sequence; LR is reloaded for the next one. The
 * code pages are read-only at every level: the random code cannot
 * rewrite itself. What is left is a computed target that happens to
 * land in a code page (they lie far from RAM and the data pages, so
 * about 2^-19 per wild branch): mostly in the UDF there, counted as
 * "ended in other code"; a loop would need more coincidences still, and
 * the suite's timeout would report it.
 *
 * SVC-mode sequences run at virtual PL1, where a random store could hit
 * the guest kernel and a random MCR reprogram its MMU. They run in a
 * sandbox address space that maps only the code pages (read-only), the
 * data pages and the three handler pages (vectors.S); and MCRs to CP15
 * c1 (SCTLR, CPACR), c2 (TTBR0/1, TTBCR), c3 (DACR) and c12 (VBAR) are
 * rejected in them, as are the paravirtual sensitive instructions (SVC
 * classes 1-15) that would change the mode, the SPSR, a banked SP or the
 * PC (svc_imm_ok()); the others run emulated. Random hypercalls (svc #0)
 * are fine: registers are drawn outside 0x86000000-0x8600ffff, so the
 * module answers NOT_SUPPORTED, and no VMM hypercall (console) is reached.
 * svc #2 (WFI) is rejected in them: with no interrupt to wake it, it
 * would sleep for good.
 *
 * Build with -DCRASHME_SEED=0x... (make CRASHME_SEED=0x...) for another
 * reproducible run; -DCRASHME_TRACE=1 prints every sequence before it
 * runs and every exception that comes back to the C code (to find the
 * word behind a stopped guest), -DCRASHME_TRACE_FROM=N the same from
 * sequence N on, -DCRASHME_FAST=0 makes every exception come back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <umbra/guest.h>
#include <umbra/hypercall.h>
#include <linux/umbra_hypercall.h>

#include "crashme.h"

#ifndef CRASHME_SEED
#define CRASHME_SEED		0x0c7a5e3e5eed2024ull
#endif
#ifndef CRASHME_ARM_SEQS
#define CRASHME_ARM_SEQS	7500	/* sequences in ARM state */
#endif
#ifndef CRASHME_THUMB_SEQS
#define CRASHME_THUMB_SEQS	7500	/* sequences in Thumb state */
#endif
#ifndef CRASHME_WORDS
#define CRASHME_WORDS		16	/* random words per sequence */
#endif
#ifndef CRASHME_SVC_ONE_IN
#define CRASHME_SVC_ONE_IN	16	/* SVC-mode sequences: 1 in N */
#endif
/* 0: every exception goes back to the C code (slower) */
#ifndef CRASHME_FAST
#define CRASHME_FAST		1
#endif
#ifndef CRASHME_TRACE
#define CRASHME_TRACE		0
#endif
#ifndef CRASHME_TRACE_FROM	/* trace from this sequence on */
#define CRASHME_TRACE_FROM	(CRASHME_TRACE ? 0ul : ~0ul)
#endif
/*
 * BKPT is a Prefetch Abort with the debug event FS (0x02) at PL0, which
 * umbra does not turn into a virtual one: the VM stops with an internal
 * error (umbra-vmm exits 125). Rejected until it does; 1 keeps them.
 */
#ifndef CRASHME_BKPT
#define CRASHME_BKPT		0
#endif

#define SZ_4K		0x00001000u
#define SZ_1M		0x00100000u

/*
 * The pages the random code gets: its two code pages and the data pages
 * it may read and write (execute-never), all in one megabyte of RAM taken
 * from the heap, mapped at virtual addresses of their own, far from RAM
 * and from each other: an address computed from a data pointer or from
 * RAM (a wild indirect branch) is then unlikely to reach a code page.
 * Around each code page nothing is mapped.
 */
#define SBX_ARM_CODE	0x01000u	/* offsets in the megabyte */
#define SBX_THUMB_CODE	0x03000u
#define SBX_DATA	0x10000u
#define SBX_DATA_PAGES	4
#define ARM_CODE_VA	0x6a5e1000u
#define THUMB_CODE_VA	0x6a5e3000u
#define DATA_VA		0x2d3c4000u

/* What follows the random words: UDF #0xcafe (ARM), UDF #0xfe (Thumb) */
#define ARM_FILL	0xe7fcaffeu
#define THUMB_FILL	0xdefeu

/* The hypercall IDs a random register must not hold. */
#define HC_ID_FIRST	0x86000000u
#define HC_ID_LAST	0x8600ffffu

/* ------------------------------------------------------------------ */
/* CP15 (Thumb MRC/MCR, emulated by umbra in virtual PL1)               */

#define CP15_READ(name, op1, crn, crm, op2)				\
static uint32_t name(void)						\
{									\
	uint32_t v;							\
	__asm__ __volatile__("mrc p15, " #op1 ", %0, " #crn ", " #crm	\
			     ", " #op2 : "=r" (v));			\
	return v;							\
}
#define CP15_WRITE(name, op1, crn, crm, op2)				\
static void name(uint32_t v)						\
{									\
	__asm__ __volatile__("mcr p15, " #op1 ", %0, " #crn ", " #crm	\
			     ", " #op2 : : "r" (v) : "memory");		\
}

CP15_READ(read_ctr, 0, c0, c0, 1)
CP15_READ(read_sctlr, 0, c1, c0, 0)
CP15_WRITE(write_sctlr, 0, c1, c0, 0)
CP15_READ(read_ttbr0, 0, c2, c0, 0)
CP15_WRITE(write_ttbr0, 0, c2, c0, 0)
CP15_READ(read_ttbcr, 0, c2, c0, 2)
CP15_WRITE(write_ttbcr, 0, c2, c0, 2)
CP15_READ(read_dacr, 0, c3, c0, 0)
CP15_WRITE(write_dacr, 0, c3, c0, 0)
CP15_READ(read_vbar, 0, c12, c0, 0)
CP15_WRITE(write_vbar, 0, c12, c0, 0)
CP15_WRITE(write_contextidr, 0, c13, c0, 1)
CP15_WRITE(tlbiall, 0, c8, c7, 0)
CP15_WRITE(dccmvau, 0, c7, c11, 1)
CP15_WRITE(iciallu, 0, c7, c5, 0)
CP15_WRITE(bpiall, 0, c7, c5, 6)

static void barrier(void)
{
	__asm__ __volatile__("dsb\n\tisb" : : : "memory");
}

/* ------------------------------------------------------------------ */
/* Random numbers: xorshift64*, reproducible from the seed              */

static uint64_t rng;

/* The first state: the seed through splitmix64, never 0. */
static void rnd_init(uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	rng = (z ^ (z >> 31)) | 1;
}

static uint32_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}

/* ------------------------------------------------------------------ */
/* Memory layout and translation tables                                */

static uint32_t ram_base, ram_end;
static uint32_t sbx;		/* the RAM behind the random code's pages */
static const uint32_t arm_code = ARM_CODE_VA, thumb_code = THUMB_CODE_VA;
static const uint32_t data_pages = DATA_VA;

static uint32_t kl1[4096] __attribute__((aligned(16384)));	/* kernel */
static uint32_t sl1[4096] __attribute__((aligned(16384)));	/* sandbox */
#define L2_POOL		8
static uint32_t l2_pool[L2_POOL][256] __attribute__((aligned(1024)));
static unsigned int l2_used;

void *_sbrk(ptrdiff_t incr);
extern const char __umbra_load_addr[], __fini_array_end[];

static uint32_t pa(const volatile void *p)
{
	return (uint32_t)(uintptr_t)p;	/* RAM is identity-mapped */
}

static int map_page(uint32_t *l1, uint32_t va, uint32_t phys, uint32_t ap,
		    int xn)
{
	uint32_t *l2, *e = &l1[va >> 20];

	if ((*e & 3) != L1_TABLE) {
		if (l2_used == L2_POOL)
			return -1;
		l2 = l2_pool[l2_used++];
		*e = pa(l2) | L1_TABLE;		/* domain 0 */
	}
	l2 = (uint32_t *)(uintptr_t)(*e & ~0x3ffu);
	l2[(va >> 12) & 0xff] = (phys & ~0xfffu) | L2_SMALL | L2_AP(ap) |
				L2_C | L2_B | (xn ? L2_SMALL_XN : 0);
	return 0;
}

/* Take a free, 1 MiB aligned megabyte of the heap for the sandbox. */
static int reserve_sandbox(void)
{
	uintptr_t cur = (uintptr_t)_sbrk(0);
	uintptr_t a = (cur + SZ_1M - 1) & ~(uintptr_t)(SZ_1M - 1);

	if (a < cur || a + SZ_1M > umbra_heap_limit() ||
	    _sbrk(a + SZ_1M - cur) == (void *)-1)
		return -1;
	sbx = a;
	return 0;
}

static int build_tables(void)
{
	uint32_t mb, i;
	int err = 0;

	for (mb = ram_base; mb < ram_end; mb += SZ_1M)
		kl1[mb >> 20] = mb | L1_SECT | SECT_AP(AP_PL1_RW) | SECT_C |
				SECT_B;
	kl1[sbx >> 20] = 0;
	/* kernel table: the code pages User read-only, data User RW */
	err |= map_page(kl1, arm_code, sbx + SBX_ARM_CODE, AP_USER_RO, 0);
	err |= map_page(kl1, thumb_code, sbx + SBX_THUMB_CODE, AP_USER_RO, 0);
	for (i = 0; i < SBX_DATA_PAGES; i++)
		err |= map_page(kl1, data_pages + i * SZ_4K,
				sbx + SBX_DATA + i * SZ_4K, AP_RW, 1);
	/* the sandbox: the same, PL1 only, and the handler pages */
	err |= map_page(sl1, arm_code, sbx + SBX_ARM_CODE, AP_PL1_RO, 0);
	err |= map_page(sl1, thumb_code, sbx + SBX_THUMB_CODE, AP_PL1_RO, 0);
	for (i = 0; i < SBX_DATA_PAGES; i++)
		err |= map_page(sl1, data_pages + i * SZ_4K,
				sbx + SBX_DATA + i * SZ_4K, AP_PL1_RW, 1);
	err |= map_page(sl1, pa(vec_page), pa(vec_page), AP_PL1_RO, 0);
	err |= map_page(sl1, pa(hro_page), pa(hro_page), AP_PL1_RO, 1);
	err |= map_page(sl1, pa(hpage), pa(hpage), AP_PL1_RW, 1);
	return err;
}

static int exec_page(uint32_t va)
{
	va &= ~0xfffu;
	return va == arm_code || va == thumb_code || va == pa(vec_page);
}

/* ------------------------------------------------------------------ */
/* The generator's filter (see the comment at the top)                  */

/*
 * A direct branch from @a to @t: fine if it leaves the executable pages
 * (it ends in a Prefetch Abort), or, without link or state change, goes
 * forward within its own page.
 */
static int branch_ok(uint32_t a, uint32_t t, int link)
{
	if (!exec_page(t))
		return 1;
	return !link && t > a && (t & ~0xfffu) == (a & ~0xfffu);
}

/* @v sign-extended from @bits bits, as an address offset */
static uint32_t sext(uint32_t v, unsigned int bits)
{
	return (uint32_t)((int32_t)(v << (32 - bits)) >> (32 - bits));
}

/*
 * MCR to CP15 in an SVC-mode sequence: c1 (SCTLR, ACTLR, CPACR), c2
 * (TTBR0, TTBR1, TTBCR), c3 (DACR), c12 (VBAR) would take the guest
 * kernel's MMU or vectors away from it.
 */
static int mcr_blocked(uint32_t crn)
{
	return crn == 1 || crn == 2 || crn == 3 || crn == 12;
}

/* A32 coprocessor space (cond != 1111 or 1111): MCR, MRC, MCRR, LDC... */
static int arm_cop_ok(uint32_t w, int svc)
{
	uint32_t rn = (w >> 16) & 15, rd = (w >> 12) & 15;
	int l = (w >> 20) & 1;

	if ((w & 0x0f000010) == 0x0e000010) {		/* MCR, MRC */
		if (!l && rd == 15)
			return 0;			/* MCR from PC */
		if (svc && !l && ((w >> 8) & 15) == 15 && mcr_blocked(rn))
			return 0;
		return 1;
	}
	if ((w & 0x0fe00000) == 0x0c400000)		/* MCRR, MRRC */
		return rd != 15 && rn != 15;
	if ((w & 0x0e000000) == 0x0c000000)		/* LDC, STC */
		return rn != 15;
	return 1;					/* CDP */
}

/*
 * An SVC in an SVC-mode sequence is a hypercall (class 0) or one of the
 * paravirtual sensitive instructions umbra emulates (classes 1-15,
 * Documentation/hypercalls.rst). Those that change the mode, the SPSR, a
 * banked SP or the PC (CPS with a mode, MSR of the SPSR or of CPSR_c,
 * the exception returns, RFE, SRS) would take the sequence out of the
 * mode and the forward-only control flow crashme relies on, as the MCRs
 * above would take its MMU; they are drawn again. MRS, CPS of the A/I/F
 * masks, MSR of the flags and of CPSR_x, LDM/STM of User registers and
 * the reserved class 7 (an Undefined Instruction) stay, as do malformed
 * payloads of them.
 */
static int svc_imm_ok(uint32_t imm, int svc)
{
	uint32_t p = UMBRA_SVC_PAYLOAD(imm);

	if (!svc)
		return 1;				/* a system call */
	if (imm == UMBRA_SVC_WFI)
		return 0;			/* it sleeps for good */
	switch (UMBRA_SVC_CLASS(imm)) {
	case UMBRA_SVC_CPS:
		return !UMBRA_SVC_GET(p, UMBRA_PV_CPS_M);
	case UMBRA_SVC_MRS_MSR:
		if (!UMBRA_SVC_GET(p, UMBRA_PV_MRS_MSR_MSR))
			return 1;
		return !UMBRA_SVC_GET(p, UMBRA_PV_MRS_MSR_R) &&
		       !(UMBRA_SVC_GET(p, UMBRA_PV_MRS_MSR_MASK) & 1);
	case UMBRA_SVC_MSR_IMM:
		return !UMBRA_SVC_GET(p, UMBRA_PV_MSR_IMM_R) &&
		       !(UMBRA_SVC_GET(p, UMBRA_PV_MSR_IMM_MASK) & 1);
	case UMBRA_SVC_DP_PC_IMM:
	case UMBRA_SVC_DP_PC_REG:
	case UMBRA_SVC_RFE_SRS:
	case UMBRA_SVC_LDM_ERET:
	case UMBRA_SVC_LDM_ERET + 1:
	case UMBRA_SVC_LDM_ERET + 2:
	case UMBRA_SVC_LDM_ERET + 3:
		return 0;
	default:
		return 1;
	}
}

/* Is the A32 word @w at address @a acceptable? (ARM ARM A5) */
static int arm_ok(uint32_t w, uint32_t a, int svc)
{
	uint32_t cond = w >> 28, op = (w >> 25) & 7;
	uint32_t rn = (w >> 16) & 15, rd = (w >> 12) & 15;
	uint32_t rs = (w >> 8) & 15, rm = w & 15;
	int l = (w >> 20) & 1;

	if (!CRASHME_BKPT && (w & 0x0ff000f0) == 0x01200070)
		return 0;				/* BKPT */
	if (cond == 15) {				/* A5.7 */
		if (op == 5)				/* BLX (immediate) */
			return branch_ok(a, a + 8 +
					 (sext(w & 0xffffff, 24) << 2) +
					 ((w >> 23) & 2), 1);
		if (op >= 6)
			return arm_cop_ok(w, svc);
		return rn != 15 && rm != 15;	/* PLD, RFE, SRS, ... */
	}
	switch (op) {
	case 0:		/* data processing (register), misc, multiply, ... */
		if ((w & 0x0fffffc0) == 0x012fff00 && (w & 0x30))
			return rm != 15;		/* BX, BXJ, BLX (reg) */
		if (rn == 15 || rs == 15 || rm == 15)
			return 0;
		if ((w & 0x01900000) == 0x01000000 && rd == 15)
			return 0;			/* MRS PC, CLZ PC, ... */
		if ((w & 0x90) == 0x90 && (w & 0x60) && !l) {
			/* extra stores: no STRH of PC, no STRD/LDRD with PC */
			if (((w >> 5) & 3) == 1 && rd == 15)
				return 0;
			if (((w >> 5) & 3) >= 2 && rd >= 14)
				return 0;
		}
		return 1;
	case 1:		/* data processing (immediate), MOVW, MOVT, MSR */
		if (rn == 15)
			return 0;			/* ADR */
		if ((w & 0x0fb00000) == 0x03000000 && rd == 15)
			return 0;			/* MOVW/MOVT PC */
		return 1;
	case 2:		/* LDR/STR (immediate) */
		if (rn == 15 && (!(w & (1u << 24)) || (w & (1u << 21))))
			return 0;			/* PC writeback */
		return l || rd != 15;			/* no STR PC */
	case 3:
		if (w & 0x10) {				/* media */
			if ((w & 0x01f000f0) == 0x01f000f0)
				return 1;		/* UDF */
			return rn != 15 && rd != 15 && rs != 15 && rm != 15;
		}
		if (rn == 15 || rm == 15)
			return 0;
		return l || rd != 15;
	case 4:		/* LDM/STM */
		if (rn == 15)
			return 0;
		return l || !(w & 0x8000);		/* no STM of PC */
	case 5:		/* B, BL */
		return branch_ok(a, a + 8 + (sext(w & 0xffffff, 24) << 2),
				 (w >> 24) & 1);
	default:	/* SVC, coprocessor */
		if (op == 7 && (w & (1u << 24)))
			return svc_imm_ok(w & 0xffffff, svc);
		return arm_cop_ok(w, svc);
	}
}

/* Is the 16-bit Thumb instruction @h at @a acceptable? (A6.2) */
static int t16_ok(uint32_t h, uint32_t a)
{
	uint32_t rm, rdn;

	if (!CRASHME_BKPT && (h & 0xff00) == 0xbe00)
		return 0;					/* BKPT */
	if ((h & 0xf000) == 0xd000 && ((h >> 8) & 15) < 14)	/* B T1 */
		return branch_ok(a, a + 4 + (sext(h & 0xff, 8) << 1), 0);
	if ((h & 0xf800) == 0xe000)				/* B T2 */
		return branch_ok(a, a + 4 + (sext(h & 0x7ff, 11) << 1), 0);
	if ((h & 0xf800) == 0xa000)				/* ADR */
		return 0;
	if ((h & 0xfc00) == 0x4400) {	/* special data, branch/exchange */
		rm = (h >> 3) & 15;
		rdn = ((h >> 4) & 8) | (h & 7);
		switch ((h >> 8) & 3) {
		case 0:				/* ADD Rdn, Rm */
		case 1:				/* CMP Rn, Rm */
			return rm != 15 && rdn != 15;
		default:			/* MOV Rd, Rm; BX, BLX */
			return rm != 15;
		}
	}
	return 1;
}

/* DP with Rd == PC is only fine as TST, TEQ, CMN, CMP (S set). */
static int t32_dp_rd_ok(uint32_t h1, uint32_t rd)
{
	uint32_t op = (h1 >> 5) & 15;

	if (rd != 15)
		return 1;
	return (h1 & 0x10) && (op == 0 || op == 4 || op == 8 || op == 13);
}

static int t32_cop_ok(uint32_t h1, uint32_t h2, int svc)
{
	uint32_t rt = h2 >> 12, rn = h1 & 15;
	int l = (h1 >> 4) & 1;

	if ((h1 & 0xef00) == 0xee00 && (h2 & 0x10)) {	/* MCR, MRC */
		if (!l && rt == 15)
			return 0;
		if (svc && !l && ((h2 >> 8) & 15) == 15 && mcr_blocked(rn))
			return 0;
		return 1;
	}
	if ((h1 & 0xefe0) == 0xec40)			/* MCRR, MRRC */
		return rt != 15 && rn != 15;
	if ((h1 & 0xee00) == 0xec00)			/* LDC, STC */
		return rn != 15;
	return 1;
}

/* Is the 32-bit Thumb instruction @h1:@h2 at @a acceptable? (A6.3) */
static int t32_ok(uint32_t h1, uint32_t h2, uint32_t a, int svc)
{
	uint32_t rn = h1 & 15, rd = (h2 >> 8) & 15, op;
	uint32_t s, j1, j2, off;

	switch (h1 >> 11) {
	case 0x1e:
		if (h2 & 0x8000) {		/* branches, misc control */
			s = (h1 >> 10) & 1;
			j1 = (h2 >> 13) & 1;
			j2 = (h2 >> 11) & 1;
			if (!(h2 & 0x5000)) {
				op = (h1 >> 4) & 0x7f;
				if ((op & 0x38) != 0x38) {	/* B T3 */
					off = (s << 20) | (j2 << 19) |
					      (j1 << 18) |
					      ((h1 & 0x3f) << 12) |
					      ((h2 & 0x7ff) << 1);
					return branch_ok(a, a + 4 +
							 sext(off, 21), 0);
				}
				if ((op & 0x7e) == 0x38 && rn == 15)
					return 0;	/* MSR from PC */
				if ((op & 0x7e) == 0x3e && rd == 15)
					return 0;	/* MRS to PC */
				if (op == 0x3c && rn == 15)
					return 0;	/* BXJ PC */
				return 1;
			}
			off = (s << 24) | ((!(j1 ^ s)) << 23) |
			      ((!(j2 ^ s)) << 22) | ((h1 & 0x3ff) << 12) |
			      ((h2 & 0x7ff) << 1);
			if (!(h2 & 0x4000))			/* B T4 */
				return branch_ok(a, a + 4 + sext(off, 25), 0);
			if (h2 & 0x1000)			/* BL */
				return branch_ok(a, a + 4 + sext(off, 25), 1);
			return branch_ok(a, ((a + 4) & ~3u) +	/* BLX */
					 (sext(off, 25) & ~3), 1);
		}
		if (!(h1 & 0x0200)) {		/* DP (modified immediate) */
			op = (h1 >> 5) & 15;
			if (rn == 15 && op != 2 && op != 3)
				return 0;	/* Rn = PC but MOV, MVN */
			return t32_dp_rd_ok(h1, rd);
		}
		return rn != 15 && rd != 15;	/* ADR, ADDW, MOVT, ... */
	case 0x1d:
		if ((h1 & 0x0600) == 0) {
			if (!(h1 & 0x0040)) {	/* LDM, STM, RFE, SRS */
				if (rn == 15)
					return 0;
				return (h1 & 0x10) || !(h2 & 0x8000);
			}
			/* dual, exclusive, table branch */
			if ((h1 & 0xfff0) == 0xe8d0 && (h2 & 0xffe0) == 0xf000)
				return (h2 & 15) != 15;	/* TBB, TBH */
			if (rn == 15 && (!(h1 & 0x10) || (h1 & 0x20)))
				return 0;
			return (h2 >> 12) != 15 && rd != 15;
		}
		if ((h1 & 0x0600) == 0x0200) {	/* DP (shifted register) */
			op = (h1 >> 5) & 15;
			if ((h2 & 15) == 15)
				return 0;
			if (rn == 15 && op != 2 && op != 3)
				return 0;
			return t32_dp_rd_ok(h1, rd);
		}
		return t32_cop_ok(h1, h2, svc);
	default:	/* 0x1f */
		if ((h1 & 0x0e00) == 0x0800) {	/* load/store single */
			if (h1 & 0x10)
				return 1;	/* loads; Rn = PC: literal */
			return rn != 15 && (h2 >> 12) != 15;
		}
		if ((h1 & 0x0e00) == 0x0a00) {	/* DP reg, multiply, divide */
			if (rn == 15 || (h2 & 15) == 15 || rd == 15)
				return 0;
			return (h1 & 0x0f80) != 0x0b80 || (h2 >> 12) != 15;
		}
		if ((h1 & 0x0c00) == 0x0c00)
			return t32_cop_ok(h1, h2, svc);
		return 1;
	}
}

static int t32_prefix(uint32_t h)
{
	return (h >> 11) >= 0x1d;
}

/*
 * The Thumb instruction starting at halfword @i of @hw (n halfwords, the
 * fill after them): acceptable? Every halfword position is checked,
 * whatever the decoding path, since a branch may land on any of them.
 */
static int thumb_pos_ok(const uint16_t *hw, unsigned int i, unsigned int n,
			uint32_t base, int svc)
{
	uint32_t a = base + 2 * i, h2;

	if (svc && hw[i] == (0xdf00 | UMBRA_SVC_WFI))
		return 0;		/* svc #2, WFI: nothing would wake it */
	if (!t32_prefix(hw[i]))
		return t16_ok(hw[i], a);
	h2 = i + 1 < n ? hw[i + 1] : THUMB_FILL;
	return t32_ok(hw[i], h2, a, svc);
}

/*
 * Could the instruction write the PC without an exception (a branch, a
 * load or data-processing instruction to the PC, an exception return in
 * SVC mode)? Over-approximated: a lower bound of what ran is computed
 * from it (words_reached()).
 */
static int arm_may_branch(uint32_t w, int svc)
{
	uint32_t op = (w >> 25) & 7;

	if (w >> 28 == 15)
		return op == 4 || op == 5;		/* RFE, BLX */
	switch (op) {
	case 4:						/* LDM */
		return (w & (1u << 20)) && (w & 0x8000);
	case 5:						/* B, BL */
		return 1;
	case 6:
		return 0;
	case 7:						/* svc #1 */
		return svc && (w & (1u << 24));
	default:	/* the filter leaves Rd as the only PC operand */
		return ((w >> 12) & 15) == 15;
	}
}

static int t16_may_branch(uint32_t h, int svc)
{
	if ((h & 0xf000) == 0xd000)		/* B T1, SVC (not UDF) */
		return ((h >> 8) & 15) != 14 && (svc || ((h >> 8) & 15) != 15);
	if ((h & 0xf800) == 0xe000 || (h & 0xf500) == 0xb100 ||
	    (h & 0xff00) == 0xbd00)		/* B T2, CBZ, POP {..., pc} */
		return 1;
	if ((h & 0xfc00) == 0x4400)		/* ADD/MOV PC, BX, BLX */
		return ((h >> 8) & 3) == 3 ||
		       ((((h >> 4) & 8) | (h & 7)) == 15 && ((h >> 8) & 3) != 1);
	return 0;
}

static int t32_may_branch(uint32_t h1, uint32_t h2)
{
	if ((h1 >> 11) == 0x1e)
		return !!(h2 & 0x8000);		/* branches, misc control */
	if ((h1 & 0xfe40) == 0xe800)		/* LDM, RFE */
		return (h1 & 0x10) && (h2 & 0x8000);
	if ((h1 & 0xfff0) == 0xe8d0 && (h2 & 0xffe0) == 0xf000)
		return 1;			/* TBB, TBH */
	return (h2 >> 12) == 15 || ((h2 >> 8) & 15) == 15;
}

/*
 * Words of the sequence [@code, @end) that certainly ran when control
 * was last at @from: everything up to and including the first
 * instruction from there that may have left the straight line.
 */
static uint32_t words_reached(uint32_t code, uint32_t end, uint32_t from,
			      int thumb, int svc)
{
	uint32_t a = from, h, h2, len = 0;

	while (a < end) {
		if (!thumb) {
			len = 4;
			h = *(volatile uint32_t *)(uintptr_t)a;
			if (arm_may_branch(h, svc))
				break;
		} else {
			h = *(volatile uint16_t *)(uintptr_t)a;
			len = t32_prefix(h) ? 4 : 2;
			h2 = *(volatile uint16_t *)(uintptr_t)(a + 2);
			if (len == 2 ? t16_may_branch(h, svc) :
				       t32_may_branch(h, h2))
				break;
		}
		a += len;
	}
	a = a < end ? a + len : end;
	return (a - code) / 4;
}

/* ------------------------------------------------------------------ */
/* Random register values                                              */

static uint32_t rnd_reg(void)
{
	uint32_t v, r = rnd();

	switch (r & 15) {
	case 0:		/* an address in the data pages */
		return data_pages + (rnd() % (SBX_DATA_PAGES * SZ_4K));
	case 1:		/* something worth a look */
		switch ((r >> 4) & 7) {
		case 0: return 0;
		case 1: return 0xffffffffu;
		case 2: return 0x80000000u;
		case 3: return 0xffff2000u + (rnd() & 0x1ffc);	/* umbra's */
		case 4: return 0xffff0000u + (rnd() & 0xffc);	/* hivecs */
		case 5: return ram_base + (rnd() & 0x7ffc);	/* free RAM */
		case 6: return ram_end - 4 - (rnd() & 0xffc);	/* stack */
		default: return ram_end + (rnd() & 0xffc);	/* past RAM */
		}
	}
	do {
		v = rnd();
	} while ((v >= ram_base && v < ram_end) ||
		 (v >= HC_ID_FIRST && v <= HC_ID_LAST) ||
		 (v >> 20) == (ARM_CODE_VA >> 20) ||
		 (v >> 20) == (THUMB_CODE_VA >> 20));
	return v;
}

/* ------------------------------------------------------------------ */
/* Statistics and TAP                                                  */

struct stats {
	unsigned long seqs, words, reached;
	unsigned long svc_seqs, user_seqs;
	unsigned long exc[8];			/* by vector offset / 4 */
	unsigned long to_fill, to_pabt, escaped;
	unsigned long fs[32];			/* aborts by FS */
	unsigned long fast;			/* resumed by the handlers */
	unsigned long bad_spsr, runaway, no_progress, odd_mode;
};

static struct stats st[2];	/* ARM, Thumb */
static int test_no, failures;

static void note(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void result(int ok, const char *fmt, ...)
{
	va_list ap;

	test_no++;
	if (!ok)
		failures++;
	printf("%s %d - ", ok ? "ok" : "not ok", test_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* ------------------------------------------------------------------ */
/* Running a sequence                                                  */

/* resumes in one sequence: more means control did not move forward */
#define RESUME_MAX	(2 * CRASHME_WORDS + 2)

static uint32_t cur_sctlr, dline;
static unsigned long seq_no;

/* The address of the instruction after the one at @a. */
static uint32_t next_insn(uint32_t a, int thumb)
{
	if (!thumb)
		return a + 4;
	return a + (t32_prefix(*(volatile uint16_t *)(uintptr_t)a) ? 4 : 2);
}

/* ITAdvance() (A2.5.2) on a PSR. */
static uint32_t it_advance(uint32_t psr)
{
	uint32_t it = ((psr >> 25) & 3) | ((psr >> 8) & 0xfc);

	if (!(it & 7))
		it = 0;
	else
		it = (it & 0xe0) | ((it << 1) & 0x1f);
	return (psr & ~0x0600fc00u) | ((it & 3) << 25) | ((it & 0xfc) << 8);
}

static void gen_arm(uint32_t *code, int svc)
{
	uint32_t w;
	int i;

	for (i = 0; i < CRASHME_WORDS; i++) {
		do {
			w = rnd();
		} while (!arm_ok(w, arm_code + 4 * i, svc));
		code[i] = w;
	}
}

static void gen_thumb(uint16_t *hw, int svc)
{
	const unsigned int n = 2 * CRASHME_WORDS;
	unsigned int i, j, bad, rounds = 0;

	for (i = 0; i < n; i++)
		hw[i] = rnd();
	/* draw again at every bad position until none is left */
	do {
		bad = 0;
		for (i = 0; i < n; i++) {
			if (thumb_pos_ok(hw, i, n, thumb_code, svc))
				continue;
			bad++;
			j = (t32_prefix(hw[i]) && i + 1 < n && (rnd() & 1)) ?
			    i + 1 : i;
			hw[j] = rnd();
		}
	} while (bad && ++rounds < 10000);
	if (bad) {		/* cannot happen in practice: all UDF then */
		for (i = 0; i < n; i++)
			hw[i] = THUMB_FILL;
	}
}

static void print_seq(const char *why, int thumb, int svc)
{
	const volatile uint32_t *w = (const volatile uint32_t *)(uintptr_t)
				     (thumb ? thumb_code : arm_code);
	int i;

	printf("# %s: sequence %lu, %s, %s mode, seed 0x%016llx:", why,
	       seq_no, thumb ? "Thumb" : "ARM", svc ? "SVC" : "User",
	       (unsigned long long)CRASHME_SEED);
	for (i = 0; i < CRASHME_WORDS; i++)
		printf(" %08lx", (unsigned long)w[i]);
	printf("\n");
	fflush(stdout);
}

static void run_sequence(int thumb, int svc)
{
	struct stats *s = &st[thumb];
	uint32_t code = thumb ? thumb_code : arm_code;
	uint32_t end = code + 4 * CRASHME_WORDS;
	uint32_t pc, cpsr, sctlr, a = 0, next, last = 0, mode, vec;
	uint32_t from = code, reached;
	volatile struct gctx *c = &hctx;
	struct hsave h;
	unsigned int k, i;
	int resume, t;

	if (thumb)
		gen_thumb((uint16_t *)(uintptr_t)code, svc);
	else
		gen_arm((uint32_t *)(uintptr_t)code, svc);
	/* make the new code visible to instruction fetches (B2.2.9) */
	barrier();
	for (a = code; a < end; a += dline)
		dccmvau(a);
	barrier();
	iciallu(0);
	bpiall(0);
	barrier();

	/* SCTLR.A on for one sequence in four */
	sctlr = (cur_sctlr & ~SCTLR_A) | ((rnd() & 3) ? 0 : SCTLR_A);
	if (sctlr != cur_sctlr) {
		write_sctlr(sctlr);
		cur_sctlr = sctlr;
	}

	for (i = 0; i < 13; i++)
		c->r[i] = rnd_reg();
	c->sp = (rnd() & 3) ? data_pages + SZ_4K * 2 + (rnd() & 0x7fc) :
			      rnd_reg();
	c->lr = rnd_reg();
	cpsr = (svc ? PSR_MODE_SVC : PSR_MODE_USR) | (thumb ? PSR_T : 0) |
	       (rnd() & 0xf80f0000u) | (rnd() & (PSR_A | PSR_I | PSR_F));
	pc = code | (thumb ? 1 : 0);
	c->how = svc ? HOW_SVC : HOW_USR_FRESH;
	hro.sandbox = svc;
	hro.fast = !svc && CRASHME_FAST;
	hro.fast_thumb = thumb;
	hro.fast_code = code;
	hro.fast_end = end;
	hro.fast_max = RESUME_MAX;
	memset((void *)&hfast, 0, sizeof(hfast));
	s->seqs++;
	s->words += CRASHME_WORDS;
	if (svc)
		s->svc_seqs++;
	else
		s->user_seqs++;
	if (seq_no >= CRASHME_TRACE_FROM)
		print_seq("trace", thumb, svc);

	for (k = 0; ; k++) {
		c->pc = pc;
		c->cpsr = cpsr;
		vec = run_guest();
		memcpy(&h, (const void *)&hsave, sizeof(h));
		memset((void *)&hsave, 0, sizeof(h));
		/* what the handlers resumed on their own since */
		if (hfast.last > last) {
			last = hfast.last;
			from = next_insn(last, thumb);
		}
		if (vec == VEC_BAD_SPSR) {
			s->bad_spsr++;
			print_seq("SET_SPSR refused", thumb, svc);
			break;
		}
		if (seq_no >= CRASHME_TRACE_FROM) {
			printf("#  vector 0x%02lx LR 0x%08lx SPSR 0x%08lx FSR 0x%03lx, fast %lu, regs",
			       (unsigned long)vec, (unsigned long)h.lr,
			       (unsigned long)h.spsr, (unsigned long)h.fsr,
			       (unsigned long)hfast.count);
			for (i = 0; i < 13; i++)
				printf(" %08lx", (unsigned long)h.r[i]);
			printf("\n");
			fflush(stdout);
		}
		s->exc[(vec / 4) & 7]++;
		t = !!(h.spsr & PSR_T);
		mode = h.spsr & PSR_MODE_MASK;
		resume = 1;
		switch (vec) {
		case VEC_UND:
			a = h.lr - (t ? 2 : 4);
			break;
		case VEC_DABT:
			s->fs[FSR_FS(h.fsr)]++;
			a = h.lr - 8;
			break;
		case VEC_SVC:
			a = h.lr - (t ? 2 : 4);
			break;
		case VEC_PABT:
			s->fs[FSR_FS(h.fsr)]++;
			s->to_pabt++;
			resume = 0;
			break;
		default:
			print_seq("unexpected exception", thumb, svc);
			resume = 0;
			break;
		}
		if (!resume)
			break;
		if (a >= end && a < code + SZ_4K) {
			s->to_fill++;		/* the UDF after the sequence */
			break;
		}
		if (a < code || a >= end) {
			/* a wild branch landed in other executable code */
			if (s->escaped++ < 4) {
				print_seq("ended elsewhere", thumb, svc);
				note("vector 0x%02lx at 0x%08lx, SPSR 0x%08lx",
				     (unsigned long)vec, (unsigned long)a,
				     (unsigned long)h.spsr);
			}
			break;
		}
		if (last && a <= last) {
			s->no_progress++;
			print_seq("no progress", thumb, svc);
			note("vector 0x%02lx at 0x%08lx after 0x%08lx",
			     (unsigned long)vec, (unsigned long)a,
			     (unsigned long)last);
			break;
		}
		if (k + hfast.count >= RESUME_MAX) {
			s->runaway++;
			print_seq("runaway sequence", thumb, svc);
			break;
		}
		if (mode == PSR_MODE_USR) {
			c->how = HOW_USR_RESUME;
		} else if (mode == PSR_MODE_SVC) {
			c->how = HOW_SVC;
			c->sp = h.svc_sp;
			c->lr = h.svc_lr;
		} else {
			/* a mode only a hypercall could have set: stop here */
			s->odd_mode++;
			print_seq("odd mode", thumb, svc);
			break;
		}
		next = vec == VEC_SVC ? h.lr : next_insn(a, t);
		last = a;
		from = next;
		for (i = 0; i < 13; i++)
			c->r[i] = h.r[i];
		cpsr = vec == VEC_SVC ? h.spsr : it_advance(h.spsr);
		pc = next | (t ? 1 : 0);
	}
	for (i = 0; i < 8; i++)
		s->exc[i] += hfast.exc[i];
	for (i = 0; i < 32; i++)
		s->fs[i] += hfast.fs[i];
	s->fast += hfast.count;
	reached = words_reached(code, end, from, thumb, svc);
	if (last && (last - code) / 4 + 1 > reached)
		reached = (last - code) / 4 + 1;
	s->reached += reached;
	if (hro.sandbox) {
		hro.sandbox = 0;
		write_contextidr(0);	/* the random code may have set it */
	}
}

/* ------------------------------------------------------------------ */
/* Checks of the guest kernel itself                                   */

static uint32_t fnv(uint32_t h, const volatile void *p, size_t n)
{
	const volatile uint8_t *b = p;

	while (n--)
		h = (h ^ *b++) * 16777619u;
	return h;
}

static uint32_t kernel_sum(void)
{
	uint32_t h = 2166136261u;

	h = fnv(h, __umbra_load_addr, __fini_array_end - __umbra_load_addr);
	h = fnv(h, kl1, sizeof(kl1));
	h = fnv(h, sl1, sizeof(sl1));
	h = fnv(h, l2_pool, sizeof(l2_pool));
	return h;
}

static const char *const fs_names[32] = {
	[0x01] = "alignment",
	[0x02] = "debug event",
	[0x03] = "access flag (section)",
	[0x05] = "translation (section)",
	[0x06] = "access flag (page)",
	[0x07] = "translation (page)",
	[0x08] = "synchronous external",
	[0x09] = "domain (section)",
	[0x0b] = "domain (page)",
	[0x0d] = "permission (section)",
	[0x0f] = "permission (page)",
};

static void report_state(int thumb, unsigned long target)
{
	const struct stats *s = &st[thumb];
	unsigned int i;
	int ok;

	ok = s->words >= target && !s->bad_spsr && !s->runaway &&
	     !s->no_progress && !s->odd_mode;
	if (thumb)
		result(ok, "Thumb state: %lu random words in %lu sequences, at least %lu executed",
		       s->words, s->seqs, s->reached);
	else
		result(ok, "ARM state: %lu random words in %lu sequences, at least %lu executed (seed 0x%016llx)",
		       s->words, s->seqs, s->reached,
		       (unsigned long long)CRASHME_SEED);
	note("  %lu sequences in User mode, %lu in SVC mode (sandbox)",
	     s->user_seqs, s->svc_seqs);
	note("  ended by the UDF after them %lu, by a prefetch abort %lu, by an exception in other code %lu",
	     s->to_fill, s->to_pabt, s->escaped);
	note("  executed: the words up to the first possible branch after the last exception");
	note("  resumed by the handlers themselves: %lu", s->fast);
	note("  exceptions: undefined %lu, system call %lu, prefetch abort %lu, data abort %lu, other %lu",
	     s->exc[VEC_UND / 4], s->exc[VEC_SVC / 4], s->exc[VEC_PABT / 4],
	     s->exc[VEC_DABT / 4],
	     s->exc[0] + s->exc[VEC_UNUSED / 4] + s->exc[VEC_IRQ / 4] +
	     s->exc[VEC_FIQ / 4]);
	for (i = 0; i < 32; i++)
		if (s->fs[i])
			note("  aborts with FS 0x%02x (%s): %lu", i,
			     fs_names[i] ? fs_names[i] : "?", s->fs[i]);
	if (s->bad_spsr || s->runaway || s->no_progress || s->odd_mode)
		note("  refused SPSR %lu, runaway %lu, no progress %lu, odd mode %lu",
		     s->bad_spsr, s->runaway, s->no_progress, s->odd_mode);
}

int main(void)
{
	uint32_t sum0, sum1, sctlr, ttbr0, ttbcr, dacr, vbar;
	unsigned long arm_left = CRASHME_ARM_SEQS;
	unsigned long thumb_left = CRASHME_THUMB_SEQS;
	unsigned long other;
	uint32_t *w;
	uint16_t *hw;
	unsigned int i;
	int thumb, ok;

	rnd_init(CRASHME_SEED);
	ram_base = umbra_ram_base();
	ram_end = ram_base + umbra_ram_size();
	if (reserve_sandbox() || build_tables()) {
		printf("1..4\nBail out! no free megabyte of heap for the random code's pages\n");
		return 4;
	}
	printf("1..4\n");
	note("crashme: seed 0x%016llx, %d words per sequence, SVC mode 1 in %d",
	     (unsigned long long)CRASHME_SEED, CRASHME_WORDS,
	     CRASHME_SVC_ONE_IN);
	note("crashme: RAM 0x%08lx-0x%08lx, code pages 0x%08lx 0x%08lx, data 0x%08lx (RAM 0x%08lx), vectors 0x%08lx",
	     (unsigned long)ram_base, (unsigned long)ram_end,
	     (unsigned long)arm_code, (unsigned long)thumb_code,
	     (unsigned long)data_pages, (unsigned long)sbx,
	     (unsigned long)pa(vectors));
	fflush(stdout);

	hro.cpsr_c = umbra_hypercall(UMBRA_HC_GET_CPSR, 0, 0, 0, 0, 0, 0).a0 &
		     0x1df;
	hro.kern_ttbr0 = pa(kl1);
	hro.sbx_ttbr0 = pa(sl1);
	dline = 4u << ((read_ctr() >> 16) & 15);	/* CTR.DminLine */
	barrier();
	write_vbar(pa(vectors));
	write_ttbcr(0);
	write_dacr(DACR_D0_CLIENT);
	write_contextidr(0);
	write_ttbr0(hro.kern_ttbr0);
	tlbiall(0);
	cur_sctlr = (read_sctlr() | SCTLR_M) & ~SCTLR_A;
	write_sctlr(cur_sctlr);
	barrier();

	/* the code pages (mapped now): UDF, the sequences overwrite the start */
	w = (uint32_t *)(uintptr_t)arm_code;
	for (i = 0; i < SZ_4K / 4; i++)
		w[i] = ARM_FILL;
	hw = (uint16_t *)(uintptr_t)thumb_code;
	for (i = 0; i < SZ_4K / 2; i++)
		hw[i] = THUMB_FILL;

	sum0 = kernel_sum();
	sctlr = read_sctlr();
	ttbr0 = read_ttbr0();
	ttbcr = read_ttbcr();
	dacr = read_dacr();
	vbar = read_vbar();

	while (arm_left + thumb_left) {
		thumb = rnd() % (arm_left + thumb_left) >= arm_left;
		if (thumb)
			thumb_left--;
		else
			arm_left--;
		run_sequence(thumb, rnd() % CRASHME_SVC_ONE_IN == 0);
		seq_no++;
	}
	if (cur_sctlr != sctlr)
		write_sctlr(sctlr);

	report_state(0, (unsigned long)CRASHME_ARM_SEQS * CRASHME_WORDS);
	report_state(1, (unsigned long)CRASHME_THUMB_SEQS * CRASHME_WORDS);

	other = 0;
	for (i = 0; i < 2; i++)
		other += st[i].exc[0] + st[i].exc[VEC_UNUSED / 4] +
			 st[i].exc[VEC_IRQ / 4] + st[i].exc[VEC_FIQ / 4];
	result(!other, "only undefined instruction, system call and abort exceptions, all to the guest's own vectors (others: %lu)",
	       other);

	sum1 = kernel_sum();
	ok = sum0 == sum1 && read_sctlr() == sctlr && read_ttbr0() == ttbr0 &&
	     read_ttbcr() == ttbcr && read_dacr() == dacr &&
	     read_vbar() == vbar;
	result(ok, "guest kernel intact after the run (text, translation tables, MMU registers)");
	if (!ok)
		note("checksum 0x%08lx -> 0x%08lx, SCTLR 0x%08lx -> 0x%08lx, TTBR0 0x%08lx -> 0x%08lx",
		     (unsigned long)sum0, (unsigned long)sum1,
		     (unsigned long)sctlr, (unsigned long)read_sctlr(),
		     (unsigned long)ttbr0, (unsigned long)read_ttbr0());
	note("crashme: %d of %d failed (seed 0x%016llx)", failures, test_no,
	     (unsigned long long)CRASHME_SEED);
	note("umbra-figure: crashme-words %lu", st[0].words + st[1].words);
	fflush(stdout);
	return failures;
}
