// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the per-VM SPT pool (kmod/core/pool.c): argument
 * checking, first- and second-level slot allocation, zeroing, refused
 * frees, the physical-address queries the checker relies on, and a pool
 * serving an SPT through umbra_pool_spt_ops.
 */
#include <stdio.h>
#include <stdlib.h>
#include "kselftest_harness.h"
#include "core/pool.h"

#define NR_L1		3
#define NR_PAGES	4
#define L1_PA(i)	(0x40000000u + (i) * ARM_L1_SIZE)
/* the pages follow the first-level slots without a gap */
#define PAGE_PA(i)	(0x4000c000u + (i) * ARM_PAGE_SIZE)
#define FORBIDDEN_BASE	0xffff2000u
#define FORBIDDEN_SIZE	0x2000u

FIXTURE(pool) {
	struct umbra_pool_mem l1[NR_L1];
	struct umbra_pool_mem pages[NR_PAGES];
	struct umbra_pool pool;
	unsigned int syncs;
	size_t synced;
};

static void count_sync(void *ctx, u32 *entry, size_t bytes)
{
	FIXTURE_DATA(pool) *self = ctx;

	self->syncs++;
	self->synced += bytes;
}

static void fill(u32 *p, size_t bytes)
{
	memset(p, 0xa5, bytes);
}

static bool zero(const u32 *p, size_t bytes)
{
	size_t i;

	for (i = 0; i < bytes / 4; i++)
		if (p[i])
			return false;
	return true;
}

FIXTURE_SETUP(pool)
{
	int i;

	self->syncs = 0;
	self->synced = 0;
	for (i = 0; i < NR_L1; i++) {
		self->l1[i].cpu = aligned_alloc(ARM_L1_SIZE, ARM_L1_SIZE);
		ASSERT_NE(NULL, self->l1[i].cpu);
		fill(self->l1[i].cpu, ARM_L1_SIZE);	/* dirty memory */
		self->l1[i].pa = L1_PA(i);
	}
	for (i = 0; i < NR_PAGES; i++) {
		self->pages[i].cpu = aligned_alloc(ARM_PAGE_SIZE,
						   ARM_PAGE_SIZE);
		ASSERT_NE(NULL, self->pages[i].cpu);
		fill(self->pages[i].cpu, ARM_PAGE_SIZE);
		/* given in reverse order: init sorts them */
		self->pages[i].pa = PAGE_PA(NR_PAGES - 1 - i);
	}
	ASSERT_EQ(0, umbra_pool_init(&self->pool, self->l1, NR_L1,
				     self->pages, NR_PAGES, count_sync, self));
}

FIXTURE_TEARDOWN(pool)
{
	int i;

	for (i = 0; i < NR_L1; i++)
		free(self->l1[i].cpu);
	for (i = 0; i < NR_PAGES; i++)
		free(self->pages[i].cpu);
}

TEST_F(pool, init_zeroes_everything)
{
	int i;

	for (i = 0; i < NR_L1; i++)
		EXPECT_TRUE(zero(self->l1[i].cpu, ARM_L1_SIZE));
	for (i = 0; i < NR_PAGES; i++)
		EXPECT_TRUE(zero(self->pages[i].cpu, ARM_PAGE_SIZE));
	EXPECT_EQ((size_t)NR_L1 * ARM_L1_SIZE + NR_PAGES * ARM_PAGE_SIZE,
		  self->synced);
	EXPECT_EQ(NR_L1, umbra_pool_nr_l1(&self->pool));
	EXPECT_EQ(NR_PAGES * 4, umbra_pool_nr_l2(&self->pool));
	EXPECT_EQ(NR_L1, umbra_pool_nr_l1_free(&self->pool));
	EXPECT_EQ(NR_PAGES * 4, umbra_pool_nr_l2_free(&self->pool));
	EXPECT_EQ(0, umbra_pool_bad_frees(&self->pool));
}

TEST_F(pool, init_rejects_bad_memory)
{
	struct umbra_pool p;
	struct umbra_pool_mem l1 = self->l1[0], pg[2];

	/* 16 KiB alignment of first-level slots (TTBR0, B4.1.154) */
	l1.pa = 0x40001000u;
	EXPECT_EQ(-EINVAL, umbra_pool_init(&p, &l1, 1, NULL, 0, NULL, NULL));
	l1.pa = L1_PA(0);
	l1.cpu = NULL;
	EXPECT_EQ(-EINVAL, umbra_pool_init(&p, &l1, 1, NULL, 0, NULL, NULL));
	/* the last slot below 4 GiB is fine */
	l1 = self->l1[0];
	l1.pa = 0xffffc000u;
	EXPECT_EQ(0, umbra_pool_init(&p, &l1, 1, NULL, 0, NULL, NULL));
	pg[0] = self->pages[0];
	pg[0].pa = 0x1234u;
	EXPECT_EQ(-EINVAL, umbra_pool_init(&p, NULL, 0, pg, 1, NULL, NULL));
	/* overlaps: page inside a first-level slot, twice the same page */
	pg[0].pa = L1_PA(0) + 0x3000u;
	EXPECT_EQ(-EINVAL, umbra_pool_init(&p, self->l1, 1, pg, 1, NULL,
					   NULL));
	pg[0].pa = PAGE_PA(0);
	pg[1] = self->pages[1];
	pg[1].pa = PAGE_PA(0);
	EXPECT_EQ(-EINVAL, umbra_pool_init(&p, NULL, 0, pg, 2, NULL, NULL));
	/* adjacent is fine */
	pg[1].pa = PAGE_PA(0) + ARM_PAGE_SIZE;
	EXPECT_EQ(0, umbra_pool_init(&p, NULL, 0, pg, 2, NULL, NULL));
	/* too many */
	EXPECT_EQ(-EINVAL, umbra_pool_init(&p, self->l1,
					   UMBRA_POOL_MAX_L1 + 1, NULL, 0,
					   NULL, NULL));
	EXPECT_EQ(-EINVAL, umbra_pool_init(&p, NULL, 0, self->pages,
					   UMBRA_POOL_MAX_L2_PAGES + 1, NULL,
					   NULL));
}

TEST_F(pool, l1_slots)
{
	u32 *t[NR_L1], pa[NR_L1], extra_pa = 0;
	int i, j;

	for (i = 0; i < NR_L1; i++) {
		t[i] = umbra_pool_alloc_l1(&self->pool, &pa[i]);
		ASSERT_NE(NULL, t[i]);
		EXPECT_EQ(0u, pa[i] & (ARM_L1_SIZE - 1));
		EXPECT_FALSE(umbra_pool_l1_is_free(&self->pool, i));
		for (j = 0; j < i; j++)
			EXPECT_NE(pa[j], pa[i]);
	}
	EXPECT_EQ(NULL, umbra_pool_alloc_l1(&self->pool, &extra_pa));
	EXPECT_EQ(0, umbra_pool_nr_l1_free(&self->pool));

	t[1][7] = 0x12345601u;
	umbra_pool_free_l1(&self->pool, t[1], pa[1]);
	EXPECT_TRUE(zero(t[1], ARM_L1_SIZE));	/* zeroed on free */
	EXPECT_EQ(1, umbra_pool_nr_l1_free(&self->pool));
	/* a double free is refused and counted */
	umbra_pool_free_l1(&self->pool, t[1], pa[1]);
	EXPECT_EQ(1, umbra_pool_bad_frees(&self->pool));
	EXPECT_EQ(1, umbra_pool_nr_l1_free(&self->pool));
	/* so is a mismatched pointer */
	umbra_pool_free_l1(&self->pool, t[0], pa[2]);
	EXPECT_EQ(2, umbra_pool_bad_frees(&self->pool));
	EXPECT_FALSE(umbra_pool_l1_is_free(&self->pool, 0));

	EXPECT_EQ(t[1], umbra_pool_alloc_l1(&self->pool, &extra_pa));
	EXPECT_EQ(pa[1], extra_pa);
	EXPECT_FALSE(umbra_pool_l1_is_free(&self->pool, NR_L1)); /* range */
	EXPECT_EQ(NULL, umbra_pool_l1_slot(&self->pool, NR_L1, &extra_pa));
}

TEST_F(pool, l2_slots_four_per_page)
{
	u32 *t[NR_PAGES * 4], pa[NR_PAGES * 4], spa;
	int i, j, n = NR_PAGES * 4;

	for (i = 0; i < n; i++) {
		t[i] = umbra_pool_alloc_l2(&self->pool, &pa[i]);
		ASSERT_NE(NULL, t[i]);
		EXPECT_EQ(0u, pa[i] & (ARM_L2_SIZE - 1));
		EXPECT_TRUE(zero(t[i], ARM_L2_SIZE));
		EXPECT_TRUE(umbra_pool_contains(&self->pool, pa[i],
						ARM_L2_SIZE));
		for (j = 0; j < i; j++) {
			EXPECT_NE(pa[j], pa[i]);
			EXPECT_NE(t[j], t[i]);
		}
	}
	EXPECT_EQ(NULL, umbra_pool_alloc_l2(&self->pool, &spa));
	EXPECT_EQ(0, umbra_pool_nr_l2_free(&self->pool));

	/* every slot: CPU and physical addresses agree with the pages */
	for (i = 0; i < n; i++) {
		struct umbra_pool_slot slot;
		u32 *cpu;

		ASSERT_TRUE(umbra_pool_find(&self->pool, pa[i], &slot));
		EXPECT_EQ(UMBRA_POOL_L2, slot.kind);
		EXPECT_EQ(pa[i], slot.pa);
		cpu = umbra_pool_l2_slot(&self->pool, slot.index, &spa);
		EXPECT_EQ(t[i], cpu);
		EXPECT_EQ(pa[i], spa);
	}

	/*
	 * Free zeroes. Next fit: the search resumes after the last slot
	 * handed out (slot n - 1, so from slot 0), and then after slot 2.
	 */
	t[5][3] = 0xdeadbeefu;
	umbra_pool_free_l2(&self->pool, t[5], pa[5]);
	EXPECT_TRUE(zero(t[5], ARM_L2_SIZE));
	EXPECT_TRUE(umbra_pool_l2_is_free(&self->pool, 5));
	umbra_pool_free_l2(&self->pool, t[2], pa[2]);
	EXPECT_EQ(2, umbra_pool_nr_l2_free(&self->pool));
	EXPECT_EQ(0, umbra_pool_bad_frees(&self->pool));
	EXPECT_EQ(t[2], umbra_pool_alloc_l2(&self->pool, &spa));
	EXPECT_EQ(pa[2], spa);
	EXPECT_EQ(t[5], umbra_pool_alloc_l2(&self->pool, &spa));
	EXPECT_EQ(pa[5], spa);
	EXPECT_EQ(NULL, umbra_pool_alloc_l2(&self->pool, &spa));
	EXPECT_FALSE(umbra_pool_l2_is_free(&self->pool, n));	/* range */
}

TEST_F(pool, l2_refused_frees)
{
	u32 pa, *t = umbra_pool_alloc_l2(&self->pool, &pa);
	u32 foreign[ARM_L2_ENTRIES];

	ASSERT_NE(NULL, t);
	umbra_pool_free_l2(&self->pool, t, pa + ARM_L2_SIZE);	/* wrong pa */
	umbra_pool_free_l2(&self->pool, foreign, 0x70000000u);	/* foreign */
	umbra_pool_free_l2(&self->pool, t, L1_PA(0));	/* an L1 slot */
	EXPECT_EQ(3, umbra_pool_bad_frees(&self->pool));
	EXPECT_EQ(NR_PAGES * 4 - 1, umbra_pool_nr_l2_free(&self->pool));
	umbra_pool_free_l2(&self->pool, t, pa);
	umbra_pool_free_l2(&self->pool, t, pa);		/* double free */
	EXPECT_EQ(4, umbra_pool_bad_frees(&self->pool));
	EXPECT_EQ(NR_PAGES * 4, umbra_pool_nr_l2_free(&self->pool));
}

TEST_F(pool, address_queries)
{
	struct umbra_pool_slot slot;
	const struct umbra_pool *p = &self->pool;

	/* first-level slot 1, any byte of it */
	ASSERT_TRUE(umbra_pool_find(p, L1_PA(1) + 0x2345u, &slot));
	EXPECT_EQ(UMBRA_POOL_L1, slot.kind);
	EXPECT_EQ(1, slot.index);
	EXPECT_EQ(L1_PA(1), slot.pa);
	/* the third quarter of the page at PAGE_PA(2), given as pages[1] */
	ASSERT_TRUE(umbra_pool_find(p, PAGE_PA(2) + 0x800u, &slot));
	EXPECT_EQ(UMBRA_POOL_L2, slot.kind);
	EXPECT_EQ(1 * 4 + 2, slot.index);
	EXPECT_EQ(PAGE_PA(2) + 0x800u, slot.pa);
	/* outside */
	EXPECT_FALSE(umbra_pool_find(p, L1_PA(0) - 1, &slot));
	EXPECT_EQ(UMBRA_POOL_NONE, slot.kind);
	EXPECT_FALSE(umbra_pool_find(p, PAGE_PA(NR_PAGES), &slot));
	EXPECT_FALSE(umbra_pool_find(p, 0, &slot));
	EXPECT_FALSE(umbra_pool_find(p, 0xffffffffu, &slot));

	/* contains: across adjacent pieces, not past the end */
	EXPECT_TRUE(umbra_pool_contains(p, L1_PA(0), NR_L1 * ARM_L1_SIZE +
					NR_PAGES * ARM_PAGE_SIZE));
	EXPECT_TRUE(umbra_pool_contains(p, L1_PA(2) + 0x3000u, 0x2000u));
	EXPECT_FALSE(umbra_pool_contains(p, PAGE_PA(NR_PAGES - 1), 0x1001u));
	EXPECT_FALSE(umbra_pool_contains(p, L1_PA(0) - 4, 8));
	EXPECT_FALSE(umbra_pool_contains(p, 0xfffff000u, 0x2000u));
	EXPECT_TRUE(umbra_pool_contains(p, 0x1234u, 0));

	/* overlaps: any shared byte */
	EXPECT_TRUE(umbra_pool_overlaps(p, L1_PA(0) - 0x1000u, 0x1001u));
	EXPECT_FALSE(umbra_pool_overlaps(p, L1_PA(0) - 0x1000u, 0x1000u));
	EXPECT_TRUE(umbra_pool_overlaps(p, PAGE_PA(NR_PAGES - 1) + 0xfffu,
					0x10000u));
	EXPECT_FALSE(umbra_pool_overlaps(p, PAGE_PA(NR_PAGES), 0x1000u));
	EXPECT_TRUE(umbra_pool_overlaps(p, 0, 0xffffffffu));
	EXPECT_FALSE(umbra_pool_overlaps(p, 0x10000000u, 0x1000u));
	EXPECT_FALSE(umbra_pool_overlaps(p, L1_PA(1), 0));
}

TEST_F(pool, serves_an_spt)
{
	static struct umbra_spt spt;
	u32 l1_pa, va, desc;
	u32 *l1 = umbra_pool_alloc_l1(&self->pool, &l1_pa);
	unsigned int syncs, n = 0;
	int ret = 0;

	ASSERT_NE(NULL, l1);
	umbra_spt_init(&spt, l1, l1_pa, FORBIDDEN_BASE, FORBIDDEN_SIZE,
		       &umbra_pool_spt_ops, &self->pool);
	ASSERT_EQ(0, umbra_spt_map(&spt, FORBIDDEN_BASE, 0x50000000u,
				   UMBRA_SPT_MONITOR | UMBRA_SPT_EXEC));
	EXPECT_EQ(NR_PAGES * 4 - 1, umbra_pool_nr_l2_free(&self->pool));
	/* the entries the SPT writes are synced through the pool */
	syncs = self->syncs;
	ASSERT_EQ(0, umbra_spt_map(&spt, FORBIDDEN_BASE + 0x1000u,
				   0x50001000u,
				   UMBRA_SPT_MONITOR | UMBRA_SPT_WRITE));
	EXPECT_EQ(syncs + 1, self->syncs);

	/* one table per megabyte, until the pool is dry */
	for (va = 0; !ret; va += 1u << ARM_SECTION_SHIFT, n++)
		ret = umbra_spt_map(&spt, va, 0x10000000u + n * 0x1000u,
				    UMBRA_SPT_USER);
	EXPECT_EQ(-ENOMEM, ret);
	EXPECT_EQ(NR_PAGES * 4, spt.nr_l2);
	EXPECT_EQ(0, umbra_pool_nr_l2_free(&self->pool));
	/* the table behind each entry is the pool's slot at that address */
	ASSERT_TRUE(umbra_spt_lookup(&spt, 0x00100000u, &desc));
	{
		struct umbra_pool_slot slot;
		u32 spa;

		ASSERT_TRUE(umbra_pool_find(&self->pool,
					    l1[1] & ARM_L1_TABLE_ADDR_MASK,
					    &slot));
		EXPECT_EQ(spt.l2[1],
			  umbra_pool_l2_slot(&self->pool, slot.index, &spa));
	}

	/* the kernel's policy on -ENOMEM: unmap_all, then retry once */
	umbra_spt_unmap_all(&spt);
	EXPECT_EQ(NR_PAGES * 4 - 1, umbra_pool_nr_l2_free(&self->pool));
	EXPECT_EQ(0, umbra_spt_map(&spt, va, 0x10000000u, UMBRA_SPT_USER));

	umbra_spt_destroy(&spt);
	umbra_pool_free_l1(&self->pool, l1, l1_pa);
	EXPECT_EQ(NR_PAGES * 4, umbra_pool_nr_l2_free(&self->pool));
	EXPECT_EQ(NR_L1, umbra_pool_nr_l1_free(&self->pool));
	EXPECT_EQ(0, umbra_pool_bad_frees(&self->pool));
	EXPECT_TRUE(zero(l1, ARM_L1_SIZE));
}

TEST_HARNESS_MAIN
