/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: a flattened device tree per guest, written with libfdt.
 */
#ifndef UMBRA_VMM_DT_H
#define UMBRA_VMM_DT_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "system.h"

/* The compatible of a shared region's /reserved-memory node. */
#define DT_SHARED_COMPATIBLE	"umbra,shared-region"
/* Path of the UART node, /chosen stdout-path. */
#define DT_UART_PATH		"/pl011@9000000"
/* Fixed phandles. */
#define DT_PHANDLE_GIC		1
#define DT_PHANDLE_CLK		2
/* The PL011's reference clock (Hz), as QEMU's virt board. */
#define DT_UART_CLOCK_HZ	24000000

void *dt_build(const struct system *sys, guint guest, uint64_t initrd,
	       uint64_t initrd_size, size_t *size, GError **error);

#endif /* UMBRA_VMM_DT_H */
