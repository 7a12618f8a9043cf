// SPDX-License-Identifier: GPL-2.0
/*
 * mmu: a minimal guest kernel exercising umbra's virtualization of the
 * guest's own MMU, checked against the ARMv7-A architecture (ARM ARM B3:
 * short-descriptor translation tables B3.5, access permissions and domains
 * B3.7, faults B3.12/B3.13, TLB maintenance B3.10; exceptions B1.8/B1.9).
 *
 * It builds its translation tables in statically allocated, aligned
 * arrays, turns its MMU on with RAM identity-mapped (VA == IPA, which
 * keeps newlib's console buffers valid IPAs), takes data aborts, prefetch
 * aborts, undefined instructions and system calls from its own User mode
 * in its own vectors (vectors.S), and prints TAP:
 *
 *	1..N
 *	ok N - name
 *	not ok N - name # what went wrong
 *
 * The exit status is the number of failures. It never touches an IPA
 * outside RAM: umbra-vmm would stop it (MMIO exit, status 125).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <umbra/guest.h>
#include <umbra/hypercall.h>

#include "mmu_guest.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define SZ_4K		0x00001000u
#define SZ_64K		0x00010000u
#define SZ_1M		0x00100000u
#define SZ_16M		0x01000000u

/* Short-descriptor FSR status values (B4.1.52, Table B3-23) */
#define FS_ALIGN	0x001
#define FS_AF_SECT	0x003
#define FS_TRANS_SECT	0x005
#define FS_AF_PAGE	0x006
#define FS_TRANS_PAGE	0x007
#define FS_DOM_SECT	0x009
#define FS_DOM_PAGE	0x00b
#define FS_PERM_SECT	0x00d
#define FS_PERM_PAGE	0x00f
#define DOM_UNKNOWN	(-1)	/* FSR domain not valid for this fault */

#define DACR_BASE	0x55555555u	/* every domain client */

static uint32_t dacr_with(unsigned int dom, uint32_t type)
{
	return (DACR_BASE & ~(3u << (2 * dom))) | (type << (2 * dom));
}

/* Virtual addresses the tests map (RAM is identity-mapped at its IPA). */
#define VA_TEST		0x50000000u	/* l2_test, domain 0 */
#define VA_ALIAS	(VA_TEST + 0x0000)
#define VA_REMAP	(VA_TEST + 0x1000)
#define VA_NOTLBI	(VA_TEST + 0x2000)
#define VA_RO		(VA_TEST + 0x3000)
#define VA_PL1_RO	(VA_TEST + 0x4000)
#define VA_NOPAGE	(VA_TEST + 0x5000)	/* never mapped */
#define VA_XN		(VA_TEST + 0x6000)
#define VA_DEMAND	(VA_TEST + 0x7000)
#define VA_AF		(VA_TEST + 0x8000)
#define VA_LARGE	(VA_TEST + 0x10000)
#define VA_LARGE2	(VA_TEST + 0x20000)
#define VA_NOSECT	0x50100000u		/* no first-level entry */
#define VA_DOM2		0x50200000u		/* section, domain 2 */
#define VA_DOM3		0x50300000u		/* l2_dom3, domain 3 */
#define VA_SUPER	0x51000000u
#define VA_ASID		0x52000000u		/* l2_as1 / l2_as2, nG */
#define VA_SECT		0x53000000u
#define VA_SECT2	0x54000000u
#define VA_AF_SECT	0x55000000u
#define VA_SUPER2	0x5a000000u
#define VA_USER		0x70000000u		/* l2_user */
#define VA_SPLIT	0x90000000u		/* l2_lo (TTBR0) / l2_hi (TTBR1) */
#define VA_HIVEC	0xffff0000u		/* l2_top */
/* FORBIDDEN_BASE/SIZE of <linux/umbra.h>, which needs Linux headers */
#define FORBIDDEN_BASE	0xffff2000u
#define FORBIDDEN_SIZE	0x2000u

/* Translation tables and the pages they map, all in guest RAM. */
static uint32_t l1_main[4096] __attribute__((aligned(16384)));
static uint32_t l1_as2[4096] __attribute__((aligned(16384)));
static uint32_t l1_hi[4096] __attribute__((aligned(16384)));
static uint32_t l2_test[256] __attribute__((aligned(1024)));
static uint32_t l2_dom3[256] __attribute__((aligned(1024)));
static uint32_t l2_user[256] __attribute__((aligned(1024)));
static uint32_t l2_as1[256] __attribute__((aligned(1024)));
static uint32_t l2_as2[256] __attribute__((aligned(1024)));
static uint32_t l2_lo[256] __attribute__((aligned(1024)));
static uint32_t l2_hi[256] __attribute__((aligned(1024)));
static uint32_t l2_top[256] __attribute__((aligned(1024)));

enum { PG_A, PG_B, PG_C, PG_D, PG_E, PG_F, PG_G, PG_H, PG_U, PG_USTACK,
       PG_X, NPAGES };
static uint32_t pages[NPAGES][SZ_4K / 4] __attribute__((aligned(4096)));
static uint32_t large_buf[SZ_64K / 4] __attribute__((aligned(65536)));
static uint32_t large_buf2[SZ_64K / 4] __attribute__((aligned(65536)));

/* Two 16 MiB aligned blocks of RAM taken from the heap, or 0. */
static uint32_t ss_a, ss_b;

void *_sbrk(ptrdiff_t incr);

static uint32_t pa(const volatile void *p)
{
	return (uint32_t)(uintptr_t)p;	/* RAM is identity-mapped */
}

static volatile uint32_t *vp(uint32_t va)
{
	return (volatile uint32_t *)(uintptr_t)va;
}

static void dsb(void)
{
	__asm__ __volatile__("dsb" : : : "memory");
}

static uint32_t l2_idx(uint32_t va)
{
	return (va >> 12) & 0xff;
}

static uint32_t small(const volatile void *page, unsigned int ap)
{
	return pa(page) | L2_SMALL | L2_AP(ap) | L2_MEM;
}

static uint32_t asid(void)
{
	return read_contextidr() & 0xff;
}

/* The word at IPA @ipa (identity map, or MMU off). */
static uint32_t ram_word(uint32_t ipa)
{
	return *vp(ipa);
}

/* Distinct marker values: page @n, word @i. */
static uint32_t mark(uint32_t n, uint32_t i)
{
	return 0x5a000000u ^ (n << 16) ^ (i * 0x9e37u);
}

/* ------------------------------------------------------------------ */
/* TAP                                                                 */

static int test_no, failures;
static char why[320];
static const char *skip_why;

static void failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void failf(const char *fmt, ...)
{
	va_list ap;

	if (why[0])
		return;		/* the first failure explains best */
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
}

#define EXPECT_EQ(exp, got, what) do {					\
	uint32_t e_ = (exp), g_ = (got);				\
	if (e_ != g_)							\
		failf("%s: 0x%08lx, expected 0x%08lx", (what),		\
		      (unsigned long)g_, (unsigned long)e_);		\
} while (0)

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void exc_reset(void)
{
	exc_n = 0;
	exc_fixup = 0;
	fix_ptr = 0;
	memset((void *)exc_log, 0, sizeof(exc_log));
}

static const char *vec_name(uint32_t vec)
{
	switch (vec) {
	case VEC_UND:	return "UND";
	case VEC_SVC:	return "SVC";
	case VEC_PABT:	return "PABT";
	case VEC_DABT:	return "DABT";
	default:	return "other";
	}
}

/* Exactly @n exceptions were taken. */
static void expect_exc(uint32_t n)
{
	uint32_t got = exc_n;

	if (got == n)
		return;
	if (got)
		failf("%lu exceptions, expected %lu (first: %s FSR 0x%03lx FAR 0x%08lx LR 0x%08lx)",
		      (unsigned long)got, (unsigned long)n,
		      vec_name(exc_log[0].vec), (unsigned long)exc_log[0].fsr,
		      (unsigned long)exc_log[0].far,
		      (unsigned long)exc_log[0].lr);
	else
		failf("no exception, expected %lu", (unsigned long)n);
}

static uint32_t handler_mode(uint32_t vec)
{
	switch (vec) {
	case VEC_UND:	return PSR_MODE_UND;
	case VEC_SVC:	return PSR_MODE_SVC;
	default:	return PSR_MODE_ABT;
	}
}

/*
 * Record @i is exception @vec taken from @mode with link register @lr;
 * for aborts also the FSR (@fsr: FS, WnR; @dom: the domain field or
 * DOM_UNKNOWN) and the FAR. In the handler: the vector's mode, IRQs
 * masked, and asynchronous aborts masked for aborts (B1.9).
 */
static void expect_rec(uint32_t i, uint32_t vec, uint32_t fsr, int dom,
		       uint32_t far, uint32_t lr, uint32_t mode)
{
	volatile struct exc_rec *r = &exc_log[i];
	uint32_t mask = 0x1c0f;		/* ExT, WnR, FS[4], FS[3:0] */
	char what[48];

	if (exc_n <= i) {
		failf("exception #%lu not taken (%lu taken)", (unsigned long)i,
		      (unsigned long)exc_n);
		return;
	}
	snprintf(what, sizeof(what), "#%lu vector", (unsigned long)i);
	EXPECT_EQ(vec, r->vec, what);
	if (vec == VEC_DABT || vec == VEC_PABT) {
		if (dom != DOM_UNKNOWN) {
			mask |= 0xf0;
			fsr |= (uint32_t)dom << 4;
		}
		if ((r->fsr & mask) != fsr)
			failf("#%lu %s FSR 0x%03lx, expected 0x%03lx%s",
			      (unsigned long)i, vec == VEC_DABT ? "DFSR" : "IFSR",
			      (unsigned long)r->fsr, (unsigned long)fsr,
			      dom == DOM_UNKNOWN ? " (domain not compared)" :
			      "");
		snprintf(what, sizeof(what), "#%lu %s", (unsigned long)i,
			 vec == VEC_DABT ? "DFAR" : "IFAR");
		EXPECT_EQ(far, r->far, what);
	}
	snprintf(what, sizeof(what), "#%lu LR", (unsigned long)i);
	EXPECT_EQ(lr, r->lr, what);
	snprintf(what, sizeof(what), "#%lu SPSR mode", (unsigned long)i);
	EXPECT_EQ(mode, r->spsr & PSR_MODE_MASK, what);
	if (r->spsr & PSR_T)
		failf("#%lu SPSR 0x%08lx: T set for ARM code", (unsigned long)i,
		      (unsigned long)r->spsr);
	snprintf(what, sizeof(what), "#%lu handler mode", (unsigned long)i);
	EXPECT_EQ(handler_mode(vec), r->cpsr & PSR_MODE_MASK, what);
	if (!(r->cpsr & PSR_I))
		failf("#%lu handler CPSR 0x%08lx: I clear", (unsigned long)i,
		      (unsigned long)r->cpsr);
	if ((vec == VEC_DABT || vec == VEC_PABT) && !(r->cpsr & PSR_A))
		failf("#%lu handler CPSR 0x%08lx: A clear", (unsigned long)i,
		      (unsigned long)r->cpsr);
}

/* One data abort from probe_ldr/probe_str in SVC mode. */
static void expect_dabt(const char *insn, uint32_t fsr, int dom, uint32_t far)
{
	expect_exc(1);
	expect_rec(0, VEC_DABT, fsr, dom, far, pa(insn) + 8, PSR_MODE_SVC);
}

/* One prefetch abort on a jump to @va in SVC mode. */
static void expect_pabt(uint32_t fsr, int dom, uint32_t va)
{
	expect_exc(1);
	expect_rec(0, VEC_PABT, fsr, dom, va, va + 4, PSR_MODE_SVC);
}

/* A load through @va that must not fault. */
static void expect_read(uint32_t va, uint32_t exp, const char *what)
{
	uint32_t n = exc_n, v = probe_ldr(va);

	if (exc_n != n)
		failf("%s: read of 0x%08lx faulted (FSR 0x%03lx)", what,
		      (unsigned long)va, (unsigned long)exc_log[n].fsr);
	else if (v != exp)
		failf("%s: read 0x%08lx at 0x%08lx, expected 0x%08lx", what,
		      (unsigned long)v, (unsigned long)va, (unsigned long)exp);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

/* (a) identity map of RAM with 1 MiB sections, MMU on */
static void t_mmu_on(void)
{
	uint32_t base = umbra_ram_base() & ~(SZ_1M - 1);
	uint32_t end = umbra_ram_base() + umbra_ram_size();
	static volatile uint32_t probe[4];
	uint32_t s, i;

	for (s = base; s - base < end - base; s += SZ_1M)
		l1_main[s >> 20] = s | L1_SECT | SECT_AP(AP_PL1_RW) | SECT_MEM;
	l1_main[VA_TEST >> 20] = pa(l2_test) | L1_TABLE | L1_DOM(0);
	l1_main[VA_DOM2 >> 20] = (pa(pages[PG_A]) & ~(SZ_1M - 1)) | L1_SECT |
				 L1_DOM(2) | SECT_AP(AP_NONE) | SECT_MEM;
	l1_main[VA_DOM3 >> 20] = pa(l2_dom3) | L1_TABLE | L1_DOM(3);
	l1_main[VA_USER >> 20] = pa(l2_user) | L1_TABLE;
	l1_main[VA_ASID >> 20] = pa(l2_as1) | L1_TABLE;
	l1_main[VA_SPLIT >> 20] = pa(l2_lo) | L1_TABLE;
	l1_main[VA_HIVEC >> 20] = pa(l2_top) | L1_TABLE;
	l2_top[l2_idx(VA_HIVEC)] = small(hivec_page, AP_PL1_RW);
	dsb();

	write_dacr(DACR_BASE);
	write_ttbcr(0);
	write_ttbr0(pa(l1_main));
	write_contextidr(1);
	tlbiall();
	cp15_barriers();
	write_sctlr(read_sctlr() | SCTLR_M);

	if (!(read_sctlr() & SCTLR_M))
		failf("SCTLR 0x%08lx: M clear after setting it",
		      (unsigned long)read_sctlr());
	EXPECT_EQ(pa(l1_main), read_ttbr0(), "TTBR0");
	EXPECT_EQ(DACR_BASE, read_dacr(), "DACR");
	EXPECT_EQ(0, read_ttbcr(), "TTBCR");
	EXPECT_EQ(1, read_contextidr(), "CONTEXTIDR");
	for (i = 0; i < 4; i++)
		probe[i] = mark(99, i);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(mark(99, i), probe[i], "RAM through the identity map");
	expect_exc(0);
}

/* (a) the console hypercall takes an IPA: identity-mapped buffers work */
static void t_console(void)
{
	static const char msg[] = "# console write with the MMU on\n";
	long n;

	fflush(stdout);
	n = umbra_hc_console_write(msg, sizeof(msg) - 1);
	EXPECT_EQ(sizeof(msg) - 1, (uint32_t)n, "CONSOLE_WRITE result");
	expect_exc(0);
}

/* CP15 from Thumb state (the C code is Thumb): MRC/MCR T1 encodings */
static void t_cp15_thumb(void)
{
	uint32_t v, old = read_contextidr();

	__asm__ __volatile__("mrc p15, 0, %0, c1, c0, 0" : "=r" (v));
	EXPECT_EQ(read_sctlr(), v, "SCTLR by Thumb MRC");
	__asm__ __volatile__("mcr p15, 0, %0, c13, c0, 1" : : "r" (0x105u));
	EXPECT_EQ(0x105, read_contextidr(), "CONTEXTIDR after Thumb MCR");
	write_contextidr(old);
	if (!read_midr())
		failf("MIDR reads 0");
	expect_exc(0);
}

/* (b) a small page at an unused VA aliasing a RAM page */
static void t_alias(void)
{
	volatile uint32_t *id = pages[PG_A];
	volatile uint32_t *al = vp(VA_ALIAS);
	static const uint32_t offs[] = { 0, 1, 0x123, 0x3ff };
	uint32_t i;

	l2_test[l2_idx(VA_ALIAS)] = small(pages[PG_A], AP_PL1_RW);
	dsb();
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		al[offs[i]] = mark(PG_A, offs[i]);
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		EXPECT_EQ(mark(PG_A, offs[i]), id[offs[i]],
			  "written via alias, read via identity");
	id[0x200] = 0x0a11a5ed;
	EXPECT_EQ(0x0a11a5ed, al[0x200], "written via identity, read via alias");
	((volatile uint8_t *)(uintptr_t)VA_ALIAS)[0xfff] = 0xa5;
	EXPECT_EQ(0xa5, ((volatile uint8_t *)id)[0xfff], "byte at offset 0xfff");
	expect_exc(0);
}

/* (c) a 64 KiB large page (16 replicated entries) */
static void t_large(void)
{
	static const uint32_t offs[] = { 0, 4, 0x1000, 0x8ff0, 0xabcc,
					 0xfffc };
	volatile uint32_t *id = large_buf;
	uint32_t i;

	for (i = 0; i < 16; i++)
		l2_test[l2_idx(VA_LARGE) + i] = pa(large_buf) | L2_LARGE |
						L2_AP(AP_PL1_RW) | L2_MEM;
	dsb();
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		id[offs[i] / 4] = mark(0x64, offs[i]);
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		EXPECT_EQ(mark(0x64, offs[i]), *vp(VA_LARGE + offs[i]),
			  "large page read");
	*vp(VA_LARGE + 0xeee0) = 0x1a26e000;
	EXPECT_EQ(0x1a26e000, id[0xeee0 / 4], "large page write");
	expect_exc(0);
}

/* (c) a 1 MiB section aliasing the megabyte that holds large_buf */
static void t_section(void)
{
	uint32_t base = pa(large_buf) & ~(SZ_1M - 1);
	uint32_t off = pa(large_buf) - base, i;
	static const uint32_t offs[] = { 0, 0x10, 0x7ffc, 0xfffc };
	volatile uint32_t *id = large_buf;

	l1_main[VA_SECT >> 20] = base | L1_SECT | SECT_AP(AP_PL1_RW) |
				 SECT_MEM;
	dsb();
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		id[offs[i] / 4] = mark(0x51, offs[i]);
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		EXPECT_EQ(mark(0x51, offs[i]), *vp(VA_SECT + off + offs[i]),
			  "section read");
	*vp(VA_SECT + off + 0x2220) = 0x5ec7104e;
	EXPECT_EQ(0x5ec7104e, id[0x2220 / 4], "section write");
	expect_exc(0);
}

static void set_super(uint32_t va, uint32_t ipa)
{
	uint32_t i;

	for (i = 0; i < 16; i++)
		l1_main[(va >> 20) + i] = ipa | L1_SUPER | SECT_AP(AP_PL1_RW) |
					  SECT_MEM;
	dsb();
}

/* (c) a 16 MiB supersection (16 replicated entries) */
static void t_super(void)
{
	static const uint32_t offs[] = { 0, 4, 0xffc, 0x100008, 0x7ffff0,
					 0x800000, 0xabcdec, 0xfffffc };
	uint32_t i;

	if (!ss_a) {
		skip_why = "no 16 MiB aligned RAM block free (--mem too small)";
		return;
	}
	set_super(VA_SUPER, ss_a);
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		*vp(ss_a + offs[i]) = mark(0x16, offs[i]);
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		EXPECT_EQ(mark(0x16, offs[i]), *vp(VA_SUPER + offs[i]),
			  "supersection read");
	*vp(VA_SUPER + 0xc00040) = 0x5afe5afe;
	EXPECT_EQ(0x5afe5afe, ram_word(ss_a + 0xc00040), "supersection write");
	expect_exc(0);
}

/*
 * (d) remap a small page to another RAM page with TLB maintenance: the
 * new contents must be visible.
 */
enum tlbi_kind { BY_MVA, BY_MVAA, BY_ASID, BY_ALL, BY_MVA_IS, BY_ALL_IS };

static void tlbi(enum tlbi_kind k, uint32_t va)
{
	switch (k) {
	case BY_MVA:	tlbimva((va & ~0xfffu) | asid()); break;
	case BY_MVAA:	tlbimvaa(va & ~0xfffu); break;
	case BY_ASID:	tlbiasid(asid()); break;
	case BY_ALL:	tlbiall(); break;
	case BY_MVA_IS:	tlbimvais((va & ~0xfffu) | asid()); break;
	case BY_ALL_IS:	tlbiallis(); break;
	}
}

static void remap(enum tlbi_kind k)
{
	uint32_t *e = &l2_test[l2_idx(VA_REMAP)];

	pages[PG_B][5] = mark(PG_B, 5);
	pages[PG_C][5] = mark(PG_C, 5);
	*e = small(pages[PG_B], AP_PL1_RW);
	dsb();
	tlbiall();
	expect_read(VA_REMAP + 20, mark(PG_B, 5), "before the remap");
	*e = small(pages[PG_C], AP_PL1_RW);
	dsb();
	tlbi(k, VA_REMAP + 20);
	expect_read(VA_REMAP + 20, mark(PG_C, 5), "after the remap");
	expect_exc(0);
}

static void t_remap_mva(void)	{ remap(BY_MVA); }
static void t_remap_mvaa(void)	{ remap(BY_MVAA); }
static void t_remap_asid(void)	{ remap(BY_ASID); }
static void t_remap_all(void)	{ remap(BY_ALL); }
static void t_remap_mvais(void)	{ remap(BY_MVA_IS); }
static void t_remap_allis(void)	{ remap(BY_ALL_IS); }

/*
 * (e) remap without TLB maintenance: the access may use the old or the
 * new translation (B3.10.1), but nothing else.
 */
static void t_remap_no_tlbi(void)
{
	uint32_t *e = &l2_test[l2_idx(VA_NOTLBI)];
	uint32_t v, n;

	pages[PG_B][9] = mark(PG_B, 9);
	pages[PG_C][9] = mark(PG_C, 9);
	*e = small(pages[PG_B], AP_PL1_RW);
	dsb();
	expect_read(VA_NOTLBI + 36, mark(PG_B, 9), "before the remap");
	*e = small(pages[PG_C], AP_PL1_RW);
	dsb();
	n = exc_n;
	v = probe_ldr(VA_NOTLBI + 36);
	if (exc_n != n)
		failf("read after the remap faulted (FSR 0x%03lx)",
		      (unsigned long)exc_log[n].fsr);
	else if (v == mark(PG_B, 9))
		note("remap without TLB maintenance: the old page is still seen");
	else if (v == mark(PG_C, 9))
		note("remap without TLB maintenance: the new page is seen");
	else
		failf("read 0x%08lx: neither the old page (0x%08lx) nor the new (0x%08lx)",
		      (unsigned long)v, (unsigned long)mark(PG_B, 9),
		      (unsigned long)mark(PG_C, 9));
	tlbimva(VA_NOTLBI | asid());
	expect_read(VA_NOTLBI + 36, mark(PG_C, 9), "after TLBIMVA");
	expect_exc(0);
}

/*
 * (d) a TLB invalidation by MVA removes the entry that translates that
 * address, whatever the size of the mapping: an address inside a large
 * page, section or supersection other than the one that was accessed.
 */
static void t_remap_large_other(void)
{
	uint32_t i, *e = &l2_test[l2_idx(VA_LARGE2)];

	large_buf[0] = mark(0x64a, 0);
	large_buf2[0] = mark(0x64b, 0);
	for (i = 0; i < 16; i++)
		e[i] = pa(large_buf) | L2_LARGE | L2_AP(AP_PL1_RW) | L2_MEM;
	dsb();
	tlbiall();
	expect_read(VA_LARGE2, mark(0x64a, 0), "before the remap");
	for (i = 0; i < 16; i++)
		e[i] = pa(large_buf2) | L2_LARGE | L2_AP(AP_PL1_RW) | L2_MEM;
	dsb();
	tlbimva((VA_LARGE2 + 0x8000) | asid());
	expect_read(VA_LARGE2, mark(0x64b, 0), "after TLBIMVA(+0x8000)");
	expect_exc(0);
}

static void t_remap_section_other(void)
{
	uint32_t *e = &l1_main[VA_SECT2 >> 20];
	uint32_t x, y;

	if (!ss_a) {
		skip_why = "no free 16 MiB of RAM (--mem too small)";
		return;
	}
	x = ss_a + 2 * SZ_1M;
	y = ss_a + 3 * SZ_1M;
	*vp(x) = mark(0x5ec, 1);
	*vp(y) = mark(0x5ec, 2);
	*e = x | L1_SECT | SECT_AP(AP_PL1_RW) | SECT_MEM;
	dsb();
	tlbiall();
	expect_read(VA_SECT2, mark(0x5ec, 1), "before the remap");
	*e = y | L1_SECT | SECT_AP(AP_PL1_RW) | SECT_MEM;
	dsb();
	tlbimva((VA_SECT2 + 0x80000) | asid());
	expect_read(VA_SECT2, mark(0x5ec, 2), "after TLBIMVA(+0x80000)");
	expect_exc(0);
}

/* @inval: offset of the TLBIMVA address in the supersection */
static void remap_super(uint32_t inval)
{
	char what[48];

	if (!ss_a) {
		skip_why = "no free 32 MiB of RAM (--mem too small)";
		return;
	}
	*vp(ss_a) = mark(0xa, 0);
	*vp(ss_a + 9 * SZ_1M) = mark(0xa, 9);
	*vp(ss_b) = mark(0xb, 0);
	*vp(ss_b + 9 * SZ_1M) = mark(0xb, 9);
	set_super(VA_SUPER2, ss_a);
	tlbiall();
	expect_read(VA_SUPER2, mark(0xa, 0), "before the remap, +0");
	expect_read(VA_SUPER2 + 9 * SZ_1M, mark(0xa, 9),
		    "before the remap, +9 MiB");
	set_super(VA_SUPER2, ss_b);
	tlbimva((VA_SUPER2 + inval) | asid());
	snprintf(what, sizeof(what), "after TLBIMVA(+0x%lx), +0",
		 (unsigned long)inval);
	expect_read(VA_SUPER2, mark(0xb, 0), what);
	snprintf(what, sizeof(what), "after TLBIMVA(+0x%lx), +9 MiB",
		 (unsigned long)inval);
	expect_read(VA_SUPER2 + 9 * SZ_1M, mark(0xb, 9), what);
	expect_exc(0);
	tlbiall();
}

static void t_remap_super_same(void)	{ remap_super(0); }
static void t_remap_super_other(void)	{ remap_super(5 * SZ_1M); }

/* (f) translation faults: data aborts and prefetch aborts */
static void t_dabt_sect_read(void)
{
	uint32_t v = probe_ldr(VA_NOSECT + 0x10);

	expect_dabt(probe_ldr_insn, FS_TRANS_SECT, DOM_UNKNOWN,
		    VA_NOSECT + 0x10);
	EXPECT_EQ(PROBE_POISON, v, "load result");
}

static void t_dabt_sect_write(void)
{
	probe_str(VA_NOSECT + 0x24, 1);
	expect_dabt(probe_str_insn, FS_TRANS_SECT | FSR_WNR, DOM_UNKNOWN,
		    VA_NOSECT + 0x24);
}

static void t_dabt_page_read(void)
{
	uint32_t v = probe_ldr(VA_NOPAGE + 0x30);

	expect_dabt(probe_ldr_insn, FS_TRANS_PAGE, 0, VA_NOPAGE + 0x30);
	EXPECT_EQ(PROBE_POISON, v, "load result");
}

static void t_dabt_page_write(void)
{
	probe_str(VA_NOPAGE + 0xffc, 1);
	expect_dabt(probe_str_insn, FS_TRANS_PAGE | FSR_WNR, 0,
		    VA_NOPAGE + 0xffc);
}

static void t_pabt_sect(void)
{
	if (!try_jump(VA_NOSECT))
		failf("the jump came back without a prefetch abort");
	expect_pabt(FS_TRANS_SECT, DOM_UNKNOWN, VA_NOSECT);
}

static void t_pabt_page(void)
{
	if (!try_jump(VA_NOPAGE))
		failf("the jump came back without a prefetch abort");
	expect_pabt(FS_TRANS_PAGE, 0, VA_NOPAGE);
}

/* A page holding "bx lr", mapped execute-never. */
static void t_pabt_xn(void)
{
	pages[PG_X][0] = 0xe12fff1e;	/* bx lr */
	l2_test[l2_idx(VA_XN)] = small(pages[PG_X], AP_PL1_RW) | L2_SMALL_XN;
	dsb();
	if (!try_jump(VA_XN))
		failf("executed an XN page");
	expect_pabt(FS_PERM_PAGE, 0, VA_XN);
}

/* The same page without XN runs (and returns). */
static void t_exec_page(void)
{
	l2_test[l2_idx(VA_XN)] = small(pages[PG_X], AP_PL1_RW);
	dsb();
	tlbimva(VA_XN | asid());
	if (try_jump(VA_XN))
		failf("prefetch abort on an executable page (IFSR 0x%03lx)",
		      (unsigned long)exc_log[0].fsr);
	expect_exc(0);
}

/* (g) writes to read-only pages: permission faults, memory unchanged */
static void t_ro_all(void)
{
	pages[PG_D][3] = mark(PG_D, 3);
	l2_test[l2_idx(VA_RO)] = small(pages[PG_D], AP_RO);
	dsb();
	expect_read(VA_RO + 12, mark(PG_D, 3), "AP=111 read");
	probe_str(VA_RO + 12, 0x0bad0bad);
	expect_dabt(probe_str_insn, FS_PERM_PAGE | FSR_WNR, 0, VA_RO + 12);
	EXPECT_EQ(mark(PG_D, 3), pages[PG_D][3], "memory after the write");
}

static void t_ro_pl1(void)
{
	pages[PG_D][4] = mark(PG_D, 4);
	l2_test[l2_idx(VA_PL1_RO)] = small(pages[PG_D], AP_PL1_RO);
	dsb();
	/* write first: the fault comes from a translation not yet used */
	probe_str(VA_PL1_RO + 16, 0x0bad0bad);
	expect_dabt(probe_str_insn, FS_PERM_PAGE | FSR_WNR, 0, VA_PL1_RO + 16);
	EXPECT_EQ(mark(PG_D, 4), pages[PG_D][4], "memory after the write");
	expect_read(VA_PL1_RO + 16, mark(PG_D, 4), "AP=101 read");
}

/* Read-only for PL0 (AP=010) is read/write at PL1. */
static void t_user_ro_pl1_rw(void)
{
	l2_test[l2_idx(VA_ALIAS)] = small(pages[PG_A], AP_USER_RO);
	dsb();
	tlbimva(VA_ALIAS | asid());
	probe_str(VA_ALIAS + 0x40, 0x0a010010);
	EXPECT_EQ(0x0a010010, pages[PG_A][0x10], "PL1 write to AP=010");
	expect_exc(0);
	l2_test[l2_idx(VA_ALIAS)] = small(pages[PG_A], AP_PL1_RW);
	dsb();
	tlbimva(VA_ALIAS | asid());
}

/*
 * LDRT/STRT from PL1 are checked with PL0 permissions (ARM ARM A8.8.93
 * LDRT: "the memory access is restricted as if the processor were
 * running in User mode"; B3.7.1).
 */
static void t_ldrt_user_page(void)
{
	pages[PG_A][0x11] = mark(PG_A, 0x11);
	l2_test[l2_idx(VA_ALIAS)] = small(pages[PG_A], AP_RW);
	dsb();
	tlbimva(VA_ALIAS | asid());
	EXPECT_EQ(mark(PG_A, 0x11), probe_ldrt(VA_ALIAS + 0x44),
		  "LDRT of an AP=011 page");
	expect_exc(0);
}

/*
 * A guest kernel runs in PL0, so its LDRT/STRT cannot be checked with User
 * rights: they act with the kernel's own rights, never more (umbra's
 * documented limitation until sensitive instructions are rewritten).
 * Checked: the architectural fault, or else exactly the kernel's view.
 */
#define LDRT_LIMITATION \
	"LDRT/STRT in a guest kernel act with its own rights " \
	"(Documentation/design.rst, sensitive instructions)"

static void t_ldrt_pl1_page(void)
{
	uint32_t v;

	l2_test[l2_idx(VA_ALIAS)] = small(pages[PG_A], AP_PL1_RW);
	dsb();
	tlbimva(VA_ALIAS | asid());
	expect_read(VA_ALIAS + 0x44, mark(PG_A, 0x11), "LDR (PL1) first");
	v = probe_ldrt(VA_ALIAS + 0x44);
	if (v == PROBE_POISON) {
		expect_dabt(probe_ldrt_insn, FS_PERM_PAGE, 0, VA_ALIAS + 0x44);
		return;
	}
	EXPECT_EQ(mark(PG_A, 0x11), v, "LDRT reads what the kernel reads");
	expect_exc(0);
	skip_why = LDRT_LIMITATION;
}

static void t_strt_user_ro_page(void)
{
	pages[PG_A][0x12] = mark(PG_A, 0x12);
	l2_test[l2_idx(VA_ALIAS)] = small(pages[PG_A], AP_USER_RO);
	dsb();
	tlbimva(VA_ALIAS | asid());
	probe_str(VA_ALIAS + 0x4c, mark(PG_A, 0x13));	/* PL1 may write */
	probe_strt(VA_ALIAS + 0x48, 0x0bad0bad);	/* PL0 may not */
	if (pages[PG_A][0x12] == mark(PG_A, 0x12)) {
		expect_dabt(probe_strt_insn, FS_PERM_PAGE | FSR_WNR, 0,
			    VA_ALIAS + 0x48);
	} else {
		/* the kernel's rights: the write landed in its own page */
		EXPECT_EQ(0x0bad0bad, pages[PG_A][0x12], "memory after STRT");
		expect_exc(0);
		skip_why = LDRT_LIMITATION;
	}
	l2_test[l2_idx(VA_ALIAS)] = small(pages[PG_A], AP_PL1_RW);
	dsb();
	tlbimva(VA_ALIAS | asid());
}

/* LDM from an address that is not word aligned: Alignment fault */
static void t_align_ldm(void)
{
	probe_ldm(VA_ALIAS + 0x42);
	expect_dabt(probe_ldm_insn, FS_ALIGN, DOM_UNKNOWN, VA_ALIAS + 0x42);
}

/* SCTLR.A = 1: an unaligned LDR is an Alignment fault (A3.2.1) */
static void t_align_sctlr_a(void)
{
	write_sctlr(read_sctlr() | SCTLR_A);
	if (!(read_sctlr() & SCTLR_A)) {
		skip_why = "SCTLR.A reads as 0";	/* not offered: fine */
		return;
	}
	probe_ldr(VA_ALIAS + 0x42);
	write_sctlr(read_sctlr() & ~SCTLR_A);
	/*
	 * umbra runs the guest with its SCTLR.A in the physical SCTLR. QEMU
	 * checks PL0 alignment against the Non-secure SCTLR even when the
	 * host runs in Secure state, as Linux does on its vexpress-a9 board
	 * (target/arm: arm_sctlr() uses sctlr_el[1] for EL0): only there is
	 * a missing fault not umbra's. Every other core must fault.
	 */
	if (!exc_n && ((read_midr() >> 4) & 0xfff) == 0xc09) {
		skip_why = "QEMU ignores the Secure SCTLR.A at PL0 (Cortex-A9 "
			   "board runs Linux in Secure state)";
		return;
	}
	expect_dabt(probe_ldr_insn, FS_ALIGN, DOM_UNKNOWN, VA_ALIAS + 0x42);
}

/* (h) domains: No access -> Domain fault; Manager -> no permission check */
static uint32_t dom2_va(void)
{
	return VA_DOM2 + (pa(pages[PG_A]) & (SZ_1M - 1));
}

static void t_dom_sect_noaccess(void)
{
	write_dacr(dacr_with(2, DACR_NOACCESS));
	probe_ldr(dom2_va() + 8);
	expect_dabt(probe_ldr_insn, FS_DOM_SECT, 2, dom2_va() + 8);
	write_dacr(DACR_BASE);
}

static void t_dom_sect_client(void)
{
	write_dacr(dacr_with(2, DACR_CLIENT));
	probe_str(dom2_va() + 8, 0x0bad0bad);
	expect_dabt(probe_str_insn, FS_PERM_SECT | FSR_WNR, 2, dom2_va() + 8);
	write_dacr(DACR_BASE);
}

static void t_dom_sect_manager(void)
{
	pages[PG_A][2] = mark(PG_A, 2);
	write_dacr(dacr_with(2, DACR_MANAGER));
	EXPECT_EQ(dacr_with(2, DACR_MANAGER), read_dacr(), "DACR");
	expect_read(dom2_va() + 8, mark(PG_A, 2), "manager, AP=000 read");
	probe_str(dom2_va() + 12, 0x3a3a3a3a);
	EXPECT_EQ(0x3a3a3a3a, pages[PG_A][3], "manager, AP=000 write");
	expect_exc(0);
	write_dacr(DACR_BASE);
}

static void t_dom_page_noaccess(void)
{
	l2_dom3[0] = small(pages[PG_A], AP_NONE);
	dsb();
	write_dacr(dacr_with(3, DACR_NOACCESS));
	probe_ldr(VA_DOM3 + 4);
	probe_str(VA_DOM3 + 4, 0x0bad0bad);
	expect_exc(2);
	expect_rec(0, VEC_DABT, FS_DOM_PAGE, 3, VA_DOM3 + 4,
		   pa(probe_ldr_insn) + 8, PSR_MODE_SVC);
	expect_rec(1, VEC_DABT, FS_DOM_PAGE | FSR_WNR, 3, VA_DOM3 + 4,
		   pa(probe_str_insn) + 8, PSR_MODE_SVC);
	write_dacr(DACR_BASE);
}

static void t_dom_page_client(void)
{
	write_dacr(dacr_with(3, DACR_CLIENT));
	probe_ldr(VA_DOM3 + 4);
	expect_dabt(probe_ldr_insn, FS_PERM_PAGE, 3, VA_DOM3 + 4);
	write_dacr(DACR_BASE);
}

static void t_dom_page_manager(void)
{
	pages[PG_A][1] = mark(PG_A, 1);
	write_dacr(dacr_with(3, DACR_MANAGER));
	expect_read(VA_DOM3 + 4, mark(PG_A, 1), "manager, AP=000 read");
	probe_str(VA_DOM3 + 0x20, 0x3b3b3b3b);
	EXPECT_EQ(0x3b3b3b3b, pages[PG_A][8], "manager, AP=000 write");
	expect_exc(0);
	write_dacr(DACR_BASE);
}

/*
 * (i) the guest's User mode. The User program (vectors.S, its own page)
 * is mapped at VA_USER PL0-readable (AP=010), its stack page PL0 RW, the
 * page it may read AP=010 and the page it may not AP=001 (PL1 only).
 */
#define USER_MARK	0x05e20005u
#define USER_EXIT	0x1234u
#define VA_USTACK	(VA_USER + 0x1000)
#define VA_UREAD	(VA_USER + 0x2000)
#define VA_UPRIV	(VA_USER + 0x3000)

static uint32_t uva(const char *sym)
{
	return VA_USER + (pa(sym) - pa(user_page));
}

static uint32_t user_ret;
static uint32_t user_kva;	/* a kernel address the User program tries */

static void t_user_run(void)
{
	pages[PG_U][0] = USER_MARK;
	l2_user[0] = small(user_page, AP_USER_RO);
	l2_user[1] = small(pages[PG_USTACK], AP_RW) | L2_SMALL_XN;
	l2_user[2] = small(pages[PG_U], AP_USER_RO) | L2_SMALL_XN;
	l2_user[3] = small(pages[PG_U], AP_PL1_RW) | L2_SMALL_XN;
	dsb();
	if (pa(user_end) - pa(user_page) > SZ_4K)
		failf("the User program does not fit its page");
	user_kva = pa(&pages[PG_A][0x20]);
	user_ret = enter_user(uva(user_prog), VA_USTACK + SZ_4K, VA_UREAD,
			      VA_UPRIV, user_kva);
	EXPECT_EQ(USER_EXIT, user_ret, "enter_user() result (SYS_EXIT r0)");
	EXPECT_EQ(PSR_MODE_SVC,
		  umbra_hypercall(UMBRA_HC_GET_CPSR, 0, 0, 0, 0, 0, 0).a0 &
		  PSR_MODE_MASK, "mode after SYS_EXIT");
	expect_exc(10);
	EXPECT_EQ(USER_MARK, pages[PG_U][0], "the User-readable page");
}

/* a system call from User mode: SVC vector, SVC mode, SPSR = USR */
static void t_user_svc(void)
{
	expect_rec(0, VEC_SVC, 0, 0, 0, uva(user_ret_report1), PSR_MODE_USR);
	EXPECT_EQ(SYS_REPORT, exc_log[0].r7, "syscall number (r7)");
}

static void t_user_read(void)
{
	EXPECT_EQ(USER_MARK, exc_log[0].r0, "User read of an AP=010 page");
}

static void t_user_pl1_page(void)
{
	expect_rec(1, VEC_DABT, FS_PERM_PAGE, 0, VA_UPRIV,
		   uva(user_ldr_pl1) + 8, PSR_MODE_USR);
	expect_rec(2, VEC_SVC, 0, 0, 0, uva(user_str_ro), PSR_MODE_USR);
	EXPECT_EQ(PROBE_POISON, exc_log[2].r0, "what the User load returned");
}

static void t_user_write_ro(void)
{
	expect_rec(3, VEC_DABT, FS_PERM_PAGE | FSR_WNR, 0, VA_UREAD,
		   uva(user_str_ro) + 8, PSR_MODE_USR);
}

static void t_user_kernel_sect(void)
{
	expect_rec(4, VEC_DABT, FS_PERM_SECT, 0, user_kva,
		   uva(user_ldr_kernel) + 8, PSR_MODE_USR);
}

static void t_user_mrc(void)
{
	expect_rec(5, VEC_UND, 0, 0, 0, uva(user_mrc) + 4, PSR_MODE_USR);
}

static void t_user_stack_exit(void)
{
	EXPECT_EQ(VA_UREAD, exc_log[6].r0, "pushed and popped on the User stack");
	EXPECT_EQ(VA_UREAD, pages[PG_USTACK][1022],
		  "User stack page, word 1022 (pushed r4)");
	EXPECT_EQ(VA_UPRIV, pages[PG_USTACK][1023],
		  "User stack page, word 1023 (pushed r5)");
	EXPECT_EQ(SYS_EXIT, exc_log[9].r7, "last syscall");
	EXPECT_EQ(PSR_MODE_USR, exc_log[9].spsr & PSR_MODE_MASK,
		  "SPSR of the exit syscall");
}

/*
 * In User mode every SVC is a system call for the guest kernel: one with
 * a hypercall function ID in r0 (UMBRA_HC_SHUTDOWN) does not reach umbra,
 * nor does "svc #1" (exception return only in privileged modes).
 */
static void t_user_hc_id(void)
{
	expect_rec(7, VEC_SVC, 0, 0, 0, uva(user_ret_hc), PSR_MODE_USR);
	EXPECT_EQ(UMBRA_HC_SHUTDOWN, exc_log[7].r0, "r0 of the system call");
}

static void t_user_svc1(void)
{
	expect_rec(8, VEC_SVC, 0, 0, 0, uva(user_ret_svc1), PSR_MODE_USR);
	EXPECT_EQ(0x5c1, exc_log[8].r0, "r0 of the system call");
}

/* (j) two address spaces: same VA, different nG pages, different ASIDs */
/* TTBR0 walk attributes (IRGN[0], RGN = 01, S), as Linux sets them */
#define TTBR_ATTRS	0x4au

static void switch_as(const uint32_t *l1, uint32_t id)
{
	write_contextidr(id);
	write_ttbr0(pa(l1) | TTBR_ATTRS);
	cp15_barriers();
}

static void t_asid_setup(void)
{
	pages[PG_E][0] = mark(PG_E, 0);
	pages[PG_F][0] = mark(PG_F, 0);
	l2_as1[0] = small(pages[PG_E], AP_PL1_RW) | L2_NG;
	l2_as2[0] = small(pages[PG_F], AP_PL1_RW) | L2_NG;
	memcpy(l1_as2, l1_main, sizeof(l1_as2));
	l1_as2[VA_ASID >> 20] = pa(l2_as2) | L1_TABLE;
	dsb();
	switch_as(l1_main, 1);
	expect_read(VA_ASID, mark(PG_E, 0), "ASID 1");
	switch_as(l1_as2, 2);
	EXPECT_EQ(pa(l1_as2) | TTBR_ATTRS, read_ttbr0(), "TTBR0");
	EXPECT_EQ(2, read_contextidr(), "CONTEXTIDR");
	expect_read(VA_ASID, mark(PG_F, 0), "ASID 2");
	switch_as(l1_main, 1);
}

static void t_asid_switch(void)
{
	int i;

	for (i = 0; i < 4; i++) {
		switch_as(l1_main, 1);
		expect_read(VA_ASID, mark(PG_E, 0), "back in ASID 1");
		switch_as(l1_as2, 2);
		expect_read(VA_ASID, mark(PG_F, 0), "back in ASID 2");
	}
	switch_as(l1_main, 1);
	expect_exc(0);
}

static void t_asid_write(void)
{
	switch_as(l1_as2, 2);
	*vp(VA_ASID + 4) = 0xa5a5f00f;
	switch_as(l1_main, 1);
	*vp(VA_ASID + 4) = 0xa5a5e00e;
	EXPECT_EQ(0xa5a5f00f, pages[PG_F][1], "write in ASID 2");
	EXPECT_EQ(0xa5a5e00e, pages[PG_E][1], "write in ASID 1");
	switch_as(l1_as2, 2);
	expect_read(VA_ASID + 4, 0xa5a5f00f, "ASID 2 again");
	switch_as(l1_main, 1);
	expect_exc(0);
}

/*
 * More address spaces than umbra caches (Documentation/design.rst): keys
 * (TTBR0, ASID) 1..8 alternate between the two tables, so cached ones
 * are evicted and refilled; each must always see its own table's page.
 */
static void t_asid_many(void)
{
	int round, id;

	for (round = 0; round < 3; round++) {
		for (id = 1; id <= 8; id++) {
			int main = id & 1;

			switch_as(main ? l1_main : l1_as2, id);
			expect_read(VA_ASID,
				    mark(main ? PG_E : PG_F, 0),
				    main ? "odd ASID: table 1" :
					   "even ASID: table 2");
		}
	}
	switch_as(l1_main, 1);
	expect_exc(0);
}

/*
 * TLB maintenance for an address space the guest is not in must take
 * effect when it returns there (B3.10: TLBIASID and TLBIMVA name the
 * ASID, not the current one).
 */
static void t_asid_tlbi_other(void)
{
	pages[PG_G][0] = mark(PG_G, 0);
	switch_as(l1_main, 1);
	expect_read(VA_ASID, mark(PG_E, 0), "ASID 1 before");
	switch_as(l1_as2, 2);
	l2_as1[0] = small(pages[PG_G], AP_PL1_RW) | L2_NG;
	dsb();
	tlbiasid(1);
	switch_as(l1_main, 1);
	expect_read(VA_ASID, mark(PG_G, 0), "ASID 1 after TLBIASID(1)");
	switch_as(l1_as2, 2);
	l2_as1[0] = small(pages[PG_E], AP_PL1_RW) | L2_NG;
	dsb();
	tlbimva(VA_ASID | 1);
	switch_as(l1_main, 1);
	expect_read(VA_ASID, mark(PG_E, 0), "ASID 1 after TLBIMVA(va, 1)");
	expect_exc(0);
}

/* (k) TTBCR.N = 1: TTBR1 translates the upper half */
static void t_split_n0(void)
{
	pages[PG_G][0] = mark(PG_G, 0);
	pages[PG_H][0] = mark(PG_H, 0);
	l2_lo[0] = small(pages[PG_H], AP_PL1_RW);
	l2_hi[0] = small(pages[PG_G], AP_PL1_RW);
	l1_hi[VA_SPLIT >> 20] = pa(l2_hi) | L1_TABLE;
	dsb();
	write_ttbr1(pa(l1_hi));
	EXPECT_EQ(pa(l1_hi), read_ttbr1(), "TTBR1");
	expect_read(VA_SPLIT, mark(PG_H, 0), "N=0: through TTBR0");
	expect_exc(0);
}

static void t_split_n1(void)
{
	write_ttbcr(1);
	tlbiall();
	EXPECT_EQ(1, read_ttbcr(), "TTBCR");
	expect_read(VA_SPLIT, mark(PG_G, 0), "N=1: through TTBR1");
	pages[PG_H][7] = 0x7777aaaa;
	expect_read(pa(&pages[PG_H][7]), 0x7777aaaa, "RAM through TTBR0");
	expect_exc(0);
}

/* TTBR0's table maps 0xffff0000, TTBR1's does not */
static void t_split_n1_ttbr0_ignored(void)
{
	probe_ldr(VA_HIVEC + 0x100);
	expect_dabt(probe_ldr_insn, FS_TRANS_SECT, DOM_UNKNOWN,
		    VA_HIVEC + 0x100);
}

static void t_split_pd1(void)
{
	write_ttbcr(0x21);	/* N = 1, PD1 */
	tlbiall();
	probe_ldr(VA_SPLIT + 8);
	expect_dabt(probe_ldr_insn, FS_TRANS_SECT, DOM_UNKNOWN, VA_SPLIT + 8);
	write_ttbcr(1);
	tlbiall();
}

static void t_split_back(void)
{
	write_ttbcr(0);
	tlbiall();
	expect_read(VA_SPLIT, mark(PG_H, 0), "N=0 again");
	expect_exc(0);
}

/* SCTLR.V: vectors at 0xffff0000, wherever VBAR points */
static void t_hivec(void)
{
	uint32_t hits = hivec_hits;

	write_sctlr(read_sctlr() | SCTLR_V);
	if (!(read_sctlr() & SCTLR_V))
		failf("SCTLR.V does not stick");
	probe_ldr(VA_NOPAGE + 4);
	expect_dabt(probe_ldr_insn, FS_TRANS_PAGE, 0, VA_NOPAGE + 4);
	EXPECT_EQ(hits + 1, hivec_hits, "exceptions through 0xffff0010");
	write_sctlr(read_sctlr() & ~SCTLR_V);
	probe_ldr(VA_NOPAGE + 4);
	EXPECT_EQ(hits + 1, hivec_hits, "exceptions through 0xffff0000 with V=0");
	expect_exc(2);
}

/*
 * The forbidden range (umbra's own, Documentation/design.rst): a guest
 * mapping there is refused; the guest sees a permission fault.
 */
static void t_forbidden(void)
{
	pages[PG_A][1] = mark(PG_A, 1);
	l2_top[l2_idx(FORBIDDEN_BASE)] = small(pages[PG_A], AP_PL1_RW);
	l2_top[l2_idx(FORBIDDEN_BASE) + 1] = small(pages[PG_A],
							 AP_PL1_RW);
	dsb();
	probe_ldr(FORBIDDEN_BASE + 4);
	probe_str(FORBIDDEN_BASE + 0x1004, 0x0bad0bad);
	expect_exc(2);
	expect_rec(0, VEC_DABT, FS_PERM_PAGE, 0, FORBIDDEN_BASE + 4,
		   pa(probe_ldr_insn) + 8, PSR_MODE_SVC);
	expect_rec(1, VEC_DABT, FS_PERM_PAGE | FSR_WNR, 0,
		   FORBIDDEN_BASE + 0x1004, pa(probe_str_insn) + 8,
		   PSR_MODE_SVC);
	EXPECT_EQ(mark(PG_A, 1), pages[PG_A][1], "the guest page");
}

/* Undefined Instruction exceptions (B1.9.6): UND mode, LR = insn + 4 */
static void t_undef_udf(void)
{
	probe_udf();
	expect_exc(1);
	expect_rec(0, VEC_UND, 0, 0, 0, pa(probe_udf_insn) + 4, PSR_MODE_SVC);
}

static void t_undef_cp15(void)
{
	uint32_t v = probe_mrc_impdef();

	expect_exc(1);
	expect_rec(0, VEC_UND, 0, 0, 0, pa(probe_mrc_insn) + 4, PSR_MODE_SVC);
	EXPECT_EQ(PROBE_POISON, v, "MRC destination");
}

/* Demand paging: the abort handler maps the page and retries the load */
static void t_demand(void)
{
	pages[PG_A][2] = mark(PG_A, 2);
	l2_test[l2_idx(VA_DEMAND)] = 0;
	dsb();
	fix_val = small(pages[PG_A], AP_PL1_RW);
	fix_ptr = pa(&l2_test[l2_idx(VA_DEMAND)]);
	EXPECT_EQ(mark(PG_A, 2), probe_ldr(VA_DEMAND + 8), "load after retry");
	expect_exc(1);
	expect_rec(0, VEC_DABT, FS_TRANS_PAGE, 0, VA_DEMAND + 8,
		   pa(probe_ldr_insn) + 8, PSR_MODE_SVC);
	EXPECT_EQ(0, fix_ptr, "handler consumed the fix");
}

/* SCTLR.AFE: AP[0] is the Access flag (B3.7.3) */
static void t_afe_page(void)
{
	uint32_t *e = &l2_test[l2_idx(VA_AF)];

	pages[PG_A][4] = mark(PG_A, 4);
	*e = small(pages[PG_A], AP_USER_RO);	/* AP[2:1] = 01, AF = 0 */
	dsb();
	write_sctlr(read_sctlr() | SCTLR_AFE);
	probe_ldr(VA_AF + 16);
	expect_dabt(probe_ldr_insn, FS_AF_PAGE, 0, VA_AF + 16);
	*e = small(pages[PG_A], AP_RW);		/* AF = 1 */
	dsb();
	tlbimva(VA_AF | asid());
	expect_read(VA_AF + 16, mark(PG_A, 4), "AF set");
	expect_exc(1);
}

static void t_afe_sect(void)
{
	uint32_t base = pa(pages[PG_A]) & ~(SZ_1M - 1);
	uint32_t va = VA_AF_SECT + (pa(pages[PG_A]) - base) + 16;

	l1_main[VA_AF_SECT >> 20] = base | L1_SECT | SECT_AP(AP_USER_RO) |
				    SECT_MEM;
	dsb();
	probe_ldr(va);
	expect_dabt(probe_ldr_insn, FS_AF_SECT, DOM_UNKNOWN, va);
	l1_main[VA_AF_SECT >> 20] |= SECT_AP(1);
	dsb();
	tlbimva(va | asid());
	expect_read(va, mark(PG_A, 4), "AF set");
	write_sctlr(read_sctlr() & ~SCTLR_AFE);
	expect_exc(1);
}

/* MMU off again: VA == IPA, the console still works */
static void t_mmu_off(void)
{
	write_sctlr(read_sctlr() & ~SCTLR_M);
	if (read_sctlr() & SCTLR_M)
		failf("SCTLR.M still set");
	pages[PG_A][6] = 0x0ff0ff0f;
	EXPECT_EQ(0x0ff0ff0f, ram_word(pa(&pages[PG_A][6])), "RAM");
	expect_exc(0);
}

struct test {
	const char *name;
	void (*fn)(void);
	int keep_log;	/* checks the previous test's exceptions */
};

static const struct test tests[] = {
	{ "MMU on, RAM identity-mapped with 1 MiB sections", t_mmu_on },
	{ "console hypercall with the MMU on (identity-mapped buffer)",
	  t_console },
	{ "CP15 MRC/MCR from Thumb state", t_cp15_thumb },
	{ "small page aliasing a RAM page: exact offsets", t_alias },
	{ "64 KiB large page: exact offsets", t_large },
	{ "1 MiB section alias: exact offsets", t_section },
	{ "16 MiB supersection: exact offsets", t_super },
	{ "remap small page + TLBIMVA: new page", t_remap_mva },
	{ "remap small page + TLBIMVAA: new page", t_remap_mvaa },
	{ "remap small page + TLBIASID: new page", t_remap_asid },
	{ "remap small page + TLBIALL: new page", t_remap_all },
	{ "remap small page + TLBIMVAIS: new page", t_remap_mvais },
	{ "remap small page + TLBIALLIS: new page", t_remap_allis },
	{ "remap without TLB maintenance: old or new page, nothing else",
	  t_remap_no_tlbi },
	{ "remap large page + TLBIMVA of another address in it",
	  t_remap_large_other },
	{ "remap section + TLBIMVA of another address in it",
	  t_remap_section_other },
	{ "remap supersection + TLBIMVA of the accessed address",
	  t_remap_super_same },
	{ "remap supersection + TLBIMVA of another address in it",
	  t_remap_super_other },
	{ "data abort: read of an unmapped section (FS 0x005, DFAR)",
	  t_dabt_sect_read },
	{ "data abort: write to an unmapped section (FS 0x005, WnR)",
	  t_dabt_sect_write },
	{ "data abort: read of an unmapped page (FS 0x007)",
	  t_dabt_page_read },
	{ "data abort: write to an unmapped page (FS 0x007, WnR)",
	  t_dabt_page_write },
	{ "prefetch abort: jump to an unmapped section (IFSR 0x005, IFAR)",
	  t_pabt_sect },
	{ "prefetch abort: jump to an unmapped page (IFSR 0x007)",
	  t_pabt_page },
	{ "prefetch abort: jump to an XN page (IFSR 0x00f)", t_pabt_xn },
	{ "executable page runs after XN is cleared + TLBIMVA", t_exec_page },
	{ "AP=111 page: read ok, write is a permission fault, memory unchanged",
	  t_ro_all },
	{ "AP=101 page: PL1 write is a permission fault, read ok",
	  t_ro_pl1 },
	{ "AP=010 page: PL1 may write", t_user_ro_pl1_rw },
	{ "LDRT from PL1 of a User-readable page", t_ldrt_user_page },
	{ "LDRT from PL1 of a PL1-only page -> permission fault",
	  t_ldrt_pl1_page },
	{ "STRT from PL1 to a User read-only page -> permission fault, WnR",
	  t_strt_user_ro_page },
	{ "LDM from an unaligned address -> alignment fault (FS 0x001)",
	  t_align_ldm },
	{ "SCTLR.A=1: unaligned LDR -> alignment fault (FS 0x001)",
	  t_align_sctlr_a },
	{ "DACR no access: section domain fault (FS 0x009, domain 2)",
	  t_dom_sect_noaccess },
	{ "DACR client, AP=000 section: permission fault (FS 0x00d)",
	  t_dom_sect_client },
	{ "DACR manager, AP=000 section: read and write allowed",
	  t_dom_sect_manager },
	{ "DACR no access: page domain fault (FS 0x00b, domain 3)",
	  t_dom_page_noaccess },
	{ "DACR client, AP=000 page: permission fault (FS 0x00f)",
	  t_dom_page_client },
	{ "DACR manager, AP=000 page: read and write allowed",
	  t_dom_page_manager },
	{ "User mode: entered with SET_SPSR(USR) + svc #1, left by a syscall",
	  t_user_run },
	{ "User mode: svc -> SVC vector in SVC mode, SPSR USR, LR next insn",
	  t_user_svc, 1 },
	{ "User mode: reads a User-readable (AP=010) page", t_user_read, 1 },
	{ "User mode: PL1-only page (AP=001) -> permission fault in ABT mode, SPSR USR",
	  t_user_pl1_page, 1 },
	{ "User mode: write to a User read-only page -> permission fault, WnR",
	  t_user_write_ro, 1 },
	{ "User mode: kernel section (AP=001) -> permission fault (FS 0x00d)",
	  t_user_kernel_sect, 1 },
	{ "User mode: MRC to SCTLR -> undefined instruction, SPSR USR",
	  t_user_mrc, 1 },
	{ "User mode: svc #0 with a hypercall ID in r0 is a system call",
	  t_user_hc_id, 1 },
	{ "User mode: svc #1 is a system call, not an exception return",
	  t_user_svc1, 1 },
	{ "User mode: own stack page, exit syscall resumes the kernel",
	  t_user_stack_exit, 1 },
	{ "two address spaces (ASID 1/2, nG): each sees its own page",
	  t_asid_setup },
	{ "two address spaces: switch TTBR0+CONTEXTIDR back and forth",
	  t_asid_switch },
	{ "two address spaces: writes land in each space's own page",
	  t_asid_write },
	{ "eight address space keys, more than cached: each its own page",
	  t_asid_many },
	{ "TLBIASID / TLBIMVA for ASID 1 issued from ASID 2 take effect",
	  t_asid_tlbi_other },
	{ "TTBCR.N=0: upper half through TTBR0", t_split_n0 },
	{ "TTBCR.N=1: upper half through TTBR1", t_split_n1 },
	{ "TTBCR.N=1: TTBR0's upper-half entries unused (translation fault)",
	  t_split_n1_ttbr0_ignored },
	{ "TTBCR.PD1: upper half walk disabled -> translation fault",
	  t_split_pd1 },
	{ "TTBCR.N=0 again", t_split_back },
	{ "SCTLR.V: exceptions through the high vectors at 0xffff0000",
	  t_hivec },
	{ "forbidden range 0xffff2000-0xffff3fff: permission faults",
	  t_forbidden },
	{ "undefined instruction (udf): UND mode, LR = insn + 4",
	  t_undef_udf },
	{ "unemulated CP15 register (c15): undefined instruction",
	  t_undef_cp15 },
	{ "demand paging: handler maps the page, retries the load", t_demand },
	{ "SCTLR.AFE: access flag fault on a page (FS 0x006)", t_afe_page },
	{ "SCTLR.AFE: access flag fault on a section (FS 0x003)",
	  t_afe_sect },
	{ "MMU off again", t_mmu_off },
};

static void run(const struct test *t)
{
	why[0] = 0;
	skip_why = NULL;
	if (!t->keep_log)
		exc_reset();
	t->fn();
	test_no++;
	if (why[0]) {		/* a failure is never hidden by a skip */
		failures++;
		printf("not ok %d - %s # %s\n", test_no, t->name, why);
	} else if (skip_why) {
		printf("ok %d - %s # SKIP %s\n", test_no, t->name, skip_why);
	} else {
		printf("ok %d - %s\n", test_no, t->name);
	}
	fflush(stdout);
}

/* Take two 16 MiB aligned blocks of the heap for the supersections. */
static void reserve_super_blocks(void)
{
	uintptr_t cur = (uintptr_t)_sbrk(0);
	uintptr_t a = (cur + SZ_16M - 1) & ~(uintptr_t)(SZ_16M - 1);

	if (a < cur || a + 2 * SZ_16M > umbra_heap_limit() ||
	    _sbrk(a + 2 * SZ_16M - cur) == (void *)-1)
		return;
	ss_a = a;
	ss_b = a + SZ_16M;
}

int main(void)
{
	size_t i;

	reserve_super_blocks();
	printf("1..%u\n", (unsigned int)ARRAY_SIZE(tests));
	note("mmu guest: RAM 0x%08lx + 0x%08lx, supersection blocks 0x%08lx 0x%08lx",
	     (unsigned long)umbra_ram_base(), (unsigned long)umbra_ram_size(),
	     (unsigned long)ss_a, (unsigned long)ss_b);
	exc_init();
	write_vbar(pa(vectors));
	if (read_vbar() != pa(vectors))
		note("VBAR reads 0x%08lx, wrote 0x%08lx",
		     (unsigned long)read_vbar(), (unsigned long)pa(vectors));
	for (i = 0; i < ARRAY_SIZE(tests); i++)
		run(&tests[i]);
	note("mmu guest: %d of %d failed", failures, test_no);
	fflush(stdout);
	return failures;
}
