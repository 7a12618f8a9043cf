// SPDX-License-Identifier: GPL-2.0
/*
 * The VM's virtual GICv2 (UMBRA_CREATE_IRQCHIP, UMBRA_IRQ_LINE): the
 * model of core/vgic.c behind one spinlock per VM, its distributor and
 * CPU interface frames emulated on the guest's data aborts (no exit to
 * userspace), and the kicks that bring a vCPU to a newly signalled
 * interrupt. Documentation/design.rst, "Virtual interrupt controller".
 *
 * Locking: &umbra_vgic_dev.lock (irqsave: any context may raise a line)
 * protects the model; it nests inside an eventfd's wait-queue lock
 * (irqfd wake-ups) and outside a vCPU's wait-queue lock (kicks).
 * vm->vgic is published once (smp_store_release) and freed with the VM.
 */
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include "umbra.h"
#include "core/vgic.h"

/**
 * struct umbra_vgic_dev - a VM's virtual GIC.
 * @lock:      protects @gic
 * @dist_base: IPA of the distributor frame (UMBRA_VGIC_DIST_SIZE bytes)
 * @cpu_base:  IPA of the CPU interface frame (UMBRA_VGIC_CPU_SIZE bytes)
 * @gic:       the model
 */
struct umbra_vgic_dev {
	spinlock_t lock;
	u32 dist_base, cpu_base;
	struct umbra_vgic gic;
};

static struct umbra_vgic_dev *umbra_vgic_get(struct umbra_vm *vm)
{
	/* pairs with umbra_vgic_create(): a GIC seen is initialised */
	return smp_load_acquire(&vm->vgic);
}

/**
 * umbra_vgic_present() - does the VM have a virtual GIC?
 * @vm: the VM
 *
 * Return: true after a successful UMBRA_CREATE_IRQCHIP.
 */
bool umbra_vgic_present(struct umbra_vm *vm)
{
	return umbra_vgic_get(vm);
}

/* Kick every vCPU but @self the GIC now signals; lock held. */
static void umbra_vgic_kick_signalled(struct umbra_vm *vm,
				      struct umbra_vgic_dev *d,
				      struct umbra_vcpu *self)
{
	struct umbra_vcpu *v;
	int i;

	for (i = 0; i < UMBRA_MAX_VCPUS; i++) {
		v = READ_ONCE(vm->vcpus[i]);
		if (v && v != self && umbra_vgic_signalled(&d->gic, i))
			umbra_vcpu_kick(v);
	}
}

/**
 * umbra_vgic_set_level() - drive an interrupt line of the VM's GIC.
 * @vm:      the VM
 * @vcpu_id: for a PPI, the vCPU whose PPI it is; ignored for an SPI
 * @intid:   16 .. 31 (PPI) or 32 .. nr_irqs - 1 (SPI)
 * @level:   asserted
 *
 * Any context (hardirq, hrtimer, an eventfd wake-up): the model's lock
 * is taken with interrupts saved. A vCPU the GIC then signals is kicked
 * (umbra_vcpu_kick()), out of WFI or out of the guest.
 *
 * Return: 0; -ENXIO when the VM has no irqchip; -EINVAL for an SGI, an
 * ID beyond nr_irqs, or a PPI of a vCPU id out of range.
 */
int umbra_vgic_set_level(struct umbra_vm *vm, u32 vcpu_id, u32 intid,
			 bool level)
{
	struct umbra_vgic_dev *d = umbra_vgic_get(vm);
	unsigned long flags;
	int ret;

	if (!d)
		return -ENXIO;
	if (intid < 32 && vcpu_id >= UMBRA_MAX_VCPUS)
		return -EINVAL;
	spin_lock_irqsave(&d->lock, flags);
	ret = umbra_vgic_line(&d->gic, vcpu_id, intid, level);
	if (!ret && level)
		umbra_vgic_kick_signalled(vm, d, NULL);
	spin_unlock_irqrestore(&d->lock, flags);
	return ret;
}

/**
 * umbra_vgic_raise() - make an SPI pending once, as an edge would, even
 * if it is level-sensitive (an irqfd without resampling): pending until
 * the guest acknowledges it (IHI 0048B 4.3.7, as a GICD_ISPENDRn write).
 * @vm:    the VM
 * @intid: the SPI, 32 .. nr_irqs - 1
 *
 * Any context, as umbra_vgic_set_level().
 *
 * Return: 0; -ENXIO (no irqchip); -EINVAL (not an SPI below nr_irqs).
 */
int umbra_vgic_raise(struct umbra_vm *vm, u32 intid)
{
	struct umbra_vgic_dev *d = umbra_vgic_get(vm);
	unsigned long flags;
	int ret;

	if (!d)
		return -ENXIO;
	if (intid < 32)
		return -EINVAL;
	spin_lock_irqsave(&d->lock, flags);
	ret = umbra_vgic_latch(&d->gic, 0, intid);
	if (!ret)
		umbra_vgic_kick_signalled(vm, d, NULL);
	spin_unlock_irqrestore(&d->lock, flags);
	return ret;
}

/**
 * umbra_vgic_pending() - does the GIC signal an IRQ to this vCPU: a
 * pending, enabled interrupt of sufficient priority for its CPU
 * interface (IHI 0048B 3.2.1), whatever the vCPU's CPSR.I?
 * @vcpu: the vCPU
 *
 * Return: the answer; false without an irqchip.
 */
bool umbra_vgic_pending(struct umbra_vcpu *vcpu)
{
	struct umbra_vgic_dev *d = umbra_vgic_get(vcpu->vm);
	unsigned long flags;
	bool ret;

	if (!d)
		return false;
	spin_lock_irqsave(&d->lock, flags);
	ret = umbra_vgic_signalled(&d->gic, vcpu->id);
	spin_unlock_irqrestore(&d->lock, flags);
	return ret;
}

/**
 * umbra_vgic_vcpu_gone() - wait until no kicker can still be using a
 * vCPU that was just removed from vm->vcpus.
 * @vm: the VM
 */
void umbra_vgic_vcpu_gone(struct umbra_vm *vm)
{
	struct umbra_vgic_dev *d = umbra_vgic_get(vm);

	if (d) {
		spin_lock_irq(&d->lock);
		spin_unlock_irq(&d->lock);
	}
}

/**
 * umbra_vgic_mmio() - emulate a guest access to the GIC frames.
 * @vcpu:     the vCPU making it, outside the guest
 * @ipa:      the IPA accessed
 * @len:      bytes: 1, 2 or 4
 * @is_write: a store
 * @val:      the data (little-endian bus order, the low @len bytes):
 *            in for a store, out for a load
 *
 * Resampling irqfds of SPIs the access deactivated are signalled, and
 * other vCPUs the GIC now signals (an SGI) are kicked.
 *
 * Return: true when @ipa is in a GIC frame and the access was emulated;
 * false when it is not the GIC's (an MMIO exit to userspace).
 */
bool umbra_vgic_mmio(struct umbra_vcpu *vcpu, u32 ipa, u32 len,
		     bool is_write, u32 *val)
{
	struct umbra_vgic_dev *d = umbra_vgic_get(vcpu->vm);
	u32 deact[UMBRA_VGIC_WORDS], off;
	bool dist, any = false;
	int i;

	if (!d)
		return false;
	if (ipa - d->dist_base < UMBRA_VGIC_DIST_SIZE) {
		dist = true;
		off = ipa - d->dist_base;
	} else if (ipa - d->cpu_base < UMBRA_VGIC_CPU_SIZE) {
		dist = false;
		off = ipa - d->cpu_base;
	} else {
		return false;
	}
	spin_lock_irq(&d->lock);
	if (dist && is_write)
		umbra_vgic_dist_write(&d->gic, vcpu->id, off, len, *val);
	else if (dist)
		*val = umbra_vgic_dist_read(&d->gic, vcpu->id, off, len);
	else if (is_write)
		umbra_vgic_cpu_write(&d->gic, vcpu->id, off, len, *val);
	else
		*val = umbra_vgic_cpu_read(&d->gic, vcpu->id, off, len);
	for (i = 0; i < UMBRA_VGIC_WORDS; i++) {
		deact[i] = d->gic.deactivated[i];
		d->gic.deactivated[i] = 0;
		any |= deact[i] != 0;
	}
	if (is_write)
		umbra_vgic_kick_signalled(vcpu->vm, d, vcpu);
	spin_unlock_irq(&d->lock);
	for (i = 0; any && i < UMBRA_VGIC_WORDS * 32; i++)
		if (deact[i / 32] & (1u << (i % 32)))
			umbra_irqfd_resampled(vcpu->vm, i);
	return true;
}

/**
 * umbra_vgic_resample() - make an SPI's deactivation deassert its line
 * and signal its resampling irqfds (umbra_irqfd_resampled()).
 * @vm:    the VM, with an irqchip
 * @intid: the SPI
 * @on:    with (true) or without resampling
 */
void umbra_vgic_resample(struct umbra_vm *vm, u32 intid, bool on)
{
	struct umbra_vgic_dev *d = umbra_vgic_get(vm);
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	umbra_vgic_set_resample(&d->gic, intid, on);
	spin_unlock_irqrestore(&d->lock, flags);
}

/**
 * umbra_vgic_nr_irqs() - interrupt IDs of the VM's GIC.
 * @vm: the VM
 *
 * Return: nr_irqs of UMBRA_CREATE_IRQCHIP, 0 without an irqchip.
 */
u32 umbra_vgic_nr_irqs(struct umbra_vm *vm)
{
	struct umbra_vgic_dev *d = umbra_vgic_get(vm);

	return d ? d->gic.nr_irqs : 0;
}

/**
 * umbra_vgic_overlaps() - does an IPA range overlap a GIC frame?
 * @vm:   the VM; called with vm->lock held
 * @ipa:  first IPA
 * @size: bytes
 *
 * Return: true on overlap.
 */
bool umbra_vgic_overlaps(struct umbra_vm *vm, u64 ipa, u64 size)
{
	struct umbra_vgic_dev *d = vm->vgic;

	if (!d)
		return false;
	return (ipa < (u64)d->dist_base + UMBRA_VGIC_DIST_SIZE &&
		d->dist_base < ipa + size) ||
	       (ipa < (u64)d->cpu_base + UMBRA_VGIC_CPU_SIZE &&
		d->cpu_base < ipa + size);
}

static bool umbra_frame_ok(u64 base, u64 size)
{
	return !(base & (UMBRA_VGIC_DIST_SIZE - 1)) &&
	       base + size <= (1ULL << 32);
}

/**
 * umbra_vgic_create() - UMBRA_CREATE_IRQCHIP.
 * @vm:   the VM
 * @argp: struct umbra_irqchip
 *
 * Return: 0; -EFAULT (argument unreadable); -EINVAL (nonzero flags,
 * frames not 4 KiB aligned, beyond 4 GiB, overlapping each other or a
 * memory region, bad nr_irqs); -EEXIST (already has one); -EBUSY (a
 * vCPU has run); -ENOMEM.
 */
int umbra_vgic_create(struct umbra_vm *vm, void __user *argp)
{
	struct umbra_irqchip ic;
	struct umbra_vgic_dev *d;
	int ret;

	if (copy_from_user(&ic, argp, sizeof(ic)))
		return -EFAULT;
	if (ic.flags || !umbra_frame_ok(ic.dist_base, UMBRA_VGIC_DIST_SIZE) ||
	    !umbra_frame_ok(ic.cpu_base, UMBRA_VGIC_CPU_SIZE) ||
	    (ic.dist_base < ic.cpu_base + UMBRA_VGIC_CPU_SIZE &&
	     ic.cpu_base < ic.dist_base + UMBRA_VGIC_DIST_SIZE))
		return -EINVAL;
	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (!d)
		return -ENOMEM;
	spin_lock_init(&d->lock);
	d->dist_base = ic.dist_base;
	d->cpu_base = ic.cpu_base;
	ret = umbra_vgic_init(&d->gic, ic.nr_irqs, UMBRA_MAX_VCPUS);
	if (ret)
		goto err;

	mutex_lock(&vm->lock);
	if (vm->vgic)
		ret = -EEXIST;
	else if (vm->has_run)
		ret = -EBUSY;
	else if (umbra_region_overlaps(vm, ic.dist_base,
				       UMBRA_VGIC_DIST_SIZE) ||
		 umbra_region_overlaps(vm, ic.cpu_base, UMBRA_VGIC_CPU_SIZE))
		ret = -EINVAL;
	else
		smp_store_release(&vm->vgic, d);	/* after its init */
	mutex_unlock(&vm->lock);
	if (!ret)
		return 0;
err:
	kfree(d);
	return ret;
}

/**
 * umbra_vgic_irq_line() - UMBRA_IRQ_LINE.
 * @vm:   the VM
 * @argp: struct umbra_irq_level
 *
 * Return: 0; -EFAULT; -ENXIO (no irqchip); -EINVAL (an SGI, an ID beyond
 * nr_irqs, a vCPU field on an SPI, a PPI of a vCPU that does not exist,
 * a level other than 0 or 1).
 */
int umbra_vgic_irq_line(struct umbra_vm *vm, void __user *argp)
{
	struct umbra_irq_level il;
	u32 intid, vcpu_id;

	if (copy_from_user(&il, argp, sizeof(il)))
		return -EFAULT;
	if (!umbra_vgic_present(vm))
		return -ENXIO;
	intid = il.irq & 0xffff;
	vcpu_id = il.irq >> 16;
	if (il.level > 1 || intid < 16 || (intid >= 32 && vcpu_id))
		return -EINVAL;
	if (intid < 32 && (vcpu_id >= UMBRA_MAX_VCPUS ||
			   !READ_ONCE(vm->vcpus[vcpu_id])))
		return -EINVAL;
	return umbra_vgic_set_level(vm, vcpu_id, intid, il.level);
}

/**
 * umbra_vgic_destroy() - free the VM's GIC, with the VM.
 * @vm: the VM; no vCPU, irqfd or timer can reach the GIC any more
 */
void umbra_vgic_destroy(struct umbra_vm *vm)
{
	kfree(vm->vgic);
	vm->vgic = NULL;
}
