/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An executable check of the isolation invariants of one VM's shadow page
 * tables, over the concrete state: the VM's SPT pool, its SPTs, its
 * forbidden range and its static permissions (Bolignano 2017, chapter 4).
 * It reads the tables as the hardware walker does: from each SPT's TTBR0
 * value (l1_pa) and each first-level descriptor's physical address, through
 * the pool, never trusting the CPU-side bookkeeping (which it checks
 * against the tables).
 *
 * Each violation has its own code, so tests can tell which invariant a
 * corrupted state breaks (numbering of the shadow-paging issue):
 *
 * UMBRA_CHECK_IN_POOL      1. Every first- and second-level table lies in
 *                             the VM's pool (thesis invariants 4.1.3
 *                             spt1_in_pool, 4.1.4 spt2_in_pool).
 * UMBRA_CHECK_OVERLAP      2. No two tables overlap: no second-level table
 *                             overlaps a first-level one, and no
 *                             second-level table is reached from two
 *                             first-level entries of the VM's SPTs (4.1.5
 *                             no_overlap_pt1, 4.1.6 no_overlap_pt2).
 * UMBRA_CHECK_ALLOWED      3. Every user-accessible mapping is of a page
 *                             the VM may access, with at most the rights it
 *                             may have: write only where allowed RW (4.2.1
 *                             map_usr_allowed, allowed() of definition
 *                             3.5.5).
 * UMBRA_CHECK_USER_HIDDEN  4. Nothing in the forbidden range is accessible
 *                             from PL0 (AP[1] clear) and no pool page is
 *                             mapped with user rights (4.2.2 frange_no_usr
 *                             with definition 4.2.7 frange_no_map; 3.2.16
 *                             no_auto_map).
 * UMBRA_CHECK_SLOTS        5. A pool slot is free and unreferenced, or in
 *                             use by exactly one reference: a second-level
 *                             slot by one first-level entry, a first-level
 *                             slot by one SPT; the pool refused no free
 *                             (4.2.3 free_not_mapped, 4.2.5 alloc_is_alloc).
 * UMBRA_CHECK_FREE_EMPTY   6. A free table is all-fault, all zero (4.2.3,
 *                             definition 4.2.4 "empty").
 * UMBRA_CHECK_MAPPED       7. Post-conditions: after unmap of a page nothing
 *                             maps it (lemma 4.3.3), after unmap_all only
 *                             the forbidden range is mapped (lemma 4.3.5).
 *                             Only umbra_check_unmapped() and
 *                             umbra_check_unmap_all() report it.
 * UMBRA_CHECK_DEVICE       Device pages (UMBRA_MEM_DEVICE, no number in the
 *                          issue): a user mapping of a page the VM holds as
 *                          a device's registers is shareable Device memory
 *                          and XN (B3.8.2), and only such pages are mapped
 *                          as Device memory.
 * UMBRA_CHECK_FORM         Well-formedness (no number in the issue): every
 *                          first-level entry is a fault or a page-table
 *                          descriptor in domain 0 with no other attribute
 *                          (SPTs hold no sections: thesis section 3.2), every
 *                          second-level entry a fault or a small page; the
 *                          SPT's CPU pointers (l1, l2[]) and its nr_l2 and
 *                          forbidden range agree with the tables.
 *
 * Invariant 8 of the issue (the SPT's user-visible mappings are a subset
 * of what the guest's TLB could hold) needs the guest's history, so it is
 * checked against an abstract model in tests/unit/test_model.c.
 */
#ifndef UMBRA_CORE_CHECK_H
#define UMBRA_CORE_CHECK_H

#include "types.h"
#include "spt.h"
#include "pool.h"
#include "walk.h"

#define UMBRA_CHECK_IN_POOL	1
#define UMBRA_CHECK_OVERLAP	2
#define UMBRA_CHECK_ALLOWED	3
#define UMBRA_CHECK_USER_HIDDEN	4
#define UMBRA_CHECK_SLOTS	5
#define UMBRA_CHECK_FREE_EMPTY	6
#define UMBRA_CHECK_MAPPED	7
#define UMBRA_CHECK_FORM	9
#define UMBRA_CHECK_DEVICE	10

/**
 * typedef umbra_allowed_fn - the VM's static permission on a host page
 * (thesis definition 3.5.5, allowed()).
 * @ctx: caller's context
 * @pa:  host physical address of the page (4 KiB aligned)
 *
 * Return: 0 when the VM may not map the page with user rights;
 * UMBRA_R for a page shared with the VM read-only (shared(j, i)); UMBRA_R |
 * UMBRA_W for its private pages and pages it shares as the writer
 * (priv(i), shared(i, j)); either with UMBRA_DEV when the page is a
 * device's registers the VM holds (UMBRA_MEM_DEVICE).
 */
typedef u32 (*umbra_allowed_fn)(void *ctx, u32 pa);

/**
 * struct umbra_check_scratch - working memory of the checker, so that it
 * needs almost no stack (16 KiB: a kernel caller allocates it once).
 * @l2_ref: per second-level slot: 0, or 1 + who references it
 * @l1_ref: per first-level slot: 0, or 1 + the SPT using it
 */
struct umbra_check_scratch {
	u32 l2_ref[UMBRA_POOL_MAX_L2];
	u32 l1_ref[UMBRA_POOL_MAX_L1];
};

/**
 * struct umbra_check_vm - the concrete state of one VM, for the checker.
 * @pool:           the VM's SPT pool
 * @spt:            its SPTs
 * @nr_spt:         how many (at most 255)
 * @forbidden_base: the forbidden range: first guest virtual address
 * @forbidden_size: its size in bytes
 * @allowed:        the VM's static permissions
 * @ctx:            passed to @allowed
 * @scratch:        the checker's working memory
 */
struct umbra_check_vm {
	const struct umbra_pool *pool;
	struct umbra_spt *const *spt;
	unsigned int nr_spt;
	u32 forbidden_base;
	u32 forbidden_size;
	umbra_allowed_fn allowed;
	void *ctx;
	struct umbra_check_scratch *scratch;
};

int umbra_check(const struct umbra_check_vm *vm, char *why, size_t len);
int umbra_check_unmapped(const struct umbra_check_vm *vm, unsigned int i,
			 u32 va, u32 size, char *why, size_t len);
int umbra_check_unmap_all(const struct umbra_check_vm *vm, unsigned int i,
			  char *why, size_t len);
u32 umbra_check_user_rights(u32 desc);

#endif /* UMBRA_CORE_CHECK_H */
