// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the shadow page table operations (kmod/core/spt.c):
 * descriptor encoding, map / unmap / unmap_all, the forbidden range, and
 * a seeded random sequence checked against a simple model.
 */
#include <stdio.h>
#include <stdlib.h>
#include "kselftest_harness.h"
#include "core/spt.h"

#define FORBIDDEN_BASE	0xffff2000u
#define FORBIDDEN_SIZE	0x2000u
#define MAX_TABLES	64

/* Fake table memory: physical address = 0x80000000 + index * 1 KiB. */
struct fake_mem {
	u32 *tables[MAX_TABLES];
	int limit;
	int live;
	int allocs, frees;
};

static u32 *fake_alloc(void *ctx, u32 *pa)
{
	struct fake_mem *m = ctx;
	int i;

	if (m->live >= m->limit)
		return NULL;
	for (i = 0; i < MAX_TABLES; i++) {
		if (!m->tables[i]) {
			m->tables[i] = calloc(ARM_L2_ENTRIES, sizeof(u32));
			*pa = 0x80000000u + i * ARM_L2_SIZE;
			m->live++;
			m->allocs++;
			return m->tables[i];
		}
	}
	return NULL;
}

static void fake_free(void *ctx, u32 *table, u32 pa)
{
	struct fake_mem *m = ctx;
	int i = (pa - 0x80000000u) / ARM_L2_SIZE;

	if (i < 0 || i >= MAX_TABLES || m->tables[i] != table)
		abort();	/* freeing with the wrong address */
	free(table);
	m->tables[i] = NULL;
	m->live--;
	m->frees++;
}

static const struct umbra_spt_ops fake_ops = {
	.alloc_l2 = fake_alloc,
	.free_l2 = fake_free,
};

FIXTURE(spt) {
	struct fake_mem mem;
	u32 l1[ARM_L1_ENTRIES];
	struct umbra_spt spt;
};

FIXTURE_SETUP(spt)
{
	memset(&self->mem, 0, sizeof(self->mem));
	memset(self->l1, 0, sizeof(self->l1));
	self->mem.limit = MAX_TABLES;
	umbra_spt_init(&self->spt, self->l1, 0x90000000u, FORBIDDEN_BASE,
		       FORBIDDEN_SIZE, &fake_ops, &self->mem);
	ASSERT_EQ(0, umbra_spt_map(&self->spt, FORBIDDEN_BASE, 0x1000,
				   UMBRA_SPT_MONITOR | UMBRA_SPT_EXEC));
	ASSERT_EQ(0, umbra_spt_map(&self->spt, FORBIDDEN_BASE + 0x1000,
				   0x2000,
				   UMBRA_SPT_MONITOR | UMBRA_SPT_WRITE));
}

FIXTURE_TEARDOWN(spt)
{
	umbra_spt_destroy(&self->spt);
	EXPECT_EQ(0, self->mem.live);
	EXPECT_EQ(self->mem.allocs, self->mem.frees);
}

TEST(descriptor_encoding)
{
	/* B3.5.1 small page; AP per B3.7.1 with AFE == 0 */
	u32 d = umbra_spt_l2_desc(0x12345000,
				  UMBRA_SPT_USER | UMBRA_SPT_WRITE);

	EXPECT_EQ(0x12345000u, d & ARM_L2_ADDR_MASK);
	EXPECT_TRUE(d & ARM_L2_SMALL);
	EXPECT_EQ(ARM_L2_AP_RW, d & ARM_L2_AP_MASK);
	EXPECT_TRUE(d & ARM_L2_XN);
	EXPECT_TRUE(d & ARM_L2_NG);
	EXPECT_EQ(ARM_L2_MT_NORMAL_WBWA,
		  d & (ARM_L2_TEX0 | ARM_L2_C | ARM_L2_B));
	EXPECT_FALSE(d & ARM_L2_S);

	d = umbra_spt_l2_desc(0x1000, UMBRA_SPT_USER | UMBRA_SPT_EXEC |
			      UMBRA_SPT_SHARED);
	EXPECT_EQ(ARM_L2_AP_RO, d & ARM_L2_AP_MASK);
	EXPECT_FALSE(d & ARM_L2_XN);
	EXPECT_TRUE(d & ARM_L2_S);

	d = umbra_spt_l2_desc(0x1000, UMBRA_SPT_MONITOR | UMBRA_SPT_EXEC);
	EXPECT_EQ(ARM_L2_AP_PRIV_RO, d & ARM_L2_AP_MASK);
	d = umbra_spt_l2_desc(0x1000, UMBRA_SPT_MONITOR | UMBRA_SPT_WRITE);
	EXPECT_EQ(ARM_L2_AP_PRIV_RW, d & ARM_L2_AP_MASK);
	/* AP[1] is the PL0 access bit: never set for the monitor. */
	EXPECT_FALSE(d & ARM_L2_AP1);

	/* Device memory (B3.8.2): shareable Device, XN even if asked */
	d = umbra_spt_l2_desc(0x09010000, UMBRA_SPT_USER | UMBRA_SPT_WRITE |
			      UMBRA_SPT_EXEC | UMBRA_SPT_DEVICE);
	EXPECT_EQ(0x09010000u, d & ARM_L2_ADDR_MASK);
	EXPECT_EQ(ARM_L2_AP_RW, d & ARM_L2_AP_MASK);
	EXPECT_EQ(ARM_L2_MT_DEVICE, d & ARM_L2_MT_MASK);
	EXPECT_TRUE(d & ARM_L2_S);
	EXPECT_TRUE(d & ARM_L2_XN);
	EXPECT_TRUE(d & ARM_L2_NG);
}

TEST_F(spt, forbidden_range_is_monitor_only)
{
	u32 desc;

	EXPECT_EQ(-EPERM, umbra_spt_map(&self->spt, FORBIDDEN_BASE, 0x5000,
					UMBRA_SPT_USER | UMBRA_SPT_WRITE));
	EXPECT_EQ(-EPERM, umbra_spt_map(&self->spt, FORBIDDEN_BASE + 0x1ffc,
					0x5000, UMBRA_SPT_USER));
	EXPECT_EQ(-EPERM, umbra_spt_map(&self->spt, 0x40000000, 0x5000,
					UMBRA_SPT_MONITOR));
	EXPECT_EQ(-EPERM, umbra_spt_map(&self->spt, FORBIDDEN_BASE, 0x5000,
					UMBRA_SPT_MONITOR | UMBRA_SPT_USER));
	/* The pages around it are ordinary guest pages. */
	EXPECT_EQ(0, umbra_spt_map(&self->spt, FORBIDDEN_BASE - 0x1000,
				   0x5000, UMBRA_SPT_USER));
	EXPECT_EQ(0, umbra_spt_map(&self->spt, FORBIDDEN_BASE + 0x2000,
				   0x6000, UMBRA_SPT_USER));
	ASSERT_TRUE(umbra_spt_lookup(&self->spt, FORBIDDEN_BASE, &desc));
	EXPECT_EQ(0x1000u, desc & ARM_L2_ADDR_MASK);
	EXPECT_EQ(ARM_L2_AP_PRIV_RO, desc & ARM_L2_AP_MASK);
	umbra_spt_unmap(&self->spt, FORBIDDEN_BASE);
	EXPECT_TRUE(umbra_spt_lookup(&self->spt, FORBIDDEN_BASE, &desc));
}

TEST_F(spt, map_unmap)
{
	u32 desc;

	EXPECT_FALSE(umbra_spt_lookup(&self->spt, 0x40000000, &desc));
	ASSERT_EQ(0, umbra_spt_map(&self->spt, 0x40000123, 0x7000,
				   UMBRA_SPT_USER | UMBRA_SPT_WRITE));
	ASSERT_TRUE(umbra_spt_lookup(&self->spt, 0x40000fff, &desc));
	EXPECT_EQ(0x7000u, desc & ARM_L2_ADDR_MASK);
	EXPECT_FALSE(umbra_spt_lookup(&self->spt, 0x40001000, &desc));
	/* one L2 for the forbidden section, one for 0x400xxxxx */
	EXPECT_EQ(2u, self->spt.nr_l2);
	EXPECT_EQ(ARM_L1_TYPE_TABLE,
		  self->l1[0x400] & ARM_L1_TYPE_MASK);
	EXPECT_EQ(0u, self->l1[0x400] & ARM_L1_DOMAIN_MASK);
	umbra_spt_unmap(&self->spt, 0x40000000);
	EXPECT_FALSE(umbra_spt_lookup(&self->spt, 0x40000000, &desc));
}

TEST_F(spt, unmap_all_keeps_only_forbidden)
{
	u32 va, desc;

	for (va = 0x40000000; va < 0x40800000; va += 0x10000)
		ASSERT_EQ(0, umbra_spt_map(&self->spt, va, va,
					   UMBRA_SPT_USER));
	ASSERT_EQ(0, umbra_spt_map(&self->spt, 0xfff00000, 0x1000,
				   UMBRA_SPT_USER));
	umbra_spt_unmap_all(&self->spt);
	EXPECT_EQ(1u, self->spt.nr_l2);
	EXPECT_EQ(1, self->mem.live);
	for (va = 0; va < 0xfffff000u; va += 0x1000) {
		bool mapped = umbra_spt_lookup(&self->spt, va, &desc);

		if (va - FORBIDDEN_BASE < FORBIDDEN_SIZE) {
			ASSERT_TRUE(mapped);
		} else {
			ASSERT_FALSE(mapped);
		}
	}
}

/* TLBIMVA anywhere in a guest supersection drops what came from it. */
TEST_F(spt, unmap_va_supersection)
{
	u32 desc;

	ASSERT_EQ(0, umbra_spt_map(&self->spt, 0x41000000, 0x1000,
				   UMBRA_SPT_USER));
	umbra_spt_note_extent(&self->spt, 0x41000000, 24);
	ASSERT_EQ(0, umbra_spt_map(&self->spt, 0x41234000, 0x2000,
				   UMBRA_SPT_USER));
	umbra_spt_note_extent(&self->spt, 0x41234000, 24);
	/* an address of the same supersection in an untouched megabyte */
	umbra_spt_unmap_va(&self->spt, 0x41f00000);
	EXPECT_FALSE(umbra_spt_lookup(&self->spt, 0x41000000, &desc));
	EXPECT_FALSE(umbra_spt_lookup(&self->spt, 0x41234000, &desc));
}

/* A section's extent stays in its megabyte. */
TEST_F(spt, unmap_va_section)
{
	u32 desc;

	ASSERT_EQ(0, umbra_spt_map(&self->spt, 0x40000000, 0x1000,
				   UMBRA_SPT_USER));
	umbra_spt_note_extent(&self->spt, 0x40000000, 20);
	ASSERT_EQ(0, umbra_spt_map(&self->spt, 0x40100000, 0x2000,
				   UMBRA_SPT_USER));
	umbra_spt_note_extent(&self->spt, 0x40100000, 12);
	umbra_spt_unmap_va(&self->spt, 0x400ff000);
	EXPECT_FALSE(umbra_spt_lookup(&self->spt, 0x40000000, &desc));
	EXPECT_TRUE(umbra_spt_lookup(&self->spt, 0x40100000, &desc));
	umbra_spt_unmap_va(&self->spt, 0x40101000);	/* another page */
	EXPECT_TRUE(umbra_spt_lookup(&self->spt, 0x40100000, &desc));
	umbra_spt_unmap_va(&self->spt, 0x40100000);
	EXPECT_FALSE(umbra_spt_lookup(&self->spt, 0x40100000, &desc));
}

/* A range that starts mid-megabyte still reaches the next megabyte. */
TEST_F(spt, unmap_range_unaligned_start)
{
	u32 desc;

	ASSERT_EQ(0, umbra_spt_map(&self->spt, 0x00100000, 0x1000,
				   UMBRA_SPT_USER));
	umbra_spt_unmap_range(&self->spt, 0x00080000, 0x00100000);
	EXPECT_FALSE(umbra_spt_lookup(&self->spt, 0x00100000, &desc));
}

TEST_F(spt, out_of_table_memory)
{
	self->mem.limit = self->mem.live;	/* nothing more */
	EXPECT_EQ(-ENOMEM, umbra_spt_map(&self->spt, 0x40000000, 0x1000,
					 UMBRA_SPT_USER));
	/* the forbidden section's table already exists */
	EXPECT_EQ(0, umbra_spt_map(&self->spt, 0xfff00000, 0x1000,
				   UMBRA_SPT_USER));
}

/* Every L1 entry agrees with the L2 pointer array and the allocator. */
static bool spt_consistent(const struct umbra_spt *spt,
			   const struct fake_mem *mem)
{
	unsigned int idx, n = 0;

	for (idx = 0; idx < ARM_L1_ENTRIES; idx++) {
		u32 e = spt->l1[idx];

		if (!spt->l2[idx]) {
			if (e)
				return false;
			continue;
		}
		n++;
		if ((e & ARM_L1_TYPE_MASK) != ARM_L1_TYPE_TABLE)
			return false;
		if (mem->tables[((e & ARM_L1_TABLE_ADDR_MASK) - 0x80000000u) /
				ARM_L2_SIZE] != spt->l2[idx])
			return false;
	}
	return n == spt->nr_l2 && (int)n == mem->live;
}

#define MODEL_PAGES	64

/* 200,000 steps: a few seconds, more on a loaded machine */
TEST_F_TIMEOUT(spt, random_against_model, 300)
{
	/* A handful of sections, so tables are shared and freed. */
	static const u32 base[4] = { 0x00000000, 0x40000000, 0xbff00000,
				     0xfff00000 };
	u32 model[4][MODEL_PAGES] = { { 0 } };
	unsigned int seed = getenv("UMBRA_SEED") ?
			    atoi(getenv("UMBRA_SEED")) : 20261121;
	unsigned long step;

	TH_LOG("seed %u (set UMBRA_SEED to reproduce)", seed);
	srand(seed);
	for (step = 0; step < 200000; step++) {
		int op = rand() % 100, s = rand() % 4, p = rand() % MODEL_PAGES;
		u32 va = base[s] + p * 0x1000, desc;
		u32 flags = UMBRA_SPT_USER | (rand() & 1 ? UMBRA_SPT_WRITE : 0);
		bool forbidden = va - FORBIDDEN_BASE < FORBIDDEN_SIZE;

		if (op < 60) {
			u32 pa = (u32)(rand() & 0xfffff) << 12;
			int ret = umbra_spt_map(&self->spt, va, pa, flags);

			ASSERT_EQ(forbidden ? -EPERM : 0, ret);
			if (!ret)
				model[s][p] = umbra_spt_l2_desc(pa, flags);
		} else if (op < 98) {
			umbra_spt_unmap(&self->spt, va);
			if (!forbidden)
				model[s][p] = 0;
		} else {
			umbra_spt_unmap_all(&self->spt);
			memset(model, 0, sizeof(model));
		}
		ASSERT_TRUE(spt_consistent(&self->spt, &self->mem));
		/* The whole model window, every step. */
		for (s = 0; s < 4; s++) {
			for (p = 0; p < MODEL_PAGES; p++) {
				va = base[s] + p * 0x1000;
				if (va - FORBIDDEN_BASE < FORBIDDEN_SIZE) {
					ASSERT_TRUE(umbra_spt_lookup(
						&self->spt, va, &desc));
					ASSERT_FALSE(desc & ARM_L2_AP1);
					continue;
				}
				if (!model[s][p]) {
					ASSERT_FALSE(umbra_spt_lookup(
						&self->spt, va, &desc));
				} else {
					ASSERT_TRUE(umbra_spt_lookup(
						&self->spt, va, &desc));
					ASSERT_EQ(model[s][p], desc);
				}
			}
		}
	}
}

TEST_HARNESS_MAIN
