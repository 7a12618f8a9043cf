// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's virtual Generic Timer (ARM ARM B8): trap-and-emulate of its
 * CP15 c14 registers, backed by an hrtimer, raising PPI UMBRA_VTIMER_PPI
 * (27) through the virtual GIC. Present once the VM has an irqchip
 * (UMBRA_CREATE_IRQCHIP); before that, c14 stays Undefined.
 *
 * - The counter (core/vtimer.c): 62.5 MHz on every host, counting host
 *   CLOCK_MONOTONIC nanoseconds only while at least one vCPU thread of the
 *   VM is inside UMBRA_RUN (guest code, the module's exit handling, WFI
 *   sleep). A VMM that does not call UMBRA_RUN (paused, stopped by
 *   SIGSTOP: the signal ends UMBRA_RUN) freezes its guest's time; CNTVCT
 *   is monotonic. UMBRA_REG_TIMER_CNT sets it (save/restore).
 * - Every guest c14 access traps: on a Cortex-A9 the Generic Timer does
 *   not exist, so c14 is UNDEFINED in hardware; on a host with one (ID_PFR1
 *   GenTimer, e.g. Cortex-A15) Linux lets PL0 read the virtual counter
 *   (CNTKCTL.PL0VCTEN, for its vDSO), so umbra_vtimer_host_enter() clears
 *   CNTKCTL's PL0 enables while the guest runs and
 *   umbra_vtimer_host_exit() restores them.
 * - One hrtimer per vCPU (HRTIMER_MODE_ABS, host CLOCK_MONOTONIC) is armed
 *   for the host time CNTVCT will reach CNTV_CVAL while ENABLE is set and
 *   IMASK clear. Its callback raises the line; if the VM was paused in the
 *   meantime (counter behind), it re-arms while the VM runs and otherwise
 *   leaves it to umbra_vtimer_run_begin(). Every write to CNTV_CTL,
 *   CNTV_CVAL, CNTV_TVAL, every ONE_REG write and every UMBRA_RUN (of a
 *   timer that can fire) re-evaluate the line (it may drop) with the
 *   hrtimer cancelled, so the callback and the vCPU thread never touch
 *   the timer at the same time.
 */
#define pr_fmt(fmt) "umbra: " fmt

#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/uaccess.h>
#include <asm/cputype.h>

#include "umbra.h"
#include "core/exception.h"
#include "core/vcpu_regs.h"

/* Longest single hrtimer wait; the callback re-arms for the rest. */
#define UMBRA_VTIMER_MAX_WAIT_NS	(3600ULL * NSEC_PER_SEC)

/**
 * umbra_vclock_init_vm() - the VM's counter at creation: zero, stopped.
 * @vm: the VM
 */
void umbra_vclock_init_vm(struct umbra_vm *vm)
{
	spin_lock_init(&vm->vclock_lock);
	umbra_vclock_init(&vm->vclock);
}

/* CNTVCT now; with @host_ns, @delay_ns and @running when not NULL. */
static u64 umbra_vclock_read(struct umbra_vcpu *vcpu, u64 *host_ns,
			     u64 *delay_ns, bool *running)
{
	struct umbra_vm *vm = vcpu->vm;
	unsigned long flags;
	u64 host, cnt;

	spin_lock_irqsave(&vm->vclock_lock, flags);
	host = ktime_get_ns();
	cnt = umbra_vclock_count(&vm->vclock, host);
	if (delay_ns)
		*delay_ns = umbra_vclock_ns_until(&vm->vclock, host,
						  vcpu->vtimer.cval);
	if (running)
		*running = vm->vclock.running;
	spin_unlock_irqrestore(&vm->vclock_lock, flags);
	if (host_ns)
		*host_ns = host;
	return cnt;
}

static ktime_t umbra_vtimer_expiry(u64 host_ns, u64 delay_ns)
{
	return ns_to_ktime(host_ns + min(delay_ns, UMBRA_VTIMER_MAX_WAIT_NS));
}

static void umbra_vtimer_set_line(struct umbra_vcpu *vcpu, bool line)
{
	if (vcpu->vtimer_line == line)
		return;
	vcpu->vtimer_line = line;
	umbra_vgic_set_level(vcpu->vm, vcpu->id, UMBRA_VTIMER_PPI, line);
}

static enum hrtimer_restart umbra_vtimer_fire(struct hrtimer *hrt)
{
	struct umbra_vcpu *vcpu = container_of(hrt, struct umbra_vcpu,
					       vtimer_hrt);
	u64 host, delay;
	bool running;

	umbra_vclock_read(vcpu, &host, &delay, &running);
	if (!umbra_vtimer_armed(&vcpu->vtimer))
		return HRTIMER_NORESTART;
	if (!delay) {
		umbra_vtimer_set_line(vcpu, true);
		return HRTIMER_NORESTART;
	}
	/* the VM was paused meanwhile: CNTVCT is behind the host */
	if (!running)
		return HRTIMER_NORESTART;	/* umbra_vtimer_run_begin() */
	hrtimer_set_expires(hrt, umbra_vtimer_expiry(host, delay));
	return HRTIMER_RESTART;
}

/* Re-evaluate the line and arm the hrtimer; it must not be queued. */
static void umbra_vtimer_update(struct umbra_vcpu *vcpu)
{
	u64 host, delay, cnt;
	bool running, line;

	cnt = umbra_vclock_read(vcpu, &host, &delay, &running);
	line = umbra_vtimer_output(&vcpu->vtimer, cnt);
	umbra_vtimer_set_line(vcpu, line);
	if (umbra_vtimer_armed(&vcpu->vtimer) && !line && running)
		hrtimer_start(&vcpu->vtimer_hrt,
			      umbra_vtimer_expiry(host, delay),
			      HRTIMER_MODE_ABS);
}

/**
 * umbra_vtimer_init() - the vCPU's timer at reset (disabled) and its
 * hrtimer.
 * @vcpu: the vCPU, being created
 */
void umbra_vtimer_init(struct umbra_vcpu *vcpu)
{
	umbra_vtimer_reset(&vcpu->vtimer);
	hrtimer_init(&vcpu->vtimer_hrt, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	vcpu->vtimer_hrt.function = umbra_vtimer_fire;
}

/**
 * umbra_vtimer_destroy() - cancel the vCPU's hrtimer (waiting for a
 * running callback): no timer work outlives the vCPU.
 * @vcpu: the vCPU, being destroyed; no ioctl runs on it any more
 */
void umbra_vtimer_destroy(struct umbra_vcpu *vcpu)
{
	hrtimer_cancel(&vcpu->vtimer_hrt);
}

/**
 * umbra_vtimer_run_begin() - UMBRA_RUN entered: the VM's counter runs,
 * the vCPU's timer is re-evaluated (it may have expired, or its hrtimer
 * stopped while the VM was paused).
 * @vcpu: the vCPU, from its own thread
 */
void umbra_vtimer_run_begin(struct umbra_vcpu *vcpu)
{
	struct umbra_vm *vm = vcpu->vm;
	unsigned long flags;

	spin_lock_irqsave(&vm->vclock_lock, flags);
	umbra_vclock_resume(&vm->vclock, ktime_get_ns());
	spin_unlock_irqrestore(&vm->vclock_lock, flags);
	if (!umbra_vgic_present(vm))
		return;
	/*
	 * A timer that cannot fire (ENABLE clear or IMASK set) has no hrtimer
	 * and a low line, set so by the CTL write that disarmed it: nothing
	 * to re-evaluate (saves a clock read and a lock on every UMBRA_RUN).
	 */
	if (!umbra_vtimer_armed(&vcpu->vtimer) && !vcpu->vtimer_line)
		return;
	hrtimer_cancel(&vcpu->vtimer_hrt);
	umbra_vtimer_update(vcpu);
}

/**
 * umbra_vtimer_run_end() - UMBRA_RUN returns: the counter stops when no
 * other vCPU thread of the VM is inside UMBRA_RUN.
 * @vcpu: the vCPU, from its own thread
 */
void umbra_vtimer_run_end(struct umbra_vcpu *vcpu)
{
	struct umbra_vm *vm = vcpu->vm;
	unsigned long flags;

	spin_lock_irqsave(&vm->vclock_lock, flags);
	umbra_vclock_pause(&vm->vclock, ktime_get_ns());
	spin_unlock_irqrestore(&vm->vclock_lock, flags);
}

/**
 * umbra_vtimer_emulate() - emulate a trapped Generic Timer access
 * (MRC/MCR p15 c14, MRRC/MCRR p15 c14; ARM ARM B8.2, B4.1.21ff).
 * @vcpu: the vCPU; its PC is the instruction's address
 * @insn: the instruction (Thumb: first halfword in bits [31:16])
 *
 * From any virtual mode, PL0 accesses checked against the guest's
 * CNTKCTL (umbra_vtimer_allowed()). A failed condition only advances the
 * PC (and ITSTATE). Emulated: CNTFRQ (read), CNTKCTL, CNTVCT, CNTPCT
 * (reads as CNTVCT), CNTV_CTL, CNTV_CVAL, CNTV_TVAL.
 *
 * Return: 0 when emulated or skipped (PC advanced); -ENOENT when the VM
 * has no irqchip, @insn is not a c14 access, or the access is UNDEFINED
 * (physical timer CNTP_*, CNTVOFF, writes to read-only registers, PL0
 * without the CNTKCTL enable): the caller goes on and makes it an
 * Undefined Instruction.
 */
int umbra_vtimer_emulate(struct umbra_vcpu *vcpu, u32 insn)
{
	u32 cpsr = vcpu->regs.cpsr;
	bool thumb = cpsr & UMBRA_PSR_T;
	struct umbra_vtimer_access acc;
	bool changes;
	u32 phys[15];
	u64 val = 0, cnt;

	if (!umbra_vgic_present(vcpu->vm) ||
	    umbra_vtimer_decode(insn, thumb, &acc))
		return -ENOENT;
	if (!umbra_condition_passed(umbra_insn_cond(insn, thumb, cpsr), cpsr))
		goto next;
	if (!umbra_vtimer_allowed(&vcpu->vtimer, &acc,
				  umbra_mode_privileged(cpsr)))
		return -ENOENT;
	umbra_regs_to_phys(&vcpu->regs, phys);
	if (!acc.read) {
		val = phys[acc.rt];
		if (acc.is64)
			val |= (u64)phys[acc.rt2] << 32;
	}
	changes = !acc.read && acc.reg != UMBRA_VT_CNTKCTL;
	if (changes)
		hrtimer_cancel(&vcpu->vtimer_hrt);
	cnt = umbra_vclock_read(vcpu, NULL, NULL, NULL);
	umbra_vtimer_access(&vcpu->vtimer, &acc, cnt, &val);
	if (changes)
		umbra_vtimer_update(vcpu);
	if (acc.read) {
		phys[acc.rt] = (u32)val;
		if (acc.is64)
			phys[acc.rt2] = val >> 32;
		umbra_regs_from_phys(&vcpu->regs, phys);
	}
next:
	vcpu->regs.cpsr = umbra_it_advance(vcpu->regs.cpsr);
	vcpu->regs.pc += 4;	/* every encoding is 32 bits */
	return 0;
}

static bool umbra_host_gentimer;

/**
 * umbra_vtimer_host_init() - does the host CPU have the Generic Timer
 * (ID_PFR1[19:16], B4.1.94)?
 */
void umbra_vtimer_host_init(void)
{
	BUILD_BUG_ON(UMBRA_VTIMER_FREQ != UMBRA_VTIMER_FREQ_HZ);
	umbra_host_gentimer = (read_cpuid_ext(CPUID_EXT_PFR1) >> 16) & 0xf;
}

/**
 * umbra_vtimer_host_enter() - before the world switch, IRQs disabled:
 * clear the host CNTKCTL's PL0 enables so that every guest c14 access
 * traps (the guest runs in PL0).
 *
 * Return: the host CNTKCTL to give umbra_vtimer_host_exit() (0 and nothing
 * done on a host without the Generic Timer, or with no PL0 enable set).
 */
u32 umbra_vtimer_host_enter(void)
{
	u32 k;

	if (!umbra_host_gentimer)
		return 0;
	asm volatile("mrc p15, 0, %0, c14, c1, 0" : "=r" (k));
	if (!(k & UMBRA_CNTKCTL_PL0_ALL))
		return 0;
	asm volatile("mcr p15, 0, %0, c14, c1, 0\n isb"
		     : : "r" (k & ~UMBRA_CNTKCTL_PL0_ALL));
	return k;
}

/**
 * umbra_vtimer_host_exit() - after the world switch, IRQs still disabled:
 * the host's CNTKCTL again.
 * @cntkctl: umbra_vtimer_host_enter()'s result
 */
void umbra_vtimer_host_exit(u32 cntkctl)
{
	if (cntkctl)
		asm volatile("mcr p15, 0, %0, c14, c1, 0\n isb"
			     : : "r" (cntkctl));
}

/**
 * umbra_vtimer_is_reg_id() - is @id one of the timer's ONE_REG ids?
 * @id: a struct umbra_one_reg id
 *
 * Return: true for UMBRA_REG_TIMER_CTL, _CNT, _CVAL and UMBRA_REG_CNTKCTL.
 */
bool umbra_vtimer_is_reg_id(u64 id)
{
	return id == UMBRA_REG_TIMER_CTL || id == UMBRA_REG_TIMER_CNT ||
	       id == UMBRA_REG_TIMER_CVAL || id == UMBRA_REG_CNTKCTL;
}

/**
 * umbra_vtimer_one_reg() - UMBRA_GET/SET_ONE_REG of a timer register.
 * @vcpu:  the vCPU (its lock held)
 * @id:    umbra_vtimer_is_reg_id()
 * @uaddr: userspace address of a __u64 (_CNT, _CVAL) or __u32 (_CTL,
 *         CNTKCTL)
 * @set:   write rather than read
 *
 * UMBRA_REG_TIMER_CNT is the VM's counter, CNTVCT: setting it sets it for
 * every vCPU of the VM. UMBRA_REG_TIMER_CTL reads ISTATUS, ignores it on
 * write.
 *
 * Return: 0; -ENOENT when the VM has no irqchip (no timer); -EFAULT when
 * @uaddr is not accessible.
 */
int umbra_vtimer_one_reg(struct umbra_vcpu *vcpu, u64 id, void __user *uaddr,
			 bool set)
{
	struct umbra_vm *vm = vcpu->vm;
	struct umbra_vtimer *t = &vcpu->vtimer;
	bool is64 = id == UMBRA_REG_TIMER_CNT || id == UMBRA_REG_TIMER_CVAL;
	unsigned long flags;
	u64 val = 0;
	u32 v32;

	if (!umbra_vgic_present(vm))
		return -ENOENT;
	if (!set) {
		u64 cnt = umbra_vclock_read(vcpu, NULL, NULL, NULL);

		if (id == UMBRA_REG_TIMER_CNT)
			val = cnt;
		else if (id == UMBRA_REG_TIMER_CVAL)
			val = t->cval;
		else if (id == UMBRA_REG_TIMER_CTL)
			val = umbra_vtimer_read_ctl(t, cnt);
		else
			val = t->cntkctl;
		if (is64)
			return copy_to_user(uaddr, &val, 8) ? -EFAULT : 0;
		v32 = val;
		return copy_to_user(uaddr, &v32, 4) ? -EFAULT : 0;
	}
	if (is64) {
		if (copy_from_user(&val, uaddr, 8))
			return -EFAULT;
	} else {
		if (copy_from_user(&v32, uaddr, 4))
			return -EFAULT;
		val = v32;
	}
	hrtimer_cancel(&vcpu->vtimer_hrt);
	if (id == UMBRA_REG_TIMER_CNT) {
		spin_lock_irqsave(&vm->vclock_lock, flags);
		umbra_vclock_set_count(&vm->vclock, ktime_get_ns(), val);
		spin_unlock_irqrestore(&vm->vclock_lock, flags);
	} else if (id == UMBRA_REG_TIMER_CVAL) {
		t->cval = val;
	} else if (id == UMBRA_REG_TIMER_CTL) {
		umbra_vtimer_write_ctl(t, val);
	} else {
		t->cntkctl = val & UMBRA_CNTKCTL_MASK;
	}
	umbra_vtimer_update(vcpu);
	return 0;
}
