// SPDX-License-Identifier: GPL-2.0
/*
 * The shadow fault (see Documentation/design.rst, "Shadow paging").
 */
#include "shadow.h"

static u32 shadow_flags(u32 rights, bool smp)
{
	u32 flags = UMBRA_SPT_USER;

	if (rights & UMBRA_W)
		flags |= UMBRA_SPT_WRITE;
	if (rights & UMBRA_X)
		flags |= UMBRA_SPT_EXEC;
	if (rights & UMBRA_DEV)
		flags |= UMBRA_SPT_DEVICE;
	if (smp)
		flags |= UMBRA_SPT_SHARED;
	return flags;
}

static unsigned int shadow_shift(u32 size)
{
	unsigned int shift = ARM_PAGE_SHIFT;

	while (shift < 31 && (1u << shift) < size)
		shift++;
	return shift;
}

/**
 * umbra_shadow_fill() - resolve a guest access fault on @va.
 * @spt:    the shadow table of the guest's current privilege level
 * @regs:   the guest's translation registers
 * @pl1:    the guest is in a privileged mode (@spt is its PL1 table)
 * @va:     guest virtual address that faulted
 * @access: UMBRA_R, UMBRA_W or UMBRA_X
 * @env:    the VM's memory
 * @ipa:    out: the IPA @va translates to (valid for 0, -ENOENT, -EACCES)
 * @fsr:    out, for -EFAULT: the fault status the guest must see, without
 *          WnR (ARM ARM B3.13.3)
 *
 * Walks the guest's tables (B3.5), checks @access at the guest's level,
 * and maps the 4 KiB page holding @va to the host page behind the IPA with
 * the guest's rights at that level, less write for read-only regions; a
 * device region's page (UMBRA_DEV) as Device memory, never executable.
 * Return: 0 when mapped; -EFAULT when the guest's own translation faults;
 * -EPERM when @va is in the forbidden range; -ENOENT when the IPA is in no
 * memory region (MMIO); -EACCES for a write to a read-only region or an
 * instruction fetch from a device region; -EINVAL
 * for a translation regime umbra does not offer; -ENOMEM when no table
 * memory is left.
 */
int umbra_shadow_fill(struct umbra_spt *spt,
		      const struct umbra_mmu_regs *regs, bool pl1, u32 va,
		      u32 access, const struct umbra_shadow_env *env,
		      u32 *ipa, u32 *fsr)
{
	struct umbra_walk w;
	u32 pa, region, rights;
	int ret;

	*ipa = 0;
	*fsr = 0;
	if (umbra_spt_in_forbidden(spt, va))
		return -EPERM;
	ret = umbra_walk(regs, va, env->read, env->ctx, &w);
	if (ret) {
		*fsr = w.fsr;
		return ret;
	}
	*fsr = umbra_walk_access_fsr(&w, pl1, access);
	if (*fsr)
		return -EFAULT;
	*ipa = w.ipa;
	if (env->lookup(env->ctx, w.ipa & ARM_PAGE_MASK, &pa, &region))
		return -ENOENT;
	if ((access & UMBRA_W) && !(region & UMBRA_W))
		return -EACCES;
	if ((access & UMBRA_X) && (region & UMBRA_DEV))
		return -EACCES;
	if (region & UMBRA_DEV)
		rights = ((pl1 ? w.pl1 : w.pl0) & region & ~UMBRA_X) | UMBRA_DEV;
	else
		rights = (pl1 ? w.pl1 : w.pl0) & (region | UMBRA_X);
	ret = umbra_spt_map(spt, va & ARM_PAGE_MASK, pa,
			    shadow_flags(rights, env->smp));
	if (!ret)
		umbra_spt_note_extent(spt, va, shadow_shift(w.size));
	return ret;
}
