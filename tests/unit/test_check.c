// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the invariants checker (kmod/core/check.c): a valid
 * VM state passes, and each way of breaking it is reported as exactly the
 * invariant it breaks. A checker that accepts a corrupted state is a bug,
 * so every corruption below must be caught.
 */
#include <stdio.h>
#include <stdlib.h>
#include "kselftest_harness.h"
#include "core/check.h"

#define FORBIDDEN_BASE	0xffff2000u
#define FORBIDDEN_SIZE	0x2000u
#define NR_L1		3
#define NR_PAGES	4
#define L1_PA(i)	(0x40000000u + (i) * ARM_L1_SIZE)
#define PAGE_PA(i)	(0x40010000u + (i) * ARM_PAGE_SIZE)
#define RW_HOST		0x10000000u	/* the VM's private pages */
#define RW_SIZE		0x01000000u
#define RO_HOST		0x18000000u	/* shared with the VM read-only */
#define RO_SIZE		0x00100000u
#define OTHER_VM	0x60000000u	/* another VM's page */
#define MON_CODE	0x50000000u	/* the monitor's pages */
#define MON_DATA	0x50001000u
#define STRAY_PA	0x70000400u	/* a table outside the pool */
#define USER_RW		(UMBRA_SPT_USER | UMBRA_SPT_WRITE)

static u32 allowed(void *ctx, u32 pa)
{
	if (pa - RW_HOST < RW_SIZE)
		return UMBRA_R | UMBRA_W;
	if (pa - RO_HOST < RO_SIZE)
		return UMBRA_R;
	return 0;
}

FIXTURE(check) {
	struct umbra_pool_mem l1[NR_L1];
	struct umbra_pool_mem pages[NR_PAGES];
	struct umbra_pool pool;
	struct umbra_spt *spt[2];
	struct umbra_check_scratch *scratch;
	struct umbra_check_vm vm;
	u32 *stray;
	char why[256];
};

/* Run the checker; log the reason of a violation. */
#define CHECK() ({							\
	int __r = umbra_check(&self->vm, self->why, sizeof(self->why));	\
	if (__r)							\
		TH_LOG("%s", self->why);				\
	__r;								\
})

FIXTURE_SETUP(check)
{
	u32 pa;
	int i;

	for (i = 0; i < NR_L1; i++) {
		self->l1[i].cpu = aligned_alloc(ARM_L1_SIZE, ARM_L1_SIZE);
		ASSERT_NE(NULL, self->l1[i].cpu);
		self->l1[i].pa = L1_PA(i);
	}
	for (i = 0; i < NR_PAGES; i++) {
		self->pages[i].cpu = aligned_alloc(ARM_PAGE_SIZE,
						   ARM_PAGE_SIZE);
		ASSERT_NE(NULL, self->pages[i].cpu);
		self->pages[i].pa = PAGE_PA(i);
	}
	ASSERT_EQ(0, umbra_pool_init(&self->pool, self->l1, NR_L1,
				     self->pages, NR_PAGES, NULL, NULL));
	self->scratch = calloc(1, sizeof(*self->scratch));
	self->stray = calloc(ARM_L2_ENTRIES, sizeof(u32));
	ASSERT_NE(NULL, self->scratch);
	ASSERT_NE(NULL, self->stray);
	for (i = 0; i < 2; i++) {
		u32 *l1 = umbra_pool_alloc_l1(&self->pool, &pa);

		self->spt[i] = calloc(1, sizeof(struct umbra_spt));
		ASSERT_NE(NULL, self->spt[i]);
		ASSERT_NE(NULL, l1);
		umbra_spt_init(self->spt[i], l1, pa, FORBIDDEN_BASE,
			       FORBIDDEN_SIZE, &umbra_pool_spt_ops,
			       &self->pool);
		ASSERT_EQ(0, umbra_spt_map(self->spt[i], FORBIDDEN_BASE,
					   MON_CODE,
					   UMBRA_SPT_MONITOR | UMBRA_SPT_EXEC));
		ASSERT_EQ(0, umbra_spt_map(self->spt[i], FORBIDDEN_BASE + 0x1000,
					   MON_DATA,
					   UMBRA_SPT_MONITOR | UMBRA_SPT_WRITE));
	}
	/* A guest kernel's table (spt 0) and its user's (spt 1). */
	ASSERT_EQ(0, umbra_spt_map(self->spt[0], 0x80000000u, RW_HOST,
				   USER_RW | UMBRA_SPT_EXEC));
	ASSERT_EQ(0, umbra_spt_map(self->spt[0], 0x80001000u,
				   RW_HOST + 0x1000, USER_RW));
	ASSERT_EQ(0, umbra_spt_map(self->spt[0], 0x80100000u, RO_HOST,
				   UMBRA_SPT_USER | UMBRA_SPT_EXEC));
	ASSERT_EQ(0, umbra_spt_map(self->spt[1], 0x80000000u, RW_HOST,
				   UMBRA_SPT_USER));
	ASSERT_EQ(0, umbra_spt_map(self->spt[1], 0x00008000u,
				   RW_HOST + 0x5000, USER_RW));
	/* the megabyte of the forbidden range is the guest's elsewhere */
	ASSERT_EQ(0, umbra_spt_map(self->spt[1], 0xffff0000u,
				   RW_HOST + 0x6000, USER_RW));

	self->vm = (struct umbra_check_vm) {
		.pool = &self->pool,
		.spt = self->spt,
		.nr_spt = 2,
		.forbidden_base = FORBIDDEN_BASE,
		.forbidden_size = FORBIDDEN_SIZE,
		.allowed = allowed,
		.scratch = self->scratch,
	};
}

FIXTURE_TEARDOWN(check)
{
	int i;

	for (i = 0; i < 2; i++)
		free(self->spt[i]);
	for (i = 0; i < NR_L1; i++)
		free(self->l1[i].cpu);
	for (i = 0; i < NR_PAGES; i++)
		free(self->pages[i].cpu);
	free(self->scratch);
	free(self->stray);
}

/* Point L1[@idx] of @spt at a table, keeping the CPU side consistent. */
static void hook_l2(struct umbra_spt *spt, u32 idx, u32 pa, u32 *cpu)
{
	spt->l1[idx] = (pa & ARM_L1_TABLE_ADDR_MASK) | ARM_L1_TYPE_TABLE;
	spt->l2[idx] = cpu;
	spt->nr_l2++;
}

static int free_l2_slot(const struct umbra_pool *pool)
{
	unsigned int k;

	for (k = 0; k < umbra_pool_nr_l2(pool); k++)
		if (umbra_pool_l2_is_free(pool, k))
			return k;
	return -1;
}

TEST_F(check, valid_state_passes)
{
	EXPECT_EQ(0, CHECK());
	EXPECT_EQ(0, umbra_check(&self->vm, NULL, 0));
	/* nothing to check is fine too */
	self->vm.nr_spt = 0;
	umbra_spt_destroy(self->spt[0]);
	umbra_spt_destroy(self->spt[1]);
	umbra_pool_free_l1(&self->pool, self->spt[0]->l1, self->spt[0]->l1_pa);
	umbra_pool_free_l1(&self->pool, self->spt[1]->l1, self->spt[1]->l1_pa);
	EXPECT_EQ(0, CHECK());
}

TEST_F(check, pl1_mapping_of_the_pool_is_fine)
{
	/* the monitor may map the pool (thesis 4.1.8); PL0 may not */
	ASSERT_EQ(0, umbra_spt_map(self->spt[0], 0x90000000u, PAGE_PA(0),
				   UMBRA_SPT_WRITE));
	EXPECT_EQ(0, CHECK());
}

/* Invariant 1 */

TEST_F(check, l1_table_outside_pool)
{
	self->spt[1]->l1_pa = 0x70000000u;
	EXPECT_EQ(-UMBRA_CHECK_IN_POOL, CHECK());
}

TEST_F(check, l1_table_in_a_second_level_page)
{
	self->spt[1]->l1_pa = PAGE_PA(0);
	EXPECT_EQ(-UMBRA_CHECK_IN_POOL, CHECK());
}

TEST_F(check, l2_table_outside_pool)
{
	self->stray[0] = umbra_spt_l2_desc(RW_HOST, USER_RW);
	hook_l2(self->spt[0], 0x900, STRAY_PA, self->stray);
	EXPECT_EQ(-UMBRA_CHECK_IN_POOL, CHECK());
	EXPECT_NE(NULL, strstr(self->why, "0x70000400"));
}

/* Invariant 2 */

TEST_F(check, l2_overlaps_l1)
{
	/* a "second-level table" inside spt 1's first-level table */
	hook_l2(self->spt[0], 0x900, self->spt[1]->l1_pa + 0x400,
		self->spt[1]->l1 + 0x100);
	EXPECT_EQ(-UMBRA_CHECK_OVERLAP, CHECK());
}

TEST_F(check, l2_overlaps_free_l1_slot)
{
	hook_l2(self->spt[0], 0x900, L1_PA(2) + 0x3c00, self->l1[2].cpu);
	EXPECT_EQ(-UMBRA_CHECK_OVERLAP, CHECK());
}

TEST_F(check, l2_referenced_twice_in_one_spt)
{
	struct umbra_spt *s = self->spt[0];

	hook_l2(s, 0x901, s->l1[0x800], s->l2[0x800]);
	EXPECT_EQ(-UMBRA_CHECK_OVERLAP, CHECK());
	EXPECT_NE(NULL, strstr(self->why, "spt 0 L1[0x800]"));
}

TEST_F(check, l2_referenced_from_two_spts)
{
	hook_l2(self->spt[1], 0x801, self->spt[0]->l1[0x800],
		self->spt[0]->l2[0x800]);
	EXPECT_EQ(-UMBRA_CHECK_OVERLAP, CHECK());
}

/* Invariant 3 */

TEST_F(check, user_mapping_of_disallowed_page)
{
	ASSERT_EQ(0, umbra_spt_map(self->spt[0], 0x80002000u, OTHER_VM,
				   UMBRA_SPT_USER));
	EXPECT_EQ(-UMBRA_CHECK_ALLOWED, CHECK());
	EXPECT_NE(NULL, strstr(self->why, "invariant 3"));
	EXPECT_NE(NULL, strstr(self->why, "spt 0"));
	EXPECT_NE(NULL, strstr(self->why, "VA 0x80002000"));
	EXPECT_NE(NULL, strstr(self->why, "PA 0x60000000"));
}

TEST_F(check, write_on_read_only_page)
{
	ASSERT_EQ(0, umbra_spt_map(self->spt[1], 0x80101000u,
				   RO_HOST + 0x1000, USER_RW));
	EXPECT_EQ(-UMBRA_CHECK_ALLOWED, CHECK());
}

TEST_F(check, user_mapping_of_monitor_page)
{
	ASSERT_EQ(0, umbra_spt_map(self->spt[1], 0x00009000u, MON_DATA,
				   UMBRA_SPT_USER));
	EXPECT_EQ(-UMBRA_CHECK_ALLOWED, CHECK());
}

TEST_F(check, user_read_of_read_only_page_is_fine)
{
	ASSERT_EQ(0, umbra_spt_map(self->spt[1], 0x80101000u,
				   RO_HOST + 0x1000,
				   UMBRA_SPT_USER | UMBRA_SPT_EXEC));
	EXPECT_EQ(0, CHECK());
}

/* Invariant 4 */

TEST_F(check, forbidden_va_user_accessible)
{
	/* AP[1], the PL0 access bit, on the monitor page: AP 0b111 */
	self->spt[1]->l2[0xfff][0xf2] |= ARM_L2_AP1;
	EXPECT_EQ(-UMBRA_CHECK_USER_HIDDEN, CHECK());
	EXPECT_NE(NULL, strstr(self->why, "0xffff2000"));
}

TEST_F(check, forbidden_va_user_writable)
{
	self->spt[0]->l2[0xfff][0xf3] =
		umbra_spt_l2_desc(RW_HOST + 0x7000, USER_RW);
	EXPECT_EQ(-UMBRA_CHECK_USER_HIDDEN, CHECK());
}

TEST_F(check, user_mapping_of_second_level_pool_page)
{
	ASSERT_EQ(0, umbra_spt_map(self->spt[0], 0x80003000u, PAGE_PA(1),
				   UMBRA_SPT_USER));
	EXPECT_EQ(-UMBRA_CHECK_USER_HIDDEN, CHECK());
}

TEST_F(check, user_mapping_of_first_level_pool_page)
{
	/* the page holding entries 0x400-0x7ff of spt 0's own table */
	ASSERT_EQ(0, umbra_spt_map(self->spt[0], 0x80003000u,
				   self->spt[0]->l1_pa + 0x1000,
				   USER_RW));
	EXPECT_EQ(-UMBRA_CHECK_USER_HIDDEN, CHECK());
}

/* Invariant 5 */

TEST_F(check, referenced_but_free_l2_slot)
{
	struct umbra_spt *s = self->spt[0];

	/* a use after free: the table goes back while L1 still points at it */
	umbra_pool_free_l2(&self->pool, s->l2[0x800],
			   s->l1[0x800] & ARM_L1_TABLE_ADDR_MASK);
	EXPECT_EQ(-UMBRA_CHECK_SLOTS, CHECK());
	EXPECT_NE(NULL, strstr(self->why, "which is free"));
}

TEST_F(check, in_use_but_unreferenced_l2_slot)
{
	u32 pa;

	ASSERT_NE(NULL, umbra_pool_alloc_l2(&self->pool, &pa));	/* leak */
	EXPECT_EQ(-UMBRA_CHECK_SLOTS, CHECK());
}

TEST_F(check, l1_slot_of_two_spts)
{
	struct umbra_spt *same[2] = { self->spt[0], self->spt[0] };

	self->vm.spt = same;
	EXPECT_EQ(-UMBRA_CHECK_SLOTS, CHECK());
}

TEST_F(check, in_use_but_unreferenced_l1_slot)
{
	u32 pa;

	ASSERT_NE(NULL, umbra_pool_alloc_l1(&self->pool, &pa));
	EXPECT_EQ(-UMBRA_CHECK_SLOTS, CHECK());
}

TEST_F(check, spt_on_free_l1_slot)
{
	umbra_pool_free_l1(&self->pool, self->spt[1]->l1,
			   self->spt[1]->l1_pa);
	EXPECT_EQ(-UMBRA_CHECK_SLOTS, CHECK());
}

TEST_F(check, refused_free_is_reported)
{
	umbra_pool_free_l2(&self->pool, self->stray, STRAY_PA);
	EXPECT_EQ(-UMBRA_CHECK_SLOTS, CHECK());
}

/* Invariant 6 */

TEST_F(check, free_l2_not_zero)
{
	int k = free_l2_slot(&self->pool);
	u32 pa;

	ASSERT_LE(0, k);
	umbra_pool_l2_slot(&self->pool, k, &pa)[17] = 0x1;
	EXPECT_EQ(-UMBRA_CHECK_FREE_EMPTY, CHECK());
}

TEST_F(check, free_l1_not_zero)
{
	ASSERT_TRUE(umbra_pool_l1_is_free(&self->pool, 2));
	self->l1[2].cpu[4095] = 0x80000002u;
	EXPECT_EQ(-UMBRA_CHECK_FREE_EMPTY, CHECK());
}

/* Well-formedness */

TEST_F(check, section_entry)
{
	/* a 1 MiB section, user read/write: AP[1:0] = 0b11 */
	self->spt[0]->l1[0x900] = 0x80000000u | (3u << 10) |
				  ARM_L1_TYPE_SECTION;
	EXPECT_EQ(-UMBRA_CHECK_FORM, CHECK());
	EXPECT_NE(NULL, strstr(self->why, "L1[0x900]"));
}

TEST_F(check, supersection_entry)
{
	self->spt[1]->l1[0x000] = 0x00000000u | (1u << 18) | (3u << 10) |
				  ARM_L1_TYPE_SECTION;
	EXPECT_EQ(-UMBRA_CHECK_FORM, CHECK());
}

TEST_F(check, nonzero_domain)
{
	self->spt[0]->l1[0x800] |= 1u << ARM_L1_DOMAIN_SHIFT;
	EXPECT_EQ(-UMBRA_CHECK_FORM, CHECK());
}

TEST_F(check, large_page_entry)
{
	self->spt[1]->l2[0x800][0x10] = RW_HOST | 0x1u | (3u << 4);
	EXPECT_EQ(-UMBRA_CHECK_FORM, CHECK());
}

TEST_F(check, l2_pointer_disagrees)
{
	self->spt[0]->l2[0x800] = self->spt[0]->l2[0x801];
	EXPECT_EQ(-UMBRA_CHECK_FORM, CHECK());
}

TEST_F(check, l2_pointer_without_entry)
{
	self->spt[0]->l2[0x123] = self->stray;
	EXPECT_EQ(-UMBRA_CHECK_FORM, CHECK());
}

TEST_F(check, nr_l2_disagrees)
{
	self->spt[1]->nr_l2++;
	EXPECT_EQ(-UMBRA_CHECK_FORM, CHECK());
}

TEST_F(check, l1_pointer_disagrees)
{
	self->spt[1]->l1 = self->l1[2].cpu;
	EXPECT_EQ(-UMBRA_CHECK_FORM, CHECK());
}

/* Invariant 7: the post-conditions of unmap and unmap_all */

TEST_F(check, unmap_postcondition)
{
	struct umbra_spt *s = self->spt[0];

	EXPECT_EQ(-UMBRA_CHECK_MAPPED,
		  umbra_check_unmapped(&self->vm, 0, 0x80000000u, 0x2000,
				       self->why, sizeof(self->why)));
	TH_LOG("%s", self->why);
	umbra_spt_unmap(s, 0x80000000u);
	/* one page gone, the next one still there */
	EXPECT_EQ(0, umbra_check_unmapped(&self->vm, 0, 0x80000abcu, 1,
					  self->why, sizeof(self->why)));
	EXPECT_EQ(-UMBRA_CHECK_MAPPED,
		  umbra_check_unmapped(&self->vm, 0, 0x80000000u, 0x2000,
				       self->why, sizeof(self->why)));
	EXPECT_NE(NULL, strstr(self->why, "VA 0x80001000"));
	umbra_spt_unmap(s, 0x80001000u);
	EXPECT_EQ(0, umbra_check_unmapped(&self->vm, 0, 0x80000000u, 0x2000,
					  self->why, sizeof(self->why)));
	/* the forbidden range is not the guest's to unmap */
	umbra_spt_unmap(s, FORBIDDEN_BASE);
	EXPECT_EQ(0, umbra_check_unmapped(&self->vm, 0, FORBIDDEN_BASE,
					  FORBIDDEN_SIZE, self->why,
					  sizeof(self->why)));
	/* the top of the address space, no wrap */
	EXPECT_EQ(0, umbra_check_unmapped(&self->vm, 0, 0xfffff000u,
					  0x10000u, self->why,
					  sizeof(self->why)));
	EXPECT_EQ(0, CHECK());
}

TEST_F(check, unmap_all_postcondition)
{
	int i;

	for (i = 0; i < 2; i++) {
		EXPECT_EQ(-UMBRA_CHECK_MAPPED,
			  umbra_check_unmap_all(&self->vm, i, self->why,
						sizeof(self->why)));
		umbra_spt_unmap_all(self->spt[i]);
		EXPECT_EQ(0, umbra_check_unmap_all(&self->vm, i, self->why,
						   sizeof(self->why)));
		EXPECT_EQ(0, umbra_check_unmapped(&self->vm, i, 0, 0xffffffffu,
						  self->why,
						  sizeof(self->why)));
	}
	EXPECT_EQ(0, CHECK());
	/* a guest entry left next to the forbidden range */
	self->spt[1]->l2[0xfff][0x00] =
		umbra_spt_l2_desc(RW_HOST, UMBRA_SPT_USER);
	EXPECT_EQ(-UMBRA_CHECK_MAPPED,
		  umbra_check_unmap_all(&self->vm, 1, self->why,
					sizeof(self->why)));
	EXPECT_NE(NULL, strstr(self->why, "0xfff00000"));
}

TEST_F(check, postcondition_reports_broken_tables)
{
	umbra_spt_unmap_all(self->spt[0]);
	hook_l2(self->spt[0], 0x900, STRAY_PA, self->stray);
	EXPECT_EQ(-UMBRA_CHECK_IN_POOL,
		  umbra_check_unmapped(&self->vm, 0, 0x90000000u, 0x1000,
				       self->why, sizeof(self->why)));
	EXPECT_EQ(-UMBRA_CHECK_IN_POOL,
		  umbra_check_unmap_all(&self->vm, 0, self->why,
					sizeof(self->why)));
}

TEST(user_rights_decoding)
{
	const u32 pa = 0x10000000u;
	u32 d;

	/* B3.7.1, Table B3-8 (AFE == 0) */
	EXPECT_EQ(UMBRA_R | UMBRA_W,
		  umbra_check_user_rights(umbra_spt_l2_desc(pa, USER_RW)));
	EXPECT_EQ(UMBRA_R | UMBRA_W | UMBRA_X,
		  umbra_check_user_rights(umbra_spt_l2_desc(pa, USER_RW |
							    UMBRA_SPT_EXEC)));
	EXPECT_EQ(UMBRA_R,
		  umbra_check_user_rights(umbra_spt_l2_desc(pa,
							    UMBRA_SPT_USER)));
	/* the monitor's mappings: AP[1] clear */
	d = umbra_spt_l2_desc(pa, UMBRA_SPT_MONITOR | UMBRA_SPT_WRITE);
	EXPECT_EQ(0, umbra_check_user_rights(d));
	d = umbra_spt_l2_desc(pa, UMBRA_SPT_MONITOR | UMBRA_SPT_EXEC);
	EXPECT_EQ(0, umbra_check_user_rights(d));
	/* AP 0b010: PL1 RW, PL0 RO */
	EXPECT_EQ(UMBRA_R | UMBRA_X,
		  umbra_check_user_rights(pa | ARM_L2_SMALL | ARM_L2_AP1));
	/* AP 0b110 (deprecated RO) and 0b111 */
	EXPECT_EQ(UMBRA_R,
		  umbra_check_user_rights(pa | ARM_L2_SMALL | ARM_L2_XN |
					  ARM_L2_AP2 | ARM_L2_AP1));
	/* AP 0b000, 0b001, 0b100 (reserved), 0b101: nothing for PL0 */
	EXPECT_EQ(0, umbra_check_user_rights(pa | ARM_L2_SMALL));
	EXPECT_EQ(0, umbra_check_user_rights(pa | ARM_L2_SMALL |
					     ARM_L2_AP0));
	EXPECT_EQ(0, umbra_check_user_rights(pa | ARM_L2_SMALL |
					     ARM_L2_AP2));
	/* faults carry no rights, whatever their other bits */
	EXPECT_EQ(0, umbra_check_user_rights(pa | ARM_L2_AP_RW));
	/* large page: XN is bit[15] */
	EXPECT_EQ(UMBRA_R | UMBRA_W | UMBRA_X,
		  umbra_check_user_rights(pa | 0x1u | ARM_L2_AP_RW));
	EXPECT_EQ(UMBRA_R | UMBRA_W,
		  umbra_check_user_rights(pa | 0x1u | ARM_L2_AP_RW |
					  (1u << 15)));
}

TEST_HARNESS_MAIN
