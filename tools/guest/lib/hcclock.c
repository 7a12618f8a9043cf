// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: the clocks of a bare guest, read with hypercalls.
 *
 * A guest kernel (virtual PL1) can make hypercalls; a program under the
 * SDK kernel cannot and uses tools/guest/user/sysclock.c instead.
 */
#include <umbra/hypercall.h>
#include <umbra/time.h>

uint64_t umbra_clock_ns(void)
{
	return umbra_hc_clock();
}

uint64_t umbra_wallclock_ns(void)
{
	return umbra_hc_wallclock();
}
