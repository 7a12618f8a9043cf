// SPDX-License-Identifier: GPL-2.0
/*
 * Guest exits, dispatched by the exception vector the guest left through
 * (ARM ARM B1.8.1). Each handler either resumes the guest, fills
 * struct umbra_run for userspace, or fails the run.
 *
 * The saved PC is the exception mode's LR; the preferred return address
 * is LR - 4 for Undefined (ARM), Prefetch Abort, IRQ and FIQ, LR - 8 for
 * Data Abort, LR for SVC (B1.8.3, Table B1-7).
 */
#define pr_fmt(fmt) "umbra: " fmt

#include <linux/kernel.h>
#include <linux/printk.h>

#include "umbra.h"
#include "core/vcpu_regs.h"

static u32 umbra_get_reg(struct umbra_vcpu *vcpu, unsigned int n)
{
	u32 phys[15];

	if (n == 15)
		return vcpu->regs.pc;
	umbra_regs_to_phys(&vcpu->regs, phys);
	return phys[n];
}

static void umbra_set_reg(struct umbra_vcpu *vcpu, unsigned int n, u32 val)
{
	u32 phys[15];

	if (n == 15) {
		vcpu->regs.pc = val;
		return;
	}
	umbra_regs_to_phys(&vcpu->regs, phys);
	phys[n] = val;
	umbra_regs_from_phys(&vcpu->regs, phys);
}

static bool umbra_guest_thumb(struct umbra_vcpu *vcpu)
{
	return vcpu->regs.cpsr & UMBRA_PSR_T;
}

static int umbra_internal_error(struct umbra_vcpu *vcpu, u32 suberror,
				u32 ndata, const u64 *data)
{
	struct umbra_run *run = vcpu->run;

	run->exit_reason = UMBRA_EXIT_INTERNAL_ERROR;
	run->internal.suberror = suberror;
	run->internal.ndata = ndata;
	memcpy(run->internal.data, data, ndata * sizeof(*data));
	return UMBRA_TO_USER;
}

static u32 umbra_fetch_insn(struct umbra_vcpu *vcpu)
{
	u32 insn = 0;

	/* MMU off: the PC is an IPA. Not in RAM reads as zero. */
	if (umbra_guest_thumb(vcpu)) {
		u16 hw[2] = { 0, 0 };

		umbra_read_guest(vcpu->vm, vcpu->regs.pc, &hw[0], 2);
		if ((hw[0] >> 11) >= 0x1d)	/* 32-bit Thumb (A6.1) */
			umbra_read_guest(vcpu->vm, vcpu->regs.pc + 2,
					 &hw[1], 2);
		return ((u32)hw[0] << 16) | hw[1];
	}
	umbra_read_guest(vcpu->vm, vcpu->regs.pc, &insn, 4);
	return insn;
}

static int umbra_abort_error(struct umbra_vcpu *vcpu, bool prefetch)
{
	u64 data[4] = { vcpu->regs.pc, vcpu->fsr, vcpu->far, prefetch };

	return umbra_internal_error(vcpu, UMBRA_INTERNAL_ERROR_ABORT, 4, data);
}

static int umbra_handle_undef(struct umbra_vcpu *vcpu)
{
	u64 data[3];

	vcpu->regs.pc -= umbra_guest_thumb(vcpu) ? 2 : 4;
	data[0] = vcpu->regs.pc;
	data[1] = umbra_fetch_insn(vcpu);
	data[2] = vcpu->regs.cpsr;
	return umbra_internal_error(vcpu, UMBRA_INTERNAL_ERROR_UNDEF, 3, data);
}

static bool umbra_hc_is_kernel(u32 nr)
{
	return nr == UMBRA_HC_VERSION || nr == UMBRA_HC_FEATURES ||
	       nr == UMBRA_HC_SHUTDOWN;
}

static bool umbra_hc_is_vmm(u32 nr)
{
	return nr >= UMBRA_HC_VMM_FIRST && nr <= UMBRA_HC_VMM_LAST;
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

/* SVC from the guest: a hypercall (SMCCC register usage). */
static int umbra_handle_svc(struct umbra_vcpu *vcpu)
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

static int umbra_handle_irq(struct umbra_vcpu *vcpu)
{
	vcpu->regs.pc -= 4;
	return UMBRA_RESUME;
}

static int umbra_handle_pabt(struct umbra_vcpu *vcpu)
{
	u32 fs = ARM_FSR_FS(vcpu->fsr);
	int ret;

	vcpu->regs.pc -= 4;
	if (!arm_fs_is_translation(fs))
		return umbra_abort_error(vcpu, true);
	ret = umbra_mmu_shadow_fault(vcpu->vm, vcpu->far, false);
	if (!ret)
		return UMBRA_RESUME;
	if (ret == -ENOMEM)
		return ret;
	return umbra_abort_error(vcpu, true);
}

static void umbra_ldst_writeback(struct umbra_vcpu *vcpu)
{
	if (vcpu->ldst.writeback)
		umbra_set_reg(vcpu, vcpu->ldst.rn, vcpu->ldst.rn_value);
	vcpu->regs.pc += 4;
}

/* A load or store to an IPA outside RAM: decode it, exit as MMIO. */
static int umbra_handle_mmio(struct umbra_vcpu *vcpu)
{
	struct umbra_run *run = vcpu->run;
	struct umbra_ldst *ld = &vcpu->ldst;
	u32 regs[16], insn = umbra_fetch_insn(vcpu);
	u64 data[3] = { vcpu->regs.pc, insn, vcpu->far };
	int i;

	for (i = 0; i < 15; i++)
		regs[i] = umbra_get_reg(vcpu, i);
	regs[15] = vcpu->regs.pc + 8;
	if (umbra_guest_thumb(vcpu) ||
	    umbra_decode_arm_ldst(insn, regs, vcpu->regs.cpsr, ld) ||
	    ld->addr != vcpu->far)
		return umbra_internal_error(vcpu,
					    UMBRA_INTERNAL_ERROR_EMULATION,
					    3, data);

	run->exit_reason = UMBRA_EXIT_MMIO;
	run->mmio.phys_addr = vcpu->far;	/* MMU off: IPA == VA */
	run->mmio.len = ld->len;
	run->mmio.is_write = ld->is_write;
	memset(run->mmio.data, 0, sizeof(run->mmio.data));
	if (ld->is_write) {
		__le32 val = cpu_to_le32(regs[ld->rt]);

		memcpy(run->mmio.data, &val, ld->len);
		umbra_ldst_writeback(vcpu);
	} else {
		vcpu->pending = UMBRA_PENDING_MMIO_LOAD;
	}
	return UMBRA_TO_USER;
}

static int umbra_handle_dabt(struct umbra_vcpu *vcpu)
{
	u32 fs = ARM_FSR_FS(vcpu->fsr);
	bool write = vcpu->fsr & ARM_FSR_WNR;
	int ret;

	vcpu->regs.pc -= 8;
	if (umbra_spt_in_forbidden(&vcpu->vm->spt, vcpu->far))
		return umbra_abort_error(vcpu, false);
	if (arm_fs_is_translation(fs)) {
		ret = umbra_mmu_shadow_fault(vcpu->vm, vcpu->far, write);
		if (!ret)
			return UMBRA_RESUME;
		if (ret == -ENOMEM)
			return ret;
		if (ret == -ENOENT || ret == -EACCES)
			return umbra_handle_mmio(vcpu);
	} else if (arm_fs_is_permission(fs) && write) {
		struct umbra_region *r = umbra_region_find(vcpu->vm,
							   vcpu->far);

		if (r && (r->flags & UMBRA_MEM_READONLY))
			return umbra_handle_mmio(vcpu);
	}
	return umbra_abort_error(vcpu, false);
}

typedef int (*umbra_exit_handler)(struct umbra_vcpu *vcpu);

static const umbra_exit_handler umbra_exit_handlers[8] = {
	[UMBRA_EXC_UND / 4]	= umbra_handle_undef,
	[UMBRA_EXC_SVC / 4]	= umbra_handle_svc,
	[UMBRA_EXC_PABT / 4]	= umbra_handle_pabt,
	[UMBRA_EXC_DABT / 4]	= umbra_handle_dabt,
	[UMBRA_EXC_IRQ / 4]	= umbra_handle_irq,
	[UMBRA_EXC_FIQ / 4]	= umbra_handle_irq,
};

/**
 * umbra_handle_exit() - act on one exit from the guest.
 * @vcpu: the vCPU, registers already saved from the switch
 * @exc:  vector offset the guest left through (UMBRA_EXC_*)
 *
 * Return: UMBRA_RESUME to enter the guest again, UMBRA_TO_USER when
 * vcpu->run describes an exit for userspace, or -ENOMEM.
 */
int umbra_handle_exit(struct umbra_vcpu *vcpu, u32 exc)
{
	if (exc < 0x20 && !(exc & 3) && umbra_exit_handlers[exc / 4])
		return umbra_exit_handlers[exc / 4](vcpu);
	pr_warn_ratelimited("unexpected exit through vector %#x\n", exc);
	vcpu->run->exit_reason = UMBRA_EXIT_FAIL_ENTRY;
	vcpu->run->fail_entry.hardware_entry_failure_reason =
		UMBRA_FAIL_ENTRY_BAD_STATE;
	return UMBRA_TO_USER;
}

/**
 * umbra_complete_pending() - finish the exit userspace has served: the
 * destination register of an MMIO load, or a hypercall's r0-r3.
 * @vcpu: the vCPU, at the start of UMBRA_RUN
 *
 * Return: 0.
 */
int umbra_complete_pending(struct umbra_vcpu *vcpu)
{
	struct umbra_run *run = vcpu->run;
	__le32 data = 0;
	u32 val;
	int i;

	switch (vcpu->pending) {
	case UMBRA_PENDING_MMIO_LOAD:
		memcpy(&data, run->mmio.data, vcpu->ldst.len);
		val = umbra_ldst_load_value(&vcpu->ldst, le32_to_cpu(data));
		umbra_set_reg(vcpu, vcpu->ldst.rt, val);
		umbra_ldst_writeback(vcpu);
		break;
	case UMBRA_PENDING_HYPERCALL:
		for (i = 0; i < 4; i++)
			umbra_set_reg(vcpu, i, run->hypercall.ret[i]);
		break;
	case UMBRA_PENDING_NONE:
		break;
	}
	vcpu->pending = UMBRA_PENDING_NONE;
	return 0;
}
