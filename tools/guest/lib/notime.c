// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: clocks and entropy for newlib, none implemented.
 *
 * The hypercall ABI has no clock or random source yet, so time() and
 * clock() return -1 rather than a made-up value.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/time.h>
#include <sys/times.h>

#include "glue.h"

/**
 * _times() - process times, not implemented; clock() uses it
 * @buf: ignored
 *
 * Return: (clock_t)-1 with errno ENOSYS.
 */
clock_t _times(struct tms *buf)
{
	(void)buf;
	errno = ENOSYS;
	return (clock_t)-1;
}

/**
 * _gettimeofday() - wall-clock time, not implemented; time() uses it
 * @tv: ignored
 * @tz: ignored
 *
 * Return: -1 with errno ENOSYS.
 */
int _gettimeofday(struct timeval *tv, void *tz)
{
	(void)tv;
	(void)tz;
	errno = ENOSYS;
	return -1;
}

/**
 * getentropy() - random bytes, not implemented; arc4random() uses it
 * @buf: ignored
 * @len: ignored
 *
 * Return: -1 with errno ENOSYS.
 */
int getentropy(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}
