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
		    (arg & (UMBRA_PSR_J | UMBRA_PSR_E)))
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

/**
 * umbra_hypercall() - serve SVC #0 from a virtual privileged mode.
 * @vcpu: the vCPU, its PC already past the SVC
 *
 * Dispatches on the function ID in r0 (Documentation/hypercalls.rst).
 * Unknown IDs in the module's range return UMBRA_SMCCC_RET_NOT_SUPPORTED
 * in r0; IDs in the VMM's range exit to userspace.
 *
 * Return: UMBRA_RESUME, or UMBRA_TO_USER with vcpu->run filled
 * (UMBRA_EXIT_HYPERCALL or UMBRA_EXIT_SHUTDOWN).
 */
int umbra_hypercall(struct umbra_vcpu *vcpu)
{
	u32 nr = umbra_get_reg(vcpu, 0);
	u32 arg1 = umbra_get_reg(vcpu, 1);

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
