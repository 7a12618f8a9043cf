// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls: SVC #0 from a virtual privileged mode, SMC32 register usage
 * (ARM DEN 0028), function ID in r0, arguments in r1-r6, results in
 * r0-r3. The module answers 0x86000000-0x860000ff; 0x86000100-0x8600ffff
 * go to userspace as UMBRA_EXIT_HYPERCALL. Documentation/hypercalls.rst
 * is the specification.
 */
#define pr_fmt(fmt) "umbra: " fmt

#include <linux/kernel.h>
#include <linux/ktime.h>

#include "umbra.h"
#include "core/vcpu_regs.h"

/* Functions the module implements, for UMBRA_HC_FEATURES. */
static bool umbra_hc_is_kernel(u32 nr)
{
	switch (nr) {
	case UMBRA_HC_VERSION:
	case UMBRA_HC_FEATURES:
	case UMBRA_HC_SHUTDOWN:
	case UMBRA_HC_GET_CPSR:
	case UMBRA_HC_SET_CPSR_C:
	case UMBRA_HC_GET_SPSR:
	case UMBRA_HC_SET_SPSR:
	case UMBRA_HC_CLOCK:
	case UMBRA_HC_TLB_FLUSH_VA:
	case UMBRA_HC_TLB_FLUSH_ASID:
	case UMBRA_HC_TLB_FLUSH_ALL:
	case UMBRA_HC_SWITCH_AS:
	case UMBRA_HC_SET_MMU:
	case UMBRA_HC_YIELD:
	case UMBRA_HC_MAP:
		return true;
	}
	return false;
}

static bool umbra_hc_is_vmm(u32 nr)
{
	return nr >= UMBRA_HC_VMM_FIRST && nr <= UMBRA_HC_VMM_LAST;
}

/*
 * UMBRA_HC_GET/SET_CPSR/SPSR (B1.3.3 for the fields). Every bank is kept
 * in vcpu->regs, so a mode change is the CPSR write alone.
 */
static int umbra_hc_psr(struct umbra_vcpu *vcpu, u32 nr, u32 arg)
{
	struct umbra_regs *r = &vcpu->regs;
	u32 mode = r->cpsr & UMBRA_PSR_MODE_MASK;
	u32 ret = UMBRA_SMCCC_RET_SUCCESS;
	bool has_spsr = mode != UMBRA_PSR_MODE_USR &&
			mode != UMBRA_PSR_MODE_SYS;

	switch (nr) {
	case UMBRA_HC_GET_CPSR:
		ret = r->cpsr;
		break;
	case UMBRA_HC_SET_CPSR_C:
		if (umbra_psr_mode_valid(arg))
			r->cpsr = (r->cpsr & ~0x1dfu) | (arg & 0x1dfu);
		else
			ret = (u32)UMBRA_SMCCC_RET_INVALID_PARAMETER;
		break;
	case UMBRA_HC_GET_SPSR:
		ret = has_spsr ? umbra_regs_bank(r, mode)[2] :
			(u32)UMBRA_SMCCC_RET_INVALID_PARAMETER;
		break;
	case UMBRA_HC_SET_SPSR:
		if (!has_spsr || !umbra_psr_mode_valid(arg) ||
		    (arg & UMBRA_PSR_J))
			ret = (u32)UMBRA_SMCCC_RET_INVALID_PARAMETER;
		else
			umbra_regs_bank(r, mode)[2] = arg;
		break;
	}
	umbra_set_reg(vcpu, 0, ret);
	return UMBRA_RESUME;
}

static int umbra_hypercall_to_user(struct umbra_vcpu *vcpu, u32 nr)
{
	struct umbra_run *run = vcpu->run;
	int i;

	run->exit_reason = UMBRA_EXIT_HYPERCALL;
	run->hypercall.nr = nr;
	for (i = 0; i < 6; i++)
		run->hypercall.args[i] = umbra_get_reg(vcpu, i + 1);
	run->hypercall.ret[0] = (u32)UMBRA_SMCCC_RET_NOT_SUPPORTED;
	run->hypercall.ret[1] = 0;
	run->hypercall.ret[2] = 0;
	run->hypercall.ret[3] = 0;
	vcpu->pending = UMBRA_PENDING_HYPERCALL;
	return UMBRA_TO_USER;
}

/*
 * UMBRA_HC_CLOCK: the virtual clock, nanoseconds of host CLOCK_MONOTONIC
 * since the VM was created, r0 = bits [31:0], r1 = bits [63:32].
 */
static int umbra_hc_clock(struct umbra_vcpu *vcpu)
{
	u64 ns = ktime_get_ns() - vcpu->vm->clock_base;

	umbra_set_reg(vcpu, 0, lower_32_bits(ns));
	umbra_set_reg(vcpu, 1, upper_32_bits(ns));
	return UMBRA_RESUME;
}

static bool umbra_va_forbidden(u32 va)
{
	return va - UMBRA_FORBIDDEN_BASE < UMBRA_FORBIDDEN_SIZE;
}

/*
 * The seed model's MMU transitions (thesis 3.5.3: flush one, flush all,
 * switch, enable/disable MMU) as calls. Each is the local TLB maintenance
 * or CP15 write it stands for, through the same paths as the trapped
 * instruction (kmod/cp15.c, kmod/mmu.c): unmap by VA, by ASID, unmap_all,
 * and the address-space cache selecting the new (TTBR0, ASID) or the flat
 * regime at the next entry.
 */
static u32 umbra_hc_mmu(struct umbra_vcpu *vcpu, u32 nr, u32 arg1, u32 arg2)
{
	u32 sctlr;

	switch (nr) {
	case UMBRA_HC_TLB_FLUSH_VA:		/* as TLBIMVA (B4.2.2) */
		if (umbra_va_forbidden(arg1))
			return (u32)UMBRA_SMCCC_RET_INVALID_PARAMETER;
		umbra_mmu_unmap_va(vcpu, arg1);
		break;
	case UMBRA_HC_TLB_FLUSH_ASID:		/* as TLBIASID */
		if (arg1 > 0xff)
			return (u32)UMBRA_SMCCC_RET_INVALID_PARAMETER;
		umbra_mmu_unmap_asid(vcpu, arg1);
		break;
	case UMBRA_HC_TLB_FLUSH_ALL:		/* as TLBIALL */
		umbra_mmu_unmap_all(vcpu);
		break;
	case UMBRA_HC_SWITCH_AS:	/* CONTEXTIDR, then TTBR0 (B3.10.4) */
		umbra_cp15_set(vcpu, UMBRA_CP15_KEY(0, 13, 0, 1), arg2);
		umbra_cp15_set(vcpu, UMBRA_CP15_KEY(0, 2, 0, 0), arg1);
		break;
	case UMBRA_HC_SET_MMU:
		if (arg1 > 1)
			return (u32)UMBRA_SMCCC_RET_INVALID_PARAMETER;
		sctlr = vcpu->cp15.mmu.sctlr & ~UMBRA_SCTLR_M;
		umbra_cp15_set(vcpu, UMBRA_CP15_KEY(0, 1, 0, 0),
			       sctlr | (arg1 ? UMBRA_SCTLR_M : 0));
		break;
	}
	return UMBRA_SMCCC_RET_SUCCESS;
}

/*
 * UMBRA_HC_MAP: the page-fault transition (thesis 3.5.6/3.5.7, map) for
 * @va without the fault, in the shadow table of the current (privileged)
 * level. Return: the SMCCC code for r0, or -ENOMEM.
 */
static int umbra_hc_map(struct umbra_vcpu *vcpu, u32 va, u32 how, u32 *r0)
{
	static const u32 access[] = {
		[UMBRA_HC_MAP_READ] = UMBRA_R,
		[UMBRA_HC_MAP_WRITE] = UMBRA_W,
		[UMBRA_HC_MAP_EXEC] = UMBRA_X,
	};
	u32 ipa, fsr;
	int ret;

	*r0 = (u32)UMBRA_SMCCC_RET_INVALID_PARAMETER;
	if (how >= ARRAY_SIZE(access))
		return 0;
	umbra_mmu_select(vcpu);		/* the address space of the next entry */
	ret = umbra_mmu_shadow_fault(vcpu, va, access[how], &ipa, &fsr);
	if (ret == -ENOMEM)
		return ret;
	if (!ret)
		*r0 = UMBRA_SMCCC_RET_SUCCESS;
	return 0;
}

/**
 * umbra_hypercall() - serve SVC #0 from a virtual privileged mode.
 * @vcpu: the vCPU, its PC already past the SVC
 *
 * Dispatches on the function ID in r0 (Documentation/hypercalls.rst).
 * Unknown IDs in the module's range return UMBRA_SMCCC_RET_NOT_SUPPORTED
 * in r0; IDs in the VMM's range exit to userspace.
 *
 * Return: UMBRA_RESUME, or UMBRA_TO_USER with vcpu->run filled
 * (UMBRA_EXIT_HYPERCALL or UMBRA_EXIT_SHUTDOWN), or -ENOMEM when
 * UMBRA_HC_MAP found no shadow table memory even after emptying the
 * tables (as a shadow fault would; the PC is then back at the SVC).
 */
int umbra_hypercall(struct umbra_vcpu *vcpu)
{
	u32 nr = umbra_get_reg(vcpu, 0);
	u32 arg1 = umbra_get_reg(vcpu, 1), ret;
	int err;

	switch (nr) {
	case UMBRA_HC_VERSION:
		umbra_set_reg(vcpu, 0, UMBRA_HC_ABI_VERSION);
		return UMBRA_RESUME;
	case UMBRA_HC_FEATURES:
		if (umbra_hc_is_vmm(arg1))
			return umbra_hypercall_to_user(vcpu, nr);
		umbra_set_reg(vcpu, 0, umbra_hc_is_kernel(arg1) ?
			      UMBRA_SMCCC_RET_SUCCESS :
			      (u32)UMBRA_SMCCC_RET_NOT_SUPPORTED);
		return UMBRA_RESUME;
	case UMBRA_HC_GET_CPSR:
	case UMBRA_HC_SET_CPSR_C:
	case UMBRA_HC_GET_SPSR:
	case UMBRA_HC_SET_SPSR:
		return umbra_hc_psr(vcpu, nr, arg1);
	case UMBRA_HC_CLOCK:
		return umbra_hc_clock(vcpu);
	case UMBRA_HC_TLB_FLUSH_VA:
	case UMBRA_HC_TLB_FLUSH_ASID:
	case UMBRA_HC_TLB_FLUSH_ALL:
	case UMBRA_HC_SWITCH_AS:
	case UMBRA_HC_SET_MMU:
		ret = umbra_hc_mmu(vcpu, nr, arg1, umbra_get_reg(vcpu, 2));
		umbra_set_reg(vcpu, 0, ret);
		return UMBRA_RESUME;
	case UMBRA_HC_MAP:
		err = umbra_hc_map(vcpu, arg1, umbra_get_reg(vcpu, 2), &ret);
		if (err) {
			/* back at the SVC: a retried UMBRA_RUN repeats it */
			vcpu->regs.pc -= vcpu->regs.cpsr & UMBRA_PSR_T ? 2 : 4;
			return err;
		}
		umbra_set_reg(vcpu, 0, ret);
		return UMBRA_RESUME;
	case UMBRA_HC_YIELD:
		umbra_set_reg(vcpu, 0, UMBRA_SMCCC_RET_SUCCESS);
		return umbra_vcpu_yield(vcpu);
	case UMBRA_HC_SHUTDOWN:
		vcpu->shutdown = true;
		vcpu->shutdown_status = arg1;
		vcpu->run->exit_reason = UMBRA_EXIT_SHUTDOWN;
		vcpu->run->shutdown.status = arg1;
		return UMBRA_TO_USER;
	}
	if (umbra_hc_is_vmm(nr))
		return umbra_hypercall_to_user(vcpu, nr);
	umbra_set_reg(vcpu, 0, (u32)UMBRA_SMCCC_RET_NOT_SUPPORTED);
	return UMBRA_RESUME;
}
