/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: hypercalls the module forwards to the VMM
 * (UMBRA_EXIT_HYPERCALL).
 */
#ifndef UMBRA_VMM_HYPERCALL_H
#define UMBRA_VMM_HYPERCALL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/umbra.h>

#include "guest_mem.h"

/**
 * struct hypercall_ctx - what hypercall handlers may use
 * @ram:    guest RAM, for buffers passed by IPA
 * @in_fd:  host file descriptor behind UMBRA_HC_CONSOLE_READ (normally 0)
 * @out_fd: host file descriptor behind UMBRA_HC_CONSOLE_WRITE (normally 1)
 * @stop:   set nonzero by a signal handler when the VMM must stop; a
 *          handler blocked in read() or write() then gives up
 * @out:    if set, UMBRA_HC_CONSOLE_WRITE hands the bytes to it instead
 *          of writing @out_fd (a guest's console multiplexed on stdout)
 * @out_opaque: its first argument
 */
struct hypercall_ctx {
	const struct guest_ram *ram;
	int in_fd;
	int out_fd;
	const volatile sig_atomic_t *stop;
	void (*out)(void *opaque, const uint8_t *buf, size_t len);
	void *out_opaque;
};

void hypercall_handle(const struct hypercall_ctx *ctx, struct umbra_run *run);

#endif /* UMBRA_VMM_HYPERCALL_H */
