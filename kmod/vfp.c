// SPDX-License-Identifier: GPL-2.0
/*
 * Guest Floating-point and Advanced SIMD (VFP/NEON).
 *
 * Each vCPU owns a virtual register file (D0-D31, FPSCR), a virtual FPEXC
 * and, in its CP15, a virtual CPACR. FPSID, MVFR0 and MVFR1 read as the
 * host's. The guest runs in PL0, so:
 *
 * - VMRS/VMSR of FPSID, MVFR0/1 and FPEXC are Undefined in hardware
 *   whatever FPEXC.EN is (ARM ARM B1.11.x); umbra_vfp_trap() emulates
 *   them for a virtual PL1 mode whose CPACR grants cp10/cp11;
 * - everything else runs in hardware, but only while umbra has loaded the
 *   guest's registers for that one entry.
 *
 * Switching is lazy and never outlives one world switch. An entry starts
 * with the host's FPEXC.EN cleared, so the guest's first Floating-point
 * or Advanced SIMD instruction traps. If the guest has them enabled
 * (virtual FPEXC.EN and CPACR for its current mode) the instruction is
 * re-executed with the VFP on: for the next UMBRA_VFP_HOT entries,
 * umbra_vfp_enter() saves the whole hardware state that Linux left (every
 * register, FPSCR, FPEXC, whichever thread it belongs to), loads the
 * guest's and sets FPEXC.EN; umbra_vfp_exit() saves the guest's and puts
 * the host's back exactly, both with IRQs (and FIQs) masked, before Linux
 * can run anything. Linux's own lazy VFP switching (vfp_current_hw_state)
 * thus never sees a change, preemption and migration between entries are
 * harmless (the guest's state is in memory then), and no kernel export
 * is needed beyond elf_hwcap. If the guest has them disabled the
 * instruction is a virtual Undefined Instruction exception, so a guest
 * kernel can do its own lazy switching; so is one that traps while the
 * guest's state is loaded (it is UNDEFINED on this CPU).
 */
#define pr_fmt(fmt) "umbra: " fmt

#include <linux/kernel.h>
#include <linux/uaccess.h>
#include <asm/hwcap.h>

#include "umbra.h"
#include "core/exception.h"

/* Entries that load the guest's VFP state after one of its VFP traps */
#define UMBRA_VFP_HOT		32

#ifdef CONFIG_VFP

static bool umbra_vfp_present;
static bool umbra_vfp_d32;
static u32 umbra_host_fpsid, umbra_host_mvfr0, umbra_host_mvfr1;

/* VMRS/VMSR of the system registers (B6.1.x), at PL1 */
#define DEFINE_VFP_ACCESS(name)						\
static inline u32 vfp_read_##name(void)					\
{									\
	u32 v;								\
	asm volatile(".fpu neon\n vmrs %0, " #name : "=r" (v));	\
	return v;							\
}									\
static inline void vfp_write_##name(u32 v)				\
{									\
	asm volatile(".fpu neon\n vmsr " #name ", %0"			\
		     : : "r" (v) : "memory");				\
}

DEFINE_VFP_ACCESS(fpexc)
DEFINE_VFP_ACCESS(fpscr)
DEFINE_VFP_ACCESS(fpinst)
DEFINE_VFP_ACCESS(fpinst2)

static inline u32 vfp_read_id(unsigned int n)
{
	u32 v;

	switch (n) {
	case UMBRA_VFP_FPSID:
		asm volatile(".fpu neon\n vmrs %0, fpsid" : "=r" (v));
		break;
	case UMBRA_VFP_MVFR0:
		asm volatile(".fpu neon\n vmrs %0, mvfr0" : "=r" (v));
		break;
	default:
		asm volatile(".fpu neon\n vmrs %0, mvfr1" : "=r" (v));
		break;
	}
	return v;
}

static void umbra_vfp_hw_save(struct umbra_vfp_state *s)
{
	u64 *p = s->d;

	asm volatile(".fpu neon\n vstmia %0!, {d0-d15}"
		     : "+r" (p) : : "memory");
	if (umbra_vfp_d32)
		asm volatile(".fpu neon\n vstmia %0, {d16-d31}"
			     : : "r" (p) : "memory");
	s->fpscr = vfp_read_fpscr();
}

static void umbra_vfp_hw_load(const struct umbra_vfp_state *s)
{
	const u64 *p = s->d;

	asm volatile(".fpu neon\n vldmia %0!, {d0-d15}"
		     : "+r" (p) : : "memory");
	if (umbra_vfp_d32)
		asm volatile(".fpu neon\n vldmia %0, {d16-d31}"
			     : : "r" (p) : "memory");
	vfp_write_fpscr(s->fpscr);
}

/**
 * umbra_vfp_init() - probe the host's Floating-point extension.
 *
 * Linux grants cp10/cp11 to PL0 and PL1 in CPACR on every CPU that has
 * one (HWCAP_VFP); FPSID, MVFR0 and MVFR1 are readable at PL1 with
 * FPEXC.EN clear (B6.1.x). MVFR0[3:0] says whether D16-D31 exist.
 */
void umbra_vfp_init(void)
{
	if (!(elf_hwcap & HWCAP_VFP))
		return;
	umbra_host_fpsid = vfp_read_id(UMBRA_VFP_FPSID);
	umbra_host_mvfr0 = vfp_read_id(UMBRA_VFP_MVFR0);
	umbra_host_mvfr1 = vfp_read_id(UMBRA_VFP_MVFR1);
	umbra_vfp_d32 = (umbra_host_mvfr0 & 0xf) == 2;
	umbra_vfp_present = true;
	pr_info("guest VFP: FPSID %#x MVFR0 %#x MVFR1 %#x, %d D registers\n",
		umbra_host_fpsid, umbra_host_mvfr0, umbra_host_mvfr1,
		umbra_vfp_d32 ? 32 : 16);
}

static bool umbra_vfp_guest_enabled(struct umbra_vcpu *vcpu)
{
	return (vcpu->vfp.fpexc & UMBRA_FPEXC_EN) &&
	       umbra_vfp_cpacr_allows(vcpu->cp15.cpacr,
				      umbra_mode_privileged(vcpu->regs.cpsr));
}

/**
 * umbra_vfp_enter() - the VFP for one guest entry.
 * @vcpu: the vCPU about to enter; IRQs and preemption off until the
 *        matching umbra_vfp_exit()
 *
 * Either clears the host's FPEXC.EN (the guest's VFP instructions trap)
 * or, while the guest is using its VFP, saves the hardware state and
 * loads the guest's with FPEXC.EN set.
 */
void umbra_vfp_enter(struct umbra_vcpu *vcpu)
{
	struct umbra_vcpu_vfp *v = &vcpu->vfp;
	u32 fpexc;

	v->loaded = false;
	if (!umbra_vfp_present)
		return;
	fpexc = vfp_read_fpexc();
	v->host_fpexc = fpexc;
	if (!v->hot || !umbra_vfp_guest_enabled(vcpu)) {
		v->hot = 0;
		if (fpexc & UMBRA_FPEXC_EN)
			vfp_write_fpexc(fpexc & ~UMBRA_FPEXC_EN);
		return;
	}
	v->hot--;
	/* as Linux's vfp_support_entry: enable, no pending exception */
	vfp_write_fpexc(UMBRA_FPEXC_EN);
	if (fpexc & UMBRA_FPEXC_EX) {		/* VFPv2-style bounce state */
		v->host_fpinst = vfp_read_fpinst();
		if (fpexc & UMBRA_FPEXC_FP2V)
			v->host_fpinst2 = vfp_read_fpinst2();
	}
	umbra_vfp_hw_save(&v->host);
	umbra_vfp_hw_load(&v->guest);
	v->loaded = true;
}

/**
 * umbra_vfp_exit() - back from the guest: the host's VFP state exactly as
 * umbra_vfp_enter() found it.
 * @vcpu: the vCPU that just left the guest, IRQs still off
 */
void umbra_vfp_exit(struct umbra_vcpu *vcpu)
{
	struct umbra_vcpu_vfp *v = &vcpu->vfp;
	u32 fpexc;

	if (!umbra_vfp_present)
		return;
	if (!v->loaded) {
		if (v->host_fpexc & UMBRA_FPEXC_EN)
			vfp_write_fpexc(v->host_fpexc);
		return;
	}
	fpexc = vfp_read_fpexc();
	/* an unsupported operation the guest attempted (B6.1.40 DEX) */
	v->fpexc = (v->fpexc & ~UMBRA_FPEXC_DEX) | (fpexc & UMBRA_FPEXC_DEX);
	umbra_vfp_hw_save(&v->guest);
	umbra_vfp_hw_load(&v->host);
	if (v->host_fpexc & UMBRA_FPEXC_EX) {
		vfp_write_fpinst(v->host_fpinst);
		if (v->host_fpexc & UMBRA_FPEXC_FP2V)
			vfp_write_fpinst2(v->host_fpinst2);
	}
	vfp_write_fpexc(v->host_fpexc);
}

/* VMRS/VMSR of FPSID, MVFR0/1, FPEXC from a virtual PL1 mode */
static int umbra_vfp_sysreg(struct umbra_vcpu *vcpu,
			    const struct umbra_vfp_insn *vi)
{
	struct umbra_vcpu_vfp *v = &vcpu->vfp;
	u32 val;

	if (vi->rt == 15 || (vi->rt == 13 && (vcpu->regs.cpsr & UMBRA_PSR_T)))
		return -ENOENT;		/* UNPREDICTABLE */
	if (vi->read) {
		switch (vi->reg) {
		case UMBRA_VFP_FPSID:
			val = umbra_host_fpsid;
			break;
		case UMBRA_VFP_MVFR0:
			val = umbra_host_mvfr0;
			break;
		case UMBRA_VFP_MVFR1:
			val = umbra_host_mvfr1;
			break;
		case UMBRA_VFP_FPEXC:
			val = v->fpexc;
			break;
		default:		/* FPINST/FPINST2: none offered */
			return -ENOENT;
		}
		umbra_set_reg(vcpu, vi->rt, val);
		return 0;
	}
	switch (vi->reg) {
	case UMBRA_VFP_FPSID:		/* read-only: the write is ignored */
		return 0;
	case UMBRA_VFP_FPEXC:
		v->fpexc = umbra_get_reg(vcpu, vi->rt) & UMBRA_FPEXC_GUEST_MASK;
		return 0;
	default:
		return -ENOENT;
	}
}

/**
 * umbra_vfp_trap() - an Undefined Instruction exit that may be the
 * guest's Floating-point or Advanced SIMD instruction.
 * @vcpu: the vCPU; its PC is the instruction's address
 * @insn: the instruction (Thumb: first halfword in bits [31:16])
 *
 * Return: 0 when handled: a VMRS/VMSR of FPSID, MVFR0/1 or FPEXC emulated
 * (or skipped, its condition failing; PC and ITSTATE advanced), or the
 * first VFP instruction of an entry with the guest's VFP enabled (to be
 * re-executed with the guest's state loaded). -ENOENT when the guest must
 * take an Undefined Instruction exception (its VFP disabled by FPEXC.EN
 * or CPACR, a PL1-only register from virtual PL0, an instruction this CPU
 * does not implement) or when it is no VFP instruction at all.
 */
int umbra_vfp_trap(struct umbra_vcpu *vcpu, u32 insn)
{
	struct umbra_vcpu_vfp *v = &vcpu->vfp;
	u32 cpsr = vcpu->regs.cpsr;
	bool thumb = cpsr & UMBRA_PSR_T;
	struct umbra_vfp_insn vi;

	if (!umbra_vfp_present)
		return -ENOENT;
	umbra_decode_vfp(insn, thumb, &vi);
	switch (vi.class) {
	case UMBRA_VFP_INSN:
		if (v->loaded || !umbra_vfp_guest_enabled(vcpu))
			return -ENOENT;
		v->hot = UMBRA_VFP_HOT;
		return 0;
	case UMBRA_VFP_SYSREG:
		if (!umbra_mode_privileged(cpsr) ||
		    !umbra_vfp_cpacr_allows(vcpu->cp15.cpacr, true))
			return -ENOENT;
		if (umbra_condition_passed(umbra_insn_cond(insn, thumb, cpsr), cpsr) &&
		    umbra_vfp_sysreg(vcpu, &vi))
			return -ENOENT;
		vcpu->regs.pc += 4;	/* A1 and T1 are both 32 bits */
		if (thumb)
			vcpu->regs.cpsr = umbra_it_advance(cpsr);
		return 0;
	default:
		return -ENOENT;
	}
}

/**
 * umbra_vfp_cpacr() - the value a guest's write makes of its virtual
 * CPACR (B4.1.40): cp10 and cp11 as written; D32DIS and ASEDIS RAZ/WI
 * (disabling is not supported), RAO/WI when there are no D16-D31 or no
 * Advanced SIMD; every other coprocessor field RAZ/WI.
 * @val: the value written
 *
 * Return: the value stored. Without a host VFP, 0.
 */
u32 umbra_vfp_cpacr(u32 val)
{
	u32 ret;

	if (!umbra_vfp_present)
		return 0;
	ret = val & UMBRA_CPACR_VFP_MASK;
	if (!umbra_vfp_d32)
		ret |= UMBRA_CPACR_D32DIS;
	if (!(umbra_host_mvfr1 & 0xfff00))	/* no A_SIMD fields */
		ret |= UMBRA_CPACR_ASEDIS;
	return ret;
}

/* The value behind a ONE_REG id; NULL for no such register. */
static void *umbra_vfp_reg_ptr(struct umbra_vcpu *vcpu, u64 id, u32 *ro)
{
	u32 n = id & 0xffff;

	if ((id & UMBRA_REG_SIZE_MASK) == UMBRA_REG_SIZE_U64)
		return n < (umbra_vfp_d32 ? 32 : 16) ? &vcpu->vfp.guest.d[n] :
		       NULL;
	if ((id & UMBRA_REG_SIZE_MASK) != UMBRA_REG_SIZE_U32)
		return NULL;
	switch (n) {
	case UMBRA_REG_VFP_FPSCR & 0xffff:
		return &vcpu->vfp.guest.fpscr;
	case UMBRA_REG_VFP_FPEXC & 0xffff:
		return &vcpu->vfp.fpexc;
	case UMBRA_REG_VFP_FPSID & 0xffff:
		*ro = umbra_host_fpsid;
		return ro;
	case UMBRA_REG_VFP_MVFR0 & 0xffff:
		*ro = umbra_host_mvfr0;
		return ro;
	case UMBRA_REG_VFP_MVFR1 & 0xffff:
		*ro = umbra_host_mvfr1;
		return ro;
	default:
		return NULL;
	}
}

/**
 * umbra_vfp_one_reg() - UMBRA_GET/SET_ONE_REG of the VFP group
 * (UMBRA_REG_VFP_D(n), UMBRA_REG_VFP_FPSCR/FPEXC/FPSID/MVFR0/MVFR1).
 * @vcpu: the vCPU, not running
 * @id:   the register id; its size field gives the size at @uaddr
 * @uaddr: userspace address of the value (a __u64 for D registers, a
 *         __u32 for the others)
 * @set:  write rather than read
 *
 * A written FPEXC keeps only the bits a guest's VMSR could set.
 * Return: 0; -ENOENT when the id names no register (D16-D31 on a
 * VFPv3-D16 host, any of them on a host without VFP); -EINVAL for a write
 * to FPSID, MVFR0 or MVFR1; -EFAULT when @uaddr is not accessible.
 */
int umbra_vfp_one_reg(struct umbra_vcpu *vcpu, u64 id, void __user *uaddr,
		      bool set)
{
	bool d = (id & UMBRA_REG_SIZE_MASK) == UMBRA_REG_SIZE_U64;
	size_t size = d ? 8 : 4;
	u64 val = 0;
	u32 val32 = 0, ro;
	void *p;

	if (set && copy_from_user(d ? (void *)&val : (void *)&val32, uaddr,
				  size))
		return -EFAULT;
	if (!umbra_vfp_present)
		return -ENOENT;
	p = umbra_vfp_reg_ptr(vcpu, id, &ro);
	if (!p)
		return -ENOENT;
	if (!set)
		return copy_to_user(uaddr, p, size) ? -EFAULT : 0;
	if (p == &ro)
		return -EINVAL;
	if (d)
		*(u64 *)p = val;
	else if (p == &vcpu->vfp.fpexc)
		vcpu->vfp.fpexc = val32 & UMBRA_FPEXC_GUEST_MASK;
	else
		*(u32 *)p = val32;
	return 0;
}

#else /* !CONFIG_VFP: every guest VFP instruction is Undefined */

void umbra_vfp_init(void)
{
}

void umbra_vfp_enter(struct umbra_vcpu *vcpu)
{
}

void umbra_vfp_exit(struct umbra_vcpu *vcpu)
{
}

int umbra_vfp_trap(struct umbra_vcpu *vcpu, u32 insn)
{
	return -ENOENT;
}

u32 umbra_vfp_cpacr(u32 val)
{
	return 0;
}

int umbra_vfp_one_reg(struct umbra_vcpu *vcpu, u64 id, void __user *uaddr,
		      bool set)
{
	return -ENOENT;
}

#endif

/**
 * umbra_vfp_is_reg_id() - whether a ONE_REG id belongs to the VFP group.
 * @id: the id
 *
 * Return: true for UMBRA_REG_ARM | size | UMBRA_REG_VFP | index.
 */
bool umbra_vfp_is_reg_id(u64 id)
{
	return (id & ~(UMBRA_REG_SIZE_MASK | 0xffffULL)) ==
	       (UMBRA_REG_ARM | UMBRA_REG_VFP);
}
