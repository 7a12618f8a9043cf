/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Walking the guest's own translation tables: the ARMv7 short-descriptor
 * format (ARM ARM B3.5), as the guest's virtual MMU would, to learn what a
 * guest virtual address means to the guest: its intermediate physical
 * address, its access rights at PL1 and at PL0, or the fault the guest
 * must see.
 */
#ifndef UMBRA_CORE_WALK_H
#define UMBRA_CORE_WALK_H

#include "types.h"

/**
 * struct umbra_mmu_regs - the guest's virtual translation registers.
 * @sctlr:      SCTLR (M, AFE and TRE matter here)
 * @ttbr0:      TTBR0
 * @ttbr1:      TTBR1
 * @ttbcr:      TTBCR (N, PD0, PD1; EAE must be 0)
 * @dacr:       DACR
 * @contextidr: CONTEXTIDR (the ASID is bits [7:0])
 */
struct umbra_mmu_regs {
	u32 sctlr;
	u32 ttbr0;
	u32 ttbr1;
	u32 ttbcr;
	u32 dacr;
	u32 contextidr;
};

/* Rights, as bit masks in struct umbra_walk */
#define UMBRA_R		(1u << 0)
#define UMBRA_W		(1u << 1)
#define UMBRA_X		(1u << 2)
/*
 * A memory region's right, never a walk's: the page is a device's
 * registers (UMBRA_MEM_DEVICE), mapped as Device memory, never executable.
 */
#define UMBRA_DEV	(1u << 3)

/* Kinds of guest mapping (struct umbra_walk.kind) */
#define UMBRA_MAP_FLAT		0	/* MMU off: VA == IPA */
#define UMBRA_MAP_SECTION	1	/* 1 MiB */
#define UMBRA_MAP_SUPERSECTION	2	/* 16 MiB */
#define UMBRA_MAP_LARGE		3	/* 64 KiB */
#define UMBRA_MAP_SMALL		4	/* 4 KiB */

/**
 * typedef umbra_read_ipa_fn - read one aligned word of guest physical
 * memory (the guest's translation tables).
 * @ctx: caller's context
 * @ipa: word-aligned intermediate physical address
 * @val: where to store the word (little-endian memory)
 *
 * Return: 0, or -EFAULT when @ipa is not guest RAM.
 */
typedef int (*umbra_read_ipa_fn)(void *ctx, u32 ipa, u32 *val);

/**
 * struct umbra_walk - the guest's translation of one virtual address.
 * @ipa:        IPA of the byte at the walked VA
 * @kind:       UMBRA_MAP_*: what kind of guest descriptor mapped it
 * @va_base:    first VA the guest descriptor maps (aligned to its size)
 * @size:       bytes the guest descriptor maps (4K, 64K, 1M, 16M; 4K when
 *              the MMU is off)
 * @domain:     domain of the mapping (0 for supersections and MMU off)
 * @global:     nG == 0 (or MMU off)
 * @pl1:        UMBRA_R/W/X allowed at PL1, after DACR, AP[2:0], XN and PXN
 * @pl0:        the same at PL0
 * @fsr:        on a walk fault: the short-descriptor fault status, FS in
 *              bits [10] and [3:0], the domain in [7:4] where the
 *              architecture defines it (B4.1.52); WnR is the caller's
 */
struct umbra_walk {
	u32 ipa;
	u32 kind;
	u32 va_base;
	u32 size;
	u32 domain;
	bool global;
	u32 pl1;
	u32 pl0;
	u32 fsr;
};

int umbra_walk(const struct umbra_mmu_regs *regs, u32 va,
	       umbra_read_ipa_fn read, void *ctx, struct umbra_walk *w);
u32 umbra_walk_access_fsr(const struct umbra_walk *w, bool pl1, u32 access);

#endif /* UMBRA_CORE_WALK_H */
