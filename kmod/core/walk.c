// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's translation table walk: the ARMv7-A short-descriptor format
 * (ARM ARM B3.5), the access permission models (B3.7) and the faults the
 * guest must see (B3.12, B3.13, Table B3-23).
 *
 * The model is a VMSAv7 implementation without the Large Physical Address
 * Extension and without the PXN attribute on sections: first-level
 * descriptor type 0b11 is treated as reserved and gives a Section
 * translation fault (B3.5.1). The PXN bit of a page table descriptor
 * (bit[2]) is honoured. Extended supersection base address bits (PA[39:32])
 * are ignored: IPAs are 32 bits.
 *
 * Fault checking order (B3.12.3): table walk external abort, translation
 * fault, Access flag fault, then domain check, then permission check. The
 * first three stop the walk; the last two depend on the access, so a
 * successful walk records the rights at PL1 and PL0 and, in w->fsr, the
 * fault that an access the rights do not permit would report: a Domain
 * fault when the DACR field of the domain is No access (or reserved), a
 * Permission fault otherwise.
 */
#include "walk.h"

/* SCTLR (B4.1.130) */
#define SCTLR_M			(1u << 0)
#define SCTLR_AFE		(1u << 29)

/* TTBCR (B4.1.153) */
#define TTBCR_N_MASK		0x7u
#define TTBCR_PD0		(1u << 4)
#define TTBCR_PD1		(1u << 5)
#define TTBCR_EAE		(1u << 31)

/* First-level descriptors (B3.5.1) */
#define L1_TYPE_MASK		0x3u
#define L1_TYPE_FAULT		0x0u
#define L1_TYPE_TABLE		0x1u
#define L1_TYPE_SECTION		0x2u
#define L1_TYPE_RESERVED	0x3u
#define L1_TABLE_PXN		(1u << 2)
#define L1_TABLE_ADDR_MASK	0xfffffc00u
#define L1_SECT_PXN		(1u << 0)
#define L1_SECT_XN		(1u << 4)
#define L1_SECT_NG		(1u << 17)
#define L1_SECT_SUPER		(1u << 18)
#define L1_SECT_AP10_SHIFT	10
#define L1_SECT_AP2		(1u << 15)
#define L1_DOMAIN_SHIFT		5
#define L1_DOMAIN_MASK		0xfu

/* Second-level descriptors (B3.5.1) */
#define L2_TYPE_MASK		0x3u
#define L2_TYPE_FAULT		0x0u
#define L2_TYPE_LARGE		0x1u
#define L2_SMALL_XN		(1u << 0)
#define L2_LARGE_XN		(1u << 15)
#define L2_NG			(1u << 11)
#define L2_AP10_SHIFT		4
#define L2_AP2			(1u << 9)

#define SECTION_SIZE		0x00100000u
#define SUPERSECTION_SIZE	0x01000000u
#define LARGE_SIZE		0x00010000u
#define SMALL_SIZE		0x00001000u

/* Short-descriptor fault status encodings, FS[4:0] (Table B3-23) */
#define FS_AF_SECTION		0x03u
#define FS_TRANS_SECTION	0x05u
#define FS_AF_PAGE		0x06u
#define FS_TRANS_PAGE		0x07u
#define FS_DOMAIN_SECTION	0x09u
#define FS_DOMAIN_PAGE		0x0bu
#define FS_EXT_WALK_L1		0x0cu
#define FS_PERM_SECTION		0x0du
#define FS_EXT_WALK_L2		0x0eu
#define FS_PERM_PAGE		0x0fu

/* DACR fields (B4.1.43) */
#define DACR_NO_ACCESS		0x0u
#define DACR_CLIENT		0x1u
#define DACR_RESERVED		0x2u
#define DACR_MANAGER		0x3u

#define RW			(UMBRA_R | UMBRA_W)
#define RWX			(UMBRA_R | UMBRA_W | UMBRA_X)

/* AP[2:0] with SCTLR.AFE == 0 (Table B3-8): { PL1, PL0 } */
static const u8 ap_full[8][2] = {
	{ 0, 0 },		/* 000: no access */
	{ RW, 0 },		/* 001: PL1 RW */
	{ RW, UMBRA_R },	/* 010: PL1 RW, PL0 RO */
	{ RW, RW },		/* 011: full access */
	{ 0, 0 },		/* 100: reserved, treated as no access */
	{ UMBRA_R, 0 },		/* 101: PL1 RO */
	{ UMBRA_R, UMBRA_R },	/* 110: RO (deprecated) */
	{ UMBRA_R, UMBRA_R },	/* 111: RO */
};

/* AP[2:1] with SCTLR.AFE == 1, simplified model (Table B3-9) */
static const u8 ap_simple[4][2] = {
	{ RW, 0 },		/* 00: PL1 RW */
	{ RW, RW },		/* 01: RW at any PL */
	{ UMBRA_R, 0 },		/* 10: PL1 RO */
	{ UMBRA_R, UMBRA_R },	/* 11: RO at any PL */
};

/* FS[4] goes to FSR bit[10], FS[3:0] to [3:0], the domain to [7:4]. */
static u32 walk_fsr(u32 fs, u32 domain)
{
	return ((fs & 0x10u) << 6) | (fs & 0xfu) |
	       ((domain & L1_DOMAIN_MASK) << 4);
}

/* What the walk learnt from the descriptors before the rights. */
struct walk_desc {
	u32 ap;		/* AP[2:0] */
	bool xn;
	bool pxn;
	bool page;	/* second-level: page FS encodings */
};

/*
 * Apply the Access flag check (B3.7.3), DACR (B3.7.4) and the access
 * permissions (B3.7.1, B3.7.2) to a found translation. Return: 0, or
 * -EFAULT with w->fsr set for an Access flag fault.
 */
static int walk_rights(const struct umbra_mmu_regs *regs,
		       const struct walk_desc *d, struct umbra_walk *w)
{
	bool afe = regs->sctlr & SCTLR_AFE;
	u32 dacr = (regs->dacr >> (2 * w->domain)) & 0x3u;
	const u8 *rights;

	if (afe && !(d->ap & 1u)) {
		w->fsr = walk_fsr(d->page ? FS_AF_PAGE : FS_AF_SECTION,
				  w->domain);
		return -EFAULT;
	}

	switch (dacr) {
	case DACR_MANAGER:
		/* No permission checks; XN and PXN are not checked either. */
		w->pl1 = RWX;
		w->pl0 = RWX;
		break;
	case DACR_CLIENT:
		rights = afe ? ap_simple[d->ap >> 1] : ap_full[d->ap];
		w->pl1 = rights[0];
		w->pl0 = rights[1];
		/* An instruction fetch needs read permission (B3.7.2). */
		if ((w->pl1 & UMBRA_R) && !d->xn && !d->pxn)
			w->pl1 |= UMBRA_X;
		if ((w->pl0 & UMBRA_R) && !d->xn)
			w->pl0 |= UMBRA_X;
		break;
	default:	/* no access, or reserved which behaves as no access */
		w->pl1 = 0;
		w->pl0 = 0;
		w->fsr = walk_fsr(d->page ? FS_DOMAIN_PAGE : FS_DOMAIN_SECTION,
				  w->domain);
		return 0;
	}
	w->fsr = walk_fsr(d->page ? FS_PERM_PAGE : FS_PERM_SECTION, w->domain);
	return 0;
}

/* Second-level lookup through the page table descriptor @l1. */
static int walk_l2(const struct umbra_mmu_regs *regs, u32 va, u32 l1,
		   umbra_read_ipa_fn read, void *ctx, struct umbra_walk *w)
{
	struct walk_desc d = { .page = true, .pxn = l1 & L1_TABLE_PXN };
	u32 domain = (l1 >> L1_DOMAIN_SHIFT) & L1_DOMAIN_MASK;
	u32 table = l1 & L1_TABLE_ADDR_MASK;
	u32 desc;

	/* The domain is valid in the FSR of every second-level fault. */
	if (read(ctx, table | (((va >> 12) & 0xffu) << 2), &desc)) {
		w->fsr = walk_fsr(FS_EXT_WALK_L2, domain);
		return -EFAULT;
	}

	switch (desc & L2_TYPE_MASK) {
	case L2_TYPE_FAULT:
		w->fsr = walk_fsr(FS_TRANS_PAGE, domain);
		return -EFAULT;
	case L2_TYPE_LARGE:
		w->kind = UMBRA_MAP_LARGE;
		w->size = LARGE_SIZE;
		d.xn = desc & L2_LARGE_XN;
		break;
	default:	/* 0b1x: small page, XN in bit[0] */
		w->kind = UMBRA_MAP_SMALL;
		w->size = SMALL_SIZE;
		d.xn = desc & L2_SMALL_XN;
		break;
	}
	d.ap = ((desc >> L2_AP10_SHIFT) & 0x3u) | ((desc & L2_AP2) ? 4u : 0u);
	w->va_base = va & ~(w->size - 1);
	w->ipa = (desc & ~(w->size - 1)) | (va & (w->size - 1));
	w->domain = domain;
	w->global = !(desc & L2_NG);
	return walk_rights(regs, &d, w);
}

/**
 * umbra_walk() - translate a guest virtual address as the guest's MMU would.
 * @regs: the guest's SCTLR, TTBR0, TTBR1, TTBCR and DACR
 * @va:   guest virtual address (any byte, no alignment needed)
 * @read: reads one word of the guest's translation tables by IPA
 * @ctx:  passed to @read
 * @w:    the result
 *
 * Walks the short-descriptor translation tables (ARM ARM B3.5): selects
 * TTBR0 or TTBR1 by TTBCR.N and honours TTBCR.PD0/PD1 (B3.5.4, B3.5.5),
 * decodes sections, supersections, large and small pages (B3.5.1), then
 * applies the Access flag (B3.7.3, SCTLR.AFE), the DACR domain type
 * (B3.7.4) and the access permissions with XN and PXN (B3.7.1, B3.7.2,
 * Tables B3-8 and B3-9). With SCTLR.M clear the mapping is flat: a 4 KiB
 * window with @va as IPA and every right at both PLs (B3.2.1).
 *
 * On success @w->fsr holds the fault, in the short-descriptor FSR format
 * (B4.1.52, Table B3-23), that an access @w does not permit would report:
 * a Domain fault if the DACR makes the domain No access (or reserved),
 * else a Permission fault, both with the domain in bits [7:4]; 0 when the
 * MMU is off. umbra_walk_access_fsr() reads it. On -EFAULT only @w->fsr is
 * meaningful; on -EINVAL nothing is.
 *
 * Return: 0 when a translation exists, whatever its rights (possibly
 * none); -EFAULT with @w->fsr set for a translation fault, an Access flag
 * fault or a synchronous external abort on the walk (@read failed; ExT,
 * bit[12], is 0); -EINVAL when TTBCR.EAE selects the long-descriptor
 * format, which is not supported.
 */
int umbra_walk(const struct umbra_mmu_regs *regs, u32 va,
	       umbra_read_ipa_fn read, void *ctx, struct umbra_walk *w)
{
	struct walk_desc d = { .page = false };
	u32 n = regs->ttbcr & TTBCR_N_MASK;
	u32 base, index, desc;
	bool disabled;

	memset(w, 0, sizeof(*w));

	if (!(regs->sctlr & SCTLR_M)) {
		w->ipa = va;
		w->kind = UMBRA_MAP_FLAT;
		w->va_base = va & ~(SMALL_SIZE - 1);
		w->size = SMALL_SIZE;
		w->global = true;
		w->pl1 = RWX;
		w->pl0 = RWX;
		return 0;
	}
	if (regs->ttbcr & TTBCR_EAE)
		return -EINVAL;

	/* B3.5.4: TTBR0 when VA[31:32-N] is zero (always when N is 0). */
	if (n && (va >> (32 - n))) {
		base = regs->ttbr1 & 0xffffc000u;
		index = va >> 20;
		disabled = regs->ttbcr & TTBCR_PD1;
	} else {
		base = regs->ttbr0 & (0xffffffffu << (14 - n));
		index = (va & (0xffffffffu >> n)) >> 20;
		disabled = regs->ttbcr & TTBCR_PD0;
	}
	if (disabled) {
		w->fsr = walk_fsr(FS_TRANS_SECTION, 0);
		return -EFAULT;
	}

	if (read(ctx, base | (index << 2), &desc)) {
		w->fsr = walk_fsr(FS_EXT_WALK_L1, 0);
		return -EFAULT;
	}

	switch (desc & L1_TYPE_MASK) {
	case L1_TYPE_TABLE:
		return walk_l2(regs, va, desc, read, ctx, w);
	case L1_TYPE_SECTION:
		break;
	default:	/* fault, or reserved in this model: domain UNKNOWN */
		w->fsr = walk_fsr(FS_TRANS_SECTION, 0);
		return -EFAULT;
	}

	if (desc & L1_SECT_SUPER) {
		w->kind = UMBRA_MAP_SUPERSECTION;
		w->size = SUPERSECTION_SIZE;
		w->domain = 0;	/* bits[8:5] are PA[39:36], ignored */
	} else {
		w->kind = UMBRA_MAP_SECTION;
		w->size = SECTION_SIZE;
		w->domain = (desc >> L1_DOMAIN_SHIFT) & L1_DOMAIN_MASK;
	}
	d.ap = ((desc >> L1_SECT_AP10_SHIFT) & 0x3u) |
	       ((desc & L1_SECT_AP2) ? 4u : 0u);
	d.xn = desc & L1_SECT_XN;
	d.pxn = desc & L1_SECT_PXN;	/* always 0 while 0b11 is reserved */
	w->va_base = va & ~(w->size - 1);
	w->ipa = (desc & ~(w->size - 1)) | (va & (w->size - 1));
	w->global = !(desc & L1_SECT_NG);
	return walk_rights(regs, &d, w);
}

/**
 * umbra_walk_access_fsr() - may the guest make this access through a
 * translation umbra_walk() found?
 * @w:      result of a umbra_walk() that returned 0
 * @pl1:    the access is made at PL1 (true) or PL0 (false)
 * @access: UMBRA_R (load), UMBRA_W (store) or UMBRA_X (instruction fetch),
 *          or several of them, all of which must be permitted
 *
 * A Domain fault takes priority over a Permission fault (B3.12.3); an
 * instruction fetch from memory that is XN, or PXN at PL1, or not readable
 * at that PL, is a Permission fault (B3.7.2). The caller adds WnR (bit[11])
 * for a data abort.
 *
 * Return: 0 if @access is permitted; otherwise the short-descriptor FSR of
 * the fault the guest must see (Table B3-23): Domain fault (FS 0b01001
 * section, 0b01011 page) or Permission fault (FS 0b01101 section, 0b01111
 * page), with the domain in bits [7:4].
 */
u32 umbra_walk_access_fsr(const struct umbra_walk *w, bool pl1, u32 access)
{
	u32 rights = pl1 ? w->pl1 : w->pl0;

	if ((access & rights) == access)
		return 0;
	return w->fsr;
}
