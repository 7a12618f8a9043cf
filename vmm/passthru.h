/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: a host device handed to the guest (passthrough). The host
 * side is a UIO device (uio_pdrv_genirq): its map0, the device's
 * registers, becomes a UMBRA_MEM_DEVICE region at a chosen IPA, and its
 * interrupt is forwarded to a chosen SPI of the virtual GIC through an
 * irqfd with a resample eventfd. See Documentation/user-guide.rst.
 */
#ifndef UMBRA_VMM_PASSTHRU_H
#define UMBRA_VMM_PASSTHRU_H

#include <pthread.h>
#include <stdint.h>

#include <glib.h>

struct vm;

/**
 * struct passthru - one assigned device
 * @name:        the UIO device's name, "uio0"
 * @ipa:         where the guest sees its registers (page aligned)
 * @spi:         the guest interrupt its interrupt becomes (32 ..), or 0:
 *               registers only
 * @pa:          host physical address of map0
 * @size:        bytes mapped (map0's size rounded up to pages)
 * @uio_fd:      /dev/@name, or -1
 * @regs:        the VMM's mapping of map0, or NULL
 * @irq_fd:      the irqfd (an eventfd bound to @spi), or -1
 * @resample_fd: its resample eventfd, or -1
 * @stop_fd:     an eventfd that stops the forwarding thread, or -1
 * @thread:      the forwarding thread (passthru_forward())
 * @running:     @thread was started
 * @forwarded:   host interrupts forwarded so far (the thread's count)
 */
struct passthru {
	char *name;
	uint64_t ipa;
	uint32_t spi;
	uint64_t pa;
	size_t size;
	int uio_fd;
	void *regs;
	int irq_fd;
	int resample_fd;
	int stop_fd;
	pthread_t thread;
	gboolean running;
	uint64_t forwarded;
};

void passthru_init(struct passthru *pt);
gboolean passthru_parse(const char *spec, struct passthru *pt,
			GError **error);
gboolean passthru_check_distinct(struct passthru *pts, unsigned int n,
				 GError **error);
gboolean passthru_open(struct passthru *pt, const char *sysfs_root,
		       const char *dev_root, GError **error);
gboolean passthru_attach(struct passthru *pt, struct vm *vm,
			 uint32_t slot, GError **error);
gboolean passthru_start(struct passthru *pt, struct vm *vm, GError **error);
int passthru_forward_step(int uio_fd, int irq_fd, int resample_fd,
			  int stop_fd, uint64_t *forwarded);
void passthru_destroy(struct passthru *pt);

#endif /* UMBRA_VMM_PASSTHRU_H */
