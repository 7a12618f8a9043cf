/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: definitions shared by every part of the VMM.
 *
 * Exit status of the umbra-vmm process (also in the --help text):
 *
 *   0-124    the guest's own status: UMBRA_HC_SHUTDOWN's r1, truncated to
 *            its low 8 bits (so a guest status of 125 or more shows up as
 *            that number too; only the guest can tell them apart)
 *   2        usage or configuration error: bad option or argument, bad or
 *            unloadable guest image
 *   125      VMM or host failure: /dev/umbra missing or refusing an ioctl,
 *            out of memory, a vCPU exit the VMM cannot handle (MMIO with no
 *            device, internal error, failed entry, unknown exit)
 *   130, 143 stopped by SIGINT or SIGTERM (128 + signal number)
 */
#ifndef UMBRA_VMM_H
#define UMBRA_VMM_H

#include <glib.h>

#ifndef VERSION
#define VERSION "0.1"
#endif

#define VMM_NAME		"umbra-vmm"

#define VMM_EXIT_USAGE		2
#define VMM_EXIT_FAILURE	125
#define VMM_EXIT_SIGNAL_BASE	128

/* Default guest RAM, per the guest boot protocol. */
#define VMM_DEFAULT_RAM_BASE	0x40000000ull
/* The virtual GICv2, as on QEMU's virt board (vm.c) */
#define VMM_GICD_BASE		0x08000000ull
#define VMM_GICC_BASE		0x08010000ull
#define VMM_GIC_NR_IRQS		64
#define VMM_DEFAULT_RAM_SIZE	(64ull << 20)

/* Guest and host page size: ARMv7 small pages. */
#define VMM_PAGE_SIZE		4096ull

/* GError domain for host and hypervisor failures (exit status 125). */
#define VMM_ERROR		(vmm_error_quark())
GQuark vmm_error_quark(void);

/**
 * enum vmm_error_code - codes in the VMM_ERROR domain
 * @VMM_ERROR_HOST:	a host system call failed (errno in the message)
 * @VMM_ERROR_DEVICE:	/dev/umbra refused an ioctl or returned nonsense
 */
enum vmm_error_code {
	VMM_ERROR_HOST,
	VMM_ERROR_DEVICE,
};

#endif /* UMBRA_VMM_H */
