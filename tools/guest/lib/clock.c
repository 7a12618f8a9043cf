// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: times(), clock() and gettimeofday() for newlib.
 *
 * Both are built on umbra_clock_ns(), the virtual clock: nanoseconds of
 * the host's CLOCK_MONOTONIC since the VM was created. gettimeofday() adds
 * the wall-clock time read once, at its first call, from
 * umbra_wallclock_ns() (the host's CLOCK_REALTIME): later calls cost no
 * exit to the VMM, never go backwards, and follow the host's time up to
 * the drift between its monotonic and real-time clocks.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <umbra/time.h>

#include "glue.h"

#define NSEC_PER_SEC	1000000000ull
#define NSEC_PER_USEC	1000ull

/* Wall-clock time and virtual clock at the first gettimeofday(). */
static uint64_t wall_base_ns, clock_base_ns;
static int have_base;

/**
 * _times() - process times; clock() uses it
 * @buf: filled with the times in clock ticks (CLOCKS_PER_SEC, 100 Hz)
 *
 * A guest is one process and the virtual clock cannot tell when it ran,
 * so tms_utime is the whole virtual clock (time since the VM was created,
 * the guest's own "boot") and the system and children's times are 0;
 * clock() therefore returns elapsed, not CPU, time.
 *
 * Return: the virtual clock in clock ticks (it wraps, as clock_t does).
 */
clock_t _times(struct tms *buf)
{
	clock_t ticks = (clock_t)(umbra_clock_ns() /
				  (NSEC_PER_SEC / CLOCKS_PER_SEC));

	if (buf) {
		buf->tms_utime = ticks;
		buf->tms_stime = 0;
		buf->tms_cutime = 0;
		buf->tms_cstime = 0;
	}
	return ticks;
}

/**
 * _gettimeofday() - wall-clock time; time() uses it
 * @tv: filled with seconds and microseconds since the Epoch (may be NULL)
 * @tz: ignored (obsolete); time zones are UTC
 *
 * Return: 0.
 */
int _gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t now = umbra_clock_ns();
	uint64_t ns;

	(void)tz;
	if (!have_base) {
		wall_base_ns = umbra_wallclock_ns();
		clock_base_ns = umbra_clock_ns();
		now = clock_base_ns;
		have_base = 1;
	}
	ns = wall_base_ns + (now - clock_base_ns);
	if (tv) {
		tv->tv_sec = (time_t)(ns / NSEC_PER_SEC);
		tv->tv_usec = (suseconds_t)(ns % NSEC_PER_SEC / NSEC_PER_USEC);
	}
	return 0;
}
