// SPDX-License-Identifier: GPL-2.0
/*
 * Guest exits, dispatched by the exception vector the guest left through
 * (ARM ARM B1.8.1). Each handler either resumes the guest (possibly after
 * taking a virtual exception into the guest's own vectors), fills
 * struct umbra_run for userspace, or fails the run.
 *
 * A virtual exception is only taken when the guest can run its vector:
 * the vector address must translate, executable at PL1, to guest RAM. A
 * guest without one (no vectors installed yet) stops with an
 * UMBRA_EXIT_INTERNAL_ERROR describing the exception instead of faulting
 * on its vector forever.
 *
 * The saved PC is the exception mode's LR; the preferred return address
 * is LR - 4 for Undefined (ARM), Prefetch Abort, IRQ and FIQ, LR - 8 for
 * Data Abort, LR for SVC (B1.8.3, Table B1-7).
 */
#define pr_fmt(fmt) "umbra: " fmt

#include <linux/kernel.h>
#include <linux/printk.h>

#include "umbra.h"
#include "core/exception.h"
#include "core/pvinsn.h"
#include "core/vcpu_regs.h"

/**
 * umbra_get_reg() - a guest register as the current virtual mode sees it.
 * @vcpu: the vCPU, not running
 * @n:    register number, 0-15 (13 and 14 are the current mode's banked
 *        SP and LR; 15 is the PC)
 *
 * Return: its value.
 */
u32 umbra_get_reg(struct umbra_vcpu *vcpu, unsigned int n)
{
	u32 phys[15];

	if (n == 15)
		return vcpu->regs.pc;
	if (n < 8)		/* r0-r7 are never banked (B1.3.2) */
		return vcpu->regs.usr_regs[n];
	umbra_regs_to_phys(&vcpu->regs, phys);
	return phys[n];
}

/**
 * umbra_set_reg() - write a guest register of the current virtual mode.
 * @vcpu: the vCPU, not running
 * @n:    register number, 0-15, as for umbra_get_reg()
 * @val:  the value
 */
void umbra_set_reg(struct umbra_vcpu *vcpu, unsigned int n, u32 val)
{
	u32 phys[15];

	if (n == 15) {
		vcpu->regs.pc = val;
		return;
	}
	if (n < 8) {
		vcpu->regs.usr_regs[n] = val;
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

/* The instruction at @va (Thumb: first halfword in bits [31:16]). */
static u32 umbra_fetch_insn(struct umbra_vcpu *vcpu, u32 va)
{
	u32 insn = 0;

	if (umbra_guest_thumb(vcpu)) {
		u16 hw[2] = { 0, 0 };

		umbra_read_guest_va(vcpu, va, &hw[0], 2);
		if ((hw[0] >> 11) >= 0x1d)	/* 32-bit Thumb (A6.1) */
			umbra_read_guest_va(vcpu, va + 2, &hw[1], 2);
		return ((u32)hw[0] << 16) | hw[1];
	}
	umbra_read_guest_va(vcpu, va, &insn, 4);
	return insn;
}

/*
 * Take @exc into the guest if its vector can run; otherwise leave the
 * registers as they were and return -ENOENT.
 */
static int umbra_deliver(struct umbra_vcpu *vcpu, enum umbra_vexc exc,
			 u32 pref_return)
{
	struct umbra_regs saved = vcpu->regs;
	u32 ipa, fsr;

	umbra_exception_enter(&vcpu->regs, &vcpu->cp15, exc, pref_return);
	if (!umbra_mmu_translate(vcpu, vcpu->regs.pc, UMBRA_X, &ipa, &fsr) &&
	    umbra_region_find(vcpu->vm, ipa))
		return 0;
	vcpu->regs = saved;
	return -ENOENT;
}

/**
 * umbra_inject_undef() - an Undefined Instruction exception for the
 * instruction at the guest's PC.
 * @vcpu: the vCPU
 * @insn: the instruction, reported if the guest has no vector for it
 *
 * Return: UMBRA_RESUME, or UMBRA_TO_USER with an internal-error exit.
 */
int umbra_inject_undef(struct umbra_vcpu *vcpu, u32 insn)
{
	u64 data[3] = { vcpu->regs.pc, insn, vcpu->regs.cpsr };

	if (!umbra_deliver(vcpu, UMBRA_VEXC_UND, vcpu->regs.pc))
		return UMBRA_RESUME;
	return umbra_internal_error(vcpu, UMBRA_INTERNAL_ERROR_UNDEF, 3, data);
}

/**
 * umbra_inject_irq() - take a virtual IRQ exception (B1.9.10) before the
 * guest's next instruction, if its vector can run.
 * @vcpu: the vCPU, outside the guest, its CPSR.I clear
 *
 * The preferred return address is the next instruction to execute
 * (B1.8.3): LR_irq = PC + 4, and the handler returns with SUBS PC, LR, #4.
 * Without a runnable vector nothing happens; the guest continues.
 */
void umbra_inject_irq(struct umbra_vcpu *vcpu)
{
	umbra_deliver(vcpu, UMBRA_VEXC_IRQ, vcpu->regs.pc);
}

/* A virtual Prefetch or Data Abort at the guest's PC (B3.13.3). */
static int umbra_inject_abort(struct umbra_vcpu *vcpu, bool prefetch,
			      u32 fsr, u32 far)
{
	u64 data[4] = { vcpu->regs.pc, fsr, far, prefetch };

	if (!umbra_deliver(vcpu, prefetch ? UMBRA_VEXC_PABT : UMBRA_VEXC_DABT,
			   vcpu->regs.pc)) {
		if (prefetch) {
			vcpu->cp15.ifsr = fsr;
			vcpu->cp15.ifar = far;
		} else {
			vcpu->cp15.dfsr = fsr;
			vcpu->cp15.dfar = far;
		}
		return UMBRA_RESUME;
	}
	return umbra_internal_error(vcpu, UMBRA_INTERNAL_ERROR_ABORT, 4, data);
}

/* What the guest sees of its forbidden range: a permission fault. */
#define UMBRA_FSR_PERMISSION_PAGE	0x00f

static int umbra_handle_undef(struct umbra_vcpu *vcpu)
{
	u32 insn;

	vcpu->regs.pc -= umbra_guest_thumb(vcpu) ? 2 : 4;
	insn = umbra_fetch_insn(vcpu, vcpu->regs.pc);
	if (!umbra_vfp_trap(vcpu, insn))
		return UMBRA_RESUME;
	if (!umbra_emulate_cp15(vcpu, insn))
		return UMBRA_RESUME;
	return umbra_inject_undef(vcpu, insn);
}

static int umbra_pv_read(void *ctx, u32 va, u32 *val, u32 *fsr)
{
	return umbra_access_guest_word(ctx, va, val, false, fsr);
}

static int umbra_pv_write(void *ctx, u32 va, u32 val, u32 *fsr)
{
	return umbra_access_guest_word(ctx, va, &val, true, fsr);
}

/*
 * A paravirtual sensitive instruction (SVC class 1-15 at the guest's PC,
 * core/pvinsn.c): emulated, or the Undefined Instruction or Data Abort
 * the original raises at PL1; an access outside guest RAM stops the vCPU
 * with an emulation error.
 */
static int umbra_handle_pvinsn(struct umbra_vcpu *vcpu, u32 insn, u32 imm)
{
	const struct umbra_pv_mem mem = {
		.read = umbra_pv_read, .write = umbra_pv_write, .ctx = vcpu,
	};
	struct umbra_pv_fault f = { 0, 0 };
	u64 data[3];

	switch (umbra_pv_emulate(&vcpu->regs, imm, &mem, &f)) {
	case UMBRA_PV_DONE:
		return UMBRA_RESUME;
	case UMBRA_PV_ABORT:
		return umbra_inject_abort(vcpu, false, f.fsr, f.far);
	case UMBRA_PV_NOT_RAM:
		data[0] = vcpu->regs.pc;
		data[1] = insn;
		data[2] = f.far;
		return umbra_internal_error(vcpu,
					    UMBRA_INTERNAL_ERROR_EMULATION,
					    3, data);
	default:
		return umbra_inject_undef(vcpu, insn);
	}
}

/*
 * SVC from the guest: in virtual User mode a system call for the guest
 * kernel (a virtual SVC exception); in a virtual privileged mode, by its
 * immediate, a hypercall or a paravirtual operation (svc #1: exception
 * return, as MOVS PC, LR would do at PL1; svc #2 and #3: WFI and WFE,
 * kmod/idle.c; classes 1-15: a patched sensitive instruction).
 */
static int umbra_handle_svc(struct umbra_vcpu *vcpu)
{
	bool thumb = umbra_guest_thumb(vcpu);
	u32 svc_pc = vcpu->regs.pc - (thumb ? 2 : 4), insn, imm;

	if (!umbra_mode_privileged(vcpu->regs.cpsr)) {
		if (!umbra_deliver(vcpu, UMBRA_VEXC_SVC, vcpu->regs.pc))
			return UMBRA_RESUME;
		vcpu->regs.pc = svc_pc;
		return umbra_inject_undef(vcpu, umbra_fetch_insn(vcpu, svc_pc));
	}
	insn = umbra_fetch_insn(vcpu, svc_pc);
	imm = thumb ? (insn >> 16) & 0xff : insn & 0xffffff;
	if (UMBRA_SVC_CLASS(imm)) {
		vcpu->regs.pc = svc_pc;
		return umbra_handle_pvinsn(vcpu, insn, imm);
	}
	switch (imm) {
	case UMBRA_SVC_HYPERCALL:
		return umbra_hypercall(vcpu);
	case UMBRA_SVC_ERET:
		if (!umbra_exception_return(&vcpu->regs,
					    umbra_get_reg(vcpu, 14)))
			return UMBRA_RESUME;
		break;
	case UMBRA_SVC_WFI:
		return umbra_vcpu_wfi(vcpu);
	case UMBRA_SVC_WFE:
		return umbra_vcpu_yield(vcpu);
	}
	vcpu->regs.pc = svc_pc;
	return umbra_inject_undef(vcpu, insn);
}

static int umbra_handle_irq(struct umbra_vcpu *vcpu)
{
	vcpu->regs.pc -= 4;
	return UMBRA_RESUME;
}

/* Complete a decoded access: base writeback, PC and IT block advance. */
static void umbra_ldst_writeback(struct umbra_vcpu *vcpu)
{
	if (vcpu->ldst.writeback)
		umbra_set_reg(vcpu, vcpu->ldst.rn, vcpu->ldst.rn_value);
	vcpu->regs.pc += vcpu->ldst.insn_len;
	vcpu->regs.cpsr = umbra_it_advance(vcpu->regs.cpsr);
}

/*
 * A load or store to an IPA outside RAM: decode it; the virtual GIC's
 * frames are emulated here, anything else exits as MMIO.
 */
static int umbra_handle_mmio(struct umbra_vcpu *vcpu, u32 ipa)
{
	struct umbra_run *run = vcpu->run;
	struct umbra_ldst *ld = &vcpu->ldst;
	u32 regs[16], insn = umbra_fetch_insn(vcpu, vcpu->regs.pc);
	u64 data[3] = { vcpu->regs.pc, insn, vcpu->far };
	bool thumb = umbra_guest_thumb(vcpu);
	int i, ret;

	for (i = 0; i < 15; i++)
		regs[i] = umbra_get_reg(vcpu, i);
	regs[15] = vcpu->regs.pc + (thumb ? 4 : 8);
	if (thumb)
		ret = umbra_decode_thumb_ldst(insn, regs, vcpu->regs.cpsr, ld);
	else
		ret = umbra_decode_arm_ldst(insn, regs, vcpu->regs.cpsr, ld);
	if (ret || ld->addr != vcpu->far)
		return umbra_internal_error(vcpu,
					    UMBRA_INTERNAL_ERROR_EMULATION,
					    3, data);

	if (ld->is_write) {
		u32 val = umbra_ldst_store_data(ld, regs[ld->rt]);

		if (umbra_vgic_mmio(vcpu, ipa, ld->len, true, &val)) {
			umbra_ldst_writeback(vcpu);
			return UMBRA_RESUME;
		}
	} else {
		u32 val = 0;

		if (umbra_vgic_mmio(vcpu, ipa, ld->len, false, &val)) {
			umbra_set_reg(vcpu, ld->rt,
				      umbra_ldst_load_value(ld, val));
			umbra_ldst_writeback(vcpu);
			return UMBRA_RESUME;
		}
	}

	run->exit_reason = UMBRA_EXIT_MMIO;
	run->mmio.phys_addr = ipa;
	run->mmio.len = ld->len;
	run->mmio.is_write = ld->is_write;
	memset(run->mmio.data, 0, sizeof(run->mmio.data));
	if (ld->is_write) {
		__le32 val = cpu_to_le32(umbra_ldst_store_data(ld,
							       regs[ld->rt]));

		memcpy(run->mmio.data, &val, ld->len);
		umbra_ldst_writeback(vcpu);
	} else {
		vcpu->pending = UMBRA_PENDING_MMIO_LOAD;
	}
	return UMBRA_TO_USER;
}

/* Physical faults a shadow fault can explain (B3.13.3, Table B3-23). */
static bool umbra_fs_is_shadow(u32 fs)
{
	return arm_fs_is_translation(fs) || arm_fs_is_permission(fs) ||
	       fs == ARM_FS_DOMAIN_L1 || fs == ARM_FS_DOMAIN_L2;
}

/*
 * An abort on @va: fill the shadow table from the guest's tables, or give
 * the guest the abort its own MMU would have raised, or exit as MMIO.
 */
static int umbra_handle_abort(struct umbra_vcpu *vcpu, bool prefetch)
{
	u32 fs = ARM_FSR_FS(vcpu->fsr), va = vcpu->far, ipa = 0, fsr = 0;
	bool write = !prefetch && (vcpu->fsr & ARM_FSR_WNR);
	u32 wnr = write ? ARM_FSR_WNR : 0;
	u64 data[4] = { vcpu->regs.pc, vcpu->fsr, va, prefetch };
	int ret;

	if (!umbra_fs_is_shadow(fs)) {
		/* the guest's own: alignment, and BKPT (a debug event) */
		if ((fs == ARM_FS_ALIGNMENT && !prefetch) ||
		    (fs == ARM_FS_DEBUG && prefetch))
			return umbra_inject_abort(vcpu, prefetch, vcpu->fsr, va);
		return umbra_internal_error(vcpu, UMBRA_INTERNAL_ERROR_ABORT,
					    4, data);
	}
	ret = umbra_mmu_shadow_fault(vcpu, va, prefetch ? UMBRA_X :
				     write ? UMBRA_W : UMBRA_R, &ipa, &fsr);
	switch (ret) {
	case 0:
		return UMBRA_RESUME;
	case -EFAULT:
		return umbra_inject_abort(vcpu, prefetch, fsr | wnr, va);
	case -EPERM:
		return umbra_inject_abort(vcpu, prefetch,
					  UMBRA_FSR_PERMISSION_PAGE | wnr, va);
	case -ENOENT:
	case -EACCES:
		if (!prefetch)
			return umbra_handle_mmio(vcpu, ipa);
		return umbra_internal_error(vcpu, UMBRA_INTERNAL_ERROR_ABORT,
					    4, data);
	default:
		return ret;
	}
}

static int umbra_handle_pabt(struct umbra_vcpu *vcpu)
{
	vcpu->regs.pc -= 4;
	return umbra_handle_abort(vcpu, true);
}

static int umbra_handle_dabt(struct umbra_vcpu *vcpu)
{
	vcpu->regs.pc -= 8;
	return umbra_handle_abort(vcpu, false);
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
