// SPDX-License-Identifier: GPL-2.0
/*
 * The per-VM SPT pool (see pool.h): fixed first-level slots and 1 KiB
 * second-level slots in caller-provided memory, handed out zeroed (every
 * descriptor a fault, ARM ARM B3.5.1) and zeroed again when given back,
 * so a free table is always empty (Bolignano 2017, invariant 4.2.3).
 */
#include "pool.h"

#define L2_WORDS	ARM_L2_ENTRIES

static bool pool_bit(const u32 *map, unsigned int i)
{
	return map[i / 32] & (1u << (i % 32));
}

static void pool_set_bit(u32 *map, unsigned int i)
{
	map[i / 32] |= 1u << (i % 32);
}

static void pool_clear_bit(u32 *map, unsigned int i)
{
	map[i / 32] &= ~(1u << (i % 32));
}

/* Chunk @id of by_pa: first-level slots first, then the pages. */
static const struct umbra_pool_mem *pool_chunk(const struct umbra_pool *pool,
					       unsigned int id, u32 *size)
{
	if (id < pool->nr_l1) {
		*size = ARM_L1_SIZE;
		return &pool->l1[id];
	}
	*size = ARM_PAGE_SIZE;
	return &pool->l2_pages[id - pool->nr_l1];
}

static u32 pool_chunk_pa(const struct umbra_pool *pool, unsigned int id)
{
	u32 size;

	return pool_chunk(pool, id, &size)->pa;
}

/* Zero @bytes of table memory and make the zeroes visible to the walker. */
static void pool_zero(const struct umbra_pool *pool, u32 *table, size_t bytes)
{
	memset(table, 0, bytes);
	if (pool->sync)
		pool->sync(pool->sync_ctx, table, bytes);
}

static int pool_check_mem(const struct umbra_pool_mem *mem, u32 size)
{
	if (!mem->cpu || (mem->pa & (size - 1)))
		return -EINVAL;
	/* [pa, pa + size) may not wrap past 4 GiB */
	if (mem->pa > 0xffffffffu - (size - 1))
		return -EINVAL;
	return 0;
}

/**
 * umbra_pool_init() - make a pool of caller-provided table memory.
 * @pool:        the pool to initialise
 * @l1:          @nr_l1 first-level slots: 16 KiB each, physical address
 *               16 KiB aligned; the array must outlive the pool
 * @nr_l1:       at most UMBRA_POOL_MAX_L1
 * @l2_pages:    @nr_l2_pages pages of second-level slots: 4 KiB each,
 *               physical address 4 KiB aligned, four 1 KiB tables each;
 *               the array must outlive the pool
 * @nr_l2_pages: at most UMBRA_POOL_MAX_L2_PAGES
 * @sync:        makes table memory visible to the hardware table walker
 *               (the SPT ops' @sync, see struct umbra_spt_ops); NULL on a
 *               host
 * @sync_ctx:    passed to @sync
 *
 * All the memory is zeroed (and synced): every slot starts free and empty.
 * No two pieces of memory may overlap.
 *
 * Return: 0, or -EINVAL for too many slots, a NULL CPU address, a
 * misaligned, wrapping or overlapping physical range.
 */
int umbra_pool_init(struct umbra_pool *pool,
		    const struct umbra_pool_mem *l1, unsigned int nr_l1,
		    const struct umbra_pool_mem *l2_pages,
		    unsigned int nr_l2_pages,
		    void (*sync)(void *ctx, u32 *entry, size_t bytes),
		    void *sync_ctx)
{
	unsigned int i, j, n;
	u32 size;

	if (nr_l1 > UMBRA_POOL_MAX_L1 || nr_l2_pages > UMBRA_POOL_MAX_L2_PAGES)
		return -EINVAL;
	for (i = 0; i < nr_l1; i++)
		if (pool_check_mem(&l1[i], ARM_L1_SIZE))
			return -EINVAL;
	for (i = 0; i < nr_l2_pages; i++)
		if (pool_check_mem(&l2_pages[i], ARM_PAGE_SIZE))
			return -EINVAL;

	memset(pool, 0, sizeof(*pool));
	pool->l1 = l1;
	pool->nr_l1 = nr_l1;
	pool->l2_pages = l2_pages;
	pool->nr_l2_pages = nr_l2_pages;
	pool->sync = sync;
	pool->sync_ctx = sync_ctx;

	/* Insertion sort by physical address: at most 1088 pieces, once. */
	n = nr_l1 + nr_l2_pages;
	for (i = 0; i < n; i++) {
		u32 pa = pool_chunk_pa(pool, i);

		for (j = i; j > 0 && pool_chunk_pa(pool, pool->by_pa[j - 1]) > pa;
		     j--)
			pool->by_pa[j] = pool->by_pa[j - 1];
		pool->by_pa[j] = i;
	}
	for (i = 1; i < n; i++) {
		const struct umbra_pool_mem *prev =
			pool_chunk(pool, pool->by_pa[i - 1], &size);

		if (prev->pa + (size - 1) >= pool_chunk_pa(pool, pool->by_pa[i]))
			return -EINVAL;
	}

	for (i = 0; i < nr_l1; i++)
		pool_zero(pool, l1[i].cpu, ARM_L1_SIZE);
	for (i = 0; i < nr_l2_pages; i++)
		pool_zero(pool, l2_pages[i].cpu, ARM_PAGE_SIZE);
	pool->nr_l1_free = nr_l1;
	pool->nr_l2_free = nr_l2_pages * UMBRA_POOL_L2_PER_PAGE;
	return 0;
}

/**
 * umbra_pool_alloc_l1() - take a first-level slot.
 * @pool: the pool
 * @pa:   out: its physical address (16 KiB aligned, for TTBR0)
 *
 * Return: the zeroed 16 KiB table (every entry a fault), or NULL when no
 * first-level slot is free.
 */
u32 *umbra_pool_alloc_l1(struct umbra_pool *pool, u32 *pa)
{
	unsigned int i;

	for (i = 0; i < pool->nr_l1; i++) {
		if (pool_bit(pool->l1_used, i))
			continue;
		pool_set_bit(pool->l1_used, i);
		pool->nr_l1_free--;
		/* Free slots are already zero (the checker verifies it). */
		pool_zero(pool, pool->l1[i].cpu, ARM_L1_SIZE);
		*pa = pool->l1[i].pa;
		return pool->l1[i].cpu;
	}
	return NULL;
}

/**
 * umbra_pool_free_l1() - give back a first-level slot.
 * @pool:  the pool
 * @table: the table from umbra_pool_alloc_l1(); it must no longer be in
 *         any TTBR0, nor reference second-level tables (give those back
 *         first, umbra_spt_destroy())
 * @pa:    its physical address
 *
 * The slot is zeroed. A table that is not an allocated slot of @pool, or
 * whose @pa and @table disagree, is ignored and counted as a bad free.
 */
void umbra_pool_free_l1(struct umbra_pool *pool, u32 *table, u32 pa)
{
	struct umbra_pool_slot slot;

	if (!umbra_pool_find(pool, pa, &slot) || slot.kind != UMBRA_POOL_L1 ||
	    slot.pa != pa || pool->l1[slot.index].cpu != table ||
	    !pool_bit(pool->l1_used, slot.index)) {
		pool->bad_frees++;
		return;
	}
	pool_zero(pool, table, ARM_L1_SIZE);
	pool_clear_bit(pool->l1_used, slot.index);
	pool->nr_l1_free++;
}

/**
 * umbra_pool_alloc_l2() - take a second-level slot; the alloc_l2 of
 * umbra_pool_spt_ops.
 * @ctx: the struct umbra_pool
 * @pa:  out: the table's physical address (1 KiB aligned)
 *
 * Return: the zeroed 1 KiB table (every entry a fault), synced to the
 * table walker before any first-level descriptor can point at it; NULL
 * when no slot is free (the SPT operation then fails with -ENOMEM; see
 * pool.h for what the caller does next).
 */
u32 *umbra_pool_alloc_l2(void *ctx, u32 *pa)
{
	struct umbra_pool *pool = ctx;
	unsigned int n = umbra_pool_nr_l2(pool), i, idx;
	u32 *table;

	if (!pool->nr_l2_free)
		return NULL;
	for (i = 0; i < n; i++) {
		idx = (pool->l2_next + i) % n;
		if (!pool_bit(pool->l2_used, idx))
			break;
	}
	if (i == n)
		return NULL;	/* not reached: nr_l2_free says otherwise */
	pool_set_bit(pool->l2_used, idx);
	pool->nr_l2_free--;
	pool->l2_next = (idx + 1) % n;
	table = umbra_pool_l2_slot(pool, idx, pa);
	/* Free slots are already zero (the checker verifies it). */
	pool_zero(pool, table, ARM_L2_SIZE);
	return table;
}

/**
 * umbra_pool_free_l2() - give back a second-level slot; the free_l2 of
 * umbra_pool_spt_ops.
 * @ctx:   the struct umbra_pool
 * @table: the table from umbra_pool_alloc_l2(); no first-level descriptor
 *         may point at it any more
 * @pa:    its physical address
 *
 * The slot is zeroed, so it is empty while free (thesis 4.2.3). A table
 * that is not an allocated slot of the pool, or whose @pa and @table
 * disagree, is ignored and counted as a bad free (reported by the
 * checker).
 */
void umbra_pool_free_l2(void *ctx, u32 *table, u32 pa)
{
	struct umbra_pool *pool = ctx;
	struct umbra_pool_slot slot;
	u32 spa;

	if (!umbra_pool_find(pool, pa, &slot) || slot.kind != UMBRA_POOL_L2 ||
	    slot.pa != pa || umbra_pool_l2_slot(pool, slot.index, &spa) != table ||
	    !pool_bit(pool->l2_used, slot.index)) {
		pool->bad_frees++;
		return;
	}
	pool_zero(pool, table, ARM_L2_SIZE);
	pool_clear_bit(pool->l2_used, slot.index);
	pool->nr_l2_free++;
}

static void umbra_pool_sync(void *ctx, u32 *entry, size_t bytes)
{
	struct umbra_pool *pool = ctx;

	if (pool->sync)
		pool->sync(pool->sync_ctx, entry, bytes);
}

/*
 * A pool as an SPT's table memory: umbra_spt_init(spt, l1, l1_pa, ...,
 * &umbra_pool_spt_ops, pool), with l1 from umbra_pool_alloc_l1().
 */
const struct umbra_spt_ops umbra_pool_spt_ops = {
	.alloc_l2 = umbra_pool_alloc_l2,
	.free_l2 = umbra_pool_free_l2,
	.sync = umbra_pool_sync,
};

/* Index in by_pa of the last piece starting at or below @pa, or -1. */
static int pool_floor(const struct umbra_pool *pool, u32 pa)
{
	int lo = 0, hi = (int)(pool->nr_l1 + pool->nr_l2_pages) - 1, best = -1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (pool_chunk_pa(pool, pool->by_pa[mid]) <= pa) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return best;
}

/**
 * umbra_pool_find() - which slot of @pool holds a physical address.
 * @pool: the pool
 * @pa:   physical address (any byte)
 * @slot: out: the slot (kind UMBRA_POOL_NONE when @pa is not in @pool)
 *
 * O(log n) in the number of pieces of memory.
 * Return: true when @pa lies in @pool's memory.
 */
bool umbra_pool_find(const struct umbra_pool *pool, u32 pa,
		     struct umbra_pool_slot *slot)
{
	int i = pool_floor(pool, pa);
	const struct umbra_pool_mem *mem;
	unsigned int id, quarter;
	u32 size;

	slot->kind = UMBRA_POOL_NONE;
	slot->index = 0;
	slot->pa = 0;
	if (i < 0)
		return false;
	id = pool->by_pa[i];
	mem = pool_chunk(pool, id, &size);
	if (pa - mem->pa >= size)
		return false;
	if (id < pool->nr_l1) {
		slot->kind = UMBRA_POOL_L1;
		slot->index = id;
		slot->pa = mem->pa;
		return true;
	}
	quarter = (pa - mem->pa) / ARM_L2_SIZE;
	slot->kind = UMBRA_POOL_L2;
	slot->index = (id - pool->nr_l1) * UMBRA_POOL_L2_PER_PAGE + quarter;
	slot->pa = mem->pa + quarter * ARM_L2_SIZE;
	return true;
}

/**
 * umbra_pool_contains() - is every byte of [@pa, @pa + @size) pool memory?
 * @pool: the pool
 * @pa:   first physical address
 * @size: bytes; a range that wraps past 4 GiB is never contained
 *
 * Return: true when the whole range is in @pool (possibly across
 * adjacent pieces).
 */
bool umbra_pool_contains(const struct umbra_pool *pool, u32 pa, u32 size)
{
	if (size && pa > 0xffffffffu - (size - 1))
		return false;
	while (size) {
		struct umbra_pool_slot slot;
		u32 end, n;

		if (!umbra_pool_find(pool, pa, &slot))
			return false;
		end = slot.kind == UMBRA_POOL_L1 ? slot.pa + ARM_L1_SIZE :
						   slot.pa + ARM_L2_SIZE;
		n = end - pa;	/* end may be 0 after the last byte */
		if (n >= size)
			return true;
		pa += n;
		size -= n;
	}
	return true;
}

/**
 * umbra_pool_overlaps() - is any byte of [@pa, @pa + @size) pool memory?
 * @pool: the pool
 * @pa:   first physical address
 * @size: bytes (the range is clipped at 4 GiB)
 *
 * Return: true when the range and @pool share a byte.
 */
bool umbra_pool_overlaps(const struct umbra_pool *pool, u32 pa, u32 size)
{
	const struct umbra_pool_mem *mem;
	u32 last, csize;
	int i;

	if (!size)
		return false;
	last = pa > 0xffffffffu - (size - 1) ? 0xffffffffu : pa + (size - 1);
	/* the last piece starting at or below the range's last byte */
	i = pool_floor(pool, last);
	if (i < 0)
		return false;
	mem = pool_chunk(pool, pool->by_pa[i], &csize);
	return mem->pa + (csize - 1) >= pa;
}

/**
 * umbra_pool_nr_l1() - number of first-level slots.
 * @pool: the pool
 */
unsigned int umbra_pool_nr_l1(const struct umbra_pool *pool)
{
	return pool->nr_l1;
}

/**
 * umbra_pool_nr_l2() - number of second-level slots (4 per page).
 * @pool: the pool
 */
unsigned int umbra_pool_nr_l2(const struct umbra_pool *pool)
{
	return pool->nr_l2_pages * UMBRA_POOL_L2_PER_PAGE;
}

/**
 * umbra_pool_nr_l1_free() - number of free first-level slots.
 * @pool: the pool
 */
unsigned int umbra_pool_nr_l1_free(const struct umbra_pool *pool)
{
	return pool->nr_l1_free;
}

/**
 * umbra_pool_nr_l2_free() - number of free second-level slots.
 * @pool: the pool
 */
unsigned int umbra_pool_nr_l2_free(const struct umbra_pool *pool)
{
	return pool->nr_l2_free;
}

/**
 * umbra_pool_l1_slot() - a first-level slot, free or not.
 * @pool:  the pool
 * @index: 0 .. umbra_pool_nr_l1() - 1
 * @pa:    out: its physical address
 *
 * Return: its CPU address (16 KiB), or NULL for an out-of-range @index.
 */
u32 *umbra_pool_l1_slot(const struct umbra_pool *pool, unsigned int index,
			u32 *pa)
{
	if (index >= pool->nr_l1)
		return NULL;
	*pa = pool->l1[index].pa;
	return pool->l1[index].cpu;
}

/**
 * umbra_pool_l2_slot() - a second-level slot, free or not.
 * @pool:  the pool
 * @index: 0 .. umbra_pool_nr_l2() - 1: page @index / 4, 1 KiB quarter
 *         @index % 4
 * @pa:    out: its physical address
 *
 * Return: its CPU address (1 KiB), or NULL for an out-of-range @index.
 */
u32 *umbra_pool_l2_slot(const struct umbra_pool *pool, unsigned int index,
			u32 *pa)
{
	const struct umbra_pool_mem *page;
	unsigned int quarter = index % UMBRA_POOL_L2_PER_PAGE;

	if (index >= umbra_pool_nr_l2(pool))
		return NULL;
	page = &pool->l2_pages[index / UMBRA_POOL_L2_PER_PAGE];
	*pa = page->pa + quarter * ARM_L2_SIZE;
	return page->cpu + quarter * L2_WORDS;
}

/**
 * umbra_pool_l1_is_free() - is a first-level slot free?
 * @pool:  the pool
 * @index: slot index; out-of-range slots are reported not free
 */
bool umbra_pool_l1_is_free(const struct umbra_pool *pool, unsigned int index)
{
	return index < pool->nr_l1 && !pool_bit(pool->l1_used, index);
}

/**
 * umbra_pool_l2_is_free() - is a second-level slot free?
 * @pool:  the pool
 * @index: slot index; out-of-range slots are reported not free
 */
bool umbra_pool_l2_is_free(const struct umbra_pool *pool, unsigned int index)
{
	return index < umbra_pool_nr_l2(pool) &&
	       !pool_bit(pool->l2_used, index);
}

/**
 * umbra_pool_bad_frees() - how many frees the pool refused (double frees,
 * foreign tables, mismatched CPU and physical addresses).
 * @pool: the pool
 */
unsigned int umbra_pool_bad_frees(const struct umbra_pool *pool)
{
	return pool->bad_frees;
}
