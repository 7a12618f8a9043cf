// SPDX-License-Identifier: GPL-2.0
/*
 * Model-based random test of shadow paging: the real code (core/shadow.c,
 * spt.c, pool.c, the guest walker walk.c) against a small abstract model
 * of what the guest's TLB could legitimately hold, with the invariants
 * checker (core/check.c) run after every step.
 *
 * The world: one VM with 4 MiB of guest RAM at IPA 0x80000000 (read/write
 * region, its pages scattered over host memory, the guest's own
 * translation tables in it) and a 1 MiB read-only region at IPA 0 (its
 * contents pseudo-random, so tables pointed there are garbage); anything
 * else is MMIO. Two SPTs, one per guest privilege level, like the kernel
 * (kmod/mmu.c), built on a small pool so that it runs dry often.
 *
 * Each step is one of: a guest access at a random VA, level and access
 * type (umbra_shadow_fill(), with the pool.h policy on -ENOMEM: unmap_all
 * of both SPTs and one retry); a random edit of a guest first- or
 * second-level descriptor (sections, supersections, large and small
 * pages, page tables in and out of RAM, AP, XN, PXN, nG, domains); TLBIMVA
 * and TLBIMVAA (umbra_spt_unmap_va() on both SPTs, as kmod/cp15.c does);
 * TLBIALL and TLBIASID (unmap_all); writes of TTBR0, TTBR1, TTBCR, DACR,
 * CONTEXTIDR and SCTLR.M/AFE (unmap_all when the value changes, as
 * kmod/cp15.c does), which also turn the MMU on and off; rarely, an SPT
 * torn down and rebuilt from the pool. Guest mode switches need no step
 * of their own: each access picks its level, and a mode switch is only
 * the choice of the SPT for the next accesses.
 *
 * The abstract model, per privilege level: for each virtual page, the
 * translation (host page, rights, size and nG of the guest mapping) of
 * the last successful fill, which is what the guest's tables gave at that
 * moment (the walker, tested on its own in test_walk.c, is the oracle for
 * "what the guest's tables give"). It leaves the model only through what
 * would remove it from a TLB (ARM ARM B3.10, B4.2): TLBIMVA(va, asid)
 * removes the entries whose guest mapping contains va and that are global
 * or of that ASID; TLBIMVAA those containing va; TLBIASID the non-global
 * ones of that ASID; TLBIALL all. Changes of the translation registers
 * empty the model, mirroring the kernel's policy (so the model is at least
 * as strict as the architecture requires there). An -ENOMEM flush leaves
 * the model alone: a TLB may drop entries at will.
 *
 * After every step: umbra_check() (invariants 1-6 and the form of the
 * tables); every SPT entry outside the forbidden range is in its level's
 * model with the same host page, rights within the model's (which are the
 * guest's rights less what the region forbids) and nG set (invariant 8);
 * the forbidden range holds exactly the monitor's two pages; and after
 * each unmap and unmap_all, their post-conditions (invariant 7).
 *
 * UMBRA_SEED, UMBRA_STEPS and UMBRA_POOL_PAGES (1 to 8) change the run;
 * the seed is printed so a failure reproduces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "kselftest_harness.h"
#include "core/shadow.h"
#include "core/check.h"

#define PL0		0
#define PL1		1

#define RAM_IPA		0x80000000u
#define RAM_SIZE	0x00400000u
#define ROM_IPA		0x00000000u
#define ROM_SIZE	0x00100000u
#define MMIO_IPA	0x90000000u
#define DEV_IPA		0x90100000u	/* a device region (UMBRA_MEM_DEVICE) */
#define DEV_SIZE	0x00002000u
#define DEV_HOST	0x1c010000u
#define RAM_HOST	0x10000000u
#define ROM_HOST	0x18000000u
#define POOL_PA		0x40000000u
#define MON_CODE_PA	0x50000000u
#define MON_DATA_PA	0x50001000u
#define FORBIDDEN_BASE	0xffff2000u
#define FORBIDDEN_SIZE	0x2000u

/* The guest's translation tables, in its RAM */
#define NR_GL1		3
#define GL1_IPA(k)	(RAM_IPA + (k) * ARM_L1_SIZE)
#define NR_GL2		32
#define GL2_IPA(k)	(RAM_IPA + NR_GL1 * ARM_L1_SIZE + (k) * ARM_L2_SIZE)

#define POOL_L1		3
#define POOL_PAGES_MAX	8
#define DEFAULT_PAGES	3	/* 12 second-level slots for two SPTs */
#define DEFAULT_STEPS	1000000ul
#define DEFAULT_SEED	0x756d627261ull	/* "umbra" */

/* Guest register bits (B4.1.130, B4.1.153) */
#define SCTLR_M		(1u << 0)
#define SCTLR_AFE	(1u << 29)
#define TTBCR_PD0	(1u << 4)
#define TTBCR_PD1	(1u << 5)

#define NR_VPN		(1u << 20)

/* What the guest's TLB could hold for one virtual page of one level. */
struct tlb_entry {
	u32 gen;	/* valid iff equal to the level's generation */
	u32 pa;		/* host page */
	u8 rights;	/* UMBRA_R/W/X */
	u8 shift;	/* log2 of the guest mapping's size */
	u8 global;
};

struct stats {
	unsigned long fills, mapped, enomem, efault, enoent, eacces, eperm;
	unsigned long fs_trans, fs_domain, fs_perm, fs_other;
	unsigned long edits_l1, edits_l2, tlbimva, tlbimva_removed;
	unsigned long tlbiall, tlbiasid, reg_writes, reg_flushes;
	unsigned long recreate, max_l2, entries, max_entries;
};

struct world {
	u8 *ram;
	u32 host_page[RAM_SIZE >> ARM_PAGE_SHIFT];
	struct umbra_mmu_regs regs;
	struct umbra_pool pool;
	struct umbra_pool_mem l1mem[POOL_L1];
	struct umbra_pool_mem pages[POOL_PAGES_MAX];
	unsigned int nr_pages;
	struct umbra_spt spt[2];
	struct umbra_spt *sptp[2];
	struct umbra_check_scratch scratch;
	struct umbra_check_vm vm;
	struct umbra_shadow_env env;
	u32 mon_desc[2];
	struct tlb_entry *tlb[2];
	u32 gen_ng[2], gen_g[2];
	u64 rng;
	struct stats st;
	const char *op;
	char why[512];
};

FIXTURE(model) {
	struct world *w;
	unsigned long long seed;
};

/* xorshift64*, seeded through splitmix64 */
static u32 rnd(struct world *w)
{
	u64 x = w->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	w->rng = x;
	return (x * 0x2545f4914f6cdd1dull) >> 32;
}

static u32 rnd_n(struct world *w, u32 n)
{
	return rnd(w) % n;
}

static u64 splitmix(u64 x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static unsigned long long env_u64(const char *name, unsigned long long def)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : def;
}

/* ------------------------------------------------------------------ */
/* The VM's memory, as the walker, the shadow fault and the checker see it */

static int g_read(void *ctx, u32 ipa, u32 *val)
{
	struct world *w = ctx;

	if (ipa - RAM_IPA < RAM_SIZE) {
		memcpy(val, w->ram + (ipa - RAM_IPA), 4);	/* LE host */
		return 0;
	}
	if (ipa - ROM_IPA < ROM_SIZE) {
		*val = (u32)splitmix(ipa);
		return 0;
	}
	return -EFAULT;
}

static int g_lookup(void *ctx, u32 ipa, u32 *pa, u32 *rights)
{
	struct world *w = ctx;

	if (ipa - RAM_IPA < RAM_SIZE) {
		*pa = w->host_page[(ipa - RAM_IPA) >> ARM_PAGE_SHIFT];
		*rights = UMBRA_R | UMBRA_W;
		return 0;
	}
	if (ipa - ROM_IPA < ROM_SIZE) {
		*pa = ROM_HOST + ((ipa - ROM_IPA) & ARM_PAGE_MASK);
		*rights = UMBRA_R;
		return 0;
	}
	if (ipa - DEV_IPA < DEV_SIZE) {
		*pa = DEV_HOST + ((ipa - DEV_IPA) & ARM_PAGE_MASK);
		*rights = UMBRA_R | UMBRA_W | UMBRA_DEV;
		return 0;
	}
	return -ENOENT;
}

/*
 * Static permissions: RAM is private, the ROM shared read-only, the device
 * the VM's.
 */
static u32 g_allowed(void *ctx, u32 pa)
{
	if (pa - RAM_HOST < RAM_SIZE)
		return UMBRA_R | UMBRA_W;
	if (pa - ROM_HOST < ROM_SIZE)
		return UMBRA_R;
	if (pa - DEV_HOST < DEV_SIZE)
		return UMBRA_R | UMBRA_W | UMBRA_DEV;
	return 0;
}

static void g_write(struct world *w, u32 ipa, u32 val)
{
	if (ipa - RAM_IPA < RAM_SIZE - 3)
		memcpy(w->ram + (ipa - RAM_IPA), &val, 4);
}

/* ------------------------------------------------------------------ */
/* The abstract model */

static bool tlb_valid(const struct world *w, int l, const struct tlb_entry *e)
{
	return e->gen == (e->global ? w->gen_g[l] : w->gen_ng[l]);
}

static void tlb_clear(struct world *w, int l)
{
	w->gen_g[l]++;
	w->gen_ng[l]++;
}

static u32 cur_asid(const struct world *w)
{
	return w->regs.contextidr & 0xffu;
}

/*
 * What the guest's tables give for an access, as umbra_shadow_fill() must
 * decide it; on 0, *@e is the translation a TLB would now hold.
 */
static int oracle(struct world *w, int l, u32 va, u32 access,
		  struct tlb_entry *e)
{
	struct umbra_walk wk;
	u32 rights, pa, region;
	int ret;

	if (va - FORBIDDEN_BASE < FORBIDDEN_SIZE)
		return -EPERM;
	ret = umbra_walk(&w->regs, va, g_read, w, &wk);
	if (ret)
		return ret;
	rights = l == PL1 ? wk.pl1 : wk.pl0;
	if ((rights & access) != access)
		return -EFAULT;
	if (g_lookup(w, wk.ipa & ARM_PAGE_MASK, &pa, &region))
		return -ENOENT;
	if ((access & UMBRA_W) && !(region & UMBRA_W))
		return -EACCES;
	if ((access & UMBRA_X) && (region & UMBRA_DEV))
		return -EACCES;		/* device registers are never code */
	e->pa = pa;
	e->rights = rights & (region | UMBRA_X);
	if (region & UMBRA_DEV)
		e->rights &= ~UMBRA_X;
	e->shift = __builtin_ctz(wk.size);
	e->global = wk.global;
	return 0;
}

static void tlb_set(struct world *w, int l, u32 va, const struct tlb_entry *n)
{
	struct tlb_entry *e = &w->tlb[l][va >> ARM_PAGE_SHIFT];

	*e = *n;
	e->gen = n->global ? w->gen_g[l] : w->gen_ng[l];
}

/*
 * TLBIMVA(@va) with ASID @asid (-1: TLBIMVAA, any ASID): drop the entries
 * whose guest mapping holds @va (B3.10). Mappings are at most 16 MiB,
 * so only the 16 MiB around @va can hold such entries.
 */
static void tlb_invalidate_va(struct world *w, int l, u32 va, int asid)
{
	u32 first = (va & ~0xffffffu) >> ARM_PAGE_SHIFT, v;

	for (v = first; v < first + 4096; v++) {
		struct tlb_entry *e = &w->tlb[l][v];
		u32 mask = ~((1u << e->shift) - 1);

		if (!tlb_valid(w, l, e) || (((v << ARM_PAGE_SHIFT) ^ va) & mask))
			continue;
		if (!e->global && asid >= 0 && (u32)asid != cur_asid(w))
			continue;
		e->gen = 0;
		w->st.tlbimva_removed++;
	}
}

/* ------------------------------------------------------------------ */
/* Failures: fill w->why, return -1 */

static int fail(struct world *w, const char *what, u32 a, u32 b, u32 c)
{
	snprintf(w->why, sizeof(w->why), "%s: %s (0x%08x 0x%08x 0x%08x)",
		 w->op, what, a, b, c);
	return -1;
}

static int fail_check(struct world *w, const char *what, int ret)
{
	char why[sizeof(w->why) + 128];

	snprintf(why, sizeof(why), "%s: %s returned %d: %s", w->op, what,
		 ret, w->why);
	why[sizeof(w->why) - 1] = '\0';
	memcpy(w->why, why, sizeof(w->why));
	return -1;
}

/* ------------------------------------------------------------------ */
/* Random choices: addresses hot enough to collide */

static const u16 hot_mb[] = {
	0x000, 0x001, 0x0ff, 0x3ff, 0x400, 0x401, 0x40f, 0x7ff,
	0x800, 0x801, 0x803, 0x804, 0xbff, 0xc00, 0xc01, 0xfff,
};

static u32 pick_mb(struct world *w)
{
	return rnd_n(w, 20) ? hot_mb[rnd_n(w, ARRAY_SIZE(hot_mb))] :
			      rnd_n(w, ARM_L1_ENTRIES);
}

static u32 pick_page_index(struct world *w)
{
	u32 r = rnd_n(w, 10);

	return r < 6 ? rnd_n(w, 16) : r < 8 ? 0xf0 + rnd_n(w, 16) :
					      rnd_n(w, 256);
}

static u32 pick_va(struct world *w)
{
	return (pick_mb(w) << ARM_SECTION_SHIFT) |
	       (pick_page_index(w) << ARM_PAGE_SHIFT) | (rnd(w) & 0xfff);
}

/* An IPA aligned to @size: mostly RAM, some ROM, MMIO or anything. */
static u32 pick_ipa(struct world *w, u32 size)
{
	u32 mask = ~(size - 1);

	switch (rnd_n(w, 10)) {
	case 0:
		return (ROM_IPA + rnd_n(w, ROM_SIZE)) & mask;
	case 1:
		return (MMIO_IPA + rnd_n(w, 0x01000000u)) & mask;
	case 2:
		return rnd(w) & mask;
	default:
		return (RAM_IPA + rnd_n(w, RAM_SIZE)) & mask;
	}
}

static u32 pick_domain(struct world *w)
{
	u32 r = rnd_n(w, 8);

	return r < 4 ? 0 : r < 6 ? 1 : r < 7 ? 2 : rnd_n(w, 16);
}

/* The RAM address of a guest first-level table to edit. */
static u32 pick_gl1(struct world *w)
{
	u32 r = rnd_n(w, 10), t;

	t = r < 7 ? w->regs.ttbr0 : r < 8 ? w->regs.ttbr1 :
		    GL1_IPA(rnd_n(w, NR_GL1));
	t &= ~(ARM_L1_SIZE - 1);
	if (t - RAM_IPA >= RAM_SIZE)
		t = GL1_IPA(rnd_n(w, NR_GL1));
	return t;
}

/* ------------------------------------------------------------------ */
/* The kernel's side: what kmod/mmu.c and kmod/cp15.c do */

static int spt_create(struct world *w, int l)
{
	u32 shared = w->env.smp ? UMBRA_SPT_SHARED : 0, pa;
	u32 *l1 = umbra_pool_alloc_l1(&w->pool, &pa);

	if (!l1)
		return -ENOMEM;
	umbra_spt_init(&w->spt[l], l1, pa, FORBIDDEN_BASE, FORBIDDEN_SIZE,
		       &umbra_pool_spt_ops, &w->pool);
	w->mon_desc[0] = umbra_spt_l2_desc(MON_CODE_PA, UMBRA_SPT_MONITOR |
					   UMBRA_SPT_EXEC | shared);
	w->mon_desc[1] = umbra_spt_l2_desc(MON_DATA_PA, UMBRA_SPT_MONITOR |
					   UMBRA_SPT_WRITE | shared);
	if (umbra_spt_map(&w->spt[l], FORBIDDEN_BASE, MON_CODE_PA,
			  UMBRA_SPT_MONITOR | UMBRA_SPT_EXEC | shared))
		return -ENOMEM;
	return umbra_spt_map(&w->spt[l], FORBIDDEN_BASE + ARM_PAGE_SIZE,
			     MON_DATA_PA,
			     UMBRA_SPT_MONITOR | UMBRA_SPT_WRITE | shared);
}

/* umbra_mmu_unmap_all(), then its post-condition on both tables */
static int kernel_unmap_all(struct world *w)
{
	int l, ret;

	for (l = 0; l < 2; l++)
		umbra_spt_unmap_all(&w->spt[l]);
	for (l = 0; l < 2; l++) {
		ret = umbra_check_unmap_all(&w->vm, l, w->why, sizeof(w->why));
		if (ret)
			return fail_check(w, "unmap_all post-condition", ret);
	}
	return 0;
}

/* A guest access at @l; Return: 0 or -1 (w->why). */
static int op_fill(struct world *w)
{
	static const u32 accesses[] = { UMBRA_R, UMBRA_W, UMBRA_X };
	int l = rnd(w) & 1, ret, expect;
	u32 access = accesses[rnd_n(w, 3)], ipa, fsr, va;
	struct tlb_entry e;

	va = pick_va(w);
	w->op = "fill";
	w->st.fills++;
	expect = oracle(w, l, va, access, &e);
	ret = umbra_shadow_fill(&w->spt[l], &w->regs, l == PL1, va, access,
				&w->env, &ipa, &fsr);
	if (ret == -ENOMEM) {
		/* the pool.h policy: unmap_all of every SPT, retry once */
		w->st.enomem++;
		if (kernel_unmap_all(w))
			return -1;
		ret = umbra_shadow_fill(&w->spt[l], &w->regs, l == PL1, va,
					access, &w->env, &ipa, &fsr);
		if (ret == -ENOMEM)
			return fail(w, "-ENOMEM after unmap_all", va, l,
				    umbra_pool_nr_l2_free(&w->pool));
	}
	if (ret != expect)
		return fail(w, "shadow fill result differs from the model",
			    va, (u32)ret, (u32)expect);
	switch (ret) {
	case 0:
		w->st.mapped++;
		tlb_set(w, l, va, &e);
		break;
	case -EFAULT:
		w->st.efault++;
		if (arm_fs_is_translation(ARM_FSR_FS(fsr)))
			w->st.fs_trans++;
		else if (arm_fs_is_permission(ARM_FSR_FS(fsr)))
			w->st.fs_perm++;
		else if (ARM_FSR_FS(fsr) == ARM_FS_DOMAIN_L1 ||
			 ARM_FSR_FS(fsr) == ARM_FS_DOMAIN_L2)
			w->st.fs_domain++;
		else
			w->st.fs_other++;	/* access flag, external abort */
		break;
	case -ENOENT:
		w->st.enoent++;
		break;
	case -EACCES:
		w->st.eacces++;
		break;
	case -EPERM:
		w->st.eperm++;
		break;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The guest's side: random descriptors */

static int op_edit_l1(struct world *w)
{
	u32 table = pick_gl1(w), idx = pick_mb(w), d, n = 1, i;
	u32 ap = rnd_n(w, 2) ? 3 : rnd_n(w, 8);	/* often full access */
	u32 sect_ap = ((ap & 3) << 10) | ((ap & 4) ? 1u << 15 : 0);
	u32 attr = rnd(w) & ((7u << 12) | (1u << 16) | 0xcu);	/* TEX,S,C,B */
	u32 xn = (rnd(w) & 1) << 4, ng = (rnd(w) & 1) << 17;

	w->op = "edit guest L1";
	w->st.edits_l1++;
	switch (rnd_n(w, 20)) {
	case 0 ... 3:
		d = 0;
		break;
	case 4:
		d = rnd(w) & ~3u;	/* a fault, with junk */
		break;
	case 5 ... 10:	/* page table, maybe PXN */
		d = (rnd_n(w, 10) ? GL2_IPA(rnd_n(w, NR_GL2)) :
				    pick_ipa(w, ARM_L2_SIZE)) |
		    (pick_domain(w) << 5) | ((rnd(w) & 1) << 2) | 1u;
		break;
	case 11 ... 16:	/* section */
		d = pick_ipa(w, 1u << 20) | sect_ap | attr | xn | ng |
		    (pick_domain(w) << 5) | 2u;
		break;
	case 17 ... 18:	/* supersection, usually repeated 16 times */
		d = pick_ipa(w, 1u << 24) | (1u << 18) | sect_ap | attr | xn |
		    ng | (rnd_n(w, 16) << 5) | 2u;
		if (rnd_n(w, 5)) {
			idx &= ~15u;
			n = 16;
		}
		break;
	default:	/* reserved type 0b11, or anything */
		d = rnd_n(w, 2) ? (rnd(w) | 3u) : rnd(w);
		break;
	}
	for (i = 0; i < n; i++)
		g_write(w, table + (idx + i) * 4, d);
	return 0;
}

static int op_edit_l2(struct world *w)
{
	u32 table = GL2_IPA(rnd_n(w, NR_GL2)), idx = pick_page_index(w);
	u32 ap = rnd_n(w, 2) ? 3 : rnd_n(w, 8), d, n = 1, i;
	u32 page_ap = ((ap & 3) << 4) | ((ap & 4) ? ARM_L2_AP2 : 0);
	u32 ng = (rnd(w) & 1) << 11;

	w->op = "edit guest L2";
	w->st.edits_l2++;
	switch (rnd_n(w, 20)) {
	case 0 ... 4:
		d = 0;
		break;
	case 5 ... 13:	/* small page, XN in bit[0] */
		d = pick_ipa(w, ARM_PAGE_SIZE) | page_ap | ng |
		    (rnd(w) & (0x1c0u | 0x400u | 0xcu)) | (rnd(w) & 1) | 2u;
		break;
	case 14 ... 17:	/* large page, XN in bit[15], usually 16 times */
		d = pick_ipa(w, 0x10000u) | page_ap | ng |
		    (rnd(w) & (0x7000u | 0x400u | 0xcu)) |
		    ((rnd(w) & 1) << 15) | 1u;
		if (rnd_n(w, 5)) {
			idx &= ~15u;
			n = 16;
		}
		break;
	default:
		d = rnd(w);
		break;
	}
	for (i = 0; i < n; i++)
		g_write(w, table + (idx + i) * 4, d);
	return 0;
}

/* ------------------------------------------------------------------ */
/* TLB maintenance and register writes, as kmod/cp15.c handles them */

static int op_tlbimva(struct world *w)
{
	bool all = !rnd_n(w, 5);	/* TLBIMVAA */
	u32 va = pick_va(w), asid = rnd_n(w, 10) < 7 ? cur_asid(w) :
						       rnd_n(w, 4);
	u32 val = (va & ARM_PAGE_MASK) | (all ? 0 : asid);
	int l, ret;

	w->op = all ? "TLBIMVAA" : "TLBIMVA";
	w->st.tlbimva++;
	for (l = 0; l < 2; l++)
		umbra_spt_unmap_va(&w->spt[l], val);	/* umbra_mmu_unmap_va */
	for (l = 0; l < 2; l++) {
		tlb_invalidate_va(w, l, va, all ? -1 : (int)asid);
		ret = umbra_check_unmapped(&w->vm, l, va, 1, w->why,
					   sizeof(w->why));
		if (ret)
			return fail_check(w, "unmap post-condition", ret);
	}
	return 0;
}

static int op_tlbiall(struct world *w)
{
	w->op = "TLBIALL";
	w->st.tlbiall++;
	tlb_clear(w, PL0);
	tlb_clear(w, PL1);
	return kernel_unmap_all(w);
}

static int op_tlbiasid(struct world *w)
{
	u32 asid = rnd_n(w, 2) ? cur_asid(w) : rnd_n(w, 4);

	w->op = "TLBIASID";
	w->st.tlbiasid++;
	if (asid == cur_asid(w)) {	/* global entries stay */
		w->gen_ng[PL0]++;
		w->gen_ng[PL1]++;
	}
	return kernel_unmap_all(w);
}

static u32 pick_ttbr(struct world *w)
{
	u32 r = rnd_n(w, 20);

	if (r < 17)
		return GL1_IPA(rnd_n(w, NR_GL1)) | (rnd(w) & 0x7fu);
	if (r < 19)	/* somewhere in RAM, or the pseudo-random ROM */
		return (rnd_n(w, 2) ? RAM_IPA + rnd_n(w, RAM_SIZE) :
				      rnd_n(w, ROM_SIZE)) & ~0x3fffu;
	return MMIO_IPA;	/* the walk aborts */
}

static int op_write_reg(struct world *w)
{
	static const u32 dacrs[] = {
		0x55555555u, 0xffffffffu, 0x00000001u, 0x00000003u,
		0x00000005u, 0x5555555du,
	};
	struct umbra_mmu_regs *r = &w->regs;
	u32 *reg, val, k = rnd_n(w, 100);

	w->st.reg_writes++;
	if (k < 35) {
		w->op = "write TTBR0";
		reg = &r->ttbr0;
		val = pick_ttbr(w);
	} else if (k < 45) {
		w->op = "write TTBR1";
		reg = &r->ttbr1;
		val = pick_ttbr(w);
	} else if (k < 55) {
		w->op = "write TTBCR";
		reg = &r->ttbcr;
		val = rnd_n(w, 10) < 6 ? 0 : rnd_n(w, 3);
		if (!rnd_n(w, 20))
			val |= rnd_n(w, 2) ? TTBCR_PD0 : TTBCR_PD1;
	} else if (k < 70) {
		w->op = "write DACR";
		reg = &r->dacr;
		k = rnd_n(w, 10);
		val = k < 5 ? dacrs[0] : k < 9 ? dacrs[rnd_n(w, ARRAY_SIZE(dacrs))] :
			      rnd(w);
	} else if (k < 90) {
		w->op = "write CONTEXTIDR";
		reg = &r->contextidr;
		val = rnd_n(w, 4) | (rnd_n(w, 8) ? 0 : rnd(w) & ~0xffu);
	} else {
		/*
		 * The MMU mostly on (off, only RAM and the ROM translate), the
		 * access flag mostly off (most random AP[0] would fault).
		 */
		w->op = "write SCTLR";
		reg = &r->sctlr;
		if (k < 97)
			val = (*reg & ~SCTLR_M) | (rnd_n(w, 5) ? SCTLR_M : 0);
		else
			val = (*reg & ~SCTLR_AFE) |
			      (rnd_n(w, 4) ? 0 : SCTLR_AFE);
	}
	if (*reg == val)
		return 0;
	*reg = val;
	/* a new translation regime: nothing shadowed so far stays valid */
	w->st.reg_flushes++;
	tlb_clear(w, PL0);
	tlb_clear(w, PL1);
	return kernel_unmap_all(w);
}

/* Tear an SPT down and build it again: the pool's first-level paths. */
static int op_recreate(struct world *w)
{
	int l = rnd(w) & 1;

	w->op = "recreate SPT";
	w->st.recreate++;
	umbra_spt_destroy(&w->spt[l]);
	umbra_pool_free_l1(&w->pool, w->spt[l].l1, w->spt[l].l1_pa);
	tlb_clear(w, l);
	if (spt_create(w, l))
		return fail(w, "cannot rebuild the SPT", l,
			    umbra_pool_nr_l1_free(&w->pool),
			    umbra_pool_nr_l2_free(&w->pool));
	return 0;
}

/* ------------------------------------------------------------------ */
/* After every step */

/* One SPT entry against the model (invariant 8). */
static int check_entry(struct world *w, int l, u32 va, u32 d)
{
	const struct tlb_entry *e = &w->tlb[l][va >> ARM_PAGE_SHIFT];

	if (va - FORBIDDEN_BASE < FORBIDDEN_SIZE) {
		if (d != w->mon_desc[(va - FORBIDDEN_BASE) >> ARM_PAGE_SHIFT])
			return fail(w, "forbidden range changed", l, va, d);
		return 0;
	}
	if (!d)
		return 0;
	w->st.entries++;
	if (!tlb_valid(w, l, e))
		return fail(w, "SPT maps what no TLB may hold (level va desc)",
			    l, va, d);
	if ((d & ARM_L2_ADDR_MASK) != e->pa)
		return fail(w, "SPT maps another page (va desc model-pa)",
			    va, d, e->pa);
	if (umbra_check_user_rights(d) & ~e->rights)
		return fail(w, "SPT gives more rights (va desc model-rights)",
			    va, d, e->rights);
	if (!(d & ARM_L2_NG))
		return fail(w, "global shadow entry (level va desc)", l, va, d);
	return 0;
}

static int check_step(struct world *w)
{
	unsigned long before = w->st.entries;
	unsigned int in_use = 0;
	u32 idx, j;
	int l, ret;

	ret = umbra_check(&w->vm, w->why, sizeof(w->why));
	if (ret)
		return fail_check(w, "umbra_check", ret);

	for (l = 0; l < 2; l++) {
		const struct umbra_spt *spt = &w->spt[l];

		in_use += spt->nr_l2;
		if (!spt->l2[FORBIDDEN_BASE >> ARM_SECTION_SHIFT])
			return fail(w, "forbidden range unmapped", l, 0, 0);
		for (idx = 0; idx < ARM_L1_ENTRIES; idx++) {
			const u32 *l2 = spt->l2[idx];

			for (j = 0; l2 && j < ARM_L2_ENTRIES; j++) {
				ret = check_entry(w, l,
						  (idx << ARM_SECTION_SHIFT) |
						  (j << ARM_PAGE_SHIFT), l2[j]);
				if (ret)
					return ret;
			}
		}
	}
	if (in_use > w->st.max_l2)
		w->st.max_l2 = in_use;
	if (w->st.entries - before > w->st.max_entries)
		w->st.max_entries = w->st.entries - before;
	return 0;
}

/* ------------------------------------------------------------------ */

static struct world *world_new(unsigned long long seed, unsigned int pages)
{
	struct world *w = calloc(1, sizeof(*w));
	unsigned int i;

	if (!w)
		return NULL;
	w->rng = splitmix(seed) | 1;
	w->ram = calloc(1, RAM_SIZE);
	w->tlb[0] = calloc(NR_VPN, sizeof(struct tlb_entry));
	w->tlb[1] = calloc(NR_VPN, sizeof(struct tlb_entry));
	if (!w->ram || !w->tlb[0] || !w->tlb[1])
		return NULL;
	for (i = 0; i < 2; i++) {
		w->gen_g[i] = 1;
		w->gen_ng[i] = 1;
	}
	/* RAM pages scattered over host memory: a bijection of 1024 pages */
	for (i = 0; i < RAM_SIZE >> ARM_PAGE_SHIFT; i++)
		w->host_page[i] = RAM_HOST + (((i * 389u + 7u) % 1024u) <<
					      ARM_PAGE_SHIFT);

	for (i = 0; i < POOL_L1; i++) {
		w->l1mem[i].cpu = aligned_alloc(ARM_L1_SIZE, ARM_L1_SIZE);
		w->l1mem[i].pa = POOL_PA + i * ARM_L1_SIZE;
		if (!w->l1mem[i].cpu)
			return NULL;
	}
	w->nr_pages = pages;
	for (i = 0; i < pages; i++) {
		w->pages[i].cpu = aligned_alloc(ARM_PAGE_SIZE, ARM_PAGE_SIZE);
		/* after the first-level slots, in reverse order */
		w->pages[i].pa = POOL_PA + 0x10000u +
				 (pages - 1 - i) * ARM_PAGE_SIZE;
		if (!w->pages[i].cpu)
			return NULL;
	}
	if (umbra_pool_init(&w->pool, w->l1mem, POOL_L1, w->pages, pages,
			    NULL, NULL))
		return NULL;

	w->env = (struct umbra_shadow_env) {
		.read = g_read,
		.lookup = g_lookup,
		.ctx = w,
		.smp = seed & 1,
	};
	for (i = 0; i < 2; i++) {
		if (spt_create(w, i))
			return NULL;
		w->sptp[i] = &w->spt[i];
	}
	w->vm = (struct umbra_check_vm) {
		.pool = &w->pool,
		.spt = w->sptp,
		.nr_spt = 2,
		.forbidden_base = FORBIDDEN_BASE,
		.forbidden_size = FORBIDDEN_SIZE,
		.allowed = g_allowed,
		.ctx = w,
		.scratch = &w->scratch,
	};
	w->regs = (struct umbra_mmu_regs) {
		.sctlr = SCTLR_M,
		.ttbr0 = GL1_IPA(0),
		.ttbr1 = GL1_IPA(1),
		.dacr = 0x55555555u,
	};
	return w;
}

static void world_free(struct world *w)
{
	unsigned int i;

	if (!w)
		return;
	for (i = 0; i < POOL_L1; i++)
		free(w->l1mem[i].cpu);
	for (i = 0; i < w->nr_pages; i++)
		free(w->pages[i].cpu);
	free(w->tlb[0]);
	free(w->tlb[1]);
	free(w->ram);
	free(w);
}

FIXTURE_SETUP(model)
{
	unsigned int pages = env_u64("UMBRA_POOL_PAGES", DEFAULT_PAGES);

	ASSERT_LE(1, pages);
	ASSERT_GE(POOL_PAGES_MAX, pages);
	self->seed = env_u64("UMBRA_SEED", DEFAULT_SEED);
	self->w = world_new(self->seed, pages);
	ASSERT_NE(NULL, self->w);
}

FIXTURE_TEARDOWN(model)
{
	world_free(self->w);
}

TEST_F_TIMEOUT(model, random_operations, 600)
{
	struct world *w = self->w;
	unsigned long steps = env_u64("UMBRA_STEPS", DEFAULT_STEPS), step;
	struct timespec t0, t1;
	struct stats *st = &w->st;
	int i, ret = 0;

	TH_LOG("seed %llu (UMBRA_SEED=%llu reproduces), %lu steps",
	       self->seed, self->seed, steps);
	TH_LOG("pool: %u first-level, %u second-level slots",
	       POOL_L1, w->nr_pages * UMBRA_POOL_L2_PER_PAGE);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* some guest tables to start with */
	for (i = 0; i < 3000; i++) {
		op_edit_l1(w);
		op_edit_l2(w);
	}
	ASSERT_EQ(0, check_step(w));
	for (step = 0; step < steps && !ret; step++) {
		u32 r = rnd_n(w, 1000);

		if (r < 120)
			ret = op_edit_l2(w);
		else if (r < 180)
			ret = op_edit_l1(w);
		else if (r < 280)
			ret = op_tlbimva(w);
		else if (r < 282)
			ret = op_tlbiall(w);
		else if (r < 284)
			ret = op_tlbiasid(w);
		else if (r < 299)
			ret = op_write_reg(w);
		else if (r < 300)
			ret = op_recreate(w);
		else
			ret = op_fill(w);
		if (!ret)
			ret = check_step(w);
		if (ret)
			TH_LOG("seed %llu step %lu: %s", self->seed, step,
			       w->why);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ASSERT_EQ(0, ret);
	TH_LOG("%lu steps in %.1f s", steps, (t1.tv_sec - t0.tv_sec) +
	       (t1.tv_nsec - t0.tv_nsec) / 1e9);
	TH_LOG("fills %lu: mapped %lu, -ENOMEM %lu (flush, retry)",
	       st->fills, st->mapped, st->enomem);
	TH_LOG("fills: MMIO %lu, read-only %lu, forbidden %lu",
	       st->enoent, st->eacces, st->eperm);
	TH_LOG("guest faults %lu: translation %lu domain %lu permission %lu",
	       st->efault, st->fs_trans, st->fs_domain, st->fs_perm);
	TH_LOG("guest faults: access flag or external abort %lu",
	       st->fs_other);
	TH_LOG("guest edits: L1 %lu, L2 %lu", st->edits_l1, st->edits_l2);
	TH_LOG("TLBIMVA(A) %lu, removing %lu model entries",
	       st->tlbimva, st->tlbimva_removed);
	TH_LOG("TLBIALL %lu, TLBIASID %lu", st->tlbiall, st->tlbiasid);
	TH_LOG("register writes %lu, %lu changed the regime",
	       st->reg_writes, st->reg_flushes);
	TH_LOG("SPT rebuilds %lu; second-level tables in use: at most %lu",
	       st->recreate, st->max_l2);
	TH_LOG("SPT entries checked against the model: %.1f a step, max %lu",
	       (double)st->entries / steps, st->max_entries);
	/* a full run exercised what it claims to */
	if (steps >= 100000) {
		EXPECT_LT(0, st->mapped);
		EXPECT_LT(0, st->tlbimva_removed);
		EXPECT_LT(0, st->eacces);
		if (w->nr_pages <= DEFAULT_PAGES)	/* a small pool */
			EXPECT_LT(0, st->enomem);
	}
}

/*
 * A guest supersection at VA 0x40000000 (IPA 0x80000000), used at
 * 0x40100000, then TLBIMVA(0x40000000): the architecture invalidates the
 * TLB entry of the whole supersection, since it matches the address
 * (B3.10), so the shadow entry at 0x40100000 must go too.
 */
TEST_F(model, supersection_tlbimva)
{
	struct world *w = self->w;
	u32 ipa, fsr, desc, i;

	for (i = 0; i < 16; i++)	/* repeated 16 times (B3.5.1) */
		g_write(w, GL1_IPA(0) + (0x400 + i) * 4,
			RAM_IPA | (1u << 18) | (3u << 10) | 2u);
	ASSERT_EQ(0, umbra_shadow_fill(&w->spt[PL0], &w->regs, false,
				       0x40100000u, UMBRA_R, &w->env, &ipa,
				       &fsr));
	ASSERT_EQ(RAM_IPA + 0x100000u, ipa);
	umbra_spt_unmap_va(&w->spt[PL0], 0x40000000u);
	EXPECT_FALSE(umbra_spt_lookup(&w->spt[PL0], 0x40100000u, &desc));
	EXPECT_EQ(0, umbra_check(&w->vm, w->why, sizeof(w->why)));
}

/* The pool runs dry; the kernel's policy makes the retry succeed. */
TEST_F(model, pool_exhaustion_policy)
{
	struct world *w = self->w;
	u32 ipa, fsr, i, slots = w->nr_pages * UMBRA_POOL_L2_PER_PAGE;
	int ret = 0;

	/* 64 guest sections at 0x10000000, all on RAM, user read/write */
	for (i = 0; i < 64; i++)
		g_write(w, GL1_IPA(0) + (0x100 + i) * 4,
			RAM_IPA | (3u << 10) | 2u);
	for (i = 0; i < 64 && !ret; i++)
		ret = umbra_shadow_fill(&w->spt[i & 1], &w->regs, i & 1,
					0x10000000u + (i << 20), UMBRA_W,
					&w->env, &ipa, &fsr);
	ASSERT_EQ(-ENOMEM, ret);
	/* two forbidden-range tables, then one per megabyte */
	EXPECT_EQ(slots - 2 + 1, i);
	EXPECT_EQ(0, umbra_pool_nr_l2_free(&w->pool));
	ASSERT_EQ(0, umbra_check(&w->vm, w->why, sizeof(w->why)));
	ASSERT_EQ(0, kernel_unmap_all(w));
	EXPECT_EQ(slots - 2, umbra_pool_nr_l2_free(&w->pool));
	EXPECT_EQ(0, umbra_shadow_fill(&w->spt[(i - 1) & 1], &w->regs,
				       (i - 1) & 1,
				       0x10000000u + ((i - 1) << 20), UMBRA_W,
				       &w->env, &ipa, &fsr));
	EXPECT_EQ(0, umbra_check(&w->vm, w->why, sizeof(w->why)));
}

/* A read-only region is never writable through a shadow entry. */
TEST_F(model, read_only_region)
{
	struct world *w = self->w;
	u32 ipa, fsr, desc;

	w->regs.sctlr = 0;
	EXPECT_EQ(-EACCES, umbra_shadow_fill(&w->spt[PL1], &w->regs, true,
					     0x3000u, UMBRA_W, &w->env, &ipa,
					     &fsr));
	EXPECT_FALSE(umbra_spt_lookup(&w->spt[PL1], 0x3000u, &desc));
	ASSERT_EQ(0, umbra_shadow_fill(&w->spt[PL1], &w->regs, true,
				       0x3000u, UMBRA_R, &w->env, &ipa, &fsr));
	ASSERT_TRUE(umbra_spt_lookup(&w->spt[PL1], 0x3000u, &desc));
	EXPECT_EQ(ROM_HOST + 0x3000u, desc & ARM_L2_ADDR_MASK);
	EXPECT_EQ(UMBRA_R | UMBRA_X, umbra_check_user_rights(desc));
	EXPECT_EQ(0, umbra_check(&w->vm, w->why, sizeof(w->why)));
}

/*
 * A device region: shareable Device memory, never executable, its pages
 * known to the checker as device pages.
 */
TEST_F(model, device_region)
{
	struct world *w = self->w;
	u32 ipa, fsr, desc;

	w->regs.sctlr = 0;
	EXPECT_EQ(-EACCES, umbra_shadow_fill(&w->spt[PL1], &w->regs, true,
					     DEV_IPA, UMBRA_X, &w->env, &ipa,
					     &fsr));
	EXPECT_FALSE(umbra_spt_lookup(&w->spt[PL1], DEV_IPA, &desc));
	ASSERT_EQ(0, umbra_shadow_fill(&w->spt[PL1], &w->regs, true,
				       DEV_IPA + 0x1004u, UMBRA_W, &w->env,
				       &ipa, &fsr));
	EXPECT_EQ(DEV_IPA + 0x1004u, ipa);
	ASSERT_TRUE(umbra_spt_lookup(&w->spt[PL1], DEV_IPA + 0x1000u, &desc));
	EXPECT_EQ(DEV_HOST + 0x1000u, desc & ARM_L2_ADDR_MASK);
	EXPECT_EQ(UMBRA_R | UMBRA_W, umbra_check_user_rights(desc));
	EXPECT_EQ(ARM_L2_MT_DEVICE, desc & ARM_L2_MT_MASK);
	EXPECT_TRUE(desc & ARM_L2_S);
	EXPECT_TRUE(desc & ARM_L2_XN);
	EXPECT_EQ(0, umbra_check(&w->vm, w->why, sizeof(w->why)));

	/* the checker catches a device page mapped as Normal memory ... */
	w->spt[PL1].l2[arm_l1_index(DEV_IPA)][arm_l2_index(DEV_IPA + 0x1000u)] =
		umbra_spt_l2_desc(DEV_HOST + 0x1000u,
				  UMBRA_SPT_USER | UMBRA_SPT_WRITE);
	EXPECT_EQ(-UMBRA_CHECK_DEVICE,
		  umbra_check(&w->vm, w->why, sizeof(w->why)));
	/* ... or executable, and RAM mapped as Device memory */
	w->spt[PL1].l2[arm_l1_index(DEV_IPA)][arm_l2_index(DEV_IPA + 0x1000u)] =
		desc & ~ARM_L2_XN;
	EXPECT_EQ(-UMBRA_CHECK_DEVICE,
		  umbra_check(&w->vm, w->why, sizeof(w->why)));
	w->spt[PL1].l2[arm_l1_index(DEV_IPA)][arm_l2_index(DEV_IPA + 0x1000u)] =
		umbra_spt_l2_desc(RAM_HOST, UMBRA_SPT_USER | UMBRA_SPT_DEVICE);
	EXPECT_EQ(-UMBRA_CHECK_DEVICE,
		  umbra_check(&w->vm, w->why, sizeof(w->why)));
	w->spt[PL1].l2[arm_l1_index(DEV_IPA)][arm_l2_index(DEV_IPA + 0x1000u)] =
		desc;
	EXPECT_EQ(0, umbra_check(&w->vm, w->why, sizeof(w->why)));
}

TEST_HARNESS_MAIN
