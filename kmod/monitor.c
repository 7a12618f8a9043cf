// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor's own mappings: the page holding the exception vectors
 * (vectors.S), copied once at load time, and the trampoline table through
 * which every world switch passes (see switch.S).
 *
 * Also the checks that the host runs the translation regime umbra's shadow
 * tables are written for: VMSAv7 short descriptors with TTBCR.N == 0, TEX
 * remap with Linux's memory types, no access flag, and a VBAR.
 */
#define pr_fmt(fmt) "umbra: " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <asm/cacheflush.h>

#include "umbra.h"

static struct page *monitor_code;
static u32 *trampoline_l1;
static u32 *trampoline_l2;
static u32 ttb_flags;

#define DEFINE_CP15_READ(name, op1, crn, crm, op2)			\
static inline u32 read_##name(void)					\
{									\
	u32 v;								\
	asm volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2	\
		     : "=r" (v));					\
	return v;							\
}

DEFINE_CP15_READ(midr, 0, c0, c0, 0)
DEFINE_CP15_READ(sctlr, 0, c1, c0, 0)
DEFINE_CP15_READ(ttbr0, 0, c2, c0, 0)
DEFINE_CP15_READ(ttbr1, 0, c2, c0, 1)
DEFINE_CP15_READ(ttbcr, 0, c2, c0, 2)
DEFINE_CP15_READ(prrr, 0, c10, c2, 0)
DEFINE_CP15_READ(nmrr, 0, c10, c2, 1)
DEFINE_CP15_READ(id_pfr1, 0, c0, c1, 1)
DEFINE_CP15_READ(id_mmfr0, 0, c0, c1, 4)

#define SCTLR_M		(1u << 0)
#define SCTLR_TRE	(1u << 28)
#define SCTLR_AFE	(1u << 29)
#define TTBCR_EAE	(1u << 31)
#define TTBCR_N		0x7u
#define TTBR_FLAGS	0x7fu	/* IRGN, S, RGN, NOS (B4.1.154) */
#define TTBR_S		(1u << 1)

/* Memory type index TEX[0]:C:B == 7 (ARM ARM B4.1.111, B4.1.127). */
static bool umbra_wbwa_is_index7(void)
{
	u32 prrr = read_prrr(), nmrr = read_nmrr();

	return ((prrr >> 14) & 3) == 2 &&	/* TR7: Normal */
	       ((nmrr >> 14) & 3) == 1 &&	/* IR7: WB-WA */
	       ((nmrr >> 30) & 3) == 1;		/* OR7: WB-WA */
}

/*
 * Memory type index TEX[0]:C:B == 4 with S == 1: shareable Device memory
 * (TR4 == 0b01, PRRR.DS1 == 1; B4.1.127), what device regions are mapped
 * with (UMBRA_MEM_DEVICE, core/arm_desc.h).
 */
static bool umbra_device_is_index4(void)
{
	u32 prrr = read_prrr();

	return ((prrr >> 8) & 3) == 1 && (prrr & (1u << 17));
}

/*
 * VBAR is part of the Security Extensions (ARM ARM B4.1.156). Every ARM
 * Cortex-A ARMv7 core implements them; an emulator without EL3 (QEMU's
 * virt board by default) clears ID_PFR1.Security but keeps VBAR.
 */
static bool umbra_has_vbar(void)
{
	static const u16 cortex_a[] = {
		0xc05, 0xc07, 0xc08, 0xc09, 0xc0d, 0xc0e, 0xc0f,
	};
	u32 midr = read_midr();
	int i;

	if ((read_id_pfr1() >> 4) & 0xf)
		return true;
	if ((midr >> 24) != 0x41)	/* implementer: ARM */
		return false;
	for (i = 0; i < ARRAY_SIZE(cortex_a); i++)
		if (((midr >> 4) & 0xfff) == cortex_a[i])
			return true;
	return false;
}

static int umbra_check_host(void)
{
	u32 sctlr = read_sctlr(), ttbcr = read_ttbcr();

	if ((read_id_mmfr0() & 0xf) < 3) {
		pr_err("CPU does not implement VMSAv7\n");
		return -ENODEV;
	}
	if (!umbra_has_vbar()) {
		pr_err("CPU has no Security Extensions, hence no VBAR\n");
		return -ENODEV;
	}
	if (ttbcr & (TTBCR_EAE | TTBCR_N)) {
		pr_err("host uses LPAE or a TTBR0/TTBR1 split (TTBCR %#x)\n",
		       ttbcr);
		return -ENODEV;
	}
	if (!(sctlr & SCTLR_M) || !(sctlr & SCTLR_TRE) || (sctlr & SCTLR_AFE)) {
		pr_err("unsupported SCTLR %#x: need M, TRE and no AFE\n", sctlr);
		return -ENODEV;
	}
	if (!umbra_wbwa_is_index7()) {
		pr_err("PRRR/NMRR do not map index 7 to write-back memory\n");
		return -ENODEV;
	}
	if (!umbra_device_is_index4()) {
		pr_err("PRRR does not map index 4 to shareable Device memory\n");
		return -ENODEV;
	}
	return 0;
}

static void umbra_clean_table(void *addr, size_t bytes)
{
	__cpuc_flush_dcache_area(addr, bytes);
	dsb(ishst);
}

/*
 * The trampoline maps the host half of the switch at its kernel address,
 * with the kernel's own first-level entries (from swapper_pg_dir, which
 * Linux keeps in TTBR1), and the monitor page at UMBRA_MONITOR_CODE_VA.
 */
static int umbra_build_trampoline(void)
{
	const u32 *swapper = phys_to_virt(read_ttbr1() & ~(ARM_L1_SIZE - 1));
	u32 first = arm_l1_index((unsigned long)umbra_switch_start);
	u32 last = arm_l1_index((unsigned long)umbra_switch_end - 1);
	u32 mon = arm_l1_index(UMBRA_MONITOR_CODE_VA), idx;

	if (mon >= first && mon <= last) {
		pr_err("module text overlaps the forbidden range\n");
		return -EINVAL;
	}
	trampoline_l1 = (u32 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
						get_order(ARM_L1_SIZE));
	trampoline_l2 = (u32 *)get_zeroed_page(GFP_KERNEL);
	if (!trampoline_l1 || !trampoline_l2)
		return -ENOMEM;

	for (idx = first; idx <= last; idx++) {
		if (!(swapper[idx] & ARM_L1_TYPE_MASK)) {
			pr_err("switch code at %pS is not in swapper_pg_dir\n",
			       umbra_switch_start);
			return -EFAULT;
		}
		trampoline_l1[idx] = swapper[idx];
	}
	trampoline_l1[mon] = (virt_to_phys(trampoline_l2) &
			      ARM_L1_TABLE_ADDR_MASK) | ARM_L1_TYPE_TABLE;
	trampoline_l2[arm_l2_index(UMBRA_MONITOR_CODE_VA)] =
		umbra_spt_l2_desc(umbra_monitor_code_pa(),
				  UMBRA_SPT_EXEC | UMBRA_SPT_MONITOR |
				  (umbra_host_is_smp() ? UMBRA_SPT_SHARED : 0));
	umbra_clean_table(trampoline_l1, ARM_L1_SIZE);
	umbra_clean_table(trampoline_l2, ARM_L2_SIZE);
	return 0;
}

/**
 * umbra_monitor_init() - check the host and set up the monitor's mappings.
 *
 * Return: 0; -ENODEV when the CPU or the host kernel's translation regime
 * is not one umbra supports (the reason is logged); -ENOMEM; -EINVAL or
 * -EFAULT when the module's own code cannot be placed in the trampoline.
 */
int umbra_monitor_init(void)
{
	size_t size = umbra_monitor_end - umbra_monitor_start;
	void *code;
	int ret;

	ret = umbra_check_host();
	if (ret)
		return ret;
	ttb_flags = read_ttbr0() & TTBR_FLAGS;

	if (WARN_ON(size > PAGE_SIZE))
		return -EINVAL;
	monitor_code = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!monitor_code)
		return -ENOMEM;
	code = page_address(monitor_code);
	memcpy(code, umbra_monitor_start, size);
	flush_icache_range((unsigned long)code, (unsigned long)code + size);

	ret = umbra_build_trampoline();
	if (ret)
		umbra_monitor_exit();
	return ret;
}

/**
 * umbra_monitor_exit() - free what umbra_monitor_init() set up.
 */
void umbra_monitor_exit(void)
{
	free_pages((unsigned long)trampoline_l1, get_order(ARM_L1_SIZE));
	free_page((unsigned long)trampoline_l2);
	if (monitor_code)
		__free_page(monitor_code);
	trampoline_l1 = NULL;
	trampoline_l2 = NULL;
	monitor_code = NULL;
}

/** umbra_monitor_code_pa() - host physical address of the monitor page */
u32 umbra_monitor_code_pa(void)
{
	return page_to_phys(monitor_code);
}

/** umbra_trampoline_ttbr() - TTBR0 value selecting the trampoline table */
u32 umbra_trampoline_ttbr(void)
{
	return virt_to_phys(trampoline_l1) | ttb_flags;
}

/** umbra_ttb_flags() - table walk attributes of the host's TTBR0 */
u32 umbra_ttb_flags(void)
{
	return ttb_flags;
}

/** umbra_host_is_smp() - the host marks its tables shareable (TTBR0.S) */
bool umbra_host_is_smp(void)
{
	return ttb_flags & TTBR_S;
}

/**
 * umbra_monitor_enter_va() - the forbidden-range address of
 * umbra_monitor_enter in the monitor page.
 */
unsigned long umbra_monitor_enter_va(void)
{
	return UMBRA_MONITOR_CODE_VA +
	       (umbra_monitor_enter - umbra_monitor_start);
}
