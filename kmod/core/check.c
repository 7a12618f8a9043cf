// SPDX-License-Identifier: GPL-2.0
/*
 * The invariants checker (see check.h): walks every SPT of a VM as the
 * hardware would, from its TTBR0 value through the physical addresses in
 * its descriptors, resolved only through the VM's pool, and reports the
 * first violation with a reason a human can act on.
 *
 * Rights are read from the descriptors with SCTLR.AFE == 0 (a host
 * requirement, Documentation/design.rst), where PL0 may access a page iff
 * AP[1] is set and may write it iff AP[2:0] == 0b011 (ARM ARM B3.7.1,
 * Table B3-8); shadow first-level entries are in domain 0, which the world
 * switch makes a Client domain, so AP applies.
 */
#include "check.h"

/* Short-descriptor fields (ARM ARM B3.5.1) */
#define L1_ATTR_MASK	0x3fcu	/* PXN, NS, SBZ, domain, bit[9] */
#define L2_TYPE_MASK	0x3u
#define L2_TYPE_LARGE	0x1u

static const char *const check_names[] = {
	[UMBRA_CHECK_IN_POOL] =
		"invariant 1, tables in the pool (thesis 4.1.3, 4.1.4)",
	[UMBRA_CHECK_OVERLAP] =
		"invariant 2, tables do not overlap (thesis 4.1.5, 4.1.6)",
	[UMBRA_CHECK_ALLOWED] =
		"invariant 3, user mappings allowed (thesis 4.2.1)",
	[UMBRA_CHECK_USER_HIDDEN] =
		"invariant 4, forbidden range and pool not user accessible (thesis 4.2.2, 4.2.7, 3.2.16)",
	[UMBRA_CHECK_SLOTS] =
		"invariant 5, pool slots free or referenced once (thesis 4.2.3, 4.2.5)",
	[UMBRA_CHECK_FREE_EMPTY] =
		"invariant 6, free tables empty (thesis 4.2.3, 4.2.4)",
	[UMBRA_CHECK_MAPPED] =
		"invariant 7, unmap post-condition (thesis 4.3.3, 4.3.5)",
	[8] = NULL,
	[UMBRA_CHECK_FORM] =
		"well-formed SPT (thesis 3.2: page tables, small pages)",
	[UMBRA_CHECK_DEVICE] =
		"device pages are Device memory, never executable (B3.8.2)",
};

/* A bounded string builder: no snprintf in the portable core. */
struct why {
	char *buf;
	size_t len;
	size_t pos;
};

static void why_char(struct why *w, char c)
{
	if (w->pos + 1 < w->len) {
		w->buf[w->pos++] = c;
		w->buf[w->pos] = '\0';
	}
}

static void why_str(struct why *w, const char *s)
{
	while (*s)
		why_char(w, *s++);
}

static void why_num(struct why *w, u32 v, unsigned int base)
{
	char digits[11];
	int n = 0;

	if (base == 16)
		why_str(w, "0x");
	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		why_char(w, digits[--n]);
}

/*
 * Fill @buf with "<invariant>: <message>", where each %d in @fmt prints
 * the next of the @n arguments in decimal and each %x in hexadecimal.
 * Return: -@code.
 */
static int check_fail(char *buf, size_t len, int code, const char *fmt,
		      const u32 *args, unsigned int n)
{
	struct why w = { .buf = buf, .len = len };
	unsigned int i = 0;

	if (!buf || !len)
		return -code;
	buf[0] = '\0';
	why_str(&w, check_names[code]);
	why_str(&w, ": ");
	for (; *fmt; fmt++) {
		if (fmt[0] == '%' && (fmt[1] == 'd' || fmt[1] == 'x') &&
		    i < n) {
			why_num(&w, args[i++], fmt[1] == 'd' ? 10 : 16);
			fmt++;
			continue;
		}
		why_char(&w, *fmt);
	}
	return -code;
}

/* Report a violation; @why and @len must be in scope. */
#define CHECK_FAIL(code, fmt, ...)					\
	check_fail(why, len, code, fmt, (const u32[]){ __VA_ARGS__ },	\
		   sizeof((const u32[]){ __VA_ARGS__ }) / sizeof(u32))

/**
 * umbra_check_user_rights() - what PL0 may do through a second-level
 * descriptor of a shadow table.
 * @desc: the descriptor
 *
 * AP[2:0] with SCTLR.AFE == 0 (ARM ARM B3.7.1, Table B3-8): 0b010, 0b110
 * and 0b111 give PL0 read, 0b011 read/write, the others nothing; execute
 * needs read and XN clear (B3.7.2). A large page (64 KiB) is read with its
 * XN in bit[15].
 *
 * Return: UMBRA_R, UMBRA_W and UMBRA_X bits; 0 for a fault or a mapping
 * PL0 cannot use.
 */
u32 umbra_check_user_rights(u32 desc)
{
	u32 ap = ((desc >> 4) & 0x3u) | ((desc & ARM_L2_AP2) ? 4u : 0u);
	bool xn;
	u32 r;

	if (!(desc & L2_TYPE_MASK))
		return 0;
	if (!(ap & 0x2u))	/* AP[1]: the PL0 access bit */
		return 0;
	r = UMBRA_R;
	if (ap == 0x3u)
		r |= UMBRA_W;
	xn = (desc & L2_TYPE_MASK) == L2_TYPE_LARGE ? desc & (1u << 15) :
						      desc & ARM_L2_XN;
	if (!xn)
		r |= UMBRA_X;
	return r;
}

static bool check_in_forbidden(const struct umbra_check_vm *vm, u32 va)
{
	return va - vm->forbidden_base < vm->forbidden_size;
}

static bool check_all_zero(const u32 *table, unsigned int words)
{
	unsigned int i;

	for (i = 0; i < words; i++)
		if (table[i])
			return false;
	return true;
}

/*
 * The first-level table of SPT @s as the hardware finds it: the pool slot
 * at its TTBR0 value. Return: 0 with *@slot set, or -code.
 */
static int check_l1_table(const struct umbra_check_vm *vm, unsigned int s,
			  struct umbra_pool_slot *slot, u32 **l1, char *why,
			  size_t len)
{
	const struct umbra_spt *spt = vm->spt[s];
	u32 pa;

	if (!umbra_pool_find(vm->pool, spt->l1_pa, slot) ||
	    slot->kind != UMBRA_POOL_L1 || slot->pa != spt->l1_pa)
		return CHECK_FAIL(UMBRA_CHECK_IN_POOL,
				  "spt %d: first-level table at PA %x is not a first-level slot of the pool",
				  s, spt->l1_pa);
	*l1 = umbra_pool_l1_slot(vm->pool, slot->index, &pa);
	if (*l1 != spt->l1)
		return CHECK_FAIL(UMBRA_CHECK_FORM,
				  "spt %d: CPU pointer of the first-level table disagrees with its PA %x (slot %d)",
				  s, spt->l1_pa, slot->index);
	return 0;
}

/*
 * The second-level table a first-level entry @e of SPT @s (index @idx)
 * points at, as the hardware finds it. Return: 0 with *@slot and *@l2
 * set, or -code.
 */
static int check_l2_table(const struct umbra_check_vm *vm, unsigned int s,
			  u32 idx, u32 e, struct umbra_pool_slot *slot,
			  u32 **l2, char *why, size_t len)
{
	u32 pa = e & ARM_L1_TABLE_ADDR_MASK, spa;

	if ((e & ARM_L1_TYPE_MASK) != ARM_L1_TYPE_TABLE)
		return CHECK_FAIL(UMBRA_CHECK_FORM,
				  "spt %d: L1[%x] = %x is neither zero nor a page-table descriptor (shadow tables hold no sections)",
				  s, idx, e);
	if (e & L1_ATTR_MASK)
		return CHECK_FAIL(UMBRA_CHECK_FORM,
				  "spt %d: L1[%x] = %x has a domain other than 0 or PXN/NS/SBZ bits set",
				  s, idx, e);
	if (!umbra_pool_find(vm->pool, pa, slot))
		return CHECK_FAIL(UMBRA_CHECK_IN_POOL,
				  "spt %d: L1[%x] -> second-level table at PA %x, outside the pool",
				  s, idx, pa);
	if (slot->kind != UMBRA_POOL_L2)
		return CHECK_FAIL(UMBRA_CHECK_OVERLAP,
				  "spt %d: L1[%x] -> second-level table at PA %x, inside first-level slot %d",
				  s, idx, pa, slot->index);
	*l2 = umbra_pool_l2_slot(vm->pool, slot->index, &spa);
	return 0;
}

/* Invariants 3 and 4 and the form of one second-level table. */
static int check_l2_entries(const struct umbra_check_vm *vm, unsigned int s,
			    u32 idx, const u32 *l2, char *why, size_t len)
{
	unsigned int j;

	for (j = 0; j < ARM_L2_ENTRIES; j++) {
		u32 d = l2[j], va, pa, r, a;

		if (!d)
			continue;
		va = (idx << ARM_SECTION_SHIFT) | (j << ARM_PAGE_SHIFT);
		if (!(d & ARM_L2_SMALL))
			return CHECK_FAIL(UMBRA_CHECK_FORM,
					  "spt %d: VA %x: descriptor %x is neither zero nor a small page",
					  s, va, d);
		r = umbra_check_user_rights(d);
		if (!r)
			continue;	/* PL1 only: the monitor's */
		pa = d & ARM_L2_ADDR_MASK;
		if (check_in_forbidden(vm, va))
			return CHECK_FAIL(UMBRA_CHECK_USER_HIDDEN,
					  "spt %d: VA %x in the forbidden range is user accessible (descriptor %x)",
					  s, va, d);
		if (umbra_pool_overlaps(vm->pool, pa, ARM_PAGE_SIZE))
			return CHECK_FAIL(UMBRA_CHECK_USER_HIDDEN,
					  "spt %d: VA %x maps pool page PA %x with user rights (descriptor %x)",
					  s, va, pa, d);
		a = vm->allowed(vm->ctx, pa);
		if (r & ~a & (UMBRA_R | UMBRA_W))
			return CHECK_FAIL(UMBRA_CHECK_ALLOWED,
					  "spt %d: VA %x maps PA %x for user %x (R 1, W 2), the VM is allowed %x",
					  s, va, pa, r & (UMBRA_R | UMBRA_W), a);
		if ((a & UMBRA_DEV) &&
		    ((r & UMBRA_X) || !(d & ARM_L2_S) ||
		     (d & ARM_L2_MT_MASK) != ARM_L2_MT_DEVICE))
			return CHECK_FAIL(UMBRA_CHECK_DEVICE,
					  "spt %d: VA %x maps device PA %x with descriptor %x, not shareable Device and XN",
					  s, va, pa, d);
		if (!(a & UMBRA_DEV) &&
		    (d & ARM_L2_MT_MASK) == ARM_L2_MT_DEVICE)
			return CHECK_FAIL(UMBRA_CHECK_DEVICE,
					  "spt %d: VA %x maps PA %x, not a device page, as Device memory (descriptor %x)",
					  s, va, pa, d);
	}
	return 0;
}

static int check_spt(const struct umbra_check_vm *vm, unsigned int s,
		     char *why, size_t len)
{
	struct umbra_check_scratch *sc = vm->scratch;
	const struct umbra_spt *spt = vm->spt[s];
	struct umbra_pool_slot slot;
	unsigned int nr = 0;
	u32 *l1, *l2, idx;
	int ret;

	ret = check_l1_table(vm, s, &slot, &l1, why, len);
	if (ret)
		return ret;
	if (umbra_pool_l1_is_free(vm->pool, slot.index))
		return CHECK_FAIL(UMBRA_CHECK_SLOTS,
				  "spt %d: first-level table is free slot %d",
				  s, slot.index);
	if (sc->l1_ref[slot.index])
		return CHECK_FAIL(UMBRA_CHECK_SLOTS,
				  "first-level slot %d is the table of spt %d and of spt %d",
				  slot.index, sc->l1_ref[slot.index] - 1, s);
	sc->l1_ref[slot.index] = s + 1;
	if (spt->forbidden_base != vm->forbidden_base ||
	    spt->forbidden_size != vm->forbidden_size)
		return CHECK_FAIL(UMBRA_CHECK_FORM,
				  "spt %d: forbidden range %x+%x, the VM's is %x",
				  s, spt->forbidden_base, spt->forbidden_size,
				  vm->forbidden_base);

	for (idx = 0; idx < ARM_L1_ENTRIES; idx++) {
		u32 e = l1[idx], ref;

		if (!e) {
			if (spt->l2[idx])
				return CHECK_FAIL(UMBRA_CHECK_FORM,
						  "spt %d: l2[%x] is set but L1[%x] is a fault",
						  s, idx, idx);
			continue;
		}
		ret = check_l2_table(vm, s, idx, e, &slot, &l2, why, len);
		if (ret)
			return ret;
		ref = sc->l2_ref[slot.index];
		if (ref)
			return CHECK_FAIL(UMBRA_CHECK_OVERLAP,
					  "spt %d: L1[%x] -> second-level slot %d, already reached from spt %d L1[%x]",
					  s, idx, slot.index, (ref - 1) >> 12,
					  (ref - 1) & (ARM_L1_ENTRIES - 1));
		sc->l2_ref[slot.index] = 1 + ((s << 12) | idx);
		if (umbra_pool_l2_is_free(vm->pool, slot.index))
			return CHECK_FAIL(UMBRA_CHECK_SLOTS,
					  "spt %d: L1[%x] -> second-level slot %d (PA %x), which is free",
					  s, idx, slot.index, slot.pa);
		if (spt->l2[idx] != l2)
			return CHECK_FAIL(UMBRA_CHECK_FORM,
					  "spt %d: l2[%x] disagrees with L1[%x] = %x",
					  s, idx, idx, e);
		nr++;
		ret = check_l2_entries(vm, s, idx, l2, why, len);
		if (ret)
			return ret;
	}
	if (nr != spt->nr_l2)
		return CHECK_FAIL(UMBRA_CHECK_FORM,
				  "spt %d: nr_l2 is %d, the first-level table has %d tables",
				  s, spt->nr_l2, nr);
	return 0;
}

/**
 * umbra_check() - check invariants 1 to 6 (and the form) of a VM's SPTs.
 * @vm:  the VM's pool, SPTs, forbidden range, permissions and scratch
 * @why: out: on a violation, which invariant, which SPT, entry or slot, and
 *       which address (NUL-terminated, truncated to @len); may be NULL
 * @len: size of @why in bytes
 *
 * Reads every first-level entry of every SPT (4096 words each), every
 * in-use second-level table and every free table. Not for hot paths: a
 * debugging and testing aid.
 *
 * Return: 0 when every invariant holds; otherwise -UMBRA_CHECK_* of the
 * first violation found.
 */
int umbra_check(const struct umbra_check_vm *vm, char *why, size_t len)
{
	const struct umbra_pool *pool = vm->pool;
	struct umbra_check_scratch *sc = vm->scratch;
	unsigned int n1 = umbra_pool_nr_l1(pool), n2 = umbra_pool_nr_l2(pool);
	unsigned int s, k, free1 = 0, free2 = 0;
	u32 *table, pa;
	int ret;

	if (why && len)
		why[0] = '\0';
	memset(sc->l1_ref, 0, n1 * sizeof(sc->l1_ref[0]));
	memset(sc->l2_ref, 0, n2 * sizeof(sc->l2_ref[0]));
	for (s = 0; s < vm->nr_spt; s++) {
		ret = check_spt(vm, s, why, len);
		if (ret)
			return ret;
	}

	for (k = 0; k < n1; k++) {
		table = umbra_pool_l1_slot(pool, k, &pa);
		if (!umbra_pool_l1_is_free(pool, k)) {
			if (!sc->l1_ref[k])
				return CHECK_FAIL(UMBRA_CHECK_SLOTS,
						  "first-level slot %d (PA %x) is in use but no SPT's table",
						  k, pa);
			continue;
		}
		free1++;
		if (!check_all_zero(table, ARM_L1_ENTRIES))
			return CHECK_FAIL(UMBRA_CHECK_FREE_EMPTY,
					  "free first-level slot %d (PA %x) is not all zero",
					  k, pa);
	}
	for (k = 0; k < n2; k++) {
		table = umbra_pool_l2_slot(pool, k, &pa);
		if (!umbra_pool_l2_is_free(pool, k)) {
			if (!sc->l2_ref[k])
				return CHECK_FAIL(UMBRA_CHECK_SLOTS,
						  "second-level slot %d (PA %x) is in use but referenced by no first-level entry",
						  k, pa);
			continue;
		}
		free2++;
		if (!check_all_zero(table, ARM_L2_ENTRIES))
			return CHECK_FAIL(UMBRA_CHECK_FREE_EMPTY,
					  "free second-level slot %d (PA %x) is not all zero",
					  k, pa);
	}
	if (free1 != umbra_pool_nr_l1_free(pool) ||
	    free2 != umbra_pool_nr_l2_free(pool))
		return CHECK_FAIL(UMBRA_CHECK_SLOTS,
				  "pool counts %d free first-level and %d free second-level slots, its bitmaps %d and %d",
				  umbra_pool_nr_l1_free(pool),
				  umbra_pool_nr_l2_free(pool), free1, free2);
	if (umbra_pool_bad_frees(pool))
		return CHECK_FAIL(UMBRA_CHECK_SLOTS,
				  "the pool refused %d frees of tables it had not handed out",
				  umbra_pool_bad_frees(pool));
	return 0;
}

/*
 * The second-level descriptor of @va in SPT @i, read as the hardware
 * does. Return: 0 with *@desc set (0 when unmapped), or -code.
 */
static int check_desc(const struct umbra_check_vm *vm, unsigned int i,
		      const u32 *l1, u32 va, u32 *desc, char *why, size_t len)
{
	struct umbra_pool_slot slot;
	u32 e = l1[arm_l1_index(va)], *l2;
	int ret;

	*desc = 0;
	if (!e)
		return 0;
	ret = check_l2_table(vm, i, arm_l1_index(va), e, &slot, &l2, why, len);
	if (ret)
		return ret;
	*desc = l2[arm_l2_index(va)];
	return 0;
}

/**
 * umbra_check_unmapped() - the post-condition of unmapping
 * [@va, @va + @size) from SPT @i: nothing maps any of it, the forbidden
 * range apart (thesis lemma 4.3.3).
 * @vm:   the VM
 * @i:    index of the SPT in @vm->spt
 * @va:   first guest virtual address (rounded down to its page)
 * @size: bytes (rounded up to whole pages; clipped at 4 GiB)
 * @why:  out: the reason, as for umbra_check(); may be NULL
 * @len:  size of @why
 *
 * Return: 0; -UMBRA_CHECK_MAPPED when a page is still mapped; the code of
 * a broken table (not in the pool, malformed) met on the way.
 */
int umbra_check_unmapped(const struct umbra_check_vm *vm, unsigned int i,
			 u32 va, u32 size, char *why, size_t len)
{
	struct umbra_pool_slot slot;
	u32 page = va & ARM_PAGE_MASK, *l1, desc;
	u64 end = (u64)va + size;
	int ret;

	if (why && len)
		why[0] = '\0';
	ret = check_l1_table(vm, i, &slot, &l1, why, len);
	if (ret)
		return ret;
	for (; (u64)page < end; page += ARM_PAGE_SIZE) {
		if (!check_in_forbidden(vm, page)) {
			ret = check_desc(vm, i, l1, page, &desc, why, len);
			if (ret)
				return ret;
			if (desc)
				return CHECK_FAIL(UMBRA_CHECK_MAPPED,
						  "spt %d: VA %x is still mapped (descriptor %x) after unmap of %x",
						  i, page, desc, va);
		}
		if (page == ARM_PAGE_MASK)
			break;	/* the last page */
	}
	return 0;
}

/**
 * umbra_check_unmap_all() - the post-condition of umbra_spt_unmap_all()
 * on SPT @i: only the forbidden range is still mapped (thesis lemma 4.3.5;
 * with invariant 4 this means nothing is mapped with user rights).
 * @vm:  the VM
 * @i:   index of the SPT in @vm->spt
 * @why: out: the reason, as for umbra_check(); may be NULL
 * @len: size of @why
 *
 * Return: 0; -UMBRA_CHECK_MAPPED when a page outside the forbidden range
 * is mapped; the code of a broken table met on the way.
 */
int umbra_check_unmap_all(const struct umbra_check_vm *vm, unsigned int i,
			  char *why, size_t len)
{
	struct umbra_pool_slot slot;
	u32 *l1, *l2, idx, j;
	int ret;

	if (why && len)
		why[0] = '\0';
	ret = check_l1_table(vm, i, &slot, &l1, why, len);
	if (ret)
		return ret;
	for (idx = 0; idx < ARM_L1_ENTRIES; idx++) {
		if (!l1[idx])
			continue;
		ret = check_l2_table(vm, i, idx, l1[idx], &slot, &l2, why,
				     len);
		if (ret)
			return ret;
		for (j = 0; j < ARM_L2_ENTRIES; j++) {
			u32 va = (idx << ARM_SECTION_SHIFT) |
				 (j << ARM_PAGE_SHIFT);

			if (l2[j] && !check_in_forbidden(vm, va))
				return CHECK_FAIL(UMBRA_CHECK_MAPPED,
						  "spt %d: VA %x is still mapped (descriptor %x) after unmap_all",
						  i, va, l2[j]);
		}
	}
	return 0;
}
