// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU file descriptors: the run loop, registers and the shared run page.
 *
 * UMBRA_RUN enters the guest until an exit needs userspace. Host
 * interrupts taken while the guest runs end the world switch with IRQs
 * still masked; they are handled by Linux as soon as the run loop enables
 * them again, and the loop then checks for signals and rescheduling
 * before re-entering. Nothing of the world switch state outlives one
 * entry, so the thread may migrate between host CPUs between entries.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/cputype.h>

#include "umbra.h"
#include "core/exception.h"
#include "core/vcpu_regs.h"

/* CPSR bits the guest controls in user mode: NZCVQ, IT, GE, E, T (B1.3.3). */
#define UMBRA_PSR_GUEST_BITS	0xfe0ffe20u

#define DEFINE_CP15_READ(name, crn, crm, op2)				\
static inline u32 read_##name(void)					\
{									\
	u32 v;								\
	asm volatile("mrc p15, 0, %0, " #crn ", " #crm ", " #op2	\
		     : "=r" (v));					\
	return v;							\
}

DEFINE_CP15_READ(dfsr, c5, c0, 0)
DEFINE_CP15_READ(ifsr, c5, c0, 1)
DEFINE_CP15_READ(dfar, c6, c0, 0)
DEFINE_CP15_READ(ifar, c6, c0, 2)

/* Enter the guest once; returns the vector offset it left through. */
static u32 umbra_vcpu_enter(struct umbra_vcpu *vcpu)
{
	u32 *slot = vcpu->slot;
	u32 phys[15], exc;

	umbra_regs_to_phys(&vcpu->regs, phys);
	memcpy(slot + SLOT_REGS / 4, phys, sizeof(phys));
	vcpu->host.spt_ttbr = umbra_mmu_select(vcpu)->l1_pa | umbra_ttb_flags();
	vcpu->host.guest_sctlr_a = vcpu->cp15.mmu.sctlr & UMBRA_SCTLR_A;
	slot[SLOT_PC / 4] = vcpu->regs.pc;
	slot[SLOT_CPSR / 4] = (vcpu->regs.cpsr & UMBRA_PSR_GUEST_BITS) |
			      UMBRA_PSR_MODE_USR;
	/* the monitor may change its A, I, F (vectors.S, mon_svc) */
	slot[SLOT_VCPSR / 4] = vcpu->regs.cpsr;
	slot[SLOT_FAST / 4] = !umbra_vcpu_has_pending_irq(vcpu);

	local_irq_disable();
	WRITE_ONCE(vcpu->cpu_in_guest, smp_processor_id());
	/*
	 * Pairs with umbra_mmu_unmap_all_others(): a request set before the
	 * store above is seen below; one set after it sees the CPU and kicks.
	 */
	smp_mb();
	if (READ_ONCE(vcpu->requests)) {
		WRITE_ONCE(vcpu->cpu_in_guest, -1);
		local_irq_enable();
		return UMBRA_EXC_NONE;
	}
	umbra_vfp_enter(vcpu);
	umbra_world_switch(&vcpu->host);
	umbra_vfp_exit(vcpu);
	exc = slot[SLOT_EXC / 4];
	if (exc == UMBRA_EXC_DABT) {
		vcpu->fsr = read_dfsr();
		vcpu->far = read_dfar();
	} else if (exc == UMBRA_EXC_PABT) {
		vcpu->fsr = read_ifsr();
		vcpu->far = read_ifar();
	}
	WRITE_ONCE(vcpu->cpu_in_guest, -1);
	local_irq_enable();

	memcpy(phys, slot + SLOT_REGS / 4, sizeof(phys));
	umbra_regs_from_phys(&vcpu->regs, phys);
	vcpu->regs.pc = slot[SLOT_PC / 4];
	vcpu->regs.cpsr = (slot[SLOT_VCPSR / 4] & ~UMBRA_PSR_GUEST_BITS) |
			  (slot[SLOT_CPSR / 4] & UMBRA_PSR_GUEST_BITS);
	return exc;
}

static bool umbra_vm_has_memory(struct umbra_vm *vm)
{
	int i;

	for (i = 0; i < UMBRA_MAX_MEMSLOTS; i++)
		if (vm->regions[i].used)
			return true;
	return false;
}

/*
 * UMBRA_RUN. Returns 0 with run->exit_reason set, -EINTR when a signal is
 * pending or immediate_exit is set (exit_reason UMBRA_EXIT_INTR), -ENOMEM
 * when shadow table memory ran out.
 */
static long umbra_vcpu_run(struct umbra_vcpu *vcpu)
{
	struct umbra_run *run = vcpu->run;
	struct umbra_vm *vm = vcpu->vm;
	u32 exc;
	int ret;

	umbra_complete_pending(vcpu);
	if (vcpu->shutdown) {
		run->exit_reason = UMBRA_EXIT_SHUTDOWN;
		run->shutdown.status = vcpu->shutdown_status;
		return 0;
	}
	mutex_lock(&vm->lock);
	vm->has_run = umbra_vm_has_memory(vm);
	mutex_unlock(&vm->lock);
	if (!vm->has_run) {
		run->exit_reason = UMBRA_EXIT_FAIL_ENTRY;
		run->fail_entry.hardware_entry_failure_reason =
			UMBRA_FAIL_ENTRY_NO_MEMORY;
		return 0;
	}

	for (;;) {
		if (READ_ONCE(run->immediate_exit) ||
		    signal_pending(current)) {
			run->exit_reason = UMBRA_EXIT_INTR;
			return -EINTR;
		}
		cond_resched();
		if (test_and_clear_bit(UMBRA_REQ_UNMAP_ALL, &vcpu->requests))
			umbra_mmu_unmap_all(vcpu);
		/* a kick is for a vCPU outside the guest: it is outside now */
		clear_bit(UMBRA_REQ_WAKEUP, &vcpu->requests);
		/*
		 * A virtual IRQ the GIC signals is taken when the virtual
		 * CPSR.I allows (B1.8.6); an unmask (hypercall, patched
		 * CPSIE, exception return) exits, so this runs again.
		 */
		if (!(vcpu->regs.cpsr & UMBRA_PSR_I) &&
		    umbra_vcpu_has_pending_irq(vcpu))
			umbra_inject_irq(vcpu);
		exc = umbra_vcpu_enter(vcpu);
		if (exc == UMBRA_EXC_NONE)
			continue;
		ret = umbra_handle_exit(vcpu, exc);
		if (ret != UMBRA_RESUME)
			return ret;
	}
}

static long umbra_vcpu_set_regs(struct umbra_vcpu *vcpu, void __user *argp)
{
	struct umbra_regs regs;
	int ret;

	if (copy_from_user(&regs, argp, sizeof(regs)))
		return -EFAULT;
	ret = umbra_regs_check(&regs);
	if (!ret)
		vcpu->regs = regs;
	return ret;
}

/*
 * UMBRA_GET/SET_ONE_REG: EFAULT (argument or value unreadable/unwritable),
 * ENOENT (no such register), EINVAL (not a CP15 id, or a read-only one).
 */
static long umbra_vcpu_one_reg(struct umbra_vcpu *vcpu, void __user *argp,
			       bool set)
{
	struct umbra_one_reg reg;
	u32 __user *uval;
	u32 val;
	int ret;

	if (copy_from_user(&reg, argp, sizeof(reg)))
		return -EFAULT;
	if (umbra_vfp_is_reg_id(reg.id) && reg.addr <= ULONG_MAX)
		return umbra_vfp_one_reg(vcpu, reg.id,
					 (void __user *)(unsigned long)reg.addr,
					 set);
	if ((reg.id & ~0xffffULL) != UMBRA_REG_CP15_BASE ||
	    reg.addr > ULONG_MAX)
		return -EINVAL;
	uval = (u32 __user *)(unsigned long)reg.addr;
	if (set) {
		if (get_user(val, uval))
			return -EFAULT;
		return umbra_cp15_set(vcpu, reg.id & 0xffff, val);
	}
	ret = umbra_cp15_get(vcpu, reg.id & 0xffff, &val);
	if (!ret && put_user(val, uval))
		ret = -EFAULT;
	return ret;
}

static long umbra_vcpu_ioctl(struct file *filp, unsigned int ioctl,
			     unsigned long arg)
{
	struct umbra_vcpu *vcpu = filp->private_data;
	void __user *argp = (void __user *)arg;
	long ret;

	if (mutex_lock_killable(&vcpu->lock))
		return -EINTR;
	switch (ioctl) {
	case UMBRA_RUN:
		ret = arg ? -EINVAL : umbra_vcpu_run(vcpu);
		break;
	case UMBRA_GET_REGS:
		ret = copy_to_user(argp, &vcpu->regs, sizeof(vcpu->regs)) ?
		      -EFAULT : 0;
		break;
	case UMBRA_SET_REGS:
		ret = umbra_vcpu_set_regs(vcpu, argp);
		break;
	case UMBRA_GET_ONE_REG:
	case UMBRA_SET_ONE_REG:
		ret = umbra_vcpu_one_reg(vcpu, argp, ioctl == UMBRA_SET_ONE_REG);
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&vcpu->lock);
	return ret;
}

static int umbra_vcpu_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct umbra_vcpu *vcpu = filp->private_data;

	if (vma->vm_pgoff || vma->vm_end - vma->vm_start != PAGE_SIZE)
		return -EINVAL;
	return vm_insert_page(vma, vma->vm_start, vcpu->run_page);
}

static int umbra_vcpu_release(struct inode *inode, struct file *filp)
{
	struct umbra_vcpu *vcpu = filp->private_data;
	struct umbra_vm *vm = vcpu->vm;

	mutex_lock(&vm->lock);
	vm->vcpus[vcpu->id] = NULL;
	mutex_unlock(&vm->lock);
	umbra_vgic_vcpu_gone(vm);	/* no kicker still holds it */
	umbra_mmu_destroy(vcpu);
	__free_page(vcpu->run_page);
	kvfree(vcpu);
	umbra_vm_put(vm);
	return 0;
}

static const struct file_operations umbra_vcpu_fops = {
	.owner = THIS_MODULE,
	.release = umbra_vcpu_release,
	.unlocked_ioctl = umbra_vcpu_ioctl,
	.mmap = umbra_vcpu_mmap,
	.llseek = noop_llseek,
};

static void umbra_vcpu_init_switch(struct umbra_vcpu *vcpu)
{
	struct umbra_vm *vm = vcpu->vm;
	struct umbra_host_ctx *h = &vcpu->host;

	BUILD_BUG_ON(offsetof(struct umbra_host_ctx, sp) != CTX_SP);
	BUILD_BUG_ON(offsetof(struct umbra_host_ctx, tpidruro) !=
		     CTX_TPIDRURO);
	BUILD_BUG_ON(offsetof(struct umbra_host_ctx, monitor_enter) !=
		     CTX_MONITOR_ENTER);
	BUILD_BUG_ON(sizeof(struct umbra_host_ctx) != CTX_SIZE);
	BUILD_BUG_ON(offsetof(struct umbra_host_ctx, guest_sctlr_a) !=
		     CTX_G_SCTLR_A);
	BUILD_BUG_ON(SLOT_SIZE * UMBRA_MAX_VCPUS > PAGE_SIZE);
	BUILD_BUG_ON(SLOT_FAST + 4 > SLOT_SIZE);
	BUILD_BUG_ON(UMBRA_HC_SET_CPSR_C !=
		     (MON_HC_SET_CPSR_C_HI | MON_HC_SET_CPSR_C_LO));

	vcpu->slot = page_address(vm->monitor_data) + vcpu->id * SLOT_SIZE;
	h->slot_kva = (u32)vcpu->slot;
	h->slot_fva = UMBRA_MONITOR_DATA_VA + vcpu->id * SLOT_SIZE;
	h->tramp_ttbr = umbra_trampoline_ttbr();
	h->guest_dacr = UMBRA_GUEST_DACR;
	h->monitor_enter = umbra_monitor_enter_va();
	vcpu->slot[SLOT_TRAMP_TTBR / 4] = h->tramp_ttbr;
	vcpu->slot[SLOT_HOST_CONT / 4] = (u32)umbra_host_continue;
	vcpu->slot[SLOT_HOST_CTX / 4] = (u32)h;
}

/**
 * umbra_create_vcpu() - UMBRA_CREATE_VCPU.
 * @vm: the VM
 * @id: vCPU id, 0 .. UMBRA_MAX_VCPUS - 1
 *
 * The vCPU starts in SVC mode with A, I and F masked and every other
 * register zero, like a reset (ARM ARM B1.9.1).
 * Return: a new vCPU file descriptor; -EINVAL for a bad @id; -EEXIST when
 * @id exists; -ENOMEM; -EMFILE/-ENFILE.
 */
int umbra_create_vcpu(struct umbra_vm *vm, unsigned long id)
{
	struct umbra_vcpu *vcpu;
	int fd;

	if (id >= UMBRA_MAX_VCPUS)
		return -EINVAL;
	vcpu = kvzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);
	if (!vcpu)
		return -ENOMEM;
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->cpu_in_guest = -1;
	vcpu->run_page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!vcpu->run_page || umbra_mmu_init(vcpu)) {
		if (vcpu->run_page)
			__free_page(vcpu->run_page);
		kvfree(vcpu);
		return -ENOMEM;
	}
	vcpu->run = page_address(vcpu->run_page);
	mutex_init(&vcpu->lock);
	init_waitqueue_head(&vcpu->wfi_wq);
	vcpu->regs.cpsr = UMBRA_PSR_MODE_SVC | UMBRA_PSR_A | UMBRA_PSR_I |
			  UMBRA_PSR_F;
	umbra_cp15_reset(&vcpu->cp15);

	mutex_lock(&vm->lock);
	if (vm->vcpus[id]) {
		fd = -EEXIST;
		goto err_unlock;
	}
	umbra_vcpu_init_switch(vcpu);
	kref_get(&vm->kref);
	fd = anon_inode_getfd("umbra-vcpu", &umbra_vcpu_fops, vcpu,
			      O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		umbra_vm_put(vm);	/* never the last: the VM fd is open */
		goto err_unlock;
	}
	vm->vcpus[id] = vcpu;
	mutex_unlock(&vm->lock);
	return fd;

err_unlock:
	mutex_unlock(&vm->lock);
	umbra_mmu_destroy(vcpu);
	__free_page(vcpu->run_page);
	kvfree(vcpu);
	return fd;
}
