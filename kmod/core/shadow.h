/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shadow fault: one guest virtual address, from the guest's own
 * translation tables composed with the VM's memory regions, into a shadow
 * page table entry (or the fault the guest must see). Portable, so the
 * host tests drive exactly the code the module runs.
 */
#ifndef UMBRA_CORE_SHADOW_H
#define UMBRA_CORE_SHADOW_H

#include "types.h"
#include "spt.h"
#include "walk.h"

/**
 * struct umbra_shadow_env - the VM as the shadow fault sees it.
 * @read:   reads guest RAM for the walker (see umbra_read_ipa_fn)
 * @lookup: the memory region holding @ipa: store the host physical
 *          address of its page in *@pa and the region's rights
 *          (UMBRA_R, UMBRA_R | UMBRA_W, plus UMBRA_DEV for a device
 *          region) in *@rights, and make a RAM page's contents visible to
 *          instruction fetches; return 0, or -ENOENT
 *          when @ipa is in no region
 * @ctx:    passed to both
 * @smp:    shadow entries are marked shareable
 */
struct umbra_shadow_env {
	umbra_read_ipa_fn read;
	int (*lookup)(void *ctx, u32 ipa, u32 *pa, u32 *rights);
	void *ctx;
	bool smp;
};

int umbra_shadow_fill(struct umbra_spt *spt,
		      const struct umbra_mmu_regs *regs, bool pl1, u32 va,
		      u32 access, const struct umbra_shadow_env *env,
		      u32 *ipa, u32 *fsr);

#endif /* UMBRA_CORE_SHADOW_H */
