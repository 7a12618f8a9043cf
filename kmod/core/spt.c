// SPDX-License-Identifier: GPL-2.0
/*
 * Shadow page table operations: map, unmap and unmap_all on an ARMv7
 * short-descriptor table pair (ARM ARM B3.5). Every guest mapping is a
 * non-global small page in domain 0; monitor mappings are PL1-only.
 */
#include "spt.h"

/**
 * umbra_spt_init() - start an empty shadow table.
 * @spt:            the table to initialise
 * @l1:             zeroed 16 KiB first-level table, 16 KiB aligned
 * @l1_pa:          its physical address
 * @forbidden_base: guest virtual address of the forbidden range, page aligned
 * @forbidden_size: its size in bytes; it must lie within one 1 MiB section
 * @ops:            table memory provider
 * @ctx:            passed to @ops
 */
void umbra_spt_init(struct umbra_spt *spt, u32 *l1, u32 l1_pa,
		    u32 forbidden_base, u32 forbidden_size,
		    const struct umbra_spt_ops *ops, void *ctx)
{
	memset(spt, 0, sizeof(*spt));
	spt->l1 = l1;
	spt->l1_pa = l1_pa;
	spt->forbidden_base = forbidden_base;
	spt->forbidden_size = forbidden_size;
	spt->ops = ops;
	spt->ctx = ctx;
}

/**
 * umbra_spt_in_forbidden() - is @va a guest virtual address of the
 * forbidden range (the monitor's own mappings)?
 * @spt: the shadow table
 * @va:  guest virtual address
 */
bool umbra_spt_in_forbidden(const struct umbra_spt *spt, u32 va)
{
	return va - spt->forbidden_base < spt->forbidden_size;
}

/**
 * umbra_spt_l2_desc() - encode a small-page descriptor.
 * @pa:    host physical address of the page, page aligned
 * @flags: UMBRA_SPT_* rights
 *
 * Access permissions per B3.7.1 (SCTLR.AFE == 0): user mappings are RW/RW
 * or RO/RO, monitor mappings PL1 RW or PL1 RO with no PL0 access. Memory
 * type Normal write-back, or with UMBRA_SPT_DEVICE shareable Device (S set
 * whatever the host, B3.8.2) and never executable: XN whatever
 * UMBRA_SPT_EXEC says, as instruction fetches from a device's registers
 * could have side effects. Return: the descriptor.
 */
u32 umbra_spt_l2_desc(u32 pa, u32 flags)
{
	u32 desc = (pa & ARM_L2_ADDR_MASK) | ARM_L2_SMALL | ARM_L2_NG;

	if (flags & UMBRA_SPT_DEVICE) {
		desc |= ARM_L2_MT_DEVICE | ARM_L2_S;
		flags &= ~UMBRA_SPT_EXEC;
	} else {
		desc |= ARM_L2_MT_NORMAL_WBWA;
	}

	if (flags & UMBRA_SPT_USER)
		desc |= (flags & UMBRA_SPT_WRITE) ? ARM_L2_AP_RW : ARM_L2_AP_RO;
	else
		desc |= (flags & UMBRA_SPT_WRITE) ? ARM_L2_AP_PRIV_RW :
						    ARM_L2_AP_PRIV_RO;
	if (!(flags & UMBRA_SPT_EXEC))
		desc |= ARM_L2_XN;
	if (flags & UMBRA_SPT_SHARED)
		desc |= ARM_L2_S;
	return desc;
}

static void spt_sync(struct umbra_spt *spt, u32 *entry, size_t bytes)
{
	if (spt->ops->sync)
		spt->ops->sync(spt->ctx, entry, bytes);
}

static u32 *spt_l2_get(struct umbra_spt *spt, u32 va, bool alloc)
{
	u32 idx = arm_l1_index(va);
	u32 pa;
	u32 *l2 = spt->l2[idx];

	if (l2 || !alloc)
		return l2;
	l2 = spt->ops->alloc_l2(spt->ctx, &pa);
	if (!l2)
		return NULL;
	/* the walker must see an all-fault table before the link to it */
	spt_sync(spt, l2, ARM_L2_SIZE);
	spt->l2[idx] = l2;
	spt->l1_used[idx / 32] |= 1u << (idx % 32);
	spt->nr_l2++;
	/* Domain 0, page table (B3.5.1 "Page table" descriptor). */
	spt->l1[idx] = (pa & ARM_L1_TABLE_ADDR_MASK) | ARM_L1_TYPE_TABLE;
	spt_sync(spt, &spt->l1[idx], sizeof(u32));
	return l2;
}

/**
 * umbra_spt_map() - install one 4 KiB mapping.
 * @spt:   the shadow table
 * @va:    guest virtual address (any offset within the page)
 * @pa:    host physical address of the page
 * @flags: UMBRA_SPT_* rights; UMBRA_SPT_MONITOR only within the forbidden
 *         range, and a mapping there must carry it
 *
 * An existing mapping of @va is replaced; the caller invalidates the TLB.
 * Return: 0, -EPERM when a guest mapping targets the forbidden range (or a
 * monitor mapping lies outside it, or is user accessible), -ENOMEM when no
 * second-level table is left.
 */
int umbra_spt_map(struct umbra_spt *spt, u32 va, u32 pa, u32 flags)
{
	bool monitor = flags & UMBRA_SPT_MONITOR;
	u32 *l2;

	if (umbra_spt_in_forbidden(spt, va) != monitor)
		return -EPERM;
	if (monitor && (flags & UMBRA_SPT_USER))
		return -EPERM;
	l2 = spt_l2_get(spt, va, true);
	if (!l2)
		return -ENOMEM;
	if (!monitor)
		spt->has_guest = true;
	l2[arm_l2_index(va)] = umbra_spt_l2_desc(pa, flags);
	spt_sync(spt, &l2[arm_l2_index(va)], sizeof(u32));
	return 0;
}

/**
 * umbra_spt_unmap() - remove the mapping of one guest page, if any.
 * @spt: the shadow table
 * @va:  guest virtual address; the forbidden range is left untouched
 *
 * The caller invalidates the TLB.
 */
void umbra_spt_unmap(struct umbra_spt *spt, u32 va)
{
	u32 *l2 = spt_l2_get(spt, va, false);

	if (!l2 || umbra_spt_in_forbidden(spt, va))
		return;
	l2[arm_l2_index(va)] = 0;
	spt_sync(spt, &l2[arm_l2_index(va)], sizeof(u32));
}

/**
 * umbra_spt_note_extent() - record that a shadow entry at @va was derived
 * from a guest mapping of 2^@shift bytes.
 * @spt:   the shadow table
 * @va:    guest virtual address of the entry
 * @shift: 12, 16, 20 or 24 (small, large page, section, supersection)
 */
void umbra_spt_note_extent(struct umbra_spt *spt, u32 va, unsigned int shift)
{
	u32 first = arm_l1_index(va), n = 1, i;

	/*
	 * A supersection spans 16 megabytes: a TLBIMVA of any address in it
	 * must find the extent, whichever megabyte was filled.
	 */
	if (shift > ARM_SECTION_SHIFT) {
		n = 1u << (shift - ARM_SECTION_SHIFT);
		first &= ~(n - 1);
	}
	for (i = first; i < first + n; i++)
		if (spt->extent[i] < shift)
			spt->extent[i] = shift;
}

/**
 * umbra_spt_unmap_range() - remove the guest mappings of [@va, @va + @size).
 * @spt:  the shadow table
 * @va:   first guest virtual address, page aligned
 * @size: bytes, a multiple of the page size; the range may not wrap
 *
 * The forbidden range is left untouched. The caller invalidates the TLB.
 */
void umbra_spt_unmap_range(struct umbra_spt *spt, u32 va, u32 size)
{
	u32 off;

	for (off = 0; off < size; off += ARM_PAGE_SIZE) {
		u32 cur = va + off;

		/* skip to the next megabyte where no second-level table is */
		if (!spt->l2[arm_l1_index(cur)]) {
			off += (1u << ARM_SECTION_SHIFT) -
			       (cur & ((1u << ARM_SECTION_SHIFT) - 1)) -
			       ARM_PAGE_SIZE;
			continue;
		}
		umbra_spt_unmap(spt, cur);
	}
}

/**
 * umbra_spt_unmap_va() - what a guest TLB invalidation by VA (TLBIMVA,
 * TLBIMVAA) must remove: every shadow entry that can derive from the
 * guest mapping holding @va, whatever its size (from the recorded extent).
 * @spt: the shadow table
 * @va:  guest virtual address
 */
void umbra_spt_unmap_va(struct umbra_spt *spt, u32 va)
{
	unsigned int shift = spt->extent[arm_l1_index(va)];
	u32 size;

	if (!shift)
		return;
	size = 1u << shift;
	umbra_spt_unmap_range(spt, va & ~(size - 1), size);
}

static bool spt_l2_holds_forbidden(const struct umbra_spt *spt, u32 idx)
{
	u32 first = spt->forbidden_base >> ARM_SECTION_SHIFT;

	return spt->forbidden_size && idx == first;
}

/* Empty the second-level table behind @idx (guest entries only). */
static void spt_unmap_l1(struct umbra_spt *spt, u32 idx)
{
	u32 *l2 = spt->l2[idx], i, pa;

	if (spt_l2_holds_forbidden(spt, idx)) {
		for (i = 0; i < ARM_L2_ENTRIES; i++) {
			u32 va = (idx << ARM_SECTION_SHIFT) |
				 (i << ARM_PAGE_SHIFT);

			if (!umbra_spt_in_forbidden(spt, va))
				l2[i] = 0;
		}
		spt_sync(spt, l2, ARM_L2_SIZE);
		return;
	}
	pa = spt->l1[idx] & ARM_L1_TABLE_ADDR_MASK;
	spt->l1[idx] = 0;
	spt_sync(spt, &spt->l1[idx], sizeof(u32));
	spt->ops->free_l2(spt->ctx, l2, pa);
	spt->l2[idx] = NULL;
	spt->l1_used[idx / 32] &= ~(1u << (idx % 32));
	spt->nr_l2--;
}

/**
 * umbra_spt_unmap_all() - remove every guest mapping.
 * @spt: the shadow table
 *
 * Second-level tables are given back, except the one holding the forbidden
 * range, whose guest entries are cleared and whose monitor entries stay.
 * The cost is that of the tables in use; a table with no guest mapping
 * costs nothing. The caller invalidates the TLB.
 */
void umbra_spt_unmap_all(struct umbra_spt *spt)
{
	u32 w, bits;

	if (!spt->has_guest)
		return;
	spt->has_guest = false;
	memset(spt->extent, 0, sizeof(spt->extent));
	for (w = 0; w < ARM_L1_ENTRIES / 32; w++)
		for (bits = spt->l1_used[w]; bits; bits &= bits - 1)
			spt_unmap_l1(spt, w * 32 + __builtin_ctz(bits));
}

/**
 * umbra_spt_destroy() - give back every second-level table, monitor ones
 * included. The first-level table belongs to the caller.
 * @spt: the shadow table; it must no longer be in any TTBR0
 */
void umbra_spt_destroy(struct umbra_spt *spt)
{
	u32 idx;

	for (idx = 0; idx < ARM_L1_ENTRIES; idx++) {
		if (!spt->l2[idx])
			continue;
		spt->ops->free_l2(spt->ctx, spt->l2[idx],
				  spt->l1[idx] & ARM_L1_TABLE_ADDR_MASK);
		spt->l1[idx] = 0;
		spt->l2[idx] = NULL;
	}
	spt->nr_l2 = 0;
	memset(spt->l1_used, 0, sizeof(spt->l1_used));
	spt->has_guest = false;
}

/**
 * umbra_spt_lookup() - the small-page descriptor mapping @va, if any.
 * @spt:  the shadow table
 * @va:   guest virtual address
 * @desc: where to store the descriptor
 *
 * Return: true when @va is mapped.
 */
bool umbra_spt_lookup(const struct umbra_spt *spt, u32 va, u32 *desc)
{
	const u32 *l2 = spt->l2[arm_l1_index(va)];

	if (!l2 || !(l2[arm_l2_index(va)] & ARM_L2_SMALL))
		return false;
	*desc = l2[arm_l2_index(va)];
	return true;
}
