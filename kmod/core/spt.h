/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shadow page tables (SPTs): the translation tables the hardware walks
 * while a guest runs. They are built by umbra, never by the guest, from the
 * guest's view of memory composed with the VM's memory regions. The
 * operations follow the seed model's map / unmap / unmap_all (Bolignano
 * 2017, section 3.4), and the monitor's own mappings, the forbidden range,
 * survive every one of them.
 */
#ifndef UMBRA_CORE_SPT_H
#define UMBRA_CORE_SPT_H

#include "types.h"
#include "arm_desc.h"

/**
 * struct umbra_spt_ops - how the portable SPT code gets table memory.
 * @alloc_l2: return a zeroed 1 KiB second-level table, 1 KiB aligned, and
 *            store its physical address in *@pa; NULL when none is left.
 * @free_l2:  give back a table from @alloc_l2.
 * @sync:     make @bytes of table entries at @entry visible to the
 *            hardware table walker (may be NULL on a host).
 */
struct umbra_spt_ops {
	u32 *(*alloc_l2)(void *ctx, u32 *pa);
	void (*free_l2)(void *ctx, u32 *table, u32 pa);
	void (*sync)(void *ctx, u32 *entry, size_t bytes);
};

/* Rights of one shadow mapping (flags for umbra_spt_map()). */
#define UMBRA_SPT_USER		(1u << 0)	/* accessible from PL0 */
#define UMBRA_SPT_WRITE		(1u << 1)
#define UMBRA_SPT_EXEC		(1u << 2)
#define UMBRA_SPT_SHARED	(1u << 3)	/* S bit: host is SMP */
#define UMBRA_SPT_MONITOR	(1u << 4)	/* forbidden range only */
#define UMBRA_SPT_DEVICE	(1u << 5)	/* shareable Device, XN */

/**
 * struct umbra_spt - one shadow first-level table and its second levels.
 * @l1:        the 16 KiB first-level table (CPU pointer)
 * @l1_pa:     its physical address (what TTBR0 gets)
 * @l2:        CPU pointer of the second-level table behind each L1 entry
 * @nr_l2:     number of second-level tables in use
 * @l1_used:   bitmap of the first-level entries with a second-level table,
 *             so that emptying a table costs what it holds
 * @has_guest: a guest mapping may exist (cleared by unmap_all)
 * @extent:    per 1 MiB: log2 of the largest guest mapping (page, large
 *             page, section, supersection) a shadow entry there came from,
 *             0 if none; what a guest TLB invalidation by VA must cover
 * @forbidden_base: first byte of the forbidden range (page aligned)
 * @forbidden_size: its size in bytes
 * @ops:       table memory provider
 * @ctx:       passed to @ops
 */
struct umbra_spt {
	u32 *l1;
	u32 l1_pa;
	u32 *l2[ARM_L1_ENTRIES];
	unsigned int nr_l2;
	u32 l1_used[ARM_L1_ENTRIES / 32];
	bool has_guest;
	u8 extent[ARM_L1_ENTRIES];
	u32 forbidden_base;
	u32 forbidden_size;
	const struct umbra_spt_ops *ops;
	void *ctx;
};

void umbra_spt_init(struct umbra_spt *spt, u32 *l1, u32 l1_pa,
		    u32 forbidden_base, u32 forbidden_size,
		    const struct umbra_spt_ops *ops, void *ctx);
bool umbra_spt_in_forbidden(const struct umbra_spt *spt, u32 va);
u32 umbra_spt_l2_desc(u32 pa, u32 flags);
int umbra_spt_map(struct umbra_spt *spt, u32 va, u32 pa, u32 flags);
void umbra_spt_unmap(struct umbra_spt *spt, u32 va);
void umbra_spt_note_extent(struct umbra_spt *spt, u32 va, unsigned int shift);
void umbra_spt_unmap_range(struct umbra_spt *spt, u32 va, u32 size);
void umbra_spt_unmap_va(struct umbra_spt *spt, u32 va);
void umbra_spt_unmap_all(struct umbra_spt *spt);
void umbra_spt_destroy(struct umbra_spt *spt);
bool umbra_spt_lookup(const struct umbra_spt *spt, u32 va, u32 *desc);

#endif /* UMBRA_CORE_SPT_H */
