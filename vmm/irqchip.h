/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: the VM's virtual GICv2, when the module has one.
 */
#ifndef UMBRA_VMM_IRQCHIP_H
#define UMBRA_VMM_IRQCHIP_H

#include "vm.h"

/* Guest IPA layout of QEMU's virt board. */
#define VMM_GICD_BASE		0x08000000ull
#define VMM_GICC_BASE		0x08010000ull
#define VMM_GIC_NR_IRQS		64	/* SPIs 32-63 */
#define VMM_UART0_BASE		0x09000000ull
#define VMM_UART0_SPI		33

gboolean irqchip_setup(struct vm *vm, gboolean *present, GError **error);

#endif /* UMBRA_VMM_IRQCHIP_H */
