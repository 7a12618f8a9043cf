/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: the device bus's interrupt lines on the VM's virtual GICv2.
 */
#ifndef UMBRA_VMM_IRQCHIP_H
#define UMBRA_VMM_IRQCHIP_H

#include "vm.h"

/* The PL011, as on QEMU's virt board (the GIC's IPAs are in vmm.h). */
#define VMM_UART0_BASE		0x09000000ull
#define VMM_UART0_SPI		33

gboolean irqchip_setup(struct vm *vm, gboolean *present, GError **error);

#endif /* UMBRA_VMM_IRQCHIP_H */
