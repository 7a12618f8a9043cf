// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the guest translation table walk (kmod/core/walk.c):
 * hand-built short-descriptor tables in a fake 1 MiB guest RAM at IPA
 * 0x40000000; every descriptor kind, TTBR selection, every walk fault, the
 * AP models, DACR, XN/PXN and the FSR values, checked literally.
 */
#include <stdlib.h>
#include "kselftest_harness.h"
#include "core/walk.h"

#define RAM_BASE	0x40000000u
#define RAM_SIZE	0x00100000u
#define OUTSIDE		0x80000000u	/* not guest RAM: reads abort */

/* Table layout in the fake RAM */
#define L1_TTBR0	0x40000000u	/* 16 KiB */
#define L1_TTBR1	0x40004000u	/* 16 KiB */
#define L1_N1		0x4000a000u	/* 8 KiB aligned, not 16 KiB */
#define L1_N2		0x4000d000u	/* 4 KiB aligned, not 8 KiB */
#define L1_N7		0x4000e080u	/* 128 B aligned, not 256 B */
#define L2_A		0x40010000u
#define L2_B		0x40010400u

#define SCTLR_M		(1u << 0)
#define SCTLR_AFE	(1u << 29)
#define TTBCR_PD0	(1u << 4)
#define TTBCR_PD1	(1u << 5)
#define TTBCR_EAE	(1u << 31)

#define R		UMBRA_R
#define W		UMBRA_W
#define X		UMBRA_X
#define RW		(R | W)
#define RX		(R | X)
#define RWX		(R | W | X)

/* Descriptor fields, written out independently of walk.c */
#define DOM(d)		((u32)(d) << 5)
#define S_AP(ap)	((((ap) & 3u) << 10) | (((ap) >> 2) << 15))
#define P_AP(ap)	((((ap) & 3u) << 4) | (((ap) >> 2) << 9))
#define SECT		0x2u
#define SECT_XN		(1u << 4)
#define SECT_NG		(1u << 17)
#define SUPER		((1u << 18) | 0x2u)
#define TABLE		0x1u
#define TABLE_PXN	(1u << 2)
#define LARGE		0x1u
#define LARGE_XN	(1u << 15)
#define SMALL		0x2u
#define SMALL_XN	0x1u
#define PAGE_NG		(1u << 11)

/* DACR with every domain set to @type */
#define DACR_ALL(type)	((type) * 0x55555555u)
#define DACR_SET(dacr, d, type) \
	(((dacr) & ~(3u << (2 * (d)))) | ((u32)(type) << (2 * (d))))

struct fake_ram {
	u32 *words;
	int reads;
	u32 last;	/* IPA of the last read, good or not */
};

static int ram_read(void *ctx, u32 ipa, u32 *val)
{
	struct fake_ram *ram = ctx;

	ram->reads++;
	ram->last = ipa;
	if (ipa & 3)
		abort();	/* the walker must only read aligned words */
	if (ipa - RAM_BASE >= RAM_SIZE)
		return -EFAULT;
	*val = ram->words[(ipa - RAM_BASE) / 4];
	return 0;
}

static void poke(struct fake_ram *ram, u32 ipa, u32 val)
{
	ram->words[(ipa - RAM_BASE) / 4] = val;
}

/* First-level entry for @va in the table at @table */
static void l1_set(struct fake_ram *ram, u32 table, u32 va, u32 desc)
{
	poke(ram, table + (va >> 20) * 4, desc);
}

/* Second-level entry for @va in the table at @table */
static void l2_set(struct fake_ram *ram, u32 table, u32 va, u32 desc)
{
	poke(ram, table + ((va >> 12) & 0xff) * 4, desc);
}

FIXTURE(walk) {
	struct fake_ram ram;
	struct umbra_mmu_regs regs;
	struct umbra_walk w;
};

FIXTURE_SETUP(walk)
{
	self->ram.words = calloc(RAM_SIZE / 4, sizeof(u32));
	ASSERT_NE(NULL, self->ram.words);
	self->ram.reads = 0;
	self->ram.last = 0;
	memset(&self->regs, 0, sizeof(self->regs));
	self->regs.sctlr = SCTLR_M;
	self->regs.ttbr0 = L1_TTBR0;
	self->regs.ttbr1 = L1_TTBR1;
	self->regs.dacr = DACR_ALL(1);	/* every domain client */
	memset(&self->w, 0xa5, sizeof(self->w));
}

FIXTURE_TEARDOWN(walk)
{
	free(self->ram.words);
}

#define WALK(va) umbra_walk(&self->regs, (va), ram_read, &self->ram, &self->w)
#define ACC(pl1, acc) umbra_walk_access_fsr(&self->w, (pl1), (acc))

TEST_F(walk, mmu_off_is_flat)
{
	self->regs.sctlr = SCTLR_AFE;	/* M clear */
	self->regs.ttbcr = TTBCR_EAE | TTBCR_PD0 | TTBCR_PD1;
	self->regs.dacr = 0;
	ASSERT_EQ(0, WALK(0x12345678));
	EXPECT_EQ(0x12345678u, self->w.ipa);
	EXPECT_EQ(UMBRA_MAP_FLAT, self->w.kind);
	EXPECT_EQ(0x12345000u, self->w.va_base);
	EXPECT_EQ(0x1000u, self->w.size);
	EXPECT_EQ(0u, self->w.domain);
	EXPECT_TRUE(self->w.global);
	EXPECT_EQ(RWX, self->w.pl1);
	EXPECT_EQ(RWX, self->w.pl0);
	EXPECT_EQ(0, self->ram.reads);
	EXPECT_EQ(0u, ACC(false, W));
	EXPECT_EQ(0u, ACC(false, X));
	ASSERT_EQ(0, WALK(0xffffffff));
	EXPECT_EQ(0xffffffffu, self->w.ipa);
	EXPECT_EQ(0xfffff000u, self->w.va_base);
}

TEST_F(walk, eae_is_unsupported)
{
	self->regs.ttbcr = TTBCR_EAE;
	EXPECT_EQ(-EINVAL, WALK(0x1000));
	EXPECT_EQ(0, self->ram.reads);
}

TEST_F(walk, section_first_and_last_byte)
{
	l1_set(&self->ram, L1_TTBR0, 0x12300000, 0x87600000 | DOM(5) |
	       S_AP(3) | SECT | (7u << 12) | (1u << 16) | 0xc);
	ASSERT_EQ(0, WALK(0x12300000));
	EXPECT_EQ(L1_TTBR0 + 0x123 * 4, self->ram.last);
	EXPECT_EQ(1, self->ram.reads);
	EXPECT_EQ(0x87600000u, self->w.ipa);
	EXPECT_EQ(UMBRA_MAP_SECTION, self->w.kind);
	EXPECT_EQ(0x12300000u, self->w.va_base);
	EXPECT_EQ(0x00100000u, self->w.size);
	EXPECT_EQ(5u, self->w.domain);
	EXPECT_TRUE(self->w.global);
	EXPECT_EQ(RWX, self->w.pl1);
	EXPECT_EQ(RWX, self->w.pl0);
	ASSERT_EQ(0, WALK(0x123fffff));
	EXPECT_EQ(0x876fffffu, self->w.ipa);
	EXPECT_EQ(0x12300000u, self->w.va_base);
	/* Neighbours are still invalid: the index is VA[31:20] exactly. */
	EXPECT_EQ(-EFAULT, WALK(0x122fffff));
	EXPECT_EQ(-EFAULT, WALK(0x12400000));
}

TEST_F(walk, section_ng)
{
	l1_set(&self->ram, L1_TTBR0, 0x00500000,
	       0x00500000 | S_AP(3) | SECT | SECT_NG);
	ASSERT_EQ(0, WALK(0x00512345));
	EXPECT_FALSE(self->w.global);
	EXPECT_EQ(0x00512345u, self->w.ipa);
}

TEST_F(walk, supersection)
{
	/* Extended base bits [23:20] and [8:5] set: ignored, domain 0. */
	u32 desc = 0x9a000000 | (0xfu << 20) | DOM(15) | S_AP(3) | SUPER;
	u32 va;

	for (va = 0x12000000; va < 0x13000000; va += 0x00100000)
		l1_set(&self->ram, L1_TTBR0, va, desc);
	/* Domain 15 no access, domain 0 client: must use domain 0. */
	self->regs.dacr = DACR_SET(DACR_ALL(0), 0, 1);
	ASSERT_EQ(0, WALK(0x12000000));
	EXPECT_EQ(0x9a000000u, self->w.ipa);
	EXPECT_EQ(UMBRA_MAP_SUPERSECTION, self->w.kind);
	EXPECT_EQ(0x12000000u, self->w.va_base);
	EXPECT_EQ(0x01000000u, self->w.size);
	EXPECT_EQ(0u, self->w.domain);
	EXPECT_TRUE(self->w.global);
	EXPECT_EQ(RWX, self->w.pl0);
	ASSERT_EQ(0, WALK(0x12ffffff));
	EXPECT_EQ(L1_TTBR0 + 0x12f * 4, self->ram.last);
	EXPECT_EQ(0x9affffffu, self->w.ipa);
	EXPECT_EQ(0x12000000u, self->w.va_base);
	ASSERT_EQ(0, WALK(0x12345678));
	EXPECT_EQ(0x9a345678u, self->w.ipa);

	l1_set(&self->ram, L1_TTBR0, 0x12500000, desc | SECT_NG | SECT_XN);
	ASSERT_EQ(0, WALK(0x12500000));
	EXPECT_FALSE(self->w.global);
	EXPECT_EQ(RW, self->w.pl1);

	/* Domain faults of a supersection carry domain 0. */
	self->regs.dacr = DACR_SET(DACR_ALL(1), 0, 0);
	ASSERT_EQ(0, WALK(0x12000000));
	EXPECT_EQ(0u, self->w.pl1);
	EXPECT_EQ(0x009u, ACC(true, R));
}

TEST_F(walk, large_page)
{
	u32 va;

	l1_set(&self->ram, L1_TTBR0, 0x34500000, L2_A | DOM(3) | TABLE);
	for (va = 0x34560000; va < 0x34570000; va += 0x1000)
		l2_set(&self->ram, L2_A, va, 0xabcd0000 | P_AP(3) | LARGE |
		       (5u << 12) | (1u << 10));
	ASSERT_EQ(0, WALK(0x34560000));
	EXPECT_EQ(L2_A + 0x60 * 4, self->ram.last);
	EXPECT_EQ(2, self->ram.reads);
	EXPECT_EQ(0xabcd0000u, self->w.ipa);
	EXPECT_EQ(UMBRA_MAP_LARGE, self->w.kind);
	EXPECT_EQ(0x34560000u, self->w.va_base);
	EXPECT_EQ(0x00010000u, self->w.size);
	EXPECT_EQ(3u, self->w.domain);
	EXPECT_TRUE(self->w.global);
	/* Type bit[0] is 1 in a large page: XN is bit[15], not bit[0]. */
	EXPECT_EQ(RWX, self->w.pl1);
	EXPECT_EQ(RWX, self->w.pl0);
	ASSERT_EQ(0, WALK(0x3456ffff));
	EXPECT_EQ(L2_A + 0x6f * 4, self->ram.last);
	EXPECT_EQ(0xabcdffffu, self->w.ipa);
	EXPECT_EQ(0x34560000u, self->w.va_base);
	EXPECT_EQ(-EFAULT, WALK(0x34570000));
	EXPECT_EQ(0x037u, self->w.fsr);
}

TEST_F(walk, large_page_xn_ng)
{
	l1_set(&self->ram, L1_TTBR0, 0x34500000, L2_A | DOM(3) | TABLE);
	l2_set(&self->ram, L2_A, 0x34500000,
	       0xabcd0000 | P_AP(3) | LARGE | LARGE_XN | PAGE_NG);
	ASSERT_EQ(0, WALK(0x34500000));
	EXPECT_FALSE(self->w.global);
	EXPECT_EQ(RW, self->w.pl1);
	EXPECT_EQ(RW, self->w.pl0);
	EXPECT_EQ(0x03fu, ACC(false, X));
}

TEST_F(walk, small_page)
{
	l1_set(&self->ram, L1_TTBR0, 0x34500000, L2_A | DOM(3) | TABLE);
	l2_set(&self->ram, L2_A, 0x34567000, 0x11223000 | P_AP(3) | SMALL |
	       (7u << 6) | (1u << 10) | 0xc);
	ASSERT_EQ(0, WALK(0x34567abc));
	EXPECT_EQ(L2_A + 0x67 * 4, self->ram.last);
	EXPECT_EQ(0x11223abcu, self->w.ipa);
	EXPECT_EQ(UMBRA_MAP_SMALL, self->w.kind);
	EXPECT_EQ(0x34567000u, self->w.va_base);
	EXPECT_EQ(0x1000u, self->w.size);
	EXPECT_EQ(3u, self->w.domain);
	EXPECT_TRUE(self->w.global);
	EXPECT_EQ(RWX, self->w.pl1);
	EXPECT_EQ(RWX, self->w.pl0);
	ASSERT_EQ(0, WALK(0x34567000));
	EXPECT_EQ(0x11223000u, self->w.ipa);
	ASSERT_EQ(0, WALK(0x34567fff));
	EXPECT_EQ(0x11223fffu, self->w.ipa);
	/* Neighbouring second-level entries are invalid. */
	EXPECT_EQ(-EFAULT, WALK(0x34566fff));
	EXPECT_EQ(L2_A + 0x66 * 4, self->ram.last);
	EXPECT_EQ(-EFAULT, WALK(0x34568000));
}

TEST_F(walk, small_page_xn_ng)
{
	l1_set(&self->ram, L1_TTBR0, 0x34500000, L2_A | DOM(3) | TABLE);
	/* Type 0b11: small page with XN */
	l2_set(&self->ram, L2_A, 0x34567000,
	       0x11223000 | P_AP(3) | SMALL | SMALL_XN | PAGE_NG);
	ASSERT_EQ(0, WALK(0x34567000));
	EXPECT_EQ(UMBRA_MAP_SMALL, self->w.kind);
	EXPECT_EQ(0x11223000u, self->w.ipa);
	EXPECT_FALSE(self->w.global);
	EXPECT_EQ(RW, self->w.pl1);
	EXPECT_EQ(RW, self->w.pl0);
	EXPECT_EQ(0x03fu, ACC(true, X));
	EXPECT_EQ(0u, ACC(true, RW));
}

/* Section at @va mapping to IPA @pa, in the table at @table */
static void map_section(struct fake_ram *ram, u32 table, u32 va, u32 pa)
{
	poke(ram, table, 0);
	l1_set(ram, table, va, pa | S_AP(3) | SECT);
}

TEST_F(walk, ttbcr_n0_always_ttbr0)
{
	map_section(&self->ram, L1_TTBR0, 0xfff00000, 0x00100000);
	self->regs.ttbr1 = OUTSIDE;
	self->regs.ttbcr = TTBCR_PD1;
	ASSERT_EQ(0, WALK(0xffffffff));
	EXPECT_EQ(L1_TTBR0 + 0xfff * 4, self->ram.last);
	EXPECT_EQ(0x001fffffu, self->w.ipa);
}

TEST_F(walk, ttbcr_n1)
{
	/* Low TTBR bits are walk attributes (IRGN, S, RGN, NOS). */
	self->regs.ttbr0 = L1_N1 | 0x5b;
	self->regs.ttbr1 = L1_TTBR1 | 0x3a;
	self->regs.ttbcr = 1;
	l1_set(&self->ram, L1_N1, 0x7ff00000, 0x00a00000 | S_AP(3) | SECT);
	l1_set(&self->ram, L1_TTBR1, 0x80000000, 0x00b00000 | S_AP(3) | SECT);
	ASSERT_EQ(0, WALK(0x7fffffff));
	EXPECT_EQ(0x4000bffcu, self->ram.last);
	EXPECT_EQ(0x00afffffu, self->w.ipa);
	ASSERT_EQ(0, WALK(0x80000000));
	EXPECT_EQ(0x40006000u, self->ram.last);	/* index VA[31:20] */
	EXPECT_EQ(0x00b00000u, self->w.ipa);
}

TEST_F(walk, ttbcr_n2)
{
	self->regs.ttbr0 = L1_N2 | 0x7f;
	self->regs.ttbcr = 2;
	l1_set(&self->ram, L1_N2, 0x3ff00000, 0x00c00000 | S_AP(3) | SECT);
	l1_set(&self->ram, L1_TTBR1, 0x40000000, 0x00d00000 | S_AP(3) | SECT);
	ASSERT_EQ(0, WALK(0x3fffffff));
	EXPECT_EQ(L1_N2 + 0x3ff * 4, self->ram.last);
	EXPECT_EQ(0x00cfffffu, self->w.ipa);
	ASSERT_EQ(0, WALK(0x40000000));
	EXPECT_EQ(L1_TTBR1 + 0x400 * 4, self->ram.last);
	EXPECT_EQ(0x00d00000u, self->w.ipa);
	EXPECT_EQ(-EFAULT, WALK(0x00000000));
	EXPECT_EQ(L1_N2, self->ram.last);
}

TEST_F(walk, ttbcr_n7)
{
	self->regs.ttbr0 = L1_N7 | 0x7f;
	self->regs.ttbr1 = L1_TTBR1 | 0x3fff;
	self->regs.ttbcr = 7;
	l1_set(&self->ram, L1_N7, 0x01f00000, 0x00e00000 | S_AP(3) | SECT);
	l1_set(&self->ram, L1_TTBR1, 0x02000000, 0x00f00000 | S_AP(3) | SECT);
	ASSERT_EQ(0, WALK(0x01ffffff));
	EXPECT_EQ(L1_N7 + 0x1f * 4, self->ram.last);
	EXPECT_EQ(0x00efffffu, self->w.ipa);
	ASSERT_EQ(0, WALK(0x02000000));
	EXPECT_EQ(L1_TTBR1 + 0x020 * 4, self->ram.last);
	EXPECT_EQ(0x00f00000u, self->w.ipa);
	EXPECT_EQ(-EFAULT, WALK(0xffffffff));
	EXPECT_EQ(L1_TTBR1 + 0xfff * 4, self->ram.last);
}

TEST_F(walk, pd0_pd1)
{
	self->regs.ttbcr = 2 | TTBCR_PD0;
	self->regs.ttbr0 = L1_N2;
	l1_set(&self->ram, L1_N2, 0x3ff00000, 0x00c00000 | S_AP(3) | SECT);
	l1_set(&self->ram, L1_TTBR1, 0x40000000, 0x00d00000 | S_AP(3) | SECT);
	EXPECT_EQ(-EFAULT, WALK(0x3fffffff));
	EXPECT_EQ(0x005u, self->w.fsr);
	EXPECT_EQ(0, self->ram.reads);
	ASSERT_EQ(0, WALK(0x40000000));
	EXPECT_EQ(0x00d00000u, self->w.ipa);

	self->ram.reads = 0;
	self->regs.ttbcr = 2 | TTBCR_PD1;
	EXPECT_EQ(-EFAULT, WALK(0x40000000));
	EXPECT_EQ(0x005u, self->w.fsr);
	EXPECT_EQ(0, self->ram.reads);
	ASSERT_EQ(0, WALK(0x3fffffff));
	EXPECT_EQ(0x00cfffffu, self->w.ipa);
}

TEST_F(walk, l1_translation_fault)
{
	/* Invalid descriptor with domain bits set: domain still 0. */
	l1_set(&self->ram, L1_TTBR0, 0x00300000, 0x00300000 | DOM(7) |
	       S_AP(3));
	EXPECT_EQ(-EFAULT, WALK(0x00300000));
	EXPECT_EQ(0x005u, self->w.fsr);
	EXPECT_EQ(1, self->ram.reads);
}

TEST_F(walk, l1_reserved_type)
{
	/* 0b11 is reserved in umbra's model (no PXN on sections) */
	l1_set(&self->ram, L1_TTBR0, 0x00300000, 0x00300000 | DOM(7) |
	       S_AP(3) | 0x3);
	EXPECT_EQ(-EFAULT, WALK(0x00300000));
	EXPECT_EQ(0x005u, self->w.fsr);
	EXPECT_EQ(1, self->ram.reads);
}

TEST_F(walk, l2_translation_fault)
{
	l1_set(&self->ram, L1_TTBR0, 0x00300000, L2_B | DOM(9) | TABLE);
	EXPECT_EQ(-EFAULT, WALK(0x00345678));
	EXPECT_EQ(0x097u, self->w.fsr);
	EXPECT_EQ(L2_B + 0x45 * 4, self->ram.last);
}

TEST_F(walk, external_abort_l1)
{
	self->regs.ttbr0 = OUTSIDE;
	EXPECT_EQ(-EFAULT, WALK(0x00300000));
	EXPECT_EQ(0x00cu, self->w.fsr);
	EXPECT_EQ(OUTSIDE + 0x3 * 4, self->ram.last);

	self->regs.ttbcr = 1;
	self->regs.ttbr0 = L1_TTBR0;
	self->regs.ttbr1 = OUTSIDE;
	EXPECT_EQ(-EFAULT, WALK(0x80100000));
	EXPECT_EQ(0x00cu, self->w.fsr);
	EXPECT_EQ(OUTSIDE + 0x801 * 4, self->ram.last);
}

TEST_F(walk, external_abort_l2)
{
	/* The domain is valid for a second-level walk abort (B3-23). */
	l1_set(&self->ram, L1_TTBR0, 0x00300000, OUTSIDE | DOM(6) | TABLE);
	EXPECT_EQ(-EFAULT, WALK(0x003ff000));
	EXPECT_EQ(0x06eu, self->w.fsr);
	EXPECT_EQ(0u, self->w.fsr & (1u << 12));
	EXPECT_EQ(OUTSIDE + 0xff * 4, self->ram.last);
}

/* AP[2:0] with AFE == 0 (Table B3-8): { PL1, PL0 } before X */
static const u32 full_model[8][2] = {
	{ 0, 0 }, { RW, 0 }, { RW, R }, { RW, RW },
	{ 0, 0 }, { R, 0 }, { R, R }, { R, R },
};

TEST_F(walk, ap_full_model)
{
	u32 ap;

	l1_set(&self->ram, L1_TTBR0, 0x00400000, L2_A | DOM(2) | TABLE);
	for (ap = 0; ap < 8; ap++) {
		u32 pl1 = full_model[ap][0], pl0 = full_model[ap][1];

		/* Section in domain 4 */
		l1_set(&self->ram, L1_TTBR0, 0x00300000,
		       0x00300000 | DOM(4) | S_AP(ap) | SECT);
		ASSERT_EQ(0, WALK(0x00300000));
		EXPECT_EQ(pl1 | (pl1 ? X : 0), self->w.pl1) TH_LOG("ap %u", ap);
		EXPECT_EQ(pl0 | (pl0 ? X : 0), self->w.pl0) TH_LOG("ap %u", ap);
		EXPECT_EQ((pl1 & R) ? 0u : 0x04du, ACC(true, R));
		EXPECT_EQ((pl1 & W) ? 0u : 0x04du, ACC(true, W));
		EXPECT_EQ((pl0 & R) ? 0u : 0x04du, ACC(false, R));
		EXPECT_EQ((pl0 & W) ? 0u : 0x04du, ACC(false, W));

		/* Small page in domain 2 */
		l2_set(&self->ram, L2_A, 0x00400000,
		       0x00400000 | P_AP(ap) | SMALL);
		ASSERT_EQ(0, WALK(0x00400000));
		EXPECT_EQ(pl1 | (pl1 ? X : 0), self->w.pl1) TH_LOG("ap %u", ap);
		EXPECT_EQ(pl0 | (pl0 ? X : 0), self->w.pl0) TH_LOG("ap %u", ap);
		EXPECT_EQ((pl1 & W) ? 0u : 0x02fu, ACC(true, W));
		EXPECT_EQ((pl0 & R) ? 0u : 0x02fu, ACC(false, R));
		EXPECT_EQ((pl0 & W) ? 0u : 0x02fu, ACC(false, W));
		EXPECT_EQ((pl0 & R) ? 0u : 0x02fu, ACC(false, X));
	}
}

TEST_F(walk, ap_simplified_model)
{
	/* AP[2:1] (Table B3-9): { PL1, PL0 } before X */
	static const u32 simple[4][2] = {
		{ RW, 0 }, { RW, RW }, { R, 0 }, { R, R },
	};
	u32 ap21;

	self->regs.sctlr = SCTLR_M | SCTLR_AFE;
	l1_set(&self->ram, L1_TTBR0, 0x00400000, L2_A | DOM(2) | TABLE);
	for (ap21 = 0; ap21 < 4; ap21++) {
		u32 ap = ap21 << 1 | 1;	/* AF set */

		l1_set(&self->ram, L1_TTBR0, 0x00300000,
		       0x00300000 | DOM(4) | S_AP(ap) | SECT);
		ASSERT_EQ(0, WALK(0x00300000));
		EXPECT_EQ(simple[ap21][0] | X, self->w.pl1);
		EXPECT_EQ(simple[ap21][1] | (simple[ap21][1] ? X : 0),
			  self->w.pl0) TH_LOG("ap[2:1] %u", ap21);
		EXPECT_EQ((simple[ap21][0] & W) ? 0u : 0x04du, ACC(true, W));

		l2_set(&self->ram, L2_A, 0x00400000,
		       0x00400000 | P_AP(ap) | SMALL);
		ASSERT_EQ(0, WALK(0x00400000));
		EXPECT_EQ(simple[ap21][0] | X, self->w.pl1);
		EXPECT_EQ(simple[ap21][1] | (simple[ap21][1] ? X : 0),
			  self->w.pl0) TH_LOG("ap[2:1] %u", ap21);
		EXPECT_EQ((simple[ap21][1] & R) ? 0u : 0x02fu, ACC(false, R));

		/* The same with AF clear: Access flag faults */
		l1_set(&self->ram, L1_TTBR0, 0x00300000,
		       0x00300000 | DOM(4) | S_AP(ap & 6) | SECT);
		EXPECT_EQ(-EFAULT, WALK(0x00300000));
		EXPECT_EQ(0x043u, self->w.fsr);
		l2_set(&self->ram, L2_A, 0x00400000,
		       0x00400000 | P_AP(ap & 6) | SMALL);
		EXPECT_EQ(-EFAULT, WALK(0x00400000));
		EXPECT_EQ(0x026u, self->w.fsr);
	}
}

TEST_F(walk, access_flag_fault_kinds)
{
	u32 va;

	self->regs.sctlr = SCTLR_M | SCTLR_AFE;
	/* Large page, AF clear, domain 13 */
	l1_set(&self->ram, L1_TTBR0, 0x00400000, L2_A | DOM(13) | TABLE);
	for (va = 0x00410000; va < 0x00420000; va += 0x1000)
		l2_set(&self->ram, L2_A, va, 0x00410000 | P_AP(2) | LARGE);
	EXPECT_EQ(-EFAULT, WALK(0x00412345));
	EXPECT_EQ(0x0d6u, self->w.fsr);
	/* Supersection, AF clear: domain 0 */
	for (va = 0x01000000; va < 0x02000000; va += 0x00100000)
		l1_set(&self->ram, L1_TTBR0, va, 0x01000000 | DOM(9) |
		       S_AP(6) | SUPER);
	EXPECT_EQ(-EFAULT, WALK(0x01234567));
	EXPECT_EQ(0x003u, self->w.fsr);
	/* AFE == 0: AP[0] is a permission bit, not an Access flag */
	self->regs.sctlr = SCTLR_M;
	ASSERT_EQ(0, WALK(0x01234567));
	EXPECT_EQ(R | X, self->w.pl0);	/* AP 110 */
	ASSERT_EQ(0, WALK(0x00412345));
	EXPECT_EQ(RX, self->w.pl0);	/* AP 010 */
	EXPECT_EQ(RWX, self->w.pl1);
}

TEST_F(walk, dacr_types)
{
	u32 dacr_other = DACR_ALL(3);	/* every other domain manager */

	l1_set(&self->ram, L1_TTBR0, 0x00300000,
	       0x00300000 | DOM(11) | S_AP(5) | SECT | SECT_XN);
	l1_set(&self->ram, L1_TTBR0, 0x00400000,
	       L2_A | DOM(11) | TABLE | TABLE_PXN);
	l2_set(&self->ram, L2_A, 0x00400000,
	       0x00400000 | P_AP(5) | SMALL | SMALL_XN);

	/* No access: a translation, no rights, Domain faults */
	self->regs.dacr = DACR_SET(dacr_other, 11, 0);
	ASSERT_EQ(0, WALK(0x00300000));
	EXPECT_EQ(0u, self->w.pl1);
	EXPECT_EQ(0u, self->w.pl0);
	EXPECT_EQ(0x00300000u, self->w.ipa);
	EXPECT_EQ(0x0b9u, ACC(true, R));
	EXPECT_EQ(0x0b9u, ACC(false, X));
	ASSERT_EQ(0, WALK(0x00400000));
	EXPECT_EQ(0u, self->w.pl1);
	EXPECT_EQ(0x0bbu, ACC(true, R));

	/* Reserved behaves as no access */
	self->regs.dacr = DACR_SET(dacr_other, 11, 2);
	ASSERT_EQ(0, WALK(0x00300000));
	EXPECT_EQ(0u, self->w.pl1);
	EXPECT_EQ(0x0b9u, ACC(true, R));
	ASSERT_EQ(0, WALK(0x00400000));
	EXPECT_EQ(0x0bbu, ACC(false, W));

	/* Client: AP 101 is PL1 RO, XN */
	self->regs.dacr = DACR_SET(DACR_ALL(0), 11, 1);
	ASSERT_EQ(0, WALK(0x00300000));
	EXPECT_EQ(R, self->w.pl1);
	EXPECT_EQ(0u, self->w.pl0);
	EXPECT_EQ(0u, ACC(true, R));
	EXPECT_EQ(0x0bdu, ACC(true, W));
	EXPECT_EQ(0x0bdu, ACC(true, X));
	EXPECT_EQ(0x0bdu, ACC(false, R));
	ASSERT_EQ(0, WALK(0x00400000));
	EXPECT_EQ(0x0bfu, ACC(true, W));

	/* Manager: everything, XN and PXN not checked */
	self->regs.dacr = DACR_SET(DACR_ALL(0), 11, 3);
	ASSERT_EQ(0, WALK(0x00300000));
	EXPECT_EQ(RWX, self->w.pl1);
	EXPECT_EQ(RWX, self->w.pl0);
	EXPECT_EQ(0u, ACC(false, RWX));
	ASSERT_EQ(0, WALK(0x00400000));
	EXPECT_EQ(RWX, self->w.pl1);
	EXPECT_EQ(RWX, self->w.pl0);
}

TEST_F(walk, dacr_domain_field_position)
{
	u32 d;

	/* Only domain d is client; every other domain no access. */
	for (d = 0; d < 16; d++) {
		l1_set(&self->ram, L1_TTBR0, 0x00300000,
		       0x00300000 | DOM(d) | S_AP(3) | SECT);
		self->regs.dacr = DACR_SET(0, d, 1);
		ASSERT_EQ(0, WALK(0x00300000));
		EXPECT_EQ(d, self->w.domain);
		EXPECT_EQ(RWX, self->w.pl0) TH_LOG("domain %u", d);
		self->regs.dacr = DACR_SET(DACR_ALL(1), d, 0);
		ASSERT_EQ(0, WALK(0x00300000));
		EXPECT_EQ(0u, self->w.pl0) TH_LOG("domain %u", d);
		EXPECT_EQ(0x009u | d << 4, ACC(false, R));
	}
}

TEST_F(walk, xn_pxn_execute)
{
	/* Section XN: no execution at either PL */
	l1_set(&self->ram, L1_TTBR0, 0x00300000,
	       0x00300000 | DOM(1) | S_AP(3) | SECT | SECT_XN);
	ASSERT_EQ(0, WALK(0x00300000));
	EXPECT_EQ(RW, self->w.pl1);
	EXPECT_EQ(RW, self->w.pl0);
	EXPECT_EQ(0x01du, ACC(true, X));
	EXPECT_EQ(0x01du, ACC(false, X));
	EXPECT_EQ(0x01du, ACC(false, R | X));

	/* PXN on the page table: no execution at PL1 only */
	l1_set(&self->ram, L1_TTBR0, 0x00400000,
	       L2_A | DOM(1) | TABLE | TABLE_PXN);
	l2_set(&self->ram, L2_A, 0x00400000, 0x00400000 | P_AP(3) | SMALL);
	ASSERT_EQ(0, WALK(0x00400000));
	EXPECT_EQ(RW, self->w.pl1);
	EXPECT_EQ(RWX, self->w.pl0);
	EXPECT_EQ(0x01fu, ACC(true, X));
	EXPECT_EQ(0u, ACC(false, X));

	/* Bit[3] (NS) of a page table descriptor is ignored */
	l1_set(&self->ram, L1_TTBR0, 0x00400000, L2_A | DOM(1) | TABLE | 0x8);
	ASSERT_EQ(0, WALK(0x00400000));
	EXPECT_EQ(RWX, self->w.pl1);

	/* No read, no execute: AP 001 at PL0 */
	l2_set(&self->ram, L2_A, 0x00400000, 0x00400000 | P_AP(1) | SMALL);
	ASSERT_EQ(0, WALK(0x00400000));
	EXPECT_EQ(RWX, self->w.pl1);
	EXPECT_EQ(0u, self->w.pl0);
	EXPECT_EQ(0x01fu, ACC(false, X));

	/* Read-only still executes: AP 111 */
	l2_set(&self->ram, L2_A, 0x00400000, 0x00400000 | P_AP(7) | SMALL);
	ASSERT_EQ(0, WALK(0x00400000));
	EXPECT_EQ(RX, self->w.pl1);
	EXPECT_EQ(RX, self->w.pl0);
	EXPECT_EQ(0u, ACC(false, RX));
	EXPECT_EQ(0x01fu, ACC(false, RW));
}

TEST_F(walk, fault_result_values_are_literal)
{
	/* FS[4] (bit 10) is 0 for every walk fault; WnR and ExT are 0. */
	l1_set(&self->ram, L1_TTBR0, 0x00300000, L2_B | DOM(15) | TABLE);
	EXPECT_EQ(-EFAULT, WALK(0x00300000));
	EXPECT_EQ(0x0f7u, self->w.fsr);
	l2_set(&self->ram, L2_B, 0x00300000, 0x00300000 | P_AP(0) | SMALL);
	ASSERT_EQ(0, WALK(0x00300000));
	EXPECT_EQ(0x0ffu, ACC(true, R));
	self->regs.dacr = 0;
	ASSERT_EQ(0, WALK(0x00300000));
	EXPECT_EQ(0x0fbu, ACC(true, R));
	EXPECT_EQ(0u, ACC(true, 0));
}

TEST_HARNESS_MAIN
