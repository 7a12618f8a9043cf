/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: the two clocks behind times(), clock() and
 * gettimeofday().
 *
 * A bare guest reads them with hypercalls (UMBRA_HC_CLOCK and
 * UMBRA_HC_WALLCLOCK); a program under the SDK kernel with its system
 * calls (SYS_CLOCK, SYS_WALLCLOCK), which the kernel turns into the same
 * hypercalls. See Documentation/guest-sdk.rst.
 */
#ifndef _UMBRA_GUEST_TIME_H
#define _UMBRA_GUEST_TIME_H

#include <stdint.h>

/**
 * umbra_clock_ns() - the virtual clock
 *
 * Monotonic; keeps counting while the guest does not run.
 *
 * Return: nanoseconds since the VM was created.
 */
uint64_t umbra_clock_ns(void);

/**
 * umbra_wallclock_ns() - the host's wall clock, read now
 *
 * An exit to the VMM every call; may jump when the host's time is set.
 * gettimeofday() reads it once only.
 *
 * Return: nanoseconds since the Epoch (1970-01-01 00:00:00 UTC).
 */
uint64_t umbra_wallclock_ns(void);

#endif /* _UMBRA_GUEST_TIME_H */
