// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the VM's virtual GICv2 (UMBRA_CREATE_IRQCHIP) and the
 * device bus's interrupt lines (UMBRA_IRQ_LINE).
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "irqchip.h"
#include "vmm.h"

static int irq_line(void *opaque, uint32_t irq, int level)
{
	struct vm *vm = opaque;
	struct umbra_irq_level l = { .irq = irq, .level = level };

	return ioctl(vm->vm_fd, UMBRA_IRQ_LINE, &l) < 0 ? -errno : 0;
}

/**
 * irqchip_setup() - give the VM a virtual GICv2 if the module has one
 * @vm:      the VM, created, not yet run
 * @present: set to whether the VM now has an interrupt controller
 * @error:   return location for a VMM_ERROR
 *
 * If UMBRA_CHECK_EXTENSION(UMBRA_CAP_IRQCHIP) is positive, creates the
 * GICv2 with its distributor at VMM_GICD_BASE and CPU interface at
 * VMM_GICC_BASE (QEMU virt's IPAs), VMM_GIC_NR_IRQS interrupt IDs, and
 * routes the device bus's interrupt lines to UMBRA_IRQ_LINE. Otherwise
 * devices work polled only.
 *
 * Return: TRUE; FALSE with @error naming the ioctl if UMBRA_CREATE_IRQCHIP
 * fails although the capability is there.
 */
gboolean irqchip_setup(struct vm *vm, gboolean *present, GError **error)
{
	struct umbra_irqchip chip = {
		.dist_base = VMM_GICD_BASE,
		.cpu_base = VMM_GICC_BASE,
		.nr_irqs = VMM_GIC_NR_IRQS,
	};

	*present = FALSE;
	if (ioctl(vm->dev_fd, UMBRA_CHECK_EXTENSION, UMBRA_CAP_IRQCHIP) <= 0)
		return TRUE;
	if (ioctl(vm->vm_fd, UMBRA_CREATE_IRQCHIP, &chip) < 0) {
		g_set_error(error, VMM_ERROR, VMM_ERROR_DEVICE,
			    "%s: UMBRA_CREATE_IRQCHIP (GICD 0x%08llx, GICC 0x%08llx, %u IRQs): %s",
			    vm->dev_path, (unsigned long long)chip.dist_base,
			    (unsigned long long)chip.cpu_base, chip.nr_irqs,
			    g_strerror(errno));
		return FALSE;
	}
	vm->devices.set_irq = irq_line;
	vm->devices.irq_opaque = vm;
	*present = TRUE;
	return TRUE;
}
