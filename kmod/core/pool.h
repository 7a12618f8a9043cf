/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-VM SPT pool: the only memory a VM's shadow page tables live in
 * (Bolignano 2017, section 3.3.1, static permission "pool"). It is sized
 * and allocated once, when the VM is created, and is never mapped with
 * user rights into any guest (thesis invariants 4.1.3 and 4.1.4: every
 * first- and second-level SPT table lies in the VM's pool; 4.2.3: a free
 * table is empty and unreferenced). kmod/core/check.c verifies those
 * invariants on the live state.
 *
 * The caller provides all the memory up front, as two arrays it keeps for
 * the pool's lifetime:
 *
 * - first-level slots, each 16 KiB (ARM_L1_SIZE) and 16 KiB aligned in
 *   physical memory, as TTBR0 with TTBCR.N == 0 needs (ARM ARM B4.1.154);
 * - 4 KiB pages, each holding four 1 KiB second-level tables (slots)
 *   (B3.5.1, "Page table" descriptor: bits [31:10] of its address).
 *
 * Nothing is allocated dynamically: the bookkeeping is fixed-size, for at
 * most UMBRA_POOL_MAX_L1 first-level slots and UMBRA_POOL_MAX_L2_PAGES
 * pages (UMBRA_POOL_MAX_L2 second-level slots).
 *
 * Sizing, and what to do when the pool runs dry. Every SPT keeps one
 * second-level table for the forbidden range; a shadow fill needs at most
 * one more. So a pool serving N SPTs needs N first-level slots and at
 * least N + 1 second-level slots. When umbra_shadow_fill() returns
 * -ENOMEM, the caller calls umbra_spt_unmap_all() on every SPT of the pool
 * (which gives back every second-level table but the forbidden-range
 * ones) and retries the fill once; with N + 1 slots the retry cannot fail
 * for lack of memory. To the guest this is a TLB flush, which the
 * architecture allows at any time: a TLB may drop any entry whenever the
 * implementation likes (ARM ARM B3.9). tests/unit/test_model.c applies
 * exactly this policy and checks it. The flush gives back tables that the
 * next allocation hands out again, so no other CPU may be walking any SPT
 * of the pool meanwhile: either every SPT of a pool belongs to one vCPU
 * (one pool per vCPU), or the other vCPUs are out of the guest, and stay
 * out, until the flush is done.
 */
#ifndef UMBRA_CORE_POOL_H
#define UMBRA_CORE_POOL_H

#include "types.h"
#include "arm_desc.h"
#include "spt.h"

#define UMBRA_POOL_MAX_L1	64
#define UMBRA_POOL_MAX_L2_PAGES	1024
#define UMBRA_POOL_L2_PER_PAGE	(ARM_PAGE_SIZE / ARM_L2_SIZE)	/* 4 */
#define UMBRA_POOL_MAX_L2	(UMBRA_POOL_MAX_L2_PAGES * UMBRA_POOL_L2_PER_PAGE)
#define UMBRA_POOL_MAX_CHUNKS	(UMBRA_POOL_MAX_L1 + UMBRA_POOL_MAX_L2_PAGES)

/**
 * struct umbra_pool_mem - one piece of memory given to the pool.
 * @cpu: its CPU (kernel virtual) address
 * @pa:  its physical address
 */
struct umbra_pool_mem {
	u32 *cpu;
	u32 pa;
};

/**
 * struct umbra_pool_slot - where a physical address lies in a pool.
 * @kind:  UMBRA_POOL_NONE, UMBRA_POOL_L1 or UMBRA_POOL_L2
 * @index: the first-level slot, or the second-level slot holding the
 *         address (page index * 4 + 1 KiB quarter)
 * @pa:    physical address of that slot
 */
struct umbra_pool_slot {
	int kind;
	unsigned int index;
	u32 pa;
};

#define UMBRA_POOL_NONE	0
#define UMBRA_POOL_L1	1
#define UMBRA_POOL_L2	2

/**
 * struct umbra_pool - a VM's SPT pool. All fields are private to pool.c;
 * use the functions below.
 * @l1:          the caller's first-level slots
 * @nr_l1:       how many
 * @l2_pages:    the caller's 4 KiB pages of second-level slots
 * @nr_l2_pages: how many
 * @l1_used:     bitmap, one bit per first-level slot, set when allocated
 * @l2_used:     bitmap, one bit per second-level slot, set when allocated
 * @nr_l1_free:  first-level slots free
 * @nr_l2_free:  second-level slots free
 * @l2_next:     where the search for a free second-level slot starts
 *               (next fit, so a freed table is not handed out again at
 *               once and a stale pointer to it shows up sooner)
 * @by_pa:       every piece of memory (first-level slots as 0..nr_l1-1,
 *               pages as nr_l1 + page index), sorted by physical address
 * @bad_frees:   frees of a table the pool did not hand out (a double
 *               free, or a foreign or mismatched table); ignored, but
 *               counted, and reported by the checker
 * @sync:        makes table memory visible to the hardware walker (may be
 *               NULL on a host); also serves as the SPT's @sync
 * @sync_ctx:    passed to @sync
 */
struct umbra_pool {
	const struct umbra_pool_mem *l1;
	unsigned int nr_l1;
	const struct umbra_pool_mem *l2_pages;
	unsigned int nr_l2_pages;
	u32 l1_used[UMBRA_POOL_MAX_L1 / 32];
	u32 l2_used[UMBRA_POOL_MAX_L2 / 32];
	unsigned int nr_l1_free;
	unsigned int nr_l2_free;
	unsigned int l2_next;
	u16 by_pa[UMBRA_POOL_MAX_CHUNKS];
	unsigned int bad_frees;
	void (*sync)(void *ctx, u32 *entry, size_t bytes);
	void *sync_ctx;
};

int umbra_pool_init(struct umbra_pool *pool,
		    const struct umbra_pool_mem *l1, unsigned int nr_l1,
		    const struct umbra_pool_mem *l2_pages,
		    unsigned int nr_l2_pages,
		    void (*sync)(void *ctx, u32 *entry, size_t bytes),
		    void *sync_ctx);

u32 *umbra_pool_alloc_l1(struct umbra_pool *pool, u32 *pa);
void umbra_pool_free_l1(struct umbra_pool *pool, u32 *table, u32 pa);
u32 *umbra_pool_alloc_l2(void *ctx, u32 *pa);
void umbra_pool_free_l2(void *ctx, u32 *table, u32 pa);

extern const struct umbra_spt_ops umbra_pool_spt_ops;

/* Queries, for the invariants checker (kmod/core/check.c) and tests. */
bool umbra_pool_find(const struct umbra_pool *pool, u32 pa,
		     struct umbra_pool_slot *slot);
bool umbra_pool_contains(const struct umbra_pool *pool, u32 pa, u32 size);
bool umbra_pool_overlaps(const struct umbra_pool *pool, u32 pa, u32 size);
unsigned int umbra_pool_nr_l1(const struct umbra_pool *pool);
unsigned int umbra_pool_nr_l2(const struct umbra_pool *pool);
unsigned int umbra_pool_nr_l1_free(const struct umbra_pool *pool);
unsigned int umbra_pool_nr_l2_free(const struct umbra_pool *pool);
u32 *umbra_pool_l1_slot(const struct umbra_pool *pool, unsigned int index,
			u32 *pa);
u32 *umbra_pool_l2_slot(const struct umbra_pool *pool, unsigned int index,
			u32 *pa);
bool umbra_pool_l1_is_free(const struct umbra_pool *pool, unsigned int index);
bool umbra_pool_l2_is_free(const struct umbra_pool *pool, unsigned int index);
unsigned int umbra_pool_bad_frees(const struct umbra_pool *pool);

#endif /* UMBRA_CORE_POOL_H */
