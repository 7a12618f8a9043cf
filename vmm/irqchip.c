// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the device bus's interrupt lines (UMBRA_IRQ_LINE) on the
 * VM's virtual GICv2, which vm_create() makes when the module has one.
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
 * irqchip_setup() - route the device bus's interrupt lines to the VM's GIC
 * @vm:      the VM, created by vm_create()
 * @present: set to whether the VM has an interrupt controller
 * @error:   return location for a VMM_ERROR (unused: cannot fail today)
 *
 * With the GICv2 vm_create() gave the VM (distributor at VMM_GICD_BASE,
 * CPU interface at VMM_GICC_BASE), device interrupts become
 * UMBRA_IRQ_LINE calls; without one devices work polled only.
 *
 * Return: TRUE.
 */
gboolean irqchip_setup(struct vm *vm, gboolean *present, GError **error)
{
	*present = vm->irqchip;
	if (vm->irqchip) {
		vm->devices.set_irq = irq_line;
		vm->devices.irq_opaque = vm;
	}
	return TRUE;
}
