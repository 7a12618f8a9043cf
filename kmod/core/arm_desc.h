/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ARMv7 short-descriptor translation table format, as umbra uses it for
 * shadow page tables (ARM ARM B3.5 "Short-descriptor translation table
 * format"). Only what the shadow tables contain is encoded here: page-table
 * first-level descriptors and small-page second-level descriptors.
 */
#ifndef UMBRA_CORE_ARM_DESC_H
#define UMBRA_CORE_ARM_DESC_H

#include "types.h"

#define ARM_L1_ENTRIES		4096	/* 1 MiB each */
#define ARM_L1_SIZE		(ARM_L1_ENTRIES * 4)	/* 16 KiB */
#define ARM_L2_ENTRIES		256	/* 4 KiB each */
#define ARM_L2_SIZE		(ARM_L2_ENTRIES * 4)	/* 1 KiB */
#define ARM_SECTION_SHIFT	20
#define ARM_PAGE_SHIFT		12
#define ARM_PAGE_SIZE		(1u << ARM_PAGE_SHIFT)
#define ARM_PAGE_MASK		(~(ARM_PAGE_SIZE - 1))

/* First-level descriptor types, bits [1:0] (B3.5.1). */
#define ARM_L1_TYPE_MASK	0x3u
#define ARM_L1_TYPE_FAULT	0x0u
#define ARM_L1_TYPE_TABLE	0x1u
#define ARM_L1_TYPE_SECTION	0x2u
#define ARM_L1_TABLE_ADDR_MASK	0xfffffc00u
#define ARM_L1_DOMAIN_SHIFT	5
#define ARM_L1_DOMAIN_MASK	(0xfu << ARM_L1_DOMAIN_SHIFT)

/* Second-level small page descriptor (B3.5.1, "Small page"). */
#define ARM_L2_SMALL		(1u << 1)
#define ARM_L2_XN		(1u << 0)
#define ARM_L2_B		(1u << 2)
#define ARM_L2_C		(1u << 3)
#define ARM_L2_AP0		(1u << 4)
#define ARM_L2_AP1		(1u << 5)
#define ARM_L2_TEX0		(1u << 6)
#define ARM_L2_AP2		(1u << 9)
#define ARM_L2_S		(1u << 10)
#define ARM_L2_NG		(1u << 11)
#define ARM_L2_ADDR_MASK	0xfffff000u

/*
 * AP[2:0] with SCTLR.AFE == 0 (B3.7.1, Table B3-8):
 * 001 PL1 RW / PL0 none, 011 RW / RW, 101 PL1 RO / PL0 none, 111 RO / RO.
 */
#define ARM_L2_AP_PRIV_RW	(ARM_L2_AP0)
#define ARM_L2_AP_RW		(ARM_L2_AP0 | ARM_L2_AP1)
#define ARM_L2_AP_PRIV_RO	(ARM_L2_AP2 | ARM_L2_AP0)
#define ARM_L2_AP_RO		(ARM_L2_AP2 | ARM_L2_AP1 | ARM_L2_AP0)
#define ARM_L2_AP_MASK		(ARM_L2_AP2 | ARM_L2_AP1 | ARM_L2_AP0)

/*
 * Normal memory, inner and outer write-back write-allocate. The hosts run
 * with SCTLR.TRE == 1 and Linux's PRRR/NMRR, where TEX[0]:C:B == 0b111
 * selects that type (arch/arm/mm/proc-v7-2level.S), the same type Linux
 * gives user memory, so guest and VMM mappings of a page never mismatch.
 */
#define ARM_L2_MT_NORMAL_WBWA	(ARM_L2_TEX0 | ARM_L2_C | ARM_L2_B)

/*
 * Device memory: with Linux's PRRR, TEX[0]:C:B == 0b100 is Device (TR4 ==
 * 0b01) and with S == 1 shareable (PRRR.DS1 == 1), Linux's MT_DEVICE
 * (L_PTE_MT_DEV_SHARED): uncached, unbuffered by the caches, no speculative
 * access (B3.8.2, B3.8.3). kmod/monitor.c checks PRRR says so.
 */
#define ARM_L2_MT_DEVICE	(ARM_L2_TEX0)
#define ARM_L2_MT_MASK		(ARM_L2_TEX0 | ARM_L2_C | ARM_L2_B)

/* Fault status encodings, short-descriptor format (B3.13.3, Table B3-23). */
#define ARM_FSR_FS(fsr)		((((fsr) >> 6) & 0x10) | ((fsr) & 0xf))
#define ARM_FSR_WNR		(1u << 11)
#define ARM_FS_ALIGNMENT	0x01
#define ARM_FS_DEBUG		0x02	/* BKPT, at PL0 a Prefetch Abort */
#define ARM_FS_TRANSLATION_L1	0x05
#define ARM_FS_TRANSLATION_L2	0x07
#define ARM_FS_ACCESS_FLAG_L1	0x03
#define ARM_FS_ACCESS_FLAG_L2	0x06
#define ARM_FS_DOMAIN_L1	0x09
#define ARM_FS_DOMAIN_L2	0x0b
#define ARM_FS_PERMISSION_L1	0x0d
#define ARM_FS_PERMISSION_L2	0x0f

static inline u32 arm_l1_index(u32 va)
{
	return va >> ARM_SECTION_SHIFT;
}

static inline u32 arm_l2_index(u32 va)
{
	return (va >> ARM_PAGE_SHIFT) & (ARM_L2_ENTRIES - 1);
}

static inline bool arm_fs_is_translation(u32 fs)
{
	return fs == ARM_FS_TRANSLATION_L1 || fs == ARM_FS_TRANSLATION_L2;
}

static inline bool arm_fs_is_permission(u32 fs)
{
	return fs == ARM_FS_PERMISSION_L1 || fs == ARM_FS_PERMISSION_L2;
}

#endif /* UMBRA_CORE_ARM_DESC_H */
